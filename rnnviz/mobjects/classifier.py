"""The classifier head: the state it reads goes in, the intents' probabilities come out.

>>> from rnnviz.mobjects.classifier import ClassifierHead
>>> head = ClassifierHead(["ask_time", "greeting"], [0.9, 0.1], lang="zh")
>>> head.name.original_text, head.bars.order
('分类器', ['ask_time', 'greeting'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import DOWN, LEFT, PI, RIGHT, Arrow, FadeIn, LaggedStart, RoundedRectangle, VGroup

from rnnviz.mobjects.animations import GrowBars
from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.text import make_text
from rnnviz.mobjects.theme import Theme, get_theme

__all__ = ["Classify", "ClassifierHead"]


class ClassifierHead(VGroup):
    """An arrow into a "classifier" box, an arrow out, and the probability bars, left to right
    (or, with ``below``, the bars under the box: a narrower head).

    The input arrow starts at the origin until the head is moved; :attr:`input_point` is where
    the state it reads should stand (``head.next_to(h, RIGHT, buff=0)`` puts it there).

    Parameters
    ----------
    labels, probs
        The classes and their probabilities, e.g. ``trace.labels`` and ``trace.probs``.
    theme, lang
        Colours and sizes; the language of the box's name and the intents.
    rows
        Show only the most probable ``rows`` classes (default: all).
    below
        Put the bars under the box (their names' left edge under its left edge), the arrow out
        pointing down.
    arrow_in
        Draw the arrow into the box; without it the head is entered at the box's left edge
        (e.g. by a wire that is already drawn).

    Examples
    --------
    .. code-block:: python

        from manim import LEFT, RIGHT, Scene
        from rnnviz.mobjects.classifier import ClassifierHead, Classify
        from rnnviz.mobjects.strip import VectorStrip

        class Prediction(Scene):
            def construct(self):
                h = VectorStrip([0.4, -0.8, 0.1], array="h", vertical=True).to_edge(LEFT)
                head = ClassifierHead(["ask_time", "thanks"], [0.93, 0.07]).next_to(h, RIGHT, buff=0.1)
                self.add(h)
                self.play(Classify(head))
    """

    def __init__(
        self,
        labels: Sequence[str],
        probs: Sequence[float] | np.ndarray,
        theme: Theme | None = None,
        lang: str = "en",
        rows: int | None = None,
        below: bool = False,
        arrow_in: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        self.bars = ProbabilityBars(labels, probs, theme=self.theme, lang=lang, rows=rows)
        self.name = make_text(term("classifier", lang), self.theme)
        self.box = RoundedRectangle(
            width=self.name.width + 0.6, height=0.9, corner_radius=0.15, stroke_color=self.theme.foreground,
            stroke_width=sizes.stroke, fill_color=self.theme.panel, fill_opacity=1.0,
        )
        self.name.move_to(self.box)
        self.arrow_in: Arrow | None = self._arrow(0.9) if arrow_in else None
        block = VGroup(self.box, self.name)
        if self.arrow_in is not None:
            block.next_to(self.arrow_in, RIGHT, buff=0.0)
        if below:
            self.arrow_out = self._arrow(0.7).rotate(-PI / 2).next_to(block, DOWN, buff=0.1)
            self.bars.next_to(self.arrow_out, DOWN, buff=0.15).align_to(self.box, LEFT)
        else:
            self.arrow_out = self._arrow(1.0).next_to(block, RIGHT, buff=0.1)
            self.bars.next_to(self.arrow_out, RIGHT, buff=0.15)
            # The bars' names hang left of their bars' common edge; keep them clear of the arrow.
            overlap = self.arrow_out.get_right()[0] + sizes.text_buff - self.bars.names.get_left()[0]
            if overlap > 0:
                self.bars.shift(overlap * RIGHT)
        self.add(*([self.arrow_in] if self.arrow_in else []), self.box, self.name, self.arrow_out, self.bars)
        self.shift(-self.input_point)

    @classmethod
    def from_trace(cls, trace: Any, theme: Theme | None = None, lang: str = "en", **options: Any) -> ClassifierHead:
        """The head of a Trace's classifier (``trace.labels``, ``trace.probs``); ``options`` as
        for the constructor."""
        if trace.labels is None or trace.probs is None:
            raise ValueError("this trace has no prediction; record it with a classifier from rnnviz.models")
        return cls(trace.labels, trace.probs, theme=theme, lang=lang, **options)

    @property
    def input_point(self):
        """Where the arrow into the classifier starts (without one: the box's left edge)."""
        return self.arrow_in.get_start() if self.arrow_in is not None else self.box.get_left()

    def _arrow(self, length: float) -> Arrow:
        return Arrow(LEFT * length / 2, RIGHT * length / 2, buff=0.0, color=self.theme.foreground,
                     stroke_width=self.theme.sizes.wire_stroke)


class Classify(LaggedStart):
    """Bring in a :class:`ClassifierHead`: the state goes in, the box lights, the bars grow."""

    def __init__(self, head: ClassifierHead, **kwargs: Any) -> None:
        if not isinstance(head, ClassifierHead):
            raise TypeError(f"Classify animates a ClassifierHead, got {type(head).__name__}")
        timing = head.theme.timing
        kwargs.setdefault("run_time", timing.fade + timing.bars)
        super().__init__(
            FadeIn(VGroup(*(m for m in (head.arrow_in, head.box, head.name) if m is not None)), shift=0.2 * RIGHT),
            FadeIn(head.arrow_out),
            GrowBars(head.bars),
            lag_ratio=0.45,
            **kwargs,
        )
