"""A small plot of values over the time steps, one line per model, drawn step by step.

>>> from rnnviz.mobjects.plot import StepPlot
>>> plot = StepPlot({"rnn": [1.0, 0.4, 0.1], "gru": [1.0, 0.6, 0.3]}, y_range=(0.0, 1.0))
>>> len(plot.segments["rnn"]), bool(plot.point("gru", 2)[1] > plot.point("rnn", 2)[1])
(2, True)
>>> StepPlot({"gru": [0.02, 0.3, 1.0]}, y_range=(-2, 0), log=True).y_ticks
[-2, -1, 0]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from manim import LEFT, UP, Axes, Dot, Line, Mobject, VGroup

from rnnviz.mobjects.text import make_math, make_text
from rnnviz.mobjects.theme import Theme, get_theme

__all__ = ["StepPlot", "spread"]


def spread(heights: Sequence[float], gap: float) -> list[float]:
    """``heights`` moved apart as little as possible so that any two are at least ``gap`` apart,
    keeping their order (for labels at the ends of lines that end close together).

    >>> spread([0.0, 0.1, 1.0], gap=0.3)
    [-0.1, 0.2, 1.0]
    """
    order = sorted(range(len(heights)), key=lambda k: heights[k])
    placed = [float(heights[k]) for k in order]
    for _ in range(len(placed)):  # each pass pushes clusters apart around their centres
        for k in range(1, len(placed)):
            overlap = gap - (placed[k] - placed[k - 1])
            if overlap > 1e-12:
                placed[k - 1] -= overlap / 2
                placed[k] += overlap / 2
    out = [0.0] * len(heights)
    for k, y in zip(order, placed):
        out[k] = round(y, 12)
    return out


class StepPlot(VGroup):
    """Values over steps ``1..T``: axes, one line per series in its colour, a dot per step.

    Parameters
    ----------
    series
        Values by name, each of length ``T`` (e.g. a share of the first word per step).
    colors
        The line colour of each name (default: the theme's foreground).
    y_range
        The y axis ``(low, high)`` in data units, or with ``log`` in powers of ten.
    log
        Plot ``log10`` of the values; ticks are the powers of ten, labelled ``10^k``.
    y_labels
        Text of the y ticks by value (default ``10^k`` with ``log``, else the values as they are).
    width, height
        The axes' size in scene units.

    Attributes: :attr:`axes`, :attr:`segments` (per name, the line from step ``t`` to ``t + 1``),
    :attr:`dots` (per name, one per step), :meth:`point` (where a value is drawn).

    Examples
    --------
    .. code-block:: python

        from manim import Create, Scene
        from rnnviz.mobjects.plot import StepPlot

        class Fading(Scene):
            def construct(self):
                plot = StepPlot({"rnn": [1.0, 0.4, 0.1, 0.05]}, y_range=(0.0, 1.0))
                self.add(plot.axes)
                for segment in plot.segments["rnn"]:
                    self.play(Create(segment))
    """

    def __init__(
        self,
        series: Mapping[str, Sequence[float]],
        theme: Theme | None = None,
        colors: Mapping[str, str] | None = None,
        y_range: tuple[float, float] = (0.0, 1.0),
        log: bool = False,
        y_labels: Mapping[float, str] | None = None,
        width: float = 5.0,
        height: float = 2.5,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        values = {name: np.asarray(v, dtype=float) for name, v in series.items()}
        steps = {v.size for v in values.values()}
        if len(steps) != 1 or 0 in steps:
            raise ValueError(f"every series needs the same, non-zero number of steps; got {sorted(steps)}")
        if log and any(np.any(v <= 0) for v in values.values()):
            raise ValueError("a log plot needs positive values")
        self.steps = steps.pop()
        self.log = log
        low, high = y_range
        self.y_ticks = list(range(int(np.floor(low)), int(np.ceil(high)) + 1)) if log else [low, (low + high) / 2, high]
        # Axes cross where y is 0; drawing y - low keeps the step axis at the bottom of the plot.
        self.low = low
        ink = self.theme.muted_text
        self.axes = Axes(
            x_range=[1, max(self.steps, 2), 1],
            y_range=[0.0, high - low, 1 if log else (high - low) / 2],
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": ink, "stroke_width": sizes.stroke, "include_ticks": True, "tick_size": 0.05},
        )
        every = max(1, int(np.ceil(self.steps / 12)))  # at most a dozen step numbers
        small, math = sizes.small_font, sizes.small_font + 6  # LaTeX sets smaller than Text at equal size
        self.axes.x_axis.add_labels({t: make_text(str(t), self.theme, size=small, color=ink)
                                     for t in range(1, self.steps + 1, every)}, font_size=small)
        labels = y_labels if y_labels is not None else {
            y: (f"10^{{{y}}}" if log else f"{y:g}") for y in self.y_ticks
        }
        self.axes.y_axis.add_labels({
            y - low: make_math(text, self.theme, size=math, color=ink) if log
            else make_text(text, self.theme, size=small, color=ink)
            for y, text in labels.items()
        }, font_size=math if log else small)
        self.values = values
        self.segments: dict[str, VGroup] = {}
        self.dots: dict[str, VGroup] = {}
        colors = colors or {}
        for name in values:
            color = colors.get(name, self.theme.foreground)
            points = [self.point(name, t) for t in range(self.steps)]
            self.segments[name] = VGroup(*(Line(a, b, color=color, stroke_width=sizes.plot_stroke)
                                           for a, b in zip(points, points[1:])))
            self.dots[name] = VGroup(*(Dot(p, radius=sizes.plot_dot, color=color) for p in points))
        self.add(self.axes, *self.segments.values(), *self.dots.values())

    def point(self, name: str, t: int) -> np.ndarray:
        """Where the value of ``name`` at step ``t`` (0-based, drawn at ``t + 1``) lies."""
        value = float(self.values[name][t])
        return self.axes.c2p(t + 1, (np.log10(value) if self.log else value) - self.low)

    def end_labels(self, texts: Mapping[str, str], colors: Mapping[str, str] | None = None,
                   size: float | None = None) -> VGroup:
        """A label right of each line's last point (e.g. its last value), moved apart so that
        none overlaps another, in the line's colour."""
        colors = colors or {}
        labels = {name: make_text(text, self.theme, size=size or self.theme.sizes.small_font,
                                  color=colors.get(name, self.theme.foreground))
                  for name, text in texts.items()}
        gap = 1.15 * max(label.height for label in labels.values())
        heights = spread([self.point(name, self.steps - 1)[1] for name in labels], gap)
        right = self.axes.x_axis.get_right()[0] + self.theme.sizes.text_buff
        for label, y in zip(labels.values(), heights):
            label.move_to([right, y, 0.0], aligned_edge=LEFT)
        return VGroup(*labels.values())

    def titled(self, title: Mobject) -> VGroup:
        """The plot with ``title`` above its axes, left-aligned."""
        return VGroup(title.next_to(self.axes, UP, buff=2 * self.theme.sizes.text_buff, aligned_edge=LEFT), self)
