"""Indicator values (指标值): parse what people write in the tables.

An indicator's ``target`` / ``actual`` is free text in the official tables: ``≥90%``,
``=10.82 万元``, ``下降≤4%``, ``600-700``, ``≤100%，>97%``, ``881个``, ``及时``, the Hebei triple
``符号>=值100单位起`` and many variants (full-width signs, LaTeX left over by OCR, thousands
separators, split numbers).  :func:`parse_value` turns any of these into an
:class:`IndicatorValue`: zero, one or two :class:`Bound` s, a unit, a :class:`Direction`, and the
qualitative word when there is no number.  It never raises: what it cannot understand is kept as
text with ``parsed=False`` so the validator can warn where a number is needed.

Decisions for the ambiguous forms (documented here because other modules rely on them):

* A number with no operator (``881个``, ``100%``) is ``= n`` with ``operator_written=False``.
* A change word with a number and no operator (``减少30%``, ``提高40%``) gives ``≥ n``, direction
  HIGHER: the number is the size of the wanted change.  The change word counts as an operator
  word, so ``operator_written`` is True.  With an explicit operator (``下降≤4%``) the operator wins.
  ``提高到95%`` / ``下降至5%`` name the level to reach: ``≥95`` / ``≤5``.
* Ranges (``600-700``) and compound bounds (``≤100%，>97%``) give two bounds ordered lower bound
  first, direction RANGE, ``operator_written=True``.  Two bounds must be one lower and one upper
  bound and must not carry two different units; otherwise the text is unparsed.
* ``以上`` / ``以下`` / ``以内`` / ``内`` include the number (as in Chinese legal usage): ``≥`` / ``≤``.
* A leading ``每月`` / ``每年`` / ``每人`` … becomes a per-unit suffix: ``每月12.45万`` is 12.45 ``万/月``.
* After ``%`` (or after a ``以内``-type suffix) a remark without digits is allowed and dropped from
  the parsed value (the text keeps it): ``100%符合标准`` is ``=100 %``,
  ``≤10% (突发事件追加除外)`` is ``≤10 %``.
* Calendar dates (``2020年3月底完成``, ``2020年度``, ``不晚于2023年12月31日``, ``12月31日``,
  ``10月前``) are qualitative with ``parsed=True``; ``=2020.7 月`` and ``≤2023.3 日期`` are numbers.
* ``第10名`` is ``=10 名`` (operator not written); ``前10名`` is ``≤10 名`` (LOWER).
* A unit is what follows the number up to a suffix or remark; it may not hold digits (except a
  period after a slash, 万元/12个月), operators or list punctuation, and is at most 5 characters
  not counting ``/()``.  Longer text after a number (``110接处警满意度``) is not a value:
  unparsed.
* Text with a number in a form not listed here (``资金下达后6个月内``, ``清除90%``) is kept as a
  qualitative word with ``parsed=False``; the validator warns where a number is needed.
* Hebei triple: ``hebei`` keeps the three slots as written; the number is the first number in
  the value slot, so a stray word there (``值100.00辆单位百分比``) is ignored for ``bounds`` but
  visible in ``hebei.value``.  A lost ``单位`` label (``值 100.00 辆 百分比``) makes the last token
  the unit.  ``文字描述`` is QUALITATIVE with the unit slot as ``word`` whatever the value slot
  holds; an empty sign is ``=`` not written; any other sign is unparsed.
* Empty text: no bounds, direction QUALITATIVE, ``word=None``, ``parsed=True``.
* Full-width ASCII (``＞＜＝％，０-９．（）``) is folded to half-width before parsing, so a unit
  written ``万人（次）`` comes out as ``万人(次)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

__all__ = [
    "Bound",
    "Direction",
    "HebeiParts",
    "IndicatorValue",
    "normalise_unit",
    "parse_value",
]


class Direction(str, Enum):
    """Which way an indicator value points."""

    HIGHER = "higher"  # ≥ / > / 不低于 / 提高N% …: more is better
    LOWER = "lower"  # ≤ / < / 低于 / 以内 / 下降≤4% …: less is better
    EQUAL = "equal"  # = or a bare number (881个)
    RANGE = "range"  # 600-700, ≤100%，>97% (two bounds)
    QUALITATIVE = "qualitative"  # 及时, 有效, 得到提升, 2020年3月底完成, 长期 …


@dataclass(frozen=True)
class Bound:
    """One comparison: ``op`` is always one of ``≥ > ≤ < =``."""

    op: str
    number: Decimal


@dataclass(frozen=True)
class HebeiParts:
    """The Hebei 「符号…值…单位…」 triple: raw text of each slot, stripped.

    Inner runs of whitespace are collapsed to one space.  When the extraction lost the ``单位``
    label (``符号 = 值 100.00 辆 百分比``) the last token of the value slot is taken as the unit.
    """

    sign: str  # ">=", "<=", "=", "文字描述" …
    value: str  # "100", "4.00", "0", or the broken "100.00辆"
    unit: str  # "起", "%", "长期" …


@dataclass(frozen=True)
class IndicatorValue:
    """A parsed indicator value.  ``text`` is the original string, never altered."""

    text: str
    bounds: tuple[Bound, ...]
    unit: str
    direction: Direction
    operator_written: bool
    change: str | None
    word: str | None
    hebei: HebeiParts | None
    parsed: bool

    @property
    def empty(self) -> bool:
        """Nothing was written."""
        return self.text.strip() == ""

    @property
    def quantitative(self) -> bool:
        """The value has at least one numeric bound."""
        return bool(self.bounds)

    @property
    def number(self) -> Decimal | None:
        """The number of a single bound; None for ranges and qualitative values."""
        return self.bounds[0].number if len(self.bounds) == 1 else None

    @property
    def operator(self) -> str | None:
        """The operator of a single bound; None for ranges and qualitative values."""
        return self.bounds[0].op if len(self.bounds) == 1 else None


# --------------------------------------------------------------------------------------------
# Vocabulary

_LOWER_OPS = ("≥", ">")
_UPPER_OPS = ("≤", "<")

# Operator words -> (canonical operator, whether it counts as a written operator).
# The regex alternation is built longest first so 大于等于 wins over 大于.
_OP_WORDS: dict[str, tuple[str, bool]] = {
    "≥": ("≥", True),
    ">": (">", True),
    "≤": ("≤", True),
    "<": ("<", True),
    "=": ("=", True),
    "大于或等于": ("≥", True),
    "大于等于": ("≥", True),
    "不低于": ("≥", True),
    "不少于": ("≥", True),
    "不小于": ("≥", True),
    "至少": ("≥", True),
    "达到": ("≥", True),
    "达": ("≥", True),
    "小于或等于": ("≤", True),
    "小于等于": ("≤", True),
    "不高于": ("≤", True),
    "不超过": ("≤", True),
    "不大于": ("≤", True),
    "不多于": ("≤", True),
    "至多": ("≤", True),
    "最多": ("≤", True),
    "控制在": ("≤", True),
    "前": ("≤", True),  # 前10名: rank 10 or better
    "大于": (">", True),
    "高于": (">", True),
    "超过": (">", True),
    "多于": (">", True),
    "小于": ("<", True),
    "低于": ("<", True),
    "少于": ("<", True),
    "等于": ("=", True),
    "第": ("=", False),  # 第10名: a rank, no comparison written
}

_DECREASE_WORDS = (
    "下降", "减少", "缩短", "降低", "减低", "减小", "压缩", "节约", "节省", "下调",
)
_INCREASE_WORDS = ("提高", "增加", "上升", "增长", "提升", "增强", "扩大", "上调")
_CHANGE_WORDS = _DECREASE_WORDS + _INCREASE_WORDS

# Comparison qualifiers that may precede a change word: 同比下降5%.
_QUALIFIERS = (
    "较上一年", "较上年度", "比上年度", "较上年", "比上年", "较去年", "比去年", "同比", "环比", "年均",
)

# Suffixes that carry the operator: 95%以上, 3天以内, 24小时内.  Inclusive, as in legal usage.
_SUFFIX_OPS = {
    "及以上": "≥", "以上": "≥", "及以下": "≤", "以下": "≤", "以内": "≤", "之内": "≤", "内": "≤",
}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest word first so 大于等于 wins over 大于."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"-?[0-9]+(?:\.[0-9]+)?"
_NUM_RE = re.compile(_NUM)
_SUFFIX_RE = re.compile(_alternation(_SUFFIX_OPS))
_CHANGE_RE = re.compile(_alternation(_CHANGE_WORDS))

_SIMPLE_RE = re.compile(
    rf"^(?:每(?P<per>[月年日天周人户次辆台])\s*)?"
    rf"(?:(?P<qual>{_alternation(_QUALIFIERS)})\s*)?"
    rf"(?:(?P<change>{_alternation(_CHANGE_WORDS)})\s*(?P<to>到|至)?\s*)?"
    rf"(?:(?P<op>{_alternation(_OP_WORDS)})\s*)?"
    rf"(?P<num>{_NUM})"
    rf"(?P<rest>.*)$"
)

# 600-700, 95%-110%, 600～700, 600至700, 在600-700之间.  The low number must start the text, so a
# negative single number (-10%) is never a range.
_RANGE_RE = re.compile(
    rf"^(?:在\s*)?(?P<lo>{_NUM})\s*(?P<u1>[^0-9<>≤≥=,;~\-至到—–]*?)\s*"
    rf"(?:-|~|至|到|—|–)\s*(?P<hi>{_NUM})\s*(?P<u2>[^0-9<>≤≥=,;~]*?)\s*(?:之间|间)?$"
)

# 97%<x≤100% and 100%≥x>97%.
_BETWEEN_RE = re.compile(
    rf"^(?P<a>{_NUM})\s*(?P<ua>%?)\s*(?P<op1>[<≤>≥])\s*(?:[A-Za-z]+|指标值|实际值|值)\s*"
    rf"(?P<op2>[<≤>≥])\s*(?P<b>{_NUM})\s*(?P<ub>[^0-9<>≤≥=,;]*)$"
)

_COMPOUND_SPLIT_RE = re.compile(r"\s*(?:[,;、]|并且|且)\s*")

# Calendar dates are qualitative targets (a deadline), not numbers to compare.
_DATE_RE = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}\s*年"  # 2020年度, 2020年3月底完成, 不晚于2023年12月31日
    r"|[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号]"  # 12月31日, 每月10日
    r"|[0-9]{1,2}\s*月\s*(?:底|前|初|末|上旬|中旬|下旬|份)"  # 10月前, 3月底
    r"|(?<![0-9])[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9])"  # 2020-01-01
    # a span of months: 2023.07-2024.01, 2023/7～2024/1 (a period, not the number range 2023.07 to 2024.01)
    r"|(?<![0-9.])(?:19|20)[0-9]{2}\s*[./]\s*(?:0?[1-9]|1[0-2])\s*(?:-|~|至|到|—|–)\s*(?:19|20)[0-9]{2}\s*[./]\s*(?:0?[1-9]|1[0-2])(?![0-9])"
)

# A unit must not contain these: they belong to an operator, a list ("1、单警装备购置费",
# "指标1:") or a second number.
_UNIT_FORBIDDEN_RE = re.compile(r"[0-9<>≤≥=,;~.%、:!?。\-]")
# Longer "units" are labels or sentences ("110接处警满意度"), not units.  Counted without the
# separators, so 万元/12个月 (4) and 万人(次)/年 (4) fit.
_MAX_UNIT_LEN = 5

# Character folding: full-width ASCII to half-width, and look-alike signs to the canonical ones.
_FOLD: dict[int, int | str] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",
        0x2267: "≥",  # ≧
        0x2266: "≤",  # ≦
        0x2A7E: "≥",  # ⩾
        0x2A7D: "≤",  # ⩽
        0x2550: "=",  # ═
        0xFE66: "=",  # ﹦ small equals sign
        0xFE65: ">",  # ﹥
        0xFE64: "<",  # ﹤
        0x301C: "~",  # 〜 wave dash
        0x2012: "-",  # figure dash
        0x2212: "-",  # minus sign
    }
)

# LaTeX commands left by OCR; the lookahead keeps \left, \leftarrow … from turning into ≤.
_LATEX_OPS = {
    "geqslant": "≥",
    "leqslant": "≤",
    "geq": "≥",
    "leq": "≤",
    "ge": "≥",
    "le": "≤",
    "gt": ">",
    "lt": "<",
}
_LATEX_RE = re.compile(r"\\(" + _alternation(_LATEX_OPS) + r")(?![A-Za-z])")
_TWO_CHAR_OPS = (
    (">=", "≥"),
    ("<=", "≤"),
    ("=>", "≥"),
    ("=<", "≤"),
    ("≥=", "≥"),
    ("≤=", "≤"),
    ("==", "="),
)


# --------------------------------------------------------------------------------------------
# Normalisation


def _fold(s: str) -> str:
    """Full-width and look-alike characters to the canonical half-width ones."""
    return s.translate(_FOLD)


def _normalise(s: str) -> str:
    """Canonical working form of a value: what the grammar below is written against."""
    s = _fold(s)
    # OCR turned some cells into LaTeX: $\geq 80\%$.
    s = re.sub(r"\\(?:text|mathrm|mbox)\s*\{([^{}]*)\}", r"\1", s)
    s = _LATEX_RE.sub(lambda m: _LATEX_OPS[m.group(1)], s)
    s = s.replace("\\%", "%").replace("$", "").replace("\\", " ")
    # HTML left in cells by the extraction (<p>…</p>); a tag starts with a letter, so <5% stays.
    s = re.sub(r"</?[A-Za-z][^<>]*>", " ", s)
    s = " ".join(s.split())
    for two, one in _TWO_CHAR_OPS:
        s = s.replace(two, one)
    s = re.sub(r"≥\s*=|≤\s*=", lambda m: m.group(0)[0], s)
    # Numbers split by a narrow column: "100. 0 %", "-88.8 5".
    s = re.sub(r"([0-9]\.[0-9]*) (?=[0-9]+(?![0-9.]))", r"\1", s)
    # Thousands separators: 64,230.00.
    s = re.sub(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))", "", s)
    return s


def normalise_unit(unit: str) -> str:
    """Normalise a unit: fold full-width, drop spaces, ``百分比`` and ``％`` become ``%``."""
    u = "".join(_fold(unit).split())
    return u.replace("百分比", "%")


def _plausible_unit(unit: str) -> bool:
    """True when ``unit`` (already normalised) can be a unit rather than leftover text."""
    if unit == "%":
        return True
    # Digits are allowed only as a period after a slash: 万元/12个月.
    core = re.sub(r"/[0-9]+(?:\.[0-9]+)?", "/", unit)
    if core.startswith("/") or _UNIT_FORBIDDEN_RE.search(core):
        return False
    return len(re.sub(r"[/()]", "", core)) <= _MAX_UNIT_LEN


def _has_digit(s: str) -> bool:
    return re.search(r"[0-9]", s) is not None


def _decimal(s: str) -> Decimal | None:
    try:
        return Decimal(s)
    except (InvalidOperation, ValueError):
        return None


# --------------------------------------------------------------------------------------------
# Grammar pieces.  Each returns a _Num or None ("not this form").


@dataclass(frozen=True)
class _Num:
    """Intermediate result of the numeric grammars."""

    bounds: tuple[Bound, ...]
    unit: str
    written: bool
    change: str | None = None


def _split_rest(rest: str) -> tuple[str, str | None] | None:
    """Split what follows the number into (unit, suffix operator); None if it is not a unit.

    ``%`` ends the unit; after it, or after a 以内-type suffix, a remark without digits or
    operators may follow (100%符合标准, 24小时内完成) and is dropped.
    """
    rest = rest.strip()
    if rest.startswith("%"):
        unit, tail = "%", rest[1:].strip()
        m = _SUFFIX_RE.match(tail)
    else:
        m = _SUFFIX_RE.search(rest)
        unit = normalise_unit(rest[: m.start()] if m else rest)
        tail = rest[m.end() :] if m else ""
        if not _plausible_unit(unit):
            return None
    suffix_op = _SUFFIX_OPS[m.group(0)] if m else None
    remark = tail[m.end() :] if (m and rest.startswith("%")) else tail
    if re.search(r"[0-9<>≤≥=]", remark):
        return None
    return unit, suffix_op


def _parse_simple(s: str) -> _Num | None:
    """One bound: [每X][同比][change word [到]][operator] number [unit][suffix][remark]."""
    m = _SIMPLE_RE.match(s)
    if not m:
        return None
    split = _split_rest(m.group("rest"))
    if split is None:
        return None
    unit, suffix_op = split
    number = _decimal(m.group("num"))
    if number is None:
        return None
    change = m.group("change")

    if m.group("op"):
        op, written = _OP_WORDS[m.group("op")]
    elif suffix_op:
        op, written = suffix_op, True
    elif change and m.group("to"):
        # 提高到95% / 下降至5%: the number is the level to reach.
        op, written = ("≤" if change in _DECREASE_WORDS else "≥"), True
    elif change:
        # 减少30%: the number is the size of the change, and more change is better.
        op, written = "≥", True
    else:
        op, written = "=", False

    if m.group("per"):
        unit = f"{unit}/{m.group('per')}"
    return _Num((Bound(op, number),), unit, written, change)


def _same_unit(u1: str, u2: str) -> str | None:
    """The common unit of two bounds (either may be missing); None if they conflict."""
    if u1 and u2 and u1 != u2:
        return None
    return u1 or u2


def _parse_range(s: str) -> _Num | None:
    """600-700, 95%-110%, 600～700, 600至700 → (≥low, ≤high)."""
    m = _RANGE_RE.match(s)
    if not m:
        return None
    u1, u2 = normalise_unit(m.group("u1")), normalise_unit(m.group("u2"))
    if not (_plausible_unit(u1) and _plausible_unit(u2)):
        return None
    unit = _same_unit(u1, u2)
    lo, hi = _decimal(m.group("lo")), _decimal(m.group("hi"))
    if unit is None or lo is None or hi is None:
        return None
    return _Num((Bound("≥", lo), Bound("≤", hi)), unit, True)


def _parse_between(s: str) -> _Num | None:
    """97%<x≤100% (or 100%≥x>97%) → (>97, ≤100)."""
    m = _BETWEEN_RE.match(s)
    if not m:
        return None
    op1, op2 = m.group("op1"), m.group("op2")
    ub = normalise_unit(m.group("ub"))
    unit = _same_unit(m.group("ua"), ub)
    a, b = _decimal(m.group("a")), _decimal(m.group("b"))
    if unit is None or a is None or b is None or not _plausible_unit(unit):
        return None
    flip = {"<": ">", "≤": "≥", ">": "<", "≥": "≤"}
    if op1 in _UPPER_OPS and op2 in _UPPER_OPS:  # a < x ≤ b
        return _Num((Bound(flip[op1], a), Bound(op2, b)), unit, True)
    if op1 in _LOWER_OPS and op2 in _LOWER_OPS:  # a ≥ x > b
        return _Num((Bound(op2, b), Bound(flip[op1], a)), unit, True)
    return None


def _parse_compound(s: str) -> _Num | None:
    """≤100%，>97% / ≥ 0 , <5%: one lower and one upper bound, lower bound first."""
    parts = _COMPOUND_SPLIT_RE.split(s)
    if len(parts) != 2:
        return None
    nums = [_parse_simple(p) for p in parts]
    if any(n is None or not n.written or n.change for n in nums):
        return None
    b1, b2 = nums[0].bounds[0], nums[1].bounds[0]  # type: ignore[union-attr]
    unit = _same_unit(nums[0].unit, nums[1].unit)  # type: ignore[union-attr]
    if unit is None:
        return None
    if b1.op in _LOWER_OPS and b2.op in _UPPER_OPS:
        return _Num((b1, b2), unit, True)
    if b1.op in _UPPER_OPS and b2.op in _LOWER_OPS:
        return _Num((b2, b1), unit, True)
    return None


# --------------------------------------------------------------------------------------------
# Hebei triple


def _hebei_slots(text: str) -> HebeiParts | None:
    """Cut 「符号…值…单位…」 into its three raw slots; None when ``text`` is not that form."""
    t = " ".join(text.split())
    if not t.startswith("符号"):
        return None
    body = t[2:]
    iv = body.find("值")
    iu = body.find("单位", iv + 1 if iv >= 0 else 0)
    if iv < 0 and iu < 0:
        return None
    sign = body[: iv if iv >= 0 else iu]
    value = body[iv + 1 : iu if iu >= 0 else len(body)] if iv >= 0 else ""
    if iu >= 0:
        unit = body[iu + 2 :]
    else:
        # The extraction lost the 单位 label ("值 100.00 辆 百分比"): the last token is the unit.
        value, unit = _split_unlabelled(value.strip())
    return HebeiParts(sign.strip(), value.strip(), unit.strip())


def _split_unlabelled(value: str) -> tuple[str, str]:
    m = re.match(r"([-0-9０-９.,．，]+)\s*(.*)$", value)
    if not m or not m.group(2):
        return value, ""
    tokens = m.group(2).split()
    if len(tokens) == 1:
        return m.group(1), tokens[0]
    return value[: value.rfind(tokens[-1])].strip(), tokens[-1]


def _parse_hebei(text: str, parts: HebeiParts) -> IndicatorValue:
    """Interpret the slots: a comparison, or 文字描述 with the word in the unit slot."""
    sign = _normalise(parts.sign).replace(" ", "")
    if sign in ("文字描述", "文字", "定性"):
        word = parts.unit or text.strip()
        return _qualitative(text, word, parsed=True, hebei=parts)
    if sign in ("≥", ">", "≤", "<", "="):
        op, written = sign, True
    elif sign == "":
        op, written = "=", False
    else:
        return _qualitative(text, text.strip(), parsed=False, hebei=parts)
    m = _NUM_RE.search(_normalise(parts.value))
    number = _decimal(m.group(0)) if m else None
    if number is None:
        return _qualitative(text, text.strip(), parsed=False, hebei=parts)
    num = _Num((Bound(op, number),), normalise_unit(parts.unit), written)
    return _numeric(text, num, hebei=parts)


# --------------------------------------------------------------------------------------------
# Assembly


def _direction(bounds: tuple[Bound, ...]) -> Direction:
    if len(bounds) == 2:
        return Direction.RANGE
    op = bounds[0].op
    if op in _LOWER_OPS:
        return Direction.HIGHER
    if op in _UPPER_OPS:
        return Direction.LOWER
    return Direction.EQUAL


def _numeric(text: str, num: _Num, hebei: HebeiParts | None = None) -> IndicatorValue:
    return IndicatorValue(
        text=text,
        bounds=num.bounds,
        unit=num.unit,
        direction=_direction(num.bounds),
        operator_written=num.written,
        change=num.change,
        word=None,
        hebei=hebei,
        parsed=True,
    )


def _change_word(s: str) -> str | None:
    """The first direction word in ``s`` (得到提升 → 提升), if any."""
    m = _CHANGE_RE.search(s)
    return m.group(0) if m else None


def _qualitative(
    text: str, word: str | None, *, parsed: bool, hebei: HebeiParts | None = None
) -> IndicatorValue:
    return IndicatorValue(
        text=text,
        bounds=(),
        unit="",
        direction=Direction.QUALITATIVE,
        operator_written=False,
        change=_change_word(word) if word else None,
        word=word,
        hebei=hebei,
        parsed=parsed,
    )


def _to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return str(value)
    except Exception:  # a hostile __str__ must not break validation
        return ""


def _parse(text: str) -> IndicatorValue:
    stripped = text.strip()
    if not stripped:
        return _qualitative(text, None, parsed=True)
    parts = _hebei_slots(text)
    if parts is not None:
        return _parse_hebei(text, parts)
    s = _normalise(text)
    if not _has_digit(s):
        return _qualitative(text, stripped, parsed=True)
    if _DATE_RE.search(s):
        return _qualitative(text, stripped, parsed=True)
    for grammar in (_parse_simple, _parse_range, _parse_between, _parse_compound):
        num = grammar(s)
        if num is not None:
            return _numeric(text, num)
    return _qualitative(text, stripped, parsed=False)


def parse_value(text: object) -> IndicatorValue:
    """Parse an indicator value as written in a table; never raises.

    ``text`` may be anything a YAML loader produces (str, int, Decimal, None …); non-strings are
    converted with ``str()`` and ``None`` is the empty string.  The result keeps that string
    unchanged in ``text``.  See the module docstring for how ambiguous forms are read.
    """
    raw = _to_text(text)
    try:
        return _parse(raw)
    except Exception:  # a parser bug must surface as "unparsed", never as a crash
        return _qualitative(raw, raw.strip() or None, parsed=not raw.strip())
