"""A matrix drawn as a grid of coloured squares: a model's weights, or a vector per time step.

Each square is coloured by the diverging map of the theme, scaled so that ``±scale`` is the
full colour (by default the largest magnitude in the matrix, so a weight matrix shows its own
contrast). Rows and columns can be grouped with small gaps, e.g. a stacked LSTM weight into its
``i, f, g, o`` blocks and ``[W_hh | W_ih]`` into the columns that multiply ``h_{t-1}`` and ``x_t``.

>>> import numpy as np
>>> from rnnviz.mobjects.heatgrid import HeatGrid
>>> grid = HeatGrid(np.arange(12.0).reshape(4, 3) - 6, row_groups=(2, 2))
>>> grid.shape, grid.value_scale
((4, 3), 6.0)
>>> grid.cell_size, round(float(grid.cell(1, 0).get_bottom()[1] - grid.cell(2, 0).get_top()[1]), 3)  # the blocks' gap
(0.2, 0.1)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import Rectangle, Square, VGroup

from rnnviz.mobjects.theme import Theme, get_theme

__all__ = ["HeatGrid"]


def _groups(sizes: Sequence[int] | None, total: int, what: str) -> tuple[int, ...]:
    if sizes is None:
        return (total,)
    sizes = tuple(int(s) for s in sizes)
    if any(s < 1 for s in sizes) or sum(sizes) != total:
        raise ValueError(f"{what} groups {sizes} do not split {total} {what}s")
    return sizes


class HeatGrid(VGroup):
    """A 2-D array as squares in a grid, coloured by value; centred on the origin.

    Parameters
    ----------
    values
        The matrix, shape ``(rows, columns)``, finite.
    theme
        Colours and sizes (default: the light theme).
    cell_size
        Side of one square (default: a quarter of the theme's strip cell).
    scale
        The magnitude drawn in full colour (default: the largest ``|value|``; 1 for all zeros).
    row_groups, column_groups
        Sizes of consecutive blocks of rows (columns), drawn with a gap between them; each
        block is framed in the theme's muted colour.
    gap
        The gap between blocks (default: half a square).

    Examples
    --------
    .. code-block:: python

        from manim import Indicate, Scene
        from rnnviz.core.trace import Trace
        from rnnviz.mobjects.heatgrid import HeatGrid
        from rnnviz.paths import asset

        class Weights(Scene):
            def construct(self):
                w_hh = Trace.load(asset("traces", "lstm.json")).weight("weight_hh")  # (32, 8)
                grid = HeatGrid(w_hh, row_groups=(8, 8, 8, 8), cell_size=0.15)
                self.add(grid)
                self.play(Indicate(grid.block(2)))  # the g rows
    """

    def __init__(
        self,
        values: Any,
        theme: Theme | None = None,
        *,
        cell_size: float | None = None,
        scale: float | None = None,
        row_groups: Sequence[int] | None = None,
        column_groups: Sequence[int] | None = None,
        gap: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        matrix = np.array(values, dtype=float)
        if matrix.ndim != 2 or matrix.size == 0:
            raise ValueError(f"a heat grid draws a non-empty 2-D array, got shape {matrix.shape}")
        if not np.all(np.isfinite(matrix)):
            raise ValueError("a heat grid's values must be finite")
        self.theme = theme if theme is not None else get_theme("light")
        self.values = matrix
        self.shape: tuple[int, int] = matrix.shape  # type: ignore[assignment]
        self.cell_size = self.theme.sizes.cell / 4 if cell_size is None else cell_size
        largest = float(np.abs(matrix).max())
        self.value_scale = (largest if largest > 0 else 1.0) if scale is None else float(scale)
        if self.value_scale <= 0:
            raise ValueError(f"scale must be positive, got {scale}")
        self.row_groups = _groups(row_groups, self.shape[0], "row")
        self.column_groups = _groups(column_groups, self.shape[1], "column")
        gap = self.cell_size / 2 if gap is None else gap
        side = self.cell_size
        row_starts = np.cumsum((0,) + self.row_groups[:-1])
        col_starts = np.cumsum((0,) + self.column_groups[:-1])
        # Centre of square (r, c): rows go down, each block one gap further than the last.
        ys = [-(r * side + gap * int(np.searchsorted(row_starts, r, side="right") - 1)) for r in range(self.shape[0])]
        xs = [c * side + gap * int(np.searchsorted(col_starts, c, side="right") - 1) for c in range(self.shape[1])]
        self.squares = VGroup()
        for r in range(self.shape[0]):
            row = VGroup()
            for c in range(self.shape[1]):
                square = Square(side, stroke_width=0, fill_opacity=1.0).move_to([xs[c], ys[r], 0.0])
                row.add(square.set_fill(self.color_of(matrix[r, c])))
            self.squares.add(row)
        self.frames = VGroup()
        for i, (r0, rows) in enumerate(zip(row_starts, self.row_groups)):
            for j, (c0, cols) in enumerate(zip(col_starts, self.column_groups)):
                frame = Rectangle(width=cols * side, height=rows * side, stroke_color=self.theme.muted,
                                  stroke_width=self.theme.sizes.cell_stroke, fill_opacity=0.0)
                self.frames.add(frame.move_to(self.block(i, j)))
        self.add(self.squares, self.frames)
        self.center()

    def color_of(self, value: float) -> str:
        """The fill of a square of ``value``: the diverging map at ``value / scale``."""
        return self.theme.diverging(value / self.value_scale)

    def cell(self, row: int, column: int) -> Square:
        """The square of entry ``(row, column)``."""
        if not (0 <= row < self.shape[0] and 0 <= column < self.shape[1]):
            raise IndexError(f"entry ({row}, {column}) is outside the {self.shape[0]} x {self.shape[1]} grid")
        return self.squares[row][column]

    def row(self, row: int) -> VGroup:
        """The squares of one row."""
        self.cell(row, 0)
        return self.squares[row]

    def block(self, row_group: int, column_group: int | None = None) -> VGroup:
        """The squares of one block of rows (and of one block of columns, or all of them)."""
        if not 0 <= row_group < len(self.row_groups):
            raise IndexError(f"row group {row_group} of {len(self.row_groups)}")
        if column_group is not None and not 0 <= column_group < len(self.column_groups):
            raise IndexError(f"column group {column_group} of {len(self.column_groups)}")
        r0 = sum(self.row_groups[:row_group])
        rows = range(r0, r0 + self.row_groups[row_group])
        if column_group is None:
            columns = range(self.shape[1])
        else:
            c0 = sum(self.column_groups[:column_group])
            columns = range(c0, c0 + self.column_groups[column_group])
        return VGroup(*(self.squares[r][c] for r in rows for c in columns))

    def column_block(self, column_group: int) -> VGroup:
        """The squares of one block of columns, every row."""
        return VGroup(*(square for i in range(len(self.row_groups)) for square in self.block(i, column_group)))
