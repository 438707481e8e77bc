"""Indicator schemes and layout families, read from the data files under ``templates/``.

A scheme (``templates/schemes/NAME.yaml``) lists the 一级指标 and, under each, the 二级指标 a spec
may use, with an optional role (cost, time, satisfaction …) that the checks rely on.  A layout
family (``templates/layouts/NAME.yaml``) says, per spec kind, which scheme applies, which tables it
renders, and which optional fields its tables print.  Adding a region is adding these files.
"""

from __future__ import annotations

import functools
import os
import re
import site
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load.yamlload import load_file


class TemplateError(Exception):
    """A data file under templates/ is broken: a problem of the installation, not of a spec."""


def templates_dir() -> Path:
    """Where the data files are: $DOCGEN_TEMPLATES, the source checkout, or the installed share/."""
    candidates = []
    if os.environ.get("DOCGEN_TEMPLATES"):
        candidates.append(Path(os.environ["DOCGEN_TEMPLATES"]))
    candidates.append(Path(__file__).resolve().parents[3] / "templates")  # source checkout / editable
    # a regular install puts data files under the prefix of its scheme: the venv or system prefix,
    # the user base (pip install --user), or /usr/local (Debian's system Python)
    prefixes = [sys.prefix, site.getuserbase(), sysconfig.get_path("data"), "/usr/local"]
    for prefix in dict.fromkeys(p for p in prefixes if p):
        candidates.append(Path(prefix) / "share" / "docgen" / "templates")
    for c in candidates:
        if (c / "layouts").is_dir():
            return c
    raise TemplateError(f"templates folder not found (looked in: {', '.join(map(str, candidates))})")


def norm_level(name: str) -> str:
    """Spelling of an indicator level name that ignores spaces, full-width forms and a trailing 指标."""
    name = re.sub(r"\s+", "", str(name)).translate(str.maketrans("（）", "()"))
    return name.removesuffix("指标") or name


@dataclass(frozen=True)
class Level:
    name: str
    role: str | None = None
    aliases: tuple[str, ...] = ()
    children: tuple["Level", ...] = ()
    optional: bool = False  # accepted in specs, but not printed in a blank skeleton

    def spellings(self) -> set[str]:
        return {norm_level(self.name), *(norm_level(a) for a in self.aliases)}

    def child(self, name: str) -> "Level | None":
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
        key = norm_level(name)
        return next((lv for lv in self.levels if key in lv.spellings()), None)

    def owner_of(self, level2: str) -> Level | None:
        """The 一级 under which a 二级 name belongs, if any."""
        return next((lv for lv in self.levels if lv.child(level2)), None)

    def role(self, level1: str, level2: str | None = None) -> str | None:
        l1 = self.level1(level1)
        if l1 is None:
            return None
        l2 = l1.child(level2) if level2 else None
        return (l2.role if l2 and l2.role else None) or l1.role

    def has_role(self, role: str) -> bool:
        return any(lv.role == role or any(c.role == role for c in lv.children) for lv in self.levels)


@dataclass(frozen=True)
class KindLayout:
    scheme: str
    tables: tuple[str, ...]
    evaluation: bool
    prints: frozenset[str]
    expects: tuple[str, ...]
    operators_required: bool = True  # False: a bare number (100%) is the layout's normal way to write "= 100%"
    scoring: Any = None  # docgen.scoring.ScoringRules for layouts with a self-evaluation table


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    kinds: dict[str, KindLayout] = field(default_factory=dict)


def _level(raw: Any, inherited_role: str | None, where: str) -> Level:
    if isinstance(raw, str):
        return Level(raw, inherited_role)
    if not isinstance(raw, dict) or not raw.get("name"):
        raise TemplateError(f"{where}: each level needs a name")
    role = raw.get("role") or inherited_role
    children = tuple(_level(c, role, where) for c in raw.get("children") or ())
    return Level(raw["name"], role, tuple(raw.get("aliases") or ()), children, raw.get("optional") == "true")


def _scoring(raw: Any, where: str):
    """The `scoring:` block of a layout file → ScoringRules (None when the layout has none)."""
    if not raw:
        return None
    from decimal import Decimal, InvalidOperation

    from ..scoring import ScoringRules

    try:
        bands = raw.get("qualitative_bands") or ["80", "50"]
        return ScoringRules(
            execution_weight=Decimal(raw.get("execution", "10")),
            management_weight=Decimal(raw["management"]) if raw.get("management") else None,
            indicator_weights={k: Decimal(v) for k, v in (raw.get("indicators") or {}).items()},
            qualitative_bands=(Decimal(bands[0]), Decimal(bands[1])),
            department_execution_target=Decimal(raw["department_execution_target"]) if raw.get("department_execution_target") else None,
        )
    except (InvalidOperation, TypeError, KeyError, IndexError) as exc:
        raise TemplateError(f"{where}: bad scoring block: {exc}") from None


def _read(path: Path) -> dict:
    loaded = load_file(path)
    if not loaded.ok:
        problems = "; ".join(d.format("en") for d in loaded.diagnostics)
        raise TemplateError(f"broken template file {path}: {problems}")
    return loaded.data


@functools.lru_cache(maxsize=None)
def scheme(name: str) -> IndicatorScheme:
    path = templates_dir() / "schemes" / f"{name}.yaml"
    if not path.is_file():
        raise TemplateError(f"indicator scheme {name!r} not found ({path})")
    raw = _read(path)
    levels = tuple(_level(lv, None, str(path)) for lv in raw.get("levels") or ())
    return IndicatorScheme(raw.get("name", name), raw.get("title", name), levels, raw.get("skeleton") in ("true", "yes"))


@functools.lru_cache(maxsize=None)
def layouts() -> dict[str, Layout]:
    found: dict[str, Layout] = {}
    for path in sorted((templates_dir() / "layouts").glob("*.yaml")):
        raw = _read(path)
        kinds = {}
        for kind, k in (raw.get("kinds") or {}).items():
            kinds[kind] = KindLayout(
                scheme=k["scheme"],
                tables=tuple(k.get("tables") or ()),
                evaluation=k.get("evaluation") == "true",
                prints=frozenset(k.get("prints") or ()),
                expects=tuple(k.get("expects") or ()),
                operators_required=k.get("operators", "required") == "required",
                scoring=_scoring(k.get("scoring"), str(path)),
            )
            scheme(k["scheme"])  # fail early on a layout naming a missing scheme
        found[raw.get("name", path.stem)] = Layout(raw.get("name", path.stem), raw.get("title", path.stem), kinds)
    return found
