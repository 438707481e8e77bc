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

from .. import codes, paths
from ..diagnostics import N_, Choice, Diagnostic, Message
from . import characters

try:  # libyaml's parser is several times faster; positions are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
NULL_WORDS = {"", "~", "null", "Null", "NULL"}

Path_ = tuple  # a path into the data: keys (str) and list indices (int)


@dataclass(frozen=True)
class Mark:
    """A line and column, 1-based."""
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
        """Is there a value at ``path``?"""
        return tuple(path) in self.values


@dataclass
class Loaded(SourceMap):
    """A loaded spec: its data (None when it could not be read) and where each node sits."""

    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(d.is_error for d in self.diagnostics)

    def report(self, message: Message, mark: Mark | None, **params: Any) -> None:
        """A diagnostic of ``message`` at ``mark`` (1:1 when unknown)."""
        line, col = (mark.line, mark.col) if mark else (1, 1)
        self.diagnostics.append(Diagnostic(message, self.file, line, col, params))


class _Refused(Exception):
    def __init__(self, message: Message, mark: Mark | None, **params: Any) -> None:
        self.message, self.mark, self.params = message, mark, params


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
            loaded.report(codes.L002_ENCODING, Mark(1, 1), encoding="UTF-16")
            return text
    if b"\x00" in raw:
        loaded.report(codes.L003_BINARY, Mark(1, 1))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw[: exc.start].count(b"\n") + 1
            loaded.report(codes.L003_UNDECODABLE, Mark(line, 1))
            return None
        if _looks_binary(text):
            loaded.report(codes.L003_BINARY, Mark(1, 1))
            return None
        loaded.report(codes.L002_ENCODING, Mark(1, 1), encoding="GBK/GB18030")
        return text
    if _looks_binary(text):
        loaded.report(codes.L003_BINARY, Mark(1, 1))
        return None
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


# --- parsing ------------------------------------------------------------------------------------

_SYNTAX_HINTS = [
    ("mapping values are not allowed", codes.L004_COLON),
    ("could not find expected ':'", codes.L004_NO_COLON),
    ("did not find expected key", codes.L004_KEY_INDENT),
    ("did not find expected '-' indicator", codes.L004_ITEM_INDENT),
    ("did not find expected node content", codes.L004_NO_VALUE),
    ("found unexpected end of stream", codes.L004_UNCLOSED),
    ("found unknown escape character", codes.L004_ESCAPE),
    ("expected <block end>, but found", codes.L004_INDENT),
    ("while scanning a block scalar", codes.L004_BLOCK),
    ("found character that cannot start any token", codes.L004_BAD_START),
    ("while scanning a quoted scalar", codes.L004_QUOTE),
    ("while parsing a flow", codes.L004_FLOW),
    ("while scanning an alias", codes.L004_SPECIAL_START),
    ("while scanning an anchor", codes.L004_SPECIAL_START),
]


_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:：#'\"{}\[\],][^:：#]{0,40}?)\s*：")


def _fullwidth_colon(source: str, line: int) -> _Refused | None:
    """A key written with a full-width colon (「target：≥35个」) on the error's line or just above it."""
    lines = source.splitlines()
    for number in range(min(line, len(lines)), max(line - 3, 0), -1):
        m = _FULLWIDTH_KEY.match(lines[number - 1])
        if m and ":" not in lines[number - 1][: m.end()]:
            return _Refused(codes.L004_FULLWIDTH_COLON, Mark(number, m.end()), key=m.group(2).strip())
    return None


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, source: str = "") -> _Refused:
    text = f"{exc.context or ''} {exc.problem or ''}"
    problem_mark = exc.problem_mark or exc.context_mark
    if source and problem_mark is not None:
        colon = _fullwidth_colon(source, problem_mark.line + 1)
        if colon is not None:
            return colon
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and (
        "end of stream" in text or "while parsing a flow" in text or "quoted scalar" in text
    ):
        mark = exc.context_mark  # where the unclosed quote or bracket was opened
    where = _mark(mark) if mark is not None else None
    for needle, msgid in _SYNTAX_HINTS:
        if needle in text:
            return _Refused(msgid, where)
    return _Refused(codes.L004_SYNTAX, where, problem=(exc.problem or text).strip())


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
    """Parse ``text`` as a spec named ``file``; problems become diagnostics, never exceptions."""
    loaded = loaded or Loaded(file)
    hidden = characters.hide(text.translate(_HIDE_BREAKS))
    try:
        data = _Builder(loaded, restore=hidden != text).build(yaml.parse(hidden, Loader=_Loader))
    except _Refused as r:
        loaded.report(r.message, r.mark, **r.params)
        return loaded
    except yaml.MarkedYAMLError as exc:
        syntax = _syntax_diagnostic(exc, text)
        tab = _tab_indent(text, syntax.mark.line if syntax.mark else len(text))
        if tab is not None:
            loaded.report(codes.L005_TAB, tab)
        else:
            loaded.report(syntax.message, syntax.mark, **syntax.params)
        return loaded
    except yaml.YAMLError as exc:  # a reader error (e.g. a forbidden control character)
        loaded.report(codes.L003_CHARACTERS, getattr(exc, "mark", None) and Mark(1, 1))
        return loaded
    if data is None:
        loaded.report(codes.L008_EMPTY, Mark(1, 1))
        return loaded
    if not isinstance(data, dict):
        loaded.report(codes.L009_NOT_MAPPING, loaded.values.get((), Mark(1, 1)))
        return loaded
    loaded.data = data
    return loaded


def load_file(path: str | Path, display: str | None = None) -> Loaded:
    """Read and parse one spec file.  Never raises for bad input: problems become diagnostics."""
    path = Path(path)
    loaded = Loaded(display or str(path))
    try:
        if path.is_dir():
            loaded.report(codes.L001_CANNOT_READ, Mark(1, 1), reason=Choice(N_("it is a folder")))
            return loaded
        if not path.exists():
            loaded.report(codes.L001_CANNOT_READ, Mark(1, 1), reason=Choice(N_("it does not exist")))
            return loaded
        if not path.is_file():  # a pipe or a device: it could be endless
            loaded.report(codes.L001_CANNOT_READ, Mark(1, 1), reason=Choice(N_("it is not a regular file")))
            return loaded
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            loaded.report(codes.L010_TOO_LARGE, Mark(1, 1), limit=MAX_BYTES)
            return loaded
    except PermissionError:
        loaded.report(codes.L001_CANNOT_READ, Mark(1, 1), reason=Choice(N_("permission denied")))
        return loaded
    except OSError as exc:
        loaded.report(codes.L001_CANNOT_READ, Mark(1, 1), reason=paths.reason(exc))
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

    def _text(self, value: str, event: Any) -> str:
        """A scalar's text: hidden characters restored, then stray ones cleaned (L013) or refused (L014)."""
        if self.restore:
            value = characters.show(value.translate(_SHOW_BREAKS))
        cleaned, findings = characters.clean(value)
        if findings:
            mark = _mark(event.start_mark)
            quoted = 1 if getattr(event, "style", None) in ("'", '"') else 0
            for f in findings:
                col = mark.col + quoted + f.offset if "\n" not in value[: f.offset] else mark.col
                message = codes.L014_BIDI if f.refused else (codes.L013_LINE_BREAK if f.char == "\x0b" else
                          codes.L013_TAB if f.char == "\t" else codes.L013_SPACE if f.char == characters.FULLWIDTH_SPACE
                          else codes.L013_REMOVED)
                self.loaded.report(message, Mark(mark.line, col), char=f.name)
        return cleaned

    def build(self, events: Any) -> Any:
        self.events = iter(events)
        documents = 0
        data = None
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(codes.L011_SECOND_DOCUMENT, _mark(event.start_mark))
                data = self._node(next(self.events), (), 0)
        return data

    def _check_node(self, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(codes.L007_ALIAS, _mark(event.start_mark))
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ("tag:yaml.org,2002:str", "!"):
            raise _Refused(codes.L012_TAG, _mark(event.start_mark), tag=tag)

    def _node(self, event: Any, path: Path_, depth: int) -> Any:
        self._check_node(event)
        if depth > MAX_DEPTH:
            raise _Refused(codes.L010_TOO_DEEP, _mark(event.start_mark), limit=MAX_DEPTH)
        self.loaded.values[path] = _mark(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and event.value in NULL_WORDS and event.tag is None:
                return None
            return self._text(event.value, event)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
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
                    raise _Refused(codes.S004_KEY, key_mark)
                key = self._text(event.value, event)
                if key == "<<" and not event.style:
                    raise _Refused(codes.L007_MERGE, key_mark)
                if key in mapping:
                    first = self.loaded.keys[path + (key,)]
                    raise _Refused(codes.L006_DUPLICATE, key_mark, key=key, first=first.line)
                child = path + (key,)
                self.loaded.keys[child] = key_mark
                mapping[key] = self._node(next(self.events), child, depth + 1)
            return mapping
        raise _Refused(codes.L004_SYNTAX, _mark(event.start_mark), problem=type(event).__name__)
