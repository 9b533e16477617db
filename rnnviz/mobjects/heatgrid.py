"""A matrix drawn as a grid of coloured squares: a model's weights, or a vector per time step.

Each square is coloured by the diverging map of the theme, scaled so that ``±scale`` is the
full colour (by default the largest magnitude in the matrix, so a weight matrix shows its own
contrast). Rows and columns can be grouped with small gaps, e.g. a stacked LSTM weight into its
``i, f, g, o`` blocks and ``[W_hh | W_ih]`` into the columns that multiply ``h_{t-1}`` and ``x_t``.

The colour map is drawn in :data:`LEVELS` steps on each side of zero, and within a block all
squares of one step form one shape, so a grid of a thousand entries is a few dozen mobjects:
cheap to copy, fade and render.

>>> import numpy as np
>>> from rnnviz.mobjects.heatgrid import HeatGrid
>>> grid = HeatGrid(np.arange(12.0).reshape(4, 3) - 6, row_groups=(2, 2), cell_size=0.2)
>>> grid.shape, grid.value_scale
((4, 3), 6.0)
>>> round(float(grid.cell(1, 0).get_bottom()[1] - grid.cell(2, 0).get_top()[1]), 3)  # the blocks' gap
0.1
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import Rectangle, Square, VGroup, VMobject

from rnnviz.mobjects.theme import Theme, get_theme

__all__ = ["LEVELS", "HeatGrid"]

#: Steps of the colour map on each side of zero: a square of value v is drawn in the colour of
#: ``round(LEVELS * v / scale) / LEVELS``.
LEVELS = 16


def _groups(sizes: Sequence[int] | None, total: int, what: str) -> tuple[int, ...]:
    if sizes is None:
        return (total,)
    sizes = tuple(int(s) for s in sizes)
    if any(s < 1 for s in sizes) or sum(sizes) != total:
        raise ValueError(f"{what} groups {sizes} do not split {total} {what}s")
    return sizes


def _starts(groups: tuple[int, ...]) -> list[int]:
    """Where each group begins."""
    return [int(s) for s in np.cumsum((0,) + groups[:-1])]


def _squares(corners: np.ndarray, side: float) -> np.ndarray:
    """Bezier points of squares of ``side`` whose top-left corners are ``corners`` (n, 3): four
    straight cubic pieces each, one closed subpath per square."""
    offsets = np.array([[0, 0, 0], [side, 0, 0], [side, -side, 0], [0, -side, 0], [0, 0, 0]], dtype=float)
    thirds = np.array([0.0, 1 / 3, 2 / 3, 1.0])[:, None]
    pieces = [offsets[k] + thirds * (offsets[k + 1] - offsets[k]) for k in range(4)]  # 4 x (4, 3)
    outline = np.concatenate(pieces)  # (16, 3)
    return (corners[:, None, :] + outline[None]).reshape(-1, 3)


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

    Attributes
    ----------
    blocks
        ``blocks[i][j]``: block ``(i, j)`` of rows and columns, its squares and its frame.

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
        self._row_starts, self._column_starts = _starts(self.row_groups), _starts(self.column_groups)
        gap = self.cell_size / 2 if gap is None else gap
        side = self.cell_size
        levels = self._levels(matrix)
        self.blocks: list[list[VGroup]] = []
        top = 0.0
        for r0, rows in zip(self._row_starts, self.row_groups):
            row: list[VGroup] = []
            left = 0.0
            for c0, cols in zip(self._column_starts, self.column_groups):
                block = VGroup()
                part = levels[r0 : r0 + rows, c0 : c0 + cols]
                for level in np.unique(part):  # one shape per colour step
                    r, c = np.nonzero(part == level)
                    corners = np.stack([left + c * side, top - r * side, np.zeros(len(r))], axis=1)
                    shape = VMobject(stroke_width=0, fill_opacity=1.0, fill_color=self.theme.diverging(level / LEVELS))
                    block.add(shape.set_points(_squares(corners, side)))
                frame = Rectangle(width=cols * side, height=rows * side, stroke_color=self.theme.muted,
                                  stroke_width=self.theme.sizes.cell_stroke, fill_opacity=0.0)
                block.add(frame.move_to([left + cols * side / 2, top - rows * side / 2, 0.0]))
                block.frame = frame
                row.append(block)
                left += cols * side + gap
            self.blocks.append(row)
            top -= rows * side + gap
        self.add(*(block for row in self.blocks for block in row))
        self.center()

    def _levels(self, values: np.ndarray) -> np.ndarray:
        """The colour step of each value, an integer in ``[-LEVELS, LEVELS]``."""
        return np.rint(np.clip(values / self.value_scale, -1.0, 1.0) * LEVELS).astype(int)

    def color_of(self, value: float) -> str:
        """The fill of a square of ``value``: the diverging map at ``value / scale``, in steps."""
        return self.theme.diverging(int(self._levels(np.array([value]))[0]) / LEVELS)

    def cell(self, row: int, column: int) -> Square:
        """A square where entry ``(row, column)`` is drawn now, in its colour: to place labels,
        frames or wires against one entry (it is not part of the grid)."""
        if not (0 <= row < self.shape[0] and 0 <= column < self.shape[1]):
            raise IndexError(f"entry ({row}, {column}) is outside the {self.shape[0]} x {self.shape[1]} grid")
        i = int(np.searchsorted(self._row_starts, row, side="right")) - 1
        j = int(np.searchsorted(self._column_starts, column, side="right")) - 1
        frame = self.blocks[i][j].frame
        side = frame.width / self.column_groups[j]
        x = frame.get_left()[0] + (column - self._column_starts[j] + 0.5) * side
        y = frame.get_top()[1] - (row - self._row_starts[i] + 0.5) * side
        square = Square(side, stroke_width=0, fill_opacity=1.0).set_fill(self.color_of(self.values[row, column]))
        return square.move_to([x, y, 0.0])

    def block(self, row_group: int, column_group: int | None = None) -> VGroup:
        """Block ``(row_group, column_group)``, or (``column_group=None``) the blocks of one group
        of rows across all column groups."""
        if not 0 <= row_group < len(self.row_groups):
            raise IndexError(f"row group {row_group} of {len(self.row_groups)}")
        if column_group is None:
            return VGroup(*self.blocks[row_group])
        if not 0 <= column_group < len(self.column_groups):
            raise IndexError(f"column group {column_group} of {len(self.column_groups)}")
        return self.blocks[row_group][column_group]

    @property
    def frames(self) -> VGroup:
        """Every block's outline."""
        return VGroup(*(block.frame for row in self.blocks for block in row))
