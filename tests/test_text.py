"""The tokenizer and the vocabulary."""

from __future__ import annotations

import pytest

from rnnviz.models.text import PAD, UNK, Token, Vocab, tokenize


def keys(text: str) -> list[str]:
    return [t.key for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What time is it?", ["what", "time", "is", "it", "?"]),
        ("what's the time, o'clock", ["what's", "the", "time", ",", "o'clock"]),
        ("wake me at 6:30pm!", ["wake", "me", "at", "6", ":", "30pm", "!"]),
        ("  spaced\tout \n words ", ["spaced", "out", "words"]),
        ("Ünïcode naïve CAFÉ", ["ünïcode", "naïve", "café"]),
        ("现在几点了", ["现", "在", "几", "点", "了"]),
        ("今日はいい天気", ["今", "日", "は", "い", "い", "天", "気"]),
        ("안녕 친구", ["안", "녕", "친", "구"]),
        ("Play 周杰伦 songs", ["play", "周", "杰", "伦", "songs"]),
        ("hello世界ok", ["hello", "世", "界", "ok"]),
    ],
)
def test_tokenize_words_punctuation_and_cjk_characters(text, expected):
    assert keys(text) == expected


def test_tokens_keep_their_display_form_and_normalise_their_key():
    assert tokenize("What’s up？") == [Token("what's", "What’s"), Token("up", "up"), Token("?", "？")]
    # Full-width and ASCII punctuation share one vocabulary entry.
    assert keys("几点了？") == keys("几点了?")


def test_decomposed_accents_stay_inside_their_word():
    assert keys("cafe\u0301 ok") == ["café", "ok"]


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_blank_text_has_no_tokens(text):
    assert tokenize(text) == []


def test_vocab_reserves_pad_and_unk_and_orders_by_frequency():
    vocab = Vocab.build([["time", "what"], ["time", "is"], ["b", "a"]])
    assert vocab.keys == [PAD, UNK, "time", "a", "b", "is", "what"]
    assert vocab.encode(["what", "time", "nope"]) == [6, 2, 1]
    assert len(vocab) == 7 and "time" in vocab and "nope" not in vocab


def test_vocab_min_count_drops_rare_keys():
    assert Vocab.build([["a", "b"], ["a"]], min_count=2).keys == [PAD, UNK, "a"]


def test_unknown_lists_each_unseen_key_once_in_order():
    vocab = Vocab([PAD, UNK, "hi"])
    assert vocab.unknown(["zz", "hi", "aa", "zz"]) == ["zz", "aa"]


@pytest.mark.parametrize("keys_", [["a", "b"], [PAD, UNK, "a", "a"]])
def test_vocab_rejects_bad_key_lists(keys_):
    with pytest.raises(ValueError):
        Vocab(keys_)


def test_a_long_line_is_laid_out_whole_at_a_thumbnail_output_size(tmp_path):
    """manim lays text out on a surface of the output's pixel size; a thumbnail's would clip it."""
    from manim import config, tempconfig

    from rnnviz.mobjects.text import make_text
    from rnnviz.mobjects.theme import get_theme

    line = "n 的两部分分开：重置门在乘法之后才作用于 h 部分"
    with tempconfig({"pixel_width": 128, "pixel_height": 72, "text_dir": str(tmp_path / "small")}):
        small = make_text(line, get_theme("light"), size=18)
        assert (config.pixel_width, config.pixel_height) == (128, 72)  # the output size is left alone
    with tempconfig({"pixel_width": 1920, "pixel_height": 1080, "text_dir": str(tmp_path / "large")}):
        large = make_text(line, get_theme("light"), size=18)
    assert len(small) == len(large) >= len(line.replace(" ", ""))
    assert small.width == pytest.approx(large.width)
