"""The 济源 2020 部门预算 tables 预算01–09 of seed 002 (济源市公安局): transcription, checks, rendering."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import docx
import pytest

from conftest import DATA, SPECS, catalog, diagnostics, run
from docgen import codes
from docgen.check.financial import CsvTable, check_financial, read_csv
from docgen.diagnostics import Diagnostic

TABLESET = catalog().tableset("jiyuan-预算")
FOLDER = SPECS / "jiyuan-2020"
PACKAGE = FOLDER / "济源市公安局2020年部门预算.yaml"
SEED = (DATA / "seeds" / "002_c03462864472638b.txt").read_text(encoding="utf-8").splitlines()
FINANCIAL_SEED = SEED[2:164]  # L3–L164: the nine 预算 tables
TABLES = [f"预算0{n}" for n in range(1, 10)]
EMPTY = ["预算02", "预算06", "预算07", "预算09"]


def read_tables(folder: Path) -> dict[str, CsvTable]:
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        table, problems = read_csv(path)
        assert not problems and table is not None
        tables[path.stem] = table
    return tables


@pytest.fixture(scope="module")
def published() -> dict[str, CsvTable]:
    return read_tables(FOLDER / "预算")


def changed(tables: dict[str, CsvTable], table: str, row: int, column: str, value: str) -> dict[str, CsvTable]:
    """The tables with one cell (1-based data row) set to value."""
    old = tables[table]
    rows = [dict(r) for r in old.rows]
    rows[row - 1][column] = value
    return {**tables, table: CsvTable(old.path, old.header, rows)}


def where(findings: list[Diagnostic]) -> set[tuple[str, int, str, str]]:
    return {(Path(f.file).stem, f.line - 1, str(f.params.get("column", "")), str(f.params.get("other_table", ""))) for f in findings}


def seed_amounts() -> list[str]:
    """Every amount the seed prints in its financial tables (27,606.5 → 27606.5)."""
    return [a.replace(",", "") for line in FINANCIAL_SEED for a in re.findall(r"\d[\d,]*\.\d", line)]


# --- the transcription ---------------------------------------------------------------------------

def test_all_nine_tables_with_the_seed_s_titles(published):
    assert sorted(published) == TABLES
    for tid in TABLES:
        title = TABLESET.tables[tid].title
        assert f"2020年{title}" in FINANCIAL_SEED, tid


def test_every_seed_amount_is_transcribed_once_as_often_as_printed(published):
    ours = [v for t in published.values() for r in t.rows for c, v in r.items()
            if v and TABLESET.tables[Path(t.path).stem].columns.get(c) == "amount"]
    assert sorted(ours) == sorted(seed_amounts())


def test_the_title_only_tables_have_no_rows(published):
    for tid in EMPTY:
        assert published[tid].rows == []


def test_the_published_tables_satisfy_every_relation(published):
    assert check_financial(TABLESET, published, None) == []


# --- the relations of seed-catalog §4 --------------------------------------------------------------

B001, B002 = codes.B001.id, codes.B002.id

BREAKS = {  # a cell changed → where it is reported (table, data row, column, the other table)
    "本年合计": (("预算01", 7, "金额", "1030.5"), ("预算01", 24, "金额", "")),
    "基本 = 工资福利 + 公用 + 对个人和家庭": (("预算01", 30, "合计", "1400.0"), ("预算01", 28, "合计", "")),
    "项目 = 一般性 + 专项": (("预算01", 33, "本年支出小计", "3500.0"), ("预算01", 32, "本年支出小计", "")),
    "合计 = 部门结转 + 本年支出小计": (("预算01", 35, "部门结转", "189.2"), ("预算01", 35, "合计", "")),
    "项目支出 = 1–9": (("预算01", 39, "合计", "4600.0"), ("预算01", 32, "合计", "")),
    "预算03 总计 = 基本 + 项目": (("预算03", 4, "项目支出.小计", "580.0"), ("预算03", 4, "总计", "")),
    "预算05 单位小计 = Σ 科目": (("预算05", 11, "总计", "636.0"), ("预算05", 2, "总计", "")),
    "预算04 一般公共预算收入小计": (("预算04", 10, "金额", "800.0"), ("预算04", 1, "金额", "")),
    "三公 共计 = 1 + 2 + 3": (("预算08", 3, "预算数", "7.5"), ("预算08", 1, "预算数", "")),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_broken_relation_is_found_at_its_cell(published, name):
    (table, row, column, value), expected = BREAKS[name]
    findings = check_financial(TABLESET, changed(published, table, row, column, value), None)
    assert findings and all(f.code in (B001, B002) for f in findings)
    assert expected in where(findings)


def test_a_cross_table_break_names_the_other_table(published):
    # 预算05 合计 总计 changed: 预算01 本年支出小计 (支出合计) and 预算04 合计 disagree with it
    findings = check_financial(TABLESET, changed(published, "预算05", 1, "总计", "26800.0"), None)
    assert ("预算01", 54, "本年支出小计", "预算05") in where(findings)
    assert ("预算04", 60, "合计", "预算05") in where(findings)


def test_the_carry_over_is_the_difference_of_the_two_expenditure_tables(published):
    # T16 − T18 = 部门结转: 27,606.5 − 26,847.6 = 758.9
    broken = changed(published, "预算01", 54, "部门结转", "759.9")
    assert ("预算01", 54, "部门结转", "") in where(check_financial(TABLESET, broken, None))


# --- the "done when": a new user's copy ----------------------------------------------------

def _set(path: Path, row: int, column: str, value: str) -> int:
    """Set one CSV cell; returns the file line of that row."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return row + 1


def test_a_copied_package_with_a_new_year_and_changed_amounts_reports_the_broken_total(tmp_path):
    folder = tmp_path / "济源2021"
    shutil.copytree(FOLDER, folder)
    package = folder / PACKAGE.name
    package.write_text(package.read_text(encoding="utf-8").replace("year: 2020", "year: 2021"), encoding="utf-8")
    # 行政运行 raised in 预算05 consistently within its own table (row, unit subtotal, 合计) …
    t05 = folder / "预算" / "预算05.csv"
    for row in (1, 2, 3):
        _set(t05, row, "总计", {1: "26857.6", 2: "26857.6", 3: "12383.4"}[row])
        _set(t05, row, "基本支出.小计", {1: "14352.1", 2: "14352.1", 3: "12383.4"}[row])
        _set(t05, row, "工资福利支出", {1: "12437.6", 2: "12437.6", 3: "10952.1"}[row])
    # … but not in 预算01: its 支出合计 本年支出小计 now disagrees with 预算05
    result = run("build", str(package), "--out", str(tmp_path / "out"))
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if "B002" in line]
    assert any(re.search(r"预算01\.csv:55:\d+: error B002 .*本年支出小计.*预算05", line) for line in lines), result.output
    assert all(re.search(r"[\u4e00-\u9fff]", line) for line in lines)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# --- what is printed -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def document(tmp_path_factory) -> docx.document.Document:
    out = tmp_path_factory.mktemp("jy")
    result = run("build", str(PACKAGE), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not [d for d in diagnostics(result.output) if d[1] == "error"]
    return docx.Document(str(next(out.glob("*.docx"))))


def _texts(document) -> list[str]:
    return [p.text.strip() for p in document.paragraphs]  # header lines are laid out with tab stops


def test_titles_and_header_lines_as_published(document):
    texts = _texts(document)
    for tid in TABLES:
        assert f"2020年{TABLESET.tables[tid].title}" in texts
    assert texts.count("单位：济源市公安局") == 8 and texts.count("单位：万元") == 8
    assert "单位:济源市公安局" in texts and "单位: 万元" in texts  # 三公, ASCII colon (L144–L146)
    assert "预算09表" in texts


def test_amounts_one_decimal_with_separators_and_blank_zeros(document):
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    for amount in ("27,606.5", "24,979.8", "1,030.0", "0.8", "297.2", "12,505.5"):
        assert amount in cells
    # 预算01 row 一、基本支出: 合计, 用事业单位基金…(blank), 部门结转 (blank), 本年支出小计 …
    first = next(t for t in document.tables if t.rows[0].cells[0].text == "收 入")
    row = next(r for r in first.rows if r.cells[3].text == "一、基本支出")
    assert [c.text for c in row.cells[4:10]] == ["14,342.1", "", "", "14,342.1", "14,342.1", "14,342.1"]


def test_the_empty_table_note_is_printed_only_under_the_empty_tables(document):
    texts = _texts(document)
    assert texts.count("说明：本表无数据。") == len(EMPTY)


def test_the_three_public_funds_footnote_is_verbatim(document):
    footnote = next(line for line in FINANCIAL_SEED if line.startswith("注：按照党中央"))
    assert footnote in _texts(document)


def test_a_plain_row_is_named_by_its_item_in_messages(published):
    findings = check_financial(TABLESET, changed(published, "预算01", 30, "合计", "1400.0"), None)
    labels = {f.params.get("label") for f in findings}
    assert "一、基本支出（行 28）" in labels
    findings = check_financial(TABLESET, changed(published, "预算01", 7, "金额", "1030.5"), None)
    assert "本年合计（行 24）" in {f.params.get("label") for f in findings}  # 项目 blank: named by 分组


def test_money1_rounds_half_up_to_one_decimal_and_leaves_zero_blank():
    from decimal import Decimal

    from docgen.render.formats import printed

    assert printed("27606.5", "money1").text == "27,606.5"
    assert printed("1030", "money1").text == "1,030.0"
    assert printed("0.85", "money1").number == Decimal("0.9")
    assert printed("0", "money1").text == "" and printed("", "money1").text == ""
    assert printed("24979.8", "money1").number_format == "#,##0.0"


def test_the_workbook_stores_numbers_shown_with_one_decimal(tmp_path):
    import openpyxl

    result = run("build", str(PACKAGE), "--out", str(tmp_path), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == 27606.5]
    assert cells and all(c.number_format == "#,##0.0" for c in cells)
