"""部门决算 公开01–09 (seed 001; seed-catalog §3.0–§3.9): grids, spans, footnotes and amounts as printed.

Built from small CSV fixtures here, and from the transcribed CSVs under ``specs/anyang-2023/决算`` when
they are there: every amount of every CSV row must be printed, formatted, in its own cell.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SPECS, catalog
from docgen.check.financial import CsvTable, check_financial
from docgen.model.bindings import FinancialTable
from docgen.render.engine import lay_out
from docgen.render.formats import printed
from docgen.render.tree import Cell, Placed, Table
from docgen.render.view import SpecView

TABLESET = catalog().tableset("henan-决算")
COLUMNS_02 = tuple(c for c, k in TABLESET.tables["公开02"].columns.items() if k == "amount")
COLUMNS_03 = tuple(c for c, k in TABLESET.tables["公开03"].columns.items() if k == "amount")
COLUMNS_05 = tuple(c for c, k in TABLESET.tables["公开05"].columns.items() if k == "amount")
COLUMNS_07 = tuple(c for c, k in TABLESET.tables["公开07"].columns.items() if k == "amount")
COLUMNS_08 = tuple(c for c, k in TABLESET.tables["公开08"].columns.items() if k == "amount")
PARTS_09 = ("合计", "因公出国（境）费", "公务用车购置及运行维护费.小计", "公务用车购置费", "公务用车运行维护费", "公务接待费")


def final_accounts_tables(department: str, year: int, data: dict[str, list[dict[str, str]]]) -> list[Table]:
    """The 公开 tables of ``data`` (id → CSV rows), laid out by the table set's forms, in its order."""
    return [lay_out(t.form, SpecView(FinancialTable(department, year, data[tid]))) for tid, t in TABLESET.tables.items() if tid in data]


def disclosure_amount(number: Decimal | None) -> Cell:
    shown = printed(number, "disclosure")
    return Cell(shown.text, role="number", number=shown.number, number_format=shown.number_format)


def findings(data: dict[str, list[dict[str, str]]]) -> list[tuple[str, int, str, str]]:
    """(table, CSV line, column, code) of every finding of the table set's checks on ``data``."""
    tables = {tid: CsvTable(Path(f"{tid}.csv"), list(rows[0]) if rows else [], rows) for tid, rows in data.items()}
    return [(Path(d.file).stem, d.line, str(d.params.get("column", "")), d.code) for d in check_financial(TABLESET, tables, {})]

CSV_DIR = SPECS / "anyang-2023" / "决算"
SEED = Path(__file__).resolve().parent / "data" / "seeds" / "001_7b965f48d387d85a.txt"  # copied from the shared seeds
IDS = [f"公开0{n}" for n in range(1, 10)]


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.strip() + "\n")))


# --- fixtures: a few rows of each table, as the transcriber writes them ---------------------------

FIXTURES: dict[str, list[dict[str, str]]] = {
    "公开01": rows_of("""
栏,行次,项目,金额
收入,1,一、一般公共预算财政拨款收入,81315.03
收入,2,二、政府性基金预算财政拨款收入,3621.36
收入,3,三、国有资本经营预算财政拨款收入,0
收入,4,,
收入,5,本年收入合计,84936.39
收入,6,总计,84936.39
支出,7,一、一般公共服务支出,54.64
支出,8,二、外交支出,0
支出,9,四、公共安全支出,84881.75
支出,10,本年支出合计,84936.39
支出,11,,
支出,12,总计,84936.39
支出,13,结余分配,
"""),
    "公开02": rows_of("""
科目代码,科目名称,本年收入合计,财政拨款收入,上级补助收入,事业收入,经营收入,附属单位上缴收入,其他收入
,合计,87277.34,84936.39,0,0,0,0,2340.94
201,一般公共服务支出,54.64,54.64,0,0,0,0,0
20111,纪检监察事务,40.85,40.85,0,0,0,0,0
2011105,派驻派出机构,40.85,40.85,0,0,0,0,0
"""),
    "公开03": rows_of("""
科目代码,科目名称,本年支出合计,基本支出,项目支出,上缴上级支出,经营支出,对附属单位补助支出
,合计,87277.34,77917.31,9360.03,0,0,0
229,其他支出,342.00,0,342.00,0,0,0
"""),
    "公开04": rows_of("""
栏,行次,项目,合计,一般公共预算财政拨款,政府性基金预算财政拨款,国有资本经营预算财政拨款
收入,1,一、一般公共预算财政拨款,81315.03,,,
收入,2,,,,,
收入,3,本年收入合计,84936.39,,,
收入,4,总计,84936.39,,,
支出,5,十一、城乡社区支出,3821.36,200.00,3621.36,0
支出,6,本年支出合计,84936.39,81315.03,3621.36,0
支出,7,,,,,
"""),
    "公开05": rows_of("""
科目代码,科目名称,小计,基本支出,项目支出
,合计,81315.03,76238.99,5076.04
2040220,执法办案,1223.38,1221.78,1.60
"""),
    "公开06": rows_of("""
经费,科目代码,科目名称,决算数
人员经费,301,工资福利支出,63112.83
人员经费,30101,基本工资,26016.91
人员经费,303,对个人和家庭的补助,3169.97
人员经费,30399,其他对个人和家庭的补助,0.61
公用经费,302,商品和服务支出,9830.74
公用经费,30201,办公费,609.90
公用经费,30202,印刷费,87.71
公用经费,30240,税金及附加费用,0.01
公用经费,307,债务利息及费用支出,0
公用经费,310,资本性支出,125.44
公用经费,31099,其他资本性支出,0.63
公用经费,399,其他支出,0
"""),
    "公开07": rows_of("""
科目代码,科目名称,年初结转和结余,本年收入,小计,基本支出,项目支出,年末结转和结余
,合计,0,3621.36,3621.36,524.46,3096.90,0
2120899,其他国有土地使用权出让收入安排的支出,0,3621.36,3621.36,524.46,3096.90,0
"""),
    "公开08": rows_of("""
科目代码,科目名称,合计,基本支出,项目支出
,合计,,,
"""),
    "公开09": rows_of("""
预算数.合计,预算数.因公出国（境）费,预算数.公务用车购置及运行维护费.小计,预算数.公务用车购置费,预算数.公务用车运行维护费,预算数.公务接待费,决算数.合计,决算数.因公出国（境）费,决算数.公务用车购置及运行维护费.小计,决算数.公务用车购置费,决算数.公务用车运行维护费,决算数.公务接待费
1523.07,,1519.30,614.47,904.82,3.78,1523.07,,1519.30,614.47,904.82,3.78
"""),
}

TITLES = {
    "公开01": "收入支出决算总表",
    "公开02": "收入决算表",
    "公开03": "支出决算表",
    "公开04": "财政拨款收入支出决算总表",
    "公开05": "一般公共预算财政拨款支出决算表",
    "公开06": "一般公共预算财政拨款基本支出决算明细表",
    "公开07": "政府性基金预算财政拨款收入支出决算表",
    "公开08": "国有资本经营预算财政拨款支出决算表",
    "公开09": "财政拨款“三公”经费支出决算表",
}

# seed-catalog §3.0, verbatim: 02/03 have no final 「。」, 07 no 尾差 sentence, 08 a 说明
NOTES = {
    "公开01": ("注：本表反映部门本年度的总收支和年末结转结余情况。本表金额转换为万元时，因四舍五入可能存在尾差。",),
    "公开02": ("注：本表反映部门本年度取得的各项收入情况。本表金额转换为万元时，因四舍五入可能存在尾差",),
    "公开03": ("注：本表反映部门本年度各项支出情况。本表金额转换为万元时，因四舍五入可能存在尾差",),
    "公开04": ("注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。本表金额转换为万元时，因四舍五入可能存在尾差。",),
    "公开05": ("注：本表反映部门本年度一般公共预算财政拨款支出情况。本表金额转换为万元时，因四舍五入可能存在尾差。",),
    "公开06": ("注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。本表金额转换为万元时，因四舍五入可能存在尾差。",),
    "公开07": ("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",),
    "公开08": ("注：本表反映部门本年度国有资本经营预算财政拨款支出情况。本表金额转换为万元时，因四舍五入可能存在尾差。",
               "说明：我部门没有国有资本经营收入，也没有使用国有资本经营安排的支出，故本表无数据。"),
    "公开09": ("注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。本表金额转换为万元时，因四舍五入可能存在尾差。",),
}

LANDSCAPE = {"公开01", "公开04", "公开06", "公开09"}


def build(data: dict[str, list[dict[str, str]]] = FIXTURES) -> dict[str, Table]:
    tables = final_accounts_tables("安阳市公安局", 2023, data)
    return {t.name[:4]: t for t in tables}


def grid(table: Table) -> dict[tuple[int, int], Placed]:
    return {(p.row, p.col): p for p in table.placed()}


def header_grid(table: Table) -> list[list[tuple[str, int, int]]]:
    """The header rows as (text, colspan, rowspan) per row, left to right."""
    out: list[list[tuple[str, int, int]]] = [[] for _ in range(table.header_rows)]
    for p in table.placed():
        if p.row < table.header_rows:
            out[p.row].append((p.cell.text, p.cell.colspan, p.cell.rowspan))
    return out


def fmt(text: str) -> str:
    """How the seed prints a CSV amount (the test's own formatting, independent of the layout's)."""
    text = text.strip()
    if not text:
        return ""
    number = Decimal(text).quantize(Decimal("0.01"))
    if number == 0:
        return "0"
    whole, frac = f"{abs(number):.2f}".split(".")
    grouped = f"{int(whole):,}"
    return ("-" if number < 0 else "") + f"{grouped}.{frac}"


# --- where each CSV value must be printed: (grid row, grid col) → text ----------------------------

def expected_cells(table_id: str, table: Table, csv_rows: list[dict[str, str]]) -> dict[tuple[int, int], str]:
    first = table.header_rows
    out: dict[tuple[int, int], str] = {}
    if table_id in ("公开01", "公开04"):
        income = [r for r in csv_rows if r["栏"] == "收入"]
        spending = [r for r in csv_rows if r["栏"] == "支出"]
        income_amount = "金额" if table_id == "公开01" else "合计"
        spending_amounts = ["金额"] if table_id == "公开01" else ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
        for k, r in enumerate(income):
            out[(first + k, 0)] = r["项目"]
            out[(first + k, 1)] = r["行次"]
            out[(first + k, 2)] = fmt(r[income_amount])
        for k, r in enumerate(spending):
            out[(first + k, 3)] = r["项目"]
            out[(first + k, 4)] = r["行次"]
            for j, c in enumerate(spending_amounts):
                out[(first + k, 5 + j)] = fmt(r[c])
    elif table_id == "公开06":
        blocks: list[list[dict[str, str]]] = [[], [], []]
        for r in csv_rows:
            block = 0 if r["经费"] == "人员经费" else 1 if r["科目代码"].startswith("302") else 2
            blocks[block].append(r)
        for b, block in enumerate(blocks):
            for k, r in enumerate(block):
                out[(first + k, 3 * b)] = r["科目代码"]
                out[(first + k, 3 * b + 1)] = r["科目名称"]
                out[(first + k, 3 * b + 2)] = fmt(r["决算数"])
    elif table_id == "公开09":
        columns = [f"{side}.{part}" for side in ("预算数", "决算数") for part in PARTS_09]
        for i, r in enumerate(csv_rows):
            for j, c in enumerate(columns):
                out[(first + i, j)] = fmt(r[c])
    else:
        columns = {"公开02": COLUMNS_02, "公开03": COLUMNS_03, "公开05": COLUMNS_05, "公开07": COLUMNS_07,
                   "公开08": COLUMNS_08}[table_id]
        for i, r in enumerate(csv_rows):
            if r["科目代码"]:
                out[(first + i, 0)] = r["科目代码"]
                out[(first + i, 1)] = r["科目名称"]
            else:  # 合计: in the code column, the name column blank (§3.2)
                out[(first + i, 0)] = r["科目名称"]
                out[(first + i, 1)] = ""
            for j, c in enumerate(columns):
                out[(first + i, 2 + j)] = fmt(r[c])
    return out


def check_every_value_printed(table_id: str, table: Table, csv_rows: list[dict[str, str]]) -> None:
    cells = grid(table)
    for (r, c), text in expected_cells(table_id, table, csv_rows).items():
        assert (r, c) in cells, f"{table_id}: nothing starts at row {r} col {c}"
        assert cells[(r, c)].cell.text == text, f"{table_id} row {r} col {c}"
        if text and cells[(r, c)].cell.role == "number":
            number = cells[(r, c)].cell.number
            assert number is not None and fmt(str(number)) == text  # Excel stores the same number


# --- the nine tables ----------------------------------------------------------------------------

def test_nine_tables_in_order_with_the_shared_header_block():
    tables = final_accounts_tables("安阳市公安局", 2023, FIXTURES)
    assert [t.name for t in tables] == [f"{i}表 {TITLES[i]}" for i in IDS]
    for table_id, table in zip(IDS, tables):
        assert table.title == TITLES[table_id]
        n = table_id[-2:]
        # the header block as published (seed-catalog §3.0): 部门 left, 年度 centred, 表号 right; 金额单位 below, right
        assert table.subtitles == () and table.unit_line == ""
        assert table.header_lines == (("部门：安阳市公安局", "2023 年度", f"公开 {n} 表"), ("", "", "金额单位：万元"))
        assert table.notes == NOTES[table_id]
        table.placed()
        if table_id in LANDSCAPE:
            assert table.orientation == "landscape" and sum(table.columns) <= 267
        else:
            assert table.orientation == "portrait" and sum(table.columns) <= 180
        assert table.header_rows >= 2
        assert all(not r.header for r in table.rows[table.header_rows:])


def test_missing_tables_are_skipped():
    tables = final_accounts_tables("某部门", 2024, {k: FIXTURES[k] for k in ("公开09", "公开02")})
    assert [t.name for t in tables] == ["公开02表 收入决算表", "公开09表 财政拨款“三公”经费支出决算表"]
    assert tables[0].header_lines[0] == ("部门：某部门", "2024 年度", "公开 02 表")
    assert final_accounts_tables("某部门", 2024, {}) == []


@pytest.mark.parametrize("table_id", IDS)
def test_every_fixture_value_is_printed_in_its_cell(table_id):
    table = build()[table_id]
    check_every_value_printed(table_id, table, FIXTURES[table_id])


# --- header rows and spans (§3.1–§3.9) ------------------------------------------------------------

def test_01_headers():
    table = build()["公开01"]
    assert header_grid(table) == [
        [("收入", 3, 1), ("支出", 3, 1)],
        [("项目", 1, 1), ("行次", 1, 1), ("金额", 1, 1), ("项目", 1, 1), ("行次", 1, 1), ("金额", 1, 1)],
        [("栏次", 1, 1), ("", 1, 1), ("1", 1, 1), ("栏次", 1, 1), ("", 1, 1), ("2", 1, 1)],
    ]


def test_01_halves_side_by_side_padding_the_shorter():
    table = build()["公开01"]
    cells = grid(table)
    first = table.header_rows
    assert len(table.rows) == first + 7  # 6 income rows, 7 expenditure rows
    # row 1: the first income row next to the first expenditure row
    assert [cells[(first, c)].cell.text for c in range(6)] == [
        "一、一般公共预算财政拨款收入", "1", "81,315.03", "一、一般公共服务支出", "7", "54.64"]
    # a blank label keeps its 行次 and prints no amount
    assert [cells[(first + 3, c)].cell.text for c in range(3)] == ["", "4", ""]
    # the last row: income padded blank, expenditure 结余分配 with a blank amount
    assert [cells[(first + 6, c)].cell.text for c in range(6)] == ["", "", "", "结余分配", "13", ""]
    names = [cells[(first, 0)].cell, cells[(first, 3)].cell]
    assert all(c.alignment == "left" for c in names)
    assert cells[(first, 1)].cell.alignment == "center"
    assert cells[(first, 2)].cell.alignment == "right"


def test_02_and_03_headers():
    tables = build()
    assert header_grid(tables["公开02"]) == [
        [("项目", 2, 1), *((c, 1, 2) for c in COLUMNS_02)],
        [("科目代码", 1, 1), ("科目名称", 1, 1)],
        [("栏次", 2, 1), *((str(n), 1, 1) for n in range(1, 8))],
    ]
    assert len(tables["公开02"].columns) == 9
    assert header_grid(tables["公开03"]) == [
        [("项目", 2, 1), *((c, 1, 2) for c in COLUMNS_03)],
        [("科目代码", 1, 1), ("科目名称", 1, 1)],
        [("栏次", 2, 1), *((str(n), 1, 1) for n in range(1, 7))],
    ]
    assert len(tables["公开03"].columns) == 8


def test_subject_rows_code_centred_name_left_not_indented():
    table = build()["公开02"]
    cells = grid(table)
    first = table.header_rows
    total = [cells[(first, c)].cell for c in range(9)]
    assert [c.text for c in total] == ["合计", "", "87,277.34", "84,936.39", "0", "0", "0", "0", "2,340.94"]
    for k, code in enumerate(["201", "20111", "2011105"], start=1):
        assert cells[(first + k, 0)].cell.text == code
        assert cells[(first + k, 0)].cell.alignment == "center"
        name = cells[(first + k, 1)].cell
        assert name.alignment == "left" and name.text == name.text.lstrip()


def test_04_headers():
    table = build()["公开04"]
    assert header_grid(table) == [
        [("收 入", 3, 1), ("支 出", 6, 1)],
        [("项目", 1, 1), ("行次", 1, 1), ("金额", 1, 1), ("项目", 1, 1), ("行次", 1, 1), ("合计", 1, 1),
         ("一般公共预算财政拨款", 1, 1), ("政府性基金预算财政拨款", 1, 1), ("国有资本经营预算财政拨款", 1, 1)],
        [("栏次", 1, 1), ("", 1, 1), ("1", 1, 1), ("栏次", 1, 1), ("", 1, 1),
         ("2", 1, 1), ("3", 1, 1), ("4", 1, 1), ("5", 1, 1)],
    ]


def test_04_income_rows_print_only_their_total():
    rows = [dict(r) for r in FIXTURES["公开04"]]
    rows[0]["一般公共预算财政拨款"] = "81315.03"
    assert ("公开04", 2, "一般公共预算财政拨款", "B011") in findings({"公开04": rows})


def test_05_07_08_headers():
    tables = build()
    assert header_grid(tables["公开05"]) == [
        [("项目", 2, 1), ("本年支出", 3, 1)],
        [("科目代码", 1, 1), ("科目名称", 1, 1), ("小计", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1)],
        [("栏次", 2, 1), ("1", 1, 1), ("2", 1, 1), ("3", 1, 1)],
    ]
    assert header_grid(tables["公开08"])[1][2] == ("合计", 1, 1)  # as 05, with 合计 for 小计
    assert header_grid(tables["公开07"]) == [
        [("项目", 2, 1), ("年初结转和结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3, 1), ("年末结转和结余", 1, 2)],
        [("科目代码", 1, 1), ("科目名称", 1, 1), ("小计", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1)],
        [("栏次", 2, 1), *((str(n), 1, 1) for n in range(1, 7))],
    ]


def test_08_prints_a_blank_total_row():
    table = build()["公开08"]
    assert [c.text for c in table.rows[-1].cells] == ["合计", "", "", "", ""]
    assert len(table.rows) == table.header_rows + 1


def test_06_three_blocks_and_computed_totals():
    table = build()["公开06"]
    assert header_grid(table) == [
        [("人员经费", 3, 1), ("公用经费", 6, 1)],
        [(h, 1, 1) for _ in range(3) for h in ("科目代码", "科目名称", "决算数")],
    ]
    cells = grid(table)
    first = table.header_rows
    assert [cells[(first + k, 0)].cell.text for k in range(4)] == ["301", "30101", "303", "30399"]
    assert [cells[(first + k, 3)].cell.text for k in range(4)] == ["302", "30201", "30202", "30240"]
    assert [cells[(first + k, 6)].cell.text for k in range(4)] == ["307", "310", "31099", "399"]
    last = [(p.cell.text, p.col, p.cell.colspan) for p in table.placed() if p.row == len(table.rows) - 1]
    # 人员经费合计 = 301 + 303; 公用经费合计 = 302 + 307 + 310 + 399 (3-digit rows only)
    assert last == [("人员经费合计", 0, 2), ("66,282.80", 2, 1), ("公用经费合计", 3, 5), ("9,956.18", 8, 1)]
    total = cells[(len(table.rows) - 1, 8)].cell
    assert total.number == Decimal("9956.18") and total.number_format == "#,##0.00"


def test_06_pads_short_blocks_with_blank_cells():
    data = {"公开06": FIXTURES["公开06"][:2] + FIXTURES["公开06"][4:5]}
    table = build(data)["公开06"]
    cells = grid(table)
    first = table.header_rows
    assert [cells[(first + 1, c)].cell.text for c in range(3, 9)] == ["", "", "", "", "", ""]
    assert [p.cell.text for p in table.placed() if p.row == len(table.rows) - 1] == [
        "人员经费合计", "63,112.83", "公用经费合计", "9,830.74"]


def test_09_headers():
    table = build()["公开09"]
    side_top = [("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行维护费", 3, 1), ("公务接待费", 1, 2)]
    side_sub = [("小计", 1, 1), ("公务用车购置费", 1, 1), ("公务用车运行维护费", 1, 1)]
    assert header_grid(table) == [
        [("预算数", 6, 1), ("决算数", 6, 1)],
        side_top + side_top,
        side_sub + side_sub,
        [(str(n), 1, 1) for n in range(1, 13)],
    ]
    assert [c.text for c in table.rows[-1].cells] == [
        "1,523.07", "", "1,519.30", "614.47", "904.82", "3.78", "1,523.07", "", "1,519.30", "614.47", "904.82", "3.78"]


# --- amounts -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "text", "number", "excel"), [
    ("81315.03", "81,315.03", Decimal("81315.03"), "#,##0.00"),
    ("200", "200.00", Decimal("200.00"), "#,##0.00"),
    ("342.00", "342.00", Decimal("342.00"), "#,##0.00"),
    ("0", "0", Decimal(0), "0"),
    ("0.00", "0", Decimal(0), "0"),
    ("0.004", "0", Decimal(0), "0"),  # rounds to zero: printed as a zero
    ("0.005", "0.01", Decimal("0.01"), "#,##0.00"),  # half-up, not banker's
    ("1234.565", "1,234.57", Decimal("1234.57"), "#,##0.00"),
    ("1234567.8", "1,234,567.80", Decimal("1234567.80"), "#,##0.00"),
    ("-1234.5", "-1,234.50", Decimal("-1234.50"), "#,##0.00"),
])
def test_amount_format(raw, text, number, excel):
    cell = disclosure_amount(Decimal(raw))
    assert (cell.text, cell.number, cell.number_format, cell.role) == (text, number, excel, "number")


def test_blank_amount_is_a_blank_cell():
    cell = disclosure_amount(None)
    assert (cell.text, cell.number, cell.number_format) == ("", None, None)


@pytest.mark.parametrize(("table_id", "column", "bad"), [
    ("公开02", "其他收入", "2,340.94"),
    ("公开09", "决算数.公务接待费", "3.78万元"),
    ("公开06", "决算数", "NaN"),
])
def test_a_bad_amount_names_the_table_and_column(table_id, column, bad):
    rows = [dict(r) for r in FIXTURES[table_id]]
    rows[0][column] = bad
    assert (table_id, 2, column, "B007") in findings({table_id: rows})


def test_a_missing_column_or_unknown_side_is_an_error():
    rows = [{k: v for k, v in r.items() if k != "项目支出"} for r in FIXTURES["公开05"]]
    assert ("公开05", 1, "项目支出", "B013") in findings({"公开05": rows})
    rows = [dict(r) for r in FIXTURES["公开01"]]
    rows[0]["栏"] = "收"
    assert ("公开01", 2, "栏", "B014") in findings({"公开01": rows})
    rows = [dict(r) for r in FIXTURES["公开06"]]
    rows[0]["经费"] = "其他"
    assert ("公开06", 2, "经费", "B014") in findings({"公开06": rows})


# --- against the seed -----------------------------------------------------------------------------

def test_titles_and_footnotes_are_lines_of_the_seed():
    lines = set(SEED.read_text(encoding="utf-8").splitlines())
    for table_id in IDS:
        assert TITLES[table_id] in lines
        for note in NOTES[table_id]:
            assert note in lines, (table_id, note)


def real_csvs() -> dict[str, list[dict[str, str]]]:
    data = {}
    for table_id in IDS:
        path = CSV_DIR / f"{table_id}.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as f:
                data[table_id] = list(csv.DictReader(f))
    return data


REAL = real_csvs()


@pytest.mark.skipif(not REAL, reason="the 决算 CSVs are not transcribed yet")
@pytest.mark.parametrize("table_id", [i for i in IDS if i in REAL])
def test_every_transcribed_value_is_printed_in_its_cell(table_id):
    table = build(REAL)[table_id]
    table.placed()
    check_every_value_printed(table_id, table, REAL[table_id])


@pytest.mark.skipif(not {"公开01", "公开06"} <= REAL.keys(), reason="the 决算 CSVs are not transcribed yet")
def test_transcribed_tables_print_the_published_totals():
    tables = build(REAL)
    t01 = tables["公开01"]
    assert t01.rows[t01.header_rows].cells[2].text == "81,315.03"
    assert [c.text for c in t01.rows[-1].cells] == ["总计", "31", "87,277.34", "总计", "62", "87,277.34"]
    assert len(t01.rows) == t01.header_rows + 31  # 31 income rows beside 31 expenditure rows
    t06 = tables["公开06"]
    assert [p.cell.text for p in t06.placed() if p.row == len(t06.rows) - 1] == [
        "人员经费合计", "66,282.80", "公用经费合计", "9,956.18"]  # as printed, seed L378
