"""The checks (seed-catalog §7.6, standards §2.6).  Codes and meanings: docs/diagnostics.md."""

from __future__ import annotations

import difflib
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel

from .. import codes
from ..catalog.schemes import norm_level
from ..diagnostics import N_, Choice, Term
from ..model.spec import Budget, Department, FundRow, Project, iter_indicators, renders_target_table
from ..model.types import period_key
from ..model.values import IndicatorValue, parse_value
from ..scoring import execution_rate, execution_score
from .framework import Context, differs, fmt, q2, rule

LOWER_OPS = ("≥", ">")
UPPER_OPS = ("≤", "<")


# --- indicator scheme (K) -----------------------------------------------------------------------

@rule()
def scheme_membership(ctx: Context) -> None:
    """K001/K002: every 一级 and 二级 belongs to the layout's indicator scheme."""
    scheme = ctx.scheme
    names1 = [lv.name for lv in scheme.levels]
    for level1, groups in ctx.spec.indicators.items():
        l1 = scheme.level1(level1)
        if l1 is None:
            owner = scheme.owner_of(level1)
            if owner is not None:
                ctx.report(codes.K001_IS_LEVEL2, ("indicators", level1), at_key=True, name=level1, owner=owner.name)
            else:
                close = difflib.get_close_matches(level1, names1, n=1, cutoff=0.4)
                if close:
                    ctx.report(codes.K001_SUGGEST, ("indicators", level1), at_key=True, name=level1, scheme=scheme.title, suggestion=close[0], allowed=names1)
                else:
                    ctx.report(codes.K001_UNKNOWN, ("indicators", level1), at_key=True, name=level1, scheme=scheme.title, allowed=names1)
            continue
        names2 = [c.name for c in l1.children]
        for level2 in groups:
            if l1.child(level2) is not None:
                continue
            owner = scheme.owner_of(level2)
            path = ("indicators", level1, level2)
            if owner is not None:
                ctx.report(codes.K002_OTHER_OWNER, path, at_key=True, name=level2, owner=owner.name, parent=level1)
                continue
            close = difflib.get_close_matches(level2, names2, n=1, cutoff=0.4)
            if close:
                ctx.report(codes.K002_SUGGEST, path, at_key=True, name=level2, parent=level1, scheme=scheme.title, suggestion=close[0], allowed=names2)
            else:
                ctx.report(codes.K002_UNKNOWN, path, at_key=True, name=level2, parent=level1, scheme=scheme.title, allowed=names2)


@rule()
def indicator_names(ctx: Context) -> None:
    """K003 unnamed indicators; K005 the same indicator twice."""
    seen: dict[tuple, int] = {}
    for level1, level2, i, ind in iter_indicators(ctx.spec.indicators):
        path = ("indicators", level1, level2, i)
        if not (ind.name or "").strip():
            ctx.report(codes.K003_NO_NAME, path, level2=level2)
            continue
        key = (re.sub(r"\s+", "", ind.name), ind.goal)
        if key in seen:
            ctx.report(codes.K005_TWICE, path + ("name",), name=ind.name, first=seen[key])
        else:
            seen[key] = ctx.source.value(path + ("name",)).line


@rule()
def level_spellings(ctx: Context) -> None:
    """K008: the same 一级 or 二级 written twice under two spellings (产出指标 and 产出)."""
    seen1: dict[str, str] = {}
    for level1, groups in ctx.spec.indicators.items():
        key = norm_level(level1)
        if key in seen1:
            ctx.report(codes.K008_SPELLINGS, ("indicators", level1), at_key=True, name=level1, first=seen1[key])
        seen1.setdefault(key, level1)
        seen2: dict[str, str] = {}
        for level2 in groups:
            key2 = norm_level(level2)
            if key2 in seen2:
                ctx.report(codes.K008_SPELLINGS, ("indicators", level1, level2), at_key=True, name=level2, first=seen2[key2])
            seen2.setdefault(key2, level2)


@rule()
def goal_numbers(ctx: Context) -> None:
    """K007: an indicator's `goal` must name one of the numbered 年度目标."""
    annual = ctx.spec.goals.annual if ctx.spec.goals else None
    count = len(annual) if isinstance(annual, list) else 0
    for level1, level2, i, ind in iter_indicators(ctx.spec.indicators):
        if ind.goal is not None and not 1 <= ind.goal <= count:
            ctx.report(codes.K007_GOAL, ("indicators", level1, level2, i, "goal"), goal=ind.goal, count=count)


@rule()
def satisfaction_present(ctx: Context) -> None:
    """K004: a table with indicators but no 满意度 indicator, where the scheme has a place for one."""
    indicators = ctx.spec.indicators
    if not indicators or not ctx.scheme.has_role("satisfaction"):
        return
    for level1, level2, _, _ in iter_indicators(indicators):
        if ctx.scheme.role(level1, level2) == "satisfaction":
            return
    ctx.report(codes.K004_NO_SATISFACTION, ("indicators",), at_key=True)


_COST_WORDS = re.compile(r"成本")
_SATISFACTION_WORDS = re.compile(r"满意|安全感|认可|评价|使用者|受益")
_TIME_WORDS = re.compile(r"时间|时限|期限")


@rule()
def misfiled_indicators(ctx: Context) -> None:
    """K006: an indicator whose name says cost / satisfaction / time, filed under another 二级."""
    for level1, level2, i, ind in iter_indicators(ctx.spec.indicators):
        name = ind.name or ""
        role = ctx.scheme.role(level1, level2)
        if role is None:
            continue
        path = ("indicators", level1, level2, i, "name")
        # a 二级 that is itself called 成本指标 (filed under 产出指标 by 财预〔2020〕10号) is the right place
        if _COST_WORDS.search(name) and role in ("quantity", "quality", "time", "output") and "成本" not in level2:
            ctx.report(codes.K006_COST, path, name=name, level2=level2)
        elif role == "satisfaction" and not _SATISFACTION_WORDS.search(name):
            ctx.report(codes.K006_NOT_SATISFACTION, path, name=name, level2=level2)
        elif role != "satisfaction" and "满意" in name and role not in ("input", "process"):
            ctx.report(codes.K006_SATISFACTION, path, name=name, level2=level2)
        elif _TIME_WORDS.search(name) and role == "quantity":
            ctx.report(codes.K006_TIME, path, name=name, level2=level2)


# --- indicator values (V) -----------------------------------------------------------------------

# text that was meant as a number (an operator or a percent sign); “资金下达后6个月内” is a
# qualitative deadline and is scored as one, so it is not reported
_LOOKS_NUMERIC = re.compile(r"[≥≤<>=＞＜＝≧≦%％]")
_COMPLETION_NAME = re.compile(r"(执行率|完成率|到位率|覆盖率|合格率|达标率|办结率|破案率)$")
_COUNT_NAME = re.compile(r"(人数|数量|个数|次数|件数|起数|户数|台数|套数)$")
_DECREASE_NAME = re.compile(r"下降|降低|减少")
_MONEY_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000), "万": Decimal(1)}


def _annual_funds(spec: Project | Department) -> Decimal | None:
    if isinstance(spec, Project):
        if spec.funds and spec.funds.annual and spec.funds.annual.total is not None:
            return spec.funds.annual.total
        ev = spec.evaluation
        if ev and ev.budget and ev.budget.total and ev.budget.total.adjusted is not None:
            return ev.budget.total.adjusted
    return None


def _period_funds(spec: Project | Department) -> Decimal | None:
    if isinstance(spec, Project) and spec.funds and spec.funds.period:
        return spec.funds.period.total
    return None


_TIDY = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%", "．": ".", "＞": ">", "＜": "<", "＝": "=",
                       "﹦": "=", "≧": "≥", "≦": "≤"})
# an operator written with no number after it: ≥abc个, ≤ 个
_OP_NO_NUMBER = re.compile(r"^\s*(?:[≥≤<>=＞＜＝﹦≧≦]|>=|<=)\s*[^\d０-９\s][^\d０-９]*$")
# a number with two units: 28.8万元%, 95%人次
_TWO_UNITS = re.compile(r"^\s*[≥≤<>=＞＜＝﹦≧≦]?\s*[\d０-９.,．，]+\s*(?:(?P<a>[^\d\s%％/]{1,5})\s*[%％]|[%％]\s*(?P<b>[^\d\s%％/]{1,5}))\s*$")
# Excel's day numbers (1899-12-30 is day 0) of 2000-01-01 … 2049-12-31: a date pasted as a number
_SERIAL_DAYS = (36526, 54788)


def _tidy(text: str) -> str:
    """A number's usual spelling: half-width digits and signs, no space after the sign or before %
    (≥ 95 ％ → ≥95%); a space before a unit word (=10.82 万元) is the published style and stays."""
    t = text.strip().translate(_TIDY).replace(">=", "≥").replace("<=", "≤")
    return re.sub(r"(?<=[≥≤<>=])[ \u3000]+|[ \u3000]+(?=%)", "", t)


def _check_value(ctx: Context, value: IndicatorValue, path: tuple, name: str, role: str | None,
                 weighted: bool, funds: Decimal | None, funds_label: Choice) -> None:
    if value.empty:
        return
    if _OP_NO_NUMBER.match(value.text) and not value.quantitative:
        ctx.report(codes.V015_NO_NUMBER, path, value=value.text, op=value.text.strip()[0])
        return
    two = _TWO_UNITS.match(value.text) if not value.quantitative else None
    if two:
        ctx.report(codes.V016_TWO_UNITS, path, value=value.text, unit=two.group("a") or two.group("b"))
        return
    if not value.parsed and (weighted or value.bounds) and _LOOKS_NUMERIC.search(value.text):
        ctx.report(codes.V001_NOT_NUMBER, path, value=value.text)
        return
    hebei = value.hebei
    if hebei is not None and hebei.sign == "文字描述":
        number = re.sub(r"[^\d.]", "", hebei.value)
        if number and re.search(r"[1-9]", number):
            ctx.report(codes.V003_TEXT_NUMBER, path, number=hebei.value)
        if number and re.search(r"[^\d.\s]", hebei.value):
            ctx.report(codes.V013_SLOT, path, slot=hebei.value)
    elif hebei is not None and re.search(r"\d", hebei.value) and re.search(r"[^\d.\s]", hebei.value):
        ctx.report(codes.V013_SLOT, path, slot=hebei.value)
    if not value.quantitative:
        return
    tidy = _tidy(value.text)
    if hebei is None and tidy != value.text.strip():
        ctx.report(codes.V014_UNTIDY, path, value=value.text, tidy=tidy)
    op = value.operator
    ops = {b.op for b in value.bounds}
    unit = value.unit
    if not value.operator_written and not value.change and ctx.kind_layout.operators_required:
        ctx.report(codes.V004_NO_OPERATOR, path, value=value.text)
    rank = unit == "名"  # 排名: 前10名 is a good “≤”, and not a percentage
    if role == "satisfaction" and not rank:
        if ops & set(UPPER_OPS) and not ops & set(LOWER_OPS):
            ctx.report(codes.V002_UPPER, path, value=value.text)
        if unit != "%":
            ctx.report(codes.V005_SATISFACTION, path, value=value.text)
    elif name.endswith("率") and unit not in ("%", "") and not value.change:
        ctx.report(codes.V005_RATE, path, name=name, value=value.text, unit=unit)
    # a budget completion rate capped at 100% (no overspending) is meant as written; other rates are goals
    if _COMPLETION_NAME.search(name) and "预算" not in name and ops <= set(UPPER_OPS) and not value.change:
        ctx.report(codes.V012_RATE, path, name=name, value=value.text)
    if _COUNT_NAME.search(name) and unit == "%":
        ctx.report(codes.V008_COUNT, path, name=name, value=value.text)
    if role == "cost" and op in LOWER_OPS and not value.change:
        ctx.report(codes.V006_COST, path, value=value.text)
    serial = value.number
    if (role == "time" or _TIME_WORDS.search(name) or "日期" in name) and not unit and serial is not None \
            and serial == serial.to_integral_value() and _SERIAL_DAYS[0] <= serial <= _SERIAL_DAYS[1]:
        day = date(1899, 12, 30) + timedelta(days=int(serial))
        ctx.report(codes.V017_DATE_SERIAL, path, value=value.text, number=int(serial), date=f"{day.year}年{day.month}月{day.day}日")
    calendar = value.number is not None and value.number >= 1900  # 2023.12 月: a date, not a duration
    if (role == "time" or _TIME_WORDS.search(name)) and op in LOWER_OPS and calendar and not value.change:
        ctx.report(codes.V007_DEADLINE, path, op=op, value=value.text)
    decrease = value.change in ("下降", "降低", "减少") or (not value.change and _DECREASE_NAME.search(name))
    if decrease and ops & set(UPPER_OPS) and unit == "%" and not ops & set(LOWER_OPS):
        ctx.report(codes.V010_DECREASE, path, value=value.text)
    money, _, per = unit.partition("/")
    if role == "cost" and funds is not None and value.number is not None and money in _MONEY_UNITS and per in ("", "年", "12个月") and op in ("≤", "<", "="):
        amount = value.number * _MONEY_UNITS[money]
        if amount > funds + Decimal("0.01"):
            ctx.report(codes.V009_COST, path, value=value.text, amount=fmt(q2(amount)), label=funds_label, funds=fmt(funds))


@rule()
def indicator_values(ctx: Context) -> None:
    """V001–V011 on every target (and 实施期 target and actual where relevant)."""
    annual = _annual_funds(ctx.spec)
    period = _period_funds(ctx.spec)
    for level1, level2, i, ind in iter_indicators(ctx.spec.indicators):
        base = ("indicators", level1, level2, i)
        role = ctx.scheme.role(level1, level2)
        name = ind.name or ""
        weighted = ind.weight is not None
        if ind.target is None or not str(ind.target).strip():
            if name.strip():
                ctx.report(codes.V011_NO_TARGET, base + ("name",), name=name)
        else:
            _check_value(ctx, ind.target_value, base + ("target",), name, role, weighted, annual, Choice(N_("annual funds")))
        if ind.period_target is not None and str(ind.period_target).strip():
            _check_value(ctx, ind.period_target_value, base + ("period_target",), ind.period_name or name, role, False, period, Choice(N_("period funds")))
        if weighted and ind.actual is not None and ind.target_value.quantitative:
            actual = ind.actual_value
            if not actual.parsed and not actual.empty:
                ctx.report(codes.V001_NOT_NUMBER, base + ("actual",), value=actual.text)


# --- funds (F) ----------------------------------------------------------------------------------

def _amount_paths(obj: Any, path: tuple):
    """(path, Decimal) of every amount in a funds block."""
    if isinstance(obj, Decimal):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _amount_paths(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _amount_paths(v, path + (i,))
    elif isinstance(obj, BaseModel):
        for k in type(obj).model_fields:
            yield from _amount_paths(getattr(obj, k), path + (k,))


@rule()
def no_negative_amounts(ctx: Context) -> None:
    """F008."""
    for top in ("funds",):
        for path, amount in _amount_paths(getattr(ctx.spec, top, None), (top,)):
            if amount < 0:
                ctx.report(codes.F008_NEGATIVE, path, amount=fmt(amount))
    ev = ctx.spec.evaluation
    if ev is not None:
        for path, amount in _amount_paths(ev.budget, ("evaluation", "budget")):
            if amount < 0:
                ctx.report(codes.F008_NEGATIVE, path, amount=fmt(amount))


def _rows_sum(rows: list[FundRow]) -> tuple[Decimal, int]:
    """Sum of the rows that add up: “其中…” rows are parts of the row above, not of the total."""
    amounts = [r.amount for r in rows if r.amount is not None and not (r.item or "").strip().startswith("其中")]
    return sum(amounts, Decimal(0)), len(amounts)


@rule("project")
def project_funds(ctx: Context) -> None:
    """F001 total = fiscal + other; F002 annual ≤ period; F003/F004 sources and breakdown add up."""
    assert isinstance(ctx.spec, Project)
    funds = ctx.spec.funds
    if funds is None:
        return
    for block in ("period", "annual"):
        b = getattr(funds, block)
        if b is None or b.total is None or b.fiscal is None:
            continue
        other = b.other or Decimal(0)
        if differs(b.total, [b.fiscal, b.other]):
            ctx.report(codes.F001_TOTAL, ("funds", block, "total"), total=fmt(b.total), fiscal=fmt(b.fiscal), other=fmt(other), sum=fmt(b.fiscal + other))
    if (funds.period and funds.annual and funds.period.total is not None and funds.annual.total is not None
            and funds.annual.total > funds.period.total + Decimal("0.01")):
            ctx.report(codes.F002_ANNUAL, ("funds", "annual", "total"), annual=fmt(funds.annual.total), period=fmt(funds.period.total), line=ctx.source.value(("funds", "period", "total")).line)
    annual = funds.annual.total if funds.annual else None
    if annual is None:
        return
    for key, message, label in (("sources", codes.F003_SOURCES, N_("资金来源")), ("breakdown", codes.F004_BREAKDOWN, N_("支出明细"))):
        rows = getattr(funds, key)
        total, n = _rows_sum(rows)
        if n and differs(annual, [total] * 1) and abs(annual - total) > Decimal("0.01") * n:
            ctx.report(message, ("funds", key), at_key=True, label=Term(label, key), sum=fmt(total), total=fmt(annual), line=ctx.source.value(("funds", "annual", "total")).line)


def _share(text: str | None) -> Decimal | None:
    if text is None:
        return None
    v = parse_value(text)
    return v.number if v.number is not None and v.unit in ("%", "") else None


@rule("department")
def department_funds(ctx: Context) -> None:
    """F006/F007 rows add up to the total; F005 占比; F009 income vs expenditure per year."""
    assert isinstance(ctx.spec, Department)
    funds = ctx.spec.funds
    if funds is None:
        return
    for key, message, label in (("income", codes.F006_INCOME, N_("收入构成 / 资金来源")), ("expenditure", codes.F007_EXPENDITURE, N_("支出构成 / 资金结构"))):
        rows = getattr(funds, key)
        total, n = _rows_sum(rows)
        if funds.total is not None and n and abs(funds.total - total) > Decimal("0.01") * n:
            ctx.report(message, ("funds", key), at_key=True, label=Term(label, key), sum=fmt(total), total=fmt(funds.total), line=ctx.source.value(("funds", "total")).line)
        base = funds.total if funds.total is not None else (total if n else None)
        if base:
            for i, row in enumerate(rows):
                share = _share(row.share)
                if share is None or row.amount is None:
                    continue
                expected = q2(row.amount / base * 100)
                if abs(expected - share) > Decimal("0.01"):
                    ctx.report(codes.F005_SHARE, ("funds", key, i, "share"), share=fmt(share), item=row.item or "", amount=fmt(row.amount), total=fmt(base), expected=fmt(expected))
    for year in [str(y) for y in funds.prior_years]:
        sums: list[Decimal] = []
        for key in ("income", "expenditure"):
            found = [r.prior.get(year) for r in getattr(funds, key) if r.prior and not (r.item or "").startswith("其中")]
            values = [v for v in found if v is not None]
            if values:
                sums.append(sum(values, Decimal(0)))
        if len(sums) == 2 and abs(sums[0] - sums[1]) > Decimal("0.01"):
            ctx.report(codes.F009_YEAR, ("funds", "expenditure"), at_key=True, year=year, income=fmt(sums[0]), expenditure=fmt(sums[1]))


# --- dates (T) ----------------------------------------------------------------------------------

@rule("project")
def period_dates(ctx: Context) -> None:
    """T001 start after end; T002 the period does not touch the spec's year."""
    assert isinstance(ctx.spec, Project)
    period = ctx.spec.period
    if period is None:
        return
    if period.start and period.end and period_key(period.start) > period_key(period.end, end=True):
        ctx.report(codes.T001_ORDER, ("period", "end"), end=_shown(period.end), start=_shown(period.start))
        return
    year = ctx.spec.year
    if period.start and period.start.year > year:
        ctx.report(codes.T002_AFTER, ("period", "start"), start=_shown(period.start), year=year)
    elif period.end and period.end.year < year:
        ctx.report(codes.T002_BEFORE, ("period", "end"), end=_shown(period.end), year=year)


def _shown(value: Any) -> str:
    """A date as 2020-01-01, a month as written."""
    return value if isinstance(value, str) else value.isoformat()


# --- self-evaluation (P) ------------------------------------------------------------------------

EXECUTION_WEIGHT = Decimal(10)  # 预算执行率 分值 in every self-evaluation layout


@rule()
def evaluation_budget(ctx: Context) -> None:
    """P004 the total is the sum of its sources; P003 executed > adjusted."""
    ev = ctx.spec.evaluation
    if ev is None or ev.budget is None or ev.budget.total is None:
        return
    b = ev.budget
    for col in ("initial", "adjusted", "executed"):
        total = getattr(b.total, col)
        sources = [(src, getattr(getattr(b, src), col)) for src in BUDGET_SOURCES if getattr(b, src) is not None]
        sources = [(src, v) for src, v in sources if v is not None]
        if total is None or not sources:
            continue
        if differs(total, [v for _, v in sources]):
            parts = [Term(str(Budget.model_fields[src].title), src) for src, _ in sources]
            shown = " + ".join(f"{{{i}}} {fmt(v)}" for i, (_, v) in enumerate(sources))
            ctx.report(codes.P004_SOURCES, ("evaluation", "budget", "total", col),
                       column=Term(COLUMN_TITLES[col], col), total=fmt(total),
                       parts=_Joined(shown, tuple(parts)), sum=fmt(sum((v for _, v in sources), Decimal(0))))
    for src in ("total", *BUDGET_SOURCES):
        line = getattr(b, src)
        if line and line.adjusted is not None and line.executed is not None and line.executed > line.adjusted:
            ctx.report(codes.P003_OVERSPENT, ("evaluation", "budget", src, "executed"), executed=fmt(line.executed), adjusted=fmt(line.adjusted))


BUDGET_SOURCES = ("fiscal", "special", "unit", "carryover", "other")
COLUMN_TITLES = {"initial": "年初预算数", "adjusted": "全年预算数", "executed": "全年执行数"}


class _Joined:
    """「财政拨款 95 + 单位资金 0」 with each source named in the message's language."""

    def __init__(self, pattern: str, terms: tuple[Term, ...]) -> None:
        self.pattern, self.terms = pattern, terms

    def render(self, lang: str) -> str:
        return self.pattern.format(*(t.zh if lang.startswith("zh") else t.en for t in self.terms))


@rule()
def evaluation_scores(ctx: Context) -> None:
    """P001 分值 add up to 100; P002 得分 ≤ 分值; P005 偏差 without reason; P006 资金管理 below full."""
    spec = ctx.spec
    weights: list[Decimal] = []
    for level1, level2, i, ind in iter_indicators(spec.indicators):
        path = ("indicators", level1, level2, i)
        if ind.weight is not None:
            weights.append(ind.weight)
            if ind.score is not None and ind.score > ind.weight:
                ctx.report(codes.P002_ABOVE_WEIGHT, path + ("score",), score=fmt(ind.score), weight=fmt(ind.weight))
        if ind.score is not None and ind.score < 0:
            ctx.report(codes.P002_NEGATIVE, path + ("score",), score=fmt(ind.score), weight=fmt(ind.weight))
        if ind.deviation is not None and ind.deviation != 0 and not (ind.reason or "").strip():
            ctx.report(codes.P005_NO_REASON, path + ("deviation",), deviation=fmt(ind.deviation))
    management = getattr(spec.evaluation, "management", None) if spec.evaluation else None
    for item, m in (management or {}).items():
        at = ("evaluation", "management", item)
        if m.weight is not None:
            weights.append(m.weight)
            if m.score is not None and m.score > m.weight:
                ctx.report(codes.P002_ABOVE_WEIGHT, at + ("score",), score=fmt(m.score), weight=fmt(m.weight))
            elif m.score is not None and m.score < m.weight and (m.issues or "").strip() in ("", "无", "/", "-"):
                ctx.report(codes.P006_NO_ISSUES, at + ("score",), item=item, score=fmt(m.score), weight=fmt(m.weight))
    if spec.evaluation is not None and weights and ctx.kind_layout.scoring is None:
        total = sum(weights, Decimal(0)) + EXECUTION_WEIGHT
        if total != 100:
            ctx.report(codes.P001_TOTAL, ("indicators",), at_key=True, total=fmt(total))


def _block_of(level1: str, keys: list[str]) -> str | None:
    for key in keys:
        if key == "*" or norm_level(level1) in {norm_level(k) for k in key.split("+")}:
            return key
    return None


@rule()
def scoring_rules(ctx: Context) -> None:
    """P001 block weights; P007/P008 得分 and 偏差度 against the rule; P009–P013 (standards §2.6)."""
    rules = ctx.kind_layout.scoring
    spec = ctx.spec
    if rules is None or spec.evaluation is None:
        return
    from ..scoring import evaluate, overshoot

    weighted = [(l1, ind) for l1, _, _, ind in iter_indicators(spec.indicators) if ind.weight is not None]
    if not weighted:
        return
    # P001: the weights of each block, and of the whole table
    keys = list(rules.indicator_weights)
    sums: dict[str, Decimal] = {k: Decimal(0) for k in keys}
    for l1, ind in weighted:
        key = _block_of(l1, keys)
        if key is not None:
            sums[key] += ind.weight
    split = [(k, e) for k, e in rules.indicator_weights.items() if sums[k] != e]
    if split and rules.weights_advisory:
        # a 原则上 split (财预〔2020〕10号 第十二条): another split is allowed if the whole is still 100
        management_total = sum((m.weight or Decimal(0) for m in (getattr(spec.evaluation, "management", None) or {}).values()), Decimal(0))
        total = rules.execution_weight + management_total + sum((ind.weight for _, ind in weighted), Decimal(0))
        if total != 100:
            ctx.report(codes.P001_TOTAL, ("indicators",), at_key=True, total=fmt(total))
        else:
            written = "、".join(f"{k.replace('+', ' + ')} {fmt(sums[k])}" for k in rules.indicator_weights)
            usual = "、".join(f"{k.replace('+', ' + ')} {fmt(e)}" for k, e in rules.indicator_weights.items())
            ctx.report(codes.P015_SPLIT, ("indicators",), at_key=True, written=written, usual=usual)
        split = []
    for key, expected in split:
        if sums[key] != expected:
            block = N_("the indicators") if key == "*" else key.replace("+", " + ")
            ctx.report(codes.P001_BLOCK, ("indicators",), at_key=True, block=Choice(block) if key == "*" else block, total=fmt(sums[key]), expected=fmt(expected))
    management = getattr(spec.evaluation, "management", None) or {}
    if rules.management_weight is not None and management:
        total = sum((m.weight or Decimal(0) for m in management.values()), Decimal(0))
        if total != rules.management_weight:
            ctx.report(codes.P001_MANAGEMENT, ("evaluation", "management"), at_key=True, total=fmt(total), expected=fmt(rules.management_weight))
    result = evaluate(spec, rules)
    by_path = {s.path: s for s in result.indicators}
    for l1, l2, i, ind in iter_indicators(spec.indicators):
        scored = by_path.get(("indicators", l1, l2, i))
        if scored is None:
            continue
        path = ("indicators", l1, l2, i)
        c = scored.computed
        if c.reason == "no-actual":
            ctx.report(codes.P013_NO_ACTUAL, path + ("name",), name=ind.name or "")
            continue
        if c.reason == "units":
            ctx.report(codes.P011_UNITS, path + ("actual",), actual=ind.actual or "", target=ind.target or "")
            continue
        if c.reason == "qualitative-band" and c.band is not None:
            low, high = c.band
            if ind.score is None:
                ctx.report(codes.P010_NEEDS_SCORE, path + ("actual",), actual=ind.actual or "", low=fmt(low), high=fmt(high))
            elif not low <= ind.score <= high:
                ctx.report(codes.P010_OUTSIDE, path + ("score",), score=fmt(ind.score), actual=ind.actual or "", low=fmt(low), high=fmt(high))
            continue
        if c.score is not None and ind.score is not None and abs(c.score - ind.score) > Decimal("0.01"):
            ctx.report(codes.P007_SCORE, path + ("score",), written=f"{q2(ind.score)}", rule=f"{c.score}", target=ind.target or "", actual=ind.actual or "", weight=fmt(ind.weight))
        if c.deviation is not None and ind.deviation is not None and abs(c.deviation - ind.deviation) > Decimal("0.01"):
            ctx.report(codes.P008_DEVIATION, path + ("deviation",), written=f"{q2(ind.deviation)}", rule=f"{c.deviation}")
        if overshoot(ind.target_value, ind.actual_value, rules) and not (ind.reason or "").strip():
            ctx.report(codes.P009_OVERSHOOT, path + ("actual",), actual=ind.actual or "", target=ind.target or "")
    _published_execution(ctx, spec, rules)
    written_total = spec.evaluation.total
    if written_total is not None and result.total is not None and abs(written_total - result.total) > Decimal("0.01"):
        if result.cap is not None and result.parts is not None:
            ctx.report(codes.P012_CAPPED, ("evaluation", "total"), written=fmt(written_total), parts=fmt(result.parts),
                       rate=fmt(q2((result.execution_rate or Decimal(0)) * 100)), below=fmt(q2(result.cap[0] * 100)), cap=fmt(result.total))
            return
        ctx.report(codes.P012_TOTAL, ("evaluation", "total"), written=fmt(written_total), execution=fmt(result.execution_score), management=fmt(result.management_score), indicators=fmt(result.indicator_score), total=fmt(result.total))


def _published_execution(ctx: Context, spec, rules) -> None:
    """P014: the published 执行率 and 执行率得分 against the budget lines and the rule."""
    ev = spec.evaluation
    line = ev.budget.total if ev.budget is not None else None
    rate = execution_rate(line.executed, line.adjusted) if line is not None else None
    if rate is None or line is None:
        return
    percent = q2(rate * 100)
    # the rule's rate rounded as the table prints it (62.3% for 62.25…%, 62.25% with two decimals)
    places = Decimal(1).scaleb(min(0, ev.execution_rate.as_tuple().exponent)) if ev.execution_rate is not None else None
    if ev.execution_rate is not None and places is not None and (rate * 100).quantize(places, ROUND_HALF_UP) != ev.execution_rate:
        ctx.report(codes.P014_RATE, ("evaluation", "execution_rate"), written=fmt(ev.execution_rate),
                   executed=fmt(line.executed), adjusted=fmt(line.adjusted), rule=fmt(percent))
    if ev.execution_score is not None:
        target = rules.department_execution_target if isinstance(spec, Department) else None
        rule = execution_score(rate, rules.execution_weight, target)
        if rule is not None and abs(ev.execution_score - rule) > Decimal("0.01"):
            weight = fmt(rules.execution_weight)
            how = f"{weight} × 执行率" if target is None else f"{weight} × min(1, 执行率 / {fmt(q2(target * 100))}%)"
            ctx.report(codes.P014_SCORE, ("evaluation", "execution_score"), written=fmt(ev.execution_score),
                       rate=fmt(percent), rule=fmt(rule), how=how)


# --- layout (R) and disclosure (X) --------------------------------------------------------------

OPTIONAL = {
    "project": ["code", "unit", "contacts", "period", "category", "funds.period", "funds.annual", "funds.previous",
                "funds.sources", "funds.breakdown", "funds.basis", "overview", "basis", "necessity", "plan",
                "measures", "remarks", "budget_history", "goals.period", "goals.annual", "evaluation"],
    "department": ["contacts", "functions", "goals.period", "goals.annual", "tasks", "funds", "evaluation"],
}
INDICATOR_OPTIONAL = ["period_target", "period_name", "description", "basis", "note", "prior", "goal"]


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


@rule()
def prints_something(ctx: Context) -> None:
    """R003: a spec none of whose layout's forms print (validate says so before render writes nothing)."""
    spec, kl = ctx.spec, ctx.kind_layout
    has_evaluation_form = any(f.shows == "evaluation" for f in kl.forms) and kl.scoring is not None
    target = renders_target_table(spec) and any(f.shows == "target" for f in kl.forms)
    evaluation = spec.evaluation is not None and has_evaluation_form
    if not target and not evaluation:
        reason = Choice(N_("it has year-end results (evaluation) and no funds, and the layout has no self-evaluation table")
                        if spec.evaluation is not None else N_("the layout has no target table for it"))
        ctx.report(codes.R003_NOTHING, ("layout",), layout=ctx.layout.title, reason=reason)


def printed_forms(ctx: Context) -> list:
    """The forms of the layout this spec is printed in: target tables, and self-evaluation tables with results."""
    spec, kl = ctx.spec, ctx.kind_layout
    return [form for form in kl.forms
            if (form.shows == "target" and renders_target_table(spec))
            or (form.shows == "evaluation" and spec.evaluation is not None and kl.scoring is not None)]


@rule("project")
def blank_allowed(ctx: Context) -> None:
    """S003: a project's 主管部门 left blank, where a form it is printed in does not allow that (allows_blank)."""
    if _present(ctx.spec.department):
        return
    needing = [form for form in printed_forms(ctx) if "department" not in form.allows_blank]
    if needing:
        written = ctx.has(("department",))
        ctx.report(codes.S003_FORM, ("department",) if written else (), at_key=written,
                   field=Term(_zh(ctx.spec, "department"), "department"), form=needing[0].id)


@rule()
def layout_fields(ctx: Context) -> None:
    """R001 a field the layout prints is missing; R002 a field the layout does not print."""
    spec, kl = ctx.spec, ctx.kind_layout
    if renders_target_table(spec):
        for dotted in kl.expects:
            if not _present(_get(spec, dotted)):
                parent = tuple(dotted.split(".")[:-1])
                ctx.report(codes.R001_MISSING, parent, at_key=bool(parent), layout=ctx.layout.title, field=Term(_zh(spec, dotted), dotted))
    for dotted in OPTIONAL[spec.kind]:
        if _present(_get(spec, dotted)) and not kl.prints_field(dotted) and not (dotted == "evaluation" and kl.evaluation):
            if dotted == "evaluation":
                message = codes.R002_NO_EVALUATION
            else:
                message = codes.R002_NOT_PRINTED
            ctx.report(message, tuple(dotted.split(".")), at_key=True, layout=ctx.layout.title, field=Term(_zh(spec, dotted), dotted))
    reported = set()
    for level1, level2, i, ind in iter_indicators(spec.indicators):
        for f in INDICATOR_OPTIONAL:
            if f in reported or kl.prints_field(f"indicator.{f}") or not _present(getattr(ind, f)):
                continue
            reported.add(f)
            ctx.report(codes.R002_NOT_PRINTED, ("indicators", level1, level2, i, f), at_key=True, layout=ctx.layout.title, field=Term(type(ind).model_fields[f].title or f, f))
        # 权重 in a target table: printed only by a form that has the column (a self-evaluation form
        # prints it as 分值, but only where the spec has results)
        if "weight" not in reported and ind.weight is not None and not any(
                "indicator.weight" in form.prints and (form.shows != "evaluation" or spec.evaluation is not None) for form in kl.forms):
            reported.add("weight")
            ctx.report(codes.R002_NOT_PRINTED, ("indicators", level1, level2, i, "weight"), at_key=True, layout=ctx.layout.title, field=Term(type(ind).model_fields["weight"].title or "weight", "weight"))


def _zh(spec: Any, dotted: str) -> str:
    obj_type: Any = type(spec)
    title = dotted
    for part in dotted.split("."):
        info = getattr(obj_type, "model_fields", {}).get(part)
        if info is None:
            return dotted
        title = info.title or part
        ann = info.annotation
        obj_type = next((a for a in getattr(ann, "__args__", (ann,)) if hasattr(a, "model_fields")), None)
    return title


@rule()
def disclosure(ctx: Context) -> None:
    """X001: parts listed as withheld in a public spec; X002: a department withholding its name."""
    spec = ctx.spec
    if spec.disclosure == "public" and spec.withheld:
        ctx.report(codes.X001_PUBLIC, ("withheld",), at_key=True)
    if isinstance(spec, Department) and isinstance(spec.withheld, list) and "name" in spec.withheld:
        ctx.report(codes.X002_DEPARTMENT_NAME, ("withheld", spec.withheld.index("name")))


def _items_blocks(blocks: Any) -> Any:
    """Every items block of a form's rows (inside groups and side-by-side blocks too)."""
    from ..catalog.forms import GroupSpec, ItemsSpec, SideBySideSpec

    for block in blocks:
        if isinstance(block, ItemsSpec):
            yield block
        elif isinstance(block, GroupSpec):
            yield from _items_blocks(block.body)
        elif isinstance(block, SideBySideSpec):
            yield from block.blocks


@rule()
def official_rows(ctx: Context) -> None:
    """R004: a row the author wrote (资金来源 …) that is none of a form's official rows: it is
    printed below them, and the official row of the same meaning stays blank."""
    from ..render.formats import item_key

    seen: set[tuple] = set()
    for form in ctx.kind_layout.forms:
        for block in _items_blocks(form.rows):
            if not block.fixed:
                continue
            value: Any = ctx.spec
            for step in block.source:
                value = getattr(value, step, None) if not isinstance(value, dict) else value.get(step)
            if not isinstance(value, list):
                continue
            parents = {item_key(name): [item_key(c) for c in children] for name, children in block.fixed}
            official = [name for name, _ in block.fixed]
            parent: str | None = None
            unmatched = False  # the row above was not official: its 其中 rows are not reported again
            for i, element in enumerate(value):
                text = getattr(element, "item", None)
                if not isinstance(text, str):
                    continue
                key = item_key(text)
                if block.total is not None and key == item_key(block.total.label):
                    continue
                sub = bool(re.match(r"^\s*其中", text))
                if not sub and key in parents:
                    parent, unmatched = key, False
                    continue
                if sub and (unmatched or (parent is not None and key in parents[parent])):
                    continue
                if not sub:
                    parent, unmatched = None, True
                where = (*block.source, i, "item")
                if where not in seen:
                    seen.add(where)
                    ctx.report(codes.R004_NOT_OFFICIAL, where, item=text, table=form.name.source, rows=official)
