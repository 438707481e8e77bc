"""Henan (安阳) 部门决算 公开01–09: the nine financial disclosure tables (seed 001; seed-catalog §3.0–§3.9).

The data are the printed rows as transcribed, one CSV row per printed row (``specs/…/决算/公开0N.csv``
read with ``csv.DictReader``); this module only lays them out.  It checks nothing the check layer
should (sums, 尾差); it does compute the two totals 公开06 prints that are not rows of its CSV.

Every table shares the header block of §3.0: the official title, one line
「部门：{部门}　　{年} 年度　　公开 0N 表」, 「金额单位：万元」 and the footnotes verbatim.  Amounts are
printed as the seed prints them: thousands separator and two decimals (``81,315.03``), zero as ``0``,
not-applicable as a blank cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Callable, Iterable, Literal, Mapping

from ..tree import Cell, Row, Table
from .common import CENT, centred, header, label, money2, row, value

CsvRow = Mapping[str, str]

UNIT_LINE = "金额单位：万元"
_TAIL = "本表金额转换为万元时，因四舍五入可能存在尾差"  # the 尾差 sentence; 02 and 03 print it without 「。」


# --- shared builders -----------------------------------------------------------------------------


def disclosure_amount(number: Decimal | None, colspan: int = 1, rowspan: int = 1) -> Cell:
    """An amount as 公开01–09 print it: ``81,315.03`` (half-up to 2 places), ``0`` for zero, blank for none.

    An amount that rounds to zero prints ``0`` like a zero, so the printed text and the stored number agree.
    """
    if number is None:
        return Cell("", colspan, rowspan, role="number")
    if number.quantize(CENT, rounding=ROUND_HALF_UP) == 0:
        return Cell("0", colspan, rowspan, role="number", number=Decimal(0), number_format="0")
    return money2(number, colspan, rowspan)


def parse_amount(text: str | None, where: str) -> Decimal | None:
    """A CSV amount: a plain decimal (``81315.03``) or blank (not applicable → ``None``)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(f"{where}: {text!r} is not a plain decimal amount (no separators, no units)")
    return number


def _field(csv_row: CsvRow, column: str, where: str) -> str:
    if column not in csv_row:
        raise ValueError(f"{where}: the CSV has no column {column!r}")
    return csv_row[column] or ""


def _amounts(csv_row: CsvRow, columns: Iterable[str], where: str) -> list[Cell]:
    return [disclosure_amount(parse_amount(_field(csv_row, c, where), f"{where} {c}")) for c in columns]


def _item(text: str) -> Cell:
    """A printed row name (一、一般公共预算财政拨款收入, 本年收入合计 …): left-aligned, not indented."""
    return Cell(text, role="label", align="left")


def _header_row(*cells: Cell) -> Row:
    return row(*cells, header_row=True)


def _column_numbers(first: int, count: int) -> list[Cell]:
    """The 栏次 numbers 1, 2, 3 … of the amount columns."""
    return [header(str(n)) for n in range(first, first + count)]


# --- the nine tables -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Disclosure:
    """What differs between the nine tables: their number, title, orientation, notes and grid."""

    number: str  # 01 … 09
    title: str
    orientation: Literal["portrait", "landscape"]
    notes: tuple[str, ...]
    columns: tuple[float, ...]  # millimetres; ≤ 267 landscape, ≤ 180 portrait
    rows: Callable[[list[CsvRow]], list[Row]]

    @property
    def id(self) -> str:
        return f"公开{self.number}"


# 公开01 收入支出决算总表 / 公开04 财政拨款收入支出决算总表: income and expenditure side by side ----------


def _halves(csv_rows: list[CsvRow], where: str) -> tuple[list[CsvRow], list[CsvRow]]:
    income: list[CsvRow] = []
    spending: list[CsvRow] = []
    for n, r in enumerate(csv_rows, start=2):  # line 1 of the CSV is its header
        side = _field(r, "栏", f"{where} line {n}").strip()
        if side == "收入":
            income.append(r)
        elif side == "支出":
            spending.append(r)
        else:
            raise ValueError(f"{where} line {n}: 栏 is {side!r}, expected 收入 or 支出")
    return income, spending


def _side_by_side(income: list[list[Cell]], spending: list[list[Cell]], widths: tuple[int, int]) -> list[Row]:
    """Row k of the grid holds the k-th income row and the k-th expenditure row; the shorter half is padded."""
    rows = []
    for k in range(max(len(income), len(spending))):
        left = income[k] if k < len(income) else [value("") for _ in range(widths[0])]
        right = spending[k] if k < len(spending) else [value("") for _ in range(widths[1])]
        rows.append(row(*left, *right))
    return rows


def _numbered_item(r: CsvRow, where: str) -> list[Cell]:
    """项目 | 行次: the name (may be blank) and its line number."""
    return [_item(_field(r, "项目", where).strip()), centred(_field(r, "行次", where).strip())]


def _rows_01(csv_rows: list[CsvRow]) -> list[Row]:
    where = "公开01"
    income, spending = _halves(csv_rows, where)
    return [
        _header_row(header("收入", 3), header("支出", 3)),
        _header_row(header("项目"), header("行次"), header("金额"), header("项目"), header("行次"), header("金额")),
        _header_row(header("栏次"), header(""), header("1"), header("栏次"), header(""), header("2")),
        *_side_by_side(
            [[*_numbered_item(r, where), *_amounts(r, ["金额"], where)] for r in income],
            [[*_numbered_item(r, where), *_amounts(r, ["金额"], where)] for r in spending],
            (3, 3),
        ),
    ]


_FUNDS_04 = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def _income_04(r: CsvRow, where: str) -> list[Cell]:
    here = f"{where} 收入 行次 {_field(r, '行次', where).strip()}"
    if any(_field(r, c, here).strip() for c in _FUNDS_04):
        raise ValueError(f"{here}: an income row prints only 合计 (金额); the other columns must be blank")
    return [*_numbered_item(r, where), *_amounts(r, ["合计"], here)]


def _rows_04(csv_rows: list[CsvRow]) -> list[Row]:
    where = "公开04"
    income, spending = _halves(csv_rows, where)
    return [
        _header_row(header("收 入", 3), header("支 出", 6)),
        _header_row(header("项目"), header("行次"), header("金额"), header("项目"), header("行次"), header("合计"),
                    *(header(c) for c in _FUNDS_04)),
        _header_row(header("栏次"), header(""), header("1"), header("栏次"), header(""), *_column_numbers(2, 4)),
        *_side_by_side(
            [_income_04(r, where) for r in income],
            [[*_numbered_item(r, where), *_amounts(r, ["合计", *_FUNDS_04], where)] for r in spending],
            (3, 6),
        ),
    ]


# 公开02/03/05/07/08: 科目 rows (合计, then 类/款/项) -------------------------------------------------


def _subject_rows(csv_rows: list[CsvRow], columns: tuple[str, ...], where: str) -> list[Row]:
    """合计 (no 科目代码) in the code column, then each 类/款/项 row: code centred, name left, no indentation."""
    rows = []
    for n, r in enumerate(csv_rows, start=2):
        here = f"{where} line {n}"
        code = _field(r, "科目代码", here).strip()
        name = _field(r, "科目名称", here).strip()
        lead = [label(name), value("")] if not code else [centred(code), value(name)]
        rows.append(row(*lead, *_amounts(r, columns, here)))
    return rows


def _code_name_header() -> Row:
    return _header_row(header("科目代码"), header("科目名称"))


COLUMNS_02 = ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
COLUMNS_03 = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
COLUMNS_05 = ("小计", "基本支出", "项目支出")
COLUMNS_07 = ("年初结转和结余", "本年收入", "小计", "基本支出", "项目支出", "年末结转和结余")
COLUMNS_08 = ("合计", "基本支出", "项目支出")


def _flat_subject_table(columns: tuple[str, ...], where: str) -> Callable[[list[CsvRow]], list[Row]]:
    """公开02/03: 项目 (→2) over 科目代码 | 科目名称, every amount heading two rows high."""

    def rows(csv_rows: list[CsvRow]) -> list[Row]:
        return [
            _header_row(header("项目", 2), *(header(c, rowspan=2) for c in columns)),
            _code_name_header(),
            _header_row(header("栏次", 2), *_column_numbers(1, len(columns))),
            *_subject_rows(csv_rows, columns, where),
        ]

    return rows


def _spending_subject_table(columns: tuple[str, ...], where: str) -> Callable[[list[CsvRow]], list[Row]]:
    """公开05/08: 项目 (→2) | 本年支出 (→3) over 科目代码 | 科目名称 | 小计 (合计) | 基本支出 | 项目支出."""

    def rows(csv_rows: list[CsvRow]) -> list[Row]:
        return [
            _header_row(header("项目", 2), header("本年支出", 3)),
            _header_row(header("科目代码"), header("科目名称"), *(header(c) for c in columns)),
            _header_row(header("栏次", 2), *_column_numbers(1, len(columns))),
            *_subject_rows(csv_rows, columns, where),
        ]

    return rows


def _rows_07(csv_rows: list[CsvRow]) -> list[Row]:
    return [
        _header_row(header("项目", 2), header("年初结转和结余", rowspan=2), header("本年收入", rowspan=2),
                    header("本年支出", 3), header("年末结转和结余", rowspan=2)),
        _header_row(header("科目代码"), header("科目名称"), header("小计"), header("基本支出"), header("项目支出")),
        _header_row(header("栏次", 2), *_column_numbers(1, len(COLUMNS_07))),
        *_subject_rows(csv_rows, COLUMNS_07, "公开07"),
    ]


# 公开06 一般公共预算财政拨款基本支出决算明细表: three blocks side by side --------------------------------

PERSONNEL = "人员经费"
PUBLIC = "公用经费"


def _total(lines: list[tuple[str, str, Decimal | None]]) -> Decimal | None:
    """Σ of the 3-digit (类) rows; blank when none of them has an amount."""
    amounts = [a for code, _, a in lines if len(code) == 3 and a is not None]
    return sum(amounts, Decimal(0)) if amounts else None


def _rows_06(csv_rows: list[CsvRow]) -> list[Row]:
    """Block 1: every 人员经费 row (301, 303); block 2: the 302 rows; block 3: the other 公用经费 rows (307, 310, 399).

    The last row prints 人员经费合计 = Σ 3-digit 人员经费 rows and 公用经费合计 = Σ 3-digit 公用经费 rows.
    """
    blocks: list[list[tuple[str, str, Decimal | None]]] = [[], [], []]
    for n, r in enumerate(csv_rows, start=2):
        here = f"公开06 line {n}"
        kind = _field(r, "经费", here).strip()
        code = _field(r, "科目代码", here).strip()
        line = (code, _field(r, "科目名称", here).strip(), parse_amount(_field(r, "决算数", here), f"{here} 决算数"))
        if kind == PERSONNEL:
            blocks[0].append(line)
        elif kind == PUBLIC:
            blocks[1 if code.startswith("302") else 2].append(line)
        else:
            raise ValueError(f"{here}: 经费 is {kind!r}, expected {PERSONNEL} or {PUBLIC}")
    rows = [
        _header_row(header(PERSONNEL, 3), header(PUBLIC, 6)),
        _header_row(*(header(h) for _ in range(3) for h in ("科目代码", "科目名称", "决算数"))),
    ]
    for k in range(max(len(b) for b in blocks)):
        cells: list[Cell] = []
        for block in blocks:
            if k < len(block):
                code, name, number = block[k]
                cells += [centred(code), value(name), disclosure_amount(number)]
            else:
                cells += [value(""), value(""), value("")]
        rows.append(row(*cells))
    rows.append(row(label("人员经费合计", 2), disclosure_amount(_total(blocks[0])),
                    label("公用经费合计", 5), disclosure_amount(_total(blocks[1] + blocks[2]))))
    return rows


# 公开09 财政拨款“三公”经费支出决算表 ------------------------------------------------------------------

SIDES_09 = ("预算数", "决算数")
# the CSV's column names under each side, in the printed order (栏次 1–6 and 7–12)
PARTS_09 = ("合计", "因公出国（境）费", "公务用车购置及运行维护费.小计", "公务用车购置费", "公务用车运行维护费", "公务接待费")


def _rows_09(csv_rows: list[CsvRow]) -> list[Row]:
    per_side_top = [header("合计", rowspan=2), header("因公出国（境）费", rowspan=2),
                    header("公务用车购置及运行维护费", 3), header("公务接待费", rowspan=2)]
    per_side_sub = [header("小计"), header("公务用车购置费"), header("公务用车运行维护费")]
    rows = [
        _header_row(*(header(side, 6) for side in SIDES_09)),
        _header_row(*per_side_top, *per_side_top),
        _header_row(*per_side_sub, *per_side_sub),
        _header_row(*_column_numbers(1, 12)),
    ]
    columns = [f"{side}.{part}" for side in SIDES_09 for part in PARTS_09]
    for n, r in enumerate(csv_rows, start=2):
        rows.append(row(*_amounts(r, columns, f"公开09 line {n}")))
    return rows


# --- registry ------------------------------------------------------------------------------------

# Widths at the writers' 10.5 pt: 19 mm holds a centred 7-digit 科目代码 and the heading 「科目代码」 on one
# line, and an amount up to 99,999.99 (万元) in a 19–20 mm column; the names take what is left and wrap.
DISCLOSURES: tuple[Disclosure, ...] = (
    Disclosure("01", "收入支出决算总表", "landscape",
               (f"注：本表反映部门本年度的总收支和年末结转结余情况。{_TAIL}。",),
               (85.0, 14.0, 34.0, 85.0, 14.0, 34.0), _rows_01),
    Disclosure("02", "收入决算表", "portrait",
               (f"注：本表反映部门本年度取得的各项收入情况。{_TAIL}",),
               (19.0, 28.0, *(19.0,) * 7), _flat_subject_table(COLUMNS_02, "公开02")),
    Disclosure("03", "支出决算表", "portrait",
               (f"注：本表反映部门本年度各项支出情况。{_TAIL}",),
               (19.0, 41.0, *(20.0,) * 6), _flat_subject_table(COLUMNS_03, "公开03")),
    Disclosure("04", "财政拨款收入支出决算总表", "landscape",
               ("注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的"
                f"总收支和年末结转结余情况。{_TAIL}。",),
               (56.0, 12.0, 25.0, 59.0, 12.0, 25.0, 26.0, 26.0, 26.0), _rows_04),
    Disclosure("05", "一般公共预算财政拨款支出决算表", "portrait",
               (f"注：本表反映部门本年度一般公共预算财政拨款支出情况。{_TAIL}。",),
               (19.0, 71.0, 30.0, 30.0, 30.0), _spending_subject_table(COLUMNS_05, "公开05")),
    Disclosure("06", "一般公共预算财政拨款基本支出决算明细表", "landscape",
               (f"注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。{_TAIL}。",),
               (19.0, 45.0, 25.0) * 3, _rows_06),
    Disclosure("07", "政府性基金预算财政拨款收入支出决算表", "portrait",
               ("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",),
               (19.0, 41.0, *(20.0,) * 6), _rows_07),
    Disclosure("08", "国有资本经营预算财政拨款支出决算表", "portrait",
               (f"注：本表反映部门本年度国有资本经营预算财政拨款支出情况。{_TAIL}。",
                "说明：我部门没有国有资本经营收入，也没有使用国有资本经营安排的支出，故本表无数据。"),
               (19.0, 71.0, 30.0, 30.0, 30.0), _spending_subject_table(COLUMNS_08, "公开08")),
    Disclosure("09", "财政拨款“三公”经费支出决算表", "landscape",
               ("注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
                "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。"
                f"{_TAIL}。",),
               (22.0,) * 12, _rows_09),
)


def final_accounts_table(disclosure: Disclosure, department: str, year: int, csv_rows: list[CsvRow]) -> Table:
    """One 公开0N table from its CSV rows."""
    return Table(
        name=f"{disclosure.id}表 {disclosure.title}",
        title=disclosure.title,
        subtitles=(f"部门：{department}　　{year} 年度　　公开 {disclosure.number} 表",),
        unit_line=UNIT_LINE,
        columns=disclosure.columns,
        rows=tuple(disclosure.rows(list(csv_rows))),
        notes=disclosure.notes,
        orientation=disclosure.orientation,
    )


def final_accounts_tables(department: str, year: int, data: dict[str, list[dict[str, str]]]) -> list[Table]:
    """The 部门决算 tables 公开01…公开09 in order, from ``data`` (``"公开01"`` → its CSV rows); absent ids are skipped.

    Raises ``ValueError`` naming the table, CSV line and column on a missing column or an amount that
    is not a plain decimal.
    """
    return [final_accounts_table(d, department, year, data[d.id]) for d in DISCLOSURES if d.id in data]
