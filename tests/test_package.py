"""`docgen build`: the 安阳 2023 部门决算 package from the seed, read back in all three formats."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pypdf
import pytest
from docx.oxml.ns import qn

from conftest import DATA, SPECS, run

PACKAGE = SPECS / "anyang-2023" / "安阳市公安局2023年度部门决算.yaml"
FINANCIAL_TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
                    "一般公共预算财政拨款基本支出决算明细表", "政府性基金预算财政拨款收入支出决算表",
                    "国有资本经营预算财政拨款支出决算表", "财政拨款“三公”经费支出决算表"]
# numbers of the seed's 情况说明 (L1800–L1886) that the narrative must reproduce from the tables
NARRATIVE_FIGURES = ["87,277.34 万元", "5,355.63 万元", "6.54%", "84,936.39 万元，占 97.32%", "2,340.94 万元，占 2.68%",
                     "77,917.31 万元，占 89.28%", "9,360.03 万元，占 10.72%", "81,315.03 万元，占支出合计的 93.17%",
                     "公共安全（类）支出 76,247.92 万元，占 93.77%", "1,523.07 万元，完成预算的 100.00%",
                     "1,519.30 万元，占 99.75%", "3.78 万元，占 0.25%",
                     # 机关运行经费: computed, the published 26.45 % divided by the wrong year (E-001-07)
                     "机关运行经费支出 10,480.64 万元，较 2022 年度减少 2,771.93 万元，下降 20.92%"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = run("build", str(PACKAGE), "--out", str(out))
    assert result.exit_code == 0, result.output
    return {fmt: out / f"{PACKAGE.stem}.{fmt}" for fmt in ("docx", "xlsx", "pdf")}


def _docx_text(path: Path) -> str:
    body = docx.Document(path).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def test_word_document_holds_every_part_in_order(built):
    text = _docx_text(built["docx"])
    position = 0
    for part in ["2023 年度部门决算", "目录", *FINANCIAL_TITLES, "一、收入支出决算总体情况说明",
                 "部门整体支出绩效自评情况表", "项目支出绩效自评情况表"]:
        position = text.index(part, position)  # each part after the one before (ValueError if not)
    for figure in NARRATIVE_FIGURES:
        assert figure in text, figure


def test_pdf_has_a_bookmark_per_part_and_the_narrative_figures(built):
    reader = pypdf.PdfReader(built["pdf"])
    titles = [entry.title for entry in reader.outline]
    for t in FINANCIAL_TITLES:
        assert any(t in title for title in titles), t
    assert "2023 年度部门决算情况说明" in titles
    assert sum("项目支出绩效自评情况表" in t for t in titles) >= 8
    text = "".join(_pdf_text(built["pdf"]).split())
    for figure in NARRATIVE_FIGURES:
        assert "".join(figure.split()) in text, figure


def test_workbook_has_a_sheet_per_table_with_the_published_totals(built):
    wb = openpyxl.load_workbook(built["xlsx"])
    names = wb.sheetnames
    assert len(names) == 9 + 1 + 34  # 公开01–09, the department, the 34 projects
    assert len(set(names)) == len(names)
    values = {ws.title: [c.value for row in ws.iter_rows() for c in row if c.value is not None] for ws in wb.worksheets}
    first = values[names[0]]
    assert 87277.34 in first and 81315.03 in first  # 公开01 总计, 一般公共预算财政拨款收入
    sangong = values[names[8]]
    assert sangong.count(1523.07) == 2 and 614.47 in sangong and 904.82 in sangong
    department = next(v for n, v in values.items() if "部门整体" in n)
    assert 98.13 in department and 9.8 in department
    clothes = next(v for n, v in values.items() if "服装" in n)  # seed L1405
    assert 98.8 in clothes and 1.3 in clothes and 48.18 in clothes


def test_the_narrative_reads_its_numbers_from_the_tables(tmp_path):
    folder = tmp_path / "anyang-2023"
    shutil.copytree(SPECS / "anyang-2023", folder)
    csv = folder / "决算" / "公开09.csv"
    header, row = csv.read_text(encoding="utf-8").splitlines()
    # one more 万元 of 公务接待费 (and of the 决算数 合计): the tables still add up, the text follows
    cells = row.split(",")
    cells[6], cells[11] = "1524.07", "4.78"
    csv.write_text(header + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    result = run("build", str(folder / PACKAGE.name), "--out", str(tmp_path / "a"), "--format", "docx")
    assert result.exit_code == 0, result.output
    text = _docx_text(tmp_path / "a" / f"{PACKAGE.stem}.docx")
    assert "支出决算为 1,524.07 万元，完成预算的 100.07%" in text
    assert "公务接待费支出决算 4.78 万元，占 0.31%" in text


def test_breaking_one_number_names_the_table_row_column_and_the_other_table(tmp_path):
    folder = tmp_path / "anyang-2023"
    shutil.copytree(SPECS / "anyang-2023", folder)
    csv = folder / "决算" / "公开02.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith(",合计,87277.34,84936.39")
    lines[1] = lines[1].replace(",合计,87277.34,84936.39", ",合计,87277.34,84936.93", 1)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(folder / PACKAGE.name), "--out", str(out), "--lang", "en")
    assert result.exit_code == 1
    assert not out.exists()
    line = next(ln for ln in result.output.splitlines() if "公开02.csv" in ln and " B00" in ln and ":2:4:" in ln)
    assert "财政拨款收入" in line  # the column
    found = [ln for ln in result.output.splitlines() if " B002 " in ln]
    assert any("公开04" in ln or "公开01" in ln for ln in found)  # the other table it disagrees with


def test_public_package_withholds_and_says_so(tmp_path):
    out = tmp_path / "public"
    result = run("build", str(PACKAGE), "--public", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = _docx_text(out / f"{PACKAGE.stem}.docx")
    assert "本项目涉密依法不公开" in text and "项目绩效表依法不公开" in text
    assert "内部版本" not in text
    pdf = "".join(_pdf_text(out / f"{PACKAGE.stem}.pdf").split())
    assert "本项目涉密依法不公开" in pdf
    # the 34 project self-evaluations as the seed prints them, in its order (L491–L1794)
    seed = (DATA / "seeds" / "001_7b965f48d387d85a.txt").read_text(encoding="utf-8").splitlines()
    published = ["".join(line.split("\t")[1].split()) for line in seed if line.startswith("项目名称\t")]
    printed = ["".join(table.cell(0, 1).text.split()) for table in docx.Document(out / f"{PACKAGE.stem}.docx").tables
               if table.cell(0, 0).text.strip() == "项目名称"]
    assert len(printed) == len(published) == 34
    # one name the extraction lost (L1447, 安阳市看守所医疗社会化购买服务)
    assert [p for p, s in zip(printed, published) if p != s] == ["安阳市看守所医疗社会化购买服务"], (printed, published)
    assert run("build", str(PACKAGE), "--out", str(tmp_path / "internal"), "--format", "docx").exit_code == 0
    assert "内部版本" in _docx_text(tmp_path / "internal" / f"{PACKAGE.stem}.docx")


def test_build_is_deterministic_and_jobs_do_not_change_the_bytes(tmp_path, built):
    out = tmp_path / "again"
    assert run("build", str(PACKAGE), "--out", str(out), "--jobs", "2").exit_code == 0
    for fmt, path in built.items():
        assert (out / path.name).read_bytes() == path.read_bytes(), fmt


def test_template_mistakes_are_reported_with_the_template_line(tmp_path):
    folder = tmp_path / "anyang-2023"
    shutil.copytree(SPECS / "anyang-2023", folder)
    (folder / "说明.md.j2").write_text("# 标题\n\n{{ year }} 年\n{{ no_such_figure }}\n", encoding="utf-8")
    package = folder / PACKAGE.name
    package.write_text(package.read_text(encoding="utf-8").replace("template: henan-决算情况说明.md.j2", "template: 说明.md.j2"), encoding="utf-8")
    result = run("build", str(package), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "说明.md.j2:4" in result.output and "no_such_figure" in result.output


def test_build_refuses_a_single_table_spec(tmp_path):
    result = run("build", str(SPECS / "anyang-2020" / "报警视频监控系统运维.yaml"), "--out", str(tmp_path))
    assert result.exit_code == 2


def _copy_example(tmp_path):
    folder = tmp_path / "anyang-2023"
    shutil.copytree(SPECS / "anyang-2023", folder)
    return folder, folder / PACKAGE.name


@pytest.mark.parametrize("csv,edit", [
    ("公开01.csv", lambda t: t.replace("栏,行次,项目,金额", "栏目,行次,项目,金额", 1)),   # a renamed column
    ("公开01.csv", lambda t: t.replace("收入,1,", "收人,1,", 1)),                        # an unknown 栏
    ("公开06.csv", lambda t: t.replace(",26016.91", ',"26,016.91"', 1) if ",26016.91" in t else t + "人员经费,30101,基本工资,1,234.5\n"),
])
def test_unreadable_financial_tables_are_errors_not_crashes(tmp_path, csv, edit):
    folder, package = _copy_example(tmp_path)
    path = folder / "决算" / csv
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("build", str(package), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_fixed_row_marked_for_the_other_side_is_reported_at_its_cell(tmp_path):
    """行次 33 is a 支出 row: marked 收入, it would print among the income rows."""
    folder, package = _copy_example(tmp_path)
    path = folder / "决算" / "公开01.csv"
    text = path.read_text(encoding="utf-8")
    assert "\n支出,33,二、外交支出," in text
    path.write_text(text.replace("\n支出,33,二、外交支出,", "\n收入,33,二、外交支出,", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if row.startswith("收入,33,"))
    result = run("build", str(package), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    found = [ln for ln in result.output.splitlines() if " error " in ln]
    assert found == [f"{path}:{line}:1: error B015 公开01的行次 33 属于“支出”一栏：栏应填“支出”，而不是“收入”（否则会印到表的另一半）"], result.output
    assert not (tmp_path / "out").exists()


def test_a_table_not_in_utf8_is_reported(tmp_path):
    folder, package = _copy_example(tmp_path)
    path = folder / "决算" / "公开03.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    result = run("build", str(package), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "B012" in result.output and "公开03.csv" in result.output


def test_a_failing_template_expression_names_its_line(tmp_path):
    folder, package = _copy_example(tmp_path)
    (folder / "说明.md.j2").write_text("# 标题\n\n{{ year }} 年\n\n{{ 1 / 0 }}\n", encoding="utf-8")
    package.write_text(package.read_text(encoding="utf-8").replace("template: henan-决算情况说明.md.j2", "template: 说明.md.j2"), encoding="utf-8")
    result = run("build", str(package), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert re.search(r"说明\.md\.j2:5:1: error G020 .*ZeroDivisionError", result.output), result.output


def test_out_pointing_at_a_file_is_an_io_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run("build", str(PACKAGE), "--out", str(blocker), "--format", "docx")
    assert result.exit_code == 2 and "internal error" not in result.output


def test_render_of_an_empty_folder_is_a_usage_error(tmp_path):
    assert run("render", str(tmp_path), "--out", str(tmp_path / "out")).exit_code == 2


def test_render_of_a_package_points_at_build(tmp_path):
    result = run("render", str(PACKAGE), "--out", str(tmp_path / "out"))
    assert "docgen build" in result.output


def test_the_header_block_is_laid_out_as_published(built):
    """部门 at the left edge, 年度 in the middle, 表号 at the right; 金额单位 below it, right (seed-catalog §3.0)."""
    body = docx.Document(built["docx"]).element.body
    lines = []
    for p in body.iter(qn("w:p")):
        runs = []
        for r in p.iter(qn("w:r")):
            runs.append(("\t" if r.find(qn("w:tab")) is not None else "") + "".join(t.text or "" for t in r.iter(qn("w:t"))))
        lines.append("".join(runs))
    assert "部门：安阳市公安局\t2023 年度\t公开 01 表" in lines
    assert "\t\t金额单位：万元" in lines
    sheet = openpyxl.load_workbook(built["xlsx"])["公开01表 收入支出决算总表"]
    header = next(row for row in sheet.iter_rows() if row[0].value == "部门：安阳市公安局")
    values = [c.value for c in header if c.value]
    assert values == ["部门：安阳市公安局", "2023 年度", "公开 01 表"]
    aligned = {c.value: c.alignment.horizontal for c in header if c.value}
    assert aligned == {"部门：安阳市公安局": "left", "2023 年度": "center", "公开 01 表": "right"}
    with pdfplumber.open(built["pdf"]) as pdf:
        page = next(p for p in pdf.pages if "金额单位" in (p.extract_text() or ""))  # 公开01, the first table
        words = page.extract_words()
        left = next(w for w in words if w["text"].startswith("部门"))
        right = next(w for w in words if w["text"].startswith("公开"))
        assert abs(left["top"] - right["top"]) < 2 and left["x0"] < page.width / 4 and right["x1"] > page.width * 3 / 4


def test_a_folder_of_packages_builds_each_one_and_a_broken_one_stops_only_itself(tmp_path):
    # a finance bureau's folder: one folder per department, each with its package spec
    bureau = tmp_path / "各部门"
    shutil.copytree(SPECS / "anyang-2023", bureau / "公安局")
    shutil.copytree(SPECS / "anyang-2023", bureau / "司法局")
    broken = bureau / "司法局" / PACKAGE.name
    broken.write_text(broken.read_text(encoding="utf-8").replace("公开01: 决算/公开01.csv", "公开01: 决算/公开1.csv"), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(bureau), "--out", str(out), "--format", "docx")
    assert result.exit_code == 1, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [f"公安局/{PACKAGE.stem}.docx"]
    assert "司法局" in next(ln for ln in result.output.splitlines() if "公开1.csv" in ln)
    assert "共 2 套公开材料" in result.output and "生成 1 套" in result.output
    built = docx.Document(out / "公安局" / f"{PACKAGE.stem}.docx")
    assert [t for t in FINANCIAL_TITLES if t in _docx_text(out / "公安局" / f"{PACKAGE.stem}.docx")] == FINANCIAL_TITLES
    assert built.tables


def test_two_packages_that_would_write_one_file_are_refused(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(SPECS / "anyang-2023", first)
    shutil.copytree(SPECS / "anyang-2023", second)
    out = tmp_path / "out"
    result = run("build", str(first / PACKAGE.name), str(second / PACKAGE.name), "--out", str(out), "--format", "docx")
    assert result.exit_code == 2
    w004 = next(ln for ln in result.output.splitlines() if " W004 " in ln)
    assert str(first / PACKAGE.name) in w004 and str(second / PACKAGE.name) in w004
    assert [p.name for p in out.iterdir()] == [f"{PACKAGE.stem}.docx"]


def test_a_folder_without_packages_is_said_so(tmp_path):
    result = run("build", str(SPECS / "national"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and " G005 " in result.output and "kind: package" in result.output


def test_a_package_copied_to_a_new_year_says_once_that_its_members_are_still_last_years(tmp_path):
    folder = tmp_path / "2024"
    shutil.copytree(PACKAGE.parent, folder)
    package = folder / PACKAGE.name
    text = package.read_text(encoding="utf-8")
    package.write_text(text.replace("year: 2023", "year: 2024", 1), encoding="utf-8")
    year_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("year:"))
    result = run("validate", str(package))
    found = [line for line in result.output.splitlines() if "G002" in line]
    # one warning at the package's year line, counting the members, not one per member
    assert len(found) == 1, found
    assert f"{package.name}:{year_line}:" in found[0] and "2023 年度" in found[0] and "2024 年度" in found[0]
    assert re.search(r"(\d+) 个成员规格", found[0])
    # a single member left behind is named itself
    package.write_text(text, encoding="utf-8")
    member = folder / "见义勇为奖励.yaml"
    member.write_text(member.read_text(encoding="utf-8").replace("year: 2023", "year: 2022", 1), encoding="utf-8")
    found = [line for line in run("validate", str(package)).output.splitlines() if "G002" in line]
    assert len(found) == 1 and "见义勇为奖励.yaml 是 2022 年度的" in found[0], found
