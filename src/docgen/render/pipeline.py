"""render: validated specs → table trees → files, one file per table and format.

Output names are deterministic (SPEC.md §5): ``{spec file stem}.{table name}.{format}``, under
``out/`` and, when a folder was given, under the spec's sub-folder of it (so two specs of the same
name in different folders never overwrite each other).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model.spec import Department, Project
from .layouts import tables_for
from .output import Notice, WriterOptions
from .tree import Document

FORMATS: dict[str, str] = {
    "docx": "docgen.render.writers.docx:write_docx",
    "xlsx": "docgen.render.writers.xlsx:write_xlsx",
    "pdf": "docgen.render.writers.pdf:write_pdf",
}

Writer = Callable[[Document, Path, WriterOptions], list[Notice]]


def writer(fmt: str) -> Writer:
    module, _, name = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Planned:
    """One file to write: which table(s) of which spec, in which format, where."""

    spec_path: Path
    document: Document
    fmt: str
    target: Path


def plan(spec: Project | Department, spec_path: Path, relative_dir: Path, out_dir: Path, formats: list[str]) -> list[Planned]:
    """The files a spec renders to (nothing when its layout has no table for it yet)."""
    stem = spec_path.stem
    planned = []
    for table in tables_for(spec):
        name = f"{stem}.{table.name}"
        document = Document(name=name, title=f"{spec_title(spec)} {table.title}", tables=(table,))
        for fmt in formats:
            planned.append(Planned(spec_path, document, fmt, out_dir / relative_dir / f"{name}.{fmt}"))
    return planned


def spec_title(spec: Project | Department) -> str:
    return spec.name if isinstance(spec, Project) else spec.department


def write(item: Planned, options: WriterOptions) -> list[Notice]:
    return writer(item.fmt)(item.document, item.target, options)
