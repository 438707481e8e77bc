"""Word writer: any ``Document`` of tables → one .docx.

The package starts from python-docx's template, made into a zh-CN reference document here: the
theme's East Asian language is zh-CN (the stock template says ja-JP, so CJK text fell back to a
Japanese font), and the defaults name all four font slots.  Every run also names all four slots.

Tables are written as WordprocessingML directly — ``w:tblGrid`` with twip widths, ``w:tcW`` on
every cell, ``w:gridSpan`` / ``w:vMerge`` for spans, a fixed layout so Word, WPS and LibreOffice
agree, ``w:tblHeader`` on the rows to repeat — because python-docx's ``table.cell()`` rebuilds the
cell grid on every call and is quadratic.  The zip is normalised so the same input gives the same
bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from ..output import GENERATOR, Notice, WriterOptions, atomic_write, normalize_zip
from ..tree import Cell, Document, Placed, Section, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_MM = 1440 / 25.4
A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
GREY = "E7E6E6"
KEEP_ROW_CHARS = 300
_ILLEGAL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0xD800, 0xE000), 0xFFFE, 0xFFFF])


def _w(tag: str, **attrs: str) -> etree._Element:
    el = etree.Element(qn(f"w:{tag}"))
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    el = _w(tag, **attrs)
    parent.append(el)
    return el


def clean_text(text: str) -> str:
    """Text Word can store: a vertical tab (pasted soft break) becomes a newline, control chars go."""
    return text.replace("\x0b", "\n").translate(_ILLEGAL)


class _Fonts:
    def __init__(self, options: WriterOptions) -> None:
        self.options = options

    def rpr(self, east_asian: str, size_pt: float, bold: bool = False, colour: str | None = None) -> etree._Element:
        rpr = _w("rPr")
        latin = self.options.latin_font
        _sub(rpr, "rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin, hint="eastAsia")
        if bold:
            _sub(rpr, "b")
        if colour:
            _sub(rpr, "color", val=colour)
        half_points = str(round(size_pt * 2))
        _sub(rpr, "sz", val=half_points)
        _sub(rpr, "szCs", val=half_points)
        _sub(rpr, "lang", val="en-US", eastAsia="zh-CN")
        return rpr


def _paragraph(text: str, rpr: etree._Element, align: str, space_after: int = 0) -> etree._Element:
    p = _w("p")
    ppr = _sub(p, "pPr")
    _sub(ppr, "spacing", before="0", after=str(space_after), line="240", lineRule="auto")
    _sub(ppr, "jc", val={"left": "left", "center": "center", "right": "right"}[align])
    if text:
        r = _sub(p, "r")
        r.append(copy.deepcopy(rpr))
        t = _sub(r, "t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p


def _cell_paragraphs(cell: Cell, fonts: _Fonts) -> list[etree._Element]:
    options = fonts.options
    rpr = fonts.rpr(options.title_font if cell.role in ("header", "section") else options.body_font, options.body_size)
    lines = clean_text(cell.text).split("\n") or [""]
    return [_paragraph(line, rpr, cell.alignment) for line in lines]


def _grid_widths(table: Table, usable_twips: int) -> list[int]:
    """The column widths in twips: the table's millimetres, scaled down to the page if wider."""
    widths_mm = list(table.columns)
    scale = min(1.0, usable_twips / (sum(widths_mm) * TWIPS_PER_MM))
    return [int(w * TWIPS_PER_MM * scale) for w in widths_mm]


def _header_line(line: tuple[str, str, str], rpr: etree._Element, table_width: int, usable: int) -> etree._Element:
    """「部门：…」 at the table's left edge, 「2023 年度」 in its middle, 「公开 01 表」 at its right edge:
    one paragraph indented to the table (which is centred) with a centre and a right tab stop."""
    indent = max((usable - table_width) // 2, 0)
    p = _w("p")
    ppr = _sub(p, "pPr")
    tabs = _sub(ppr, "tabs")
    _sub(tabs, "tab", val="center", pos=str(indent + table_width // 2))
    _sub(tabs, "tab", val="right", pos=str(indent + table_width))
    _sub(ppr, "spacing", before="0", after="0", line="240", lineRule="auto")
    _sub(ppr, "ind", left=str(indent))
    _sub(ppr, "jc", val="left")
    for i, text in enumerate(line):
        r = _sub(p, "r")
        r.append(copy.deepcopy(rpr))
        if i:
            _sub(r, "tab")
        if text:
            t = _sub(r, "t")
            t.text = clean_text(text)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p


def _table_xml(table: Table, fonts: _Fonts, usable_twips: int) -> etree._Element:
    widths = _grid_widths(table, usable_twips)
    tbl = _w("tbl")
    pr = _sub(tbl, "tblPr")
    _sub(pr, "tblW", w=str(sum(widths)), type="dxa")
    _sub(pr, "jc", val="center")
    borders = _sub(pr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _sub(borders, side, val="single", sz="4", space="0", color="000000")
    _sub(pr, "tblLayout", type="fixed")
    margins = _sub(pr, "tblCellMar")
    for side in ("left", "right"):
        _sub(margins, side, w="80", type="dxa")
    grid = _sub(tbl, "tblGrid")
    for width in widths:
        _sub(grid, "gridCol", w=str(width))

    placed = table.placed()
    starts: dict[tuple[int, int], Placed] = {(p.row, p.col): p for p in placed}
    covering: dict[tuple[int, int], Placed] = {}
    for p in placed:
        for r in range(p.row + 1, p.last_row + 1):
            covering[(r, p.col)] = p
    columns = len(widths)
    for r, row in enumerate(table.rows):
        tr = _sub(tbl, "tr")
        trpr = _sub(tr, "trPr")
        if max((len(cell.text) for cell in row.cells), default=0) <= KEEP_ROW_CHARS:
            _sub(trpr, "cantSplit")  # short rows stay whole; long narrative rows may break across pages
        if row.header:
            _sub(trpr, "tblHeader")
        c = 0
        while c < columns:
            start = starts.get((r, c))
            cont = covering.get((r, c))
            owner = start or cont
            if owner is None:  # cannot happen: placed() checked the grid
                raise ValueError(f"{table.name}: nothing at row {r} col {c}")
            span = owner.cell.colspan
            tc = _sub(tr, "tc")
            tcpr = _sub(tc, "tcPr")
            _sub(tcpr, "tcW", w=str(sum(widths[c:c + span])), type="dxa")
            if span > 1:
                _sub(tcpr, "gridSpan", val=str(span))
            if owner.cell.rowspan > 1:
                if start is not None:
                    _sub(tcpr, "vMerge", val="restart")
                else:
                    _sub(tcpr, "vMerge")
            if owner.cell.role in ("header", "section"):
                _sub(tcpr, "shd", val="clear", color="auto", fill=GREY)
            _sub(tcpr, "vAlign", val="center")
            if start is not None:
                for para in _cell_paragraphs(start.cell, fonts):
                    tc.append(para)
            else:
                tc.append(_w("p"))  # a continuation cell still ends with a paragraph
            c += span
    return tbl


def _zh_reference(document: docx.document.Document, options: WriterOptions) -> None:
    """Turn python-docx's stock template into a zh-CN reference document."""
    settings = document.settings.element
    for lang in settings.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in list(rpr):
        if old.tag in (qn("w:rFonts"), qn("w:lang"), qn("w:sz"), qn("w:szCs")):
            rpr.remove(old)
    latin = options.latin_font
    rpr.insert(0, _w("rFonts", ascii=latin, hAnsi=latin, eastAsia=options.body_font, cs=latin))
    rpr.append(_w("sz", val=str(int(options.body_size * 2))))
    rpr.append(_w("szCs", val=str(int(options.body_size * 2))))
    rpr.append(_w("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))


def _fixed_properties(document: docx.document.Document, title: str) -> None:
    core = document.core_properties
    core.title = clean_text(title).replace("\n", " ")[:255]  # Word's core properties hold 255 characters
    core.author = ""
    core.last_modified_by = ""
    core.comments = ""
    core.keywords = ""
    core.subject = ""
    core.category = ""
    core.revision = 1
    core.created = dt.datetime(2000, 1, 1)
    core.modified = dt.datetime(2000, 1, 1)
    # docProps/app.xml of the stock template names Word and a template: make it ours
    app = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/docProps/app.xml"), None)
    if app is not None:
        app._blob = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>{GENERATOR}</Application><DocSecurity>0</DocSecurity></Properties>"
        ).encode()


def _page_number_footer(section, fonts: _Fonts) -> None:
    footer = section.footer
    p = footer.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    ppr = _sub(p, "pPr")
    _sub(ppr, "jc", val="center")
    rpr = fonts.rpr(fonts.options.body_font, 9)

    def run(text: str | None = None, field: str | None = None, instr: str | None = None) -> None:
        r = _sub(p, "r")
        r.append(copy.deepcopy(rpr))
        if text is not None:
            t = _sub(r, "t")
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if field is not None:
            _sub(r, "fldChar", fldCharType=field)
        if instr is not None:
            it = _sub(r, "instrText")
            it.text = instr
            it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    run(text="第 ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run(text="1")
    run(field="end")
    run(text=" 页")


def _table_blocks(table: Table, fonts: _Fonts, usable: int) -> list[etree._Element]:
    options = fonts.options
    blocks: list[etree._Element] = []
    if table.marker:
        blocks.append(_paragraph(clean_text(table.marker), fonts.rpr(options.title_font, options.body_size, colour="C00000"), "center", 120))
    blocks.append(_paragraph(clean_text(table.title), fonts.rpr(options.title_font, options.title_size), "center", 60))
    for line in table.subtitles:
        blocks.append(_paragraph(clean_text(line), fonts.rpr(options.body_font, options.body_size + 1), "center", 60))
    table_width = sum(_grid_widths(table, usable))
    for items in table.header_lines:
        blocks.append(_header_line(items, fonts.rpr(options.body_font, options.body_size), table_width, usable))
    if table.unit_line:
        blocks.append(_paragraph(clean_text(table.unit_line), fonts.rpr(options.body_font, options.body_size), "right"))
    blocks.append(_table_xml(table, fonts, usable))
    for note in table.notes:
        blocks.append(_paragraph(clean_text(note), fonts.rpr(options.body_font, options.body_size - 1.5), "left"))
    return blocks


def _section_blocks(section: Section, fonts: _Fonts) -> list[etree._Element]:
    """A cover, the contents or a narrative: paragraphs in the 公文 fonts (仿宋 text, 黑体 headings)."""
    options = fonts.options
    text_size = options.body_size + 1.5
    blocks: list[etree._Element] = []
    if section.kind == "cover":
        for _ in range(8):
            blocks.append(_w("p"))
    for p in section.paragraphs:
        text = clean_text(p.text)
        if p.style == "title":
            size = options.title_size * (1.6 if section.kind == "cover" else 1)
            blocks.append(_paragraph(text, fonts.rpr(options.title_font, size), "center", 240))
        elif p.style == "subtitle":
            blocks.append(_paragraph(text, fonts.rpr(options.body_font, options.title_size), "center", 160))
        elif p.style == "heading":
            blocks.append(_paragraph(text, fonts.rpr(options.title_font, text_size + 1), "left", 120))
        else:
            para = _paragraph(text, fonts.rpr(options.body_font, text_size), "left", 60)
            if p.style == "body":  # 首行缩进两字
                para.find(qn("w:pPr")).append(_w("ind", firstLineChars="200", firstLine=str(int(text_size * 40))))
            else:
                para.find(qn("w:pPr")).append(_w("ind", left=str(int(text_size * 40))))
            blocks.append(para)
    return blocks


def write_docx(document: Document, path: Path, options: WriterOptions = WriterOptions()) -> list[Notice]:
    """Write every table of ``document`` into one .docx at ``path`` (whole or not at all)."""
    data, notices = docx_bytes(document, options)
    atomic_write(Path(path), data)
    return notices


def docx_bytes(document: Document, options: WriterOptions = WriterOptions()) -> tuple[bytes, list[Notice]]:
    """The .docx of ``document`` as bytes (normalised: the same document gives the same bytes)."""
    word = docx.Document()
    _zh_reference(word, options)
    _fixed_properties(word, document.title)
    fonts = _Fonts(options)
    body = word.element.body
    for child in list(body):
        if child.tag == qn("w:p"):
            body.remove(child)
    for index, part in enumerate(document.content):
        section = word.sections[0] if index == 0 else word.add_section(WD_SECTION.NEW_PAGE)
        landscape = getattr(part, "orientation", "portrait") == "landscape"
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (A4[1], A4[0]) if landscape else A4
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        if index == 0:
            _page_number_footer(section, fonts)
        width, left, right = section.page_width, section.left_margin, section.right_margin
        assert width is not None and left is not None and right is not None  # set just above
        usable = int((width - left - right) / 635)  # EMU → twips (as Word stores them, rounded)
        blocks = _section_blocks(part, fonts) if isinstance(part, Section) else _table_blocks(part, fonts, usable)
        # the body's last sectPr describes the section being written; add_section() has already
        # closed the previous one with a paragraph of its own, so the blocks go just before it
        final = body.find(qn("w:sectPr"))
        for block in blocks:
            final.addprevious(block)
    buffer = io.BytesIO()
    word.save(buffer)
    return normalize_zip(buffer.getvalue()), []
