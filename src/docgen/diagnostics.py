"""Diagnostics: what docgen tells an author about their spec.

A diagnostic carries a stable code, a severity, the place in the author's file and an English
message template with its parameters.  The text is produced only when the diagnostic is shown, in
the language asked for (Chinese by default); translations live in the babel/gettext catalog
``docgen/locale/<lang>/LC_MESSAGES/docgen.po``.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

DEFAULT_LANG = "zh_CN"


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


# code -> severity.  The full table with meanings is docs/diagnostics.md; a test keeps both in step.
SEVERITY: dict[str, Severity] = {
    **{c: Severity.ERROR for c in (
        "L001 L003 L004 L005 L006 L007 L008 L009 L010 L011 L012 "
        "S001 S002 S003 S004 S005 S006 S007 S008 S009 S010 S011 S012 "
        "G001 G003 G010 G011 G020 P012 K001 K002 K003 K007 K008 F001 F002 F003 F004 F006 F007 F008 T001 P001 P002 P004 X001 Z001"
    ).split()},
    **{c: Severity.WARNING for c in (
        "G002 P007 P008 P009 P010 P011 P013 W001 W002 W003 L002 K004 K005 K006 F005 F009 V012 V013 V001 V002 V003 V004 V005 V006 V007 V008 V009 V010 V011 "
        "T002 P003 P005 P006 R001 R002"
    ).split()},
}

# Codes after which the run ends with exit status 2 (the input could not even be looked at).
IO_CODES = frozenset({"L001", "Z001"})


@dataclass(frozen=True)
class Term:
    """A name shown in both languages, e.g. a field: 项目名称 (name)."""

    zh: str
    en: str

    def render(self, lang: str) -> str:
        if not self.zh or self.zh == self.en:
            return self.en
        if lang.startswith("zh"):
            return f"{self.zh}（{self.en}）"
        return f"{self.en} ({self.zh})"


@dataclass(frozen=True)
class Choice:
    """A word with a fixed translation, looked up in the catalog (e.g. 'a mapping')."""

    msgid: str

    def render(self, lang: str) -> str:
        return translate(self.msgid, lang)


@dataclass(frozen=True)
class Diagnostic:
    code: str
    file: str
    line: int
    col: int
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.code]

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, lang: str = DEFAULT_LANG) -> str:
        template = translate(self.msgid, lang)
        values = {k: _render_param(v, lang) for k, v in self.params.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return template

    def format(self, lang: str = DEFAULT_LANG) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity.value} {self.code} {self.message(lang)}"

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.code)


def _render_param(value: Any, lang: str) -> str:
    if isinstance(value, (Term, Choice)):
        return value.render(lang)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        sep = "、" if lang.startswith("zh") else ", "
        return sep.join(_render_param(v, lang) for v in value)
    return str(value)


# --- the message catalog -----------------------------------------------------------------------

LOCALE_DIR = Path(__file__).parent / "locale"


@functools.lru_cache(maxsize=None)
def _catalog(lang: str) -> dict[str, str]:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "docgen.po"
    if not po.is_file():
        return {}
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def normalize_lang(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANG
    lang = lang.replace("-", "_")
    if lang.lower().startswith("zh"):
        return "zh_CN"
    if lang.lower().startswith("en"):
        return "en"
    return lang


def translate(msgid: str, lang: str) -> str:
    if lang == "en":
        return msgid
    return _catalog(lang).get(msgid, msgid)


def N_(msgid: str) -> str:
    """Marks a message for extraction; the translation happens when the diagnostic is shown."""
    return msgid
