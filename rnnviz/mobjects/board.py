"""Vectors as upright columns in a row, read as a small equation: ``f_t ⊙ c_{t-1} = ...``.

A scene that explains one operation of a cell lays its vectors out on a :class:`ColumnBoard`:
each vector a vertical :class:`~rnnviz.mobjects.strip.VectorStrip` under its LaTeX name, with
an operator between two neighbouring columns. Unit ``k`` of every column sits on one row, so
a product or a sum reads across, unit by unit.

>>> from rnnviz.mobjects.board import BoardVector, ColumnBoard
>>> board = ColumnBoard([BoardVector("f", [0.05, 0.97], "f_t"), BoardVector("c_prev", [0.8, -0.6], "c_{t-1}")], ["⊙"])
>>> len(board.columns), board.strips[1].texts()
(2, ['0.80', '−0.60'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from manim import ORIGIN, RIGHT, UP, Arrow, Mobject, Text, VGroup, config

from rnnviz.mobjects.labels import term
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.text import MINUS, format_value, make_math, make_text
from rnnviz.mobjects.theme import Theme, get_theme

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["BoardVector", "ColumnBoard", "function_arrow"]


@dataclass(frozen=True, eq=False)
class BoardVector:
    """One column of a :class:`ColumnBoard`.

    ``array`` is a Trace name (``"f"``, ``"c_prev"``, ...), which picks the colour map;
    ``values`` the vector; ``tex`` its name in LaTeX; ``accent`` an optional frame colour, e.g.
    a token's colour around its embedding.
    """

    array: str
    values: ArrayLike
    tex: str
    accent: str | None = None


def function_arrow(tex: str, theme: Theme | None = None) -> VGroup:
    """An arrow with a function's LaTeX name over it, read "goes through": a symbol for a
    :class:`ColumnBoard` such as ``function_arrow(r"\\tanh")``. The name is set at the size of
    the columns' names, not as a small superscript."""
    theme = theme if theme is not None else get_theme("light")
    sizes = theme.sizes
    name = make_math(tex, theme)
    length = max(name.width + 2 * sizes.text_buff, sizes.cell)
    arrow = Arrow(ORIGIN, length * RIGHT, buff=0.0, color=theme.foreground, stroke_width=sizes.wire_stroke,
                  max_tip_length_to_length_ratio=sizes.wire_tip / length * 2)
    return VGroup(arrow, name.next_to(arrow, UP, buff=sizes.text_buff / 2))


class ColumnBoard(VGroup):
    """Vectors as upright columns in a row with operators between them, centred on the origin.

    Parameters
    ----------
    vectors
        The columns, left to right.
    symbols
        One operator per gap between two columns: a text such as ``"⊙"`` or ``"="``, a ready
        mobject (e.g. a :func:`function_arrow`), or ``None`` for an empty gap. ``None`` instead of a list leaves
        every gap empty. A symbol wider than its gap shrinks to fit.
    theme
        Colours and sizes (default: the light theme).
    units
        At most this many units of each vector are drawn; an ellipsis stands for the rest.
    cell_size
        Side of a unit's cell (default ``theme.sizes.cell``).
    width
        The widest the row of columns may be (default: the frame's width less its margins);
        columns stand ``theme.sizes.board_pitch`` cells apart, closer when that is too wide.
    lang
        Language of the notes of truncated columns ("8 of 32 units").

    Attributes
    ----------
    strips, labels, symbols
        The columns' strips, their LaTeX names and the operators, left to right.
    columns
        Each strip with its name, as one group per vector.

    Examples
    --------
    .. code-block:: python

        import numpy as np
        from manim import FadeIn, Scene
        from rnnviz.mobjects.board import BoardVector, ColumnBoard
        from rnnviz.mobjects.theme import get_theme

        class ForgetProduct(Scene):
            def construct(self):
                theme = get_theme("dark")
                self.camera.background_color = theme.background
                f, c_prev = np.array([0.05, 0.97, 0.5]), np.array([0.8, -0.6, 0.3])
                board = ColumnBoard(
                    [
                        BoardVector("f", f, "f_t"),
                        BoardVector("c_prev", c_prev, "c_{t-1}"),
                        BoardVector("c", f * c_prev, r"f_t \\odot c_{t-1}"),
                    ],
                    ["⊙", "="],
                    theme,
                )
                self.play(FadeIn(board))
    """

    def __init__(
        self,
        vectors: Sequence[BoardVector],
        symbols: Sequence[str | Mobject | None] | None = None,
        theme: Theme | None = None,
        units: int = 8,
        cell_size: float | None = None,
        width: float | None = None,
        lang: str = "en",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not vectors:
            raise ValueError("a ColumnBoard needs at least one vector")
        gaps = len(vectors) - 1
        symbols = [None] * gaps if symbols is None else list(symbols)
        if len(symbols) != gaps:
            raise ValueError(f"{len(vectors)} columns need {gaps} symbols, got {len(symbols)}")
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        cell_size = sizes.cell if cell_size is None else cell_size
        width = config.frame_width - 2 * sizes.margin if width is None else width
        self.strips = [
            VectorStrip(v.values, array=v.array, theme=self.theme, units=units, vertical=True,
                        cell_size=cell_size, accent=v.accent, lang=lang)
            for v in vectors
        ]
        pitch = min(cell_size * sizes.board_pitch, width / len(vectors))
        for k, strip in enumerate(self.strips):
            strip.move_to([k * pitch, 0.0, 0.0], aligned_edge=UP)
        room = pitch - cell_size - sizes.board_gap  # free width between two columns' cells
        # A symbol sits halfway between its columns, level with the middle of the rows both
        # have (a projection's output can be shorter than its input).
        self.symbols = [
            self._symbol(sym, room).move_to(
                [(a.get_x() + b.get_x()) / 2, a.get_top()[1] - min(a.cells.height, b.cells.height) / 2, 0.0]
            )
            for sym, a, b in zip(symbols, self.strips, self.strips[1:])
        ]
        self.labels = []
        for v, strip in zip(vectors, self.strips):
            label = make_math(v.tex, self.theme)
            if gaps and label.width > pitch - sizes.board_gap:
                label.scale_to_fit_width(pitch - sizes.board_gap)
            self.labels.append(label.next_to(strip, UP, buff=sizes.text_buff))
        self.columns = [VGroup(strip, label) for strip, label in zip(self.strips, self.labels)]
        self.add(*self.columns, *self.symbols)
        self.center()

    def rounding_note(self, terms: Sequence[int], total: int, lang: str = "en") -> Text | None:
        """A note for a sum whose printed digits do not add up (``0.26 + 0.74 = 0.99``): the
        first such row's values at three decimals, e.g. "row 3 is 0.255 + 0.737 = 0.992";
        ``None`` when every printed row adds up. ``terms`` and ``total`` index :attr:`strips`."""
        parts, whole = [self.strips[k] for k in terms], self.strips[total]
        if not whole.texts():
            return None  # nothing printed, nothing to misread
        for row in range(whole.units):
            printed = [float(format_value(strip.values[row]).replace(MINUS, "-")) for strip in parts]
            if round(sum(printed), 2) != float(format_value(whole.values[row]).replace(MINUS, "-")):
                text = term("rounded_sum", lang, row=row + 1, total=format_value(whole.values[row], 3),
                            terms=" + ".join(format_value(strip.values[row], 3) for strip in parts))
                return make_text(text, self.theme, size=self.theme.sizes.small_font, color=self.theme.muted_text)
        return None

    def _symbol(self, symbol: str | Mobject | None, room: float) -> Mobject:
        """An operator as a mobject no wider than ``room``; an empty group for ``None``."""
        if symbol is None:
            return VGroup()
        if isinstance(symbol, str):
            symbol = make_text(symbol, self.theme, size=self.theme.sizes.title_font)
        if symbol.width > room:
            symbol.scale_to_fit_width(room)
        return symbol
