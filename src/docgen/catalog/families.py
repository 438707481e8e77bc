"""Layout families (``templates/layouts/NAME.yaml``): which forms, scheme and scoring a region uses.

A family says, per kind of spec, which indicator scheme applies, which forms render it (in
order), how values without an operator are read, and the scoring parameters of its
self-evaluation tables; for packages, which financial table set its disclosures use.  What a
family prints is not written down a second time: it is the union of what its forms bind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import codes
from ..diagnostics import N_, Choice
from ..scoring import ScoringRules
from .datafile import DataFile, Node, TemplateProblem
from .names import normalize_name

if TYPE_CHECKING:  # for type hints only: the catalog resolves names to objects
    from .forms import Form
    from .schemes import IndicatorScheme
    from .tablesets import TableSet


@dataclass(frozen=True)
class KindRef:
    """A family's entry for one kind, as written (names, not yet resolved)."""

    kind: str
    scheme: str
    forms: tuple[tuple[str, Node], ...]  # (form id, where it is named)
    scheme_node: Node | None
    operators_required: bool
    scoring: ScoringRules | None
    tableset: tuple[str, Node] | None = None
    also: tuple[tuple[str, Node], ...] = ()  # other schemes a spec may name (scheme: …)


@dataclass(frozen=True)
class FamilyRef:
    """A layout family as written: its kinds with the names of their scheme, forms and table set."""
    name: str
    title: str
    path: str
    kinds: dict[str, KindRef]


@dataclass(frozen=True)
class KindLayout:
    """Everything resolved about one kind of spec in one layout family."""

    kind: str
    scheme: IndicatorScheme | None
    forms: tuple[Form, ...]
    operators_required: bool = True  # False: a bare number (100%) is the layout's normal way to write "= 100%"
    scoring: ScoringRules | None = None
    tableset: TableSet | None = None
    also: tuple[IndicatorScheme, ...] = ()  # other schemes a spec of this kind may follow

    @property
    def schemes(self) -> tuple[IndicatorScheme, ...]:
        """Every scheme a spec of this kind may follow, the default first."""
        return ((self.scheme,) if self.scheme is not None else ()) + self.also

    @property
    def prints(self) -> frozenset[str]:
        """Every field some form of this kind prints (dotted, ``indicator.X`` for indicator fields)."""
        out: set[str] = set()
        for form in self.forms:
            out |= form.prints
        return frozenset(out)

    def prints_field(self, dotted: str) -> bool:
        """Does some form print ``dotted`` (or a part of it, or a field holding it)?"""
        return any(p == dotted or p.startswith(dotted + ".") or dotted.startswith(p + ".") for p in self.prints)

    @property
    def expects(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e for form in self.forms if form.shows == "target" for e in form.expects))

    @property
    def evaluation(self) -> bool:
        return any(form.shows == "evaluation" for form in self.forms)

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(form.name.source for form in self.forms)


@dataclass(frozen=True)
class Family:
    """A layout family with its kinds resolved."""

    name: str
    title: str
    path: str
    kinds: dict[str, KindLayout] = field(default_factory=dict)


FAMILY_KEYS = {"name": "名称（同文件名）", "title": "标题", "kinds": "规格类型"}
KIND_KEYS = {"scheme": "指标体系", "forms": "表格", "operators": "required / optional", "scoring": "计分参数",
             "tableset": "财务报表套表", "also": "其他可用的指标体系（规格用 scheme 选择）"}
SCORING_KEYS = {"execution": "预算执行率分值", "management": "资金管理分值", "indicators": "指标分值（按一级）",
                "qualitative_bands": "定性指标档次", "department_execution_target": "部门执行率满分线",
                "weights": "strict（分值必须如此）/ advisory（原则上如此，可调整）",
                "overshoot_penalty": "指标偏离扣分", "caps": "执行率低于 → 总分上限"}


def _scoring(node: Node) -> ScoringRules:
    node.mapping(N_("the scoring parameters"), SCORING_KEYS)
    bands = [n.number() for n in node.child("qualitative_bands").elements("qualitative_bands")] if node.get("qualitative_bands") else [Decimal(80), Decimal(50)]
    if len(bands) != 2:
        raise node.child("qualitative_bands").fail(codes.D003_TYPE, key="qualitative_bands", expected="[80, 50]")
    weights: dict[str, Decimal] = {}
    if node.get("indicators"):
        for key, child in node.child("indicators").mapping(N_("the indicator weights")).items():
            weights[key] = child.number()
    return ScoringRules(
        execution_weight=node.child("execution").number() if node.get("execution") else Decimal(10),
        management_weight=node.child("management").number() if node.get("management") else None,
        indicator_weights=weights,
        qualitative_bands=(bands[0], bands[1]),
        department_execution_target=node.child("department_execution_target").number() if node.get("department_execution_target") else None,
        overshoot_penalty=node.child("overshoot_penalty").number() if node.get("overshoot_penalty") else None,
        caps=_caps(node.child("caps")) if node.get("caps") else (),
        weights_advisory=(node.child("weights").choice(("strict", "advisory")) == "advisory") if node.get("weights") else False,
    )


def _caps(node: Node) -> tuple[tuple[Decimal, Decimal], ...]:
    """{80: 89, 70: 79}: 执行率 below 80 % → 总分 at most 89 …, as (fraction, cap) pairs."""
    out = []
    for key, child in node.mapping(N_("the 总分 caps (执行率 % → highest 总分)")).items():
        try:
            below = Decimal(str(key).strip().rstrip("%％"))
        except ArithmeticError:
            raise child.fail(codes.D003_TYPE, key="caps", expected="{80: 89, 70: 79}") from None
        out.append((below / 100, child.number()))
    return tuple(sorted(out))


def read_family(file: DataFile, name: str) -> FamilyRef | None:
    """The family in ``file`` with its names unresolved (None when broken; problems in ``file``)."""
    if not file.loaded.ok:
        return None
    root = file.root()
    kinds: dict[str, KindRef] = {}
    try:
        root.mapping(N_("a layout family"), FAMILY_KEYS, ("kinds",))
        if root.get("name") and normalize_name(root.child("name").text()) != normalize_name(name):
            root.child("name").report(codes.D003_CHOICE, key="name", value=root.child("name").text(), choices=[name])
        title = root.child("title").text() if root.get("title") else name
        for kind, node in root.child("kinds").mapping(N_("the kinds of a layout family"), {"project": "项目", "department": "部门整体", "package": "公开材料"}).items():
            try:
                kinds[kind] = _kind(node, kind)
            except TemplateProblem:
                continue
    except TemplateProblem:
        return None
    if not file.ok:
        return None
    return FamilyRef(name, title, str(file.path), kinds)


def _kind(node: Node, kind: str) -> KindRef:
    node.mapping(N_("an entry of a layout family"), KIND_KEYS, () if kind == "package" else ("scheme", "forms"))
    forms: list[tuple[str, Any]] = []
    if node.has("forms"):
        forms = [(n.text(), n) for n in node.child("forms").elements("forms")]
        if not forms:
            node.child("forms").report(codes.D003_TYPE, key="forms", expected=Choice(N_("a list of at least one form (FAMILY/NAME)")))
    operators = node.child("operators").choice(("required", "optional")) if node.get("operators") else "required"
    scoring = _scoring(node.child("scoring")) if node.get("scoring") else None
    tableset = (node.child("tableset").text(), node.child("tableset")) if node.get("tableset") else None
    scheme_node = node.get("scheme")
    also = tuple((n.text(), n) for n in node.child("also").elements("also")) if node.get("also") else ()
    return KindRef(kind, scheme_node.text() if scheme_node else "", tuple(forms), scheme_node,
                   operators == "required", scoring, tableset, also)
