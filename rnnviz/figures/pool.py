"""A pool of worker processes rendering figure jobs, each handed the most expensive job left.

Every worker is a fresh (``spawn``) process with its own pipe to the parent: it receives a job,
renders it, sends back the result and waits for the next. It imports manim and torch on its
first cache miss and keeps them for every later job. Sharing no queue or lock, a worker can be
stopped at any moment without harming the others: :func:`run_pool` stops them all (SIGTERM,
which each turns into an orderly exit that removes its half-written file) when the caller stops
iterating, on the first failure, and on Ctrl-C. A worker that dies is reported, not waited for.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from rnnviz.figures.plan import Job, Settings
from rnnviz.figures.worker import Finished, Stopped, render_job, stop_on_term
from rnnviz.rendering.options import RenderError

# Seconds a stopped worker gets to clean up before it is killed.
_STOP_GRACE = 20


class WorkerError(Exception):
    """The traceback of an exception raised in a worker, attached as its cause."""


def serve(connection: Connection, settings: Settings) -> None:
    """A worker's loop: render each job received until ``None`` arrives or SIGTERM.

    SIGTERM raises :class:`~rnnviz.figures.worker.Stopped` wherever the worker is, which unwinds
    the render (removing its half-written file); since an error while unwinding can replace it,
    the loop also checks that no stop arrived before it answers or takes another job. The worker
    then ends through ``SystemExit``, so that multiprocessing's own clean-up runs.
    """
    stopped: list[int] = []

    def stop(signum: int, frame: object) -> None:
        stopped.append(signum)
        stop_on_term(signum, frame)

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopped and (job := connection.recv()) is not None:
            try:
                reply: tuple = ("done", render_job(job, settings))
            except Exception as error:  # sent to the parent, which decides
                reply = ("failed", error, traceback.format_exc())
            if stopped:
                break
            try:
                connection.send(reply)
            except Exception:  # an exception that does not pickle
                connection.send(("failed", RuntimeError(repr(reply[1])), reply[2]))
    except EOFError:  # the parent is gone
        return
    if stopped:
        raise Stopped(128 + stopped[0])


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    job: Job | None = None


def run_pool(jobs: Sequence[Job], settings: Settings, workers: int) -> Iterator[Finished]:
    """Render ``jobs`` (in the order given, each to the next free worker) with ``workers``
    processes; yield each result as it arrives. A job's exception is raised here, with the
    worker's traceback as its cause."""
    context = multiprocessing.get_context("spawn")
    queue = deque(jobs)
    pool: list[_Worker] = []

    def give(worker: _Worker) -> None:
        worker.job = queue.popleft() if queue else None
        if worker.job is not None:
            worker.connection.send(worker.job)

    try:
        for _ in range(min(workers, len(jobs))):
            ours, theirs = context.Pipe()
            process = context.Process(target=serve, args=(theirs, settings), name="rnnviz-figures", daemon=True)
            process.start()
            theirs.close()
            pool.append(_Worker(process, ours))
            give(pool[-1])
        while busy := [w for w in pool if w.job is not None]:
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.connection in ready or worker.connection.poll():
                    yield _reply(worker)
                    give(worker)
                elif worker.process.sentinel in ready:
                    raise _died(worker)
    finally:
        _stop(pool)


def _reply(worker: _Worker) -> Finished:
    try:
        kind, *payload = worker.connection.recv()
    except EOFError:
        raise _died(worker) from None
    if kind == "done":
        return payload[0]
    error, remote_traceback = payload
    raise error from WorkerError(remote_traceback)


def _died(worker: _Worker) -> RenderError:
    worker.process.join(_STOP_GRACE)
    return RenderError(f"the worker rendering {worker.job.path} died (exit status {worker.process.exitcode})")


def _stop(pool: list[_Worker]) -> None:
    """End every worker: an idle one is told to, one still rendering is stopped; all are waited for."""
    for worker in pool:
        if not worker.process.is_alive():
            continue
        if worker.job is None:
            try:
                worker.connection.send(None)
            except OSError:  # it is exiting already
                pass
        else:
            worker.process.terminate()
    for worker in pool:
        worker.process.join(_STOP_GRACE)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()
