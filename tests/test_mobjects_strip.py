"""VectorStrip and its animations: colours follow the values, numbers print right, pixels agree."""

from __future__ import annotations

import numpy as np
import pytest
from mobject_frame import hex_rgb, pixel_at, render_mobject

from rnnviz.mobjects.animations import ChangeStripValues, GateMultiply
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.text import format_value
from rnnviz.mobjects.theme import get_theme, luminance

# Looks like one LSTM step's forget gate and previous cell state (hidden size 6).
F = np.array([0.05, 0.97, 0.51, 0.23, 0.88, 0.64])
C_PREV = np.array([0.81, -0.62, 0.33, -0.0001, 1.37, -0.95])


def _hex(color) -> str:
    return color.to_hex().upper()


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_cells_are_filled_by_the_theme_colour_map(theme_name):
    theme = get_theme(theme_name)
    for array, values in (("f", F), ("c_prev", C_PREV)):
        strip = VectorStrip(values, array=array, theme=theme)
        assert [_hex(strip.cell(k).get_fill_color()) for k in range(6)] == [
            theme.value_color(array, v).upper() for v in values
        ]
        for k in range(6):
            assert _hex(strip.numbers[k].get_fill_color()) == theme.text_on(theme.value_color(array, values[k]))


def test_values_are_printed_with_two_decimals_and_no_negative_zero():
    strip = VectorStrip(C_PREV, array="c_prev")
    assert strip.texts() == ["0.81", "\u22120.62", "0.33", "0.00", "1.37", "\u22120.95"]
    assert format_value(-0.0) == format_value(-0.004) == "0.00"


def test_long_vectors_draw_units_and_an_ellipsis():
    h = np.linspace(-0.9, 0.9, 32)
    strip = VectorStrip(h, array="h", units=5)
    assert strip.units == 5 and len(strip.cells) == 5 and strip.ellipsis is not None
    assert strip.texts() == [format_value(v) for v in h[:5]]
    assert np.array_equal(strip.values, h)
    # The ellipsis takes one cell's slot after the last drawn cell; then a note says what is hidden.
    assert strip.ellipsis.get_right()[0] - strip.cell(0).get_left()[0] == pytest.approx(6 * strip.cell(0).width)
    assert strip.ellipsis.get_center()[0] > strip.cell(4).get_center()[0]
    assert strip.count_note.original_text == "5 of 32 units" and strip.count_note.get_left()[0] > strip.ellipsis.get_right()[0]
    assert VectorStrip(h, units=5, vertical=True, lang="zh").count_note.original_text == "共 32 个单元，显示 5 个"
    assert VectorStrip(h[:5], units=5).count_note is None
    with pytest.raises(IndexError, match="units 0..4"):
        strip.cell(5)


def test_values_are_printed_only_for_short_strips():
    theme = get_theme("light")
    assert VectorStrip(np.zeros(8), theme=theme).show_values
    assert VectorStrip(np.zeros(20), theme=theme, units=8).show_values
    assert not VectorStrip(np.zeros(20), theme=theme, units=12).texts()
    assert VectorStrip(np.zeros(20), theme=theme, units=12, show_values=True).texts() == ["0.00"] * 12
    # digits at least 14 px tall at 720p (8 units = 720 px), or none
    small = VectorStrip(np.zeros(4), theme=theme, cell_size=theme.sizes.printed_cell)
    assert min(number.height for number in small.numbers) * 720 / 8 >= 14
    assert not VectorStrip(np.zeros(4), theme=theme, cell_size=0.9 * theme.sizes.printed_cell).texts()


def test_vertical_strips_stack_downwards():
    strip = VectorStrip(F, array="f", vertical=True, units=4)
    ys = [strip.cell(k).get_center()[1] for k in range(4)]
    assert ys == sorted(ys, reverse=True)
    assert strip.ellipsis.get_center()[1] < ys[-1]


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="unknown array"):
        VectorStrip(F, array="q")
    with pytest.raises(ValueError, match="1-D"):
        VectorStrip(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="NaN"):
        VectorStrip([0.1, np.nan])
    with pytest.raises(ValueError, match="6 units, got 5"):
        VectorStrip(F, array="f").set_values(F[:5])


def test_set_values_keeps_geometry():
    strip = VectorStrip(C_PREV, array="c_prev")
    before = strip.cells.get_all_points().copy()
    centre = strip.numbers[1].get_center()
    strip.set_values(-C_PREV)
    assert np.array_equal(strip.cells.get_all_points(), before)
    assert np.allclose(strip.numbers[1].get_center(), centre)
    assert strip.texts()[1] == "0.62"
    assert _hex(strip.cell(0).get_fill_color()) == strip.theme.value_color("c_prev", -C_PREV[0]).upper()


def _play(animation, alphas=(0.0, 0.3, 0.5, 0.7)):
    """Step an animation as a Scene would, without a Scene."""
    animation.begin()
    for alpha in alphas:
        animation.interpolate(alpha)
    animation.finish()


def test_change_strip_values_passes_through_the_colour_map():
    strip = VectorStrip([0.8, -0.2], array="h")
    animation = ChangeStripValues(strip, [-0.8, -0.2], rate_func=lambda t: t)
    animation.begin()
    animation.interpolate(0.5)
    # Half way from 0.8 to -0.8 is 0: the neutral colour, not a mix of red and blue.
    assert _hex(strip.cell(0).get_fill_color()) == strip.theme.neutral.upper()
    assert strip.numbers[0].get_fill_opacity() == pytest.approx(0.0)  # cross-fading
    assert strip.numbers[1].get_fill_opacity() == pytest.approx(1.0)  # unchanged number stays
    animation.finish()
    assert strip.texts() == ["\u22120.80", "\u22120.20"]
    assert np.array_equal(strip.values, [-0.8, -0.2])


def test_gate_multiply_takes_the_product_cell_by_cell():
    theme = get_theme("light")
    c_prev = VectorStrip(C_PREV, array="c_prev", theme=theme)
    f = VectorStrip(F, array="f", theme=theme)
    animation = GateMultiply(c_prev, f, rate_func=lambda t: t)
    assert np.allclose(animation.end_values, C_PREV * F)
    animation.begin()
    animation.interpolate(0.3)
    # The sweep runs left to right: the first cell has moved further than the last.
    first, last = (animation.get_sub_alpha(0.3, k, 6) for k in (0, 5))
    assert first > last
    assert _hex(c_prev.cell(0).get_stroke_color()) != _hex(c_prev.cell(5).get_stroke_color())
    animation.finish()
    assert c_prev.texts() == [format_value(v) for v in C_PREV * F]
    # Cell multiplied by 0.05 faded to near neutral; the one by 0.97 kept its colour.
    assert _hex(c_prev.cell(0).get_fill_color()) == theme.diverging(0.81 * 0.05).upper()
    assert _hex(c_prev.cell(1).get_fill_color()) == theme.diverging(-0.62 * 0.97).upper()
    # Outlines are back to normal once the sweep is over.
    assert {_hex(c.get_stroke_color()) for c in c_prev.cells} == {theme.muted.upper()}


def test_gate_multiply_shows_a_given_product_as_is():
    c_prev = VectorStrip(C_PREV, array="c_prev")
    product = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])  # e.g. read from a Trace
    _play(GateMultiply(c_prev, F, product=product))
    assert np.array_equal(c_prev.values, product)
    with pytest.raises(ValueError, match="gate has 3 units"):
        GateMultiply(c_prev, F[:3])


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_rendered_cells_follow_the_data(theme_name):
    """Two forget gates differing in one unit: that cell's pixels follow the colour map."""
    theme = get_theme(theme_name)
    other = F.copy()
    other[2] = 0.02
    for values in (F, other):
        strip = VectorStrip(values, array="f", theme=theme)
        frame = render_mobject(strip, theme, width=256, height=144)
        for k in range(6):
            # Sample between the number and the cell's top edge: pure fill.
            point = strip.cell(k).get_center() + np.array([0.0, 0.3 * strip.cell(k).height, 0.0])
            expected = hex_rgb(theme.value_color("f", values[k]))
            assert np.abs(pixel_at(frame, point) - expected).max() <= 3, (k, values[k])


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_printed_numbers_meet_wcag_contrast_on_every_fill(theme_name):
    """Numbers stay readable on any cell colour: contrast at least 4.5:1 (WCAG AA)."""
    theme = get_theme(theme_name)
    for array, low in (("f", 0.0), ("i", 0.0), ("o", 0.0), ("r", 0.0), ("z", 0.0), ("c", -1.0), ("h", -1.0)):
        for value in np.linspace(low, 1.0, 101):
            fill = theme.value_color(array, value)
            lighter, darker = sorted((luminance(fill), luminance(theme.text_on(fill))), reverse=True)
            assert (lighter + 0.05) / (darker + 0.05) >= 4.5, (array, value)


def test_accent_frames_the_drawn_cells_in_the_token_colour():
    theme = get_theme("light")
    strip = VectorStrip(np.linspace(-1, 1, 16), array="x", theme=theme, units=6, accent=theme.token_color(2))
    assert _hex(strip.frame.get_stroke_color()) == theme.token_color(2)
    assert strip.frame.width == pytest.approx(strip.cells.width)
    assert strip.ellipsis.get_left()[0] >= strip.frame.get_right()[0] - 1e-6
    assert VectorStrip(F, array="f").frame is None


def test_strips_work_with_manims_animate_and_copy():
    strip = VectorStrip(C_PREV, array="c_prev")
    twin = strip.copy().set_values(-C_PREV)
    assert strip.texts()[0] == "0.81" and twin.texts()[0] == "\u22120.81"
    animation = strip.animate.set_values(F).build()
    animation.begin()
    animation.interpolate(0.5)
    animation.finish()
    assert strip.texts() == [format_value(v) for v in F]


def test_importing_the_components_never_loads_torch():
    import subprocess
    import sys

    code = "import sys, rnnviz.mobjects; assert 'torch' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_large_values_are_shrunk_into_their_cell():
    strip = VectorStrip([0.5, -0.97], array="c").scale(1.5)
    normal = strip.numbers[1].height
    strip.set_values([-12.34, -0.97])
    assert strip.numbers[0].width < strip.cell(0).width
    strip.set_values([0.25, -0.5])  # back to a normal width: full size again
    assert strip.numbers[0].height == pytest.approx(normal, rel=1e-3)
    assert strip.numbers[1].height == pytest.approx(normal, rel=1e-3)
