"""`docgen build PACKAGE.yaml`: check everything the package names, then write its documents.

Nothing is written when any spec or table of the package has an error.  Each format is one file
(`{package file stem}.docx|.pdf|.xlsx`), written whole or not at all; with ``--jobs N`` the formats
are written by N processes at once.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click

from .diagnostics import IO_CODES, N_, Diagnostic, translate
from .model.spec import Package
from .render.output import Notice, WriterOptions
from .render.pipeline import FORMATS, writer
from .render.tree import Document

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _say(lang: str, msgid: str, **params) -> None:
    sys.stdout.flush()
    click.echo(translate(msgid, lang).format(**params), err=True)


def _write_one(fmt: str, document: Document, target: Path) -> list[Notice]:
    return writer(fmt)(document, target, WriterOptions())


def build_package(path: Path, out_dir: Path, formats: list[str], public: bool = False, jobs: int = 1,
                  lang: str = "zh_CN") -> int:
    from .load.yamlload import load_file
    from .model.build import build_spec
    from .narrative import NarrativeError
    from .package import compose, load_package

    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        _say(lang, N_("--format {formats}: choose from {choices}"), formats=",".join(formats), choices=", ".join(FORMATS))
        return EXIT_USAGE
    if not path.exists():
        _say(lang, N_("{path}: no such file or folder"), path=path)
        return EXIT_USAGE
    loaded_file = load_file(path, str(path))
    diagnostics = list(loaded_file.diagnostics)
    built = build_spec(loaded_file) if loaded_file.data is not None and not any(d.is_error for d in diagnostics) else None
    if built is not None:
        diagnostics += built.diagnostics
    spec = built.spec if built is not None else None
    if spec is not None and not isinstance(spec, Package):
        _say(lang, N_("{path} is a {kind} spec: `docgen build` takes a package (kind: package); use `docgen render` for one table"), path=path, kind=spec.kind)
        return EXIT_USAGE
    package = None
    if spec is not None:
        package = load_package(path, spec, built.source)
        diagnostics += package.diagnostics
    seen = set()
    errors = warnings = 0
    io_problem = False
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        key = (d.file, d.line, d.col, d.code, d.msgid)
        if key in seen:
            continue
        seen.add(key)
        click.echo(d.format(lang))
        io_problem |= d.code in IO_CODES
        errors += d.is_error
        warnings += not d.is_error
    if io_problem:
        return EXIT_USAGE
    if errors or package is None:
        _say(lang, N_("{errors} error(s), {warnings} warning(s): nothing was written"), errors=errors, warnings=warnings)
        return EXIT_ERRORS
    try:
        document = compose(package, public=public)
    except NarrativeError as exc:
        click.echo(exc.diagnostic_line())
        return EXIT_ERRORS
    except ValueError as exc:  # a financial table whose CSV the layout cannot read (a column, a label)
        click.echo(Diagnostic("G011", str(path), 1, 1, N_("cannot read this table: {reason} (save it as UTF-8 CSV, one header row)"), {"reason": str(exc)}).format(lang))
        return EXIT_ERRORS
    targets = {fmt: out_dir / f"{path.stem}.{fmt}" for fmt in formats}
    notices: list[tuple[str, Notice]] = []
    show_progress = sys.stderr.isatty()
    try:
        with click.progressbar(length=len(formats), label=translate(N_("writing"), lang), file=sys.stderr,
                               hidden=not show_progress) as bar:
            if jobs > 1 and len(formats) > 1:
                with ProcessPoolExecutor(max_workers=min(jobs, len(formats))) as pool:
                    futures = {fmt: pool.submit(_write_one, fmt, document, targets[fmt]) for fmt in formats}
                    for fmt, future in futures.items():
                        notices += [(fmt, n) for n in future.result()]
                        bar.update(1)
            else:
                for fmt in formats:
                    notices += [(fmt, n) for n in _write_one(fmt, document, targets[fmt])]
                    bar.update(1)
    except OSError as exc:
        _say(lang, N_("cannot write {target}: {reason}"), target=exc.filename or out_dir, reason=exc.strerror or str(exc))
        return EXIT_USAGE
    for fmt, notice in notices:
        click.echo(Diagnostic(notice.code, str(targets[fmt]), 1, 1, notice.msgid, dict(notice.params)).format(lang))
        warnings += 1
    _say(lang, N_("{files} file(s) written to {out}: {errors} error(s), {warnings} warning(s)"), files=len(formats), out=out_dir, errors=0, warnings=warnings)
    return EXIT_OK
