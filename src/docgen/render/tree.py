"""layout → write: the format-free table tree.

A layout turns a spec into ``Table`` objects; a writer turns any ``Table`` into a file.  A layout
knows no file format and a writer knows no project, indicator or region: this module is the whole
of what they share.

A table is a grid of ``len(columns)`` columns.  Each ``Row`` lists its cells left to right,
leaving out the positions covered by a cell spanning down from a row above (``rowspan``) — as in
HTML.  ``Table.placed()`` resolves that into absolute positions and checks that every row is full.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Role = Literal["header", "label", "value", "number", "section"]
Align = Literal["left", "center", "right"]

DEFAULT_ALIGN: dict[str, Align] = {
    "header": "center",   # column headings (一级指标, 指标值 …)
    "label": "center",    # row labels (项目名称, 项目资金（万元）…)
    "value": "left",      # the author's text
    "number": "right",    # amounts and scores
    "section": "center",  # a row that names a block (绩效指标, 年度主要任务 …)
}


@dataclass(frozen=True)
class Cell:
    """One cell.  ``text`` is exactly what is printed; ``number`` is set for amounts and scores."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    role: Role = "value"
    align: Align | None = None
    number: Decimal | None = None  # the exact value behind ``text`` (Excel stores it as a number)
    number_format: str | None = None  # Excel format for ``number``, e.g. "#,##0.00" or "0.00"
    source: str = field(default="", compare=False)  # the spec field the text comes from (funds.annual.total)

    @property
    def alignment(self) -> Align:
        return self.align or DEFAULT_ALIGN[self.role]


@dataclass(frozen=True)
class Row:
    """A row of cells, left to right, without the positions covered from above."""
    cells: tuple[Cell, ...]
    header: bool = False  # repeated at the top of every page (only leading rows may be header rows)


class GridError(ValueError):
    """A grid that does not close: ``kind`` is outside (a cell runs past the last column), below
    (a cell spans past the last row), overlap (two cells claim one position) or missing (a row
    leaves columns empty).  Rows and columns count from 0; ``owner`` is the row of a cell spanning
    down from above that is involved."""

    def __init__(self, kind: str, row: int, col: int, text: str, *, width: int, owner: int | None = None,
                 start: int | None = None, rowspan: int = 1, missing: tuple[int, ...] = ()) -> None:
        super().__init__(f"{kind} at row {row + 1}, column {col + 1}: {text[:20]!r}")
        self.kind, self.row, self.col, self.text, self.width = kind, row, col, text, width
        self.owner, self.start, self.rowspan, self.missing = owner, start if start is not None else row, rowspan, missing


@dataclass(frozen=True)
class Placed:
    """A cell at its absolute grid position."""
    row: int
    col: int
    cell: Cell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.cell.colspan - 1


@dataclass(frozen=True)
class Table:
    """One official table, ready for any writer."""

    name: str  # the table's name, used in file names, sheet names and bookmarks (项目绩效目标表)
    title: str  # the centred title line
    columns: tuple[float, ...]  # column widths in millimetres
    rows: tuple[Row, ...]
    subtitles: tuple[str, ...] = ()  # lines under the title: (2020年度), 部门公开表9 …
    unit_line: str = ""  # right-aligned line above the grid: 单位：万元
    notes: tuple[str, ...] = ()  # footnotes under the grid, verbatim
    orientation: Literal["portrait", "landscape"] = "portrait"
    marker: str = ""  # a line shown above the title (e.g. an internal-version warning)
    header_lines: tuple[tuple[str, str, str], ...] = ()  # lines above the grid: (left, centre, right) items

    @property
    def header_rows(self) -> int:
        n = 0
        for row in self.rows:
            if not row.header:
                break
            n += 1
        return n

    def placed(self) -> list[Placed]:
        """Every cell with its absolute (row, col); raises :class:`GridError` on a malformed grid."""
        width = len(self.columns)
        taken: dict[tuple[int, int], int] = {}  # position → the row of the cell that covers it
        out: list[Placed] = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row.cells:
                while (r, c) in taken:
                    c += 1
                if cell.colspan < 1 or c + cell.colspan > width:
                    owner = next((taken[(r, x)] for x in range(width) if (r, x) in taken and taken[(r, x)] < r), None)
                    raise GridError("outside", r, c, cell.text, width=width, owner=owner)
                if cell.rowspan < 1 or r + cell.rowspan > len(self.rows):
                    raise GridError("below", r, c, cell.text, width=width, rowspan=cell.rowspan)
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if (r + dr, c + dc) in taken:
                            raise GridError("overlap", r + dr, c + dc, cell.text, width=width, owner=taken[(r + dr, c + dc)], start=r)
                        taken[(r + dr, c + dc)] = r
                out.append(Placed(r, c, cell))
                c += cell.colspan
            missing = [col for col in range(width) if (r, col) not in taken]
            if missing:
                raise GridError("missing", r, missing[0], "", width=width, missing=tuple(missing))
        return out

    def texts(self) -> Iterator[str]:
        """Every text the table prints, in order (title lines, cells, notes)."""
        if self.marker:
            yield self.marker
        yield self.title
        yield from self.subtitles
        for line in self.header_lines:
            yield from (item for item in line if item)
        if self.unit_line:
            yield self.unit_line
        for row in self.rows:
            for cell in row.cells:
                yield cell.text
        yield from self.notes


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a text section, with its style."""
    text: str
    style: Literal["title", "subtitle", "heading", "body", "item"] = "body"


@dataclass(frozen=True)
class Section:
    """Pages of text in a document: a cover, the contents, or a narrative (情况说明)."""

    name: str  # used for bookmarks (and, in Excel, the sheet name)
    paragraphs: tuple[Paragraph, ...]
    kind: Literal["cover", "contents", "text"] = "text"

    def texts(self) -> Iterator[str]:
        """Every text of the section, in order."""
        for p in self.paragraphs:
            yield p.text


Part = Table | Section


@dataclass(frozen=True)
class Document:
    """What one render writes: the tables of one spec, or a whole package (one file per format)."""

    name: str  # base of the output file names
    title: str  # document title (metadata)
    tables: tuple[Table, ...] = field(default_factory=tuple)
    parts: tuple[Part, ...] = ()  # when given: the document in order, sections and tables mixed

    @property
    def content(self) -> tuple[Part, ...]:
        return self.parts or self.tables
