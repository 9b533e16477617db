"""ColumnBoard: vectors as columns of an equation, laid out inside the frame."""

from __future__ import annotations

import numpy as np
import pytest
from manim import MathTex, config

from rnnviz.mobjects.board import BoardVector, ColumnBoard, function_arrow
from rnnviz.mobjects.theme import get_theme

THEME = get_theme("light")
RNG = np.random.default_rng(0)
F, C_PREV = RNG.uniform(0, 1, 8), np.tanh(RNG.normal(size=8))
FORGET = [BoardVector("f", F, "f_t"), BoardVector("c_prev", C_PREV, "c_{t-1}"),
          BoardVector("c", F * C_PREV, r"f_t \odot c_{t-1}")]


def x_extent(mobject) -> tuple[float, float]:
    return mobject.get_left()[0], mobject.get_right()[0]


def test_eight_unit_columns_sit_apart_inside_the_frame_with_operators_between():
    board = ColumnBoard(FORGET, ["⊙", "="], THEME)
    margin = THEME.sizes.margin
    assert board.get_left()[0] >= -config.frame_width / 2 + margin
    assert board.get_right()[0] <= config.frame_width / 2 - margin
    assert board.get_top()[1] <= config.frame_height / 2 - margin
    assert board.get_bottom()[1] >= -config.frame_height / 2 + margin
    assert [strip.units for strip in board.strips] == [8, 8, 8] and all(s.ellipsis is None for s in board.strips)
    for left, right, symbol in zip(board.columns, board.columns[1:], board.symbols):
        assert x_extent(left)[1] < x_extent(symbol)[0] < x_extent(symbol)[1] < x_extent(right)[0]
        # level with the middle of the cells, so "a ⊙ b = c" reads as one line
        assert symbol.get_y() == pytest.approx(left[0].cells.get_y())
    assert [s.original_text for s in board.symbols] == ["⊙", "="]


def test_unit_k_of_every_column_is_on_one_row_and_names_sit_on_top():
    board = ColumnBoard([*FORGET[:2], BoardVector("h", np.zeros(12), "h_t")], [None, None], THEME, units=8)
    assert board.strips[2].ellipsis is not None  # 12 units, 8 drawn
    for k in range(8):
        assert np.ptp([strip.cell(k).get_y() for strip in board.strips]) < 1e-6
    for strip, label in zip(board.strips, board.labels):
        assert isinstance(label, MathTex)
        assert label.get_bottom()[1] > strip.get_top()[1]
        assert label.get_x() == pytest.approx(strip.get_x())
    assert np.array_equal(board.strips[1].values, C_PREV)


def test_narrow_boards_shrink_names_and_symbols_to_their_gaps():
    long_name = BoardVector("c", F * C_PREV, r"f_t \odot c_{t-1} + i_t \odot g_t")
    board = ColumnBoard([FORGET[0], long_name, FORGET[0]], ["⊙", "="], THEME, cell_size=0.5, width=3.0)
    labels = [x_extent(label) for label in board.labels]
    for (_, right_end), (left_start, _) in zip(labels, labels[1:]):
        assert left_start - right_end >= THEME.sizes.board_gap - 1e-6
    for a, b, symbol in zip(board.strips, board.strips[1:], board.symbols):
        assert x_extent(a.cells)[1] < x_extent(symbol)[0] and x_extent(symbol)[1] < x_extent(b.cells)[0]


def test_a_function_arrow_points_from_a_long_column_to_the_middle_of_a_short_one():
    projection = ColumnBoard([BoardVector("h_full", F, r"o_t \odot \tanh(c_t)"), BoardVector("h", F[:4], "h_t")],
                             [function_arrow("W_{hr}", THEME)], THEME)
    arrow, name = projection.symbols[0]
    assert arrow.get_y() < name.get_y() and name.get_tex_string() == "W_{hr}"
    short = projection.strips[1]
    assert projection.symbols[0].get_y() == pytest.approx(short.cells.get_y())
    assert x_extent(projection.strips[0])[1] < x_extent(arrow)[0] < x_extent(arrow)[1] < x_extent(short)[0]


def test_one_column_plain_gaps_and_accent_frames():
    single = ColumnBoard([BoardVector("x", [0.5, -0.5], "x_t", accent=THEME.token_color(2))], theme=THEME)
    assert single.get_center() == pytest.approx(np.zeros(3))
    assert single.strips[0].frame is not None
    plain = ColumnBoard(FORGET, theme=THEME)  # no symbols: every gap empty
    assert [len(s.submobjects) for s in plain.symbols] == [0, 0]


def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="3 columns need 2 symbols, got 1"):
        ColumnBoard(FORGET, ["⊙"], THEME)
    with pytest.raises(ValueError, match="at least one vector"):
        ColumnBoard([], theme=THEME)
    with pytest.raises(ValueError, match="unknown array"):
        ColumnBoard([BoardVector("q", [0.1], "q")], theme=THEME)
