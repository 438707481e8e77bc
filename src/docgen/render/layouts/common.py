"""Small builders the layouts share: cells by role, amounts as printed, indicator row groups."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from ...model.spec import Indicator, Indicators
from ..tree import Cell, Row

CENT = Decimal("0.01")


def label(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan, rowspan, role="label")


def header(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan, rowspan, role="header")


def section(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan, rowspan, role="section")


def value(text: object, colspan: int = 1, rowspan: int = 1, align: str | None = None) -> Cell:
    return Cell("" if text is None else str(text), colspan, rowspan, role="value", align=align)  # type: ignore[arg-type]


def centred(text: object, colspan: int = 1, rowspan: int = 1) -> Cell:
    return value(text, colspan, rowspan, align="center")


def amount_text(number: Decimal | None) -> str:
    """An amount as the author wrote it (510.86, 6839.00, 2100): the tables print it that way."""
    if number is None:
        return ""
    return format(number, "f")


def amount(number: Decimal | None, colspan: int = 1, rowspan: int = 1, fmt: str | None = None) -> Cell:
    """An amount cell: printed as written, stored in Excel as a number."""
    if number is None:
        return Cell("", colspan, rowspan, role="number")
    return Cell(amount_text(number), colspan, rowspan, role="number", number=number, number_format=fmt or _excel_format(number))


def grouped_amount(number: Decimal | None, colspan: int = 1, rowspan: int = 1) -> Cell:
    """An amount with thousands separators and the decimal places the author wrote (14,320.60, 695, 27,606.5)."""
    if number is None:
        return Cell("", colspan, rowspan, role="number")
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    fmt = "#,##0" + ("." + "0" * places if places else "")
    return Cell(format(number, ",f"), colspan, rowspan, role="number", number=number, number_format=fmt)


def money2(number: Decimal | None, colspan: int = 1, rowspan: int = 1) -> Cell:
    """An amount rounded half-up to 2 places with thousands separators (64,230.00), as 表9 prints them."""
    if number is None:
        return Cell("", colspan, rowspan, role="number")
    rounded = number.quantize(CENT, rounding=ROUND_HALF_UP)
    return Cell(format(rounded, ",.2f"), colspan, rowspan, role="number", number=rounded, number_format="#,##0.00")


def _excel_format(number: Decimal) -> str:
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0" if places == 0 else "0." + "0" * places


def row(*cells: Cell, header_row: bool = False) -> Row:
    return Row(tuple(cells), header=header_row)


@dataclass(frozen=True)
class IndicatorLine:
    """One 三级 row with where its 一级 and 二级 cells start and how far they span."""

    level1: str
    level2: str
    indicator: Indicator | None  # None: an empty 二级 printed as a blank row (fixed skeletons)
    level1_span: int  # > 0 on the first row of its 一级 block, else 0
    level2_span: int  # > 0 on the first row of its 二级 block, else 0


def indicator_lines(indicators: Indicators, skeleton: Iterable[tuple[str, Iterable[str]]] | None = None) -> list[IndicatorLine]:
    """The indicator tree as table rows, in the author's order.

    With ``skeleton`` (the scheme's 一级 → 二级 names), every 二级 of the skeleton is printed, with a
    blank row when the spec has no indicator there (as the Jiyuan tables do); groups the spec adds
    beyond the skeleton follow in the author's order.
    """
    groups: list[tuple[str, list[tuple[str, list[Indicator]]]]] = []
    if skeleton is None:
        for l1, l2s in indicators.items():
            groups.append((l1, [(l2, list(rows or [])) for l2, rows in (l2s or {}).items()]))
    else:
        from ...schemes.registry import norm_level

        used: set[tuple[str, str]] = set()
        for l1, l2names in skeleton:
            spec_l1 = next((k for k in indicators if norm_level(k) == norm_level(l1)), None)
            block = []
            for l2 in l2names:
                rows: list[Indicator] = []
                if spec_l1 is not None:
                    spec_l2 = next((k for k in indicators[spec_l1] if norm_level(k) == norm_level(l2)), None)
                    if spec_l2 is not None:
                        rows = list(indicators[spec_l1][spec_l2] or [])
                        used.add((spec_l1, spec_l2))
                block.append((l2, rows))
            if spec_l1 is not None:
                for k, rows in indicators[spec_l1].items():
                    if (spec_l1, k) not in used:
                        block.append((k, list(rows or [])))
                        used.add((spec_l1, k))
            groups.append((l1, block))
        for l1, l2s in indicators.items():
            extra = [(l2, list(rows or [])) for l2, rows in l2s.items() if (l1, l2) not in used]
            if extra:
                groups.append((l1, extra))
    lines: list[IndicatorLine] = []
    for l1, block in groups:
        block = [(l2, rows or [None]) for l2, rows in block] or [("", [None])]
        total = sum(len(rows) for _, rows in block)
        first1 = True
        for l2, rows in block:
            for i, ind in enumerate(rows):
                lines.append(IndicatorLine(l1, l2, ind, total if first1 else 0, len(rows) if i == 0 else 0))
                first1 = False
    return lines


def level_cells(line: IndicatorLine) -> list[Cell]:
    """The 一级 and 二级 cells that start on this row (each spans its block's rows)."""
    cells = []
    if line.level1_span:
        cells.append(label(line.level1, rowspan=line.level1_span))
    if line.level2_span:
        cells.append(label(line.level2, rowspan=line.level2_span))
    return cells


def annual_goal_text(goals) -> str:
    """年度目标 as printed: the text, or the numbered goals of a list one per line."""
    annual = goals.annual if goals is not None else None
    if annual is None:
        return ""
    return "\n".join(annual) if isinstance(annual, list) else annual
