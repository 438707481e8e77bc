"""Narrative sections (情况说明 …): Jinja2 templates fed plain data, never the model objects.

Templates run in a sandbox with ``StrictUndefined`` (a misspelt name is an error, not an empty
string).  Numbers are formatted by the filters below: Decimal ROUND_HALF_UP first, then babel's
zh_CN grouping (babel itself would round half-even).  A template's text is plain lines: a line
starting ``# `` is a heading, ``- `` an item, a blank line ends a paragraph.

The data a template sees (all plain dicts, lists, strings and Decimals):

* ``department``, ``year``, ``title``
* ``tables``: 公开01 … 公开09, each a list of rows (dict of column → Decimal or text), and
  ``table_rows(id, name)`` / ``amount(id, name, column)`` helpers to pick rows by 项目 or 科目名称
* ``printed(name, computed)``: the figure a template computes, checked against the one the source
  printed where the package's facts record it under ``name``: the computed figure is returned
  (and printed); a difference is reported (G022) at that fact's line — a source's arithmetic slip
  is found, and the fact says what the source printed
* ``projects``: for every project self-evaluation: name (「涉密项目」 where the name is withheld in
  the public version), budget, executed, rate, score — in the public version exactly what the
  project's public table shows (a project withheld ``all`` has no amounts and no score).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from jinja2 import StrictUndefined

from . import codes, paths
from .diagnostics import Diagnostic
from .model.spec import Package, Project
from .redact import redact, withheld_parts
from .render.tree import Paragraph, Section
from .sandbox import LimitedEnvironment, OutsideFolder, TemplateLimit
from .scoring import ScoringRules, evaluate, execution_rate

CENT = Decimal("0.01")
SECRET_NAME = "涉密项目"


class NarrativeError(Exception):
    """A template failed: the diagnostic says where (the template file and line) and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.msgid)
        self.diagnostic = diagnostic


class _Missing(Exception):
    """A helper of the templates was asked for something the tables do not have."""


@dataclass(frozen=True)
class Mismatch:
    """A figure a narrative computes that differs from the one the package's facts say was printed."""

    fact: str
    printed: Decimal
    computed: Decimal


@dataclass(frozen=True)
class Member:
    """A member spec of a package as a narrative sees it: the spec, its scheme and scoring rules."""

    spec: Any
    scheme: Any
    scoring: ScoringRules | None


def money(value: Any, places: int = 2) -> str:
    """81315.03 → 「81,315.03」: half-up to ``places``, then zh_CN grouping."""
    number = _decimal(value)
    if number is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    return format_decimal(rounded, format="#,##0." + "0" * places if places else "#,##0", locale="zh_CN")


def percent(part: Any, whole: Any, places: int = 2) -> str:
    """part / whole as a percentage with ``places`` decimals (half-up), without the % sign."""
    a, b = _decimal(part), _decimal(whole)
    if a is None or b in (None, 0):
        return ""
    return str((a / b * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None


TEXT_COLUMNS = {"科目代码", "科目名称", "行次", "栏", "项目", "经费"}


def _plain_tables(financial: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, Any]]]:
    """The CSV rows with their amount columns as Decimals (codes and labels stay text)."""
    out = {}
    for table_id, rows in financial.items():
        out[table_id] = [
            {k: (v if k in TEXT_COLUMNS or _decimal(v) is None else _decimal(v)) for k, v in row.items()}
            for row in rows
        ]
    return out


def context(spec: Package, financial: dict[str, list[dict[str, str]]], members: list[Member], public: bool,
            found: list[Mismatch] | None = None) -> dict[str, Any]:
    """The plain data a narrative template sees (see the module docstring); ``found`` collects the
    figures ``printed()`` finds different from the facts."""
    tables = _plain_tables(financial)

    def table_rows(table_id: str, name: str | None = None) -> list[dict[str, Any]]:
        rows = tables[table_id]
        if name is None:
            return rows
        return [r for r in rows if name in (r.get("项目"), r.get("科目名称"))]

    def amount(table_id: str, name: str, column: str) -> Decimal | None:
        if table_id not in tables:
            raise _Missing(f"the package has no table {table_id}")
        found = table_rows(table_id, name)
        if not found:
            raise _Missing(f"{table_id} has no row “{name}”")
        value = found[0].get(column)
        return value if isinstance(value, Decimal) else None

    projects = []
    for member in members:
        original = member.spec
        if not isinstance(original, Project) or original.evaluation is None:
            continue
        parts = withheld_parts(original) if public else frozenset()
        # the text never knows more than the public tables: withheld means withheld everywhere
        s = redact(original, member.scheme) if public else original
        assert isinstance(s, Project)
        budget = s.evaluation.budget.total if s.evaluation and s.evaluation.budget else None
        rules = member.scoring
        score = evaluate(s, rules).total if rules and s.evaluation is not None else None
        projects.append({
            "name": SECRET_NAME if parts & {"all", "name"} else s.name,
            "budget": budget.adjusted if budget else None,
            "executed": budget.executed if budget else None,
            "rate": execution_rate(budget.executed, budget.adjusted) if budget else None,
            "score": score,
        })
    facts = {k: (_decimal(v) if _decimal(v) is not None else v) for k, v in spec.facts.items()}

    def printed(name: str, computed: Any) -> Any:
        stated, value = facts.get(name), _decimal(computed)
        if isinstance(stated, Decimal) and value is not None and stated != value and found is not None:
            mismatch = Mismatch(name, stated, value)
            if mismatch not in found:
                found.append(mismatch)
        return computed
    return {
        "department": spec.name, "year": spec.year, "title": spec.title or "", "facts": facts,
        "tables": tables, "table_rows": table_rows, "amount": amount, "printed": printed, "projects": projects,
    }


def environment(folders: list[Path]) -> LimitedEnvironment:
    """A sandboxed Jinja2 environment finding templates in ``folders`` (the package's own first),
    never outside them, with limits on the work a template does (``docgen.sandbox``)."""
    env = LimitedEnvironment(
        folders,
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(money=money)
    env.globals.update(money=money, percent=percent)
    return env


def paragraphs(text: str) -> list[Paragraph]:
    """A narrative's text as paragraphs: ``# `` a heading, ``- `` an item, a blank line ends a paragraph."""
    out: list[Paragraph] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            out.append(Paragraph("".join(buffer)))
            buffer.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("# "):
            flush()
            out.append(Paragraph(stripped[2:].strip(), "heading"))
        elif stripped.startswith("- "):
            flush()
            out.append(Paragraph(stripped[2:].strip(), "item"))
        else:
            buffer.append(stripped)
    flush()
    return out


def _template_line(exc: BaseException, template: str) -> int | None:
    """The template line a runtime error happened on (Jinja2 puts template frames in the traceback)."""
    import traceback

    name = Path(template).name
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).name == name]
    return lines[-1] if lines else None


def render_narratives(spec: Package, folders: list[Path], financial: dict[str, list[dict[str, str]]],
                      members: list[Member], public: bool = False, found: list[Mismatch] | None = None) -> list[Section]:
    """Every narrative section of the package, rendered; raises :class:`NarrativeError`.
    ``found`` collects the computed figures that differ from the printed ones the facts record."""
    sections = []
    env = environment(folders)
    data = None
    with env.rendering():
        for narrative in spec.narratives:
            if narrative.template:
                data = data or context(spec, financial, members, public, found)
                text = _render_one(env, narrative.template, data, folders)
            else:
                text = narrative.text or ""
            head = (Paragraph(narrative.title, "title"),) if narrative.heading == "title" else ()
            sections.append(Section(narrative.title, (*head, *paragraphs(text)), "text"))
    return sections


def _render_one(env: LimitedEnvironment, name: str, data: dict[str, Any], folders: list[Path]) -> str:
    """One template's text; any failure becomes a :class:`NarrativeError` at the template's line."""
    try:
        found = env.loader.locate(name)  # type: ignore[union-attr]
    except OutsideFolder as exc:
        raise NarrativeError(_outside(exc)) from exc
    except Exception:  # a name Jinja2 refuses (“..”): not found where it may look
        found = None
    if found is None:
        raise NarrativeError(Diagnostic(codes.G020_NOT_FOUND, str(folders[0] / name) if folders else name, 1, 1, {"name": name}))
    try:
        return env.write(env.get_template(name), **data)
    except OutsideFolder as exc:  # an {% include %} of a link leading out
        raise NarrativeError(_outside(exc)) from exc
    except TemplateLimit as exc:
        line = exc.line or _template_line(exc, found.name) or 1
        raise NarrativeError(Diagnostic(exc.message_, str(found), line, 1, exc.params)) from exc
    except Exception as exc:  # a template error, or a runtime one (1/0, text − number …)
        line = getattr(exc, "lineno", None) or _template_line(exc, found.name) or 1
        detail = getattr(exc, "message", None) or (str(exc) if isinstance(exc, _Missing) else f"{type(exc).__name__}: {exc}")
        raise NarrativeError(Diagnostic(codes.G020_TEMPLATE, str(found), line, 1, {"detail": str(detail)})) from exc


def _outside(exc: OutsideFolder) -> Diagnostic:
    target = paths.resolved(exc.path)
    return Diagnostic(codes.G006_LINK, str(exc.path), 1, 1, {"path": str(exc.path), "target": str(target or "?"), "folder": str(exc.folder)})
