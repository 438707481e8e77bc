"""How template names compare: a name as typed in a spec or a family, and a file's name on disk."""

from __future__ import annotations

import unicodedata


def normalize_name(name: str) -> str:
    """A layout name as typed: spaces at the ends and full-width letters do not matter (「henan 」, 「ｈｅｎａｎ」)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def normalize_id(name: str) -> str:
    """A template's name with its folder parts (``FAMILY/NAME`` of a form), each part normalised."""
    return "/".join(normalize_name(part) for part in name.split("/"))
