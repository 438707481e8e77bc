"""The 政府收支分类科目 (``templates/subjects/YEAR.csv``): 科目代码 → 科目名称, read with checks.

A bureau saves its own year's list from Excel, so the file is read the way spec files are: UTF-8
with or without BOM, GBK/GB18030 (Excel's usual CSV export) decoded with a warning (L002), anything
else refused.  The header row must name the two columns; a file docgen cannot use is refused at
its own line (D001, D003), never loaded as an empty list that would make every code unknown.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import codes, paths
from ..diagnostics import N_, Choice, Diagnostic
from ..load.yamlload import Loaded, decode

COLUMNS = ("科目代码", "科目名称")
MAX_BYTES = 5 * 1024 * 1024


def read_subjects(path: Path) -> tuple[dict[str, str] | None, list[Diagnostic]]:
    """科目代码 → 科目名称 of the file at ``path`` (None when it cannot be used) and its problems."""
    shown = str(path)

    def refused(problem: Diagnostic) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(codes.D001_UNREADABLE, shown, problem.line, problem.col, {"problem": problem})]

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return refused(Diagnostic(codes.B012_TOO_LARGE, shown, 1, 1,
                                      {"size": round(size / (1024 * 1024), 1), "limit": MAX_BYTES // (1024 * 1024)}))
        raw = path.read_bytes()
    except OSError as exc:
        return refused(Diagnostic(codes.L001_CANNOT_READ, shown, 1, 1, {"reason": paths.reason(exc)}))
    loaded = Loaded(shown)
    text = decode(raw, loaded)
    errors = [d for d in loaded.diagnostics if d.is_error]
    if text is None or errors:
        return refused(errors[0]) if errors else (None, [])
    problems = list(loaded.diagnostics)  # L002: read correctly, but save it as UTF-8
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = list(reader)
    except csv.Error as exc:
        return refused(Diagnostic(codes.B012_UNREADABLE, shown, reader.line_num or 1, 1, {"reason": str(exc)}))
    header = [cell.strip() for cell in records[0]] if records else []
    if any(column not in header for column in COLUMNS):
        problems.append(Diagnostic(codes.D003_COLUMNS, shown, 1, 1, {"columns": list(COLUMNS), "header": header if any(header) else Choice(N_("nothing"))}))
        return None, problems
    code_at, name_at = header.index(COLUMNS[0]), header.index(COLUMNS[1])
    subjects: dict[str, str] = {}
    for cells in records[1:]:
        code = cells[code_at].strip() if code_at < len(cells) else ""
        if code:
            subjects[code] = cells[name_at].strip() if name_at < len(cells) else ""
    return subjects, problems
