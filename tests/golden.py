"""The table trees of the examples as JSON, for comparing what docgen lays out with a saved copy."""

from __future__ import annotations

import json
from typing import Any

from docgen.render.tree import Cell, Document, Section, Table


def cell_json(c: Cell) -> dict[str, Any]:
    d: dict[str, Any] = {"text": c.text}
    if c.colspan != 1:
        d["colspan"] = c.colspan
    if c.rowspan != 1:
        d["rowspan"] = c.rowspan
    d["role"] = c.role
    d["align"] = c.alignment
    if c.number is not None:
        d["number"] = str(c.number)
    if c.number_format:
        d["format"] = c.number_format
    return d


def part_json(p: Table | Section) -> dict[str, Any]:
    if isinstance(p, Section):
        return {"section": p.name, "kind": p.kind, "paragraphs": [[x.style, x.text] for x in p.paragraphs]}
    out: dict[str, Any] = {
        "table": p.name, "title": p.title, "subtitles": list(p.subtitles), "unit_line": p.unit_line,
        "notes": list(p.notes), "orientation": p.orientation, "marker": p.marker,
        "columns": [str(c) for c in p.columns],
        "rows": [{"header": r.header, "cells": [cell_json(c) for c in r.cells]} if r.header else [cell_json(c) for c in r.cells]
                 for r in p.rows],
    }
    if p.header_lines:
        out["header_lines"] = [list(line) for line in p.header_lines]
    return out


def document_json(d: Document, name: bool = True) -> dict[str, Any]:
    return {"document": d.name if name else None, "title": d.title, "parts": [part_json(p) for p in d.content]}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
