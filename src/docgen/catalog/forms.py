"""Form descriptions: one official table, declared as data (``templates/forms/FAMILY/NAME.yaml``).

A form says what a table prints and where: its title lines, the column grid (millimetres), the
rows of fixed label cells and of cells bound to spec fields (with their print format), row and
column spans, rows shown only when a field is present, and repeating blocks — indicators grouped
by 一级/二级, lists of rows (资金来源, 支出明细, tasks, 资金管理, a financial table's CSV rows),
blocks side by side.  ``docs/forms.md`` describes the format for the people who write forms;
``docgen.render.engine`` lays a form out over a spec.

Everything is checked when the form is read: an unknown key, a field that does not exist in the
spec format, a row that does not fill the grid, a cell overlapping a span from above — each is a
diagnostic at the form file's own line (codes D002–D008, exit status 2).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from .. import codes
from ..diagnostics import N_, Choice
from ..load.yamlload import Mark
from ..model import bindings
from .datafile import DataFile, Node, TemplateProblem

KINDS = ("project", "department", "financial")
SHOWS = ("target", "evaluation")
ROLES = ("header", "label", "value", "number", "section")
ALIGNS = ("left", "center", "right")
FORMATS = ("text", "amount", "grouped", "money1", "money2", "disclosure", "percent", "date", "date_cn", "checkboxes", "plain",
           "value_sign", "value_number", "value_unit")

# --- conditions and text templates ---------------------------------------------------------------

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Cond:
    """A condition: ``op`` is present / text / any / all / not / var."""

    op: str
    path: Path_ = ()
    parts: tuple[Cond, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class Expr:
    """One ``{…}`` of a text template: the first present of ``paths`` (or a variable), in ``format``."""

    paths: tuple[Path_, ...]
    format: str = "text"


@dataclass(frozen=True)
class Template:
    """A text with ``{path}`` insertions; ``pieces`` alternate literal text and :class:`Expr`."""

    source: str
    pieces: tuple[str | Expr, ...]

    @property
    def literal(self) -> bool:
        return all(isinstance(p, str) for p in self.pieces)


# --- cells ---------------------------------------------------------------------------------------

Span = int | str | tuple[Path_, int]  # n, "fill", (list path, plus)


@dataclass(frozen=True)
class CellSpec:
    """One cell of a row template.  ``kind`` says what it shows:

    * ``fixed``: ``text`` (a template) in ``role``;
    * ``field``: the first present of ``paths`` (in the current row's scope, then the spec);
    * ``column``: the CSV column ``column`` of the current row, verbatim key;
    * ``number``: a fixed number;
    * ``level``: the 一级 (``level`` 1) or 二级 (2) of an indicator row, spanning its block;
    * ``each``: ``cell`` repeated for each element of ``over`` (the element is ``{var}``);
    * ``if``: ``then`` when ``cond`` holds, else ``otherwise``;
    * ``parts``: the texts of ``pieces`` joined (empty when every field piece is empty);
    * ``sum``: Σ of ``paths[0]`` over the rows matching ``where``;
    * ``join``: ``cell`` printed for each element of ``over``, the texts joined by ``separator``.
    """

    kind: str
    line: int
    role: str = "value"
    text: Template | None = None
    paths: tuple[Path_, ...] = ()
    column: str = ""
    number: Decimal | None = None
    level: int = 0
    over: Path_ = ()
    var: str = ""
    cell: CellSpec | None = None
    cond: Cond | None = None
    then: CellSpec | None = None
    otherwise: CellSpec | None = None
    pieces: tuple[CellSpec, ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    span: Span = 1
    rowspan: int | Path_ = 1  # n, or the length of a list
    align: str | None = None
    format: str = "text"
    options: tuple[tuple[str, str], ...] = ()  # checkboxes: (keyword, label)
    prefix: str = ""
    suffix: str = ""
    separator: str = ""
    col: int = 1  # where the cell is written in the form file (line is above)


# --- rows and blocks -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RowSpec:
    """A row of cells; ``when`` not holding leaves it out; ``repeat`` repeats it on every page."""
    cells: tuple[CellSpec, ...]
    line: int
    when: Cond | None = None
    repeat: bool = False  # a header row, repeated at the top of every page


@dataclass(frozen=True)
class GroupSpec:
    """Rows with a side label spanning all of them."""

    label: CellSpec
    body: tuple[Block, ...]
    line: int
    when: Cond | None = None


@dataclass(frozen=True)
class IndicatorsSpec:
    """The indicator grid: ``line`` is printed for every 三级 indicator, its level cells spanning
    their 一级/二级 blocks.  With ``group_by: goal`` the block repeats for each numbered 年度目标,
    after its ``group_rows``."""

    line_cells: tuple[CellSpec, ...]
    line: int
    side: CellSpec | None = None
    header: tuple[RowSpec, ...] = ()
    skeleton: bool | None = None  # None: as the scheme says
    group_by: str = ""
    group_rows: tuple[RowSpec, ...] = ()
    when: Cond | None = None


@dataclass(frozen=True)
class ItemsSpec:
    """One row for each element of a list in the spec (or of a financial table's CSV rows)."""

    source: Path_
    row: tuple[CellSpec, ...]
    line: int
    first: tuple[CellSpec, ...] | None = None  # the first element's row, where it differs
    where: tuple[tuple[str, str], ...] = ()
    empty: tuple[RowSpec, ...] = ()  # printed when there is no element
    fixed: tuple[tuple[str, tuple[str, ...]], ...] = ()  # official rows matched by name, with 其中 rows
    total: TotalSpec | None = None
    pad: tuple[CellSpec, ...] | None = None  # the filler row when side by side with a longer block
    when: Cond | None = None


@dataclass(frozen=True)
class TotalSpec:
    """The total row of a list block: where it goes and its cells."""
    label: str
    at: str  # top | bottom
    row: tuple[CellSpec, ...]


@dataclass(frozen=True)
class SideBySideSpec:
    """Blocks whose k-th rows are printed on one line (income beside expenditure)."""

    blocks: tuple[ItemsSpec, ...]
    line: int
    when: Cond | None = None
    at_least: int = 0  # rows printed even when every block is empty


Block = RowSpec | GroupSpec | IndicatorsSpec | ItemsSpec | SideBySideSpec


@dataclass(frozen=True)
class Column:
    """A column of the grid (millimetres), or a group of columns, one per element of a list."""
    width: Decimal
    over: Path_ = ()  # a column repeated for each element of a list, sharing ``width``


@dataclass(frozen=True)
class Variable:
    """A ``let`` variable of a form: a condition, or a text chosen by one."""
    name: str
    cond: Cond
    then: Template | None = None  # a text variable: then/else; a condition variable: None
    otherwise: Template | None = None


@dataclass(frozen=True)
class ColumnRef:
    """A CSV column that a financial form names — ``{column: 金额}``, a ``where`` key, ``rows.金额``,
    a row's ``{if: 科目代码}`` — or, with ``value``, the pattern a ``where`` filters that column by
    (``where: {栏: 收入}``); ``line`` and ``col`` are where the form file writes it.  The form alone
    cannot tell whether the column exists: the table set it lays out checks it
    (``docgen.catalog.tablesets``)."""

    column: str
    line: int
    col: int
    value: str | None = None


@dataclass(frozen=True)
class Form:
    """One official table, as its form file declares it."""

    id: str  # FAMILY/NAME, as layout families name it
    path: str
    name: Template
    kind: str
    shows: str
    title: Template
    columns: tuple[Column, ...]
    rows: tuple[Block, ...]
    subtitles: tuple[Template, ...] = ()
    unit_line: Template | None = None
    header: tuple[tuple[Template | None, Template | None, Template | None], ...] = ()
    notes: tuple[tuple[Template, Cond | None], ...] = ()
    orientation: str = "portrait"
    variables: tuple[Variable, ...] = ()
    expects: tuple[str, ...] = ()
    prints: frozenset[str] = frozenset()  # every spec field the form binds (dotted, no indices)
    column_refs: tuple[ColumnRef, ...] = ()  # a financial form: the CSV columns (and where values) it names
    allows_blank: frozenset[str] = frozenset()  # required spec fields this form prints as an empty cell when left blank
    money_unit: str = "万元"  # the unit the form prints amounts in: 万元, or 元 (amounts × 10000, exactly)


# --- reading -------------------------------------------------------------------------------------

FORM_KEYS = {
    "name": "表名（用于文件名、工作表名、书签）", "kind": "规格类型", "shows": "target 目标表 / evaluation 自评表",
    "title": "标题", "subtitles": "副标题行", "header": "表头行（左 / 中 / 右）", "unit_line": "金额单位行",
    "notes": "表下注释", "orientation": "portrait / landscape", "columns": "列宽（毫米）", "let": "变量",
    "expects": "应填写的字段", "allows_blank": "可以留空的必填字段",
    "money_unit": "表中金额的单位：万元（默认）或 元", "rows": "行",
}
ALLOWS_BLANK = ("department",)
"""Fields a spec must give unless every form it prints allows them blank (``allows_blank``)."""
CELL_KINDS = ("label", "header", "section", "text", "field", "column", "number", "level", "each", "if", "parts", "sum", "join")
_LAYOUT_KEYS = ("span", "rows", "align", "role")
_VALUE_KEYS = (*_LAYOUT_KEYS, "format", "options", "prefix", "suffix")
# the keys each kind of cell uses besides its own (anything else would be ignored, so it is refused)
CELL_KEYS: dict[str, tuple[str, ...]] = {
    "label": _LAYOUT_KEYS, "header": _LAYOUT_KEYS, "section": _LAYOUT_KEYS, "text": _LAYOUT_KEYS, "number": _LAYOUT_KEYS,
    "field": _VALUE_KEYS, "column": _VALUE_KEYS, "sum": (*_VALUE_KEYS, "where"),
    "level": (*_LAYOUT_KEYS, "blank"), "each": ("as", "cell"), "if": ("then", "else"),
    "parts": (*_LAYOUT_KEYS, "separator"), "join": (*_LAYOUT_KEYS, "separator", "cell"),
}
CELL_OPTIONS = tuple(dict.fromkeys(k for keys in CELL_KEYS.values() for k in keys))
ROW_KEYS = {"cells": "单元格", "when": "条件", "repeat": "每页重复"}
GROUP_KEYS = {"group": "侧边标签", "rows": "行", "when": "条件"}
INDICATOR_KEYS = {"side": "侧边标签", "header": "表头行", "line": "每个三级指标一行", "skeleton": "印出全部二级",
                  "group_by": "按年度目标分组", "group_rows": "每组的首行"}
ITEM_KEYS = {"source": "列表字段", "row": "每项一行", "first": "第一项的行", "where": "筛选", "empty": "无数据时的行",
             "fixed": "固定行", "total": "合计行", "pad": "并排时的空行"}
TOTAL_KEYS = {"label": "合计行名称", "at": "top / bottom", "row": "行"}

_STEP = r"([^\s{}|.]+|\{[A-Za-z_][A-Za-z0-9_]*\})"
_NAME = re.compile(rf"^{_STEP}(\.{_STEP})*$")


class _Reader:
    """Reads one form file into a :class:`Form`, reporting every problem at its line."""

    def __init__(self, file: DataFile, form_id: str) -> None:
        self.file = file
        self.id = form_id
        self.kind = "project"
        self.root_type: Any = bindings.Project
        self.variables: dict[str, Variable] = {}
        self.prints: set[str] = set()
        self.column_refs: list[ColumnRef] = []
        self.row_type: Any = bindings.list_element(bindings.FinancialTable, ("rows",))  # a CSV row of a financial table

    # -- entry ----------------------------------------------------------------------------------

    def read(self) -> Form | None:
        root = self.file.root()
        try:
            root.mapping(N_("a form"), FORM_KEYS, ("kind", "title", "columns", "rows"))
            self.kind = root.child("kind").choice(KINDS)
            self.root_type = bindings.ROOTS[self.kind]
            shows = root.child("shows").choice(SHOWS) if root.get("shows") else "target"
            for var_name, node in (root.child("let").mapping(N_("the variables (let)")).items() if root.get("let") else []):
                self.variables[var_name] = self._variable(var_name, node.mapping(N_("a variable")) if node.is_mapping() else node)
            name = self.template(root.child("name")) if root.get("name") else Template(self.id.rsplit("/", 1)[-1], (self.id.rsplit("/", 1)[-1],))
            title = self.template(root.child("title"))
            subtitles = tuple(self.template(n) for n in root.child("subtitles").elements("subtitles")) if root.get("subtitles") else ()
            unit_line = self.template(root.child("unit_line")) if root.get("unit_line") else None
            header = tuple(self._header_line(n) for n in root.child("header").elements("header")) if root.get("header") else ()
            notes = tuple(self._note(n) for n in root.child("notes").elements("notes")) if root.get("notes") else ()
            orientation = root.child("orientation").choice(("portrait", "landscape")) if root.get("orientation") else "portrait"
            columns = self._columns(root.child("columns"))
            expects = tuple(self._expect(n) for n in root.child("expects").elements("expects")) if root.get("expects") else ()
            allows_blank = frozenset(n.choice(ALLOWS_BLANK) for n in root.child("allows_blank").elements("allows_blank")) \
                if root.get("allows_blank") else frozenset()
            money_unit = root.child("money_unit").choice(("万元", "元")) if root.get("money_unit") else "万元"
            width = self._width(columns)
            rows = self._blocks(root.child("rows"), self.root_type, width, top=True)
            if not rows and self.file.ok:
                root.child("rows").report(codes.D003_TYPE, key="rows", expected=Choice(N_("at least one row")))
            leading = True
            for block in rows:
                repeat = isinstance(block, RowSpec) and block.repeat
                if repeat and not leading:
                    self.file.report(codes.D003_REPEAT, Mark(block.line, 1))
                leading = leading and repeat
            for n, dotted in zip(root.child("expects").elements("expects") if expects and self.file.ok else (), expects, strict=False):
                if not any(p == dotted or p.startswith(dotted + ".") or dotted.startswith(p + ".") for p in self.prints):
                    n.report(codes.D004_EXPECTED, field=dotted)
        except TemplateProblem:
            return None
        if not self.file.ok:
            return None
        return Form(self.id, str(self.file.path), name, self.kind, shows, title, columns, rows, subtitles, unit_line,
                    header, notes, orientation, tuple(self.variables.values()), expects, frozenset(self.prints),
                    tuple(self.column_refs), allows_blank, money_unit)

    # -- small pieces ---------------------------------------------------------------------------

    def _variable(self, name: str, node: Node) -> Variable:
        if node.is_mapping() and node.has("then"):
            node.mapping(N_("a text variable"), {"if": "条件", "then": "成立时", "else": "不成立时"}, ("if", "then"))
            cond = self.cond(node.child("if"), self.root_type)
            otherwise = self.template(node.child("else")) if node.get("else") else Template("", ())
            return Variable(name, cond, self.template(node.child("then")), otherwise)
        return Variable(name, self.cond(node, self.root_type))

    def _header_line(self, node: Node) -> tuple[Template | None, Template | None, Template | None]:
        node.mapping(N_("a header line"), {"left": "左", "center": "中", "right": "右"})
        left, center, right = (self.template(node.child(k)) if node.get(k) else None for k in ("left", "center", "right"))
        return left, center, right

    def _note(self, node: Node) -> tuple[Template, Cond | None]:
        if node.is_mapping():
            node.mapping(N_("a note"), {"text": "注释", "when": "条件"}, ("text",))
            return self.template(node.child("text")), self.cond(node.child("when"), self.root_type) if node.get("when") else None
        return self.template(node), None

    def _expect(self, node: Node) -> str:
        path = self.path(node, node.text(), self.root_type, record=False)  # expected, not printed
        return ".".join(path)

    def _columns(self, node: Node) -> tuple[Column, ...]:
        out = []
        for n in node.elements("columns"):
            if n.is_mapping():
                n.mapping(N_("a repeated column"), {"each": "列表字段", "width": "总宽（毫米）"}, ("each", "width"))
                over = self.path(n.child("each"), n.child("each").text(), self.root_type)
                out.append(Column(self._mm(n.child("width")), over))
            else:
                out.append(Column(self._mm(n)))
        if not out:
            raise node.fail(codes.D003_TYPE, key="columns", expected=Choice(N_("a list of column widths in millimetres")))
        return tuple(out)

    def _mm(self, node: Node) -> Decimal:
        value = node.number()
        if value <= 0 or value > 1000:
            raise node.fail(codes.D003_TYPE, key="columns", expected=Choice(N_("a width in millimetres (more than 0)")))
        return value

    @staticmethod
    def _width(columns: tuple[Column, ...]) -> int | None:
        """The number of grid columns, when it does not depend on the spec."""
        return None if any(c.over for c in columns) else len(columns)

    # -- paths, conditions, templates -----------------------------------------------------------

    def path(self, node: Node, text: str, scope: Any, extra: dict[str, Any] | None = None, record: bool = True) -> Path_:
        """A dotted path checked against the scope (a row's element, then the spec)."""
        text = text.strip()
        if not _NAME.match(text):
            raise node.fail(codes.D004_FIELD, field=text, fields=sorted(bindings.names_of(scope) or []))
        parts = tuple(text.split("."))
        for part in parts:
            if part.startswith("{") and part[1:-1] not in (extra or {}):
                raise node.fail(codes.D004_VARIABLE, name=part[1:-1], names=sorted(extra or {}))
        if parts[0].startswith("{"):
            raise node.fail(codes.D004_FIELD, field=text, fields=sorted(bindings.names_of(scope) or []))
        if parts[0] in self.variables and len(parts) == 1:
            return parts
        if extra and parts[0] in extra and (len(parts) == 1 or bindings.walk(extra[parts[0]], parts[1:])[0]):
            return parts
        found, _, names = bindings.walk(scope, parts)
        in_row = found and scope is not self.root_type and scope == self.row_type
        if not found and scope is not self.root_type:
            found, _, names2 = bindings.walk(self.root_type, parts)
            if found and record:
                self.prints.add(".".join(p for p in parts if not p.isdigit()))
            names = names if not found else names2
        elif found and record and scope is self.root_type:
            self.prints.add(".".join(p for p in parts if not p.isdigit()))
        if not found:
            here = sorted(set(names or ()) | (set(extra or ()) if len(parts) == 1 else set()))
            if len(parts) > 1 and names is not None and parts[0] in (bindings.names_of(scope) or {}) | (bindings.names_of(self.root_type) or {}):
                raise node.fail(codes.D004_FIELD_UNDER, field=text, parent=".".join(parts[:-1]), fields=here)
            close = difflib.get_close_matches(parts[-1], here, n=1, cutoff=0.6)
            if close:
                raise node.fail(codes.D004_FIELD_SUGGEST, field=text, suggestion=".".join((*parts[:-1], close[0])), fields=here)
            raise node.fail(codes.D004_FIELD, field=text, fields=here)
        if self.kind == "financial" and in_row:
            self._column(node, parts[0])  # a name in a CSV row is one of its columns
        elif self.kind == "financial" and len(parts) == 2 and parts[0] == "rows":
            self._column(node, parts[1])  # rows.金额: that column of every row
        return parts

    def _column(self, node: Node, column: str, at_key: bool = False, value: str | None = None) -> None:
        """Record a CSV column named by a financial form (checked against the table set's columns)."""
        mark = node.key_mark if at_key else node.mark
        self.column_refs.append(ColumnRef(column, mark.line, mark.col, value))

    def cond(self, node: Node, scope: Any, extra: dict[str, Any] | None = None) -> Cond:
        if node.is_text():
            name = node.text().strip()
            if name in self.variables:
                return Cond("var", name=name)
            return Cond("present", self.path(node, name, scope, extra, record=False))
        if node.is_list():
            return Cond("any", parts=tuple(self.cond(n, scope, extra) for n in node.elements("conditions")))
        node.mapping(N_("a condition"), {"any": "任一成立", "all": "全部成立", "not": "不成立", "text": "是文字", "list": "是列表",
                                     "present": "已填写"})
        if len(node.value) != 1:
            raise node.fail(codes.D003_TYPE, key="when", expected=Choice(N_("one of any, all, not, text, list, present")))
        (op, child), = node.items()
        if op in ("any", "all"):
            return Cond(op, parts=tuple(self.cond(n, scope, extra) for n in child.elements(op)))
        if op == "not":
            return Cond("not", parts=(self.cond(child, scope, extra),))
        return Cond(op, self.path(child, child.text(), scope, extra, record=False))

    def template(self, node: Node, scope: Any = None, extra: dict[str, Any] | None = None) -> Template:
        source = node.text()
        scope = scope if scope is not None else self.root_type
        pieces: list[str | Expr] = []
        pos = 0
        literal = ""
        while pos < len(source):
            ch = source[pos]
            if source.startswith("{{", pos) or source.startswith("}}", pos):
                literal += ch
                pos += 2
                continue
            if ch == "}":
                raise node.fail(codes.D008_TEMPLATE, text=source, problem=Choice(N_("a closing brace with no opening one (write it twice to print one)")))
            if ch != "{":
                literal += ch
                pos += 1
                continue
            end = source.find("}", pos)
            if end < 0:
                raise node.fail(codes.D008_TEMPLATE, text=source, problem=Choice(N_("an opening brace is not closed")))
            if literal:
                pieces.append(literal)
                literal = ""
            pieces.append(self._expr(node, source, source[pos + 1:end], scope, extra))
            pos = end + 1
        if literal:
            pieces.append(literal)
        return Template(source, tuple(pieces))

    def _expr(self, node: Node, source: str, text: str, scope: Any, extra: dict[str, Any] | None) -> Expr:
        body, _, fmt = text.partition("|")
        fmt = fmt.strip() or "text"
        if fmt not in FORMATS:
            raise node.fail(codes.D008_FORMAT, text=source, format=fmt, formats=list(FORMATS))
        paths: list[Path_] = []
        for alternative in re.split(r"\s+or\s+", body.strip()):
            name = alternative.strip()
            paths.append((name,) if name in self.variables else self.path(node, name, scope, extra))
        return Expr(tuple(paths), fmt)

    # -- cells ----------------------------------------------------------------------------------

    def cell(self, node: Node, scope: Any, extra: dict[str, Any] | None, in_indicators: bool = False) -> CellSpec:
        return replace(self._cell(node, scope, extra, in_indicators), col=node.mark.col)

    def _cell(self, node: Node, scope: Any, extra: dict[str, Any] | None, in_indicators: bool) -> CellSpec:
        line = node.line
        if node.is_text():
            text = node.text()
            if in_indicators and text in ("level1", "level2"):
                return CellSpec("level", line, role="label", level=int(text[-1]))
            return CellSpec("fixed", line, role="label", text=self.template(node, scope, extra))
        node.mapping(N_("a cell"))
        kinds = [k for k in CELL_KINDS if node.has(k)]
        if len(kinds) != 1:
            raise node.fail(codes.D003_TYPE, key="cell", expected=Choice(N_("one of label, header, section, text, field, column, number, level, each, if, parts, sum, join")))
        kind = kinds[0]
        allowed = (kind, *CELL_KEYS.get(kind, _LAYOUT_KEYS))
        unused = [key for key in node.value if key not in allowed]
        for key in unused:  # an option this kind of cell does not use would be dropped silently
            node.child(key).report(codes.D002_NOT_HERE, at_key=True, key=key, kind=kind, allowed=[k for k in allowed if k != kind] or ["—"])
        if unused:
            raise TemplateProblem()
        opts = self._options(node, scope, extra)
        if kind in ("label", "header", "section", "text"):
            role = {"text": "value"}.get(kind, kind)
            return CellSpec("fixed", line, role=opts.pop("role", role), text=self.template(node.child(kind), scope, extra), **opts)
        if kind == "field":
            value = node.child("field")
            paths = tuple(self.path(n, n.text(), scope, extra) for n in ([value] if value.is_text() else list(value.elements("field"))))
            return CellSpec("field", line, role=opts.pop("role", "number" if opts.get("format") in NUMERIC_FORMATS else "value"), paths=paths, **opts)
        if kind == "column":
            if self.kind == "financial":
                self._column(node.child("column"), node.child("column").text())
            return CellSpec("column", line, role=opts.pop("role", "number" if opts.get("format") in NUMERIC_FORMATS else "value"), column=node.child("column").text(), **opts)
        if kind == "number":
            return CellSpec("number", line, role=opts.pop("role", "number"), number=node.child("number").number(), **opts)
        if kind == "level":
            if not in_indicators:
                raise node.fail(codes.D003_TYPE, key="level", expected=Choice(N_("a level cell only inside an indicators block")))
            level = node.child("level").integer(1)
            if level not in (1, 2):
                raise node.child("level").fail(codes.D003_CHOICE, key="level", value=str(level), choices=["1", "2"])
            blank = node.child("blank").flag() if node.get("blank") else False
            return CellSpec("level", line, role=opts.pop("role", "label"), level=level,
                            text=Template("", ()) if blank else None, **opts)
        if kind == "each":
            over = self._list_path(node.child("each"), node.child("each").text(), scope, extra, "each")
            var = node.child("as").text() if node.get("as") else "item"
            element = bindings.list_element(scope, over) or bindings.list_element(self.root_type, over) or Any
            inner_extra = dict(extra or {})
            inner_extra[var] = element
            if node.get("cell") is None:
                raise node.fail(codes.D003_MISSING, what="each", key="cell")
            inner = self.cell(node.child("cell"), scope, inner_extra, in_indicators)
            return CellSpec("each", line, over=over, var=var, cell=inner, **{k: v for k, v in opts.items() if k != "role"})
        if kind == "if":
            cond = self.cond(node.child("if"), scope, extra)
            if node.get("then") is None:
                raise node.fail(codes.D003_MISSING, what="if", key="then")
            then = self.cell(node.child("then"), scope, extra, in_indicators)
            otherwise = self.cell(node.child("else"), scope, extra, in_indicators) if node.get("else") else None
            return CellSpec("if", line, cond=cond, then=then, otherwise=otherwise)
        if kind == "parts":
            pieces = tuple(self.cell(n, scope, extra, in_indicators) for n in node.child("parts").elements("parts"))
            return CellSpec("parts", line, role=opts.pop("role", "value"), pieces=pieces, **opts)
        if kind == "join":
            over = self.path(node.child("join"), node.child("join").text(), scope, extra)
            element = bindings.list_element(scope, over) or bindings.list_element(self.root_type, over)
            if element is None:
                raise node.child("join").fail(codes.D004_NOT_LIST, field=".".join(over))
            if node.get("cell") is None:
                raise node.fail(codes.D003_MISSING, what="join", key="cell")
            inner = self.cell(node.child("cell"), element, _item_vars(element))
            return CellSpec("join", line, role=opts.pop("role", "value"), over=over, cell=inner, **opts)
        # sum
        target = node.child("sum")
        path = self.path(target, target.text(), scope, extra, record=True)
        where = self._where(node.child("where")) if node.get("where") else ()
        return CellSpec("sum", line, role=opts.pop("role", "number"), paths=(path,), where=where, **opts)

    def _list_path(self, node: Node, text: str, scope: Any, extra: dict[str, Any] | None, key: str) -> Path_:
        """A path that must name a list (``rows: prior_years``, ``span: funds.sources+1``, ``each:``)."""
        path = self.path(node, text, scope, extra, record=False)
        if path and (path[0] in (extra or {}) or path[0] in self.variables):
            return path  # a variable of the row: its type is checked where it is bound
        if bindings.list_element(scope, path) is None and bindings.list_element(self.root_type, path) is None:
            raise node.fail(codes.D004_NOT_LIST_FOR, field=".".join(path), key=key)
        return path

    def _options(self, node: Node, scope: Any, extra: dict[str, Any] | None) -> dict[str, Any]:
        opts: dict[str, Any] = {}
        if node.get("span"):
            opts["span"] = self._span(node.child("span"), scope, extra)
        if node.get("rows"):
            rows = node.child("rows")
            if rows.is_text() and not re.fullmatch(r"\s*\d+\s*", rows.text()):
                opts["rowspan"] = self._list_path(rows, rows.text(), scope, extra, "rows")
            else:
                opts["rowspan"] = rows.integer(1)
        if node.get("align"):
            opts["align"] = node.child("align").choice(ALIGNS)
        if node.get("role"):
            opts["role"] = node.child("role").choice(ROLES)
        if node.get("format"):
            opts["format"] = node.child("format").choice(FORMATS)
        if node.get("options"):
            pairs = []
            for n in node.child("options").elements("options"):
                if not n.is_list() or len(n.value) != 2:
                    raise n.fail(codes.D003_TYPE, key="options", expected=Choice(N_("pairs [keyword, printed label]")))
                pairs.append((n.child(0).text(), n.child(1).text()))
            opts["options"] = tuple(pairs)
        for key in ("prefix", "suffix", "separator"):
            if node.get(key):
                opts[key] = node.child(key).text()
        return opts

    def _span(self, node: Node, scope: Any, extra: dict[str, Any] | None) -> Span:
        if node.is_text() and node.text().strip() == "fill":
            return "fill"
        if node.is_text() and not re.fullmatch(r"\s*\d+\s*", node.text()):
            text = node.text().replace(" ", "")
            name, _, plus = text.partition("+")
            path = self._list_path(node, name, scope, extra, "span")
            if plus and not plus.isdigit():
                raise node.fail(codes.D003_TYPE, key="span", expected=Choice(N_("a number, fill, or a list field plus a number")))
            return (path, int(plus or 0))
        return node.integer(1)

    def _where(self, node: Node) -> tuple[tuple[str, str], ...]:
        node.mapping(N_("a filter"))
        out = tuple((key, child.text()) for key, child in node.items())
        if self.kind == "financial":  # {栏: 收入}: a column of the rows, and a value it may hold
            for key, child in node.items():
                self._column(child, key, at_key=True)
                self._column(child, key, value=child.text())
        return out

    # -- rows and blocks ------------------------------------------------------------------------

    def row(self, node: Node, scope: Any, extra: dict[str, Any] | None, in_indicators: bool = False) -> RowSpec:
        if node.is_list():
            return RowSpec(tuple(self.cell(n, scope, extra, in_indicators) for n in node.elements("cells")), node.line)
        node.mapping(N_("a row"), ROW_KEYS, ("cells",))
        cells = tuple(self.cell(n, scope, extra, in_indicators) for n in node.child("cells").elements("cells"))
        when = self.cond(node.child("when"), scope, extra) if node.get("when") else None
        repeat = node.child("repeat").flag() if node.get("repeat") else False
        return RowSpec(cells, node.line, when, repeat)

    def _rows(self, node: Node | None, scope: Any, extra: dict[str, Any] | None, in_indicators: bool = False) -> tuple[RowSpec, ...]:
        if node is None:
            return ()
        return tuple(self.row(n, scope, extra, in_indicators) for n in node.elements("rows"))

    def _blocks(self, node: Node, scope: Any, width: int | None, top: bool = False) -> tuple[Block, ...]:
        out: list[Block] = []
        for n in node.elements("rows"):
            try:
                out.append(self.block(n, scope))
            except TemplateProblem:
                continue
        if width is not None:
            check_geometry(self.file, out, width)
        return tuple(out)

    def block(self, node: Node, scope: Any) -> Block:
        if node.is_list():
            return self.row(node, scope, None)
        if not node.is_mapping():
            raise node.fail(codes.D003_TYPE, key="rows", expected=Choice(N_("a row (a list of cells) or a block")))
        when = self.cond(node.child("when"), scope) if node.get("when") else None
        if node.has("cells"):
            return self.row(node, scope, None)
        if node.has("group"):
            node.mapping(N_("a group"), GROUP_KEYS, ("group", "rows"))
            label = self._side(node.child("group"), scope)
            body = tuple(self.block(n, scope) for n in node.child("rows").elements("rows"))
            return GroupSpec(label, body, node.line, when)
        if node.has("indicators"):
            node.mapping(N_("an indicators block"), {"indicators": "指标", "when": "条件"})
            return self._indicators(node.child("indicators"), when)
        if node.has("items"):
            node.mapping(N_("an items block"), {"items": "列表", "when": "条件"})
            return self._items(node.child("items"), scope, when)
        if node.has("side_by_side"):
            node.mapping(N_("a side-by-side block"), {"side_by_side": "并排", "when": "条件", "at_least": "至少几行"})
            blocks = []
            for n in node.child("side_by_side").elements("side_by_side"):
                n.mapping(N_("a block side by side"), {"items": "列表"}, ("items",))
                blocks.append(self._items(n.child("items"), scope, None))
            at_least = node.child("at_least").integer(0) if node.get("at_least") else 0
            return SideBySideSpec(tuple(blocks), node.line, when, at_least)
        raise node.fail(codes.D003_TYPE, key="rows", expected=Choice(N_("a row (a list of cells) or one of: cells, group, indicators, items, side_by_side")))

    def _side(self, node: Node, scope: Any) -> CellSpec:
        """A side label spanning a block's rows: always exactly one cell."""
        cell = self.cell(node, scope, None)
        if cell.kind in ("each", "join") or (cell.kind == "if" and (cell.otherwise is None or cell.then is None)):
            raise node.fail(codes.D003_TYPE, key=str(node.path[-1]) if node.path else "group",
                            expected=Choice(N_("one cell (a label, a field, or an “if” with both “then” and “else”)")))
        return cell

    def _indicators(self, node: Node, when: Cond | None) -> IndicatorsSpec:
        node.mapping(N_("an indicators block"), INDICATOR_KEYS, ("line",))
        scope = bindings.Indicator
        extra = dict(bindings.INDICATOR_VARS)
        side = self._side(node.child("side"), self.root_type) if node.get("side") else None
        group_by = node.child("group_by").choice(("goal",)) if node.get("group_by") else ""
        group_extra = {"goal": int, "goal_text": str} if group_by else None
        header = self._rows(node.get("header"), self.root_type, group_extra)
        group_rows = self._rows(node.get("group_rows"), self.root_type, group_extra)
        line_node = node.child("line")
        line_cells = tuple(self.cell(n, scope, extra, in_indicators=True) for n in line_node.elements("line"))
        skeleton = node.child("skeleton").flag() if node.get("skeleton") else None
        spec = IndicatorsSpec(line_cells, line_node.line, side, header, skeleton, group_by, group_rows, when)
        self.prints.add("indicators")
        if group_by:
            self.prints.add("indicator." + group_by)
        for cell in _walk_cells(line_cells):
            if cell.kind == "field":
                for path in cell.paths:
                    if bindings.walk(scope, path)[0]:
                        self.prints.add("indicator." + ".".join(path))
        return spec

    def _items(self, node: Node, scope: Any, when: Cond | None) -> ItemsSpec:
        node.mapping(N_("an items block"), ITEM_KEYS, ("source", "row"))
        source = self.path(node.child("source"), node.child("source").text(), scope)
        element = bindings.list_element(self.root_type, source)
        if element is None:
            raise node.child("source").fail(codes.D004_NOT_LIST, field=".".join(source))
        extra = _item_vars(element)
        row = tuple(self.cell(n, element, extra) for n in node.child("row").elements("row"))
        first = tuple(self.cell(n, element, extra) for n in node.child("first").elements("first")) if node.get("first") else None
        where = self._where(node.child("where")) if node.get("where") else ()
        empty = self._rows(node.get("empty"), self.root_type, None)
        fixed = []
        for n in (node.child("fixed").elements("fixed") if node.get("fixed") else []):
            if n.is_mapping():
                n.mapping(N_("a fixed row"), {"item": "名称", "children": "其中行"}, ("item",))
                children = tuple(n.child("children").texts("children")) if n.get("children") else ()
                fixed.append((n.child("item").text(), children))
            else:
                fixed.append((n.text(), ()))
        total = None
        if node.get("total"):
            t = node.child("total").mapping(N_("a total row"), TOTAL_KEYS, ("label", "row"))
            at = t.child("at").choice(("top", "bottom")) if t.get("at") else "top"
            total = TotalSpec(t.child("label").text(), at, tuple(self.cell(n, element, extra) for n in t.child("row").elements("row")))
        pad = tuple(self.cell(n, element, extra) for n in node.child("pad").elements("pad")) if node.get("pad") else None
        return ItemsSpec(source, row, node.line, first, where, empty, tuple(fixed), total, pad, when)


NUMERIC_FORMATS = ("amount", "grouped", "money1", "money2", "disclosure")  # the formats whose cells are numbers


def _walk_cells(cells: tuple[CellSpec, ...]):
    for c in cells:
        yield c
        for sub in (c.cell, c.then, c.otherwise, *c.pieces):
            if sub is not None:
                yield from _walk_cells((sub,))


def _item_vars(element: Any) -> dict[str, Any]:
    """The variables of a list's rows: ``value`` is the element itself only where it is a plain
    value (a text, a number); a row with fields (item, amount …) is printed field by field."""
    extra = dict(bindings.ITEM_VARS)
    if bindings.names_of(element) is not None:
        del extra["value"]
    return extra


# --- geometry ------------------------------------------------------------------------------------

def _static_span(cell: CellSpec) -> int | None:
    """How many columns a cell takes, when the form alone says it (None: it depends on the spec)."""
    if cell.kind == "each" or not isinstance(cell.span, int):
        return None
    if cell.kind == "if":
        a = _static_span(cell.then) if cell.then else 0
        b = _static_span(cell.otherwise) if cell.otherwise else 0  # no else: nothing is printed
        return a if a == b else None
    return cell.span


def _row_width(cells: tuple[CellSpec, ...]) -> int | None:
    spans = [_static_span(c) for c in cells]
    known = [s for s in spans if s is not None]
    return sum(known) if len(known) == len(spans) else None


def check_geometry(file: DataFile, blocks: list[Block], width: int) -> None:
    """Rows that do not fill the grid and cells overlapping a span from above (D005), where the
    form alone determines them; the rest is checked when a spec is laid out."""
    covered: dict[int, tuple[int, int]] = {}  # column -> (rows still covered, line of the covering cell)
    for block in blocks:
        if isinstance(block, RowSpec):
            _check_row(file, block, width, covered)
            continue
        covered.clear()  # blocks start below every span of the rows above them
        inner = width
        if isinstance(block, GroupSpec):
            side = _static_span(block.label) or 1
            check_geometry(file, [b for b in block.body], width - side)
        elif isinstance(block, IndicatorsSpec):
            side = (_static_span(block.side) or 1) if block.side else 0
            inner = width - side
            check_geometry(file, list(block.header), inner)
            check_geometry(file, list(block.group_rows), width)
            used = _row_width(block.line_cells)
            if used is not None and used != inner:
                file.report(codes.D005_WIDTH, Mark(block.line, 1), used=used, width=inner)
        elif isinstance(block, ItemsSpec):
            _check_items(file, block, width)
        elif isinstance(block, SideBySideSpec):
            widths = [w for w in (_row_width(b.row) for b in block.blocks) if w is not None]
            if len(widths) == len(block.blocks) and sum(widths) != width:
                file.report(codes.D005_WIDTH, Mark(block.line, 1), used=sum(widths), width=width)


def _check_items(file: DataFile, block: ItemsSpec, width: int) -> None:
    for cells, line in ((block.row, block.line), (block.first, block.line), (block.total.row if block.total else None, block.line)):
        if cells is None:
            continue
        used = _row_width(cells)
        if used is not None and used != width:
            file.report(codes.D005_WIDTH, Mark(cells[0].line, cells[0].col) if cells else Mark(line, 1), used=used, width=width)
    check_geometry(file, list(block.empty), width)


UNKNOWN = -1  # a key of ``covered``: a span of unknown height above, the columns below are unknown


def _fill_span(row: RowSpec, width: int, covered: dict[int, tuple[int, int]]) -> int | None:
    """The columns a row's one ``fill`` cell takes, when the rest of the row is static."""
    others = [_static_span(c) for c in row.cells if c.span != "fill"]
    if any(s is None for s in others):
        return None
    return width - sum(1 for c in covered if 0 <= c < width) - sum(s for s in others if s is not None)


def _check_row(file: DataFile, row: RowSpec, width: int, covered: dict[int, tuple[int, int]]) -> None:
    """Place one row's cells the way the engine will (skipping columns covered from above)."""
    if UNKNOWN in covered:
        return
    fills = [c for c in row.cells if c.span == "fill"]
    if len(fills) > 1:
        file.report(codes.D005_TWO_FILLS, Mark(fills[1].line, fills[1].col))
        covered[UNKNOWN] = (1, row.line)
        return
    fill = _fill_span(row, width, covered) if fills else None
    if fill is not None and fill < 1:
        file.report(codes.D005_NO_ROOM, Mark(fills[0].line, fills[0].col), width=width)
        covered[UNKNOWN] = (1, row.line)
        return
    for cell in row.cells:
        if cell.kind == "if" and cell.otherwise is None and not fills and (_static_span(cell.then) if cell.then else 0):
            file.report(codes.D005_IF_NO_ELSE, Mark(cell.line, cell.col), span=_static_span(cell.then) if cell.then else 0)
    col = 0
    taken: set[int] = set()
    spans_down: dict[int, tuple[int, int]] = {}
    dynamic = False
    for index, cell in enumerate(row.cells):
        while col in covered:
            col += 1
        span = fill if cell.span == "fill" else _static_span(cell)
        if span is None:
            dynamic = True
            if any(c.rowspan != 1 for c in row.cells[index:]):
                spans_down[UNKNOWN] = (1 << 30, row.line)  # what this row covers below is not known
            break
        overlap = next((c for c in range(col, col + span) if c in covered), None)
        if overlap is not None:
            file.report(codes.D005_OVERLAP, Mark(cell.line, cell.col), line=covered[overlap][1])
            dynamic = True
            break
        if col + span > width:
            above = [line for c, (_, line) in covered.items() if 0 <= c < width]
            if above:  # a cell made to span down and the cells below kept, or this row made too wide
                file.report(codes.D005_COVERS, Mark(cell.line, cell.col), need=col + span, covered=len(above), other=min(above), width=width)
            else:
                file.report(codes.D005_OUTSIDE, Mark(cell.line, cell.col), need=col + span, width=width)
            dynamic = True
            break
        taken.update(range(col, col + span))
        if not isinstance(cell.rowspan, int):
            dynamic = True
            spans_down[UNKNOWN] = (1 << 30, row.line)  # a span as high as a list: the rows below are not known
            break
        if cell.rowspan > 1:
            for c in range(col, col + span):
                spans_down[c] = (cell.rowspan - 1, cell.line)
        col += span
    if not dynamic:
        used = len(taken) + sum(1 for c in covered if c < width)
        if used != width:
            file.report(codes.D005_WIDTH, Mark(row.line, 1), used=used, width=width)
    for c in list(covered):  # the spans from above move down one row; this row's start
        left, line = covered[c]
        if left <= 1:
            del covered[c]
        else:
            covered[c] = (left - 1, line)
    covered.update(spans_down)


def read_form(file: DataFile, form_id: str) -> Form | None:
    """The form in ``file`` (None when it is broken; the problems are in ``file.diagnostics``)."""
    if not file.loaded.ok:
        return None
    return _Reader(file, form_id).read()


__all__ = ["Form", "read_form", "CellSpec", "RowSpec", "GroupSpec", "IndicatorsSpec", "ItemsSpec", "SideBySideSpec",
           "TotalSpec", "Column", "Variable", "Template", "Expr", "Cond"]
