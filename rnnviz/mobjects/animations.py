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
from manim import (
    LEFT,
    ORIGIN,
    Animation,
    AnimationGroup,
    FadeIn,
    GrowFromEdge,
    LaggedStart,
    ManimColor,
    Mobject,
    VMobject,
    interpolate_color,
)

from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.gate import GateGlyph, openness
from rnnviz.mobjects.strip import VectorStrip, as_vector
from rnnviz.mobjects.text import ValueText, format_value

if TYPE_CHECKING:
    from manim import Scene
    from numpy.typing import ArrayLike

__all__ = ["AddByRows", "ChangeStripValues", "Dim", "Dissolve", "GateMultiply", "ChangeGateValue", "GrowBars", "Relabel"]


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

    def create_starting_mobject(self) -> VectorStrip:
        return self.mobject  # the start is its values, recorded in begin(); no copy needed

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


class AddByRows(Animation):
    """A :class:`~.ColumnBoard`'s ``result`` column fills in row by row as the sum of its ``terms``
    columns: while row ``k`` of the result appears, row ``k`` of every term flashes, so the sum
    reads across the board. Nothing moves, so nothing passes over another column's numbers.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.board import BoardVector, ColumnBoard
        from rnnviz.mobjects.animations import AddByRows

        class CellState(Scene):
            def construct(self):
                board = ColumnBoard([BoardVector("c", [0.1, -0.5], "a"), BoardVector("g", [0.3, 0.2], "b"),
                                     BoardVector("c", [0.4, -0.3], "a + b")], ["+", "="])
                self.add(*board.columns[:2], *board.symbols)
                self.play(AddByRows(board, terms=(0, 1), result=2))
    """

    def __init__(self, board: Any, terms: tuple[int, ...] = (0, 1), result: int = 2, **kwargs: Any) -> None:
        from rnnviz.mobjects.board import ColumnBoard

        if not isinstance(board, ColumnBoard):
            raise TypeError(f"AddByRows fills a ColumnBoard, got {type(board).__name__}")
        self.terms = [board.strips[k] for k in terms]
        self.result = board.strips[result]
        timing = board.theme.timing
        kwargs.setdefault("run_time", timing.gate)
        kwargs.setdefault("lag_ratio", timing.cell_lag)
        super().__init__(self.result, **kwargs)
        self.flash = ManimColor(board.theme.foreground)

    def create_starting_mobject(self) -> VectorStrip:
        return self.mobject  # every colour is recorded in begin(); no copy needed

    def begin(self) -> None:
        result = self.result
        self._terms = [[strip.cells[k] for strip in self.terms] for k in range(result.units)]
        self._strokes = [[(c.get_stroke_color(), c.get_stroke_width()) for c in row] for row in self._terms]
        # Row k of the result is its cell and number; the rest (ellipsis, note, frame) comes with the column.
        rows = [[cell, *(result.numbers[k:k + 1])] for k, cell in enumerate(result.cells)]
        rest = [m for m in result.get_family() if m not in {part for row in rows for part in row}]
        self._parts = [(m, k) for k, row in enumerate(rows) for m in row] + [(m, None) for m in rest]
        self._opacity = [(m.get_fill_opacity(), m.get_stroke_opacity()) for m, _ in self._parts]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        rows = self.result.units
        row_alpha = [self.get_sub_alpha(alpha, k, rows) for k in range(rows)]
        for (part, row), (fill, stroke) in zip(self._parts, self._opacity):
            a = self.rate_func(alpha) if row is None else row_alpha[row]
            part.set_fill(opacity=fill * a, family=False)
            part.set_stroke(opacity=stroke * a, family=False)
        for k, a in enumerate(row_alpha):
            bump = float(np.sin(np.pi * a)) if 0.0 < a < 1.0 else 0.0
            for term_cell, (color, width) in zip(self._terms[k], self._strokes[k]):
                term_cell.set_stroke(interpolate_color(color, self.flash, bump), width=width * (1.0 + 2.0 * bump))

    def finish(self) -> None:
        super().finish()
        self.interpolate_mobject(1.0)


class Relabel(Animation):
    """Give ``label`` (e.g. a column's name) the look of ``new``, in place: the old name fades out,
    the new one fades in where the old one was centred. The label keeps its identity, so a group
    holding it stays whole; a ``MathTex`` label also takes the new ``tex_string``.

    Examples
    --------
    .. code-block:: python

        from manim import MathTex, Scene
        from rnnviz.mobjects.animations import Relabel

        class NextStep(Scene):
            def construct(self):
                name = MathTex("h_t")
                self.add(name)
                self.play(Relabel(name, MathTex("h_{t-1}")))  # the state became the previous one
    """

    def __init__(self, label: Mobject, new: Mobject, **kwargs: Any) -> None:
        self.new = new.copy().move_to(label)
        kwargs.setdefault("run_time", 0.5)
        super().__init__(label, **kwargs)

    def begin(self) -> None:
        self._swapped = False
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        if a >= 0.5 and not self._swapped:
            self.mobject.become(self.new)
            if hasattr(self.new, "tex_string"):
                self.mobject.tex_string = self.new.tex_string
            self._swapped = True
        self.mobject.set_opacity(abs(1.0 - 2.0 * a))

    def finish(self) -> None:
        super().finish()
        self.interpolate_mobject(1.0)


class Dissolve(Animation):
    """Fade ``mobject`` out of the scene (or, with ``appear=True``, into it) by its opacity alone.

    Unlike manim's ``FadeOut``/``FadeIn``, nothing is copied, so a whole cell diagram or a panel
    of columns fades as cheaply as a dot; every part keeps its own opacity when shown. ``shift``
    is the distance slid over the fade: an appearing mobject arrives from ``-shift``, a leaving
    one ends at ``+shift``. A dissolved mobject leaves the scene intact (opacity and place
    restored), ready to be shown again.

    Examples
    --------
    .. code-block:: python

        from manim import UP, Circle, Scene, Square
        from rnnviz.mobjects.animations import Dissolve

        class Swap(Scene):
            def construct(self):
                old, new = Circle(), Square()
                self.add(old)
                self.play(Dissolve(old), Dissolve(new, appear=True, shift=0.3 * UP))
    """

    def __init__(self, mobject: Mobject, appear: bool = False, shift: ArrayLike = ORIGIN, **kwargs: Any) -> None:
        self.appear = appear
        self.shift = np.asarray(shift, dtype=float)
        kwargs.setdefault("run_time", 0.5)
        super().__init__(mobject, remover=not appear, introducer=appear, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # opacities are recorded in begin(); no copy needed

    def begin(self) -> None:
        parts = [m for m in self.mobject.family_members_with_points() if isinstance(m, VMobject)]
        self._parts = [(m, m.fill_rgbas[:, 3].copy(), m.stroke_rgbas[:, 3].copy(), m.background_stroke_rgbas[:, 3].copy())
                       for m in parts]
        self._offset = np.zeros(3)
        super().begin()

    def _show(self, shown: float) -> None:
        """Draw the mobject at ``shown`` of its opacity (0 invisible, 1 as it was), slid accordingly."""
        offset = (shown - 1.0) * self.shift if self.appear else (1.0 - shown) * self.shift
        self.mobject.shift(offset - self._offset)
        self._offset = offset
        for part, fill, stroke, background in self._parts:
            part.fill_rgbas[:, 3] = fill * shown
            part.stroke_rgbas[:, 3] = stroke * shown
            part.background_stroke_rgbas[:, 3] = background * shown

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        self._show(a if self.appear else 1.0 - a)

    def finish(self) -> None:
        super().finish()
        # Shown; or, leaving, kept invisible until the scene takes it off: in a Succession that
        # is only at the end of the whole group, and restored here it would reappear meanwhile.
        self._show(1.0 if self.appear else 0.0)

    def clean_up_from_scene(self, scene: Scene) -> None:
        super().clean_up_from_scene(scene)
        if not self.appear:
            self._show(1.0)  # taken off the scene as it was, where it was, ready to be shown again


class Dim(Animation):
    """Bring every visible part of ``mobject`` to ``opacity`` (e.g. 0.35 to grey a list's earlier
    entries back, 1.0 to light them again) by its opacity alone, without copies; the mobject
    stays on screen.

    >>> from manim import Square
    >>> square = Square().set_fill(opacity=1.0)
    >>> dim = Dim(square, 0.35)
    >>> dim.begin(); dim.finish(); round(float(square.get_fill_opacity()), 2)
    0.35
    """

    def __init__(self, mobject: Mobject, opacity: float, **kwargs: Any) -> None:
        if not 0.0 <= opacity <= 1.0:
            raise ValueError(f"an opacity lies in [0, 1], got {opacity}")
        self.opacity = opacity
        super().__init__(mobject, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # opacities are recorded in begin(); no copy needed

    def begin(self) -> None:
        parts = [m for m in self.mobject.family_members_with_points() if isinstance(m, VMobject)]
        self._parts = [(m, m.fill_rgbas[:, 3].copy(), m.stroke_rgbas[:, 3].copy()) for m in parts]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        for part, fill, stroke in self._parts:
            # a part drawn at all goes to the target opacity; an invisible one stays invisible
            part.fill_rgbas[:, 3] = np.where(fill > 0, (1 - a) * fill + a * self.opacity, 0.0)
            part.stroke_rgbas[:, 3] = np.where(stroke > 0, (1 - a) * stroke + a * self.opacity, 0.0)
