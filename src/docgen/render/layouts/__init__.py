"""Layouts: one module per official layout family, each turning a spec into ``Table`` objects.

``tables_for(spec)`` is the registry: (layout family, kind) → the functions that build the tables.
A spec with results also renders its self-evaluation table; a spec with results but no funds block is a
self-evaluation only and has no target table.
"""

from __future__ import annotations

from typing import Callable

from ...model.spec import Department, Project, renders_target_table
from ...schemes.registry import layouts
from ..tree import Table
from . import evaluation, hebei, henan, henan_department, jiyuan, national, wuhan

Builder = Callable[[Project | Department], Table]

TARGET_TABLES: dict[tuple[str, str], Builder] = {
    ("henan", "project"): henan.project_target_table,
    ("henan", "department"): henan_department.department_target_table,
    ("jiyuan", "project"): jiyuan.project_target_table,
    ("jiyuan", "department"): jiyuan.department_target_table,
    ("hebei", "project"): hebei.project_target_table,
    ("wuhan", "project"): wuhan.project_target_table,
    ("wuhan", "department"): wuhan.department_target_table,
    ("national", "project"): national.project_target_table,
    ("national", "department"): national.department_target_table,
}


EVALUATION_TABLES = {
    ("henan", "project"): evaluation.project_evaluation_table,
    ("henan", "department"): evaluation.department_evaluation_table,
    ("national", "project"): evaluation.national_evaluation_table,
}


def tables_for(spec: Project | Department) -> list[Table]:
    """The tables a spec renders: its target table, and its self-evaluation table when it has results."""
    tables: list[Table] = []
    if spec.kind not in ("project", "department"):
        return tables  # a package is built with `docgen build`
    builder = TARGET_TABLES.get((spec.layout, spec.kind))
    if builder is not None and renders_target_table(spec):
        tables.append(builder(spec))
    evaluator = EVALUATION_TABLES.get((spec.layout, spec.kind))
    rules = layouts()[spec.layout].kinds[spec.kind].scoring
    if evaluator is not None and spec.evaluation is not None and rules is not None:
        tables.append(evaluator(spec, rules))
    return tables
