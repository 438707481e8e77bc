"""Self-evaluation tables: Henan 项目支出绩效自评情况表 and 部门整体支出绩效自评情况表 (seed 001;
seed-catalog §3.10–3.11), and the national 项目支出绩效自评表 (财预〔2020〕10号 附件1).

Scores the author left out are filled in from the scoring rules (``docgen.scoring``); scores the
author wrote are printed as written (the validator has already warned where they differ).
"""

from __future__ import annotations

from decimal import Decimal

from ...model.spec import Budget, BudgetLine, Department, Project, iter_indicators
from ...scoring import ScoringRules, evaluate, execution_rate, percent_text, q2
from ..tree import Cell, Row, Table
from .common import amount, annual_goal_text, centred, header, indicator_lines, label, level_cells, row, section, value

COLUMNS = (18.0, 16.0, 22.0, 20.0, 19.0, 19.0, 14.0, 17.0, 35.0)  # 180 mm, 9 columns


def date_line(text: str | None) -> str:
    """2024-04 → 2024年04月, as the seed prints the line under the title."""
    if not text:
        return ""
    parts = text.split("-")
    return f"{parts[0]}年{parts[1]}月" + (f"{parts[2]}日" if len(parts) > 2 else "")


def score_cell(score: Decimal | None, colspan: int = 1) -> Cell:
    if score is None:
        return Cell("", colspan, role="number")
    shown = q2(score)
    return Cell(f"{shown}", colspan, role="number", number=shown, number_format="0.00")


def _rate_text(line: BudgetLine | None) -> str:
    if line is None:
        return ""
    rate = execution_rate(line.executed, line.adjusted)
    if rate is None:
        return "0.00%" if line.adjusted == 0 else ""
    return percent_text(rate)


def _budget_rows(budget: Budget | None, labels: tuple[str, ...], result, weight: Decimal) -> list[Row]:
    budget = budget or Budget()
    lines = (budget.total, budget.fiscal, budget.special, budget.unit)
    rows = [row(header("", 2), header("年初预算数"), header("全年预算数"), header("全年执行数"), header("分值"), header("执行率"), header("得分"))]
    for i, (text, line) in enumerate(zip(labels, lines)):
        line = line or BudgetLine()
        cells = [label(text, 2), amount(line.initial), amount(line.adjusted), amount(line.executed)]
        if i == 0:
            cells += [amount(weight), centred(_rate_text(line)), score_cell(result.execution_score)]
        else:
            cells += [centred("-"), centred(_rate_text(line)), centred("-")]
        rows.append(row(*cells))
    return rows


def _with_side_label(text: str, rows: list[Row]) -> list[Row]:
    """Put a label cell spanning all ``rows`` in front of the first one."""
    head = Row((label(text, rowspan=len(rows)),) + rows[0].cells, rows[0].header)
    return [head, *rows[1:]]


def _indicator_rows(spec: Project | Department, result) -> list[Row]:
    by_path = {s.path: s for s in result.indicators}
    lines = indicator_lines(spec.indicators)
    paths = {}
    for l1, l2, i, ind in iter_indicators(spec.indicators):
        paths[id(ind)] = ("indicators", l1, l2, i)
    rows = [
        row(section("绩效指标", 9)),
        row(header("一级指标"), header("二级指标"), header("三级指标"), header("年度指标值"), header("实际完成值"),
            header("分值"), header("得分"), header("偏差度"), header("偏差原因分析及改进措施")),
    ]
    for line in lines:
        ind = line.indicator
        cells = level_cells(line)
        if ind is None:
            cells += [value("") for _ in range(7)]
            rows.append(row(*cells))
            continue
        scored = by_path.get(paths[id(ind)])
        score = ind.score if ind.score is not None else (scored.score if scored else None)
        deviation = ind.deviation if ind.deviation is not None else (scored.computed.deviation if scored else None)
        # what the author wrote is printed as written; what the rule filled in, with 2 decimals
        cells += [
            value(ind.name), centred(ind.target), centred(ind.actual), amount(ind.weight),
            amount(ind.score) if ind.score is not None else score_cell(score),
            amount(ind.deviation) if ind.deviation is not None else score_cell(deviation),
            value(ind.reason),
        ]
        rows.append(row(*cells))
    return rows


def _total_row(result) -> Row:
    return row(label("总分", 5), amount(Decimal(100)), score_cell(result.total), value(""), value(""))


def project_evaluation_table(spec: Project, rules: ScoringRules) -> Table:
    """河南 项目支出绩效自评情况表 (seed 001 T12a), 9 columns."""
    ev = spec.evaluation
    result = evaluate(spec, rules)
    budget = _with_side_label("项目资金\n（万元）", _budget_rows(ev.budget, ("年度资金总额：", "财政拨款", "财政专户管理资金", "单位资金"), result, rules.execution_weight))
    management = list((ev.management or {}).items())
    mgmt_rows = [row(header("情况说明", 5), header(f"分值({int(rules.management_weight or 20)})"), header("得分"), header("存在问题和改进措施"))]
    for item, m in management:
        mgmt_rows.append(row(label(item), value(m.note, 4), amount(m.weight), amount(m.score), value(m.issues)))
    goals = spec.goals
    annual = annual_goal_text(goals)
    rows = [
        row(label("项目名称"), value(spec.name, 8)),
        row(label("主管部门"), value(spec.department, 2), label("实施单位", 2), value(spec.unit, 4)),
        *budget,
        *(_with_side_label("资金管理情况", mgmt_rows) if management else []),
        row(label("年度总体目标", rowspan=2), header("预期目标", 4), header("实际完成情况", 4)),
        row(value(annual, 4), value(ev.outcome, 4)),
        *_indicator_rows(spec, result),
        _total_row(result),
    ]
    return Table(name="项目支出绩效自评情况表", title="项目支出绩效自评情况表", subtitles=(date_line(ev.date),) if ev.date else (),
                 columns=COLUMNS, rows=tuple(rows))


def department_evaluation_table(spec: Department, rules: ScoringRules) -> Table:
    """河南 部门整体支出绩效自评情况表 (seed 001 T11), 9 columns."""
    ev = spec.evaluation
    result = evaluate(spec, rules)
    budget = _with_side_label("部门整体支出情况\n（万元）", _budget_rows(ev.budget, ("部门预算总额", "资金来源：（1）财政拨款", "（2）财政专户管理资金", "（3）单位资金"), result, rules.execution_weight))
    goals = spec.goals
    annual = annual_goal_text(goals)
    task_rows = [row(section("年度主要任务", 9)), row(header("任务名称"), header("主要内容", 4), header("实际完成情况", 4))]
    tasks = spec.tasks
    if isinstance(tasks, str):
        task_rows.append(row(value(tasks, 9)))
    else:
        for t in tasks or []:
            task_rows.append(row(label(t.name or ""), value(t.content, 4), value(t.result, 4)))
    rows = [
        row(label("部门（单位）名称"), value(spec.department, 8)),
        *budget,
        row(label("年度履职目标", rowspan=2), header("预期目标", 4), header("实际完成情况", 4)),
        row(value(annual, 4), value(ev.outcome, 4)),
        *task_rows,
        *_indicator_rows(spec, result),
        _total_row(result),
    ]
    return Table(name="部门整体支出绩效自评情况表", title="部门整体支出绩效自评情况表", subtitles=(date_line(ev.date),) if ev.date else (),
                 columns=COLUMNS, rows=tuple(rows))


def national_evaluation_table(spec: Project, rules: ScoringRules) -> Table:
    """财政部 项目支出绩效自评表 (财预〔2020〕10号 附件1): no 资金管理 block."""
    table = project_evaluation_table(spec, rules)
    return Table(name="项目支出绩效自评表", title="项目支出绩效自评表", subtitles=(f"（{spec.year}年度）",),
                 columns=table.columns, rows=table.rows)
