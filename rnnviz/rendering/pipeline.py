"""From a Trace (or a sentence) to a finished GIF, MP4, WebM or PNG file.

One render: check every option, look the result up in rnnviz's cache, and only on a miss run
the model, render the scene with manim in a private media folder, stream its frames into the
encoder and move the finished file into place atomically.

A scene that compares models (``memory``: rnn, lstm and gru) reads one trace per architecture,
all of the same sentence: the pipeline makes each from the sentence (``weights`` then names one
model file per architecture, or none for the demo models), keys the cache on all of them, and
``render`` takes them as a dict by architecture.

.. code-block:: python

    import rnnviz
    from rnnviz.rendering.pipeline import render_sentence

    trace = rnnviz.Trace.load("my-lstm.json")
    rnnviz.render(trace, scene="step", output="step.mp4", quality="high")  # -> Path of step.mp4
    render_sentence("gru", "set an alarm for 7", output="gru.gif")
    render_sentence("rnn", scene="memory", output="memory.gif")  # rnn, lstm, gru on a long sentence
    rnnviz.render({arch: rnnviz.Trace.load(f"{arch}.json") for arch in ("rnn", "lstm", "gru")}, scene="memory")
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from rnnviz.core.trace import Trace, check_same_input, split_key
from rnnviz.doctor import RENDER_TOOLS, missing_render_tools, missing_tools_message
from rnnviz.models.text import MAX_TOKENS
from rnnviz.rendering.cache import cache_key, cached_file, copy_out, store, usable_cache_dir
from rnnviz.rendering.options import InvalidOption, RenderError, RenderOptions, check_choice
from rnnviz.rendering.output import FileRecord, IncompleteFile, OutputError, check_output, copy_verified, output_format
from rnnviz.rendering.source import SentenceSource, TraceSource, check_arch, fingerprint
from rnnviz.rendering.verify import media_check
from rnnviz.scenes import SceneEntry, get_scene_entry, load_scene_class

# Debug level: manim routes the root logger's INFO records to stdout once imported.
logger = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]


TraceLike = Trace | PathLike
#: What ``render`` draws: a Trace or a saved one; for a scene comparing models, one per
#: architecture, as a dict by architecture (or a list, each trace naming its own).
Traces = TraceLike | Mapping[str, TraceLike] | Sequence[TraceLike]
#: The model files of ``render_sentence``: one file (for ``arch``), or a dict by architecture.
Weights = PathLike | Mapping[str, PathLike] | None


def render(
    trace: Traces,
    scene: str = "step",
    output: PathLike | None = None,
    quality: str = "medium",
    fps: int | None = None,
    theme: str = "light",
    lang: str = "en",
    transparent: bool = False,
    detail: str | None = None,
    units: int | None = None,
    cache: bool = True,
    verbose: bool = False,
    progress: bool = True,
    *,
    size: tuple[int, int] | None = None,
    arch: str | None = None,
    explain_step: int | None = None,
    unit: int | None = None,
    layer: int | None = None,
    direction: str | None = None,
    shape: str | None = None,
) -> Path:
    """Render ``scene`` over ``trace`` (a Trace, or a saved ``.json``/``.npz`` one) into ``output``.

    A scene that compares models (``rnnviz list``; e.g. ``memory``) reads one trace per
    architecture: give ``trace`` as a dict ``{arch: Trace or file}`` (or a list of them).
    ``output``'s suffix picks the format (``.gif`` ``.mp4`` ``.webm`` ``.png``); by default it is
    ``ARCH-SCENE.gif`` in the current folder. ``quality`` is ``low`` (480p, 20 fps), ``medium``
    (720p, 25 fps), ``high`` (1080p, 50 fps) or ``4k`` (2160p, 50 fps); ``fps`` and ``size``
    (width, height) override it. ``theme`` and ``lang`` go to the scene, and so do the scene
    options if given: ``detail``, ``units``, for ``step`` ``explain_step`` (which step is
    explained in full, from 1), ``layer`` (from 1) and ``direction`` (``forward`` or
    ``backward``), for ``intent`` and ``classify`` ``shape``, for ``equations`` and
    ``reset-gate`` ``unit`` (from 1); only to a scene that takes them
    (``rnnviz list``), otherwise :class:`~rnnviz.rendering.options.InvalidOption`, as for a
    layer or step the trace lacks.
    With ``cache``, an identical earlier render is copied instead of rendered again. ``arch``,
    if given, must be the trace's architecture (one of them). Returns the output's absolute path;
    raises :class:`~rnnviz.rendering.options.InvalidOption` for a bad request.
    """
    if arch is not None:
        check_arch(arch)
    sources = _trace_sources(trace)
    if arch is not None and arch not in sources:
        other = [f" ({key}: {arch} in the {variant} variant's formulas)" for key in sources
                 for key_arch, variant in [_split(key)] if key_arch == arch]
        raise InvalidOption(f"the trace{'s' if len(sources) > 1 else ''} record{'' if len(sources) > 1 else 's'} "
                            f"{', '.join(sources)}, not {arch}{''.join(other[:1])}")
    return _run(arch or _split(next(iter(sources)))[0], sources, scene, output, cache, verbose, progress, quality=quality,
                fps=fps, size=size, theme=theme, lang=lang, transparent=transparent, detail=detail, units=units,
                explain_step=explain_step, unit=unit, layer=layer, direction=direction, shape=shape)


def render_sentence(
    arch: str,
    sentence: str | None = None,
    weights: Weights = None,
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
    train``; by default the demo model the scene reads: one layer, stacked or bidirectional) and
    render the recorded pass; ``options`` are :func:`render`'s. A sentence of more
    than ``max_tokens`` tokens is refused. A cache hit neither runs the model nor imports torch
    or manim.

    Without ``sentence``, the scene's default in the language of ``lang``: the notes' running
    example, or for a scene about memory a long sentence (:data:`rnnviz.models.demo.LONG_SENTENCES`).
    A scene comparing models runs the sentence through the model of each architecture it reads;
    ``weights`` is then a dict of model files by architecture, one for each (or ``None``: the
    demo models).
    """
    sources = sentence_sources(arch, scene, sentence, weights, lang=options.get("lang", "en"), max_tokens=max_tokens)
    return _run(arch, sources, scene, output, cache, verbose, progress, **options)


def sentence_sources(
    arch: str,
    scene: str,
    sentence: str | None = None,
    weights: Weights = None,
    *,
    lang: str = "en",
    max_tokens: int = MAX_TOKENS,
) -> dict[str, SentenceSource]:
    """The traces :func:`render_sentence` reads for ``scene`` and ``arch``, by key (``"lstm"``,
    ``"gru:cho"``): each the sentence (by default the scene's in ``lang``) through its model.
    Nothing runs yet; a bad request raises :class:`~rnnviz.rendering.options.InvalidOption`.

    >>> {key: source.sentence for key, source in sentence_sources("gru", "step", lang="zh").items()}
    {'gru': '现在几点了'}
    """
    entry = _scene_for(scene, arch)
    files = _weights_by_arch(entry, arch, weights)
    if sentence is None:
        sentence = default_sentence(entry, lang)
    sources = {}
    for name in entry.reads_for(arch):  # an architecture, or one and a formula variant ("gru:cho"), of one model
        read_arch, variant = split_key(name)
        sources[name] = SentenceSource(read_arch, sentence, files.get(read_arch), max_tokens, variant, entry.model)
    return sources


def _scene_for(scene: str, arch: str) -> SceneEntry:
    try:
        entry = get_scene_entry(scene)
    except ValueError as error:
        raise InvalidOption(str(error)) from None
    if not entry.supports(arch):
        raise InvalidOption(f"the scene {scene!r} is not available for {arch}; it draws {', '.join(entry.archs)}")
    return entry


def _trace_sources(given: Traces) -> dict[str, TraceSource]:
    """One source per trace given, by the architecture it is given for (a dict's keys are checked
    against the traces with the rest of the traces, in :func:`_check_traces`)."""

    def source(value: TraceLike) -> TraceSource:
        return TraceSource(value) if isinstance(value, Trace) else TraceSource.load(value)

    if isinstance(given, Mapping):
        for key in given:
            _split(key)
        return {key: source(value) for key, value in given.items()}
    if isinstance(given, (list, tuple)):
        sources: dict[str, TraceSource] = {}
        for value in given:
            one = source(value)
            if one.key in sources:
                raise InvalidOption(f"two traces of {one.key}; give one per architecture")
            sources[one.key] = one
        if not sources:
            raise InvalidOption("no trace given")
        return sources
    one = source(given)
    return {one.key: one}


def _split(key: str) -> tuple[str, str]:
    """``(arch, variant)`` of a trace's key (``"gru"``, ``"gru:cho"``); ``InvalidOption`` if unknown."""
    try:
        return split_key(key)
    except ValueError as error:
        raise InvalidOption(str(error)) from None


def _weights_by_arch(entry: SceneEntry, arch: str, weights: Weights) -> dict[str, Path]:
    """The model file of each architecture the scene reads (none given: the demo models)."""
    reads = tuple(dict.fromkeys(_split(name)[0] for name in entry.reads_for(arch)))  # one model per architecture
    if weights is None:
        return {}
    given = dict(weights) if isinstance(weights, Mapping) else {arch: weights}
    for name in given:
        check_arch(name)
        if name not in reads:
            raise InvalidOption(f"--weights for {name}, but the scene {entry.id!r} reads {', '.join(reads)}")
    missing = [name for name in reads if name not in given]
    if missing:
        raise InvalidOption(f"the scene {entry.id!r} compares {', '.join(reads)} on one sentence: give "
                            f"--weights ARCH=FILE for each (missing: {', '.join(missing)}), or none for the demo models")
    return {name: Path(given[name]) for name in reads}


def default_sentence(entry: SceneEntry, lang: str) -> str:
    """The sentence ``entry``'s scene reads unless given one: the notes' running example in
    ``lang``, or for a scene about memory a long sentence."""
    from rnnviz.models.demo import DEMO_SENTENCES, LONG_SENTENCES

    check_choice("--lang", lang, tuple(DEMO_SENTENCES))
    return (LONG_SENTENCES if entry.long_sentence else DEMO_SENTENCES)[lang]


def _check_traces(entry: SceneEntry, traces: dict[str, Trace]) -> None:
    """Refuse traces the scene cannot draw: not one input, too long, or lacking what it shows."""
    try:
        check_same_input(traces)
        for one in traces.values():
            entry.check_trace(one)  # a bidirectional or stacked network where the scene draws one
    except ValueError as error:
        raise InvalidOption(str(error)) from None
    trace = next(iter(traces.values()))
    if entry.max_tokens is not None and trace.steps > entry.max_tokens:
        what = "the sentence has" if trace.tokens else "the input has"
        unit = "tokens" if trace.tokens else "steps"
        raise InvalidOption(f"the scene {entry.id!r} draws at most {entry.max_tokens} tokens; "
                            f"{what} {trace.steps} {unit}: shorten it")
    for name in entry.needs:
        for arch, one in traces.items():
            if getattr(one, name) is None:
                raise InvalidOption(f"the scene {entry.id!r} draws the trace's {name}, which this {arch} trace lacks; "
                                    "record it from text (`rnnviz trace ARCH --sentence ... --json`)")


def _run(
    arch: str,
    sources: dict[str, SentenceSource | TraceSource],
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
    entry = _scene_for(scene, arch)
    reads = entry.reads_for(arch)
    if sorted(sources) != sorted(reads):
        variants = [_split(key)[1] for key in sources if key not in reads and _split(key)[1] != "pytorch"]
        why = f" (the {variants[0]} variant's formulas, which it does not draw)" if variants else ""
        raise InvalidOption(f"the scene {entry.id!r} reads the trace{'s' if len(reads) > 1 else ''} of "
                            f"{', '.join(reads)}; got {', '.join(sources)}{why}")
    sources = {name: sources[name] for name in reads}
    path = check_output(output if output is not None else f"{arch}-{entry.id}.gif")
    options = RenderOptions.create(output_format(path), quality=quality, fps=fps, size=size, **scene_options)
    options.check_scene_takes(entry.id, entry.options)
    key = cache_key(
        {"scene": entry.id, "target": entry.target, "source": fingerprint(sources), "options": options.fingerprint()}
    )
    use_cache = use_cache and usable_cache_dir() is not None
    hit = cached_file(key, options.format) if use_cache else None
    if hit is not None:
        copy_out(hit, path)
        logger.debug("%s: copied from the cache (%s)", path.name, hit)
        return path

    check_render_tools()
    start = time.perf_counter()
    traces = {name: source.trace() for name, source in sources.items()}
    _check_traces(entry, traces)
    _import_manim()
    scene_class = load_scene_class(entry)
    given = traces if entry.reads else traces[arch]
    from rnnviz.scenes.base import check_scene_variant  # with the scene, manim

    try:  # refused before anything is written: a Cho trace in a PyTorch scene
        check_scene_variant(scene_class, given)
    except ValueError as error:
        raise InvalidOption(f"the scene {entry.id!r} cannot draw this trace: {error}") from None
    try:  # e.g. a layer or a step the trace does not have
        scene_class.check_options(given, **options.scene_kwargs())
    except ValueError as error:
        raise InvalidOption(str(error)) from None
    # Rendered in a private folder and checked there; then published, as a copy checked byte for
    # byte, to the output and the cache.
    with TemporaryDirectory(prefix="rnnviz-") as workdir, _explained(Path(workdir), path):
        rendered = Path(workdir) / f"render.{options.format}"
        frames = render_frames(scene_class, given, options, rendered, Path(workdir), verbose=verbose,
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
    trace: Trace | dict[str, Trace],
    options: RenderOptions,
    path: Path,
    workdir: Path,
    *,
    verbose: bool = False,
    progress: bool = True,
) -> int:
    """Render ``scene_class`` over ``trace`` (a dict of traces by architecture for a scene that
    compares models) and encode its frames into ``path`` (no cache, not atomic); returns the
    number of frames encoded, repeats included.

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
