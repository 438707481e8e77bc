"""The template data under ``templates/``: layout families, forms, indicator schemes, table sets.

A :class:`Catalog` looks names up in a list of folders, first to last: a bureau's own folders
(``--templates DIR`` and the ``DOCGEN_TEMPLATES`` environment variable, ``os.pathsep``-separated)
before the folder shipped with docgen, so a bureau adds or replaces a form, a family or a scheme by
putting a file of the same name in its own folder.  Names are compared normalised
(:func:`normalize_name`: case, full-width letters, spaces at the ends), and the first folder that
has a file of a name wins however the file spells it; two such files in one folder are refused
(D009).  Files are read once and checked when read; every problem becomes a diagnostic at the
file's own line (``catalog.diagnostics``), and a broken file is never used half-read.  What a
lookup gave is kept together with its problems (and those of every file it names), so each spec
that needs a broken file is told why, not only the first.
"""

from __future__ import annotations

import difflib
import os
import site
import sys
import sysconfig
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import codes
from ..diagnostics import N_, Choice, Diagnostic
from ..paths import is_dir
from .datafile import DataFile, Node
from .families import Family, KindLayout, read_family
from .forms import Form, read_form
from .names import normalize_id, normalize_name
from .schemes import IndicatorScheme, read_scheme
from .subjects import read_subjects
from .tablesets import TableSet, read_tableset

FOLDERS = {"layouts": N_("layout family"), "forms": N_("form"), "schemes": N_("indicator scheme"), "tablesets": N_("table set")}
PARTS = ("layouts", "forms", "schemes", "tablesets", "subjects", "narratives")  # what a template folder may hold

__all__ = ["Catalog", "Entry", "normalize_name", "normalize_id", "shipped_templates"]


def shipped_templates() -> Path | None:
    """The folder shipped with docgen: the source checkout, or the installed ``share/docgen``."""
    candidates = [Path(__file__).resolve().parents[3] / "templates"]  # source checkout / editable install
    # a regular install puts data files under the prefix of its scheme: the venv or system prefix,
    # the user base (pip install --user), or /usr/local (Debian's system Python)
    prefixes = [sys.prefix, site.getuserbase(), sysconfig.get_path("data"), "/usr/local"]
    for prefix in dict.fromkeys(p for p in prefixes if p):
        candidates.append(Path(prefix) / "share" / "docgen" / "templates")
    return next((c for c in candidates if (c / "layouts").is_dir()), None)


@dataclass(frozen=True)
class Entry:
    """The file a template name stands for: the first folder's, whatever the spelling of its name."""

    name: str  # the file's own name, without the suffix (``FAMILY/NAME`` for a form)
    path: Path
    same: tuple[Path, ...] = ()  # other files of the same folder whose names mean the same name


@dataclass(frozen=True)
class Result:
    """What looking a name up gave: the object (None when missing or broken) and the problems found."""

    value: object
    found: bool
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass
class Catalog:
    """Template folders, first to last; what was read from them; the problems found."""

    folders: list[Path]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _cache: dict[tuple[str, str], Result] = field(default_factory=dict)
    _indexes: dict[tuple[str, str], dict[str, Entry]] = field(default_factory=dict)
    _reading: list[list[Diagnostic]] = field(default_factory=list)  # the problems of the lookups under way

    @classmethod
    def default(cls, extra: list[Path] | None = None) -> Catalog:
        """``extra`` folders, then $DOCGEN_TEMPLATES, then the shipped templates.

        An entry of $DOCGEN_TEMPLATES that is not a folder is skipped with a warning (D010); the
        command line refuses a ``--templates`` folder that does not exist before it gets here."""
        folders = list(extra or [])
        problems = []
        for entry in (os.environ.get("DOCGEN_TEMPLATES") or "").split(os.pathsep):
            if entry.strip():
                folder = Path(entry.strip())
                if is_dir(folder):
                    folders.append(folder)
                else:
                    problems.append(Diagnostic(codes.D010_NO_FOLDER, str(folder), 1, 1, {"path": str(folder)}))
        for folder in folders:
            if is_dir(folder) and not any(is_dir(folder / part) for part in PARTS):
                problems.append(Diagnostic(codes.D010_EMPTY, str(folder), 1, 1, {"path": str(folder), "parts": [f"{p}/" for p in PARTS]}))
        shipped = shipped_templates()
        if shipped is not None:
            folders.append(shipped)
        catalog = cls(folders)
        catalog._note(problems)
        return catalog

    # -- files ----------------------------------------------------------------------------------

    def _index(self, folder: str, suffix: str = ".yaml") -> dict[str, Entry]:
        """Normalised name → the file it stands for.  A name is taken from the first template folder
        that has a file of that name, however the file spells it; files of one folder whose names
        normalise alike are kept together (a collision, D009, reported when the name is used)."""
        key = (folder, suffix)
        if key not in self._indexes:
            index: dict[str, Entry] = {}
            for base in self.folders:
                found: dict[str, list[tuple[str, Path]]] = {}
                for name, path in _files(base / folder, suffix, recursive=folder == "forms"):
                    found.setdefault(normalize_id(name), []).append((name, path))
                for normal, files in found.items():
                    if normal not in index:  # an earlier folder's file of this name comes first
                        files.sort(key=lambda f: f[1].as_posix())
                        (name, path), *others = files
                        index[normal] = Entry(name, path, tuple(p for _, p in others))
            self._indexes[key] = index
        return self._indexes[key]

    def find(self, folder: str, name: str, suffix: str = ".yaml") -> Path | None:
        """The file the name ``folder/name+suffix`` stands for (the first folder's), or None."""
        entry = self._index(folder, suffix).get(normalize_id(name))
        return entry.path if entry is not None else None

    def names(self, folder: str, suffix: str = ".yaml") -> list[str]:
        """Every name in ``folder`` across the template folders, once each, as its file spells it."""
        return sorted(entry.name for entry in self._index(folder, suffix).values())

    def _note(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        """Record problems for the whole run and for the lookups under way (each once)."""
        for d in diagnostics:
            if d not in self.diagnostics:
                self.diagnostics.append(d)
            for reading in self._reading:
                if d not in reading:
                    reading.append(d)

    def _lookup(self, key: tuple[str, str], load: Callable[[], tuple[object, bool, list[Diagnostic]]]) -> Result:
        """The cached result of ``load`` (the object, whether the file was found, its problems), with
        the problems of every lookup made while loading it: a form's problems are its family's too."""
        if key not in self._cache:
            self._reading.append([])
            try:
                value, found, own = load()
            finally:
                nested = self._reading.pop()
            problems: list[Diagnostic] = []
            for d in [*own, *nested]:
                if d not in problems:
                    problems.append(d)
            self._cache[key] = Result(value, found, tuple(problems))
        result = self._cache[key]
        self._note(result.diagnostics)
        return result

    def _read(self, folder: str, name: str, reader: Callable[[DataFile, str], Any], at: Node | None = None) -> tuple[Any, list[Diagnostic]]:
        """The object in the file ``name`` stands for, and every problem that makes it unusable.

        Both are cached: whoever asks for a broken file again gets its problems again.  A missing
        file is reported (D006) at each place ``at`` that names it."""

        def load() -> tuple[object, bool, list[Diagnostic]]:
            entry = self._index(folder).get(normalize_id(name))
            if entry is None:
                return None, False, []
            if entry.same:
                return None, True, [Diagnostic(codes.D009_SAME_NAME, str(other), 1, 1, {"first": str(entry.path), "name": entry.name})
                                    for other in entry.same]
            file = DataFile.read(entry.path)
            self._note(file.warnings)
            value = reader(file, entry.name)
            problems = list(file.diagnostics)
            if value is None and not any(d.is_error for d in problems):  # never refused without a word
                problems.append(Diagnostic(codes.D001_UNREADABLE, str(entry.path), 1, 1, {"problem": Choice(N_("it holds nothing docgen can use"))}))
            return value, True, problems

        result = self._lookup((folder, normalize_id(name)), load)
        problems = list(result.diagnostics)
        if not result.found and at is not None:
            places = [str(base / folder) for base in self.folders]
            at.report(codes.D006_NOT_FOUND, what=Choice(FOLDERS[folder]), name=name, places=places)
            missing = at.file.diagnostics[-1]
            problems.append(missing)
            self._note([missing])
        return result.value, problems

    # -- the objects ----------------------------------------------------------------------------

    def family_names(self) -> list[str]:
        """The layout families, by file name (each once)."""
        return self.names("layouts")

    def resolve_family_name(self, typed: str) -> tuple[str | None, str | None]:
        """(the family's name, None) for a layout name as typed, or (None, the closest name)."""
        entry = self._index("layouts").get(normalize_id(typed))
        if entry is not None:
            return entry.name, None
        names = self.family_names()
        close = difflib.get_close_matches(normalize_name(typed), names, n=1, cutoff=0.4)
        return None, close[0] if close else None

    def scheme(self, name: str, at: Node | None = None) -> IndicatorScheme | None:
        """The indicator scheme ``name`` (None when missing or broken; ``at`` is where it is named)."""
        return self._read("schemes", name, read_scheme, at)[0]

    def form(self, form_id: str, at: Node | None = None) -> Form | None:
        """The form ``FAMILY/NAME`` (None when missing or broken; ``at`` is where it is named)."""
        return self._read("forms", form_id, read_form, at)[0]

    def tableset(self, name: str, at: Node | None = None) -> TableSet | None:
        """The financial table set ``name`` (None when missing or broken)."""
        return self._read("tablesets", name, lambda file, n: read_tableset(file, n, self), at)[0]

    def family(self, name: str) -> Family | None:
        """The family with its scheme, forms and table set resolved (None when any part is broken)."""
        return self.family_result(name)[0]

    def family_result(self, name: str) -> tuple[Family | None, list[Diagnostic]]:
        """The family and the problems of its files (of the layout file and every file it names);
        when the family is None they say why, to every spec that names it."""
        result = self._lookup(("family", normalize_id(name)), lambda: self._load_family(name))
        return result.value, list(result.diagnostics)  # type: ignore[return-value]

    def _load_family(self, name: str) -> tuple[Family | None, bool, list[Diagnostic]]:
        ref, problems = self._read("layouts", name, read_family)
        if ref is None:
            if not problems:  # no such family: nothing to say here (the spec says S009)
                return None, False, []
            return None, True, problems
        kinds: dict[str, KindLayout] = {}
        broken = False
        for kind, k in ref.kinds.items():
            scheme, _ = self._read("schemes", k.scheme, read_scheme, k.scheme_node) if k.scheme else (None, [])
            forms = []
            for form_id, node in k.forms:
                form, _ = self._read("forms", form_id, read_form, node)
                if form is None:
                    broken = True
                    continue
                if form.kind != kind:
                    node.report(codes.D006_KIND, name=form_id, form_kind=form.kind, kind=kind)
                    self._note([node.file.diagnostics[-1]])
                    broken = True
                elif form.shows == "evaluation" and k.scoring is None:
                    # a self-evaluation table without its scoring rules would be left out silently
                    node.report(codes.D003_NO_SCORING, name=form_id, kind=kind)
                    self._note([node.file.diagnostics[-1]])
                    broken = True
                forms.append(form)
            tableset = self.tableset(k.tableset[0], k.tableset[1]) if k.tableset else None
            if (k.scheme and scheme is None) or (k.tableset and tableset is None):
                broken = True
            also = []
            for other, node in k.also:
                alternative, _ = self._read("schemes", other, read_scheme, node)
                if alternative is None:
                    broken = True
                else:
                    also.append(alternative)
            kinds[kind] = KindLayout(kind, scheme, tuple(forms), k.operators_required, k.scoring, tableset, tuple(also))
        family = None if broken else Family(ref.name, ref.title, ref.path, kinds)
        return family, True, problems

    def subjects(self, year: int) -> dict[str, str]:
        """科目代码 → 科目名称 of the 政府收支分类科目 of ``year`` (empty when there is none or it is broken)."""
        return self.subjects_result(year)[0] or {}

    def subjects_result(self, year: int) -> tuple[dict[str, str] | None, list[Diagnostic]]:
        """The 政府收支分类科目 of ``year`` (the closest year the folders have) and the problems of its
        file; None when it cannot be used (the problems say why)."""
        years = {n: e for n, e in self._index("subjects", ".csv").items() if n.isascii() and n.isdigit()}
        if not years:
            return {}, []
        best = min(years, key=lambda n: (abs(int(n) - year), -int(n)))
        entry = years[best]

        def load() -> tuple[object, bool, list[Diagnostic]]:
            if entry.same:
                return None, True, [Diagnostic(codes.D009_SAME_NAME, str(other), 1, 1, {"first": str(entry.path), "name": entry.name})
                                    for other in entry.same]
            table, problems = read_subjects(entry.path)
            return table, True, problems

        result = self._lookup(("subjects", best), load)
        return result.value, list(result.diagnostics)  # type: ignore[return-value]

    def narrative_folders(self) -> list[Path]:
        """The ``narratives`` folders of the template folders, in search order."""
        return [base / "narratives" for base in self.folders if (base / "narratives").is_dir()]


def _files(directory: Path, suffix: str, recursive: bool = False) -> Iterator[tuple[str, Path]]:
    """(name without suffix, path) of the files ending in ``suffix`` in ``directory`` (and, with
    ``recursive``, its sub-folders: ``FAMILY/NAME``); hidden files and folders are left out."""
    if not is_dir(directory):
        return
    paths = directory.rglob(f"*{suffix}") if recursive else directory.glob(f"*{suffix}")
    for path in paths:
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        yield relative.as_posix()[: -len(suffix)], path
