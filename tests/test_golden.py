"""Every example in specs/ lays out exactly as the saved table trees in tests/data/golden/.

Most saved trees were written by the layouts before they became data (Python modules, one per
region), and the forms under templates/forms/ reproduce them cell by cell — text, spans, roles,
alignment, numbers and their Excel formats — internal and public.  Trees of examples added since
(武汉 10-3 … 10-6) were written by the forms and checked by eye against the seed.  When a form is
changed on purpose, regenerate with ``python tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from docgen.catalog import Catalog
from docgen.model.spec import Package
from docgen.pipeline import check_file, package_document, spec_documents
from golden import document_json, dumps

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
GOLDEN = ROOT / "tests" / "data" / "golden"
EXAMPLES = sorted(SPECS.rglob("*.yaml"))


def laid_out(path: Path, public: bool) -> str:
    catalog = Catalog.default()
    checked = check_file(path, catalog)
    assert checked.ok, [d.format("en") for d in checked.errors]
    if isinstance(checked.spec, Package):
        return dumps(document_json(package_document(checked, catalog, public)))
    docs = spec_documents(checked, path.stem, public)
    return dumps([document_json(d, name=not public) for d in docs])


def golden_name(path: Path, public: bool) -> str:
    return str(path.relative_to(SPECS).with_suffix("")).replace("/", "__") + (".public" if public else "") + ".json"


def expected(path: Path, public: bool) -> str:
    """The saved tree; a spec whose public version is the same as its internal one has no .public file."""
    saved = GOLDEN / golden_name(path, public)
    if saved.exists() or not public:
        return saved.read_text(encoding="utf-8")
    internal = json.loads(expected(path, False))
    if isinstance(internal, dict):  # a package always has both files
        return saved.read_text(encoding="utf-8")
    for document in internal:
        document["document"] = None
    return dumps(internal)


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(p.relative_to(SPECS)) for p in EXAMPLES])
def test_example_lays_out_as_saved(path):
    assert laid_out(path, public=False) == expected(path, False)
    assert laid_out(path, public=True) == expected(path, True)


def test_every_example_has_a_saved_tree():
    saved = {p.name for p in GOLDEN.glob("*.json")}
    assert {golden_name(p, False) for p in EXAMPLES} <= saved


if __name__ == "__main__":  # regenerate after a deliberate change of a form
    for path in EXAMPLES:
        internal, public = laid_out(path, False), laid_out(path, True)
        (GOLDEN / golden_name(path, False)).write_text(internal, encoding="utf-8")
        target = GOLDEN / golden_name(path, True)
        target.unlink(missing_ok=True)
        if isinstance(json.loads(internal), dict) or public != expected(path, True):
            target.write_text(public, encoding="utf-8")
