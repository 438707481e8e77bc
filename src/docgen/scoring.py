"""scoring: the self-evaluation arithmetic (执行率, 得分, 偏差度, 总分) as pure functions.

The rules are the ones verified row by row against the 31 filled tables of seed 001
(`../shared/research/standards.md` §2.4, F1–F8), all rounded half-up to 2 places:

* F1 偏差度 = (a − t) / t × 100, signed; 0 when the target is met; for a range, against the violated bound.
* F2 ≥ / > : met when a ≥ t (the seed scores “>45天” with 45天 as met), else w × a / t.
* F3 ≤ / < : met when a ≤ t, else w × (1 − (a − t) / t), and 0 from a ≥ 2t.
* F4 = : met when a ≥ t, else w × a / t; a target of 0 is met only by a ≤ 0.
* F5 range lo–hi: met inside, else F2 / F3 against the violated bound.
* F6 qualitative: met (达成年度指标, 100%, or the target's own words) scores w; 部分达成… and 未达成…
  must carry a written score within their band (80–100 %, 50–80 %, 0–50 % of w by default).
* F7 执行率 = 全年执行数 / 全年预算数; its score = 10 × 执行率 (projects); the department table of seed
  001 fits 10 × min(1, 执行率 / 90 %), kept as the parameter ``department_execution_target``.
* F8 总分 = 执行率得分 + Σ 资金管理得分 + Σ 指标得分.

Parameters differ by layout family (Henan: 10 + 资金管理 20 + indicators 70; national 财预〔2020〕10号:
10 + 产出 50 + 效益 30 + 满意度 10) and live in the layout files under ``templates/layouts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from .model.values import Direction, IndicatorValue

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

MET_WORDS = ("达成年度指标", "达成预期指标", "达成预期目标", "已达成", "达成", "完成", "已完成", "全部完成", "按期完成",
             "如期完成", "完成目标", "达到", "已达到", "达到预期", "达到预期目标", "达标", "已达标", "是", "符合", "合格", "100%")
PARTIAL = "部分达成年度指标并具有一定效果"
NOT_MET = "未达成年度指标且效果较差"


def q2(value: Decimal) -> Decimal:
    """Round half-up to 2 places (Python's round() would give 13.12 for 13.125)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ScoringRules:
    """Per-layout parameters of the self-evaluation tables."""

    execution_weight: Decimal = Decimal(10)
    management_weight: Decimal | None = Decimal(20)  # None: the layout has no 资金管理 block
    indicator_weights: dict[str, Decimal] = field(default_factory=dict)  # 一级 (or "*" for all) → Σ 分值
    qualitative_bands: tuple[Decimal, Decimal] = (Decimal(80), Decimal(50))  # % of w: 达成 ≥ 80, 部分 ≥ 50
    department_execution_target: Decimal | None = Decimal("0.9")  # None: 10 × 执行率 as for projects
    overshoot_ratio: Decimal = Decimal("1.3")  # actual ≥ 130 % of target needs an explanation (Guangxi)
    weights_advisory: bool = False  # the block split is a 原则上 rule: a different split is a warning (P015)
    overshoot_penalty: Decimal | None = None  # points off an indicator whose actual is ≥ overshoot_ratio × target (指标偏离)
    caps: tuple[tuple[Decimal, Decimal], ...] = ()  # (执行率 below, as a fraction; highest 总分), e.g. (0.8, 89)


@dataclass(frozen=True)
class IndicatorScore:
    """What the rule gives for one indicator (None where it cannot be computed)."""

    score: Decimal | None
    deviation: Decimal | None
    met: bool | None
    reason: str = ""  # why it could not be computed: "units", "no-actual", "qualitative-band", "unparsed"
    band: tuple[Decimal, Decimal] | None = None  # for a qualitative result: the allowed score range


def execution_rate(executed: Decimal | None, adjusted: Decimal | None) -> Decimal | None:
    """执行率 as a fraction (not rounded); None when there is no budget to divide by."""
    if executed is None or adjusted is None or adjusted == 0:
        return None
    return executed / adjusted


def execution_score(rate: Decimal | None, weight: Decimal, target: Decimal | None = None) -> Decimal | None:
    """执行率得分: weight × rate (capped at the weight), or weight × min(1, rate / target)."""
    if rate is None:
        return None
    ratio = rate if target is None else rate / target
    return q2(weight * min(Decimal(1), ratio))


def _same_unit(target: IndicatorValue, actual: IndicatorValue) -> bool:
    return not actual.unit or not target.unit or actual.unit == target.unit


def _qualitative(target: IndicatorValue, actual: IndicatorValue, weight: Decimal, rules: ScoringRules) -> IndicatorScore:
    text = actual.text.strip()
    high, low = rules.qualitative_bands
    if text.startswith(PARTIAL[:4]) or text.startswith("部分"):
        return IndicatorScore(None, None, False, "qualitative-band", (q2(weight * low / HUNDRED), q2(weight * high / HUNDRED)))
    if text.startswith("未达成") or text.startswith("未完成"):
        return IndicatorScore(None, None, False, "qualitative-band", (Decimal(0), q2(weight * low / HUNDRED)))
    deadline = _deadline_met(target.text, text)
    if deadline is True:
        return IndicatorScore(q2(weight), Decimal("0.00"), True)
    if deadline is False:
        return IndicatorScore(None, None, False, "qualitative-band", (Decimal(0), q2(weight)))
    met = "".join(text.split()) in MET_WORDS or _bare(text) == _bare(target.text) or (actual.number is not None and actual.number >= 100 and actual.unit == "%")
    if met:
        return IndicatorScore(q2(weight), Decimal("0.00"), True)
    return IndicatorScore(None, None, None, "qualitative-band", (Decimal(0), q2(weight)))


_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)[0-9]{2})\s*(?:年|[./-](?=\s*[0-9])))?\s*(?:(?P<m>[0-9]{1,2})\s*(?:月|(?=[./-]?\s*[0-9]{1,2}\s*[日号]))"
    r"(?:\s*[./-]?\s*(?P<d>[0-9]{1,2})\s*[日号]?)?\s*(?P<part>底|末|初|上旬|中旬|下旬)?)?")
_DEADLINE_WORDS = re.compile(r"前|以前|之前|底|末|不晚于|截止|截至|≤|<|内完成|完成")
_PART_DAY = {"初": 1, "上旬": 10, "中旬": 20, "下旬": 31, "底": 31, "末": 31}


def _date_of(text: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) of the first date in a text (2023年12月, 9月前, 2023.10, 12月31日); None without one."""
    for m in _DATE.finditer(text.translate(_DIGITS)):
        year, month = m.group("y"), m.group("m")
        if not (year or month):
            continue
        day = m.group("d") or (_PART_DAY[m.group("part")] if m.group("part") else None)
        return (int(year) if year else None, int(month) if month else None, int(day) if day else None)
    return None


_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


def _deadline_met(target: str, actual: str) -> bool | None:
    """A deadline target (9月前, 2023年12月, 不晚于2023年12月31日) against the date achieved (7月, 2023年10月):
    met when the actual date is not later, compared as finely as both are written (a year only where both
    give one); None when either is not a date."""
    goal, done = _date_of(target), _date_of(actual)
    if goal is None or done is None:
        return None
    if not (_DEADLINE_WORDS.search(target) or re.fullmatch(r"\s*=?\s*[0-9０-９年月日号./\-\s]+", target)):
        return None
    pairs = [(g, d) for g, d in zip(goal, done) if g is not None and d is not None]
    if not pairs or (goal[1] is not None and done[1] is None):
        return None
    return tuple(d for _, d in pairs) <= tuple(g for g, _ in pairs)


def _bare(text: str) -> str:
    """A value without its operator and spaces: “=2021 年” and “2021年” are the same result."""
    return "".join(text.split()).lstrip("≥≤=<>＞＜＝")


def _against(op: str, t: Decimal, a: Decimal, weight: Decimal) -> tuple[Decimal, Decimal, bool]:
    """(score, 偏差度, met) of actual a against one bound."""
    if op in ("≥", ">", "="):
        if t == 0:
            met = a >= 0 if op != "=" else a <= 0
            return (weight if met else Decimal(0)), Decimal(0), met
        if a >= t:
            return weight, Decimal(0), True
        return weight * a / t, (a - t) / t * HUNDRED, False
    # ≤ / <
    if a <= t:
        return weight, Decimal(0), True
    if t == 0:
        return Decimal(0), Decimal(0), False
    deviation = (a - t) / t * HUNDRED
    return weight * max(Decimal(0), 1 - (a - t) / t), deviation, False


def score_indicator(target: IndicatorValue, actual: IndicatorValue, weight: Decimal | None,
                    rules: ScoringRules = ScoringRules()) -> IndicatorScore:
    """The rule's 得分 and 偏差度 for one indicator."""
    if weight is None:
        return IndicatorScore(None, None, None, "no-weight")
    if actual.empty:
        return IndicatorScore(None, None, None, "no-actual")
    if not target.quantitative:
        return _qualitative(target, actual, weight, rules)
    if not actual.quantitative:
        # a quantitative target met in words (“100%” is quantitative; “达成年度指标” is not)
        return _qualitative(target, actual, weight, rules)
    if not _same_unit(target, actual):
        return IndicatorScore(None, None, None, "units")
    a = actual.bounds[0].number if len(actual.bounds) == 1 else actual.bounds[-1].number
    if target.direction is Direction.RANGE or len(target.bounds) == 2:
        low = next((b for b in target.bounds if b.op in ("≥", ">")), None)
        high = next((b for b in target.bounds if b.op in ("≤", "<")), None)
        if low is not None and a < low.number:
            score, deviation, met = _against("≥", low.number, a, weight)
        elif high is not None and a > high.number:
            score, deviation, met = _against("≤", high.number, a, weight)
        else:
            score, deviation, met = weight, Decimal(0), True
    else:
        bound = target.bounds[0]
        op = bound.op
        if target.change and not target.operator_written:
            op = "≥"
        score, deviation, met = _against(op, bound.number, a, weight)
    return IndicatorScore(q2(max(Decimal(0), min(weight, score))), q2(deviation), met)


def overshoot(target: IndicatorValue, actual: IndicatorValue, rules: ScoringRules = ScoringRules()) -> bool:
    """The actual is at least 130 % of a positive ≥ / = target (an over-achievement to explain)."""
    if len(target.bounds) != 1 or not actual.quantitative or not _same_unit(target, actual):
        return False
    bound = target.bounds[0]
    if bound.op not in ("≥", ">", "=") or bound.number <= 0:
        return False
    return actual.bounds[0].number >= bound.number * rules.overshoot_ratio


@dataclass(frozen=True)
class ScoredIndicator:
    """One weighted indicator's score: the rule's result and the score that counts."""
    path: tuple  # ("indicators", 一级, 二级, index)
    level1: str
    computed: IndicatorScore
    score: Decimal | None  # the score that counts: the author's where written, else the rule's


@dataclass(frozen=True)
class EvaluationResult:
    """The whole self-evaluation arithmetic of one spec."""

    execution_rate: Decimal | None
    execution_score: Decimal | None
    management_score: Decimal
    indicators: tuple[ScoredIndicator, ...]
    total: Decimal | None  # None when some score is unknown
    parts: Decimal | None = None  # the sum of the parts, where a cap made the 总分 lower
    cap: tuple[Decimal, Decimal] | None = None  # the (执行率 below, highest 总分) rule that applied

    @property
    def indicator_score(self) -> Decimal:
        return sum((i.score for i in self.indicators if i.score is not None), Decimal(0))


def evaluate(spec, rules: ScoringRules, use_written: bool = True) -> EvaluationResult:
    """Execution rate and score, management and indicator scores, and the 总分 of a spec.

    With ``use_written`` the author's own 得分 count where given (the published 总分 is their sum);
    without it, every indicator score comes from the rule alone.
    """
    from .model.spec import Department, iter_indicators

    ev = spec.evaluation
    budget = ev.budget if ev is not None else None
    line = budget.total if budget is not None else None
    rate = execution_rate(line.executed, line.adjusted) if line is not None else None
    target = rules.department_execution_target if isinstance(spec, Department) else None
    exec_score = execution_score(rate, rules.execution_weight, target)
    written_exec = getattr(ev, "execution_score", None) if ev is not None else None
    if written_exec is not None and use_written:
        exec_score = written_exec  # the published 执行率得分 (checked against the rule: P014)
    management = getattr(ev, "management", None) or {}
    management_score = sum((m.score for m in management.values() if m.score is not None), Decimal(0))
    scored = []
    unknown = exec_score is None
    for l1, l2, i, ind in iter_indicators(spec.indicators):
        if ind.weight is None:
            continue
        computed = score_indicator(ind.target_value, ind.actual_value, ind.weight, rules)
        if rules.overshoot_penalty is not None and computed.score is not None and overshoot(ind.target_value, ind.actual_value, rules):
            # 指标偏离: an actual far above its target shows a target set too low (一体化 platforms)
            computed = replace(computed, score=max(Decimal(0), computed.score - rules.overshoot_penalty))
        score = ind.score if ind.score is not None and use_written else computed.score
        unknown |= score is None
        scored.append(ScoredIndicator(("indicators", l1, l2, i), l1, computed, score))
    unknown |= not scored  # no scored indicator (none given, or withheld): no 总分 to print
    partial = (exec_score or Decimal(0)) + management_score + sum((s.score for s in scored if s.score is not None), Decimal(0))
    total = None if unknown else q2(partial)
    cap = min((c for c in rules.caps if rate is not None and rate < c[0]), key=lambda c: c[1], default=None)
    if total is not None and cap is not None and total > cap[1]:
        return EvaluationResult(rate, exec_score, management_score, tuple(scored), q2(cap[1]), total, cap)
    return EvaluationResult(rate, exec_score, management_score, tuple(scored), total)


def percent_text(rate: Decimal | None) -> str:
    """执行率 as the tables print it: 42.71%."""
    return "" if rate is None else f"{q2(rate * HUNDRED)}%"
