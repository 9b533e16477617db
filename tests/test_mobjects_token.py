"""TokenChip: the token's own colour, readable text, any script."""

from __future__ import annotations

import numpy as np
import pytest
from mobject_frame import hex_rgb, pixel_at, render_mobject

from rnnviz.mobjects.theme import TOKEN_COLORS, get_theme
from rnnviz.mobjects.token import TokenChip


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_chip_colour_and_text(theme_name):
    theme = get_theme(theme_name)
    for index, word in enumerate(["what", "time", "is", "it", "?", "<unk>", "现在", "几点"]):
        chip = TokenChip(word, index, theme)
        assert chip.chip_color == TOKEN_COLORS[index]
        assert chip.box.get_fill_color().to_hex().upper() == TOKEN_COLORS[index]
        assert chip.label.original_text == word  # shown as it is, <unk> included
        assert chip.label.get_fill_color().to_hex().upper() == theme.text_on(TOKEN_COLORS[index])
        assert chip.label.width < chip.box.width and chip.label.height < chip.box.height


def test_words_share_a_baseline():
    """'is' and 'time' (no descender, different ascenders) sit level in their chips."""
    chips = [TokenChip(word, k) for k, word in enumerate(["time", "is", "gap"])]
    bottoms = [chip.label[0].get_bottom()[1] - chip.box.get_bottom()[1] for chip in chips]
    assert bottoms[0] == pytest.approx(bottoms[1], abs=0.01)
    # The "g" of "gap" hangs below the baseline of the others.
    assert bottoms[2] < bottoms[0] - 0.03


def test_cjk_glyphs_are_drawn():
    theme = get_theme("light")
    chip = TokenChip("几点", 4, theme)
    frame = render_mobject(chip.scale(3), theme, width=512, height=288)
    box = frame[
        int(144 - 0.4 * chip.box.height * 36) : int(144 + 0.4 * chip.box.height * 36),
        int(256 - 0.4 * chip.box.width * 36) : int(256 + 0.4 * chip.box.width * 36),
    ].reshape(-1, 3)
    ink = hex_rgb(theme.text_on(TOKEN_COLORS[4]))
    assert (np.abs(box - ink).max(axis=1) <= 10).mean() > 0.05  # a good share of text pixels
    assert pixel_at(frame, chip.box.get_corner([-1, 0, 0]) + [0.1, 0, 0]).tolist() == hex_rgb(TOKEN_COLORS[4]).tolist()


def test_negative_index_is_refused():
    with pytest.raises(ValueError, match=">= 0"):
        TokenChip("x", -1)
