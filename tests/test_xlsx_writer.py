"""The Excel writer, read back with openpyxl (and, where openpyxl hides the file, its raw XML)."""

from __future__ import annotations

import hashlib
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from docgen.render.output import WriterOptions
from docgen.render.tree import Cell, Document, Row, Table
from docgen.render.writers.xlsx import (
    EXCEL_MAX_TEXT,
    clean_text,
    grid_start_row,
    sheet_names,
    write_xlsx,
    xlsx_bytes,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"m": MAIN}
COLUMNS = (25.0, 35.0, 35.0, 45.0)


def sample_table(**changes) -> Table:
    """4 columns; 2 header rows with a rowspan-2 and a colspan-3 heading; a rowspan-2 label; a
    number; a formula-like text; a multi-line text; a section row; a row of texts starting with
    + - @."""
    h = "header"
    rows = (
        Row((Cell("一级指标", role=h, rowspan=2), Cell("绩效指标", role=h, colspan=3)), header=True),
        Row((Cell("二级指标", role=h), Cell("三级指标", role=h), Cell("指标值", role=h)), header=True),
        Row((Cell("产出指标", role="label", rowspan=2), Cell("数量指标", role="label"), Cell("=10.82 万元"),
             Cell("1,234.50", role="number", number=Decimal("1234.50")))),
        Row((Cell("质量指标", role="label"), Cell("第一行\n第二行", colspan=2))),
        Row((Cell("效益指标", role="section", colspan=4),)),
        Row((Cell("+1", align="right"), Cell("-2 个"), Cell("@全体"),
             Cell("50.0%", role="number", number=Decimal("0.5"), number_format="0.0%"))),
    )
    fields = dict(
        name="项目绩效目标表", title="项目支出绩效目标申报表", columns=COLUMNS, rows=rows,
        subtitles=("（2020年度）", "部门公开表9"), unit_line="单位：万元",
        notes=("注：1. 本表由项目单位填报。", "注：2. 金额单位为万元。"), marker="内部版本，勿公开",
    )
    fields.update(changes)
    return Table(**fields)


# Where each part lands (1-based Excel rows): marker 1, title 2, subtitles 3-4, unit line 5,
# grid 6-11, notes 12-13.
GRID_TOP = 6


def write(tmp_path: Path, *tables: Table, name: str = "out.xlsx", **options) -> tuple[Path, list]:
    path = tmp_path / name
    notices = write_xlsx(Document("doc", "文档标题", tables), path, WriterOptions(**options))
    return path, notices


def load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def raw_style(path: Path, sheet_index: int, coordinate: str) -> dict[str, str | None]:
    """The border edges the file itself gives one cell.

    openpyxl cannot be used for this: on loading it replaces the non-origin cells of a merge by
    ``MergedCell``s and re-creates their borders from the top-left cell (``_clean_merge_range``),
    which would hide a file whose merged edges lack borders (pitfall C3).
    """
    with zipfile.ZipFile(path) as z:
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        rid = workbook.findall("m:sheets/m:sheet", NS)[sheet_index].get(f"{{{REL}}}id")
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        sheet = ET.fromstring(z.read("xl/" + target))
        styles = ET.fromstring(z.read("xl/styles.xml"))
    cell = sheet.find(f".//m:c[@r='{coordinate}']", NS)
    assert cell is not None, f"{coordinate} is not in the file"
    xf = styles.findall("m:cellXfs/m:xf", NS)[int(cell.get("s", "0"))]
    border = styles.findall("m:borders/m:border", NS)[int(xf.get("borderId", "0"))]
    edges = {}
    for side in ("left", "right", "top", "bottom"):
        edge = border.find(f"m:{side}", NS)
        edges[side] = edge.get("style") if edge is not None else None
    return edges


def expected_merges(table: Table) -> set[str]:
    """Merged ranges the sheet should have: every line across the width, every grid span."""
    top = grid_start_row(table) + 1
    last = get_column_letter(len(table.columns))
    lines = grid_start_row(table)
    merges = {f"A{r}:{last}{r}" for r in range(1, lines + 1)}
    after = top + len(table.rows)
    merges |= {f"A{r}:{last}{r}" for r in range(after, after + len(table.notes))}
    for p in table.placed():
        if p.cell.rowspan > 1 or p.cell.colspan > 1:
            merges.add(f"{get_column_letter(p.col + 1)}{top + p.row}:{get_column_letter(p.last_col + 1)}{top + p.last_row}")
    return merges


# --- layout of the sheet -----------------------------------------------------------------------

def test_grid_start_follows_the_rule():
    table = sample_table()
    assert grid_start_row(table) + 1 == GRID_TOP
    assert grid_start_row(sample_table(marker="")) == 4
    assert grid_start_row(sample_table(marker="", unit_line="", subtitles=())) == 1


def test_every_text_at_its_place(tmp_path):
    table = sample_table()
    path, notices = write(tmp_path, table)
    assert notices == []
    ws = load(path).worksheets[0]
    assert [ws.cell(r, 1).value for r in range(1, GRID_TOP)] == [
        "内部版本，勿公开", "项目支出绩效目标申报表", "（2020年度）", "部门公开表9", "单位：万元"]
    for placed in table.placed():
        value = ws.cell(GRID_TOP + placed.row, placed.col + 1).value
        if placed.cell.number is not None:
            assert value == float(placed.cell.number)
        else:
            assert value == placed.cell.text
    after = GRID_TOP + len(table.rows)
    assert [ws.cell(r, 1).value for r in (after, after + 1)] == list(table.notes)
    assert ws.max_row == after + 1


def test_merged_ranges_are_the_spans(tmp_path):
    table = sample_table()
    path, _ = write(tmp_path, table)
    ws = load(path).worksheets[0]
    merges = {str(r) for r in ws.merged_cells.ranges}
    assert merges == expected_merges(table)
    # spot checks against the hand-drawn grid
    assert {"A6:A7", "B6:D6", "A8:A9", "C9:D9", "A10:D10"} <= merges
    assert "A2:D2" in merges and "A12:D12" in merges


def test_single_column_table_has_no_merges(tmp_path):
    table = Table(name="一列", title="标题", columns=(50.0,), rows=(Row((Cell("甲"),)),), notes=("注",))
    path, _ = write(tmp_path, table)
    ws = load(path).worksheets[0]
    assert not ws.merged_cells.ranges
    assert [ws.cell(r, 1).value for r in (1, 2, 3)] == ["标题", "甲", "注"]


# --- texts and numbers -------------------------------------------------------------------------

def test_texts_are_never_formulas(tmp_path):
    path, _ = write(tmp_path, sample_table(), sample_table(title="=SUM(A1:A2)", notes=("=1+1",)))
    wb = load(path)
    ws = wb.worksheets[0]
    cell = ws.cell(GRID_TOP + 2, 3)
    assert cell.value == "=10.82 万元" and cell.data_type == "s"
    row = GRID_TOP + 5
    assert [ws.cell(row, c).value for c in (1, 2, 3)] == ["+1", "-2 个", "@全体"]
    assert all(ws.cell(row, c).data_type == "s" for c in (1, 2, 3))
    assert wb.worksheets[1]["A2"].value == "=SUM(A1:A2)"
    for sheet in wb.worksheets:
        for line in sheet.iter_rows():
            for c in line:
                assert c.data_type != "f", c.coordinate
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_number_cells_are_numbers_with_their_format(tmp_path):
    path, _ = write(tmp_path, sample_table())
    ws = load(path).worksheets[0]
    amount = ws.cell(GRID_TOP + 2, 4)
    assert amount.data_type == "n" and amount.value == 1234.5
    assert amount.number_format == "#,##0.00"
    share = ws.cell(GRID_TOP + 5, 4)
    assert share.data_type == "n" and share.value == 0.5 and share.number_format == "0.0%"


@pytest.mark.parametrize(("text", "number", "fmt"), [
    ("1,234.50", "1234.5", "#,##0.00"),
    ("510.86", "510.86", "0.00"),      # no thousands separator in the text: none in Excel either
    ("1234.5", "1234.5", "0.0"),
    ("12", "12", "0"),
    ("-3,000", "-3000", "#,##0"),
    ("约 5 万", "5", "#,##0.00"),       # not a plain number: the default format
])
def test_number_format_shows_the_text(tmp_path, text, number, fmt):
    table = Table(name="数", title="数", columns=(40.0,),
                  rows=(Row((Cell(text, role="number", number=Decimal(number)),)),))
    path, _ = write(tmp_path, table)
    cell = load(path).worksheets[0]["A2"]
    assert cell.data_type == "n" and cell.value == float(number) and cell.number_format == fmt


def test_control_characters_do_not_crash(tmp_path):
    table = sample_table(rows=(Row((Cell("甲\x0b乙\x01丙\x1f", colspan=2), Cell("\x00"), Cell("_x0041_\r\n丁"))),))
    path, notices = write(tmp_path, table)
    assert notices == []
    ws = load(path).worksheets[0]
    assert ws.cell(GRID_TOP, 1).value == "甲\n乙丙"
    assert ws.cell(GRID_TOP, 3).value is None
    assert ws.cell(GRID_TOP, 4).value == "_x0041_\n丁"  # XlsxWriter escapes the _xHHHH_ look-alike
    assert clean_text("a\x0bb\x0c\x08c\td") == "a\nbc\td"


def test_text_over_excel_limit_is_cut_and_reported(tmp_path):
    long = "长" * (EXCEL_MAX_TEXT + 10)
    table = sample_table(rows=(Row((Cell(long, colspan=4),)),))
    path, notices = write(tmp_path, table)
    assert len(notices) == 1
    notice = notices[0]
    assert notice.code == "W002"
    assert dict(notice.params) == {"table": "项目绩效目标表", "length": str(EXCEL_MAX_TEXT + 10)}
    assert "32,767" in notice.message.msgid
    assert load(path).worksheets[0].cell(GRID_TOP, 1).value == "长" * EXCEL_MAX_TEXT


# --- formatting --------------------------------------------------------------------------------

def test_borders_on_every_cell_of_a_merge(tmp_path):
    table = sample_table()
    path, _ = write(tmp_path, table)
    top = GRID_TOP
    for p in table.placed():
        for r in range(top + p.row, top + p.last_row + 1):
            for c in range(p.col + 1, p.last_col + 2):
                coordinate = f"{get_column_letter(c)}{r}"
                edges = raw_style(path, 0, coordinate)
                assert set(edges.values()) == {"thin"}, (coordinate, edges)
    # the bottom-right corners of the merges, named (pitfall C3)
    for corner in ("A7", "D6", "A9", "D9", "D10"):
        edges = raw_style(path, 0, corner)
        assert edges["right"] == "thin" and edges["bottom"] == "thin"
    # the title lines have no border
    assert raw_style(path, 0, "D2")["bottom"] is None


def test_fonts_fills_and_alignment(tmp_path):
    path, _ = write(tmp_path, sample_table(), body_font="仿宋", body_size=12, title_font="方正小标宋简体", title_size=18)
    ws = load(path).worksheets[0]
    title = ws["A2"]
    assert (title.font.name, title.font.sz) == ("方正小标宋简体", 18)
    assert title.alignment.horizontal == "center"
    assert ws["A5"].alignment.horizontal == "right"  # unit line
    note = ws.cell(GRID_TOP + 6, 1)
    assert note.alignment.horizontal == "left" and note.alignment.wrap_text

    header = ws.cell(GRID_TOP, 1)
    assert header.fill.fill_type == "solid" and header.fill.fgColor.rgb.endswith("D9D9D9")
    section = ws.cell(GRID_TOP + 4, 1)
    assert section.fill.fill_type == "solid"
    value = ws.cell(GRID_TOP + 2, 3)
    assert value.fill.fill_type is None
    assert (value.font.name, value.font.sz) == ("仿宋", 12)
    assert value.alignment.horizontal == "left"
    assert value.alignment.vertical == "center" and value.alignment.wrap_text
    assert ws.cell(GRID_TOP + 2, 1).alignment.horizontal == "center"   # label
    assert ws.cell(GRID_TOP + 2, 4).alignment.horizontal == "right"    # number
    assert ws.cell(GRID_TOP + 5, 1).alignment.horizontal == "right"    # explicit align


def test_column_widths_follow_millimetres(tmp_path):
    path, _ = write(tmp_path, sample_table())
    ws = load(path).worksheets[0]
    for i, mm in enumerate(COLUMNS):
        letter = get_column_letter(i + 1)
        dim = ws.column_dimensions[letter]
        if dim.min != i + 1:  # openpyxl groups equal neighbouring columns under the first one
            dim = next(d for d in ws.column_dimensions.values() if d.min <= i + 1 <= d.max)
        # 96 px per inch; Calibri 11 characters of 7 px (padding included in the stored width)
        assert dim.width == pytest.approx(round(mm * 96 / 25.4) / 7, abs=0.01)


def test_row_heights_grow_with_wrapped_text(tmp_path):
    short = "短"
    ascii_text = "a" * 60
    cjk_text = "汉" * 60
    table = Table(name="高", title="高", columns=(30.0, 30.0), rows=(
        Row((Cell(short), Cell(short))),
        Row((Cell("一\n二\n三"), Cell(short))),
        Row((Cell(ascii_text), Cell(short))),
        Row((Cell(cjk_text), Cell(short))),
        Row((Cell(cjk_text * 3, colspan=2),)),
        Row((Cell(cjk_text * 3, rowspan=2), Cell(short))),
        Row((Cell(short),)),
        Row((Cell(cjk_text * 200), Cell(short))),
    ))
    path, _ = write(tmp_path, table)
    ws = load(path).worksheets[0]
    h = [ws.row_dimensions[2 + i].height for i in range(len(table.rows))]
    size = WriterOptions().body_size
    assert h[0] >= size
    assert h[1] >= 3 * size and h[1] > h[0]
    assert h[2] > h[0]
    assert h[3] > h[2]                       # CJK characters are twice as wide
    assert h[4] < h[3] * 3                   # twice the width: about half the lines
    assert h[5] + h[6] >= h[3] * 3 * 0.9     # a rowspan shares its height over its rows
    assert h[7] <= 409                       # Excel's ceiling
    # 60 CJK characters in 30 mm of 10.5 pt text: at least 60 × 10.5 pt / 85 pt ≈ 7.4 lines
    assert h[3] >= 8 * size


def test_print_setup(tmp_path):
    path, _ = write(tmp_path, sample_table(), sample_table(orientation="landscape", marker=""),
                    sample_table(rows=sample_table().rows[2:], marker=""))
    wb = load(path)
    first, second, third = wb.worksheets
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth or 1) == 1     # 1 is the file format's default
        assert int(ws.page_setup.fitToHeight) == 0
        assert ws.print_options.horizontalCentered
        assert 0.3 <= ws.page_margins.left <= 1 and 0.3 <= ws.page_margins.top <= 1.2
    assert first.page_setup.orientation == "portrait"
    assert second.page_setup.orientation == "landscape"
    # title block + the two header rows
    assert first.print_title_rows == f"$1:${GRID_TOP + 1}"
    assert second.print_title_rows == f"$1:${GRID_TOP}"
    # no header rows: the title block alone
    assert third.print_title_rows == "$1:$4"


# --- workbook ----------------------------------------------------------------------------------

def test_sheet_names_valid_short_and_unique(tmp_path):
    long = "河南省安阳市公安局报警视频监控系统运维项目支出绩效目标申报表（2020年度）"
    path, _ = write(tmp_path, *(sample_table(name=long) for _ in range(3)))
    names = load(path).sheetnames
    assert names == [long[:31], long[:27] + " (2)", long[:27] + " (3)"]
    assert all(len(n) <= 31 for n in names)

    assert sheet_names(["项目绩效目标表"] * 3) == ["项目绩效目标表", "项目绩效目标表 (2)", "项目绩效目标表 (3)"]
    assert sheet_names(["收入/支出[1]: a*b?\\c", "'引号'", "", "History", "abc", "ABC"]) == [
        "收入／支出［1］： a＊b？＼c", "引号", "Sheet", "History (2)", "abc", "ABC (2)"]
    assert sheet_names(["a (2)", "a", "a"]) == ["a (2)", "a", "a (3)"]


def test_same_document_same_bytes(tmp_path):
    tables = (sample_table(), sample_table(orientation="landscape"))
    first, _ = write(tmp_path, *tables, name="one.xlsx")
    second, _ = write(tmp_path, *tables, name="two.xlsx")
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    with zipfile.ZipFile(first) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and "<dc:creator></dc:creator>" in core
    props = load(first).properties
    assert props.creator in (None, "") and props.lastModifiedBy in (None, "")
    assert props.title == "文档标题"


def test_replaces_an_existing_file_whole(tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old contents " * 100_000)  # larger than the new file
    write_xlsx(Document("doc", "文档标题", (sample_table(),)), path)
    fresh, _ = xlsx_bytes(Document("doc", "文档标题", (sample_table(),)))
    assert path.read_bytes() == fresh
    assert load(path).sheetnames == ["项目绩效目标表"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]  # no temporary file left


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"previous")
    broken = sample_table(rows=(Row((Cell("甲", colspan=5),)),))  # wider than the 4 columns
    with pytest.raises(ValueError):
        write_xlsx(Document("doc", "t", (broken,)), path)
    assert path.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_document_without_tables_is_refused(tmp_path):
    with pytest.raises(ValueError):
        write_xlsx(Document("doc", "t", ()), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_nothing_hidden_no_comments_no_names(tmp_path):
    path, _ = write(tmp_path, sample_table(), sample_table())
    wb = load(path)
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)
    for ws in wb.worksheets:
        assert all(c.comment is None for line in ws.iter_rows() for c in line)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
    assert not [n for n in names if "comment" in n or "vmlDrawing" in n or "drawing" in n]
    defined = [d.get("name") for d in workbook.iter(f"{{{MAIN}}}definedName")]
    assert defined and all(d.startswith("_xlnm.Print_") for d in defined)
