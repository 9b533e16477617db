"""ProbabilityBars: sorted, proportional, top highlighted, names in both languages."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.mobjects.animations import GrowBars
from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.theme import get_theme

LABELS = ["ask_time", "ask_weather", "book_restaurant", "greeting", "play_music", "set_alarm", "thanks"]
PROBS = np.array([0.031, 0.052, 0.0067, 0.017, 0.024, 0.8623, 0.009])


def test_bars_are_sorted_and_proportional():
    theme = get_theme("light")
    bars = ProbabilityBars(LABELS, PROBS, theme)
    assert bars.order == ["set_alarm", "ask_weather", "ask_time", "play_music", "greeting", "thanks", "book_restaurant"]
    assert list(bars.probs) == sorted(PROBS, reverse=True)
    widths = np.array([bar.width for bar in bars.bars])
    assert np.allclose(widths, bars.probs * theme.sizes.bar_length)
    # One left edge; rows top to bottom.
    assert np.allclose([bar.get_left()[0] for bar in bars.bars], bars.bars[0].get_left()[0])
    ys = [bar.get_center()[1] for bar in bars.bars]
    assert ys == sorted(ys, reverse=True)
    assert [p.original_text for p in bars.percents] == ["86.2%", "5.2%", "3.1%", "2.4%", "1.7%", "0.9%", "0.7%"]


def test_top_bar_is_highlighted_and_names_are_translated():
    theme = get_theme("dark")
    bars = ProbabilityBars(LABELS, PROBS, theme, lang="zh")
    colours = [bar.get_fill_color().to_hex().upper() for bar in bars.bars]
    assert colours[0] == theme.foreground.upper()
    assert set(colours[1:]) == {theme.muted.upper()}
    assert bars.names[0].original_text == "设闹钟"
    assert bars.row("ask_time")[0].original_text == "问时间"
    # Names end in one column left of the bars, nothing overlapping.
    assert np.allclose([n.get_right()[0] for n in bars.names], bars.names[0].get_right()[0])
    assert bars.names[0].get_right()[0] < bars.bars[0].get_left()[0]


def test_rows_and_bad_input():
    assert ProbabilityBars(LABELS, PROBS, rows=3).order == ["set_alarm", "ask_weather", "ask_time"]
    with pytest.raises(ValueError, match="one probability per label"):
        ProbabilityBars(LABELS, PROBS[:3])
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        ProbabilityBars(["a", "b"], [1.5, -0.5])
    with pytest.raises(KeyError, match="no bar for 'x'"):
        ProbabilityBars(["a"], [1.0]).row("x")


def test_bars_grow_in_from_the_left():
    bars = ProbabilityBars(LABELS, PROBS)
    left = bars.bars[0].get_left()[0]
    width = bars.bars[0].width
    animation = GrowBars(bars)
    animation.begin()
    animation.interpolate(0.1)
    assert bars.bars[0].width < width
    assert bars.bars[0].get_left()[0] == pytest.approx(left)
    animation.finish()
    assert bars.bars[0].width == pytest.approx(width)
    assert animation.run_time == pytest.approx(bars.theme.timing.bars)
