"""Values real tables print that a spec must be able to say (issue 11): a blank 主管部门 where the form
allows it, year-month 实施期, amounts written in 元, 权重 in target tables. Each is read back from the
rendered table."""

from __future__ import annotations

import re
from decimal import Decimal

import docx

from conftest import ROOT, SPECS, diagnostics, run

LIJIANG = SPECS / "other" / "yunnan-lijiang-2020-卫片执法补助经费.yaml"
CHIZHOU = SPECS / "other" / "anhui-chizhou-guichi-2022-委托业务项目.yaml"


def _rows(path):
    return [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[0].rows]


def _render_docx(spec, out):
    result = run("render", str(spec), "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    return sorted(out.glob("*.docx"))


# --- a blank 主管部门 -----------------------------------------------------------------------------

def _without_department(path, tmp_path, replacement=None):
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("department:"))
    spec = tmp_path / path.name
    spec.write_text(text.replace(line + "\n", "" if replacement is None else replacement + "\n"), encoding="utf-8")
    return spec, text.splitlines().index(line) + 1


def test_a_form_that_allows_a_blank_department_prints_an_empty_cell(tmp_path):
    for path, replacement in ((LIJIANG, None), (CHIZHOU, 'department: ""'), (CHIZHOU, "主管部门:")):
        spec, _ = _without_department(path, tmp_path, replacement)
        result = run("validate", str(spec))
        assert result.exit_code == 0, result.output
        assert not [d for d in diagnostics(result.output) if d[2] == "S003"]
        out = tmp_path / f"out-{path.stem}-{replacement}"
        for table in _render_docx(spec, out):
            row = next(r for r in _rows(table) if r[0] in ("主管部门", "主管部门及代码"))
            assert row[1] == "", row  # the cell after the label, spanning to 实施单位
            assert row.index("实施单位") > 1 and row[-1] != "", row


def test_a_form_that_needs_the_department_still_requires_it(tmp_path):
    source = SPECS / "anyang-2020"
    henan = next(p for p in sorted(source.glob("*.yaml")) if "department:" in p.read_text(encoding="utf-8")
                 and "kind: project" in p.read_text(encoding="utf-8"))
    for replacement in (None, 'department: ""'):
        spec, line = _without_department(henan, tmp_path, replacement)
        result = run("validate", str(spec))
        assert result.exit_code == 1
        # at the line of department: "", or where the spec's mapping begins when it is left out
        first = next(i for i, ln in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if ln and not ln.startswith("#"))
        found = [d for d in diagnostics(result.output) if d[2] == "S003"]
        assert found == [(first if replacement is None else line, "error", "S003")], result.output
        assert "主管部门（department）必须填写" in result.output


def test_a_form_may_allow_only_known_fields_blank(tmp_path):
    form = ROOT / "templates" / "forms" / "yunnan" / "项目支出绩效自评表.yaml"
    text = form.read_text(encoding="utf-8")
    own = tmp_path / "tpl" / "forms" / "yunnan"
    own.mkdir(parents=True)
    (own / form.name).write_text(text.replace("allows_blank: [department]", "allows_blank: [unit]"), encoding="utf-8")
    result = run("--templates", str(tmp_path / "tpl"), "validate", str(LIJIANG))
    assert result.exit_code == 2  # a template error (README)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("allows_blank:"))
    assert f"项目支出绩效自评表.yaml:{line}:" in result.output and " D003 " in result.output, result.output


# --- year-month 项目期 ----------------------------------------------------------------------------

JIYUAN = SPECS / "jiyuan-2020" / "援疆民警生活补助.yaml"  # 项目期 {start: 2020-01-01, end: 2020-12-31} (L13)
PERIOD_LINE = "period: {start: 2020-01-01, end: 2020-12-31}"


def _with_period(tmp_path, period, source=JIYUAN, name=None):
    text = source.read_text(encoding="utf-8")
    assert PERIOD_LINE in text
    spec = tmp_path / (name or source.name)
    spec.write_text(text.replace(PERIOD_LINE, f"period: {period}"), encoding="utf-8")
    return spec, text.splitlines().index(PERIOD_LINE) + 1


def test_a_period_in_months_is_printed_as_written(tmp_path):
    cases = {"{start: 2020.07, end: 2020年12月}": ("2020.07", "2020年12月"),
             "2020.07-2020.12": ("2020.07", "2020.12"),
             "2020年7月至2021年1月": ("2020年7月", "2021年1月")}
    for n, (period, (start, end)) in enumerate(cases.items()):
        spec, _ = _with_period(tmp_path, period, name=f"p{n}.yaml")
        result = run("validate", str(spec))
        assert result.exit_code == 0 and not [d for d in diagnostics(result.output) if d[2] in ("S006", "T001")], result.output
        (table,) = _render_docx(spec, tmp_path / f"out{n}")
        row = next(r for r in _rows(table) if r[0] == "开始时间")
        assert [c for c in row if c not in ("开始时间", "结束时间")] == [start, end], row


def test_the_national_form_prints_a_period_written_in_one_cell_as_written(tmp_path):
    text = (SPECS / "national").glob("*.yaml")
    source = next(p for p in sorted(text) if "kind: project" in p.read_text(encoding="utf-8")
                  and "funds:" in p.read_text(encoding="utf-8"))
    body = source.read_text(encoding="utf-8")
    spec = tmp_path / source.name
    spec.write_text(re.sub(r"(?m)^period:.*\n(?:  .*\n)*", "", body).replace("\nname:", "\nperiod: 2023.07-2024.01\nname:", 1), encoding="utf-8")
    assert run("validate", str(spec)).exit_code == 0
    tables = [t for t in _render_docx(spec, tmp_path / "out") if "申报表" in t.name]
    row = next(r for r in _rows(tables[0]) if "项目期" in r)
    assert row[-1] == "2023.07-2024.01", row


def test_a_wrong_period_is_reported_at_its_line(tmp_path):
    for n, (period, code) in enumerate({"2020.12-2020.07": "T001", "2020.13-2021.01": "S006", "{start: 2020.00}": "S006",
                                        "明年": "S006", "{start: 2020.07, end: 2020.06}": "T001"}.items()):
        spec, line = _with_period(tmp_path, period, name=f"w{n}.yaml")
        result = run("validate", str(spec))
        assert result.exit_code == 1
        assert [d for d in diagnostics(result.output) if d[1] == "error"] == [(line, "error", code)], (period, result.output)


def test_the_json_schema_accepts_a_period_in_one_cell(tmp_path):
    import json

    import jsonschema
    import yaml

    schema = json.loads(run("schema").output)
    spec = yaml.safe_load(JIYUAN.read_text(encoding="utf-8"))
    for period in ("2020.07-2020.12", {"start": "2020.07", "end": "2020年12月"}):
        jsonschema.validate({**spec, "period": period}, schema)
        jsonschema.validate({**{k: v for k, v in spec.items() if k != "period"}, "项目期": period}, schema)


# --- amounts in 元 -------------------------------------------------------------------------------

def _in_yuan(tmp_path, unit="元"):
    # the 丽江 table's 7.29 万元 budget, written as the 72890 元 its 数量 indicator prints
    text = LIJIANG.read_text(encoding="utf-8")
    assert text.count("7.29") == 6
    spec = tmp_path / LIJIANG.name
    spec.write_text(text.replace("7.29", "72890").replace("\nunit:", f"\nmoney_unit: {unit}\nunit:", 1), encoding="utf-8")
    return spec, next(i for i, ln in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith("money_unit:"))


def test_amounts_written_in_yuan_are_printed_in_wan_exactly(tmp_path):
    import openpyxl

    spec, _ = _in_yuan(tmp_path)
    result = run("validate", str(spec))
    assert result.exit_code == 0 and " P0" not in result.output.replace("P007", ""), result.output
    out = tmp_path / "out"
    assert run("render", str(spec), "--out", str(out)).exit_code == 0
    rows = _rows(next(out.glob("*.docx")))
    total = next(r for r in rows if r[1] == "年度资金总额")
    assert total[0] == "项目资金\n（万元）"
    assert total[3:6] == ["7.289", "7.289", "7.289"] and total[7] == "100.00%"
    sheet = openpyxl.load_workbook(next(out.glob("*.xlsx"))).active
    line = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "年度资金总额")
    assert line[3:6] == (7.289, 7.289, 7.289)


def test_yuan_to_wan_moves_the_point_without_rounding():
    from decimal import Decimal

    from docgen.model.spec import yuan_to_wan

    cases = {"72890": "7.289", "64230.50": "6.42305", "1": "0.0001", "900000": "90", "0": "0", "-3": "-0.0003",
             "123456789012.34": "12345678.901234"}
    for yuan, wan in cases.items():
        assert format(yuan_to_wan(Decimal(yuan)), "f") == wan
        assert yuan_to_wan(Decimal(yuan)) * 10000 == Decimal(yuan)


def test_a_wrong_money_unit_is_reported_at_its_line(tmp_path):
    spec, line = _in_yuan(tmp_path, "千元")
    result = run("validate", str(spec))
    assert result.exit_code == 1
    assert [d for d in diagnostics(result.output) if d[1] == "error"] == [(line, "error", "S007")], result.output


# --- 权重 in target tables -----------------------------------------------------------------------

def _target_with_weights(tmp_path, layout):
    from conftest import VALID_PROJECT

    text = (VALID_PROJECT.replace("layout: henan", f"layout: {layout}")
            .replace("target: ≥881个", "target: ≥881个\n        weight: 20")
            .replace("target: ≥90%", "target: ≥90%\n        weight: 10"))
    if layout != "henan":
        text = text.replace("  成本指标:\n    成本指标:", "  成本指标:\n    经济成本指标:")
    spec = tmp_path / f"{layout}.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec, text.splitlines().index("        weight: 20") + 1


def test_a_weight_in_a_target_table_is_warned_where_no_form_has_the_column(tmp_path):
    for layout in ("henan", "national"):
        spec, line = _target_with_weights(tmp_path, layout)
        result = run("validate", str(spec))
        assert result.exit_code == 0, result.output
        # once, at the first weight
        warned = [ln for ln in result.output.splitlines() if " R002 " in ln and "（weight）" in ln]
        assert len(warned) == 1 and f"{spec.name}:{line}:" in warned[0], result.output


def test_a_weight_in_a_target_table_is_printed_where_the_form_has_a_column_for_it(tmp_path):
    national = (ROOT / "templates" / "forms" / "national" / "项目支出绩效目标申报表.yaml").read_text(encoding="utf-8")
    form = (national.replace('{header: "{half}指标值"}', "{header: 权重}")
            .replace("- {if: multi_year, then: {field: [period_target, target], align: center}, else: {field: period_target, align: center}}",
                     "- {field: weight, format: amount}"))
    assert form.count("权重") == 1 and "{field: weight" in form
    tpl = tmp_path / "tpl"
    (tpl / "forms" / "weighted").mkdir(parents=True)
    (tpl / "layouts").mkdir()
    (tpl / "forms" / "weighted" / "项目支出绩效目标申报表.yaml").write_text(form, encoding="utf-8")
    family = (ROOT / "templates" / "layouts" / "national.yaml").read_text(encoding="utf-8")
    family = family.replace("forms: [national/项目支出绩效目标申报表, national/项目支出绩效自评表]", "forms: [weighted/项目支出绩效目标申报表]")
    (tpl / "layouts" / "weighted.yaml").write_text(family, encoding="utf-8")
    spec, _ = _target_with_weights(tmp_path, "weighted")
    result = run("--templates", str(tpl), "validate", str(spec))
    assert result.exit_code == 0 and "（weight）" not in result.output, result.output
    out = tmp_path / "out"
    assert run("--templates", str(tpl), "render", str(spec), "--format", "docx", "--out", str(out)).exit_code == 0
    rows = _rows(next(out.glob("*.docx")))
    header = next(r for r in rows if "权重" in r)
    column = header.index("权重")
    by_name = {r[column + 2]: r[column] for r in rows[rows.index(header) + 1:] if len(r) > column + 2}
    assert by_name["运维摄像头数量"] == "20" and by_name["群众满意度"] == "10" and by_name["故障修复时间"] == ""


def _yuan_form(tmp_path):
    """The 云南 自评表 as a form whose unit is 元 (money_unit: 元, its heading 「（元）」)."""
    form = (ROOT / "templates" / "forms" / "yunnan" / "项目支出绩效自评表.yaml").read_text(encoding="utf-8")
    assert "（万元）" in form
    own = tmp_path / "tpl" / "forms" / "yunnan"
    own.mkdir(parents=True)
    (own / "项目支出绩效自评表.yaml").write_text(
        form.replace("（万元）", "（元）").replace("\ncolumns:", "\nmoney_unit: 元\ncolumns:", 1), encoding="utf-8")
    return tmp_path / "tpl"


def test_a_form_whose_unit_is_yuan_prints_the_amounts_in_yuan(tmp_path):
    tpl = _yuan_form(tmp_path)
    yuan_spec, _ = _in_yuan(tmp_path)
    for n, (spec, printed) in enumerate(((LIJIANG, "72900"), (yuan_spec, "72890"))):
        out = tmp_path / f"out{n}"
        result = run("--templates", str(tpl), "render", str(spec), "--format", "docx", "--out", str(out))
        assert result.exit_code == 0, result.output
        rows = _rows(next(out.glob("*.docx")))
        total = next(r for r in rows if r[1] == "年度资金总额")
        assert total[0] == "项目资金\n（元）" and total[3:6] == [printed] * 3
        assert total[6] == "10" and total[7] == "100.00%"  # the 分值 and the 执行率 are not amounts
        weights = next(r for r in rows if r[2] == "卫片执法补助经费")
        # 指标性质 / 指标值 / 度量单位, 实际完成值: texts as written; 分值 10 and 得分 9 not converted
        assert weights[3:] == ["=", "72890", "元", "72890", "10", "9", ""], weights


def test_a_wrong_form_money_unit_is_reported_at_its_line(tmp_path):
    tpl = _yuan_form(tmp_path)
    form = tpl / "forms" / "yunnan" / "项目支出绩效自评表.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("money_unit: 元", "money_unit: 千元"), encoding="utf-8")
    line = next(i for i, ln in enumerate(form.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith("money_unit:"))
    result = run("--templates", str(tpl), "validate", str(LIJIANG))
    assert result.exit_code == 2 and f"项目支出绩效自评表.yaml:{line}:" in result.output and " D003 " in result.output, result.output


def test_a_yuan_form_converts_list_rows_and_their_total_too(tmp_path):
    # the 武汉 项目支出绩效目标表 (seed 004) with its unit line in 元: 资金来源 / 支出明细 rows and 合计 lines
    form = (ROOT / "templates" / "forms" / "wuhan" / "项目支出绩效目标表.yaml").read_text(encoding="utf-8")
    own = tmp_path / "tpl" / "forms" / "wuhan"
    own.mkdir(parents=True)
    (own / "项目支出绩效目标表.yaml").write_text(form.replace("unit_line: 单位：万元", "unit_line: 单位：元\nmoney_unit: 元"), encoding="utf-8")
    spec = next(p for p in sorted((SPECS / "wuhan-2021").glob("*.yaml")) if "kind: project" in p.read_text(encoding="utf-8"))
    tables = []
    for n, extra in enumerate(((), ("--templates", str(tmp_path / "tpl")))):
        out = tmp_path / f"out{n}"
        assert run(*extra, "render", str(spec), "--format", "docx", "--out", str(out)).exit_code == 0
        tables.append(_rows(next(out.glob("*.docx"))))
    changed = [(a, b) for a, b in zip(*tables, strict=True) if a != b]
    assert len(changed) >= 5
    for wan, yuan in changed:
        for x, y in zip(wan, yuan, strict=True):
            if x != y:
                assert Decimal(y.replace(",", "")) == Decimal(x.replace(",", "")) * 10000, (x, y)
