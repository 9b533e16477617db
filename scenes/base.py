"""The base of every rnnviz scene: a manim Scene that draws one recorded forward pass.

A :class:`TraceScene` is given a :class:`~rnnviz.core.trace.Trace` and the viewer's options
(theme, language, detail, units). Without a Trace it loads the shipped demo trace of its
architecture, so ``manim -qm scenes/lstm.py StepScene`` works like any manim scene.

:meth:`TraceScene.setup` gives every scene what they all share: the :class:`~rnnviz.mobjects.layout.Layout`
of the frame, the arch's symbol table, and the helpers for the header, the step counter, the
sentence's chips and the loop back to the first frame. Whether the output is a still (a PNG:
``--output x.png``, ``manim -s``) is :attr:`TraceScene.still`; a still is the scene's final
frame, so a scene ends on its designed, fully labelled frame and only an animation then fades
back into its opening frame.

.. code-block:: python

    from rnnviz.core.trace import Trace, split_key
    from rnnviz.scenes.lstm import StepScene

    scene = StepScene(Trace.load("lstm.json"), theme="dark", lang="zh")
    scene.render()
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from manim import RIGHT, UL, UP, UR, Animation, AnimationGroup, Mobject, Scene, VGroup, config

from rnnviz.core.trace import Trace, split_key
from rnnviz.mobjects.animations import Dissolve
from rnnviz.mobjects.header import Header, StepCounter, SwapHeader
from rnnviz.mobjects.labels import LANGS
from rnnviz.mobjects.layout import Layout
from rnnviz.mobjects.symbols import symbols_for
from rnnviz.mobjects.theme import get_theme
from rnnviz.mobjects.sentence import SentenceRow
from rnnviz.mobjects.token import TokenChip
from rnnviz.models.demo import demo_trace_path

__all__ = ["DETAILS", "TraceScene", "check_scene_variant", "demo_trace"]

#: How many time steps a scene explains in full: the first only, or every one.
DETAILS: tuple[str, ...] = ("first", "all")


def check_scene_variant(scene_class: type[TraceScene], traces: Trace | Mapping[str, Trace]) -> None:
    """ValueError unless ``scene_class`` draws traces of the formula variant of ``traces`` (one
    Trace, or every trace of a scene comparing several)."""
    for trace in traces.values() if isinstance(traces, Mapping) else (traces,):
        if trace.variant not in scene_class.variants:
            drawn = " or ".join(scene_class.variants)
            raise ValueError(f"{scene_class.__name__} draws the {drawn} variant's formulas; this trace is of the "
                             f"{trace.variant} variant")


def demo_trace(key: str, model: str = "single") -> Trace:
    """The shipped demo trace of ``key``, an architecture (or with a formula variant, ``"gru:cho"``):
    the demo classifier ``model`` (one layer, stacked or bidirectional) reading "what time is it"."""
    arch, variant = split_key(key)
    return Trace.load(demo_trace_path(arch, model, variant))


class TraceScene(Scene):
    """A scene that draws the values of one Trace, in a theme and a language.

    Parameters
    ----------
    trace
        The recorded forward pass; ``None`` loads the demo trace of :attr:`default_arch`.
    theme
        ``"light"`` (default) or ``"dark"``; it also sets the background.
    lang
        ``"en"`` or ``"zh"``, for every word on screen.
    detail
        ``"first"`` explains the first time step in full and the others briefly; ``"all"``
        explains every step in full.
    units
        At most this many units of a vector are drawn; an ellipsis stands for the rest.
    renderer
        Passed to :class:`manim.Scene`.
    """

    #: The architecture whose demo trace is drawn when no trace is given.
    default_arch: ClassVar[str] = "lstm"
    #: The formula variants (``Trace.variant``) whose numbers the scene may draw: PyTorch's only,
    #: unless a scene says otherwise, so that a GRU trace in Cho et al.'s formulas
    #: (``rnnviz.core.cho``) is never drawn under PyTorch's equations.
    variants: ClassVar[tuple[str, ...]] = ("pytorch",)
    #: Which of its demo models (``rnnviz.models.demo.DEMO_MODELS``) that trace comes from.
    demo_model: ClassVar[str] = "single"
    #: Whether the header has a formula line under its title (else the body gets the room).
    header_formula: ClassVar[bool] = True

    def __init__(
        self,
        trace: Trace | None = None,
        *,
        theme: str = "light",
        lang: str = "en",
        detail: str = "first",
        units: int = 8,
        renderer: Any = None,
        **kwargs: Any,
    ) -> None:
        if trace is not None and not isinstance(trace, Trace):
            raise TypeError(f"trace must be an rnnviz Trace, got {type(trace).__name__}")
        trace = trace if trace is not None else demo_trace(self.default_arch, self.demo_model)
        check_scene_variant(type(self), trace)
        TraceScene.check_options(trace, lang=lang, detail=detail, units=units)
        self.theme = get_theme(theme)
        self.trace = trace
        self.lang = lang
        self.detail = detail
        self.units = units
        super().__init__(renderer=renderer, **kwargs)
        self.camera.background_color = self.theme.background

    @classmethod
    def check_options(cls, trace: Trace, *, lang: str = "en", detail: str = "first", units: int = 8,
                      **options: Any) -> None:
        """Raise ``ValueError`` (one line) for options this scene cannot draw ``trace`` with, before
        any rendering; scenes with options of their own extend it. ``theme`` is checked by the theme."""
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; expected one of {list(LANGS)}")
        if detail not in DETAILS:
            raise ValueError(f"unknown detail {detail!r}; expected one of {list(DETAILS)}")
        if isinstance(units, bool) or not isinstance(units, int) or units < 1:
            raise ValueError(f"units must be a whole number of at least 1, got {units!r}")

    @property
    def run_time(self) -> float:
        """Seconds of animation played so far (the whole clip's length once rendered)."""
        return float(self.renderer.time)

    def add_mobjects_from_animations(self, animations: list[Animation]) -> None:
        """Add what the animations animate and the scene lacks, looking inside animation groups.

        manim adds an :class:`~manim.AnimationGroup`'s whole group of members when the group is
        new, which first pulls every member out of the group it belongs to on screen (a flash of
        the labels of a chain's cells would take them out of the chain, for good).
        """
        def members(animation: Animation) -> list[Animation]:
            if isinstance(animation, AnimationGroup):
                return [inner for part in animation.animations for inner in members(part)]
            return [animation]

        super().add_mobjects_from_animations([inner for animation in animations for inner in members(animation)])

    # ---- what every scene has ----------------------------------------------------------------
    def setup(self) -> None:
        """The frame's layout, the arch's symbols, an empty header and no counter yet."""
        super().setup()
        self.still = bool(config.save_last_frame)  # a PNG: only the final frame is drawn
        sizes = self.theme.sizes
        self.layout = Layout.from_frame(sizes=sizes, header_height=None if self.header_formula else sizes.title_height)
        self.symbols = symbols_for(self.trace.arch)
        self.header: Mobject = VGroup()
        self.counter: StepCounter | None = None
        self.opening: list[Mobject] = []

    @property
    def tokens(self) -> list[str]:
        """The display form of each step's token; ``x1``, ``x2``, ... for a trace without text."""
        return self.trace.tokens or [f"x{k + 1}" for k in range(self.trace.steps)]

    def make_counter(self, step: int = 0, prefix: str | None = None) -> StepCounter:
        """The step counter at the top right of the header band ("RNN · time step 1 / 4" by default)."""
        counter = StepCounter(step, self.trace.steps, self.theme, self.lang,
                              prefix=self.symbols.name if prefix is None else prefix)
        return counter.move_to(self.layout.header.edge(UR), aligned_edge=UR)

    def make_header(self, title: str, **options: Any) -> Header:
        """A :class:`~rnnviz.mobjects.header.Header` at the top left, stopping short of the step
        counter when there is one; ``options`` as for the header."""
        right = self.layout.header.right
        if self.counter is not None:
            right = self.counter.get_left()[0] - 2 * self.theme.sizes.text_buff
        header = Header(title, self.theme, width=right - self.layout.header.left, **options)
        return header.move_to(self.layout.header.edge(UL), aligned_edge=UL)

    def swap_header(self, header: Mobject) -> SwapHeader:
        """The animation replacing the current header by ``header`` (which becomes :attr:`header`)."""
        old, self.header = self.header, header
        return SwapHeader(old, header)

    def make_chips(self) -> VGroup:
        """The tokens as chips in a row, each in its token's colour, for a scene that places each
        chip under its own part of a figure (a column, a copy of the cell)."""
        chips = VGroup(*(TokenChip(token, k, self.theme) for k, token in enumerate(self.tokens)))
        return chips.arrange(RIGHT, buff=self.theme.sizes.text_buff)

    def make_sentence(self) -> SentenceRow:
        """The sentence in the sentence band, windowed around the token read (chips never shrink)."""
        region = self.layout.sentence
        row = SentenceRow(self.tokens, self.theme, width=region.width, lang=self.lang)
        return row.move_to(region.edge(UP), aligned_edge=UP)

    def pace(self, steps: int, per_step: float) -> float:
        """How much faster than the theme's timings a figure runs so that ``steps`` steps of
        ``per_step`` seconds fit the clip length a looping figure aims at (1 for short sentences)."""
        timing = self.theme.timing
        return float(min(1.0, max(timing.least_pace, timing.clip / max(steps * per_step, 1e-9))))

    def mark_opening(self) -> None:
        """Remember the frame on screen now as the clip's first, for :meth:`close_loop`."""
        self.opening = [m.copy() for m in self.mobjects]

    def close_loop(self) -> None:
        """End the clip: hold the final frame, then (not for a still) cross-fade into the first
        frame so that a looping GIF has no hard cut."""
        timing = self.theme.timing
        self.wait(timing.hold)
        if self.still or not self.opening:
            return
        self.play(*(Dissolve(m) for m in self.mobjects), *(Dissolve(m, appear=True) for m in self.opening),
                  run_time=timing.loop_fade)
        self.wait(timing.pause)  # the first frame itself ends the clip, so the loop joins seamlessly
