"""The ``docgen`` command's first moments: Ctrl-C while Python is still importing docgen ends the
run quietly with exit status 130 (nothing has been read or written yet), instead of a traceback."""

from __future__ import annotations

import os
import signal
import sys


def _early_interrupt(signum: int, frame: object) -> None:
    english = "--lang=en" in sys.argv or any(a == "--lang" and b.lower().startswith("en") for a, b in zip(sys.argv, sys.argv[1:], strict=False)) \
        or os.environ.get("DOCGEN_LANG", "").lower().startswith("en")
    os.write(2, ("Aborted!\n" if english else "已中断，未写出任何文件。\n").encode())
    os._exit(130)


def main() -> None:
    """Entry point of the ``docgen`` command."""
    signal.signal(signal.SIGINT, _early_interrupt)
    from .cli import main as run  # the imports take a moment

    signal.signal(signal.SIGINT, signal.default_int_handler)
    run()
