"""Excel writer: any ``Document`` → one .xlsx workbook, one worksheet per table.

Written with XlsxWriter (``benchmarks/xlsx_libraries.py`` measures it against openpyxl on the
same tables); openpyxl stays the reader, in the tests.  Like every writer this module knows
nothing about projects, indicators or regions: it turns the table tree of ``render.tree`` into
cells, merges, fonts, borders and page set-up.

Sheet layout, top to bottom (all rows 0-based, columns ``A…`` = ``Table.columns``)::

    marker        (only if ``table.marker``)   merged across all columns, left
    title                                      merged, centred, title font
    subtitles     (one row each)               merged, centred
    unit line     (only if ``table.unit_line``) merged, right
    grid          ``Table.placed()``; starts at ``grid_start_row(table)``
    notes         (one row each)               merged, left, wrapped

What the workbook guarantees (see pitfalls C1–C5 in ``shared/research/peers.md``):

* every text is written with ``write_string``: a text such as ``=10.82 万元`` is never a formula;
* numbers (``Cell.number``) are real numbers with a number format that displays ``Cell.text``;
* a merged range carries its border on every one of its cells, so no edge goes missing (C3);
* control characters Excel refuses are removed (``\\x0b`` becomes a line break); a text over
  Excel's 32,767 characters is cut and reported as notice W002;
* sheet names are valid, at most 31 characters and unique;
* the same document gives the same bytes (fixed properties, then ``normalize_zip``), and the
  file is replaced atomically.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from docgen import codes
from docgen.render.output import (
    FIXED_CREATED,
    Notice,
    WriterOptions,
    atomic_write,
    normalize_zip,
)
from docgen.render.tree import Cell, Document, Table

__all__ = ["write_xlsx", "xlsx_bytes", "grid_start_row", "sheet_names", "clean_text", "column_pixels"]

EXCEL_MAX_TEXT = 32_767  # characters in one cell, counted in UTF-16 units as Excel does
SHEET_NAME_MAX = 31
PAPER_A4 = 9
DEFAULT_NUMBER_FORMAT = "#,##0.00"
GREY_FILL = "#D9D9D9"  # Excel's "white, darker 15%": visible on screen, light when printed

# Column widths.  Table widths are millimetres; Excel stores a width in "characters" of the
# workbook's default font (Calibri 11: 7 px per character plus 5 px of padding, at 96 px per inch).
# We convert millimetres to screen pixels and let XlsxWriter turn pixels into characters, so
#     characters = (mm × 96 / 25.4 − 5) / 7  ≈  mm / 1.85 − 0.7
# and a column prints at about its millimetre width at 100 % (fit-to-width then only shrinks a
# table that is wider than the page).  The often-quoted "mm / 2.1" makes columns some 12 % narrower
# than the layout asks for.
PX_PER_MM = 96 / 25.4

# Row heights.  Excel does not grow a row for wrapped text in merged cells, and never when the row
# height is set, so every row gets an estimated height: the cell needing the most lines decides.
# A line holds (cell width − padding) / (font size / 2) half-width units; a CJK (wide) character
# counts 2 units, any other 1.  WRAP_SLACK leaves room for words that wrap early.
LINE_SPACING = 1.35  # line height / font size (SimSun 11 pt rows are 14.25 pt, Calibri 11 pt 15 pt)
ROW_PADDING_PT = 4.0
CELL_PADDING_PT = 6.0  # left + right inner margin of a cell
WRAP_SLACK = 0.92
# Excel allows 409 pt; 408.75 is the last whole pixel below.  A cell needing more is cut in print:
# Excel cannot split a row across pages.
MAX_ROW_HEIGHT_PT = 408.75

# Margins in inches (XlsxWriter's unit): 1.5 cm left/right, 2 cm top/bottom.
MARGINS = {"left": 0.59, "right": 0.59, "top": 0.79, "bottom": 0.79}

# Characters XML 1.0 cannot carry and Excel refuses (\t, \n, \r stay), plus lone surrogates and
# the two non-characters U+FFFE/U+FFFF, which would break the UTF-8 encoding of the part.
_REFUSED = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters a sheet name may not hold, replaced by their full-width forms so a Chinese name still
# reads the same (收入/支出 → 收入／支出).
_SHEET_NAME_SUBSTITUTES = str.maketrans({
    "[": "［", "]": "］", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼",
})
_PLAIN_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


# --- texts -------------------------------------------------------------------------------------

def clean_text(text: str) -> str:
    """``text`` as Excel can store it: ``\\x0b`` (vertical tab) → newline, other refused
    control characters dropped, ``\\r\\n`` and ``\\r`` → ``\\n``.

    The validator reports such characters in the spec; the writer only must not crash on them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _REFUSED.sub("", text)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _utf16_prefix(text: str, units: int) -> str:
    """The longest prefix of ``text`` that fits in ``units`` UTF-16 code units."""
    out = 0
    for i, ch in enumerate(text):
        out += 2 if ord(ch) > 0xFFFF else 1
        if out > units:
            return text[:i]
    return text


def _display_width(text: str) -> int:
    """Width of one line in half-width units: wide (CJK) and ambiguous characters count 2."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WFA" else 1
    return width


def _line_count(text: str, width_pt: float, size_pt: float) -> int:
    """How many printed lines ``text`` takes in a wrapped cell ``width_pt`` wide."""
    units_per_line = max(1, int((width_pt - CELL_PADDING_PT) / (size_pt / 2) * WRAP_SLACK))
    return sum(max(1, math.ceil(_display_width(line) / units_per_line)) for line in text.split("\n"))


def _whole_pixels(points: float) -> float:
    """``points`` rounded up to whole screen pixels (0.75 pt), as Excel and XlsxWriter keep heights."""
    return math.ceil(round(points / 0.75, 6)) * 0.75


def _height(lines: int, size_pt: float) -> float:
    """Row height in points for ``lines`` lines of ``size_pt`` text."""
    return _whole_pixels(lines * size_pt * LINE_SPACING + ROW_PADDING_PT)


# --- names and geometry ------------------------------------------------------------------------

def grid_start_row(table: Table) -> int:
    """The 0-based worksheet row of the grid's first row: after marker, title, subtitles, unit line."""
    return (1 if table.marker else 0) + 1 + len(table.subtitles) + len(table.header_lines) + (1 if table.unit_line else 0)


def column_pixels(width_mm: float) -> int:
    """Screen width in pixels (96 dpi) of a column ``width_mm`` millimetres wide."""
    return max(1, round(width_mm * PX_PER_MM))


def _trim_sheet_name(name: str) -> str:
    # a sheet name may not begin or end with an apostrophe; blanks at the ends only confuse
    return name.strip().strip("'").strip()


def sheet_names(names: Iterable[str]) -> list[str]:
    """Valid, unique sheet names for tables named ``names``, in order.

    Forbidden characters ``[]:*?/\\`` become their full-width forms, the name is cut to 31
    characters, and a repeated name gets `` (2)``, `` (3)`` … (cutting the name further to keep
    within 31).  Excel compares sheet names case-insensitively and reserves "History".
    """
    taken = {"history"}
    out: list[str] = []
    for raw in names:
        base = " ".join(clean_text(raw).split()).translate(_SHEET_NAME_SUBSTITUTES)
        base = _trim_sheet_name(base) or "Sheet"
        candidate = _trim_sheet_name(_utf16_prefix(base, SHEET_NAME_MAX)) or "Sheet"
        n = 1
        while candidate.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            stem = _trim_sheet_name(_utf16_prefix(base, SHEET_NAME_MAX - len(suffix)))
            candidate = f"{stem}{suffix}" if stem else f"Sheet{suffix}"
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def _number_format(cell: Cell) -> str:
    """The Excel format for a number cell: the layout's, else one that prints ``cell.text``.

    Without a format from the layout, ``#,##0.00`` is used — unless the text is a plain number
    equal to ``cell.number`` written another way (``510.9``, ``1234.50``, ``12``), in which case the
    format copies that way, so Excel shows exactly the text that Word and PDF show.
    """
    if cell.number_format:
        return cell.number_format
    match = _PLAIN_NUMBER.fullmatch(cell.text.strip())
    if match:
        try:
            same = Decimal(match.group(0).replace(",", "")) == cell.number
        except InvalidOperation:  # pragma: no cover - the regex admits only decimals
            same = False
        if same:
            integer = "#,##0" if "," in match.group(0) else "0"
            decimals = len(match.group(1) or "")
            return integer + ("." + "0" * decimals if decimals else "")
    return DEFAULT_NUMBER_FORMAT


# --- the writer --------------------------------------------------------------------------------

class _Formats:
    """XlsxWriter formats made once per distinct set of properties."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._made: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, **properties: Any) -> Format:
        key = tuple(sorted(properties.items()))
        if key not in self._made:
            self._made[key] = self._workbook.add_format(properties)
        return self._made[key]


def _font(name: str, size: float) -> dict[str, Any]:
    font: dict[str, Any] = {"font_name": name, "font_size": size}
    if not name.isascii():
        font["font_charset"] = 134  # GB2312: lets Excel outside Chinese Windows pick the CJK face
    return font


class _SheetWriter:
    """Writes one table on one worksheet and collects its notices."""

    def __init__(self, table: Table, worksheet: Worksheet, formats: _Formats, options: WriterOptions) -> None:
        self.table = table
        self.ws = worksheet
        self.formats = formats
        self.options = options
        self.notices: list[Notice] = []
        self.widths_pt = [w * 72 / 25.4 for w in table.columns]
        self.last_col = len(table.columns) - 1
        self.heights: dict[int, float] = {}

    # texts and cells

    def _text(self, text: str) -> str:
        """The text as the cell will hold it, cut (with notice W002) at Excel's limit."""
        text = clean_text(text)
        length = _utf16_len(text)
        if length > EXCEL_MAX_TEXT:
            self.notices.append(Notice(codes.W002_LONG_CELL, (("table", self.table.name), ("length", str(length)))))
            text = _utf16_prefix(text, EXCEL_MAX_TEXT)
        return text

    def _put(self, row: int, col: int, last_row: int, last_col: int, cell_format: Format,
             text: str, number: Decimal | None = None) -> None:
        """Write one (possibly merged) cell: merge first with a blank, then the value.

        ``merge_range`` itself writes with the generic ``write()``, which would turn ``=…`` into
        a formula, so the value always goes in with ``write_string``/``write_number`` afterwards.
        The merge gives every cell of the range the same format, hence the same borders (C3).
        """
        if (row, col) != (last_row, last_col):
            self.ws.merge_range(row, col, last_row, last_col, "", cell_format)
        if number is not None:
            self.ws.write_number(row, col, float(str(number)), cell_format)
        elif text:
            self.ws.write_string(row, col, text, cell_format)
        else:
            self.ws.write_blank(row, col, None, cell_format)

    def _line(self, row: int, text: str, font: str, size: float, align: str) -> None:
        """A text line merged across the whole width (title, subtitles, unit line, notes)."""
        text = self._text(text)
        fmt = self.formats.get(**_font(font, size), align=align, valign="vcenter", text_wrap=True)
        self._put(row, 0, row, self.last_col, fmt, text)
        self.heights[row] = _height(_line_count(text, sum(self.widths_pt), size), size)

    def _header_line(self, row: int, line: tuple[str, str, str], font: str, size: float) -> None:
        """Left, centre and right items of a header line, each over a third of the columns."""
        n = self.last_col + 1
        if n < 3:
            self._line(row, "　".join(t for t in line if t), font, size, "center")
            return
        third = n // 3
        for (first, last), text, align in zip(((0, third - 1), (third, n - third - 1), (n - third, n - 1)), line,
                                              ("left", "center", "right")):
            fmt = self.formats.get(**_font(font, size), align=align, valign="vcenter")
            self._put(row, first, row, last, fmt, self._text(text))
        self.heights[row] = _height(1, size)

    # the sheet

    def write(self) -> list[Notice]:
        table, options = self.table, self.options
        body, size = options.body_font, options.body_size
        for col, width_mm in enumerate(table.columns):
            self.ws.set_column_pixels(col, col, column_pixels(width_mm))

        row = 0
        if table.marker:
            self._line(row, table.marker, body, size, "left")
            row += 1
        self._line(row, table.title, options.title_font, options.title_size, "center")
        row += 1
        for subtitle in table.subtitles:
            self._line(row, subtitle, body, size, "center")
            row += 1
        for line in table.header_lines:
            self._header_line(row, line, body, size)
            row += 1
        if table.unit_line:
            self._line(row, table.unit_line, body, size, "right")
            row += 1

        self._grid(row)
        row += len(table.rows)
        for note in table.notes:
            self._line(row, note, body, size, "left")
            row += 1

        for r, height in sorted(self.heights.items()):
            self.ws.set_row(r, min(height, MAX_ROW_HEIGHT_PT))
        self._page_setup()
        return self.notices

    def _grid(self, top: int) -> None:
        """The grid cells at their ``Table.placed()`` positions, and the grid's row heights."""
        options = self.options
        size = options.body_size
        one_line = _height(1, size)
        for r in range(len(self.table.rows)):
            self.heights[top + r] = one_line
        spanning: list[tuple[int, int, float]] = []  # (first row, last row, height needed)
        for placed in self.table.placed():
            cell = placed.cell
            properties: dict[str, Any] = {
                **_font(options.body_font, size),
                "border": 1, "align": cell.alignment, "valign": "vcenter", "text_wrap": True,
            }
            if cell.role in ("header", "section"):
                properties.update(bg_color=GREY_FILL, pattern=1)
            number = cell.number if cell.number is not None and cell.number.is_finite() else None
            if number is not None:
                properties["num_format"] = _number_format(cell)
            text = self._text(cell.text)
            row, last_row = top + placed.row, top + placed.last_row
            self._put(row, placed.col, last_row, placed.last_col, self.formats.get(**properties), text, number)

            width = sum(self.widths_pt[placed.col:placed.last_col + 1])
            needed = _height(_line_count(text, width, size), size)
            if row == last_row:
                self.heights[row] = max(self.heights[row], needed)
            else:
                spanning.append((row, last_row, needed))
        # a cell spanning rows gets its missing height shared equally by the rows it spans
        for first, last, needed in spanning:
            have = sum(self.heights[r] for r in range(first, last + 1))
            if needed > have:
                extra = (needed - have) / (last - first + 1)
                for r in range(first, last + 1):
                    self.heights[r] = _whole_pixels(self.heights[r] + extra)

    def _page_setup(self) -> None:
        """A4, the table's orientation, one page wide, title and header rows on every page."""
        ws = self.ws
        ws.set_paper(PAPER_A4)
        if self.table.orientation == "landscape":
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(**MARGINS)
        ws.center_horizontally()
        ws.repeat_rows(0, grid_start_row(self.table) + self.table.header_rows - 1)


def xlsx_bytes(document: Document, options: WriterOptions = WriterOptions()) -> tuple[bytes, list[Notice]]:
    """The workbook for ``document`` as bytes (already normalised), with the writer's notices.

    Raises ``ValueError`` for a document without tables (a workbook needs a sheet) or a malformed
    table grid.
    """
    tables = [part for part in document.content if isinstance(part, Table)]  # text sections: Word and PDF only
    if not tables:
        raise ValueError(f"{document.name}: no tables to write")
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True,
        # only write_string/write_number are used; these keep any stray write() literal too
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    })
    workbook.set_properties({
        "title": clean_text(document.title),
        "author": "",
        "created": datetime.strptime(FIXED_CREATED, "%Y-%m-%dT%H:%M:%SZ"),
    })
    formats = _Formats(workbook)
    notices: list[Notice] = []
    try:
        for table, name in zip(tables, sheet_names(t.name for t in tables)):
            notices += _SheetWriter(table, workbook.add_worksheet(name), formats, options).write()
    finally:
        workbook.close()
    return normalize_zip(buffer.getvalue()), notices


def write_xlsx(document: Document, path: Path, options: WriterOptions = WriterOptions()) -> list[Notice]:
    """Write ``document`` to ``path`` as an .xlsx workbook, one worksheet per table.

    The file is replaced atomically (an error leaves any previous file untouched) and the same
    document always gives the same bytes.  Returns the notices (W002: a text cut at Excel's limit).
    """
    data, notices = xlsx_bytes(document, options)
    atomic_write(Path(path), data)
    return notices
