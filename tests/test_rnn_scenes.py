"""The RNN chapter's scenes show what they promise, with the values of their Trace.

They reuse the registry test's renders (``scene_render`` in conftest.py: the demo traces; rnn in
English on a light slide, lstm in Chinese on a dark one, gru in Chinese on a light one; the
animations 16:9, the stills wide, square and tall). What an animation did along the way is read
from its scene (``rendered.scene``); the final, designed frame from the still's scene
(``rendered.still``: an animation fades back into its first frame after it).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from manim import Text

from rnnviz.analysis.fused import tanh_terms
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.symbols import symbols_for, tex
from rnnviz.mobjects.text import ValueText

ARCHS = ("rnn", "lstm", "gru")
SCENES = ("structure", "loop", "hidden-pass", "sequence", "unroll", "graph")
#: A printed digit at least 14 px tall on a 720p frame (8 manim units high), in manim units.
LEGIBLE = 14 / 90
#: Latin words a Chinese frame may show: names of architectures, functions, PyTorch's parameters, tokens.
LATIN_IN_ZH = {"RNN", "LSTM", "GRU", "PyTorch", "tanh", "weight", "ih", "hh", "l0", "what", "time", "is", "it"}

pytestmark = pytest.mark.slow


def drawn(scene) -> list:
    """Every part with points on screen at the end of ``scene``."""
    return [m for m in scene.get_mobject_family_members() if m.has_points()]


def texts(scene) -> set[str]:
    return {m.original_text for m in scene.get_mobject_family_members() if isinstance(m, Text)}


def within_frame(scene) -> bool:
    half_w, half_h = scene.camera.frame_width / 2, scene.camera.frame_height / 2
    return all(
        -half_w - 1e-6 <= m.get_left()[0] and m.get_right()[0] <= half_w + 1e-6
        and -half_h - 1e-6 <= m.get_bottom()[1] and m.get_top()[1] <= half_h + 1e-6
        for m in drawn(scene)
    )


@pytest.mark.parametrize("scene_id", SCENES)
@pytest.mark.parametrize("arch", ARCHS)
def test_digits_are_legible_at_720p_and_every_frame_shape_holds_the_whole_figure(scene_render, scene_id, arch):
    rendered = scene_render(scene_id, arch)
    numbers = [m for m in rendered.scene.get_mobject_family_members() if isinstance(m, ValueText)]
    if numbers:  # the 16:9 animation: the same units as at 720p
        smallest = min(numbers, key=lambda m: m.height)
        assert smallest.height >= LEGIBLE, f"{smallest.text!r} is {smallest.height * 90:.1f} px tall at 720p"
    for scene in (rendered.scene, rendered.still):  # wide, and the still's wide, square or tall frame
        assert within_frame(scene)


@pytest.mark.parametrize("scene_id", SCENES)
def test_chinese_frames_use_the_term_tables_words(scene_render, scene_id):
    zh = scene_render(scene_id, "gru").still
    latin = {word for text in texts(zh) for word in re.findall(r"[A-Za-z]{2,}", text)}
    assert latin <= LATIN_IN_ZH, latin - LATIN_IN_ZH


@pytest.mark.parametrize("arch", ARCHS)
def test_structure_draws_the_last_step_and_the_prediction(scene_render, arch):
    rendered = scene_render("structure", arch)
    scene, trace = rendered.scene, rendered.trace
    last = trace.steps - 1
    assert list(scene.cell.states) == list(symbols_for(arch).states)
    for state, vector in scene.cell.states.items():
        assert np.array_equal(vector.values, trace.get(state)[last]) and vector.tex == tex(state)
    assert np.array_equal(scene.x.values, trace.get("x")[last])
    assert scene.counter.text.endswith(f"{trace.steps} / {trace.steps}")
    assert scene.head.bars.order == [label for label, _ in trace.prediction][:3]
    lang = rendered.options["lang"]
    assert {term(key, lang) for key in ("input_layer", "hidden_layer", "output_layer", "classifier")} <= texts(rendered.still)


@pytest.mark.parametrize("arch", ARCHS)
def test_loop_the_same_strip_holds_each_steps_state(scene_render, arch):
    rendered = scene_render("loop", arch)
    scene, trace = rendered.scene, rendered.trace
    assert len(scene.shown) == trace.steps
    for state in symbols_for(arch).states:
        strips = {step[state][0] for step in scene.shown}
        assert strips == {id(scene.cell.states[state].strip)}  # one strip, all along
        for t, step in enumerate(scene.shown):
            _, values, name = step[state]
            assert np.array_equal(values, trace.get(state)[t]) and name == tex(state)
    assert np.array_equal(scene.x.values, trace.get("x")[-1])


@pytest.mark.parametrize("arch", ARCHS)
def test_hidden_pass_h_t_moves_over_and_becomes_the_next_h_t_minus_1(scene_render, arch):
    rendered = scene_render("hidden-pass", arch)
    scene, trace = rendered.scene, rendered.trace
    assert len(scene.carried) == len(scene.before) == trace.steps
    for state in symbols_for(arch).states:
        assert np.array_equal(scene.before[0][state].values, trace.get(f"{state}_prev")[0])
        for t in range(trace.steps):
            out = scene.carried[t][state]
            assert np.array_equal(out.values, trace.get(state)[t])  # the strip of step t holds row t
            if t + 1 < trace.steps:
                assert scene.before[t + 1][state] is out  # the same strip, moved, not a new one
                assert np.array_equal(out.values, trace.get(f"{state}_prev")[t + 1])
                assert out.tex == tex(f"{state}_prev")  # renamed once it stands left of the cell
        assert scene.carried[-1][state].tex == tex(state)
        assert rendered.still.carried[-1][state] in rendered.still.mobjects  # the final frame shows h_T


@pytest.mark.parametrize("arch", ARCHS)
def test_sequence_every_token_becomes_its_embedding(scene_render, arch):
    rendered = scene_render("sequence", arch)
    scene, trace = rendered.scene, rendered.trace
    assert len(scene.columns) == trace.steps
    for t, column in enumerate(scene.columns):
        assert np.array_equal(column.values, trace.get("x")[t]) and column.tex == tex("x", step=t + 1)
        assert column.strip.frame.get_stroke_color().to_hex().upper() == scene.theme.token_color(t).upper()
    assert term("becomes_embedding", rendered.options["lang"], n=trace.input_size) in texts(rendered.still)


@pytest.mark.parametrize("arch", ARCHS)
def test_unroll_one_copy_per_step_one_weight_colour_each_output_its_step(scene_render, arch):
    rendered = scene_render("unroll", arch)
    scene, trace = rendered.scene, rendered.trace
    cells = scene.chain.cells[(0, 0)]
    assert len(cells) == trace.steps
    assert {cell.weight_color for cell in cells} == {scene.theme.weight_color()}
    labels = [m.get_tex_string() for cell in cells for m in cell.weights]
    assert labels == ["W_{ih}", "W_{hh}"] * trace.steps  # the same two matrices at every step
    for t, strip in enumerate(scene.outputs):
        assert np.array_equal(strip.values, trace.get("h")[t])
    still = rendered.still
    assert term("same_weights", rendered.options["lang"]) in texts(still)
    assert all(cell in still.get_mobject_family_members() for cell in still.chain.cells[(0, 0)])


@pytest.mark.parametrize("arch", ARCHS)
def test_graph_names_pytorchs_weights_and_substitutes_a_true_equation(scene_render, arch):
    rendered = scene_render("graph", arch)
    scene, trace = rendered.scene, rendered.trace
    t = scene.step
    assert (t, scene.graph.steps) == (1, [1, 2, 3])  # t-1, t, t+1 of a 4-token sentence
    assert {"weight_ih_l0", "weight_hh_l0"} <= {word for text in texts(rendered.still) for word in text.split()}
    assert len(scene.graph.labels["hh"]) == len(scene.graph.labels["ih"]) == 3  # W at every step
    # Section 3.4's formula term by term: W_ih x_t + b_ih (+ r_t ⊙) W_hh h_{t-1} + b_hh = a_t, then tanh.
    terms = tanh_terms(trace, t)
    shown = [strip.values for strip in scene.board.strips]
    expected = [terms.input_term, *([terms.reset] if arch == "gru" else []), terms.recurrent_term, terms.pre, terms.out]
    assert len(shown) == len(expected) and all(np.array_equal(a, b) for a, b in zip(shown, expected))
    out = "h" if arch == "rnn" else {"lstm": "g", "gru": "n"}[arch]
    assert np.array_equal(terms.out, trace.get(out)[t]) and np.array_equal(terms.pre, trace.get(
        "pre" if arch == "rnn" else f"pre_{out}")[t])
    *parts, pre, out_values = shown
    total = parts[0] + parts[1] * parts[2] if arch == "gru" else parts[0] + parts[1]
    assert np.allclose(total, pre, atol=1e-5) and np.allclose(np.tanh(pre), out_values, atol=1e-6)  # a true chain
    names = [label.get_tex_string() for label in scene.board.labels]
    assert "x_t" in names[0] and "h_{t-1}" in names[-3] and names[-1] == tex(out)
    assert [str(getattr(sym, "text", "")) for sym in scene.board.symbols[:1]] == ["+"]


@pytest.fixture(scope="module")
def twelve_words(tmp_path_factory, svg_cache):
    """A 12-token GRU trace (a real seeded module) run through the scenes that lay out every token,
    animations skipped to their ends."""
    import torch
    from manim import tempconfig

    import rnnviz
    from rnnviz.rendering.session import shared_manim_files
    from rnnviz.scenes.rnn import HiddenPassScene, SequenceScene, UnrollScene

    torch.manual_seed(0)
    trace = rnnviz.record(torch.nn.GRU(6, 6), torch.randn(12, 6))
    trace.attach(tokens="could you please set an alarm for seven tomorrow morning thank you".split())
    tiny = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 4, "disable_caching": True,
            "progress_bar": "none", "verbosity": "ERROR", "media_dir": str(tmp_path_factory.mktemp("media"))}
    scenes = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(svg_cache))
        for scene_class, still in ((UnrollScene, False), (SequenceScene, False), (HiddenPassScene, False),
                                   (UnrollScene, True), (SequenceScene, True)):
            with shared_manim_files() as svgs, tempconfig({**tiny, "tex_dir": str(svgs / "Tex"),
                                                           "text_dir": str(svgs / "texts"), "save_last_frame": still}):
                scene = scene_class(trace)
                scene.renderer.skip_animations = scene.renderer._original_skipping_status = True
                scene.render()
                scenes[scene_class.__name__ + (" still" if still else "")] = scene
    return trace, scenes


def overlap(a, b) -> bool:
    """Whether the boxes of two mobjects overlap."""
    return (a.get_left()[0] < b.get_right()[0] and b.get_left()[0] < a.get_right()[0]
            and a.get_bottom()[1] < b.get_top()[1] and b.get_bottom()[1] < a.get_top()[1])


def test_twelve_tokens_are_windowed_with_legible_chips_and_a_loop_stays_under_30_seconds(twelve_words):
    trace, scenes = twelve_words
    for name, scene in scenes.items():
        assert within_frame(scene), name
        assert scene.renderer.time <= 30.0, (name, scene.renderer.time)
    for name in ("UnrollScene still", "SequenceScene still"):  # the final frame: the last tokens
        scene = scenes[name]
        window, on_screen = scene.window, scene.get_mobject_family_members()
        # Too many to show at a legible size: the window ends on the last token, an ellipsis before it.
        assert window.size < trace.steps and window.shown == range(trace.steps - window.size, trace.steps), name
        assert window.ellipsis in on_screen
        shown = [chip for chip in scene.chips if chip in on_screen]
        assert [chip.text for chip in shown] == trace.tokens[window.first:], name
        assert all(chip.label.height >= scene.theme.sizes.chip_text - 1e-6 for chip in shown), name  # 24 px at 720p
        assert not any(overlap(a, b) for k, a in enumerate(shown) for b in shown[k + 1:]), name
    unroll = scenes["UnrollScene still"]
    assert len(unroll.chain.cells[(0, 0)]) == unroll.window.size
    for t in unroll.window.shown:  # each copy reads its own step's token, its output is its own step's
        x = unroll.chain.input_point(unroll.window.slot(t))[0]
        assert abs(unroll.chips[t].get_x() - x) < 1e-6 and abs(unroll.outputs[t].get_x() - x) < 1e-6
        assert np.array_equal(unroll.outputs[t].values, trace.get("h")[t])
    sequence = scenes["SequenceScene still"]
    for t, column in enumerate(sequence.columns):
        assert np.array_equal(column.values, trace.get("x")[t]) and abs(sequence.chips[t].get_x() - column.get_x()) < 1e-6
    digits = [m for t in sequence.window.shown for m in sequence.columns[t].get_family() if isinstance(m, ValueText)]
    assert digits and min(m.height for m in digits) >= LEGIBLE  # the vectors keep their printed values
