"""The flagship ``step`` scene on real recorded traces, rendered tiny."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from manim import UP, Text, tempconfig
from mobject_frame import FRAME_HEIGHT, hex_rgb

import rnnviz
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.text import format_value
from rnnviz.scenes.base import TraceScene
from rnnviz.scenes.lstm import GRUStepScene, RNNStepScene, StepScene

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


def recorded(arch: str, steps: int = 3, hidden: int = 6, inputs: int = 10, prediction: bool = True, seed: int = 0):
    """A real trace of a small seeded module, with tokens and (optionally) a prediction."""
    torch.manual_seed(seed)
    trace = rnnviz.record(MODULES[arch](inputs, hidden), torch.randn(steps, inputs))
    trace.attach(tokens=WORDS[:steps])
    if prediction:
        trace.attach(labels=["ask_time", "greeting", "set_alarm"], probs=np.array([0.7, 0.2, 0.1]))
    return trace


def run(tmp_path, scene_class=StepScene, *, frames: bool = False, trace=None, **options) -> TraceScene:
    """Construct and play a scene at a tiny size; without ``frames`` each animation jumps to its end
    (the scene's clock still advances by every run time)."""
    with tempconfig({**TINY, "media_dir": str(tmp_path)}):
        scene = scene_class(trace, **options)
        scene.renderer.skip_animations = scene.renderer._original_skipping_status = not frames
        scene.render()
    return scene


@pytest.fixture(scope="module")
def eight_words(tmp_path_factory):
    """An 8-word sentence through each cell, detail first (animations skipped to their ends)."""
    folder = tmp_path_factory.mktemp("media")
    return {arch: run(folder, trace=recorded(arch, steps=8, seed=1)) for arch in ("rnn", "lstm", "gru")}


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


def test_detail_all_explains_every_step(tmp_path):
    scene = run(tmp_path, trace=recorded("lstm"), detail="all")
    assert scene.full_steps == [0, 1, 2]
    assert scene.condensed_steps == []
    assert np.array_equal(scene.state["c"].values, scene.trace.get("c")[-1])


def test_rendered_frames_show_the_last_state_in_its_value_colours(tmp_path):
    trace = recorded("gru")
    scene = run(tmp_path, frames=True, trace=trace, units=4, theme="dark")
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
    """``scene_class`` noting, after every animation, the texts on screen in :attr:`seen`."""

    class Watched(scene_class):
        def setup(self) -> None:
            super().setup()
            self.seen: set[str] = set()

        def play(self, *animations, **kwargs) -> None:
            super().play(*animations, **kwargs)
            self.seen |= texts_on_screen(self)

    return Watched


# Latin words a Chinese frame may show: names of architectures and functions, and the tokens.
LATIN_IN_ZH = {"RNN", "LSTM", "GRU", "PyTorch", "tanh", "ReLU", *WORDS}


@pytest.mark.parametrize("arch", ["lstm", "gru"])
def test_chinese_frames_show_the_term_tables_words_only(tmp_path, arch):
    zh = run(tmp_path, watched(GRUStepScene), trace=recorded(arch), lang="zh")
    assert zh.arch == arch  # the GRU demo class still draws an LSTM trace as an LSTM
    titles = {"lstm": ["forget_gate", "input_and_candidate", "cell_state", "output_gate"],
              "gru": ["reset_gate", "candidate_hidden", "update_keeps_old", "update_takes_new", "pytorch_z"]}[arch]
    for key in [*titles, "concatenate", "to_next_step", "prediction", "classifier"]:
        assert term(key, "zh") in zh.seen, key
    assert any(term("time_step", "zh") in text for text in zh.seen)
    assert "问时间" in zh.seen  # the intent names too
    english = {word for text in zh.seen for word in re.findall(r"[A-Za-z]{2,}", text)} - LATIN_IN_ZH
    assert not english
    assert term("prediction", "en") in texts_on_screen(run(tmp_path, trace=recorded(arch, steps=1)))


def test_without_text_or_prediction_chips_are_placeholders_and_no_bars(tmp_path):
    trace = recorded("rnn", prediction=False)
    trace.tokens = None
    scene = run(tmp_path, RNNStepScene, trace=trace)
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
