"""A vector drawn as a strip of square cells, one per unit, coloured by value.

Gate activations (``i``, ``f``, ``o``, ``r``, ``z``) use a sequential map from neutral to the
gate's colour; every other array (``h``, ``c``, ``g``, ``x``, ...) a diverging map on [-1, 1].
Short vectors print their values in the cells; long ones show their first ``units`` units and
an ellipsis.

>>> import numpy as np
>>> from rnnviz.mobjects.strip import VectorStrip
>>> strip = VectorStrip(np.array([0.05, 0.97, 0.5]), array="f")
>>> strip.texts()
['0.05', '0.97', '0.50']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import DOWN, RIGHT, Square, SurroundingRectangle, Text, VGroup

from rnnviz.mobjects.labels import term
from rnnviz.mobjects.text import ValueText, format_value, make_text
from rnnviz.mobjects.theme import ARRAY_PART, Theme, get_theme

if TYPE_CHECKING:
    from typing import Self

    from numpy.typing import ArrayLike

    from rnnviz.mobjects.animations import ChangeStripValues

__all__ = ["VectorStrip", "as_vector"]

# Share of a cell's width a printed value may take; wider values (|v| >= 10) are shrunk.
_INK_WIDTH = 0.88


def as_vector(values: ArrayLike, name: str = "values") -> np.ndarray:
    """``values`` as a finite 1-D float array (a copy), or a clear ``ValueError``."""
    vector = np.array(values, dtype=float)
    if vector.ndim != 1 or vector.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {vector.shape}")
    if not np.all(np.isfinite(vector)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return vector


class VectorStrip(VGroup):
    """One vector of a Trace (e.g. ``trace.get("f")[t]``) as a row or column of coloured cells.

    Parameters
    ----------
    values
        The vector, one value per unit.
    array
        Its Trace name (``"f"``, ``"c"``, ``"h"``, ...), which picks the colour map.
    theme
        Colours and sizes (default: the light theme).
    units
        At most this many units are drawn; an ellipsis cell stands for the rest.
    show_values
        Print each value in its cell (default: when at most ``theme.sizes.printed_units``
        cells are drawn).
    vertical
        Stack the cells top to bottom instead of left to right.
    cell_size
        Side of a cell (default ``theme.sizes.cell``); printed values scale with it.
    accent
        A colour framing the drawn cells, e.g. ``theme.token_color(k)`` for the embedding of
        token ``k``, which keeps its token's colour; no frame by default.
    lang
        Language of the note a truncated strip carries past its ellipsis ("8 of 32 units"), so
        that no unit is hidden silently.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.strip import VectorStrip

        class Forget(Scene):
            def construct(self):
                c_prev = VectorStrip([0.8, -0.6, 0.3, 0.9], array="c_prev")
                self.add(c_prev)
                self.play(c_prev.animate_to([0.04, -0.58, 0.01, 0.87]))
    """

    def __init__(
        self,
        values: ArrayLike,
        array: str = "h",
        theme: Theme | None = None,
        units: int = 8,
        show_values: bool | None = None,
        vertical: bool = False,
        cell_size: float | None = None,
        accent: str | None = None,
        lang: str = "en",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if array not in ARRAY_PART:
            raise ValueError(f"unknown array {array!r}; expected one of {sorted(ARRAY_PART)}")
        if units < 1:
            raise ValueError(f"units must be at least 1, got {units}")
        self.theme = theme if theme is not None else get_theme("light")
        self.array = array
        self._values = as_vector(values)
        self.size = self._values.size
        self.units = min(units, self.size)
        self.vertical = vertical
        sizes = self.theme.sizes
        side = sizes.cell if cell_size is None else cell_size
        # Values are printed only where they are legible: few units, cells big enough for 14 px digits.
        legible = self.units <= sizes.printed_units and side >= sizes.printed_cell - 1e-9
        self.show_values = legible if show_values is None else show_values

        self.cells = VGroup(
            *(
                Square(
                    side,
                    stroke_color=self.theme.muted,
                    stroke_width=sizes.cell_stroke,
                    fill_opacity=1.0,
                )
                for _ in range(self.units)
            )
        )
        step = DOWN if vertical else RIGHT
        self.cells.arrange(step, buff=sizes.cell_gap)
        font = sizes.cell_font * side / sizes.cell
        self.numbers = VGroup(
            *(
                ValueText(format_value(v), font_size=font, max_width=_INK_WIDTH * side).move_to(cell)
                for v, cell in zip(self._values, self.cells)
            )
            if self.show_values
            else ()
        )
        self.add(self.cells, self.numbers)
        self.ellipsis: VGroup | None = None
        if self.units < self.size:
            # The dots sit in a cell-sized slot, so strips of equal ``units`` line up.
            slot = Square(side, stroke_width=0, fill_opacity=0.0)
            slot.next_to(self.cells, step, buff=sizes.cell_gap)
            dots = make_text("⋮" if vertical else "…", self.theme, color=self.theme.foreground)
            if vertical:
                dots.scale_to_fit_height(side * 0.5)
            else:
                dots.scale_to_fit_width(side * 0.5)
            self.ellipsis = VGroup(slot, dots.move_to(slot))
            self.add(self.ellipsis)
        self.count_note: Text | None = None
        if self.units < self.size:
            text = term("units_shown", lang, shown=self.units, size=self.size)
            self.count_note = make_text(text, self.theme, size=sizes.small_font, color=self.theme.muted_text)
            self.count_note.next_to(self.ellipsis, step, buff=sizes.cell_gap + sizes.text_buff / 2)
            if vertical:
                self.count_note.set_x(self.cells.get_x())
            self.add(self.count_note)
        self.frame: SurroundingRectangle | None = None
        if accent is not None:
            self.frame = SurroundingRectangle(self.cells, color=accent, buff=0.0, stroke_width=2 * sizes.stroke)
            self.add(self.frame)
        self._paint(self._values[: self.units])
        self.center()

    # ---- reading -----------------------------------------------------------------------
    @property
    def values(self) -> np.ndarray:
        """The whole vector (a copy), including units hidden behind the ellipsis."""
        return self._values.copy()

    def cell(self, unit: int) -> Square:
        """The square of unit ``unit`` (to attach wires, labels or highlights)."""
        if not 0 <= unit < self.units:
            raise IndexError(f"unit {unit} is not drawn; this strip draws units 0..{self.units - 1}")
        return self.cells[unit]

    def texts(self) -> list[str]:
        """The values printed in the drawn cells (empty when values are not shown)."""
        return [number.text for number in self.numbers]

    def color_of(self, value: float) -> str:
        """The fill a cell of this strip gets for ``value``."""
        return self.theme.value_color(self.array, value)

    # ---- changing ----------------------------------------------------------------------
    def check_values(self, values: ArrayLike) -> np.ndarray:
        """``values`` as a vector of this strip's size, or a clear ``ValueError``."""
        vector = as_vector(values)
        if vector.shape != self._values.shape:
            raise ValueError(f"strip has {self.size} units, got {vector.size} values")
        return vector

    def set_values(self, values: ArrayLike) -> Self:
        """Show ``values`` instead: cells recoloured and numbers reprinted, geometry kept."""
        self._values = self.check_values(values)
        self._paint(self._values[: self.units])
        for number, value in zip(self.numbers, self._values):
            number.set_text(format_value(value))
        return self

    def animate_to(self, values: ArrayLike, **kwargs: Any) -> ChangeStripValues:
        """An animation to ``values``: colours move through the colour map, numbers cross-fade.

        Keyword arguments go to :class:`~rnnviz.mobjects.animations.ChangeStripValues`.
        """
        from rnnviz.mobjects.animations import ChangeStripValues

        return ChangeStripValues(self, values, **kwargs)

    def _paint(self, drawn: np.ndarray) -> None:
        """Fill the drawn cells for ``drawn`` values; each number in the ink that reads on it."""
        for k, value in enumerate(drawn):
            fill = self.color_of(value)
            self.cells[k].set_fill(fill)
            if self.show_values:
                self.numbers[k].set_fill(self.theme.text_on(fill))
