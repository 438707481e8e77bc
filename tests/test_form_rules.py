"""A form's rules, each observed in what it prints or in the line that refuses it: a bureau's small
form in a temporary template folder, a spec, and the laid-out table read back (the table tree the
three writers print), or the diagnostic at the form file's line."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import SPECS, VALID_PROJECT, diagnostics, run
from docgen.catalog import Catalog
from docgen.pipeline import check_file, spec_tables

FAMILY = """\
title: 测试版式
kinds:
  project:
    scheme: henan-project
    forms: [test/表]
    operators: optional
  department:
    scheme: henan-department
    forms: [test/部门表]
    operators: optional
"""

PROJECT_HEAD = """\
name: 表
kind: project
title: 测试表
columns: [30, 30, 30, 30]
"""


def bureau(tmp_path: Path, form: str, department: str | None = None, family: str = FAMILY) -> Path:
    """A template folder with family ``test`` whose project form is ``form`` (rows and all)."""
    folder = tmp_path / "templates"
    (folder / "layouts").mkdir(parents=True, exist_ok=True)
    (folder / "forms" / "test").mkdir(parents=True, exist_ok=True)
    (folder / "layouts" / "test.yaml").write_text(family, encoding="utf-8")
    (folder / "forms" / "test" / "表.yaml").write_text(textwrap.dedent(form), encoding="utf-8")
    (folder / "forms" / "test" / "部门表.yaml").write_text(textwrap.dedent(department or """\
        name: 部门表
        kind: department
        title: 部门表
        columns: [30, 30]
        rows:
          - [部门, {field: department}]
        """), encoding="utf-8")
    return folder


def spec(tmp_path: Path, text: str = VALID_PROJECT, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("layout: henan", "layout: test"), encoding="utf-8")
    return path


def laid_out(templates: Path, path: Path) -> list[list[str]]:
    """The rows of the spec's first table, as texts (a merged cell once, where it starts)."""
    checked = check_file(path, Catalog.default([templates]))
    assert checked.ok, [d.format("zh_CN") for d in checked.diagnostics]
    table = spec_tables(checked)[0]
    return [[c.text for c in row.cells] for row in table.rows]


def refused(templates: Path, path: Path, code: str) -> tuple[int, str]:
    """validate and render both refuse with exit 2 and write nothing; (line, message) of the first ``code``."""
    out = path.parent / "out"
    lines = []
    for command in (["validate", str(path)], ["render", str(path), "--out", str(out)]):
        result = run(*command, "--templates", str(templates))
        assert result.exit_code == 2, result.output
        assert "Z001" not in result.output and "Traceback" not in result.output
        lines = [ln for ln in result.output.splitlines() if re.search(rf" error {code}\d* ", ln)]
        assert lines, result.output
    assert not out.exists()
    head, message = re.split(r" error [A-Z]\d{3} ", lines[0], maxsplit=1)
    return int(head.split(":")[-3]), message


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


FORM = Path("templates") / "forms" / "test" / "表.yaml"


# --- what forms print ----------------------------------------------------------------------------

def test_a_form_name_from_the_spec_cannot_leave_the_output_folder(tmp_path):
    templates = bureau(tmp_path, PROJECT_HEAD.replace("name: 表", 'name: "{unit}"') + "rows:\n  - [名称, {field: name, span: 3}]\n")
    path = spec(tmp_path, VALID_PROJECT.replace("unit: 安阳市公安局(视频监控管理处)", 'unit: "/../../escaped"'))
    out = tmp_path / "deep" / "out"
    result = run("render", str(path), "--templates", str(templates), "--out", str(out), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*.xlsx")]
    assert len(written) == 1 and written[0].parent == out, written  # “/../..” became part of the name


def test_side_by_side_lists_are_padded_with_blank_rows_and_at_least_kept(tmp_path):
    department = """\
        name: 部门表
        kind: department
        title: 部门表
        columns: [30, 30, 30, 30]
        rows:
          - side_by_side:
              - items: {source: funds.income, row: [{label: "({n}){item}"}, {field: amount, format: amount}]}
              - items: {source: funds.expenditure, row: [{label: "({n}){item}"}, {field: amount, format: amount}]}
            at_least: 3
        """
    templates = bureau(tmp_path, PROJECT_HEAD + "rows:\n  - [名称, {field: name, span: 3}]\n", department)
    text = (SPECS / "jiyuan-2020" / "济源市公安局绩效目标表.yaml").read_text(encoding="utf-8").replace("layout: jiyuan", "layout: test")
    rows = laid_out(templates, spec(tmp_path, text, "d.yaml"))
    assert len(rows) == 3  # two 收入 rows, one 支出 row: at_least 3
    from docgen.load.yamlload import load_file

    data = load_file(tmp_path / "d.yaml").data
    income, expenditure = data["funds"]["income"], data["funds"]["expenditure"]
    assert len(income) < 3 and len(expenditure) < 3
    for k, row in enumerate(rows):
        left = f"({k + 1}){income[k]['item']}" if k < len(income) else ""
        right = f"({k + 1}){expenditure[k]['item']}" if k < len(expenditure) else ""
        assert row[0] == left and row[2] == right, row  # a pad row prints nothing, not “()” or “0”


def test_a_list_row_computes_its_share_of_the_total(tmp_path):
    form = PROJECT_HEAD + """\
rows:
  - items:
      source: funds.sources
      row: [{field: item, span: 2}, {field: amount, format: amount}, {field: amount_share, format: percent}]
"""
    text = VALID_PROJECT.replace("  annual: {total: 510.86, fiscal: 510.86, other: 0}",
                                 "  annual: {total: 400, fiscal: 400, other: 0}\n  sources:\n    - {item: 财政拨款, amount: 300}\n"
                                 "    - {item: 其他资金, amount: 100}").replace("  period: {total: 510.86, fiscal: 510.86, other: 0}",
                                                                        "  period: {total: 400, fiscal: 400, other: 0}")
    rows = laid_out(bureau(tmp_path, form), spec(tmp_path, text))
    assert rows == [["财政拨款", "300", "75.00%"], ["其他资金", "100", "25.00%"]]


def test_an_empty_list_prints_its_empty_rows(tmp_path):
    form = PROJECT_HEAD + """\
rows:
  - items:
      source: funds.sources
      row: [{field: item, span: 2}, {field: amount, format: amount, span: 2}]
      empty: [[{text: 无, span: 2}, {text: "—", span: 2}]]
"""
    rows = laid_out(bureau(tmp_path, form), spec(tmp_path))
    assert rows == [["无", "—"]]


def test_a_note_with_a_condition_is_printed_only_when_it_holds(tmp_path):
    form = PROJECT_HEAD + """\
notes:
  - {text: 注：本项目另有说明。, when: remarks}
  - 注：金额单位为万元。
rows:
  - [名称, {field: name, span: 3}]
"""
    templates = bureau(tmp_path, form)
    checked = check_file(spec(tmp_path), Catalog.default([templates]))
    assert spec_tables(checked)[0].notes == ("注：金额单位为万元。",)
    checked = check_file(spec(tmp_path, VALID_PROJECT + "remarks: 见附件。\n", "q.yaml"), Catalog.default([templates]))
    assert spec_tables(checked)[0].notes == ("注：本项目另有说明。", "注：金额单位为万元。")


def test_official_rows_match_chinese_numbering_and_full_width_forms(tmp_path):
    form = PROJECT_HEAD + """\
rows:
  - items:
      source: funds.sources
      fixed:
        - {item: 一、一般公共预算财政拨款收入, children: [其中：申请当年预算拨款]}
        - 二、其他收入
      row: [{field: item, span: 2}, {field: amount, format: amount, span: 2}]
"""
    text = VALID_PROJECT.replace("  annual: {total: 510.86, fiscal: 510.86, other: 0}",
                                 "  annual: {total: 510.86, fiscal: 510.86, other: 0}\n  sources:\n"
                                 "    - {item: （一）一般公共预算财政拨款收入, amount: 510.86}\n"
                                 "    - {item: 其中:申请当年预算拨款, amount: 500}")
    rows = laid_out(bureau(tmp_path, form), spec(tmp_path, text))
    assert rows == [["一、一般公共预算财政拨款收入", "510.86"], ["其中：申请当年预算拨款", "500"], ["二、其他收入", ""]]


def test_a_row_that_is_none_of_the_official_rows_is_warned_at_its_line(tmp_path):
    form = PROJECT_HEAD + """\
rows:
  - items:
      source: funds.sources
      fixed: [一、一般公共预算财政拨款收入, 二、其他收入]
      row: [{field: item, span: 2}, {field: amount, format: amount, span: 2}]
"""
    text = VALID_PROJECT.replace("  annual: {total: 510.86, fiscal: 510.86, other: 0}",
                                 "  annual: {total: 510.86, fiscal: 510.86, other: 0}\n  sources:\n"
                                 "    - {item: 财政拨款, amount: 510.86}\n    - {item: 其中：当年拨款, amount: 500}")
    path = spec(tmp_path, text)
    result = run("validate", str(path), "--templates", str(bureau(tmp_path, form)))
    assert result.exit_code == 0
    assert [(line, code) for line, _, code in diagnostics(result.output) if code == "R004"] == [(line_of(path, "财政拨款"), "R004")]
    assert "“财政拨款”不是表的固定行（一、一般公共预算财政拨款收入、二、其他收入）" in result.output


# --- what forms may not say ----------------------------------------------------------------------

@pytest.mark.parametrize("rows,needle,words", [
    ("  - [名称, {field: name, span: fill}, {field: unit, span: fill}]", "{field: unit, span: fill}", "第二个“span: fill”"),
    ("  - [名称, {field: name, span: fill}, {field: unit, span: 2}, {field: code}]", "span: fill", "没有剩下的列"),
    ("  - [名称, {if: overview, then: {field: overview, span: 3}}]", "{if: overview", "请给它加上“else”"),
    ("  - [名称, {if: overview, then: {field: overview}, else: {text: 无}, span: 3}]", "span: 3}]", "if 单元格不使用“span”"),
    ("  - [名称, {field: name, where: {x: y}, span: 3}]", "where:", "field 单元格不使用“where”"),
    ("  - [名称, {each: name, cell: {field: name}}]", "each: name", "“name”不是列表"),
    ("  - [{label: 名称, rows: name}, {field: name, span: 3}]", "rows: name", "“name”不是列表"),
    ("  - [名称, {field: unt, span: 3}]", "{field: unt", "是否想写 unit"),
    ("  - [名称, {label: \"{name|money}\", span: 3}]", "{name|money}", "可用的格式有 text、amount"),
    ("  - group: {if: overview, then: {label: 资金}}\n    rows:\n      - [{field: name, span: 3}]", "group:", "同时有“then”和“else”的“if”"),
    ("  - [名称, {field: name, span: 3}]\n  - {repeat: true, cells: [名称, {field: name, span: 3}]}", "repeat: true", "不会被重复"),
    ("  []", "rows:", "至少一行"),
])
def test_what_a_form_may_not_say_is_refused_at_its_line(tmp_path, rows, needle, words):
    templates = bureau(tmp_path, PROJECT_HEAD + "rows:\n" + rows + "\n" if rows != "  []" else PROJECT_HEAD + "rows: []\n")
    line, message = refused(templates, spec(tmp_path), "D00")
    assert line == line_of(tmp_path / FORM, needle), message
    assert words in message, message


def test_rows_below_a_span_as_high_as_a_list_are_not_misjudged(tmp_path):
    form = PROJECT_HEAD + """\
rows:
  - [{label: 指标, rows: indicators.产出指标}, {field: name, span: 3}]
  - [{field: unit, span: 3}]
"""
    result = run("validate", str(spec(tmp_path)), "--templates", str(bureau(tmp_path, form)))
    assert "D005" not in result.output, result.output


@pytest.mark.parametrize("rows,culprit,words", [
    ("  - [{label: 名称, rows: 3}, {field: name, span: 3}]\n  - [{field: unit, span: 3}]\n  - [甲, 乙, 丙, 丁]",
     "[甲, 乙, 丙, 丁]", "其中 1 列被第 6 行向下合并的单元格占着"),
    ("  - [名称, {field: name, span: 3}]\n  - [{label: 单位, rows: 2}, {field: unit, span: 3}]", "rows: 2", "超出了表格的最后一行"),
])
def test_a_span_that_breaks_the_grid_names_both_lines(tmp_path, rows, culprit, words):
    templates = bureau(tmp_path, PROJECT_HEAD + "rows:\n" + rows + "\n")
    result = run("validate", str(spec(tmp_path)), "--templates", str(templates))
    assert result.exit_code == 2, result.output
    found = [ln for ln in result.output.splitlines() if " error D005 " in ln]
    assert found and f":{line_of(tmp_path / FORM, culprit)}:" in found[0] and words in found[0], found


def test_validate_refuses_what_render_would_refuse(tmp_path):
    """A row only this spec breaks (a list field spanning columns it does not have) is found by
    validate, not first by render."""
    form = PROJECT_HEAD + "rows:\n  - [名称, {field: name, span: indicators.产出指标.数量指标}]\n"
    templates = bureau(tmp_path, form)
    for command in ("validate", "render"):
        args = [command, str(spec(tmp_path)), "--templates", str(templates)] + (["--out", str(tmp_path / "o")] if command == "render" else [])
        result = run(*args)
        assert result.exit_code == 2 and " error D005 " in result.output, result.output


def test_expects_must_be_printed_and_does_not_count_as_printed(tmp_path):
    form = PROJECT_HEAD + "expects: [unit, necessity]\nrows:\n  - [名称, {field: name}, 单位, {field: unit}]\n"
    line, message = refused(bureau(tmp_path, form), spec(tmp_path), "D004")
    assert line == 5 and "necessity" in message


def test_a_self_evaluation_form_without_scoring_is_refused_at_the_family(tmp_path):
    evaluation = PROJECT_HEAD.replace("kind: project", "kind: project\nshows: evaluation") + "rows:\n  - [名称, {field: name, span: 3}]\n"
    templates = bureau(tmp_path, evaluation)
    path = spec(tmp_path, (SPECS / "anyang-2023" / "见义勇为奖励.yaml").read_text(encoding="utf-8"))
    line, message = refused(templates, path, "D003")
    assert line == 5 and "没有“scoring”" in message


def test_an_empty_template_file_says_so_in_template_words(tmp_path):
    templates = bureau(tmp_path, "")
    line, message = refused(templates, spec(tmp_path), "D001")
    assert line == 1 and "模板文件是空的" in message and "kind、year" not in message


def test_let_must_be_a_mapping(tmp_path):
    templates = bureau(tmp_path, PROJECT_HEAD + "let: abc\nrows:\n  - [名称, {field: name, span: 3}]\n")
    line, message = refused(templates, spec(tmp_path), "D003")
    assert line == 5 and "“let”应为若干“键: 值”行" in message


def test_a_count_of_zero_is_described_as_zero_or_more(tmp_path):
    department = """\
        name: 部门表
        kind: department
        title: 部门表
        columns: [30, 30]
        rows:
          - side_by_side:
              - items: {source: funds.income, row: [{field: item}]}
              - items: {source: funds.expenditure, row: [{field: item}]}
            at_least: -1
        """
    templates = bureau(tmp_path, PROJECT_HEAD + "rows:\n  - [名称, {field: name, span: 3}]\n", department)
    text = (SPECS / "jiyuan-2020" / "济源市公安局绩效目标表.yaml").read_text(encoding="utf-8").replace("layout: jiyuan", "layout: test")
    line, message = refused(templates, spec(tmp_path, text, "d.yaml"), "D003")
    assert line == line_of(tmp_path / "templates" / "forms" / "test" / "部门表.yaml", "at_least") and "整数（0 或更大）" in message


@pytest.mark.parametrize("block", [
    "  - indicators:\n      line: [level1, level2, {field: name}]",                       # 3 of 4 columns
    "  - side_by_side:\n      - items: {source: funds.sources, row: [{field: item}]}\n"
    "      - items: {source: funds.sources, row: [{field: item}]}",                      # 2 of 4
    "  - items: {source: funds.sources, row: [{field: item}, {field: amount}]}",         # 2 of 4
])
def test_a_block_whose_rows_do_not_fill_the_grid_is_refused_by_the_form_alone(tmp_path, block):
    templates = bureau(tmp_path, PROJECT_HEAD + "rows:\n" + block + "\n")
    line, message = refused(templates, spec(tmp_path), "D005")
    assert line >= 6 and "4" in message


def test_items_need_a_list(tmp_path):
    templates = bureau(tmp_path, PROJECT_HEAD + "rows:\n  - items: {source: name, row: [{field: name, span: 4}]}\n")
    line, message = refused(templates, spec(tmp_path), "D004")
    assert line == line_of(tmp_path / FORM, "source: name") and "不是列表" in message


def test_a_row_with_fields_is_printed_field_by_field(tmp_path):
    templates = bureau(tmp_path, PROJECT_HEAD + "rows:\n  - items: {source: funds.sources, row: [{field: value, span: 4}]}\n")
    line, message = refused(templates, spec(tmp_path), "D004")
    assert line == 6 and "value" in message and "amount" in message


def test_a_cost_indicator_in_a_cost_level2_under_the_output_level1_is_not_misfiled(tmp_path):
    # 财预〔2020〕10号 files 成本指标 as a 二级 of 产出指标: 「项目总成本」 belongs there, and K006 must not
    # tell the author to move it to where it already is (it did: 「…却填在“成本指标”下：请移到成本指标」)
    scheme = (Path(__file__).resolve().parents[1] / "templates" / "schemes" / "henan-project.yaml").read_text(encoding="utf-8")
    scheme = scheme.replace("      - {name: 时效指标, role: time}\n", "      - {name: 时效指标, role: time}\n      - 成本指标\n")
    templates = tmp_path / "本单位"
    (templates / "schemes").mkdir(parents=True)
    (templates / "schemes" / "henan-project.yaml").write_text(scheme, encoding="utf-8")
    moved = VALID_PROJECT.replace("    时效指标:\n", "    成本指标:\n      - name: 项目总成本\n        target: ≤510.86万元\n    时效指标:\n", 1)
    (tmp_path / "p.yaml").write_text(moved, encoding="utf-8")
    result = run("validate", "--templates", str(templates), str(tmp_path / "p.yaml"))
    assert result.exit_code == 0 and " K006 " not in result.output, result.output
    misfiled = VALID_PROJECT.replace("    时效指标:\n", "    质量指标:\n      - name: 项目总成本\n        target: ≤510.86万元\n    时效指标:\n", 1)
    (tmp_path / "q.yaml").write_text(misfiled, encoding="utf-8")
    result = run("validate", "--templates", str(templates), str(tmp_path / "q.yaml"))
    k006 = [ln for ln in result.output.splitlines() if " K006 " in ln]
    assert k006 and "项目总成本" in k006[0] and "质量指标" in k006[0], result.output


def test_a_weight_in_a_target_table_that_no_form_prints_is_warned_at_its_line(tmp_path):
    # exported target tables carry 权重; the Henan target table has no such column
    path = tmp_path / "p.yaml"
    path.write_text(VALID_PROJECT.replace("        target: ≥881个\n", "        target: ≥881个\n        weight: 10\n"), encoding="utf-8")
    result = run("validate", str(path))
    r002 = [ln for ln in result.output.splitlines() if " R002 " in ln]
    assert r002 and f":{line_of(path, 'weight: 10')}:" in r002[0] and "分值" in r002[0], result.output
