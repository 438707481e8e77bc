"""Hubei (武汉东湖 2021) target tables: 部门公开表10-n and 部门公开表9 (seed 004; seed-catalog §6.1–6.2).

* ``project_target_table``: 项目支出绩效目标表 (部门公开表10-n), 6 columns — project header rows, the
  nine official 项目资金来源 rows (always printed), 项目支出明细 with 合计, 项目绩效总目标 and the
  indicator grid 一级 | 二级 | 指标内容 | 指标值 | 备注.
* ``department_target_table``: 部门整体支出绩效目标表 (部门公开表9), landscape, 6 + P columns where P is
  the number of 近两年 columns (2 in the seed) — funds block with 占比 and prior years, 部门职能概述,
  年度工作任务, 整体绩效目标, then one indicator block per 年度目标.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from ...model.spec import Contacts, Department, DepartmentFunds, FundRow, FundsBlock, Indicator, Indicators, Project, ProjectFunds
from ..tree import Cell, Row, Table
from .common import CENT, centred, grouped_amount, header, indicator_lines, label, level_cells, money2, row, value

PROJECT_COLUMNS = (32.0, 24.0, 26.0, 46.0, 22.0, 30.0)  # 180 mm, portrait

# 项目资金来源: the nine official rows, each with its 「其中」 rows, in the order the form prints them
OFFICIAL_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("1.一般公共预算财政拨款收入", ("其中：申请当年预算拨款",)),
    ("2.政府性基金预算财政拨款收入", ("其中：申请当年预算拨款",)),
    ("3.事业收入", ()),
    ("4.上级补助收入", ()),
    ("5.附属单位上缴收入", ()),
    ("6.事业单位经营收入", ()),
    ("7.其他收入", ()),
    ("8.用事业基金弥补收支差额", ()),
    ("9.上年结转", ("其中：使用上年度一般公共预算财政拨款结余结转", "其中：使用上年度政府性基金预算财政拨款结余结转")),
)

FOOTNOTES = (
    "备注：1.“整体绩效目标”：请结合部门职能、工作规划、项目支出投向等编报。",
    "2.“二级指标”中“产出指标”请选择填报数量、质量、时效、成本等指标；“效益指标”请选择填报社会效益、经济效益、生态效益、可持续发展影响、服务对象满意度等指标。",
    "3.“绩效标准”：设定绩效指标值时的依据或参考标准。",
)



# --- amounts as these tables print them ---------------------------------------------------------

def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Σ of the amounts present; None when none is (a blank column stays blank)."""
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


_NUMBERING = re.compile(r"^(\d+\s*[.、．]|[（(]\s*\d+\s*[)）]|[①-⑳])")


def item_key(text: str | None) -> str:
    """An item's text for matching: no spaces, no leading numbering (1. / (1) / ①), no 「其中：」."""
    key = re.sub(r"\s+", "", text or "")
    key = _NUMBERING.sub("", key)
    return re.sub(r"^其中[:：]?", "", key)


def _is_sub_item(text: str | None) -> bool:
    return re.sub(r"\s+", "", text or "").startswith("其中")


# --- 部门公开表10-n ------------------------------------------------------------------------------

def _category_text(category: str | None) -> str:
    """项目类型 as the form prints its two check boxes."""
    key = re.sub(r"\s+", "", category or "")
    department = "部门" in key and "公共" not in key
    public = "公共" in key
    return f"1.部门项目 {'☑' if department else '☐'} 2.公共项目 {'☑' if public else '☐'}"


def _source_rows(funds: ProjectFunds) -> list[Row]:
    """项目资金来源: 合计 + the nine official rows (with their 「其中」 rows), amounts matched by text."""
    parents = {item_key(name): name for name, _ in OFFICIAL_SOURCES}
    found: dict[tuple[str, str], Decimal | None] = {}
    extra: list[FundRow] = []
    written_total: Decimal | None = None
    parent: str | None = None
    for src in funds.sources:
        key = item_key(src.item)
        if key == "合计":
            written_total = src.amount
            continue
        if not _is_sub_item(src.item) and key in parents:
            parent = key
            found[(key, "")] = src.amount
            continue
        if _is_sub_item(src.item) and parent is not None:
            children = next(c for n, c in OFFICIAL_SOURCES if item_key(n) == parent)
            if key in {item_key(c) for c in children} and (parent, key) not in found:
                found[(parent, key)] = src.amount
                continue
        extra.append(src)  # not an official row: printed after them rather than lost
    annual = funds.annual or FundsBlock()
    total = annual.total
    if total is None:
        total = written_total if written_total is not None else _sum(found.get((item_key(n), "")) for n, _ in OFFICIAL_SOURCES)
    body = [row(label("合计", 3), grouped_amount(total, 2))]
    for name, children in OFFICIAL_SOURCES:
        key = item_key(name)
        body.append(row(value(name, 3), grouped_amount(found.get((key, "")), 2)))
        for child in children:
            body.append(row(value(child, 3), grouped_amount(found.get((key, item_key(child))), 2)))
    for src in extra:
        body.append(row(value(src.item, 3), grouped_amount(src.amount, 2)))
    head = row(label("项目资金来源", rowspan=len(body) + 1), header("资金来源项目", 3), header("金额", 2))
    return [head, *body]


def _breakdown_rows(funds: ProjectFunds) -> list[Row]:
    """项目支出预算及测算依据: 项目支出明细 with 合计 (Σ of the items), then 测算依据及说明."""
    items = [row(value(b.item, 3), grouped_amount(b.amount, 2)) for b in funds.breakdown]
    total = _sum(b.amount for b in funds.breakdown)
    body = [row(label("合计", 3), grouped_amount(total, 2)), *items,
            row(label("测算依据及说明"), value(funds.basis, 4))]
    head = row(label("项目支出预算及测算依据", rowspan=len(body) + 1), header("项目支出明细", 3), header("金额", 2))
    return [head, *body]


def _project_indicator_rows(indicators: Indicators) -> list[Row]:
    lines = indicator_lines(indicators)
    rows = [row(label("项目年度绩效指标", rowspan=len(lines) + 1), header("一级指标"), header("二级指标"),
                header("指标内容"), header("指标值"), header("备注"))]
    for line in lines:
        ind = line.indicator
        cells = level_cells(line)
        cells += [value(ind.name if ind else ""), centred(ind.target if ind else ""), value(ind.note if ind else "")]
        rows.append(row(*cells))
    return rows


def project_target_table(spec: Project, *, table_no: str = "") -> Table:
    """项目支出绩效目标表 (部门公开表10-n); ``table_no`` (e.g. "10-1") prints the 部门公开表 line."""
    funds = spec.funds or ProjectFunds()
    period = funds.period or FundsBlock()
    annual = funds.annual or FundsBlock()
    contacts = spec.contacts or Contacts()
    rows = [
        row(label("项目名称"), value(spec.name, 2), label("项目代码"), value(spec.code, 2)),
        row(label("项目主管部门"), value(spec.department, 2), label("项目执行单位"), value(spec.unit, 2)),
        row(label("项目负责人"), value(contacts.owner, 2), label("联系电话"), value(contacts.phone, 2)),
        row(label("项目类型"), value(_category_text(spec.category), 5)),
        row(label("项目申请理由"), value(spec.basis, 5)),
        row(label("项目主要内容"), value(spec.overview, 5)),
        row(label("项目总预算"), grouped_amount(period.total, 2), label("项目当年预算"), grouped_amount(annual.total, 2)),
        row(label("项目前两年预算及当年预算变动情况"), value(spec.budget_history, 5)),
        *_source_rows(funds),
        *_breakdown_rows(funds),
        row(label("项目绩效总目标"), value(spec.goals.period if spec.goals else "", 5)),
        *_project_indicator_rows(spec.indicators),
    ]
    return Table(
        name="项目支出绩效目标表",
        title=f"{spec.year}年项目支出绩效目标表",
        subtitles=(f"部门公开表{table_no}",) if table_no else (),
        unit_line="单位：万元",
        columns=PROJECT_COLUMNS,
        rows=tuple(rows),
    )


# --- 部门公开表9 ---------------------------------------------------------------------------------

def _prior_years(spec: Department) -> list[int]:
    """The 近两年 columns: as the funds block names them, else the years the indicators use, else the two before."""
    if spec.funds and spec.funds.prior_years:
        return list(spec.funds.prior_years)
    years = sorted({int(y) for _, _, _, ind in _iter(spec.indicators) for y in (ind.prior or {}) if str(y).isdigit()})
    return years or [spec.year - 2, spec.year - 1]


def _iter(indicators: Indicators):
    for l1, groups in indicators.items():
        for l2, rows in (groups or {}).items():
            for i, ind in enumerate(rows or []):
                yield l1, l2, i, ind


def department_columns(prior_count: int) -> tuple[float, ...]:
    """267 mm (landscape): label, 一级, 二级, 指标名称, the prior-year columns, 预期当年实现值, 绩效标准."""
    prior = 50.0 / prior_count
    return (22.0, 22.0, 26.0, 55.0, *([prior] * prior_count), 28.0, 64.0)


def _share_text(amount: Decimal | None, total: Decimal | None) -> str:
    if amount is None or not total:
        return ""
    return f"{(amount / total * 100).quantize(CENT, rounding=ROUND_HALF_UP)}%"


def _funds_rows(spec: Department, years: list[int]) -> list[Row]:
    """部门总体资金情况: 收入构成 and 支出构成, each with a computed 合计 row."""
    funds = spec.funds or DepartmentFunds()
    p = len(years)
    blocks = []
    for caption, items in (("收入构成", funds.income), ("支出构成", funds.expenditure)):
        total = _sum(r.amount for r in items)
        lines = []
        for r in items:
            prior = r.prior or {}
            lines.append([label(r.item or "", 2), money2(r.amount),
                          Cell(r.share if r.share is not None else _share_text(r.amount, total), role="number"),
                          *(money2(prior.get(str(y))) for y in years)])
        prior_totals = [_sum((r.prior or {}).get(str(y)) for r in items) for y in years]
        lines.append([label("合计", 2), money2(total), Cell(_share_text(total, total), role="number"),
                      *(money2(t) for t in prior_totals)])
        lines[0].insert(0, label(caption, rowspan=len(lines)))
        blocks.extend(lines)
    head = [
        row(label("部门总体资金情况（万元）", rowspan=len(blocks) + 2), header("总体资金情况", 3, rowspan=2),
            header("当年预算收支", rowspan=2), header("占比", rowspan=2), header("近两年收支情况", p)),
        row(*(header(f"{y}年") for y in years)),
    ]
    return head + [row(*cells) for cells in blocks]


def _tasks_text(tasks) -> str:
    if tasks is None:
        return ""
    if isinstance(tasks, str):
        return tasks
    return "\n".join("：".join(t for t in (task.name, task.content) if t) for task in tasks)


def _goal_rows(spec: Department, width: int) -> list[Row]:
    """整体绩效目标: 长期目标 beside the numbered 年度目标 list."""
    goals = spec.goals
    annual = goals.annual if goals else None
    texts = [f"目标{i}：{t}" for i, t in enumerate(annual, 1)] if isinstance(annual, list) else [annual or ""]
    texts = texts or [""]
    rows = [row(label("整体绩效目标", rowspan=len(texts) + 1), header("长期目标", 2), header("年度目标", width - 3))]
    rows.append(row(value(goals.period if goals else "", 2, rowspan=len(texts)), value(texts[0], width - 3)))
    rows += [row(value(t, width - 3)) for t in texts[1:]]
    return rows


def _select(indicators: Indicators, keep) -> Indicators:
    """The indicators for which ``keep(ind)`` holds, in the author's order, without empty groups."""
    out: dict[str, dict[str, list[Indicator]]] = {}
    for l1, l2, _, ind in _iter(indicators):
        if keep(ind):
            out.setdefault(l1, {}).setdefault(l2, []).append(ind)
    return out


def _department_indicator_rows(indicators: Indicators, years: list[int]) -> list[Row]:
    lines = indicator_lines(indicators)
    p = len(years)
    rows = [
        row(label("年度绩效指标", rowspan=len(lines) + 3), header("一级指标", rowspan=3), header("二级指标", rowspan=3),
            header("指标名称", rowspan=3), header("指标值", p + 1), header("绩效标准", rowspan=3)),
        row(header("近两年指标值", p), header("预期当年实现值", rowspan=2)),
        row(*(header(f"{y}年") for y in years)),
    ]
    for line in lines:
        ind = line.indicator
        prior = (ind.prior or {}) if ind else {}
        cells = level_cells(line)
        cells += [value(ind.name if ind else ""), *(centred(prior.get(str(y))) for y in years),
                  centred(ind.target if ind else ""), value(ind.basis if ind else "")]
        rows.append(row(*cells))
    return rows


def _goal_blocks(spec: Department, years: list[int], width: int) -> list[Row]:
    """One block per 年度目标 N (「年度目标N：」 + its indicators); indicators without a goal come last."""
    annual = spec.goals.annual if spec.goals else None
    texts = annual if isinstance(annual, list) else []
    numbers = sorted(set(range(1, len(texts) + 1)) | {ind.goal for *_, ind in _iter(spec.indicators) if ind.goal is not None})
    rows: list[Row] = []
    for n in numbers:
        rows.append(row(label(f"年度目标{n}："), value(texts[n - 1] if 0 < n <= len(texts) else "", width - 1)))
        chosen = _select(spec.indicators, lambda ind, n=n: ind.goal == n)
        if chosen:
            rows += _department_indicator_rows(chosen, years)
    rest = _select(spec.indicators, lambda ind: ind.goal is None or ind.goal not in numbers)
    if rest:
        rows += _department_indicator_rows(rest, years)
    return rows


def department_target_table(spec: Department) -> Table:
    """部门整体支出绩效目标表 (部门公开表9)."""
    years = _prior_years(spec)
    columns = department_columns(len(years))
    width = len(columns)
    contacts = spec.contacts or Contacts()
    rows = [
        row(label("填报人"), value(contacts.filler, 2), label("联系电话"), value(contacts.phone, width - 4)),
        *_funds_rows(spec, years),
        row(label("部门职能概述"), value(spec.functions, width - 1)),
        row(label("年度工作任务"), value(_tasks_text(spec.tasks), width - 1)),
        *_goal_rows(spec, width),
        *_goal_blocks(spec, years, width),
    ]
    return Table(
        name="部门整体支出绩效目标表",
        title=f"{spec.year}年部门整体支出绩效目标表",
        subtitles=("部门公开表9",),
        unit_line="单位：万元",
        columns=columns,
        rows=tuple(rows),
        notes=FOOTNOTES,
        orientation="landscape",
    )
