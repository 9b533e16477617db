"""One file of a figure set: rendered by the pipeline, through its cache, and described.

:func:`render_job` runs in a worker process of the pool (or in the caller's, with one job at a
time). It renders exactly as `rnnviz render` does, with the same cache keys, so an identical
job is a cache hit that imports neither torch nor manim; a worker that renders imports manim
once and keeps it for every later job, and so torch: the model runs in the worker itself
(:func:`~rnnviz.rendering.isolated.keep_here`), not in a child process of each render.
"""

from __future__ import annotations

import re
import time
import warnings
from dataclasses import dataclass

from rnnviz.figures.manifest import Entry
from rnnviz.figures.media import describe, format_bytes
from rnnviz.figures.plan import Job, Settings, render_command
from rnnviz.rendering.cache import cache_dir
from rnnviz.rendering.isolated import keep_here
from rnnviz.rendering.options import RenderError
from rnnviz.rendering.output import write_file
from rnnviz.rendering.pipeline import render_sentence
from rnnviz.rendering.source import SentenceSource, TraceSource


@dataclass(frozen=True)
class Finished:
    """A job's file, described for the manifest, with how long it took and what it warned."""

    entry: Entry
    seconds: float
    warnings: tuple[str, ...] = ()

    def line(self) -> str:
        """One line for the user: the file, what it shows, its size and the time it took."""
        e = self.entry
        length = f"{e.duration:.1f} s" if e.kind == "animation" else "still"
        return (f"{e.file}  {e.scene} {'+'.join(e.archs)}  {e.width}x{e.height} {length}  {format_bytes(e.bytes)}"
                f"  in {self.seconds:.1f} s")


def render_job(job: Job, settings: Settings) -> Finished:
    """Render ``job`` into ``settings.out`` (its subfolder must exist) and describe the file.

    A refused option or a failed write raises a one-line ``RenderError`` naming the file.
    """
    try:
        with keep_here():
            return _render(job, settings)
    except RenderError as error:  # its kind kept: a refused option is bad input, a full disk is not
        raise type(error)(f"{job.path}: {error}") from None
    except OSError as error:
        where = f" ({error.filename})" if error.filename is not None else ""
        raise RenderError(f"{job.path}: {error.strerror or error}{where}") from None


def _render(job: Job, settings: Settings) -> Finished:
    start = time.perf_counter()
    options = settings.render_options(job)
    sources = settings.sources(job)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = render_sentence(
            job.arch, settings.sentence, settings.weights(job), scene=job.figure.scene, output=settings.out / job.path,
            quality=settings.quality, fps=settings.fps, theme=job.variant.theme, lang=job.variant.lang, progress=False,
        )
        traces = {key: trace_digest(source) for key, source in sources.items()}
    facts = describe(path, options.fps)
    figure = job.figure
    entry = Entry(
        file=job.path, name=figure.name, section=figure.section, scene=figure.scene, archs=figure.archs,
        kind=figure.kind, lang=job.variant.lang, theme=job.variant.theme,
        options={
            "format": options.format, "quality": settings.quality, "width": options.width, "height": options.height,
            "fps": options.fps, "sentence": next(iter(sources.values())).sentence,
            "weights": {source.arch: model_name(source) for source in sources.values()},
        },
        traces=traces, duration=facts.duration, frames=facts.frames, width=facts.width, height=facts.height,
        bytes=facts.bytes, sha256=facts.sha256, command=render_command(job, settings),
    )
    own = (str(w.message) for w in caught if w.category.__module__.startswith("rnnviz."))
    return Finished(entry, time.perf_counter() - start, tuple(dict.fromkeys(own)))


def model_name(source: SentenceSource) -> str:
    """The model a trace comes from: the user's file, or ``demo`` (``demo-stacked``, ...)."""
    if source.weights is not None:
        return str(source.weights)
    return "demo" if source.model == "single" else f"demo-{source.model}"


def trace_digest(source: SentenceSource) -> str:
    """The sha256 of the Trace ``source`` records (its NPZ bytes, as `rnnviz render --trace`
    keys its cache), remembered in the cache folder so that a cache hit needs no model run."""
    memo = cache_dir() / "figures" / "traces" / f"{source.fingerprint()}.sha256"
    try:
        known = memo.read_text().strip()
        if re.fullmatch(r"[0-9a-f]{64}", known):
            return known
    except OSError:
        pass
    digest = TraceSource(source.trace()).fingerprint()
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        write_file(memo, (digest + "\n").encode())
    except (OSError, RenderError):  # a read-only or full cache: computed again next time
        pass
    return digest


class Stopped(SystemExit):
    """SIGTERM arrived: raised where the process is, so that every ``with`` block on the way out
    (the pipeline's atomic output, its temporary folders) cleans up, as for Ctrl-C."""


def stop_on_term(signum: int, frame: object) -> None:
    """A SIGTERM handler raising :class:`Stopped`."""
    raise Stopped(128 + signum)
