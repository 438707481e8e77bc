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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from .. import codes
from ..diagnostics import N_, Choice, Diagnostic, Message
from .datafile import DataFile, Node, TemplateProblem
from .forms import Form

if TYPE_CHECKING:
    from . import Catalog

_T = TypeVar("_T")
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
    product: bool = False  # ``total = A × B``: the two parts are multiplied (数量 × 单价 = 金额)

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
    side: str = ""  # the column saying which half of a side-by-side table a row is on (栏): a fixed row's must be its side
    fixed: dict[str, dict[int, str]] = field(default_factory=dict)  # side (a value of the side column) → 行次 → label
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


class FormulaError(ValueError):
    """A formula that cannot be read: the message saying why, and its parameters (besides ``formula``)."""

    def __init__(self, message: Message, **params: Any) -> None:
        super().__init__(message.msgid)
        self.message, self.params = message, params


def parse_formula(text: str, label: str = "", rows: tuple[str, str] | None = None, line: int = 0) -> Formula:
    """``A@27 = B@1..8 + C − D``; raises :class:`FormulaError` saying what is wrong."""
    left, sep, right = text.partition(" = ")
    if not sep or " = " in right:
        raise FormulaError(codes.D007_FORMULA, problem=Choice(N_("write it as “total = part + part”, with a space before and after each = + −")))
    total = _term(left.strip())
    factors = right.strip().split(" × ")
    if len(factors) > 1:  # 金额 = 数量 × 单价: one product of two cells, nothing added
        if len(factors) != 2 or any(_SPLIT.search(" " + f.strip() + " ") or not f.strip() for f in factors):
            raise FormulaError(codes.D007_FORMULA, problem=Choice(N_("a product is written “total = A × B”: two cells, nothing added or subtracted")))
        terms = tuple((1, _term(f.strip())) for f in factors)
        if not total.first and any(t.first for _, t in terms):
            raise FormulaError(codes.D007_FORMULA, problem=Choice(N_(
                "the left side names no row (@…), so the formula holds on every row: the right side cannot name a row either")))
        if any(t.last for _, t in terms):
            raise FormulaError(codes.D007_FORMULA, problem=Choice(N_("a product multiplies two cells: it cannot take a range (..)")))
        return Formula(total, terms, label or right.strip(), text, rows, line, product=True)
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
        raise FormulaError(codes.D007_FORMULA, problem=Choice(N_("there is nothing after the =")))
    if not total.first and any(t.first for _, t in parts):
        raise FormulaError(codes.D007_FORMULA, problem=Choice(N_(
            "the left side names no row (@…), so the formula holds on every row: the right side cannot name a row either")))
    return Formula(total, tuple(parts), label or right.strip(), text, rows, line)


def _term(text: str) -> Term:
    m = _TERM.match(text)
    if not m or not m.group("column").strip():
        raise FormulaError(codes.D007_TERM, term=text)
    return Term((m.group("table") or "").strip(), m.group("column").strip(), (m.group("first") or "").strip(), (m.group("last") or "").strip())


def shown(term: Term) -> str:
    """A term as a formula writes it: 公开02:本年收入合计@合计."""
    text = f"{term.table}:{term.column}" if term.table else term.column
    if term.first:
        text += f"@{term.first}" + (f"..{term.last}" if term.last else "")
    return text


def _runs(numbers: list[int]) -> str:
    """1、2、3、5 → 1–3、5."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def fixed_lines(rows: RowsDef) -> set[int]:
    """The fixed 行次 of a table, on either side."""
    return {line for labels in rows.fixed.values() for line in labels}


def row_problem(table: FinancialTable, first: str, last: str, at: str = "@") -> tuple[Message, dict[str, Any]] | None:
    """What is wrong with a row reference ``@first`` or a range ``@first..last`` of ``table`` (None: nothing).

    A fixed table is addressed by its fixed 行次, a subject table by its total row (合计) or a
    subject code of one of its lengths, a plain table by the row's position.  A range ascends; a
    subject table has none (its codes do not run in sequence, so the checker would find no rows).
    """
    r = table.rows
    refs = (first, last) if last else (first,)
    span = f"{at}{first}..{last}"
    if r.kind == "subjects":
        if last:  # codes do not run in sequence: a range would need every number between them to be a row
            return codes.D007_CODE_RANGE, {"range": span, "table": table.id}
        for ref in refs:
            if ref == r.total and r.total and not last:
                continue
            if not (ref.isdigit() and len(ref) in r.lengths):
                lengths = "、".join(map(str, r.lengths))
                if r.total:
                    return codes.D007_NOT_A_SUBJECT, {"row": f"{at}{ref}", "table": table.id, "total": f"{at}{r.total}", "lengths": lengths}
                return codes.D007_NOT_A_CODE, {"row": f"{at}{ref}", "table": table.id, "lengths": lengths}
        return None
    for ref in refs:
        if not (ref.isdigit() and int(ref) >= 1):
            return codes.D007_NOT_A_LINE, {"row": f"{at}{ref}", "table": table.id}
    if last and int(first) > int(last):
        return codes.D007_BACKWARDS, {"range": span, "fixed": f"{at}{last}..{first}"}
    lines = fixed_lines(r) if r.kind == "fixed" else set()
    if lines:
        missing = next((n for n in range(int(first), int(last or first) + 1) if n not in lines), None)
        if missing is not None:
            return codes.D007_NO_LINE, {"row": missing, "table": table.id, "rows": _runs(sorted(lines))}
    return None


def _canonical(table: FinancialTable, ref: str) -> str:
    """A 行次 as the checker looks it up (27, not 027)."""
    return str(int(ref)) if ref and table.rows.kind != "subjects" and ref.isdigit() else ref


TABLE_KEYS = {"title": "表名", "form": "版式（表格描述）", "columns": "CSV 列", "rows": "行", "checks": "校验关系", "blank": "应空白的格"}
ROWS_KEYS = {"kind": "fixed / subjects / plain", "key": "键列", "label": "名称列", "side": "栏列", "fixed": "固定行",
             "lengths": "科目代码位数", "fixed_codes": "固定科目", "group": "分组列", "total": "合计行名称",
             "hierarchy": "逐级相加的列", "at_least": "至少几行"}


class _Reader:
    def __init__(self, file: DataFile, name: str, catalog: Catalog) -> None:
        self.file, self.name, self.catalog = file, name, catalog
        self.declared: set[str] = set()  # every table id the set lists (read or not)

    def read(self) -> TableSet | None:
        root = self.file.root()
        try:
            root.mapping(N_("a table set"), {"title": "标题", "subjects": "核对科目", "tables": "各表", "cross": "表间关系",
                                         "classes": "按类核对"}, ("tables",))
            title = root.child("title").text() if root.get("title") else self.name
            subjects = root.child("subjects").flag() if root.get("subjects") else True
            tables: dict[str, FinancialTable] = {}
            listed = root.child("tables").mapping(N_("the tables"))
            self.declared = {table_id for table_id, _ in listed.items()}
            for table_id, node in listed.items():
                try:
                    tables[table_id] = self.table(table_id, node)
                except TemplateProblem:
                    continue
            cross = self.each(root.get("cross"), "cross", lambda n: self.formula(n, None, tables))
            classes = self.each(root.get("classes"), "classes", lambda n: self.classes(n, tables))
        except TemplateProblem:
            return None
        if not self.file.ok:
            return None
        return TableSet(self.name, title, str(self.file.path), tables, cross, classes, subjects)

    @staticmethod
    def each(node: Node | None, what: str, read: Callable[[Node], _T]) -> tuple[_T, ...]:
        """``read`` of each element of a list; a bad element is reported and the others are still read."""
        out: list[_T] = []
        for n in (node.elements(what) if node is not None else ()):
            try:
                out.append(read(n))
            except TemplateProblem:
                continue
        return tuple(out)

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
        rows = self.rows(node.child("rows"), table_id, columns, choices)
        self.check_form(table_id, form, columns, choices)
        table = FinancialTable(table_id, node.child("title").text(), form, columns, choices, rows, ())
        checks = self.each(node.get("checks"), "checks", lambda n: self.formula(n, table, {table_id: table}))
        blank = self.each(node.get("blank"), "blank", lambda n: self.blank(n, table))
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

    def rows(self, node: Node, table_id: str, columns: dict[str, str], choices: dict[str, tuple[str, ...]]) -> RowsDef:
        node.mapping(N_("the rows of a table"), ROWS_KEYS, ("kind",))
        kind = node.child("kind").choice(ROW_KINDS)

        def column(key: str) -> str:
            if not node.get(key):
                return ""
            name = node.child(key).text()
            if name not in columns:
                node.child(key).report(codes.D007_COLUMN_NAME, key=key, column=name, table=table_id, columns=list(columns))
                return ""
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
                node.child("hierarchy").report(codes.D007_COLUMN_NAME, key="hierarchy", column=name, table=table_id, columns=list(columns))
        side = column("side")
        for name in fixed if side and choices.get(side) else ():
            if name not in choices[side]:
                node.child("fixed").child(name).report(codes.D007_SIDE, at_key=True, side=name, column=side, table=table_id,
                                                       choices=list(choices[side]))
        return RowsDef(kind, column("key"), column("label"), side, fixed, lengths, fixed_codes, column("group"),
                       node.child("total").text() if node.get("total") else "", hierarchy,
                       node.child("at_least").integer(0) if node.get("at_least") else 0)

    def formula(self, node: Node, table: FinancialTable | None, tables: dict[str, FinancialTable]) -> Formula:
        """A check of ``table`` (``table`` None: a relation across tables, under ``cross``).

        Every name is checked now, so that a formula that could never be evaluated — or would be
        evaluated against the wrong rows — stops the template instead of passing, or blaming the CSV.
        """
        label, rows, rows_node = "", None, None
        text_node = node
        if node.is_mapping():
            node.mapping(N_("a check"), {"check": "关系", "label": "说明", "rows": "适用的行"}, ("check",))
            text_node = node.child("check")
            label = node.child("label").text() if node.get("label") else ""
            if node.get("rows"):
                rows_node = node.child("rows")
                first, _, last = rows_node.text().partition("..")
                rows = (first.strip(), (last or first).strip())
        text = text_node.text()
        try:
            formula = parse_formula(text, label, rows, text_node.line)
        except FormulaError as exc:
            raise text_node.fail(exc.message, formula=text, **exc.params) from None
        home = formula.total.table if table is None else table.id
        terms: list[Term] = []
        for term in (formula.total, *(t for _, t in formula.parts)):
            if table is None and not term.table:
                raise text_node.fail(codes.D007_NO_TABLE_NAMED, formula=text, term=shown(term))
            if table is not None and term.table and term.table != table.id:
                raise text_node.fail(codes.D007_OTHER_TABLE, formula=text, home=table.id, table=term.table)
            owner = tables.get(term.table) if table is None else table
            if owner is None:
                if term.table in self.declared:  # a table of the set that could not be read: reported there
                    raise TemplateProblem()
                raise text_node.fail(codes.D007_NO_TABLE, formula=text, table=term.table, tables=sorted(self.declared))
            if term.column not in owner.columns:
                raise text_node.fail(codes.D007_NO_COLUMN, formula=text, column=term.column, table=owner.id, columns=list(owner.columns))
            if term.first:
                problem = row_problem(owner, term.first, term.last)
                if problem is not None:
                    raise text_node.fail(problem[0], formula=text, **problem[1])
                term = replace(term, first=_canonical(owner, term.first), last=_canonical(owner, term.last))
            elif owner.id != home:
                raise text_node.fail(codes.D007_NEEDS_ROW, formula=text, term=shown(term), example=f"{shown(term)}@{_example_row(owner)}")
            terms.append(term)
        if rows is not None and rows_node is not None:
            if not formula.row_wise:
                raise rows_node.fail(codes.D007_ROWS_UNUSED, formula=text, rows=rows_node.text())
            owner = table if table is not None else tables[home]
            problem = row_problem(owner, rows[0], rows[1] if rows[1] != rows[0] else "", at="")
            if problem is not None:
                raise rows_node.fail(problem[0], formula=text, **problem[1])
            rows = (_canonical(owner, rows[0]), _canonical(owner, rows[1]))
        parts = tuple((sign, t) for (sign, _), t in zip(formula.parts, terms[1:], strict=True))
        return replace(formula, total=terms[0], parts=parts, rows=rows)

    def classes(self, node: Node, tables: dict[str, FinancialTable]) -> ClassMatch:
        node.mapping(N_("a class check"), {"table": "表", "first": "第一行", "column": "列", "other": "另一表", "other_column": "另一表的列"},
                     ("table", "first", "column", "other", "other_column"))
        match = ClassMatch(node.child("table").text(), node.child("first").integer(1), node.child("column").text(),
                           node.child("other").text(), node.child("other_column").text(), node.line)
        for t, c in ((match.table, match.column), (match.other, match.other_column)):
            if t not in tables and t in self.declared:
                raise TemplateProblem()  # a table of the set that could not be read: reported there
            if t not in tables or c not in tables[t].columns:
                raise node.fail(codes.D007_CLASS, table=t, column=c)
        lines = fixed_lines(tables[match.table].rows)
        if match.first not in lines:
            raise node.child("first").fail(codes.D007_CLASS_FIRST, first=match.first, table=match.table, rows=_runs(sorted(lines)) or "—")
        return match

    def blank(self, node: Node, table: FinancialTable) -> BlankRule:
        node.mapping(N_("cells printed blank"), {"columns": "列", "where": "条件"}, ("columns", "where"))
        where = node.child("where").mapping(N_("the condition"))
        if len(where.value) != 1:
            raise where.fail(codes.D003_TYPE, key="where", expected=Choice(N_("one column: value")))
        (column, value), = where.items()
        names = tuple(node.child("columns").texts("columns"))
        for name in names:
            if name not in table.columns:
                raise node.child("columns").fail(codes.D007_COLUMN_NAME, key="columns", column=name, table=table.id, columns=list(table.columns))
        if column not in table.columns:
            raise value.fail(codes.D007_COLUMN_NAME, key="where", column=column, table=table.id, columns=list(table.columns), at_key=True)
        allowed = table.choices.get(column)
        if allowed and value.text() not in allowed:
            raise value.fail(codes.D007_BLANK_VALUE, column=column, value=value.text(), table=table.id, choices=list(allowed))
        return BlankRule(names, column, value.text())


def _example_row(table: FinancialTable) -> str:
    """A row of ``table`` to show in a message: its total row, its first fixed 行次, or 1."""
    if table.rows.kind == "subjects" and table.rows.total:
        return table.rows.total
    lines = fixed_lines(table.rows) if table.rows.kind == "fixed" else set()
    return str(min(lines)) if lines else "1"


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
