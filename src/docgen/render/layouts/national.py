"""National (财政部, 财预〔2015〕88号 附件) target forms (standards.md §4).

* ``project_target_table``: 项目支出绩效目标申报表, 8 columns like the Henan table (which is this form
  plus four narrative rows): the multi-year half and the 年度 half side by side, one shared 一级 column.
  The form calls the multi-year half 中期; where the spec has multi-year data (``funds.period``,
  ``goals.period``, an indicator's ``period_target``/``period_name``) the half is labelled 实施期, the
  word the spec format and the Henan tables use for that data.
* ``department_target_table``: 部门（单位）整体支出绩效目标申报表, 5 columns — 部门（单位）名称,
  年度主要任务 (任务名称 | 主要内容 | 对应项目), 年度部门整体支出预算 (资金总额, 按收入性质分, 按支出性质分),
  年度总体目标, 年度绩效指标 (一级 | 二级 | 三级 | 指标值).

The 88号 attachments could not be read verbatim (standards.md marks them [K]); labels follow the
inventory there.
"""

from __future__ import annotations

from decimal import Decimal

from ...model.spec import Department, DepartmentFunds, FundsBlock, Project, ProjectFunds, iter_indicators
from ..tree import Cell, Row, Table
from .common import amount, annual_goal_text, centred, header, indicator_lines, label, level_cells, row, value

PROJECT_COLUMNS = (20.0, 17.0, 19.0, 30.0, 17.0, 17.0, 30.0, 20.0)  # 170 mm, as the Henan table
DEPARTMENT_COLUMNS = (30.0, 34.0, 42.0, 34.0, 40.0)  # 180 mm


def has_period_data(spec: Project) -> bool:
    """Does the spec say anything about the multi-year (实施期) half?"""
    funds = spec.funds
    if funds and funds.period and any(v is not None for v in (funds.period.total, funds.period.fiscal, funds.period.other)):
        return True
    if spec.goals and spec.goals.period:
        return True
    return any(ind.period_target is not None or ind.period_name for *_, ind in iter_indicators(spec.indicators))


def _project_period(spec: Project) -> str:
    p = spec.period
    if p is None or (p.start is None and p.end is None):
        return ""
    return f"{p.start.isoformat() if p.start else ''}至{p.end.isoformat() if p.end else ''}"


def _project_indicator_rows(spec: Project, word: str, mirror: bool) -> list[Row]:
    """Both halves; with ``mirror`` an indicator without its own 实施期 name/value repeats the annual one
    (as the Henan table does), without it (a spec with no multi-year data at all) the 中期 half is blank."""
    lines = indicator_lines(spec.indicators)
    rows = [row(label("绩效指标", rowspan=len(lines) + 1), header("一级指标"), header("二级指标"), header("三级指标"),
                header(f"{word}指标值"), header("二级指标"), header("三级指标"), header("年度指标值"))]
    for line in lines:
        ind = line.indicator
        name = (ind.name or "") if ind else ""
        target = (ind.target or "") if ind else ""
        period_name = (ind.period_name or (name if mirror else "")) if ind else ""
        period_target = ind.period_target if ind and ind.period_target is not None else (target if mirror else "")
        cells: list[Cell] = []
        if line.level1_span:
            cells.append(label(line.level1, rowspan=line.level1_span))
        if line.level2_span:
            cells.append(label(line.level2 if mirror else "", rowspan=line.level2_span))
        cells += [value(period_name), centred(period_target)]
        if line.level2_span:
            cells.append(label(line.level2, rowspan=line.level2_span))
        cells += [value(name), centred(target)]
        rows.append(row(*cells))
    return rows


def project_target_table(spec: Project) -> Table:
    """项目支出绩效目标申报表 (88号 附件)."""
    multi_year = has_period_data(spec)
    word = "实施期" if multi_year else "中期"
    funds = spec.funds or ProjectFunds()
    period = funds.period or FundsBlock()
    annual = funds.annual or FundsBlock()
    goals = spec.goals
    department = spec.department + (f"（{spec.code}）" if spec.code else "")
    rows = [
        row(label("项目名称"), value(spec.name, 7)),
        row(label("主管部门及代码"), value(department, 3), label("实施单位", 2), value(spec.unit, 2)),
        row(label("项目属性"), value(spec.category, 3), label("项目期", 2), value(_project_period(spec), 2)),
        row(label("项目资金\n（万元）", rowspan=3), label(f"{word}资金总额：", 2), amount(period.total),
            label("年度资金总额：", 2), amount(annual.total, 2)),
        row(label("其中：财政拨款", 2), amount(period.fiscal), label("其中：财政拨款", 2), amount(annual.fiscal, 2)),
        row(label("其他资金", 2), amount(period.other), label("其他资金", 2), amount(annual.other, 2)),
        row(label("总体目标", rowspan=2), header(f"{word}目标", 4), header("年度目标", 3)),
        row(value(goals.period if goals else "", 4), value(annual_goal_text(goals), 3)),
        *_project_indicator_rows(spec, word, multi_year),
    ]
    return Table(
        name="项目支出绩效目标申报表",
        title="项目支出绩效目标申报表",
        subtitles=(f"（{spec.year}年度）",),
        columns=PROJECT_COLUMNS,
        rows=tuple(rows),
    )


def _task_rows(spec: Department) -> list[Row]:
    tasks = spec.tasks
    if isinstance(tasks, str):
        return [row(label("年度主要任务"), value(tasks, 4))]
    body = [row(value(t.name), value(t.content, 2), value("")) for t in tasks or []] or [row(value(""), value("", 2), value(""))]
    return [row(label("年度主要任务", rowspan=len(body) + 1), header("任务名称"), header("主要内容", 2), header("对应项目")),
            *body]


def _budget_rows(spec: Department) -> list[Row]:
    """资金总额, then 按收入性质分 beside 按支出性质分, each as item | amount pairs."""
    funds = spec.funds or DepartmentFunds()
    total = funds.total
    if total is None:
        present = [r.amount for r in funds.income if r.amount is not None]
        total = sum(present, Decimal(0)) if present else None
    pairs = max(len(funds.income), len(funds.expenditure), 1)
    body: list[Row] = []
    for i in range(pairs):
        inc = funds.income[i] if i < len(funds.income) else None
        exp = funds.expenditure[i] if i < len(funds.expenditure) else None
        body.append(row(label(inc.item or "" if inc else ""), amount(inc.amount if inc else None),
                        label(exp.item or "" if exp else ""), amount(exp.amount if exp else None)))
    return [
        row(label("年度部门整体支出预算\n（万元）", rowspan=pairs + 2), label("资金总额"), amount(total, 3)),
        row(header("按收入性质分", 2), header("按支出性质分", 2)),
        *body,
    ]


def department_target_table(spec: Department) -> Table:
    """部门（单位）整体支出绩效目标申报表 (88号 附件)."""
    lines = indicator_lines(spec.indicators)
    indicator_rows = [row(label("年度绩效指标", rowspan=len(lines) + 1), header("一级指标"), header("二级指标"),
                          header("三级指标"), header("指标值"))]
    for line in lines:
        ind = line.indicator
        cells = level_cells(line)
        cells += [value(ind.name if ind else ""), centred(ind.target if ind else "")]
        indicator_rows.append(row(*cells))
    goals = spec.goals
    rows = [
        row(label("部门（单位）名称"), value(spec.department, 4)),
        *_task_rows(spec),
        *_budget_rows(spec),
        row(label("年度总体目标"), value(annual_goal_text(goals), 4)),
        *indicator_rows,
    ]
    return Table(
        name="部门（单位）整体支出绩效目标申报表",
        title="部门（单位）整体支出绩效目标申报表",
        subtitles=(f"（{spec.year}年度）",),
        columns=DEPARTMENT_COLUMNS,
        rows=tuple(rows),
    )
