"""The data errors of the real seeds (seed-catalog.md §7) are found, at their lines.

The fixtures in tests/data/seed_errors/, and the seed 001 project tables of specs/anyang-2023/, are
faithful transcriptions that keep the seeds' own mistakes; expected-*.yaml lists, for each, the code
and line the validator must report.  Entries with code SCORING belong to the self-evaluation scoring rules (a later issue) and are skipped.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import DATA, ROOT, diagnostics, run

FOLDER = DATA / "seed_errors"


def located(file: str):
    """An expected entry's spec: a fixture of this folder, or a package member named ``specs/…``
    (the seed's tables that a package prints, kept faithful there)."""
    return ROOT / file if file.startswith("specs/") else FOLDER / file


def _expectations():
    rows = []
    for name in ("expected-anyang.yaml", "expected-others.yaml"):
        rows.extend(yaml.safe_load((FOLDER / name).read_text(encoding="utf-8")))
    return rows


EXPECTED = _expectations()
CHECKABLE = [e for e in EXPECTED if e["code"] != "SCORING"]


@pytest.fixture(scope="module")
def reports():
    cache: dict[str, list[tuple[int, str, str]]] = {}

    def get(file: str):
        if file not in cache:
            result = run("validate", "--lang", "en", str(located(file)))
            assert "Traceback" not in result.output
            cache[file] = diagnostics(result.output)
        return cache[file]

    return get


@pytest.mark.parametrize("entry", CHECKABLE, ids=[f"{e['seed']}-{e['file']}-{e['line']}" for e in CHECKABLE])
def test_seed_error_is_found_at_its_line(entry, reports):
    found = reports(entry["file"])
    assert (int(entry["line"]), entry["code"]) in [(ln, c) for ln, _, c in found], found


def test_at_least_twenty_distinct_seed_findings():
    assert len({e["seed"] for e in CHECKABLE}) >= 20


def test_every_fixture_is_expected_to_show_something():
    files = {p.name for p in FOLDER.glob("*.yaml") if not p.name.startswith("expected")}
    assert files <= {e["file"] for e in EXPECTED}
