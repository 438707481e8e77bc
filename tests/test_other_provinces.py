"""Published self-evaluation tables from other provinces (specs/other/, and their faithful copies with
the published mistakes in tests/data/seed_errors/): each validates, renders in every format with its
总分 read back, and the rules reproduce every 得分 the published table prints."""

from __future__ import annotations

import re
from decimal import Decimal

import docx
import openpyxl
import pdfplumber
import pytest

from conftest import ROOT, SPECS, diagnostics, run, validate_file
from docgen.model.spec import iter_indicators

OTHER = SPECS / "other"
FIXTURES = ROOT / "tests" / "data" / "seed_errors"
CHIZHOU = OTHER / "anhui-chizhou-guichi-2022-委托业务项目.yaml"
ZHONGJIANG = FIXTURES / "sc22-zhongjiang-shuibiaochi.yaml"


def _scores(spec):
    """(name, published 得分) of every indicator that prints one."""
    return [(ind.name, ind.score) for _, _, _, ind in iter_indicators(spec.indicators) if ind.score is not None]


def _render(path, fmt, out):
    result = run("render", str(path), "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    return next(out.glob(f"*自评表.{fmt}"))


TOTAL_LABELS = ("总分", "合计")  # the 四川 form's 总分 line is 「合计」


def _total_docx(path):
    """The rows of the table and the (分值, 得分) of its 总分 line; an empty 得分 is None."""
    rows = [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[0].rows]
    line = next(r for r in rows if r[0] in TOTAL_LABELS)
    return rows, (Decimal(line[-3]), Decimal(line[-2]) if line[-2] else None)


def _total_xlsx(path):
    line = next(row for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True) if row[0] in TOTAL_LABELS)
    numbers = [Decimal(str(v)) for v in line[1:] if v not in (None, "", *TOTAL_LABELS)]
    return numbers[0], (numbers[1] if len(numbers) > 1 else None)


def _total_pdf(path):
    with pdfplumber.open(path) as pdf:
        lines = [ln for page in pdf.pages for ln in (page.extract_text() or "").splitlines()]
    line = next(ln for ln in lines if ln.replace(" ", "")[:2] in TOTAL_LABELS)
    words = re.sub(r"^\s*(总\s*分|合\s*计)", "", line).split()
    return Decimal(words[0]), (Decimal(words[1]) if len(words) > 1 else None)


# The 总分 the rules determine: 丽江 10 (执行率 100%) + the published 9 + 19 + 19 + 27 + 10 for the 满意度 row
# (95 against ≥95%, left blank in the table); 天长 the published 100 (10 + nine indicators at their full 分值);
# 池州 none, the stored page ends inside its 满意度 row; 青神 none,
# the table was published without 完成值; 大英 none, the stored page ends inside its first indicator row.
TOTALS = {"yunnan-lijiang-2020-卫片执法补助经费": Decimal(94), "anhui-chizhou-guichi-2022-委托业务项目": None,
          "sichuan-qingshen-2023-工资性支出": None, "anhui-tianchang-2022-水旱灾害防御经费": Decimal(100),
          "sichuan-daying-2023-安可替代补助资金": None}


# The 目标表 (no results) among them: checked by their own tests below.
TARGET_TABLES = {"guangdong-dongguan-2019-镇际联网路升级改造工程一期"}


def test_every_table_from_another_province_is_checked():
    assert {p.stem for p in OTHER.glob("*.yaml")} == set(TOTALS) | TARGET_TABLES


@pytest.mark.parametrize("path", sorted(p for p in OTHER.glob("*.yaml") if p.stem in TOTALS), ids=lambda p: p.stem)
def test_a_table_from_another_province_validates_and_renders_its_total_in_every_format(path, tmp_path):
    checked = validate_file(path)
    assert checked.errors == [], [d.format("en") for d in checked.errors]
    _, in_docx = _total_docx(_render(path, "docx", tmp_path / "docx"))
    in_xlsx = _total_xlsx(_render(path, "xlsx", tmp_path / "xlsx"))
    in_pdf = _total_pdf(_render(path, "pdf", tmp_path / "pdf"))
    assert in_docx == in_xlsx == in_pdf == (Decimal(100), TOTALS[path.stem])


def test_the_chizhou_table_reproduces_every_published_score_and_its_execution_line(tmp_path):
    # 池州市贵池区棠溪镇 委托业务项目 2022: 9 published 得分, each the full 分值 of an indicator met
    spec = validate_file(CHIZHOU).spec
    published = _scores(spec)
    assert len(published) == 9
    result = run("validate", "--lang", "en", str(CHIZHOU))
    assert not [d for d in diagnostics(result.output) if d[2] in ("P007", "P012", "P014")], result.output
    rows, (_, total) = _total_docx(_render(CHIZHOU, "docx", tmp_path))
    for name, score in published:
        row = next(r for r in rows if name in r)
        assert Decimal(row[7]) == score, row
    # the corrected 年度资金总额 line: 89.974 / 89.974 = 100%, 10 of 10
    line = next(r for r in rows if r[1] == "年度资金总额")
    assert line[-2:] == ["100.00%", "10.00"], line
    # the 满意度 row is cut off the stored page: no 得分, so no 总分
    assert next(r for r in rows if "公众满意度" in r)[7] == "" and total is None


def test_the_chizhou_published_total_row_is_found_at_each_of_its_columns():
    result = run("validate", "--lang", "en", str(FIXTURES / "ah22-chizhou-weituo.yaml"))
    p004 = [d for d in diagnostics(result.output) if d[2] == "P004"]
    assert [d[0] for d in p004] == [38, 38, 38], result.output
    assert any("89.974" in line for line in result.output.splitlines() if " P004 " in line)


def test_the_zhongjiang_table_scores_as_published_but_its_weights_add_up_to_110():
    # 中江县水利局 2022: every 得分 the full 分值 of an indicator met, as the rule gives it; the 分值 add up
    # to 110 and the 总分 is printed 100
    result = run("validate", "--lang", "en", str(ZHONGJIANG))
    found = diagnostics(result.output)
    assert not [d for d in found if d[2] in ("P007", "P014")], result.output
    assert (25, "P001") in [(d[0], d[2]) for d in found]
    p012 = next(line for line in result.output.splitlines() if " P012 " in line)
    assert "100" in p012 and "110" in p012, p012
    spec = validate_file(ZHONGJIANG).spec
    assert sum(score for _, score in _scores(spec)) == 100


QINGSHEN = OTHER / "sichuan-qingshen-2023-工资性支出.yaml"


def test_the_sichuan_form_prints_weights_the_budget_rows_and_the_closing_lines(tmp_path):
    rows, (weights, total) = _total_docx(_render(QINGSHEN, "docx", tmp_path))
    header = next(r for r in rows if "指标性质" in r)
    assert header[1:] == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"]
    line = next(r for r in rows if "发放（缴纳）覆盖率" in r)
    assert line[4:10] == ["=", "100", "%", "", "60", ""], line
    # 预算执行情况: the published 238.93 / 251.89 / 251.89 and 100.00%; the rule's 得分 10 where the table is blank
    total_row = next(r for r in rows if r[1] == "总额")
    assert total_row[3:9] == ["238.93", "251.89", "251.89", "100.00%", "10", "10.00"], total_row
    assert [r[1] for r in rows if r[0].startswith("预算执行情况")][1:] == ["总额", "其中：财政资金", "财政专户管理资金", "单位资金", "其他资金"]
    assert next(r for r in rows if r[1] == "财政专户管理资金")[3:9] == ["0.00", "0.00", "0.00", "0.00%", "/", "/"]
    for label, text in (("评价结论", "说明项目自评总分"), ("存在问题", "分析存在的问题"), ("改进措施", "提出下一步改进")):
        assert text in next(r for r in rows if r[0] == label)[1], label
    assert "项目负责人：" in rows[-1] and "财务负责人：" in rows[-1], rows[-1]
    assert weights == 100 and total is None


def test_the_sichuan_family_checks_that_the_indicators_share_90(tmp_path):
    text = QINGSHEN.read_text(encoding="utf-8").replace("weight: 30}", "weight: 20}")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", "--lang", "en", str(path))
    assert any(code == "P001" for _, _, code in diagnostics(result.output)), result.output


TIANCHANG = OTHER / "anhui-tianchang-2022-水旱灾害防御经费.yaml"


def test_the_tianchang_table_scores_as_published_and_names_the_indicators_it_cannot_score(tmp_path):
    # 天长市水利局 2022: nine indicators at their full 分值; six were printed without 指标值 or 完成值
    result = run("validate", "--lang", "en", str(TIANCHANG))
    found = diagnostics(result.output)
    assert not [d for d in found if d[2] in ("P007", "P012", "P014")], result.output
    names = {line.split("“")[1].split("”")[0] for line in result.output.splitlines() if " P013 " in line}
    assert names == {"工程质量合格", "年度资金支付完成率100%", "资金执行在预算范围内", "全市安全度汛",
                     "保护全市人口财产不受损失", "已建工程良性运行"}, result.output
    text = TIANCHANG.read_text(encoding="utf-8").splitlines()
    assert sorted(line for line, _, code in found if code == "P013") == sorted(
        n for n, src in enumerate(text, 1) if any(f"name: {name}," in src for name in names))
    spec = validate_file(TIANCHANG).spec
    rows, (weights, total) = _total_docx(_render(TIANCHANG, "docx", tmp_path))
    for name, score in _scores(spec):
        row = next(r for r in rows if name in r)
        assert Decimal(row[7]) == score, row
    line = next(r for r in rows if r[1] == "年度资金总额")
    assert line[-2:] == ["100.00%", "10"], line
    assert (weights, total) == (Decimal(100), Decimal(100))
    # 主管部门 printed blank, as published: the cell after the label is empty, 实施单位 still printed
    head = next(r for r in rows if r[0] == "主管部门")
    assert head[1] == "" and "天长市水利局" in head, head


DONGGUAN = OTHER / "guangdong-dongguan-2019-镇际联网路升级改造工程一期.yaml"


def test_the_dongguan_target_table_prints_both_halves_in_every_format(tmp_path):
    checked = validate_file(DONGGUAN)
    assert checked.errors == [], [d.format("en") for d in checked.errors]
    result = run("render", str(DONGGUAN), "--format", "docx", "--out", str(tmp_path / "docx"))
    assert result.exit_code == 0, result.output
    rows = [[c.text for c in row.cells] for row in docx.Document(str(next((tmp_path / "docx").glob("*.docx")))).tables[0].rows]
    assert rows[0][3:] == ["中期市财政预算（万元）", "284500.00", "本年度申请市财政预算资金（万元）",
                           "本年度申请市财政预算资金（万元）", "919.00"], rows[0]
    header = next(r for r in rows if "计划指标值（或计划水平）" in r)
    assert header[1:] == ["一级指标", "二级指标", "三级指标", "指标值（或计划水平）", "二级指标", "三级指标", "计划指标值（或计划水平）"]
    line = next(r for r in rows if "补助款结算误差率" in r)
    assert line[1:] == ["预期产出指标", "质量指标", "补助款结算误差率", "±3%以内", "质量指标", "补助款结算误差率", "±3%以内"]
    # the stored page ends after this row's name: no 指标值 in either half
    assert rows[-1][3:] == ["实现建设总目标控制程度", "", "可持续影响指标", "实现建设总目标控制程度", ""], rows[-1]
    result = run("render", str(DONGGUAN), "--format", "xlsx", "--out", str(tmp_path / "xlsx"))
    assert result.exit_code == 0, result.output
    cells = [v for row in openpyxl.load_workbook(next((tmp_path / "xlsx").glob("*.xlsx"))).active.iter_rows(values_only=True)
             for v in row if v is not None]
    assert "预算单位：东莞市交通运输局" in cells and cells.count("年度预算执行率") == 2
    result = run("render", str(DONGGUAN), "--format", "pdf", "--out", str(tmp_path / "pdf"))
    assert result.exit_code == 0, result.output
    with pdfplumber.open(next((tmp_path / "pdf").glob("*.pdf"))) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages).replace(" ", "").replace("\n", "")
    assert "东莞市财政项目支出绩效目标批复表" in text and "284500.00" in text and "919.00" in text


def test_the_dongguan_table_is_warned_where_it_was_published_loosely():
    result = run("validate", "--lang", "en", str(DONGGUAN))
    found = diagnostics(result.output)
    text = DONGGUAN.read_text(encoding="utf-8").splitlines()

    def line_of(name):
        return next(n for n, src in enumerate(text, 1) if f"name: {name}" in src)

    assert sorted((line, code) for line, _, code in found) == sorted([
        (text.index("indicators:") + 1, "K004"),                    # cut off before any 满意度 row
        (line_of("镇街补助款完成结算项目数"), "V004"),           # 「3」
        (line_of("补助款结算争议率"), "V004"),                  # 「0%」
        (line_of("年度预算执行率"), "V006"),                    # ≥90% under the form's cost heading
        (line_of("实现建设总目标控制程度"), "V011"),             # the stored page ends at its name
    ]), result.output


DAYING = OTHER / "sichuan-daying-2023-安可替代补助资金.yaml"


def test_the_daying_table_reproduces_its_budget_lines_as_far_as_it_was_stored(tmp_path):
    # 大英县司法局 2023: budgeted only during the year (年初预算 0.00), executed in full: 100.00%, 得分 10
    result = run("validate", "--lang", "en", str(DAYING))
    assert not [d for d in diagnostics(result.output) if d[1] == "error" or d[2].startswith("P")], result.output
    rows, (_, total) = _total_docx(_render(DAYING, "docx", tmp_path))
    total_row = next(r for r in rows if r[1] == "总额")
    assert total_row[3:9] == ["0.00", "3.36", "3.36", "100.00%", "10", "10"], total_row
    assert rows[1][1] == "大英县司法局部门" and "2023年购买13台安可电脑" in next(r for r in rows if r[1].startswith("2."))[3]
    # the first indicator row as far as it is stored: 指标性质 and 指标值, nothing after them
    line = next(r for r in rows if "完成安可产品购买并按要求支付资金" in r)
    assert line[4:10] == ["=", "100", "", "", "", ""], line
    assert total is None
