"""The Word writer, read back with python-docx and the raw WordprocessingML."""

from __future__ import annotations

import hashlib
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn

from docgen.render.output import WriterOptions
from docgen.render.tree import Cell, Document, Row, Table
from docgen.render.writers.docx import write_docx


def sample_table(name: str = "样表", orientation: str = "portrait") -> Table:
    return Table(
        name=name,
        title="项目绩效目标表",
        subtitles=("（2020年度）",),
        unit_line="单位：万元",
        columns=(30, 40, 40, 40),
        rows=(
            Row((Cell("一级指标", role="header"), Cell("二级指标", role="header"), Cell("三级指标", role="header"), Cell("指标值", role="header")), header=True),
            Row((Cell("项目名称", role="label"), Cell("报警视频监控系统运维 <b>&x</b>", colspan=3))),
            Row((Cell("项目资金", role="label", rowspan=2), Cell("年度资金总额", role="label"), Cell("510.86", role="number", number=Decimal("510.86")), Cell("=10.82 万元"))),
            Row((Cell("其中：财政拨款", role="label"), Cell("第一行\n第二行", colspan=2))),
        ),
        notes=("注：本表金额单位为万元。",),
        orientation=orientation,  # type: ignore[arg-type]
    )


def grid(table_el):
    """(text, row, col, colspan, rowspan) reconstructed from gridSpan / vMerge, as Word reads them."""
    cells = []
    open_merges: dict[int, list] = {}
    for r, tr in enumerate(table_el.iter(qn("w:tr"))):
        c = 0
        for tc in tr.iter(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span = int(pr.find(qn("w:gridSpan")).get(qn("w:val"))) if pr.find(qn("w:gridSpan")) is not None else 1
            vmerge = pr.find(qn("w:vMerge"))
            text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
            if vmerge is not None and vmerge.get(qn("w:val")) != "restart":
                open_merges[c][4] += 1
            else:
                entry = [text, r, c, span, 1]
                cells.append(entry)
                if vmerge is not None:
                    open_merges[c] = entry
            c += span
    return [tuple(e) for e in cells]


def test_cells_spans_and_texts(tmp_path):
    path = tmp_path / "t.docx"
    write_docx(Document("t", "测试", (sample_table(),)), path)
    d = docx.Document(path)
    cells = grid(d.tables[0]._tbl)
    assert ("报警视频监控系统运维 <b>&x</b>", 1, 1, 3, 1) in cells
    assert ("项目资金", 2, 0, 1, 2) in cells
    assert ("第一行\n第二行", 3, 2, 2, 1) in cells
    assert ("=10.82 万元", 2, 3, 1, 1) in cells
    texts = [p.text for p in d.paragraphs]
    assert texts[:3] == ["项目绩效目标表", "（2020年度）", "单位：万元"]
    assert "注：本表金额单位为万元。" in texts


def test_header_rows_repeat_and_widths_are_fixed(tmp_path):
    path = tmp_path / "t.docx"
    write_docx(Document("t", "测试", (sample_table(),)), path)
    tbl = docx.Document(path).tables[0]._tbl
    rows = list(tbl.iter(qn("w:tr")))
    assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert rows[1].find(qn("w:trPr")).find(qn("w:tblHeader")) is None
    assert tbl.find(qn("w:tblPr")).find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid_cols = [int(g.get(qn("w:w"))) for g in tbl.iter(qn("w:gridCol"))]
    assert len(grid_cols) == 4 and grid_cols[1] == grid_cols[2] > grid_cols[0]
    spanned = rows[1].findall(qn("w:tc"))[1]
    assert int(spanned.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w"))) == sum(grid_cols[1:])


def test_every_run_names_the_east_asian_font(tmp_path):
    path = tmp_path / "t.docx"
    write_docx(Document("t", "测试", (sample_table(),)), path, WriterOptions(body_font="仿宋", title_font="黑体"))
    body = docx.Document(path).element.body
    runs = list(body.iter(qn("w:r")))
    assert runs
    for r in runs:
        fonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) in ("仿宋", "黑体")
        assert fonts.get(qn("w:ascii")) and fonts.get(qn("w:hAnsi"))
    with zipfile.ZipFile(path) as z:
        settings = z.read("word/settings.xml").decode()
        styles = z.read("word/styles.xml").decode()
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings
    assert 'w:eastAsia="仿宋"' in styles


def test_sections_follow_each_tables_orientation(tmp_path):
    path = tmp_path / "t.docx"
    write_docx(Document("t", "测试", (sample_table("甲"), sample_table("乙", "landscape"))), path)
    d = docx.Document(path)
    assert len(d.tables) == 2
    assert [s.page_width > s.page_height for s in d.sections] == [False, True]
    assert round(d.sections[0].page_width.mm) == 210


def test_same_input_same_bytes_and_no_personal_metadata(tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    doc = Document("t", "报警视频监控系统运维", (sample_table(),))
    write_docx(doc, a)
    write_docx(doc, b)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    props = docx.Document(a).core_properties
    assert props.author == "" and props.last_modified_by == "" and props.title == "报警视频监控系统运维"
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "python-docx" not in z.read("docProps/core.xml").decode()


def test_control_characters_do_not_break_the_file(tmp_path):
    table = Table("t", "标题", (50, 50), (Row((Cell("软\x0b换行"), Cell("坏\x01字符"))),))
    path = tmp_path / "t.docx"
    write_docx(Document("t", "t", (table,)), path)
    cells = grid(docx.Document(path).tables[0]._tbl)
    assert cells[0][0] == "软\n换行" and cells[1][0] == "坏字符"


def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "t.docx"
    path.write_bytes(b"old")
    bad = Table("t", "标题", (50,), (Row((Cell("x", colspan=2),)),))  # does not fit its grid
    with pytest.raises(ValueError):
        write_docx(Document("t", "t", (bad,)), path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.docx"]
