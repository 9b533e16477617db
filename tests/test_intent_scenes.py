"""The application case and short-term memory (``intent``, ``classify``, ``memory``) on real traces.

What each scene draws is checked against the Trace(s) it was given. The scenes come from the
registry test's renders (``scene_render`` in conftest.py: the demo traces; rnn in English on a
light slide, lstm in Chinese on a dark one, gru in Chinese on a light one): ``rendered.scene``
is the animation's scene after its last frame, ``rendered.still`` the still's. Only the command
line's default long sentence is rendered here, once.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from click.testing import CliRunner
from manim import TAU
from render_support import make_trace

import rnnviz.rendering.pipeline as pipeline
from rnnviz.analysis.shares import least_kept, state_shares
from rnnviz.cli import main
from rnnviz.mobjects.colors import CVD_KINDS, contrast_ratio, delta_e2000, simulate_cvd, srgb_to_lab
from rnnviz.mobjects.labels import intent_name, term
from rnnviz.core.trace import Trace
from rnnviz.mobjects.shares import SHAPES, ShareRow, format_share
from rnnviz.mobjects.theme import ARCH_COLORS, THEMES, TOKEN_COLORS
from rnnviz.models.demo import LONG_SENTENCES, demo_trace_path
from rnnviz.models.text import tokenize
from rnnviz.rendering.options import SHAPES as OPTION_SHAPES
from rnnviz.rendering.options import InvalidOption
from rnnviz.scenes import get_scene_entry

ARCHS = ("rnn", "lstm", "gru")
pytestmark = pytest.mark.slow


def swept_angle(sector) -> float:
    """The angle a drawn sector spans, in turns, measured on its outline's points on the rim."""
    center = sector.get_arc_center()
    rim = [p for p in sector.points if np.linalg.norm(p - center) > 0.999 * sector.outer_radius]
    angles = np.unwrap([np.arctan2(p[1] - center[1], p[0] - center[0]) for p in rim])
    return abs(angles[-1] - angles[0]) / TAU


# ---- intent ------------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ARCHS)
def test_intent_draws_each_state_as_its_shares_and_the_still_prints_them(scene_render, arch):
    rendered = scene_render("intent", arch)
    trace, scene = rendered.trace, rendered.scene
    shares = state_shares(trace)
    assert scene.run_time > 8  # each word enters in turn
    for t, disc in enumerate(scene.row.states):
        assert disc.tokens == [k for k in range(trace.steps) if shares[t, k] > 0] == list(range(t + 1))
        for sector, k in zip(disc.slices, disc.tokens):
            assert swept_angle(sector) == pytest.approx(shares[t, k], abs=1e-6)  # drawing precision
            assert sector.get_fill_color().to_hex().upper() == TOKEN_COLORS[k]
        assert len(disc.separators) == (t + 1 if t else 0)  # a thin line between every two slices
    assert [chip.text for chip in scene.row.chips.chips] == trace.tokens
    texts = rendered.still.table.texts  # the still: every share as a percentage, blank where unseen
    assert texts == {(t, k): format_share(shares[t, k]) for t in range(trace.steps) for k in range(t + 1)}


def test_states_drawn_as_bars_hold_the_same_shares_and_only_intent_and_classify_take_the_shape(tmp_path, svg_cache,
                                                                                               monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(svg_cache))
    trace = Trace.load(demo_trace_path("gru"))
    shares = state_shares(trace)
    row = ShareRow(shares, trace.tokens, shape="bar")
    for t, bar in enumerate(row.states):
        assert [token for token, _ in bar.parts] == list(range(t + 1))  # every word read, in order
        for k in range(t + 1):
            assert bar.segment(k).height / bar.frame.height == pytest.approx(shares[t, k], abs=1e-6)
    assert OPTION_SHAPES == SHAPES
    still = pipeline.render(trace, scene="intent", shape="bar", output=tmp_path / "a.png", size=(480, 270), cache=False)
    assert still.stat().st_size > 0
    traces = {arch: Trace.load(demo_trace_path(arch)) for arch in ARCHS}
    with pytest.raises(InvalidOption, match="the scene 'memory' takes no --shape"):
        pipeline.render(traces, scene="memory", shape="bar", output=tmp_path / "b.png")
    with pytest.raises(InvalidOption, match="--shape must be one of disc, bar; got 'pie'"):
        pipeline.render(trace, scene="intent", shape="pie", output=tmp_path / "b.png")


def test_a_sentence_longer_than_the_colours_is_refused_in_one_line(tmp_path):
    assert get_scene_entry("intent").max_tokens == get_scene_entry("classify").max_tokens == len(TOKEN_COLORS)
    trace = make_trace("rnn", steps=len(TOKEN_COLORS) + 1).attach(tokens=["time"] * (len(TOKEN_COLORS) + 1))
    with pytest.raises(InvalidOption, match="the scene 'intent' draws at most 12 tokens; the sentence has 13 tokens"):
        pipeline.render(trace, scene="intent", output=tmp_path / "a.gif")
    assert not (tmp_path / "a.gif").exists()


# ---- classify ----------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ARCHS)
def test_classify_greys_every_output_but_the_last_which_the_classifier_reads(scene_render, arch):
    rendered = scene_render("classify", arch)
    trace, scene, lang = rendered.trace, rendered.scene, rendered.options["lang"]
    theme = THEMES[rendered.options["theme"]]
    assert [o.tex_string for o in scene.outputs] == [f"y_{{{t}}}" for t in range(1, trace.steps + 1)]
    assert {o.get_color().to_hex().upper() for o in scene.outputs[:-1]} == {theme.muted_text}
    assert scene.outputs[-1].get_color().to_hex().upper() == theme.foreground
    assert scene.head.bars.order == [label for label, _ in trace.prediction]
    assert scene.answer.original_text == term("intent_is", lang, name=intent_name(trace.prediction[0][0], lang))


# ---- memory ------------------------------------------------------------------------------------
def test_memory_draws_every_models_shares_and_gradient_and_says_who_kept_least(scene_render):
    rendered = scene_render("memory", "rnn")
    traces, scene = rendered.trace, rendered.scene
    assert list(scene.traces) == list(ARCHS) and all(scene.traces[a] is traces[a] for a in ARCHS)
    for arch, trace in traces.items():
        shares = state_shares(trace)
        np.testing.assert_array_equal(scene.shares[arch], shares)
        for t, bar in enumerate(scene.bars[arch]):
            full = bar.frame.height
            assert bar.segment(0).height / full == pytest.approx(shares[t, 0], abs=1e-6)
            if t:
                assert bar.segment(1).height / full == pytest.approx(shares[t, 1], abs=1e-6)
        assert [n.original_text for n in scene.numbers[arch]] == [format_share(s) for s in shares[:, 0]]
        for plot, values in ((scene.share_plot, shares[:, 0]), (scene.gradient_plot, np.log10(trace.state_gradient[0, 0]))):
            for t, value in enumerate(values):
                x, y = plot.axes.p2c(plot.dots[arch][t].get_center())
                assert (x, y + plot.low) == pytest.approx((t + 1, value), abs=1e-6)
    # On "what time is it" the demo LSTM keeps the least of "what": the figure says so.
    kept, finals = least_kept(traces)
    assert kept == "lstm"
    assert scene.verdict.original_text == term("rnn_not_fastest", "en", arch="LSTM", share=format_share(finals["lstm"]))


def test_memory_from_the_command_line_runs_the_long_sentence_through_all_three_models(tmp_path, svg_cache,
                                                                                     monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(svg_cache))
    monkeypatch.chdir(tmp_path)
    made, load = [], pipeline.load_scene_class

    def keeping(entry):
        class Kept(load(entry)):
            def construct(self) -> None:
                made.append(self)
                super().construct()

        return Kept

    monkeypatch.setattr(pipeline, "load_scene_class", keeping)
    result = CliRunner().invoke(main, ["render", "gru", "--scene", "memory", "--quality", "low", "-o", "m.png"])
    assert result.exit_code == 0, result.output
    scene = made[-1]
    assert list(scene.traces) == list(ARCHS)
    assert scene.tokens == [t.display for t in tokenize(LONG_SENTENCES["en"])]
    kept, finals = least_kept(scene.traces)
    # The default sentence shows the RNN forgetting fastest (README: "The application case").
    assert kept == "rnn" and finals["rnn"] < finals["lstm"] < finals["gru"]
    assert scene.verdict.original_text == term("forgets_fastest", "en", arch="RNN", share=format_share(finals["rnn"]))


def test_the_arch_colours_are_apart_also_for_colour_blind_viewers_and_readable_on_both_themes():
    colors = list(ARCH_COLORS.values())
    for a, b in itertools.combinations(colors, 2):
        assert delta_e2000(srgb_to_lab(a), srgb_to_lab(b)) > 25
        for kind in CVD_KINDS:
            assert delta_e2000(srgb_to_lab(simulate_cvd(a, kind)), srgb_to_lab(simulate_cvd(b, kind))) > 15
    for color in colors:  # the memory figure draws the first two words' colours beside them
        assert min(delta_e2000(srgb_to_lab(color), srgb_to_lab(token)) for token in TOKEN_COLORS[:2]) > 20
        assert all(contrast_ratio(color, theme.background) >= 3.0 for theme in THEMES.values())
