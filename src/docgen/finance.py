"""The nine financial tables of a 部门决算 (公开01–09): read their CSV transcriptions and check them.

The tables are kept as CSV files named after the table (``公开01.csv`` … ``公开09.csv``; the
format is described in ``specs/anyang-2023/决算/README.md``).  :func:`check_tables` recomputes every
relation the printed tables must satisfy and returns one :class:`Finding` per disagreement:

* within a table: totals and subtotals (row sums, the 类/款/项 hierarchy of the 科目 tables, the
  fixed rows of 公开01 and 公开04, the 3-digit economic codes of 公开06, the 小计 of 公开09);
* across tables: the same amount printed in two tables (公开01 ↔ 02/03/04, 公开02 ↔ 04,
  公开04 ↔ 05/07/08, 公开05 ↔ 06);
* against the 政府收支分类科目 list (``templates/subjects/<year>.csv``): unknown codes and names
  that differ from the official one.

Amounts are compared as :class:`~decimal.Decimal`.  The tables are printed in 万元 rounded to two
decimals, so a total may differ from the sum of its printed parts by the rounding (尾差): a
difference of up to 0.01 per non-zero summed part is accepted (at least 0.01).

Where a finding is reported: a total that disagrees with its parts is reported at the total's cell;
a cross-table finding is reported at the cell of the lower-numbered table, with ``other_table``
naming the other one (公开05 ↔ 公开06 is reported at 公开05's 合计 row, 基本支出).  ``row`` is
the 1-based data row of the CSV file (the header is not counted); a finding about the table as a
whole (a missing row) has ``row`` 0.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .diagnostics import DEFAULT_LANG, N_, translate

__all__ = [
    "Finding",
    "read_tables",
    "read_subjects",
    "check_tables",
    "SUBJECT_TABLES",
    "INCOME_LABELS_01",
    "EXPENDITURE_LABELS_01",
    "INCOME_LABELS_04",
    "EXPENDITURE_LABELS_04",
    "CLASSES",
    "ECONOMIC_CODES_06",
]

TOLERANCE_PER_PART = Decimal("0.01")
CENT = Decimal("0.01")

# --- messages (English msgids; translations in docgen/locale/*/LC_MESSAGES/docgen.po) ----------

SUM_MISMATCH = N_("{label}, {column}: printed {stated}, but {formula} gives {computed} (difference {difference}, rounding tolerance {tolerance})")
CROSS_MISMATCH = N_("{label}, {column}: printed {stated}, but {other_table} prints {other} for {other_label}, {other_column} (difference {difference}, rounding tolerance {tolerance})")
NAME_MISMATCH = N_("subject {code}: the name is “{name}” but the official name is “{expected}”")
UNKNOWN_CODE = N_("subject {code} “{name}” is not in the classification of government revenue and expenditure")
BAD_CODE = N_("“{code}” is not a subject code (3, 5 or 7 digits)")
MISSING_PARENT = N_("subject {code} {name}: the row of its parent {parent} is missing")
NOT_AN_AMOUNT = N_("{label}, {column}: “{value}” is not an amount (digits with a decimal point, no thousands separators)")
MISSING_ROW = N_("{table} has no row {label}")
WRONG_LABEL = N_("row {line} of {table}: the label is “{label}” but the fixed label is “{expected}”")
NO_MATCHING_CLASS = N_("class {code} {name} has no expenditure row in {other_table}")


@dataclass(frozen=True)
class Finding:
    table: str        # "公开02"
    row: int          # 1-based data row in that CSV (header excluded); 0 for the table as a whole
    column: str       # the column name ("" for a whole row)
    message_id: str   # an English message with {placeholders}, marked with docgen.diagnostics.N_
    params: dict = field(default_factory=dict)  # values for the placeholders (numbers as str)
    other_table: str = ""   # the other table it disagrees with, for cross-table findings

    def message(self, lang: str = DEFAULT_LANG) -> str:
        template = translate(self.message_id, lang)
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template

    def format(self, lang: str = DEFAULT_LANG) -> str:
        where = f"{self.table}:{self.row}" + (f":{self.column}" if self.column else "")
        return f"{where}: {self.message(lang)}"


# --- the fixed layout of the tables ------------------------------------------------------------

# The 26 functional classes (类) of the 2023 政府收支分类科目, in the order of 公开01 / 公开04.
CLASSES: tuple[str, ...] = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
    "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出", "债务还本支出", "债务付息支出",
    "抗疫特别国债安排的支出",
)
_ORDINALS = (
    "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 "
    "二十一 二十二 二十三 二十四 二十五 二十六"
).split()
_CLASS_LABELS = [f"{o}、{c}" for o, c in zip(_ORDINALS, CLASSES)]

# 行次 → fixed label ("" = a row printed without label).
INCOME_LABELS_01: dict[int, str] = {
    1: "一、一般公共预算财政拨款收入", 2: "二、政府性基金预算财政拨款收入", 3: "三、国有资本经营预算财政拨款收入",
    4: "四、上级补助收入", 5: "五、事业收入", 6: "六、经营收入", 7: "七、附属单位上缴收入", 8: "八、其他收入",
    **{n: "" for n in range(9, 27)},
    27: "本年收入合计", 28: "使用非财政拨款结余和专用结余", 29: "年初结转和结余", 30: "", 31: "总计",
}
EXPENDITURE_LABELS_01: dict[int, str] = {
    **{32 + i: label for i, label in enumerate(_CLASS_LABELS)},
    58: "本年支出合计", 59: "结余分配", 60: "年末结转和结余", 61: "", 62: "总计",
}
INCOME_LABELS_04: dict[int, str] = {
    1: "一、一般公共预算财政拨款", 2: "二、政府性基金预算财政拨款", 3: "三、国有资本经营预算财政拨款",
    **{n: "" for n in range(4, 27)},
    27: "本年收入合计", 28: "年初财政拨款结转和结余", 29: "一般公共预算财政拨款", 30: "政府性基金预算财政拨款",
    31: "国有资本经营预算财政拨款", 32: "总计",
}
EXPENDITURE_LABELS_04: dict[int, str] = {
    **{33 + i: label for i, label in enumerate(_CLASS_LABELS)},
    59: "本年支出合计", 60: "年末财政拨款结转和结余", 61: "", 62: "", 63: "", 64: "总计",
}
_FIXED_ROWS = {
    "公开01": ("金额", {"收入": INCOME_LABELS_01, "支出": EXPENDITURE_LABELS_01}),
    "公开04": ("合计", {"收入": INCOME_LABELS_04, "支出": EXPENDITURE_LABELS_04}),
}
_SOURCES_04 = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
_AMOUNTS_04 = ("合计",) + _SOURCES_04

# Tables with 科目 rows: amount columns, and the row-wise relations (total, added, subtracted).
SUBJECT_TABLES: dict[str, tuple[str, ...]] = {
    "公开02": ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
    "公开03": ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
    "公开05": ("小计", "基本支出", "项目支出"),
    "公开07": ("年初结转和结余", "本年收入", "小计", "基本支出", "项目支出", "年末结转和结余"),
    "公开08": ("合计", "基本支出", "项目支出"),
}
_ROW_SUMS: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...]]]] = {
    "公开02": [("本年收入合计", SUBJECT_TABLES["公开02"][1:], ())],
    "公开03": [("本年支出合计", SUBJECT_TABLES["公开03"][1:], ())],
    "公开05": [("小计", ("基本支出", "项目支出"), ())],
    "公开07": [("小计", ("基本支出", "项目支出"), ()),
               ("年末结转和结余", ("年初结转和结余", "本年收入"), ("小计",))],
    "公开08": [("合计", ("基本支出", "项目支出"), ())],
}
_LEVELS = {3: "类", 5: "款", 7: "项"}

# 公开06: the fixed economic codes, per block.
ECONOMIC_CODES_06: dict[str, tuple[str, ...]] = {
    "人员经费": (
        "301 30101 30102 30103 30106 30107 30108 30109 30110 30111 30112 30113 30114 30199 "
        "303 30301 30302 30303 30304 30305 30306 30307 30308 30309 30310 30311 30399"
    ).split(),
    "公用经费": (
        "302 30201 30202 30203 30204 30205 30206 30207 30208 30209 30211 30212 30213 30214 30215 30216 "
        "30217 30218 30224 30225 30226 30227 30228 30229 30231 30239 30240 30299 "
        "307 30701 30702 "
        "310 31001 31002 31003 31005 31006 31007 31008 31009 31010 31011 31012 31013 31019 31021 31022 31099 "
        "399 39907 39908 39909 39910 39999"
    ).split(),
}
_PERSONNEL_06 = ("301", "303")
_PUBLIC_06 = ("302", "307", "310", "399")

# 公开09: (total, parts) by column name.
_C09 = ("合计", "因公出国（境）费", "公务用车购置及运行维护费.小计", "公务用车购置费", "公务用车运行维护费", "公务接待费")
COLUMNS_09 = tuple(f"{side}.{c}" for side in ("预算数", "决算数") for c in _C09)
_SUMS_09 = [
    (f"{side}.{total}", tuple(f"{side}.{p}" for p in parts))
    for side in ("预算数", "决算数")
    for total, parts in (
        ("公务用车购置及运行维护费.小计", ("公务用车购置费", "公务用车运行维护费")),
        ("合计", ("因公出国（境）费", "公务用车购置及运行维护费.小计", "公务接待费")),
    )
]


# --- reading -----------------------------------------------------------------------------------

def read_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Every ``*.csv`` in *folder*, keyed by the file name without suffix (``公开01`` …)."""
    tables: dict[str, list[dict[str, str]]] = {}
    for path in sorted(Path(folder).glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            tables[path.stem] = list(csv.DictReader(fh))
    return tables


def read_subjects(path: Path | None = None, year: int = 2023) -> dict[str, str]:
    """科目代码 → 科目名称 from a ``科目代码,科目名称`` CSV (default: ``templates/subjects/<year>.csv``)."""
    if path is None:
        from .schemes.registry import templates_dir

        folder = templates_dir() / "subjects"
        path = folder / f"{year}.csv"
        if not path.is_file():  # the closest year's list the project has
            available = sorted(folder.glob("*.csv"), key=lambda p: abs(int(p.stem) - year) if p.stem.isdigit() else 9999)
            if not available:
                return {}
            path = available[0]
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        return {row["科目代码"].strip(): row["科目名称"].strip() for row in csv.DictReader(fh) if row.get("科目代码")}


# --- checking ----------------------------------------------------------------------------------

_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DIGITS = re.compile(r"[0-9]+")
_BAD = object()  # a cell that is not an amount (reported once, relations using it are skipped)


def _text(row: Mapping[str, str | None], column: str) -> str:
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


def _norm_name(name: str) -> str:
    """Names compare equal regardless of full/half-width forms and spaces: 退职(役)费 = 退职（役）费."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _fmt(value: Decimal) -> str:
    return format(value.quantize(CENT), "f")


@dataclass(frozen=True)
class _Cell:
    table: str
    row: int      # 1-based
    column: str
    label: str    # how the row is named in messages


class _Checker:
    def __init__(self, tables: Mapping[str, Sequence[Mapping[str, str]]], subjects: Mapping[str, str]):
        self.tables = tables
        self.subjects = {code.strip(): name for code, name in subjects.items()}
        self.findings: list[Finding] = []
        self._values: dict[tuple[str, int, str], object] = {}

    # -- cells ---------------------------------------------------------------------------------

    def add(self, table: str, row: int, column: str, message_id: str, other_table: str = "", /, **params: object) -> None:
        self.findings.append(Finding(table, row, column, message_id, {k: str(v) for k, v in params.items()}, other_table))

    def printed(self, cell: _Cell) -> str:
        return _text(self.tables[cell.table][cell.row - 1], cell.column) or "—"

    def value(self, cell: _Cell) -> object:
        """The cell as a Decimal (blank = 0), or _BAD when it is not an amount (reported once)."""
        key = (cell.table, cell.row, cell.column)
        if key not in self._values:
            text = _text(self.tables[cell.table][cell.row - 1], cell.column)
            if not text:
                value: object = Decimal(0)
            elif _AMOUNT.fullmatch(text):
                try:
                    value = Decimal(text)
                except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                    value = _BAD
            else:
                value = _BAD
            if value is _BAD:
                self.add(cell.table, cell.row, cell.column, NOT_AN_AMOUNT, label=cell.label, column=cell.column, value=text)
            self._values[key] = value
        return self._values[key]

    # -- relations -----------------------------------------------------------------------------

    def relation(self, total: _Cell, plus: Iterable[_Cell], minus: Iterable[_Cell] = (), formula: str = "", other_table: str = "") -> None:
        """total = Σ plus − Σ minus, within 0.01 per non-zero part."""
        plus, minus = list(plus), list(minus)
        stated = self.value(total)
        parts_plus = [self.value(c) for c in plus]
        parts_minus = [self.value(c) for c in minus]
        if stated is _BAD or any(v is _BAD for v in parts_plus + parts_minus):
            return
        computed = sum(parts_plus, Decimal(0)) - sum(parts_minus, Decimal(0))
        nonzero = sum(1 for v in parts_plus + parts_minus if v != 0)
        tolerance = TOLERANCE_PER_PART * max(1, nonzero)
        difference = stated - computed
        if abs(difference) > tolerance:
            self.add(total.table, total.row, total.column, SUM_MISMATCH, other_table, label=total.label,
                     column=total.column, stated=self.printed(total), formula=formula, computed=_fmt(computed),
                     difference=_fmt(difference), tolerance=_fmt(tolerance))

    def same(self, cell: _Cell, other: _Cell) -> None:
        """The same amount printed in two tables (reported at *cell*)."""
        a, b = self.value(cell), self.value(other)
        if a is _BAD or b is _BAD:
            return
        if abs(a - b) > TOLERANCE_PER_PART:
            self.add(cell.table, cell.row, cell.column, CROSS_MISMATCH, other.table, label=cell.label,
                     column=cell.column, stated=self.printed(cell), other_label=other.label,
                     other_column=other.column, other=self.printed(other), difference=_fmt(a - b),
                     tolerance=_fmt(TOLERANCE_PER_PART))

    # -- 科目 codes ----------------------------------------------------------------------------

    def subject_name(self, table: str, row: int, code: str, name: str, code_column: str = "科目代码", name_column: str = "科目名称") -> None:
        expected = self.subjects.get(code)
        if expected is None:
            self.add(table, row, code_column, UNKNOWN_CODE, code=code, name=name)
        elif _norm_name(expected) != _norm_name(name):
            self.add(table, row, name_column, NAME_MISMATCH, code=code, name=name, expected=expected)

    # -- tables with 科目 rows (公开02/03/05/07/08) --------------------------------------------

    def subject_rows(self, table: str) -> tuple[int | None, dict[str, int]]:
        """(row of 合计, code → row) of a 科目 table; reports malformed codes."""
        rows = self.tables[table]
        total_row: int | None = None
        codes: dict[str, int] = {}
        for i, row in enumerate(rows, 1):
            code, name = _text(row, "科目代码"), _text(row, "科目名称")
            if not code:
                if name == "合计" and total_row is None:
                    total_row = i
                elif name or any(_text(row, c) for c in row if c not in ("科目代码", "科目名称")):
                    self.add(table, i, "科目代码", BAD_CODE, code=code)
                continue
            if not (_DIGITS.fullmatch(code) and len(code) in _LEVELS):
                self.add(table, i, "科目代码", BAD_CODE, code=code)
                continue
            codes.setdefault(code, i)
        return total_row, codes

    def subject_table(self, table: str) -> None:
        rows = self.tables[table]
        columns = SUBJECT_TABLES[table]
        total_row, codes = self.subject_rows(table)

        def cell(i: int, column: str) -> _Cell:
            row = rows[i - 1]
            code = _text(row, "科目代码")
            return _Cell(table, i, column, f"{code} {_text(row, '科目名称')}" if code else "合计")

        for i, row in enumerate(rows, 1):
            code = _text(row, "科目代码")
            if code in codes and codes[code] == i:
                self.subject_name(table, i, code, _text(row, "科目名称"))
        if total_row is None:
            self.add(table, 0, "", MISSING_ROW, table=table, label="合计")
        # row-wise sums
        for i in ([total_row] if total_row else []) + sorted(codes.values()):
            for total, plus, minus in _ROW_SUMS[table]:
                formula = " + ".join(plus) + "".join(f" − {m}" for m in minus)
                self.relation(cell(i, total), [cell(i, c) for c in plus], [cell(i, c) for c in minus], formula)
        # hierarchy: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项
        for code, i in sorted(codes.items(), key=lambda kv: kv[1]):
            if len(code) > 3 and code[: len(code) - 2] not in codes:
                self.add(table, i, "科目代码", MISSING_PARENT, code=code, name=_text(rows[i - 1], "科目名称"), parent=code[: len(code) - 2])
        classes = [i for code, i in codes.items() if len(code) == 3]
        for column in columns:
            if total_row:
                self.relation(cell(total_row, column), [cell(i, column) for i in sorted(classes)], formula="Σ 类")
            for code, i in sorted(codes.items(), key=lambda kv: kv[1]):
                if len(code) == 7:
                    continue
                children = [j for c, j in codes.items() if len(c) == len(code) + 2 and c.startswith(code)]
                level = _LEVELS[len(code) + 2]
                self.relation(cell(i, column), [cell(j, column) for j in sorted(children)], formula=f"Σ {level}")

    def class_rows(self, table: str) -> dict[str, list[int]]:
        """Normalised 类 name → rows of the 3-digit codes of a 科目 table."""
        result: dict[str, list[int]] = {}
        for i, row in enumerate(self.tables.get(table, ()), 1):
            code = _text(row, "科目代码")
            if _DIGITS.fullmatch(code) and len(code) == 3:
                result.setdefault(_norm_name(_text(row, "科目名称")), []).append(i)
        return result

    def subject_cell(self, table: str, i: int, column: str) -> _Cell:
        row = self.tables[table][i - 1]
        code = _text(row, "科目代码")
        return _Cell(table, i, column, f"{code} {_text(row, '科目名称')}" if code else "合计")

    def total_cell(self, table: str, column: str) -> _Cell | None:
        for i, row in enumerate(self.tables.get(table, ()), 1):
            if not _text(row, "科目代码") and _text(row, "科目名称") == "合计":
                return _Cell(table, i, column, "合计")
        return None

    # -- 公开01 / 公开04 -----------------------------------------------------------------------

    def fixed_rows(self, table: str) -> dict[int, int]:
        """行次 → data row; reports missing rows and wrong fixed labels."""
        amount_column, sides = _FIXED_ROWS[table]
        found: dict[int, int] = {}
        for i, row in enumerate(self.tables[table], 1):
            line = _text(row, "行次")
            if _DIGITS.fullmatch(line):
                found.setdefault(int(line), i)
        for side, labels in sides.items():
            for line, label in labels.items():
                if line not in found:
                    self.add(table, 0, "行次", MISSING_ROW, table=table, label=f"{side} {line}")
                    continue
                printed = _text(self.tables[table][found[line] - 1], "项目")
                if _norm_name(printed) != _norm_name(label):
                    self.add(table, found[line], "项目", WRONG_LABEL, line=line, table=table, label=printed, expected=label)
        return found

    def line_cell(self, table: str, rows: dict[int, int], line: int, column: str) -> _Cell | None:
        if line not in rows:
            return None
        label = _text(self.tables[table][rows[line] - 1], "项目") or ""
        return _Cell(table, rows[line], column, f"{label}（行次 {line}）" if label else f"行次 {line}")

    def table_01(self) -> dict[int, int]:
        t = "公开01"
        rows = self.fixed_rows(t)
        c = lambda n: self.line_cell(t, rows, n, "金额")  # noqa: E731
        self._sum(c(27), [c(n) for n in range(1, 9)], "行次 1–8")
        self._sum(c(31), [c(27), c(28), c(29)], "行次 27 + 28 + 29")
        self._sum(c(58), [c(n) for n in range(32, 58)], "行次 32–57")
        self._sum(c(62), [c(58), c(59), c(60)], "行次 58 + 59 + 60")
        self._sum(c(62), [c(31)], "总计（行次 31）")
        return rows

    def table_04(self) -> dict[int, int]:
        t = "公开04"
        rows = self.fixed_rows(t)
        c = lambda n, col="合计": self.line_cell(t, rows, n, col)  # noqa: E731
        self._sum(c(27), [c(1), c(2), c(3)], "行次 1 + 2 + 3")
        self._sum(c(28), [c(29), c(30), c(31)], "行次 29 + 30 + 31")
        self._sum(c(32), [c(27), c(28)], "行次 27 + 28")
        for line in range(33, 65):
            self._sum(c(line), [c(line, s) for s in _SOURCES_04], " + ".join(_SOURCES_04))
        for col in _AMOUNTS_04:
            self._sum(c(59, col), [c(n, col) for n in range(33, 59)], "行次 33–58")
            self._sum(c(64, col), [c(59, col), c(60, col)], "行次 59 + 60")
        self._sum(c(64), [c(32)], "总计（行次 32）")
        return rows

    def _sum(self, total: _Cell | None, parts: list[_Cell | None], formula: str, minus: Sequence[_Cell | None] = (), other_table: str = "") -> None:
        if total is None or any(p is None for p in parts) or any(m is None for m in minus):
            return  # a missing fixed row is reported already
        self.relation(total, parts, minus, formula, other_table)  # type: ignore[arg-type]

    # -- 公开06 --------------------------------------------------------------------------------

    def table_06(self) -> dict[str, int]:
        t = "公开06"
        rows = self.tables[t]
        codes: dict[str, int] = {}
        for i, row in enumerate(rows, 1):
            code, name = _text(row, "科目代码"), _text(row, "科目名称")
            if not (_DIGITS.fullmatch(code) and len(code) in (3, 5)):
                self.add(t, i, "科目代码", BAD_CODE, code=code)
                continue
            if code in codes:
                continue
            codes[code] = i
            self.subject_name(t, i, code, name)
        for block, fixed in ECONOMIC_CODES_06.items():
            for code in fixed:
                if code not in codes:
                    self.add(t, 0, "科目代码", MISSING_ROW, table=t, label=f"{block} {code}")

        def cell(i: int) -> _Cell:
            return _Cell(t, i, "决算数", f"{_text(rows[i - 1], '科目代码')} {_text(rows[i - 1], '科目名称')}")

        for code, i in codes.items():
            if len(code) == 3:
                children = [j for c, j in codes.items() if len(c) == 5 and c.startswith(code)]
                self.relation(cell(i), [cell(j) for j in sorted(children)], formula="Σ 款")
            elif code[:3] not in codes:
                self.add(t, i, "科目代码", MISSING_PARENT, code=code, name=_text(rows[i - 1], "科目名称"), parent=code[:3])
        return codes

    # -- 公开09 --------------------------------------------------------------------------------

    def table_09(self) -> None:
        t = "公开09"
        rows = self.tables[t]
        if not rows:
            self.add(t, 0, "", MISSING_ROW, table=t, label="1")
            return
        for i in range(1, len(rows) + 1):
            for total, parts in _SUMS_09:
                self.relation(_Cell(t, i, total, f"行 {i}"), [_Cell(t, i, p, f"行 {i}") for p in parts], formula=" + ".join(parts))

    # -- across tables -------------------------------------------------------------------------

    def classes_match(self, table: str, rows: dict[int, int], first_line: int, column: str, other: str, other_column: str) -> None:
        """Each class row (行次 first_line …) of 公开01/04 = the 类 row(s) of *other* named like its fixed class."""
        by_name = self.class_rows(other)
        known = set()
        for k in range(len(CLASSES)):
            line = first_line + k
            cell = self.line_cell(table, rows, line, column)
            if cell is None:
                continue
            name = _norm_name(CLASSES[k])  # the fixed class of this 行次 (a wrong label is reported apart)
            known.add(name)
            matches = by_name.get(name, [])
            if len(matches) == 1:
                self.same(cell, self.subject_cell(other, matches[0], other_column))
            else:  # no 类 row (or several): compare with their sum
                self.relation(cell, [self.subject_cell(other, j, other_column) for j in matches],
                              formula=f"{other} 类 {name}", other_table=other)
        for name, matches in by_name.items():
            if name not in known:
                for j in matches:
                    row = self.tables[other][j - 1]
                    self.add(other, j, "科目名称", NO_MATCHING_CLASS, table, code=_text(row, "科目代码"),
                             name=_text(row, "科目名称"), other_table=table)

    def cross(self, rows01: dict[int, int] | None, rows04: dict[int, int] | None, codes06: dict[str, int] | None) -> None:
        have = self.tables.__contains__
        if rows01 is not None:
            c01 = lambda n: self.line_cell("公开01", rows01, n, "金额")  # noqa: E731
            if have("公开02"):
                for line, column in ((27, "本年收入合计"), (4, "上级补助收入"), (5, "事业收入"), (6, "经营收入"),
                                     (7, "附属单位上缴收入"), (8, "其他收入")):
                    self._same(c01(line), self.total_cell("公开02", column))
            if have("公开03"):
                self._same(c01(58), self.total_cell("公开03", "本年支出合计"))
                self.classes_match("公开01", rows01, 32, "金额", "公开03", "本年支出合计")
            if rows04 is not None:
                for line in (1, 2, 3):
                    self._same(c01(line), self.line_cell("公开04", rows04, line, "合计"))
        if rows04 is not None:
            c04 = lambda n, col="合计": self.line_cell("公开04", rows04, n, col)  # noqa: E731
            if have("公开02"):
                self._same(self.total_cell("公开02", "财政拨款收入"), c04(27))
            for other, column, total_column in (("公开05", "一般公共预算财政拨款", "小计"),
                                                ("公开07", "政府性基金预算财政拨款", "小计"),
                                                ("公开08", "国有资本经营预算财政拨款", "合计")):
                if have(other):
                    self._same(c04(59, column), self.total_cell(other, total_column))
                    self.classes_match("公开04", rows04, 33, column, other, total_column)
            if have("公开07"):
                self._same(c04(2), self.total_cell("公开07", "本年收入"))
                self._same(c04(30), self.total_cell("公开07", "年初结转和结余"))
                self._same(c04(60, "政府性基金预算财政拨款"), self.total_cell("公开07", "年末结转和结余"))
        if codes06 is not None and have("公开05"):
            total = self.total_cell("公开05", "基本支出")
            parts = [_Cell("公开06", codes06[c], "决算数", c) for c in _PERSONNEL_06 + _PUBLIC_06 if c in codes06]
            if total is not None:
                self.relation(total, parts, formula="公开06 人员经费合计（301 + 303）+ 公用经费合计（302 + 307 + 310 + 399）",
                              other_table="公开06")

    def _same(self, cell: _Cell | None, other: _Cell | None) -> None:
        if cell is not None and other is not None:
            self.same(cell, other)


def check_tables(tables: Mapping[str, Sequence[Mapping[str, str]]], subjects: Mapping[str, str]) -> list[Finding]:
    """All findings for the tables present in *tables* (id → rows as read by :func:`read_tables`).

    *subjects* maps 科目代码 to the official 科目名称 (:func:`read_subjects`).  Tables that are
    absent are skipped, and so are the cross-table relations that need them.
    """
    checker = _Checker(tables, subjects)
    for table in SUBJECT_TABLES:
        if table in tables:
            checker.subject_table(table)
    rows01 = checker.table_01() if "公开01" in tables else None
    rows04 = checker.table_04() if "公开04" in tables else None
    codes06 = checker.table_06() if "公开06" in tables else None
    if "公开09" in tables:
        checker.table_09()
    checker.cross(rows01, rows04, codes06)
    return sorted(checker.findings, key=lambda f: (f.table, f.row, f.column, f.other_table, f.message_id))
