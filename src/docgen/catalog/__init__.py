"""The template data under ``templates/``: layout families, forms, indicator schemes, table sets.

A :class:`Catalog` looks names up in a list of folders, first to last: a bureau's own folders
(``--templates DIR`` and the ``DOCGEN_TEMPLATES`` environment variable, ``os.pathsep``-separated)
before the folder shipped with docgen, so a bureau adds or replaces a form, a family or a scheme by
putting a file of the same name in its own folder.  Files are read once and checked when read;
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
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import codes
from ..diagnostics import N_, Choice, Diagnostic
from .datafile import DataFile, Node
from .families import Family, FamilyRef, KindLayout, read_family
from .forms import Form, read_form
from .schemes import IndicatorScheme, read_scheme
from .tablesets import TableSet, read_tableset

FOLDERS = {"layouts": N_("layout family"), "forms": N_("form"), "schemes": N_("indicator scheme"), "tablesets": N_("table set")}


def shipped_templates() -> Path | None:
    """The folder shipped with docgen: the source checkout, or the installed ``share/docgen``."""
    candidates = [Path(__file__).resolve().parents[3] / "templates"]  # source checkout / editable install
    # a regular install puts data files under the prefix of its scheme: the venv or system prefix,
    # the user base (pip install --user), or /usr/local (Debian's system Python)
    prefixes = [sys.prefix, site.getuserbase(), sysconfig.get_path("data"), "/usr/local"]
    for prefix in dict.fromkeys(p for p in prefixes if p):
        candidates.append(Path(prefix) / "share" / "docgen" / "templates")
    return next((c for c in candidates if (c / "layouts").is_dir()), None)


def normalize_name(name: str) -> str:
    """A layout name as typed: spaces at the ends and full-width letters do not matter (「henan 」, 「ｈｅｎａｎ」)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


@dataclass
class Catalog:
    """Template folders, first to last; what was read from them; the problems found."""

    folders: list[Path]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _cache: dict[tuple[str, str], object] = field(default_factory=dict)

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

    def find(self, folder: str, name: str, suffix: str = ".yaml") -> Path | None:
        """The first folder's file ``folder/name+suffix``, or None."""
        for base in self.folders:
            path = base / folder / f"{name}{suffix}"
            if path.is_file():
                return path
        return None

    def names(self, folder: str, suffix: str = ".yaml") -> list[str]:
        """Every name in ``folder`` across the template folders (a bureau's and the shipped ones)."""
        found: set[str] = set()
        for base in self.folders:
            directory = base / folder
            if directory.is_dir():
                found |= {p.name[: -len(suffix)] for p in directory.glob(f"*{suffix}") if p.is_file() and not p.name.startswith(".")}
        return sorted(found)

    def _read(self, folder: str, name: str, reader, at: Node | None = None):
        key = (folder, name)
        if key not in self._cache:
            path = self.find(folder, name)
            if path is None:
                self._cache[key] = None
                places = [str(base / folder) for base in self.folders]
                if at is not None:
                    at.report(codes.D006_NOT_FOUND, what=Choice(FOLDERS[folder]), name=name, places=places)
                    self.diagnostics.extend(d for d in at.file.diagnostics if d not in self.diagnostics)
                return None
            file = DataFile.read(path)
            value = reader(file, name)
            self.diagnostics.extend(file.diagnostics)
            self._cache[key] = value
        return self._cache[key]

    # -- the objects ----------------------------------------------------------------------------

    def family_names(self) -> list[str]:
        """The layout families, by file name."""
        return self.names("layouts")

    def resolve_family_name(self, typed: str) -> tuple[str | None, str | None]:
        """(the family's name, None) for a layout name as typed, or (None, the closest name)."""
        names = self.family_names()
        key = normalize_name(typed)
        for name in names:
            if normalize_name(name) == key:
                return name, None
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.4)
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
        names = [n for n in self.names("subjects", ".csv") if n.isdigit()]
        if not names:
            return {}
        best = min(names, key=lambda n: (abs(int(n) - year), -int(n)))
        path = self.find("subjects", best, ".csv")
        assert path is not None
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return {row["科目代码"].strip(): row["科目名称"].strip() for row in csv.DictReader(fh) if row.get("科目代码")}

    def narrative_folders(self) -> list[Path]:
        """The ``narratives`` folders of the template folders, in search order."""
        return [base / "narratives" for base in self.folders if (base / "narratives").is_dir()]
