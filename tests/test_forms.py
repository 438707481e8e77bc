"""Forms as data: a bureau adds or changes a form with template files alone, and a broken form file
is reported at its own line (exit 2), never rendered half or silently empty."""

from __future__ import annotations

import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest

from conftest import ROOT, SPECS, diagnostics, run, validate_text
from docgen.catalog import Catalog

TEMPLATES = ROOT / "templates"
SPEC = SPECS / "anyang-2020" / "报警视频监控系统运维.yaml"
PACKAGE = SPECS / "anyang-2023" / "安阳市公安局2023年度部门决算.yaml"


def bureau(tmp_path: Path, family: str = "mycity") -> Path:
    """A bureau's template folder holding a copy of the Henan family under ``family``."""
    folder = tmp_path / "templates"
    (folder / "layouts").mkdir(parents=True)
    text = (TEMPLATES / "layouts" / "henan.yaml").read_text(encoding="utf-8")
    (folder / "layouts" / f"{family}.yaml").write_text(text.replace("henan/", f"{family}/").replace("河南（安阳）版式", "某市版式"), encoding="utf-8")
    shutil.copytree(TEMPLATES / "forms" / "henan", folder / "forms" / family)
    return folder


def spec_for(tmp_path: Path, layout: str) -> Path:
    path = tmp_path / "报警.yaml"
    path.write_text(SPEC.read_text(encoding="utf-8").replace("layout: henan", f"layout: {layout}"), encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# --- a new family by data alone ------------------------------------------------------------------

def test_a_copied_family_with_a_new_label_and_width_renders_in_all_three_formats(tmp_path):
    templates = bureau(tmp_path)
    form = templates / "forms" / "mycity" / "项目绩效目标表.yaml"
    edit(form, "  - [项目设立的必要性, {field: necessity, span: 7}]", "  - [设立必要性, {field: necessity, span: 7}]")
    edit(form, "columns: [20, 17, 19, 30, 17, 17, 30, 20]", "columns: [30, 17, 19, 30, 17, 17, 30, 20]")
    spec = spec_for(tmp_path, "mycity")
    out = tmp_path / "out"
    result = run("render", str(spec), "--templates", str(templates), "--out", str(out))
    assert result.exit_code == 0, result.output
    stem = out / "报警.项目绩效目标表"
    word = docx.Document(f"{stem}.docx")
    texts = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "设立必要性" in texts and "项目设立的必要性" not in texts
    grid = word.tables[0]._tbl.tblGrid
    widths = [int(c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) for c in grid.iterchildren()]
    assert widths[0] > widths[1] * 1.6  # 30 mm against 17 mm (the shipped form has 20 against 17)
    sheet = openpyxl.load_workbook(f"{stem}.xlsx").active
    assert "设立必要性" in [c.value for row in sheet.iter_rows() for c in row]
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width * 1.5
    with pdfplumber.open(f"{stem}.pdf") as pdf:
        assert "设立必要性" in "".join(pdf.pages[0].extract_text().split())
    # the shipped family is untouched and a spec naming it still prints the shipped label
    shipped = run("render", str(SPEC), "--out", str(tmp_path / "shipped"), "--format", "docx")
    assert shipped.exit_code == 0
    word = docx.Document(tmp_path / "shipped" / "报警视频监控系统运维.项目绩效目标表.docx")
    assert "项目设立的必要性" in [c.text for row in word.tables[0].rows for c in row.cells]


def test_the_environment_variable_layers_a_folder_over_the_shipped_templates(tmp_path, monkeypatch):
    templates = bureau(tmp_path)
    spec = spec_for(tmp_path, "mycity")
    assert run("validate", str(spec)).exit_code == 1  # unknown layout without the bureau's folder
    monkeypatch.setenv("DOCGEN_TEMPLATES", str(templates))
    result = run("validate", str(spec))
    assert result.exit_code == 0, result.output
    listed = run("layouts")
    assert re.search(r"^mycity  某市版式$", listed.output, re.M)
    assert re.search(r"^henan  ", listed.output, re.M)  # the shipped families are still there
    assert run("new", "project", "--layout", "mycity").output.startswith("# docgen 规格：某市版式")


def test_a_bureau_file_replaces_the_shipped_one_of_the_same_name(tmp_path):
    templates = tmp_path / "templates"
    (templates / "forms" / "henan").mkdir(parents=True)
    form = templates / "forms" / "henan" / "项目绩效目标表.yaml"
    form.write_text((TEMPLATES / "forms" / "henan" / "项目绩效目标表.yaml").read_text(encoding="utf-8")
                    .replace("title: 项目绩效目标表", "title: 项目绩效目标申报表（本市）"), encoding="utf-8")
    out = tmp_path / "out"
    assert run("render", str(SPEC), "--templates", str(templates), "--out", str(out), "--format", "pdf").exit_code == 0
    with pdfplumber.open(out / "报警视频监控系统运维.项目绩效目标表.pdf") as pdf:
        assert "项目绩效目标申报表（本市）" in "".join(pdf.pages[0].extract_text().split())


# --- broken form files ---------------------------------------------------------------------------

BREAKS = {
    "unknown key": ("subtitles:", "subtitels:", "subtitels", "D002"),
    "unknown field": ("{field: funds.period.total, format: amount}", "{field: funds.period.totl, format: amount}", "funds.period.totl", "D004"),
    "row too wide": ("  - [{field: goals.period, span: 4}, {field: goals.annual, span: 3}]",
                     "  - [{field: goals.period, span: 5}, {field: goals.annual, span: 3}]", "goals.period, span: 5", "D005"),
    "overlapping span": ("  - [项目名称, {field: name, span: 7}]",
                         "  - [{label: 项目名称, rows: 2}, {field: name, span: 3}, {label: 代码, rows: 2}, {field: name, span: 3}]\n"
                         "  - [{field: code, span: 4}, {field: unit, span: 2}]", "{field: code, span: 4}", "D005"),
    "unknown format": ("{field: funds.annual.other, format: amount, span: 2}", "{field: funds.annual.other, format: money, span: 2}",
                       "format: money", "D003"),
    "bad template": ('subtitles: ["({year}年度)"]', 'subtitles: ["({yaer}年度)"]', "yaer", "D004"),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_broken_form_is_reported_at_its_line_and_nothing_is_written(tmp_path, name):
    old, new, needle, code = BREAKS[name]
    templates = bureau(tmp_path)
    form = templates / "forms" / "mycity" / "项目绩效目标表.yaml"
    edit(form, old, new)
    spec = spec_for(tmp_path, "mycity")
    expected_line = line_of(form, needle)
    for command in (["validate", str(spec)], ["render", str(spec), "--out", str(tmp_path / "out")]):
        result = run(*command, "--templates", str(templates))
        assert result.exit_code == 2, result.output
        found = [ln for ln in result.output.splitlines() if ln.startswith(str(form))]
        assert found, result.output
        assert f"{form}:{expected_line}:" in found[0] and f" error {code} " in found[0], found
        assert "Traceback" not in result.output and "Z001" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_family_naming_a_missing_form_points_at_the_family_line(tmp_path):
    templates = bureau(tmp_path)
    family = templates / "layouts" / "mycity.yaml"
    edit(family, "mycity/项目支出绩效自评情况表", "mycity/项目支出绩效自评表")
    result = run("validate", str(spec_for(tmp_path, "mycity")), "--templates", str(templates))
    assert result.exit_code == 2
    assert f"{family}:{line_of(family, '项目支出绩效自评表')}:" in result.output and "D006" in result.output


def test_a_form_of_another_kind_in_a_family_is_refused(tmp_path):
    templates = bureau(tmp_path)
    family = templates / "layouts" / "mycity.yaml"
    edit(family, "forms: [mycity/项目绩效目标表,", "forms: [mycity/部门整体支出绩效目标表,")
    result = run("validate", str(spec_for(tmp_path, "mycity")), "--templates", str(templates))
    assert result.exit_code == 2 and "D006" in result.output and "department" in result.output


def test_rows_that_only_break_for_some_specs_are_reported_at_the_form_line(tmp_path):
    """A row whose width depends on the spec (an each cell) is checked when the spec is laid out."""
    templates = bureau(tmp_path)
    form = templates / "forms" / "mycity" / "项目绩效目标表.yaml"
    edit(form, "  - [项目概况, {field: overview, span: 7}]",
         "  - [项目概况, {field: overview, span: 6}, {each: prior_years, as: year, cell: {text: \"{year}\"}}]")
    result = run("render", str(spec_for(tmp_path, "mycity")), "--templates", str(templates), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert f"{form}:{line_of(form, 'each: prior_years')}:1: error D005" in result.output
    assert not (tmp_path / "out").exists()


def test_a_broken_table_set_formula_is_reported_at_its_line(tmp_path):
    templates = tmp_path / "templates"
    (templates / "tablesets").mkdir(parents=True)
    tableset = templates / "tablesets" / "henan-决算.yaml"
    text = (TEMPLATES / "tablesets" / "henan-决算.yaml").read_text(encoding="utf-8")
    tableset.write_text(text.replace('"金额@27 = 金额@1..8"', '"金额@27 = 余额@1..8"', 1), encoding="utf-8")
    result = run("build", str(PACKAGE), "--templates", str(templates), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{tableset}:{line_of(tableset, '余额@1..8')}:" in result.output and "D007" in result.output
    assert "余额" in result.output


def table_set_templates(tmp_path: Path) -> Path:
    """A bureau folder holding copies of the shipped table set and its 公开 forms, to break."""
    templates = tmp_path / "templates"
    (templates / "tablesets").mkdir(parents=True)
    shutil.copy(TEMPLATES / "tablesets" / "henan-决算.yaml", templates / "tablesets")
    shutil.copytree(TEMPLATES / "forms" / "公开", templates / "forms" / "公开")
    return templates


def built_with(templates: Path, tmp_path: Path) -> str:
    """``docgen build`` of the 安阳 package with ``templates``: broken template data exits 2, writes nothing."""
    out = tmp_path / "out"
    result = run("build", str(PACKAGE), "--templates", str(templates), "--out", str(out))
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert "Traceback" not in result.output and "Z001" not in result.output
    return result.output


FORM_COLUMN_BREAKS = {  # form, the text, the broken text, the message
    "a misspelt column": ("公开01", "{column: 金额, format: disclosure}], pad", "{column: 金 额, format: disclosure}], pad",
                          "公开01没有“金 额”这一列，是否想写“金额”？"),
    "a misspelt where value": ("公开01", "where: {栏: 支出}", "where: {栏: 支岀}", "公开01的“栏”只能是 收入、支出：“支岀”对不上任何一行"),
    "a misspelt where key": ("公开06", "where: {经费: 公用经费, 科目代码: \"302*\"}", "where: {经费: 公用经费, 科目编码: \"302*\"}",
                             "公开06没有“科目编码”这一列，是否想写“科目代码”？"),
    "a misspelt sum": ("公开06", "{sum: rows.决算数, where: {经费: 人员经费", "{sum: rows.决算, where: {经费: 人员经费",
                       "公开06没有“决算”这一列，是否想写“决算数”？"),
    "a misspelt condition": ("公开08", "rows.基本支出, rows.项目支出]", "rows.基本支出, rows.项目支岀]",
                             "公开08没有“项目支岀”这一列，是否想写“项目支出”？"),
    "a misspelt row condition": ("公开02", "row: [{if: 科目代码,", "row: [{if: 代码,", "公开02没有“代码”这一列"),
}


@pytest.mark.parametrize("name", list(FORM_COLUMN_BREAKS))
def test_a_financial_form_naming_a_column_its_table_lacks_is_refused_at_its_line(tmp_path, name):
    table, old, new, message = FORM_COLUMN_BREAKS[name]
    templates = table_set_templates(tmp_path)
    form = templates / "forms" / "公开" / f"{table}.yaml"
    edit(form, old, new)
    output = built_with(templates, tmp_path)
    found = [ln for ln in output.splitlines() if ln.startswith(f"{form}:")]
    assert len(found) == 1, output
    assert found[0].startswith(f"{form}:{line_of(form, new)}:") and " error D004 " in found[0] and message in found[0], found


FORMULA_BREAKS = {  # the text, the broken text (the line reported), the message
    "a 行次 the table has no fixed row for": ('"金额@27 = 金额@1..8"', '"金额@72 = 金额@1..8"',
                                          "公式“金额@72 = 金额@1..8”用到行次 72，但公开01没有固定行次 72（它的行次为 1–62）"),
    "a part's 行次 the table lacks": ('"金额@62 = 金额@31"', '"金额@62 = 金额@99"', "用到行次 99，但公开01没有固定行次 99"),
    "a reversed range": ('"金额@27 = 金额@1..8"', '"金额@27 = 金额@8..1"', "中的范围 @8..1 是倒着写的：请从小到大写作 @1..8"),
    "a 行次 that is not a number": ('"金额@58 = 金额@32..57"', '"金额@58 = 金额@合计"', "中的“@合计”不是公开01的行：请写行次"),
    "a subject code of no valid length": ('"公开04:一般公共预算财政拨款@59 = 公开05:小计@合计"', '"公开04:一般公共预算财政拨款@59 = 公开05:小计@2010"',
                                          "中的“@2010”不是公开05的行：合计行写 @合计，科目行写 3、5、7 位科目代码"),
    "a range of subject codes": ('"公开04:一般公共预算财政拨款@59 = 公开05:小计@合计"', '"公开04:一般公共预算财政拨款@59 = 公开05:小计@201..299"',
                                 "中的 @201..299 是一个范围，但公开05的行是科目代码，代码并不连续：请逐个相加"),
    "a cross term without its row": ('"公开01:金额@27 = 公开02:本年收入合计@合计"', '"公开01:金额@27 = 公开02:本年收入合计"',
                                     "中的“公开02:本年收入合计”是另一张表的格，必须写明是哪一行，如 公开02:本年收入合计@合计"),
    "a cross term without its table": ('"公开01:金额@5 = 公开02:事业收入@合计"', '"金额@5 = 公开02:事业收入@合计"', "“金额@5”没有写表号"),
    "another table in a table's checks": ('"金额@62 = 金额@31"', '"金额@62 = 公开02:本年收入合计@合计"',
                                          "是公开01的校验关系，却写了另一张表公开02：两张表之间的关系请写在 cross（表间关系）下"),
    "a rows range past the fixed rows": ('rows: "33..64"', 'rows: "33..99"', "用到行次 65，但公开04没有固定行次 65"),
    "a reversed rows range": ('rows: "33..64"', 'rows: "64..33"', "中的范围 64..33 是倒着写的：请从小到大写作 33..64"),
    "no spaces around =": ('"金额@27 = 金额@1..8"', '"金额@27=金额@1..8"',
                           "无法读懂公式“金额@27=金额@1..8”：应写成“合计 = 加数 + 加数”，每个 = + − 前后都要留一个空格"),
    "a misspelt rows key column": ("      key: 行次\n      label: 项目\n      side: 栏", "      key: 行号\n      label: 项目\n      side: 栏",
                                   "“key: 行号”：公开01没有“行号”这一列（它的列有：栏、行次、项目、金额）"),
    "a side the 栏 column does not allow": ('        支出:\n          32: "一、一般公共服务支出"', '        支岀:\n          32: "一、一般公共服务支出"',
                                          "公开01的固定行写在“支岀”下，但它的“栏”只能是 收入、支出"),
}


@pytest.mark.parametrize("name", list(FORMULA_BREAKS))
def test_a_formula_naming_a_row_its_table_lacks_is_refused_at_its_line(tmp_path, name):
    old, new, message = FORMULA_BREAKS[name]
    templates = table_set_templates(tmp_path)
    tableset = templates / "tablesets" / "henan-决算.yaml"
    edit(tableset, old, new)
    output = built_with(templates, tmp_path)
    found = [ln for ln in output.splitlines() if ln.startswith(f"{tableset}:")]
    assert len(found) == 1, output  # reported once; nothing else of the set is blamed
    assert found[0].startswith(f"{tableset}:{line_of(tableset, new.splitlines()[0])}:") and " error D007 " in found[0], found
    assert message in found[0], found[0]
    words = re.sub(r"\b(cross|rows|key)\b", "", found[0].split(" error D007 ", 1)[1])  # the table set's own keys
    assert not re.search(r"[A-Za-z]{3,}", words), found[0]  # in Chinese throughout


def test_every_bad_formula_is_reported_once_and_the_others_are_still_read(tmp_path):
    templates = table_set_templates(tmp_path)
    tableset = templates / "tablesets" / "henan-决算.yaml"
    edit(tableset, '"金额@27 = 金额@1..8"', '"金额@27 = 金额@8..1"')                      # a bad check of 公开01
    edit(tableset, '"公开01:金额@4 = 公开02:上级补助收入@合计"', '"公开01:金额@4 = 公开02:上级补助收入"')  # two bad cross entries
    edit(tableset, '"公开01:金额@6 = 公开02:经营收入@合计"', '"公开01:金额@6 = 公开02:经营收入@9"')
    output = built_with(templates, tmp_path)
    found = sorted(int(ln[len(str(tableset)) + 1:].split(":", 1)[0]) for ln in output.splitlines() if ln.startswith(f"{tableset}:"))
    assert found == [line_of(tableset, "金额@8..1"), line_of(tableset, "公开02:上级补助收入\""), line_of(tableset, "经营收入@9")], output
    assert "不在本套表中" not in output  # no cross formula blames a missing 公开01


# --- one resolution for validate, render and build -----------------------------------------------

@pytest.mark.parametrize("typed", ['"henan "', '" Henan"', "ｈｅｎａｎ"])
def test_a_layout_name_with_spaces_or_capitals_is_the_same_family_everywhere(tmp_path, typed):
    spec = spec_for(tmp_path, typed)
    assert run("validate", str(spec)).exit_code == 0
    out = tmp_path / "out"
    assert run("render", str(spec), "--out", str(out), "--format", "pdf").exit_code == 0
    assert (out / "报警.项目绩效目标表.pdf").is_file()
    folder = tmp_path / "pkg"
    shutil.copytree(PACKAGE.parent, folder)
    package = folder / PACKAGE.name
    edit(package, "layout: henan", f"layout: {typed}")
    assert run("build", str(package), "--out", str(tmp_path / "built"), "--format", "docx").exit_code == 0


def test_an_unknown_layout_is_refused_the_same_way_everywhere(tmp_path):
    spec = spec_for(tmp_path, "nosuch")
    for command in (["validate", str(spec)], ["render", str(spec), "--out", str(tmp_path / "out")]):
        result = run(*command)
        assert result.exit_code == 1
        assert (11, "error", "S009") in diagnostics(result.output)
    folder = tmp_path / "pkg"
    shutil.copytree(PACKAGE.parent, folder)
    package = folder / PACKAGE.name
    edit(package, "layout: henan", "layout: nosuch")
    for command in (["validate", str(package)], ["build", str(package), "--out", str(tmp_path / "built")]):
        result = run(*command)
        assert result.exit_code == 1, result.output
        assert (6, "error", "S009") in diagnostics(result.output)
    assert not (tmp_path / "out").exists() and not (tmp_path / "built").exists()


def test_what_a_family_prints_is_what_its_forms_bind():
    """The national 申报表 prints 主管部门及代码: a spec's code is printed, not warned as unprinted."""
    text = (SPECS / "national" / "见义勇为奖励.yaml").read_text(encoding="utf-8").replace("unit: 安阳市公安局", "unit: 安阳市公安局\ncode: \"410500\"")
    checked = validate_text(text)
    assert checked.ok
    assert not [d for d in checked.diagnostics if d.code == "R002"]
    assert checked.kind.prints_field("code")
    assert not checked.kind.prints_field("measures")  # the national form has no 项目配套制度措施 row


def test_no_module_of_the_layout_and_write_layers_names_a_region_or_a_seed():
    words = re.compile(r"henan|jiyuan|hebei|wuhan|anyang|langfang|河南|济源|河北|武汉|安阳|廊坊|湖北|seed|公开0\d|national", re.I)
    for path in sorted((ROOT / "src" / "docgen" / "render").rglob("*.py")):
        hits = [m.group(0) for m in words.finditer(path.read_text(encoding="utf-8"))]
        assert hits == [], (path.name, hits)


def test_every_shipped_template_reads_clean():
    catalog = Catalog.default()
    for name in catalog.family_names():
        assert catalog.family(name) is not None, name
    assert catalog.diagnostics == []


# --- the national 财预〔2020〕10号 项目支出绩效自评表, added by data alone ---------------------------

NATIONAL_EVALUATION = """\
kind: project
year: 2023
layout: national
name: 见义勇为奖励
department: 安阳市公安局
unit: 安阳市公安局
goals:
  annual: 开展见义勇为表彰。
indicators:
  产出指标:
    数量指标:
      - {name: 表彰见义勇为人员, target: ≥2人, actual: 2人, weight: 50}
  效益指标:
    社会效益指标:
      - {name: 社会群体见义勇为参与度, target: 提升社会人员参与度, actual: 达成年度指标, weight: 30}
  满意度指标:
    服务对象满意度指标:
      - {name: 表彰见义勇为人员满意度, target: ≥90%, actual: 95%, weight: 10}
evaluation:
  budget:
    total:     {initial: 50, adjusted: 50, executed: 45}
    fiscal:    {initial: 40, adjusted: 40, executed: 36}
    carryover: {initial: 10, adjusted: 10, executed: 9}
    other:     {initial: 0, adjusted: 0, executed: 0}
  outcome: 已完成表彰。
"""


def test_the_national_self_evaluation_form_prints_the_10号_rows_and_scores():
    from docgen.pipeline import spec_tables

    checked = validate_text(NATIONAL_EVALUATION)
    assert checked.ok, [d.format("en") for d in checked.diagnostics]
    (table,) = spec_tables(checked)
    assert table.name == "项目支出绩效自评表" and table.subtitles == ("（2023年度）",)
    rows = [[c.text for c in row.cells] for row in table.rows]
    flat = [t for r in rows for t in r]
    assert ["其中：当年财政拨款", "40", "40", "36", "—", "90.00%", "—"] in rows
    assert ["上年结转资金", "10", "10", "9", "—", "90.00%", "—"] in rows
    assert ["年度资金总额", "50", "50", "45", "10", "90.00%", "9.00"] in rows
    assert "资金管理情况" not in flat and "偏差度" not in flat
    assert flat[-4:] == ["总分", "100", "99.00", ""]  # 9 + 50 + 30 + 10
    total = table.placed()[-2]
    assert total.cell.number == Decimal("99.00") and total.col == 7  # under 得分


def test_the_sources_of_a_budget_must_add_up_to_its_total():
    checked = validate_text(NATIONAL_EVALUATION.replace("carryover: {initial: 10, adjusted: 10, executed: 9}",
                                                        "carryover: {initial: 10, adjusted: 10, executed: 8}"))
    p004 = [d for d in checked.diagnostics if d.code == "P004"]
    assert len(p004) == 1
    assert "当年财政拨款" not in p004[0].message() and "上年结转资金 8" in p004[0].message()
    assert "全年执行数（executed） 45 ≠ 各资金来源之和 财政拨款 36 + 上年结转资金 8 + 其他资金 0 = 44" in p004[0].message()


def test_an_installed_docgen_carries_every_template_file():
    """pyproject.toml lists template folders one by one (setuptools cannot glob folders): a new
    folder of forms must be added there, or a regular install would not have it."""
    import fnmatch

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = [p for globs in config["tool"]["setuptools"]["data-files"].values() for p in globs]
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            relative = str(path.relative_to(ROOT))
            assert any(fnmatch.fnmatch(relative, p) and relative.count("/") == p.count("/") for p in patterns), relative


def _at(spec, source: str):
    value = spec
    for step in source.split("."):
        if isinstance(value, dict):
            value = value[step]
        elif isinstance(value, list):
            value = value[int(step)]
        else:
            value = getattr(value, step)
    return value


@pytest.mark.parametrize("path", sorted(SPECS.rglob("*.yaml")), ids=lambda p: str(p.relative_to(SPECS)))
def test_every_bound_cell_names_the_spec_field_it_prints(path):
    """A cell bound to a spec field records the field's full path (indicators.产出指标.数量指标.0.target):
    what an import or the editor page needs to go from a cell back to the author's text."""
    from docgen.model.spec import Package
    from docgen.pipeline import spec_tables
    from docgen.render.formats import text_of, to_decimal, value_part

    checked = validate_text(path.read_text(encoding="utf-8"), str(path))
    if isinstance(checked.spec, Package):
        return
    bound = 0
    for table in spec_tables(checked):
        for row in table.rows:
            for cell in row.cells:
                if not cell.source or not cell.text:
                    continue
                bound += 1
                value = _at(checked.spec, cell.source)
                if cell.number is not None:
                    assert abs(to_decimal(value) - cell.number) <= Decimal("0.005"), (cell.source, value, cell.text)
                else:
                    # a value printed in three columns (指标性质 / 指标值 / 度量单位, the 云南 form) shows one part
                    parts = {value_part(text_of(value), f) for f in ("value_sign", "value_number", "value_unit")}
                    assert text_of(value).strip() in cell.text or cell.text in parts, (cell.source, value, cell.text)
    assert bound >= 5


def test_a_spec_that_prints_no_table_is_told_so(tmp_path):
    """Results for a layout without a self-evaluation table, and no funds: validate says nothing will
    be printed, instead of render writing zero files in silence."""
    text = (SPECS / "langfang-2020" / "会议、办公系统运维费.yaml").read_text(encoding="utf-8") + "evaluation:\n  outcome: 完成\n"
    checked = validate_text(text + "funds: {annual: {total: 10, fiscal: 10}}\n")
    assert [d.code for d in checked.diagnostics if d.code == "R003"] == []  # with funds the target table prints
    checked = validate_text(text)
    r003 = [d for d in checked.diagnostics if d.code == "R003"]
    assert len(r003) == 1 and "自评" in r003[0].message()


def test_a_family_with_an_empty_form_list_is_refused(tmp_path):
    templates = bureau(tmp_path)
    family = templates / "layouts" / "mycity.yaml"
    edit(family, "forms: [mycity/项目绩效目标表, mycity/项目支出绩效自评情况表]", "forms: []")
    result = run("validate", str(spec_for(tmp_path, "mycity")), "--templates", str(templates))
    assert result.exit_code == 2 and f"{family}:{line_of(family, 'forms: []')}:" in result.output and "D003" in result.output


# --- template folders: which file a name stands for ----------------------------------------------

def _family_lines(output: str, name: str) -> list[str]:
    """The lines of `docgen layouts` that list a family whose name normalises to ``name``."""
    from docgen.catalog import normalize_name

    return [ln for ln in output.splitlines() if ln and not ln.startswith("  ") and normalize_name(ln.split("  ")[0]) == name]


@pytest.mark.parametrize("file_name", ["henan.yaml", "Henan.yaml", "ＨＥＮＡＮ.yaml", " henan.yaml"])
def test_a_bureau_family_replaces_the_shipped_one_whatever_its_file_is_called(tmp_path, file_name):
    templates = tmp_path / "templates"
    (templates / "layouts").mkdir(parents=True)
    text = (TEMPLATES / "layouts" / "henan.yaml").read_text(encoding="utf-8")
    (templates / "layouts" / file_name).write_text(text.replace("title: 河南（安阳）版式", "title: 本市改版"), encoding="utf-8")
    listed = run("layouts", "--templates", str(templates))
    assert listed.exit_code == 0, listed.output
    lines = _family_lines(listed.output, "henan")
    assert len(lines) == 1 and lines[0].endswith("  本市改版"), lines  # listed once, the bureau's
    result = run("validate", str(SPEC), "--templates", str(templates))
    assert result.exit_code == 0, result.output
    assert "本市改版" in run("new", "project", "--layout", "henan", "--templates", str(templates)).output


def test_the_first_folder_wins_whatever_the_spelling_of_the_later_folders_files(tmp_path):
    """--templates A --templates B: A's henan.yaml comes first, though B's Henan.yaml sorts before it."""
    text = (TEMPLATES / "layouts" / "henan.yaml").read_text(encoding="utf-8")
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, name, title in ((first, "henan.yaml", "甲局版式"), (second, "Henan.yaml", "乙局版式")):
        (folder / "layouts").mkdir(parents=True)
        (folder / "layouts" / name).write_text(text.replace("title: 河南（安阳）版式", f"title: {title}"), encoding="utf-8")
    listed = run("layouts", "--templates", str(first), "--templates", str(second))
    assert _family_lines(listed.output, "henan") == ["henan  甲局版式"], listed.output
    catalog = Catalog.default([first, second])
    family = catalog.family(catalog.resolve_family_name("HENAN")[0] or "")
    assert family is not None and family.title == "甲局版式" and family.path == str(first / "layouts" / "henan.yaml")


def test_a_bureau_form_or_scheme_replaces_the_shipped_one_whatever_its_spelling(tmp_path):
    templates = tmp_path / "templates"
    (templates / "forms" / "HENAN").mkdir(parents=True)
    (templates / "schemes").mkdir()
    form = (TEMPLATES / "forms" / "henan" / "项目绩效目标表.yaml").read_text(encoding="utf-8")
    (templates / "forms" / "HENAN" / "项目绩效目标表.yaml").write_text(
        form.replace("title: 项目绩效目标表", "title: 项目绩效目标申报表（本市）"), encoding="utf-8")
    scheme = (TEMPLATES / "schemes" / "henan-project.yaml").read_text(encoding="utf-8")
    assert "\ntitle: " in scheme
    (templates / "schemes" / "Ｈｅｎａｎ-Project.yaml").write_text(
        re.sub(r"\ntitle: .*", "\ntitle: 本市项目绩效指标体系", scheme, count=1), encoding="utf-8")
    out = tmp_path / "out"
    assert run("render", str(SPEC), "--templates", str(templates), "--out", str(out), "--format", "pdf").exit_code == 0
    with pdfplumber.open(out / "报警视频监控系统运维.项目绩效目标表.pdf") as pdf:
        assert "项目绩效目标申报表（本市）" in "".join(pdf.pages[0].extract_text().split())
    assert "指标体系: 本市项目绩效指标体系" in run("layouts", "--templates", str(templates)).output


def test_two_families_of_one_folder_with_the_same_name_are_refused_at_the_second(tmp_path):
    templates = bureau(tmp_path)
    shutil.copy(templates / "layouts" / "mycity.yaml", templates / "layouts" / "MyCity.yaml")
    first, second = templates / "layouts" / "MyCity.yaml", templates / "layouts" / "mycity.yaml"  # in name order
    spec = spec_for(tmp_path, "mycity")
    for command in (["validate", str(spec)], ["render", str(spec), "--out", str(tmp_path / "out")], ["layouts"]):
        result = run(*command, "--templates", str(templates))
        assert result.exit_code == 2, result.output
        found = [ln for ln in result.output.splitlines() if " D009 " in ln]
        assert len(found) == 1 and found[0].startswith(f"{second}:1:1: error D009 "), result.output
        assert str(first) in found[0]
    assert not (tmp_path / "out").exists()
    assert _family_lines(run("layouts", "--templates", str(templates)).output, "mycity") == []  # refused, not listed twice


def test_two_forms_of_one_folder_with_the_same_name_are_refused(tmp_path):
    templates = bureau(tmp_path)
    forms = templates / "forms" / "mycity"
    shutil.copy(forms / "项目绩效目标表.yaml", forms / "项目绩效目标表 .yaml")  # a space before the suffix
    result = run("render", str(spec_for(tmp_path, "mycity")), "--templates", str(templates), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert f"{forms / '项目绩效目标表.yaml'}:1:1: error D009 " in result.output
    assert str(forms / "项目绩效目标表 .yaml") in result.output
    assert not (tmp_path / "out").exists()


# --- a broken template, for every spec that needs it ---------------------------------------------

def _two_families(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """Two bureau families, mycity and othercity, naming the same forms; a spec for each."""
    templates = bureau(tmp_path)
    text = (templates / "layouts" / "mycity.yaml").read_text(encoding="utf-8")
    (templates / "layouts" / "othercity.yaml").write_text(text.replace("某市版式", "某县版式"), encoding="utf-8")
    (tmp_path / "p").mkdir()
    (tmp_path / "q").mkdir()
    p = spec_for(tmp_path / "p", "mycity")
    q = spec_for(tmp_path / "q", "othercity")
    return templates, templates / "layouts" / "mycity.yaml", templates / "layouts" / "othercity.yaml", p, q  # type: ignore[return-value]


def test_a_missing_form_named_by_two_families_is_reported_for_both(tmp_path):
    templates, mycity, othercity, p, q = _two_families(tmp_path)
    for family in (mycity, othercity):
        edit(family, "mycity/项目支出绩效自评情况表", "mycity/项目支出绩效自评表")
    result = run("validate", str(p), str(q), "--templates", str(templates))
    assert result.exit_code == 2, result.output
    for family in (mycity, othercity):
        assert f"{family}:{line_of(family, '项目支出绩效自评表')}:" in result.output, result.output
    catalog = Catalog.default([templates])
    for spec, family in ((p, mycity), (q, othercity)):  # each spec is told, in its own result
        checked = validate_file_with(catalog, spec)
        assert checked.kind is None
        assert [(d.file, d.code) for d in checked.errors] == [(str(family), "D006")]


def test_a_broken_form_named_by_two_families_is_reported_to_every_spec(tmp_path):
    templates, _, _, p, q = _two_families(tmp_path)
    form = templates / "forms" / "mycity" / "项目绩效目标表.yaml"
    edit(form, "subtitles:", "subtitels:")
    result = run("validate", str(p), str(q), "--templates", str(templates))
    assert result.exit_code == 2, result.output
    expected = f"{form}:{line_of(form, 'subtitels')}:1: error D002 "
    assert sum(ln.startswith(expected) for ln in result.output.splitlines()) == 1, result.output  # printed once
    catalog = Catalog.default([templates])
    for spec in (p, q):
        checked = validate_file_with(catalog, spec)
        assert [(d.file, d.line, d.code) for d in checked.errors] == [(str(form), line_of(form, "subtitels"), "D002")]


def validate_file_with(catalog: Catalog, path: Path):
    from docgen.pipeline import check_file

    return check_file(path, catalog, str(path))


# --- misspelt template folders -------------------------------------------------------------------

@pytest.mark.parametrize("command", [["validate", "SPEC"], ["render", "SPEC", "--out", "OUT"], ["layouts"],
                                     ["new", "project", "--layout", "henan"]])
def test_a_templates_folder_that_does_not_exist_is_a_usage_error(tmp_path, command):
    args = [str(SPEC) if a == "SPEC" else str(tmp_path / "out") if a == "OUT" else a for a in command]
    missing = tmp_path / "bureu"
    for where in ("command", "group"):
        full = [*args, "--templates", str(missing)] if where == "command" else ["--templates", str(missing), *args]
        result = run(*full)
        assert result.exit_code == 2, result.output
        assert f"错误：'--templates' 的值无效：文件夹 '{missing}' 不存在。" in result.output, result.output
        assert result.stdout == ""
    english = run("--lang", "en", *args, "--templates", str(missing))
    assert f"Error: Invalid value for '--templates': Directory '{missing}' does not exist." in english.output
    assert not (tmp_path / "out").exists()


def test_a_missing_folder_in_the_environment_variable_is_warned_and_skipped(tmp_path, monkeypatch):
    templates = bureau(tmp_path)
    missing = tmp_path / "bureu"
    monkeypatch.setenv("DOCGEN_TEMPLATES", os.pathsep.join([str(missing), str(templates)]))
    result = run("validate", str(spec_for(tmp_path, "mycity")))
    assert result.exit_code == 0, result.output  # the folder after it is still used
    assert (1, "warning", "D010") in diagnostics(result.output)
    assert f"{missing}:1:1: warning D010 环境变量 DOCGEN_TEMPLATES 指定的文件夹 {missing} 不存在" in result.output
    started = run("new", "project", "--layout", "mycity")
    assert started.exit_code == 0 and "D010" in started.stderr and "D010" not in started.stdout


def test_a_templates_folder_holding_no_template_folders_is_warned(tmp_path):
    templates = bureau(tmp_path)
    result = run("validate", str(SPEC), "--templates", str(templates / "layouts"))  # one level too deep
    assert result.exit_code == 0, result.output
    assert f"{templates / 'layouts'}:1:1: warning D010 " in result.output


# --- the subjects list ---------------------------------------------------------------------------

SUBJECTS = TEMPLATES / "subjects" / "2023.csv"


def _subjects(tmp_path: Path, data: bytes) -> tuple[Path, Path]:
    templates = tmp_path / "templates"
    (templates / "subjects").mkdir(parents=True)
    path = templates / "subjects" / "2023.csv"
    path.write_bytes(data)
    return templates, path


def test_a_subjects_list_saved_by_excel_in_gbk_is_read_with_a_warning(tmp_path):
    templates, path = _subjects(tmp_path, SUBJECTS.read_text(encoding="utf-8").encode("gbk"))
    result = run("validate", str(PACKAGE), "--templates", str(templates))
    assert result.exit_code == 0, result.output
    assert f"{path}:1:1: warning L002 " in result.output
    assert "Z001" not in result.output and "B004" not in result.output and "B003" not in result.output


def test_a_subjects_list_in_utf8_with_a_bom_is_read_silently(tmp_path):
    templates, path = _subjects(tmp_path, b"\xef\xbb\xbf" + SUBJECTS.read_bytes())
    result = run("validate", str(PACKAGE), "--templates", str(templates))
    assert result.exit_code == 0, result.output
    assert str(path) not in result.output


def test_a_subjects_list_with_the_wrong_header_is_refused_at_its_first_line(tmp_path):
    text = SUBJECTS.read_text(encoding="utf-8").replace("科目代码,科目名称", "代码,名称", 1)
    templates, path = _subjects(tmp_path, text.encode("utf-8"))
    for command in (["validate", str(PACKAGE)], ["build", str(PACKAGE), "--out", str(tmp_path / "out")]):
        result = run(*command, "--templates", str(templates))
        assert result.exit_code == 2, result.output
        errors = [(ln.split(": ")[0], ln.split(" ")[2]) for ln in result.output.splitlines() if " error " in ln]
        assert errors == [(f"{path}:1:1", "D003")], result.output  # and no B004 for every code
        assert "科目代码、科目名称" in result.output and "代码、名称" in result.output
    assert not (tmp_path / "out").exists()


def test_a_subjects_list_in_no_known_encoding_is_refused(tmp_path):
    templates, path = _subjects(tmp_path, b"\xe7\xa7\x91\xe7\x9b\xae,\x81\x30\xff\xfe\n")
    result = run("validate", str(PACKAGE), "--templates", str(templates))
    assert result.exit_code == 2, result.output
    assert f"{path}:1:1: error D001 " in result.output and "L003" in result.output
    assert "Z001" not in result.output and "B004" not in result.output


# --- docgen new ----------------------------------------------------------------------------------

def test_new_names_an_unknown_layout_as_unknown(tmp_path):
    result = run("new", "project", "--layout", "某市")
    assert result.exit_code == 2 and result.stdout == ""
    families = "、".join(Catalog.default().family_names())
    assert "hebei、henan" in families
    assert f"未知的版式“某市”（可用版式：{families}；见 docgen layouts）" in result.output
    assert "没有 project 表" not in result.output
    assert "是否想写“henan”" in run("new", "project", "--layout", "henna").output


def test_new_tells_a_layout_without_the_kind_from_a_broken_one(tmp_path):
    result = run("new", "department", "--layout", "hebei")
    assert result.exit_code == 2 and "版式“hebei”没有 department 表" in result.output
    templates = bureau(tmp_path)
    family = templates / "layouts" / "mycity.yaml"
    edit(family, "mycity/项目支出绩效自评情况表", "mycity/项目支出绩效自评表")
    broken = run("new", "project", "--layout", "mycity", "--templates", str(templates))
    assert broken.exit_code == 2 and broken.stdout == ""
    assert f"{family}:{line_of(family, '项目支出绩效自评表')}:" in broken.stderr and "D006" in broken.stderr
    assert "版式“mycity”无法使用" in broken.stderr and "没有 project 表" not in broken.output
