"""Per-format cost of rendering, against the plainest direct use of each library.

For 10, 100 and 1,000 generated Henan project target tables (26-row tables like seed 000's), prints
per format: seconds per table for docgen's writer and for a baseline that writes the same grid
with the library's plain API (python-docx ``add_table`` + ``merge``; xlsxwriter ``write_string`` +
``merge_range``; reportlab ``Table`` of ``Paragraph`` s), their ratio, and the peak memory of the
docgen run (tracemalloc).  Figures only; nothing here asserts a time.

Usage: python benchmarks/render.py [10 100 1000] [--baseline-limit 100]
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from docgen.load.yamlload import load_text
from docgen.render.layouts import tables_for
from docgen.render.output import WriterOptions
from docgen.render.pipeline import writer
from docgen.render.tree import Document, Table
from docgen.validate import validate_loaded

SPEC = """\
kind: project
year: 2020
layout: henan
name: 生成项目{k:04d}
department: 安阳市公安局
unit: 安阳市公安局
funds:
  period: {{total: {a}, fiscal: {a}, other: 0}}
  annual: {{total: {a}, fiscal: {a}, other: 0}}
overview: 项目概况：对全市报警视频监控系统进行运行维护，保障系统稳定运行。{pad}
basis: 立项依据：市政府文件。
necessity: 项目设立的必要性：保障社会治安防控。
plan: 项目实施计划：全年分季度实施。
goals:
  period: 实施期目标：系统稳定运行。
  annual: 年度目标：系统稳定运行。
indicators:
  产出指标:
    数量指标:
      - {{name: 运维摄像头数量, target: ≥881个}}
      - {{name: 覆盖区域, target: ≥110平方公里}}
    质量指标:
      - {{name: 系统完好率, target: ≥95%}}
    时效指标:
      - {{name: 故障修复时间, target: ≤24小时}}
  成本指标:
    成本指标:
      - {{name: 运维费用, target: ≤{a}万元}}
  效益指标:
    社会效益指标:
      - {{name: 治安防控水平, target: 得到提升}}
  满意度指标:
    服务对象满意度指标:
      - {{name: 群众满意度, target: ≥90%}}
"""


def tables(count: int) -> list[Table]:
    out = []
    for k in range(count):
        text = SPEC.format(k=k, a=f"{100 + k % 900}.{k % 100:02d}", pad="运维内容。" * (k % 20))
        spec = validate_loaded(load_text(text, f"p{k}.yaml")).spec
        out.extend(tables_for(spec))
    return out


def baseline_docx(table: Table, path: Path) -> None:
    import docx

    d = docx.Document()
    t = d.add_table(rows=len(table.rows), cols=len(table.columns))
    for p in table.placed():
        cell = t.cell(p.row, p.col)
        if p.cell.colspan > 1 or p.cell.rowspan > 1:
            cell = cell.merge(t.cell(p.last_row, p.last_col))
        cell.text = p.cell.text
    d.save(path)


def baseline_xlsx(table: Table, path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    fmt = wb.add_format({"border": 1, "text_wrap": True})
    for p in table.placed():
        if p.cell.colspan > 1 or p.cell.rowspan > 1:
            ws.merge_range(p.row, p.col, p.last_row, p.last_col, p.cell.text, fmt)
        else:
            ws.write_string(p.row, p.col, p.cell.text, fmt)
    wb.close()


def baseline_pdf(table: Table, path: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from reportlab.platypus import Table as RLTable

    from docgen.render.fonts import pdf_font

    font = pdf_font(WriterOptions()).name
    style = ParagraphStyle("b", fontName=font, fontSize=9, leading=11, wordWrap="CJK")
    data = [["" for _ in table.columns] for _ in table.rows]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]
    for p in table.placed():
        data[p.row][p.col] = Paragraph(escape(p.cell.text).replace("\n", "<br/>"), style)
        if p.cell.colspan > 1 or p.cell.rowspan > 1:
            commands.append(("SPAN", (p.col, p.row), (p.last_col, p.last_row)))
    doc = SimpleDocTemplate(str(path), pagesize=A4, invariant=1)
    doc.build([RLTable(data, colWidths=[w * mm for w in table.columns], style=commands, splitInRow=1)])


BASELINES = {"docx": baseline_docx, "xlsx": baseline_xlsx, "pdf": baseline_pdf}


def measure(fmt: str, items: list[Table], folder: Path) -> tuple[float, float]:
    """Seconds for all tables (untraced), then the peak memory of the same run under tracemalloc
    (traced separately: tracemalloc slows Python down several times)."""
    write = writer(fmt)
    options = WriterOptions()
    write(Document("warm", "warm", (items[0],)), folder / f"warm.{fmt}", options)  # font registration etc.

    def run_all() -> None:
        for i, table in enumerate(items):
            write(Document(f"t{i}", table.title, (table,)), folder / f"t{i}.{fmt}", options)

    start = time.perf_counter()
    run_all()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    run_all()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sizes = [int(a) for a in args] or [10, 100, 1000]
    limit = 100
    if "--baseline-limit" in sys.argv:
        limit = int(sys.argv[sys.argv.index("--baseline-limit") + 1])
    print(f"{'tables':>7} {'format':>6} {'docgen s/table':>15} {'baseline s/table':>17} {'ratio':>6} {'peak MiB':>9}")
    for size in sizes:
        items = tables(size)
        for fmt in ("docx", "xlsx", "pdf"):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                seconds, peak = measure(fmt, items, folder)
                sample = items[: min(len(items), limit)]
                start = time.perf_counter()
                for i, table in enumerate(sample):
                    BASELINES[fmt](table, folder / f"b{i}.{fmt}")
                base = (time.perf_counter() - start) / len(sample)
                per = seconds / len(items)
                print(f"{size:>7} {fmt:>6} {per:>15.4f} {base:>17.4f} {per / base:>6.2f} {peak / 2**20:>9.1f}")


if __name__ == "__main__":
    main()
