"""The classifier's answer: one horizontal bar per intent, most probable first.

>>> from rnnviz.mobjects.bars import ProbabilityBars
>>> bars = ProbabilityBars(["greeting", "ask_time"], [0.1, 0.9], lang="zh")
>>> bars.order, bars.names[0].original_text
(['ask_time', 'greeting'], '问时间')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import BOLD, DOWN, LEFT, NORMAL, RIGHT, Rectangle, VGroup

from rnnviz.mobjects.labels import intent_name
from rnnviz.mobjects.text import format_percent, make_text
from rnnviz.mobjects.theme import Theme, get_theme

__all__ = ["ProbabilityBars"]


class ProbabilityBars(VGroup):
    """Horizontal probability bars, highest first, the top one highlighted, percent printed.

    Bar lengths are proportional to the probabilities (``theme.sizes.bar_length`` is 100 %).
    Intent names are shown in ``lang``; labels of a user's own model are shown as they are, cut
    short with "…" beyond ``theme.sizes.name_max_width``.

    Parameters
    ----------
    labels
        Class names, e.g. ``trace.labels``.
    probs
        Their probabilities, e.g. ``trace.probs``, each in [0, 1].
    theme
        Colours and sizes (default: the light theme).
    lang
        ``en`` or ``zh``, for the intent names.
    rows
        Show only the most probable ``rows`` classes (default: all).

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.animations import GrowBars
        from rnnviz.mobjects.bars import ProbabilityBars

        class Prediction(Scene):
            def construct(self):
                bars = ProbabilityBars(["ask_time", "greeting", "thanks"], [0.91, 0.06, 0.03])
                self.play(GrowBars(bars))
    """

    def __init__(
        self,
        labels: Sequence[str],
        probs: Sequence[float] | np.ndarray,
        theme: Theme | None = None,
        lang: str = "en",
        rows: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        probs = np.asarray(probs, dtype=float)
        if probs.ndim != 1 or len(labels) != probs.size or probs.size == 0:
            raise ValueError(f"need one probability per label, got {len(labels)} labels and {probs.size} probabilities")
        if not np.all(np.isfinite(probs)) or probs.min() < 0.0 or probs.max() > 1.0:
            raise ValueError("probabilities must be finite numbers in [0, 1]")
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        # A stable sort keeps the classifier's own order among equal probabilities.
        ranked = sorted(range(probs.size), key=lambda k: -probs[k])[:rows]
        self.order = [labels[k] for k in ranked]
        self.probs = probs[ranked]
        self.names, self.bars, self.percents = VGroup(), VGroup(), VGroup()
        for row, prob in enumerate(self.probs):
            top = row == 0
            ink = self.theme.foreground if top else self.theme.muted
            weight = BOLD if top else NORMAL
            bar = Rectangle(
                width=max(prob * sizes.bar_length, 1e-3),  # a zero-width bar still has a left edge
                height=sizes.bar_height,
                fill_color=ink,
                fill_opacity=1.0,
                stroke_width=0,
            )
            bar.move_to(row * (sizes.bar_height + sizes.bar_gap) * DOWN, aligned_edge=LEFT)
            name = make_text(intent_name(self.order[row], lang), self.theme, weight=weight, strut=True,
                             max_width=sizes.name_max_width)
            percent = make_text(format_percent(prob), self.theme, weight=weight, strut=True)
            self.bars.add(bar)
            self.names.add(name.next_to(bar, LEFT, buff=sizes.text_buff))
            self.percents.add(percent.next_to(bar, RIGHT, buff=sizes.text_buff))
        # Names right-aligned in one column, just left of the bars' common edge.
        edge = self.bars.get_left()[0] - sizes.text_buff
        for name in self.names:
            name.shift((edge - name.get_right()[0]) * RIGHT)
        self.add(self.names, self.bars, self.percents)
        self.center()

    @classmethod
    def from_trace(cls, trace: Any, theme: Theme | None = None, lang: str = "en", rows: int | None = None) -> ProbabilityBars:
        """The bars of a Trace's classifier prediction (``trace.labels``, ``trace.probs``)."""
        if trace.labels is None or trace.probs is None:
            raise ValueError("this trace has no prediction; record it with a classifier from rnnviz.models")
        return cls(trace.labels, trace.probs, theme=theme, lang=lang, rows=rows)

    def row(self, label: str) -> VGroup:
        """The name, bar and percentage of class ``label``."""
        if label not in self.order:
            raise KeyError(f"no bar for {label!r}; bars: {self.order}")
        k = self.order.index(label)
        return VGroup(self.names[k], self.bars[k], self.percents[k])
