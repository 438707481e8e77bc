"""Reading a template data file (a form, a layout family, a scheme, a table set) with positions.

The files are YAML read by the spec loader (``docgen.load.yamlload``), so every key and value
knows its line.  :class:`Node` walks the data and checks it as it goes: an unknown key (with a
"did you mean"), a missing key or a value of the wrong kind becomes a diagnostic at the template
file's own ``file:line:col`` (codes D001–D003, exit status 2), and reading goes on so that one
run reports every problem of the file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .. import codes
from ..diagnostics import N_, Choice, Diagnostic, Message
from ..load.yamlload import Loaded, Mark, load_file


class TemplateProblem(Exception):
    """Raised to abandon a part of a template file that cannot be read further (already reported)."""


@dataclass
class DataFile:
    """One template file: its data, where each node is, and the problems found in it."""

    path: Path
    loaded: Loaded
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)  # the loader's warnings: shown, not fatal

    @classmethod
    def read(cls, path: Path) -> DataFile:
        """Read ``path``; the loader's errors become D001 diagnostics of this file."""
        loaded = load_file(path, str(path))
        file = cls(path, loaded)
        for d in loaded.diagnostics:
            if d.code == "L008":  # the loader's words are for specs
                file.diagnostics.append(Diagnostic(codes.D001_EMPTY, d.file, d.line, d.col, {}))
            elif d.is_error:  # the spec loader's codes say what a spec author should do: wrap them
                file.diagnostics.append(Diagnostic(codes.D001_UNREADABLE, d.file, d.line, d.col, {"problem": d}))
            else:  # a warning (a GBK file, a stray character) is the bureau's to see as it is
                file.warnings.append(d)
        return file

    @property
    def ok(self) -> bool:
        return not self.diagnostics

    def root(self) -> Node:
        """The whole file as a node."""
        return Node(self, (), self.loaded.data)

    def report(self, message: Message, mark: Mark, **params: Any) -> None:
        """A diagnostic of ``message`` at ``mark`` in this file."""
        self.diagnostics.append(Diagnostic(message, str(self.path), mark.line, mark.col, params))


@dataclass(frozen=True)
class Node:
    """A value of a template file, with its path (for positions) and checked accessors."""

    file: DataFile
    path: tuple
    value: Any

    # -- where ----------------------------------------------------------------------------------

    @property
    def mark(self) -> Mark:
        return self.file.loaded.value(self.path)

    @property
    def key_mark(self) -> Mark:
        return self.file.loaded.key(self.path)

    @property
    def line(self) -> int:
        return self.mark.line

    @property
    def name(self) -> str:
        """The key this node is the value of ("" for list items and the root)."""
        return str(self.path[-1]) if self.path and isinstance(self.path[-1], str) else ""

    def fail(self, message: Message, at_key: bool = False, **params: Any) -> TemplateProblem:
        """Report ``message`` here and return an exception to raise when reading cannot go on."""
        self.file.report(message, self.key_mark if at_key else self.mark, **params)
        return TemplateProblem()

    def report(self, message: Message, at_key: bool = False, **params: Any) -> None:
        """A diagnostic of ``message`` here (at the key with ``at_key``); reading goes on."""
        self.file.report(message, self.key_mark if at_key else self.mark, **params)

    # -- kinds ----------------------------------------------------------------------------------

    def is_mapping(self) -> bool:
        """Is the value a mapping?"""
        return isinstance(self.value, dict)

    def is_list(self) -> bool:
        """Is the value a list?"""
        return isinstance(self.value, list)

    def is_text(self) -> bool:
        """Is the value a text?"""
        return isinstance(self.value, str)

    def mapping(self, what: str, allowed: dict[str, str] | None = None, required: tuple[str, ...] = ()) -> Node:
        """This node as a mapping; unknown keys (when ``allowed`` is given) and missing ones are reported."""
        if not isinstance(self.value, dict):
            raise self.fail(codes.D003_TYPE, key=self.name or what, expected=_EXPECTED["mapping"])
        if allowed is not None:
            for key in self.value:
                if key not in allowed:
                    child = self.child(key)
                    close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.5)
                    if close:
                        child.report(codes.D002_SUGGEST, at_key=True, key=key, what=Choice(what), suggestion=close[0])
                    else:
                        child.report(codes.D002_UNKNOWN, at_key=True, key=key, what=Choice(what), allowed=list(allowed))
        for key in required:
            if key not in self.value:
                self.report(codes.D003_MISSING, what=Choice(what), key=key)
        return self

    def items(self) -> Iterator[tuple[str, Node]]:
        """(key, node) of each entry of a mapping, in file order."""
        for key in self.value:
            yield str(key), self.child(key)

    def elements(self, what: str) -> Iterator[Node]:
        """The items of a list (a single value counts as a list of one)."""
        if self.value is None:
            return
        if not isinstance(self.value, list):
            raise self.fail(codes.D003_TYPE, key=self.name or what, expected=_EXPECTED["list"])
        for i in range(len(self.value)):
            yield self.child(i)

    def child(self, key: Any) -> Node:
        """The node under ``key`` (a key or a list index); its value is None when absent."""
        value = self.value.get(key) if isinstance(self.value, dict) else (
            self.value[key] if isinstance(self.value, list) and isinstance(key, int) and key < len(self.value) else None)
        return Node(self.file, self.path + (key,), value)

    def get(self, key: str) -> Node | None:
        """The value under ``key``, or None when the key is absent (or null)."""
        if isinstance(self.value, dict) and self.value.get(key) is not None:
            return self.child(key)
        return None

    def has(self, key: str) -> bool:
        """Is ``key`` written here (even with an empty value)?"""
        return isinstance(self.value, dict) and key in self.value

    # -- scalars --------------------------------------------------------------------------------

    def text(self, default: str | None = None) -> str:
        """The value as a text (``default`` when empty); D003 otherwise."""
        if self.value is None and default is not None:
            return default
        if not isinstance(self.value, str):
            raise self.fail(codes.D003_TYPE, key=self.name or "value", expected=_EXPECTED["text"])
        return self.value

    def texts(self, what: str) -> list[str]:
        """A text or a list of texts, as a list."""
        if isinstance(self.value, str):
            return [self.value]
        return [n.text() for n in self.elements(what)]

    def number(self) -> Decimal:
        """The value as a finite decimal number; D003 otherwise."""
        try:
            number = Decimal(str(self.value).strip()) if isinstance(self.value, str) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise self.fail(codes.D003_TYPE, key=self.name or "value", expected=_EXPECTED["number"])
        return number

    def integer(self, minimum: int = 0) -> int:
        """The value as a whole number of at least ``minimum``; D003 otherwise."""
        number = self.number()
        if number != number.to_integral_value() or number < minimum:
            raise self.fail(codes.D003_TYPE, key=self.name or "value", expected=_EXPECTED["integer" if minimum >= 1 else "whole"])
        return int(number)

    def flag(self) -> bool:
        """The value as true / false (also yes / no, 是 / 否); D003 otherwise."""
        if isinstance(self.value, str) and self.value.strip().lower() in ("true", "yes", "是"):
            return True
        if isinstance(self.value, str) and self.value.strip().lower() in ("false", "no", "否"):
            return False
        raise self.fail(codes.D003_TYPE, key=self.name or "value", expected=_EXPECTED["flag"])

    def choice(self, choices: tuple[str, ...]) -> str:
        """The value, which must be one of ``choices`` (D003 otherwise)."""
        value = self.text()
        if value not in choices:
            raise self.fail(codes.D003_CHOICE, key=self.name or "value", value=value, choices=list(choices))
        return value


_EXPECTED = {
    "mapping": Choice(N_("a mapping of “key: value” lines")),
    "list": Choice(N_("a list (lines beginning with “- ”)")),
    "text": Choice(N_("a text")),
    "number": Choice(N_("a number")),
    "integer": Choice(N_("a whole number of at least 1")),
    "whole": Choice(N_("a whole number (0 or more)")),
    "flag": Choice(N_("true or false")),
}
