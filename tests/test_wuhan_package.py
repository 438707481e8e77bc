"""武汉东湖 2021 (seed 004): 部门公开表9 and 部门公开表10-1 … 10-6, numbered by the package, read back.

The table numbers (表号) are data: each member spec may give its own ``table_number``, the package's
``table_numbers`` number its department and, in the order it lists them, its projects; the forms
print the number under the title, above 「单位：万元」, as the seed does (L3–L7, L122–L126 …).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
import yaml

from conftest import SPECS, diagnostics, run

FOLDER = SPECS / "wuhan-2021"
PACKAGE = FOLDER / "武汉市公安局武汉东湖新技术开发区分局2021年部门整体支出及项目支出绩效目标表.yaml"
SEED = Path(__file__).parent / "data" / "seeds" / "004_4983871fb715cdc5.txt"


def _seed_numbers() -> list[tuple[str, str, str]]:
    """(title, table number, 项目名称 or "") of every table the seed prints, in order: the number is
    the first non-blank line after the title, the name the first 项目名称 row after it."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        if re.fullmatch(r"2021年(部门整体|项目)支出绩效目标表", line):
            number = next(x for x in lines[i + 1:] if x.strip())
            name = ""
            if "项目" in line:
                name = next(x.split("\t")[1] for x in lines[i + 1:] if x.startswith("项目名称\t"))
            out.append((line, number, name))
    return out


SEED_TABLES = _seed_numbers()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("wuhan")
    result = run("build", str(PACKAGE), "--out", str(out))
    assert result.exit_code == 0, result.output
    return {fmt: out / f"{PACKAGE.stem}.{fmt}" for fmt in ("docx", "xlsx", "pdf")}


def _heads(paragraphs: list[str]) -> list[tuple[str, str, str]]:
    """(title, the line after it, the line after that) for every table title among ``paragraphs``."""
    return [(p, paragraphs[i + 1], paragraphs[i + 2]) for i, p in enumerate(paragraphs)
            if re.fullmatch(r"2021年(部门整体|项目)支出绩效目标表", p)]


def test_the_seed_numbers_its_tables_under_the_title():
    assert [number for _, number, _ in SEED_TABLES] == ["部门公开表9"] + [f"部门公开表10-{n}" for n in range(1, 7)]


def test_the_package_lists_the_projects_in_published_order():
    listed = yaml.safe_load(PACKAGE.read_text(encoding="utf-8"))["projects"]
    names = [yaml.safe_load((FOLDER / f).read_text(encoding="utf-8"))["name"] for f in listed]
    assert names == [name for _, _, name in SEED_TABLES[1:]]


def test_word_prints_each_number_under_its_title_above_the_unit_line(built):
    document = docx.Document(built["docx"])
    heads = _heads([p.text for p in document.paragraphs])
    assert [(title, number) for title, number, _ in heads] == [(title, number) for title, number, _ in SEED_TABLES]
    assert all(unit == "单位：万元" for _, _, unit in heads)
    # the third project's table is the one numbered 10-3: its first row names the project
    body = document.element.body
    blocks = [el for el in body if el.tag.endswith("}p") or el.tag.endswith("}tbl")]
    texts = ["".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")) for el in blocks]
    at = texts.index("部门公开表10-3")
    table = next(el for el in blocks[at:] if el.tag.endswith("}tbl"))
    first_row = "".join(t.text or "" for t in next(table.iter(table.tag.replace("tbl", "tr"))).iter() if t.tag.endswith("}t"))
    assert "业务装备及信息化建设经费" in first_row


def test_each_worksheet_prints_its_number_in_the_second_row(built):
    wb = openpyxl.load_workbook(built["xlsx"])
    sheets = {ws.title: [ws.cell(r, 1).value for r in range(1, 5)] for ws in wb.worksheets}
    assert len(sheets) == 7
    third = next(v for k, v in sheets.items() if k.startswith("业务装备及信息化建设经费"))
    assert third[:3] == ["2021年项目支出绩效目标表", "部门公开表10-3", "单位：万元"]
    assert third[3] == "项目名称"
    assert [v[1] for v in sheets.values()] == [number for _, number, _ in SEED_TABLES]


def test_each_pdf_table_starts_with_title_number_and_unit_line(built):
    with pdfplumber.open(built["pdf"]) as pdf:
        starts = [(p.extract_text() or "").splitlines() for p in pdf.pages]
    firsts = [lines for lines in starts if lines and re.fullmatch(r"2021年(部门整体|项目)支出绩效目标表", lines[0])]
    assert [lines[1] for lines in firsts] == [number for _, number, _ in SEED_TABLES]
    assert all(lines[2] == "单位：万元" for lines in firsts)
    third = next(lines for lines in firsts if lines[1] == "部门公开表10-3")
    assert "业务装备及信息化建设经费" in third[3]


# --- the numbering rule ----------------------------------------------------------------------------

def _copy(tmp_path: Path, own_numbers: bool = True) -> Path:
    folder = tmp_path / "wuhan"
    shutil.copytree(FOLDER, folder)
    if not own_numbers:
        for spec in folder.glob("*.yaml"):
            text = spec.read_text(encoding="utf-8")
            spec.write_text(re.sub(r"^table_number: .*\n", "", text, flags=re.M), encoding="utf-8")
    return folder / PACKAGE.name


def _line_of(path: Path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def _swap_first_two_projects(package: Path) -> None:
    text = package.read_text(encoding="utf-8")
    text = text.replace("  - 办案费.yaml", "  - @@.yaml").replace("  - 辅警经费.yaml", "  - 办案费.yaml").replace("  - @@.yaml", "  - 辅警经费.yaml")
    package.write_text(text, encoding="utf-8")


def _sheet_numbers(out: Path) -> dict[str, str]:
    """Each sheet's table (its title before 「·」) → the table number printed in its second row."""
    wb = openpyxl.load_workbook(out / f"{PACKAGE.stem}.xlsx")
    return {ws.title.split("·")[0]: ws.cell(2, 1).value for ws in wb.worksheets}


def test_the_package_order_numbers_the_projects(tmp_path):
    package = _copy(tmp_path, own_numbers=False)
    _swap_first_two_projects(package)
    out = tmp_path / "out"
    result = run("build", str(package), "--out", str(out), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    numbers = _sheet_numbers(out)
    assert numbers["辅警经费"] == "部门公开表10-1" and numbers["办案费"] == "部门公开表10-2"
    assert numbers["业务装备及信息化建设经费"] == "部门公开表10-3"


def test_a_member_number_that_disagrees_with_the_package_is_reported_at_its_line(tmp_path):
    package = _copy(tmp_path)
    _swap_first_two_projects(package)
    out = tmp_path / "out"
    result = run("build", str(package), "--out", str(out))
    assert result.exit_code == 1
    found = sorted((line.split(":")[0], ln) for line in result.output.splitlines()
                   for ln, _, code in diagnostics(line) if code == "G007")
    members = sorted(str(package.parent / f) for f in ("办案费.yaml", "辅警经费.yaml"))
    assert found == [(m, _line_of(Path(m), "table_number:")) for m in members]
    line = next(x for x in result.output.splitlines() if "G007" in x and "办案费.yaml" in x)
    assert "部门公开表10-1" in line and "部门公开表10-2" in line
    assert not out.exists() or not any(out.iterdir())


def test_without_a_rule_each_member_prints_its_own_number(tmp_path):
    package = _copy(tmp_path)
    text = package.read_text(encoding="utf-8")
    package.write_text(re.sub(r"^table_numbers:\n(  .*\n)+", "", text, flags=re.M), encoding="utf-8")
    _swap_first_two_projects(package)  # no rule: nothing to disagree with, each keeps its own number
    out = tmp_path / "out"
    result = run("build", str(package), "--out", str(out), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    numbers = _sheet_numbers(out)
    assert numbers["办案费"] == "部门公开表10-1" and numbers["辅警经费"] == "部门公开表10-2"


# --- a table rendered alone ------------------------------------------------------------------------

def _render_alone(tmp_path: Path, spec: Path) -> list[str]:
    out = tmp_path / "out"
    result = run("render", str(spec), "--out", str(out), "--format", "docx")
    assert result.exit_code == 0, result.output
    (made,) = out.glob("*.docx")
    return [p.text for p in docx.Document(made).paragraphs]


def test_a_project_rendered_alone_prints_its_own_number(tmp_path):
    paragraphs = _render_alone(tmp_path, FOLDER / "业务装备及信息化建设经费.yaml")
    assert paragraphs[:3] == ["2021年项目支出绩效目标表", "部门公开表10-3", "单位：万元"]


def test_a_project_without_a_number_prints_none(tmp_path):
    spec = tmp_path / "辅警经费.yaml"
    text = (FOLDER / "辅警经费.yaml").read_text(encoding="utf-8")
    spec.write_text(re.sub(r"^table_number: .*\n", "", text, flags=re.M), encoding="utf-8")
    paragraphs = _render_alone(tmp_path, spec)
    assert paragraphs[:2] == ["2021年项目支出绩效目标表", "单位：万元"]
    assert not any("部门公开表" in p for p in paragraphs)


# --- wrong values ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, code", [
    ('"部门公开表\\n10-1"', "S015"),       # two lines
    ('"部门公开表{n}"', "S015"),             # a pattern where one number belongs
    ("部门公开表10-1" * 5, "S015"),           # over 40 characters
    ('""', "S003"),
    ("[部门公开表10-1]", "S004"),
])
def test_a_wrong_table_number_is_reported_at_its_line(tmp_path, value, code):
    spec = tmp_path / "办案费.yaml"
    text = (FOLDER / "办案费.yaml").read_text(encoding="utf-8")
    spec.write_text(re.sub(r"^table_number: .*$", lambda _: f"table_number: {value}", text, flags=re.M), encoding="utf-8")
    result = run("validate", str(spec))
    assert result.exit_code == 1
    errors = [(ln, c) for ln, sev, c in diagnostics(result.output) if sev == "error"]
    assert errors == [(_line_of(spec, "table_number:"), code)]
    if code == "S015":
        assert "不是表号" in result.output and "表号（table_number）" in result.output


@pytest.mark.parametrize("value", ["部门公开表10-", "部门公开表10-{m}", '"部门公开表10-{n}{n}}"'])
def test_a_projects_pattern_without_its_place_is_reported_at_its_line(tmp_path, value):
    package = _copy(tmp_path)
    text = package.read_text(encoding="utf-8")
    package.write_text(text.replace("  projects: 部门公开表10-{n}", f"  projects: {value}"), encoding="utf-8")
    result = run("validate", str(package))
    assert result.exit_code == 1
    errors = [(ln, c) for ln, sev, c in diagnostics(result.output) if sev == "error"]
    assert errors == [(_line_of(package, "  projects:"), "S015")]
    assert "{n}" in result.output


# --- the 整体绩效目标 年度目标 column as published -----------------------------------------------------

def _department_texts(spec) -> list[str]:
    from conftest import catalog
    from docgen.pipeline import tables_for

    return list(tables_for(spec, catalog())[0].texts())


def test_the_overall_goal_column_prints_the_seed_variants_and_the_blocks_their_own():
    from conftest import validate_file

    spec = validate_file(FOLDER / "部门整体支出绩效目标表.yaml").spec
    texts = _department_texts(spec)
    seed = SEED.read_text(encoding="utf-8").splitlines()
    column = re.search(r"<p>(目标5：.*?)</p>", seed[24])[1]  # L25, with the inverted ≧ of E-004-10
    assert column in texts and "≧93.01%" in column
    assert "年度目标5：" in texts and spec.goals.annual[4] in texts and "≤93.01%" in spec.goals.annual[4]
    # without goals.overall the column prints the block texts
    spec = spec.model_copy(update={"goals": spec.goals.model_copy(update={"overall": None})})
    texts = _department_texts(spec)
    assert column not in texts and f"目标5：{spec.goals.annual[4]}" in texts


def test_a_wrong_overall_goals_value_is_reported_at_its_line(tmp_path):
    spec = tmp_path / "部门整体支出绩效目标表.yaml"
    text = (FOLDER / "部门整体支出绩效目标表.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^  overall:.*\n(    - .*\n)+", "  overall: {目标1: 文字}\n", text, flags=re.M)
    spec.write_text(text, encoding="utf-8")
    result = run("validate", str(spec))
    assert result.exit_code == 1
    errors = [(ln, c) for ln, sev, c in diagnostics(result.output) if sev == "error"]
    assert errors == [(_line_of(spec, "  overall:"), "S004")]
