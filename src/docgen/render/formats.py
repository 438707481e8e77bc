"""Print formats of bound values: how an amount, a rate or a date looks in an official table.

A form names the format of each bound cell (``format: grouped``).  Each format turns a value into
the exact printed text and, for amounts, the exact Decimal behind it and its Excel number format
(a writer stores the number and shows it with that format, so the Excel cell reads as printed).

=============  ==========================================================================
``text``       as written; a list prints one item per line; a date as 2020-01-01
``amount``     an amount as the author wrote it (510.86, 6839.00, 2100)
``grouped``    thousands separators and the decimals the author wrote (14,320.60, 27,606.5)
``money1``     half-up to 1 decimal with separators, a zero left blank (27,606.5; the 预算 tables)
``money2``     half-up to 2 decimals with separators (64,230.00)
``disclosure`` as ``money2``, but a zero prints ``0`` (the 公开 tables), blank stays blank
``percent``    a fraction as a percentage with 2 decimals (0.4271 → 42.71%)
``date``       a date as 2020-01-01
``date_cn``    a year-month (or date) as 2024年04月(15日)
``checkboxes`` the options of the cell, the one the value names ticked (☑ / ☐)
``plain``      a text without the numbering a form adds itself (「(1)财政性资金」 → 「财政性资金」)
=============  ==========================================================================
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ..catalog.forms import NUMERIC_FORMATS

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
# a list item's own numbering: 1. 1、 (1) （1） ① 一、 （一） (一)
NUMBERING = re.compile(r"^\s*(\d+\s*[.、．]|[（(]\s*(\d+|[一二三四五六七八九十]+)\s*[)）]|[①-⑳]|[一二三四五六七八九十]+\s*[、.．])\s*")


def item_key(text: str | None) -> str:
    """An item's text for matching rows by name: full-width forms folded (NFKC), no spaces, no
    leading numbering (1. / (1) / ① / 一、 / （一）), no 「其中：」."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    key = NUMBERING.sub("", key)
    return re.sub(r"^其中[:：]?", "", key)
NUMERIC = NUMERIC_FORMATS


@dataclass(frozen=True)
class Printed:
    """A formatted value: its text and, for numbers, the Decimal and the Excel format."""

    text: str
    number: Decimal | None = None
    number_format: str | None = None


def to_decimal(value: Any) -> Decimal | None:
    """A value as a Decimal (a CSV amount arrives as text); None when it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _excel(places: int, grouped: bool = False) -> str:
    base = "#,##0" if grouped else "0"
    return base + ("." + "0" * places if places else "")


def text_of(value: Any) -> str:
    """The plain printed text of any value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "\n".join(text_of(v) for v in value if v is not None)
    return str(value)


def printed(value: Any, fmt: str, options: tuple[tuple[str, str], ...] = ()) -> Printed:
    """``value`` in format ``fmt``."""
    if fmt in NUMERIC:
        number = to_decimal(value)
        if number is None:
            return Printed(text_of(value) if isinstance(value, str) and value.strip() and fmt == "amount" else "")
        if fmt == "amount":
            return Printed(format(number, "f"), number, _excel(_places(number)))
        if fmt == "grouped":
            return Printed(format(number, ",f"), number, _excel(_places(number), grouped=True))
        if fmt == "money1":
            tenth = number.quantize(TENTH, rounding=ROUND_HALF_UP)
            return Printed("") if tenth == 0 else Printed(format(tenth, ",.1f"), tenth, "#,##0.0")
        rounded = number.quantize(CENT, rounding=ROUND_HALF_UP)
        if fmt == "disclosure" and rounded == 0:
            return Printed("0", Decimal(0), "0")
        return Printed(format(rounded, ",.2f"), rounded, "#,##0.00")
    if fmt == "percent":
        if isinstance(value, str):
            return Printed(value)
        number = to_decimal(value)
        if number is None:
            return Printed("")
        return Printed(f"{(number * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)}%")
    if fmt == "date":
        return Printed(value.isoformat() if isinstance(value, dt.date) else text_of(value))
    if fmt == "date_cn":
        return Printed(date_cn(value))
    if fmt == "checkboxes":
        return Printed(checkboxes(text_of(value), options))
    if fmt == "plain":
        return Printed(NUMBERING.sub("", text_of(value)))
    if fmt in ("value_sign", "value_number", "value_unit"):
        return Printed(value_part(text_of(value), fmt))
    return Printed(text_of(value))


def value_part(text: str, fmt: str) -> str:
    """One column of an indicator value printed in three (指标性质 / 指标值 / 度量单位, as exported tables
    do): ≥95% → 「≥」「95」「%」. A value that is not one number with its operator and unit (a range,
    下降≤4%, a text target) is printed whole in the 指标值 column; a number written without an
    operator has none in the 指标性质 column."""
    from ..model.values import parse_value

    value = parse_value(text)
    single = value.parsed and len(value.bounds) == 1 and not value.change
    if fmt == "value_sign":
        return value.bounds[0].op if single and value.operator_written else ""
    if fmt == "value_unit":
        return value.unit if single else ""
    return format(value.bounds[0].number, "f") if single else text.strip()


def date_cn(value: Any) -> str:
    """2024-04 → 2024年04月; 2024-04-15 → 2024年04月15日."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month:02d}月{value.day:02d}日"
    parts = str(value).split("-")
    if len(parts) < 2:
        return str(value)
    return f"{parts[0]}年{parts[1]}月" + (f"{parts[2]}日" if len(parts) > 2 else "")


def checkboxes(value: str, options: tuple[tuple[str, str], ...]) -> str:
    """「1.部门项目 ☑ 2.公共项目 ☐」: one choice, the last option whose keyword the value contains."""
    key = re.sub(r"\s+", "", value or "")
    chosen = None
    for i, (keyword, _) in enumerate(options):
        if keyword and keyword in key:
            chosen = i
    return " ".join(f"{label} {'☑' if i == chosen else '☐'}" for i, (_, label) in enumerate(options))
