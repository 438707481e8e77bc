"""cli: the command line (SPEC.md section 5).  A thin face over load → model → check.

Exit status: 0 no errors (warnings allowed), 1 the specs have errors, 2 usage or I/O problems.
No Python traceback reaches the user: an unexpected failure is one line and exit status 2.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .diagnostics import IO_CODES, Diagnostic, normalize_lang, translate
from .diagnostics import N_

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _lang(ctx: click.Context, value: str | None) -> str:
    root = ctx.find_root()
    chosen = value or (root.params.get("lang") if root is not ctx else None) or os.environ.get("DOCGEN_LANG")
    lang = normalize_lang(chosen)
    if lang not in ("zh_CN", "en"):
        raise click.UsageError(f"--lang {chosen}: 只支持 zh（中文）和 en（English）")
    return lang


def _say(lang: str, msgid: str, err: bool = False, **params: object) -> None:
    text = translate(msgid, lang)
    if err:
        sys.stdout.flush()  # keep the summary after the diagnostics it sums up
    try:
        text = text.format(**params)
    except (KeyError, IndexError, ValueError):
        pass
    click.echo(text, err=err)


LANG_OPTION = click.option("--lang", default=None, metavar="zh|en", help="消息语言：zh（默认）或 en。也可设环境变量 DOCGEN_LANG。")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
@LANG_OPTION
def cli(lang: str | None) -> None:
    """docgen：预算绩效目标表、自评表与公开材料的生成与校验。

    \b
    docgen validate specs/             检查规格文件
    docgen new project --layout henan  生成一份带注释的起始规格
    docgen layouts                     列出版式及其指标体系
    docgen schema > docgen.schema.json 供编辑器使用的 JSON Schema
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@LANG_OPTION
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], lang: str | None) -> None:
    """检查规格文件（文件或文件夹），每个问题一行：文件:行:列: 级别 代码 说明。"""
    from .validate import expand_paths, validate_file

    lang = _lang(ctx, lang)
    files = errors = warnings = 0
    io_problem = False
    for path, named in expand_paths(paths):
        if named and not path.exists():
            _say(lang, N_("{path}: no such file or folder"), err=True, path=path)
            io_problem = True
            continue
        files += 1
        try:
            result = validate_file(path, str(path))
            diagnostics = result.diagnostics
        except Exception as exc:  # a bug in docgen: one line, never a traceback
            diagnostics = [_internal(path, exc)]
        for d in diagnostics:
            click.echo(d.format(lang))
            if d.code in IO_CODES:
                io_problem = True
            if d.is_error:
                errors += 1
            else:
                warnings += 1
    if files == 0 and not io_problem:
        _say(lang, N_("no spec files (*.yaml, *.yml) found in: {paths}"), err=True, paths=", ".join(map(str, paths)))
        sys.exit(EXIT_USAGE)
    _say(lang, N_("{files} file(s) checked: {errors} error(s), {warnings} warning(s)"), err=True, files=files, errors=errors, warnings=warnings)
    if io_problem:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_ERRORS if errors else EXIT_OK)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "formats", default="docx,xlsx,pdf", show_default=True, metavar="LIST", help="输出格式，逗号分隔：docx、xlsx、pdf。")
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path), help="输出文件夹。")
@click.option("--public", is_flag=True, help="生成公开版：依法不公开的内容不进入任何输出文件。")
@LANG_OPTION
@click.pass_context
def render(ctx: click.Context, paths: tuple[Path, ...], formats: str, out_dir: Path, public: bool, lang: str | None) -> None:
    """检查并生成官方版式的 Word / Excel / PDF 表格；有错误的规格不生成任何文件。

    默认生成内部版（含全部内容；有依法不公开内容的表格标有“不得对外公开”）；--public 生成公开版。
    """
    from .render.output import WriterOptions
    from .render.pipeline import FORMATS, plan, public_stem, write
    from .validate import expand_paths, validate_file

    lang = _lang(ctx, lang)
    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.UsageError(f"--format {formats}: 可选 {', '.join(FORMATS)}")
    errors = warnings = neutral = 0
    io_problem = False
    planned = []
    for raw in paths:
        base = raw if raw.is_dir() else None
        for path, named in expand_paths([raw]):
            if named and not path.exists():
                _say(lang, N_("{path}: no such file or folder"), err=True, path=path)
                io_problem = True
                continue
            try:
                result = validate_file(path, str(path))
            except Exception as exc:
                result = None
                diagnostics = [_internal(path, exc)]
            else:
                diagnostics = result.diagnostics
            for d in diagnostics:
                click.echo(d.format(lang))
                io_problem |= d.code in IO_CODES
                errors += d.is_error
                warnings += not d.is_error
            if result is None or not result.ok:
                continue
            from .model.spec import Package

            if isinstance(result.spec, Package):
                if named:
                    _say(lang, N_("{path} is a package: build it with `docgen build {path}`"), err=True, path=path)
                continue  # a whole package is built with `docgen build`
            relative = path.parent.relative_to(base) if base is not None else Path()
            stem = None
            if public and public_stem(result.spec, path, 0) is not None:
                relative = Path()  # a folder name may hold the withheld name too
            if public:
                neutral += 1
                stem = public_stem(result.spec, path, neutral)
                if stem is None:
                    neutral -= 1
                else:
                    d = Diagnostic("W003", str(path), 1, 1, N_("the project name is withheld and the file name contains it: the public files are named {stem}.*"), {"stem": stem})
                    click.echo(d.format(lang))
                    warnings += 1
            planned.extend(plan(result.spec, path, relative, out_dir, chosen, public=public, stem=stem))
    if not planned and not errors and not io_problem and not any(expand_paths(paths)):
        _say(lang, N_("no spec files (*.yaml, *.yml) found in: {paths}"), err=True, paths=", ".join(map(str, paths)))
        sys.exit(EXIT_USAGE)
    targets: dict[Path, Path] = {}
    for item in planned:
        if item.target in targets and targets[item.target] != item.spec_path:
            _say(lang, N_("{first} and {second} would both write {target}: rename one of the spec files"), err=True, first=targets[item.target], second=item.spec_path, target=item.target)
            sys.exit(EXIT_USAGE)
        targets[item.target] = item.spec_path
    written = 0
    options = WriterOptions()
    for item in planned:
        try:
            notices = write(item, options)
        except OSError as exc:
            _say(lang, N_("cannot write {target}: {reason}"), err=True, target=item.target, reason=exc.strerror or str(exc))
            io_problem = True
            continue
        except Exception as exc:
            click.echo(_internal(item.spec_path, exc).format(lang))
            io_problem = True
            continue
        written += 1
        for notice in notices:
            d = Diagnostic(notice.code, str(item.target), 1, 1, notice.msgid, dict(notice.params))
            click.echo(d.format(lang))
            warnings += 1
    _say(lang, N_("{files} file(s) written to {out}: {errors} error(s), {warnings} warning(s)"), err=True, files=written, out=out_dir, errors=errors, warnings=warnings)
    if io_problem:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_ERRORS if errors else EXIT_OK)


@cli.command()
@click.argument("package", type=click.Path(path_type=Path))
@click.option("--format", "formats", default="docx,xlsx,pdf", show_default=True, metavar="LIST", help="输出格式，逗号分隔：docx、xlsx、pdf。")
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path), help="输出文件夹。")
@click.option("--public", is_flag=True, help="生成公开版：依法不公开的内容不进入任何输出文件。")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 16), help="同时写出的文件数（每种格式一个进程）。")
@LANG_OPTION
@click.pass_context
def build(ctx: click.Context, package: Path, formats: str, out_dir: Path, public: bool, jobs: int, lang: str | None) -> None:
    """生成一个部门一年的整套公开材料：一个 Word 文档、一个 PDF、一个 Excel 工作簿。"""
    from .build import build_package

    lang = _lang(ctx, lang)
    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    status = build_package(package, out_dir, chosen, public=public, jobs=jobs, lang=lang)
    sys.exit(status)


def _internal(path: Path, exc: BaseException) -> Diagnostic:
    if os.environ.get("DOCGEN_DEBUG"):
        traceback.print_exc()
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    detail = f"{type(exc).__name__}: {exc}" + (f" ({Path(where.filename).name}:{where.lineno})" if where else "")
    return Diagnostic("Z001", str(path), 1, 1, N_("internal error in docgen, please report it: {detail}"), {"detail": detail})


@cli.command()
@LANG_OPTION
@click.pass_context
def layouts(ctx: click.Context, lang: str | None) -> None:
    """列出版式（layout）及每种规格类型所用的指标体系与表格。"""
    from .schemes.registry import layouts as all_layouts, scheme

    lang = _lang(ctx, lang)
    kinds_zh = {"project": "项目 project", "department": "部门整体 department"}
    tables_label = translate(N_("tables"), lang)
    scheme_label = translate(N_("indicator scheme"), lang)
    for name, layout in sorted(all_layouts().items()):
        click.echo(f"{name}  {layout.title}")
        for kind, kl in layout.kinds.items():
            s = scheme(kl.scheme)
            click.echo(f"  {kinds_zh.get(kind, kind)}")
            click.echo(f"    {tables_label}: {'、'.join(kl.tables)}")
            click.echo(f"    {scheme_label}: {s.title}")
            for lv in s.levels:
                click.echo(f"      {lv.name}: {'、'.join(c.name for c in lv.children)}")
        click.echo("")


@cli.command()
@click.option("--kind", type=click.Choice(["project", "department", "package", "all"]), default="all", help="只输出某一类规格的 Schema。")
def schema(kind: str) -> None:
    """输出规格格式的 JSON Schema（中文标题与说明），供 YAML 编辑器校验与补全。"""
    from .model.schema import spec_json_schema

    click.echo(json.dumps(spec_json_schema(kind), ensure_ascii=False, indent=2, sort_keys=False))


@cli.command()
@click.argument("kind", type=click.Choice(["project", "department"]))
@click.option("--layout", "layout_name", required=True, help="版式，见 docgen layouts。")
@click.option("--evaluation/--no-evaluation", default=False, help="同时给出年终自评（实际完成值、分值、得分）部分。")
@LANG_OPTION
@click.pass_context
def new(ctx: click.Context, kind: str, layout_name: str, evaluation: bool, lang: str | None) -> None:
    """在标准输出给出一份带注释、可直接通过校验的起始规格。"""
    from .model.starter import starter_spec
    from .schemes.registry import layouts as all_layouts

    lang = _lang(ctx, lang)
    families = all_layouts()
    layout = families.get(layout_name)
    if layout is None or kind not in layout.kinds:
        choices = ", ".join(sorted(n for n, l in families.items() if kind in l.kinds))
        _say(lang, N_("no {kind} table in layout “{layout}”; choose one of: {choices}"), err=True, kind=kind, layout=layout_name, choices=choices)
        sys.exit(EXIT_USAGE)
    click.echo(starter_spec(kind, layout, evaluation=evaluation), nl=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI and turns any unexpected failure into one line, exit status 2."""
    try:
        cli.main(args=argv, prog_name="docgen", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("docgen: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - the last line of defence
        if os.environ.get("DOCGEN_DEBUG"):
            traceback.print_exc()
        click.echo(f"docgen: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":  # pragma: no cover
    main()
