"""`docgen render` end to end: examples to files, read back and compared with the spec and the tree."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from docx.oxml.ns import qn

from conftest import SPECS, VALID_PROJECT, catalog, run, validate_file
from docgen.model.spec import Package, iter_indicators
from docgen.pipeline import tables_for as _tables_for
from docgen.render.formats import value_part


def tables_for(spec):
    return [] if isinstance(spec, Package) else _tables_for(spec, catalog())

TARGET_EXAMPLES = [p for p in sorted(SPECS.rglob("*.yaml")) if tables_for(validate_file(p).spec)]


def _docx_texts(path: Path) -> list[str]:
    body = docx.Document(path).element.body
    return ["\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))) for tc in body.iter(qn("w:tc"))]


def _xlsx_cells(path: Path) -> tuple[list[str], list[Decimal]]:
    """Text cells, and number cells (as exact decimals of what Excel stores)."""
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    numbers = [Decimal(repr(c.value)) for c in cells if isinstance(c.value, (int, float))]
    return texts, numbers


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


def _pdf_cells(path: Path) -> tuple[set[str], str]:
    """The text of every grid cell on every page (pdfplumber's table finder), and all page text."""
    cells: set[str] = set()
    text = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                for row in table.extract():
                    cells.update(_squash(c) for c in row if c)
            text.append(_squash(page.extract_text()))
    return cells, "".join(text)


def _in_pdf(text: str, cells: set[str]) -> bool:
    """In one cell, or — for a cell the page break splits — its start and end in two cells."""
    text = _squash(text)
    if text in cells:
        return True
    return any(c and text.startswith(c) and text[len(c):] in cells for c in cells)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run("render", str(SPECS), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_every_target_example_renders_in_every_format(rendered):
    assert len(TARGET_EXAMPLES) >= 10
    for spec_path in TARGET_EXAMPLES:
        spec = validate_file(spec_path).spec
        folder = rendered / spec_path.parent.relative_to(SPECS)
        for table in tables_for(spec):
            for fmt in ("docx", "xlsx", "pdf"):
                assert (folder / f"{spec_path.stem}.{table.name}.{fmt}").is_file(), (spec_path, table.name, fmt)


@pytest.mark.parametrize("spec_path", TARGET_EXAMPLES, ids=lambda p: str(p.relative_to(SPECS)))
def test_outputs_carry_every_cell_of_the_table_and_every_indicator(rendered, spec_path):
    spec = validate_file(spec_path).spec
    folder = rendered / spec_path.parent.relative_to(SPECS)
    for table in tables_for(spec):
        base = folder / f"{spec_path.stem}.{table.name}"
        cells = [c for r in table.rows for c in r.cells if c.text.strip()]
        in_docx = _docx_texts(base.parent / f"{base.name}.docx")
        in_xlsx, numbers = _xlsx_cells(base.parent / f"{base.name}.xlsx")
        pdf_cells, pdf_text = _pdf_cells(base.parent / f"{base.name}.pdf")
        for cell in cells:
            assert cell.text in in_docx, cell.text
            if cell.number is not None:
                assert cell.number in numbers, cell.text  # stored as a number, shown as the text
            else:
                assert cell.text in in_xlsx, cell.text
            assert _in_pdf(cell.text, pdf_cells), cell.text
        for line in (table.title, *table.subtitles, table.unit_line, *table.notes):
            assert _squash(line) in pdf_text, line
        for _, _, _, ind in iter_indicators(spec.indicators):
            if ind.name:
                assert ind.name in in_docx
            if ind.target:
                # the 云南 form prints a value in three columns (指标性质 / 指标值 / 度量单位)
                parts = [value_part(ind.target, f) for f in ("value_sign", "value_number", "value_unit")]
                assert ind.target in in_docx or all(p in in_docx for p in parts if p), (ind.target, parts)


def test_render_is_deterministic(tmp_path):
    a = run("render", str(SPECS / "anyang-2020"), "--out", str(tmp_path / "a"))
    b = run("render", str(SPECS / "anyang-2020"), "--out", str(tmp_path / "b"))
    assert a.exit_code == b.exit_code == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert len(files) == 3 * 10  # the ten project tables (the package is built, not rendered), three formats each
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_spec_with_errors_renders_nothing(write, tmp_path):
    spec = write(VALID_PROJECT.replace("unit:", "uint:"), "坏规格.yaml")
    out = tmp_path / "out"
    result = run("render", str(spec), "--out", str(out))
    assert result.exit_code == 1
    assert not out.exists() or not any(out.iterdir())


def test_output_names_follow_the_spec_file(write, tmp_path):
    spec = write(VALID_PROJECT, "报警视频监控系统运维.yaml")
    out = tmp_path / "out"
    result = run("render", str(spec), "--out", str(out), "--format", "docx")
    assert result.exit_code == 0
    assert [p.name for p in out.iterdir()] == ["报警视频监控系统运维.项目绩效目标表.docx"]
    assert sorted(p.name for p in spec.parent.iterdir()) == ["out", "报警视频监控系统运维.yaml"]


def test_unknown_format_is_a_usage_error(write, tmp_path):
    result = run("render", str(write(VALID_PROJECT)), "--format", "odt", "--out", str(tmp_path))
    assert result.exit_code == 2


def test_no_formula_cell_in_any_workbook(rendered):
    for path in rendered.rglob("*.xlsx"):
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            assert ws.sheet_state == "visible"
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path, cell.coordinate)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_every_docx_and_xlsx(rendered, tmp_path):
    sources = sorted(rendered.rglob("*.docx"))[:3] + sorted(rendered.rglob("*.xlsx"))[:3]
    for source in sources:
        done = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            capture_output=True, timeout=180,
        )
        produced = tmp_path / (source.stem + ".pdf")
        assert done.returncode == 0 and produced.is_file(), done.stderr
        assert produced.stat().st_size > 1000
