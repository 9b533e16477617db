"""The base of every rnnviz scene: a manim Scene that draws one recorded forward pass.

A :class:`TraceScene` is given a :class:`~rnnviz.core.trace.Trace` and the viewer's options
(theme, language, detail, units). Without a Trace it loads the shipped demo trace of its
architecture, so ``manim -qm scenes/lstm.py StepScene`` works like any manim scene.

.. code-block:: python

    from rnnviz.core.trace import Trace
    from rnnviz.scenes.lstm import StepScene

    scene = StepScene(Trace.load("lstm.json"), theme="dark", lang="zh")
    scene.render()
"""

from __future__ import annotations

from typing import Any, ClassVar

from manim import Animation, AnimationGroup, Scene, config

from rnnviz.core.trace import Trace
from rnnviz.mobjects.animations import Dissolve
from rnnviz.mobjects.labels import LANGS
from rnnviz.mobjects.theme import get_theme
from rnnviz.models.demo import demo_trace_path

__all__ = ["DETAILS", "TraceScene", "demo_trace"]

#: How many time steps a scene explains in full: the first only, or every one.
DETAILS: tuple[str, ...] = ("first", "all")


def demo_trace(arch: str) -> Trace:
    """The shipped demo trace of ``arch``: the demo classifier reading "what time is it"."""
    return Trace.load(demo_trace_path(arch))


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
        trace = trace if trace is not None else demo_trace(self.default_arch)
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

    def mark_opening(self) -> None:
        """Remember the frame on screen now as the clip's first, for :meth:`close_loop`."""
        self.opening = [m.copy() for m in self.mobjects]

    def close_loop(self) -> None:
        """End the clip: hold the final frame, then (not for a still) cross-fade into the first
        frame so that a looping GIF has no hard cut."""
        timing = self.theme.timing
        self.wait(timing.hold)
        if config.save_last_frame or not getattr(self, "opening", None):
            return
        self.play(*(Dissolve(m) for m in self.mobjects), *(Dissolve(m, appear=True) for m in self.opening),
                  run_time=timing.loop_fade)
        self.wait(timing.pause)  # the first frame itself ends the clip, so the loop joins seamlessly

    @property
    def run_time(self) -> float:
        """Seconds of animation played so far (the whole clip's length once rendered)."""
        return float(self.renderer.time)
