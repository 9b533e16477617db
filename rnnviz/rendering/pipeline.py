"""From a Trace (or a sentence) to a finished GIF, MP4, WebM or PNG file.

One render: check every option, look the result up in rnnviz's cache, and only on a miss run
the model, render the scene with manim in a private media folder, stream its frames into the
encoder and move the finished file into place atomically.

.. code-block:: python

    import rnnviz
    from rnnviz.rendering.pipeline import render_sentence

    trace = rnnviz.Trace.load("my-lstm.json")
    rnnviz.render(trace, scene="step", output="step.mp4", quality="high")  # -> Path of step.mp4
    render_sentence("gru", "set an alarm for 7", output="gru.gif")
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from rnnviz.core.trace import Trace
from rnnviz.models.text import MAX_TOKENS
from rnnviz.doctor import RENDER_TOOLS, missing_render_tools, missing_tools_message
from rnnviz.rendering.cache import cache_key, cached_file, copy_out, store, usable_cache_dir
from rnnviz.rendering.options import InvalidOption, RenderError, RenderOptions
from rnnviz.rendering.output import FileRecord, IncompleteFile, OutputError, check_output, copy_verified, output_format
from rnnviz.rendering.source import SentenceSource, TraceSource, check_arch
from rnnviz.rendering.verify import media_check
from rnnviz.scenes import SceneEntry, get_scene_entry, load_scene_class

# Debug level: manim routes the root logger's INFO records to stdout once imported.
logger = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]


def render(
    trace: Trace | PathLike,
    scene: str = "step",
    output: PathLike | None = None,
    quality: str = "medium",
    fps: int | None = None,
    theme: str = "light",
    lang: str = "en",
    transparent: bool = False,
    detail: str = "first",
    units: int = 8,
    cache: bool = True,
    verbose: bool = False,
    progress: bool = True,
    *,
    size: tuple[int, int] | None = None,
    arch: str | None = None,
) -> Path:
    """Render ``scene`` over ``trace`` (a Trace, or a saved ``.json``/``.npz`` one) into ``output``.

    ``output``'s suffix picks the format (``.gif`` ``.mp4`` ``.webm`` ``.png``); by default it is
    ``ARCH-SCENE.gif`` in the current folder. ``quality`` is ``low`` (480p, 20 fps), ``medium``
    (720p, 25 fps), ``high`` (1080p, 50 fps) or ``4k`` (2160p, 50 fps); ``fps`` and ``size``
    (width, height) override it. ``theme``, ``lang``, ``detail`` and ``units`` go to the scene.
    With ``cache``, an identical earlier render is copied instead of rendered again. ``arch``,
    if given, must be the trace's architecture. Returns the output's absolute path; raises
    :class:`~rnnviz.rendering.options.InvalidOption` for a bad request.
    """
    if arch is not None:
        check_arch(arch)
    source = TraceSource(trace) if isinstance(trace, Trace) else TraceSource.load(trace)
    if arch is not None and arch != source.arch:
        raise InvalidOption(f"the trace records {source.arch}, not {arch}")
    return _run(source, scene, output, cache, verbose, progress, quality=quality, fps=fps, size=size, theme=theme,
                lang=lang, transparent=transparent, detail=detail, units=units)


def render_sentence(
    arch: str,
    sentence: str,
    weights: PathLike | None = None,
    *,
    scene: str = "step",
    output: PathLike | None = None,
    cache: bool = True,
    verbose: bool = False,
    progress: bool = True,
    max_tokens: int = MAX_TOKENS,
    **options: Any,
) -> Path:
    """Run ``sentence`` through the demo classifier of ``arch`` (or ``weights`` from ``rnnviz
    train``) and render the recorded pass; ``options`` are :func:`render`'s. A sentence of more
    than ``max_tokens`` tokens is refused. A cache hit neither runs the model nor imports torch
    or manim."""
    source = SentenceSource(arch, sentence, Path(weights) if weights is not None else None, max_tokens)
    return _run(source, scene, output, cache, verbose, progress, **options)


def _scene_for(scene: str, arch: str) -> SceneEntry:
    try:
        entry = get_scene_entry(scene)
    except ValueError as error:
        raise InvalidOption(str(error)) from None
    if not entry.supports(arch):
        raise InvalidOption(f"the scene {scene!r} is not available for {arch}; it draws {', '.join(entry.archs)}")
    return entry


def _run(
    source: SentenceSource | TraceSource,
    scene: str,
    output: PathLike | None,
    use_cache: bool,
    verbose: bool,
    progress: bool,
    *,
    quality: str = "medium",
    fps: int | None = None,
    size: tuple[int, int] | None = None,
    **scene_options: Any,
) -> Path:
    entry = _scene_for(scene, source.arch)
    path = check_output(output if output is not None else f"{source.arch}-{entry.id}.gif")
    options = RenderOptions.create(output_format(path), quality=quality, fps=fps, size=size, **scene_options)
    key = cache_key(
        {"scene": entry.id, "target": entry.target, "source": source.fingerprint(), "options": options.fingerprint()}
    )
    use_cache = use_cache and usable_cache_dir() is not None
    hit = cached_file(key, options.format) if use_cache else None
    if hit is not None:
        copy_out(hit, path)
        logger.debug("%s: copied from the cache (%s)", path.name, hit)
        return path

    check_render_tools()
    start = time.perf_counter()
    trace = source.trace()
    _import_manim()
    scene_class = load_scene_class(entry)
    # Rendered in a private folder and checked there; then published, as a copy checked byte for
    # byte, to the output and the cache.
    with TemporaryDirectory(prefix="rnnviz-") as workdir, _explained(Path(workdir), path):
        rendered = Path(workdir) / f"render.{options.format}"
        frames = render_frames(scene_class, trace, options, rendered, Path(workdir), verbose=verbose,
                               progress=progress)
        media_check(options, frames)(rendered)
        record = FileRecord.of(rendered)
        copy_verified(rendered, path, record)
        logger.debug("%s: rendered in %.1f s", path.name, time.perf_counter() - start)
        if use_cache:
            store(key, options.format, rendered, record)
    return path


@contextmanager
def _explained(workdir: Path, path: Path) -> Iterator[None]:
    """Turn the failures of a render that are not bugs into one-line errors: an incomplete file, a
    program that went missing, a full temporary folder."""
    try:
        yield
    except IncompleteFile as error:
        raise IncompleteFile(f"the render came out incomplete ({error}); {path} was not written") from None
    except FileNotFoundError as error:
        if error.filename not in RENDER_TOOLS:
            raise
        raise MissingTool(missing_tools_message([error.filename])) from None
    except OSError as error:
        if error.filename is None or not str(error.filename).startswith(str(workdir)):
            raise
        raise OutputError(f"cannot write the temporary file {error.filename}: {error.strerror}; "
                          "set TMPDIR to a folder with room") from None


def check_render_tools() -> None:
    """Raise :class:`MissingTool` unless the programs scenes need (LaTeX, dvisvgm) can be run."""
    missing = missing_render_tools()
    if missing:
        raise MissingTool(missing_tools_message(missing))


def _import_manim() -> None:
    """Import manim from an empty folder: manim reads ``./manim.cfg`` when first imported, and
    whatever lies in the user's folder must neither change nor break a render."""
    if "manim" in sys.modules:
        return
    previous = os.getcwd()
    with TemporaryDirectory(prefix="rnnviz-") as empty:
        os.chdir(empty)
        try:
            import manim  # noqa: F401
        finally:
            os.chdir(previous)


class MissingTool(RenderError):
    """A program a render runs is not installed."""


def render_frames(
    scene_class: type,
    trace: Trace,
    options: RenderOptions,
    path: Path,
    workdir: Path,
    *,
    verbose: bool = False,
    progress: bool = True,
) -> int:
    """Render ``scene_class`` over ``trace`` and encode its frames into ``path`` (no cache, not
    atomic); returns the number of frames encoded, repeats included.

    manim runs with :func:`~rnnviz.rendering.session.manim_session`'s configuration and its media
    folder inside ``workdir``; frames go straight from the renderer to the encoder.
    """
    from manim import CairoRenderer
    from tqdm import tqdm

    from rnnviz.rendering.encoders import BackgroundEncoder, open_encoder
    from rnnviz.rendering.session import FrameWriter, manim_session

    encoder = open_encoder(path, options, workdir)
    if not options.is_still:
        encoder = BackgroundEncoder(encoder)
    bar = tqdm(
        desc="rendering",
        unit=" frames",
        file=sys.stderr,
        leave=False,
        disable=not progress or options.is_still or not sys.stderr.isatty(),
    )

    frames = 0

    def on_frame(pixels: Any, repeat: int) -> None:
        nonlocal frames
        encoder.write(pixels, repeat)
        frames += repeat
        bar.update(repeat)

    try:
        with manim_session(options, workdir / "media", verbose=verbose):
            renderer = CairoRenderer(file_writer_class=FrameWriter.bound(on_frame))
            scene_class(trace, renderer=renderer, **options.scene_kwargs()).render()
        bar.set_description_str(f"writing {options.format}")  # a GIF's second pass takes a while
        encoder.close()
    except BaseException:
        encoder.abort()
        raise
    finally:
        bar.close()
    return frames
