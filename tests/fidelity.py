"""How faithfully a built package reproduces its published source document.

The five source documents are plain-text extractions (``tests/data/seeds/``, copied from the
project's shared seeds): one table row or paragraph per line, cells separated by tabs.  A package
built from the transcriptions under ``specs/`` is read back (the Word document: every table cell
once, every paragraph) and each seed cell of a given line range is looked up in it, after the
extraction artefacts of seed-catalog §0 are normalised on both sides (LaTeX signs, HTML tags,
check boxes, spaces the narrow columns put inside words and numbers, page marks, Markdown list and
bold marks).

A table cell counts as reproduced when the output holds a cell or paragraph with the same text
(each output text is used once: two seed cells 「0」 need two output cells 「0」); a narrative
line counts when its text is inside the output's running text.  The fidelity figure is the share of
seed cells reproduced; what is missing is listed with its seed line, so that each difference is
either a corrected seed mistake the package spec names, or a defect.

    python tests/fidelity.py            # the figure of every package, built afresh
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
ROOT = Path(__file__).resolve().parents[1]

_LATEX = [(re.compile(r"\\geq?\b"), "≥"), (re.compile(r"\\leq?\b"), "≤"), (re.compile(r"\\%"), "%"), (re.compile(r"\$"), "")]
_CHECKED = re.compile(r'<input checked="" type="checkbox"\s*/>\s*R?')
_UNCHECKED = re.compile(r'<input type="checkbox"\s*/>\s*□?')
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_MARKDOWN = re.compile(r"^\s*- |\*\*")  # the extraction's list marks and bold marks (seed 001 L12, L1878)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def normalise(text: str) -> str:
    """A text as both sides are compared: artefacts of the extraction gone, no spaces at all
    (narrow columns break words and numbers: 「一 级 指 标」, 「-88.8 5」), no thousands commas."""
    t = _CHECKED.sub("☑", text)
    t = _UNCHECKED.sub("☐", t)
    t = _TAG.sub("", t)
    t = _BOOKMARK.sub("", t)
    t = _MARKDOWN.sub("", t)
    for pattern, replacement in _LATEX:
        t = pattern.sub(replacement, t)
    t = re.sub(r"\s+", "", t.replace("\u3000", " "))
    return _THOUSANDS.sub("", t)


@dataclass(frozen=True)
class Region:
    """Seed lines ``first``…``last`` (1-based, as ``cat -n`` numbers them): a table (cells matched
    one by one) or text (each line looked up in the running text)."""

    first: int
    last: int
    kind: str = "table"  # or "text"


@dataclass
class Fidelity:
    """The result: seed cells, those reproduced, and the missing ones with their lines."""

    document: str
    total: int = 0
    found: int = 0
    missing: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.found / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.document}: {self.found} / {self.total} seed cells reproduced ({self.ratio:.1%})"


def seed_lines(seed: str) -> list[str]:
    """The seed's lines (index 0 is line 1)."""
    return (SEEDS / seed).read_text(encoding="utf-8").splitlines()


def seed_cells(seed: str, regions: Iterable[Region]) -> list[tuple[int, str, str]]:
    """(line, normalised cell, region kind) of every non-empty cell of the regions."""
    lines = seed_lines(seed)
    out = []
    for region in regions:
        for number in range(region.first, region.last + 1):
            line = lines[number - 1]
            if re.fullmatch(r"[-\t ]*", line):  # blank or a ----\t---- page mark
                continue
            if region.kind == "text":
                text = normalise(line)
                if text:
                    out.append((number, text, "text"))
                continue
            for cell in line.split("\t"):
                text = normalise(cell)
                if text and not re.fullmatch(r"-+", text):
                    out.append((number, text, "table"))
    return out


def docx_texts(path: Path) -> tuple[Counter[str], str]:
    """Every table cell (a merged cell once) and paragraph of a Word file, normalised; and the
    running text of all of them."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(path)
    texts: list[str] = []
    body = document.element.body
    for element in body.iter():
        if element.tag == qn("w:tc"):
            merge = element.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            if merge is not None and merge.get(qn("w:val")) != "restart":
                continue  # the continuation of a vertically merged cell
            texts.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
        elif element.tag == qn("w:p") and element.getparent() is not None and element.getparent().tag == qn("w:body"):
            texts.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
    normal = [normalise(t) for t in texts]
    return Counter(t for t in normal if t), "".join(normal)


def compare(document: str, seed: str, regions: Iterable[Region], docx_path: Path) -> Fidelity:
    """The fidelity of the Word file ``docx_path`` to the seed's ``regions``."""
    cells, running = docx_texts(docx_path)
    result = Fidelity(document)
    for number, text, kind in seed_cells(seed, regions):
        result.total += 1
        if kind == "table" and cells[text] > 0:
            cells[text] -= 1
            result.found += 1
        elif (kind == "text" or len(text) >= 6 or re.search(r"[\u4e00-\u9fff]", text)) and text in running:
            result.found += 1  # a narrative line, or a label printed inside a longer line (a header block)
        else:
            result.missing.append((number, text))
    return result


# --- the documents -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Document:
    """A source document, the package that regenerates it, and the seed lines to compare (the
    published document is the public version: the package is built with ``--public``)."""

    name: str
    seed: str
    package: Path
    regions: tuple[Region, ...]
    public: bool = True


SPECS = ROOT / "specs"
DOCUMENTS: list[Document] = [
    Document("安阳市公安局 2023 年度部门决算", "001_7b965f48d387d85a.txt",
             SPECS / "anyang-2023" / "安阳市公安局2023年度部门决算.yaml",
             # the contents and 第一部分 概况 (L8–L112), the tables (L114–L1794), 第三部分 情况说明 and
             # 第四部分 名词解释 (L1796–L2040)
             (Region(8, 112, "text"), Region(114, 114, "text"), Region(116, 435), Region(437, 1794),
              Region(1796, 2040, "text"))),
    # 安阳 2020 项目绩效目标表: the ten tables, titles included (L3–L333)
    Document("安阳市公安局 2020 年项目绩效目标表", "000_f01307c7b17a4a89.txt",
             SPECS / "anyang-2020" / "安阳市公安局2020年项目绩效目标表.yaml",
             (Region(3, 333),)),
    # 济源 2020 部门预算: the financial tables 预算01–09 (L3–L164), the 部门绩效目标表 (L166–L227) and the
    # 70 项目绩效目标表, titles included (L228–L3877)
    Document("济源市公安局 2020 年部门预算", "002_c03462864472638b.txt",
             SPECS / "jiyuan-2020" / "济源市公安局2020年部门预算.yaml",
             (Region(3, 164), Region(166, 227), Region(228, 3877))),
    Document("廊坊安次 2020 部门预算信息公开", "003_c5385c47b82988da.txt",
             SPECS / "langfang-2020" / "河北省廊坊市公安局安次分局2020年部门预算信息公开.yaml",
             (Region(1, 17, "text"), Region(18, 34), Region(35, 76, "text"), Region(77, 1215),
              Region(1216, 1217, "text"), Region(1218, 1348), Region(1349, 1351, "text"),
              Region(1352, 1386), Region(1387, 1397, "text"))),
    # 武汉东湖 2021: 部门公开表9 (L1–L120, its 备注 L116–L120 as text) and 部门公开表10-1 … 10-6 (L122–L486),
    # titles and table numbers included
    Document("武汉东湖 2021 部门整体支出及项目支出绩效目标表", "004_4983871fb715cdc5.txt",
             SPECS / "wuhan-2021" / "武汉市公安局武汉东湖新技术开发区分局2021年部门整体支出及项目支出绩效目标表.yaml",
             (Region(1, 115), Region(116, 120, "text"), Region(122, 486))),
]


def build(document: Document, out: Path, public: bool = False) -> Path:
    """Build the document's package into ``out``; the Word file."""
    from click.testing import CliRunner

    from docgen.cli import cli

    args = ["build", str(document.package), "--out", str(out), "--format", "docx"] + (["--public"] if public else [])
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return out / f"{document.package.stem}.docx"


def main() -> None:
    """Print the fidelity figure of every document."""
    for document in DOCUMENTS:
        with tempfile.TemporaryDirectory() as folder:
            result = compare(document.name, document.seed, document.regions, build(document, Path(folder), document.public))
        print(result)
        for number, text in result.missing[:20]:
            print(f"    L{number}: {text[:60]}")


if __name__ == "__main__":
    main()
