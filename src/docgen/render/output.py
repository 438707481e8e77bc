"""What every writer shares: atomic, deterministic output files and the writer options.

* ``atomic_write``: the bytes go to a temporary file in the target folder, are flushed to disk,
  then renamed over the target — an interrupted run leaves the old file or none, never half a file.
* ``normalize_zip``: rewrites an OOXML package (docx/xlsx) with its parts in a fixed order and
  fixed timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..diagnostics import Choice, Diagnostic, Message

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# document properties written into every file: no user names, no clocks
FIXED_CREATED = "2000-01-01T00:00:00Z"
GENERATOR = "docgen"


@dataclass(frozen=True)
class WriterOptions:
    """Fonts and page set-up a writer may use (defaults follow 公文 practice)."""

    body_font: str = "宋体"  # East Asian font of cell text (Word/Excel); 仿宋 is also common
    title_font: str = "黑体"  # titles: CJK fonts have no bold face, so titles use 黑体, not bold 宋体
    latin_font: str = "Times New Roman"
    body_size: float = 10.5  # pt (五号)
    title_size: float = 16.0  # pt (三号)
    pdf_fonts: tuple[str, ...] = ()  # extra TrueType/TTC files to try first for PDF (see render.fonts)


TEMP_PREFIX, TEMP_SUFFIX = ".docgen-", ".part"
STALE_SECONDS = 600  # a temporary file older than this was left by a run that was killed


class WriteError(OSError):
    """A file of a set could not be written (none of the set was): which file, and why."""

    def __init__(self, target: Path, reason: Choice | str) -> None:
        super().__init__(str(reason))
        self.target, self.reason = target, reason


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all."""
    write_all([(Path(path), data)])


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file of a set, or none.

    Each goes to a temporary file beside its target first (a short name, so a long target name
    still fits), and only when all are on disk are they renamed into place.  A failure (a full
    disk, no permission) leaves every target as it was and raises :class:`WriteError` naming it.
    """
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                _remove_stale(path.parent)
                fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
                temps.append((tmp, path))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
            except OSError as exc:
                raise WriteError(path, paths.reason(exc)) from exc
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise WriteError(path, paths.reason(exc)) from exc
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def _remove_stale(folder: Path) -> None:
    """Temporary files of a run that was killed (SIGKILL, a power cut) do not stay behind."""
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > STALE_SECONDS:
                        os.unlink(entry.path)


def normalize_zip(data: bytes) -> bytes:
    """The same OOXML package with sorted-by-convention parts and fixed zip metadata.

    ``[Content_Types].xml`` stays first (some readers expect it), then ``_rels/``, then the rest in
    name order.  Every entry gets the same timestamp and permissions and is deflated.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()

    def order(name: str) -> tuple[int, str]:
        if name == "[Content_Types].xml":
            return (0, name)
        if name.startswith("_rels/"):
            return (1, name)
        return (2, name)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in sorted(names, key=order):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()


@dataclass(frozen=True)
class Notice:
    """A warning from a writer (e.g. a font fallback): a registered message and its parameters.

    A writer does not know the file it writes to; the caller turns a notice into a diagnostic at
    the output file (:meth:`at`).
    """

    message: Message
    params: tuple[tuple[str, str], ...] = ()

    @property
    def code(self) -> str:
        return self.message.code.id

    def at(self, target: Path | str) -> Diagnostic:
        """This notice as a diagnostic at the file written."""
        return Diagnostic(self.message, str(target), 1, 1, dict(self.params))
