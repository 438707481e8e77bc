"""PDF writer: any ``Document`` of table trees → one PDF file (ReportLab platypus).

What it does, and the pitfall each choice answers (see research/peers.md §2 A):

* every table starts on a new A4 page in the table's orientation, with a bookmark named after
  its title and 「第 N 页」 in the footer;
* every cell is a ``Paragraph`` (plain strings never wrap, A2) with ``wordWrap='CJK'`` (A1), built
  from text escaped with ``xml.sax.saxutils.escape`` (A8): data never becomes markup, so
  ``<img src=…>`` in a cell is printed, never fetched;
* spans become ``SPAN`` commands, header rows repeat on each page (``repeatRows``) and a row taller
  than a page is split between lines (``splitInRow``, A2) — with fixes for reportlab's in-row
  split (``_GridTable``);
* the font is an embedded TrueType subset found by ``render.fonts`` (A3–A5); no bold is asked of
  a CJK face (A7): titles are set larger, the marker line in red;
* output is byte-reproducible: ``invariant=1`` and fixed metadata (A9), written atomically.
"""

from __future__ import annotations

import io
import logging
import os
from itertools import groupby
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.doctemplate import LayoutError

from docgen import codes
from docgen.render.fonts import ENV_VAR, PdfFont, covers, fallback_font, parse_font_spec, pdf_font
from docgen.render.output import GENERATOR, Notice, WriterOptions, atomic_write
from docgen.render.tree import Document, Section, Table

# Belt and braces for A8: even if markup from data ever reached a Paragraph, reportlab would
# refuse to fetch any URL (no host is trusted).
rl_config.trustedHosts = []

log = logging.getLogger(__name__)

# Kinsoku (A1): reportlab's list of characters that may not start a line lacks most Chinese
# closing punctuation (GB/T 15834: ，：；！？ and closing quotes and brackets never begin a line),
# so a lone "，" could open a line.  The list is a global of the two modules that break CJK lines
# (one-font and mixed-font paragraphs), read at each break.
CANNOT_START_LINE = "，：；！？》〉』】〕〗｝”’"
for _module in (_rl_textsplit, _rl_paragraph):
    _module.ALL_CANNOT_START += "".join(ch for ch in CANNOT_START_LINE if ch not in _module.ALL_CANNOT_START)

MARGIN_SIDE = 15 * mm
MARGIN_TOP = 15 * mm
MARGIN_BOTTOM = 18 * mm
FOOTER_BASELINE = 9 * mm
GRID_LINE = 0.5  # pt
SHADE = colors.Color(0.88, 0.88, 0.88)  # header and section cells
MARKER_COLOR = colors.Color(0.75, 0, 0)
CELL_PAD_X = 3  # pt
CELL_PAD_Y = 3  # pt

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}

W001 = codes.W001_FONT.msgid


class PdfLayoutError(ValueError):
    """A table could not be laid out on the page (reportlab's ``LayoutError``, with our context)."""


def write_pdf(document: Document, path: Path, options: WriterOptions = WriterOptions()) -> list[Notice]:
    """Writes every table of ``document`` into one PDF at ``path`` and returns the writer's notices.

    Each table starts on a new A4 page in its own orientation.  The file is replaced atomically
    and is byte-identical for identical input.
    """
    data, notices = pdf_bytes(document, options)
    atomic_write(Path(path), data)
    return notices


def pdf_bytes(document: Document, options: WriterOptions = WriterOptions()) -> tuple[bytes, list[Notice]]:
    """The PDF of ``document`` as bytes, with the writer's notices (W001: no embeddable font)."""
    font = pdf_font(options)
    notices = [] if font.embedded else [Notice(codes.W001_FONT)]
    requested = os.environ.get(ENV_VAR)
    if requested and not Path(parse_font_spec(requested)[0]).is_file():
        notices.append(Notice(codes.W006_FONT_FILE, (("path", requested),)))
    missing: set[str] = set()
    data = render_pdf(document, options, font, missing)
    if missing:
        chars = "".join(sorted(missing))
        notices.append(Notice(codes.W005_GLYPHS, (("chars", chars), ("codes", " ".join(f"U+{ord(c):04X}" for c in sorted(missing))))))
    return data, notices


def render_pdf(document: Document, options: WriterOptions, font: PdfFont, missing: set[str] | None = None) -> bytes:
    """The PDF bytes of ``document`` set in ``font``; characters no font has are added to ``missing``."""
    styles = _Styles(font, options)
    buf = io.BytesIO()
    parts = document.content
    orientations = [getattr(t, "orientation", "portrait") for t in parts] or ["portrait"]
    doc = BaseDocTemplate(
        buf,
        pagesize=_page_size(orientations[0]),
        leftMargin=MARGIN_SIDE,
        rightMargin=MARGIN_SIDE,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=document.title,
        author=GENERATOR,
        subject="",
        creator=GENERATOR,
        producer=GENERATOR,
        keywords=[],
        invariant=1,
        lang="zh-CN",
        displayDocTitle=1,
        initialFontName=font.name,  # else every page names an unused, non-embedded Helvetica
        initialFontSize=options.body_size,
    )
    # the first template is the first page's; the others are reached with NextPageTemplate
    first = orientations[0]
    other = "landscape" if first == "portrait" else "portrait"
    doc.addPageTemplates([_page_template(first, styles), _page_template(other, styles)])

    story: list[Flowable] = []
    for index, part in enumerate(parts):
        orientation = getattr(part, "orientation", "portrait")
        if index:
            story += [NextPageTemplate(orientation), PageBreak()]
        if isinstance(part, Section):
            story += _section_story(part, index, styles)
        else:
            story += _table_story(part, index, styles, _frame_size(orientation)[0])
    if not story:
        story.append(Spacer(1, 1))  # an empty document still makes a valid one-page PDF
    try:
        doc.build(story, canvasmaker=_canvas_maker)
    except LayoutError as exc:
        raise PdfLayoutError(f"{document.name}: a table does not fit on the page: {exc}") from exc
    if missing is not None:
        missing |= styles.glyphs.missing
    return buf.getvalue()


# --- page set-up ------------------------------------------------------------------------------


def _page_size(orientation: str) -> tuple[float, float]:
    return landscape(A4) if orientation == "landscape" else portrait(A4)


def _frame_size(orientation: str) -> tuple[float, float]:
    width, height = _page_size(orientation)
    return width - 2 * MARGIN_SIDE, height - MARGIN_TOP - MARGIN_BOTTOM


def _page_template(orientation: str, styles: _Styles) -> PageTemplate:
    width, height = _page_size(orientation)
    frame_width, frame_height = _frame_size(orientation)
    frame = Frame(
        MARGIN_SIDE,
        MARGIN_BOTTOM,
        frame_width,
        frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=f"frame-{orientation}",
    )

    def footer(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(styles.font_name, styles.footer_size)
        canvas.drawCentredString(width / 2, FOOTER_BASELINE, f"第 {canvas.getPageNumber()} 页")
        canvas.restoreState()

    return PageTemplate(id=orientation, frames=[frame], onPage=footer, pagesize=(width, height))


def _canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
    canvas = Canvas(*args, **kwargs)
    canvas.showOutline()  # open the bookmarks pane: one entry per table
    return canvas


class _Bookmark(Flowable):
    """Zero-size flowable: a PDF outline entry pointing at the place it lands on."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0, closed=False)


# --- text ---------------------------------------------------------------------------------------


class _Styles:
    """The paragraph styles of one render, all in the one CJK font (and its glyph fallbacks)."""

    def __init__(self, font: PdfFont, options: WriterOptions) -> None:
        self.font_name = font.name
        self.glyphs = _Glyphs(font, options)
        self.body_size = options.body_size
        body = options.body_size
        title = options.title_size
        self.footer_size = max(body - 1.5, 7)
        base = ParagraphStyle(
            "docgen-body", fontName=self.font_name, fontSize=body, leading=body * 1.3, wordWrap="CJK"
        )
        # CJK wrapping lets one character that cannot start a line (。，、）…) hang past the
        # line's end; its ink fills at most the left half of its em, so half an em between the
        # line's end and the border keeps it inside the cell.  Centred cells get the room on both
        # sides, to stay centred; right-aligned cells hold amounts, which end at the padding.
        hang = max(body * 0.5 - CELL_PAD_X, 0)
        indents = {"left": (0, hang), "center": (hang, hang), "right": (0, 0)}
        self.cell = {
            align: ParagraphStyle(
                f"docgen-cell-{align}",
                parent=base,
                alignment=code,
                leftIndent=indents[align][0],
                rightIndent=indents[align][1],
            )
            for align, code in _ALIGN.items()
        }
        self.title = ParagraphStyle(
            "docgen-title", parent=base, fontSize=title, leading=title * 1.4, alignment=TA_CENTER, spaceAfter=4
        )
        self.marker = ParagraphStyle(
            "docgen-marker", parent=base, alignment=TA_CENTER, textColor=MARKER_COLOR, spaceAfter=2
        )
        self.subtitle = ParagraphStyle("docgen-subtitle", parent=base, alignment=TA_CENTER, spaceAfter=2)
        text_size = body + 1.5
        self.text = ParagraphStyle("docgen-text", parent=base, fontSize=text_size, leading=text_size * 1.7,
                                   firstLineIndent=text_size * 2, alignment=TA_LEFT, spaceAfter=3)
        self.heading = ParagraphStyle("docgen-heading", parent=base, fontSize=text_size + 1, leading=(text_size + 1) * 1.7,
                                      alignment=TA_LEFT, spaceBefore=6, spaceAfter=3)
        self.item = ParagraphStyle("docgen-item", parent=base, fontSize=text_size, leading=text_size * 1.7,
                                   leftIndent=text_size * 2, alignment=TA_LEFT)
        self.cover_title = ParagraphStyle("docgen-cover-title", parent=base, fontSize=title * 1.6,
                                          leading=title * 2.4, alignment=TA_CENTER, spaceAfter=12)
        self.cover_subtitle = ParagraphStyle("docgen-cover-subtitle", parent=base, fontSize=title,
                                             leading=title * 2, alignment=TA_CENTER, spaceAfter=8)
        self.unit = ParagraphStyle("docgen-unit", parent=base, alignment=TA_RIGHT, spaceBefore=2, spaceAfter=3)
        self.header_left = ParagraphStyle("docgen-header-left", parent=base, alignment=TA_LEFT)
        self.header_centre = ParagraphStyle("docgen-header-centre", parent=base, alignment=TA_CENTER)
        self.header_right = ParagraphStyle("docgen-header-right", parent=base, alignment=TA_RIGHT)
        small = max(body - 1.5, 7)
        self.note = ParagraphStyle(
            "docgen-note", parent=base, fontSize=small, leading=small * 1.35, alignment=TA_LEFT, spaceBefore=2
        )


class _Glyphs:
    """Which font prints each character: the main font, or a fallback face for what it lacks.

    reportlab has no per-glyph font fallback (research note A6): a symbol such as ☑ missing from
    the Chinese font would print as an empty box.  Runs of such characters are set in a face
    that has them (``render.fonts.fallback_font``).
    """

    def __init__(self, font: PdfFont, options: WriterOptions) -> None:
        self.font = font
        self.options = options
        self.missing: set[str] = set()  # characters no installed font has
        self._faces: dict[str, str | None] = {}

    def face(self, char: str) -> str | None:
        """The fallback font name for ``char``, or None for the main font."""
        if char not in self._faces:
            name = None
            if not char.isspace() and not covers(self.font, char):
                fallback = fallback_font(char, self.options)
                if fallback is None:
                    self.missing.add(char)
                else:
                    name = fallback.name
            self._faces[char] = name
        return self._faces[char]


def markup(text: str, glyphs: _Glyphs | None = None) -> str:
    """Paragraph markup that prints ``text`` literally: escaped, with line breaks kept.

    With ``glyphs``, characters the main font lacks are wrapped in ``<font face=…>`` runs.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "<br/>".join(_line_markup(line, glyphs) for line in text.split("\n"))


def _line_markup(line: str, glyphs: _Glyphs | None) -> str:
    if glyphs is None:
        return escape(line)
    out: list[str] = []
    for face, run in groupby(line, key=glyphs.face):
        chunk = escape("".join(run))
        out.append(chunk if face is None else f'<font face="{face}">{chunk}</font>')
    return "".join(out)


# --- text sections (cover, contents, narratives) -------------------------------------------------


def _section_story(section: Section, index: int, styles: _Styles) -> list[Flowable]:
    """A cover (centred, lower on the page), the contents, or narrative paragraphs."""
    story: list[Flowable] = []
    if section.kind != "cover":
        story.append(_Bookmark(f"part-{index}", section.name))
    if section.kind == "cover":
        story.append(Spacer(1, 60 * mm))
    for p in section.paragraphs:
        style = {
            "title": styles.cover_title if section.kind == "cover" else styles.title,
            "subtitle": styles.cover_subtitle if section.kind == "cover" else styles.subtitle,
            "heading": styles.heading,
            "item": styles.item,
        }.get(p.style, styles.text)
        story.append(Paragraph(markup(p.text, styles.glyphs), style))
    return story


# --- one table ----------------------------------------------------------------------------------


def _table_story(table: Table, index: int, styles: _Styles, frame_width: float) -> list[Flowable]:
    """Bookmark, marker, title, subtitles, unit line, grid and notes of one table."""
    widths = _column_widths(table, frame_width)
    # the unit line and the notes line up with the grid's edges, which is centred in the frame
    inset = max((frame_width - sum(widths)) / 2, 0)
    story: list[Flowable] = [_Bookmark(f"table-{index}", table.name or table.title)]
    if table.marker:
        story.append(Paragraph(markup(table.marker, styles.glyphs), styles.marker))
    story.append(Paragraph(markup(table.title, styles.glyphs), styles.title))
    story += [Paragraph(markup(s, styles.glyphs), styles.subtitle) for s in table.subtitles]
    story += [_header_line(line, sum(widths), styles) for line in table.header_lines]
    if table.unit_line:
        story.append(Paragraph(markup(table.unit_line, styles.glyphs), _inset(styles.unit, right=inset)))
    if table.rows:
        story.append(_grid(table, widths, styles))
    story += [Paragraph(markup(n, styles.glyphs), _inset(styles.note, left=inset)) for n in table.notes]
    return story


def _header_line(line: tuple[str, str, str], width: float, styles: _Styles) -> RLTable:
    """Left, centre and right items on one line, as wide as the grid below it."""
    aligned = (styles.header_left, styles.header_centre, styles.header_right)
    items = list(zip(line, aligned))
    widths = [width / 3] * 3
    if not line[1].strip():  # left and right only: each as wide as its text needs (a long unit name does not wrap)
        items = [items[0], items[2]]
        a, b = max(1, len(line[0])), max(1, len(line[2]))
        widths = [width * a / (a + b), width * b / (a + b)]
    cells = [[Paragraph(markup(text, styles.glyphs), style) for text, style in items]]
    table = RLTable(cells, colWidths=widths, hAlign="CENTER")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.font_name, styles.body_size),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _inset(style: ParagraphStyle, left: float = 0, right: float = 0) -> ParagraphStyle:
    if not left and not right:
        return style
    return ParagraphStyle(f"{style.name}-inset", parent=style, leftIndent=left, rightIndent=right)


def _column_widths(table: Table, frame_width: float) -> list[float]:
    """``Table.columns`` in points, scaled down proportionally if wider than the frame."""
    widths = [w * mm for w in table.columns]
    total = sum(widths)
    if total > frame_width:
        widths = [w * frame_width / total for w in widths]
    return widths


class _GridTable(RLTable):
    """reportlab's ``Table``, with its in-row split (``splitInRow``) made safe for our grids.

    When a row must be split between two pages, reportlab 5.1

    * splits and measures each cell at the width of its *first column* — or, for a cell spanning
      down, of the row's last column — instead of its spanned width: a long 项目概况 text is
      re-wrapped into one narrow column, the row's height is overestimated many times over and
      the text overflows its cell (seen printing across the page title);
    * "re-centres" a ``MIDDLE`` cell that it does not split by adding half the row's height to its
      padding: the rest of a row taller than a page then grows at every page and never ends.

    So, for the one row being split, its cells are split and measured at their spanned width and
    are top-aligned; and the grid is closed by a rule at every page break.  These override
    private hooks of ``reportlab.platypus.tables.Table`` (checked against reportlab 5.1);
    ``tests/test_pdf_writer.py`` pins the behaviour: a 20,000-character cell, a long colspan cell
    and a rowspan taller than a page, each split across pages.
    """

    _widths_by_content: dict[int, tuple[Any, float]] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """reportlab's split, with the grid closed at the page break.

        A row split between pages otherwise loses its bottom line on the first page and its top
        line on the next (reportlab's ``splitlast``/``splitfirst`` rows only apply to the first
        split of a table).
        """
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            before, after = parts
            before.setStyle([("LINEBELOW", (0, -1), (-1, -1), GRID_LINE, colors.black)])
            after.setStyle([("LINEABOVE", (0, 0), (-1, 0), GRID_LINE, colors.black)])
        return parts

    def _splitRows(self, availHeight: float, doInRowSplit: int = 0) -> list[Any]:
        """reportlab's split; an in-row split is prepared (widths, alignment) and checked."""
        if not doInRowSplit:
            return super()._splitRows(availHeight, doInRowSplit)
        row = self._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans=1)  # as reportlab does
        across_span = self._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans=0) < row
        if row < len(self._rowHeights) and self._rowHeights[row] < MIN_SPLIT_ROW_HEIGHT and not across_span:
            # a short row (a label, a two-line indicator) is not cut by a page break: the table
            # moves on to the next page from this row instead — unless a cell spanning down
            # leaves no row boundary to break at
            return []
        styles: Any = getattr(self, "_cellStyles")  # noqa: B009 - reportlab's private attribute, untyped
        outer = self._widths_by_content
        self._widths_by_content = self._content_widths()
        if row < len(self._cellvalues):
            self._top_align(row)
        try:
            result = super()._splitRows(availHeight, doInRowSplit)
        finally:
            self._widths_by_content = outer
        if len(result) == 2 and self._empty_start(result[0]):
            # nothing of the table fits above the split (but the repeated headers): rather than
            # leave them with an empty sliver of a row at the foot of the page, let the table
            # move on to the next page
            result = []
        if not result:
            self._cellStyles = styles  # not split here: keep the row as it was
        return result

    def _empty_start(self, top: RLTable) -> bool:
        """Whether ``top`` (the part before the split) holds only header rows and an empty row."""
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        return len(top._cellvalues) <= repeat + 1 and not any(top._cellvalues[-1])

    def _content_widths(self) -> dict[int, tuple[Any, float]]:
        """id(content) → (content, width of the cell holding it, spans included)."""
        spans = getattr(self, "_spanRanges", None) or {}
        widths: dict[int, tuple[Any, float]] = {}
        for r, row in enumerate(self._cellvalues):
            for c, content in enumerate(row):
                if not isinstance(content, (tuple, list)):
                    continue
                span = spans.get((c, r), (c, r, c, r))
                if span is not None:
                    widths[id(content)] = (content, sum(self._colWidths[span[0] : span[2] + 1]))
        return widths

    def _top_align(self, row: int) -> None:
        """Top-aligns the cells of ``row`` (on copies of their styles).

        Only cells holding flowables: the placeholders of covered cells ("") must stay as they
        are, as reportlab refuses to split a top-aligned string that does not fit the top half.
        """
        self._cellStyles = [list(r) for r in self._cellStyles]
        for col, content in enumerate(self._cellvalues[row]):
            style = self._cellStyles[row][col]
            if isinstance(content, (tuple, list)) and style.valign == "MIDDLE":
                top = style.copy()
                top.valign = "TOP"
                self._cellStyles[row][col] = top

    def _width_of(self, content: Any, width: float) -> float:
        known = (self._widths_by_content or {}).get(id(content))
        return known[1] if known is not None and known[0] is content else width

    def _splitCell(self, value: Any, style: Any, oldHeight: float, newHeight: float, width: float) -> Any:
        width = self._width_of(value, width)
        result = super()._splitCell(value, style, oldHeight, newHeight, width)
        if not result and isinstance(value, (tuple, list)) and style.valign == "TOP":
            # reportlab gives up when a top-aligned cell's first line does not fit above the
            # split; move the cell's content below it instead, as it does for other alignments
            result = ((), tuple(value))
        if result and self._widths_by_content is not None:
            for half in result:  # the halves are measured next: at the same width
                if isinstance(half, (tuple, list)):
                    self._widths_by_content[id(half)] = (half, width)
        return result

    def _listCellGeom(self, V: Any, w: float, s: Any, W: Any = None, H: Any = None, aH: float = 72000) -> Any:
        return super()._listCellGeom(V, self._width_of(V, w), s, W=W, H=H, aH=aH)


MIN_SPLIT_ROW_HEIGHT = 150  # points: only rows taller than about ten lines may split inside


def _grid(table: Table, widths: list[float], styles: _Styles) -> RLTable:
    """The grid as a reportlab Table: one Paragraph per cell, spans, shading, repeated headers."""
    placed = table.placed()  # validates the grid before anything is drawn
    data: list[list[Any]] = [["" for _ in widths] for _ in table.rows]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), GRID_LINE, colors.black),
        # the cells are Paragraphs, but reportlab still selects the cell font: keep it ours so
        # the PDF names no other (non-embedded) font
        ("FONT", (0, 0), (-1, -1), styles.font_name, styles.body_size),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
    ]
    for p in placed:
        para = Paragraph(markup(p.cell.text, styles.glyphs), styles.cell[p.cell.alignment])
        data[p.row][p.col] = para
        start, end = (p.col, p.row), (p.last_col, p.last_row)  # reportlab cells are (col, row)
        if start != end:
            commands.append(("SPAN", start, end))
        if p.cell.role in ("header", "section"):
            commands.append(("BACKGROUND", start, end, SHADE))
    return _GridTable(
        data,
        colWidths=widths,
        style=TableStyle(commands),
        repeatRows=table.header_rows,
        splitByRow=1,
        splitInRow=1,
        hAlign="CENTER",
    )
