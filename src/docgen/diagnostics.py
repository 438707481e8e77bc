"""Diagnostics: what docgen tells an author about their files.

Every problem found by any layer — the loader, the model, the checks, the template data, the
financial tables, the narratives, the writers — is a :class:`Diagnostic`: a :class:`Message` of a
registered :class:`Code` (``docgen.codes`` is the one registry), the place in the author's file and
the message's parameters.  The text is produced only when the diagnostic is shown, in the language
asked for (Chinese by default); translations live in the babel/gettext catalog
``docgen/locale/<lang>/LC_MESSAGES/docgen.po`` (the English message is the catalog id).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

DEFAULT_LANG = "zh_CN"


class Severity(str, enum.Enum):
    """How bad a problem is: an error stops rendering, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, eq=False)
class Code:
    """One registered diagnostic code (``K001`` …): its severity, section and meaning.

    ``exit_status`` is the command's exit status when such a diagnostic is reported: 1 for a
    problem in the author's spec, 2 for one that stops docgen from even looking (an unreadable
    file, broken template data, an internal error).
    """

    id: str
    severity: Severity
    section: str
    summary: str  # one line, English, for docs/diagnostics.md
    exit_status: int = 1
    messages: list[Message] = field(default_factory=list, repr=False)

    def message(self, msgid: str) -> Message:
        """Register one message template of this code (``msgid`` is marked with ``N_``)."""
        message = Message(self, msgid)
        self.messages.append(message)
        return message

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass(frozen=True, eq=False)
class Message:
    """A message template of a code: an English text with ``{placeholders}``, translated when shown."""

    code: Code
    msgid: str


@dataclass(frozen=True)
class Term:
    """A name shown in both languages, e.g. a field: 项目名称 (name)."""

    zh: str
    en: str

    def render(self, lang: str) -> str:
        """The name in ``lang``, with the other language's name in brackets."""
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
        """The word in ``lang``."""
        return translate(self.msgid, lang)


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one place: ``FILE:LINE:COL: severity CODE message``."""

    message_: Message
    file: str
    line: int
    col: int
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.message_.code.id

    @property
    def msgid(self) -> str:
        return self.message_.msgid

    @property
    def severity(self) -> Severity:
        return self.message_.code.severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def exit_status(self) -> int:
        """0 for a warning; else the code's exit status (1: the spec has errors, 2: cannot proceed)."""
        return self.message_.code.exit_status if self.is_error else 0

    def message(self, lang: str = DEFAULT_LANG) -> str:
        """The message text in ``lang`` (one line)."""
        template = translate(self.msgid, lang)
        values = {k: _render_param(v, lang) for k, v in self.params.items()}
        try:
            text = template.format(**values)
        except (KeyError, IndexError, ValueError):
            text = template
        return one_line(text)

    def format(self, lang: str = DEFAULT_LANG) -> str:
        """``FILE:LINE:COL: severity CODE message``."""
        return f"{one_line(self.file)}:{self.line}:{self.col}: {self.severity.value} {self.code} {self.message(lang)}"

    def sort_key(self) -> tuple:
        """Sort by file, line, column, code."""
        return (self.file, self.line, self.col, self.code)


def diagnostic(message: Message, file: str | Path, line: int = 1, col: int = 1, **params: Any) -> Diagnostic:
    """A diagnostic of ``message`` at ``file:line:col`` with its placeholders' values."""
    return Diagnostic(message, str(file), line, col, params)


_CONTROL = dict.fromkeys([*range(0x00, 0x20), 0x7F, 0x85, 0x2028, 0x2029], " ")


def one_line(text: str) -> str:
    """A diagnostic is one line: line breaks and control characters inside values become spaces,
    so a value can never start a second, forged diagnostic line."""
    return text.translate(_CONTROL)


def _render_param(value: Any, lang: str) -> str:
    if hasattr(value, "render"):  # Term, Choice, and composite parameters
        return value.render(lang)
    if isinstance(value, Diagnostic):
        return f"{value.code} {value.message(lang)}"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        sep = "、" if lang.startswith("zh") else ", "
        return sep.join(_render_param(v, lang) for v in value)
    return str(value)


# --- the message catalog -----------------------------------------------------------------------

LOCALE_DIR = Path(__file__).parent / "locale"


@functools.cache
def _catalog(lang: str) -> dict[str, str]:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "docgen.po"
    if not po.is_file():
        return {}
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def normalize_lang(lang: str | None) -> str:
    """zh / zh-CN / zh_CN → zh_CN; en-… → en."""
    if not lang:
        return DEFAULT_LANG
    lang = lang.replace("-", "_")
    if lang.lower().startswith("zh"):
        return "zh_CN"
    if lang.lower().startswith("en"):
        return "en"
    return lang


def translate(msgid: str, lang: str) -> str:
    """The catalog's translation of ``msgid`` in ``lang`` (the English id when there is none)."""
    if lang == "en":
        return msgid
    return _catalog(lang).get(msgid, msgid)


def N_(msgid: str) -> str:
    """Marks a message for extraction; the translation happens when the diagnostic is shown."""
    return msgid
