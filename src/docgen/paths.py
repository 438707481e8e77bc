"""Questions about files that never raise: a name too long, a loop of links or no permission is an
answer ("no such file"), not a crash — the caller reports it as a diagnostic."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from .diagnostics import N_, Choice

# the reasons a user can act on, in their words (os.strerror is English and technical)
_REASONS = {
    errno.ENOENT: N_("it does not exist"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENAMETOOLONG: N_("the name is too long for the file system"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ELOOP: N_("its links go round in a loop"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.EIO: N_("the disk reported a read or write error"),
    errno.EMFILE: N_("too many files are open"),
    errno.EBUSY: N_("it is in use by another program"),
}


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


_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def file_component(text: str, fallback: str = "表") -> str:
    """``text`` made safe as one part of a file name on every system: no folder separators, none
    of the characters Windows refuses, no control characters, no leading dots (a name from a
    form's data, such as ``{unit}``, can never climb out of the output folder or hide itself)."""
    name = _NOT_IN_NAMES.sub("_", text)
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name or fallback


def reason(exc: OSError) -> Choice | str:
    """An OS error as a short reason in the user's words (without the file name)."""
    if exc.errno in _REASONS:
        return Choice(_REASONS[exc.errno])
    return os.strerror(exc.errno) if exc.errno else str(exc)


def why_not_file(path: Path) -> Choice | str | None:
    """Why ``path`` is not a regular file that can be read (None when it is one)."""
    try:
        if path.is_dir():
            return Choice(N_("it is a folder"))
        path.stat()
        if not path.is_file():
            return Choice(N_("it is not a regular file"))
        if not os.access(path, os.R_OK):
            return Choice(N_("permission denied"))
    except OSError as exc:
        return reason(exc)
    except ValueError:  # a NUL in the name
        return Choice(N_("the name holds a character that file names cannot hold"))
    return None
