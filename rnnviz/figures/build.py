"""Rendering a planned figure set with a pool of worker processes, then publishing it.

Jobs are handed out most expensive first (:mod:`~rnnviz.figures.pool`), so the long animations
start at once and the stills fill the gaps at the end. Every job goes through
:func:`~rnnviz.figures.worker.render_job`, so through the same cache as `rnnviz render`.

The first failure, Ctrl-C or SIGTERM (which `rnnviz` raises as an interruption) stops the run:
no further job starts, running ones are stopped (each removes its half-written file), and the
set is published with the files finished so far and those of an earlier run that are intact.

.. code-block:: python

    from rnnviz.figures.build import build
    from rnnviz.figures.plan import plan_figures

    manifest = build(plan_figures("figures", langs="en,zh"), jobs=2, on_finished=print)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from rnnviz.figures.manifest import Entry, Manifest, Missing
from rnnviz.figures.plan import Plan, missing_figures
from rnnviz.figures.pool import run_pool
from rnnviz.figures.publish import publish, publish_after_failure
from rnnviz.figures.worker import Finished, render_job
from rnnviz.rendering.options import RenderError


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build(plan: Plan, jobs: int | None = None, on_finished: Callable[[Finished], None] | None = None) -> Manifest:
    """Render ``plan``'s jobs with ``jobs`` workers (default: one per core; one renders in this
    process), call ``on_finished`` for each file as it is done, and publish the set: gallery,
    then manifest. Returns the published manifest. A job that cannot be done raises
    :class:`~rnnviz.rendering.options.RenderError` (one line), after publishing what finished.
    """
    out = plan.settings.out
    try:
        for folder in {variant.folder for variant in plan.variants}:
            (out / folder).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RenderError(f"cannot create the output folder {out}: {error.strerror or error}") from None
    earlier = Manifest.load_if_present(out)
    finished = []
    missing = missing_figures()  # of the whole course: the set may hold an earlier run's other figures
    try:
        for done in _render_all(plan, jobs or default_jobs()):
            finished.append(done.entry)
            if on_finished is not None:
                on_finished(done)
    except BaseException:
        publish_after_failure(out, _combined(out, earlier, finished, missing, plan))
        raise
    return publish(out, _combined(out, earlier, finished, missing, plan))


def _combined(out: Path, earlier: Manifest | None, finished: list[Entry], missing: tuple[Missing, ...],
              plan: Plan) -> Manifest:
    """This run's files, and the earlier run's that are intact and that this run did not make
    again (under the same path, or under another one for the same figure, variant and format)."""
    made = {entry.file for entry in finished} | {_identity(entry) for entry in finished}
    kept = [e for e in earlier.files if not {e.file, _identity(e)} & made and e.is_present(out)] if earlier else []
    return Manifest(tuple(finished + kept), missing, plan.shard)


def _identity(entry: Entry) -> tuple[str, str, str, str]:
    return entry.name, entry.lang, entry.theme, entry.format


def _render_all(plan: Plan, workers: int) -> Iterator[Finished]:
    if min(workers, len(plan.jobs)) > 1:
        yield from run_pool(plan.jobs, plan.settings, workers)
    else:
        for job in plan.jobs:
            yield render_job(job, plan.settings)
