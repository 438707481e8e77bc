"""Field types of the spec model: money, numbers, dates and texts, read from the author's strings.

The loader keeps every scalar as the author's text, so these types decide what a value means.
They raise ``PydanticCustomError`` with a ``dg_*`` type that the model layer turns into a
diagnostic code (S005 amount, S006 date, S011 year).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def to_decimal(value: Any) -> Decimal:
    """An exact decimal from the author's text: ``510.86``, ``64,230.00``, ``-3``.

    Units, percent signs and exponent forms are refused with a message saying how to write it.
    """
    if isinstance(value, bool):
        raise PydanticCustomError("dg_number", "not a number")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):  # only from Python callers; YAML input is always text here
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise PydanticCustomError("dg_number", "not a number")
    text = value.strip().translate(_FULLWIDTH).replace(" ", "")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        unit = re.sub(r"^[+-]?[\d.,]+", "", text)
        # a unit the author added (万元, %, 分); not the rest of 1e3, 0x10 or 1_000
        if unit and re.match(r"^[+-]?[\d.,]+", text) and not re.search(r"[\d_]", unit) and not re.match(r"^[a-zA-Z]", unit):
            raise PydanticCustomError("dg_number_unit", "number with a unit", {"unit": unit})
        raise PydanticCustomError("dg_number", "not a number")
    if len(text.lstrip("+-").split(".")[0]) > MAX_INTEGER_DIGITS:
        raise PydanticCustomError("dg_number_large", "number too large")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise PydanticCustomError("dg_number", "not a number") from None


MAX_INTEGER_DIGITS = 15  # 10^15 万元 is far beyond any budget; longer numbers are typing accidents


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    return to_decimal(value)


def _year(value: Any) -> int:
    if value is None:
        raise PydanticCustomError("dg_empty", "empty")
    text = str(value).strip().removesuffix("年度").removesuffix("年")
    if not re.fullmatch(r"\d{4}", text) or not 1990 <= int(text) <= 2100:
        raise PydanticCustomError("dg_year", "not a year")
    return int(text)


_DATE_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace(" ", "")
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise PydanticCustomError("dg_date", "not a date")


class Month(str):
    """A month of a period as the table writes it (2023.07, 2023年7月, 2023-07): printed as written,
    compared by year and month."""

    year: int
    month: int

    def __new__(cls, text: str, year: int, month: int) -> Month:
        """The month ``year``-``month`` written ``text``."""
        obj = super().__new__(cls, text)
        obj.year, obj.month = year, month
        return obj

    def isoformat(self) -> str:
        """2023-07, whatever the writing."""
        return f"{self.year:04d}-{self.month:02d}"


_PERIOD_MONTH = re.compile(r"^((?:19|20)\d{2})(?:[.\-/](\d{1,2})|年(\d{1,2})月)$")


def month_of(text: str) -> Month | None:
    """``text`` as a month (2023.07, 2023.7, 2023-07, 2023/07, 2023年7月); None when it is not one,
    or its month is not 1–12."""
    text = text.strip().translate(_FULLWIDTH).replace(" ", "")
    m = _PERIOD_MONTH.match(text)
    if not m:
        return None
    month = int(m[2] or m[3])
    return Month(text, int(m[1]), month) if 1 <= month <= 12 else None


def _period_date(value: Any) -> dt.date | Month | None:
    """A start or end of a 项目期: a date (2020-01-01), or a month as written (2023.07, 2023年7月)."""
    if value is None:
        return None
    if isinstance(value, (dt.date, Month)):
        return value
    month = month_of(str(value))
    if month is not None:
        return month
    try:
        return _date(value)
    except PydanticCustomError:
        raise PydanticCustomError("dg_period_date", "not a date or a month") from None


def period_key(value: dt.date | Month, end: bool = False) -> tuple[int, int, int]:
    """(year, month, day) for ordering; a month counts as its first day (start) or its last (end)."""
    if isinstance(value, Month):
        return value.year, value.month, 31 if end else 1
    return value.year, value.month, value.day


_MONTH_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$"),
    re.compile(r"^(\d{4})/(\d{1,2})(?:/(\d{1,2}))?$"),
    re.compile(r"^(\d{4})\.(\d{1,2})(?:\.(\d{1,2}))?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$"),
]


def _year_month(value: Any) -> str | None:
    """The self-evaluation date line: ``2024-04`` (also 2024年04月, 2024/4, 2024-04-15)."""
    if value is None:
        return None
    text = str(value).strip().replace(" ", "")
    for form in _MONTH_FORMS:
        m = form.match(text)
        if m and 1 <= int(m[2]) <= 12:
            if m[3]:
                try:
                    dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    break
                return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
            return f"{int(m[1]):04d}-{int(m[2]):02d}"
    raise PydanticCustomError("dg_year_month", "not a year and month")


def _text(value: Any) -> Any:
    # Scalars arrive as text already; numbers from Python callers are accepted as their text.
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


_decimal_schema = WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[+-]?[\d,]*\.?\d+\s*$"}]})

Money = Annotated[Decimal, BeforeValidator(_money), _decimal_schema, PlainSerializer(lambda d: format(d, "f"), return_type=str)]
"""An amount in 万元, exact."""

Number = Money
"""A weight, score or deviation, exact."""


def _percent(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip().removesuffix("%").removesuffix("％")
    return to_decimal(value)


_percent_schema = WithJsonSchema(
    {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[+-]?[\d,]*\.?\d+\s*[%％]?\s*$"}]}
)

Percent = Annotated[Decimal, BeforeValidator(_percent), _percent_schema, PlainSerializer(lambda d: format(d, "f"), return_type=str)]
"""A percentage as printed (97.80% or 97.80): the number of per cent, exact."""

Year = Annotated[int, BeforeValidator(_year), WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1990, "maximum": 2100}, {"type": "string", "pattern": r"^\d{4}$"}]})]

Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "description": "YYYY-MM-DD"})]

PeriodDate = Annotated[dt.date | Month, PlainValidator(_period_date),
                       WithJsonSchema({"type": "string", "description": "YYYY-MM-DD，或年月 2023.07 / 2023年7月"})]
"""The start or end of a 项目期: a date, or a month kept as written."""

YearMonth = Annotated[str, BeforeValidator(_year_month), WithJsonSchema({"type": "string", "description": "YYYY-MM"})]

Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}]})]
"""Free text as the author wrote it."""

ValueText = Annotated[str, BeforeValidator(_text), WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}]})]
"""An indicator value (指标值) as written: parsed by docgen.model.values."""

def _nonempty(value: Any) -> Any:
    value = _text(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("dg_empty", "empty")
    return value.strip() if isinstance(value, str) else value


NonEmptyText = Annotated[str, BeforeValidator(_nonempty), WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]})]


TABLE_NUMBER_MAX = 40
"""A table number (表号) longer than this is a paragraph pasted into the wrong field."""


def _table_number(value: Any) -> Any:
    """A table number as the table prints it: one line, e.g. 部门公开表10-1 (checked, not parsed)."""
    value = _text(value)
    if value is None:
        return None
    if not isinstance(value, str):
        return value  # a list or mapping: the model reports the wrong kind of value
    text = value.strip()
    if not text:
        raise PydanticCustomError("dg_empty", "empty")
    if "\n" in text or len(text) > TABLE_NUMBER_MAX or re.search(r"[{}]", text):
        raise PydanticCustomError("dg_table_number", "not a table number")
    return text


TableNumber = Annotated[str, BeforeValidator(_table_number), WithJsonSchema({"type": "string", "maxLength": TABLE_NUMBER_MAX})]
"""表号: the number a disclosure prints with its table (部门公开表9, 部门公开表10-1)."""


def _table_number_pattern(value: Any) -> Any:
    """The projects' table numbers of a package: a table number with ``{n}`` (the project's place
    in the package, from 1) where the numbers differ: 部门公开表10-{n}."""
    value = _text(value)
    if value is None or not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        raise PydanticCustomError("dg_empty", "empty")
    rest = text.replace("{n}", "")
    if "{n}" not in text or "\n" in text or len(rest) > TABLE_NUMBER_MAX or re.search(r"[{}]", rest):
        raise PydanticCustomError("dg_table_number_pattern", "not a table number pattern")
    return text


TableNumberPattern = Annotated[str, BeforeValidator(_table_number_pattern), WithJsonSchema({"type": "string", "pattern": r"\{n\}"})]
"""The table numbers of a package's projects, ``{n}`` standing for each project's place: 部门公开表10-{n}."""
