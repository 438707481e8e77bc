"""write: one writer per format, each turning any table tree (``render.tree.Document``) into bytes.

A writer knows nothing about projects, indicators or regions.  This registry says what each can do
(Sphinx's builders declare the same): its file suffix and whether it prints text sections (cover,
contents, narratives) — Excel keeps only the tables.  A writer module is imported only when its
format is written, so checking a spec never loads reportlab, python-docx or XlsxWriter.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ..output import Notice, WriterOptions
from ..tree import Document

Render = Callable[[Document, WriterOptions], "tuple[bytes, list[Notice]]"]


@dataclass(frozen=True)
class Writer:
    """A format's writer: its name, file suffix and what it prints."""
    name: str  # the --format name
    suffix: str
    module: str
    function: str
    text_sections: bool = True  # prints cover, contents and narratives

    def render(self, document: Document, options: WriterOptions) -> tuple[bytes, list[Notice]]:
        """The bytes of ``document`` in this format, with the writer's notices."""
        return getattr(importlib.import_module(self.module), self.function)(document, options)


WRITERS: dict[str, Writer] = {
    "docx": Writer("docx", ".docx", "docgen.render.writers.docx", "docx_bytes"),
    "xlsx": Writer("xlsx", ".xlsx", "docgen.render.writers.xlsx", "xlsx_bytes", text_sections=False),
    "pdf": Writer("pdf", ".pdf", "docgen.render.writers.pdf", "pdf_bytes"),
}
