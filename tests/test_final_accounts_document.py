"""安阳 2023 部门决算 as one document (seed 001): its parts in the published order, the 情况说明's
thirteen sections computed from the tables, and the empty-table notes only under empty tables."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import ROOT, SPECS, run

FOLDER = SPECS / "anyang-2023"
PACKAGE = FOLDER / "安阳市公安局2023年度部门决算.yaml"
SEED = ROOT / "tests" / "data" / "seeds" / "001_7b965f48d387d85a.txt"
EMPTY_NOTE = "说明：我部门没有国有资本经营收入，也没有使用国有资本经营安排的支出，故本表无数据。"


def _paragraphs(path: Path) -> list[str]:
    body = docx.Document(path).element.body
    return [t for t in ("".join(x.text or "" for x in p.iter(qn("w:t"))).strip() for p in body.iter(qn("w:p"))) if t]


def _seed_headings(first: int, last: int) -> list[str]:
    """The seed's section headings 一、… in lines first…last (the seed's own text, not ours)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()[first - 1:last]
    return [ln.strip() for ln in lines if re.match(r"^[一二三四五六七八九十]+、\S+说明$", ln.strip())]


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    out = tmp_path_factory.mktemp("public")
    result = run("build", str(PACKAGE), "--out", str(out), "--format", "docx", "--public")
    assert result.exit_code == 0, result.output
    return _paragraphs(out / f"{PACKAGE.stem}.docx")


def test_the_parts_follow_the_published_order(public):
    order = ["第一部分 安阳市公安局概况", "一、部门职责", "二、机构设置", "14. 安阳市第一强制隔离戒毒所",
             "第二部分 2023 年度部门决算表", "收入支出决算总表", "财政拨款“三公”经费支出决算表",
             "部门整体支出绩效自评情况表", "项目支出绩效自评情况表",
             "第三部分 2023 年度部门决算情况说明", *_seed_headings(1796, 2002),
             "第四部分 名词解释", "一、财政拨款收入：单位从同级政府财政部门取得的财政预算资金。"]
    assert len(order) == 10 + 13 + 2
    position = public.index("目录")
    for text in order:
        position = public.index(text, position + 1)  # each one after the one before (ValueError if not)
    assert public[-1].startswith("十八、机关运行经费：")


def test_every_section_figure_comes_from_the_tables(public):
    text = "\n".join(public)
    for figure in [
        "财政拨款收、支总计均为 84,936.39 万元。与上年度相比，财政拨款收、支总计各增加 4,798.57 万元，增长 5.99%",
        "一般公共预算财政拨款支出增加 4,401.66 万元，增长 5.72%",
        "年初预算为 69,930.42 万元，支出决算为 81,315.03 万元，完成年初预算的 116.28%",
        "公安（款）信息化建设（项）年初预算为 59.00 万元，支出决算为 336.73 万元，完成年初预算的 570.73%",
        "公安（款）其他公安支出（项）年初预算为 0.00 万元，支出决算为 4,491.82 万元，决算数与年初预算数",
        "基本支出 76,238.99 万元。其中：人员经费 66,282.80 万元",
        "公用经费 9,956.18 万元",
        "支出决算为 3,621.36 万元，完成年初预算的 43.87%",
        "我部门 2023 年没有使用国有资本经营预算财政拨款安排的支出。",
        "公务用车购置支出 614.47 万元", "公务用车运行维护支出 904.82 万元",
        "共有车辆 862 辆",
        "实际到位资金 87,277.34 万元",  # the seed's 87,277.33 is E-001-06
        "部门绩效自评得分 98.13 分",
    ]:
        assert figure in text, figure


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "anyang-2023"
    shutil.copytree(FOLDER, folder)
    return folder


def _only_08(folder: Path, rows: str) -> Path:
    """A package of the one table 公开08 (no cross-table relations to keep) with these CSV rows."""
    (folder / "决算" / "公开08.csv").write_text("科目代码,科目名称,合计,基本支出,项目支出\n" + rows, encoding="utf-8")
    package = folder / "只有公开08.yaml"
    package.write_text("kind: package\nyear: 2023\nlayout: henan\nname: 安阳市公安局\n"
                       "financial: {公开08: 决算/公开08.csv}\nparts: [financial]\n", encoding="utf-8")
    return package


@pytest.mark.parametrize("rows,noted", [
    (",合计,,,\n", True),                                                  # as published: blank
    (",合计,5.00,0,5.00\n212,城乡社区支出,5.00,0,5.00\n21208,国有土地使用权出让收入安排的支出,5.00,0,5.00\n"
     "2120899,其他国有土地使用权出让收入安排的支出,5.00,0,5.00\n", False),   # amounts: no 「故本表无数据」
])
def test_the_empty_table_note_only_under_an_empty_table(tmp_path, rows, noted):
    package = _only_08(_copy(tmp_path), rows)
    result = run("build", str(package), "--out", str(tmp_path / "out"), "--format", "docx")
    assert result.exit_code == 0, result.output
    texts = _paragraphs(tmp_path / "out" / "只有公开08.docx")
    assert "国有资本经营预算财政拨款支出决算表" in texts
    assert (EMPTY_NOTE in texts) is noted
    assert any(t.startswith("注：本表反映部门本年度国有资本经营预算财政拨款支出情况") for t in texts)


def test_the_capital_budget_section_reports_spending_when_there_is_some():
    from conftest import catalog
    from docgen.narrative import render_narratives
    from docgen.pipeline import check_file

    checked = check_file(PACKAGE, catalog())
    financial = {tid: [dict(r) for r in t.rows] for tid, t in checked.financial.items()}
    financial["公开08"] = [{"科目代码": "", "科目名称": "合计", "合计": "5.00", "基本支出": "0", "项目支出": "5.00"}]
    folders = [PACKAGE.parent, ROOT / "templates" / "narratives"]
    sections = render_narratives(checked.spec, folders, financial, [], public=True)
    text = "\n".join(p.text for s in sections for p in s.paragraphs)
    assert "2023 年度国有资本经营预算财政拨款支出 5.00 万元，其中：基本支出 0.00 万元，项目支出 5.00 万元。" in text
    assert "没有使用国有资本经营预算财政拨款安排的支出" not in text


def test_a_part_that_is_neither_a_keyword_nor_a_narrative_id_is_refused(tmp_path):
    folder = _copy(tmp_path)
    package = folder / PACKAGE.name
    text = package.read_text(encoding="utf-8")
    package.write_text(text.replace("情况说明, 名词解释]", "情况说明, 名词解析]"), encoding="utf-8")
    result = run("validate", str(package), "--lang", "en")
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if " S007 " in ln)
    number = next(i for i, ln in enumerate(package.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith("parts:"))
    assert f"{PACKAGE.name}:{number}:" in line and "名词解析" in line and "名词解释" in line


def test_a_narrative_id_used_twice_is_refused(tmp_path):
    folder = _copy(tmp_path)
    package = folder / PACKAGE.name
    text = package.read_text(encoding="utf-8")
    package.write_text(text.replace("{id: 决算表,", "{id: 概况,"), encoding="utf-8")
    result = run("validate", str(package), "--lang", "en")
    assert result.exit_code == 1
    assert any(" S007 " in ln and "概况" in ln for ln in result.output.splitlines())


def test_the_pdf_contents_gives_the_page_of_every_part(tmp_path):
    import pdfplumber
    import pypdf

    result = run("build", str(PACKAGE), "--out", str(tmp_path), "--format", "pdf", "--public")
    assert result.exit_code == 0, result.output
    path = tmp_path / f"{PACKAGE.stem}.pdf"
    with pdfplumber.open(path) as pdf:
        texts = ["".join((page.extract_text() or "").split()) for page in pdf.pages]
    reader = pypdf.PdfReader(path)
    outline = {entry.title: reader.get_destination_page_number(entry) + 1 for entry in reader.outline}
    # the contents runs from page 2 to the page before the first part (34 projects: two pages)
    first = min(page for title, page in outline.items() if title != "目录")
    assert first > 2
    with pdfplumber.open(path) as pdf:
        contents = "\n".join(pdf.pages[i].extract_text() or "" for i in range(1, first - 1))
    listed, pending = [], ""
    for line in contents.splitlines()[1:]:  # after the title 目录; a long entry wraps onto a second line
        match = re.fullmatch(r"(\S.*?)\s+(\d+)", line.strip())
        if match:
            listed.append((pending + match.group(1), int(match.group(2))))
            pending = ""
        elif not re.fullmatch(r"第\s*\d+\s*页|\s*", line):
            pending += line.strip()
    assert len(listed) == len(outline) - 1  # every part but the contents itself
    assert [n for _, n in listed] == sorted(n for _, n in listed) and listed[0][1] > 2
    for name, page in listed:
        assert outline[name] == page, name  # the part's bookmark is on the page the contents gives
        # and the part's own words are printed there: a narrative's title, a table's title
        words = "".join(name.split("·")[-1].split())
        words = words if name.startswith("第") else re.sub(r"^公开\d+表", "", words)
        assert words in texts[page - 1], (name, page)
        if name.startswith("第") and page - 1 > first - 1:  # not already on the page before (nor in the contents)
            assert words not in texts[page - 2], (name, page)
