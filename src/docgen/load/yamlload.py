"""load: YAML spec file -> plain data that remembers where every node came from.

Plain PyYAML loses positions, silently keeps the last of two duplicate keys, turns ``yes`` into
True and ``010`` into 8, and expands alias bombs.  This loader builds the data itself from the
parser's events (libyaml when available), so:

* every scalar stays the author's text (``yes``, ``010``, ``2020-01-01`` are strings); only an
  empty plain scalar, ``~`` and ``null`` become None.  The model converts by field type.
* the line and column of every key and value are recorded by path;
* duplicate keys, anchors/aliases, merge keys, tags, several documents are refused;
* the bytes are decoded strictly: UTF-8 (with or without BOM), else GB18030 with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import N_, Choice, Diagnostic

try:  # libyaml's parser is several times faster; positions are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
NULL_WORDS = {"", "~", "null", "Null", "NULL"}

Path_ = tuple  # a path into the data: keys (str) and list indices (int)


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class SourceMap:
    """Where each node of a spec sits in the author's file, by path (keys and list indices)."""

    file: str
    values: dict[Path_, Mark] = field(default_factory=dict)  # path -> mark of the value node
    keys: dict[Path_, Mark] = field(default_factory=dict)  # path -> mark of the key (mapping entries)

    def value(self, path: Path_) -> Mark:
        """Mark of the value at ``path``, or of the nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Mark(1, 1))

    def key(self, path: Path_) -> Mark:
        """Mark of the key of the entry at ``path`` (falls back to its value, then ancestors)."""
        path = tuple(path)
        if path in self.keys:
            return self.keys[path]
        return self.value(path)

    def has(self, path: Path_) -> bool:
        return tuple(path) in self.values


@dataclass
class Loaded(SourceMap):
    """A loaded spec: its data (None when it could not be read) and where each node sits."""

    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(d.is_error for d in self.diagnostics)

    def report(self, code: str, mark: Mark | None, msgid: str, **params: Any) -> None:
        line, col = (mark.line, mark.col) if mark else (1, 1)
        self.diagnostics.append(Diagnostic(code, self.file, line, col, msgid, params))


class _Refused(Exception):
    def __init__(self, code: str, mark: Mark | None, msgid: str, **params: Any) -> None:
        self.code, self.mark, self.msgid, self.params = code, mark, msgid, params


def _mark(m: Any) -> Mark:
    return Mark(m.line + 1, m.column + 1)


# --- decoding -----------------------------------------------------------------------------------

def decode(raw: bytes, loaded: Loaded) -> str | None:
    """Decode strictly; GB18030 (a superset of GBK) is accepted with warning L002."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" not in text:
            loaded.report("L002", Mark(1, 1), N_("the file is encoded in {encoding}, not UTF-8: it was read correctly, but please save it as UTF-8"), encoding="UTF-16")
            return text
    if b"\x00" in raw:
        loaded.report("L003", Mark(1, 1), N_("this is not a text file (it contains binary data): a spec must be a YAML text file saved as UTF-8"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw[: exc.start].count(b"\n") + 1
            loaded.report("L003", Mark(line, 1), N_("the file is neither UTF-8 nor GBK/GB18030 text (undecodable bytes on this line): save it as UTF-8"))
            return None
        if _looks_binary(text):
            loaded.report("L003", Mark(1, 1), N_("this is not a text file (it contains binary data): a spec must be a YAML text file saved as UTF-8"))
            return None
        loaded.report("L002", Mark(1, 1), N_("the file is encoded in {encoding}, not UTF-8: it was read correctly, but please save it as UTF-8"), encoding="GBK/GB18030")
        return text
    if _looks_binary(text):
        loaded.report("L003", Mark(1, 1), N_("this is not a text file (it contains binary data): a spec must be a YAML text file saved as UTF-8"))
        return None
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


# --- parsing ------------------------------------------------------------------------------------

_SYNTAX_HINTS = [
    ("mapping values are not allowed", N_("a colon cannot stand here: put a space after the colon of a key, or put text that contains “: ” in quotes")),
    ("could not find expected ':'", N_("a key is missing its colon, or a text continues on a new line without indentation")),
    ("did not find expected key", N_("the indentation does not line up with the keys above")),
    ("did not find expected '-' indicator", N_("the indentation does not line up with the list items above")),
    ("did not find expected node content", N_("a value is missing or begins with a character that must be quoted")),
    ("found unexpected end of stream", N_("a quote or bracket is opened but never closed")),
    ("found unknown escape character", N_("a backslash in double quotes: use single quotes, or write \\\\")),
    ("expected <block end>, but found", N_("the indentation does not line up with the lines above")),
    ("while scanning a block scalar", N_("a block text (| or >) is badly indented; a value beginning with > or | must be quoted")),
    ("found character that cannot start any token", N_("this character cannot begin a value: put the value in quotes")),
    ("while scanning a quoted scalar", N_("a quote is opened but never closed")),
    ("while parsing a flow", N_("a bracket [ ] or brace {{ }} is not closed properly")),
]
_GENERIC_SYNTAX = N_("YAML syntax error: {problem}")


def _syntax_diagnostic(exc: yaml.MarkedYAMLError) -> _Refused:
    text = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and (
        "end of stream" in text or "while parsing a flow" in text or "quoted scalar" in text
    ):
        mark = exc.context_mark  # where the unclosed quote or bracket was opened
    where = _mark(mark) if mark is not None else None
    for needle, msgid in _SYNTAX_HINTS:
        if needle in text:
            return _Refused("L004", where, msgid)
    return _Refused("L004", where, _GENERIC_SYNTAX, problem=(exc.problem or text).strip())


def _tab_indent(text: str, up_to_line: int) -> Mark | None:
    """The first line up to ``up_to_line`` whose indentation holds a tab.

    Only asked after a syntax error: a tab inside block text is legal content, but a tab in the
    indentation of keys is the usual cause of the error and is invisible in most editors.
    """
    for number, line in enumerate(text.splitlines()[:up_to_line], start=1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and _KEY_OR_ITEM.match(stripped):
            return Mark(number, indent.index("\t") + 1)
    return None


# a line that starts a mapping entry or a list item (block text lines rarely look like this)
_KEY_OR_ITEM = re.compile(r"^(- |-$|[^\s#'\"][^:#]{0,80}:(\s|$))")


# YAML counts U+0085, U+2028 and U+2029 as line breaks, editors do not: they are swapped for
# private-use characters while parsing (so positions match the editor) and restored in the values.
_HIDE_BREAKS = str.maketrans({"\u0085": "\uf8f0", "\u2028": "\uf8f1", "\u2029": "\uf8f2"})
_SHOW_BREAKS = str.maketrans({"\uf8f0": "\u0085", "\uf8f1": "\u2028", "\uf8f2": "\u2029"})


def load_text(text: str, file: str, loaded: Loaded | None = None) -> Loaded:
    loaded = loaded or Loaded(file)
    hidden = text.translate(_HIDE_BREAKS)
    try:
        data = _Builder(loaded, restore=hidden != text).build(yaml.parse(hidden, Loader=_Loader))
    except _Refused as r:
        loaded.report(r.code, r.mark, r.msgid, **r.params)
        return loaded
    except yaml.MarkedYAMLError as exc:
        r = _syntax_diagnostic(exc)
        tab = _tab_indent(text, r.mark.line if r.mark else len(text))
        if tab is not None:
            loaded.report("L005", tab, N_("a tab is used for indentation: YAML allows only spaces (set your editor to insert spaces)"))
        else:
            loaded.report(r.code, r.mark, r.msgid, **r.params)
        return loaded
    except yaml.YAMLError as exc:  # a reader error (e.g. a forbidden control character)
        loaded.report("L003", getattr(exc, "mark", None) and Mark(1, 1), N_("the file contains characters that are not allowed in YAML text"))
        return loaded
    if data is None:
        loaded.report("L008", Mark(1, 1), N_("the file is empty: a spec needs at least kind, year, layout and a name"))
        return loaded
    if not isinstance(data, dict):
        loaded.report("L009", loaded.values.get((), Mark(1, 1)), N_("a spec must be a set of “key: value” lines (a mapping), not a list or a single text"))
        return loaded
    loaded.data = data
    return loaded


def load_file(path: str | Path, display: str | None = None) -> Loaded:
    """Read and parse one spec file.  Never raises for bad input: problems become diagnostics."""
    path = Path(path)
    loaded = Loaded(display or str(path))
    try:
        if path.is_dir():
            loaded.report("L001", Mark(1, 1), N_("cannot read the file: {reason}"), reason=Choice(N_("it is a folder")))
            return loaded
        if not path.exists():
            loaded.report("L001", Mark(1, 1), N_("cannot read the file: {reason}"), reason=Choice(N_("it does not exist")))
            return loaded
        if not path.is_file():  # a pipe or a device: it could be endless
            loaded.report("L001", Mark(1, 1), N_("cannot read the file: {reason}"), reason=Choice(N_("it is not a regular file")))
            return loaded
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            loaded.report("L010", Mark(1, 1), N_("the file is larger than any spec ({limit} bytes at most)"), limit=MAX_BYTES)
            return loaded
    except PermissionError:
        loaded.report("L001", Mark(1, 1), N_("cannot read the file: {reason}"), reason=Choice(N_("permission denied")))
        return loaded
    except OSError as exc:
        loaded.report("L001", Mark(1, 1), N_("cannot read the file: {reason}"), reason=exc.strerror or str(exc))
        return loaded
    text = decode(raw, loaded)
    if text is None:
        return loaded
    return load_text(text, loaded.file, loaded)


class _Builder:
    """Builds plain data from parser events, recording marks and refusing what specs must not use."""

    def __init__(self, loaded: Loaded, restore: bool = False) -> None:
        self.loaded = loaded
        self.restore = restore

    def _text(self, value: str) -> str:
        return value.translate(_SHOW_BREAKS) if self.restore else value

    def build(self, events: Any) -> Any:
        self.events = iter(events)
        documents = 0
        data = None
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused("L011", _mark(event.start_mark), N_("a second YAML document (after ---) in the same file: write one spec per file"))
                data = self._node(next(self.events), (), 0)
        return data

    def _check_node(self, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused("L007", _mark(event.start_mark), N_("anchors and aliases (&name, *name) are not allowed in specs: write the value out"))
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ("tag:yaml.org,2002:str", "!"):
            raise _Refused("L012", _mark(event.start_mark), N_("YAML tags such as {tag} are not allowed in specs"), tag=tag)

    def _node(self, event: Any, path: Path_, depth: int) -> Any:
        self._check_node(event)
        if depth > MAX_DEPTH:
            raise _Refused("L010", _mark(event.start_mark), N_("the spec is nested more than {limit} levels deep"), limit=MAX_DEPTH)
        self.loaded.values[path] = _mark(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and event.value in NULL_WORDS and event.tag is None:
                return None
            return self._text(event.value)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for event in self.events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(event, path + (len(items),), depth + 1))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            for event in self.events:
                if isinstance(event, yaml.MappingEndEvent):
                    return mapping
                self._check_node(event)
                key_mark = _mark(event.start_mark)
                if not isinstance(event, yaml.ScalarEvent):
                    raise _Refused("S004", key_mark, N_("a key must be a plain word, not a list or a mapping"))
                key = self._text(event.value)
                if key == "<<" and not event.style:
                    raise _Refused("L007", key_mark, N_("merge keys (<<) are not allowed in specs: write the values out"))
                if key in mapping:
                    first = self.loaded.keys[path + (key,)]
                    raise _Refused("L006", key_mark, N_("the key “{key}” appears twice in this mapping (first on line {first}): only one can be kept, so neither is guessed"), key=key, first=first.line)
                child = path + (key,)
                self.loaded.keys[child] = key_mark
                mapping[key] = self._node(next(self.events), child, depth + 1)
            return mapping
        raise _Refused("L004", _mark(event.start_mark), _GENERIC_SYNTAX, problem=type(event).__name__)
