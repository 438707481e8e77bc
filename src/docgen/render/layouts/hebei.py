"""Hebei (廊坊安次 2020) 资金绩效目标表 「N. {项目名称}绩效目标表」 (seed 003; seed-catalog §5.4).

6 columns: 绩效目标 row, then 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据.
The 指标值 cell prints the target exactly as written (「符号>=值100单位起」, 「及时立案及时破案」): the
seed's 符号/值/单位 text is the official form of the cell, not something to re-typeset.
"""

from __future__ import annotations

from ...model.spec import Project
from ..tree import Table
from .common import annual_goal_text, centred, header, indicator_lines, label, level_cells, row, value

COLUMNS = (24.0, 28.0, 34.0, 36.0, 30.0, 28.0)  # 180 mm


def _goal_text(spec: Project) -> str:
    goals = spec.goals
    if goals is None:
        return ""
    return annual_goal_text(goals) or goals.period or ""


def project_target_table(spec: Project, *, number: int | str | None = None) -> Table:
    """「{项目名称}绩效目标表」; with ``number`` (its place in the package) 「9. {项目名称}绩效目标表」."""
    rows = [
        row(label("绩效目标"), value(_goal_text(spec), 5)),
        row(header("一级指标"), header("二级指标"), header("三级指标"), header("绩效指标描述"), header("指标值"),
            header("指标值确定依据")),
    ]
    for line in indicator_lines(spec.indicators):
        ind = line.indicator
        cells = level_cells(line)
        cells += [value(ind.name if ind else ""), value(ind.description if ind else ""),
                  centred(ind.target if ind else ""), value(ind.basis if ind else "")]
        rows.append(row(*cells))
    prefix = f"{number}. " if number not in (None, "") else ""
    return Table(
        name="绩效目标表",
        title=f"{prefix}{spec.name}绩效目标表",
        columns=COLUMNS,
        rows=tuple(rows),
    )
