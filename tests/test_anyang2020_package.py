"""安阳市公安局 2020 项目绩效目标表 (seed 000): a package of project tables only, read back."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
import yaml

from conftest import SPECS, run

FOLDER = SPECS / "anyang-2020"
PACKAGE = FOLDER / "安阳市公安局2020年项目绩效目标表.yaml"
SEED = Path(__file__).parent / "data" / "seeds" / "000_f01307c7b17a4a89.txt"


def _seed_names() -> list[str]:
    """The 项目名称 of every table the seed prints, in order."""
    return [line.split("\t", 1)[1].strip() for line in SEED.read_text(encoding="utf-8").splitlines()
            if line.startswith("项目名称\t")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("anyang2020")
    result = run("build", str(PACKAGE), "--out", str(out))
    assert result.exit_code == 0, result.output
    return {fmt: out / f"{PACKAGE.stem}.{fmt}" for fmt in ("docx", "xlsx", "pdf")}


def test_the_package_lists_the_seed_tables_in_published_order():
    listed = yaml.safe_load(PACKAGE.read_text(encoding="utf-8"))["projects"]
    names = [yaml.safe_load((FOLDER / f).read_text(encoding="utf-8"))["name"] for f in listed]
    assert len(names) == 10
    assert names == _seed_names()


def test_every_table_is_built_in_order_after_the_cover_and_the_contents(built):
    document = docx.Document(built["docx"])
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.index("安阳市公安局") < paragraphs.index("2020年项目绩效目标表") < paragraphs.index("目录")
    assert paragraphs.count("项目绩效目标表") == 10 and paragraphs.count("(2020年度)") == 10  # as the seed prints it (ASCII brackets)
    # the 项目名称 row of each table, in the seed's order
    names = [table.rows[0].cells[-1].text for table in document.tables if table.rows[0].cells[0].text == "项目名称"]
    assert names == _seed_names()
    # no financial table, no narrative: nothing but the contents and the ten tables
    assert len(document.tables) == 10


def test_workbook_and_bookmarks_have_one_entry_per_table(built):
    names = _seed_names()
    assert openpyxl.load_workbook(built["xlsx"]).sheetnames == [f"{n}·项目绩效目标表" for n in names]
    assert [e.title for e in pypdf.PdfReader(built["pdf"]).outline] == ["目录"] + [f"{n}·项目绩效目标表" for n in names]


def test_a_henan_package_without_financial_tables_keeps_the_default_parts(tmp_path):
    """No `financial:` and no `parts:` (the default order names financial and narratives): the
    package is built from what it has."""
    for name in ("车管证照工本费.yaml", "看守所医疗社会化购买服务.yaml"):
        shutil.copy(FOLDER / name, tmp_path / name)
    (tmp_path / "包.yaml").write_text("kind: package\nyear: 2020\nlayout: henan\nname: 安阳市公安局\n"
                                     "title: 2020年项目绩效目标表\nprojects: ['*.yaml']\n", encoding="utf-8")
    result = run("build", str(tmp_path / "包.yaml"), "--out", str(tmp_path / "out"), "--format", "docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(tmp_path / "out" / "包.docx")
    names = {t.rows[0].cells[-1].text for t in document.tables if t.rows[0].cells[0].text == "项目名称"}
    assert names == {"车管证照工本费", "看守所医疗社会化购买服务"}
    assert "目录" in [p.text for p in document.paragraphs]
