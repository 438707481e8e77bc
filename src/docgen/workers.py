"""Worker processes that live and die with the command that started them.

A worker renders bytes and hands them back; only the parent writes files.  So a worker can never
write an output after its parent has gone, and a parent stopped by Ctrl-C (or killed) leaves no
worker behind: each worker asks the kernel to stop it when its parent dies (Linux's
``PR_SET_PDEATHSIG``) and ignores Ctrl-C itself, and the parent terminates its workers when it is
interrupted.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Worker initializer: end when the parent ends; leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() == 1:  # the parent died before the request was made
            os._exit(1)


@contextlib.contextmanager
def worker_pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers stop with the command (Ctrl-C, an error, a kill)."""
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_die_with_parent)
    try:
        yield pool
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):  # no waiting for their work
            with contextlib.suppress(Exception):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)
