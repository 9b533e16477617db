"""HeatGrid: a matrix as coloured squares, grouped into blocks, colours read back from pixels."""

from __future__ import annotations

import numpy as np
import pytest
from mobject_frame import hex_rgb, pixel_at, render_mobject

from rnnviz.mobjects.heatgrid import HeatGrid
from rnnviz.mobjects.theme import get_theme

W = np.array([[0.5, -1.0, 0.0], [2.0, -0.25, 1.0], [0.1, 0.2, -2.0], [1.5, 0.0, -0.5]])


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_squares_take_the_diverging_colour_of_value_over_scale(theme_name):
    theme = get_theme(theme_name)
    grid = HeatGrid(W, theme, cell_size=1.0)
    assert grid.value_scale == 2.0
    for (r, c), value in np.ndenumerate(W):
        assert grid.cell(r, c).get_fill_color().to_hex().upper() == theme.diverging(value / 2.0).upper()
    frame = render_mobject(grid, theme, 384, 216)
    for r, c in ((1, 0), (2, 2), (0, 1)):
        assert np.abs(pixel_at(frame, grid.cell(r, c).get_center()) - hex_rgb(theme.diverging(W[r, c] / 2))).max() <= 3


def test_a_given_scale_saturates_larger_values():
    theme = get_theme("light")
    grid = HeatGrid(W, theme, scale=1.0)
    assert grid.cell(1, 0).get_fill_color().to_hex().upper() == theme.positive.upper()
    assert HeatGrid(np.zeros((2, 2))).value_scale == 1.0


def test_groups_are_blocks_with_gaps_in_reading_order():
    grid = HeatGrid(W, row_groups=(1, 3), column_groups=(2, 1), cell_size=1.0, gap=0.5)
    assert len(grid.frames) == 4
    assert grid.cell(1, 0).get_top()[1] == pytest.approx(grid.cell(0, 0).get_bottom()[1] - 0.5)
    assert grid.cell(0, 2).get_left()[0] == pytest.approx(grid.cell(0, 1).get_right()[0] + 0.5)
    assert grid.cell(0, 1).get_left()[0] == pytest.approx(grid.cell(0, 0).get_right()[0])
    assert set(grid.block(1, 0)) == {grid.cell(r, c) for r in (1, 2, 3) for c in (0, 1)}
    assert len(grid.block(0)) == 3 and len(grid.column_block(1)) == 4 and list(grid.row(2)) == list(grid.squares[2])
    np.testing.assert_allclose(grid.get_center(), 0.0, atol=1e-9)


@pytest.mark.parametrize(
    ("values", "options", "message"),
    [
        (np.zeros(3), {}, "2-D array"),
        (np.array([[np.nan]]), {}, "finite"),
        (W, {"row_groups": (2, 3)}, r"row groups \(2, 3\) do not split 4 rows"),
        (W, {"column_groups": (0, 3)}, "column groups"),
        (W, {"scale": -1.0}, "scale must be positive"),
    ],
)
def test_bad_grids_are_refused(values, options, message):
    with pytest.raises(ValueError, match=message):
        HeatGrid(values, **options)


def test_lookups_out_of_range_are_refused():
    grid = HeatGrid(W, row_groups=(2, 2))
    with pytest.raises(IndexError, match=r"entry \(4, 0\)"):
        grid.cell(4, 0)
    with pytest.raises(IndexError, match="row group 2 of 2"):
        grid.block(2)
