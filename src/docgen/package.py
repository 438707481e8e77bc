"""kind: package — a department's whole disclosure package, checked and built in one command.

A package names its member specs (the department table, the projects, by path or glob), the
financial tables' data (公开01–09 as CSV files), and its narrative sections (Jinja2 templates fed
the tables' numbers, so the text can never disagree with the tables).  ``docgen build`` writes one
Word document, one PDF and one Excel workbook, internal or public.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import N_, Diagnostic
from .model.spec import Department, Package, Project
from .redact import has_withheld, redact, withheld_note
from .render.layouts import tables_for
from .render.tree import Document, Paragraph, Section, Table

FINANCIAL_IDS = tuple(f"公开{n:02d}" for n in range(1, 10))


@dataclass
class Member:
    path: Path
    spec: Project | Department


@dataclass
class LoadedPackage:
    """A package with everything it names, read and checked."""

    path: Path
    spec: Package
    members: list[Member] = field(default_factory=list)
    financial: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    financial_files: dict[str, Path] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def _diag(source, node: tuple, code: str, msgid: str, **params) -> Diagnostic:
    mark = source.value(node)
    return Diagnostic(code, source.file, mark.line, mark.col, msgid, params)


def resolve_members(package: Package, base: Path, source, out: list[Diagnostic]) -> list[Path]:
    """The member spec files, in a fixed order: the department first, then the projects."""
    paths: list[Path] = []
    if package.department:
        p = base / package.department
        if p.is_file():
            paths.append(p)
        else:
            out.append(_diag(source, ("department",), "G001", N_("the member spec {path} does not exist"), path=package.department))
    for i, pattern in enumerate(package.projects):
        found = sorted(Path(m) for m in glob.glob(str(base / pattern)) if Path(m).is_file())
        if not found:
            out.append(_diag(source, ("projects", i), "G001", N_("no spec file matches {path}"), path=pattern))
        for p in found:
            if p not in paths and p.resolve() != (base / "__package__").resolve():
                paths.append(p)
    return paths


def load_package(path: Path, spec: Package, source, with_members: bool = True) -> LoadedPackage:
    """Read and validate every member spec and financial table a package names.

    ``with_members=False`` (for ``docgen validate``, which checks member files on their own) only
    checks that the members exist.
    """
    from .finance import check_tables, read_subjects
    from .validate import validate_file

    loaded = LoadedPackage(path, spec)
    base = path.parent
    for member_path in resolve_members(spec, base, source, loaded.diagnostics):
        if member_path.resolve() == path.resolve() or not with_members:
            continue
        result = validate_file(member_path, str(member_path))
        loaded.diagnostics.extend(result.diagnostics)
        if isinstance(result.spec, (Project, Department)):
            if result.spec.year != spec.year:
                loaded.diagnostics.append(_diag(source, ("projects",), "G002", N_("{path} is for {year}, the package for {package_year}"), path=str(member_path), year=result.spec.year, package_year=spec.year))
            loaded.members.append(Member(member_path, result.spec))
    for table_id, file in spec.financial.items():
        if table_id not in FINANCIAL_IDS:
            loaded.diagnostics.append(_diag(source, ("financial", table_id), "G003", N_("unknown financial table “{id}”: use 公开01 … 公开09"), id=table_id))
            continue
        csv_path = base / file
        if not csv_path.is_file():
            loaded.diagnostics.append(_diag(source, ("financial", table_id), "G001", N_("the member spec {path} does not exist"), path=file))
            continue
        try:
            rows = read_csv(csv_path)
        except (UnicodeDecodeError, ValueError) as exc:
            loaded.diagnostics.append(Diagnostic("G011", str(csv_path), 1, 1, N_("cannot read this table: {reason} (save it as UTF-8 CSV, one header row)"), {"reason": str(exc)}))
            continue
        loaded.financial[table_id] = rows
        loaded.financial_files[table_id] = csv_path
    if loaded.financial:
        for finding in check_tables(loaded.financial, read_subjects(year=spec.year)):
            loaded.diagnostics.append(finding_diagnostic(finding, loaded.financial_files))
    return loaded


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a financial table's CSV file (UTF-8, with or without BOM; header row first)."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = []
        for line, row in enumerate(csv.DictReader(fh), start=2):
            if None in row:  # more cells than columns: usually an amount written with a comma (1,234.5)
                raise ValueError(f"line {line} has more cells than the header; write amounts without thousands separators")
            rows.append({k: (v or "").strip() for k, v in row.items()})
        return rows


def finding_diagnostic(finding, files: dict[str, Path]) -> Diagnostic:
    """A finance finding pointed at the CSV cell: line = the CSV line, column = the field's position."""
    path = files.get(finding.table)
    column = 1
    if path is not None and finding.column:
        header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        column = header.index(finding.column) + 1 if finding.column in header else 1
    params = dict(finding.params)
    params.setdefault("table", finding.table)
    params.setdefault("other_table", finding.other_table)
    return Diagnostic("G010", str(path or finding.table), finding.row + 1, column, finding.message_id, params)


# --- composing the document ---------------------------------------------------------------------

def _cover(spec: Package) -> Section:
    title = spec.title or f"{spec.year} 年度部门决算"
    paragraphs = [Paragraph(spec.name, "title"), Paragraph(title, "title")]
    if spec.date:
        paragraphs.append(Paragraph(spec.date, "subtitle"))
    return Section("封面", tuple(paragraphs), "cover")


def _contents(parts: list[Table | Section]) -> Section:
    items = [Paragraph(p.name, "item") for p in parts]
    return Section("目录", (Paragraph("目录", "title"), *items), "contents")


def compose(loaded: LoadedPackage, public: bool = False) -> Document:
    """The package as one document: cover, contents, financial tables, narratives, members."""
    from .narrative import render_narratives
    from .render.layouts.final_accounts import final_accounts_tables

    spec = loaded.spec
    blocks: dict[str, list[Table | Section]] = {key: [] for key in ("financial", "narratives", "department", "projects")}
    if loaded.financial:
        blocks["financial"] = list(final_accounts_tables(spec.name, spec.year, loaded.financial))
    blocks["narratives"] = list(render_narratives(loaded, public=public))
    for member in loaded.members:
        shown = redact(member.spec) if public else member.spec
        note = withheld_note(member.spec) if public else ""
        for table in tables_for(shown):
            from dataclasses import replace

            if not public and has_withheld(member.spec):
                from .redact import INTERNAL_MARKER

                table = replace(table, marker=INTERNAL_MARKER)
            if note:
                table = replace(table, notes=table.notes + (note,))
            # in a package, a member's table is known by its project: bookmarks, contents, sheets
            owner = shown.name if isinstance(shown, Project) else shown.department
            table = replace(table, name=f"{owner}·{table.name}")
            blocks["department" if isinstance(member.spec, Department) else "projects"].append(table)
    body: list[Table | Section] = []
    for part in spec.parts:
        if part in blocks:
            body += blocks[part]
    parts: list[Table | Section] = []
    for part in spec.parts:
        if part == "cover":
            parts.append(_cover(spec))
        elif part == "contents":
            parts.append(_contents(body))
        else:
            parts += blocks.get(part, [])
    title = f"{spec.name}{spec.title or ''}"
    return Document(name=loaded.path.stem, title=title, parts=tuple(parts))
