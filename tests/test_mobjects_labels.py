"""en/zh labels and the text factory."""

from __future__ import annotations

import pytest

from rnnviz.mobjects.labels import INTENTS, TERMS, intent_name, part_term, term
from rnnviz.mobjects.text import FONT, ValueText, format_percent, make_text
from rnnviz.mobjects.theme import get_theme


def test_the_notes_chinese_terms():
    expected = {
        "forget_gate": "遗忘门",
        "input_gate": "输入门",
        "output_gate": "输出门",
        "cell_state": "细胞状态",
        "hidden_state": "隐藏状态",
        "reset_gate": "重置门",
        "update_gate": "更新门",
        "time_step": "时间步",
        "bidirectional": "双向",
        "stacked": "多层",
        "forward": "正向",  # 3.6: 正向和反向
        "backward": "反向",
        "prev_hidden_state": "前一个隐藏状态",  # 6.2.1
        "to_next_step": "传递到下一个时间步",  # 6.2.4
        "concatenate": "拼接",
        "embedding": "词向量",
    }
    assert {key: term(key, "zh") for key in expected} == expected
    assert term("forget_gate") == "forget gate"
    assert part_term("candidate", "zh", arch="lstm") == "候选值"
    assert part_term("candidate", "zh", arch="gru") == "候选隐藏状态"


def test_every_term_exists_in_both_languages():
    for key, names in TERMS.items():
        assert set(names) == {"en", "zh"}, key
    assert term("step_t", "en", t=2) == "step 2"
    assert term("step_t", "zh", t=2) == "第 2 步"


def test_unknown_keys_and_languages_are_clear_errors():
    with pytest.raises(KeyError, match="unknown term 'forgot_gate'"):
        term("forgot_gate")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        term("forget_gate", "fr")
    with pytest.raises(ValueError, match="needs the field 't'"):
        term("step_t", "en")


def test_intent_names():
    assert len(INTENTS) == 7
    assert intent_name("ask_time", "zh") == "问时间"
    assert intent_name("book_restaurant", "en") == "book restaurant"
    assert intent_name("my_own_label", "zh") == "my_own_label"  # a user's model's classes


def test_text_factory_uses_the_cjk_font_and_theme_colours():
    theme = get_theme("dark")
    text = make_text("遗忘门 forget", theme)
    assert text.font == FONT
    assert text.get_fill_color().to_hex().upper() == theme.foreground.upper()
    glyphs = [m for m in text.submobjects if m.width > 0.01]  # spaces are empty placeholders
    assert len(glyphs) == len("遗忘门forget")  # every glyph drawn, none missing
    with pytest.raises(ValueError, match="non-empty"):
        make_text("  ", theme)


def test_value_text_swaps_in_place():
    number = ValueText("0.25", font_size=20).shift([1.0, 2.0, 0.0]).scale(2)
    height = number.height
    number.set_text("0.97")
    assert number.text == "0.97"
    assert number.get_center()[:2] == pytest.approx([1.0, 2.0], abs=1e-6)
    assert number.height == pytest.approx(height, rel=1e-3)
    assert format_percent(0.9623) == "96.2%"
