"""check: small named rules over a validated spec, each yielding diagnostics with a stable code.

A rule is a function ``rule(ctx)`` registered with ``@rule(kinds)``; it reports through
``ctx.report(code, path, msgid, **params)`` where ``path`` is a path into the spec (canonical
English keys), so the diagnostic lands on the author's node.  Rules never raise for odd data:
they look only at what is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from ..catalog.families import Family, KindLayout
from ..catalog.schemes import IndicatorScheme
from ..diagnostics import Diagnostic, Message
from ..model.build import SourceMap
from ..model.spec import Department, Project

Path_ = tuple


@dataclass
class Context:
    """What a rule sees: the spec, where its nodes are, and what was resolved about it."""
    spec: Project | Department
    source: SourceMap
    layout: Family
    kind_layout: KindLayout
    scheme: IndicatorScheme
    out: list[Diagnostic] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.spec.kind

    def report(self, message: Message, path: Path_, *, at_key: bool = False, **params: Any) -> None:
        """A diagnostic of ``message`` at the spec node ``path`` (its key with ``at_key``)."""
        mark = self.source.key(path) if at_key else self.source.value(path)
        self.out.append(Diagnostic(message, self.source.file, mark.line, mark.col, params))

    def has(self, path: Path_) -> bool:
        """Is the node at ``path`` written in the spec?"""
        return self.source.has(path)


Rule = Callable[[Context], None]
RULES: list[tuple[tuple[str, ...], Rule]] = []


def rule(*kinds: str) -> Callable[[Rule], Rule]:
    """Register a check for the given spec kinds (all kinds when none given)."""

    def register(fn: Rule) -> Rule:
        RULES.append((kinds or ("project", "department"), fn))
        return fn

    return register


def run_rules(ctx: Context) -> list[Diagnostic]:
    """Every registered rule for the spec's kind; their diagnostics."""
    # Amounts are capped at 15 integer digits by the model, but indicator values are free text:
    # a context wide enough that no quotient or rounding of such numbers can overflow.
    with localcontext() as dec:
        dec.prec = 60
        dec.Emax = 10**6
        dec.Emin = -(10**6)
        for kinds, fn in RULES:
            if ctx.kind in kinds:
                fn(ctx)
    return ctx.out


# --- helpers shared by rules --------------------------------------------------------------------

CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    """Round half-up to 2 places, as the official tables show amounts."""
    from decimal import ROUND_HALF_UP

    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def tolerance(parts: int) -> Decimal:
    """尾差: each part may have been rounded to the cent on its own, so allow one cent per part."""
    return CENT * max(1, parts)


def differs(total: Decimal, parts: Iterable[Decimal | None]) -> bool:
    """True when ``total`` is not the sum of ``parts`` (absent parts count as 0, and add no 尾差)."""
    present = [p for p in parts if p]
    return abs(total - sum(present, Decimal(0))) > tolerance(len(present))


def fmt(value: Decimal | None) -> str:
    """A number as messages print it: 510.86, 100 (no trailing zeros for whole numbers)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text
