"""Indicator schemes (指标体系): the 一级 → 二级 names a spec may use, from ``templates/schemes/``.

A scheme file lists the 一级指标 and, under each, its 二级指标, with an optional role (cost, time,
satisfaction …) that the checks rely on, aliases (other spellings of the same name) and, for
schemes whose tables print every 二级 even when empty (济源), ``skeleton: true``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import N_
from .datafile import DataFile, Node, TemplateProblem

ROLES = ("output", "quantity", "quality", "time", "cost", "benefit", "satisfaction", "input", "process", "impact")


def norm_level(name: str) -> str:
    """Spelling of an indicator level name that ignores spaces, full-width forms and a trailing 指标."""
    name = re.sub(r"\s+", "", str(name)).translate(str.maketrans("（）", "()"))
    return name.removesuffix("指标") or name


@dataclass(frozen=True)
class Level:
    """A 一级 or 二级 indicator name of a scheme."""

    name: str
    role: str | None = None
    aliases: tuple[str, ...] = ()
    children: tuple[Level, ...] = ()
    optional: bool = False  # accepted in specs, but not printed in a blank skeleton

    def spellings(self) -> set[str]:
        """Every accepted spelling of this level, normalised."""
        return {norm_level(self.name), *(norm_level(a) for a in self.aliases)}

    def child(self, name: str) -> Level | None:
        """The 二级 of this 一级 spelt ``name``, if any."""
        key = norm_level(name)
        return next((c for c in self.children if key in c.spellings()), None)


@dataclass(frozen=True)
class IndicatorScheme:
    """一级 → 二级 names of an official indicator system (e.g. 财预〔2021〕101号)."""

    name: str
    title: str
    levels: tuple[Level, ...]
    skeleton: bool = False  # every 二级 is printed even without indicators (Jiyuan)

    def level1(self, name: str) -> Level | None:
        """The 一级 spelt ``name``, if any."""
        key = norm_level(name)
        return next((lv for lv in self.levels if key in lv.spellings()), None)

    def owner_of(self, level2: str) -> Level | None:
        """The 一级 under which a 二级 name belongs, if any."""
        return next((lv for lv in self.levels if lv.child(level2)), None)

    def role(self, level1: str, level2: str | None = None) -> str | None:
        """The role (cost, time, satisfaction …) of a 二级 under a 一级, or of the 一级 itself."""
        l1 = self.level1(level1)
        if l1 is None:
            return None
        l2 = l1.child(level2) if level2 else None
        return (l2.role if l2 and l2.role else None) or l1.role

    def has_role(self, role: str) -> bool:
        """Does some level of the scheme have ``role``?"""
        return any(lv.role == role or any(c.role == role for c in lv.children) for lv in self.levels)

    def printed_skeleton(self) -> list[tuple[str, list[str]]]:
        """The 一级 → 二级 names a blank table prints (optional 二级 left out)."""
        return [(lv.name, [c.name for c in lv.children if not c.optional]) for lv in self.levels]


_LEVEL_KEYS = {"name": "名称", "role": "角色", "aliases": "别名", "optional": "可选", "children": "二级指标"}


def _level(node: Node, inherited_role: str | None, depth: int) -> Level:
    if node.is_text():
        return Level(node.text(), inherited_role)
    node.mapping(N_("a level of the scheme"), _LEVEL_KEYS if depth == 1 else {k: v for k, v in _LEVEL_KEYS.items() if k != "children"}, ("name",))
    name = node.child("name").text()
    role = node.child("role").choice(ROLES) if node.get("role") else inherited_role
    aliases = tuple(node.child("aliases").texts("aliases")) if node.get("aliases") else ()
    optional = node.child("optional").flag() if node.get("optional") else False
    children: list[Level] = []
    if depth == 1 and node.get("children"):
        for child in node.child("children").elements("children"):
            try:
                children.append(_level(child, role, 2))
            except TemplateProblem:
                continue
    return Level(name, role, aliases, tuple(children), optional)


def read_scheme(file: DataFile, name: str) -> IndicatorScheme | None:
    """The scheme in ``file`` (None when it is broken; the problems are in ``file.diagnostics``)."""
    if not file.loaded.ok:
        return None
    root = file.root()
    try:
        root.mapping(N_("an indicator scheme"), {"name": "名称", "title": "标题", "skeleton": "固定骨架", "levels": "一级指标"}, ("levels",))
        title = root.child("title").text() if root.get("title") else name
        skeleton = root.child("skeleton").flag() if root.get("skeleton") else False
        levels = []
        for node in root.child("levels").elements("levels"):
            try:
                levels.append(_level(node, None, 1))
            except TemplateProblem:
                continue
    except TemplateProblem:
        return None
    if not file.ok:
        return None
    return IndicatorScheme(name, title, tuple(levels), skeleton)
