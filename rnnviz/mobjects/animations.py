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
from manim import LEFT, Animation, AnimationGroup, FadeIn, GrowFromEdge, LaggedStart, ManimColor, interpolate_color

from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.gate import GateGlyph, openness
from rnnviz.mobjects.strip import VectorStrip, as_vector
from rnnviz.mobjects.text import ValueText, format_value

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["ChangeStripValues", "GateMultiply", "ChangeGateValue", "GrowBars"]


def crossfade(number: ValueText, old: str, new: str, alpha: float, opacity: float) -> None:
    """Show ``number`` at progress ``alpha`` of changing from ``old`` to ``new``.

    Numbers are not morphed (digits turning into other digits read badly): the old one fades
    out over the first half, the new one fades in over the second. Unchanged numbers stay put.
    """
    fade = 1.0 if old == new else abs(1.0 - 2.0 * alpha)
    number.set_text(old if alpha < 0.5 else new)
    number.set_fill(opacity=opacity * fade)


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
                crossfade(strip.numbers[k], *self._texts[k], a, self._ink_opacity[k])
                strip.numbers[k].set_fill(strip.theme.text_on(fill))
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


class ChangeGateValue(Animation):
    """Open or close a :class:`~.GateGlyph` to new values; its number cross-fades.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.gate import GateGlyph
        from rnnviz.mobjects.animations import ChangeGateValue

        class Opening(Scene):
            def construct(self):
                gate = GateGlyph(0.1, part="output")
                self.add(gate)
                self.play(ChangeGateValue(gate, [0.7, 0.9]))
    """

    def __init__(self, glyph: GateGlyph, values: float | ArrayLike, **kwargs: Any) -> None:
        if not isinstance(glyph, GateGlyph):
            raise TypeError(f"ChangeGateValue animates a GateGlyph, got {type(glyph).__name__}")
        self.end_value = openness(values)
        kwargs.setdefault("run_time", glyph.theme.timing.move)
        super().__init__(glyph, **kwargs)

    def begin(self) -> None:
        glyph: GateGlyph = self.mobject
        self.start_value = glyph.value
        self._texts = (format_value(self.start_value), format_value(self.end_value))
        self._ink_opacity = glyph.number.get_fill_opacity()
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        glyph: GateGlyph = self.mobject
        a = self.rate_func(alpha)
        glyph.show_openness((1.0 - a) * self.start_value + a * self.end_value)
        crossfade(glyph.number, *self._texts, a, self._ink_opacity)

    def finish(self) -> None:
        super().finish()
        self.mobject.set_value(self.end_value)


class GrowBars(LaggedStart):
    """Bring in :class:`~.ProbabilityBars`: row by row, the name appears, the bar grows from
    the left, then its percentage appears.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.bars import ProbabilityBars
        from rnnviz.mobjects.animations import GrowBars

        class Prediction(Scene):
            def construct(self):
                self.play(GrowBars(ProbabilityBars(["ask_time", "thanks"], [0.93, 0.07])))
    """

    def __init__(self, bars: ProbabilityBars, lag_ratio: float = 0.15, **kwargs: Any) -> None:
        if not isinstance(bars, ProbabilityBars):
            raise TypeError(f"GrowBars animates ProbabilityBars, got {type(bars).__name__}")
        kwargs.setdefault("run_time", bars.theme.timing.bars)
        rows = (
            AnimationGroup(FadeIn(name), GrowFromEdge(bar, LEFT), FadeIn(percent), lag_ratio=0.5)
            for name, bar, percent in zip(bars.names, bars.bars, bars.percents)
        )
        super().__init__(*rows, lag_ratio=lag_ratio, **kwargs)
