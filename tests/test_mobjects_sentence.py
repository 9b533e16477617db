"""SentenceRow: every sentence up to the token limit stays legible, each token in its colour."""

from __future__ import annotations

import pytest

from rnnviz.mobjects.labels import term
from rnnviz.mobjects.sentence import FocusToken, SentenceRow
from rnnviz.mobjects.theme import TOKEN_COLORS, get_theme

PX_PER_UNIT_720P = 720 / 8  # the frame is 8 units high
WORDS = ("could you please tell me what time it is right now because my phone died and i have a meeting soon "
         "so wake me up at seven tomorrow morning unless it is a public holiday in which case let me sleep").split()


def shown(row: SentenceRow) -> list:
    return [chip for chip in row.chips if chip.look != "hidden"]


@pytest.fixture(scope="module")
def rows() -> dict[int, SentenceRow]:
    """Rows of 4, 20 and 40 tokens (the render limit), as wide as the step scene's (chips cost 40 ms each)."""
    return {count: SentenceRow(WORDS[:count], width=7.3) for count in (4, 20, 40)}


@pytest.mark.parametrize("count", [4, 20, 40])
def test_chip_text_is_at_least_24_px_at_720p_at_every_step(rows, count):
    row = rows[count]
    for t in [*range(count), None]:
        row.focus(t)
        chips = shown(row)
        assert chips and all(chip.label.height * PX_PER_UNIT_720P >= 24 for chip in chips)
        # the token read is shown, inside the row, and no two chips overlap
        last = count - 1 if t is None else t
        assert row.chips[last] in chips and row.window == range(row.scrolled_out, last + 1)
        left, right = row.frame.get_left()[0], row.frame.get_right()[0]
        assert all(left - 1e-6 <= c.get_left()[0] and c.get_right()[0] <= right + 1e-6 for c in chips)
        assert all(a.get_right()[0] < b.get_left()[0] for a, b in zip(chips, chips[1:]))
        assert (row.ellipsis.get_fill_opacity() > 0) == (row.scrolled_out > 0)


def test_reading_dims_the_tokens_read_and_hides_those_to_come():
    row = SentenceRow(WORDS[:6], width=12).focus(3)
    assert [chip.look for chip in row.chips] == ["dim", "dim", "dim", "lit", "hidden", "hidden"]
    assert row.unread().window == range(0) and {chip.look for chip in row.chips} == {"hidden"}
    assert row.focus(None).window == range(6) and {chip.look for chip in row.chips} == {"lit"}
    theme = row.theme
    assert row.chips[0].box.get_fill_color().to_hex().upper() == TOKEN_COLORS[0]
    row.focus(1)
    assert row.chips[0].box.get_fill_color().to_hex().upper() == theme.dim(TOKEN_COLORS[0])


def test_a_sentence_that_fits_is_centred_and_never_moves(rows):
    row = rows[4]
    centre = row.frame.get_center()[0]
    places = [chip.get_x() for chip in row.focus(3).chips]
    assert row.scrolled_out == 0 and row.ellipsis.get_fill_opacity() == 0
    assert (places[0] + places[-1]) / 2 == pytest.approx(centre, abs=0.2)
    assert [chip.get_x() for chip in row.focus(0).chips] == pytest.approx(places)


def test_past_twelve_tokens_a_note_says_how_colours_repeat(rows):
    assert rows[4].note is None and SentenceRow(["现在", "几", "点", "了"], lang="zh").note is None
    row = rows[20].focus(15)
    assert row.note.original_text == term("colours_repeat", "en", n=12)
    assert row.note.get_top()[1] < min(chip.get_bottom()[1] for chip in shown(row))
    assert row.chips[12].chip_color == row.chips[0].chip_color
    assert SentenceRow(list("今天天气怎么样明天会下雨吗请告诉我"), lang="zh").note.original_text == "词的颜色每 12 个词重复一次"


def test_focus_token_animates_to_the_focused_state(rows):
    row = rows[20].focus(9)
    expected = row.copy().focus(10)
    animation = FocusToken(row, 10)
    animation.begin()
    animation.interpolate(1.0)
    animation.finish()
    assert row.current == 10 and row.window == expected.window
    assert [chip.look for chip in row.chips] == [chip.look for chip in expected.chips]
    assert [chip.get_x() for chip in row.chips] == pytest.approx([chip.get_x() for chip in expected.chips])
    assert animation.run_time == pytest.approx(row.theme.timing.move)


def test_bad_use_is_refused_clearly(rows):
    with pytest.raises(ValueError, match="non-empty"):
        SentenceRow([])
    with pytest.raises(ValueError, match="non-empty"):
        SentenceRow("what time")
    with pytest.raises(IndexError, match="4 tokens"):
        rows[4].focus(4)
    with pytest.raises(IndexError, match="out of range"):
        rows[4].focus(-1)
    with pytest.raises(ValueError, match="cannot show"):
        SentenceRow(["extraordinarily"], width=1.0)
    with pytest.raises(TypeError, match="SentenceRow"):
        FocusToken(get_theme("light"), 0)


def test_a_backward_reading_starts_at_the_end_and_scrolls_the_other_way():
    row = SentenceRow(WORDS[:20], width=7.3, backward=True)
    row.focus(2)
    assert row.window.stop == 20 - row.scrolled_out and row.window.start == 2 and row.scrolled_out > 0
    assert [row.chips[k].look for k in (0, 1, 2, 3, 19)] == ["hidden", "hidden", "lit", "dim", "hidden"]
    chips = shown(row)
    assert all(a.get_right()[0] < b.get_left()[0] for a, b in zip(chips, chips[1:]))  # sentence order
    assert row.ellipsis.get_left()[0] > chips[-1].get_right()[0]  # the scrolled-out end is on the right
