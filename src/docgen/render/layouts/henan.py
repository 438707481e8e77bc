"""Henan (安阳) 项目绩效目标表: 实施期 and 年度 side by side (seed 000; seed-catalog §2.2).

8 columns: 项目名称 / 主管部门 / 项目资金 (万元) with 实施期 and 年度 halves / four narrative rows /
绩效目标 / 绩效指标 with one shared 一级 column and 二级, 三级, 指标值 for each half.
"""

from __future__ import annotations

from ...model.spec import FundsBlock, Project
from ..tree import Row, Table
from .common import amount, annual_goal_text, header, indicator_lines, label, row, value

COLUMNS = (20.0, 17.0, 19.0, 30.0, 17.0, 17.0, 30.0, 20.0)


def _funds_rows(spec: Project) -> list[Row]:
    funds = spec.funds
    period: FundsBlock = (funds.period if funds and funds.period else None) or FundsBlock()
    annual: FundsBlock = (funds.annual if funds and funds.annual else None) or FundsBlock()
    return [
        row(label("项目资金\n（万元）", rowspan=3), label("实施期资金总额：", 2), amount(period.total),
            label("年度资金总额：", 2), amount(annual.total, 2)),
        row(label("其中：财政拨款", 2), amount(period.fiscal), label("其中：财政拨款", 2), amount(annual.fiscal, 2)),
        row(label("其他资金", 2), amount(period.other), label("其他资金", 2), amount(annual.other, 2)),
    ]


def _indicator_rows(spec: Project) -> list[Row]:
    lines = indicator_lines(spec.indicators)
    rows = [row(label("绩效指标", rowspan=len(lines) + 1), header("一级指标"), header("二级指标"), header("三级指标"),
                header("指标值"), header("二级指标"), header("三级指标"), header("指标值"))]
    for line in lines:
        ind = line.indicator
        cells = []
        if line.level1_span:
            cells.append(label(line.level1, rowspan=line.level1_span))
        name = (ind.name or "") if ind else ""
        target = (ind.target or "") if ind else ""
        period_name = (ind.period_name or name) if ind else ""
        period_target = (ind.period_target if ind and ind.period_target is not None else target)
        if line.level2_span:
            cells.append(label(line.level2, rowspan=line.level2_span))
        cells += [value(period_name), value(period_target, align="center")]
        if line.level2_span:
            cells.append(label(line.level2, rowspan=line.level2_span))
        cells += [value(name), value(target, align="center")]
        rows.append(row(*cells))
    return rows


def project_target_table(spec: Project) -> Table:
    goals = spec.goals
    annual_goal = annual_goal_text(goals)
    rows = [
        row(label("项目名称"), value(spec.name, 7)),
        row(label("主管部门"), value(spec.department, 3), label("单位名称", 2), value(spec.unit, 2)),
        *_funds_rows(spec),
        row(label("项目概况"), value(spec.overview, 7)),
        row(label("立项依据"), value(spec.basis, 7)),
        row(label("项目设立的必要性"), value(spec.necessity, 7)),
        row(label("项目实施计划"), value(spec.plan, 7)),
        row(label("绩效目标", rowspan=2), header("实施期目标（总体）", 4), header("年度目标（总体）", 3)),
        row(value(goals.period if goals else "", 4), value(annual_goal, 3)),
        *_indicator_rows(spec),
    ]
    return Table(
        name="项目绩效目标表",
        title="项目绩效目标表",
        subtitles=(f"（{spec.year}年度）",),
        columns=COLUMNS,
        rows=tuple(rows),
    )
