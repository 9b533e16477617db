"""The application case and short-term memory (``intent``, ``classify``, ``memory``) on real traces:
what each scene draws is checked against the Trace it was given, through the render pipeline
(tiny frames, 2 fps), for every architecture the registry claims."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from click.testing import CliRunner
from manim import TAU
from PIL import Image

import rnnviz
import rnnviz.rendering.pipeline as pipeline
from rnnviz.analysis.shares import least_kept, state_shares
from rnnviz.cli import main
from rnnviz.core.trace import Trace
from rnnviz.mobjects.colors import CVD_KINDS, contrast_ratio, delta_e2000, simulate_cvd, srgb_to_lab
from rnnviz.mobjects.labels import intent_name, term
from rnnviz.mobjects.shares import format_share
from rnnviz.mobjects.theme import ARCH_COLORS, THEMES, TOKEN_COLORS
from rnnviz.models.demo import LONG_SENTENCES, demo_trace_path
from rnnviz.models.text import tokenize
from rnnviz.rendering.options import InvalidOption
from rnnviz.scenes import get_scene_entry

SIZE, FPS = (480, 270), 2  # narrower frames make manim wrap long lines of text
ARCHS = ("rnn", "lstm", "gru")


@pytest.fixture
def scenes(monkeypatch, svg_cache):
    """Every scene the pipeline renders in the test, kept for inspection; the render cache off
    (the session's LaTeX and text SVGs shared)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(svg_cache))
    made = []
    load = pipeline.load_scene_class

    def keeping(entry):
        cls = load(entry)
        return type(cls.__name__, (cls,), {"construct": lambda self: (made.append(self), cls.construct(self))[1]})

    monkeypatch.setattr(pipeline, "load_scene_class", keeping)
    return made


def demo(arch: str) -> Trace:
    return Trace.load(demo_trace_path(arch))


def tiny(given, scene: str, output, **options):
    return rnnviz.render(given, scene=scene, output=output, size=SIZE, fps=FPS, progress=False, cache=False, **options)


def swept_angle(sector) -> float:
    """The angle a drawn sector spans, in turns, measured on its outline's points on the rim."""
    center = sector.get_arc_center()
    rim = [p for p in sector.points if np.linalg.norm(p - center) > 0.999 * sector.outer_radius]
    angles = np.unwrap([np.arctan2(p[1] - center[1], p[0] - center[0]) for p in rim])
    return abs(angles[-1] - angles[0]) / TAU


# ---- intent ------------------------------------------------------------------------------------
def test_intent_draws_each_state_as_its_shares_and_every_arch_renders(tmp_path, scenes):
    trace = demo("lstm")
    path = tiny(trace, "intent", tmp_path / "a.gif")
    scene = scenes[-1]
    shares = state_shares(trace)
    assert Image.open(path).n_frames > 5 and scene.run_time > 8  # each word enters in turn
    for t, disc in enumerate(scene.row.discs):
        seen = [k for k in range(trace.steps) if shares[t, k] > 0]
        assert disc.tokens == seen == list(range(t + 1))  # every word read so far, in order
        for sector, k in zip(disc.slices, disc.tokens):
            assert swept_angle(sector) == pytest.approx(shares[t, k], abs=1e-6)  # drawing precision
            assert sector.get_fill_color().to_hex().upper() == TOKEN_COLORS[k]
        assert len(disc.separators) == (t + 1 if t else 0)
    assert [chip.text for chip in scene.row.chips.chips] == trace.tokens
    for arch in ("rnn", "gru"):  # the still, for the other archs: every share printed
        tiny(demo(arch), "intent", tmp_path / f"{arch}.png")
        table, shares = scenes[-1].table, state_shares(demo(arch))
        assert table.texts == {(t, k): format_share(shares[t, k]) for t in range(4) for k in range(t + 1)}


def test_a_sentence_longer_than_the_colours_is_refused_in_one_line(tmp_path):
    assert get_scene_entry("intent").max_tokens == get_scene_entry("classify").max_tokens == len(TOKEN_COLORS)
    words = " ".join(["time"] * (len(TOKEN_COLORS) + 1))
    with pytest.raises(InvalidOption, match="the scene 'intent' draws at most 12 tokens; the sentence has 13 tokens"):
        pipeline.render_sentence("rnn", words, scene="intent", output=tmp_path / "a.gif")


# ---- classify ----------------------------------------------------------------------------------
def test_classify_greys_every_output_but_the_last_which_the_classifier_reads(tmp_path, scenes):
    trace = demo("gru")
    tiny(trace, "classify", tmp_path / "a.gif", lang="zh", theme="dark")
    scene = scenes[-1]
    theme = THEMES["dark"]
    assert [o.tex_string for o in scene.outputs] == [f"y_{{{t}}}" for t in range(1, 5)]
    assert {o.get_color().to_hex().upper() for o in scene.outputs[:-1]} == {theme.muted_text}
    assert scene.outputs[-1].get_color().to_hex().upper() == theme.foreground
    assert scene.head.bars.order == [label for label, _ in trace.prediction]
    assert scene.answer.original_text == term("intent_is", "zh", name=intent_name(trace.prediction[0][0], "zh"))
    for arch in ("rnn", "lstm"):
        tiny(demo(arch), "classify", tmp_path / f"{arch}.png")
        assert scenes[-1].head.bars.order[0] == demo(arch).prediction[0][0] == "ask_time"


# ---- memory ------------------------------------------------------------------------------------
def test_memory_reads_a_dict_of_traces_and_draws_their_shares_and_gradients(tmp_path, scenes):
    traces = {arch: demo(arch) for arch in ARCHS}
    tiny(traces, "memory", tmp_path / "a.gif")
    scene = scenes[-1]
    for arch, trace in traces.items():
        shares = state_shares(trace)
        np.testing.assert_array_equal(scene.shares[arch], shares)
        for t, bar in enumerate(scene.bars[arch]):
            full = bar.frame.height
            assert bar.segment(0).height / full == pytest.approx(shares[t, 0], abs=1e-6)
            if t:
                assert bar.segment(1).height / full == pytest.approx(shares[t, 1], abs=1e-6)
        assert [n.original_text for n in scene.numbers[arch]] == [format_share(s) for s in shares[:, 0]]
        axes = scene.gradient_plot.axes
        for t, value in enumerate(trace.state_gradient[0, 0]):
            drawn = axes.p2c(scene.gradient_plot.dots[arch][t].get_center())
            assert drawn[0] == pytest.approx(t + 1) and drawn[1] + scene.gradient_plot.low == pytest.approx(
                np.log10(value), abs=1e-6)
    # On "what time is it" the demo LSTM keeps the least of "what": the figure says so.
    kept, finals = least_kept(traces)
    assert kept == "lstm"
    assert scene.verdict.original_text == term("rnn_not_fastest", "en", arch="LSTM", share=format_share(finals["lstm"]))


def test_memory_from_the_command_line_runs_the_long_sentence_through_all_three_models(tmp_path, scenes, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render", "gru", "--scene", "memory", "--quality", "low", "-o", "m.png"])
    assert result.exit_code == 0, result.output
    scene = scenes[-1]
    assert list(scene.traces) == list(ARCHS)
    assert scene.tokens == [t.display for t in tokenize(LONG_SENTENCES["en"])]
    kept, finals = least_kept(scene.traces)
    # The default sentence shows the RNN forgetting fastest (README: "Short-term memory").
    assert kept == "rnn" and finals["rnn"] < finals["lstm"] < finals["gru"]
    assert scene.verdict.original_text == term("forgets_fastest", "en", arch="RNN", share=format_share(finals["rnn"]))
    # The same figure named for another arch is the same render: the key covers the three traces.
    assert get_scene_entry("memory").reads == ARCHS


def test_the_arch_colours_are_apart_also_for_colour_blind_viewers_and_readable_on_both_themes():
    colors = list(ARCH_COLORS.values())
    for a, b in itertools.combinations(colors, 2):
        assert delta_e2000(srgb_to_lab(a), srgb_to_lab(b)) > 25
        for kind in CVD_KINDS:
            assert delta_e2000(srgb_to_lab(simulate_cvd(a, kind)), srgb_to_lab(simulate_cvd(b, kind))) > 15
    for color in colors:  # the memory figure draws the first two words' colours beside them
        assert min(delta_e2000(srgb_to_lab(color), srgb_to_lab(token)) for token in TOKEN_COLORS[:2]) > 20
        assert all(contrast_ratio(color, theme.background) >= 3.0 for theme in THEMES.values())
