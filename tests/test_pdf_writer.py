"""The PDF writer, read back with independent readers (pdfplumber, pypdf).

Tables are built directly from the format-free tree, so these tests need no spec, layout or
region: they prove that whatever a layout produces comes out of the PDF as drawn.
"""

from __future__ import annotations

import getpass
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pdfplumber
import pytest
from pypdf import PdfReader

from docgen.render import fonts
from docgen.render.fonts import PdfFont, parse_font_spec, pdf_font
from docgen.render.output import GENERATOR, WriterOptions
from docgen.render.tree import Cell, Document, Row, Table
from docgen.render.writers.pdf import W001, markup, write_pdf

MM = 72 / 25.4  # points per millimetre
FRAME_LEFT = 15 * MM  # the writer's side margin

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
ZENHEI = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


# --- tables -------------------------------------------------------------------------------------


def header(text: str, **kw) -> Cell:
    return Cell(text, role="header", **kw)


def label(text: str, **kw) -> Cell:
    return Cell(text, role="label", **kw)


def value(text: str, **kw) -> Cell:
    return Cell(text, role="value", **kw)


def number(text: str) -> Cell:
    return Cell(text, role="number", number=Decimal(text.replace(",", "")), number_format="#,##0.00")


COLUMNS = (30.0, 35.0, 80.0, 35.0)  # 180 mm: exactly the portrait frame


def sample_table(**overrides) -> Table:
    """A small 项目绩效目标表: colspan-3 value, rowspan-2 label, numbers, a section row."""
    rows = (
        Row(
            (label("项目名称"), value("报警视频监控系统运维项目（全市一期、二期工程合并实施）", colspan=3)),
            header=True,
        ),
        Row((label("主管部门"), value("安阳市公安局"), label("实施单位"), value("视频监控管理处")), header=True),
        Row(
            (label("项目资金（万元）", rowspan=2), label("年度资金总额"), number("510.86"), value("左对齐"))
        ),
        Row((label("其中：财政拨款"), number("1,234.50"), value("第一行\n第二行"))),
        Row((Cell("绩效指标", role="section", colspan=4),)),
        Row((header("一级指标"), header("二级指标"), header("三级指标"), header("指标值"))),
        Row((label("产出指标"), label("数量指标"), value("运维摄像头数量"), value("≥881个"))),
    )
    fields = dict(
        name="项目绩效目标表",
        title="项目支出绩效目标表",
        columns=COLUMNS,
        rows=rows,
        subtitles=("（2020年度）",),
        unit_line="单位：万元",
        notes=("注：本表由项目单位填报。",),
        marker="内部版本，不得公开",
    )
    fields.update(overrides)
    return Table(**fields)


def long_table(n: int = 80, title: str = "长表") -> Table:
    rows = [Row((header("序号"), header("指标名称"), header("指标值")), header=True)]
    rows += [
        Row((number(str(i)), value(f"第{i}项指标：对全市报警视频监控系统进行日常巡检与维护"), value("≥95%")))
        for i in range(n)
    ]
    return Table(name=title, title=title, columns=(20.0, 120.0, 40.0), rows=tuple(rows))


def render(tmp_path: Path, *tables: Table, name: str = "out", options: WriterOptions = WriterOptions()):
    path = tmp_path / f"{name}.pdf"
    notices = write_pdf(Document(name=name, title="测试文档", tables=tables), path, options)
    return path, notices


def squash(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines wherever the cell wrapped them."""
    return re.sub(r"\s+", "", text)


def all_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def words_of(page, text: str) -> list[dict]:
    found = [w for w in page.extract_words() if w["text"] == text]
    assert found, f"{text!r} not on the page"
    return found


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    path, _notices = render(tmp_path_factory.mktemp("pdf"), sample_table(), name="sample")
    return path


@pytest.fixture(scope="module")
def font() -> PdfFont:
    return pdf_font(WriterOptions())


needs_truetype = pytest.mark.skipif(
    not pdf_font(WriterOptions()).embedded, reason="no TrueType Chinese font on this machine"
)


# --- content ------------------------------------------------------------------------------------


def assert_prints(path: Path, table: Table) -> None:
    """Every cell of ``table`` is in its place in the PDF's (first) grid; every other line is printed."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        (found,) = page.find_tables()
        grid = found.extract()
        text = squash(page.extract_text())
    assert len(grid) == len(table.rows)
    for p in table.placed():
        assert squash(grid[p.row][p.col]) == squash(p.cell.text), (p.row, p.col)
    cells = {p.cell.text for p in table.placed()}
    for line in table.texts():
        if line not in cells:
            assert squash(line) in text


def test_every_text_of_the_table_is_printed(sample_pdf: Path) -> None:
    assert_prints(sample_pdf, sample_table())


def test_no_notice_with_a_truetype_font(tmp_path: Path, font: PdfFont) -> None:
    _, notices = render(tmp_path, sample_table())
    assert [n.code for n in notices] == ([] if font.embedded else ["W001"])


def test_spans_come_out_as_merged_cells(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        (found,) = page.find_tables()
        grid = found.extract()
        rows = found.rows
    # colspan 3: one cell, then two covered positions
    assert grid[0][0] == "项目名称"
    assert grid[0][2:] == [None, None]
    project_cell = rows[0].cells[1]
    assert project_cell[2] - project_cell[0] == pytest.approx((35 + 80 + 35) * MM, abs=1)
    # rowspan 2: the label's cell is two rows high, the position below it is covered
    assert squash(grid[2][0]) == "项目资金（万元）"
    assert grid[3][0] is None
    money_cell = rows[2].cells[0]
    beside = rows[2].cells[1], rows[3].cells[1]  # 年度资金总额, 其中：财政拨款
    assert money_cell[1] == pytest.approx(beside[0][1], abs=0.5)
    assert money_cell[3] == pytest.approx(beside[1][3], abs=0.5)
    assert beside[1][1] > beside[0][1] + 5  # two distinct rows
    # the section row spans all four columns
    assert grid[4] == ["绩效指标", None, None, None]
    # every other cell is where the tree put it
    assert grid[1] == ["主管部门", "安阳市公安局", "实施单位", "视频监控管理处"]
    assert grid[5] == ["一级指标", "二级指标", "三级指标", "指标值"]


def test_column_widths_follow_the_tree(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        (found,) = pdf.pages[0].find_tables()
        cells = found.rows[5].cells
    widths = [c[2] - c[0] for c in cells]
    assert widths == pytest.approx([w * MM for w in COLUMNS], abs=0.5)


def test_too_wide_columns_are_scaled_down_proportionally(tmp_path: Path) -> None:
    table = Table(
        name="宽",
        title="宽表",
        columns=(100.0, 200.0, 100.0),  # 400 mm on a 180 mm frame
        rows=(
            Row((header("甲"), header("乙"), header("丙")), header=True),
            Row((value("一"), value("二"), value("三"))),
        ),
    )
    path, _ = render(tmp_path, table)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        (found,) = page.find_tables()
        cells = found.rows[0].cells
        x0, _, x1, _ = found.bbox
    assert x0 == pytest.approx(FRAME_LEFT, abs=1)
    assert x1 == pytest.approx(page.width - FRAME_LEFT, abs=1)
    widths = [c[2] - c[0] for c in cells]
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.5)
    assert widths[2] == pytest.approx(widths[0], abs=0.5)


def test_cell_alignment(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        (found,) = page.find_tables()
        money_row = found.rows[2].cells
        (amount,) = words_of(page, "510.86")
        (left,) = words_of(page, "左对齐")
        (heading,) = words_of(page, "三级指标")
        heading_cell = found.rows[5].cells[2]
    pad = 3  # the writer's cell padding, in points
    # number: right aligned
    assert amount["x1"] == pytest.approx(money_row[2][2] - pad, abs=1.5)
    # value: left aligned
    assert left["x0"] == pytest.approx(money_row[3][0] + pad, abs=1.5)
    # header: centred
    assert (heading["x0"] + heading["x1"]) / 2 == pytest.approx((heading_cell[0] + heading_cell[2]) / 2, abs=1.5)


def test_cells_are_vertically_centred(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        (found,) = page.find_tables()
        # the rowspan-2 label sits in the middle of its two rows
        cell = found.rows[2].cells[0]
        (word,) = words_of(page, "项目资金（万元）")
    assert (word["top"] + word["bottom"]) / 2 == pytest.approx((cell[1] + cell[3]) / 2, abs=2)


def test_title_block_and_notes(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        (found,) = page.find_tables()
        grid_x0, grid_top, grid_x1, grid_bottom = found.bbox
        (marker,) = words_of(page, "内部版本，不得公开")
        (title,) = words_of(page, "项目支出绩效目标表")
        (subtitle,) = words_of(page, "（2020年度）")
        (unit,) = words_of(page, "单位：万元")
        (note,) = words_of(page, "注：本表由项目单位填报。")
        (cell,) = words_of(page, "安阳市公安局")
        centre = page.width / 2
        marker_colours = {c["non_stroking_color"] for c in page.chars if c["top"] == pytest.approx(marker["top"])}
    # marker above the title, in red
    assert marker["bottom"] <= title["top"]
    assert marker_colours and all(c[0] > 0.5 and c[1] < 0.2 and c[2] < 0.2 for c in marker_colours)
    # title and subtitle centred, the title larger than the cell text
    assert (title["x0"] + title["x1"]) / 2 == pytest.approx(centre, abs=1)
    assert (subtitle["x0"] + subtitle["x1"]) / 2 == pytest.approx(centre, abs=1)
    assert title["bottom"] - title["top"] > 1.3 * (cell["bottom"] - cell["top"])
    assert title["bottom"] <= subtitle["top"] <= unit["top"]
    # unit line right-aligned with the grid, just above it
    assert unit["x1"] == pytest.approx(grid_x1, abs=1)
    assert unit["bottom"] <= grid_top
    # notes under the grid, left aligned with it, smaller than the cell text
    assert note["top"] >= grid_bottom
    assert note["x0"] == pytest.approx(grid_x0, abs=1)
    assert note["bottom"] - note["top"] < cell["bottom"] - cell["top"]


def test_unit_line_and_notes_follow_a_narrow_grid(tmp_path: Path) -> None:
    table = sample_table(columns=(20.0, 25.0, 50.0, 25.0))  # 120 mm, centred in 180 mm
    path, _ = render(tmp_path, table)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        (found,) = page.find_tables()
        (unit,) = words_of(page, "单位：万元")
        (note,) = words_of(page, "注：本表由项目单位填报。")
    assert (found.bbox[0] + found.bbox[2]) / 2 == pytest.approx(page.width / 2, abs=1)
    assert unit["x1"] == pytest.approx(found.bbox[2], abs=1)
    assert note["x0"] == pytest.approx(found.bbox[0], abs=1)


def test_header_and_section_cells_are_shaded(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        plain = (None, (0,), (1,), (0, 0, 0), (1, 1, 1))
        shaded = [r for r in page.rects if r["fill"] and r["non_stroking_color"] not in plain]

        def is_shaded(word: dict) -> bool:
            return any(
                r["x0"] <= word["x0"] <= word["x1"] <= r["x1"] and r["top"] <= word["top"] <= word["bottom"] <= r["bottom"]
                for r in shaded
            )

        for text in ("一级指标", "三级指标", "绩效指标"):
            assert all(is_shaded(w) for w in words_of(page, text)), text
        for text in ("安阳市公安局", "510.86", "运维摄像头数量"):
            assert not any(is_shaded(w) for w in words_of(page, text)), text
    grey = {r["non_stroking_color"] for r in shaded}
    assert all(0.75 <= channel < 1 for colour in grey for channel in colour)


def test_newlines_in_a_cell_are_line_breaks(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        (first,) = words_of(page, "第一行")
        (second,) = words_of(page, "第二行")
    assert second["top"] > first["bottom"] - 0.5
    assert second["x0"] == pytest.approx(first["x0"], abs=0.5)


# --- escaping -----------------------------------------------------------------------------------


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    _CountingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_markup_in_data_is_printed_literally_and_never_fetched(tmp_path: Path, local_server: str) -> None:
    image = f'<img src="{local_server}/x.png" width="10" height="10"/>'
    hostile = ("<b>&x</b>", "S&P 500 &amp; <i>co</i>", image, "a < b > c", "<para>")
    table = Table(
        name="转义",
        title="<title>&amp;",
        columns=(60.0, 120.0),
        rows=tuple(Row((label(f"第{i}格"), value(text))) for i, text in enumerate(hostile)),
        notes=(f'<font color="red">{image}</font>',),
    )
    path, _ = render(tmp_path, table)
    assert_prints(path, table)
    assert _CountingHandler.hits == []


def test_markup_escapes_and_keeps_line_breaks() -> None:
    assert markup("<b>&x</b>") == "&lt;b&gt;&amp;x&lt;/b&gt;"
    assert markup("一\n二\r\n三") == "一<br/>二<br/>三"


# --- pagination ---------------------------------------------------------------------------------


def test_header_rows_repeat_on_every_page(tmp_path: Path) -> None:
    path, _ = render(tmp_path, long_table(80))
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            grid = page.extract_tables()[0]
            assert grid[0] == ["序号", "指标名称", "指标值"]
        # the rows continue where the previous page stopped, none lost or doubled
        numbers = [int(r[0]) for page in pdf.pages for r in page.extract_tables()[0][1:]]
    assert numbers == list(range(80))


def test_a_row_taller_than_a_page_is_split(tmp_path: Path) -> None:
    text = "开头标记" + "绩效目标完成情况良好" * 2000 + "结尾标记"  # 20,008 characters
    assert len(text) > 20_000
    table = Table(
        name="长文本",
        title="长文本表",
        columns=(30.0, 150.0),
        rows=(
            Row((header("项目"), header("说明")), header=True),
            Row((label("项目概况"), value(text))),
            Row((label("下一行"), value("表格在长文本之后继续"))),
        ),
    )
    path, _ = render(tmp_path, table)
    pieces = []
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 5
        for page in pdf.pages:
            # the repeated header row opens every page; read the second column below it
            (heading,) = words_of(page, "说明")
            grid_top = heading["bottom"] + 3
            column = page.crop((FRAME_LEFT + 30 * MM + 1, grid_top, page.width, page.height - 18 * MM))
            pieces.append(squash(column.extract_text()))
    # every character, in order, from the beginning to the end; then the next row
    assert "".join(pieces) == squash(text) + "表格在长文本之后继续"
    # no page is left over with nothing but the header (a reportlab splitInRow pitfall)
    assert all(len(piece) > 500 for piece in pieces[:-1])


def test_each_table_starts_a_page_in_its_orientation(tmp_path: Path) -> None:
    wide = Table(
        name="横表",
        title="横向表格",
        columns=(100.0, 100.0, 67.0),
        rows=(
            Row((header("甲"), header("乙"), header("丙")), header=True),
            Row((value("一"), value("二"), number("3.00"))),
        ),
        orientation="landscape",
    )
    path, _ = render(tmp_path, sample_table(), wide, sample_table(title="第三张表"))
    with pdfplumber.open(path) as pdf:
        sizes = [(round(p.width), round(p.height)) for p in pdf.pages]
        texts = [p.extract_text() for p in pdf.pages]
    assert len(sizes) == 3
    assert sizes[0] == sizes[2] == (595, 842)
    assert sizes[1] == (842, 595)
    assert "项目支出绩效目标表" in texts[0] and "横向表格" in texts[1] and "第三张表" in texts[2]


def test_page_numbers_in_the_footer(tmp_path: Path) -> None:
    path, _ = render(tmp_path, long_table(80))
    with pdfplumber.open(path) as pdf:
        for number_, page in enumerate(pdf.pages, start=1):
            footer = [w for w in page.extract_words() if w["top"] > page.height - 18 * MM]
            assert " ".join(w["text"] for w in footer) == f"第 {number_} 页"


def test_one_bookmark_per_table_at_its_first_page(tmp_path: Path) -> None:
    tables = (long_table(80, title="第一张表"), sample_table(title="第二张表"))
    path, _ = render(tmp_path, *tables)
    reader = PdfReader(path)
    outline = reader.outline
    # the bookmark is the table's name (tree.Table.name: file names, sheet names and bookmarks)
    assert [entry.title for entry in outline] == [t.name for t in tables]
    first_pages = [reader.get_destination_page_number(entry) for entry in outline]
    assert first_pages[0] == 0
    assert first_pages[1] == len(reader.pages) - 1
    assert "第二张表" in reader.pages[first_pages[1]].extract_text()


# --- reproducibility and metadata ---------------------------------------------------------------


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    tables = (sample_table(), long_table(60))
    first, _ = render(tmp_path, *tables, name="first")
    second, _ = render(tmp_path, *tables, name="second")
    assert first.read_bytes() == second.read_bytes()


def test_same_bytes_from_another_process(tmp_path: Path, sample_pdf: Path) -> None:
    script = (
        "import sys; from pathlib import Path\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from test_pdf_writer import sample_table\n"
        "from docgen.render.tree import Document\n"
        "from docgen.render.writers.pdf import write_pdf\n"
        "write_pdf(Document(name='sample', title='测试文档', tables=(sample_table(),)), Path(sys.argv[1]))\n"
    )
    other = tmp_path / "other.pdf"
    subprocess.run([sys.executable, "-c", script, str(other), str(Path(__file__).parent)], check=True)
    assert other.read_bytes() == sample_pdf.read_bytes()


def test_metadata_is_fixed(sample_pdf: Path) -> None:
    meta = PdfReader(sample_pdf).metadata
    assert meta.title == "测试文档"
    assert meta["/Author"] == GENERATOR
    assert meta["/Creator"] == GENERATOR
    assert meta["/Producer"] == GENERATOR
    assert str(meta["/CreationDate"]).startswith("D:20000101000000")
    assert str(meta["/ModDate"]).startswith("D:20000101000000")
    user = getpass.getuser()
    if len(user) > 3:
        assert user.encode() not in sample_pdf.read_bytes()


def test_write_is_atomic_and_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "out.pdf"
    path.write_bytes(b"old")
    write_pdf(Document(name="out", title="t", tables=(sample_table(),)), path)
    assert path.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_document_without_tables_is_still_a_pdf(tmp_path: Path) -> None:
    path, _notices = render(tmp_path)
    assert len(PdfReader(path).pages) == 1


# --- fonts --------------------------------------------------------------------------------------


def _fonts_of(path: Path) -> list[dict]:
    found = []
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            found.append(font)
    return found


@needs_truetype
def test_the_font_is_an_embedded_truetype_subset(sample_pdf: Path, font: PdfFont) -> None:
    used = _fonts_of(sample_pdf)
    assert used
    for f in used:
        descriptor = f["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # TrueType outlines, embedded
        assert re.fullmatch(r"/[A-Z]{6}\+.+", f["/BaseFont"])  # a subset
    # no other font is named (e.g. reportlab's default Helvetica, which would not be embedded)
    ps_name = font.name.removeprefix("docgen-")
    assert all(ps_name in f["/BaseFont"] for f in used)


def test_without_truetype_font_the_cid_fallback_warns(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fonts, "_CHOSEN", {})
    monkeypatch.setattr(fonts, "candidates", lambda options: iter(()))
    chosen = pdf_font(WriterOptions())
    assert chosen == PdfFont(name="STSong-Light", path=None, embedded=False)
    path, notices = render(tmp_path, sample_table())
    assert [(n.code, n.message.msgid) for n in notices] == [("W001", W001)]
    assert "non-embedded STSong-Light" in notices[0].message.msgid
    used = _fonts_of(path)
    assert {f["/BaseFont"] for f in used} == {"/STSong-Light"}
    assert all("/FontFile2" not in f.get("/FontDescriptor", {}) for f in used)
    assert "项目支出绩效目标表" in squash(all_text(path))


def test_fonts_are_registered_once_per_process(monkeypatch, font: PdfFont) -> None:
    monkeypatch.setattr(fonts, "_CHOSEN", {})
    monkeypatch.setattr(fonts, "_LOADED", {})
    monkeypatch.setattr(fonts, "_PARSED", {})
    opened: list[tuple] = []
    real = fonts.TTFont

    def counting(*args, **kwargs):
        opened.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(fonts, "TTFont", counting)
    first = pdf_font(WriterOptions())
    before = len(opened)
    again = pdf_font(WriterOptions())  # an equal options object: the same search
    assert again is first
    assert len(opened) == before
    if first.embedded:
        assert before >= 1
        assert first == font  # parsed again, it is still the face registered before, by its name


@pytest.mark.skipif(not UMING.exists(), reason="fonts-arphic-uming not installed")
def test_uming_collection_picks_the_simplified_chinese_face(monkeypatch) -> None:
    monkeypatch.setattr(fonts, "_CHOSEN", {})
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    chosen = pdf_font(WriterOptions(pdf_fonts=(str(UMING),)))
    assert chosen == PdfFont(name="docgen-UMingCN", path=str(UMING), embedded=True)


@pytest.mark.skipif(not ZENHEI.exists(), reason="fonts-wqy-zenhei not installed")
def test_env_var_names_a_face_of_a_collection(monkeypatch) -> None:
    monkeypatch.setattr(fonts, "_CHOSEN", {})
    monkeypatch.setenv(fonts.ENV_VAR, f"{ZENHEI}#1")
    assert pdf_font(WriterOptions()).name == "docgen-WenQuanYiZenHeiMono"
    monkeypatch.setenv(fonts.ENV_VAR, f"{ZENHEI}#WenQuanYi Zen Hei Sharp")
    assert pdf_font(WriterOptions()).name == "docgen-WenQuanYiZenHeiSharp"


@needs_truetype
def test_unusable_requested_fonts_are_skipped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fonts, "_CHOSEN", {})
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    cff = tmp_path / "fake.otf"
    cff.write_bytes(b"OTTO" + bytes(60))  # PostScript outlines: reportlab refuses them
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    requested = [str(cff), str(broken), str(tmp_path / "missing.ttf")]
    if DEJAVU.exists():
        requested.append(str(DEJAVU))  # TrueType, but no Chinese
    chosen = pdf_font(WriterOptions(pdf_fonts=tuple(requested)))
    assert chosen.embedded
    assert chosen.path not in requested
    assert chosen == pdf_font(WriterOptions())


def test_parse_font_spec() -> None:
    assert parse_font_spec("/f/simsun.ttc#1") == ("/f/simsun.ttc", 1)
    assert parse_font_spec("/f/simsun.ttc#SimSun") == ("/f/simsun.ttc", "SimSun")
    assert parse_font_spec("/f/simsun.ttc") == ("/f/simsun.ttc", None)
    assert parse_font_spec("/f/simsun.ttc#") == ("/f/simsun.ttc", None)


@pytest.mark.skipif(not UMING.exists(), reason="fonts-arphic-uming not installed")
def test_two_files_with_the_same_face_get_two_names(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fonts, "_CHOSEN", {})
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    copy = tmp_path / "uming-copy.ttc"
    copy.symlink_to(UMING)
    system = pdf_font(WriterOptions(pdf_fonts=(str(UMING),)))
    other = pdf_font(WriterOptions(pdf_fonts=(str(copy),)))
    assert other.path == str(copy)
    assert other.name != system.name and other.name.startswith(system.name)
    path, _ = render(tmp_path, sample_table(), options=WriterOptions(pdf_fonts=(str(copy),)))
    assert_prints(path, sample_table())


# --- reportlab's in-row split, made safe by the writer -------------------------------------------


def test_a_long_cell_spanning_columns_splits_at_its_full_width(tmp_path: Path) -> None:
    """The split halves of a colspan cell keep the spanned width (reportlab used the first column's)."""
    items = "\n".join(f"{i}、负责全市公安机关执法监督，组织、落实公安普法工作，研究公安工作面临的新形势。" for i in range(1, 121))
    filler = tuple(Row((label(f"第{i}行"), value("内容"), value("内容"), value("内容"))) for i in range(20))
    table = Table(
        name="职能",
        title="部门整体支出绩效目标表",
        columns=(25.0, 20.0, 20.0, 115.0),
        rows=filler + (Row((label("部门职能概述"), value(items, colspan=3))), Row((label("末行"), value("结束", colspan=3)))),
    )
    path, _ = render(tmp_path, table)
    first_column_end = FRAME_LEFT + 45 * MM  # the span starts at 25 mm; its first column ends at 45 mm
    pieces = []
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) <= 4  # 120 one-line items: about two pages, not dozens
        words_of(pdf.pages[0], "部门整体支出绩效目标表")  # the title line is intact, nothing printed over it
        for page in pdf.pages:
            rules = [e for e in page.edges if e["orientation"] == "h"]
            assert len({round(e["top"]) for e in rules}) >= 2  # the grid is closed at each page break
            grid_top, grid_bottom = min(e["top"] for e in rules), max(e["bottom"] for e in rules)
            item_chars = [c for c in page.chars if c["text"] in "负责执法监督" and c["x0"] > FRAME_LEFT + 25 * MM]
            assert item_chars
            # the lines run across the whole span, and stay inside the grid
            assert max(c["x1"] for c in item_chars) > first_column_end + 100
            assert all(grid_top <= c["top"] and c["bottom"] <= grid_bottom for c in item_chars)
            crop = page.crop((FRAME_LEFT + 25 * MM + 1, grid_top, page.width, page.height - 18 * MM))
            pieces.append(squash(crop.extract_text()))
    text = "".join(pieces).replace("内容", "")  # drop the filler rows above
    assert text == squash(items) + "结束"


def test_a_rowspan_taller_than_a_page_splits(tmp_path: Path) -> None:
    """One label spanning 70 one-line rows: the page break must fall inside the span."""
    rows = [Row((header("一级指标"), header("三级指标"), header("指标值")), header=True)]
    rows.append(Row((label("产出指标", rowspan=70), value("指标0"), value("≥0个"))))
    rows += [Row((value(f"指标{i}"), value(f"≥{i}个"))) for i in range(1, 70)]
    table = Table(name="跨页", title="跨页合并", columns=(30.0, 100.0, 50.0), rows=tuple(rows))
    path, _ = render(tmp_path, table)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2
        texts = [page.extract_text() for page in pdf.pages]
    found = [int(n) for text in texts for n in re.findall(r"指标(\d+)", text)]
    assert found == list(range(70))
    assert all("一级指标" in text for text in texts)


def test_chinese_punctuation_neither_starts_a_line_nor_leaves_the_cell(tmp_path: Path) -> None:
    """Kinsoku: 。，、）… hang at the end of a line, inside the cell, never open the next line."""
    marks = "。，、）：；！？》"
    rows = tuple(
        Row((label(str(k)), value("绩" * k + marks[k % len(marks)]), label("标" * k + marks[(k + 1) % len(marks)])))
        for k in range(8, 26)
    )
    table = Table(name="标点", title="标点", columns=(20.0, 50.0, 50.0), rows=rows)
    path, _ = render(tmp_path, table)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        (found,) = page.find_tables()
        for row in found.rows:
            for cell in row.cells[1:]:
                chars = [c for c in page.chars if cell[0] <= c["x0"] < cell[2] and cell[1] <= c["top"] < cell[3]]
                lines: dict[int, list[dict]] = {}
                for c in chars:
                    lines.setdefault(round(c["top"]), []).append(c)
                for line in lines.values():
                    first = min(line, key=lambda c: c["x0"])
                    assert first["text"] not in marks, "".join(c["text"] for c in line)
                # a hanging mark's ink (the left half of its em) stays inside the cell
                assert all(c["x0"] + c["size"] / 2 <= cell[2] for c in chars)


def test_symbols_missing_from_the_chinese_font_use_a_fallback_face(tmp_path: Path, font: PdfFont) -> None:
    """☑ ☐ (项目类型 boxes) are not in uming or wqy-zenhei: they are set in a face that has them."""
    if not font.embedded or fonts.covers(font, "☑"):
        pytest.skip("the main font has ☑, or is the CID fallback")
    fallback = fonts.fallback_font("☑", WriterOptions())
    if fallback is None:
        pytest.skip("no installed font has ☑")
    table = sample_table(rows=(Row((label("项目类型"), value("1.部门项目 ☑ 2.公共项目 ☐")), header=True),), columns=(40.0, 140.0))
    path, _ = render(tmp_path, table)
    assert_prints(path, table)
    with pdfplumber.open(path) as pdf:
        box = [c for c in pdf.pages[0].chars if c["text"] in "☑☐"]
        plain = [c for c in pdf.pages[0].chars if c["text"] == "部"]
    assert len(box) == 2
    assert all(fallback.name.removeprefix("docgen-") in c["fontname"] for c in box)
    assert all(font.name.removeprefix("docgen-") in c["fontname"] for c in plain)


def test_markup_puts_uncovered_characters_in_the_fallback_face(font: PdfFont) -> None:
    from docgen.render.writers.pdf import _Glyphs

    glyphs = _Glyphs(font, WriterOptions())
    if not font.embedded or glyphs.face("☑") is None:
        pytest.skip("no fallback needed or none installed")
    assert markup("甲☑<乙>", glyphs) == f'甲<font face="{glyphs.face("☑")}">☑</font>&lt;乙&gt;'
