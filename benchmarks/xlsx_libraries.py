"""XlsxWriter or openpyxl for the Excel writer: seconds to write the same N tables with each.

Builds N tables shaped like a 项目绩效目标表 (6 columns, two header rows, row and column spans,
numbers, long wrapped texts) and writes them twice with each library:

* as one workbook of N sheets;
* as N workbooks of one sheet (one spec → one file, as ``docgen render`` does).

The XlsxWriter side is the real writer (``docgen.render.writers.xlsx.xlsx_bytes``).  The openpyxl
side below does the same work: the same cells, merges with a border on every merged cell (pitfall
C3), fonts, fills, number formats, column widths, row heights and page set-up; both are passed
through ``normalize_zip``.  Prints figures only; nothing here asserts a time.

Usage: python benchmarks/xlsx_libraries.py [N]   (default 200)
"""

from __future__ import annotations

import io
import sys
import time
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from docgen.render.output import WriterOptions, normalize_zip
from docgen.render.tree import Cell, Document, Row, Table
from docgen.render.writers import xlsx as xw


def make_table(k: int) -> Table:
    """One table of about 30 rows, with the spans and texts of a real target table."""
    h = "header"
    rows = [
        Row((Cell("项目名称", role="label"), Cell(f"生成项目{k:04d}", colspan=5)), header=False),
        Row((Cell("主管部门", role="label"), Cell("安阳市公安局", colspan=2),
             Cell("实施单位", role="label"), Cell("安阳市公安局(视频监控管理处)", colspan=2))),
        Row((Cell("项目资金（万元）", role="label", rowspan=3), Cell("年度资金总额", colspan=2, role="label"),
             Cell("510.86", role="number", number=Decimal("510.86"), colspan=3))),
        Row((Cell("其中：财政拨款", colspan=2, role="label"),
             Cell("510.86", role="number", number=Decimal("510.86"), colspan=3))),
        Row((Cell("其他资金", colspan=2, role="label"), Cell("0.00", role="number", number=Decimal("0"), colspan=3))),
        Row((Cell("年度绩效目标", role="label"), Cell("对全市报警视频监控系统进行运维，保障系统稳定运行。" * 6, colspan=5))),
        Row((Cell("一级指标", role=h), Cell("二级指标", role=h), Cell("三级指标", role=h, colspan=2),
             Cell("指标值", role=h), Cell("备注", role=h))),
    ]
    for i in range(22):
        first = Cell("产出指标", role="label", rowspan=22) if i == 0 else None
        cells = [Cell(f"数量指标{i % 4}", role="label"), Cell(f"运维摄像头数量{i}", colspan=2),
                 Cell(f"≥{881 + i}个"), Cell("=按期完成" if i == 3 else "")]
        rows.append(Row(tuple([first, *cells] if first else cells)))
    return Table(name="项目绩效目标表", title="项目支出绩效目标申报表", columns=(28, 30, 30, 40, 25, 25),
                 rows=tuple(rows), subtitles=("（2020年度）",), unit_line="单位：万元",
                 notes=("注：本表由项目单位填报。",))


def openpyxl_bytes(document: Document, options: WriterOptions = WriterOptions()) -> bytes:
    """The same workbook written with openpyxl (benchmark only)."""
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="D9D9D9")
    body = Font(name=options.body_font, size=options.body_size)
    title_font = Font(name=options.title_font, size=options.title_size)
    for table, name in zip(document.tables, xw.sheet_names(t.name for t in document.tables)):
        ws = wb.create_sheet(name)
        last = len(table.columns)
        for col, mm in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(col)].width = xw.column_pixels(mm) / 7

        def line(row: int, text: str, font: Font, align: str) -> None:
            c = ws.cell(row, 1)
            c.value = xw.clean_text(text)
            c.data_type = "s"
            c.font, c.alignment = font, Alignment(horizontal=align, vertical="center", wrap_text=True)
            if last > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)

        row = 1
        for text, font, align in ([(table.marker, body, "left")] if table.marker else []) + \
                [(table.title, title_font, "center")] + [(s, body, "center") for s in table.subtitles] + \
                ([(table.unit_line, body, "right")] if table.unit_line else []):
            line(row, text, font, align)
            row += 1
        top = row
        for placed in table.placed():
            cell = placed.cell
            r, c = top + placed.row, 1 + placed.col
            style = dict(font=body, border=border,
                         alignment=Alignment(horizontal=cell.alignment, vertical="center", wrap_text=True))
            if cell.role in ("header", "section"):
                style["fill"] = grey
            for rr in range(r, top + placed.last_row + 1):
                for cc in range(c, 1 + placed.last_col + 1):
                    target = ws.cell(rr, cc)
                    for key, value in style.items():
                        setattr(target, key, value)
            origin = ws.cell(r, c)
            if cell.number is not None:
                origin.value = float(str(cell.number))
                origin.number_format = xw._number_format(cell)
            elif cell.text:
                origin.value = xw.clean_text(cell.text)
                origin.data_type = "s"
            if placed.last_row > placed.row or placed.last_col > placed.col:
                ws.merge_cells(start_row=r, start_column=c, end_row=top + placed.last_row, end_column=1 + placed.last_col)
        for r in range(1, top + len(table.rows) + len(table.notes)):
            ws.row_dimensions[r].height = 18.75
        row = top + len(table.rows)
        for note in table.notes:
            line(row, note, body, "left")
            row += 1
        ws.page_setup.paperSize = 9
        ws.page_setup.orientation = table.orientation
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"1:{top - 1 + table.header_rows}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalize_zip(buffer.getvalue())


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    tables = tuple(make_table(k) for k in range(n))
    one = Document("bench", "bench", tables)
    many = [Document(f"bench{k}", "bench", (t,)) for k, t in enumerate(tables)]
    cells = sum(len(t.placed()) for t in tables)
    print(f"{n} tables, {cells} grid cells")
    for label, work in (
        ("xlsxwriter", lambda d: xw.xlsx_bytes(d)),
        ("openpyxl", openpyxl_bytes),
    ):
        work(Document("warm", "warm", tables[:1]))  # imports and caches out of the timing
        single = seconds(lambda: work(one))
        separate = seconds(lambda: [work(d) for d in many])
        print(f"{label:>10}: one workbook of {n} sheets {single:6.2f} s   "
              f"{n} workbooks of one sheet {separate:6.2f} s")


if __name__ == "__main__":
    main()
