"""A layout family accepts the schemes its forms really use; a spec names the one it follows.

The national family's default is 财预〔2021〕101号 (成本指标 a 一级); most counties still fill in the
财预〔2020〕10号 form, where 成本指标 is a 二级 under 产出指标, and older tables follow 财预〔2015〕88号
(满意度 a 二级 under 效益指标).  The spec below is the national example with its cost indicators
moved where the 10号 form puts them."""

from __future__ import annotations

from decimal import Decimal

import docx

from conftest import ROOT, SPECS, run

NATIONAL = (SPECS / "national" / "见义勇为奖励.yaml").read_text(encoding="utf-8")
COSTS = """  成本指标:
    经济成本指标:
      - {name: 慰问见义勇为人员成本, target: ≤20万元}
      - {name: 培训成本, target: ≤5万元}
    社会成本指标:
      - {name: 日常办公成本, target: ≤20万元}
      - {name: 表彰见义勇为模范成本, target: ≤40 万元}
"""
TEN = NATIONAL.replace(COSTS, "").replace("layout: national\n", "layout: national\nscheme: national-2020-project\n").replace(
    "    时效指标:\n", "    成本指标:\n      - {name: 慰问见义勇为人员成本, target: ≤20万元}\n      - {name: 培训成本, target: ≤5万元}\n    时效指标:\n")


def write(tmp_path, text, name="p.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_10号_form_validates_when_the_spec_names_its_scheme(tmp_path):
    assert COSTS in NATIONAL
    result = run("validate", str(write(tmp_path, TEN)))
    assert result.exit_code == 0 and " K00" not in result.output, result.output
    # without naming it, the 101号 default refuses 成本指标 under 产出指标 as before
    result = run("validate", str(write(tmp_path, TEN.replace("scheme: national-2020-project\n", ""), "q.yaml")))
    assert result.exit_code == 1 and " K002 " in result.output, result.output


def test_the_table_prints_the_named_scheme(tmp_path):
    result = run("render", str(write(tmp_path, TEN)), "--format", "docx", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    table = docx.Document(str(next((tmp_path / "out").glob("*申报表.docx")))).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    cost = next(r for r in rows if "培训成本" in r)
    assert "产出指标" in cost and "成本指标" in cost, cost
    assert not any("经济成本指标" in r for r in rows)


def test_a_scheme_the_layout_does_not_use_is_named_with_the_choices(tmp_path):
    text = TEN.replace("scheme: national-2020-project", "scheme: national-2019")
    result = run("validate", str(write(tmp_path, text)))
    line = text.splitlines().index("scheme: national-2019") + 1
    s014 = [ln for ln in result.output.splitlines() if " S014 " in ln]
    assert result.exit_code == 1 and s014 and f":{line}:" in s014[0], result.output
    assert "national-2020-project" in s014[0] and "national-2015-project" in s014[0]


def test_the_88号_scheme_files_satisfaction_under_效益指标_with_its_label_variants(tmp_path):
    text = NATIONAL.replace(COSTS, "").replace("layout: national\n", "layout: national\nscheme: national-2015-project\n")
    text = text.replace("  满意度指标:\n    服务对象满意度指标:\n", "    服务对象满意度指标等:\n")
    result = run("validate", str(write(tmp_path, text)))
    assert result.exit_code == 0 and " K00" not in result.output, result.output


# --- the weight split is a 原则上 rule (财预〔2020〕10号 第十二条) -------------------------------------

def test_another_split_of_the_weights_is_a_warning_when_the_whole_is_100(tmp_path):
    from test_forms import NATIONAL_EVALUATION

    # a Sichuan table: 执行率 10, 产出 60, 效益 30 (no 满意度 block)
    sichuan = NATIONAL_EVALUATION.replace("actual: 2人, weight: 50}", "actual: 2人, weight: 60}").replace(
        "  满意度指标:\n    服务对象满意度指标:\n      - {name: 表彰见义勇为人员满意度, target: ≥90%, actual: 95%, weight: 10}\n", "")
    result = run("validate", str(write(tmp_path, sichuan)))
    p015 = [ln for ln in result.output.splitlines() if " P015 " in ln]
    assert result.exit_code == 0 and " P001 " not in result.output, result.output
    assert p015 and "产出指标 + 成本指标 60" in p015[0] and "满意度指标 0" in p015[0] and "原则上" in p015[0]
    # a split that does not make 100 is still an error
    short = sichuan.replace("weight: 60}", "weight: 50}")
    result = run("validate", str(write(tmp_path, short, "q.yaml")))
    assert result.exit_code == 1 and " P001 " in result.output and "90" in result.output, result.output


# --- the 一体化 platforms' rules, off unless a family turns them on ---------------------------------

def _platform(tmp_path):
    family = (ROOT / "templates" / "layouts" / "national.yaml").read_text(encoding="utf-8")
    family = family.replace("      weights: advisory\n", "      weights: advisory\n      overshoot_penalty: 2\n"
                            "      caps: {80: 89, 70: 79, 60: 69, 50: 59}\n")
    folder = tmp_path / "平台"
    (folder / "layouts").mkdir(parents=True)
    (folder / "layouts" / "national.yaml").write_text(family, encoding="utf-8")
    return folder


def test_a_low_execution_rate_caps_the_total_and_an_overshoot_costs_points(tmp_path):
    import openpyxl

    from test_forms import NATIONAL_EVALUATION

    # 执行率 35 / 50 = 70 %: below 80 % the 总分 is at most 89 (7 + 48 + 30 + 10 = 95 otherwise);
    # 3人 against ≥2人 is 150 % of the target: 2 points off its 50 (指标偏离)
    text = NATIONAL_EVALUATION.replace("executed: 45}", "executed: 35}").replace("executed: 36}", "executed: 26}").replace(
        "actual: 2人, weight: 50}", "actual: 3人, weight: 50, reason: 超额完成}")
    path = write(tmp_path, text)
    templates = _platform(tmp_path)
    result = run("render", "--templates", str(templates), str(path), "--format", "xlsx", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(next((tmp_path / "out").glob("*自评表.xlsx")))
    values = [c.value for row in book.active.iter_rows() for c in row if c.value is not None]
    at = values.index("总分")
    assert Decimal(str(values[at + 2])) == Decimal(89), values[at:]
    assert 48 in values  # the overshoot indicator's score
    # a written 总分 that ignores the cap is named with the rule
    text = text.replace("  outcome: 已完成表彰。\n", "  outcome: 已完成表彰。\n  total: 95\n")
    result = run("validate", "--templates", str(templates), str(write(tmp_path, text, "q.yaml")))
    p012 = [ln for ln in result.output.splitlines() if " P012 " in ln]
    assert p012 and "95" in p012[0] and "70%" in p012[0] and "89" in p012[0] and "低于 80%" in p012[0], result.output
    # the shipped national family has neither rule
    result = run("validate", str(write(tmp_path, text.replace("total: 95", "total: 97"), "r.yaml")))
    assert " P012 " not in result.output, result.output


# --- 指标值 in three columns (指标性质 / 指标值 / 度量单位), as Yunnan and Sichuan publish it --------------

YUNNAN = ROOT / "specs" / "other" / "yunnan-lijiang-2020-卫片执法补助经费.yaml"


def test_a_value_is_split_into_sign_number_and_unit_columns(tmp_path):
    result = run("render", str(YUNNAN), "--format", "docx", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    table = docx.Document(str(next(tmp_path.glob("*自评表.docx")))).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[next(i for i, r in enumerate(rows) if "指标性质" in r)][:6] == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]
    assert next(r for r in rows if "卫片执法补助经费" in r)[:9] == ["产出指标", "数量指标", "卫片执法补助经费", "=", "72890", "元", "72890", "10", "9"]
    assert next(r for r in rows if "违法行为责停率" in r)[3:6] == ["≥", "95", "%"]
    # the published 得分 are kept and the rule's full marks named; the 满意度 row, left blank, is scored
    assert next(r for r in rows if "满意度" in r[2])[8] == "10.00"
    assert next(r for r in rows if r[0] == "总分")[-2] == "94.00"
    p007 = [ln for ln in result.output.splitlines() if " P007 " in ln]
    assert len(p007) == 4 and "按规则应为 10.00" in p007[0]


def test_a_value_that_is_not_one_number_is_printed_whole_in_the_value_column(tmp_path):
    text = YUNNAN.read_text(encoding="utf-8").replace("target: ≥95%, actual: \"95\", weight: 30", "target: 下降≤4%, actual: 下降3%, weight: 30")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("render", str(path), "--format", "docx", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    rows = [[c.text for c in row.cells] for row in docx.Document(str(next((tmp_path / "out").glob("*自评表.docx")))).tables[0].rows]
    assert next(r for r in rows if "违法行为责停率" in r)[3:6] == ["", "下降≤4%", ""]
