"""Malformed specs: each gets its diagnostic code, at the author's line, and the right exit status."""

from __future__ import annotations

import pytest

from conftest import VALID_PROJECT, diagnostics, run


def mutate(old: str, new: str, text: str = VALID_PROJECT) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

WUHAN = """\
kind: project
year: 2021
layout: wuhan
name: 办案费
code: ""
department: 武汉东湖分局
unit: 武汉东湖分局
contacts: {owner: 蒋文清, phone: "85393899"}
category: 部门项目
basis: 立项依据
overview: 主要内容
funds:
  period: {total: 695}
  annual: {total: 695}
  sources:
    - {item: 1.一般公共预算财政拨款收入, amount: 600}
    - {item: 其中：申请当年预算拨款, amount: 600}
  breakdown:
    - {item: 1.案件办理工作经费, amount: 695}
goals:
  period: 加强各类刑事案件侦破力度
indicators:
  产出指标:
    数量指标:
      - {name: 刑拘犯罪嫌疑人完成率, target: 100%}
  社会公众或服务对象满意度指标:
    社会公众或服务对象满意度指标:
      - {name: 110接处警满意度, target: 95%}
"""

EVALUATED = VALID_PROJECT.replace("≥881个\n", "≥881个\n        actual: 881个\n        weight: 70\n        score: 70\n", 1) + """\
evaluation:
  date: 2021-04
  budget:
    total: {initial: 510.86, adjusted: 510.86, executed: 500}
    fiscal: {initial: 510.86, adjusted: 510.86, executed: 500}
  management:
    安排科学性: {note: 科学, weight: 5, score: 5, issues: 无}
    拨付合规性: {note: 合规, weight: 5, score: 5, issues: 无}
    使用规范性: {note: 规范, weight: 5, score: 5, issues: 无}
    预算绩效管理情况: {note: 良好, weight: 5, score: 5, issues: 无}
  outcome: 完成
"""

# (id, spec text or bytes, code, line, exit status)
CASES = [
    # loading
    ("duplicate-key", mutate("department: 安阳市公安局\n", "department: 安阳市公安局\nname: 另一个名称\n"), "L006", 6, 1),
    ("duplicate-nested-key", mutate("  annual: 系统稳定运行\n", "  annual: 系统稳定运行\n  period: 重复\n"), "L006", 17, 1),
    ("tab-indent", mutate("  annual: 系统稳定运行", "\tannual: 系统稳定运行"), "L005", 16, 1),
    ("colon-in-value", mutate("name: 报警视频监控系统运维", "name: 报警: 视频监控"), "L004", 4, 1),
    ("unclosed-quote", mutate("name: 报警视频监控系统运维", 'name: "报警视频监控系统运维'), "L004", 4, 1),
    ("unclosed-bracket", mutate("  annual: {total: 510.86, fiscal: 510.86, other: 0}", "  annual: {total: 510.86, fiscal: 510.86"), "L004", 9, 1),
    ("bad-indent", mutate("  annual: 系统稳定运行", " annual: 系统稳定运行"), "L004", 16, 1),
    ("value-starts-with-at", mutate("basis: 安阳市视频监控建设规划。", "basis: @规划"), "L004", 11, 1),
    ("alias-bomb", BOMB, "L007", 1, 1),
    ("anchor", mutate("unit: 安阳市公安局(视频监控管理处)", "unit: &u 安阳市公安局"), "L007", 6, 1),
    ("alias", mutate("necessity: 保障系统正常运行。", "necessity: *u"), "L007", 12, 1),
    ("merge-key", mutate("goals:\n", "goals:\n  <<: {period: x}\n"), "L007", 15, 1),
    ("python-tag", mutate("plan: 全年分季度实施。", "plan: !!python/object/apply:os.system [ls]"), "L012", 13, 1),
    ("custom-tag", mutate("plan: 全年分季度实施。", "plan: !secret x"), "L012", 13, 1),
    ("empty-file", "", "L008", 1, 1),
    ("only-comments", "# 项目绩效目标表\n# 待填写\n", "L008", 1, 1),
    ("list-document", "- kind: project\n- year: 2020\n", "L009", 1, 1),
    ("text-document", "这是一段文字\n", "L009", 1, 1),
    ("fullwidth-colon", "kind：project\nyear：2020\n", "L009", 1, 1),
    ("two-documents", VALID_PROJECT + "---\nkind: project\n", "L011", 37, 1),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "L003", 1, 1),
    ("undecodable", b"kind: project\nname: \xff\xfe\xfd\n", "L003", 2, 1),
    ("deep-nesting", "a: " + "[" * 60 + "]" * 60 + "\n", "L010", 1, 1),
    ("complex-key", "? [a, b]\n: c\n", "S004", 1, 1),
    # structure
    ("typo-key", mutate("unit:", "uint:"), "S001", 6, 1),
    ("typo-chinese-key", mutate("overview:", "项目慨况:"), "S001", 10, 1),
    ("unknown-key", mutate("plan:", "xyzzy_field:"), "S001", 13, 1),
    ("unknown-indicator-key", mutate("        target: ≥881个", "        traget: ≥881个"), "S001", 21, 1),
    ("both-names", mutate("name: 报警视频监控系统运维\n", "name: 报警视频监控系统运维\n项目名称: 报警视频监控系统运维\n"), "S002", 5, 1),
    ("missing-name", mutate("name: 报警视频监控系统运维\n", ""), "S003", 1, 1),
    ("missing-department", mutate("department: 安阳市公安局\n", ""), "S003", 1, 1),
    ("empty-name", mutate("name: 报警视频监控系统运维", 'name: ""'), "S003", 4, 1),
    ("funds-as-list", mutate("  period: {total: 510.86, fiscal: 510.86, other: 0}", "  period: [510.86]"), "S004", 8, 1),
    ("indicators-as-text", VALID_PROJECT.split("indicators:")[0] + "indicators: 见附件\n", "S004", 17, 1),
    ("indicator-list-as-mapping", mutate("      - name: 运维摄像头数量\n        target: ≥881个", "      name: 运维摄像头数量"), "S004", 20, 1),
    ("money-with-unit", mutate("  period: {total: 510.86,", "  period: {total: 510.86万元,"), "S005", 8, 1),
    ("money-not-a-number", mutate("fiscal: 510.86, other: 0}\n  annual", "fiscal: 五百万, other: 0}\n  annual"), "S005", 8, 1),
    ("bad-date", mutate("plan: 全年分季度实施。", "plan: 全年分季度实施。\nperiod: {start: 2020-02-30, end: 2020-12-31}"), "S006", 14, 1),
    ("bad-evaluation-date", EVALUATED.replace("date: 2021-04", "date: 2021-13"), "S006", 41, 1),
    ("bad-disclosure", VALID_PROJECT + "disclosure: 是\n", "S007", 37, 1),
    ("bad-withheld-part", VALID_PROJECT + "disclosure: withheld\nwithheld: [names]\n", "S007", 38, 1),
    ("missing-kind", VALID_PROJECT.replace("kind: project\n", ""), "S008", 1, 1),
    ("unknown-kind", mutate("kind: project", "kind: projcet"), "S008", 1, 1),
    ("unknown-layout", mutate("layout: henan", "layout: henna"), "S009", 3, 1),
    ("layout-without-kind", "kind: department\nyear: 2020\nlayout: hebei\ndepartment: 廊坊市公安局安次分局\n", "S010", 1, 1),
    ("bad-year", mutate("year: 2020", "year: 20"), "S011", 2, 1),
    # indicator scheme
    ("unknown-level1", mutate("  产出指标:", "  产出目标:"), "K001", 18, 1),
    ("level2-as-level1", mutate("  效益指标:\n    社会效益指标:", "  社会效益指标:\n    社会效益指标:"), "K001", 29, 1),
    ("level2-wrong-parent", mutate("    社会效益指标:", "    数量指标:"), "K002", 30, 1),
    ("level2-typo", mutate("    时效指标:", "    时间指标:"), "K002", 22, 1),
    ("indicator-without-name", mutate("      - name: 运维费用\n", "      - note: 运维费用\n"), "K003", 27, 1),
    # funds, dates, evaluation, disclosure
    ("total-not-sum", mutate("  period: {total: 510.86, fiscal: 510.86, other: 0}", "  period: {total: 610.86, fiscal: 510.86, other: 0}"), "F001", 8, 1),
    ("annual-over-period", mutate("  period: {total: 510.86, fiscal: 510.86, other: 0}", "  period: {total: 0, fiscal: 0, other: 0}"), "F002", 9, 1),
    ("negative-amount", mutate("fiscal: 510.86, other: 0}\n  annual", "fiscal: 520.86, other: -10}\n  annual"), "F008", 8, 1),
    ("sources-not-sum", WUHAN, "F003", 15, 1),
    ("period-reversed", mutate("plan: 全年分季度实施。", "plan: 全年分季度实施。\nperiod: {start: 2020-12-31, end: 2020-01-01}"), "T001", 14, 1),
    ("score-over-weight", EVALUATED.replace("score: 70", "score: 75"), "P002", 24, 1),
    ("weights-not-100", EVALUATED.replace("weight: 70", "weight: 60").replace("score: 70", "score: 60"), "P001", 17, 1),
    ("budget-not-sum", EVALUATED.replace("total: {initial: 510.86, adjusted: 510.86, executed: 500}", "total: {initial: 510.86, adjusted: 510.86, executed: 400}"), "P004", 43, 1),
    ("huge-amount", mutate("  period: {total: 510.86,", "  period: {total: 12345678901234567890,"), "S005", 8, 1),
    ("huge-cost-value", mutate("target: ≤510.86万元", "target: ≤1000000000000000000000000000000亿元"), "V009", 28, 0),
    ("cent-difference", mutate("  annual: {total: 510.86, fiscal: 510.86, other: 0}", "  annual: {total: 510.86, fiscal: 510.84}"), "F001", 9, 1),
    ("same-level-two-spellings", mutate("  满意度指标:\n    服务对象满意度指标:", "  满意度:\n    服务对象满意度指标:").replace("  效益指标:\n", "  满意度指标:\n    服务对象满意度:\n      - {name: 办事满意度, target: ≥95%}\n  效益指标:\n"), "K008", 36, 1),
    ("goal-out-of-range", VALID_PROJECT.replace("layout: henan", "layout: wuhan").replace("        target: ≥90%", "        target: ≥90%\n        goal: 3"), "K007", 37, 1),
    ("year-empty", mutate("year: 2020", "year:"), "S003", 2, 1),
    ("year-list", mutate("year: 2020", "year: [2020]"), "S004", 2, 1),
    ("kind-list", mutate("kind: project", "kind: [project]"), "S008", 1, 1),
    ("blank-name", mutate("name: 报警视频监控系统运维", 'name: "   "'), "S003", 4, 1),
    ("tab-in-block-text-then-colon", mutate("overview: 对全市报警视频监控系统进行运维。", "overview: |\n  第一行\n  \t第二行\nbasis2: a: b"), "L004", 13, 1),
    ("line-separator-keeps-lines", mutate("overview: 对全市报警视频监控系统进行运维。", "overview: \"第一段\u2028第二段\"").replace("plan:", "plann:"), "S001", 13, 1),
    ("withheld-but-public", VALID_PROJECT + "withheld: [indicators]\n", "X001", 37, 1),
]


@pytest.mark.parametrize("case_id,text,code,line,status", CASES, ids=[c[0] for c in CASES])
def test_malformed_spec(write, case_id, text, code, line, status):
    path = write(text)
    result = run("validate", "--lang", "en", str(path))
    found = diagnostics(result.output)
    assert (line, code) in [(ln, c) for ln, _, c in found], result.output
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output


def test_at_least_forty_cases():
    assert len({c[0] for c in CASES}) >= 40


def test_alias_bomb_is_refused_fast(write):
    # a billion-laughs file must be refused at its first anchor, without expanding anything
    path = write(BOMB)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "L007" in result.output


def test_missing_path_is_usage_error(tmp_path):
    result = run("validate", str(tmp_path / "没有这个文件.yaml"))
    assert result.exit_code == 2
    assert "不存在" in result.output


def test_folder_without_specs_is_usage_error(tmp_path):
    (tmp_path / "readme.txt").write_text("x")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2


def test_unreadable_file_is_io_error(tmp_path):
    folder = tmp_path / "d.yaml"
    folder.mkdir()
    (folder / "inner.yaml").write_text(VALID_PROJECT)
    result = run("validate", str(folder / "inner.yaml"), str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2


def test_errors_in_one_file_do_not_hide_others(write, tmp_path):
    good = write(VALID_PROJECT, "good.yaml")
    bad = write(mutate("unit:", "uint:"), "bad.yaml")
    result = run("validate", "--lang", "en", str(tmp_path))
    assert result.exit_code == 1
    assert f"{bad}:6:1: error S001" in result.output
    assert str(good) not in result.output.split("file(s) checked")[0]
