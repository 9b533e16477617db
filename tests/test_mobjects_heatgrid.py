"""HeatGrid: a matrix as coloured squares, grouped into blocks, colours read back from pixels."""

from __future__ import annotations

import numpy as np
import pytest
from mobject_frame import hex_rgb, pixel_at, render_mobject

from rnnviz.mobjects.heatgrid import LEVELS, HeatGrid
from rnnviz.mobjects.theme import get_theme

W = np.array([[0.5, -1.0, 0.0], [2.0, -0.25, 1.0], [0.1, 0.2, -2.0], [1.5, 0.0, -0.5]])


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_squares_take_the_diverging_colour_of_value_over_scale(theme_name):
    theme = get_theme(theme_name)
    grid = HeatGrid(W, theme, cell_size=1.0)
    assert grid.value_scale == 2.0
    stepped = np.rint(W / 2.0 * LEVELS) / LEVELS
    for (r, c), value in np.ndenumerate(stepped):
        assert grid.cell(r, c).get_fill_color().to_hex().upper() == theme.diverging(value).upper()
    frame = render_mobject(grid, theme, 384, 216)
    for r, c in ((1, 0), (2, 2), (0, 1), (3, 1), (2, 0)):
        assert np.abs(pixel_at(frame, grid.cell(r, c).get_center()) - hex_rgb(theme.diverging(stepped[r, c]))).max() <= 3


def test_colours_come_in_steps_and_one_shape_per_step():
    theme = get_theme("light")
    grid = HeatGrid(np.array([[0.0, 0.5, 0.51, 1.0]]), theme)
    assert grid.color_of(0.51) == grid.color_of(0.5) == theme.diverging(LEVELS // 2 / LEVELS)
    assert len(grid.blocks[0][0]) == 3 + 1  # three colour steps and the frame


def test_a_given_scale_saturates_larger_values():
    theme = get_theme("light")
    grid = HeatGrid(W, theme, scale=1.0)
    assert grid.cell(1, 0).get_fill_color().to_hex().upper() == theme.positive.upper()
    assert HeatGrid(np.zeros((2, 2))).value_scale == 1.0


def test_groups_are_blocks_with_gaps_in_reading_order():
    grid = HeatGrid(W, row_groups=(1, 3), column_groups=(2, 1), cell_size=1.0, gap=0.5)
    assert len(grid.frames) == 4 and [len(row) for row in grid.blocks] == [2, 2]
    assert grid.cell(1, 0).get_top()[1] == pytest.approx(grid.cell(0, 0).get_bottom()[1] - 0.5)
    assert grid.cell(0, 2).get_left()[0] == pytest.approx(grid.cell(0, 1).get_right()[0] + 0.5)
    assert grid.cell(0, 1).get_left()[0] == pytest.approx(grid.cell(0, 0).get_right()[0])
    assert grid.block(1, 0).frame.height == pytest.approx(3.0) and grid.block(1, 0).width == pytest.approx(2.0)
    assert len(grid.block(0)) == 2
    np.testing.assert_allclose(grid.get_center(), 0.0, atol=1e-9)


def test_cells_follow_the_grid_when_it_moves_and_scales():
    grid = HeatGrid(W, row_groups=(2, 2), cell_size=1.0)
    before = grid.cell(3, 2).get_center()
    grid.scale(0.5).shift([2.0, 1.0, 0.0])
    np.testing.assert_allclose(grid.cell(3, 2).get_center(), before * 0.5 + [2.0, 1.0, 0.0], atol=1e-9)
    assert grid.cell(3, 2).width == pytest.approx(0.5)


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
