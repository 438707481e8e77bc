"""model: positioned plain data -> validated spec model, with diagnostics at the author's nodes.

Two steps:

1. ``_Normalizer`` walks the data along the model's types, renaming Chinese labels and aliases to
   the English field names.  Unknown keys (S001, with a "did you mean") and a field given under
   two names (S002) are reported here, at the key.  It records where each renamed node came from.
2. pydantic validates the renamed data; each of its errors is located through that record and
   turned into one diagnostic in the author's terms (S003–S012).
"""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Union, cast, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .. import codes
from ..diagnostics import N_, Choice, Diagnostic, Message, Term
from ..load.yamlload import Loaded, Mark, SourceMap
from .spec import KIND_ALIASES, KINDS, Spec

Path_ = tuple


# --- field tables -------------------------------------------------------------------------------

def _squash(key: str) -> str:
    """Key spelling that ignores spacing and full/half-width brackets and colons."""
    key = re.sub(r"\s+", "", key)
    return key.translate(str.maketrans("（）：", "():")).rstrip(":")


@functools.cache
def field_table(model: type[BaseModel]) -> dict[str, str]:
    """Every accepted spelling of every field of ``model`` -> the field's English name."""
    table: dict[str, str] = {}
    for name, info in model.model_fields.items():
        spellings = [name]
        if info.title:
            spellings.append(info.title)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        aliases = extra.get("aliases", [])
        spellings.extend(str(a) for a in (aliases if isinstance(aliases, list) else []))
        for s in spellings:
            table.setdefault(_squash(s), name)
    return table


def field_term(model: type[BaseModel] | None, name: str) -> Term:
    """A field's name in both languages, for messages."""
    if model is not None and name in model.model_fields:
        return Term(model.model_fields[name].title or name, name)
    return Term("", str(name))


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _members(annotation: Any) -> tuple:
    annotation = _strip(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(_strip(a) for a in get_args(annotation))
    return (annotation,)


def _pick(annotation: Any, value: Any) -> Any:
    """The member of a union that a mapping/list value is meant for (None if none fits)."""
    for member in _members(annotation):
        origin = get_origin(member)
        if isinstance(value, dict) and (_is_model(member) or origin is dict):
            return member
        if isinstance(value, list) and origin is list:
            return member
    return None


# --- step 1: renaming ---------------------------------------------------------------------------

MAX_SUGGESTIONS = 100


class _Normalizer:
    def __init__(self, loaded: Loaded, out: list[Diagnostic]) -> None:
        self.loaded = loaded
        self.out = out
        self.map = SourceMap(loaded.file)
        self.unknown = 0
        self.suggested: set[Path_] = set()  # fields named in a "did you mean": not reported missing too
        self.current: Path_ = ()

    def _record(self, old: Path_, new: Path_) -> None:
        if old in self.loaded.values:
            self.map.values[new] = self.loaded.values[old]
        if old in self.loaded.keys:
            self.map.keys[new] = self.loaded.keys[old]

    def walk(self, value: Any, annotation: Any, old: Path_, new: Path_) -> Any:
        self._record(old, new)
        target = _pick(annotation, value)
        if target is None:
            return value
        if _is_model(target):
            return self.model(value, target, old, new)
        args = get_args(target)
        if get_origin(target) is list:
            return [self.walk(v, args[0], old + (i,), new + (i,)) for i, v in enumerate(value)]
        if get_origin(target) is dict:
            return {k: self.walk(v, args[1], old + (k,), new + (k,)) for k, v in value.items()}
        return value

    def model(self, value: dict, model: type[BaseModel], old: Path_, new: Path_) -> dict:
        self.current = new
        table = field_table(model)
        result: dict[str, Any] = {}
        written_as: dict[str, str] = {}
        for key, item in value.items():
            name = table.get(_squash(str(key)))
            key_mark = self.loaded.key(old + (key,))
            self.current = new
            if name is None:
                self._unknown(key, model, key_mark)
                continue
            if name in result:
                self.out.append(Diagnostic(
                    codes.S002_TWICE, self.loaded.file, key_mark.line, key_mark.col,
                    {"field": field_term(model, name), "first": written_as[name], "second": key},
                ))
                continue
            written_as[name] = key
            if isinstance(item, str):
                self._absorbed_key(item, model, name, old + (key,))
            result[name] = self.walk(item, model.model_fields[name].annotation, old + (key,), new + (name,))
        return result

    def _absorbed_key(self, value: str, model: type[BaseModel], name: str, path: Path_) -> None:
        """「- name: 群众满意度⏎  target：≥90%」: YAML reads the second line as more of the name."""
        if "\n" in value or len(value) > 200:
            return  # a block of text (立项依据 …) may well quote 「项目概况：」
        table = field_table(model)
        for m in re.finditer(r"\s([^\s：:]{1,20})：", value):
            other = table.get(_squash(m.group(1)))
            if other is not None and other != name:
                mark = self.loaded.value(path)
                self.out.append(Diagnostic(codes.S013_COLON, self.loaded.file, mark.line, mark.col,
                                           {"field": field_term(model, name), "key": m.group(1)}))
                return

    def _unknown(self, key: Any, model: type[BaseModel], mark: Mark) -> None:
        self.unknown += 1
        if self.unknown > MAX_SUGGESTIONS:  # a file of junk keys: stay fast, one line each
            self.out.append(Diagnostic(codes.S001_UNKNOWN, self.loaded.file, mark.line, mark.col, {"key": key}))
            return
        table = field_table(model)
        joined = re.match(r"^([^：:\s]{1,20})\s*[：:]\s*(.+)$", str(key))
        if joined and table.get(_squash(joined.group(1))):
            field = table[_squash(joined.group(1))]
            self.suggested.add(self.current + (field,))
            self.out.append(Diagnostic(codes.S001_COLON, self.loaded.file, mark.line, mark.col,
                                       {"key": key, "field": field_term(model, field), "name": joined.group(1), "value": joined.group(2)}))
            return
        spellings = {}
        for name, info in model.model_fields.items():
            spellings[name] = name
            if info.title:
                spellings[info.title] = name
        candidates = list(spellings) + [k for k in table if k not in spellings]
        close = difflib.get_close_matches(_squash(str(key)), candidates, n=1, cutoff=0.5)
        if close:
            suggestion = field_term(model, table.get(_squash(close[0]), close[0]))
            self.suggested.add(self.current + (suggestion.en,))
            self.out.append(Diagnostic(
                codes.S001_SUGGEST, self.loaded.file, mark.line, mark.col, {"key": key, "suggestion": suggestion},
            ))
        else:
            allowed = [field_term(model, n) for n in model.model_fields]
            self.out.append(Diagnostic(
                codes.S001_ALLOWED, self.loaded.file, mark.line, mark.col, {"key": key, "allowed": allowed},
            ))


# --- step 2: validation errors -> diagnostics ---------------------------------------------------

def _value_at(data: Any, path: tuple) -> Any:
    """The value at ``path`` in the plain data (None if it is not there)."""
    for step in path:
        inside = (isinstance(data, dict) and step in data) or (isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data))
        if not inside:
            return None
        data = data[step]
    return data


def _model_at(root: type[BaseModel], loc: Path_) -> tuple[type[BaseModel] | None, str | None]:
    """The model class that holds the last field of ``loc``, and that field's name."""
    annotation: Any = root
    holder: type[BaseModel] | None = None
    name: str | None = None
    for part in loc:
        members = _members(annotation)
        model = next((m for m in members if _is_model(m)), None)
        if model is not None and isinstance(part, str) and part in model.model_fields:
            holder, name = model, part
            annotation = model.model_fields[part].annotation
            continue
        container = next((m for m in members if get_origin(m) in (list, dict)), None)
        if container is None:
            break
        annotation = get_args(container)[-1]
    return holder, name


def _clean_loc(loc: tuple, data: Any, missing: bool) -> Path_:
    """Drop pydantic's union tags from ``loc`` so it is a path into the data."""
    path: list[Any] = []
    node = data
    for i, part in enumerate(loc):
        if (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            path.append(part)
            node = node[part]
        elif missing and i == len(loc) - 1 and isinstance(part, str) and isinstance(node, dict):
            path.append(part)
        # otherwise a tag such as 'list[Task]' or 'function-after[...]': skip it
    return tuple(path)


_SCALAR_ERRORS = {
    "dg_number", "dg_number_unit", "dg_number_large", "dg_date", "dg_year", "dg_year_month", "dg_period_date", "dg_period_span", "dg_table_number",
    "dg_table_number_pattern", "decimal_parsing",
    "decimal_type", "int_parsing", "int_type", "date_parsing", "date_type", "literal_error", "string_type",
}

_KIND_WORDS = {
    "dict_type": N_("a mapping of “key: value” lines"),
    "model_type": N_("a mapping of “key: value” lines"),
    "model_attributes_type": N_("a mapping of “key: value” lines"),
    "list_type": N_("a list (lines beginning with “- ”)"),
    "string_type": N_("a text"),
}


def _diagnose(err: Any, model: type[BaseModel], data: dict, smap: SourceMap) -> tuple[Path_, Message, dict]:
    kind = err["type"]
    missing = kind == "missing"
    path = _clean_loc(err["loc"], data, missing)
    holder, name = _model_at(model, path)
    term = field_term(holder, name) if name else Term("", ".".join(map(str, path)) or "spec")
    value = err.get("input")
    shown = value if isinstance(value, str) else ""
    if missing:
        return path, codes.S003_MISSING, {"field": term}
    if kind == "dg_empty" or (value is None and kind in _SCALAR_ERRORS):
        return path, codes.S003_EMPTY, {"field": term}
    if isinstance(value, (dict, list)) and kind in _SCALAR_ERRORS:
        return path, codes.S004_SINGLE, {"field": term}
    if kind == "dg_number_large":
        return path, codes.S005_TOO_LARGE, {"field": term, "value": shown}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return path, codes.S005_NOT_WHOLE, {"field": term, "value": shown}
    if kind == "dg_number_unit":
        return path, codes.S005_UNIT, {"field": term, "unit": err["ctx"]["unit"]}
    if kind in ("dg_number", "decimal_parsing", "decimal_type"):
        return path, codes.S005_NOT_NUMBER, {"field": term, "value": shown}
    if kind in ("dg_date", "date_parsing", "date_type", "date_from_datetime_parsing"):
        return path, codes.S006_DATE, {"field": term, "value": shown}
    if kind == "dg_year_month":
        return path, codes.S006_YEAR_MONTH, {"field": term, "value": shown}
    if kind == "dg_period_date":
        return path, codes.S006_PERIOD_DATE, {"field": term, "value": shown}
    if kind == "dg_period_span":
        return path, codes.S006_PERIOD_SPAN, {"field": term, "value": shown}
    if kind == "dg_table_number":
        return path, codes.S015_TABLE_NUMBER, {"field": term, "value": shown}
    if kind == "dg_table_number_pattern":
        return path, codes.S015_PATTERN, {"field": term, "value": shown}
    if kind == "dg_year":
        return path, codes.S011_YEAR, {"field": term, "value": shown}
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        return path, codes.S007_CHOICES, {"field": term, "value": shown, "choices": expected}
    if kind in ("string_too_short", "too_short"):
        return path, codes.S003_NOT_EMPTY, {"field": term}
    if kind in _KIND_WORDS:
        return path, codes.S004_EXPECTED, {"field": term, "expected": Choice(_KIND_WORDS[kind])}
    return path, codes.S012_INVALID, {"field": term, "detail": err.get("msg", kind)}


def _validation_diagnostics(exc: ValidationError, model: type[BaseModel], data: dict, smap: SourceMap, suggested: set) -> list[Diagnostic]:
    by_path: dict[Path_, list[tuple[Message, dict]]] = {}
    for err in exc.errors(include_url=False):
        path, message, params = _diagnose(err, model, data, smap)
        if message is codes.S003_MISSING and path in suggested:
            continue  # the misspelt key was already reported with this field as the suggestion
        by_path.setdefault(path, []).append((message, params))
    out = []
    for path, found in by_path.items():
        if ({m.code.id for m, _ in found} <= {"S004", "S007"} and isinstance(_value_at(data, path), dict)
                and any(len(p) > len(path) and p[:len(path)] == path for p in by_path)):
            continue  # a mapping where a union takes a word or a mapping: the problem inside it says more
        found_codes = {m.code.id for m, _ in found}
        literal = [f for f in found if f[0].code.id == "S007"]
        if len(found) > 1 and literal and not isinstance(_value_at(data, path), (dict, list)):
            # a word where a union takes a word or a mapping (parts: [cover, {narrative: …}]): the words allowed
            found = literal[:1]
        elif len(found) > 1 and found_codes <= {"S004", "S007", "S005", "S012"}:
            # one value failed every member of a union: say what would be accepted
            holder, name = _model_at(model, path)
            term = field_term(holder, name) if name else Term("", ".".join(map(str, path)))
            found = [(codes.S004_WRONG_FORM, {"field": term})]
        if found[0][0] is codes.S003_MISSING:
            # the field is absent: point at the mapping that should hold it
            mark = smap.key(path[:-1]) if path[:-1] else smap.value(())
        else:
            mark = smap.value(path)
        seen = set()
        for message, params in found:
            if message.msgid in seen:
                continue
            seen.add(message.msgid)
            out.append(Diagnostic(message, smap.file, mark.line, mark.col, params))
    return out


# --- entry point --------------------------------------------------------------------------------

@dataclass
class Built:
    """A built spec (None when it has structural errors), where its nodes are, and the problems."""
    spec: Spec | None
    source: SourceMap
    diagnostics: list[Diagnostic]


def build_spec(loaded: Loaded) -> Built:
    """Turn a loaded file into a spec model.  ``spec`` is None when the file has structural errors."""
    out: list[Diagnostic] = []
    data = loaded.data
    smap = SourceMap(loaded.file)
    if not isinstance(data, dict):
        return Built(None, smap, out)
    kind_key = next((k for k in data if _squash(str(k)) in ("kind", "类型", "种类")), None)
    if kind_key is None:
        out.append(Diagnostic(codes.S008_MISSING, loaded.file, 1, 1, {}))
        return Built(None, smap, out)
    raw_kind = data[kind_key]
    kind = KIND_ALIASES.get(raw_kind.strip(), raw_kind.strip()) if isinstance(raw_kind, str) else ""
    if kind not in KINDS:
        mark = loaded.value((kind_key,))
        if not isinstance(raw_kind, str):
            message = codes.S008_NOT_WORD
        else:
            message = codes.S008_UNKNOWN
        out.append(Diagnostic(message, loaded.file, mark.line, mark.col, {"value": raw_kind}))
        return Built(None, smap, out)
    model = KINDS[kind]
    normalizer = _Normalizer(loaded, out)
    renamed = normalizer.model(data, model, (), ())
    normalizer._record((), ())
    renamed["kind"] = kind
    smap = normalizer.map
    try:
        spec = cast(Spec, model.model_validate(renamed))
    except ValidationError as exc:
        out.extend(_validation_diagnostics(exc, model, renamed, smap, normalizer.suggested))
        return Built(None, smap, out)
    if any(d.is_error for d in out):
        return Built(None, smap, out)
    return Built(spec, smap, out)
