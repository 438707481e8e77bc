"""Characters that do not belong in a spec's text, found where they are.

Text pasted from Word, WPS or a web page brings characters nobody sees: a vertical tab (Word's
manual line break), a bell, zero-width spaces, a byte-order mark in the middle, full-width spaces
at the ends of a value, tabs.  YAML refuses some of them with an error at 1:1; others pass and then
break a writer or split a name that looks whole.  This module classifies each character once:

* **harmless** (``L013``, warning): removed, or turned into what was meant — a vertical tab into a
  line break, a tab into a space, full-width spaces at the ends of a value dropped;
* **meaning-changing** (``L014``, error): bidirectional controls (U+202A–U+202E, U+2066–U+2069,
  U+200E/U+200F) reorder how the text is displayed, so a table could read differently from the
  spec; they are refused.

The loader hides each raw character behind a private-use placeholder while YAML parses (so line
and column numbers stay those of the editor), then cleans every value, whichever way the character
got there (typed, pasted, or written as a ``"\\x01"`` escape).
"""

from __future__ import annotations

from dataclasses import dataclass

# characters YAML's reader refuses or that must not reach a value, hidden while parsing
_C0 = [c for c in range(0x00, 0x20) if c not in (0x09, 0x0A, 0x0D)]
_OTHER = [0x7F, *range(0x80, 0x85), *range(0x86, 0xA0), 0xFFFE, 0xFFFF]
RAW = frozenset(chr(c) for c in (*_C0, *_OTHER))
PLACEHOLDER_BASE = 0xF0000  # Supplementary Private Use Area-A: never in a spec's text
_HIDE = {ord(ch): chr(PLACEHOLDER_BASE + ord(ch)) for ch in RAW}
_SHOW = {PLACEHOLDER_BASE + ord(ch): ch for ch in RAW}

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
FULLWIDTH_SPACE = "\u3000"


@dataclass(frozen=True)
class Finding:
    """One character found in a value: its offset in the value, its name, and whether it is refused."""

    offset: int
    char: str
    refused: bool

    @property
    def name(self) -> str:
        return f"U+{ord(self.char):04X}"


def hide(text: str) -> str:
    """The text with every raw control character swapped for a placeholder of the same length."""
    return text.translate(_HIDE)


def show(text: str) -> str:
    """Placeholders back to the characters they stand for."""
    return text.translate(_SHOW)


def clean(value: str) -> tuple[str, list[Finding]]:
    """A value without its stray characters, and what was found (offsets in the original value)."""
    findings: list[Finding] = []
    out: list[str] = []
    block = "\n" in value  # a block of text: a tab there is the author's indentation
    for i, ch in enumerate(value):
        if ch in BIDI:
            findings.append(Finding(i, ch, refused=True))
            out.append(ch)  # kept: the spec is refused anyway, and the author sees it where it is
        elif ch == "\x0b":
            findings.append(Finding(i, ch, refused=False))
            out.append("\n")
        elif ch == "\t" and not block:
            findings.append(Finding(i, ch, refused=False))
            out.append(" ")
        elif (ch in RAW and ch != "\t") or ch in ZERO_WIDTH or "\ud800" <= ch <= "\udfff":
            if ch == "\ufeff" and i == 0 and not value[1:].strip():
                continue
            findings.append(Finding(i, ch, refused=False))
        else:
            out.append(ch)
    text = "".join(out)
    stripped = text.strip(FULLWIDTH_SPACE)
    if stripped != text and stripped.strip():
        lead = len(text) - len(text.lstrip(FULLWIDTH_SPACE))
        findings.append(Finding(0 if lead else len(value) - 1, FULLWIDTH_SPACE, refused=False))
        text = stripped
    return text, findings
