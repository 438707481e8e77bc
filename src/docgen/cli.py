"""cli: the command line (SPEC.md section 5), a thin face over ``docgen.pipeline``.

Exit status: 0 no errors (warnings allowed), 1 the specs have errors, 2 usage or I/O problems,
broken template data, or a failure of docgen itself.  No Python traceback reaches the user: an
unexpected failure is one diagnostic line (Z001) and exit status 2.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from . import __version__, codes
from .catalog import Catalog
from .diagnostics import N_, Choice, Diagnostic, normalize_lang, translate
from .paths import exists, is_dir, why_not_file
from .render.output import WriteError
from .workers import worker_pool

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _lang(ctx: click.Context, value: str | None) -> str:
    root = ctx.find_root()
    chosen = value or (root.params.get("lang") if root is not ctx else None) or os.environ.get("DOCGEN_LANG")
    lang = normalize_lang(chosen)
    if lang not in ("zh_CN", "en"):
        raise click.UsageError(f"--lang {chosen}: 只支持 zh（中文）和 en（English）")
    return lang


def _say(lang: str, msgid: str, **params: object) -> None:
    """A summary line on standard error, after the diagnostics it sums up."""
    text = translate(msgid, lang)
    sys.stdout.flush()
    with contextlib.suppress(KeyError, IndexError, ValueError):
        text = text.format(**params)
    click.echo(text, err=True)


def _catalog(ctx: click.Context, templates: tuple[Path, ...]) -> Catalog:
    root = ctx.find_root()
    folders = list(templates) + list(root.params.get("templates") or ())
    return Catalog.default(folders)


class Report:
    """The diagnostics of one run: each printed once, counted, and the exit status they mean."""

    def __init__(self, lang: str, err: bool = False) -> None:
        self.lang = lang
        self.err = err  # on standard error (when standard output is the command's product)
        self.seen: set[tuple] = set()
        self.errors = self.warnings = 0
        self.status = EXIT_OK

    def show(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Print each diagnostic once and count it."""
        for d in diagnostics:
            key = (d.file, d.line, d.col, d.code, d.msgid, repr(sorted(d.params.items(), key=lambda kv: kv[0])))
            if key in self.seen:
                continue
            self.seen.add(key)
            click.echo(d.format(self.lang), err=self.err)
            if d.is_error:
                self.errors += 1
            else:
                self.warnings += 1
            self.status = max(self.status, d.exit_status)

    def fail(self, diagnostic: Diagnostic) -> None:
        """Show one diagnostic that stops the command."""
        self.show([diagnostic])


LANG_OPTION = click.option("--lang", default=None, metavar="zh|en", help="消息语言：zh（默认）或 en。也可设环境变量 DOCGEN_LANG。")
TEMPLATES_OPTION = click.option(
    "--templates", "templates", multiple=True, type=click.Path(path_type=Path, exists=True, file_okay=False),
    help="本单位的模板文件夹（layouts/ forms/ schemes/ tablesets/），优先于随程序提供的模板；可写多次。"
         "也可设环境变量 DOCGEN_TEMPLATES。")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
@LANG_OPTION
@TEMPLATES_OPTION
def cli(lang: str | None, templates: tuple[Path, ...]) -> None:
    """docgen：预算绩效目标表、自评表与公开材料的生成与校验。

    \b
    docgen validate specs/             检查规格文件
    docgen render specs/ --out out/    生成 Word / Excel / PDF 表格
    docgen build 公开材料.yaml          生成整套公开材料
    docgen new project --layout henan  生成一份带注释的起始规格
    docgen layouts                     列出版式及其表格、指标体系
    docgen schema > docgen.schema.json 供编辑器使用的 JSON Schema
    """


def _missing(path: Path) -> Diagnostic:
    return Diagnostic(codes.L001_CANNOT_READ, str(path), 1, 1, {"reason": why_not_file(path) or Choice(N_("it does not exist"))})


def _internal(path: Path | str, exc: BaseException) -> Diagnostic:
    if os.environ.get("DOCGEN_DEBUG"):
        traceback.print_exc()
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    detail = f"{type(exc).__name__}: {exc}" + (f" ({Path(where.filename).name}:{where.lineno})" if where else "")
    return Diagnostic(codes.Z001_INTERNAL, str(path), 1, 1, {"detail": detail})


NAME_BYTES = 255  # the longest file name Linux, macOS and Windows file systems take


def _target(folder: Path, name: str, fmt: str, spec: Path, report: Report, stem: str | None = None) -> Path:
    """``folder/name.fmt``; when that is longer than a file system allows, the ``stem`` part of the
    name (the spec's) is shortened and given a suffix from the full name, so the table name stays
    readable, the formats of one table keep one name and two long names stay apart."""
    full = f"{name}.{fmt}"
    size = len(full.encode("utf-8"))
    if size <= NAME_BYTES:
        return folder / full
    import hashlib

    head = stem if stem and name.startswith(stem) and len(stem) < len(name) else name
    rest = name[len(head):]
    mark = f"…-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
    budget = NAME_BYTES - len(f"{mark}{rest}.{fmt}".encode()) - 8  # room for a longer extension
    kept = head
    while kept and len(kept.encode("utf-8")) > budget:
        kept = kept[:-1]
    short = f"{kept}{mark}{rest}"
    report.show([Diagnostic(codes.W007_SHORTENED, str(spec), 1, 1, {"length": len(name.encode("utf-8")) + 5, "name": f"{short}.*"})])
    return folder / f"{short}.{fmt}"


def _check(path: Path, catalog: Catalog, report: Report):
    """check_file, with a bug in docgen reported as one line (Z001)."""
    from .pipeline import check_file

    try:
        checked = check_file(path, catalog, str(path))
    except Exception as exc:  # a bug in docgen: one line, never a traceback
        report.fail(_internal(path, exc))
        return None
    report.show(checked.diagnostics)
    return checked


# --- validate ------------------------------------------------------------------------------------

@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@LANG_OPTION
@TEMPLATES_OPTION
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], lang: str | None, templates: tuple[Path, ...]) -> None:
    """检查规格文件（文件或文件夹），每个问题一行：文件:行:列: 级别 代码 说明。"""
    from .pipeline import expand_paths

    report = Report(_lang(ctx, lang))
    catalog = _catalog(ctx, templates)
    files = 0
    for path, named, _ in expand_paths(paths):
        if named and not exists(path):
            report.fail(_missing(path))
            continue
        files += 1
        _check(path, catalog, report)
    report.show(catalog.diagnostics)
    if files == 0 and report.status == EXIT_OK:
        _say(report.lang, N_("no spec files (*.yaml, *.yml) found in: {paths}"), paths=", ".join(map(str, paths)))
        sys.exit(EXIT_USAGE)
    _say(report.lang, N_("{files} file(s) checked: {errors} error(s), {warnings} warning(s)"), files=files,
         errors=report.errors, warnings=report.warnings)
    sys.exit(report.status)


# --- render --------------------------------------------------------------------------------------

FORMAT_OPTION = click.option("--format", "formats", default="docx,xlsx,pdf", show_default=True, metavar="LIST",
                             help="输出格式，逗号分隔：docx、xlsx、pdf。")
OUT_OPTION = click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path), help="输出文件夹。")
PUBLIC_OPTION = click.option("--public", is_flag=True, help="生成公开版：依法不公开的内容不进入任何输出文件。")


def _formats(formats: str) -> list[str]:
    from .render.writers import WRITERS

    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in WRITERS]
    if unknown or not chosen:
        raise click.UsageError(f"--format {formats}: 可选 {', '.join(WRITERS)}")
    return chosen


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@FORMAT_OPTION
@OUT_OPTION
@PUBLIC_OPTION
@LANG_OPTION
@TEMPLATES_OPTION
@click.pass_context
def render(ctx: click.Context, paths: tuple[Path, ...], formats: str, out_dir: Path, public: bool, lang: str | None,
           templates: tuple[Path, ...]) -> None:
    """检查并生成官方版式的 Word / Excel / PDF 表格；有错误的规格不生成任何文件。

    默认生成内部版（含全部内容；有依法不公开内容的表格标有“不得对外公开”）；--public 生成公开版。
    """
    from .model.spec import Package
    from .pipeline import LayoutError, expand_paths, public_stem, render_file, spec_documents, write

    report = Report(_lang(ctx, lang))
    catalog = _catalog(ctx, templates)
    chosen = _formats(formats)
    _check_out(out_dir, report)
    planned: list[tuple[Path, Any, str, Path]] = []  # (spec path, document, format, target)
    found_any = False
    for path, named, base in expand_paths(paths):
        found_any = True
        if named and not exists(path):
            report.fail(_missing(path))
            continue
        checked = _check(path, catalog, report)
        if checked is None or not checked.ok:
            continue
        if isinstance(checked.spec, Package):
            if named:
                report.fail(Diagnostic(codes.G005_RENDER_PACKAGE, str(path), 1, 1, {"path": path}))
            continue  # a whole package is built with `docgen build`
        relative = path.parent.relative_to(base) if base is not None else Path()
        stem = path.stem
        if public:
            neutral_stem = public_stem(checked.spec, path)
            if neutral_stem is not None:
                stem, relative = neutral_stem, Path()  # a folder name may hold the withheld name too
                report.show([Diagnostic(codes.W003_NEUTRAL, str(path), 1, 1, {"stem": stem})])
        try:
            documents = spec_documents(checked, stem, public)
        except LayoutError as exc:
            report.fail(exc.diagnostic)
            continue
        except Exception as exc:
            report.fail(_internal(path, exc))
            continue
        for document in documents:
            for fmt in chosen:
                planned.append((path, document, fmt, _target(out_dir / relative, document.name, fmt, path, report, stem)))
    report.show(catalog.diagnostics)
    if not found_any:
        _say(report.lang, N_("no spec files (*.yaml, *.yml) found in: {paths}"), paths=", ".join(map(str, paths)))
        sys.exit(EXIT_USAGE)
    targets: dict[Path, Path] = {}
    for spec_path, _, _, target in planned:
        if target in targets and targets[target] != spec_path:
            report.fail(Diagnostic(codes.W004_COLLISION, str(target), 1, 1, {"first": targets[target], "second": spec_path}))
            _say(report.lang, N_("{files} file(s) written to {out}: {errors} error(s), {warnings} warning(s)"),
                 files=0, out=out_dir, errors=report.errors, warnings=report.warnings)
            sys.exit(EXIT_USAGE)
        targets[target] = spec_path
    written = 0
    by_spec: dict[Path, list[tuple[Any, str, Path]]] = {}
    for spec_path, document, fmt, target in planned:
        by_spec.setdefault(spec_path, []).append((document, fmt, target))
    for spec_path, items in by_spec.items():
        # a spec's files are written together, all or none: a full disk leaves no half set behind
        try:
            outputs = [render_file(document, fmt, target) for document, fmt, target in items]
            report.show(write(outputs))
        except WriteError as exc:
            report.fail(Diagnostic(codes.W004_CANNOT_WRITE, str(exc.target), 1, 1, {"reason": exc.reason}))
            continue
        except Exception as exc:
            report.fail(_internal(spec_path, exc))
            continue
        written += len(outputs)
    _say(report.lang, N_("{files} file(s) written to {out}: {errors} error(s), {warnings} warning(s)"),
         files=written, out=out_dir, errors=report.errors, warnings=report.warnings)
    sys.exit(report.status)


# --- build ---------------------------------------------------------------------------------------

def _render_one(document, fmt: str, target: Path):
    """One format of a package, in a worker process: the bytes go back to the parent, which writes."""
    from .pipeline import render_file

    return render_file(document, fmt, target)


def _check_out(out_dir: Path, report: Report) -> None:
    """--out must name a folder (it is made when missing), not a file."""
    if exists(out_dir) and not is_dir(out_dir):
        report.fail(Diagnostic(codes.W004_OUT_NOT_FOLDER, str(out_dir), 1, 1, {}))
        sys.exit(EXIT_USAGE)


def _packages(paths: tuple[Path, ...], report: Report) -> list[tuple[Path, Path]] | None:
    """(package file, folder its files go to, relative to --out) for each path: a file is itself, a
    folder every package spec under it (kind: package), its files in the package folder's path below
    the named folder (specs/ → anyang-2023/…), so that packages of many departments stay apart.
    None when a path does not exist (reported)."""
    from .load.yamlload import load_file

    found: list[tuple[Path, Path]] = []
    for path in paths:
        if not exists(path):
            report.fail(_missing(path))
            return None
        if not is_dir(path):
            found.append((path, Path()))
            continue
        for spec in sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_file()):
            loaded = load_file(spec)
            root = loaded.data if isinstance(getattr(loaded, "data", None), dict) else {}
            kind = next((root[k] for k in ("kind", "类型", "种类") if k in root), None)
            if str(kind).strip() in ("package", "公开材料"):
                found.append((spec, spec.parent.relative_to(path)))
    return found


@cli.command()
@click.argument("packages", nargs=-1, required=True, type=click.Path(path_type=Path))
@FORMAT_OPTION
@OUT_OPTION
@PUBLIC_OPTION
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 16), help="同时写出的文件数（每种格式一个进程）。")
@LANG_OPTION
@TEMPLATES_OPTION
@click.pass_context
def build(ctx: click.Context, packages: tuple[Path, ...], formats: str, out_dir: Path, public: bool, jobs: int, lang: str | None,
          templates: tuple[Path, ...]) -> None:
    """生成整套公开材料：每个公开材料规格（kind: package）一个 Word 文档、一个 PDF、一个 Excel 工作簿。可写多个规格或文件夹（文件夹中的每个公开材料规格都生成，各放在与规格文件夹同名的子文件夹里）。"""
    report = Report(_lang(ctx, lang))
    catalog = _catalog(ctx, templates)
    chosen = _formats(formats)
    _check_out(out_dir, report)
    found = _packages(packages, report)
    if found is None:
        sys.exit(EXIT_USAGE)
    if not found:
        report.fail(Diagnostic(codes.G005_NO_PACKAGE, str(packages[0]), 1, 1, {}))
        sys.exit(EXIT_USAGE)
    if len(found) == 1:
        _build_one(found[0][0], out_dir / found[0][1], chosen, public, jobs, catalog, report)
        sys.exit(report.status)
    status, built = 0, 0
    seen: dict[str, str] = {}
    for package, below in found:
        folder = out_dir / below
        key = (folder / package.stem).as_posix().casefold()
        if key in seen:
            report.fail(Diagnostic(codes.W004_COLLISION, str(folder / package.stem), 1, 1, {"first": seen[key], "second": str(package)}))
            status = max(status, EXIT_USAGE)
            continue
        seen[key] = str(package)
        one = Report(report.lang)
        one.seen = report.seen
        try:
            _build_one(package, folder, chosen, public, jobs, catalog, one)
        except SystemExit as stop:
            status = max(status, int(stop.code or 0))
        else:
            built += 1
            status = max(status, one.status)
        report.errors += one.errors
        report.warnings += one.warnings
    _say(report.lang, N_("{built} of {count} package(s) built into {out}: {errors} error(s), {warnings} warning(s)"),
         built=built, count=len(found), out=out_dir, errors=report.errors, warnings=report.warnings)
    sys.exit(status)


def _build_one(package: Path, out_dir: Path, chosen: list[str], public: bool, jobs: int, catalog: Catalog, report: Report) -> None:
    """One package: its three files written whole, or nothing (sys.exit with the status on failure)."""
    from .model.spec import Package
    from .narrative import NarrativeError
    from .pipeline import LayoutError, package_document, write

    checked = _check(package, catalog, report)
    report.show(catalog.diagnostics)
    if checked is not None and checked.spec is not None and not isinstance(checked.spec, Package):
        report.fail(Diagnostic(codes.G005_BUILD_SPEC, str(package), 1, 1, {"kind": checked.spec.kind}))
        sys.exit(EXIT_USAGE)
    if checked is None or not checked.ok or report.errors:
        _say(report.lang, N_("{errors} error(s), {warnings} warning(s): nothing was written"), errors=report.errors, warnings=report.warnings)
        sys.exit(max(report.status, EXIT_ERRORS))
    try:
        document = package_document(checked, catalog, public=public)
    except (NarrativeError, LayoutError) as exc:
        report.fail(exc.diagnostic)
        _say(report.lang, N_("{errors} error(s), {warnings} warning(s): nothing was written"), errors=report.errors, warnings=report.warnings)
        sys.exit(max(report.status, EXIT_ERRORS))
    targets = {fmt: _target(out_dir, package.stem, fmt, package, report) for fmt in chosen}
    show_progress = sys.stderr.isatty()
    outputs = []
    with click.progressbar(length=len(chosen), label=translate(N_("writing"), report.lang), file=sys.stderr,
                           hidden=not show_progress) as bar:
        if jobs > 1 and len(chosen) > 1:
            with worker_pool(min(jobs, len(chosen))) as pool:
                futures = [pool.submit(_render_one, document, fmt, targets[fmt]) for fmt in chosen]
                for future in futures:
                    outputs.append(future.result())
                    bar.update(1)
        else:
            for fmt in chosen:
                outputs.append(_render_one(document, fmt, targets[fmt]))
                bar.update(1)
    try:
        report.show(write(outputs))  # the whole set, or nothing
    except WriteError as exc:
        report.fail(Diagnostic(codes.W004_CANNOT_WRITE, str(exc.target), 1, 1, {"reason": exc.reason}))
        sys.exit(EXIT_USAGE)
    _say(report.lang, N_("{files} file(s) written to {out}: {errors} error(s), {warnings} warning(s)"),
         files=len(chosen), out=out_dir, errors=0, warnings=report.warnings)


# --- layouts, schema, new ------------------------------------------------------------------------

@cli.command()
@LANG_OPTION
@TEMPLATES_OPTION
@click.pass_context
def layouts(ctx: click.Context, lang: str | None, templates: tuple[Path, ...]) -> None:
    """列出版式（layout）及每种规格类型的表格、指标体系和计分参数，均来自模板数据。"""
    report = Report(_lang(ctx, lang))
    catalog = _catalog(ctx, templates)
    kinds_zh = {"project": "项目 project", "department": "部门整体 department", "package": "公开材料 package"}
    label = {k: translate(v, report.lang) for k, v in (("tables", N_("tables")), ("scheme", N_("indicator scheme")),
                                                        ("also", N_("also accepted (scheme: NAME in the spec)")),
                                                        ("scoring", N_("scoring")), ("tableset", N_("financial tables")))}
    for name in catalog.family_names():
        family = catalog.family(name)
        if family is None:
            continue
        click.echo(f"{name}  {family.title}")
        for kind, kl in family.kinds.items():
            click.echo(f"  {kinds_zh.get(kind, kind)}")
            if kl.forms:
                click.echo(f"    {label['tables']}: {'、'.join(kl.tables)}")
            if kl.scheme is not None:
                click.echo(f"    {label['scheme']}: {kl.scheme.title}")
                for lv in kl.scheme.levels:
                    click.echo(f"      {lv.name}: {'、'.join(c.name for c in lv.children)}")
            for other in kl.also:
                click.echo(f"    {label['also']}: {other.name}  {other.title}")
                for lv in other.levels:
                    click.echo(f"      {lv.name}: {'、'.join(c.name for c in lv.children)}")
            if kl.scoring is not None:
                s = kl.scoring
                blocks = "、".join(f"{k.replace('*', '指标')} {v}" for k, v in s.indicator_weights.items())
                management = f" + 资金管理 {s.management_weight}" if s.management_weight else ""
                click.echo(f"    {label['scoring']}: 预算执行率 {s.execution_weight}{management} + {blocks}")
            if kl.tableset is not None:
                click.echo(f"    {label['tableset']}: {kl.tableset.title}（{'、'.join(kl.tableset.tables)}）")
        click.echo("")
    report.show(catalog.diagnostics)
    sys.exit(report.status)


@cli.command()
@click.option("--kind", type=click.Choice(["project", "department", "package", "all"]), default="all", help="只输出某一类规格的 Schema。")
@LANG_OPTION
def schema(kind: str, lang: str | None) -> None:
    """输出规格格式的 JSON Schema（中文标题与说明），供 YAML 编辑器校验与补全。"""
    from .model.schema import spec_json_schema

    click.echo(json.dumps(spec_json_schema(kind), ensure_ascii=False, indent=2, sort_keys=False))


@cli.command()
@click.argument("kind", type=click.Choice(["project", "department"]))
@click.option("--layout", "layout_name", required=True, help="版式，见 docgen layouts。")
@click.option("--evaluation/--no-evaluation", default=False, help="同时给出年终自评（实际完成值、分值、得分）部分。")
@LANG_OPTION
@TEMPLATES_OPTION
@click.pass_context
def new(ctx: click.Context, kind: str, layout_name: str, evaluation: bool, lang: str | None, templates: tuple[Path, ...]) -> None:
    """在标准输出给出一份带注释、可直接通过校验的起始规格。"""
    from .starter import starter_spec

    lang = _lang(ctx, lang)
    catalog = _catalog(ctx, templates)
    report = Report(lang, err=True)  # standard output is the spec
    name, suggestion = catalog.resolve_family_name(layout_name)
    family = catalog.family(name) if name else None
    if family is None or kind not in family.kinds:
        report.show(catalog.diagnostics)
        if name is None:  # no such layout at all
            message = codes.S009_SUGGEST if suggestion else codes.S009_UNKNOWN
            _say(lang, message.msgid, value=layout_name, suggestion=suggestion or "", choices=("、" if lang.startswith("zh") else ", ").join(catalog.family_names()))
        elif family is None:  # it exists, but its template files are broken (shown above)
            _say(lang, N_("the layout “{layout}” cannot be used: its template files have the errors shown above"), layout=name)
        else:
            choices = ", ".join(n for n in catalog.family_names() if (f := catalog.family(n)) is not None and kind in f.kinds)
            _say(lang, N_("no {kind} table in layout “{layout}”; choose one of: {choices}"), kind=kind, layout=layout_name, choices=choices)
        sys.exit(EXIT_USAGE)
    report.show(catalog.diagnostics)  # warnings (a skipped folder), on standard error
    click.echo(starter_spec(kind, family, evaluation=evaluation), nl=False)


def _argv_lang(argv: list[str]) -> str:
    """The language asked for on the command line or in DOCGEN_LANG, before click parses anything
    (its own usage errors must already speak it)."""
    chosen = os.environ.get("DOCGEN_LANG")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    lang = normalize_lang(chosen)
    return lang if lang in ("zh_CN", "en") else normalize_lang(None)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI in the user's language and turns an interruption into exit status
    130 and any unexpected failure into one line with exit status 2."""
    from . import cli_texts

    args = list(sys.argv[1:] if argv is None else argv)
    lang = _argv_lang(args)
    cli_texts.install(lang)
    cli_texts.localize(cli, lang)
    try:
        status = cli.main(args=args, prog_name="docgen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        sys.stdout.flush()
        click.echo(translate(N_("Aborted!"), lang), err=True)
        sys.exit(130)
    except BrokenPipeError:  # docgen schema | head: the reader went away
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stream until exit
        sys.exit(EXIT_OK)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence
        click.echo(_internal("docgen", exc).format(lang), err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(status if isinstance(status, int) else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
