"""The template data under ``templates/``: layout families, forms, indicator schemes, table sets.

A :class:`Catalog` looks names up in a list of folders, first to last: a bureau's own folders
(``--templates DIR`` and the ``DOCGEN_TEMPLATES`` environment variable, ``os.pathsep``-separated)
before the folder shipped with docgen, so a bureau adds or replaces a form, a family or a scheme by
putting a file of the same name in its own folder.  Names are compared normalised
(:func:`normalize_name`: case, full-width letters, spaces at the ends), and the first folder that
has a file of a name wins however the file spells it; two such files in one folder are refused
(D009).  Files are read once and checked when read;
every problem becomes a diagnostic at the file's own line (``catalog.diagnostics``), and a broken
file is never used half-read.
"""

from __future__ import annotations

import csv
import difflib
import os
import site
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import codes
from ..diagnostics import N_, Choice, Diagnostic
from ..paths import is_dir
from .datafile import DataFile, Node
from .families import Family, FamilyRef, KindLayout, read_family
from .forms import Form, read_form
from .names import normalize_id, normalize_name
from .schemes import IndicatorScheme, read_scheme
from .tablesets import TableSet, read_tableset

FOLDERS = {"layouts": N_("layout family"), "forms": N_("form"), "schemes": N_("indicator scheme"), "tablesets": N_("table set")}

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


@dataclass
class Catalog:
    """Template folders, first to last; what was read from them; the problems found."""

    folders: list[Path]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _cache: dict[tuple[str, str], object] = field(default_factory=dict)
    _indexes: dict[tuple[str, str], dict[str, Entry]] = field(default_factory=dict)

    @classmethod
    def default(cls, extra: list[Path] | None = None) -> Catalog:
        """``extra`` folders, then $DOCGEN_TEMPLATES, then the shipped templates."""
        folders = list(extra or [])
        for entry in (os.environ.get("DOCGEN_TEMPLATES") or "").split(os.pathsep):
            if entry.strip():
                folders.append(Path(entry.strip()))
        shipped = shipped_templates()
        if shipped is not None:
            folders.append(shipped)
        return cls(folders)

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

    def _read(self, folder: str, name: str, reader, at: Node | None = None):
        key = (folder, normalize_id(name))
        if key not in self._cache:
            entry = self._index(folder).get(key[1])
            if entry is not None and entry.same:  # two files of one folder for one name: neither is used
                self._cache[key] = None
                self.diagnostics.extend(Diagnostic(codes.D009_SAME_NAME, str(other), 1, 1, {"first": str(entry.path), "name": entry.name})
                                        for other in entry.same)
                return None
            if entry is None:
                self._cache[key] = None
                places = [str(base / folder) for base in self.folders]
                if at is not None:
                    at.report(codes.D006_NOT_FOUND, what=Choice(FOLDERS[folder]), name=name, places=places)
                    self.diagnostics.extend(d for d in at.file.diagnostics if d not in self.diagnostics)
                return None
            file = DataFile.read(entry.path)
            value = reader(file, entry.name)
            self.diagnostics.extend(file.diagnostics)
            self._cache[key] = value
        return self._cache[key]

    # -- the objects ----------------------------------------------------------------------------

    def family_names(self) -> list[str]:
        """The layout families, by file name (each once)."""
        return self.names("layouts")

    def resolve_family_name(self, typed: str) -> tuple[str | None, str | None]:
        """(the family's name, None) for a layout name as typed, or (None, the closest name)."""
        entry = self._index("layouts").get(normalize_id(typed))
        if entry is not None:
            return entry.name, None
        close = difflib.get_close_matches(normalize_name(typed), self.family_names(), n=1, cutoff=0.4)
        return None, close[0] if close else None

    def scheme(self, name: str, at: Node | None = None) -> IndicatorScheme | None:
        """The indicator scheme ``name`` (None when missing or broken; ``at`` is where it is named)."""
        return self._read("schemes", name, read_scheme, at)

    def form(self, form_id: str, at: Node | None = None) -> Form | None:
        """The form ``FAMILY/NAME`` (None when missing or broken; ``at`` is where it is named)."""
        return self._read("forms", form_id, read_form, at)

    def tableset(self, name: str, at: Node | None = None) -> TableSet | None:
        """The financial table set ``name`` (None when missing or broken)."""
        return self._read("tablesets", name, lambda file, n: read_tableset(file, n, self), at)

    def family(self, name: str) -> Family | None:
        """The family with its scheme, forms and table set resolved (None when any part is broken)."""
        key = ("family", name)
        if key in self._cache:
            return self._cache[key]  # type: ignore[return-value]
        ref: FamilyRef | None = self._read("layouts", name, read_family)
        family = None
        if ref is not None:
            kinds: dict[str, KindLayout] = {}
            broken = False
            for kind, k in ref.kinds.items():
                scheme = self.scheme(k.scheme, k.scheme_node) if k.scheme else None
                forms = []
                for form_id, node in k.forms:
                    form = self.form(form_id, node)
                    if form is None:
                        broken = True
                        continue
                    if form.kind != kind:
                        node.report(codes.D006_KIND, name=form_id, form_kind=form.kind, kind=kind)
                        self.diagnostics.extend(d for d in node.file.diagnostics if d not in self.diagnostics)
                        broken = True
                    forms.append(form)
                tableset = self.tableset(k.tableset[0], k.tableset[1]) if k.tableset else None
                if (k.scheme and scheme is None) or (k.tableset and tableset is None):
                    broken = True
                kinds[kind] = KindLayout(kind, scheme, tuple(forms), k.operators_required, k.scoring, tableset)
            if not broken:
                family = Family(ref.name, ref.title, ref.path, kinds)
        self._cache[key] = family
        return family

    def subjects(self, year: int) -> dict[str, str]:
        """科目代码 → 科目名称 of the 政府收支分类科目 of ``year`` (the closest year the folders have)."""
        years = {n: e for n, e in self._index("subjects", ".csv").items() if n.isascii() and n.isdigit()}
        if not years:
            return {}
        best = min(years, key=lambda n: (abs(int(n) - year), -int(n)))
        path = years[best].path
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return {row["科目代码"].strip(): row["科目名称"].strip() for row in csv.DictReader(fh) if row.get("科目代码")}

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
