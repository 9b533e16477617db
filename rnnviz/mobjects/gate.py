"""A gate's glyph: a bar that fills with the gate's colour as far as the gate is open.

>>> import numpy as np
>>> from rnnviz.mobjects.gate import GateGlyph
>>> glyph = GateGlyph(np.array([0.1, 0.9, 0.8]), part="forget")
>>> round(glyph.value, 3), glyph.number.text
(0.6, '0.60')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import DL, RIGHT, UL, UP, Rectangle, VGroup, VMobject

from rnnviz.mobjects.text import ValueText, format_value, make_text
from rnnviz.mobjects.theme import Theme, get_theme

if TYPE_CHECKING:
    from typing import Self

    from numpy.typing import ArrayLike

    from rnnviz.mobjects.animations import ChangeGateValue

__all__ = ["GateGlyph", "openness"]

# Sigmoid outputs in float32 can round to a hair outside [0, 1].
_TOLERANCE = 1e-6


def openness(values: float | ArrayLike) -> float:
    """How open a gate is: its value, or the mean of its units, checked to lie in [0, 1]."""
    array = np.asarray(values, dtype=float)
    if array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError("gate values must be a non-empty array of finite numbers")
    if array.min() < -_TOLERANCE or array.max() > 1.0 + _TOLERANCE:
        raise ValueError(f"gate values must lie in [0, 1], got {array.min():.3g}..{array.max():.3g}")
    return float(np.clip(array.mean(), 0.0, 1.0))


class GateGlyph(VGroup):
    """How open a gate is, at a glance: a bar filled in the gate's colour, with the value.

    Parameters
    ----------
    values
        The gate's activation: one value, or a vector of units (its mean is shown).
    part
        The gate, by its theme part name: ``forget``, ``input``, ``output``, ``reset``,
        ``update`` (any part name is accepted, e.g. ``candidate`` for a GRU's ``1 - z``).
    theme
        Colours and sizes (default: the light theme).
    label
        Text above the bar, e.g. ``term("forget_gate", "zh")``; none by default.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.gate import GateGlyph

        class Opening(Scene):
            def construct(self):
                gate = GateGlyph(0.1, part="input", label="input gate")
                self.add(gate)
                self.play(gate.animate_to([0.7, 0.95, 0.8]))
    """

    def __init__(
        self,
        values: float | ArrayLike,
        part: str = "forget",
        theme: Theme | None = None,
        label: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        self.part = part
        self.gate_color = self.theme.part(part)
        self.value = openness(values)
        sizes = self.theme.sizes
        width, height = sizes.glyph_track
        self.track = Rectangle(width=width, height=height, stroke_width=0, fill_color=self.theme.neutral, fill_opacity=1.0)
        self.bar = VMobject(stroke_width=0, fill_color=self.gate_color, fill_opacity=1.0)
        self.outline = Rectangle(width=width, height=height, stroke_color=self.gate_color, stroke_width=sizes.stroke)
        self.number = ValueText(format_value(self.value), font_size=sizes.label_font, color=self.theme.foreground)
        self.number.next_to(self.track, RIGHT, buff=sizes.text_buff)
        self.add(self.track, self.bar, self.outline, self.number)
        self.label = None
        if label is not None:
            self.label = make_text(label, self.theme).next_to(self.track, UP, buff=sizes.text_buff)
            self.add(self.label)
        self.show_openness(self.value)

    def set_value(self, values: float | ArrayLike) -> Self:
        """Open the gate to ``values`` (a value or a vector, whose mean is shown)."""
        self.value = openness(values)
        self.show_openness(self.value)
        self.number.set_text(format_value(self.value))
        return self

    def animate_to(self, values: float | ArrayLike, **kwargs: Any) -> ChangeGateValue:
        """An animation opening or closing the gate to ``values`` (see :class:`~.ChangeGateValue`)."""
        from rnnviz.mobjects.animations import ChangeGateValue

        return ChangeGateValue(self, values, **kwargs)

    def show_openness(self, value: float) -> None:
        """Draw the bar filled to ``value`` without changing :attr:`value` (animations use it).

        The bar is laid over the track's current geometry, so it follows moves and scaling.
        """
        bottom, top = self.track.get_corner(DL), self.track.get_corner(UL)
        reach = value * self.track.width * RIGHT
        self.bar.set_points_as_corners([bottom, bottom + reach, top + reach, top, bottom])
