"""Token chips under columns keep their size: staggered where neighbours would touch, and the
least pitch at which they also stay clear of their neighbours' columns."""

from __future__ import annotations

import pytest

from rnnviz.mobjects.shares import TokenColumns
from rnnviz.mobjects.theme import get_theme

WORDS = "please wake me up at six thirty tomorrow morning for my meeting".split()


@pytest.mark.parametrize("count", [1, 4, 12])
def test_at_the_least_pitch_chips_keep_their_size_and_clear_the_neighbouring_columns(count):
    theme = get_theme("light")
    tokens = WORDS[:count]
    pitch = TokenColumns.least_pitch(tokens, theme)
    columns = [k * pitch for k in range(count)]
    chips = TokenColumns(tokens, columns, theme).chips
    assert all(chip.label.height >= theme.sizes.chip_text - 1e-6 for chip in chips)  # 24 px at 720p
    for k, chip in enumerate(chips):
        assert abs(chip.get_x() - columns[k]) < 1e-9
        for j in (k - 1, k + 1):  # a neighbour's wire passes the chip's side, not through it
            if 0 <= j < count:
                assert abs(columns[j] - chip.get_x()) >= chip.width / 2
        for other in chips[k + 1:]:  # no two chips overlap
            apart = other.get_left()[0] >= chip.get_right()[0] or other.get_top()[1] <= chip.get_bottom()[1]
            assert apart or chip.get_top()[1] <= other.get_bottom()[1]


def test_more_tokens_than_colours_get_a_note_in_the_chosen_language():
    theme = get_theme("light")
    words = WORDS + ["please", "now"]
    assert TokenColumns(WORDS, range(12), theme, lang="en").note is None
    note = TokenColumns(words, range(len(words)), theme, lang="zh").note
    assert note is not None and "12" in note.original_text
    assert TokenColumns(words, range(len(words)), theme).note is None  # no language, no note
