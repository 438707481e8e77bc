"""Tests for docgen.model.values: parsing indicator values (指标值)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.model.values import (
    Bound,
    Direction,
    HebeiParts,
    IndicatorValue,
    normalise_unit,
    parse_value,
)

H, L, E, R, Q = (
    Direction.HIGHER,
    Direction.LOWER,
    Direction.EQUAL,
    Direction.RANGE,
    Direction.QUALITATIVE,
)


def case(
    text: str,
    bounds: list[tuple[str, str]],
    unit: str,
    direction: Direction,
    written: bool,
    *,
    change: str | None = None,
    word: str | None = None,
    hebei: tuple[str, str, str] | None = None,
    parsed: bool = True,
):
    """One row of the table: the expected reading of ``text``."""
    expected = dict(
        bounds=tuple(Bound(op, Decimal(n)) for op, n in bounds),
        unit=unit,
        direction=direction,
        operator_written=written,
        change=change,
        word=word,
        hebei=HebeiParts(*hebei) if hebei else None,
        parsed=parsed,
    )
    return pytest.param(text, expected, id=text)


CASES = [
    # --- SPEC.md §4 literals -------------------------------------------------------------
    case("≥90%", [("≥", "90")], "%", H, True),
    case(">=90%", [("≥", "90")], "%", H, True),
    case("≥ 90 %", [("≥", "90")], "%", H, True),
    case("=10.82 万元", [("=", "10.82")], "万元", E, True),
    case("≤5000 人次", [("≤", "5000")], "人次", L, True),
    case(">70%", [(">", "70")], "%", H, True),
    case("小于3%", [("<", "3")], "%", L, True),
    case("低于20%", [("<", "20")], "%", L, True),
    case("不低于95%", [("≥", "95")], "%", H, True),
    case("600-700", [("≥", "600"), ("≤", "700")], "", R, True),
    case("≤100%，>97%", [(">", "97"), ("≤", "100")], "%", R, True),
    case("下降≤4%", [("≤", "4")], "%", L, True, change="下降"),
    case("减少30%", [("≥", "30")], "%", H, True, change="减少"),
    case("缩短70%", [("≥", "70")], "%", H, True, change="缩短"),
    case("提高40%", [("≥", "40")], "%", H, True, change="提高"),
    case("增加1.5亿元", [("≥", "1.5")], "亿元", H, True, change="增加"),
    case("881个", [("=", "881")], "个", E, False),
    case("≥8万人(次)", [("≥", "8")], "万人(次)", H, True),
    case("510.86万元/12个月", [("=", "510.86")], "万元/12个月", E, False),
    case("226元/月/户", [("=", "226")], "元/月/户", E, False),
    case("2020年3月底完成", [], "", Q, False, word="2020年3月底完成"),
    case("24小时内", [("≤", "24")], "小时", L, True),
    case("及时", [], "", Q, False, word="及时"),
    case("有效", [], "", Q, False, word="有效"),
    case("得到提升", [], "", Q, False, word="得到提升", change="提升"),
    case("显著提高", [], "", Q, False, word="显著提高", change="提高"),
    case(
        "符号>=值100单位起", [("≥", "100")], "起", H, True, hebei=(">=", "100", "起")
    ),
    case(
        "符号文字描述值0单位长期", [], "", Q, False, word="长期", hebei=("文字描述", "0", "长期")
    ),
    # --- plain operators and full-width / variant signs ----------------------------------
    case("<10%", [("<", "10")], "%", L, True),
    case("≤2582个", [("≤", "2582")], "个", L, True),
    case("＞70％", [(">", "70")], "%", H, True),
    case("＜10％", [("<", "10")], "%", L, True),
    case("＝100％", [("=", "100")], "%", E, True),
    case("≧95%", [("≥", "95")], "%", H, True),
    case("≦5%", [("≤", "5")], "%", L, True),
    case("═8个", [("=", "8")], "个", E, True),
    case("＞＝95％", [("≥", "95")], "%", H, True),
    case("＜＝5", [("≤", "5")], "", L, True),
    case("<=3小时", [("≤", "3")], "小时", L, True),
    case("=>80%", [("≥", "80")], "%", H, True),
    case("=<2%", [("≤", "2")], "%", L, True),
    case("≥９０．５％", [("≥", "90.5")], "%", H, True),
    case("≤ 0", [("≤", "0")], "", L, True),
    case("≥36500 枚", [("≥", "36500")], "枚", H, True),
    case("≥3.5万付", [("≥", "3.5")], "万付", H, True),
    # --- operator words and suffixes -----------------------------------------------------
    case("不高于5%", [("≤", "5")], "%", L, True),
    case("不超过10万元", [("≤", "10")], "万元", L, True),
    case("不大于2次", [("≤", "2")], "次", L, True),
    case("不少于100人", [("≥", "100")], "人", H, True),
    case("不小于1%", [("≥", "1")], "%", H, True),
    case("大于90%", [(">", "90")], "%", H, True),
    case("高于85%", [(">", "85")], "%", H, True),
    case("超过45天", [(">", "45")], "天", H, True),
    case("多于3家", [(">", "3")], "家", H, True),
    case("少于5起", [("<", "5")], "起", L, True),
    case("大于等于60%", [("≥", "60")], "%", H, True),
    case("达到95%", [("≥", "95")], "%", H, True),
    case("控制在0%以内", [("≤", "0")], "%", L, True),
    case("95%以上", [("≥", "95")], "%", H, True),
    case("5%以下", [("≤", "5")], "%", L, True),
    case("3天以内", [("≤", "3")], "天", L, True),
    case("24小时内完成", [("≤", "24")], "小时", L, True),
    case("≥95%以上", [("≥", "95")], "%", H, True),
    # --- ranges and compound bounds ------------------------------------------------------
    case("95-110", [("≥", "95"), ("≤", "110")], "", R, True),
    case("95%-110%", [("≥", "95"), ("≤", "110")], "%", R, True),
    case("600～700", [("≥", "600"), ("≤", "700")], "", R, True),
    case("600~700", [("≥", "600"), ("≤", "700")], "", R, True),
    case("600至700", [("≥", "600"), ("≤", "700")], "", R, True),
    case("600-700人", [("≥", "600"), ("≤", "700")], "人", R, True),
    case("-10%", [("=", "-10")], "%", E, False),
    case("-5.00%", [("=", "-5.00")], "%", E, False),
    case("≥-5%", [("≥", "-5")], "%", H, True),
    case("≤100%,>97%", [(">", "97"), ("≤", "100")], "%", R, True),
    case("≥ 0 , <5%", [("≥", "0"), ("<", "5")], "%", R, True),
    case("97%<x≤100%", [(">", "97"), ("≤", "100")], "%", R, True),
    case("100%≥x>97%", [(">", "97"), ("≤", "100")], "%", R, True),
    case("$\\leq 100\\%$, $>98\\%$", [(">", "98"), ("≤", "100")], "%", R, True),
    # --- change words --------------------------------------------------------------------
    case("下降20%", [("≥", "20")], "%", H, True, change="下降"),
    case("提高60%", [("≥", "60")], "%", H, True, change="提高"),
    case("同比下降5%", [("≥", "5")], "%", H, True, change="下降"),
    case("降低3%", [("≥", "3")], "%", H, True, change="降低"),
    case("下降≤5%", [("≤", "5")], "%", L, True, change="下降"),
    case("提高到95%", [("≥", "95")], "%", H, True, change="提高"),
    case("下降至5%", [("≤", "5")], "%", L, True, change="下降"),
    case("节约20万", [("≥", "20")], "万", H, True, change="节约"),
    case("上升", [], "", Q, False, word="上升", change="上升"),
    case("明显降低", [], "", Q, False, word="明显降低", change="降低"),
    case("同比提升", [], "", Q, False, word="同比提升", change="提升"),
    # --- plain numbers, units, separators ------------------------------------------------
    case("100%", [("=", "100")], "%", E, False),
    case("2100", [("=", "2100")], "", E, False),
    case("0", [("=", "0")], "", E, False),
    case("59853220元", [("=", "59853220")], "元", E, False),
    case("1.2万个", [("=", "1.2")], "万个", E, False),
    case("≥8万人（次）", [("≥", "8")], "万人(次)", H, True),
    case("每月12.45万", [("=", "12.45")], "万/月", E, False),
    case("每年149.4万", [("=", "149.4")], "万/年", E, False),
    case("300891.71m ²", [("=", "300891.71")], "m²", E, False),
    case("64,230.00", [("=", "64230.00")], "", E, False),
    case("≥1,000万元", [("≥", "1000")], "万元", H, True),
    case("100. 0 %", [("=", "100.0")], "%", E, False),
    case("-88.8 5", [("=", "-88.85")], "", E, False),
    case("０.00%", [("=", "0.00")], "%", E, False),
    case("0.0 %", [("=", "0.0")], "%", E, False),
    case("=24 小时", [("=", "24")], "小时", E, True),
    case("=12 月", [("=", "12")], "月", E, True),
    case("<p>100%</p>", [("=", "100")], "%", E, False),
    # --- dates and times -----------------------------------------------------------------
    case("2020年度", [], "", Q, False, word="2020年度"),
    case("不晚于2023年12月31日", [], "", Q, False, word="不晚于2023年12月31日"),
    case("不晚于 2023 年 12 月 31 日", [], "", Q, False, word="不晚于 2023 年 12 月 31 日"),
    case("长期", [], "", Q, False, word="长期"),
    case("一年一付", [], "", Q, False, word="一年一付"),
    case("十月前", [], "", Q, False, word="十月前"),
    case("10月前", [], "", Q, False, word="10月前"),
    case("12月31日", [], "", Q, False, word="12月31日"),
    case("2020-12-31", [], "", Q, False, word="2020-12-31"),
    case("=2020.7 月", [("=", "2020.7")], "月", E, True),
    case("≤2023.3 日期", [("≤", "2023.3")], "日期", L, True),
    # --- ranks ---------------------------------------------------------------------------
    case("第10名", [("=", "10")], "名", E, False),
    case("前10名", [("≤", "10")], "名", L, True),
    # --- qualitative words ---------------------------------------------------------------
    case("合理", [], "", Q, False, word="合理"),
    case("健全", [], "", Q, False, word="健全"),
    case("合规", [], "", Q, False, word="合规"),
    case("优", [], "", Q, False, word="优"),
    case("良好", [], "", Q, False, word="良好"),
    case("完成任务", [], "", Q, False, word="完成任务"),
    case("  及时 ", [], "", Q, False, word="及时"),
    case("—", [], "", Q, False, word="—"),
    case("100%符合标准", [("=", "100")], "%", E, False),
    case("100%符合国家标准", [("=", "100")], "%", E, False),
    case("≤10% (突发事件追加除外)", [("≤", "10")], "%", L, True),
    # --- Hebei triple --------------------------------------------------------------------
    case(
        "符号 >= 值 4.00 单位 个", [("≥", "4.00")], "个", H, True, hebei=(">=", "4.00", "个")
    ),
    case(
        "符号  =  值  1.00  单位  人", [("=", "1.00")], "人", E, True, hebei=("=", "1.00", "人")
    ),
    case(
        "符号>=\t值95.00\t单位%", [("≥", "95.00")], "%", H, True, hebei=(">=", "95.00", "%")
    ),
    case(
        "符号= 值281.00 单位人", [("=", "281.00")], "人", E, True, hebei=("=", "281.00", "人")
    ),
    case("符号<=值5单位 %", [("≤", "5")], "%", L, True, hebei=("<=", "5", "%")),
    case(
        "符号 >= 值 95.00 单位 百分比",
        [("≥", "95.00")],
        "%",
        H,
        True,
        hebei=(">=", "95.00", "百分比"),
    ),
    case("符号 >= 值 95.00 单位 ", [("≥", "95.00")], "", H, True, hebei=(">=", "95.00", "")),
    case(
        "符号>=值100.00辆单位百分比",
        [("≥", "100.00")],
        "%",
        H,
        True,
        hebei=(">=", "100.00辆", "百分比"),
    ),
    case(
        "符号 = 值 20.00 辆 单位 万元",
        [("=", "20.00")],
        "万元",
        E,
        True,
        hebei=("=", "20.00 辆", "万元"),
    ),
    case(
        "符号 = 值 100.00 辆 百分比",
        [("=", "100.00")],
        "%",
        E,
        True,
        hebei=("=", "100.00 辆", "百分比"),
    ),
    case(
        "符号文字描述值17.00单位及时",
        [],
        "",
        Q,
        False,
        word="及时",
        hebei=("文字描述", "17.00", "及时"),
    ),
    case(
        "符号 文字描述 值 200.00 单位 较上年下降",
        [],
        "",
        Q,
        False,
        word="较上年下降",
        change="下降",
        hebei=("文字描述", "200.00", "较上年下降"),
    ),
    case(
        "符号文字描述单位提高",
        [],
        "",
        Q,
        False,
        word="提高",
        change="提高",
        hebei=("文字描述", "", "提高"),
    ),
    case(
        "符号文字描述 值2 单位 每月10日",
        [],
        "",
        Q,
        False,
        word="每月10日",
        hebei=("文字描述", "2", "每月10日"),
    ),
    case(
        "符号?值100单位起", [], "", Q, False, word="符号?值100单位起",
        hebei=("?", "100", "起"), parsed=False,
    ),
    # --- LaTeX artefacts -----------------------------------------------------------------
    case("$\\geq 80\\%$", [("≥", "80")], "%", H, True),
    case("\\leq 3%", [("≤", "3")], "%", L, True),
    case("$= 4\\%$", [("=", "4")], "%", E, True),
    case("\\geq 5", [("≥", "5")], "", H, True),
    # --- not understood ------------------------------------------------------------------
    case("资金下达后6个月内", [], "", Q, False, word="资金下达后6个月内", parsed=False),
    case("1.2.3", [], "", Q, False, word="1.2.3", parsed=False),
    case("≥5%,≥6%", [], "", Q, False, word="≥5%,≥6%", parsed=False),
    case("1万-2亿元", [], "", Q, False, word="1万-2亿元", parsed=False),
    case("1、单警装备购置费", [], "", Q, False, word="1、单警装备购置费", parsed=False),
    case("110接处警满意度", [], "", Q, False, word="110接处警满意度", parsed=False),
    case("2500/2000", [], "", Q, False, word="2500/2000", parsed=False),
    case("清除90%", [], "", Q, False, word="清除90%", parsed=False),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: dict) -> None:
    value = parse_value(text)
    assert value.text == text
    actual = {key: getattr(value, key) for key in expected}
    assert actual == expected


def test_table_is_large() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n"])
def test_empty(raw: object) -> None:
    value = parse_value(raw)
    assert value.empty
    assert value.parsed
    assert value.bounds == ()
    assert not value.quantitative
    assert value.number is None and value.operator is None
    assert value.direction is Direction.QUALITATIVE
    assert value.text == ("" if raw is None else raw)


@pytest.mark.parametrize(
    ("raw", "text", "number"),
    [(100, "100", Decimal("100")), (Decimal("4.00"), "4.00", Decimal("4.00")), (0, "0", 0)],
)
def test_non_string_input(raw: object, text: str, number: Decimal) -> None:
    value = parse_value(raw)
    assert value.text == text
    assert value.number == number
    assert value.operator == "="
    assert not value.operator_written


def test_hostile_str_does_not_raise() -> None:
    class Hostile:
        def __str__(self) -> str:
            raise RuntimeError("no")

    value = parse_value(Hostile())
    assert isinstance(value, IndicatorValue)


def test_properties_single_and_range() -> None:
    single = parse_value("≥90%")
    assert single.quantitative and not single.empty
    assert single.number == Decimal("90")
    assert single.operator == "≥"
    ranged = parse_value("600-700")
    assert ranged.quantitative
    assert ranged.number is None and ranged.operator is None
    assert parse_value("及时").number is None


def test_values_are_frozen() -> None:
    value = parse_value("≥90%")
    with pytest.raises(AttributeError):
        value.unit = "个"  # type: ignore[misc]


def test_decimal_keeps_written_precision() -> None:
    # 4.00 is shown as 4.00 again when rendered; no float ever sneaks in.
    number = parse_value("符号 >= 值 4.00 单位 个").number
    assert isinstance(number, Decimal) and str(number) == "4.00"


@pytest.mark.parametrize(
    ("raw", "unit"),
    [("％", "%"), ("百分比", "%"), (" 万元 ", "万元"), ("m ²", "m²"), ("万人（次）", "万人(次)")],
)
def test_normalise_unit(raw: str, unit: str) -> None:
    assert normalise_unit(raw) == unit


# --- properties ----------------------------------------------------------------------------

ALPHABET = list("0123456789０１２３.．,，-~～%％ $\\{}()（）<>=≥≤＞＜＝≧≦\t") + [
    "万元",
    "万",
    "个",
    "人次",
    "下降",
    "提高",
    "减少",
    "同比",
    "不低于",
    "不超过",
    "以内",
    "以上",
    "内",
    "符号",
    "值",
    "单位",
    "文字描述",
    "百分比",
    "年",
    "月",
    "日",
    "第",
    "前",
    "每月",
    "geq",
    "leq",
    "x",
    "<p>",
]


def _check_invariants(text: str, value: IndicatorValue) -> None:
    assert isinstance(value, IndicatorValue)
    assert value.text == text
    assert len(value.bounds) in (0, 1, 2)
    for bound in value.bounds:
        assert isinstance(bound.number, Decimal)
        assert bound.op in ("≥", ">", "≤", "<", "=")
    assert (value.direction is Direction.RANGE) == (len(value.bounds) == 2)
    assert (value.direction is Direction.QUALITATIVE) == (not value.bounds)
    if value.direction is not Direction.QUALITATIVE:
        assert value.word is None


@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    _check_invariants(text, parse_value(text))


@given(st.lists(st.sampled_from(ALPHABET), max_size=14).map("".join))
def test_never_raises_on_value_like_text(text: str) -> None:
    _check_invariants(text, parse_value(text))


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.floats(),
        st.booleans(),
    )
)
def test_never_raises_on_other_types(raw: object) -> None:
    value = parse_value(raw)
    assert isinstance(value, IndicatorValue)
    assert value.text == ("" if raw is None else str(raw))


@given(st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False))
def test_percent_round_trip(n: Decimal) -> None:
    text = f"≥{n:f}%"
    value = parse_value(text)
    assert value.bounds == (Bound("≥", n),)
    assert value.unit == "%"
    assert value.direction is Direction.HIGHER
    assert value.operator_written


@given(
    st.decimals(min_value=0, max_value=10**6, places=2),
    st.sampled_from(["个", "万元", "人次", "起", "%"]),
    st.sampled_from([">=", "<=", "="]),
)
def test_hebei_round_trip(n: Decimal, unit: str, sign: str) -> None:
    value = parse_value(f"符号 {sign} 值 {n:f} 单位 {unit}")
    assert value.hebei == HebeiParts(sign, f"{n:f}", unit)
    assert value.number == n
    assert value.unit == unit
    assert value.operator == {">=": "≥", "<=": "≤", "=": "="}[sign]


# --- value forms of published tables from other provinces -------------------------------------------


def test_small_equals_sign_is_an_equals_sign() -> None:
    # 「﹦」 (U+FE66) as pasted from a Word table
    value = parse_value("﹦12380.9万元")
    assert value.parsed and value.operator == "=" and value.operator_written
    assert value.number == Decimal("12380.9") and value.unit == "万元"


@pytest.mark.parametrize("text", ["2023.07-2024.01", "2023.7至2024.1", "2023/07～2024/01"])
def test_a_span_of_months_is_a_period_not_a_number_range(text: str) -> None:
    value = parse_value(text)
    assert value.direction is Q and not value.bounds and value.parsed


def test_a_number_range_is_still_a_range() -> None:
    value = parse_value("600-700")
    assert value.direction is R and [b.number for b in value.bounds] == [Decimal(600), Decimal(700)]


@pytest.mark.parametrize("text", ["≥abc个", "≤ 个"])
def test_an_operator_without_a_number_is_not_a_number(text: str) -> None:
    assert not parse_value(text).quantitative
