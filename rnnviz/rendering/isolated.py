"""Call a function in a child process and take back its result, its exception and its warnings.

A render from a sentence runs the model first: torch and the model take about 300 MB that the
process would hold, unused, beside manim's frames for the rest of the render. Run in a child
forked for it, they are released when the child exits, so a render from a sentence peaks no
higher than a render of a saved trace.

>>> import math
>>> call_isolated(math.factorial, 5)
120
>>> call_isolated(int, "five")
Traceback (most recent call last):
  ...
ValueError: invalid literal for int() with base 10: 'five'

The child is forked, so it sees this process as it is (imported modules, patched functions). It
ignores Ctrl-C, which is its parent's to handle: an interrupted parent kills it. Where forking is
unsafe or impossible the function runs here (:func:`can_fork`): then torch was loaded here
already, or the caller runs threads, or the system cannot fork. A long-lived worker that runs
the model for job after job keeps it loaded instead (:func:`keep_here`).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from rnnviz.rendering.options import RenderError

__all__ = ["call_isolated", "can_fork", "keep_here"]

T = TypeVar("T")

_kept_here = False


@contextmanager
def keep_here() -> Iterator[None]:
    """Within the block, :func:`call_isolated` runs every function in this process, which keeps
    what they import (torch, once) for the next call: for a process rendering many jobs.

    >>> with keep_here():
    ...     call_isolated(os.getpid) == os.getpid()
    True
    """
    global _kept_here
    before, _kept_here = _kept_here, True
    try:
        yield
    finally:
        _kept_here = before


def can_fork() -> bool:
    """Whether :func:`call_isolated` forks: outside a :func:`keep_here` block, on POSIX, in a
    process that runs no other thread (a lock another thread holds at the fork would stay held
    in the child forever) and has not loaded torch (its OpenMP threads do not survive a fork: the
    child would wait for them in its first parallel matrix product, forever)."""
    return (not _kept_here and hasattr(os, "fork") and threading.active_count() == 1
            and "torch" not in sys.modules)


def call_isolated(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` computed in a forked child process (here, if :func:`can_fork` is false).

    The result and an exception raised travel back pickled. An exception or warning whose class
    is defined in a module this process has not imported (e.g. one of torch's) arrives as
    ``RuntimeError`` or ``UserWarning``, since unpickling its class would import that module
    here. Warnings the child raised are warned again here. A child that dies without answering
    (e.g. killed for memory) raises ``RenderError``.
    """
    if not can_fork():
        return function(*args)
    read_end, write_end = os.pipe()
    sys.stdout.flush()  # nothing buffered is inherited, so nothing is written twice
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _serve(write_end, read_end, function, args)  # never returns
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            answer = pipe.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:  # interrupted: the child is not left running
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    if not answer:
        raise RenderError(f"the process running {function.__name__} ended without an answer ({_describe(status)})")
    kind, value, caught = pickle.loads(answer)
    for category, message in caught:
        warnings.warn(message, category, stacklevel=2)
    if kind == "raised":
        raise value
    return value


def _serve(write_end: int, read_end: int, function: Callable, args: tuple) -> None:
    """In the child: compute, send ``(kind, value, warnings)`` and exit without running the
    parent's exit handlers or flushing its buffers."""
    status = 1
    try:
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for number in (signal.SIGTERM, signal.SIGHUP):  # the parent's handlers would unwind its own work
            signal.signal(number, signal.SIG_DFL)
        parents = set(sys.modules)  # what the parent has imported: its classes unpickle there
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                reply: tuple[str, Any] = ("returned", function(*args))
            except Exception as error:
                reply = ("raised", _portable(error, parents))
        sent = [(w.category if w.category.__module__ in parents else UserWarning, str(w.message)) for w in caught]
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(pickle.dumps((*reply, sent)))
        status = 0
    finally:
        os._exit(status)


def _portable(error: Exception, parents: set[str]) -> Exception:
    """``error`` if it unpickles in the parent without importing a module, else a ``RuntimeError``."""
    if type(error).__module__ in parents:
        try:
            pickle.loads(pickle.dumps(error))
            return error.with_traceback(None)
        except Exception:  # an exception that does not survive pickling
            pass
    return RuntimeError(f"{type(error).__name__}: {error}")


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.WEXITSTATUS(status)}"
