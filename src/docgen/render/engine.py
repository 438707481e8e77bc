"""layout: a form description (data) laid out over a spec gives a format-free table tree.

This is the only code that knows how forms work; it names no region, no source document and no table.
``lay_out(form, view, scheme)`` walks the form's rows top to bottom:

* a row of cells becomes one table row (``fill`` spans take what the row leaves; ``each`` cells
  repeat for each element of a list);
* a group prints its body and puts the side label in front of it, spanning all its rows;
* an indicators block prints one row per 三级 indicator, the 一级/二级 cells spanning their blocks
  (every 二级 of the scheme, blank ones too, when the scheme prints a skeleton);
* an items block prints one row per element of a list (matched against fixed official rows
  where the form lists them, with a total row where it asks for one);
* blocks side by side share their rows.

Geometry the form alone could not check (it depends on the spec) is checked on the finished
table; a row that does not fit is reported at the form line that made it (D005).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .. import codes
from ..catalog.forms import (
    CellSpec,
    Cond,
    Form,
    GroupSpec,
    IndicatorsSpec,
    ItemsSpec,
    RowSpec,
    SideBySideSpec,
    Template,
)
from ..catalog.schemes import IndicatorScheme, norm_level
from ..diagnostics import Diagnostic, diagnostic
from ..model import bindings
from ..model.spec import Indicator, Indicators, amount_models
from .formats import item_key, printed, text_of, to_decimal
from .tree import Cell, GridError, Row, Table
from .view import Scope, SpecView, _belongs, present


class LayoutError(Exception):
    """A form produced rows that do not fit its grid (a form problem, reported at its line)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.msgid)
        self.diagnostic = diagnostic


# --- pending rows --------------------------------------------------------------------------------

@dataclass
class Pending:
    """A cell whose column span may still be ``fill`` (what the row leaves)."""

    cell: Cell
    span: int | str


@dataclass
class Draft:
    """A row whose ``fill`` spans are not yet resolved."""
    cells: list[Pending]
    line: int
    header: bool = False


@dataclass
class Done:
    """A finished row and the form line it came from."""
    row: Row
    line: int


@dataclass
class Context:
    """Rows being built for ``width`` columns, with the spans from rows above still covering some."""

    width: int
    rows: list[Done] = field(default_factory=list)
    coverage: dict[int, int] = field(default_factory=dict)  # column -> rows it stays covered

    def add(self, items: Iterable[Draft | Done]) -> None:
        """Add rows in order, resolving each draft's ``fill`` against the spans from above."""
        for item in items:
            if isinstance(item, Done):
                self.coverage.clear()
                self.rows.append(item)
            else:
                self._emit(item)

    def _emit(self, draft: Draft) -> None:
        covered = {c for c, left in self.coverage.items() if left > 0}
        fixed = sum(p.span for p in draft.cells if isinstance(p.span, int))
        fills = [p for p in draft.cells if p.span == "fill"]
        free = self.width - len(covered) - fixed
        cells: list[Cell] = []
        col = 0
        new_cover: dict[int, int] = {}
        for p in draft.cells:
            span = (max(1, free) if p is fills[0] else 1) if p.span == "fill" else int(p.span)
            while col in covered:
                col += 1
            cell = p.cell if p.cell.colspan == span else _with(p.cell, colspan=span)
            if cell.rowspan > 1:
                for c in range(col, col + span):
                    new_cover[c] = cell.rowspan
            cells.append(cell)
            col += span
        for c in list(self.coverage):
            self.coverage[c] -= 1
            if self.coverage[c] <= 0:
                del self.coverage[c]
        self.coverage.update(new_cover)
        self.rows.append(Done(Row(tuple(cells), header=draft.header), draft.line))


def _with(cell: Cell, **changes: Any) -> Cell:
    return replace(cell, **changes)


# --- indicator rows ------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorLine:
    """One 三级 row with where its 一级 and 二级 cells start and how far they span."""

    level1: str
    level2: str
    indicator: Indicator | None  # None: an empty 二级 printed as a blank row (fixed skeletons)
    level1_span: int  # > 0 on the first row of its 一级 block, else 0
    level2_span: int  # > 0 on the first row of its 二级 block, else 0
    key: tuple = ()  # (一级, 二级, index) of the indicator in the spec


def indicator_lines(indicators: Indicators, skeleton: list[tuple[str, list[str]]] | None = None) -> list[IndicatorLine]:
    """The indicator tree as table rows, in the author's order.

    With ``skeleton`` (the scheme's 一级 → 二级 names), every 二级 of the skeleton is printed, with a
    blank row when the spec has no indicator there; groups the spec adds beyond the skeleton
    follow in the author's order.
    """
    groups: list[tuple[str, list[tuple[str, list[tuple[tuple, Indicator | None]]]]]] = []

    def rows_of(l1: str, l2: str, rows: list[Indicator] | None) -> list[tuple[tuple, Indicator | None]]:
        return [((l1, l2, i), ind) for i, ind in enumerate(rows or [])]

    if skeleton is None:
        for l1, l2s in indicators.items():
            groups.append((l1, [(l2, rows_of(l1, l2, rows)) for l2, rows in (l2s or {}).items()]))
    else:
        used: set[tuple[str, str]] = set()
        for l1, l2names in skeleton:
            spec_l1 = next((k for k in indicators if norm_level(k) == norm_level(l1)), None)
            block = []
            for l2 in l2names:
                found: list[tuple[tuple, Indicator | None]] = []
                if spec_l1 is not None:
                    spec_l2 = next((k for k in indicators[spec_l1] if norm_level(k) == norm_level(l2)), None)
                    if spec_l2 is not None:
                        found = rows_of(spec_l1, spec_l2, indicators[spec_l1][spec_l2])
                        used.add((spec_l1, spec_l2))
                block.append((l2, found))
            if spec_l1 is not None:
                for k, rows in indicators[spec_l1].items():
                    if (spec_l1, k) not in used:
                        block.append((k, rows_of(spec_l1, k, rows)))
                        used.add((spec_l1, k))
            groups.append((l1, block))
        for l1, l2s in indicators.items():
            extra = [(l2, rows_of(l1, l2, rows)) for l2, rows in l2s.items() if (l1, l2) not in used]
            if extra:
                groups.append((l1, extra))
    lines: list[IndicatorLine] = []
    for l1, block in groups:
        padded: list[tuple[str, list[tuple[tuple, Indicator | None]]]] = [
            (l2, found or [((), None)]) for l2, found in block] or [("", [((), None)])]
        total = sum(len(found) for _, found in padded)
        first1 = True
        for l2, found in padded:
            for i, (key, ind) in enumerate(found):
                lines.append(IndicatorLine(l1, l2, ind, total if first1 else 0, len(found) if i == 0 else 0, key))
                first1 = False
    return lines


def _select(indicators: Indicators, keep) -> Indicators:
    """The indicators for which ``keep(ind)`` holds, in the author's order, without empty groups."""
    out: dict[str, dict[str, list[Indicator]]] = {}
    for l1, groups in indicators.items():
        for l2, rows in (groups or {}).items():
            for ind in rows or []:
                if keep(ind):
                    out.setdefault(l1, {}).setdefault(l2, []).append(ind)
    return out


# --- the engine ----------------------------------------------------------------------------------

_SUB_ITEM = re.compile(r"^\s*其中")


class _Engine:
    def __init__(self, form: Form, view: SpecView, scheme: IndicatorScheme | None) -> None:
        self.form = form
        self.view = view
        self.scheme = scheme
        self.root = Scope(view, {})
        self.keys = {id(ind): (l1, l2, i) for l1, l2, i, ind in _iter(getattr(view.spec, "indicators", None) or {})}
        for variable in form.variables:
            if variable.then is None:
                self.root.vars[variable.name] = self.cond(variable.cond, self.root)
            else:
                chosen = variable.then if self.cond(variable.cond, self.root) else variable.otherwise
                self.root.vars[variable.name] = self.text(chosen, self.root) if chosen else ""

    # -- values ---------------------------------------------------------------------------------

    def cond(self, cond: Cond, scope: Scope) -> bool:
        if cond.op == "var":
            return bool(scope.get((cond.name,)))
        if cond.op == "present":
            return present(scope.get(cond.path))
        if cond.op == "text":
            return isinstance(scope.get(cond.path), str)
        if cond.op == "list":
            return isinstance(scope.get(cond.path), list)
        if cond.op == "any":
            return any(self.cond(c, scope) for c in cond.parts)
        if cond.op == "all":
            return all(self.cond(c, scope) for c in cond.parts)
        return not self.cond(cond.parts[0], scope)

    def first(self, paths: tuple, scope: Scope) -> tuple[Any, tuple]:
        value = None
        for path in paths:
            value = scope.get(path)
            if present(value):
                return value, path
        return value, paths[-1] if paths else ()

    def text(self, template: Template, scope: Scope) -> str:
        out = []
        for piece in template.pieces:
            if isinstance(piece, str):
                out.append(piece)
            else:
                value, _ = self.first(piece.paths, scope)
                out.append(printed(value, piece.format).text if present(value) or isinstance(value, Decimal) else "")
        return "".join(out)

    def span(self, spec: CellSpec, scope: Scope) -> int | str:
        span = spec.span
        if isinstance(span, tuple):
            path, plus = span
            value = scope.get(path)
            return max(1, (len(value) if isinstance(value, (list, dict)) else 0) + plus)
        return span

    # -- cells ----------------------------------------------------------------------------------

    def cells(self, specs: Iterable[CellSpec], scope: Scope, line: IndicatorLine | None = None) -> list[Pending]:
        out: list[Pending] = []
        for spec in specs:
            out.extend(self.cell(spec, scope, line))
        return out

    def cell(self, spec: CellSpec, scope: Scope, line: IndicatorLine | None = None) -> list[Pending]:
        kind = spec.kind
        if kind == "each":
            values = scope.get(spec.over)
            elements = values if isinstance(values, list) else list(values) if isinstance(values, dict) else []
            out = []
            for element in elements:
                out.extend(self.cell(spec.cell, scope.with_vars(**{spec.var: element}), line))  # type: ignore[arg-type]
            return out
        if kind == "if":
            chosen = spec.then if self.cond(spec.cond, scope) else spec.otherwise  # type: ignore[arg-type]
            return self.cell(chosen, scope, line) if chosen is not None else []
        if kind == "level":
            if line is None:
                return []
            span = line.level1_span if spec.level == 1 else line.level2_span
            if not span:
                return []
            name = line.level1 if spec.level == 1 else line.level2
            text = self.text(spec.text, scope) if spec.text is not None else name
            return [Pending(Cell(text, 1, span, role=spec.role, align=spec.align), self.span(spec, scope))]  # type: ignore[arg-type]
        text, number, number_format, source = self.content(spec, scope)
        return [Pending(Cell(text, 1, self.rowspan(spec, scope), role=spec.role, align=spec.align, number=number,  # type: ignore[arg-type]
                             number_format=number_format, source=source), self.span(spec, scope))]

    def amount(self, path: tuple[str, ...], scope: Scope) -> bool:
        """Is the value at ``path`` an amount (under funds or a budget), not a score or a weight?"""
        if not path:
            return False
        root: Any = bindings.ROOTS[self.form.kind]
        s: Scope | None = scope
        while s is not None:
            if path[0] in s.vars:
                return False
            if s.element_type is not None and _belongs(s.element_type, path[0]):
                root = s.element_type
                break
            s = s.parent
        models = amount_models()
        # a field the spec writes (not a computed one such as rate) of an amount model, or a year of its prior
        parent, name = (path[:-2], "prior") if len(path) > 1 and path[-2] == "prior" else (path[:-1], path[-1])
        found, annotation, _ = bindings.walk(root, parent)
        model = bindings._strip(annotation) if found else None
        return model in models and name in model.model_fields and (name != "prior" or len(path) > 1)

    def rowspan(self, spec: CellSpec, scope: Scope) -> int:
        if isinstance(spec.rowspan, int):
            return spec.rowspan
        value = scope.get(spec.rowspan)
        return max(1, len(value) if isinstance(value, (list, dict)) else 1)

    def content(self, spec: CellSpec, scope: Scope) -> tuple[str, Decimal | None, str | None, str]:
        """(text, number, Excel format, bound path) of a cell that is not a container."""
        kind = spec.kind
        if kind == "fixed":
            return self.text(spec.text, scope), None, None, ""  # type: ignore[arg-type]
        if kind == "number":
            shown = printed(spec.number, "amount")
            return shown.text, shown.number, shown.number_format, ""
        if kind in ("field", "column", "sum"):
            if kind == "field":
                value, path = self.first(spec.paths, scope)
                where = scope.locate(path)[1]
                source = ".".join(map(str, where)) if where else ""
            elif kind == "column":
                element = scope.element if isinstance(scope.element, dict) else {}
                value, source = element.get(spec.column), ".".join(map(str, scope.at + (spec.column,))) if scope.at else spec.column
            else:
                value, source = self.sum(spec, scope), ""
            if kind == "field" and self.form.money_unit == "元" and isinstance(value, Decimal) and self.amount(path, scope):
                value = value.scaleb(4)  # the spec's 万元 as the form's 元, exactly
            shown = printed(value, spec.format, spec.options)
            text = f"{spec.prefix}{shown.text}{spec.suffix}" if shown.text else ""
            return text, shown.number, shown.number_format, source
        if kind == "join":
            values = scope.get(spec.over)
            element_type = bindings.list_element(bindings.ROOTS[self.form.kind], spec.over)
            lines = []
            for n, element in enumerate(values if isinstance(values, list) else [], 1):
                inner = self.content(spec.cell, scope.child(element, element_type, n=n, value=element))  # type: ignore[arg-type]
                if inner[0]:
                    lines.append(inner[0])
            return spec.separator.join(lines) if spec.separator else "\n".join(lines), None, None, ".".join(spec.over)
        # parts
        texts = []
        any_field = False
        any_value = False
        for piece in spec.pieces:
            text, _, _, _ = self.content(piece, scope)
            if piece.kind in ("field", "column", "sum"):
                any_field = True
                any_value |= bool(text)
            texts.append(text)
        if any_field and not any_value:
            return "", None, None, ""
        if spec.separator:
            return spec.separator.join(t for t in texts if t), None, None, ""
        return "".join(texts), None, None, ""

    def sum(self, spec: CellSpec, scope: Scope) -> Decimal | None:
        path = spec.paths[0]
        # walk until the first list, filter it, then map the rest of the path over it
        value: Any = None
        for i in range(1, len(path) + 1):
            value = scope.get(path[:i])
            if isinstance(value, list):
                rows = [r for r in value if _matches(r, spec.where)]
                values = [_walk_rest(r, path[i:]) for r in rows]
                break
        else:
            values = value if isinstance(value, list) else [value]
        numbers = [n for n in (to_decimal(v) for v in _flatten(values)) if n is not None]
        return sum(numbers, Decimal(0)) if numbers else None

    # -- blocks ---------------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[Any], scope: Scope, width: int) -> list[Draft | Done]:
        out: list[Draft | Done] = []
        for block in blocks:
            if getattr(block, "when", None) is not None and not self.cond(block.when, scope):
                continue
            if isinstance(block, RowSpec):
                out.append(Draft(self.cells(block.cells, scope), block.line, block.repeat))
            elif isinstance(block, GroupSpec):
                out.extend(self.group(block.label, block.body, scope, width, block.line))
            elif isinstance(block, IndicatorsSpec):
                out.extend(self.indicators(block, scope, width))
            elif isinstance(block, ItemsSpec):
                out.extend(self.items(block, scope))
            elif isinstance(block, SideBySideSpec):
                out.extend(self.side_by_side(block, scope))
        return out

    def finish(self, drafts: list[Draft | Done], width: int) -> list[Done]:
        context = Context(width)
        context.add(drafts)
        return context.rows

    def with_side(self, label: CellSpec | None, rows: list[Done], scope: Scope, line: int) -> list[Done]:
        """``rows`` with a side label in front, spanning all of them."""
        if label is None or not rows:
            return rows
        (side,) = self.cell(label, scope)
        span = side.span if isinstance(side.span, int) else 1
        head = _with(side.cell, rowspan=len(rows), colspan=span)
        first = rows[0]
        return [Done(Row((head,) + first.row.cells, first.row.header), first.line), *rows[1:]]

    def group(self, label: CellSpec, body: Iterable[Any], scope: Scope, width: int, line: int) -> list[Done]:
        side = label.span if isinstance(label.span, int) else 1
        rows = self.finish(self.blocks(body, scope, width - side), width - side)
        return self.with_side(label, rows, scope, line)

    def indicators(self, block: IndicatorsSpec, scope: Scope, width: int) -> list[Draft | Done]:
        spec = self.view.spec
        indicators = getattr(spec, "indicators", {}) or {}
        if not block.group_by:
            return list(self._indicator_block(block, indicators, scope, width))
        annual = spec.goals.annual if getattr(spec, "goals", None) else None
        texts = annual if isinstance(annual, list) else []
        numbers = sorted(set(range(1, len(texts) + 1)) | {ind.goal for *_, ind in _iter(indicators) if ind.goal is not None})
        out: list[Draft | Done] = []
        for n in numbers:
            group_scope = scope.with_vars(goal=n, goal_text=texts[n - 1] if 0 < n <= len(texts) else "")
            for row in block.group_rows:
                if row.when is None or self.cond(row.when, group_scope):
                    out.append(Draft(self.cells(row.cells, group_scope), row.line, row.repeat))
            chosen = _select(indicators, lambda ind, n=n: ind.goal == n)
            if chosen:
                out.extend(self._indicator_block(block, chosen, group_scope, width))
        rest = _select(indicators, lambda ind: ind.goal is None or ind.goal not in numbers)
        if rest:
            out.extend(self._indicator_block(block, rest, scope, width))
        return out

    def _indicator_block(self, block: IndicatorsSpec, indicators: Indicators, scope: Scope, width: int) -> list[Done]:
        side = (block.side.span if isinstance(block.side.span, int) else 1) if block.side else 0
        inner = width - side
        skeleton = None
        use_skeleton = block.skeleton if block.skeleton is not None else bool(self.scheme and self.scheme.skeleton)
        if use_skeleton and self.scheme is not None:
            skeleton = self.scheme.printed_skeleton()
        drafts: list[Draft | Done] = []
        for row in block.header:
            if row.when is None or self.cond(row.when, scope):
                drafts.append(Draft(self.cells(row.cells, scope), row.line, row.repeat))
        for line in indicator_lines(indicators, skeleton):
            ind = line.indicator
            key = self.keys.get(id(ind), line.key)  # where it is in the spec (a group holds a selection)
            scored = self.view.indicator_scores.get(key) if ind is not None else None
            score = ind.score if ind is not None and ind.score is not None else (scored.score if scored else None)
            deviation = ind.deviation if ind is not None and ind.deviation is not None else (
                scored.computed.deviation if scored else None)
            row_scope = scope.child(ind, bindings.Indicator, ("indicators", *key) if ind is not None else (),
                                    score=score, deviation=deviation, level1=line.level1, level2=line.level2)
            drafts.append(Draft(self.cells(block.line_cells, row_scope, line), block.line))
        rows = self.finish(drafts, inner)
        return self.with_side(block.side, rows, scope, block.line)

    def elements(self, block: ItemsSpec, scope: Scope) -> tuple[list[tuple[Any, dict[str, Any]]], Any]:
        """The (element, variables) of an items block, and its written total row (if any)."""
        value = scope.get(block.source)
        element_type = bindings.list_element(bindings.ROOTS[self.form.kind], block.source)
        where = scope.locate(block.source)[1] or ()
        if isinstance(value, dict):
            pairs = [(v, {"key": k, "_at": (*where, k) if where else ()}) for k, v in value.items()]
        elif isinstance(value, list):
            pairs = [(v, {"_at": (*where, i) if where else ()}) for i, v in enumerate(value)]
        else:
            pairs = []
        pairs = [(e, v) for e, v in pairs if _matches(e, block.where)]
        written_total = None
        if block.total is not None:
            label = item_key(block.total.label)
            kept = []
            for element, variables in pairs:
                if written_total is None and item_key(getattr(element, "item", None)) == label:
                    written_total = element
                else:
                    kept.append((element, variables))
            pairs = kept
        if block.fixed:
            pairs = self._fixed(block, pairs, element_type)
        return pairs, written_total

    def _fixed(self, block: ItemsSpec, pairs: list[tuple[Any, dict]], element_type: Any) -> list[tuple[Any, dict]]:
        """The form's official rows, each with the spec's amount of the same name; the spec's
        other rows follow them, so nothing written is lost."""
        parents = {item_key(name): name for name, _ in block.fixed}
        found: dict[tuple[str, str], tuple[Any, dict]] = {}
        extra: list[tuple[Any, dict]] = []
        parent: str | None = None
        for element, variables in pairs:
            text = getattr(element, "item", None)
            key = item_key(text)
            sub = bool(_SUB_ITEM.match(text or ""))
            if not sub and key in parents and (key, "") not in found:
                parent = key
                found[(key, "")] = (element, variables)
                continue
            if sub and parent is not None:
                children = next(c for n, c in block.fixed if item_key(n) == parent)
                if key in {item_key(c) for c in children} and (parent, key) not in found:
                    found[(parent, key)] = (element, variables)
                    continue
            extra.append((element, variables))
        out: list[tuple[Any, dict]] = []
        for name, children in block.fixed:
            key = item_key(name)
            for label, child_key in [(name, "")] + [(c, item_key(c)) for c in children]:
                element, variables = found.get((key, child_key), (None, {}))
                # the row prints the form's own name of the row: a variable, so it is not bound to the author's text
                out.append((element if element is not None else _blank(label, element_type), {**variables, "item": label}))
        return out + extra

    def items(self, block: ItemsSpec, scope: Scope) -> list[Draft | Done]:
        pairs, written_total = self.elements(block, scope)
        element_type = bindings.list_element(bindings.ROOTS[self.form.kind], block.source)
        top = [p for p in pairs if not _is_sub(p[0])]
        block_total = _sum_field(top, "amount")
        drafts: list[Draft | Done] = []
        for n, (element, variables) in enumerate(pairs, 1):
            amount = to_decimal(getattr(element, "amount", None)) if element is not None else None
            share = amount / block_total if amount is not None and block_total else None
            variables = dict(variables)
            at = variables.pop("_at", ())
            row_scope = scope.child(element, element_type, at, n=n, amount_share=share, value=element, **variables)
            template = block.first if n == 1 and block.first is not None else block.row
            drafts.append(Draft(self.cells(template, row_scope), block.line))
        if block.total is not None:
            aggregate = _aggregate(block.total.label, top, written_total, element_type)
            total_amount = to_decimal(getattr(aggregate, "amount", None))
            total_scope = scope.child(aggregate, element_type, n=None, key=block.total.label,
                                      amount_share=Decimal(1) if total_amount else None)
            total = Draft(self.cells(block.total.row, total_scope), block.line)
            drafts = [total, *drafts] if block.total.at == "top" else [*drafts, total]
        if not pairs and block.total is None:
            for row in block.empty:
                if row.when is None or self.cond(row.when, scope):
                    drafts.append(Draft(self.cells(row.cells, scope), row.line, row.repeat))
        return drafts

    def side_by_side(self, block: SideBySideSpec, scope: Scope) -> list[Draft | Done]:
        columns = [[d for d in self.items(b, scope) if isinstance(d, Draft)] for b in block.blocks]
        height = max(max((len(c) for c in columns), default=0), block.at_least)
        out: list[Draft | Done] = []
        for k in range(height):
            cells: list[Pending] = []
            for items, drafts in zip(block.blocks, columns):
                if k < len(drafts):
                    cells.extend(drafts[k].cells)
                else:
                    element_type = bindings.list_element(bindings.ROOTS[self.form.kind], items.source)
                    empty: dict | None = {} if bindings.names_of(element_type) is None else None
                    template = items.pad if items.pad is not None else _blank_row(items.row)
                    cells.extend(self.cells(template, scope.child(empty, element_type, n=None)))
            out.append(Draft(cells, block.line))
        return out

    # -- the table ------------------------------------------------------------------------------

    def title(self, form: Form, scope: Scope) -> str:
        """The form's title line, unless the spec prints its own (``title``, 表题)."""
        own = scope.get(("title",))
        return own if isinstance(own, str) and own.strip() else self.text(form.title, scope)

    def table(self) -> Table:
        form, scope = self.form, self.root
        widths: list[float] = []
        for column in form.columns:
            if column.over:
                values = scope.get(column.over)
                count = len(values) if isinstance(values, (list, dict)) else 0
                widths += [float(column.width) / count] * count if count else []
            else:
                widths.append(float(column.width))
        width = len(widths)
        rows = self.finish(self.blocks(form.rows, scope, width), width)
        table = Table(
            name=self.text(form.name, scope),
            title=self.title(form, scope),
            subtitles=tuple(text for text in (self.text(t, scope) for t in form.subtitles) if text),
            unit_line=self.text(form.unit_line, scope) if form.unit_line else "",
            columns=tuple(widths),
            rows=tuple(d.row for d in rows),
            notes=tuple(self.text(t, scope) for t, when in form.notes if when is None or self.cond(when, scope)),
            orientation=form.orientation,  # type: ignore[arg-type]
            header_lines=tuple(tuple(self.text(t, scope) if t else "" for t in line) for line in form.header),  # type: ignore[misc]
        )
        self.check(table, rows)
        return table

    def check(self, table: Table, rows: list[Done]) -> None:
        """The grid closes (``Table.placed``); if not, a D005 at the form line to blame: the row of
        the cell that runs out, or of the cell spanning down into another row's cells."""
        try:
            table.placed()
        except GridError as exc:
            def line_of(index: int | None) -> int:
                return rows[min(index, len(rows) - 1)].line if rows and index is not None else 1

            text = exc.text.replace("\n", " ")[:20]
            if exc.kind == "overlap" and exc.owner is not None and exc.owner < exc.start:
                raise LayoutError(diagnostic(codes.D005_SPAN_INTO, self.form.path, line_of(exc.owner), 1,
                                             row=exc.row + 1, other=line_of(exc.start), text=text)) from None
            if exc.kind == "outside" and exc.owner is not None:
                raise LayoutError(diagnostic(codes.D005_SPAN_INTO, self.form.path, line_of(exc.owner), 1,
                                             row=exc.row + 1, other=line_of(exc.row), text=text)) from None
            if exc.kind == "below":
                raise LayoutError(diagnostic(codes.D005_BELOW, self.form.path, line_of(exc.row), 1,
                                             text=text, rowspan=exc.rowspan, row=exc.row + 1, rows=len(rows))) from None
            if exc.kind == "missing":
                raise LayoutError(diagnostic(codes.D005_MISSING, self.form.path, line_of(exc.row), 1, row=exc.row + 1,
                                             columns="、".join(str(c + 1) for c in exc.missing), width=exc.width)) from None
            raise LayoutError(diagnostic(codes.D005_PAST_GRID, self.form.path, line_of(exc.row), 1,
                                         text=text, row=exc.row + 1, width=exc.width)) from None


# --- helpers -------------------------------------------------------------------------------------

def _blank_row(cells: tuple[CellSpec, ...]) -> tuple[CellSpec, ...]:
    """A filler row shaped like ``cells`` (same spans and roles) that prints nothing: a shorter
    list side by side with a longer one gets blank rows, not “()” or “0.” numbering."""
    return tuple(c if c.kind in ("each", "if") else replace(c, kind="fixed", text=Template("", ()), paths=(), pieces=(), cell=None)
                 for c in cells)


def _iter(indicators: Indicators):
    for l1, groups in indicators.items():
        for l2, rows in (groups or {}).items():
            for i, ind in enumerate(rows or []):
                yield l1, l2, i, ind


def _matches(element: Any, where: tuple[tuple[str, str], ...]) -> bool:
    for key, pattern in where:
        value = element.get(key) if isinstance(element, dict) else getattr(element, key, None)
        text = text_of(value).strip()
        negate = pattern.startswith("!")
        ok = fnmatch.fnmatchcase(text, pattern[1:] if negate else pattern)
        if ok == negate:
            return False
    return True


def _walk_rest(element: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if isinstance(element, dict):
            element = element.get(name)
        else:
            element = getattr(element, name, None)
    return element


def _flatten(values: Any) -> list[Any]:
    out = []
    for v in values if isinstance(values, list) else [values]:
        out.extend(_flatten(v) if isinstance(v, list) else [v])
    return out


def _is_sub(element: Any) -> bool:
    return bool(_SUB_ITEM.match(getattr(element, "item", None) or ""))


def _sum_field(pairs: list[tuple[Any, dict]], name: str) -> Decimal | None:
    numbers = [to_decimal(getattr(e, name, None)) for e, _ in pairs if e is not None]
    present_numbers = [n for n in numbers if n is not None]
    return sum(present_numbers, Decimal(0)) if present_numbers else None


def _blank(label: str, element_type: Any) -> Any:
    """An empty row named ``label``, for an official row the spec does not have."""
    return element_type.model_construct(item=label) if hasattr(element_type, "model_construct") else {"item": label}


def _aggregate(label: str, pairs: list[tuple[Any, dict]], written: Any, element_type: Any) -> Any:
    """The total row's element: the written 合计 row's values, else the sums of the rows."""
    if not hasattr(element_type, "model_fields"):
        return {"item": label}
    values: dict[str, Any] = {"item": label}
    for name, _info in element_type.model_fields.items():
        if name == "item":
            continue
        mine = getattr(written, name, None) if written is not None else None
        if mine is not None:
            values[name] = mine
            continue
        column = [getattr(e, name, None) for e, _ in pairs if e is not None]
        if any(isinstance(v, dict) for v in column):
            keys = sorted({k for v in column if isinstance(v, dict) for k in v})
            values[name] = {k: _sum_field([(e, {}) for e in (
                _Value(v.get(k)) for v in column if isinstance(v, dict))], "value") for k in keys}
        elif any(isinstance(v, Decimal) for v in column):
            values[name] = _sum_field([(_Value(v), {}) for v in column], "value")
    return element_type.model_construct(**values)


@dataclass(frozen=True)
class _Value:
    value: Any


def lay_out(form: Form, view: SpecView, scheme: IndicatorScheme | None = None) -> Table:
    """The table ``form`` prints for the spec (or financial table) behind ``view``.

    Raises :class:`LayoutError` when the rows do not fit the form's grid.
    """
    return _Engine(form, view, scheme).table()
