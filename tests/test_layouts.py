"""Layouts: every example spec's target table is a consistent grid that reads back as the seed prints it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SPECS, catalog, validate_file, validate_text
from docgen.model.spec import FundRow, iter_indicators, renders_target_table
from docgen.pipeline import tables_for as _tables_for
from docgen.render.tree import Placed, Table
from docgen.starter import starter_spec


def tables_for(spec, public: bool = False):
    return _tables_for(spec, catalog(), public)


def layouts():
    c = catalog()
    return {name: c.family(name) for name in c.family_names()}


def scheme(name):
    return catalog().scheme(name)


TARGET_TABLES = sorted((name, kind) for name, family in layouts().items() for kind in family.kinds if kind != "package")

EXAMPLES = sorted(SPECS.rglob("*.yaml"))
TARGET_EXAMPLES = [p for p in EXAMPLES if renders_target_table(validate_file(p).spec)]


def spec_of(relative: str):
    result = validate_file(SPECS / relative)
    assert result.ok, [d.format("en") for d in result.errors]
    return result.spec


def table_of(relative: str) -> Table:
    tables = tables_for(spec_of(relative))
    assert len(tables) == 1
    return tables[0]


def spec_from_text(text: str):
    result = validate_text(text)
    assert result.ok, [d.format("en") for d in result.diagnostics]
    return result.spec


def cells(table: Table) -> list[Placed]:
    return table.placed()


def find(table: Table, text: str, nth: int = 0) -> Placed:
    hits = [p for p in cells(table) if p.cell.text == text]
    assert len(hits) > nth, f"{text!r} not in {table.name}"
    return hits[nth]


def right_of(table: Table, placed: Placed) -> Placed:
    """The cell that starts just right of ``placed`` on its first row."""
    return next(p for p in cells(table) if p.row == placed.row and p.col == placed.last_col + 1)


def value_of(table: Table, text: str, nth: int = 0) -> str:
    return right_of(table, find(table, text, nth)).cell.text


def line(table: Table, text: str, nth: int = 0) -> list[str]:
    """The texts of the row that holds ``text``, from that cell rightwards."""
    start = find(table, text, nth)
    return [p.cell.text for p in cells(table) if p.row == start.row and p.col >= start.col]


def column(table: Table, col: int) -> list[str]:
    return [p.cell.text for p in cells(table) if p.col == col]


# --- every example ------------------------------------------------------------------------------

def test_there_is_a_target_table_example_for_every_family():
    families = {validate_file(p).spec.layout for p in TARGET_EXAMPLES}
    assert {"henan", "jiyuan", "hebei", "wuhan", "national"} <= families


def test_every_layout_family_and_kind_has_a_target_form():
    for name, layout in layouts().items():
        for kind, kl in layout.kinds.items():
            if kind != "package":
                assert any(f.shows == "target" for f in kl.forms), (name, kind)


@pytest.mark.parametrize("path", TARGET_EXAMPLES, ids=[str(p.relative_to(SPECS)) for p in TARGET_EXAMPLES])
def test_example_target_table_is_a_consistent_grid_with_every_indicator(path: Path):
    spec = validate_file(path).spec
    assert renders_target_table(spec)
    for table in tables_for(spec):
        placed = table.placed()  # raises on a malformed grid
        assert placed
        limit = 267 if table.orientation == "landscape" else 180
        assert sum(table.columns) <= limit
        assert table.name in layouts()[spec.layout].kinds[spec.kind].tables
        texts = set(table.texts())
        for _, _, _, ind in iter_indicators(spec.indicators):
            for text in (ind.name, ind.target):
                if text and text.strip():
                    assert text in texts, f"{text!r} missing from {table.name}"


@pytest.mark.parametrize("layout,kind", sorted(TARGET_TABLES))
def test_starter_specs_render_to_consistent_grids(layout, kind):
    spec = spec_from_text(starter_spec(kind, layouts()[layout]))
    (table,) = tables_for(spec)
    table.placed()
    texts = set(table.texts())
    for _, _, _, ind in iter_indicators(spec.indicators):
        assert ind.name in texts and ind.target in texts


# --- Jiyuan -------------------------------------------------------------------------------------

JIYUAN_SKELETON = [(lv.name, [c.name for c in lv.children]) for lv in scheme("jiyuan-project").levels]


@pytest.mark.parametrize("relative,title", [
    ("jiyuan-2020/办案业务费.yaml", "济源市公安局行政支出项目绩效目标表"),
    ("jiyuan-2020/道路交通管理专项-驾考业务经费.yaml", "济源市交通管理支队行政支出项目绩效目标表"),
])
def test_jiyuan_project_table_prints_the_18_row_skeleton(relative, title):
    table = table_of(relative)
    assert table.title == title
    assert table.subtitles == ("(2020年)",)  # as the seed prints it, ASCII brackets (L229)
    assert len(table.columns) == 4
    level2 = [p.cell.text for p in cells(table) if p.col == 1 and p.row > find(table, "二级指标").row]
    assert level2 == [name for _, names in JIYUAN_SKELETON for name in names]
    assert len(level2) == 18
    level1 = [p for p in cells(table) if p.col == 0 and p.row > find(table, "一级指标").row]
    assert [p.cell.text for p in level1] == [name for name, _ in JIYUAN_SKELETON]
    # every 一级 block spans exactly its 二级 rows (blank skeleton rows count one each)
    assert sum(p.cell.rowspan for p in level1) == len(table.rows) - find(table, "一级指标").row - 1
    for caption in ("项目详细信息", "项目绩效目标"):
        placed = find(table, caption)
        assert placed.cell.role == "section" and placed.cell.colspan == 4


def test_jiyuan_project_table_reads_back_as_the_seed():
    table = table_of("jiyuan-2020/办案业务费.yaml")
    assert value_of(table, "项目名称") == "办案业务费"
    assert value_of(table, "单位编码") == "020001001"
    assert value_of(table, "资金用途") == "业务类"
    assert value_of(table, "项目负责人") == "张五星"
    assert value_of(table, "联系电话") == "6855160"
    assert value_of(table, "开始时间") == "2020-01-01"
    assert value_of(table, "结束时间") == "2020-12-31"
    assert value_of(table, "项目总金额") == "1200.00"
    assert value_of(table, "项目本年度金额") == "1200.00"
    assert value_of(table, "上年度项目总金额") == "0.00"
    assert value_of(table, "项目总目标") == "破案数高于去年数"
    assert value_of(table, "年度绩效目标") == "整体破案数高于去年数"
    assert value_of(table, "预算执行率") == "=100%"
    assert value_of(table, "整体破案数") == "=1000起"
    # an empty skeleton row: the 二级 label and two blank cells
    assets = find(table, "资产管理")
    assert right_of(table, assets).cell.text == ""


def test_jiyuan_department_table_reads_back_as_the_seed():
    table = table_of("jiyuan-2020/济源市公安局绩效目标表.yaml")
    assert table.title == "济源市公安局绩效目标表"
    assert table.subtitles == ("(2020年度)",)  # as the seed prints it (L167)
    assert len(table.columns) == 5
    assert value_of(table, "部门(单位)名称") == "济源市公安局"
    assert value_of(table, "部门预算总额(万元)") == "27,606.5"
    assert value_of(table, "1、资金来源：(1)财政性资金") == "27,606.5"
    assert value_of(table, "(2)其他资金") == ""
    assert value_of(table, "2、资金结构：(1)基本支出") == "14,342.1"
    assert value_of(table, "(2)项目支出") == "13,264.4"
    assert find(table, "27,606.5").cell.number == Decimal("27606.5")
    assert find(table, "预算情况").cell.rowspan == 5
    tasks = find(table, "年度主要任务")
    assert tasks.cell.rowspan == 9  # header + 8 tasks
    assert [find(table, h).col for h in ("一级指标", "二级指标", "三级指标", "指标值", "指标值说明")] == [0, 1, 2, 3, 4]
    assert value_of(table, "政府采购执行率") == "≤100%"
    assert line(table, "评价结果应用率")[1] == "90%"
    assert line(table, "评价结果应用率")[2].endswith("评价结果应用率=评价提出的意见建议采纳数/提出的意见建议总数*100%")


# --- Hebei --------------------------------------------------------------------------------------

def test_hebei_table_prints_the_values_as_written():
    table = table_of("langfang-2020/安次分局办案业务经费（冀财政法〔2019〕22号）.yaml")
    assert table.title == "安次分局办案业务经费（冀财政法〔2019〕22号）绩效目标表"
    assert table.subtitles == ()
    assert value_of(table, "绩效目标") == "办理各类案件所需费用共计100万元"
    assert [p.cell.text for p in cells(table) if p.row == 1] == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    values = column(table, 4)
    assert values == ["指标值", "符号>=值100单位起", "符号<=值5单位 %", "符号<=值100单位万元", "及时立案及时破案", "符号<=值0单位%", "符号>=值95单位%"]
    assert value_of(table, "符号>=值100单位起") == "办理刑事案件数"  # 指标值确定依据
    assert find(table, "产出指标").cell.rowspan == 4


def test_hebei_spaced_values_keep_their_spaces():
    spec = spec_of("langfang-2020/会议、办公系统运维费.yaml")
    (table,) = tables_for(spec)
    assert "符号 = 值 2.00 单位 套" in column(table, 4)
    assert "符号 <= 值 5.00 单位 万" in column(table, 4)


# --- Wuhan --------------------------------------------------------------------------------------

OFFICIAL_SOURCE_ROWS = [
    "1.一般公共预算财政拨款收入", "其中：申请当年预算拨款", "2.政府性基金预算财政拨款收入", "其中：申请当年预算拨款",
    "3.事业收入", "4.上级补助收入", "5.附属单位上缴收入", "6.事业单位经营收入", "7.其他收入", "8.用事业基金弥补收支差额",
    "9.上年结转", "其中：使用上年度一般公共预算财政拨款结余结转", "其中：使用上年度政府性基金预算财政拨款结余结转",
]


def _source_rows(table: Table) -> list[tuple[str, str]]:
    head = find(table, "项目资金来源")
    rows = []
    for p in cells(table):
        if p.col == 1 and head.row <= p.row <= head.last_row:
            rows.append((p.cell.text, right_of(table, p).cell.text))
    return rows


def test_wuhan_project_table_reads_back_as_the_seed():
    table = table_of("wuhan-2021/办案费.yaml")
    assert table.title == "2021年项目支出绩效目标表"
    assert table.unit_line == "单位：万元"
    assert len(table.columns) == 6
    assert value_of(table, "项目类型") == "1.部门项目 ☑ 2.公共项目 ☐"
    assert value_of(table, "项目名称") == "办案费"
    assert value_of(table, "项目执行单位") == "武汉市公安局武汉东湖新技术开发区分局"
    assert value_of(table, "项目总预算") == "695"
    assert value_of(table, "项目当年预算") == "695"
    assert value_of(table, "1.一般公共预算财政拨款收入") == "695"
    sources = _source_rows(table)
    assert sources[0] == ("资金来源项目", "金额")
    assert sources[1] == ("合计", "695")
    assert [t for t, _ in sources[2:]] == OFFICIAL_SOURCE_ROWS
    assert sources[3] == ("其中：申请当年预算拨款", "695")
    assert sources[5] == ("其中：申请当年预算拨款", "")
    assert len(sources) == 15
    assert find(table, "项目资金来源").cell.rowspan == 15
    breakdown = find(table, "项目支出明细")
    assert right_of(table, find(table, "合计", 1)).cell.text == "695"
    assert find(table, "合计", 1).row == breakdown.row + 1
    assert value_of(table, "3.经济案件司法审计费") == "100"
    assert value_of(table, "测算依据及说明").startswith("1.各类案件办理及治安管理业务经费255万")
    assert value_of(table, "项目绩效总目标").startswith("加强各类刑事案件侦破力度")
    header_row = find(table, "指标内容").row
    assert [p.cell.text for p in cells(table) if p.row == header_row] == ["项目年度绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"]
    assert value_of(table, "刑拘犯罪嫌疑人完成率") == "100%"
    assert value_of(table, "违法犯罪警情同比增长率") == "小于3%"
    assert value_of(table, "110接处警满意度") == "95%"


def test_wuhan_project_amounts_with_separators_as_the_seed_prints_them():
    table = table_of("wuhan-2021/辅警经费.yaml")
    assert value_of(table, "项目总预算") == "14,320.60"
    assert value_of(table, "1.一般公共预算财政拨款收入") == "14,320.60"
    assert right_of(table, find(table, "合计", 1)).cell.text == "14,320.60"  # Σ 明细
    assert value_of(table, "1.普通辅警人员") == "14,030.20"
    assert find(table, "14,030.20").cell.number == Decimal("14030.20")
    assert [t for t, _ in _source_rows(table)[2:]] == OFFICIAL_SOURCE_ROWS


def test_wuhan_sources_match_by_text_and_print_all_nine_rows():
    spec = spec_of("wuhan-2021/办案费.yaml").model_copy(deep=True)
    spec.category = "公共项目"
    spec.funds.sources = [FundRow(item="9、 上年结转", amount=Decimal("10")),
                          FundRow(item="其中: 使用上年度政府性基金预算财政拨款结余结转", amount=Decimal("4")),
                          FundRow(item="（1）一般公共预算财政拨款收入", amount=Decimal("685"))]
    (table,) = tables_for(spec)
    assert value_of(table, "项目类型") == "1.部门项目 ☐ 2.公共项目 ☑"
    sources = dict(_source_rows(table)[2:4])
    assert sources["1.一般公共预算财政拨款收入"] == "685"
    rows = _source_rows(table)
    assert rows[-3:] == [("9.上年结转", "10"), ("其中：使用上年度一般公共预算财政拨款结余结转", ""),
                         ("其中：使用上年度政府性基金预算财政拨款结余结转", "4")]


def test_wuhan_department_table_funds_block():
    table = table_of("wuhan-2021/部门整体支出绩效目标表.yaml")
    assert table.title == "2021年部门整体支出绩效目标表"
    assert table.subtitles == ("部门公开表9",)
    assert table.unit_line == "单位：万元"
    assert table.orientation == "landscape"
    assert len(table.columns) == 8 and sum(table.columns) <= 267
    assert value_of(table, "填报人") == "杨滢"
    assert value_of(table, "联系电话") == "85393899"
    assert [find(table, "2019年").col, find(table, "2020年").col] == [6, 7]

    assert line(table, "财政拨款") == ["财政拨款", "64,230.00", "100.00%", "62,050.00", "62,660.00"]
    assert line(table, "其他资金") == ["其他资金", "0.00", "0.00%", "700.00", "760.00"]
    assert line(table, "合计", 0) == ["合计", "64,230.00", "100.00%", "62,750.00", "63,420.00"]
    assert line(table, "基本支出") == ["基本支出", "37,841.26", "58.92%", "36,079.50", "36,125.79"]
    assert line(table, "项目支出") == ["项目支出", "26,388.74", "41.08%", "26,670.50", "26,534.21"]
    assert line(table, "合计", 1) == ["合计", "64,230.00", "100.00%", "62,750.00", "62,660.00"]
    total = right_of(table, find(table, "合计"))
    assert total.cell.number == Decimal("64230.00") and total.cell.number_format == "#,##0.00"
    assert find(table, "部门总体资金情况 (万元)").cell.rowspan == 8
    assert find(table, "收入构成").cell.rowspan == 3 and find(table, "支出构成").cell.rowspan == 3
    assert table.notes == (
        "备注：1.“整体绩效目标”：请结合部门职能、工作规划、项目支出投向等编报。",
        "2.“二级指标”中“产出指标”请选择填报数量、质量、时效、成本等指标；“效益指标”请选择填报社会效益、经济效益、生态效益、可持续发展影响、服务对象满意度等指标。",
        "3.“绩效标准”：设定绩效指标值时的依据或参考标准。",
    )


def test_wuhan_department_table_goal_blocks():
    spec = spec_of("wuhan-2021/部门整体支出绩效目标表.yaml")
    table = tables_for(spec)[0]
    assert value_of(table, "部门职能概述").startswith("1、贯彻执行党和国家有关公安工作的方针")
    assert value_of(table, "年度工作任务").startswith("增强安全感")
    goals = find(table, "整体绩效目标")
    assert goals.cell.rowspan == 6
    assert right_of(table, goals).cell.text == "长期目标"
    assert value_of(table, "长期目标") == "年度目标"
    assert "目标1：加强各类刑事案件侦破力度，提高办事效率及质量。" in "".join(table.texts())
    # each 「年度目标N：」 block holds exactly the indicators with goal == N, in the author's order
    placed = cells(table)
    heads = [p for p in placed if p.col == 0 and p.cell.text.startswith("年度目标")]
    assert [p.cell.text for p in heads] == [f"年度目标{n}：" for n in range(1, 6)]
    ends = [p.row for p in heads[1:]] + [len(table.rows)]
    for n, (head, end) in enumerate(zip(heads, ends), 1):
        assert right_of(table, head).cell.text == spec.goals.annual[n - 1]
        names = [p.cell.text for p in placed if p.col == 3 and head.row + 3 < p.row < end]
        expected = [ind.name for *_, ind in iter_indicators(spec.indicators) if ind.goal == n]
        assert names == expected, n
    assert value_of(table, "重点项目支出安排率") == "≤77.06%"
    row_of = find(table, "“三公”经费变动率")
    assert [p.cell.text for p in placed if p.row == row_of.row and p.col >= 3] == [
        "“三公”经费变动率", "-22.87%", "≤0", "-5.00%", "三公经费预算编制要求"]
    assert value_of(table, "刑拘犯罪嫌疑人完成率") == ""  # 2019 blank as published


def test_wuhan_department_without_goal_numbers_prints_one_block():
    spec = spec_of("wuhan-2021/部门整体支出绩效目标表.yaml").model_copy(deep=True)
    for *_, ind in iter_indicators(spec.indicators):
        ind.goal = None
    spec.goals.annual = "一段年度目标。"
    spec.funds.prior_years = []
    table = tables_for(spec)[0]
    table.placed()
    assert not any(t.startswith("年度目标1") for t in table.texts())
    assert len([t for t in table.texts() if t == "年度绩效指标"]) == 1
    assert "2019年" in set(table.texts())  # years taken from the indicators' prior values


# --- national and Henan department --------------------------------------------------------------

def test_national_project_table():
    table = table_of("national/见义勇为奖励.yaml")
    assert table.title == "项目支出绩效目标申报表"
    assert table.subtitles == ("（2023年度）",)
    assert value_of(table, "项目名称") == "见义勇为奖励"
    assert value_of(table, "实施单位") == "安阳市公安局"
    assert value_of(table, "年度资金总额：") == "50"
    assert value_of(table, "中期资金总额：") == ""  # no multi-year data in this spec
    assert find(table, "年度目标").cell.role == "header"
    assert {"中期目标", "中期指标值", "年度指标值"} <= set(table.texts())
    # no multi-year data: the 中期 half is left blank rather than copied from the annual one
    assert line(table, "慰问见义勇为人员成本") == ["慰问见义勇为人员成本", "≤20万元"]
    assert len([p for p in cells(table) if p.cell.text == "慰问见义勇为人员成本"]) == 1


def test_national_project_table_with_period_data_uses_实施期():
    spec = spec_of("national/见义勇为奖励.yaml").model_copy(deep=True)
    spec.goals.period = "三年目标"
    table = tables_for(spec)[0]
    texts = set(table.texts())
    assert {"实施期资金总额：", "实施期目标", "实施期指标值", "三年目标"} <= texts
    assert "中期目标" not in texts
    # the 实施期 half repeats the annual indicator where none of its own is given, as the Henan table does
    assert len([p for p in cells(table) if p.cell.text == "慰问见义勇为人员成本"]) == 2


NATIONAL_DEPARTMENT = """\
kind: department
year: 2023
layout: national
department: 某市公安局
goals:
  annual: 维护社会稳定。
tasks:
  - {name: 打击犯罪, content: 开展专项行动}
  - {name: 服务群众, content: 优化办事流程}
funds:
  total: 300
  income:
    - {item: 财政拨款, amount: 280}
    - {item: 其他资金, amount: 20}
  expenditure:
    - {item: 基本支出, amount: 200}
    - {item: 项目支出, amount: 100}
indicators:
  产出指标:
    数量指标:
      - {name: 破获刑事案件, target: ≥1000起}
  满意度指标:
    服务对象满意度指标:
      - {name: 群众满意度, target: ≥90%}
"""


def test_national_department_table():
    spec = spec_from_text(NATIONAL_DEPARTMENT)
    (table,) = tables_for(spec)
    assert table.name == table.title == "部门（单位）整体支出绩效目标申报表"
    assert table.subtitles == ("（2023年度）",)
    assert value_of(table, "部门（单位）名称") == "某市公安局"
    assert value_of(table, "资金总额") == "300"
    assert value_of(table, "财政拨款") == "280"
    assert value_of(table, "基本支出") == "200"
    assert value_of(table, "打击犯罪") == "开展专项行动"
    assert value_of(table, "年度总体目标") == "维护社会稳定。"
    assert value_of(table, "破获刑事案件") == "≥1000起"
    assert find(table, "年度主要任务").cell.rowspan == 3


def test_henan_department_table_uses_the_jiyuan_grid_with_plain_amounts():
    text = (SPECS / "jiyuan-2020" / "济源市公安局绩效目标表.yaml").read_text(encoding="utf-8")
    spec = spec_from_text(text.replace("layout: jiyuan", "layout: henan"))
    (table,) = tables_for(spec)
    assert table.name == table.title == "部门整体支出绩效目标表"
    assert table.subtitles == ("（2020年度）",)
    assert value_of(table, "部门预算总额(万元)") == "27606.5"
    assert value_of(table, "2、资金结构：(1)基本支出") == "14342.1"
    jiyuan_rows = tables_for(spec.model_copy(update={"layout": "jiyuan"}))[0].rows
    assert len(table.rows) == len(jiyuan_rows)
