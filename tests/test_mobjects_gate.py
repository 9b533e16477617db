"""GateGlyph: the bar fills as far as the gate is open, in the gate's colour."""

from __future__ import annotations

import numpy as np
import pytest
from mobject_frame import hex_rgb, pixel_at, render_mobject

from rnnviz.mobjects.animations import ChangeGateValue
from rnnviz.mobjects.gate import GateGlyph
from rnnviz.mobjects.theme import get_theme

F = np.array([0.05, 0.97, 0.51, 0.23, 0.88, 0.64])  # mean 0.5467


def test_glyph_shows_the_mean_openness():
    glyph = GateGlyph(F, part="forget")
    assert glyph.value == pytest.approx(F.mean())
    assert glyph.number.text == "0.55"
    assert glyph.bar.width == pytest.approx(F.mean() * glyph.track.width)
    assert glyph.bar.get_left()[0] == pytest.approx(glyph.track.get_left()[0])
    assert glyph.bar.get_fill_color().to_hex().upper() == glyph.theme.part("forget").upper()
    assert glyph.outline.get_stroke_color().to_hex().upper() == glyph.theme.part("forget").upper()


def test_glyph_label_sits_above():
    glyph = GateGlyph(0.3, part="reset", label="重置门")
    assert glyph.label.original_text == "重置门"
    assert glyph.label.get_bottom()[1] > glyph.track.get_top()[1]


def test_bad_gate_values_and_parts():
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        GateGlyph([0.2, 1.4])
    with pytest.raises(ValueError, match="unknown part"):
        GateGlyph(0.2, part="door")
    GateGlyph(np.float32(1.0000001))  # float32 sigmoid rounding is accepted


def test_change_gate_value_opens_and_follows_moves():
    glyph = GateGlyph(0.1, part="input").shift([2.0, -1.0, 0.0])
    animation = ChangeGateValue(glyph, [0.7, 0.9], rate_func=lambda t: t)
    animation.begin()
    animation.interpolate(0.5)
    assert glyph.bar.width == pytest.approx(0.45 * glyph.track.width)
    assert glyph.number.get_fill_opacity() == pytest.approx(0.0)
    animation.finish()
    assert glyph.value == pytest.approx(0.8)
    assert glyph.number.text == "0.80"
    assert glyph.number.get_fill_opacity() == pytest.approx(1.0)
    assert glyph.bar.get_left()[0] == pytest.approx(glyph.track.get_left()[0])


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_rendered_glyph_fills_to_its_value(theme_name):
    theme = get_theme(theme_name)
    glyph = GateGlyph(0.5, part="output", theme=theme)
    frame = render_mobject(glyph, theme, width=512, height=288)
    left, right = glyph.track.get_left(), glyph.track.get_right()
    inside = pixel_at(frame, left + 0.25 * (right - left))
    outside = pixel_at(frame, left + 0.75 * (right - left))
    assert np.abs(inside - hex_rgb(theme.part("output"))).max() <= 3
    assert np.abs(outside - hex_rgb(theme.neutral)).max() <= 3
