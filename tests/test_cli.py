"""The command line as users meet it: examples, starters, layouts, schema, languages, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SPECS, VALID_PROJECT, catalog, diagnostics, run, validate_file, validate_loaded, validate_text
from docgen.codes import CODES
from docgen.diagnostics import LOCALE_DIR
from docgen.load.yamlload import load_text


def layouts():
    c = catalog()
    return {name: c.family(name) for name in c.family_names()}

EXAMPLES = sorted(SPECS.rglob("*.yaml"))


def test_there_are_enough_examples_for_every_layout():
    assert len(EXAMPLES) >= 12
    specs = [s for s in (validate_file(p).spec for p in EXAMPLES) if s.kind != "package"]
    by_layout = {(s.layout, s.kind) for s in specs}
    for family in ("henan", "jiyuan", "hebei", "wuhan", "national"):
        assert (family, "project") in by_layout
    evaluations = [s for s in specs if s.evaluation is not None]
    assert len(evaluations) >= 4


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(p.relative_to(SPECS)) for p in EXAMPLES])
def test_every_example_has_no_errors(path):
    result = validate_file(path)
    assert result.spec is not None
    assert [d.format("en") for d in result.errors] == []


def test_validate_specs_folder_exits_zero():
    result = run("validate", str(SPECS))
    assert result.exit_code == 0, result.output
    assert f"共检查 {len(EXAMPLES)} 个文件：0 个错误" in result.output


def test_examples_reproduce_published_totals():
    # 安阳 2023 部门整体支出绩效自评情况表 (seed 001 L443–L446): 98,772.2 = 95,973.56 + 0 + 2,798.64
    dept = validate_file(SPECS / "anyang-2023" / "部门整体支出绩效自评.yaml").spec
    budget = dept.evaluation.budget
    assert budget.total.adjusted == Decimal("98772.2")
    assert budget.fiscal.adjusted + budget.special.adjusted + budget.unit.adjusted == Decimal("98772.20")
    assert budget.total.executed == budget.fiscal.executed + budget.unit.executed == Decimal("87100.85")
    # 武汉 部门公开表9: 基本支出 37,841.26 + 项目支出 26,388.74 = 64,230.00, 占比 58.92%
    wuhan = validate_file(SPECS / "wuhan-2021" / "部门整体支出绩效目标表.yaml").spec
    assert sum(r.amount for r in wuhan.funds.expenditure) == wuhan.funds.total == Decimal("64230.00")


# --- docgen new ---------------------------------------------------------------------------------

STARTERS = [(name, kind, ev) for name, lay in sorted(layouts().items()) for kind, kl in lay.kinds.items() if kind != "package"
            for ev in ((False, True) if kl.evaluation else (False,))]


@pytest.mark.parametrize("layout,kind,evaluation", STARTERS)
def test_new_spec_validates_cleanly(tmp_path, layout, kind, evaluation):
    args = ["new", kind, "--layout", layout] + (["--evaluation"] if evaluation else [])
    result = run(*args)
    assert result.exit_code == 0
    assert result.output.startswith("# docgen 规格")
    path = tmp_path / "new.yaml"
    path.write_text(result.output, encoding="utf-8")
    checked = validate_file(path)
    assert checked.spec is not None and checked.spec.layout == layout
    assert [d.format("en") for d in checked.diagnostics] == []
    if evaluation:
        assert checked.spec.evaluation is not None


def test_new_with_unknown_layout_is_a_usage_error():
    result = run("new", "project", "--layout", "henna")
    assert result.exit_code == 2
    assert "henan" in result.output


def test_new_then_typical_mistakes(tmp_path):
    """A clerk starts from `docgen new`, then makes the usual mistakes; each is told where."""
    text = run("new", "project", "--layout", "henan").output
    text = text.replace("overview:", "overveiw:")  # a typo in a key
    text = text.replace("    数量指标:", "    数目指标:")  # a wrong 二级 name
    text = text.replace("annual: {total: 100, fiscal: 100, other: 0}", "annual: {total: 100, fiscal: 90, other: 0}")
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="gbk")
    result = run("validate", str(path))
    lines = text.splitlines()
    found = {(code, lines[line - 1].strip()) for line, _, code in diagnostics(result.output)}
    assert ("L002", lines[0].strip()) in found
    assert ("S001", "overveiw: 项目的主要内容、规模和实施范围。") in found
    assert result.exit_code == 1
    assert "未知的键“overveiw”，是否想写项目概况（overview）？" in result.output
    # fix the typo: the remaining mistakes are found by the checks
    path.write_text(text.replace("overveiw:", "overview:"), encoding="utf-8")
    result = run("validate", str(path))
    found = {(code, lines[line - 1].strip()) for line, _, code in diagnostics(result.output)}
    assert ("K002", "数目指标:") in found
    assert "在河南省项目绩效指标体系（2020 年目标表与 101号 自评表）中，“产出指标”下没有二级指标“数目指标”，是否想写“数量指标”？" in result.output
    assert ("F001", "annual: {total: 100, fiscal: 90, other: 0}   # 年度资金总额 / 项目本年度金额") in found
    assert "资金总额 100 ≠ 财政拨款 90 + 其他资金 0 = 90" in result.output


# --- layouts, schema ----------------------------------------------------------------------------

def test_layouts_lists_every_family_with_its_scheme():
    result = run("layouts")
    assert result.exit_code == 0
    for family in ("henan", "jiyuan", "hebei", "wuhan", "national"):
        assert re.search(rf"^{family}  ", result.output, re.M)
    assert "投入与目标管理: 投入管理、财务管理、项目管理、资产管理" in result.output
    assert "成本指标: 经济成本指标、社会成本指标、生态环境成本指标" in result.output


def _typed(path: Path):
    """An example as a YAML editor sees it (YAML 1.1 types), with dates as text."""

    def plain(v):
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        return v

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def json_schema():
    result = run("schema")
    assert result.exit_code == 0
    return json.loads(result.output)


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(p.relative_to(SPECS)) for p in EXAMPLES])
def test_json_schema_accepts_every_example(json_schema, path):
    jsonschema.validate(_typed(path), json_schema)


def test_json_schema_has_chinese_titles_and_accepts_chinese_keys(json_schema):
    project = json_schema["$defs"]["Project"]
    assert project["properties"]["name"]["title"] == "项目名称"
    assert "项目名称" in project["properties"]
    chinese = yaml.safe_load(CHINESE_PROJECT)
    jsonschema.validate(chinese, json_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**chinese, "项目慨况": "x"}, json_schema)


def test_json_schema_accepts_a_published_execution_rate_with_its_percent_sign(json_schema):
    # spec-format.md: evaluation.execution_rate is the 执行率 as published, 97.80% or 97.80
    spec = yaml.safe_load(CHINESE_PROJECT)
    for rate in ("100.00%", "97.80 %", "97.80％", "97.80", 97.8):
        jsonschema.validate({**spec, "evaluation": {"execution_rate": rate}}, json_schema)
        # ... and the validator reads the same text without an error at that key
        checked = validate_text(VALID_PROJECT + f"evaluation:\n  execution_rate: '{rate}'\n")
        assert checked.spec.evaluation.execution_rate == Decimal(str(rate).rstrip("%％ "))
        assert [d.format("en") for d in checked.errors] == []
    for wrong in ("百分之百", "97.80%%", "%"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**spec, "evaluation": {"execution_rate": wrong}}, json_schema)
        assert validate_text(VALID_PROJECT + f"evaluation:\n  execution_rate: '{wrong}'\n").errors


# --- Chinese keys -------------------------------------------------------------------------------

CHINESE_PROJECT = """\
kind: project
年度: 2020
版式: henan
项目名称: 报警视频监控系统运维
主管部门: 安阳市公安局
单位名称: 安阳市公安局(视频监控管理处)
项目资金:
  实施期资金: {资金总额: 510.86, 财政拨款: 510.86, 其他资金: 0}
  年度资金: {资金总额: 510.86, 财政拨款: 510.86, 其他资金: 0}
项目概况: 运维。
立项依据: 规划。
项目设立的必要性: 保障运行。
项目实施计划: 分季度实施。
绩效目标:
  实施期目标: 系统稳定运行
  年度目标: 系统稳定运行
绩效指标:
  产出指标:
    数量指标:
      - {三级指标: 运维摄像头数量, 指标值: ≥881个}
  成本指标:
    成本指标:
      - {三级指标: 运维费用, 指标值: ≤510.86万元}
  满意度指标:
    服务对象满意度指标:
      - {三级指标: 群众满意度, 指标值: ≥90%}
"""


def test_chinese_labels_are_accepted_as_keys(write):
    path = write(CHINESE_PROJECT)
    result = validate_file(path)
    assert [d.format("en") for d in result.diagnostics] == []
    spec = result.spec
    assert spec.name == "报警视频监控系统运维" and spec.year == 2020
    assert spec.funds.annual.total == Decimal("510.86")
    assert spec.indicators["成本指标"]["成本指标"][0].target == "≤510.86万元"


def test_chinese_key_diagnostics_point_at_the_chinese_key(write):
    path = write(CHINESE_PROJECT.replace("年度资金: {资金总额: 510.86,", "年度资金: {资金总额: 610.86,"))
    result = run("validate", str(path))
    assert (9, "error", "F001") in diagnostics(result.output)


# --- messages -----------------------------------------------------------------------------------

def _catalog():
    with (LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "docgen.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    catalog = _catalog()
    used = {msg for _, _, msg, _, _ in extract_from_dir(str(ROOT / "src" / "docgen"), keywords={"N_": None}, comment_tags=())}
    missing = sorted(used - set(catalog))
    assert missing == []
    fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)
    for msgid in used:
        assert fields(catalog[msgid]) == fields(msgid), msgid
        assert re.search(r"[\u4e00-\u9fff]", catalog[msgid]), msgid


def test_the_code_table_is_generated_from_the_registry():
    from docgen.codes import markdown

    doc = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert doc == markdown(), "regenerate it: python -m docgen.codes > docs/diagnostics.md"
    documented = set(re.findall(r"^\| ([A-Z]\d{3}) \|", doc, re.M))
    assert documented == set(CODES)


def test_every_message_in_the_source_is_registered_under_its_code():
    """No diagnostic text lives outside the registry: every N_() message is a registered message,
    a parameter word (Choice) or a line of the command's own output."""
    from docgen.codes import messages

    registered = {m.msgid for m in messages()}
    for path in (ROOT / "src" / "docgen").rglob("*.py"):
        if path.name == "codes.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert ".message(N_(" not in source, path  # messages are declared in codes.py only
    assert len({(m.code.id, m.msgid) for m in messages()}) == len(messages())  # none registered twice
    assert registered


def test_messages_default_to_chinese_and_switch_to_english(write):
    path = write(VALID_PROJECT.replace("unit:", "uint:"))
    zh = run("validate", str(path)).output
    en = run("validate", "--lang", "en", str(path)).output
    assert "未知的键“uint”，是否想写单位名称（unit）？" in zh
    assert "unknown key “uint”: did you mean unit (单位名称)?" in en
    assert run("--lang", "en", "validate", str(path)).output == en


# --- robustness ---------------------------------------------------------------------------------

def test_internal_error_is_one_line_with_exit_2(write, monkeypatch):
    import docgen.pipeline as p

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(p, "check_file", boom)
    result = run("validate", str(write(VALID_PROJECT)))
    assert result.exit_code == 2
    assert "Z001" in result.output and "simulated bug" in result.output
    assert "Traceback" not in result.output


YAMLISH = st.lists(st.sampled_from(list("kind:projectyear2020layouthenanname- {}[]'\"&*!|>#\n\t ：指标产出数量≥%0.9,") + ["  ", "\n  ", "\n    - ", "indicators:", "funds:", "产出指标:", "数量指标:", "target: "]), max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_validation_never_raises(text):
    result = validate_loaded(load_text("kind: project\nyear: 2020\nlayout: henan\n" + text, "f"))
    for d in result.diagnostics:
        assert d.format("zh_CN") and d.format("en")


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.text(max_size=8) | st.integers() | st.booleans(),
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
                    max_leaves=12))
def test_any_structure_under_any_key_never_raises(value):
    base = yaml.safe_load(VALID_PROJECT)
    for key in ("funds", "indicators", "goals", "evaluation", "contacts", "withheld"):
        text = yaml.safe_dump({**base, key: value}, allow_unicode=True)
        validate_loaded(load_text(text, "f"))


def test_spec_format_doc_lists_every_key_and_alias():
    from docgen.model.schema import _models

    doc = (ROOT / "docs" / "spec-format.md").read_text(encoding="utf-8")
    for model in _models().values():
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra.get("aliases", []) if isinstance(info.json_schema_extra, dict) else []
            row = f"| `{name}` | {info.title or ''} | {'、'.join(extra)} |"
            assert row in doc, row


def test_misspelt_required_key_is_reported_once(write):
    path = write(VALID_PROJECT.replace("name: 报警视频监控系统运维", "项目名城: 报警视频监控系统运维"))
    result = run("validate", str(path))
    assert [(ln, c) for ln, _, c in diagnostics(result.output)] == [(4, "S001")]
    assert "未知的键“项目名城”，是否想写项目名称（name）？" in result.output
