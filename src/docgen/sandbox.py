"""The sandbox narrative templates run in: only the package's own files, and limited work.

A narrative template is text a department (or a bureau) wrote; it may be careless or hostile.
Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` already refuses access to Python's
internals; this module adds what a disclosure package also needs:

* **files**: a template (and what it includes) is read only from the folders it is looked up in,
  with links followed first — a link in the package's folder to a file elsewhere is refused
  (:class:`OutsideFolder`);
* **work**: the text it writes, the values it builds, the ``range`` loops it runs and the time it
  takes are limited (:class:`TemplateLimit`), so that ``{{ 'x' * 10**9 }}`` or nested
  ``range(90000)`` loops end in a diagnostic at the template's line, not in an exhausted machine.

The limits are far above what a real 情况说明 needs (a long one writes some 20,000 characters and
loops over a few hundred table rows).
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sized
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Template, TemplateNotFound, filters, pass_environment, pass_eval_context
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

from . import codes, paths
from .diagnostics import Message

MAX_OUTPUT = 500_000  # characters one template may write
MAX_VALUE = 200_000  # characters (or items) one value may hold
MAX_LOOPS = 200_000  # items all the ``range`` calls of one rendering may produce together
MAX_EXPONENT = 100  # x ** n
MAX_WIDTH = 10_000  # a padding or format width
MAX_SECONDS = 20  # one rendering of all of a package's narratives
MAX_TEMPLATE_BYTES = 1024 * 1024


class TemplateLimit(Exception):
    """A template went beyond a limit: the message and its parameters say which."""

    def __init__(self, message: Message, **params: object) -> None:
        super().__init__(message.msgid)
        self.message_, self.params = message, params
        self.line: int | None = None  # when the traceback cannot tell it


def _writing_line(generator: Any, template: Template) -> int | None:
    """The line of ``template`` a suspended rendering generator is at."""
    line = None
    while generator is not None:
        frame = getattr(generator, "gi_frame", None)
        if frame is not None and frame.f_code.co_filename == template.filename:
            line = template.get_corresponding_lineno(frame.f_lineno)
        generator = getattr(generator, "gi_yieldfrom", None)
    return line


class OutsideFolder(TemplateNotFound):
    """A template file is a link leading outside the folder it was found in."""

    def __init__(self, name: str, path: Path, folder: Path) -> None:
        super().__init__(name)
        self.path, self.folder = path, folder


class ConfinedLoader(BaseLoader):
    """Templates from a list of folders, the first that has the name; never from outside them."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    def locate(self, name: str) -> Path | None:
        """The file ``name`` is read from, or None; raises :class:`OutsideFolder` for a link out."""
        pieces = split_template_path(name)  # refuses “..”
        for folder in self.folders:
            candidate = folder.joinpath(*pieces)
            if paths.is_file(candidate):
                if not paths.inside(candidate, folder):
                    raise OutsideFolder(name, candidate, folder)
                return candidate
        return None

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file name, and an up-to-date check."""
        found = self.locate(template)
        if found is None:
            raise TemplateNotFound(template)
        try:
            size = found.stat().st_size
            if size > MAX_TEMPLATE_BYTES:
                raise TemplateLimit(codes.G021_FILE, limit=MAX_TEMPLATE_BYTES // 1024)
            text = found.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise TemplateNotFound(template) from exc
        mtime = found.stat().st_mtime

        def uptodate() -> bool:
            with contextlib.suppress(OSError):
                return found.stat().st_mtime == mtime
            return False

        return text, str(found), uptodate


# --- limits --------------------------------------------------------------------------------------

_FORMAT_WIDTH = re.compile(r"\{[^{}]*:[^{}]*?(\d+)[^{}]*\}|%[-+ #0]*(\d+)")


def _check_size(value: Any) -> None:
    if isinstance(value, (str, list, tuple, dict, bytes)) and len(value) > MAX_VALUE:
        raise TemplateLimit(codes.G021_VALUE, limit=MAX_VALUE)


def _big(number: Any, limit: int) -> bool:
    """Is ``number`` a number beyond ±limit?"""
    return isinstance(number, (int, float, Decimal)) and not isinstance(number, bool) and not -limit <= number <= limit


def _check_width(width: Any) -> None:
    if _big(width, MAX_WIDTH):
        raise TemplateLimit(codes.G021_WIDTH, limit=MAX_WIDTH)


def _check_format(text: Any) -> None:
    if isinstance(text, str):
        for match in _FORMAT_WIDTH.finditer(text):
            _check_width(int(match.group(1) or match.group(2)))


def _check_join(items: Any, separator: Any) -> None:
    items = list(items)
    if len(items) > MAX_VALUE or sum(_length(x) for x in items) + _length(separator) * len(items) > MAX_VALUE:
        raise TemplateLimit(codes.G021_VALUE, limit=MAX_VALUE)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, Sized) else 0


class _Budget:
    """The work one rendering may still do: ``range`` items, and a deadline."""

    def __init__(self) -> None:
        self.loops = MAX_LOOPS
        self.deadline = time.monotonic() + MAX_SECONDS

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(codes.G021_TIME, seconds=MAX_SECONDS)

    def range(self, *args: Any) -> range:
        self.tick()
        for a in args:
            if not isinstance(a, int):
                raise TypeError("range() takes whole numbers")
        numbers = range(*args)
        self.loops -= len(numbers)
        if self.loops < 0:
            raise TemplateLimit(codes.G021_LOOPS, limit=MAX_LOOPS)
        return numbers


class LimitedNamespace(Namespace):
    """``namespace()`` whose attributes cannot grow beyond the value limit (``ns.s = ns.s ~ ns.s``)."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_size(value)
        super().__setitem__(name, value)


def _limited_filters() -> dict[str, Callable[..., Any]]:
    """Jinja2's filters that can multiply text, checked first (they also run when a template is
    compiled, on constants, so the check cannot wait for the rendering)."""

    def center(value: Any, width: int = 80) -> str:
        _check_width(width)
        return filters.do_center(value, width)

    def indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
        _check_width(width if not isinstance(width, str) else len(width))
        if _length(s) * (len(width) if isinstance(width, str) else int(width) + 1) > MAX_VALUE * 4:
            raise TemplateLimit(codes.G021_VALUE, limit=MAX_VALUE)
        return filters.do_indent(s, width, first, blank)

    @pass_eval_context
    def join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
        items = list(value)
        _check_join(items, d)
        return str(filters.do_join(eval_ctx, items, d, attribute))

    def replace(s: Any, old: str, new: str, count: int | None = None) -> str:
        text = str(s)
        times = text.count(str(old)) if old else len(text) + 1
        if len(text) + times * max(0, len(str(new)) - len(str(old))) > MAX_VALUE:
            raise TemplateLimit(codes.G021_VALUE, limit=MAX_VALUE)
        return text.replace(str(old), str(new), -1 if count is None else count)

    def format_(value: str, *args: Any, **kwargs: Any) -> str:
        _check_format(value)
        return filters.do_format(value, *args, **kwargs)

    @pass_environment
    def wordwrap(environment: Any, s: str, width: int = 79, *args: Any, **kwargs: Any) -> str:
        _check_width(width)
        return filters.do_wordwrap(environment, s, width, *args, **kwargs)

    return {"center": center, "indent": indent, "join": join, "replace": replace, "format": format_, "wordwrap": wordwrap}


_TEXT_METHODS = {"ljust", "rjust", "center", "zfill", "expandtabs"}


class LimitedEnvironment(SandboxedEnvironment):
    """Jinja2's sandbox with the limits above; ``budget`` is renewed by :meth:`rendering`."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, folders: list[Path], **options: Any) -> None:
        super().__init__(loader=ConfinedLoader(folders), **options)
        self.budget = _Budget()
        self.filters.update(_limited_filters())
        self.globals["range"] = lambda *args: self.budget.range(*args)
        self.globals["namespace"] = LimitedNamespace

    @contextlib.contextmanager
    def rendering(self) -> Iterator[None]:
        """One rendering's budget, and (in the main thread) a timer that stops a runaway loop."""
        self.budget = _Budget()
        timer = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        if not timer:
            yield
            return

        def expired(signum: int, frame: Any) -> None:
            raise TemplateLimit(codes.G021_TIME, seconds=MAX_SECONDS)

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def write(self, template: Template, **data: Any) -> str:
        """A template's output, stopped once it is longer than :data:`MAX_OUTPUT`; the limit then
        records the template line that was writing (``line``)."""
        out: list[str] = []
        total = 0
        chunks: Any = template.generate(**data)
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_OUTPUT:
                limit = TemplateLimit(codes.G021_OUTPUT, limit=MAX_OUTPUT)
                limit.line = _writing_line(chunks, template)
                chunks.close()
                raise limit
            out.append(chunk)
        return "".join(out)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*``, ``**``, ``%`` and ``+`` with their results kept within the limits."""
        self.budget.tick()
        if operator == "**":
            if _big(right, MAX_EXPONENT) and left not in (0, 1, -1):
                raise TemplateLimit(codes.G021_NUMBER, limit=MAX_EXPONENT)
        elif operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_VALUE:
                    raise TemplateLimit(codes.G021_VALUE, limit=MAX_VALUE)
        elif operator == "%":
            _check_format(left)
        result = super().call_binop(context, operator, left, right)
        _check_size(result)
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'{:>999999999}'.format(1)``: the widths are checked before Jinja2's safe formatter runs."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format(value.__self__)
        return wrapped

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Calls with no oversized argument, and text methods with no oversized width."""
        __self.budget.tick()
        for value in (*args, *kwargs.values()):
            _check_size(value)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name in _TEXT_METHODS:
                for value in (*args, *kwargs.values()):
                    _check_width(value)
            if name == "replace" and len(args) >= 2:
                _limited_filters()["replace"](owner, *args[:2])
            if name == "join" and args:
                _check_join(args[0], owner)
        result = super().call(__context, __obj, *args, **kwargs)
        _check_size(result)
        return result


__all__ = ["ConfinedLoader", "LimitedEnvironment", "OutsideFolder", "TemplateLimit", "MAX_OUTPUT", "MAX_VALUE", "MAX_LOOPS"]
