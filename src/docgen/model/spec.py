"""model: the typed spec (SPEC.md sections 2–3), with every key's Chinese label as an alias.

Each field is declared with ``F(zh, *aliases)``: the Chinese label becomes the field's title (and
the JSON Schema title), and it and the extra aliases are accepted in place of the English name.
Renaming to the English names happens before validation (``docgen.model.build``), so pydantic
only ever sees canonical keys and every error location maps back to the author's text.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .types import (
    Money,
    NonEmptyText,
    Number,
    Percent,
    PeriodDate,
    TableNumber,
    TableNumberPattern,
    Text,
    ValueText,
    Year,
    YearMonth,
    month_of,
)
from .values import IndicatorValue, parse_value


def F(zh: str, *aliases: str, default: Any = None, description: str | None = None, **kw: Any) -> Any:
    """A spec field: Chinese label ``zh`` (also accepted as a key), further accepted ``aliases``."""
    extra: dict[str, Any] = {"aliases": list(aliases)} if aliases else {}
    if "default_factory" not in kw:
        kw["default"] = default
    return Field(title=zh, description=description or zh, json_schema_extra=extra or None, **kw)


def R(zh: str, *aliases: str, description: str | None = None, **kw: Any) -> Any:
    """A required spec field."""
    return F(zh, *aliases, default=..., description=description, **kw)


class SpecModel(BaseModel):
    """The base of every spec model: unknown keys are errors."""
    model_config = ConfigDict(extra="forbid", frozen=False, arbitrary_types_allowed=True)


# --- shared pieces ------------------------------------------------------------------------------

class Contacts(SpecModel):
    """联系方式: 项目负责人, 联系人, 联系电话, 填报人."""
    owner: Text | None = F("项目负责人", "负责人")
    contact: Text | None = F("联系人")
    phone: Text | None = F("联系电话", "电话")
    filler: Text | None = F("填报人")
    finance: Text | None = F("财务负责人", description="财务负责人（四川自评表末行）")


class Period(SpecModel):
    """项目期: the project's start and end, dates or months (2023.07) kept as written."""
    start: PeriodDate | None = F("开始时间", "开始日期", description="开始时间：YYYY-MM-DD，或年月 2023.07 / 2023年7月")
    end: PeriodDate | None = F("结束时间", "结束日期", description="结束时间：YYYY-MM-DD，或年月 2023.07 / 2023年7月")
    text: Text | None = F("项目期原文", description="项目期照原表一格的写法（写 period: 2023.07-2024.01 时即是这一行）；有它时印它")


PERIOD_DATE: TypeAdapter = TypeAdapter(PeriodDate)
_PERIOD_POINT = r"(?:19|20)\d{2}(?:[.\-/]\d{1,2}(?:[.\-/]\d{1,2})?|年\d{1,2}月(?:\d{1,2}日)?)"
_PERIOD_SPAN = re.compile(rf"^({_PERIOD_POINT})\s*(?:-|~|～|至|到|—|–|－)\s*({_PERIOD_POINT})$")


def _is_date(text: str) -> bool:
    try:
        PERIOD_DATE.validate_python(text)
    except ValidationError:
        return False
    return True


def _period_span(value: Any) -> Any:
    """``period: 2023.07-2024.01`` (or 2023年7月至2024年1月, or one month 2023.07): start and end,
    the text kept to be printed as written."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return value
    text = " ".join(value.split())
    folded = text.translate(str.maketrans("０１２３４５６７８９．－／", "0123456789.-/"))
    m = _PERIOD_SPAN.match(folded)
    if m:
        if any(month_of(p) is None and not _is_date(p) for p in (m[1], m[2])):
            raise PydanticCustomError("dg_period_span", "not a period")
        return {"start": m[1], "end": m[2], "text": text}
    if month_of(folded) is not None:
        return {"start": folded, "end": folded, "text": text}
    raise PydanticCustomError("dg_period_span", "not a period")


PeriodField = Annotated[Period, BeforeValidator(_period_span)]
"""项目期: a mapping {start, end}, or one text 2023.07-2024.01 (the JSON Schema allows both: docgen.model.schema)."""


class Goals(SpecModel):
    """绩效目标: the 实施期 (multi-year) and 年度 goals."""
    period: Text | None = F("实施期目标", "实施期目标（总体）", "项目总目标", "长期目标", "项目绩效总目标",
                            description="实施期目标（总体） / 项目总目标 / 长期目标")
    annual: Text | list[Text] | None = F("年度目标", "年度目标（总体）", "年度绩效目标", "年度履职目标", "预期目标",
                                              description="年度目标；武汉版式可写为年度目标1…N 的列表")
    overall: list[Text] | None = F("整体绩效目标年度目标", description="整体绩效目标栏的年度目标（武汉部门公开表9）：与各组「年度目标N：」"
                                                         "写法不同时照原表逐条写出（不含「目标N：」）；不写时这一栏印 annual")


class Indicator(SpecModel):
    """One 三级指标 row."""

    name: Text | None = F("三级指标", "指标名称", "指标内容")
    target: ValueText | None = F("指标值", "年度指标值", "目标值", "预期当年实现值", description="指标值（年度），如 ≥90%、=10.82 万元、及时")
    period_target: ValueText | None = F("实施期指标值", description="实施期指标值（与年度不同时）")
    period_name: Text | None = F("实施期三级指标", description="实施期三级指标名称（与年度不同时）")
    description: Text | None = F("绩效指标描述", description="绩效指标描述（河北版式）")
    basis: Text | None = F("指标值确定依据", "绩效标准", description="指标值确定依据 / 绩效标准")
    note: Text | None = F("备注", "指标值说明", description="备注 / 指标值说明")
    prior: dict[str, ValueText | None] | None = F("近两年指标值", description="近两年指标值，按年份：{2019: …, 2020: …}")
    goal: int | None = F("所属年度目标", description="所属年度目标序号（武汉部门整体表，从 1 起）")
    # year-end results (self-evaluation)
    actual: ValueText | None = F("实际完成值", "实际值完成值")
    weight: Number | None = F("分值")
    score: Number | None = F("得分")
    deviation: Number | None = F("偏差度")
    reason: Text | None = F("偏差原因分析及改进措施", "偏差原因")

    @functools.cached_property
    def target_value(self) -> IndicatorValue:
        return parse_value(self.target)

    @functools.cached_property
    def actual_value(self) -> IndicatorValue:
        return parse_value(self.actual)

    @functools.cached_property
    def period_target_value(self) -> IndicatorValue:
        return parse_value(self.period_target)


def _none_to(empty: Any):
    return lambda v: empty() if v is None else v


Indicators = Annotated[
    dict[str, Annotated[dict[str, Annotated[list[Indicator], BeforeValidator(_none_to(list))]], BeforeValidator(_none_to(dict))]],
    BeforeValidator(_none_to(dict)),
]
"""一级指标 -> 二级指标 -> [三级指标]."""


class BudgetLine(SpecModel):
    """One row of 项目资金: 年初预算数, 全年预算数, 全年执行数 (万元)."""
    initial: Money | None = F("年初预算数")
    adjusted: Money | None = F("全年预算数")
    executed: Money | None = F("全年执行数")


class Budget(SpecModel):
    """项目资金 / 部门整体支出情况 of a self-evaluation table (万元)."""

    total: BudgetLine | None = F("年度资金总额", "部门预算总额", "合计")
    fiscal: BudgetLine | None = F("财政拨款", "政府预算资金", "当年财政拨款", "其中：当年财政拨款", "本年财政拨款")
    special: BudgetLine | None = F("财政专户管理资金")
    unit: BudgetLine | None = F("单位资金")
    carryover: BudgetLine | None = F("上年结转资金", "上年结转", description="上年结转资金（财预〔2020〕10号 自评表）")
    other: BudgetLine | None = F("其他资金", description="其他资金（财预〔2020〕10号 自评表）")


class ManagementItem(SpecModel):
    """One 资金管理情况 row (Henan): 安排科学性, 拨付合规性, 使用规范性, 预算绩效管理情况."""

    note: Text | None = F("情况说明")
    weight: Number | None = F("分值")
    score: Number | None = F("得分")
    issues: Text | None = F("存在问题和改进措施", "存在问题")


MoneyUnit = Literal["万元", "元"]
"""The unit a spec writes its amounts in: 万元 (the forms' unit, the default) or 元."""


def yuan_to_wan(amount: Decimal) -> Decimal:
    """An amount in 元 as 万元, exactly (a shift of four decimal places, no rounding): 72890 → 7.289."""
    wan = amount.scaleb(-4).normalize()
    return wan.quantize(Decimal(1)) if wan.as_tuple().exponent > 0 else wan  # type: ignore[operator]


def _amounts_in_wan(model: BaseModel | None) -> None:
    """Every amount of a funds or budget block (and its rows), from 元 to 万元 in place."""
    if model is None:
        return
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Decimal):
            setattr(model, name, yuan_to_wan(value))
        elif isinstance(value, BaseModel):
            _amounts_in_wan(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _amounts_in_wan(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, Decimal):
                    value[key] = yuan_to_wan(item)


Withheld = Literal["name", "goals", "indicators", "management", "evaluation", "funds", "tasks", "all"]
Disclosure = Literal["public", "withheld"]


# --- kind: project ------------------------------------------------------------------------------

class FundsBlock(SpecModel):
    """资金总额 with 其中：财政拨款 and 其他资金 (万元)."""
    total: Money | None = F("资金总额", "合计", "实施期资金总额", "年度资金总额")
    fiscal: Money | None = F("财政拨款", "其中财政拨款", "其中：财政拨款")
    other: Money | None = F("其他资金")


class PreviousFunds(SpecModel):
    """上年度项目总金额 and 项目上年度金额 (济源)."""
    total: Money | None = F("上年度项目总金额")
    annual: Money | None = F("项目上年度金额")


class FundRow(SpecModel):
    """A row of a list of amounts (资金来源, 支出明细, 收入构成 …)."""
    item: Text | None = F("项目", "资金来源项目", "项目支出明细", "名称")
    amount: Money | None = F("金额", "当年预算收支", "当年预算")
    share: ValueText | None = F("占比", description="占比，按公布写法，如 58.92%")
    prior: dict[str, Money | None] | None = F("近两年收支情况", description="近两年收支，按年份：{2019: …, 2020: …}")


class ProjectFunds(SpecModel):
    """项目资金: 实施期 and 年度 totals, 资金来源 and 支出明细 rows."""
    period: FundsBlock | None = F("实施期资金", "实施期", "项目总金额", "项目总预算")
    annual: FundsBlock | None = F("年度资金", "年度", "项目本年度金额", "项目当年预算")
    previous: PreviousFunds | None = F("上年度资金", description="上年度项目总金额 / 项目上年度金额（济源版式）")
    sources: list[FundRow] = F("项目资金来源", "资金来源", default_factory=list)
    breakdown: list[FundRow] = F("项目支出明细", "支出明细", default_factory=list)
    basis: Text | None = F("测算依据及说明", "测算依据")


class ProjectEvaluation(SpecModel):
    """A project's year-end results: budget execution, 资金管理, outcome, 总分."""
    date: YearMonth | None = F("日期", "填报日期", description="表头下的日期行，如 2024-04")
    budget: Budget | None = F("项目资金")
    management: dict[str, ManagementItem] | None = F("资金管理情况")
    outcome: Text | None = F("实际完成情况", "全年实际完成情况", "年度目标完成情况")
    content: Text | None = F("项目实施内容及过程概述", description="项目实施内容及过程概述（四川 项目基本情况）")
    conclusion: Text | None = F("评价结论")
    issues: Text | None = F("存在问题")
    improvements: Text | None = F("改进措施")
    execution_rate: Percent | None = F("执行率", description="公布的执行率（如 97.80%），与 全年执行数 / 全年预算数 核对")
    execution_score: Number | None = F("执行率得分", "预算执行得分", description="公布的执行率得分，与计分规则核对；填写时总分按它计算")
    total: Number | None = F("总分", description="总分，按公布值填写时与计算结果核对")


class Project(SpecModel):
    """kind: project — 项目绩效目标表, and with `evaluation` also 项目支出绩效自评表."""

    kind: Literal["project"] = R("类型", "种类")
    year: Year = R("年度")
    layout: Text = R("版式")
    scheme: Text | None = F("指标体系", description="版式接受的另一指标体系（见 docgen layouts），如 national-2020-project")
    name: NonEmptyText = R("项目名称")
    code: Text | None = F("项目代码", "单位编码")
    department: Text | None = F("主管部门", "项目主管部门", description="主管部门：必填，版式的表格允许留空时（allows_blank）可不填")
    unit: Text | None = F("单位名称", "实施单位", "项目执行单位")
    title: Text | None = F("表题", description="表题：与版式标题不同时印这一行（如「济源市公安局特警支队支出项目绩效目标表」）")
    table_number: TableNumber | None = F("表号", description="表号：公开材料中这张表的编号，照原表印在标题下（如「部门公开表10-1」）；"
                                                      "在公开材料中由公开材料的 table_numbers 编定，写了就须与之相同")
    money_unit: MoneyUnit = F("金额单位", default="万元", description="规格中金额的单位：万元（默认）或 元；写 元 时各金额按 元 填写，印在万元表中时精确换算（÷10000，不四舍五入）")
    contacts: Contacts | None = F("联系方式")
    period: PeriodField | None = F("项目期", "项目起止时间", description="项目期：{start, end}，或写成一格 2023.07-2024.01")
    category: Text | None = F("项目类型", "资金用途", "项目属性")
    funds: ProjectFunds | None = F("项目资金")
    overview: Text | None = F("项目概况", "项目主要内容")
    basis: Text | None = F("立项依据", "项目申请理由")
    necessity: Text | None = F("项目设立的必要性")
    plan: Text | None = F("项目实施计划")
    measures: Text | None = F("项目配套制度措施")
    remarks: Text | None = F("备注")
    budget_history: Text | None = F("项目前两年预算及当年预算变动情况", description="项目前两年预算及当年预算变动情况（武汉版式）")
    goals: Goals | None = F("绩效目标", "总体目标")
    indicators: Indicators = F("绩效指标", default_factory=dict, description="绩效指标：一级指标 → 二级指标 → 三级指标列表")
    evaluation: ProjectEvaluation | None = F("绩效自评", "自评")
    disclosure: Disclosure = F("公开", "公开属性", default="public", description="public（公开）| withheld（依法不公开）")
    withheld: list[Withheld] | Literal["all"] | None = F("不公开内容", description="依法不公开的部分：name（项目名称）, goals, indicators, management, evaluation, funds 或 all")

    @model_validator(mode="after")
    def _in_wan(self) -> Project:
        if self.money_unit == "元":
            _amounts_in_wan(self.funds)
            _amounts_in_wan(self.evaluation.budget if self.evaluation else None)
        return self


# --- kind: department ---------------------------------------------------------------------------

class Task(SpecModel):
    """One 年度主要任务: its name, content and (self-evaluation) result."""
    name: Text | None = F("任务名称")
    content: Text | None = F("主要内容")
    result: Text | None = F("实际完成情况")


class DepartmentFunds(SpecModel):
    """部门整体资金: 合计, 收入构成 and 支出构成 rows, the 近两年 years."""
    total: Money | None = F("部门预算总额", "合计")
    income: list[FundRow] = F("资金来源", "收入构成", default_factory=list)
    expenditure: list[FundRow] = F("资金结构", "支出构成", default_factory=list)
    prior_years: list[Year] = F("近两年收支情况", "近两年", description="近两年收支情况的年份列，按顺序", default_factory=list)


class DepartmentEvaluation(SpecModel):
    """A department's year-end results: budget execution, outcome, 总分."""
    date: YearMonth | None = F("日期", "填报日期", description="表头下的日期行，如 2024-09")
    budget: Budget | None = F("部门整体支出情况")
    outcome: Text | None = F("实际完成情况")
    execution_rate: Percent | None = F("执行率", description="公布的执行率（如 97.80%），与 全年执行数 / 全年预算数 核对")
    execution_score: Number | None = F("执行率得分", "预算执行得分", description="公布的执行率得分，与计分规则核对；填写时总分按它计算")
    total: Number | None = F("总分", description="总分，按公布值填写时与计算结果核对")


class Department(SpecModel):
    """kind: department — 部门整体支出绩效目标表, and with `evaluation` also 部门整体支出绩效自评情况表."""

    kind: Literal["department"] = R("类型", "种类")
    year: Year = R("年度")
    layout: Text = R("版式")
    scheme: Text | None = F("指标体系", description="版式接受的另一指标体系（见 docgen layouts）")
    department: NonEmptyText = R("部门名称", "部门（单位）名称", "部门(单位)名称", "主管部门")
    table_number: TableNumber | None = F("表号", description="表号：公开材料中这张表的编号，照原表印在标题下（如「部门公开表9」）；"
                                                      "在公开材料中由公开材料的 table_numbers 编定，写了就须与之相同")
    money_unit: MoneyUnit = F("金额单位", default="万元", description="规格中金额的单位：万元（默认）或 元；写 元 时各金额按 元 填写，印在万元表中时精确换算（÷10000，不四舍五入）")
    contacts: Contacts | None = F("联系方式")
    functions: Text | None = F("部门职能概述")
    goals: Goals | None = F("绩效目标", "整体绩效目标")
    tasks: list[Task] | Text | None = F("年度主要任务", "年度工作任务")
    funds: DepartmentFunds | None = F("部门整体资金", "预算情况", "部门总体资金情况")
    indicators: Indicators = F("绩效指标", "年度绩效指标", default_factory=dict, description="绩效指标：一级指标 → 二级指标 → 三级指标列表")
    evaluation: DepartmentEvaluation | None = F("绩效自评", "自评")
    disclosure: Disclosure = F("公开", "公开属性", default="public", description="public（公开）| withheld（依法不公开）")
    withheld: list[Withheld] | Literal["all"] | None = F("不公开内容", description="依法不公开的部分：goals, tasks, funds, indicators, evaluation 或 all")

    @model_validator(mode="after")
    def _in_wan(self) -> Department:
        if self.money_unit == "元":
            _amounts_in_wan(self.funds)
            _amounts_in_wan(self.evaluation.budget if self.evaluation else None)
        return self


# --- kind: package ------------------------------------------------------------------------------

PART_KEYWORDS = ("cover", "contents", "financial", "narratives", "department", "projects")


class Narrative(SpecModel):
    """One narrative section (情况说明 …): a Jinja2 template fed the package's data, or fixed text."""

    id: Text | None = F("标识", description="在 parts（顺序）中单独安排这一部分时用的名称，如 概况")
    title: NonEmptyText = R("标题")
    template: Text | None = F("模板", description="Jinja2 模板文件（相对于本文件，或 templates/narratives/ 下的名称）")
    text: Text | None = F("正文", description="不用模板时的固定正文")
    heading: Literal["title", "none"] = F("标题样式", default="title",
                                         description="title：标题印成这一段的标题行（默认）；none：不印标题，这一段接着前面的正文"
                                                     "（标题只用于 parts 和目录），如表格之后接续的第二、三……部分")


class PartRef(SpecModel):
    """One narrative section or one financial table placed on its own in ``parts``."""

    narrative: Text | None = F("文字说明", description="文字说明的标题（narratives 里的 title）")
    financial: Text | None = F("财务报表", description="财务报表的表号（financial 里的键）")


class TableNumbers(SpecModel):
    """表号: how a package numbers its department's and projects' tables (武汉: 部门公开表9, 10-1 … 10-6)."""
    department: TableNumber | None = F("部门整体", description="部门整体表的表号，如 部门公开表9")
    projects: TableNumberPattern | None = F("项目", description="项目表的表号，{n} 为项目在 projects 中的顺序（从 1 起），如 部门公开表10-{n}")


class Package(SpecModel):
    """kind: package — one department's disclosure package for one year, built in one command."""

    kind: Literal["package"] = R("类型", "种类")
    year: Year = R("年度")
    layout: Text = R("版式")
    name: NonEmptyText = R("部门名称", "单位名称", description="公开材料所属的部门（单位）名称")
    title: Text | None = F("封面标题", description="封面标题，如 2023 年度部门决算")
    date: Text | None = F("封面日期", description="封面日期行，如 二〇二四年九月")
    department: Text | None = F("部门整体", description="部门整体支出绩效（自评）表的规格文件")
    projects: list[Text] = F("项目", default_factory=list, description="项目规格文件，可用通配符：projects/*.yaml")
    shared: Text | None = F("共享文件夹", description="公开材料所在文件夹之外，还允许读取的一个文件夹（如财政局统一的文字说明模板）；"
                                                   "其余文件都必须在公开材料所在的文件夹之内")
    financial: dict[str, Text] = F("财务报表", default_factory=dict, description="公开01–09 表：表号 → CSV 文件")
    table_numbers: TableNumbers | None = F("表号", description="部门整体表和项目表的表号：{department: 部门公开表9, projects: 部门公开表10-{n}}")
    narratives: list[Narrative] = F("文字说明", default_factory=list)
    facts: dict[str, Text | None] = F("说明数据", default_factory=dict,
                                      description="文字说明用到、表中没有的数据，如上年数：{上年收支总计: 81921.71}")
    numbered: Text | None = F("编号", description="项目表题前的编号，{n} 为项目的序号（从 1 起）：\"{n}. \" 印「1. 某某项目绩效目标表」")
    parts: list[PartRef | Text] = F(
        "顺序", default_factory=lambda: list(PART_KEYWORDS),
        description="各部分的顺序：cover 封面, contents 目录, financial 财务报表, narratives 文字说明, department 部门整体, projects 项目；"
                    "一篇文字说明的 id（标识），或 {narrative: 标题} 一段文字说明、{financial: 表号} 一张财务报表：单独放在这里（其余的仍在 narratives、financial 处）")


Spec = Project | Department
KINDS: dict[str, type[SpecModel]] = {"project": Project, "department": Department, "package": Package}
KIND_ALIASES = {"项目": "project", "项目绩效目标表": "project", "部门": "department", "部门整体": "department",
                "公开材料": "package"}


def iter_indicators(indicators: Indicators):
    """(一级, 二级, index, indicator) for every 三级 row, in the author's order."""
    for level1, groups in indicators.items():
        for level2, rows in (groups or {}).items():
            for index, row in enumerate(rows or []):
                yield level1, level2, index, row


def amount_models() -> tuple[type[SpecModel], ...]:
    """The models whose numbers are amounts (万元, or 元 with ``money_unit: 元``), not scores or weights."""
    return (ProjectFunds, DepartmentFunds, Budget, BudgetLine, FundsBlock, PreviousFunds, FundRow)


def money_or_zero(value: Decimal | None) -> Decimal:
    """An amount, with None as 0."""
    return value if value is not None else Decimal(0)


def renders_target_table(spec: Project | Department | Package) -> bool:
    """A spec with results but no funds block is a self-evaluation only (as seed 001's tables are)."""
    if isinstance(spec, Package):
        return False
    return spec.evaluation is None or spec.funds is not None
