"""依法不公开: the public version of a spec, made on the model before any layout sees it.

A withheld value is not masked in the output: it is absent from the redacted model, so no table
tree, file, metadata or file name built from it can carry it (masking after rendering leaks, as
peers.md §F explains).  The official forms shown in seed 001 (standards.md §3.3):

* ``all`` (convention 1): the project name reads 本项目涉密依法不公开; every amount, text, target and
  score is empty; the skeleton stays — the 分值 column, the 一级/二级 rows with 指标1：/指标2：/……
  placeholders, 总分 100.  Nothing of it reaches any output, the narrative included.
* ``name``: the project name (and code) read 本项目涉密依法不公开 and the narrative calls it 涉密项目;
  what is not withheld besides (its funds, say) stays public, in the table and in the narrative
  alike.  This is seed 001's convention 3 (「涉密项目，项目 2023 年预算数 292.25 万元」) made
  consistent: the seed prints those amounts in the text while its table leaves them blank.
* ``indicators`` (convention 2): identity and money stay; the indicator grid keeps its placeholder
  rows and carries 项目绩效表依法不公开.
* other parts (``goals``, ``management``, ``evaluation``, ``funds``, ``tasks``) are emptied, and a text
  field that is withheld reads 依法不公开.

Narrative text (convention 3, 涉密项目) belongs to the package narratives.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .catalog.schemes import IndicatorScheme
from .model.spec import (
    Budget,
    Department,
    DepartmentEvaluation,
    DepartmentFunds,
    Goals,
    Indicator,
    ManagementItem,
    Project,
    ProjectEvaluation,
    ProjectFunds,
)

WITHHELD_TEXT = "依法不公开"
WITHHELD_NAME = "本项目涉密依法不公开"
WITHHELD_INDICATORS = "项目绩效表依法不公开"
PLACEHOLDERS = ("指标1：", "指标2：", "……")
INTERNAL_MARKER = "内部版本：本表含依法不公开的内容，不得对外公开"

PARTS = ("name", "goals", "indicators", "management", "evaluation", "funds", "tasks")


def withheld_parts(spec: Project | Department) -> frozenset[str]:
    """The parts a spec withholds (empty for a public spec); ``all`` stands for every part."""
    if spec.disclosure != "withheld":
        return frozenset()
    parts = spec.withheld
    if parts is None or parts == "all" or (isinstance(parts, list) and "all" in parts):
        return frozenset(PARTS) | {"all"}
    return frozenset(parts)


def has_withheld(spec: Project | Department) -> bool:
    """Does the spec withhold anything?"""
    return bool(withheld_parts(spec))


def _skeleton(scheme: IndicatorScheme | None, stamp: bool) -> dict[str, dict[str, list[Indicator]]]:
    """The scheme's 一级 → 二级 rows, each with the placeholder 三级 rows and nothing else."""
    tree: dict[str, dict[str, list[Indicator]]] = {}
    first = True
    for level1, children in (scheme.printed_skeleton() if scheme is not None else ()):
        tree[level1] = {}
        for child in children:
            rows = []
            for name in PLACEHOLDERS:
                target = WITHHELD_INDICATORS if stamp and first else None
                rows.append(Indicator(name=name, target=target))
                first = False
            tree[level1][child] = rows
    return tree


def _blank_budget(budget: Budget | None) -> Budget | None:
    return None if budget is None else Budget()


def _copy(model: Any, **update: Any) -> Any:
    """``model_copy`` without the cached parsed values (target_value …) of the original: they would
    carry a withheld value into the copy."""
    copy = model.model_copy(update=update)
    for cached in ("target_value", "actual_value", "period_target_value"):
        copy.__dict__.pop(cached, None)
    return copy


def _without_results(indicators: dict) -> dict:
    """The indicator tree without its year-end results (实际完成值, 得分, 偏差度, 偏差原因)."""
    return {
        l1: {l2: [_copy(ind, actual=None, score=None, deviation=None, reason=None) for ind in (rows or [])]
             for l2, rows in (groups or {}).items()}
        for l1, groups in indicators.items()
    }


def _project(spec: Project, parts: frozenset[str], scheme: IndicatorScheme | None) -> Project:
    update: dict[str, Any] = {}
    if "all" in parts:
        # everything but the table's own skeleton: no identity, no money, no text, no results
        update.update(
            name=WITHHELD_NAME, code=None, department="", unit=None, contacts=None, period=None,
            category=None, funds=ProjectFunds() if spec.funds is not None else None,
            overview=None, basis=None, necessity=None, plan=None,
            measures=None, remarks=None, budget_history=None, goals=None,
            indicators=_skeleton(scheme, stamp=False),
        )
        ev = spec.evaluation
        if ev is not None:
            management = {item: ManagementItem(weight=m.weight) for item, m in (ev.management or {}).items()}
            update["evaluation"] = ProjectEvaluation(budget=_blank_budget(ev.budget), management=management or None)
        return spec.model_copy(update=update)
    if "name" in parts:
        update.update(name=WITHHELD_NAME, code=None)
    if "goals" in parts and spec.goals is not None:
        update["goals"] = Goals(period=WITHHELD_TEXT if spec.goals.period else None, annual=WITHHELD_TEXT if spec.goals.annual else None)
    if "funds" in parts:
        update["funds"] = ProjectFunds() if spec.funds is not None else None  # the table stays, blank
        update["budget_history"] = None
    if "indicators" in parts:
        update["indicators"] = _skeleton(scheme, stamp=True)
    ev = spec.evaluation
    if ev is not None:
        ev_update: dict[str, Any] = {}
        if "funds" in parts:
            ev_update["budget"] = _blank_budget(ev.budget)
        if "management" in parts and ev.management:
            ev_update["management"] = {item: ManagementItem(weight=m.weight, score=m.score) for item, m in ev.management.items()}
        if "evaluation" in parts:
            ev_update.update(outcome=None, total=None, date=ev.date)
            if ev.management:
                ev_update["management"] = {item: ManagementItem(weight=m.weight) for item, m in ev.management.items()}
            if "indicators" not in parts:
                update["indicators"] = _without_results(spec.indicators)
        if "goals" in parts:
            ev_update["outcome"] = WITHHELD_TEXT if ev.outcome else None
        if "indicators" in parts or "evaluation" in parts:
            ev_update["total"] = None
        if ev_update:
            update["evaluation"] = ev.model_copy(update=ev_update)
    return spec.model_copy(update=update)


def _department(spec: Department, parts: frozenset[str], scheme: IndicatorScheme | None) -> Department:
    update: dict[str, Any] = {}
    if "all" in parts:
        # a department publishes under its own name: everything else goes
        update.update(contacts=None, functions=None, goals=None, tasks=None,
                      funds=DepartmentFunds() if spec.funds is not None else None,
                      indicators=_skeleton(scheme, stamp=False))
        if spec.evaluation is not None:
            update["evaluation"] = DepartmentEvaluation(budget=_blank_budget(spec.evaluation.budget))
        return spec.model_copy(update=update)
    if "goals" in parts and spec.goals is not None:
        update["goals"] = Goals(period=WITHHELD_TEXT if spec.goals.period else None,
                                annual=WITHHELD_TEXT if spec.goals.annual else None)
        update["functions"] = WITHHELD_TEXT if spec.functions else None
    if "tasks" in parts:
        update["tasks"] = WITHHELD_TEXT if spec.tasks else None
    if "funds" in parts:
        update["funds"] = DepartmentFunds() if spec.funds is not None else None
    if "indicators" in parts:
        update["indicators"] = _skeleton(scheme, stamp=True)
    elif "evaluation" in parts:
        update["indicators"] = _without_results(spec.indicators)
    if "evaluation" in parts and isinstance(spec.tasks, list) and "tasks" not in parts:
        update["tasks"] = [_copy(t, result=None) for t in spec.tasks]
    ev = spec.evaluation
    if ev is not None:
        ev_update: dict[str, Any] = {}
        if "funds" in parts:
            ev_update["budget"] = _blank_budget(ev.budget)
        if "evaluation" in parts or "goals" in parts:
            ev_update["outcome"] = WITHHELD_TEXT if ev.outcome else None
        if "evaluation" in parts or "indicators" in parts:
            ev_update["total"] = None
        if ev_update:
            update["evaluation"] = ev.model_copy(update=ev_update)
    return spec.model_copy(update=update)


PART_NAMES = {"funds": "资金", "management": "资金管理情况", "evaluation": "自评结果", "tasks": "年度主要任务"}


def withheld_note(spec: Project | Department) -> str:
    """The footnote of a public table whose withheld parts leave no stamp of their own.

    A withheld name (all) and indicator grid (indicators) say 依法不公开 in the grid, and withheld
    goals read 依法不公开 in place; blanked amounts, scores and notes are explained under the table.
    """
    parts = withheld_parts(spec)
    if "all" in parts:
        # a project's withheld name says it in the grid; a department publishes under its name
        return "注：本表内容依法不公开。" if isinstance(spec, Department) else ""
    named = [PART_NAMES[p] for p in ("funds", "management", "evaluation", "tasks") if p in parts]
    return f"注：本表{'、'.join(named)}依法不公开。" if named else ""


def redact(spec: Project | Department, scheme: IndicatorScheme | None) -> Project | Department:
    """The public version of ``spec``: the same spec where it withholds nothing.

    ``scheme`` is the spec's indicator scheme: a withheld indicator grid keeps its 一级/二级 rows.
    """
    parts = withheld_parts(spec)
    if not parts:
        return spec
    if isinstance(spec, Project):
        return _project(spec, parts, scheme)
    return _department(spec, parts, scheme)


def withheld_strings(original: Project | Department, public: Project | Department) -> set[str]:
    """Every text of the original spec that the public version no longer holds (for checks)."""
    def texts(obj: Any, out: set[str]) -> set[str]:
        if isinstance(obj, str):
            if obj.strip():
                out.add(obj)
        elif isinstance(obj, Decimal):
            pass
        elif isinstance(obj, dict):
            for k, v in obj.items():
                texts(k, out)
                texts(v, out)
        elif isinstance(obj, (list, tuple)):
            for v in obj:
                texts(v, out)
        elif hasattr(type(obj), "model_fields"):
            for name in type(obj).model_fields:
                texts(getattr(obj, name), out)
        return out

    return texts(original, set()) - texts(public, set())
