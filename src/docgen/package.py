"""kind: package — a department's whole disclosure package: its members and its one document.

A package names its member specs (the department table, the projects, by path or glob), the
financial tables' data (CSV files of its layout family's table set) and its narrative sections
(Jinja2 templates fed the tables' numbers, so the text can never disagree with the tables).
``docgen.pipeline`` checks all of it; this module finds the members and composes the document:
cover, contents, financial tables, narratives, the department's and the projects' tables.
"""

from __future__ import annotations

import glob
from pathlib import Path

from . import codes, paths
from .catalog.names import normalize_id
from .diagnostics import Choice, Diagnostic, Message
from .load.yamlload import SourceMap
from .model.spec import Department, Package, PartRef, Project
from .render.tree import Document, Paragraph, Part, Section


def _at(source: SourceMap, path: tuple) -> tuple[int, int]:
    mark = source.value(path)
    return mark.line, mark.col


def folders(package: Package, path: Path, source: SourceMap) -> tuple[list[Path], list[Diagnostic]]:
    """The folders a package may read from: its own and, if it names one, its shared folder."""
    roots = [path.parent]
    if package.shared:
        shared = path.parent / package.shared
        if not paths.is_dir(shared):
            return roots, [Diagnostic(codes.G006_NO_SHARED, source.file, *_at(source, ("shared",)), {"path": package.shared})]
        roots.append(shared)
    return roots, []


def confined(target: Path, roots: list[Path]) -> bool:
    """Is ``target`` (links followed) inside one of ``roots``?"""
    return any(paths.inside(target, root) for root in roots)


def locate(name: str, path: Path, roots: list[Path], source: SourceMap, at: tuple, missing: Message) -> tuple[Path | None, Diagnostic | None]:
    """A file the package names (``name``, relative to the package's folder): the path, or why not."""
    target = path.parent / name
    why = paths.why_not_file(target)
    if why is not None:
        if isinstance(why, Choice) and why.msgid == "it does not exist":
            return None, Diagnostic(missing, source.file, *_at(source, at), {"path": name})
        return None, Diagnostic(codes.G001_CANNOT_OPEN, source.file, *_at(source, at), {"path": name, "reason": why})
    if not confined(target, roots):
        return None, Diagnostic(codes.G006_OUTSIDE, source.file, *_at(source, at), {"path": name, "folder": str(path.parent)})
    return target, None


def resolve_members(package: Package, path: Path, source: SourceMap, roots: list[Path] | None = None) -> tuple[list[Path], list[Diagnostic]]:
    """The member spec files, in a fixed order: the department first, then the projects.

    Each lies in the package's folder or its shared folder (links followed): a member reached
    through ``..``, an absolute path, a glob or a link leading elsewhere is refused (G006).
    """
    roots = roots if roots is not None else [path.parent]
    found: list[Path] = []
    seen: set[Path] = set()
    problems: list[Diagnostic] = []
    own = paths.resolved(path)

    def add(p: Path) -> None:
        key = paths.resolved(p) or p
        if key not in seen and key != own:
            seen.add(key)
            found.append(p)

    if package.department:
        p, problem = locate(package.department, path, roots, source, ("department",), codes.G001_NO_MEMBER)
        if p is not None:
            add(p)
        if problem is not None:
            problems.append(problem)
    for i, pattern in enumerate(package.projects):
        try:
            matches = sorted(Path(m) for m in glob.glob(str(path.parent / pattern)) if paths.is_file(Path(m)))
        except (OSError, ValueError):
            matches = []
        if not matches:
            problems.append(Diagnostic(codes.G001_NO_MATCH, source.file, *_at(source, ("projects", i)), {"path": pattern}))
        outside = [m for m in matches if not confined(m, roots)]
        if outside:
            problems.append(Diagnostic(codes.G006_OUTSIDE, source.file, *_at(source, ("projects", i)),
                                       {"path": str(outside[0]), "folder": str(path.parent)}))
        for p in matches:
            if p not in outside:
                add(p)
    return found, problems


def table_numbers(package: Package, members: list[Project | Department | None]) -> list[str | None]:
    """The table number (表号) the package gives each member, in the members' order: the
    department's as written, each project's from the pattern with ``{n}`` its place among the
    package's projects (from 1, in the order ``projects`` lists them); None where the package
    gives none (the member's own ``table_number``, if any, is printed then)."""
    rule = package.table_numbers
    out: list[str | None] = []
    n = 0
    for spec in members:
        if isinstance(spec, Project):
            n += 1
            out.append(rule.projects.replace("{n}", str(n)) if rule and rule.projects else None)
        elif isinstance(spec, Department):
            out.append(rule.department if rule else None)
        else:
            out.append(None)
    return out


def same_table_number(a: str, b: str) -> bool:
    """Two table numbers are the same when they differ only in spaces and full-width letters."""
    return normalize_id(a).replace(" ", "") == normalize_id(b).replace(" ", "")


def _cover(spec: Package) -> Section:
    title = spec.title or f"{spec.year} 年度部门决算"
    paragraphs = [Paragraph(spec.name, "title"), Paragraph(title, "title")]
    if spec.date:
        paragraphs.append(Paragraph(spec.date, "subtitle"))
    return Section("封面", tuple(paragraphs), "cover")


def _contents(parts: list[Part]) -> Section:
    items = [Paragraph(p.name, "item") for p in parts]
    return Section("目录", (Paragraph("目录", "title"), *items), "contents")


def compose(spec: Package, name: str, blocks: dict[str, list[Part]],
            named: dict[tuple[str, str], list[Part]] | None = None) -> Document:
    """The package as one document, its parts in the order ``spec.parts`` gives.

    ``blocks`` holds the laid-out parts: financial, narratives, department, projects; ``named``
    each narrative (by title) and financial table (by id), for the parts placed on their own
    (``{narrative: 标题}``, ``{financial: 表号}``): those are left out of their block, so that a
    projects block can sit between two narrative sections (seed 003: the project tables inside
    section 五).
    """
    named = named or {}
    placed: dict[str, list[Part]] = {}
    taken: set[int] = set()
    for part in spec.parts:
        if isinstance(part, PartRef):
            key = ("narrative", part.narrative) if part.narrative is not None else ("financial", part.financial or "")
            placed[str(id(part))] = named.get(key, [])
            taken.update(id(p) for p in placed[str(id(part))])

    def parts_of(part: object) -> list[Part]:
        if isinstance(part, PartRef):
            return placed.get(str(id(part)), [])
        return [p for p in blocks.get(str(part), []) if id(p) not in taken]

    body: list[Part] = []
    for part in spec.parts:
        body += parts_of(part)
    parts: list[Part] = []
    for part in spec.parts:
        if part == "cover":
            parts.append(_cover(spec))
        elif part == "contents":
            parts.append(_contents(body))
        else:
            parts += parts_of(part)
    return Document(name=name, title=f"{spec.name}{spec.title or ''}", parts=tuple(parts))


__all__ = ["folders", "confined", "locate", "resolve_members", "table_numbers", "same_table_number", "compose"]
