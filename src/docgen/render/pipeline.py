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

from dataclasses import replace

from ..model.spec import Department, Project
from ..redact import INTERNAL_MARKER, has_withheld, redact, withheld_note, withheld_parts
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


def public_stem(spec: Project | Department, spec_path: Path, index: int) -> str | None:
    """A neutral file name for a project whose name is withheld.

    Always, not only when the file name visibly contains the project name: a near-miss spelling
    (看守所围墙抢修 for 看守所围墙倒塌抢修) or a folder name would still give it away.
    """
    if isinstance(spec, Project) and "all" in withheld_parts(spec):
        return f"依法不公开项目{index}"
    return None


def plan(spec: Project | Department, spec_path: Path, relative_dir: Path, out_dir: Path, formats: list[str],
         public: bool = False, stem: str | None = None) -> list[Planned]:
    """The files a spec renders to.

    ``public``: the disclosure version, built from the redacted spec (withheld content never
    reaches a table).  Otherwise the internal version, which carries a visible marker on every
    table when the spec withholds anything.
    """
    stem = stem or spec_path.stem
    shown = redact(spec) if public else spec
    note = withheld_note(spec) if public else ""
    planned = []
    for table in tables_for(shown):
        if not public and has_withheld(spec):
            table = replace(table, marker=INTERNAL_MARKER)
        if note:
            table = replace(table, notes=table.notes + (note,))
        name = f"{stem}.{table.name}"
        document = Document(name=name, title=f"{spec_title(shown)} {table.title}".strip(), tables=(table,))
        for fmt in formats:
            planned.append(Planned(spec_path, document, fmt, out_dir / relative_dir / f"{name}.{fmt}"))
    return planned


def spec_title(spec: Project | Department) -> str:
    return spec.name if isinstance(spec, Project) else spec.department


def write(item: Planned, options: WriterOptions) -> list[Notice]:
    return writer(item.fmt)(item.document, item.target, options)
