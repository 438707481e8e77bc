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

from . import codes
from .diagnostics import Diagnostic
from .load.yamlload import SourceMap
from .model.spec import Package
from .render.tree import Document, Paragraph, Part, Section


def _at(source: SourceMap, path: tuple) -> tuple[int, int]:
    mark = source.value(path)
    return mark.line, mark.col


def resolve_members(package: Package, path: Path, source: SourceMap) -> tuple[list[Path], list[Diagnostic]]:
    """The member spec files, in a fixed order: the department first, then the projects."""
    base = path.parent
    found: list[Path] = []
    problems: list[Diagnostic] = []
    if package.department:
        p = base / package.department
        if p.is_file():
            found.append(p)
        else:
            problems.append(Diagnostic(codes.G001_NO_MEMBER, source.file, *_at(source, ("department",)), {"path": package.department}))
    for i, pattern in enumerate(package.projects):
        matches = sorted(Path(m) for m in glob.glob(str(base / pattern)) if Path(m).is_file())
        if not matches:
            problems.append(Diagnostic(codes.G001_NO_MATCH, source.file, *_at(source, ("projects", i)), {"path": pattern}))
        for p in matches:
            if p not in found and p.resolve() != path.resolve():
                found.append(p)
    return found, problems


def _cover(spec: Package) -> Section:
    title = spec.title or f"{spec.year} 年度部门决算"
    paragraphs = [Paragraph(spec.name, "title"), Paragraph(title, "title")]
    if spec.date:
        paragraphs.append(Paragraph(spec.date, "subtitle"))
    return Section("封面", tuple(paragraphs), "cover")


def _contents(parts: list[Part]) -> Section:
    items = [Paragraph(p.name, "item") for p in parts]
    return Section("目录", (Paragraph("目录", "title"), *items), "contents")


def compose(spec: Package, name: str, blocks: dict[str, list[Part]]) -> Document:
    """The package as one document, its parts in the order ``spec.parts`` gives.

    ``blocks`` holds the laid-out parts: financial, narratives, department, projects.
    """
    body: list[Part] = []
    for part in spec.parts:
        body += blocks.get(part, [])
    parts: list[Part] = []
    for part in spec.parts:
        if part == "cover":
            parts.append(_cover(spec))
        elif part == "contents":
            parts.append(_contents(body))
        else:
            parts += blocks.get(part, [])
    return Document(name=name, title=f"{spec.name}{spec.title or ''}", parts=tuple(parts))


__all__ = ["resolve_members", "compose"]
