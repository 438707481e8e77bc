"""The names a form may bind to: the spec's fields and the few values docgen computes from them.

A form description (``templates/forms/…``) prints spec fields by path (``funds.annual.total``,
``evaluation.budget.total.rate``).  This module says which paths exist, so that a form naming a
field that does not exist is refused when the form is loaded, at the form file's line — not
silently printed as an empty cell.  The values themselves come from ``docgen.render.view``.

Besides the model's own fields a form may use:

* on every project and department: ``score`` (:class:`Scores`, the self-evaluation arithmetic of
  ``docgen.scoring``), ``scoring`` (:class:`Weights`, the layout's scoring parameters),
  ``prior_years`` (the years of the 近两年 columns) and ``all_indicators`` (every 三级 indicator in
  one list, e.g. ``all_indicators.period_target`` in a condition: "does any indicator have one?");
* on a budget line: ``rate`` (执行率 = 全年执行数 / 全年预算数, 0 where the budget is 0);
* in an indicator row: ``score`` and ``deviation`` as written, or computed where the author left
  them out; ``level1`` and ``level2`` (the row's 一级 and 二级 names);
* in a row of a list (``items``): ``n`` (1-based position), ``key`` (for a mapping such as
  ``evaluation.management``: the item's name), ``value`` (the element itself, for a list of texts
  such as ``goals.annual``) and ``amount_share`` (its amount ÷ the block's total);
* in a financial table form: ``department``, ``year`` and ``rows`` (the CSV rows; their columns are
  named by ``column:``).  A CSV row has free keys here; the form records the columns it names
  (``Form.column_refs``) and the table set laying it out checks them against its columns.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from .spec import BudgetLine, Department, Indicator, Project


@dataclass(frozen=True)
class Scores:
    """The self-evaluation arithmetic of a spec (``docgen.scoring.evaluate``)."""

    execution_rate: Decimal | None  # 执行率 (a fraction)
    execution: Decimal | None  # 执行率得分
    management: Decimal | None  # Σ 资金管理 得分
    indicators: Decimal | None  # Σ indicator 得分
    total: Decimal | None  # 总分


@dataclass(frozen=True)
class Weights:
    """The scoring parameters of the layout (分值 of 预算执行率 and of the 资金管理 block)."""

    execution: Decimal | None
    management: Decimal | None


@dataclass(frozen=True)
class FinancialTable:
    """What a financial table form sees: the department, the year, the table's CSV rows and the
    package's facts (说明数据: ``{facts.截止时间}`` in a header line)."""

    department: str
    year: int
    rows: list[dict[str, str]]
    facts: dict[str, str] = field(default_factory=dict)


class FreeKeys:
    """A mapping with free keys (a CSV row, ``prior`` by year): any name is allowed."""


SPEC_EXTRAS: dict[str, Any] = {"score": Scores, "scoring": Weights, "prior_years": list[int], "all_indicators": list[Indicator]}
EXTRAS: dict[Any, dict[str, Any]] = {
    Project: SPEC_EXTRAS,
    Department: SPEC_EXTRAS,
    BudgetLine: {"rate": Decimal},
}
INDICATOR_VARS: dict[str, Any] = {"score": Decimal, "deviation": Decimal, "level1": str, "level2": str}
ITEM_VARS: dict[str, Any] = {"n": int, "key": str, "amount_share": Decimal, "value": str}
ROOTS: dict[str, Any] = {"project": Project, "department": Department, "financial": FinancialTable}


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        # prefer the structured member (a model or a container) over a plain text
        members.sort(key=lambda a: 0 if (isinstance(a, type) and issubclass(a, BaseModel)) or get_origin(_strip(a)) in (list, dict) else 1)
        return _strip(members[0]) if members else Any
    return annotation


def names_of(annotation: Any) -> dict[str, Any] | None:
    """The names available one step below a value of this type (None: nothing below it)."""
    annotation = _strip(annotation)
    if annotation is FreeKeys:
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        out = {name: info.annotation for name, info in annotation.model_fields.items()}
        out.update(EXTRAS.get(annotation, {}))
        return out
    if is_dataclass(annotation):
        hints = typing.get_type_hints(annotation)
        return {f.name: hints[f.name] for f in fields(annotation)}
    return None


def element_of(annotation: Any) -> Any:
    """The type of the elements of a list (or of the values of a mapping); None for a scalar."""
    annotation = _strip(annotation)
    origin = get_origin(annotation)
    if origin is list:
        return get_args(annotation)[0]
    if origin is dict:
        return get_args(annotation)[1]
    if annotation is FinancialTable:
        return None
    return None


def walk(root: Any, path: tuple[str, ...]) -> tuple[bool, Any, dict[str, Any] | None]:
    """Follow ``path`` from a value of type ``root``.

    Returns (found, the type at the end, the names available where it stopped).  A step through a
    list or a mapping with free keys goes into its elements (``funds.income.amount`` is the list of
    the rows' amounts; ``prior.2019`` is one year).
    """
    current = root
    for i, step in enumerate(path):
        names = names_of(current)
        if names is not None:
            if step not in names:
                return False, None, names
            current = names[step]
            continue
        element = element_of(current)
        if element is not None:
            origin = get_origin(_strip(current))
            if origin is dict:  # a free key (a year, an item name): any step is allowed
                current = element
                continue
            # a list: the step applies to each element
            return walk(element, path[i:])
        if _strip(current) is dict or current is FreeKeys:
            return True, FreeKeys, None
        return False, None, {}
    return True, current, names_of(current)


def list_element(root: Any, path: tuple[str, ...]) -> Any:
    """The element type of the list (or mapping) at ``path``; None when it is not one."""
    found, annotation, _ = walk(root, path)
    if not found:
        return None
    element = element_of(annotation)
    if element is None and _strip(annotation) in (str,):
        return None
    return element

