"""廊坊市公安局安次分局 2020 年部门预算信息公开 (seed 003): sections 一 … 九 with their tables and the 18
numbered 绩效目标表, read back from the Word file; the checks of the three tables, at the CSV cell."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import SPECS, diagnostics, run
from docgen.catalog.tablesets import FormulaError, parse_formula

FOLDER = SPECS / "langfang-2020"
PACKAGE = FOLDER / "河北省廊坊市公安局安次分局2020年部门预算信息公开.yaml"
SEED = Path(__file__).parent / "data" / "seeds" / "003_c5385c47b82988da.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()


def _seed_project_titles() -> list[tuple[int, str]]:
    """(number, 项目名称) of every 「N. …绩效目标表」 title line the seed prints (L77–L1215)."""
    out = []
    for line in SEED_LINES[76:1215]:
        m = re.fullmatch(r"\s*(?:\[bookmark: [^\]]*\])?\s*(\d+)\.?\s*(.+)绩效目标表\s*", line)
        if m:
            out.append((int(m.group(1)), m.group(2).strip()))
    return out


def _body(path: Path) -> list[tuple[str, object]]:
    """The document in reading order: ("p", text) for a paragraph, ("t", rows of cell texts) for a table."""
    document = docx.Document(path)
    out: list[tuple[str, object]] = []
    tables = iter(document.tables)
    for element in document.element.body:
        if element.tag == qn("w:p"):
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            if text.strip():
                out.append(("p", text))
        elif element.tag == qn("w:tbl"):
            table = next(tables)
            out.append(("t", [[c.text for c in row.cells] for row in table.rows]))
    return out


def _build(package: Path, out: Path) -> list[tuple[str, object]]:
    result = run("build", str(package), "--out", str(out), "--format", "docx", "--public")
    assert result.exit_code == 0, result.output
    return _body(out / f"{package.stem}.docx")


@pytest.fixture(scope="module")
def body(tmp_path_factory):
    return _build(PACKAGE, tmp_path_factory.mktemp("langfang"))


def _paragraphs(body) -> list[str]:
    return [text for kind, text in body if kind == "p"]


def _index(body, text: str) -> int:
    return next(i for i, (kind, t) in enumerate(body) if kind == "p" and t == text)


def _table_after(body, text: str) -> list[list[str]]:
    """The first table after the paragraph ``text`` (its title)."""
    i = _index(body, text)
    return next(t for kind, t in body[i:] if kind == "t")  # type: ignore[return-value]


def _distinct(row: list[str]) -> list[str]:
    """A row's cells with a merged cell once (python-docx repeats a merged cell for each grid column)."""
    out: list[str] = []
    for cell in row:
        if not out or cell != out[-1]:
            out.append(cell)
    return out


# --- 1. the 18 project tables: numbered by the package, inside section 五 --------------------------

def test_the_project_titles_are_numbered_as_the_seed_numbers_them(body):
    seed = _seed_project_titles()
    assert [n for n, _ in seed] == list(range(1, 19))
    titles = [t for t in _paragraphs(body) if t.endswith("绩效目标表")]
    # seed L652 prints 「10 安次分局…」 without the dot (E-003-17): the package numbers them all alike
    assert titles == [f"{n}. {name}绩效目标表" for n, name in seed]


def test_the_project_tables_sit_inside_section_five(body):
    part_two = _index(body, "第二部分 资金绩效目标")
    first = _index(body, "1. " + _seed_project_titles()[0][1] + "绩效目标表")
    last = _index(body, "18. " + _seed_project_titles()[-1][1] + "绩效目标表")
    six = _index(body, "六、政府采购预算情况")
    assert _index(body, "五、绩效预算信息") < part_two < first < last < six
    # nothing of the narrative between 第二部分 and the first table, nor after the last until section 六
    assert [k for k, _ in body[part_two + 1:first]] == []
    assert all(kind == "t" for kind, _ in body[last + 1:six])


def test_the_sections_come_in_the_published_order(body):
    headings = [t for t in _paragraphs(body) if re.match(r"[一二三四五六七八九]、", t)]
    seed = [line.strip() for line in SEED_LINES if re.match(r"[一二三四五六七八九]、", line)]
    assert headings == seed
    # the pieces after a table continue the text: their titles are not printed twice
    assert _paragraphs(body).count("二、部门预算安排的总体情况") == 1


# --- 2. the three tables -------------------------------------------------------------------------

def test_the_department_table_follows_section_one(body):
    assert _index(body, "机构设置：") < _index(body, "部门机构设置情况") < _index(body, "二、部门预算安排的总体情况")
    rows = _table_after(body, "部门机构设置情况")
    assert rows == [["单位名称", "单位性质", "单位规格", "经费保障形式"], ["廊坊市公安局安次分局", "行政单位", "正科", "财政拨款"]]


def test_the_procurement_table_prints_its_fourteen_columns(body):
    assert _index(body, "六、政府采购预算情况") < _index(body, "部门政府采购预算") < _index(body, "七、国有资产信息")
    rows = _table_after(body, "部门政府采购预算")
    assert all(len(r) == 14 for r in rows)
    assert _distinct(rows[2])[-6:] == ["合计", "一般公共预算拨款", "基金预算拨款", "财政专户核拨", "其他来源收入", "其他渠道资金"]
    assert rows[3][:7] == ["廊坊市公安局安次分局小计"] * 7 and rows[3][7:10] == ["557.12", "557.12", "557.12"]
    seed_rows = [SEED_LINES[i - 1].strip() for i in range(1271, 1285)]  # the seed's first item row, one cell a line
    assert rows[4][:10] == seed_rows[:10]
    assert [r[0] for r in rows[4:]] == ["车辆维修和保养服务", "民警及离退休人员体检经费", "京台高速冀津主线站检查站建设资金",
                                        "公共安全视频图像智能化应用平台联网应用项目经费", "公共安全视频监控前端运维项目经费"]
    i = _index(body, "部门政府采购预算")
    assert body[i + 1] == ("p", "347廊坊市公安局安次分局单位：万元")  # the line above the table: left and right


def test_the_fixed_asset_table_prints_its_header_line(body):
    title = "河北省廊坊市公安局安次分局固定资产占用情况表"
    assert _index(body, "七、国有资产信息") < _index(body, title) < _index(body, "八、名词解释")
    assert body[_index(body, title) + 1] == ("p", "编制部门：河北省廊坊市公安局安次分局截止时间：2019年12月31日")
    rows = _table_after(body, title)
    assert rows[0] == ["项   目", "数量", "价值（金额单位：万元）"]
    assert rows[1] == ["资产总额", "——", "6682.88"]
    assert [r[0].strip() for r in rows[1:]] == ["资产总额", "1、房屋（平方米）", "其中：办公用房（平方米）", "2、车辆（台、辆）",
                                                "3、单价在20万元以上的设备", "4、其他固定资产"]


# --- 3. the narrative's figures come from the data -------------------------------------------------

def test_the_narrative_figures_are_the_seed_figures(body):
    text = "".join(_paragraphs(body))
    for line in (38, 42, 43, 45, 47, 1350):  # 收入, 增减, 机关运行经费, 三公, 固定资产: computed, as printed
        assert SEED_LINES[line - 1].strip() in text, line
    assert "2020年，我局安排政府采购预算557.12万元。" in text
    # seed L40 prints 基本支出 5089.05: 4820.17 + 988.88 = 5809.05, the correction the package names
    assert "其中基本支出5809.05万元，包括人员经费4820.17万元和日常公用经费988.88万元" in text
    assert "5089.05" not in text


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "langfang-2020"
    shutil.copytree(FOLDER, folder)
    return folder / PACKAGE.name


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_procurement_and_asset_totals_are_read_from_the_tables(tmp_path):
    package = _copy(tmp_path)
    table = package.parent / "表" / "政府采购.csv"
    _edit(table, "小计,,,,,,,557.12,557.12,557.12", "小计,,,,,,,537.12,537.12,537.12")
    _edit(table, "车辆维修和保养服务,120.00,车辆维修和保养服务,C050301,项,1,120.00,120.00,120.00,120.00",
          "车辆维修和保养服务,100.00,车辆维修和保养服务,C050301,项,1,100.00,100.00,100.00,100.00")
    assets = package.parent / "表" / "固定资产.csv"
    _edit(assets, "资产总额,——,6682.88", "资产总额,——,6683.88")
    _edit(assets, "4、其他固定资产,,1125.63", "4、其他固定资产,,1126.63")
    text = "".join(_paragraphs(_build(package, tmp_path / "out")))
    assert "2020年，我局安排政府采购预算537.12万元。" in text
    assert "上年末固定资产金额为6683.88万元" in text


# --- the checks of the tables, at the CSV cell ------------------------------------------------------

def _validate(package: Path) -> list[tuple[str, int, int, str]]:
    result = run("validate", str(package))
    found = []
    for line in result.output.splitlines():
        m = re.match(r"(.+?):(\d+):(\d+): error (\w+)", line)
        if m:
            found.append((Path(m.group(1)).name, int(m.group(2)), int(m.group(3)), m.group(4)))
    return found


def test_quantity_times_price_must_be_the_amount(tmp_path):
    package = _copy(tmp_path)
    # 民警及离退休人员体检经费: 387 人 × 800 元 written as 1 项 × 30.96; a wrong 单价 is found at the 总计 cell
    _edit(package.parent / "表" / "政府采购.csv", "健康检查服务,C190107,项,1,30.96,", "健康检查服务,C190107,项,2,30.96,")
    assert ("政府采购.csv", 4, 8, "B001") in _validate(package)
    result = run("validate", str(package))
    assert "数量 × 单价" in result.output and "61.92" in result.output


def test_the_subtotal_must_be_the_sum_of_the_rows(tmp_path):
    package = _copy(tmp_path)
    _edit(package.parent / "表" / "政府采购.csv", "小计,,,,,,,557.12,", "小计,,,,,,,575.12,")
    assert ("政府采购.csv", 2, 8, "B001") in _validate(package)


def test_the_asset_total_must_be_one_plus_two_plus_three_plus_four(tmp_path):
    package = _copy(tmp_path)
    _edit(package.parent / "表" / "固定资产.csv", "资产总额,——,6682.88", "资产总额,——,6628.88")
    assert _validate(package) == [("固定资产.csv", 2, 3, "B001")]


def test_the_published_tables_hold():
    assert _validate(PACKAGE) == []


def test_a_product_formula_takes_two_cells_only():
    assert parse_formula("总计 = 数量 × 单价").product
    for text in ("总计 = 数量 × 单价 + 运费", "总计 = 数量 × 单价 × 折扣", "总计@1 = 数量@2..6 × 单价@2"):
        with pytest.raises(FormulaError):
            parse_formula(text)


# --- the package keys: numbered, parts placing one piece, heading -----------------------------------

@pytest.mark.parametrize(("old", "new", "message"), [
    ("  - {narrative: 七、国有资产信息}", "  - {narrative: 七、国有资产}", "七、国有资产"),
    ("  - {financial: 固定资产}", "  - {financial: 资产}", "资产"),
    ("  - {financial: 固定资产}", "  - {financial: 固定资产, narrative: 七、国有资产信息}", "二者只写一个"),
    ("  - {financial: 固定资产}", "  - {financial: 政府采购}", "放了两次"),
    ('numbered: "{n}. "', 'numbered: "第1项 "', "{n}"),
])
def test_a_wrong_part_or_numbering_is_reported_at_its_line(tmp_path, old, new, message):
    package = _copy(tmp_path)
    _edit(package, old, new)
    # at the entry written (a part placed twice: at its second place)
    line = [i for i, text in enumerate(package.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(new.split("#")[0].rstrip())][-1]
    result = run("validate", str(package))
    assert result.exit_code == 1
    assert [(n, code) for n, _, code in diagnostics(result.output) if code == "G008"] == [(line, "G008")], result.output
    assert message in result.output


def test_without_numbering_the_titles_are_the_forms(tmp_path):
    package = _copy(tmp_path)
    _edit(package, 'numbered: "{n}. "', "")
    titles = [t for t in _paragraphs(_build(package, tmp_path / "out")) if t.endswith("绩效目标表")]
    assert titles[0] == _seed_project_titles()[0][1] + "绩效目标表" and len(titles) == 18


@pytest.mark.parametrize(("parts", "code", "words"), [
    ("[cover, projectz]", "S007", "可选：cover、contents、financial、narratives、department、projects"),
    ("[cover, {financal: 表}]", "S001", "financial"),
    ("[cover, {narrative: [a, b]}]", "S004", "文字说明（narrative）"),
])
def test_a_misspelt_part_is_told_what_is_accepted(tmp_path, parts, code, words):
    path = tmp_path / "p.yaml"
    path.write_text(f"kind: package\nyear: 2020\nlayout: hebei\nname: 某局\nparts: {parts}\n", encoding="utf-8")
    result = run("validate", str(path))
    assert [c for _, _, c in diagnostics(result.output)] == [code], result.output
    assert words in result.output


# --- the seed's printed figures, recorded in facts, checked against what the narrative computes --------

def _warnings(output: str, code: str) -> list[int]:
    return [n for n, severity, c in diagnostics(output) if c == code and severity == "warning"]


def _line_of(path: Path, start: str) -> int:
    return next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(start))


def test_the_seeds_basic_expenditure_slip_is_reported_at_its_fact():
    result = run("validate", str(PACKAGE))
    assert result.exit_code == 0
    # seed L40 prints 基本支出 5089.05; 人员经费 4820.17 + 日常公用经费 988.88 = 5809.05 (E-003-01)
    assert _warnings(result.output, "G022") == [_line_of(PACKAGE, "  基本支出:")]
    assert "原文的基本支出印为 5089.05，文字说明由数据算出 5809.05" in result.output


def test_a_printed_total_that_the_data_do_not_give_is_reported(tmp_path):
    package = _copy(tmp_path)
    _edit(package, "  三公经费: 145.15", "  三公经费: 145.51")
    result = run("validate", str(package))
    assert sorted(_warnings(result.output, "G022")) == sorted([_line_of(package, "  基本支出:"), _line_of(package, "  三公经费:")])
    assert "原文的三公经费印为 145.51，文字说明由数据算出 145.15" in result.output
