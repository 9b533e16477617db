"""What a `rnnviz figures` run writes: its variants, its jobs in order of expected cost, its shard.

A plan comes from the command's options and the scene registry alone, so every shard of a CI
matrix computes the same plan and takes its own part of it. Every option is checked here, before
anything renders; a bad one raises a one-line :class:`~rnnviz.rendering.options.InvalidOption`.
Nothing heavy is imported (torch only to read the architecture of a ``weights`` file).

>>> plan = plan_figures("out", only=["lstm.gif"], video=True)
>>> [(job.path, job.arch) for job in plan.jobs]
[('lstm.gif', 'lstm'), ('lstm.mp4', 'lstm')]
>>> print(render_command(plan.jobs[0], plan.settings))
rnnviz render lstm --sentence 'what time is it' --scene step --quality medium --theme light --lang en -o lstm.gif
>>> plan = plan_figures("out", langs="en,zh", themes="light,dark")
>>> [variant.folder for variant in plan.variants]
['en-light', 'en-dark', 'zh-light', 'zh-dark']
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from rnnviz.core.trace import split_key
from rnnviz.figures.course import COURSE_SET, CourseFigure
from rnnviz.figures.manifest import Missing, missing_summary
from rnnviz.figures.notes import Notes
from rnnviz.models.text import MAX_TOKENS, tokenize
from rnnviz.rendering.options import LANGS, QUALITIES, THEMES, InvalidOption, RenderOptions, check_choice
from rnnviz.scenes import SCENES, SHAPES, SceneEntry

if TYPE_CHECKING:
    from rnnviz.models.weights import ModelShape
    from rnnviz.rendering.source import SentenceSource

PathLike = str | os.PathLike[str]

#: The format written beside each animation with ``video``.
VIDEO_FORMAT = "mp4"

# Expected seconds to render one figure at 720p; they only order the jobs (largest first) and
# balance the shards, so estimates suffice: the medians of one run of benchmarks/bench_figures.py.
# A still renders its final frame only, an animation loops for 8-30 s on a slide, and `step`
# runs the whole sentence in detail.
_STILL_SECONDS = 1.6
_ANIMATION_SECONDS = 11.9
_SCENE_SECONDS = {"step": 45.5}


@dataclass(frozen=True)
class Variant:
    """One language and theme of the set, and its subfolder (``""`` when the set has one variant)."""

    lang: str
    theme: str
    folder: str = ""

    def path(self, file_name: str) -> str:
        """A file's path inside the set's folder (POSIX separators)."""
        return f"{self.folder}/{file_name}" if self.folder else file_name


@dataclass(frozen=True)
class UserModel:
    """A model file from `rnnviz train` given with ``--weights``, and its shape."""

    path: Path
    shape: ModelShape


@dataclass(frozen=True)
class Settings:
    """What every job of a run shares."""

    out: Path
    quality: str = "medium"
    fps: int | None = None
    sentence: str | None = None
    """The sentence of every figure; ``None`` takes each scene's default in the job's language."""
    models: tuple[UserModel, ...] = ()
    """At most one per architecture; an architecture without one uses its demo models."""

    def weights_for(self, arch: str) -> Path | None:
        return next((model.path for model in self.models if model.shape.arch == arch), None)

    def weights(self, job: Job) -> dict[str, Path] | None:
        """The user's model files of the architectures ``job``'s scene reads; None: the demo models."""
        files = {arch: path for arch in job.reads if (path := self.weights_for(arch)) is not None}
        return files or None

    def sources(self, job: Job) -> dict[str, SentenceSource]:
        """The traces ``job``'s render reads, by key (``"lstm"``, ``"gru:cho"``), as the pipeline makes them."""
        from rnnviz.rendering.pipeline import sentence_sources

        return sentence_sources(job.arch, job.figure.scene, self.sentence, self.weights(job), lang=job.variant.lang)

    def render_options(self, job: Job) -> RenderOptions:
        """The pipeline's options of ``job`` (its size and rate, as the manifest records them)."""
        return RenderOptions.create(job.format, quality=self.quality, fps=self.fps, theme=job.variant.theme,
                                    lang=job.variant.lang)


@dataclass(frozen=True)
class Job:
    """One file of the set: a figure in a variant and a format."""

    figure: CourseFigure
    variant: Variant
    format: str

    @property
    def path(self) -> str:
        """The file's path inside the set's folder."""
        return self.variant.path(f"{self.figure.stem}.{self.format}")

    @property
    def arch(self) -> str:
        """The architecture the scene is rendered for (a figure comparing several names them all
        and its scene reads them all, see :func:`missing_reason`)."""
        return self.figure.archs[0]

    @property
    def reads(self) -> tuple[str, ...]:
        """The architectures whose models the scene reads (``vs``: lstm and gru)."""
        return read_archs(SCENES[self.figure.scene], self.arch)

    @property
    def cost(self) -> float:
        """Expected seconds to render at 720p."""
        if self.format == "png":
            return _STILL_SECONDS
        return _SCENE_SECONDS.get(self.figure.scene, _ANIMATION_SECONDS) * len(self.figure.archs)


@dataclass(frozen=True)
class Plan:
    """A checked run: what it shares, its variants, its jobs, and the figures it cannot make."""

    settings: Settings
    variants: tuple[Variant, ...]
    jobs: tuple[Job, ...]
    """This shard's jobs, the most expensive first."""
    missing: tuple[Missing, ...]
    shard: tuple[int, int] | None = None
    notes: Notes | None = None
    selected: int = len(COURSE_SET)
    """How many figures of the course set the run asked for."""

    def missing_line(self) -> str | None:
        """One line naming the asked-for figures that cannot be made yet, and why; None if none."""
        if not self.missing:
            return None
        return f"missing {len(self.missing)} of {self.selected} figures, {missing_summary(self.missing)}"


def read_archs(entry: SceneEntry, arch: str) -> tuple[str, ...]:
    """The architectures whose models a render of ``entry`` for ``arch`` reads, once each
    (``variants`` reads one GRU in two formulas: ``("gru",)``)."""
    return tuple(dict.fromkeys(split_key(key)[0] for key in entry.reads_for(arch)))


def missing_reason(figure: CourseFigure, settings: Settings | None = None) -> str | None:
    """Why ``figure`` cannot be rendered with the scenes registered now (and, given ``settings``,
    with the user's sentence and models), or None if it can."""
    entry = SCENES.get(figure.scene)
    if entry is None:
        return "no scene yet"
    unsupported = [arch for arch in figure.archs if not entry.supports(arch)]
    if unsupported:
        return f"the scene does not draw {', '.join(unsupported)}"
    reads = read_archs(entry, figure.archs[0])
    if set(reads) != set(figure.archs):
        return f"the scene reads {' and '.join(reads)}, the figure shows {' and '.join(figure.archs)}"
    if settings is None:
        return None
    given = [model.shape for model in settings.models if model.shape.arch in reads]
    if given and len(given) < len(reads):
        return f"it compares {' and '.join(reads)}: --weights gives a model for {given[0].arch} only"
    for shape in given:
        if entry.model in SHAPES and not SHAPES[entry.model][0](shape.num_layers, shape.num_directions):
            layers, directions = shape.num_layers, shape.num_directions
            return (f"the scene draws {SHAPES[entry.model][1]}, the {shape.arch} model of --weights has "
                    f"{layers} layer{'s' * (layers > 1)} and {directions} direction{'s' * (directions > 1)}")
    if settings.sentence is not None and entry.max_tokens is not None:
        tokens = len(tokenize(settings.sentence))
        if tokens > entry.max_tokens:
            return f"the scene draws at most {entry.max_tokens} tokens, the sentence has {tokens}"
    return None


def missing_figures(figures: tuple[CourseFigure, ...] = COURSE_SET, settings: Settings | None = None) -> tuple[Missing, ...]:
    """The figures of ``figures`` that cannot be rendered with the scenes registered now (and
    ``settings``' sentence and models), and why."""
    return tuple(Missing(f.name, f.scene, reason) for f in figures if (reason := missing_reason(f, settings)) is not None)


def split_list(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"en,zh"`` or ``["en", "zh"]`` (or several comma lists) as ``("en", "zh")``.

    >>> split_list("en, zh")
    ('en', 'zh')
    """
    items = [value] if isinstance(value, str) else list(value)
    return tuple(part.strip() for item in items for part in item.split(",") if part.strip())


def select_figures(patterns: tuple[str, ...]) -> tuple[CourseFigure, ...]:
    """The course figures matching any pattern (shell-style, on the notes' file name, the
    generated file's name, the name without suffix or the scene id); all without patterns.

    >>> [f.name for f in select_figures(("step",))]
    ['lstm.gif', 'gru.gif']
    """
    if not patterns:
        return COURSE_SET

    def matches(figure: CourseFigure, pattern: str) -> bool:
        keys = (figure.name, figure.file_name, figure.stem, figure.scene)
        return any(fnmatchcase(key, pattern) for key in keys)

    for pattern in patterns:
        if not any(matches(figure, pattern) for figure in COURSE_SET):
            raise InvalidOption(f"--only {pattern!r} matches no figure of the course set (see `rnnviz figures --help`)")
    return tuple(figure for figure in COURSE_SET if any(matches(figure, p) for p in patterns))


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` as ``(K, N)`` with ``1 <= K <= N``.

    >>> parse_shard("2/4")
    (2, 4)
    """
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise InvalidOption(f"--shard must be K/N with 1 <= K <= N, e.g. 1/4; got {text!r}")
    return int(match[1]), int(match[2])


def shard_jobs(jobs: tuple[Job, ...], count: int) -> list[list[Job]]:
    """Split ``jobs`` (most expensive first) into ``count`` shards of near-equal expected cost.

    Each job goes to the shard with the least cost so far (the lowest index on a tie), so the
    split depends only on the jobs and their order, and no shard exceeds another by more than
    one job's cost.
    """
    shards: list[list[Job]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for job in jobs:
        lightest = min(range(count), key=lambda k: (loads[k], k))
        shards[lightest].append(job)
        loads[lightest] += job.cost
    return shards


def _user_models(files: tuple[PathLike, ...]) -> tuple[UserModel, ...]:
    if not files:
        return ()
    from rnnviz.models.weights import model_shape  # imports torch

    found: dict[str, UserModel] = {}
    for file in files:
        path = Path(file).expanduser().absolute()
        if not path.is_file():
            raise InvalidOption(f"the weights file does not exist: {file}")
        try:
            shape = model_shape(path)
        except ValueError as error:
            raise InvalidOption(str(error)) from None
        if shape.arch in found:
            raise InvalidOption(f"two --weights files for {shape.arch}: {found[shape.arch].path} and {path}")
        found[shape.arch] = UserModel(path, shape)
    return tuple(found.values())


def plan_figures(
    out: PathLike,
    *,
    langs: str | tuple[str, ...] = ("en",),
    themes: str | tuple[str, ...] = ("light",),
    quality: str = "medium",
    fps: int | None = None,
    only: str | tuple[str, ...] = (),
    video: bool = False,
    sentence: str | None = None,
    weights: tuple[PathLike, ...] = (),
    shard: str | tuple[int, int] | None = None,
    notes: PathLike | None = None,
) -> Plan:
    """Check every option and list the files to write into the folder ``out``.

    ``langs`` and ``themes`` may be comma lists; with more than one combination, each gets a
    subfolder ``LANG-THEME``. ``only`` selects figures (see :func:`select_figures`), ``video``
    adds an MP4 beside each animation, ``sentence`` and ``weights`` (model files from `rnnviz
    train`, at most one per architecture) replace the demo sentence and models, ``shard``
    (``"K/N"``) keeps the K-th of N parts of balanced expected cost, and ``notes`` names the
    course notes whose links to rewrite (read and checked here).
    """
    out = Path(out).expanduser().absolute()
    if out.exists() and not out.is_dir():
        raise InvalidOption(f"the output folder is a file: {out}")
    langs, themes = split_list(langs), split_list(themes)
    for name, values, allowed in (("--lang", langs, LANGS), ("--theme", themes, THEMES)):
        if not values:
            raise InvalidOption(f"{name} needs at least one of {', '.join(allowed)}")
        for value in values:
            check_choice(name, value, allowed)
    check_choice("--quality", quality, tuple(QUALITIES))
    if sentence is not None and not tokenize(sentence):
        raise InvalidOption("the sentence is empty; give at least one word")
    if sentence is not None and len(tokenize(sentence)) > MAX_TOKENS:
        raise InvalidOption(f"the sentence has {len(tokenize(sentence))} tokens, more than the limit of {MAX_TOKENS}")
    figures = select_figures(split_list(only))
    shard = parse_shard(shard) if isinstance(shard, str) else shard
    notes_file = Notes.read(notes) if notes is not None else None
    several = len(langs) * len(themes) > 1
    variants = tuple(
        Variant(lang, theme, f"{lang}-{theme}" if several else "") for lang in dict.fromkeys(langs)
        for theme in dict.fromkeys(themes)
    )
    settings = Settings(out, quality, fps, sentence, _user_models(tuple(weights)))
    missing = missing_figures(figures, settings)
    ready = [f for f in figures if missing_reason(f, settings) is None]
    jobs = tuple(
        Job(figure, variant, fmt)
        for figure in ready
        for variant in variants
        for fmt in (figure.format, *((VIDEO_FORMAT,) if video and figure.kind == "animation" else ()))
    )
    for job in jobs:  # every format's options (e.g. a GIF's --fps) are refused now, not mid-run
        settings.render_options(job)
    jobs = tuple(sorted(jobs, key=lambda job: -job.cost))  # stable: the notes' order on a tie
    if shard is not None:
        jobs = tuple(shard_jobs(jobs, shard[1])[shard[0] - 1])
    return Plan(settings, variants, jobs, missing, shard, notes_file, len(figures))


def render_command(job: Job, settings: Settings) -> str:
    """The one `rnnviz render` command that makes ``job``'s file alone, run in the set's folder
    (it hits the same cache entry)."""
    sentence = next(iter(settings.sources(job).values())).sentence
    words = ["rnnviz", "render", job.arch, "--sentence", sentence, "--scene", job.figure.scene,
             "--quality", settings.quality]
    if settings.fps is not None:
        words += ["--fps", str(settings.fps)]
    words += ["--theme", job.variant.theme, "--lang", job.variant.lang]
    for arch, path in (settings.weights(job) or {}).items():  # a scene comparing models takes ARCH=FILE
        words += ["--weights", str(path) if job.reads == (job.arch,) else f"{arch}={path}"]
    return shlex.join([*words, "-o", job.path])
