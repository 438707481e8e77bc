"""check: a package's financial tables (CSV files) against their table set.

One generic checker for every table set (``docgen.catalog.tablesets``): it reads the CSV files,
checks their columns, every amount cell, the fixed rows, their labels and sides (栏), the 科目 codes and names
against the year's 政府收支分类科目, and then every formula the set declares — row sums, the
类/款/项 hierarchy, fixed-row totals and the equalities across tables.  Each finding is a
diagnostic at the CSV cell (``公开02.csv:LINE:COL``: the line of the file, the position of the
column in its header), naming the other table where two tables disagree.

Amounts are compared as Decimal.  The tables are printed in 万元 rounded to two decimals, so a
total may differ from the sum of its printed parts by the rounding (尾差): a difference of up to
0.01 per non-zero part is accepted (at least 0.01).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .. import codes, paths
from ..catalog.tablesets import ClassMatch, FinancialTable, Formula, TableSet, Term
from ..diagnostics import Diagnostic, Message

TOLERANCE_PER_PART = Decimal("0.01")
CENT = Decimal("0.01")
MAX_CSV_BYTES = 5 * 1024 * 1024  # a real 公开 table is a few kilobytes
_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DIGITS = re.compile(r"[0-9]+")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL_NAMES = {3: "类", 5: "款", 7: "项"}


@dataclass
class CsvTable:
    """One financial table as read from its CSV file."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int] = field(default_factory=list)  # the file line each row starts on

    def line(self, row: int) -> int:
        """The file line of data row ``row`` (1 = the first after the header)."""
        return self.lines[row - 1] if 0 < row <= len(self.lines) else row + 1


def read_csv(path: Path, display: str | None = None) -> tuple[CsvTable | None, list[Diagnostic]]:
    """The rows of a financial table's CSV file (UTF-8, with or without BOM; header row first)."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            return None, [Diagnostic(codes.B012_TOO_LARGE, shown, 1, 1,
                                     {"size": round(size / (1024 * 1024), 1), "limit": MAX_CSV_BYTES // (1024 * 1024)})]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(codes.L001_CANNOT_READ, shown, 1, 1, {"reason": paths.reason(exc)})]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Diagnostic(codes.B012_NOT_UTF8, shown, 1, 1, {})]
    csv.field_size_limit(MAX_CSV_BYTES)  # no cell is longer than the file may be
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []  # (the physical line a record starts on, its cells)
    try:
        start = 1
        for cells in reader:  # a quoted cell may hold line breaks (Excel's Alt+Enter)
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        return None, [Diagnostic(codes.B012_UNREADABLE, shown, reader.line_num or 1, 1, {"reason": str(exc)})]
    if not records or not any(c.strip() for c in records[0][1]):
        return None, [Diagnostic(codes.B012_EMPTY, shown, 1, 1, {})]
    header = [c.strip() for c in records[0][1]]
    rows, numbers = [], []
    for number, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) > len(header):
            return None, [Diagnostic(codes.B012_EXTRA_CELLS, shown, number, len(header) + 1, {"line": number})]
        rows.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
        numbers.append(number)
    return CsvTable(path, header, rows, numbers), []


def _norm_name(name: str) -> str:
    """Names compare equal regardless of full/half-width forms and spaces: 退职(役)费 = 退职（役）费."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _fmt(value: Decimal) -> str:
    return format(value.quantize(CENT), "f")


@dataclass(frozen=True)
class _Cell:
    table: str
    row: int  # 1-based data row
    column: str
    label: str  # how the row is named in messages




@dataclass
class _Table:
    """A table with its rows indexed the way its table set addresses them."""

    spec: FinancialTable
    data: CsvTable
    by_key: dict[str, int] = field(default_factory=dict)  # 行次 / 科目代码 → row
    total_row: int | None = None

    def text(self, row: int, column: str) -> str:
        return (self.data.rows[row - 1].get(column) or "").strip()

    def label(self, row: int) -> str:
        r = self.spec.rows
        if r.kind == "fixed":
            line, name = self.text(row, r.key), self.text(row, r.label)
            return f"{name}（{r.key} {line}）" if name else f"{r.key} {line}"
        if r.kind == "subjects":
            code, name = self.text(row, r.key), self.text(row, r.label)
            return f"{code} {name}" if code else (name or r.total)
        # a plain row is named by its label column (项目), else by another label column (分组), with its position
        names = [r.label] + [c for c, k in self.spec.columns.items() if k == "label" and c != r.label] if r.label else []
        name = next((self.text(row, c) for c in names if self.text(row, c)), "")
        return f"{name}（行 {row}）" if name else f"行 {row}"

    def find(self, ref: str) -> int | None:
        if self.spec.rows.kind == "plain":
            return int(ref) if ref.isdigit() and 1 <= int(ref) <= len(self.data.rows) else None
        if self.spec.rows.kind == "subjects" and ref == self.spec.rows.total:
            return self.total_row
        return self.by_key.get(ref)

    def rows_between(self, first: str, last: str) -> list[int] | None:
        """The rows of keys first … last (None when one of them is missing)."""
        if first.isdigit() and last.isdigit():
            found = [self.find(str(k)) for k in range(int(first), int(last) + 1)]
            return None if any(f is None for f in found) else found  # type: ignore[return-value]
        a, b = self.find(first), self.find(last)
        return None if a is None or b is None else list(range(a, b + 1))


class _Checker:
    def __init__(self, tableset: TableSet, tables: Mapping[str, CsvTable], subjects: Mapping[str, str] | None) -> None:
        self.set = tableset
        self.tables = {tid: _Table(tableset.tables[tid], data) for tid, data in tables.items() if tid in tableset.tables}
        self.subjects = None if subjects is None else {code.strip(): name for code, name in subjects.items()}
        self.out: list[Diagnostic] = []
        self.values: dict[tuple[str, int, str], Decimal | None] = {}  # None: not an amount (reported once)

    # -- reporting ------------------------------------------------------------------------------

    def add(self, message: Message, table: str, row: int, column: str, **params: object) -> None:
        t = self.tables[table]
        col = t.data.header.index(column) + 1 if column in t.data.header else 1
        self.out.append(Diagnostic(message, str(t.data.path), t.data.line(row), col, {"table": table, "column": column, **params}))

    def printed(self, cell: _Cell) -> str:
        return self.tables[cell.table].text(cell.row, cell.column) or "—"

    def value(self, cell: _Cell) -> Decimal | None:
        """The cell's amount (a blank is 0); None when it is not an amount."""
        return self.values.get((cell.table, cell.row, cell.column), Decimal(0))

    def cell(self, table: str, row: int, column: str) -> _Cell:
        return _Cell(table, row, column, self.tables[table].label(row))

    # -- every cell -----------------------------------------------------------------------------

    def columns(self, tid: str) -> bool:
        t = self.tables[tid]
        ok = True
        for column in t.spec.columns:
            if column not in t.data.header:
                self.out.append(Diagnostic(codes.B013_MISSING_COLUMN, str(t.data.path), 1, 1,
                                           {"table": tid, "column": column, "columns": list(t.spec.columns)}))
                ok = False
        for i, column in enumerate(t.data.header):
            if column not in t.spec.columns:
                self.out.append(Diagnostic(codes.B013_UNKNOWN_COLUMN, str(t.data.path), 1, i + 1,
                                           {"table": tid, "column": column, "columns": list(t.spec.columns)}))
                ok = False
        return ok

    def cells(self, tid: str) -> None:
        t = self.tables[tid]
        for row in range(1, len(t.data.rows) + 1):
            for column, kind in t.spec.columns.items():
                text = t.text(row, column)
                if kind == "amount":
                    value: Decimal | None = None
                    if not text:
                        value = Decimal(0)
                    elif _AMOUNT.fullmatch(text):
                        try:
                            value = Decimal(text)
                        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                            value = None
                    if value is None:
                        self.add(codes.B007_NOT_AMOUNT, tid, row, column, label=t.label(row), value=text)
                    self.values[(tid, row, column)] = value
                choices = t.spec.choices.get(column)
                if choices and text not in choices:
                    self.add(codes.B014_CHOICE, tid, row, column, value=text, choices=list(choices))
        for rule in t.spec.blank:
            for row in range(1, len(t.data.rows) + 1):
                if t.text(row, rule.where_column) != rule.where_value:
                    continue
                for column in rule.columns:
                    text = t.text(row, column)
                    if text:
                        self.add(codes.B011_NOT_BLANK, tid, row, column, label=t.label(row), value=text)

    # -- rows -----------------------------------------------------------------------------------

    def fixed_rows(self, tid: str) -> None:
        t = self.tables[tid]
        r = t.spec.rows
        for row in range(1, len(t.data.rows) + 1):
            key = t.text(row, r.key)
            if _DIGITS.fullmatch(key):
                t.by_key.setdefault(str(int(key)), row)
        for side, labels in r.fixed.items():
            for line, label in labels.items():
                found = t.by_key.get(str(line))
                if found is None:
                    self.add(codes.B008_NO_ROW, tid, 0, r.key, label=f"{side} {line}")
                    continue
                printed = t.text(found, r.label)
                if _norm_name(printed) != _norm_name(label):
                    self.add(codes.B009_LABEL, tid, found, r.label, line=line, label=printed, expected=label)
                if r.side:  # the side (栏) the row is printed on: 收入 rows on the left, 支出 rows on the right
                    marked = t.text(found, r.side)
                    allowed = t.spec.choices.get(r.side)
                    if marked != side and (not allowed or marked in allowed):  # a value not allowed at all is B014
                        self.add(codes.B015_SIDE, tid, found, r.side, line=line, expected=side, value=marked)

    def subject_rows(self, tid: str) -> None:
        t = self.tables[tid]
        r = t.spec.rows
        lengths = r.lengths
        for row in range(1, len(t.data.rows) + 1):
            code, name = t.text(row, r.key), t.text(row, r.label)
            if not code:
                if r.total and name == r.total and t.total_row is None:
                    t.total_row = row
                elif name or any(t.text(row, c) for c in t.spec.columns if c not in (r.key, r.label, r.group)):
                    self.add(codes.B005_BAD_CODE, tid, row, r.key, code=code, lengths="、".join(map(str, lengths)))
                continue
            if not (_DIGITS.fullmatch(code) and len(code) in lengths):
                self.add(codes.B005_BAD_CODE, tid, row, r.key, code=code, lengths="、".join(map(str, lengths)))
                continue
            if code in t.by_key:
                continue
            t.by_key[code] = row
            if self.set.subjects and self.subjects is not None:  # None: the list is broken (reported as D…)
                expected = self.subjects.get(code)
                if expected is None:
                    self.add(codes.B004_UNKNOWN, tid, row, r.key, code=code, name=name)
                elif _norm_name(expected) != _norm_name(name):
                    self.add(codes.B003_NAME, tid, row, r.label, code=code, name=name, expected=expected)
        if r.total and t.total_row is None:
            self.add(codes.B008_NO_ROW, tid, 0, "", label=r.total)
        for group, fixed in r.fixed_codes.items():
            for code in fixed:
                if code not in t.by_key:
                    self.add(codes.B008_NO_ROW, tid, 0, r.key, label=f"{group} {code}")
        for code, row in sorted(t.by_key.items(), key=lambda kv: kv[1]):
            parent = self._parent(code, lengths)
            if parent is not None and parent not in t.by_key:
                self.add(codes.B006_NO_PARENT, tid, row, r.key, code=code, name=t.text(row, r.label), parent=parent)

    @staticmethod
    def _parent(code: str, lengths: tuple[int, ...]) -> str | None:
        shorter = [n for n in lengths if n < len(code)]
        return code[: max(shorter)] if shorter else None

    def plain_rows(self, tid: str) -> None:
        t = self.tables[tid]
        if len(t.data.rows) < t.spec.rows.at_least:
            self.add(codes.B008_NO_ROW, tid, 0, "", label=str(len(t.data.rows) + 1))

    # -- relations ------------------------------------------------------------------------------

    def relation(self, total: _Cell, parts: list[tuple[int, _Cell]], formula: str, other_table: str = "") -> None:
        """total = Σ ± parts, within 0.01 per non-zero part."""
        stated = self.value(total)
        values = [(sign, self.value(c)) for sign, c in parts]
        known = [(sign, v) for sign, v in values if v is not None]
        if stated is None or len(known) != len(values):
            return
        computed = sum((sign * v for sign, v in known), Decimal(0))
        nonzero = sum(1 for _, v in known if v != 0)
        tolerance = TOLERANCE_PER_PART * max(1, nonzero)
        difference = stated - computed
        if abs(difference) > tolerance:
            self.add(codes.B001_SUM, total.table, total.row, total.column, other_table=other_table, label=total.label,
                     stated=self.printed(total), formula=formula, computed=_fmt(computed),
                     difference=_fmt(difference), tolerance=_fmt(tolerance))

    def product(self, total: _Cell, a: _Cell, b: _Cell, formula: str, other_table: str = "") -> None:
        """total = a × b (数量 × 单价 = 金额), within 0.01: the product is printed to the cent.

        A row without a 数量 or 单价 (a 小计 row) has no product to check: a blank factor is not 0 here.
        """
        if not self.tables[a.table].text(a.row, a.column) or not self.tables[b.table].text(b.row, b.column):
            return
        stated, x, y = self.value(total), self.value(a), self.value(b)
        if stated is None or x is None or y is None:
            return
        computed = x * y
        difference = stated - computed
        if abs(difference) > TOLERANCE_PER_PART:
            self.add(codes.B001_SUM, total.table, total.row, total.column, other_table=other_table, label=total.label,
                     stated=self.printed(total), formula=formula, computed=_fmt(computed),
                     difference=_fmt(difference), tolerance=_fmt(TOLERANCE_PER_PART))

    def same(self, cell: _Cell, other: _Cell) -> None:
        """The same amount printed in two tables (reported at ``cell``)."""
        a, b = self.value(cell), self.value(other)
        if a is None or b is None:
            return
        if abs(a - b) > TOLERANCE_PER_PART:
            self.add(codes.B002_CROSS, cell.table, cell.row, cell.column, other_table=other.table, label=cell.label,
                     stated=self.printed(cell), other_label=other.label, other_column=other.column,
                     other=self.printed(other), difference=_fmt(a - b), tolerance=_fmt(TOLERANCE_PER_PART))

    def resolve(self, term: Term, home: str, row: int | None = None) -> list[_Cell] | None:
        """The cells a term names (None when its table or one of its rows is missing)."""
        tid = term.table or home
        t = self.tables.get(tid)
        if t is None:
            return None
        if not term.first:
            return None if row is None else [self.cell(tid, row, term.column)]
        rows = t.rows_between(term.first, term.last) if term.last else [t.find(term.first)]
        if rows is None or any(r is None for r in rows):
            return None
        return [self.cell(tid, r, term.column) for r in rows]  # type: ignore[arg-type]

    def formula(self, f: Formula, home: str) -> None:
        if f.row_wise:
            t = self.tables[home]
            for row in self._rows_for(t, f):
                self._apply(f, home, row)
        else:
            self._apply(f, home, None)

    def _rows_for(self, t: _Table, f: Formula) -> list[int]:
        kind = t.spec.rows.kind
        if f.rows is not None:
            found = t.rows_between(*f.rows)
            return found or []
        if kind == "subjects":
            return ([t.total_row] if t.total_row else []) + sorted(t.by_key.values())
        if kind == "fixed":
            return sorted(t.by_key.values())
        return list(range(1, len(t.data.rows) + 1))

    def _apply(self, f: Formula, home: str, row: int | None) -> None:
        totals = self.resolve(f.total, home, row)
        if not totals or len(totals) != 1:
            return
        parts: list[tuple[int, _Cell]] = []
        for sign, term in f.parts:
            # a part without a row in an addressed formula is the total's own row
            cells = self.resolve(term, home, row if row is not None else (totals[0].row if not term.first else None))
            if cells is None:
                return
            parts.extend((sign, c) for c in cells)
        total = totals[0]
        others = [c.table for _, c in parts if c.table != total.table]
        if f.product:
            self.product(total, parts[0][1], parts[1][1], f.label, others[0] if others else "")
        elif len(parts) == 1 and parts[0][0] == 1 and others:
            self.same(total, parts[0][1])
        else:
            self.relation(total, parts, f.label, others[0] if others else "")

    def hierarchy(self, tid: str) -> None:
        t = self.tables[tid]
        r = t.spec.rows
        lengths = r.lengths
        for column in r.hierarchy:
            if t.total_row:
                classes = [row for code, row in sorted(t.by_key.items(), key=lambda kv: kv[1]) if len(code) == lengths[0]]
                self.relation(self.cell(tid, t.total_row, column), [(1, self.cell(tid, row, column)) for row in classes],
                              f"Σ {_LEVEL_NAMES.get(lengths[0], lengths[0])}")
            for code, row in sorted(t.by_key.items(), key=lambda kv: kv[1]):
                if len(code) == lengths[-1]:
                    continue
                child_length = min(n for n in lengths if n > len(code))
                children = [r2 for c, r2 in sorted(t.by_key.items(), key=lambda kv: kv[1]) if len(c) == child_length and c.startswith(code)]
                self.relation(self.cell(tid, row, column), [(1, self.cell(tid, r2, column)) for r2 in children],
                              f"Σ {_LEVEL_NAMES.get(child_length, child_length)}")

    def classes(self, match: ClassMatch) -> None:
        t, other = self.tables.get(match.table), self.tables.get(match.other)
        if t is None or other is None:
            return
        first_length = other.spec.rows.lengths[0]
        by_name: dict[str, list[int]] = {}
        for code, row in sorted(other.by_key.items(), key=lambda kv: kv[1]):
            if len(code) == first_length:
                by_name.setdefault(_norm_name(other.text(row, other.spec.rows.label)), []).append(row)
        labels: dict[int, str] = {}
        for side_labels in t.spec.rows.fixed.values():
            labels.update(side_labels)
        known = set()
        line = match.first
        while _ORDINAL.match(labels.get(line, "")):
            name = _norm_name(_ORDINAL.sub("", labels[line]))
            known.add(name)
            at = t.find(str(line))
            line += 1
            if at is None:
                continue
            cell = self.cell(match.table, at, match.column)
            matches = by_name.get(name, [])
            if len(matches) == 1:
                self.same(cell, self.cell(match.other, matches[0], match.other_column))
            else:  # no 类 row (or several): compare with their sum
                self.relation(cell, [(1, self.cell(match.other, j, match.other_column)) for j in matches],
                              f"{match.other} 类 {name}", match.other)
        for name, rows in by_name.items():
            if name not in known:
                for j in rows:
                    self.add(codes.B010_NO_CLASS, match.other, j, other.spec.rows.label, code=other.text(j, other.spec.rows.key),
                             name=other.text(j, other.spec.rows.label), other_table=match.table)

    # -- all ------------------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        usable = []
        for tid in self.set.tables:
            if tid not in self.tables:
                continue
            if self.columns(tid):
                usable.append(tid)
        self.tables = {tid: t for tid, t in self.tables.items() if tid in usable}
        for tid in usable:
            self.cells(tid)
            kind = self.tables[tid].spec.rows.kind
            if kind == "fixed":
                self.fixed_rows(tid)
            elif kind == "subjects":
                self.subject_rows(tid)
            else:
                self.plain_rows(tid)
        for tid in usable:
            t = self.tables[tid]
            for f in t.spec.checks:
                self.formula(f, tid)
            if t.spec.rows.kind == "subjects":
                self.hierarchy(tid)
        for f in self.set.cross:
            if all((term.table or "") in self.tables for term in (f.total, *(t for _, t in f.parts))):
                self.formula(f, f.total.table)
        for match in self.set.classes:
            self.classes(match)
        unique = {(d.file, d.line, d.col, d.code, d.msgid, tuple(sorted((k, str(v)) for k, v in d.params.items()))): d for d in self.out}
        return sorted(unique.values(), key=lambda d: (d.file, d.line, d.col, d.code, str(d.params.get("other_table", ""))))


def check_financial(tableset: TableSet, tables: Mapping[str, CsvTable], subjects: Mapping[str, str] | None) -> list[Diagnostic]:
    """Every finding for the tables present in ``tables`` (table id → its CSV).

    Tables that are absent are skipped, and so are the relations that need them.  With
    ``subjects`` None (the year's list of subjects cannot be used) codes and names are not checked
    against it.
    """
    return _Checker(tableset, tables, subjects).run()
