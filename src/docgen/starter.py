"""`docgen new`: a commented starting spec for a layout, built from the layout's own data.

The fields offered are the ones the layout's tables print, and the indicator skeleton is the
layout's scheme, so a new region's starter comes with its layout file.  The output validates.
"""

from __future__ import annotations

import datetime as dt

from .catalog.families import Family as Layout
from .catalog.schemes import norm_level

# field -> (comment, YAML lines).  Lines use {year}.  Order is the order of the output.
PROJECT_FIELDS: list[tuple[str, str, list[str]]] = [
    ("code", "项目代码 / 单位编码", ['code: "000000000"']),
    ("unit", "单位名称 / 实施单位 / 项目执行单位", ["unit: 某某单位"]),
    ("contacts", "项目负责人、联系人、联系电话（电话写成带引号的文字）", ['contacts: {owner: 张三, contact: 李四, phone: "0000000"}']),
    ("period", "项目起止时间", ["period: {start: {year}-01-01, end: {year}-12-31}"]),
    ("category", "项目类型 / 资金用途", ["category: 部门项目"]),
    ("funds", "项目资金（万元，只写数字）：资金总额 = 财政拨款 + 其他资金", []),
    ("overview", "项目概况", ["overview: 项目的主要内容、规模和实施范围。"]),
    ("basis", "立项依据", ["basis: 相关文件、规划和会议纪要。"]),
    ("necessity", "项目设立的必要性", ["necessity: 为什么需要这个项目。"]),
    ("measures", "项目配套制度措施", ["measures: 配套的管理制度和保障措施。"]),
    ("plan", "项目实施计划", ["plan: 分阶段的实施安排。"]),
    ("remarks", "备注（可空）", ['remarks: ""']),
    ("budget_history", "项目前两年预算及当年预算变动情况", ["budget_history: 1.前两年预算安排情况：…… 2.当年预算变动情况及理由：……"]),
]

TARGET_EXAMPLES = {
    "quantity": ("完成任务数量", "≥10个"),
    "quality": ("验收合格率", "≥95%"),
    "time": ("按期完成率", "=100%"),
    "cost": ("项目成本", "≤100万元"),
    "satisfaction": ("服务对象满意度", "≥90%"),
    "input": ("预算执行率", "≥95%"),
    "process": ("预算完成率", "≥95%"),
    "output": ("完成任务数量", "≥10个"),
    "benefit": ("群众获得感", "得到提升"),
    "impact": ("长效管理机制", "健全"),
}


def _indicator_lines(layout: Layout, kind: str, evaluation: bool) -> list[str]:
    kl = layout.kinds[kind]
    s = kl.scheme
    assert s is not None  # a project or department kind always has its scheme
    lines = [
        "# 绩效指标：一级指标 → 二级指标 → 三级指标列表。一级、二级名称须属于本版式的指标体系：",
        f"# {s.title}（完整列表见 docgen layouts）。",
        "# 指标值写法：≥90%、≤100万元、=10.82 万元、600-700、及时、得到提升 ……",
        "indicators:",
    ]
    groups = []
    for level in s.levels:
        groups.append((level, level.children[0]))
        if level.children[0].role != "satisfaction":
            groups.extend((level, c) for c in level.children[1:] if c.role == "satisfaction")
    weights = _weights(groups, kl.scoring) if evaluation else []
    previous = None
    for level, child in groups:
        if level is not previous:
            lines.append(f"  {level.name}:")
            previous = level
        role = (child.role if child is not None else None) or level.role or "output"
        name, target = TARGET_EXAMPLES.get(role, ("指标名称", "≥90%"))
        lines.append(f"    {child.name}:")
        lines.append(f"      - name: {name}")
        lines.append(f"        target: {_quote(target)}")
        if kl.prints_field("indicator.description"):
            lines.append("        description: 指标的含义和计算方法")
        if kl.prints_field("indicator.basis"):
            lines.append("        basis: 指标值确定依据 / 绩效标准")
        if kl.prints_field("indicator.note"):
            lines.append('        note: ""            # 备注 / 指标值说明')
        if kl.prints_field("indicator.goal"):
            lines.append("        goal: 1             # 属于第几个年度目标")
        if evaluation:
            lines.append(f"        actual: {_quote(target.lstrip('≥≤='))}        # 实际完成值")
            lines.append(f"        weight: {weights.pop(0)}           # 分值")
    return lines


def _weights(groups: list, rules) -> list[str]:
    """One weight per indicator group, so that each of the layout's blocks gets its total."""

    keys = list(rules.indicator_weights)

    def block(level) -> str:
        return next((k for k in keys if k == "*" or norm_level(level.name) in {norm_level(p) for p in k.split("+")}), keys[0])

    members: dict[str, list[int]] = {}
    for i, (level, _) in enumerate(groups):
        members.setdefault(block(level), []).append(i)
    weights = [0] * len(groups)
    for key, idx in members.items():
        total = int(rules.indicator_weights[key])
        share = total // len(idx)
        for i in idx:
            weights[i] = share
        weights[idx[-1]] += total - share * len(idx)
    return [str(w) for w in weights]


def _quote(text: str) -> str:
    return f'"{text}"' if text[:1] in "<>=%*&!|-[{@`#?:" else text


def starter_spec(kind: str, layout: Layout, evaluation: bool = False) -> str:
    """A spec that validates and shows the author every field the layout prints."""
    year = dt.date.today().year
    kl = layout.kinds[kind]
    evaluation = evaluation and kl.evaluation
    out = [
        f"# docgen 规格：{layout.title} — {'、'.join(kl.tables)}",
        "# 把示例内容换成本单位的内容；金额单位为万元。检查：docgen validate 本文件",
        f"kind: {kind}",
        f"year: {year}",
        f"layout: {layout.name}",
    ]
    if kind == "project":
        out += ["name: 项目名称            # 项目名称", "department: 主管部门名称   # 主管部门"]
        for field, comment, lines in PROJECT_FIELDS:
            if field == "funds":
                if not kl.prints_field("funds") or (evaluation and "funds.period" not in kl.expects):
                    continue
                out.append(f"# {comment}")
                out.append("funds:")
                if kl.prints_field("funds.period"):
                    out.append("  period: {total: 100, fiscal: 100, other: 0}   # 实施期资金总额 / 项目总金额")
                out.append("  annual: {total: 100, fiscal: 100, other: 0}   # 年度资金总额 / 项目本年度金额")
                if kl.prints_field("funds.sources"):
                    out += ["  sources:                                       # 项目资金来源", "    - {item: 1.一般公共预算财政拨款收入, amount: 100}"]
                if kl.prints_field("funds.breakdown"):
                    out += ["  breakdown:                                     # 项目支出明细", "    - {item: 1.支出事项, amount: 100}", "  basis: 测算依据及说明"]
                continue
            if kl.prints_field(field):
                out.append(f"# {comment}")
                out.extend(line.replace("{year}", str(year)) for line in lines)
        out.append("goals:")
        if kl.prints_field("goals.period"):
            out.append("  period: 实施期（总体）目标。")
        if kl.prints_field("goals.annual"):
            out.append("  annual: 年度（总体）目标。")
    else:
        out += ["department: 部门名称"]
        if kl.prints_field("contacts"):
            out.append('contacts: {filler: 张三, phone: "0000000"}   # 填报人 / 联系电话')
        if kl.prints_field("functions"):
            out.append("functions: 部门职能概述。")
        out.append("goals:")
        if kl.prints_field("goals.period"):
            out.append("  period: 长期目标。")
        if kl.prints_field("indicator.goal"):  # 年度目标 numbered 1…N; each indicator names its `goal`
            out += ["  annual:", "    - 年度目标1。", "    - 年度目标2。"]
        else:
            out.append("  annual: 年度履职目标。")
        if kl.prints_field("tasks"):
            out += ["tasks:                      # 年度主要任务", "  - name: 任务名称", "    content: 主要内容"]
            if evaluation:
                out.append("    result: 基本按照绩效目标完成   # 实际完成情况")
        if kl.prints_field("funds") and not evaluation:
            out += [
                "funds:                      # 部门整体资金（万元）：收入、支出各自合计等于 total",
                "  total: 100",
                "  income:",
                "    - {item: 财政拨款, amount: 100}",
                "  expenditure:",
                "    - {item: 基本支出, amount: 60}",
                "    - {item: 项目支出, amount: 40}",
            ]
    out += _indicator_lines(layout, kind, evaluation)
    if evaluation:
        out += [
            "# 年终自评：有此部分即输出自评表。得分、偏差度可不写，由 docgen 计算；写了则核对。",
            "evaluation:",
            f"  date: {year + 1}-04          # 表头下的日期",
            "  budget:                     # 年初预算数 / 全年预算数 / 全年执行数（万元）",
            "    total:   {initial: 100, adjusted: 100, executed: 95}",
            "    fiscal:  {initial: 100, adjusted: 100, executed: 95}",
            "    special: {initial: 0, adjusted: 0, executed: 0}",
            "    unit:    {initial: 0, adjusted: 0, executed: 0}",
        ]
        if kind == "project" and kl.scoring is not None and kl.scoring.management_weight:
            out += ["  management:                 # 资金管理情况：每项分值 5"]
            for item in ("安排科学性", "拨付合规性", "使用规范性", "预算绩效管理情况"):
                out.append(f"    {item}: {{note: 情况说明, weight: 5, score: 5, issues: 无}}")
        out.append("  outcome: 基本按照绩效目标完成   # 实际完成情况")
    out += [
        "disclosure: public          # public 公开 | withheld 依法不公开（并用 withheld: [...] 列出不公开的部分）",
    ]
    return "\n".join(out) + "\n"
