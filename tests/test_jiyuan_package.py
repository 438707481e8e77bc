"""济源市公安局 2020 年部门预算 (seed 002): the 70 行政支出项目绩效目标表, read back from the Word file."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml

from conftest import SPECS, run

PACKAGE = SPECS / "jiyuan-2020" / "济源市公安局2020年部门预算.yaml"
SEED = Path(__file__).parent / "data" / "seeds" / "002_c03462864472638b.txt"


def _seed_tables() -> list[tuple[str, str]]:
    """(title line, 项目名称) of every project table the seed prints, in order."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.endswith("支出项目绩效目标表"):
            name = next(row.split("\t")[1] for row in lines[i + 1:] if row.startswith("项目名称\t"))
            out.append((line, name.strip()))
    return out


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    out = tmp_path_factory.mktemp("jiyuan")
    result = run("build", str(PACKAGE), "--out", str(out), "--format", "docx")
    assert result.exit_code == 0, result.output
    return docx.Document(out / f"{PACKAGE.stem}.docx")


def test_the_package_lists_the_seed_tables_in_published_order():
    listed = yaml.safe_load(PACKAGE.read_text(encoding="utf-8"))["projects"]
    names = [yaml.safe_load((SPECS / "jiyuan-2020" / re.sub(r"\[\[\]", "[", f)).read_text(encoding="utf-8"))["name"]
             for f in listed]
    assert names == [name for _, name in _seed_tables()]
    assert len(names) == 70


def test_every_table_prints_the_title_the_seed_prints(document):
    titles = [p.text for p in document.paragraphs if p.text.startswith("济源市") and p.text.endswith("支出项目绩效目标表")]
    assert titles == [title for title, _ in _seed_tables()]
    # the three variants of seed-catalog §4.6
    assert Counter(titles) == {"济源市公安局行政支出项目绩效目标表": 51, "济源市公安局特警支队支出项目绩效目标表": 1,
                               "济源市交通管理支队行政支出项目绩效目标表": 18}
    assert sum(p.text == "(2020年)" for p in document.paragraphs) == 70


def test_a_spec_title_replaces_the_form_title(tmp_path):
    spec = (SPECS / "jiyuan-2020" / "办案业务费.yaml").read_text(encoding="utf-8")
    path = tmp_path / "办案业务费.yaml"
    path.write_text(spec.replace("category: 业务类", "title: 济源市公安局测试支队支出项目绩效目标表\ncategory: 业务类"), encoding="utf-8")
    result = run("render", str(path), "--out", str(tmp_path / "out"), "--format", "docx")
    assert result.exit_code == 0, result.output
    [word] = (tmp_path / "out").glob("*.docx")
    texts = [p.text for p in docx.Document(word).paragraphs]
    assert "济源市公安局测试支队支出项目绩效目标表" in texts
    assert "济源市公安局行政支出项目绩效目标表" not in texts
