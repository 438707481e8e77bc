"""The validation pipeline: load → model → check, for one file or many."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import check  # noqa: F401  (registers the rules)
from .check.framework import Context, run_rules
from .diagnostics import N_, Diagnostic
from .load.yamlload import Loaded, load_file
from .model.build import build_spec
from .model.spec import Department, Package, Project
from .schemes.registry import layouts, scheme

SPEC_SUFFIXES = (".yaml", ".yml")


@dataclass
class Result:
    file: str
    spec: Project | Department | Package | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return self.spec is not None and not self.errors


def validate_loaded(loaded: Loaded) -> Result:
    result = Result(loaded.file, diagnostics=list(loaded.diagnostics))
    if loaded.data is None or any(d.is_error for d in loaded.diagnostics):
        return _sorted(result)
    built = build_spec(loaded)
    result.diagnostics.extend(built.diagnostics)
    spec = built.spec
    if spec is None:
        return _sorted(result)
    families = layouts()
    layout = families.get(spec.layout.strip())
    if layout is None:
        mark = built.source.value(("layout",))
        close = difflib.get_close_matches(spec.layout.strip(), list(families), n=1, cutoff=0.4)
        if close:
            msgid = N_("unknown layout “{value}”: did you mean “{suggestion}”? (layouts: {choices}; see `docgen layouts`)")
        else:
            msgid = N_("unknown layout “{value}” (layouts: {choices}; see `docgen layouts`)")
        result.diagnostics.append(Diagnostic("S009", loaded.file, mark.line, mark.col, msgid, {"value": spec.layout, "suggestion": close[0] if close else "", "choices": sorted(families)}))
        return _sorted(result)
    if isinstance(spec, Package):
        from .package import load_package

        result.diagnostics.extend(load_package(Path(loaded.file), spec, built.source, with_members=False).diagnostics)
        result.spec = spec
        return _sorted(result)
    kind_layout = layout.kinds.get(spec.kind)
    if kind_layout is None:
        mark = built.source.value(("kind",))
        result.diagnostics.append(Diagnostic("S010", loaded.file, mark.line, mark.col, N_("the {layout} layout has no table for kind “{kind}” (it has: {kinds})"), {"layout": layout.title, "kind": spec.kind, "kinds": sorted(layout.kinds)}))
        return _sorted(result)
    ctx = Context(spec, built.source, layout, kind_layout, scheme(kind_layout.scheme))
    result.diagnostics.extend(run_rules(ctx))
    result.spec = spec
    return _sorted(result)


def validate_file(path: str | Path, display: str | None = None) -> Result:
    return validate_loaded(load_file(path, display))


def _sorted(result: Result) -> Result:
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    """Spec files named on the command line: files as given, folders searched for *.yaml/*.yml.

    Yields (path, named): ``named`` is True for a path the user typed (a missing one is an error),
    False for files found inside a folder.  Folders are walked in sorted order, hidden ones skipped.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    Path(root) / f for f in files
                    if f.lower().endswith(SPEC_SUFFIXES) and not f.startswith(".") and (Path(root) / f).is_file()
                )
            for f in sorted(found):
                yield f, False
        else:
            yield p, True
