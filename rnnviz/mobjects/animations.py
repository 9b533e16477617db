"""Animations of rnnviz's value components: strips changing values, gates multiplying them.

Every value shown comes from the arrays given (normally a Trace's); the only arithmetic done
here is the elementwise product of :class:`GateMultiply` when no product array is passed.

>>> import numpy as np
>>> from rnnviz.mobjects.strip import VectorStrip
>>> from rnnviz.mobjects.animations import GateMultiply
>>> c_prev = VectorStrip([0.8, -0.6], array="c_prev")
>>> GateMultiply(c_prev, [0.05, 0.97]).end_values
array([ 0.04 , -0.582])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import Animation, ManimColor, interpolate_color

from rnnviz.mobjects.strip import VectorStrip, as_vector
from rnnviz.mobjects.text import format_value

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["ChangeStripValues", "GateMultiply"]


class ChangeStripValues(Animation):
    """Animate a :class:`~.VectorStrip` to new values without rebuilding it.

    Each cell's colour follows the colour map along the way (a diverging cell changing sign
    passes through neutral); its printed number cross-fades from the old value to the new one.
    With ``lag_ratio > 0`` the change sweeps across the cells one after another.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.strip import VectorStrip
        from rnnviz.mobjects.animations import ChangeStripValues

        class NextStep(Scene):
            def construct(self):
                h = VectorStrip([0.1, -0.4, 0.7], array="h")
                self.add(h)
                self.play(ChangeStripValues(h, [0.5, 0.2, -0.3]))
    """

    def __init__(self, strip: VectorStrip, values: ArrayLike, lag_ratio: float = 0.0, **kwargs: Any) -> None:
        if not isinstance(strip, VectorStrip):
            raise TypeError(f"{type(self).__name__} animates a VectorStrip, got {type(strip).__name__}")
        self.end_values = strip.check_values(values)
        kwargs.setdefault("run_time", strip.theme.timing.move)
        super().__init__(strip, lag_ratio=lag_ratio, **kwargs)

    def begin(self) -> None:
        strip: VectorStrip = self.mobject
        self.start_values = strip.values
        self._texts = [
            (format_value(a), format_value(b)) for a, b in zip(self.start_values, self.end_values)
        ][: len(strip.numbers)]
        self._ink_opacity = [number.get_fill_opacity() for number in strip.numbers]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        strip: VectorStrip = self.mobject
        for k in range(strip.units):
            a = self.get_sub_alpha(alpha, k, strip.units)
            value = (1.0 - a) * self.start_values[k] + a * self.end_values[k]
            fill = strip.color_of(value)
            strip.cells[k].set_fill(fill)
            if k < len(strip.numbers):
                old, new = self._texts[k]
                # Cross-fade: the old number fades out, then the new one fades in.
                fade = 1.0 if old == new else abs(1.0 - 2.0 * a)
                strip.numbers[k].set_text(old if a < 0.5 else new)
                strip.numbers[k].set_fill(strip.theme.text_on(fill), opacity=self._ink_opacity[k] * fade)
            self.highlight_cell(k, a)

    def highlight_cell(self, unit: int, alpha: float) -> None:
        """Hook for subclasses: decorate cell ``unit`` at its own progress ``alpha``."""

    def finish(self) -> None:
        super().finish()
        self.mobject.set_values(self.end_values)


class GateMultiply(ChangeStripValues):
    """A strip passes through a gate and takes the product, cell by cell.

    A cell multiplied by 0.05 fades to neutral, one multiplied by 0.97 keeps its colour; each
    cell's outline flashes in the gate's colour while it changes. Pass ``product`` (e.g. read
    from a Trace) to show it as is; otherwise the elementwise product ``values * gate`` is shown.

    Parameters
    ----------
    strip
        The strip passing through, e.g. ``c_{t-1}``.
    gate
        The gate's values, or its :class:`~.VectorStrip` (then ``gate_array`` is taken from it).
    product
        The values after the gate (default: ``strip.values * gate``).
    gate_array
        The gate's Trace name (``"f"``, ``"i"``, ``"o"``, ``"r"``, ``"z"``), for the flash colour.

    Examples
    --------
    .. code-block:: python

        from manim import UP, Scene
        from rnnviz.mobjects.strip import VectorStrip
        from rnnviz.mobjects.animations import GateMultiply

        class ForgetGate(Scene):
            def construct(self):
                c_prev = VectorStrip([0.8, -0.6, 0.3], array="c_prev")
                f = VectorStrip([0.05, 0.97, 0.5], array="f").next_to(c_prev, UP)
                self.add(c_prev, f)
                self.play(GateMultiply(c_prev, f))
    """

    def __init__(
        self,
        strip: VectorStrip,
        gate: VectorStrip | ArrayLike,
        product: ArrayLike | None = None,
        gate_array: str = "f",
        **kwargs: Any,
    ) -> None:
        if not isinstance(strip, VectorStrip):
            raise TypeError(f"GateMultiply multiplies a VectorStrip, got {type(strip).__name__}")
        if isinstance(gate, VectorStrip):
            gate_array, gate = gate.array, gate.values
        gate_values = as_vector(gate, "gate")
        if gate_values.shape != (strip.size,):
            raise ValueError(f"gate has {gate_values.size} units, the strip {strip.size}")
        self.gate_values = gate_values
        self.flash = ManimColor(strip.theme.array_color(gate_array))
        kwargs.setdefault("lag_ratio", strip.theme.timing.cell_lag)
        kwargs.setdefault("run_time", strip.theme.timing.gate)
        values = strip.values * gate_values if product is None else product
        super().__init__(strip, values, **kwargs)

    def begin(self) -> None:
        self._strokes = [(cell.get_stroke_color(), cell.get_stroke_width()) for cell in self.mobject.cells]
        super().begin()

    def highlight_cell(self, unit: int, alpha: float) -> None:
        color, width = self._strokes[unit]
        if not 0.0 < alpha < 1.0:  # exactly the original outline before and after
            self.mobject.cells[unit].set_stroke(color, width=width)
            return
        bump = float(np.sin(np.pi * alpha))
        self.mobject.cells[unit].set_stroke(interpolate_color(color, self.flash, bump), width=width * (1.0 + 2.0 * bump))
