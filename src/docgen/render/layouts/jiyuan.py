"""Jiyuan (济源 2020) target tables (seed 002; seed-catalog §4.5–4.6).

* ``project_target_table``: 行政支出项目绩效目标表, 4 columns — project header rows, the captions
  「项目详细信息」 and 「项目绩效目标」, and the indicator grid on the fixed 18-row 二级 skeleton of the
  jiyuan-project scheme (every 二级 printed, blank when the spec has no indicator there).
* ``department_target_table``: 部门绩效目标表, 5 columns — 部门(单位)名称, 年度履职目标, 年度主要任务,
  预算情况, then 一级 | 二级 | 三级 | 指标值 | 指标值说明.  ``department_rows`` is that grid, shared with
  the Henan 部门整体支出绩效目标表 (the seeds give no Henan-specific target grid).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Callable

from ...model.spec import Contacts, Department, DepartmentFunds, FundRow, FundsBlock, Indicators, PreviousFunds, Project, ProjectFunds
from ...schemes.registry import layouts, scheme
from ..tree import Cell, Row, Table
from .common import amount, annual_goal_text, centred, grouped_amount, header, indicator_lines, label, level_cells, row, section, value

PROJECT_COLUMNS = (38.0, 52.0, 38.0, 52.0)  # 180 mm
DEPARTMENT_COLUMNS = (26.0, 40.0, 44.0, 22.0, 48.0)  # 180 mm

Money = Callable[..., Cell]


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def skeleton_of(spec: Project | Department) -> list[tuple[str, list[str]]] | None:
    """The scheme's 一级 → 二级 names when the scheme prints a fixed skeleton (Jiyuan projects), else None."""
    kind = layouts().get(spec.layout.strip())
    kind_layout = kind.kinds.get(spec.kind) if kind else None
    if kind_layout is None:
        return None
    found = scheme(kind_layout.scheme)
    if not found.skeleton:
        return None
    return [(lv.name, [c.name for c in lv.children]) for lv in found.levels]


# --- 行政支出项目绩效目标表 ----------------------------------------------------------------------

def _project_indicator_rows(spec: Project) -> list[Row]:
    rows = [row(header("一级指标"), header("二级指标"), header("三级指标"), header("目标值"))]
    for line in indicator_lines(spec.indicators, skeleton=skeleton_of(spec)):
        ind = line.indicator
        cells = level_cells(line)
        cells += [value(ind.name if ind else ""), centred(ind.target if ind else "")]
        rows.append(row(*cells))
    return rows


def project_title(spec: Project) -> str:
    """「{单位}行政支出项目绩效目标表」: the implementing unit (a sub-unit such as 济源市交通管理支队), else the department."""
    return f"{(spec.unit or '').strip() or spec.department}行政支出项目绩效目标表"


def project_target_table(spec: Project) -> Table:
    """行政支出项目绩效目标表 (seed 002 T23)."""
    funds = spec.funds or ProjectFunds()
    period = funds.period or FundsBlock()
    annual = funds.annual or FundsBlock()
    previous = funds.previous or PreviousFunds()
    contacts = spec.contacts or Contacts()
    dates = spec.period
    goals = spec.goals
    rows = [
        row(label("项目名称"), value(spec.name, 3)),
        row(label("单位编码"), value(spec.code), label("资金用途"), value(spec.category)),
        row(label("项目负责人"), value(contacts.owner), label("联系人"), value(contacts.contact)),
        row(label("联系电话"), value(contacts.phone, 3)),
        row(label("开始时间"), value(_date(dates.start if dates else None)), label("结束时间"), value(_date(dates.end if dates else None))),
        row(label("项目总金额"), amount(period.total), label("项目本年度金额"), amount(annual.total)),
        row(label("上年度项目总金额"), amount(previous.total), label("项目上年度金额"), amount(previous.annual)),
        row(section("项目详细信息", 4)),
        row(label("项目概况"), value(spec.overview, 3)),
        row(label("立项依据"), value(spec.basis, 3)),
        row(label("项目设立的必要性"), value(spec.necessity, 3)),
        row(label("项目配套制度措施"), value(spec.measures, 3)),
        row(label("项目实施计划"), value(spec.plan, 3)),
        row(label("备注"), value(spec.remarks, 3)),
        row(section("项目绩效目标", 4)),
        row(label("项目总目标"), value(goals.period if goals else "", 3)),
        row(label("年度绩效目标"), value(annual_goal_text(goals), 3)),
        *_project_indicator_rows(spec),
    ]
    return Table(
        name="行政支出项目绩效目标表",
        title=project_title(spec),
        subtitles=(f"（{spec.year}年）",),
        columns=PROJECT_COLUMNS,
        rows=tuple(rows),
    )


# --- 部门绩效目标表 ------------------------------------------------------------------------------

_NUMBERING = re.compile(r"^\s*(\d+\s*[.、．]|[（(]\s*\d+\s*[)）]|[①-⑳])\s*")


def _plain(item: str | None) -> str:
    """An item without the numbering the form adds itself: 「(1)财政性资金」 → 「财政性资金」."""
    return _NUMBERING.sub("", item or "")


def _budget_lines(caption: str, items: list[FundRow], money: Money) -> list[list[Cell]]:
    """「1、资金来源：(1)财政性资金」, 「(2)其他资金」 …; the caption alone when there are no rows."""
    if not items:
        return [[label(caption), money(None, 3)]]
    return [[label(f"{caption if i == 1 else ''}({i}){_plain(r.item)}"), money(r.amount, 3)] for i, r in enumerate(items, 1)]


def _sum(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _task_rows(spec: Department) -> list[Row]:
    tasks = spec.tasks
    if isinstance(tasks, str):
        return [row(label("年度主要任务"), value(tasks, 4))]
    body = [row(value(t.name), value(t.content, 3)) for t in tasks or []] or [row(value(""), value("", 3))]
    return [row(label("年度主要任务", rowspan=len(body) + 1), header("任务名称"), header("主要内容", 3)), *body]


def _indicator_rows(indicators: Indicators) -> list[Row]:
    rows = [row(header("一级指标"), header("二级指标"), header("三级指标"), header("指标值"), header("指标值说明"))]
    for line in indicator_lines(indicators):
        ind = line.indicator
        cells = level_cells(line)
        cells += [value(ind.name if ind else ""), centred(ind.target if ind else ""), value(ind.note if ind else "")]
        rows.append(row(*cells))
    return rows


def department_rows(spec: Department, money: Money = grouped_amount) -> list[Row]:
    """The 5-column 部门绩效目标表 grid; ``money`` prints the 预算情况 amounts."""
    funds = spec.funds or DepartmentFunds()
    total = funds.total if funds.total is not None else _sum(r.amount for r in funds.income)
    budget = [[label("部门预算总额(万元)"), money(total, 3)],
              *_budget_lines("1、资金来源：", funds.income, money),
              *_budget_lines("2、资金结构：", funds.expenditure, money)]
    budget[0].insert(0, label("预算情况", rowspan=len(budget)))
    goals = spec.goals
    return [
        row(label("部门(单位)名称"), value(spec.department, 4)),
        row(label("年度履职目标"), value(annual_goal_text(goals), 4)),
        *_task_rows(spec),
        *(row(*cells) for cells in budget),
        *_indicator_rows(spec.indicators),
    ]


def department_target_table(spec: Department) -> Table:
    """部门绩效目标表 (seed 002 T22): amounts with thousands separators as the seed prints them (27,606.5)."""
    return Table(
        name="部门绩效目标表",
        title=f"{spec.department}绩效目标表",
        subtitles=(f"（{spec.year}年度）",),
        columns=DEPARTMENT_COLUMNS,
        rows=tuple(department_rows(spec)),
    )
