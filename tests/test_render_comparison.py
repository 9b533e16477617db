"""Scenes that read several traces: the registry says which, the pipeline makes them all from
one sentence (or takes them as a dict), keys the cache on all of them, and refuses what does not
fit in one line. Rendered tiny (160x90, 20 fps) with a test scene."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from render_support import SQUARE_SIDE, make_trace, square_center, value_rgb

import rnnviz
import rnnviz.models
from rnnviz.cli import main
from rnnviz.models.demo import DEMO_SENTENCES, LONG_SENTENCES, demo_weights_path
from rnnviz.rendering.options import InvalidOption
from rnnviz.rendering.pipeline import render, render_sentence
from rnnviz.scenes import SCENES, SceneEntry

SIZE, FPS = (160, 90), 20
PAIR = SceneEntry("pair", ("rnn", "gru"), "-", "-", "comparison_scenes:RowsScene", reads=("rnn", "gru"),
                  max_tokens=5, long_sentence=True)


@pytest.fixture(autouse=True)
def registry(monkeypatch, tmp_path):
    monkeypatch.setitem(SCENES, "pair", PAIR)
    monkeypatch.setitem(SCENES, "squares", SceneEntry("squares", ("rnn", "gru"), "-", "-", "render_scenes:SquaresScene"))
    monkeypatch.setitem(SCENES, "pair-influence", SceneEntry("pair-influence", ("rnn", "gru"), "-", "-",
                                                             "comparison_scenes:RowsScene", reads=("rnn", "gru"),
                                                             needs=("influence",)))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def tiny(traces, output, scene="pair", **options):
    return render(traces, scene=scene, output=output, size=SIZE, fps=FPS, progress=False, **options)


def rows_drawn(path, traces) -> bool:
    """Whether row k of the still shows the last h of the k-th trace, square by square."""
    frame = np.asarray(Image.open(path).convert("RGB")).astype(int)
    for row, trace in enumerate(traces):
        for unit, value in enumerate(trace.get("h")[-1]):
            x, y = square_center(unit, row, trace.hidden_size)
            col = round((x / (8.0 * SIZE[0] / SIZE[1]) + 0.5) * SIZE[0])
            pixel = frame[round((0.5 - y / 8.0) * SIZE[1]), col]
            if np.abs(pixel - value_rgb(value)).max() > 1:
                return False
    return True


def pair(seed: int = 0, steps: int = 3):
    return make_trace("rnn", steps=steps, seed=seed), make_trace("gru", steps=steps, seed=seed + 1)


def test_a_dict_of_traces_reaches_the_scene_by_arch_in_the_registrys_order(tmp_path):
    rnn, gru = pair()
    assert SQUARE_SIDE * 2 < 8  # two rows fit the frame
    path = tiny({"gru": gru, "rnn": rnn}, tmp_path / "a.png")
    assert rows_drawn(path, [rnn, gru]) and not rows_drawn(path, [gru, rnn])
    # A list of traces (each names its arch) and saved files are the same request: a cache hit.
    rnn.save(tmp_path / "rnn.json")
    gru.save(tmp_path / "gru.npz")
    listed = tiny([tmp_path / "gru.npz", tmp_path / "rnn.json"], tmp_path / "b.png", arch="gru")
    assert listed.read_bytes() == path.read_bytes()


def test_the_cache_key_covers_every_trace(tmp_path, monkeypatch):
    rnn, gru = pair()
    first = tiny({"rnn": rnn, "gru": gru}, tmp_path / "a.png")
    calls = []
    real = rnnviz.rendering.pipeline.render_frames
    monkeypatch.setattr("rnnviz.rendering.pipeline.render_frames", lambda *a, **k: calls.append(1) or real(*a, **k))
    tiny({"rnn": rnn, "gru": gru}, tmp_path / "b.png")
    assert calls == []  # the same traces: copied from the cache
    other_gru = make_trace("gru", steps=3, seed=7)
    second = tiny({"rnn": rnn, "gru": other_gru}, tmp_path / "c.png")
    assert calls == [1] and rows_drawn(second, [rnn, other_gru]) and second.read_bytes() != first.read_bytes()


@pytest.mark.parametrize(
    ("given", "scene", "message"),
    [
        (lambda rnn, gru: rnn, "pair", "the scene 'pair' reads the traces of rnn, gru; got rnn"),
        (lambda rnn, gru: {"rnn": rnn, "gru": gru}, "squares", "the scene 'squares' reads the trace of rnn; got rnn, gru"),
        (lambda rnn, gru: {"rnn": rnn, "gru": rnn}, "pair", "the trace given for gru records rnn"),
        (lambda rnn, gru: [rnn, rnn], "pair", "two traces of rnn; give one per architecture"),
        (lambda rnn, gru: {"rnn": rnn, "gru": make_trace("gru", steps=4)}, "pair", "the traces read different inputs"),
        (lambda rnn, gru: {"rnn": make_trace("rnn", steps=6), "gru": make_trace("gru", steps=6)}, "pair",
         "the scene 'pair' draws at most 5 tokens; the input has 6 steps: shorten it"),
        (lambda rnn, gru: {"rnn": rnn, "gru": gru}, "pair-influence",
         "the scene 'pair-influence' draws the trace's influence, which this rnn trace lacks"),
        (lambda rnn, gru: {"lstm": rnn}, "pair", "the scene 'pair' is not available for lstm"),
    ],
)
def test_traces_that_do_not_fit_the_scene_are_refused_before_rendering(tmp_path, given, scene, message):
    with pytest.raises(InvalidOption, match=message.replace("(", r"\(").replace(")", r"\)")):
        tiny(given(*pair()), tmp_path / "a.png", scene=scene)
    assert not (tmp_path / "a.png").exists()


@pytest.fixture
def sentences(monkeypatch):
    """The model replaced by synthetic traces; records which (arch, sentence, weights) ran."""
    calls = []

    def trace_sentence(arch, sentence, weights=None, max_tokens=32, variant="pytorch"):
        calls.append((arch, sentence, weights))
        return make_trace(arch, steps=3)

    monkeypatch.setattr(rnnviz.models, "trace_sentence", trace_sentence)
    return calls


def test_one_sentence_is_run_through_every_model_the_scene_reads(tmp_path, sentences):
    path = render_sentence("gru", "what time", scene="pair", output=tmp_path / "a.png", size=SIZE, progress=False)
    # without --weights, each arch's demo model
    assert sorted(sentences) == [("gru", "what time", demo_weights_path("gru")), ("rnn", "what time", demo_weights_path("rnn"))]
    assert rows_drawn(path, [make_trace("rnn", steps=3), make_trace("gru", steps=3)])
    sentences.clear()
    render_sentence("rnn", scene="pair", output=tmp_path / "b.png", size=SIZE, progress=False, lang="zh")
    render_sentence("rnn", scene="squares", output=tmp_path / "c.png", size=SIZE, progress=False)
    assert [s for _, s, _ in sentences] == [LONG_SENTENCES["zh"]] * 2 + [DEMO_SENTENCES["en"]]


def test_weights_name_one_model_per_arch_the_scene_reads(tmp_path, sentences):
    files = {arch: tmp_path / f"{arch}.pt" for arch in ("rnn", "gru", "lstm")}
    for file in files.values():
        file.write_bytes(b"weights")
    render_sentence("rnn", "hi", {"rnn": files["rnn"], "gru": files["gru"]}, scene="pair", output=tmp_path / "a.png",
                    size=SIZE, progress=False)
    assert sorted(sentences) == [("gru", "hi", files["gru"]), ("rnn", "hi", files["rnn"])]
    refused = {
        "the scene 'pair' compares rnn, gru on one sentence: give --weights ARCH=FILE for each (missing: gru)":
            files["rnn"],
        "--weights for lstm, but the scene 'pair' reads rnn, gru": {"rnn": files["rnn"], "lstm": files["lstm"]},
    }
    for message, weights in refused.items():
        with pytest.raises(InvalidOption, match=message.replace("(", r"\(").replace(")", r"\)")):
            render_sentence("rnn", "hi", weights, scene="pair", output=tmp_path / "b.png", size=SIZE)


def test_a_weights_file_of_another_arch_is_refused_in_one_line(tmp_path):
    weights = {"rnn": demo_weights_path("rnn"), "gru": demo_weights_path("lstm")}
    with pytest.raises(InvalidOption, match="lstm.pt holds a lstm model, not gru"):
        render_sentence("rnn", "hi", weights, scene="pair", output=tmp_path / "a.png", size=SIZE)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weights", "gru=a.pt", "--weights", "gru=b.pt"], "--weights given twice for gru"),
        (["--weights", "a.pt", "--weights", "rnn=b.pt"], "--weights given twice for rnn"),
        (["--weights", "lstm=a.pt"], "--weights for lstm, but the scene 'pair' reads rnn, gru"),
        (["--weights", "rnn=a.pt"], "give --weights ARCH=FILE for each (missing: gru)"),
        (["--weights", "rnn=a.pt", "--weights", "gru=missing.pt"], "the weights file does not exist: missing.pt"),
        (["--trace", "rnn.json"], "the scene 'pair' reads the traces of rnn, gru; got rnn"),
        (["--trace", "rnn.json", "--trace", "rnn.json"], "two traces of rnn"),
    ],
)
def test_the_command_line_refuses_in_one_line(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.pt").write_bytes(b"weights")
    make_trace("rnn").save(tmp_path / "rnn.json")
    result = CliRunner().invoke(main, ["render", "rnn", "--scene", "pair", *args])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and message in result.output, result.output


def test_the_command_line_renders_one_trace_file_per_arch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rnn, gru = pair()
    rnn.save(tmp_path / "rnn.json")
    gru.save(tmp_path / "gru.json")
    result = CliRunner().invoke(main, ["render", "gru", "--scene", "pair", "--trace", "gru.json", "--trace", "rnn.json",
                                       "--quality", "low", "-o", "a.png"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {tmp_path / 'a.png'} (")
