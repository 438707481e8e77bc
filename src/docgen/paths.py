"""Questions about files that never raise: a name too long, a loop of links or no permission is an
answer ("no such file"), not a crash — the caller reports it as a diagnostic."""

from __future__ import annotations

import os
from pathlib import Path


def is_file(path: Path) -> bool:
    """Is ``path`` a regular file we can look at?"""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def is_dir(path: Path) -> bool:
    """Is ``path`` a folder we can look at?"""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def exists(path: Path) -> bool:
    """Does anything exist at ``path``?"""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def resolved(path: Path) -> Path | None:
    """``path`` with every link followed, or None when that is not possible."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None


def inside(path: Path, folder: Path) -> bool:
    """Is ``path`` (links followed) inside ``folder`` (links followed)?"""
    target, base = resolved(path), resolved(folder)
    return target is not None and base is not None and (target == base or base in target.parents)


def reason(exc: OSError) -> str:
    """An OS error as a short reason (the text of its errno, without the file name)."""
    return os.strerror(exc.errno) if exc.errno else str(exc)
