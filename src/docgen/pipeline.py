"""pipeline: the one way from a file to diagnostics, documents and files.

``docgen validate``, ``render`` and ``build`` all go through :func:`check_file`, so ``build``
refuses exactly what ``validate`` refuses.  A spec is checked once and everything about it is
resolved there, once:

    load → model → resolve (layout family, its forms, the indicator scheme, the scoring profile,
    the table set) → check → Checked

and the :class:`Checked` result is what redaction, layout, narratives and writers receive; none
of them looks a name up again.  A package is checked with its members, its financial tables
(against the family's table set) and its narratives, so its problems are all known before
anything is written.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import check as _rules  # noqa: F401  (registers the rules)
from . import codes
from .catalog import Catalog
from .catalog.families import Family, KindLayout
from .catalog.names import normalize_id
from .check.financial import CsvTable, check_financial, read_csv
from .check.framework import Context, run_rules
from .diagnostics import Diagnostic
from .load.yamlload import Loaded, SourceMap, load_file, load_text
from .model.bindings import FinancialTable
from .model.build import build_spec
from .model.spec import Department, Package, PartRef, Project, renders_target_table
from .narrative import Member, Mismatch, NarrativeError, render_narratives
from .package import compose, locate, resolve_members, same_table_number, table_numbers
from .package import folders as package_folders
from .paths import file_component, is_dir, is_file
from .redact import INTERNAL_MARKER, has_withheld, redact, withheld_note, withheld_parts
from .render.engine import LayoutError, lay_out
from .render.output import Notice, WriterOptions, write_all
from .render.tree import Document, Part, Table
from .render.view import SpecView
from .render.writers import WRITERS

SPEC_SUFFIXES = (".yaml", ".yml")


@dataclass
class Checked:
    """A file checked: its spec, where each node is, everything resolved about it, the problems."""

    path: Path
    display: str
    spec: Project | Department | Package | None = None
    source: SourceMap | None = None
    family: Family | None = None
    kind: KindLayout | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # packages only
    members: list[Checked] = field(default_factory=list)
    financial: dict[str, CsvTable] = field(default_factory=dict)
    roots: list[Path] = field(default_factory=list)  # the folders it may read: its own, its shared one

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return self.spec is not None and self.kind is not None and not self.errors

    def member(self) -> Member:
        """The member as a narrative sees it."""
        assert self.kind is not None
        return Member(self.spec, self.kind.scheme, self.kind.scoring)


# --- checking ------------------------------------------------------------------------------------

def check_file(path: Path, catalog: Catalog, display: str | None = None) -> Checked:
    """Load, build, resolve and check one spec file (a package with everything it names)."""
    return check_loaded(load_file(path, display or str(path)), catalog, Path(path))


def check_text(text: str, catalog: Catalog, name: str = "spec.yaml") -> Checked:
    """The same for a spec given as text (tests, the editor page)."""
    return check_loaded(load_text(text, name), catalog, Path(name))


def check_loaded(loaded: Loaded, catalog: Catalog, path: Path) -> Checked:
    checked = Checked(path, loaded.file, diagnostics=list(loaded.diagnostics))
    if loaded.data is None or any(d.is_error for d in loaded.diagnostics):
        return _sorted(checked)
    built = build_spec(loaded)
    checked.diagnostics += built.diagnostics
    checked.source = built.source
    spec = built.spec
    if spec is None:
        return _sorted(checked)
    checked.spec = spec
    if not _resolve(checked, catalog):
        return _sorted(checked)
    if isinstance(spec, Package):
        _check_package(checked, catalog)
    else:
        assert checked.kind is not None and checked.family is not None
        ctx = Context(spec, built.source, checked.family, checked.kind, checked.kind.scheme)  # type: ignore[arg-type]
        checked.diagnostics += run_rules(ctx)
        if not checked.errors:
            checked.diagnostics += _lay_out_all(checked)
    return _sorted(checked)


def _lay_out_all(checked: Checked) -> list[Diagnostic]:
    """Lay the spec's tables out, internal and public, as render will: a form that does not fit
    this spec is reported by validate too, not first by render (validate refuses what render
    refuses)."""
    assert isinstance(checked.spec, (Project, Department))
    found: list[Diagnostic] = []
    for public in (False, True) if has_withheld(checked.spec) else (False,):
        try:
            spec_tables(checked, public)
        except LayoutError as exc:
            found.append(exc.diagnostic)
    return found


def _resolve(checked: Checked, catalog: Catalog) -> bool:
    """Find the spec's layout family and its entry for the spec's kind (S009, S010, D…)."""
    spec, source = checked.spec, checked.source
    assert spec is not None and source is not None
    name, suggestion = catalog.resolve_family_name(spec.layout)
    mark = source.value(("layout",))
    if name is None:
        message = codes.S009_SUGGEST if suggestion else codes.S009_UNKNOWN
        checked.diagnostics.append(Diagnostic(message, checked.display, mark.line, mark.col,
                                              {"value": spec.layout, "suggestion": suggestion or "", "choices": catalog.family_names()}))
        return False
    family, problems = catalog.family_result(name)
    if family is None:  # its data files are broken: say where, to every spec that names it, and stop (exit 2)
        checked.diagnostics += problems
        return False
    kind = family.kinds.get(spec.kind)
    if kind is None:
        mark = source.value(("kind",))
        checked.diagnostics.append(Diagnostic(codes.S010_NO_KIND, checked.display, mark.line, mark.col,
                                              {"layout": family.title, "kind": spec.kind, "kinds": sorted(family.kinds)}))
        return False
    chosen = getattr(spec, "scheme", None)
    if chosen and kind.scheme is not None:
        wanted = normalize_id(chosen)
        match = next((s for s in kind.schemes if normalize_id(s.name) == wanted), None)
        if match is None:
            mark = source.value(("scheme",))
            checked.diagnostics.append(Diagnostic(codes.S014_SCHEME, checked.display, mark.line, mark.col,
                                                  {"value": chosen, "layout": family.title, "choices": [s.name for s in kind.schemes]}))
            return False
        kind = replace(kind, scheme=match)
    checked.family, checked.kind = family, kind
    return True


def _check_member_years(checked: Checked, other_years: list[tuple[Path, int]]) -> None:
    """G002 for members of another year: one warning per member, or — when a package was copied to a
    new year and many members still carry the old one — one warning per year, counting them."""
    spec, source = checked.spec, checked.source
    assert isinstance(spec, Package) and source is not None
    mark = source.value(("year",)) if source.has(("year",)) else source.value(("projects",))
    by_year: dict[int, list[Path]] = {}
    for path, year in other_years:
        by_year.setdefault(year, []).append(path)
    for year, paths in sorted(by_year.items()):
        if len(paths) > 3:
            checked.diagnostics.append(Diagnostic(codes.G002_YEARS, checked.display, mark.line, mark.col,
                                                  {"count": len(paths), "first": paths[0].name, "year": year,
                                                   "package_year": spec.year}))
            continue
        for path in paths:
            checked.diagnostics.append(Diagnostic(codes.G002_YEAR, checked.display, mark.line, mark.col,
                                                  {"path": str(path), "year": year, "package_year": spec.year}))


def _check_package(checked: Checked, catalog: Catalog) -> None:
    spec, source = checked.spec, checked.source
    assert isinstance(spec, Package) and source is not None and checked.kind is not None
    roots, problems = package_folders(spec, checked.path, source)
    checked.roots = roots
    checked.diagnostics += problems
    members, problems = resolve_members(spec, checked.path, source, roots)
    checked.diagnostics += problems
    other_years: list[tuple[Path, int]] = []
    for path in members:
        member = check_file(path, catalog, str(path))
        checked.diagnostics += member.diagnostics
        if isinstance(member.spec, Package):
            mark = source.value(("projects",))
            checked.diagnostics.append(Diagnostic(codes.G004_NESTED, checked.display, mark.line, mark.col, {"path": str(path)}))
            continue
        if member.spec is not None and member.spec.year != spec.year:
            other_years.append((path, member.spec.year))
        checked.members.append(member)
    _check_member_years(checked, other_years)
    _check_table_numbers(checked)
    tableset = checked.kind.tableset
    if spec.financial and tableset is None:
        mark = source.key(("financial",))
        checked.diagnostics.append(Diagnostic(codes.G003_NO_TABLESET, checked.display, mark.line, mark.col,
                                              {"layout": checked.family.title if checked.family else spec.layout}))
    elif tableset is not None:
        for table_id, file in spec.financial.items():
            mark = source.key(("financial", table_id))
            if table_id not in tableset.tables:
                checked.diagnostics.append(Diagnostic(codes.G003_UNKNOWN_TABLE, checked.display, mark.line, mark.col,
                                                      {"id": table_id, "tableset": tableset.title, "choices": list(tableset.tables)}))
                continue
            csv_path, problem = locate(file, checked.path, roots, source, ("financial", table_id), codes.G001_NO_TABLE_FILE)
            if csv_path is None:
                if problem is not None:
                    checked.diagnostics.append(problem)
                continue
            table, problems = read_csv(csv_path, str(csv_path))
            checked.diagnostics += problems
            if table is not None:
                checked.financial[table_id] = table
        if checked.financial:
            subjects, problems = catalog.subjects_result(spec.year)
            checked.diagnostics += problems
            checked.diagnostics += check_financial(tableset, checked.financial, subjects)
    checked.diagnostics += _check_parts(checked)
    if not any(d.is_error for d in checked.diagnostics) and all(m.ok for m in checked.members):
        found: list[Mismatch] = []
        try:  # a narrative that fails when built fails when checked: validate refuses what build refuses
            _narratives(checked, catalog, public=False, found=found)
        except NarrativeError as exc:
            checked.diagnostics.append(exc.diagnostic)
        for m in found:  # the source's figure, recorded in facts, is not what the data give
            mark = source.value(("facts", m.fact))
            checked.diagnostics.append(Diagnostic(codes.G022_PRINTED, checked.display, mark.line, mark.col,
                                                  {"fact": m.fact, "printed": m.printed, "computed": m.computed}))


NUMBER = "{n}"


def _check_parts(checked: Checked) -> list[Diagnostic]:
    """``parts`` places only narratives and tables the package has, each once; ``numbered`` has {n} (G008)."""
    spec, source = checked.spec, checked.source
    assert isinstance(spec, Package) and source is not None
    found: list[Diagnostic] = []
    if spec.numbered is not None and NUMBER not in spec.numbered:
        mark = source.value(("numbered",))
        found.append(Diagnostic(codes.G008_NUMBERED, checked.display, mark.line, mark.col, {"placeholder": NUMBER, "example": NUMBER + ". "}))
    titles = [n.title for n in spec.narratives]
    seen: set[tuple[str, str]] = set()
    for i, part in enumerate(spec.parts):
        if not isinstance(part, PartRef):
            continue
        mark = source.value(("parts", i))
        if (part.narrative is None) == (part.financial is None):
            found.append(Diagnostic(codes.G008_REF, checked.display, mark.line, mark.col, {}))
            continue
        if part.narrative is not None:
            key, name = ("narrative", part.narrative), part.narrative
            if part.narrative not in titles:
                found.append(Diagnostic(codes.G008_NARRATIVE, checked.display, mark.line, mark.col, {"title": part.narrative, "choices": titles}))
                continue
        else:
            assert part.financial is not None
            key, name = ("financial", part.financial), part.financial
            if part.financial not in spec.financial:
                found.append(Diagnostic(codes.G008_TABLE, checked.display, mark.line, mark.col, {"id": part.financial, "choices": list(spec.financial)}))
                continue
        if key in seen:
            found.append(Diagnostic(codes.G008_TWICE, checked.display, mark.line, mark.col, {"name": name}))
        seen.add(key)
    return found


def _check_table_numbers(checked: Checked) -> None:
    """A member that writes its own table number must agree with the package's numbering (G007)."""
    spec = checked.spec
    assert isinstance(spec, Package)
    members = [m.spec if isinstance(m.spec, (Project, Department)) else None for m in checked.members]
    for member, expected in zip(checked.members, table_numbers(spec, members)):
        own = getattr(member.spec, "table_number", None)
        if expected is None or own is None or member.source is None or same_table_number(own, expected):
            continue
        mark = member.source.value(("table_number",))
        checked.diagnostics.append(Diagnostic(codes.G007_TABLE_NUMBER, member.display, mark.line, mark.col,
                                              {"value": own, "expected": expected, "package": checked.display}))


def numbered_members(checked: Checked) -> list[Checked]:
    """The package's members, each spec carrying the table number the package gives it."""
    spec = checked.spec
    assert isinstance(spec, Package)
    members = [m.spec if isinstance(m.spec, (Project, Department)) else None for m in checked.members]
    out = []
    for member, number in zip(checked.members, table_numbers(spec, members)):
        if number is not None and isinstance(member.spec, (Project, Department)):
            member = replace(member, spec=member.spec.model_copy(update={"table_number": number}))
        out.append(member)
    return out


def _sorted(checked: Checked) -> Checked:
    unique = {(d.file, d.line, d.col, d.code, d.msgid, repr(sorted(d.params.items(), key=lambda kv: kv[0]))): d for d in checked.diagnostics}
    checked.diagnostics = sorted(unique.values(), key=Diagnostic.sort_key)
    return checked


# --- layout --------------------------------------------------------------------------------------

def renders(form_shows: str, spec: Project | Department) -> bool:
    """Does a form print for this spec?  A spec with results has its self-evaluation table; one
    with results but no funds block is a self-evaluation only (as seed 001's are)."""
    if form_shows == "evaluation":
        return spec.evaluation is not None
    return renders_target_table(spec)


def spec_tables(checked: Checked, public: bool = False) -> list[Table]:
    """The tables a checked project or department spec prints, internal or public.

    The public version is laid out from the redacted spec, so withheld content never reaches a
    table; the internal version carries a visible marker when the spec withholds anything.
    """
    spec, kind = checked.spec, checked.kind
    assert isinstance(spec, (Project, Department)) and kind is not None
    shown = redact(spec, kind.scheme) if public else spec
    note = withheld_note(spec) if public else ""
    view = SpecView(shown, kind.scoring)
    tables = []
    for form in kind.forms:
        if not renders(form.shows, spec) or (form.shows == "evaluation" and kind.scoring is None):
            continue
        table = lay_out(form, view, kind.scheme)
        if not public and has_withheld(spec):
            table = replace(table, marker=INTERNAL_MARKER)
        if note:
            table = replace(table, notes=table.notes + (note,))
        tables.append(table)
    return tables


def tables_for(spec: Project | Department, catalog: Catalog, public: bool = False) -> list[Table]:
    """The tables of a spec model built in code, not read from a file (tests, benchmarks, an
    editor's preview): its layout is resolved here, and no checks run.  A spec file goes through
    :func:`check_file` and :func:`spec_tables` instead."""
    name, _ = catalog.resolve_family_name(spec.layout)
    family = catalog.family(name) if name else None
    kind = family.kinds.get(spec.kind) if family else None
    if kind is None:
        raise ValueError(f"no {spec.kind} forms in layout {spec.layout!r}")
    return spec_tables(Checked(Path("spec.yaml"), "spec.yaml", spec, None, family, kind), public)


def spec_title(spec: Project | Department) -> str:
    return spec.name if isinstance(spec, Project) else spec.department


def public_stem(spec: Project | Department, path: Path) -> str | None:
    """A neutral file name for a project whose name is withheld: 依法不公开项目-1a2b3c4d.

    Always, not only when the file name visibly contains the project name: a near-miss spelling
    (看守所围墙抢修 for 看守所围墙倒塌抢修) or a folder name would still give it away.  The suffix
    is taken from the spec file's bytes, so the same spec gets the same name whatever else is
    rendered with it, and two specs never share one.
    """
    if isinstance(spec, Project) and withheld_parts(spec) & {"all", "name"}:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        except OSError:
            digest = hashlib.sha256(str(path).encode()).hexdigest()[:8]
        return f"依法不公开项目-{digest}"
    return None


def spec_documents(checked: Checked, stem: str, public: bool = False) -> list[Document]:
    """One document per table of the spec: ``{stem}.{table name}``."""
    spec = checked.spec
    assert isinstance(spec, (Project, Department))
    shown_title = spec_title(redact(spec, checked.kind.scheme) if public and checked.kind else spec)
    out = []
    for table in spec_tables(checked, public):
        name = f"{stem}.{file_component(table.name)}"
        out.append(Document(name=name, title=f"{shown_title} {table.title}".strip(), tables=(table,)))
    return out


def _narratives(checked: Checked, catalog: Catalog, public: bool, found: list[Mismatch] | None = None):
    spec = checked.spec
    assert isinstance(spec, Package)
    folders = [*(checked.roots or [checked.path.parent]), *catalog.narrative_folders()]
    financial = {tid: t.rows for tid, t in checked.financial.items()}
    members = [m.member() for m in checked.members if isinstance(m.spec, (Project, Department)) and m.kind is not None]
    return render_narratives(spec, folders, financial, members, public=public, found=found)


def package_document(checked: Checked, catalog: Catalog, public: bool = False) -> Document:
    """The whole package as one document: cover, contents, financial tables, narratives, members."""
    spec = checked.spec
    assert isinstance(spec, Package) and checked.kind is not None
    blocks: dict[str, list[Part]] = {"financial": [], "narratives": [], "department": [], "projects": []}
    named: dict[tuple[str, str], list[Part]] = {}  # each narrative and table, for parts that place one on its own
    tableset = checked.kind.tableset
    facts = {k: v for k, v in spec.facts.items() if v is not None}
    if tableset is not None:
        for table_id, financial in tableset.tables.items():
            if table_id in checked.financial:
                view = SpecView(FinancialTable(spec.name, spec.year, checked.financial[table_id].rows, facts))
                laid = lay_out(financial.form, view)
                blocks["financial"].append(laid)
                named[("financial", table_id)] = [laid]
    for narrative, section in zip(spec.narratives, _narratives(checked, catalog, public)):
        blocks["narratives"].append(section)
        named.setdefault(("narrative", narrative.title), []).append(section)
    number = 0
    for member in numbered_members(checked):
        if not isinstance(member.spec, (Project, Department)) or member.kind is None:
            continue
        shown = redact(member.spec, member.kind.scheme) if public else member.spec
        owner = spec_title(shown)
        project = isinstance(member.spec, Project)
        number += project
        for table in spec_tables(member, public):
            # in a package, a member's table is known by its project: bookmarks, contents, sheets
            table = replace(table, name=f"{owner}·{table.name}")
            if project and spec.numbered is not None:  # 「1. 某某项目绩效目标表」: the package's numbering
                table = replace(table, title=spec.numbered.replace(NUMBER, str(number)) + table.title)
            blocks["projects" if project else "department"].append(table)
    return compose(spec, checked.path.stem, blocks, named)


# --- writing -------------------------------------------------------------------------------------

@dataclass
class Output:
    """One file to write: its bytes, and the writer's notices about it."""

    target: Path
    data: bytes
    notices: list[Notice]

    def diagnostics(self) -> list[Diagnostic]:
        """The writer's notices as diagnostics at this file."""
        return [n.at(self.target) for n in self.notices]


def render_file(document: Document, fmt: str, target: Path, options: WriterOptions = WriterOptions()) -> Output:
    """``document`` in format ``fmt``, in memory: nothing is written yet."""
    data, notices = WRITERS[fmt].render(document, options)
    return Output(target, data, notices)


def write(outputs: list[Output]) -> list[Diagnostic]:
    """Write a set of files, all or none (``render.output.write_all``); the writers' notices.

    Raises ``render.output.WriteError`` naming the file that could not be written.
    """
    write_all([(o.target, o.data) for o in outputs])
    return [d for o in outputs for d in o.diagnostics()]


# --- files on the command line -------------------------------------------------------------------

def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool, Path | None]]:
    """Spec files named on the command line: files as given, folders searched for *.yaml/*.yml.

    Yields (path, named, base): ``named`` is True for a path the user typed (a missing one is an
    error), False for files found inside a folder; ``base`` is the folder given, if any.
    Folders are walked in sorted order, hidden ones skipped.
    """
    for raw in paths:
        p = Path(raw)
        if is_dir(p):
            found: list[Path] = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    Path(root) / f for f in files
                    if f.lower().endswith(SPEC_SUFFIXES) and not f.startswith(".") and is_file(Path(root) / f)
                )
            for f in sorted(found):
                yield f, False, p
        else:
            yield p, True, None


__all__ = ["Checked", "check_file", "check_text", "spec_tables", "spec_documents", "package_document", "render_file", "write",
           "expand_paths", "public_stem", "LayoutError"]
