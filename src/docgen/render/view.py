"""The values a form binds to: a spec (or a financial table) seen through dotted paths.

``docgen.model.bindings`` says which paths exist; this module finds their values.  A path is
looked up in the innermost scope first — the variables of a repeated row (``n``, ``key``, an
``each`` element), then the row's element (an indicator, a 资金来源 row, a CSV row) — and then in
the spec.  A step through a list maps over its elements (``funds.income.amount`` is the list of the
amounts).  Computed names (``score``, ``scoring``, ``prior_years``, a budget line's ``rate``)
are computed here, once per spec.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, is_dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..model import bindings
from ..model.spec import BudgetLine, Department, Project, iter_indicators
from ..scoring import EvaluationResult, ScoringRules, evaluate, execution_rate


class SpecView:
    """The root of a form's paths: a spec with its scoring parameters, or a financial table."""

    def __init__(self, spec: Any, rules: ScoringRules | None = None) -> None:
        self.spec = spec
        self.rules = rules

    @functools.cached_property
    def result(self) -> EvaluationResult | None:
        if self.rules is None or not isinstance(self.spec, (Project, Department)) or self.spec.evaluation is None:
            return None
        return evaluate(self.spec, self.rules)

    @functools.cached_property
    def scores(self) -> bindings.Scores:
        r = self.result
        if r is None:
            return bindings.Scores(None, None, None, None, None)
        return bindings.Scores(r.execution_rate, r.execution_score, r.management_score, r.indicator_score, r.total)

    @functools.cached_property
    def weights(self) -> bindings.Weights:
        rules = self.rules
        if rules is None:
            return bindings.Weights(None, None)
        return bindings.Weights(rules.execution_weight, rules.management_weight)

    @functools.cached_property
    def indicator_scores(self) -> dict[tuple, Any]:
        """(一级, 二级, index) → the rule's result for that indicator."""
        if self.result is None:
            return {}
        return {s.path[1:]: s for s in self.result.indicators}

    @functools.cached_property
    def prior_years(self) -> list[int]:
        """The 近两年 columns: as the funds block names them, else the years the indicators use,
        else the two years before the spec's."""
        spec = self.spec
        funds = getattr(spec, "funds", None)
        if funds is not None and getattr(funds, "prior_years", None):
            return list(funds.prior_years)
        years = sorted({int(y) for *_, ind in iter_indicators(getattr(spec, "indicators", {}) or {})
                        for y in (ind.prior or {}) if str(y).isdigit()})
        year = getattr(spec, "year", 0)
        return years or [year - 2, year - 1]

    def extra(self, name: str) -> Any:
        """A computed root value: ``score``, ``scoring``, ``prior_years`` or ``all_indicators``."""
        if name == "score":
            return self.scores
        if name == "scoring":
            return self.weights
        if name == "prior_years":
            return self.prior_years
        if name == "all_indicators":
            return [ind for *_, ind in iter_indicators(getattr(self.spec, "indicators", {}) or {})]
        raise KeyError(name)


def budget_rate(line: BudgetLine) -> Decimal | None:
    """执行率 of a budget line: executed ÷ adjusted; 0 where the budget is 0; None where unknown."""
    if line.adjusted is not None and line.adjusted == 0:
        return Decimal(0)
    return execution_rate(line.executed, line.adjusted)


def step(value: Any, name: str) -> Any:
    """One step of a path from ``value``."""
    if value is None:
        return None
    if isinstance(value, SpecView):
        if name in bindings.SPEC_EXTRAS:
            return value.extra(name)
        return step(value.spec, name)
    if isinstance(value, list):
        return [step(v, name) for v in value]
    if isinstance(value, BaseModel):
        if name in type(value).model_fields:
            return getattr(value, name)
        if isinstance(value, BudgetLine) and name == "rate":
            return budget_rate(value)
        return None
    if isinstance(value, dict):
        if name in value:
            return value[name]
        return value.get(int(name)) if name.isdigit() and int(name) in value else None
    if is_dataclass(value):
        return getattr(value, name, None)
    return None


@dataclass
class Scope:
    """Where paths are looked up: ``vars``, then ``element`` (of type ``element_type``), then the root."""

    root: SpecView
    vars: dict[str, Any]
    element: Any = None
    element_type: Any = None
    parent: Scope | None = None
    at: tuple = ()  # where the element is in the spec: ("indicators", 一级, 二级, 2), ("funds", "sources", 0)

    def child(self, element: Any, element_type: Any, at: tuple = (), **vars: Any) -> Scope:
        """A scope for one row: its element (of ``element_type``, found at ``at``) and variables."""
        return Scope(self.root, vars, element, element_type, self, at)

    def with_vars(self, **vars: Any) -> Scope:
        """This scope with more variables."""
        return Scope(self.root, {**self.vars, **vars}, self.element, self.element_type, self.parent, self.at)

    def get(self, path: tuple[str, ...]) -> Any:
        """The value at ``path``: a variable, else the element's field, else the root's."""
        return self.locate(path)[0]

    def locate(self, path: tuple[str, ...]) -> tuple[Any, tuple | None]:
        """The value at ``path`` and where it is in the spec (None for a variable or a computed value)."""
        if any(p.startswith("{") for p in path):  # a step named by a variable: prior.{year}
            path = tuple(text_key(self.get((p[1:-1],))) if p.startswith("{") else p for p in path)
        head = path[0]
        scope: Scope | None = self
        while scope is not None:
            if head in scope.vars:
                return _walk(scope.vars[head], path[1:]), None
            if scope.element_type is not None and _belongs(scope.element_type, head):
                return _walk(scope.element, path), (scope.at + path if scope.at else None)
            scope = scope.parent
        computed = head in bindings.SPEC_EXTRAS or (len(path) > 1 and path[-1] == "rate")
        return _walk(self.root, path), None if computed else path


def _belongs(element_type: Any, name: str) -> bool:
    """Is ``name`` a field of the element type (a CSV row: any name)?"""
    if element_type in (dict, bindings.FreeKeys) or getattr(element_type, "__origin__", None) is dict:
        return True  # a mapping with free keys (a CSV row)
    names = bindings.names_of(element_type)
    return names is not None and name in names


def text_key(value: Any) -> str:
    """A variable's value as a mapping key (a year 2019 → "2019")."""
    return "" if value is None else str(value)


def _walk(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        value = step(value, name)
    return value


def present(value: Any) -> bool:
    """Has the author written something here?  (Blank text, empty lists and mappings do not count.)"""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return any(present(v) for v in value)
    if isinstance(value, dict):
        return bool(value)
    return True
