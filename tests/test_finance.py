"""The 部门决算 tables 公开01–09 of seed 001 (安阳市公安局 2023) and their arithmetic checks."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT, SPECS, catalog
from docgen import codes
from docgen.check.financial import CsvTable, check_financial, read_csv
from docgen.diagnostics import Diagnostic

TABLESET = catalog().tableset("henan-决算")
SUBJECT_TABLES = {tid: tuple(c for c, k in t.columns.items() if k == "amount")
                  for tid, t in TABLESET.tables.items() if t.rows.kind == "subjects" and t.rows.total}
COLUMNS_09 = tuple(TABLESET.tables["公开09"].columns)
ECONOMIC_CODES_06 = TABLESET.tables["公开06"].rows.fixed_codes
SUM_MISMATCH, CROSS_MISMATCH, NAME_MISMATCH, UNKNOWN_CODE = codes.B001_SUM, codes.B002_CROSS, codes.B003_NAME, codes.B004_UNKNOWN
BAD_CODE, NOT_AN_AMOUNT, MISSING_ROW, WRONG_LABEL = codes.B005_BAD_CODE, codes.B007_NOT_AMOUNT, codes.B008_NO_ROW, codes.B009_LABEL


def read_tables(folder: Path) -> dict[str, CsvTable]:
    tables = {}
    for path in sorted(Path(folder).glob("*.csv")):
        table, problems = read_csv(path)
        assert not problems and table is not None
        tables[path.stem] = table
    return tables


def read_subjects(path: Path) -> dict[str, str]:
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        return {row["科目代码"].strip(): row["科目名称"].strip() for row in csv.DictReader(fh) if row.get("科目代码")}


def check_tables(tables: dict[str, CsvTable], subjects: dict[str, str]) -> list[Diagnostic]:
    return check_financial(TABLESET, tables, subjects)


def rows(tables: dict[str, CsvTable], table: str) -> list[dict[str, str]]:
    return tables[table].rows


def with_rows(tables: dict[str, CsvTable], table: str, new_rows: list[dict[str, str]]) -> dict[str, CsvTable]:
    old = tables[table]
    return {**tables, table: CsvTable(old.path, old.header, new_rows)}


def table_of(d: Diagnostic) -> str:
    return Path(d.file).stem

# the faithful transcription, with the seed's own E-001-12 (specs/ holds the corrected copy)
FOLDER = DATA / "seed_errors" / "ay23-决算"
EXAMPLE = SPECS / "anyang-2023" / "决算"
SUBJECTS_CSV = ROOT / "templates" / "subjects" / "2023.csv"
TABLES = [f"公开0{n}" for n in range(1, 10)]


@pytest.fixture(scope="module")
def subjects() -> dict[str, str]:
    return read_subjects(SUBJECTS_CSV)


@pytest.fixture(scope="module")
def seed() -> dict[str, list[dict[str, str]]]:
    return read_tables(FOLDER)


def where(findings: list[Diagnostic]) -> list[tuple[str, int, str, str]]:
    """(table, CSV data row — 0 for the table as a whole —, column, the other table) of each finding."""
    return sorted((table_of(f), f.line - 1, str(f.params.get("column", "")), str(f.params.get("other_table", ""))) for f in findings)


# --- the transcription ---------------------------------------------------------------------------

def test_all_nine_tables_are_there(seed):
    assert sorted(seed) == TABLES


def test_headers(seed):
    header = lambda t: seed[t].header
    assert header("公开01") == ["栏", "行次", "项目", "金额"]
    assert header("公开04") == ["栏", "行次", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    for table, columns in SUBJECT_TABLES.items():
        assert header(table) == ["科目代码", "科目名称", *columns]
    assert header("公开06") == ["经费", "科目代码", "科目名称", "决算数"]
    assert header("公开09") == list(COLUMNS_09)


def test_amounts_are_plain_numbers(seed):
    skip = {"栏", "行次", "项目", "科目代码", "科目名称", "经费"}
    for table, data in seed.items():
        for row in data.rows:
            for column, value in row.items():
                if column not in skip:
                    assert value == "" or re.fullmatch(r"0|-?\d+\.\d\d", value), (table, column, value)


def test_fixed_rows_and_first_rows(seed):
    assert [int(r["行次"]) for r in rows(seed, "公开01")] == list(range(1, 63))
    assert [int(r["行次"]) for r in rows(seed, "公开04")] == list(range(1, 65))
    assert {r["栏"] for r in rows(seed, "公开01")[:31]} == {"收入"} and {r["栏"] for r in rows(seed, "公开01")[31:]} == {"支出"}
    for table in SUBJECT_TABLES:
        assert (rows(seed, table)[0]["科目代码"], rows(seed, table)[0]["科目名称"]) == ("", "合计")
    assert len(rows(seed, "公开08")) == 1 and not any(v for k, v in rows(seed, "公开08")[0].items() if k != "科目名称")
    codes06 = [(r["经费"], r["科目代码"]) for r in rows(seed, "公开06")]
    assert codes06 == [(block, c) for block, fixed in ECONOMIC_CODES_06.items() for c in fixed]
    assert len(rows(seed, "公开09")) == 1


def test_spot_values(seed):
    assert rows(seed, "公开01")[0]["金额"] == "81315.03"
    assert rows(seed, "公开01")[2]["金额"] == "0"
    assert rows(seed, "公开01")[8]["金额"] == ""                       # 行次 9: blank
    assert rows(seed, "公开04")[58]["政府性基金预算财政拨款"] == "3621.36"  # 行次 59
    assert rows(seed, "公开09")[0]["预算数.因公出国（境）费"] == ""
    assert rows(seed, "公开03")[23]["科目名称"] == "其他国有土地使用权出让收入安排的支"  # E-001-12, as printed
    assert rows(seed, "公开07")[3]["科目名称"] == "其他国有土地使用权出让收入安排的支出"


def test_subjects_file_covers_every_code(seed, subjects):
    used = {r["科目代码"] for t in ("公开02", "公开03", "公开05", "公开06", "公开07", "公开08") for r in rows(seed, t) if r["科目代码"]}
    assert used == set(subjects)
    assert subjects["2120899"] == "其他国有土地使用权出让收入安排的支出"
    assert subjects["204"] == "公共安全支出" and subjects["30101"] == "基本工资"
    with SUBJECTS_CSV.open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["科目代码", "科目名称"]


# --- the seed as printed -------------------------------------------------------------------------

def test_seed_has_only_the_truncated_name_of_E_001_12(seed, subjects):
    findings = check_tables(seed, subjects)
    assert where(findings) == [("公开02", 24, "科目名称", ""), ("公开03", 24, "科目名称", "")]
    for f in findings:
        assert f.message_ is NAME_MISMATCH
        assert {k: f.params[k] for k in ("code", "name", "expected")} == {"code": "2120899", "name": "其他国有土地使用权出让收入安排的支", "expected": "其他国有土地使用权出让收入安排的支出"}


def test_rounding_differences_are_tolerated_but_not_more(seed, subjects):
    # 公开01: 81,315.03 + 3,621.36 + 2,340.94 = 87,277.33, printed 87,277.34 (尾差)
    assert not [f for f in check_tables(seed, subjects) if table_of(f) == "公开01"]
    changed = [dict(r) for r in rows(seed, "公开01")]
    changed[0]["金额"] = "81315.00"   # off by 0.04 with three non-zero parts (tolerance 0.03)
    tables = with_rows(seed, "公开01", changed)
    assert ("公开01", 27, "金额", "") in where(check_tables(tables, subjects))


# --- deliberate breaks ---------------------------------------------------------------------------

def broken(tmp_path: Path, table: str, row: int, column: str, value: str) -> dict[str, CsvTable]:
    """A copy of the seed folder in tmp_path with one cell changed (row is the 1-based data row)."""
    folder = tmp_path / "决算"
    shutil.copytree(FOLDER, folder)
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert rows[row][header.index(column)] != value
    rows[row][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return read_tables(folder)


E_001_12 = [("公开02", 24, "科目名称", ""), ("公开03", 24, "科目名称", "")]

BREAKS = {
    # a 项 amount: the row's 本年收入合计 and the 款 20402 no longer add up
    "项 amount": (("公开02", 12, "其他收入", "230.23"),
                  [("公开02", 8, "其他收入", ""), ("公开02", 12, "本年收入合计", "")]),
    # a 项 amount in 公开05: 项目支出 of 2040220
    "项 amount 公开05": (("公开05", 12, "项目支出", "11.60"),
                        [("公开05", 8, "项目支出", ""), ("公开05", 12, "小计", "")]),
    # a 合计: 公开05 小计 ≠ 基本 + 项目, ≠ Σ 类, and ≠ 公开04 一般公共预算 本年支出合计
    "合计": (("公开05", 1, "小计", "81325.03"),
             [("公开04", 59, "一般公共预算财政拨款", "公开05"), ("公开05", 1, "小计", ""), ("公开05", 1, "小计", "")]),
    # 公开01 本年收入合计: ≠ Σ 1–8, 总计 ≠ 27+28+29, ≠ 公开02 合计
    "公开01 本年收入合计": (("公开01", 27, "金额", "87287.34"),
                           [("公开01", 27, "金额", ""), ("公开01", 27, "金额", "公开02"), ("公开01", 31, "金额", "")]),
    # a class amount of 公开01 against the 类 row of 公开03
    "公开01 class": (("公开01", 35, "金额", "78256.86"),
                     [("公开01", 35, "金额", "公开03"), ("公开01", 58, "金额", "")]),
    # a 公开04 source column: row 合计 ≠ sources, 本年支出合计 ≠ Σ classes, class ≠ 公开07 类
    "公开04 source": (("公开04", 43, "政府性基金预算财政拨款", "3631.36"),
                      [("公开04", 43, "合计", ""), ("公开04", 43, "政府性基金预算财政拨款", "公开07"),
                       ("公开04", 59, "政府性基金预算财政拨款", "")]),
    # a 5-digit 公开06 amount: its 3-digit total no longer adds up
    "公开06 amount": (("公开06", 2, "决算数", "26116.91"), [("公开06", 1, "决算数", "")]),
    # a 3-digit 公开06 amount: Σ 款 and 人员 + 公用 ≠ 公开05 基本支出
    "公开06 total": (("公开06", 1, "决算数", "63212.83"),
                     [("公开05", 1, "基本支出", "公开06"), ("公开06", 1, "决算数", "")]),
    # a 三公 subtotal: 3 ≠ 4+5 and 1 ≠ 2+3+6 (决算数 side)
    "三公 subtotal": (("公开09", 1, "决算数.公务用车购置及运行维护费.小计", "1529.30"),
                      [("公开09", 1, "决算数.公务用车购置及运行维护费.小计", ""), ("公开09", 1, "决算数.合计", "")]),
    # 公开07 年末 ≠ 年初 + 本年收入 − 小计, ≠ Σ 类, ≠ 公开04 年末
    "公开07 年末": (("公开07", 1, "年末结转和结余", "5.00"),
                    [("公开04", 60, "政府性基金预算财政拨款", "公开07"), ("公开07", 1, "年末结转和结余", ""),
                     ("公开07", 1, "年末结转和结余", "")]),
    # a 科目名称
    "科目名称": (("公开05", 9, "科目名称", "行政运转"), [("公开05", 9, "科目名称", "")]),
    # an unknown code (same 款, so the hierarchy still adds up)
    "unknown code": (("公开03", 11, "科目代码", "2040288"), [("公开03", 11, "科目代码", "")]),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_break_is_found_where_it_is(name, tmp_path, subjects):
    (table, row, column, value), expected = BREAKS[name]
    findings = check_tables(broken(tmp_path, table, row, column, value), subjects)
    assert where(findings) == sorted(expected + E_001_12)


def test_break_messages(tmp_path, subjects):
    findings = check_tables(broken(tmp_path, "公开01", 27, "金额", "87287.34"), subjects)
    cross = [f for f in findings if f.params.get("other_table")]
    assert len(cross) == 1 and cross[0].message_ is CROSS_MISMATCH
    assert cross[0].params["stated"] == "87287.34" and cross[0].params["other"] == "87277.34"
    assert cross[0].params["difference"] == "10.00"
    total = next(f for f in findings if f.line == 28 and not f.params.get("other_table"))
    assert total.message_ is SUM_MISMATCH
    assert total.params["computed"] == "87277.33" and total.params["tolerance"] == "0.03"
    assert "87287.34" in total.message("en") and "87277.33" in total.message("en")


def test_name_and_code_messages(tmp_path, subjects):
    findings = check_tables(broken(tmp_path, "公开03", 11, "科目代码", "2040288"), subjects)
    unknown = [f for f in findings if f.message_ is UNKNOWN_CODE]
    assert unknown and (unknown[0].params["code"], unknown[0].params["name"]) == ("2040288", "信息化建设")


def test_not_an_amount_is_reported_once_and_skipped(tmp_path, subjects):
    findings = check_tables(broken(tmp_path, "公开01", 1, "金额", "81,315.03"), subjects)
    assert where(findings) == sorted([("公开01", 1, "金额", "")] + E_001_12)
    assert [f.message_ for f in findings if table_of(f) == "公开01"] == [NOT_AN_AMOUNT]


def test_malformed_code(tmp_path, subjects):
    findings = check_tables(broken(tmp_path, "公开05", 9, "科目代码", "20402011"), subjects)
    assert ("公开05", 9, "科目代码", "") in where(findings)
    assert any(f.message_ is BAD_CODE for f in findings)


def test_missing_fixed_row_and_wrong_label(seed, subjects):
    tables = with_rows(seed, "公开01", [r for r in rows(seed, "公开01") if r["行次"] != "59"])
    findings = check_tables(tables, subjects)
    assert ("公开01", 0, "行次", "") in where(findings)
    assert any(f.message_ is MISSING_ROW and f.params["label"] == "支出 59" for f in findings)
    changed = [dict(r) for r in rows(seed, "公开04")]
    changed[35]["项目"] = "四、公安支出"
    findings = check_tables(with_rows(seed, "公开04", changed), subjects)
    assert [(table_of(f), f.line - 1, f.params["column"], f.message_) for f in findings if table_of(f) == "公开04"] == [("公开04", 36, "项目", WRONG_LABEL)]


def test_half_and_full_width_names_are_the_same(seed, subjects):
    # 公开06 prints 退职(役)费, the official name is 退职（役）费
    assert subjects["30303"] == "退职（役）费"
    assert [r["科目名称"] for r in rows(seed, "公开06") if r["科目代码"] == "30303"] == ["退职(役)费"]


def test_missing_tables_are_skipped(seed, subjects):
    only = {t: seed[t] for t in ("公开01", "公开09")}
    assert check_tables(only, subjects) == []


def test_every_finding_names_its_cell_in_the_csv(tmp_path, subjects):
    tables = broken(tmp_path, "公开02", 12, "其他收入", "230.23")
    for f in check_tables(tables, subjects):
        table = tables[table_of(f)]
        assert Path(f.file) == table.path
        if f.line > 1:  # the CSV line and the position of the column in its header
            assert table.header[f.col - 1] == f.params["column"]
            assert f.format("zh_CN").startswith(f"{table.path}:{f.line}:{f.col}: error B0")


def test_the_corrected_example_has_no_finding():
    assert check_tables(read_tables(EXAMPLE), catalog().subjects(2023)) == []
