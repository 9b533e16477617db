"""Header, step counter, named vectors and the classifier head."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Text

from rnnviz.mobjects.classifier import ClassifierHead, Classify
from rnnviz.mobjects.header import ChangeStep, Header, StepCounter, SwapHeader
from rnnviz.mobjects.named import NamedVector, Rename
from rnnviz.mobjects.theme import get_theme
from rnnviz.mobjects.token import TokenChip

THEME = get_theme("light")


def play(animation) -> None:
    """Run an animation from start to end without a scene."""
    animation.begin()
    for alpha in np.linspace(0.0, 1.0, 7):
        animation.interpolate(alpha)
    animation.finish()


def test_header_stacks_title_line_formula_and_note_left_aligned_from_its_top_left():
    tag = TokenChip("time", 1, THEME)
    header = Header("forget gate", THEME, part="forget", formula=r"f_t = \sigma(z_t)", note="a note", tag=tag,
                    gate=(np.array([0.2, 0.8]), "forget"))
    assert header.get_top()[1] == pytest.approx(0.0) and header.get_left()[0] == pytest.approx(0.0)
    assert header.line.get_bottom()[1] > header.formula.get_top()[1] > header.formula.get_bottom()[1] > header.note.get_top()[1]
    assert header.formula.get_left()[0] == pytest.approx(header.line.get_left()[0])
    assert tag.get_left()[0] > header.title.get_right()[0] and header.gate.value == pytest.approx(0.5)
    narrow = Header("a very long title indeed " * 3, THEME, width=3.0)
    assert narrow.width == pytest.approx(3.0)
    assert SwapHeader(header, narrow).run_time == THEME.timing.move


def test_step_counter_counts_from_one_and_changes_only_its_number():
    counter = StepCounter(0, 12, THEME, prefix="GRU")
    label = counter.label.copy()
    assert counter.text == "GRU · time step 1 / 12"
    play(ChangeStep(counter, 9))
    assert counter.text == "GRU · time step 10 / 12" and counter.step == 9
    assert np.allclose(counter.label.points, label.points) and counter.number.get_fill_opacity() == 1.0
    assert counter.number.get_left()[0] > counter.label.get_right()[0]
    with pytest.raises(ValueError, match="outside"):
        counter.set_step(12)
    with pytest.raises(ValueError, match="at least one step"):
        StepCounter(0, 0)


def test_rename_gives_the_same_strip_a_new_name_in_the_same_place():
    h = NamedVector([0.3, -0.7, 0.1], "h", "h_t", THEME, vertical=True).scale(0.5)
    strip, values, bottom = h.strip, h.values, h.label.get_bottom()[1]
    play(Rename(h, "h_{t-1}"))
    assert h.tex == "h_{t-1}" and h.strip is strip and np.array_equal(h.values, values)
    assert h.label.get_bottom()[1] == pytest.approx(bottom, abs=0.02)
    assert h.label.height == pytest.approx(NamedVector([0.1], "h", "h_{t-1}", THEME).label.height * 0.5, rel=0.05)
    with pytest.raises(ValueError, match="up, down"):
        NamedVector([0.1], "h", "h_t", THEME, side="over")


def test_classifier_head_reads_left_to_right_with_the_most_likely_intent_first():
    head = ClassifierHead(["greeting", "ask_time", "thanks"], [0.2, 0.7, 0.1], THEME, lang="zh").shift(2 * np.array([1, 0, 0]))
    assert np.allclose(head.input_point, [2, 0, 0])
    order = [head.arrow_in.get_center()[0], head.box.get_center()[0], head.arrow_out.get_center()[0],
             head.bars.bars.get_center()[0]]
    assert order == sorted(order)
    assert head.bars.names.get_left()[0] > head.arrow_out.get_right()[0]  # no name under the arrow
    assert head.bars.order == ["ask_time", "greeting", "thanks"]
    assert {m.original_text for m in head.get_family() if isinstance(m, Text)} >= {"分类器", "问时间", "70.0%"}
    assert Classify(head).run_time == pytest.approx(THEME.timing.fade + THEME.timing.bars)
