"""The flagship ``step`` scene on real recorded traces, rendered tiny."""

from __future__ import annotations

import re

import numpy as np
import pytest
from manim import UP, MathTex, Text, config
from mobject_frame import FRAME_HEIGHT, hex_rgb
from scene_support import WORDS, maths_on_screen, media, recorded, texts_on_screen, tiny_config  # noqa: F401  (media: a fixture)
from scene_support import run as run_scene

from rnnviz.core.terms import TERMS, step_term
from rnnviz.mobjects.cells import ProjectedLSTMCell
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.phases import COLUMN_NAMES, KINDS, phases_for, sequence
from rnnviz.mobjects.symbols import TEX, symbols_for, tex_lines
from rnnviz.mobjects.text import ValueText, format_value
from rnnviz.scenes.base import TraceScene
from rnnviz.scenes.lstm import GRUStepScene, RNNStepScene, StepScene, UndrawnPredictionWarning
from rnnviz.scenes.lstm_chapter import ForgetGateScene
from rnnviz.scenes.phased import PhaseScene

PX_PER_UNIT_720P = 720 / FRAME_HEIGHT


def run(media, scene_class=StepScene, **options) -> TraceScene:
    """:func:`scene_support.run`, of the step scene unless told otherwise."""
    return run_scene(media, scene_class, **options)


# Heights at 720p of the digits of a font size: a subscript 1 in LaTeX (h_{t-1}) is 15.6 px at
# size 36, a 1 on the line (1 - z_t) 22.3 px; a digit of the figures' font is 0.95 px per point.
MATH_SUBSCRIPT_DIGIT_PX, MATH_DIGIT_PX, TEXT_DIGIT_PX = 15.6 / 36, 22.3 / 36, 0.95


def shown(m) -> bool:
    """Whether any part of ``m`` is drawn (a formula's or a text's own group has no fill)."""
    return any(part.get_fill_opacity() > 0 for part in m.family_members_with_points())


def smallest_digits(scene) -> tuple[float, str]:
    """The height at 720p of the smallest digits on screen (of formulas, labels and printed values),
    and their text."""
    heights = [(np.inf, "")]
    for m in scene.get_mobject_family_members():
        if not isinstance(m, (MathTex, Text, ValueText)) or not shown(m):
            continue
        if isinstance(m, MathTex) and re.search(r"[_^]\{[^{}]*\d", m.tex_string):
            heights.append((m.font_size * MATH_SUBSCRIPT_DIGIT_PX, m.tex_string))
        elif isinstance(m, MathTex) and re.search(r"\d", m.tex_string):
            heights.append((m.font_size * MATH_DIGIT_PX, m.tex_string))
        elif isinstance(m, Text) and re.search(r"\d", m.original_text):
            heights.append((m.font_size * TEXT_DIGIT_PX, m.original_text))
        elif isinstance(m, ValueText):
            heights.append((m.height * PX_PER_UNIT_720P, m.text))
    return min(heights)


def columns(board) -> list[tuple[str, np.ndarray]]:
    """A panel's columns as (LaTeX name, values)."""
    return [(label.tex_string, strip.values) for label, strip in zip(board.labels, board.strips)]


def watched(scene_class: type[StepScene]) -> type[StepScene]:
    """``scene_class`` noting after every animation the texts on screen (:attr:`seen`), the panel's
    columns with the time step shown (:attr:`snapshots`), each panel shown (:attr:`boards`) and the
    farthest any mobject reached (:attr:`reach`: left, right, bottom, top)."""

    class Watched(scene_class):
        def setup(self) -> None:
            super().setup()
            self.seen: set[str] = set()
            self.snapshots: list[tuple[int | None, list[tuple[str, np.ndarray]]]] = []
            self.boards: list = []
            self.reach = np.zeros(4)
            self.digit_px = (np.inf, "")

        def play(self, *animations, **kwargs) -> None:
            super().play(*animations, **kwargs)
            self.seen |= texts_on_screen(self)
            self.digit_px = min(self.digit_px, smallest_digits(self))
            if self.board is not None and self.board in self.mobjects:
                self.snapshots.append((self.step, columns(self.board)))
                if all(self.board is not b for b in self.boards):
                    self.boards.append(self.board)
            for m in self.mobjects:
                if m.get_family() != [m] or m.has_points():  # not an empty group
                    left, right, bottom, top = m.get_left()[0], m.get_right()[0], m.get_bottom()[1], m.get_top()[1]
                    self.reach = np.array([min(self.reach[0], left), max(self.reach[1], right),
                                           min(self.reach[2], bottom), max(self.reach[3], top)])

    return Watched


def shown_rows(scene, t: int) -> dict[str, np.ndarray]:
    """What a column of each name shows at time step ``t``: every array of the Trace and every
    product of rnnviz.core.terms, under its name in the symbol table (the entering state's index
    t-1, or t+1 for the backward direction; or the phase table's shorter column name); and
    x_{t-1}, the x of the step processed before."""
    trace, layer, direction, p = scene.trace, scene.layer, scene.direction, scene.previous
    rows = {}
    for name in TEX:
        shown = COLUMN_NAMES.get(name, tex_lines(name)).replace("t-1", p)
        if name in TERMS[trace.arch]:
            rows[shown] = step_term(trace, name, layer, direction)[t]
        elif name in trace.names:
            rows[shown] = trace.get(name, layer, direction)[t]
    before = t + (1 if scene.backward else -1)  # the step processed before t
    if 0 <= before < trace.steps:
        rows[f"x_{{{p}}}"] = trace.get("x", layer, direction)[before]
    return rows


def assert_every_label_names_what_its_column_shows(scene) -> None:
    assert scene.snapshots
    for t, shown in scene.snapshots:
        rows = shown_rows(scene, t)
        for name, values in shown:
            assert name in rows, f"step {t + 1}: a column named {name!r}"
            assert np.array_equal(values, rows[name]), f"step {t + 1}: the column named {name!r} shows other values"


@pytest.fixture(scope="module")
def sentences(media):
    """A sentence through each cell, default detail (animations skipped to their ends): 8 words
    through the GRU, which explains the most phases, 4 through the LSTM and the RNN."""
    steps = {"rnn": 4, "lstm": 4, "gru": 8}
    return {arch: run(media, watched(StepScene), trace=recorded(arch, steps=n, seed=1, hidden=4, inputs=5))
            for arch, n in steps.items()}


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_the_second_step_is_explained_after_a_condensed_first_and_the_state_is_carried_to_the_end(arch, sentences):
    scene = sentences[arch]
    trace = scene.trace
    assert scene.arch == arch and type(scene.cell).__name__.lower() == f"{arch}cell"
    # the state starts at zero, so step 1 shows no gate at work: step 2 is explained in full
    assert scene.full_steps == [1]
    assert scene.condensed_steps == [0, *range(2, trace.steps)]
    assert term("initial_state_zero", "en") in scene.seen
    # the state drawn last is exactly the trace's state at the last step
    assert np.array_equal(scene.state["h"].values, trace.get("h")[-1])
    assert scene.state["h"].texts() == [format_value(v) for v in trace.get("h")[-1]]
    if arch == "lstm":
        assert np.array_equal(scene.state["c"].values, trace.get("c")[-1])
    assert [chip.text for chip in scene.sentence.chips] == WORDS[: trace.steps]


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_digits_are_at_least_14_px_tall_at_720p_everywhere(arch, sentences):
    """Formulas, the diagram's labels, the columns' names, printed values, counters and notes."""
    assert sentences[arch].digit_px[0] >= 14, sentences[arch].digit_px


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_every_column_is_named_after_the_trace_row_it_shows_at_every_moment(arch, sentences):
    """After every animation, each column's name (h_t, h_{t-1}, f_t ⊙ c_{t-1}, ...) matches the
    values it shows at the time step on the counter: in condensed steps too."""
    assert_every_label_names_what_its_column_shows(sentences[arch])


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_the_explained_step_plays_the_phase_tables_step_sequence_with_the_gate_scenes_runner(arch, sentences):
    scene = sentences[arch]
    assert [(phase, step) for phase, step, _ in scene.played] == [(p, scene.full_steps[0]) for p in sequence(arch, "step")]
    table = phases_for(arch)
    assert all(phase is table[phase.name] for phase, _, _ in scene.played)  # the table's own phases
    # every kind of phase is played by the runner the single-gate scenes use, not by code of its own
    assert isinstance(scene, PhaseScene)
    for kind in KINDS:
        assert getattr(StepScene, f"play_{kind}") is getattr(PhaseScene, f"play_{kind}")


def formulas_seen(scene_class: type[PhaseScene]) -> type[PhaseScene]:
    """``scene_class`` noting the TeX of every formula on screen after every animation (:attr:`maths`)."""

    class Seen(scene_class):
        def play(self, *animations, **kwargs) -> None:
            super().play(*animations, **kwargs)
            self.maths = getattr(self, "maths", set()) | set(maths_on_screen(self))

    return Seen


def test_a_change_to_a_phase_shows_in_the_gate_scene_and_in_step_alike(media, monkeypatch):
    """The forget phase's formula, changed in the one table, is what both scenes put on screen."""
    changed = r"f_t = \sigma(\mathrm{changed})"
    monkeypatch.setitem(symbols_for("lstm").step_formulas, "forget", changed)
    trace = recorded("lstm", steps=2, hidden=3, inputs=3)
    for scene_class in (StepScene, ForgetGateScene):
        scene = run(media, formulas_seen(scene_class), trace=trace)
        assert "forget" in [phase.name for phase, _, _ in scene.played]
        assert changed in scene.maths, scene_class.__name__


def test_the_explained_lstm_forget_gate_scales_a_non_zero_cell_state(sentences):
    scene = sentences["lstm"]
    forget = next(cols for t, cols in scene.snapshots if [name for name, _ in cols][:2] == [tex_lines("f"), tex_lines("c_prev")])
    assert np.abs(forget[1][1]).min() > 0  # c_{t-1} of step 2: gating is seen at work


def test_the_gru_candidate_shows_the_sum_that_goes_into_tanh(sentences):
    scene = sentences["gru"]
    names = [[name for name, _ in cols] for _, cols in scene.snapshots]
    the_sum = [tex_lines("in"), COLUMN_NAMES["r*hn"], tex_lines("pre_n")]
    through_tanh = [tex_lines("pre_n"), tex_lines("n")]
    assert the_sum in names and through_tanh in names
    assert names.index(through_tanh) > names.index(the_sum)
    t = scene.full_steps[0]
    trace = scene.trace
    np.testing.assert_allclose(trace.get("in")[t] + step_term(trace, "r*hn")[t], trace.get("pre_n")[t], atol=1e-6)


def test_eight_words_with_the_default_detail_stay_under_75_seconds(sentences):
    """The GRU explains the most phases; its eight words bound the other cells' too."""
    assert sentences["gru"].trace.steps == 8 and 30.0 < sentences["gru"].time < 75.0
    assert sentences["rnn"].time < sentences["lstm"].time


def test_the_prediction_ends_the_scene_as_bars_most_likely_first(sentences):
    scene = sentences["lstm"]
    assert scene.bars is not None and scene.bars.order == ["ask_time", "greeting", "set_alarm"]
    assert term("prediction", "en") in scene.seen
    assert scene.readout.tex_string == "h_T"  # a one-layer classifier reads h_T, labelled so
    assert scene.caption.submobjects == []  # one layer, one direction: the counter says it all


def test_detail_all_and_explain_step_choose_the_steps_explained_in_full(media):
    scene = run(media, trace=recorded("rnn", steps=2), detail="all")  # a later step too, not only the first
    assert scene.full_steps == [0, 1] and scene.condensed_steps == []
    assert np.array_equal(scene.state["h"].values, scene.trace.get("h")[-1])
    scene = run(media, trace=recorded("rnn", steps=3), explain_step=3)
    assert scene.full_steps == [2] and scene.condensed_steps == [0, 1]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"explain_step": 4}, "--explain-step 4 is out of range: the trace has 3 time steps"),
        ({"explain_step": 0}, "--explain-step 0 is out of range"),
        ({"explain_step": 2, "detail": "all"}, "--detail all explains every step"),
        ({"layer": 2}, "--layer 2 is not in the trace: it has 1 layer"),
        ({"direction": "backward"}, "--direction backward needs a bidirectional network"),
        ({"direction": "up"}, "--direction must be forward or backward"),
    ],
)
def test_options_the_trace_cannot_honour_are_refused_in_one_line(options, message):
    with pytest.raises(ValueError, match=re.escape(message)) as error:
        StepScene(recorded("rnn"), **options)
    assert "\n" not in str(error.value)


def test_the_chips_of_a_20_token_sentence_stay_24_px_tall_at_720p(media):
    with tiny_config(media):
        scene = StepScene(recorded("rnn", steps=20, hidden=2, inputs=2, words=[*WORDS, "please", "and", "thanks"]))
        scene.prepare()
    row = scene.sentence
    for t in range(20):
        row.focus(t)
        chips = [chip for chip in row.chips if chip.look != "hidden"]
        assert row.chip(t) in chips
        assert min(chip.label.height for chip in chips) * PX_PER_UNIT_720P >= 24
        assert max(chip.get_right()[0] for chip in chips) < 0.75  # left of the panel of vectors
        assert -config.frame_width / 2 < min(chip.get_left()[0] for chip in chips)
    assert row.note is not None  # 20 tokens: the note on repeated colours


def test_rendered_frames_show_the_state_in_its_value_colours_and_loop_back_to_the_first(media):
    class Frames(RNNStepScene):
        def setup(self) -> None:
            super().setup()
            self.frames = []

        def mark_opening(self) -> None:
            super().mark_opening()
            self.renderer.update_frame(self)  # the opening frame, as the clip's first frame shows it
            self.frames.append(self.renderer.get_frame()[:, :, :3].copy())

        def close_loop(self) -> None:
            self.frames.append(self.renderer.get_frame()[:, :, :3].copy())  # the prediction
            super().close_loop()
            self.frames.append(self.renderer.get_frame()[:, :, :3].copy())  # after the fade

    trace = recorded("rnn", steps=2)
    scene = run(media, Frames, frames=True, trace=trace, units=4, theme="dark")
    first, prediction, last = scene.frames
    assert np.abs(last.astype(int) - first.astype(int)).mean() < 1.0  # the GIF loops without a hard cut
    h = scene.state["h"]
    assert h.units == 4 and h.ellipsis is not None and h.count_note.original_text == "4 of 6 units"
    width = FRAME_HEIGHT * prediction.shape[1] / prediction.shape[0]
    for k, value in enumerate(trace.get("h")[-1][:4]):
        cell = h.cell(k)
        point = cell.get_center() + 0.35 * cell.width * UP  # above the printed number
        col = int((point[0] / width + 0.5) * prediction.shape[1])
        row = int((0.5 - point[1] / FRAME_HEIGHT) * prediction.shape[0])
        assert np.abs(prediction[row, col].astype(int) - hex_rgb(h.color_of(value))).max() <= 12


# Latin words a Chinese frame may show: names of architectures and functions, and the tokens.
LATIN_IN_ZH = {"RNN", "LSTM", "GRU", "PyTorch", "tanh", "ReLU", *WORDS}


def english_words(texts: set[str]) -> set[str]:
    """Latin words in ``texts`` that a Chinese frame should not show (a symbol's subscript, the
    hr of W_hr, is no word)."""
    return {word for text in texts for word in re.findall(r"(?<![A-Za-z_])[A-Za-z]{2,}", text)} - LATIN_IN_ZH


def test_without_text_or_prediction_chips_are_placeholders_and_no_bars(media):
    trace = recorded("rnn", steps=2, prediction=False)
    trace.tokens = None
    scene = run(media, RNNStepScene, trace=trace)
    assert [chip.text for chip in scene.sentence.chips] == ["x1", "x2"]
    assert scene.bars is None and scene.note is None
    assert np.array_equal(scene.state["h"].values, trace.get("h")[-1])
    assert RNNStepScene.default_arch == "rnn" and GRUStepScene.default_arch == "gru"


def test_bad_options_are_clear_errors():
    trace = recorded("rnn")
    with pytest.raises(ValueError, match="language"):
        StepScene(trace, lang="fr")
    with pytest.raises(ValueError, match="detail"):
        StepScene(trace, detail="some")
    with pytest.raises(ValueError, match="units"):
        StepScene(trace, units=0)
    with pytest.raises(ValueError, match="theme"):
        StepScene(trace, theme="blue")
    with pytest.raises(TypeError, match="Trace"):
        StepScene(trace={"arch": "rnn"})


def test_layer_2_backward_of_a_stacked_bidirectional_gru_is_drawn_and_says_what_the_classifier_reads(media):
    trace = recorded("gru", steps=2, num_layers=2, bidirectional=True)  # with a prediction attached
    with pytest.warns(UndrawnPredictionWarning, match="layer 2, backward, of a 2-layer bidirectional GRU"):
        scene = run(media, watched(StepScene), trace=trace, lang="zh", layer=2, direction="backward")
    assert "GRU · 多层：第 2 / 2 层 · 双向：反向" in scene.seen
    # the backward direction reads the sentence from its end; its entering state is h_{t+1}
    assert scene.order == [1, 0] and scene.previous == "t+1" and scene.full_steps == [0]
    assert scene.cell.labels["h_prev"].tex_string == "h_{t+1}"
    assert_every_label_names_what_its_column_shows(scene)  # every value is layer 2's, backward
    assert np.array_equal(scene.state["h"].values, trace.get("h", layer=1, direction=1)[0])
    assert scene.bars is None and scene.readout is None
    assert scene.note.original_text == term("classifier_reads_both", "zh", n=2)
    titles = ["reset_gate", "candidate_hidden", "update_keeps_old", "update_takes_new", "pytorch_z", "new_hidden_state"]
    assert {term(key, "zh") for key in titles} <= scene.seen
    assert term("input_from_layer_both", "zh", n=2, below=1) in scene.seen
    assert not english_words(scene.seen)


def test_the_top_layer_of_a_stacked_network_is_what_the_classifier_reads(media):
    trace = recorded("rnn", steps=2, num_layers=2)
    top = run(media, trace=trace, layer=2)
    assert top.readout.tex_string == "h_T" and top.bars is not None and top.note is None
    assert np.array_equal(top.state["h"].values, trace.get("h", layer=1)[-1])
    with tiny_config(media):
        bottom = StepScene(trace)
        bottom.prepare()
    assert not bottom.reads_drawn_state()
    assert bottom.prediction_note() == term("classifier_reads_layer", "en", n=2, drawn=1)


@pytest.mark.parametrize(
    ("options", "lang", "caption"),
    [
        ({"num_layers": 2, "bidirectional": True}, "zh", "LSTM · 多层：第 1 / 2 层 · 双向：正向"),
        ({"num_layers": 3}, "en", "LSTM · layer 1 of 3"),
        ({"bidirectional": True}, "en", "LSTM · forward"),
    ],
)
def test_the_caption_names_the_drawn_part_of_larger_networks_above_the_step_counter(media, options, lang, caption):
    with tiny_config(media):
        scene = StepScene(recorded("lstm", **options), lang=lang)
        scene.prepare()
        counter = scene.counter_for(2)
        title = scene.make_header(term("update_takes_new", lang), part="update", gate=(np.full(6, 0.56), "update"))
    assert scene.caption[0].original_text == caption
    assert title.get_right()[0] < scene.caption.get_left()[0]  # a long title stops short of it
    assert counter.original_text == f"{term('time_step', lang)} 3 / 3"
    assert counter.get_top()[1] < scene.caption.get_bottom()[1]
    assert scene.panel.top <= counter.get_bottom()[1] + 1e-9  # the columns' names fit under the counter


def test_a_projected_lstm_in_chinese_shows_the_product_then_its_projection_never_the_product_as_h_t(media):
    trace = recorded("lstm", steps=2, hidden=6, proj_size=3)
    scene = run(media, watched(GRUStepScene), trace=trace, lang="zh")
    assert scene.arch == "lstm"  # the GRU demo class still draws an LSTM trace as an LSTM
    assert isinstance(scene.cell, ProjectedLSTMCell)
    t = scene.full_steps[0]
    assert [phase for phase, _, _ in scene.played] == sequence("lstm", "step", projected=True)  # ... "output", "project"
    h_full, h = trace.get("h_full")[t], trace.get("h")[t]
    shown = [columns(board) for board in scene.boards]
    output = next(cols for cols in shown if cols[0][0] == tex_lines("o"))
    assert [name for name, _ in output] == [tex_lines(name) for name in ("o", "tanh_c", "h_full")]
    assert np.array_equal(output[2][1], h_full)
    projection = shown[shown.index(output) + 1]
    assert [name for name, _ in projection] == [tex_lines("h_full"), tex_lines("h")]
    assert np.array_equal(projection[0][1], h_full) and np.array_equal(projection[1][1], h)
    assert_every_label_names_what_its_column_shows(scene)
    assert scene.state["h"].size == 3 and scene.state["c"].size == 6
    # every word on a Chinese frame is the term table's
    titles = ["concatenate", "forget_gate", "input_and_candidate", "cell_state", "output_gate", "projection",
              "to_next_step", "prediction", "classifier", "initial_state_zero"]
    for key in titles:
        assert term(key, "zh") in scene.seen, key
    assert "LSTM · 时间步 2 / 2" in scene.seen
    assert "问时间" in scene.seen  # the intent names too
    assert not english_words(scene.seen)


def test_sixteen_units_stay_inside_the_frame_and_say_how_many_are_drawn(media):
    trace = recorded("lstm", steps=1, hidden=16, inputs=16)
    scene = run(media, watched(StepScene), trace=trace, units=5)
    left, right, bottom, top = scene.reach
    assert -config.frame_width / 2 <= left and right <= config.frame_width / 2
    assert -config.frame_height / 2 <= bottom and top <= config.frame_height / 2
    for strip in (strip for board in scene.boards for strip in board.strips):
        assert strip.units == 5 and strip.ellipsis is not None
        assert strip.count_note.original_text == "5 of 16 units"  # x_t too: nothing hidden silently
        assert min(number.height for number in strip.numbers) * PX_PER_UNIT_720P >= 14
    assert scene.bars is not None  # the prediction view too
    with tiny_config(media):  # twelve units: the tallest columns, no numbers (too many to read)
        twelve = StepScene(trace, units=12)
        twelve.prepare()
        board = twelve.make_board(twelve.state_vectors(0, previous=False), [None, None])
    assert -config.frame_height / 2 <= board.get_bottom()[1] and board.get_top()[1] <= config.frame_height / 2
    assert all(strip.units == 12 and not strip.texts() for strip in board.strips)


def test_few_units_grow_to_use_the_room(media):
    with tiny_config(media):
        four, eight = (StepScene(recorded("lstm", hidden=8, inputs=8), units=units) for units in (4, 8))
        four.prepare()
        eight.prepare()
    assert four.cell_size > eight.cell_size and four.cell_size > four.theme.sizes.cell
