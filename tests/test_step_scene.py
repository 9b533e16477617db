"""The flagship ``step`` scene on real recorded traces, rendered tiny."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
import torch
from manim import UP, Text, config, tempconfig
from mobject_frame import FRAME_HEIGHT, hex_rgb

import rnnviz
from rnnviz.mobjects.cells import ProjectedLSTMCell
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.text import format_value
from rnnviz.rendering.session import shared_manim_files
from rnnviz.scenes.base import TraceScene
from rnnviz.scenes.lstm import GRUStepScene, RNNStepScene, StepScene, UndrawnPredictionWarning

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
WORDS = ["what", "time", "is", "it", "right", "now", "my", "friend"]
TINY = {
    "pixel_width": 192,
    "pixel_height": 108,
    "frame_rate": 4,
    "write_to_movie": False,
    "disable_caching": True,
    "progress_bar": "none",
    "verbosity": "ERROR",
}


def recorded(arch: str, steps: int = 3, hidden: int = 6, inputs: int = 10, prediction: bool = True, seed: int = 0,
             **module_options):
    """A real trace of a small seeded module (``module_options`` such as ``num_layers`` go to
    its constructor), with tokens and (optionally) a prediction."""
    torch.manual_seed(seed)
    trace = rnnviz.record(MODULES[arch](inputs, hidden, **module_options), torch.randn(steps, inputs))
    trace.attach(tokens=WORDS[:steps])
    if prediction:
        trace.attach(labels=["ask_time", "greeting", "set_alarm"], probs=np.array([0.7, 0.2, 0.1]))
    return trace


@pytest.fixture(scope="module")
def media(tmp_path_factory, svg_cache):
    """One media folder for the module; manim's LaTeX and text SVGs come from the session's shared
    ones (:func:`tiny_config`), as in a render, and compiling them again for every test would
    triple the module's run time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(svg_cache))
        yield tmp_path_factory.mktemp("media")


@contextmanager
def tiny_config(media) -> Iterator[None]:
    """:data:`TINY` for the ``with`` block, with the LaTeX and text SVGs the renders share."""
    with shared_manim_files() as svgs, tempconfig(
        {**TINY, "media_dir": str(media), "tex_dir": str(svgs / "Tex"), "text_dir": str(svgs / "texts")}
    ):
        yield


def run(media, scene_class=StepScene, *, frames: bool = False, trace=None, **options) -> TraceScene:
    """Construct and play a scene at a tiny size; without ``frames`` each animation jumps to its end
    (the scene's clock still advances by every run time)."""
    with tiny_config(media):
        scene = scene_class(trace, **options)
        scene.renderer.skip_animations = scene.renderer._original_skipping_status = not frames
        scene.render()
    return scene


@pytest.fixture(scope="module")
def eight_words(media):
    """An 8-word sentence through each cell, detail first (animations skipped to their ends)."""
    return {arch: run(media, trace=recorded(arch, steps=8, seed=1)) for arch in ("rnn", "lstm", "gru")}


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_first_step_in_full_later_ones_condensed_state_carried_to_the_end(arch, eight_words):
    scene = eight_words[arch]
    trace = scene.trace
    assert scene.arch == arch and type(scene.cell).__name__.lower() == f"{arch}cell"
    assert scene.full_steps == [0]
    assert scene.condensed_steps == list(range(1, 8))
    # the state drawn last is exactly the trace's state at the last step
    assert np.array_equal(scene.state["h"].values, trace.get("h")[-1])
    assert scene.state["h"].texts() == [format_value(v) for v in trace.get("h")[-1][:6]]
    if arch == "lstm":
        assert np.array_equal(scene.state["c"].values, trace.get("c")[-1])
    assert [chip.text for chip in scene.chips] == WORDS


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_eight_words_with_detail_first_stay_under_a_minute(arch, eight_words):
    assert 20.0 < eight_words[arch].time < 60.0


def test_the_prediction_ends_the_scene_as_bars_most_likely_first(eight_words):
    scene = eight_words["lstm"]
    assert scene.bars is not None and scene.bars in scene.mobjects
    assert scene.bars.order == ["ask_time", "greeting", "set_alarm"]
    assert scene.state["h"] in scene.mobjects  # h_T stays on screen, beside the classifier


def test_detail_all_explains_every_step(media):
    scene = run(media, trace=recorded("lstm", steps=2), detail="all")  # a later step too, not only the first
    assert scene.full_steps == [0, 1]
    assert scene.condensed_steps == []
    assert np.array_equal(scene.state["c"].values, scene.trace.get("c")[-1])


def test_rendered_frames_show_the_last_state_in_its_value_colours(media):
    trace = recorded("gru")
    scene = run(media, frames=True, trace=trace, units=4, theme="dark")
    h = scene.state["h"]
    assert h.units == 4 and h.ellipsis is not None  # 6 units, 4 drawn
    frame = scene.renderer.get_frame()[:, :, :3]
    width = FRAME_HEIGHT * frame.shape[1] / frame.shape[0]
    for k, value in enumerate(trace.get("h")[-1][:4]):
        cell = h.cell(k)
        point = cell.get_center() + 0.35 * cell.width * UP  # above the printed number
        col = int((point[0] / width + 0.5) * frame.shape[1])
        row = int((0.5 - point[1] / FRAME_HEIGHT) * frame.shape[0])
        assert np.abs(frame[row, col].astype(int) - hex_rgb(h.color_of(value))).max() <= 12


def texts_on_screen(scene) -> set[str]:
    return {m.original_text for m in scene.get_mobject_family_members() if isinstance(m, Text)}


def watched(scene_class: type[StepScene]) -> type[StepScene]:
    """``scene_class`` noting after every animation the texts on screen (:attr:`seen`), each
    panel of vectors shown (:attr:`boards`) and the farthest any mobject reached (:attr:`reach`:
    left, right, bottom, top)."""

    class Watched(scene_class):
        def setup(self) -> None:
            super().setup()
            self.seen: set[str] = set()
            self.boards: list = []
            self.reach = np.zeros(4)

        def play(self, *animations, **kwargs) -> None:
            super().play(*animations, **kwargs)
            self.seen |= texts_on_screen(self)
            if self.board is not None and all(self.board is not b for b in self.boards):
                self.boards.append(self.board)
            for m in self.mobjects:
                if m.get_family() != [m] or m.has_points():  # not an empty group
                    left, right, bottom, top = m.get_left()[0], m.get_right()[0], m.get_bottom()[1], m.get_top()[1]
                    self.reach = np.array([min(self.reach[0], left), max(self.reach[1], right),
                                           min(self.reach[2], bottom), max(self.reach[3], top)])

    return Watched


def columns(board) -> list[tuple[str, np.ndarray]]:
    """A panel's columns as (LaTeX name, values)."""
    return [(label.tex_string, strip.values) for label, strip in zip(board.labels, board.strips)]


# Latin words a Chinese frame may show: names of architectures and functions, and the tokens.
LATIN_IN_ZH = {"RNN", "LSTM", "GRU", "PyTorch", "tanh", "ReLU", *WORDS}


def english_words(texts: set[str]) -> set[str]:
    """Latin words in ``texts`` that a Chinese frame should not show."""
    return {word for text in texts for word in re.findall(r"[A-Za-z]{2,}", text)} - LATIN_IN_ZH


def test_chinese_frames_show_the_term_tables_words_only(media, eight_words):
    zh = run(media, watched(GRUStepScene), trace=recorded("lstm", steps=2), lang="zh")
    assert zh.arch == "lstm"  # the GRU demo class still draws an LSTM trace as an LSTM
    titles = ["concatenate", "forget_gate", "input_and_candidate", "cell_state", "output_gate", "to_next_step"]
    for key in [*titles, "prediction", "classifier"]:
        assert term(key, "zh") in zh.seen, key
    assert "LSTM · 时间步 2 / 2" in zh.seen
    assert "问时间" in zh.seen  # the intent names too
    assert not english_words(zh.seen)
    assert term("prediction", "en") in texts_on_screen(eight_words["lstm"])


def test_without_text_or_prediction_chips_are_placeholders_and_no_bars(media):
    trace = recorded("rnn", prediction=False)
    trace.tokens = None
    scene = run(media, RNNStepScene, trace=trace)
    assert [chip.text for chip in scene.chips] == ["x1", "x2", "x3"]
    assert scene.bars is None
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


def test_a_stacked_bidirectional_trace_says_which_layer_and_direction_and_draws_no_classifier(media):
    trace = recorded("gru", steps=2, num_layers=2, bidirectional=True)  # with a prediction attached
    with pytest.warns(UndrawnPredictionWarning, match="layer 1, forward, of a 2-layer bidirectional GRU"):
        zh = run(media, watched(StepScene), trace=trace, lang="zh")
    assert "GRU · 多层：第 1 / 2 层 · 双向：正向" in zh.seen and "时间步 2 / 2" in zh.seen
    # every value drawn is layer 0's, forward direction's
    assert np.array_equal(zh.state["h"].values, trace.get("h", layer=0, direction=0)[-1])
    assert zh.bars is None and zh.readout is None and term("classifier", "zh") not in zh.seen
    titles = ["reset_gate", "candidate_hidden", "update_keeps_old", "update_takes_new", "pytorch_z", "new_hidden_state"]
    assert {term(key, "zh") for key in titles} <= zh.seen
    assert not english_words(zh.seen)


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
        title = scene.header_for(term("update_takes_new", lang), "update", gate=(np.full(6, 0.56), "update"))
    assert scene.caption[0].original_text == caption
    assert title.get_right()[0] < scene.caption.get_left()[0]  # a long title stops short of it
    assert counter.original_text == f"{term('time_step', lang)} 3 / 3"
    assert counter.get_top()[1] < scene.caption.get_bottom()[1]
    assert scene.panel_top < counter.get_bottom()[1]  # the columns' names fit under the counter


def test_a_one_layer_classifier_reads_h_T_which_is_labelled_so(eight_words):
    scene = eight_words["gru"]
    assert scene.readout.tex_string == "h_T" and scene.readout in scene.mobjects
    assert scene.caption.submobjects == []  # one layer, one direction: the counter says it all


def test_a_projected_lstm_shows_the_product_then_its_projection_never_the_product_as_h_t(media):
    trace = recorded("lstm", steps=1, hidden=6, proj_size=3)
    scene = run(media, watched(StepScene), trace=trace)
    assert isinstance(scene.cell, ProjectedLSTMCell)
    h_full, h = trace.get("h_full")[0], trace.get("h")[0]
    shown = [columns(board) for board in scene.boards]
    output = next(cols for cols in shown if cols[0][0] == "o_t")
    assert [name for name, _ in output] == ["o_t", r"\tanh(c_t)", r"o_t \odot \tanh(c_t)"]
    assert np.array_equal(output[2][1], h_full)
    projection = shown[shown.index(output) + 1]
    assert [name for name, _ in projection] == [r"o_t \odot \tanh(c_t)", "h_t"]
    assert np.array_equal(projection[0][1], h_full) and np.array_equal(projection[1][1], h)
    # wherever h_t is drawn it has proj_size units, the projected values
    for name, values in (col for cols in shown for col in cols):
        if name == "h_t":
            assert values.shape == (3,) and any(np.array_equal(values, row) for row in trace.get("h"))
    assert term("projection", "en") in scene.seen
    assert scene.state["h"].size == 3 and scene.state["c"].size == 6


@pytest.mark.parametrize("units", [5, 12])
def test_sixteen_units_stay_inside_the_frame_with_an_ellipsis(media, units):
    trace = recorded("lstm", steps=1, hidden=16, inputs=16)
    scene = run(media, watched(StepScene), trace=trace, units=units)
    left, right, bottom, top = scene.reach
    assert -config.frame_width / 2 <= left and right <= config.frame_width / 2
    assert -config.frame_height / 2 <= bottom and top <= config.frame_height / 2
    for strip in (strip for board in scene.boards for strip in board.strips):
        assert strip.units == units and strip.ellipsis is not None
        assert bool(strip.texts()) == (units <= 8)  # numbers only where they are readable
    assert scene.bars is not None  # the prediction view too
