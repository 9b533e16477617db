"""Small charts: activation functions with a vector's units on them, and lengths on a log scale.

>>> import numpy as np
>>> from rnnviz.mobjects.plots import ActivationPlot, NormChart
>>> plot = ActivationPlot(reach=4.0)
>>> sorted(plot.curves), len(plot.dots("tanh", [0.5, -1.2], np.tanh([0.5, -1.2])))
(['sigmoid', 'tanh'], 2)
>>> chart = NormChart({"linear": [1.0, 3.0, 9.0], "bounded": [1.0, 0.9, 0.8]}, {"linear": "#000000", "bounded": "#E09F3E"})
>>> chart.decades, len(chart.markers["linear"]), len(chart.segments["bounded"])
((-1, 1), 3, 2)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, DashedLine, Dot, Line, VGroup

from rnnviz.mobjects.text import MINUS, make_text
from rnnviz.mobjects.theme import Theme, get_theme

__all__ = ["ActivationPlot", "NormChart", "power_of_ten"]

#: The functions an activation plot draws, as numpy functions of x (the curves' shapes only:
#: the values a figure prints come from rnnviz.analysis).
_FUNCTIONS = {"sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)), "tanh": np.tanh}
#: How each function is named on its curve.
_NAMES = {"sigmoid": "σ(x)", "tanh": "tanh(x)"}


def power_of_ten(exponent: int, theme: Theme) -> VGroup:
    """``10`` with ``exponent`` raised after it, in the figures' font (a tick label of a log axis)."""
    sizes = theme.sizes
    base = make_text("10", theme, size=sizes.small_font)
    power = make_text(str(exponent).replace("-", MINUS), theme, size=sizes.small_font * 0.7)
    return VGroup(base, power.next_to(base, RIGHT, buff=0.02).align_to(base, UP).shift(0.06 * UP))


def _axis_style(theme: Theme) -> dict[str, Any]:
    return {"color": theme.foreground, "stroke_width": theme.sizes.stroke / 1.5, "include_tip": False}


class ActivationPlot(VGroup):
    """Sigmoid and tanh over ``[-reach, reach]``, with the bounds -1, 0 and 1 marked.

    Parameters
    ----------
    reach
        The x axis runs from ``-reach`` to ``reach``.
    theme
        Colours and sizes; each curve is drawn in ``theme.activation_color(name)``.
    functions
        Which curves, among ``"sigmoid"`` and ``"tanh"``.
    width, height
        The size of the axes' box.

    Examples
    --------
    .. code-block:: python

        from manim import FadeIn, Scene
        from rnnviz.mobjects.plots import ActivationPlot

        class Squash(Scene):
            def construct(self):
                plot = ActivationPlot(reach=4.0)
                self.add(plot)
                self.play(FadeIn(plot.dots("tanh", [0.1, 1.5], [0.0997, 0.9051])))
    """

    def __init__(
        self,
        reach: float = 4.0,
        theme: Theme | None = None,
        functions: Sequence[str] = ("sigmoid", "tanh"),
        width: float = 5.0,
        height: float = 2.8,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if reach <= 0:
            raise ValueError(f"reach must be positive, got {reach}")
        unknown = [name for name in functions if name not in _FUNCTIONS]
        if unknown:
            raise ValueError(f"unknown functions {unknown}; expected some of {sorted(_FUNCTIONS)}")
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        self.coords = Axes(x_range=[-reach, reach, 1], y_range=[-1.15, 1.15, 1], x_length=width, y_length=height,
                           axis_config=_axis_style(self.theme))
        self.bounds = VGroup()
        for y in (-1, 1):
            line = DashedLine(self.coords.c2p(-reach, y), self.coords.c2p(reach, y), dash_length=0.08,
                              stroke_width=sizes.stroke / 2, color=self.theme.muted)
            label = make_text(str(y).replace("-", MINUS), self.theme, size=sizes.small_font)
            self.bounds.add(line, label.next_to(line, LEFT, buff=sizes.text_buff))
        zero = make_text("0", self.theme, size=sizes.small_font).next_to(self.coords.c2p(-reach, 0), LEFT,
                                                                        buff=sizes.text_buff)
        self.bounds.add(zero)
        self.colors = {name: self.theme.activation_color(name) for name in functions}
        self.curves = {
            name: self.coords.plot(_FUNCTIONS[name], x_range=[-reach, reach], color=self.colors[name],
                                   stroke_width=sizes.wire_stroke)
            for name in functions
        }
        self.names = {
            name: make_text(_NAMES[name], self.theme, size=sizes.label_font, color=self.colors[name])
            .next_to(self.coords.c2p(reach, float(_FUNCTIONS[name](reach))), RIGHT, buff=sizes.text_buff)
            for name in functions
        }
        # Two names that would overlap (both curves end near 1) stand apart.
        if len(self.names) == 2:
            low, high = sorted(self.names.values(), key=lambda m: m.get_y())
            if high.get_bottom()[1] < low.get_top()[1] + sizes.text_buff:
                high.next_to(low, UP, buff=sizes.text_buff, aligned_edge=LEFT)
        self.add(self.bounds, self.coords, *self.curves.values(), *self.names.values())

    def dots(self, function: str, xs: Sequence[float], ys: Sequence[float]) -> VGroup:
        """One dot per ``(x, y)`` in the colour of ``function``'s curve (``ys`` as computed by the
        caller, e.g. ``rnnviz.analysis.squash``)."""
        if function not in self.curves:
            raise KeyError(f"this plot has no {function!r} curve; it has {list(self.curves)}")
        radius = self.theme.sizes.op_radius / 3
        return VGroup(*(
            Dot(self.coords.c2p(float(x), float(y)), radius=radius, color=self.colors[function])
            .set_stroke(self.theme.background, width=1.5)
            for x, y in zip(xs, ys)
        ))


class NormChart(VGroup):
    """Positive values per step on a log scale (decades marked ``10^k``), one series per name.

    Parameters
    ----------
    series
        Values by series name, all of one length (step 0, 1, ...), e.g. the lengths of a vector
        multiplied again and again.
    colors
        The colour of each series.
    theme
        Colours and sizes.
    x_label, y_label
        Names of the axes (default ``k`` and nothing).
    width, height
        The size of the axes' box.

    Attributes
    ----------
    markers, segments
        ``markers[name][k]``: the dot of step ``k``; ``segments[name][k - 1]``: the line into it.
    decades
        The lowest and highest power of ten the y axis shows.
    """

    def __init__(
        self,
        series: Mapping[str, Sequence[float]],
        colors: Mapping[str, str],
        theme: Theme | None = None,
        x_label: str = "k",
        y_label: str | None = None,
        width: float = 5.0,
        height: float = 2.8,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        values = {name: np.asarray(v, dtype=float) for name, v in series.items()}
        lengths = {v.shape for v in values.values()}
        if not values or len(lengths) != 1 or len(next(iter(lengths))) != 1 or next(iter(lengths))[0] < 2:
            raise ValueError("series must be one or more 1-D sequences of one length, at least 2")
        every = np.concatenate(list(values.values()))
        if not np.all(np.isfinite(every)) or np.any(every <= 0):
            raise ValueError("a log scale needs finite positive values")
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        steps = len(every) // len(values)
        logs = np.log10(every)
        self.decades = (int(np.floor(logs.min())), int(np.ceil(logs.max())))
        low, high = self.decades
        if low == high:
            high += 1
            self.decades = (low, high)
        self.coords = Axes(x_range=[0, steps - 1, 1], y_range=[low, high, 1], x_length=width, y_length=height,
                           axis_config=_axis_style(self.theme))
        self.ticks = ticks = VGroup()
        every_label = max(1, -(-(high - low) // 4))  # at most five decade labels
        for k in range(low, high + 1, every_label):
            ticks.add(power_of_ten(k, self.theme).next_to(self.coords.c2p(0, k), LEFT, buff=sizes.text_buff))
        every_step = max(1, (steps - 1) // 5)
        steps_marked = VGroup(*(make_text(str(k), self.theme, size=sizes.small_font)
                                .next_to(self.coords.c2p(k, low), DOWN, buff=sizes.text_buff)
                                for k in range(0, steps, every_step)))
        ticks.add(*steps_marked)
        # The axes' names: under the steps' numbers (clear of the last one), over the y axis.
        self.axis_names = VGroup(make_text(x_label, self.theme, size=sizes.small_font)
                                 .next_to(steps_marked, DOWN, buff=sizes.text_buff / 2))
        if y_label is not None:
            self.axis_names.add(make_text(y_label, self.theme, size=sizes.small_font)
                                .next_to(self.coords.y_axis, UP, buff=sizes.text_buff))
        self.markers: dict[str, VGroup] = {}
        self.segments: dict[str, VGroup] = {}
        radius = sizes.op_radius / 3
        for name, v in values.items():
            color = colors[name]
            places = [self.coords.c2p(k, float(np.log10(value))) for k, value in enumerate(v)]
            self.markers[name] = VGroup(*(Dot(p, radius=radius, color=color) for p in places))
            self.segments[name] = VGroup(*(Line(a, b, color=color, stroke_width=sizes.wire_stroke)
                                           for a, b in zip(places, places[1:])))
        self.add(self.coords, ticks, self.axis_names, *self.segments.values(), *self.markers.values())
