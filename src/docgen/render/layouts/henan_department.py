"""Henan 部门整体支出绩效目标表 (``layout: henan, kind: department``).

The Henan seeds print no department target grid of their own (安阳 2023 has only the 自评情况表), and
济源 (also Henan) prints its 部门绩效目标表 with the fields the Henan department scheme names: the
grid is Jiyuan's (seed 002 T22), under the table name the Henan layout family gives it.  Amounts are
printed as written, as the Anyang tables do (77984.98), not with Jiyuan's thousands separators.
"""

from __future__ import annotations

from ...model.spec import Department
from ..tree import Table
from .common import amount
from .jiyuan import DEPARTMENT_COLUMNS, department_rows


def department_target_table(spec: Department) -> Table:
    """部门整体支出绩效目标表 with the 济源 grid."""
    return Table(
        name="部门整体支出绩效目标表",
        title="部门整体支出绩效目标表",
        subtitles=(f"（{spec.year}年度）",),
        columns=DEPARTMENT_COLUMNS,
        rows=tuple(department_rows(spec, money=amount)),
    )
