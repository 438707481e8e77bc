"""The Chinese font of the PDF writer: found, checked, registered once per process.

Publishable PDFs must embed their font (research note A3), so the search tries TrueType files
first, in this order:

1. ``WriterOptions.pdf_fonts`` — paths chosen by the caller;
2. the environment variable ``DOCGEN_PDF_FONT`` — one path;
3. well-known locations on Windows, macOS and Debian/Ubuntu (``fonts-arphic-uming``,
   ``fonts-wqy-zenhei``, ``fonts-arphic-ukai``);
4. every ``*.ttf`` / ``*.ttc`` under the usual Linux font folders, in name order.

Any path may end in ``#N`` or ``#Name`` to pick one face of a TrueType collection (.ttc) by index,
PostScript name or family name (A4).  Without it, the preferred face of a collection is taken
(``AR PL UMing CN`` for uming.ttc), else its first face that covers Chinese.

A file is accepted only if reportlab can load it (it refuses PostScript-outline .otf files, A5)
and its cmap holds a few test characters (项目绩效…).  Only when no file qualifies does the
writer fall back to the non-embedded CID font ``STSong-Light``; ``PdfFont.embedded`` is then False
and the PDF writer warns.

reportlab has no per-glyph fallback (A6): for a character the chosen font lacks (☑ ☐ are in
neither uming nor wqy-zenhei), ``fallback_font`` finds a face that has it among the same
candidates (not the folder search) and a few symbol fonts (``SYMBOL_FONTS``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from docgen.render.output import WriterOptions

log = logging.getLogger(__name__)

ENV_VAR = "DOCGEN_PDF_FONT"
CID_FALLBACK = "STSong-Light"

# A font must hold all of these to be chosen: common words of the tables, a full-width
# punctuation mark and the characters of 万元 / ≥.
COVERAGE_PROBE = "项目绩效目标表单位万元年度指标值（）：，。≥"

# Faces preferred inside a collection (family names as in the font's name table).
PREFERRED_FACES: tuple[str, ...] = (
    "SimSun",
    "宋体",
    "Songti SC",
    "STSong",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "WenQuanYi Zen Hei",
)

# (path, face) in order of preference; face None means "choose inside the file".
WELL_KNOWN_FONTS: tuple[tuple[str, str | int | None], ...] = (
    # Windows
    ("C:/Windows/Fonts/simsun.ttc", None),
    ("C:/Windows/Fonts/simfang.ttf", None),
    ("C:/Windows/Fonts/simhei.ttf", None),
    # macOS
    ("/System/Library/Fonts/Supplemental/Songti.ttc", None),
    ("/Library/Fonts/Songti.ttc", None),
    ("/System/Library/Fonts/STHeiti Light.ttc", None),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", None),
    # Debian / Ubuntu packages
    ("/usr/share/fonts/truetype/arphic/uming.ttc", "AR PL UMing CN"),  # fonts-arphic-uming
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYi Zen Hei"),  # fonts-wqy-zenhei
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", "AR PL UKai CN"),  # fonts-arphic-ukai
)

# Searched last, file by file, for any TrueType font that covers Chinese.
FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts", "/usr/local/share/fonts")

# Fonts with the symbols Chinese fonts often lack (☑ ☐ …), tried after the candidates above for
# a character the main font does not have.  A short, fixed list: parsing every font on a system
# for one missing character could take minutes.
SYMBOL_FONTS: tuple[str, ...] = (
    "C:/Windows/Fonts/seguisym.ttf",  # Segoe UI Symbol
    "/System/Library/Fonts/Apple Symbols.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # fonts-dejavu-core
    "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSerif.ttf",
)


@dataclass(frozen=True)
class PdfFont:
    """A font registered with reportlab, ready for ``fontName=``."""

    name: str  # the reportlab font name registered
    path: str | None  # the TrueType file (None for the CID fallback)
    embedded: bool  # False only for the STSong-Light CID fallback


# Module-level caches: parsing a CJK TrueType file takes a tenth of a second or more, so each
# search (keyed by its inputs) and each file face is tried at most once per process.
_CHOSEN: dict[tuple[tuple[str, ...], str | None], PdfFont] = {}
_LOADED: dict[tuple[str, str | int | None], PdfFont | None] = {}
_PARSED: dict[tuple[str, int], TTFont] = {}
_FALLBACK: dict[tuple[tuple[str, ...], str | None, str], PdfFont | None] = {}


def pdf_font(options: WriterOptions) -> PdfFont:
    """Registers (once per process) and returns the CJK font for PDF output.

    The first TrueType candidate (see the module docstring) that loads and covers Chinese wins;
    if none does, the non-embedded ``STSong-Light`` CID font is returned with ``embedded=False``.
    """
    key = (tuple(options.pdf_fonts), os.environ.get(ENV_VAR))
    font = _CHOSEN.get(key)
    if font is None:
        font = _search(options)
        _CHOSEN[key] = font
    return font


def covers(font: PdfFont, char: str) -> bool:
    """Whether ``font`` has a glyph for ``char`` (assumed for the CID fallback, which has no cmap)."""
    if not font.embedded:
        return True
    return ord(char) in pdfmetrics.getFont(font.name).face.charToGlyph


def fallback_font(char: str, options: WriterOptions) -> PdfFont | None:
    """A registered TrueType face that has ``char``, for what the main font lacks (☑, ☐ …).

    Tried in order: the font candidates except the folder search, then ``SYMBOL_FONTS``.
    None when no such font is installed.  Cached per character.
    """
    key = (tuple(options.pdf_fonts), os.environ.get(ENV_VAR), char)
    if key not in _FALLBACK:
        _FALLBACK[key] = _search_glyph(char, options)
    return _FALLBACK[key]


def _search_glyph(char: str, options: WriterOptions) -> PdfFont | None:
    code = ord(char)
    paths = [path for path, _ in candidates(options, search_folders=False)]
    paths += [p for p in SYMBOL_FONTS if Path(p).is_file()]
    for path in dict.fromkeys(paths):  # each file once, in order
        try:
            for tt in _faces(path):
                if code in tt.face.charToGlyph:
                    return _register(tt, path)
        except Exception as exc:  # as in _load: a file reportlab cannot read is skipped
            log.debug("PDF font %s refused: %s", path, exc)
    log.warning("PDF font: no installed font has %r (U+%04X)", char, code)
    return None


def _register(tt: TTFont, path: str) -> PdfFont:
    """Registers ``tt`` (once) under its docgen name; returns it as a PdfFont."""
    if tt.fontName in pdfmetrics.getRegisteredFontNames():
        if _same_face(pdfmetrics.getFont(tt.fontName), tt):
            return PdfFont(name=tt.fontName, path=path, embedded=True)
        # another file with the same PostScript name (two copies of simsun.ttc …): keep both apart
        tt.fontName = f"{tt.fontName}-{hashlib.sha1(path.encode()).hexdigest()[:8]}"
    if tt.fontName not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(tt)
    return PdfFont(name=tt.fontName, path=path, embedded=True)


def _same_face(a: object, b: TTFont) -> bool:
    """Whether two reportlab fonts are the same face of the same file."""
    face_a, face_b = getattr(a, "face", None), b.face
    return (getattr(face_a, "filename", None), getattr(face_a, "subfontNameX", None)) == (
        face_b.filename,
        face_b.subfontNameX,
    )


def _search(options: WriterOptions) -> PdfFont:
    for path, face in candidates(options):
        font = _load(path, face)
        if font is not None:
            log.info("PDF font: %s (%s)", font.name, font.path)
            return font
    return _cid_fallback()


def candidates(options: WriterOptions, search_folders: bool = True) -> Iterator[tuple[str, str | int | None]]:
    """Every (path, face) to try, best first.  Missing files are left out."""
    requested = list(options.pdf_fonts)
    env = os.environ.get(ENV_VAR)
    if env:
        requested.append(env)
    for spec in requested:
        path, face = parse_font_spec(spec)
        if Path(path).is_file():
            yield path, face
        else:
            log.warning("PDF font %s: no such file", path)
    known = set()
    for path, face in WELL_KNOWN_FONTS:
        if Path(path).is_file():
            known.add(path)
            yield path, face
    if not search_folders:
        return
    for path in _glob_font_dirs(FONT_DIRS):
        if path not in known:
            yield path, None


def parse_font_spec(spec: str) -> tuple[str, str | int | None]:
    """``"path#3"`` → (path, 3); ``"path#UMingCN"`` → (path, "UMingCN"); ``"path"`` → (path, None)."""
    path, sep, face = spec.rpartition("#")
    if not sep or not path:
        return spec, None
    face = face.strip()
    if not face:
        return path, None
    return path, int(face) if face.isdigit() else face


def _glob_font_dirs(dirs: Iterable[str]) -> Iterator[str]:
    """TrueType files under ``dirs``, sorted so the choice does not depend on the file system."""
    home = Path.home() if sys.platform != "win32" else None
    roots = [Path(d) for d in dirs]
    if home is not None:
        roots += [home / ".local/share/fonts", home / ".fonts"]
    for root in roots:
        if not root.is_dir():
            continue
        found = [p for p in root.rglob("*") if p.suffix.lower() in (".ttf", ".ttc") and p.is_file()]
        for p in sorted(found):
            yield str(p)


def _load(path: str, face: str | int | None) -> PdfFont | None:
    """Registers one face of ``path`` if it loads and covers Chinese; None otherwise (cached)."""
    key = (path, face)
    if key in _LOADED:
        return _LOADED[key]
    result: PdfFont | None = None
    try:
        tt = _open_face(path, face)
    except Exception as exc:  # reportlab raises TTFError, ValueError, struct.error … on bad files
        log.debug("PDF font %s#%s refused: %s", path, face, exc)
        tt = None
    if tt is not None:
        result = _register(tt, path)
    _LOADED[key] = result
    return result


def _open_face(path: str, face: str | int | None) -> TTFont | None:
    """The TTFont for the requested face (or the best face of a collection), if it covers CJK.

    ``face`` may be an index, or a PostScript / family name; a name not found in the file, or
    None, selects the first preferred face covering CJK, else the first face covering CJK.
    """
    if isinstance(face, int):
        tt = _tt_font(path, face)
        return tt if _covers_cjk(tt) else None
    wanted = {face} if face is not None else set(PREFERRED_FACES)
    fallback: TTFont | None = None
    for tt in _faces(path):
        if not _covers_cjk(tt):
            continue
        if _face_names(tt) & wanted:
            return tt
        if fallback is None:
            fallback = tt
    if fallback is not None and face is not None:
        log.warning("PDF font %s: no face named %r covers Chinese, using %s", path, face, fallback.fontName)
    return fallback


def _faces(path: str) -> Iterator[TTFont]:
    """Each face of a font file, parsed only when reached (a .ttf has one)."""
    first = _tt_font(path, 0)
    yield first
    if first.face.fileKind == "TTC":
        for index in range(1, first.face.numSubfonts):
            yield _tt_font(path, index)


def _tt_font(path: str, index: int) -> TTFont:
    """A TTFont named after its PostScript name, so each face gets one stable reportlab name.

    Parsed once per process (the same object is then registered, whoever asks for it).
    """
    key = (path, index)
    if key not in _PARSED:
        _PARSED[key] = _parse(path, index)
    return _PARSED[key]


def _parse(path: str, index: int) -> TTFont:
    tt = TTFont("docgen-probe", path, subfontIndex=index)
    ps = tt.face.name
    ps_name = ps.decode("latin-1") if isinstance(ps, bytes) else str(ps)
    tt.fontName = f"docgen-{ps_name}"
    return tt


def _face_names(tt: TTFont) -> set[str]:
    names = set()
    for attr in ("name", "familyName"):
        value = getattr(tt.face, attr, None)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if value:
            names.add(str(value))
    return names


def _preferred(tt: TTFont) -> bool:
    return bool(_face_names(tt) & set(PREFERRED_FACES))


def _covers_cjk(tt: TTFont) -> bool:
    cmap = tt.face.charToGlyph
    return all(ord(ch) in cmap for ch in COVERAGE_PROBE)


def _cid_fallback() -> PdfFont:
    if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    log.warning("PDF font: no TrueType Chinese font found, using the non-embedded %s", CID_FALLBACK)
    return PdfFont(name=CID_FALLBACK, path=None, embedded=False)
