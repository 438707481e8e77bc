"""The command line's own words in the user's language: click's messages and docgen's help.

click writes its usage errors and help headings in English ("Usage:", "Missing argument …",
"Aborted!"); in a Chinese interface they are translated through docgen's catalog like every other
message.  The help texts of docgen's commands and options are Chinese in the code and English here,
for ``--lang en``.
"""

from __future__ import annotations

import importlib

import click

from .diagnostics import N_, translate

# click's messages that a user can meet (marked for the catalog; translated in docgen.po)
CLICK_MESSAGES = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Positional arguments"), N_("Show this message and exit."),
    N_("Show the version and exit."), N_("Aborted!"), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Missing argument"), N_("Missing option"), N_("Missing parameter"), N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"),
    N_("No such command {name!r}."), N_("No such option {name!r}."), N_("Missing parameter: {param_name}"),
    N_("Did you mean {possibility}?"), N_("(Did you mean one of: {possibilities}?)"),
    N_("Got unexpected extra argument ({args})"), N_("Got unexpected extra arguments ({args})"),
    N_("Option {name!r} requires an argument."), N_("Option {name!r} requires {nargs} arguments."),
    N_("Option {name!r} does not take a value."), N_("Argument {name!r} takes {nargs} values."),
    N_("{value!r} is not one of {choices}."), N_("{value!r} is not {choice}."), N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."), N_("default: {default}"), N_("env var: {var}"),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is a file."),
    N_("file"), N_("directory"), N_("path"), N_("%(prog)s, version %(version)s"),
)

_MODULES = ("core", "exceptions", "decorators", "parser", "termui", "types", "formatting", "utils")


def install(lang: str) -> None:
    """Make click speak ``lang`` (its own messages go through docgen's catalog)."""

    def _(message: str) -> str:
        return translate(message, lang)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural, lang)

    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


# English help for --lang en: (command, option) → text; option None is the command itself
ENGLISH_HELP: dict[tuple[str, str | None], str] = {
    ("docgen", None): "docgen: budget performance target tables, self-evaluation tables and disclosure packages, checked and generated.\n\n"
                      "\b\ndocgen validate specs/             check spec files\ndocgen render specs/ --out out/    write the tables as Word / Excel / PDF\n"
                      "docgen build 公开材料.yaml          write a whole disclosure package\ndocgen new project --layout henan  a commented starting spec\n"
                      "docgen layouts                     the layout families, their tables and schemes\ndocgen schema > docgen.schema.json JSON Schema for editors",
    ("validate", None): "Check spec files (files or folders); one line per problem: FILE:LINE:COL: severity CODE message.",
    ("render", None): "Check and write the official tables as Word / Excel / PDF; a spec with errors writes nothing.\n\n"
                      "The internal version by default (complete; tables with withheld content are marked); --public writes the disclosure version.",
    ("build", None): "Write one department's disclosure package for a year: one Word document, one PDF, one Excel workbook.",
    ("layouts", None): "List the layout families with each kind's tables, indicator scheme and scoring, all from the template data.",
    ("schema", None): "Print the JSON Schema of the spec format (with Chinese titles), for YAML editors.",
    ("new", None): "Print a commented starting spec that passes validation.",
    ("*", "lang"): "Language of the messages: zh (default) or en. Or set DOCGEN_LANG.",
    ("*", "templates"): "Your own template folder (layouts/ forms/ schemes/ tablesets/), searched before the shipped templates; may be given more than once. Or set DOCGEN_TEMPLATES.",
    ("*", "formats"): "Output formats, comma-separated: docx, xlsx, pdf.",
    ("*", "out_dir"): "Output folder.",
    ("*", "public"): "Write the disclosure version: withheld content reaches no output file.",
    ("build", "jobs"): "Number of formats written at once (one process each).",
    ("schema", "kind"): "Only the schema of one kind of spec.",
    ("new", "layout_name"): "Layout family, see docgen layouts.",
    ("new", "evaluation"): "Include the year-end self-evaluation part (actual values, weights, scores).",
}


def localize(group: click.Group, lang: str) -> None:
    """The commands' and options' help in ``lang`` (the code holds the Chinese, kept aside so that
    a later call in Chinese restores it)."""
    commands = {"docgen": group, **group.commands}
    for name, command in commands.items():
        _swap(command, ENGLISH_HELP.get((name, None)), lang)
        for param in command.params:
            if isinstance(param, click.Option):
                _swap(param, ENGLISH_HELP.get((name, param.name)) or ENGLISH_HELP.get(("*", param.name or "")), lang)
            if isinstance(param.type, click.Path):  # click names the kind of path when the type is made, at import
                path = param.type
                kind = "file" if path.file_okay and not path.dir_okay else "directory" if path.dir_okay and not path.file_okay else "path"
                path.name = translate(kind, lang)


def _swap(holder: click.Command | click.Option, english: str | None, lang: str) -> None:
    chinese = holder.__dict__.setdefault("_docgen_chinese_help", holder.help)
    holder.help = english if lang == "en" and english else chinese
