"""Financial table sets (``templates/tablesets/NAME.yaml``): a disclosure's 公开 (or 预算) tables.

A table set lists its tables (公开01 … 公开09) and, for each, the columns of its CSV file (栏次),
its rows (fixed 行次 with their labels, or 科目 rows keyed by 科目代码, or plain rows), the form
that lays it out, and the arithmetic that must hold — within a table and across tables — as
formulas a finance clerk can read::

    金额@27 = 金额@1..8                      # 行次 27 is the sum of 行次 1 to 8
    本年收入合计 = 财政拨款收入 + 其他收入      # on every row
    公开01:金额@27 = 公开02:本年收入合计@合计   # the same amount in two tables

``docgen.check.financial`` checks a package's CSV files against them; every finding is reported at
the CSV cell, naming the other table where two disagree.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import codes
from ..diagnostics import N_, Choice, Diagnostic, Message
from .datafile import DataFile, Node, TemplateProblem
from .forms import Form

if TYPE_CHECKING:
    from . import Catalog

COLUMN_KINDS = ("text", "amount", "code", "line", "label")
ROW_KINDS = ("fixed", "subjects", "plain")


@dataclass(frozen=True)
class Term:
    """One cell reference of a formula: ``[TABLE:]COLUMN[@ROWS]``."""

    table: str  # "" = the table the formula belongs to
    column: str
    first: str = ""  # a row key (行次 27, 科目代码 301) or label (合计); "" = every row (row-wise)
    last: str = ""  # the end of a range 1..8


@dataclass(frozen=True)
class Formula:
    """``total = part + part − part``; ``label`` is how the message names the right-hand side."""

    total: Term
    parts: tuple[tuple[int, Term], ...]  # (+1 or −1, term)
    label: str
    source: str
    rows: tuple[str, str] | None = None  # for a row-wise formula: the rows it applies to (first, last)
    line: int = 0

    @property
    def row_wise(self) -> bool:
        return not self.total.first


@dataclass(frozen=True)
class ClassMatch:
    """Each fixed class row of ``table`` (rows ``first``…) equals the 类 row of ``other`` named like it."""

    table: str
    first: int
    column: str
    other: str
    other_column: str
    line: int = 0


@dataclass(frozen=True)
class BlankRule:
    """Cells a table prints blank: ``columns`` of the rows where ``where_column`` is ``where_value``."""

    columns: tuple[str, ...]
    where_column: str
    where_value: str


@dataclass(frozen=True)
class RowsDef:
    """How a table's rows are keyed: fixed 行次, 科目 codes, or plain rows; their fixed labels and codes."""
    kind: str  # fixed | subjects | plain
    key: str = ""  # the key column (行次, 科目代码)
    label: str = ""  # the label column (项目, 科目名称)
    side: str = ""  # the column splitting a side-by-side table (栏)
    fixed: dict[str, dict[int, str]] = field(default_factory=dict)  # side → 行次 → label
    lengths: tuple[int, ...] = (3, 5, 7)  # digits of 类, 款, 项
    fixed_codes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group → codes every table has
    group: str = ""  # the column naming the group of a fixed code (经费)
    total: str = ""  # the label of the total row (合计), for subject tables
    hierarchy: tuple[str, ...] = ()  # the columns whose 类 = Σ 款, 款 = Σ 项 (and 合计 = Σ 类)
    at_least: int = 0


@dataclass(frozen=True)
class FinancialTable:
    """One financial table of a set: its CSV columns, rows, form and checks."""
    id: str  # 公开01
    title: str
    form: Form
    columns: dict[str, str]  # CSV column → kind
    choices: dict[str, tuple[str, ...]]
    rows: RowsDef
    checks: tuple[Formula, ...]
    blank: tuple[BlankRule, ...] = ()

    def amount_columns(self) -> list[str]:
        """The CSV columns that hold amounts."""
        return [c for c, kind in self.columns.items() if kind == "amount"]


@dataclass(frozen=True)
class TableSet:
    """A disclosure's financial tables (公开01 … 公开09) and the relations across them."""
    name: str
    title: str
    path: str
    tables: dict[str, FinancialTable]
    cross: tuple[Formula, ...]
    classes: tuple[ClassMatch, ...]
    subjects: bool = True  # check 科目代码 and 科目名称 against the year's 政府收支分类科目


_TERM = re.compile(r"^(?:(?P<table>[^:@]+):)?(?P<column>[^@]+?)(?:@(?P<first>[^.]+?)(?:\.\.(?P<last>.+))?)?$")
_SPLIT = re.compile(r"\s+([+\-−])\s+")


def parse_formula(text: str, label: str = "", rows: tuple[str, str] | None = None, line: int = 0) -> Formula:
    """``A@27 = B@1..8 + C − D``; raises ValueError with what is wrong."""
    left, sep, right = text.partition(" = ")
    if not sep or " = " in right:
        raise ValueError("write it as “total = part + part”, with spaces around = + −")
    total = _term(left.strip())
    pieces = _SPLIT.split(" " + right.strip() + " ")
    parts: list[tuple[int, Term]] = []
    sign = 1
    for i, piece in enumerate(p.strip() for p in pieces):
        if i % 2:
            sign = 1 if piece == "+" else -1
            continue
        if piece:
            parts.append((sign, _term(piece)))
    if not parts:
        raise ValueError("the right-hand side is empty")
    row_wise = not total.first
    if any(bool(t.first) == row_wise for _, t in parts) and row_wise:
        raise ValueError("a formula over every row names no row (@…) on either side")
    return Formula(total, tuple(parts), label or right.strip(), text, rows, line)


def _term(text: str) -> Term:
    m = _TERM.match(text)
    if not m or not m.group("column").strip():
        raise ValueError(f"cannot read “{text}”: write COLUMN, COLUMN@ROW, COLUMN@FIRST..LAST or TABLE:COLUMN@ROW")
    return Term((m.group("table") or "").strip(), m.group("column").strip(), (m.group("first") or "").strip(), (m.group("last") or "").strip())


TABLE_KEYS = {"title": "表名", "form": "版式（表格描述）", "columns": "CSV 列", "rows": "行", "checks": "校验关系", "blank": "应空白的格"}
ROWS_KEYS = {"kind": "fixed / subjects / plain", "key": "键列", "label": "名称列", "side": "栏列", "fixed": "固定行",
             "lengths": "科目代码位数", "fixed_codes": "固定科目", "group": "分组列", "total": "合计行名称",
             "hierarchy": "逐级相加的列", "at_least": "至少几行"}


class _Reader:
    def __init__(self, file: DataFile, name: str, catalog: Catalog) -> None:
        self.file, self.name, self.catalog = file, name, catalog

    def read(self) -> TableSet | None:
        root = self.file.root()
        try:
            root.mapping(N_("a table set"), {"title": "标题", "subjects": "核对科目", "tables": "各表", "cross": "表间关系",
                                         "classes": "按类核对"}, ("tables",))
            title = root.child("title").text() if root.get("title") else self.name
            subjects = root.child("subjects").flag() if root.get("subjects") else True
            tables: dict[str, FinancialTable] = {}
            for table_id, node in root.child("tables").mapping(N_("the tables")).items():
                try:
                    tables[table_id] = self.table(table_id, node)
                except TemplateProblem:
                    continue
            cross = tuple(self.formula(n, None, tables) for n in root.child("cross").elements("cross")) if root.get("cross") else ()
            classes = tuple(self.classes(n, tables) for n in root.child("classes").elements("classes")) if root.get("classes") else ()
        except TemplateProblem:
            return None
        if not self.file.ok:
            return None
        return TableSet(self.name, title, str(self.file.path), tables, cross, classes, subjects)

    def table(self, table_id: str, node: Node) -> FinancialTable:
        node.mapping(N_("a table of the set"), TABLE_KEYS, ("title", "form", "columns", "rows"))
        form_node = node.child("form")
        form = self.catalog.form(form_node.text(), form_node)
        if form is None:
            raise TemplateProblem()
        if form.kind != "financial":
            raise form_node.fail(codes.D006_KIND, name=form_node.text(), form_kind=form.kind, kind="financial")
        columns: dict[str, str] = {}
        choices: dict[str, tuple[str, ...]] = {}
        for name, c in node.child("columns").mapping(N_("the columns")).items():
            if c.is_mapping():
                c.mapping(N_("a column"), {"kind": "类型", "choices": "可选值"})
                columns[name] = c.child("kind").choice(COLUMN_KINDS) if c.get("kind") else "text"
                if c.get("choices"):
                    choices[name] = tuple(c.child("choices").texts("choices"))
            else:
                columns[name] = c.choice(COLUMN_KINDS)
        rows = self.rows(node.child("rows"), columns)
        self.check_form(table_id, form, columns, choices)
        table = FinancialTable(table_id, node.child("title").text(), form, columns, choices, rows, ())
        checks = tuple(self.formula(n, table, {table_id: table}) for n in node.child("checks").elements("checks")) if node.get("checks") else ()
        blank = tuple(self.blank(n, columns) for n in node.child("blank").elements("blank")) if node.get("blank") else ()
        return FinancialTable(table_id, table.title, form, columns, choices, rows, checks, blank)

    def check_form(self, table_id: str, form: Form, columns: dict[str, str], choices: dict[str, tuple[str, ...]]) -> None:
        """The CSV columns the table's form names (``column:``, ``where`` keys, ``rows.X``) must be the
        table's, and a ``where`` value must match one of the column's choices: otherwise the cells
        would print empty.  Reported at the form file's line."""
        for ref in form.column_refs:
            if ref.value is not None:  # a where value: its column is checked by its own reference
                allowed = choices.get(ref.column)
                pattern = ref.value[1:] if ref.value.startswith("!") else ref.value
                if allowed and not any(fnmatch.fnmatchcase(c, pattern) for c in allowed):
                    self._report_at(form, ref.line, ref.col, codes.D004_COLUMN_VALUE, table=table_id, column=ref.column,
                                    value=ref.value, choices=list(allowed))
                continue
            if ref.column in columns:
                continue
            close = similar(ref.column, list(columns))
            if close:
                self._report_at(form, ref.line, ref.col, codes.D004_COLUMN_SUGGEST, table=table_id, column=ref.column, suggestion=close)
            else:
                self._report_at(form, ref.line, ref.col, codes.D004_COLUMN, table=table_id, column=ref.column, columns=list(columns))

    def _report_at(self, form: Form, line: int, col: int, message: Message, **params: object) -> None:
        """A problem in the form file, found by the table set using it (the set is then unusable)."""
        diagnostic = Diagnostic(message, form.path, line, col, params)
        if diagnostic not in self.file.diagnostics:
            self.file.diagnostics.append(diagnostic)

    def rows(self, node: Node, columns: dict[str, str]) -> RowsDef:
        node.mapping(N_("the rows of a table"), ROWS_KEYS, ("kind",))
        kind = node.child("kind").choice(ROW_KINDS)

        def column(key: str) -> str:
            if not node.get(key):
                return ""
            name = node.child(key).text()
            if name not in columns:
                raise node.child(key).fail(codes.D007_FORMULA, formula=name, problem=Choice(N_("not one of the table's columns")))
            return name

        fixed: dict[str, dict[int, str]] = {}
        if node.get("fixed"):
            for side, rows in node.child("fixed").mapping(N_("the fixed rows")).items():
                labels: dict[int, str] = {}
                for line, label in rows.mapping(N_("the fixed rows of one side")).items():
                    if not line.isdigit():
                        raise rows.child(line).fail(codes.D003_TYPE, key=line, expected=Choice(N_("a whole number of at least 1")), at_key=True)
                    labels[int(line)] = label.text("")
                fixed[side] = labels
        fixed_codes = {g: tuple(n.texts("codes")) for g, n in node.child("fixed_codes").mapping(N_("the fixed codes")).items()} if node.get("fixed_codes") else {}
        lengths = tuple(n.integer(1) for n in node.child("lengths").elements("lengths")) if node.get("lengths") else (3, 5, 7)
        hierarchy = tuple(node.child("hierarchy").texts("hierarchy")) if node.get("hierarchy") else ()
        for name in hierarchy:
            if name not in columns:
                node.child("hierarchy").report(codes.D007_FORMULA, formula=name, problem=Choice(N_("not one of the table's columns")))
        return RowsDef(kind, column("key"), column("label"), column("side"), fixed, lengths, fixed_codes, column("group"),
                       node.child("total").text() if node.get("total") else "", hierarchy,
                       node.child("at_least").integer(0) if node.get("at_least") else 0)

    def formula(self, node: Node, table: FinancialTable | None, tables: dict[str, FinancialTable]) -> Formula:
        label, rows = "", None
        text_node = node
        if node.is_mapping():
            node.mapping(N_("a check"), {"check": "关系", "label": "说明", "rows": "适用的行"}, ("check",))
            text_node = node.child("check")
            label = node.child("label").text() if node.get("label") else ""
            if node.get("rows"):
                first, _, last = node.child("rows").text().partition("..")
                rows = (first.strip(), (last or first).strip())
        text = text_node.text()
        try:
            formula = parse_formula(text, label, rows, text_node.line)
        except ValueError as exc:
            raise text_node.fail(codes.D007_FORMULA, formula=text, problem=str(exc)) from None
        for _, term in ((1, formula.total), *formula.parts):
            owner = tables.get(term.table) if term.table else table
            if owner is None:
                raise text_node.fail(codes.D007_FORMULA, formula=text, problem=f"no table “{term.table or '?'}” in this set")
            if term.column not in owner.columns:
                raise text_node.fail(codes.D007_FORMULA, formula=text, problem=f"{owner.id} has no column “{term.column}” (its columns: {'、'.join(owner.columns)})")
        return formula

    def classes(self, node: Node, tables: dict[str, FinancialTable]) -> ClassMatch:
        node.mapping(N_("a class check"), {"table": "表", "first": "第一行", "column": "列", "other": "另一表", "other_column": "另一表的列"},
                     ("table", "first", "column", "other", "other_column"))
        match = ClassMatch(node.child("table").text(), node.child("first").integer(1), node.child("column").text(),
                           node.child("other").text(), node.child("other_column").text(), node.line)
        for t, c in ((match.table, match.column), (match.other, match.other_column)):
            if t not in tables or c not in tables[t].columns:
                raise node.fail(codes.D007_FORMULA, formula=f"{t}:{c}", problem=Choice(N_("no such table or column in this set")))
        return match

    def blank(self, node: Node, columns: dict[str, str]) -> BlankRule:
        node.mapping(N_("cells printed blank"), {"columns": "列", "where": "条件"}, ("columns", "where"))
        where = node.child("where").mapping(N_("the condition"))
        if len(where.value) != 1:
            raise where.fail(codes.D003_TYPE, key="where", expected=Choice(N_("one column: value")))
        (column, value), = where.items()
        return BlankRule(tuple(node.child("columns").texts("columns")), column, value.text())


def _squeeze(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def similar(name: str, names: list[str]) -> str:
    """The name of ``names`` that ``name`` is most likely a misspelling of ("" when none is close)."""
    same = [n for n in names if _squeeze(n) == _squeeze(name)]
    if same:
        return same[0]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    return close[0] if close else ""


def read_tableset(file: DataFile, name: str, catalog: Catalog) -> TableSet | None:
    """The table set in ``file`` (None when it is broken; the problems are in ``file.diagnostics``)."""
    if not file.loaded.ok:
        return None
    return _Reader(file, name, catalog).read()
