"""The engineering, squash, bidirectional and stacked scenes draw what their Trace holds.

On the demo traces they reuse the registry test's renders (``scene_render`` in conftest.py:
rnn in English on a light slide, lstm in Chinese on a dark one, gru in Chinese on a light one;
each animation played to its end, ``rendered.scene``, and each still's designed final frame,
``rendered.still``, on a wide, square or tall frame). Traces of other shapes are drawn as stills
here. The tests read the mobjects each scene keeps and compare them with the Trace and
rnnviz.analysis.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from manim import tempconfig
from test_rnn_scenes import LATIN_IN_ZH, LEGIBLE, texts, within_frame
from test_step_scene import media, recorded, run, tiny_config  # noqa: F401  (media is a fixture)

import rnnviz
from rnnviz.analysis.fused import fused_step, input_projection
from rnnviz.analysis.squash import repeated_products
from rnnviz.core.trace import Trace
from rnnviz.mobjects.text import ValueText
from rnnviz.mobjects.symbols import tex
from rnnviz.models import demo_trace_path
from rnnviz.rendering.options import InvalidOption
from rnnviz.scenes import get_scene_entry
from rnnviz.scenes.rnn import REPEATS, BidirectionalScene, EngineeringScene, SquashScene, StackedScene

ARCHS = ("rnn", "lstm", "gru")
SCENES = ("engineering", "squash", "bidirectional", "stacked")

pytestmark = pytest.mark.slow


def still(media, scene_class, trace, **options):  # noqa: F811
    """The scene's final frame drawn as for a PNG (no animation played), 16:9 at a tiny size."""
    with tiny_config(media), tempconfig({"save_last_frame": True}):
        scene = scene_class(trace, **options)
        scene.render()
    assert scene.still
    return scene


def both(rendered):
    """The animation's scene after its last frame and the still's."""
    return rendered.scene, rendered.still


@pytest.mark.parametrize("scene_id", SCENES)
@pytest.mark.parametrize("arch", ARCHS)
def test_digits_are_legible_and_every_frame_shape_holds_the_figure(scene_render, scene_id, arch):
    rendered = scene_render(scene_id, arch)
    numbers = [m for m in rendered.still.get_mobject_family_members() if isinstance(m, ValueText)]
    if numbers and rendered.still.camera.frame_width > rendered.still.camera.frame_height:  # 16:9, as at 720p
        assert min(m.height for m in numbers) >= LEGIBLE
    for scene in both(rendered):
        assert within_frame(scene)
    if rendered.options["lang"] == "zh":
        latin = {word for text in texts(rendered.still) for word in re.findall(r"[A-Za-z]{2,}", text)}
        assert latin <= LATIN_IN_ZH | {"weight", "reverse", "l1", "sigmoid", "output"}, latin  # PyTorch's names


# ---- engineering ---------------------------------------------------------------------------------
class _FirstPlay(Exception):
    pass


class EngineeringOpening(EngineeringScene):
    """The engineering scene stopped at its first animation, which would reshape the opening."""

    def play(self, *animations, **kwargs) -> None:
        raise _FirstPlay


@pytest.mark.parametrize("arch", ARCHS)
def test_engineering_opens_on_the_steps_two_vectors_with_their_values(media, arch):
    trace = Trace.load(demo_trace_path(arch))
    scene = EngineeringOpening(trace)
    with pytest.raises(_FirstPlay), tiny_config(media):
        scene.render()
    t = scene.step
    for (strip, name), array in zip(scene.unstacked, ("h_prev", "x")):
        np.testing.assert_array_equal(strip.values, trace.get(array)[t][: strip.units])
        assert strip.show_values and strip.cells[0].height >= scene.theme.sizes.printed_cell - 1e-9
        assert name.tex_string == tex(array, t + 1)


@pytest.mark.parametrize("arch", ARCHS)
def test_engineering_draws_the_models_stacked_weights_and_one_product(scene_render, arch):
    rendered = scene_render("engineering", arch)
    trace = rendered.trace
    for scene in both(rendered):
        t = scene.step
        assert t == 1
        w = np.concatenate([trace.weight("weight_hh"), trace.weight("weight_ih")], axis=1)
        np.testing.assert_array_equal(scene.weights.values, w)  # every unit of the demo model is drawn
        assert scene.weights.row_groups == (trace.hidden_size,) * {"rnn": 1, "lstm": 4, "gru": 3}[arch]
        np.testing.assert_array_equal(scene.concat[0].values, trace.get("h_prev")[t])
        np.testing.assert_array_equal(scene.concat[1].values, trace.get("x")[t])
        rows, columns = w.shape
        assert rf"{rows} \times {columns}" in scene.header.formula.tex_string
        # The product's blocks are the recorded pre-activations; the GRU's n keeps its parts apart.
        pre = {"rnn": {"h": "pre"}, "lstm": {g: f"pre_{g}" for g in "ifgo"}, "gru": {"r": "pre_r", "z": "pre_z"}}
        for gate, name in pre[arch].items():
            np.testing.assert_allclose(scene.blocks[gate].values[:, 0], trace.get(name)[t], atol=1e-5)
        if arch == "gru":
            np.testing.assert_allclose(scene.blocks["n"].values, np.stack([trace.get("hn")[t], trace.get("in")[t]], 1),
                                       atol=1e-5)
        for gate, strip in scene.gates.items():
            np.testing.assert_array_equal(strip.values, trace.get("h" if arch == "rnn" else gate)[t])
        assert list(scene.gates) == list(scene.fused.gates)  # PyTorch's order
        # Every step's input part, one product; the framed column is the step drawn left.
        np.testing.assert_allclose(scene.input_parts.values, input_projection(trace).T, atol=1e-6)
        np.testing.assert_array_equal(scene.inputs.values, trace.get("x").T)
        assert abs(scene.current[0].get_x() - scene.input_parts.cell(0, t).get_x()) < 1e-6
        np.testing.assert_allclose(scene.input_parts.values[:, t], fused_step(trace, t).input_part, atol=1e-6)


def test_engineering_of_a_wide_layer_draws_the_first_units_of_each_block(media):  # noqa: F811
    trace = recorded("lstm", steps=3, hidden=12, inputs=10)
    scene = still(media, EngineeringScene, trace, units=5)
    assert scene.shown == (5, 5, 5) and scene.weights.shape == (20, 10)
    np.testing.assert_array_equal(scene.weights.values[5:10, :5], trace.weight("weight_hh")[12:17, :5])  # f rows
    assert r"48 \times 22" in scene.header.formula.tex_string  # the real shape is stated
    assert any("5" in m.original_text for m in scene.step_notes)
    assert within_frame(scene)


# ---- squash --------------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ARCHS)
def test_squash_prints_the_real_pre_activation_and_both_functions_of_it(scene_render, arch):
    rendered = scene_render("squash", arch)
    trace = rendered.trace
    pre = trace.get({"rnn": "pre", "lstm": "pre_g", "gru": "pre_n"}[arch])[-1]
    repeated = repeated_products(trace, times=REPEATS)
    for scene in both(rendered):
        np.testing.assert_allclose(scene.pre.values, pre, rtol=1e-7)
        np.testing.assert_allclose(scene.sigmoid.values, 1 / (1 + np.exp(-pre.astype(float))), rtol=1e-6)
        recorded_tanh = trace.get({"rnn": "h", "lstm": "g", "gru": "n"}[arch])[-1]
        np.testing.assert_allclose(scene.tanh.values, recorded_tanh, atol=1e-6)
        for curve, values in (("sigmoid", scene.sigmoid.values), ("tanh", scene.tanh.values)):
            for dot, x, y in zip(scene.dots[curve], pre, values):  # each unit a dot on each curve
                np.testing.assert_allclose(scene.plot.coords.p2c(dot.get_center())[:2], [x, y], atol=1e-6)
        # The repetition ends on its last product, the chart holds every step.
        np.testing.assert_allclose(scene.linear.values, repeated.linear[-1])
        np.testing.assert_allclose(scene.bounded.values, repeated.squashed[-1])
        assert np.abs(scene.bounded.values).max() < 1 < np.abs(scene.linear.values).max()
        assert all(len(markers) == REPEATS + 1 for markers in scene.chart.markers.values())


# ---- bidirectional -------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ARCHS)
def test_bidirectional_h_n_is_the_traces_and_differs_from_the_last_output(scene_render, arch):
    rendered = scene_render("bidirectional", arch)
    trace = rendered.trace
    assert trace.num_directions == 2
    for scene in both(rendered):
        for direction in (0, 1):
            for t in range(trace.steps):
                np.testing.assert_array_equal(scene.states[direction][t].values, trace.get("h", direction=direction)[t])
        for t, pair in enumerate(scene.outputs):  # each step's output: its two states, stacked
            np.testing.assert_array_equal(np.concatenate([pair[0].values, pair[1].values]), trace.output[t])
        np.testing.assert_array_equal(scene.h_n[0].values, trace.h_n[0])
        np.testing.assert_array_equal(scene.h_n[1].values, trace.h_n[1])
        np.testing.assert_array_equal(np.concatenate([s.values for s in scene.last_output]), trace.output[-1])
        assert not np.allclose(scene.h_n[1].values, scene.last_output[1].values)
        assert scene.reading_order == {0: list(range(trace.steps)), 1: list(range(trace.steps - 1, -1, -1))}
        assert len({scene.chain.cell(0, 0, d).weight_color for d in (0, 1)}) == 2  # separate weights, colours


def test_bidirectional_takes_any_one_layer_bidirectional_trace(media):  # noqa: F811
    trace = recorded("gru", steps=6, hidden=5, bidirectional=True)
    scene = still(media, BidirectionalScene, trace)
    np.testing.assert_array_equal(scene.h_n[1].values, trace.get("h", direction=1)[0])
    assert within_frame(scene)


# ---- stacked -------------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ARCHS)
def test_stacked_draws_each_layers_h_as_the_next_layers_x(scene_render, arch):
    rendered = scene_render("stacked", arch)
    trace = rendered.trace
    assert trace.num_layers == 2
    for scene in both(rendered):
        for t in range(trace.steps):
            np.testing.assert_array_equal(scene.states[0][t].values, trace.get("h", layer=0)[t])
            np.testing.assert_array_equal(scene.states[0][t].values, trace.get("x", layer=1)[t])  # the same vector
            np.testing.assert_array_equal(scene.states[1][t].values, trace.get("h", layer=1)[t])
        assert scene.row_names[0].tex_string == "h^{(1)}_t = x^{(2)}_t"
        for layer, strip in enumerate(scene.h_n):
            np.testing.assert_array_equal(strip.values, trace.h_n[layer])


def test_stacked_takes_three_layers(media):  # noqa: F811
    trace = recorded("rnn", steps=3, hidden=4, num_layers=3)
    scene = still(media, StackedScene, trace)
    assert len(scene.states) == 3 and scene.row_names[1].tex_string == "h^{(2)}_t = x^{(3)}_t"
    assert within_frame(scene)


# ---- a trace of the wrong shape, and the demo model each scene reads -------------------------------
@pytest.mark.parametrize(
    ("scene", "options", "message"),
    [
        ("bidirectional", {}, "draws one bidirectional layer; this trace has 1 layer and 1 direction"),
        ("bidirectional", {"num_layers": 2, "bidirectional": True}, "this trace has 2 layers and 2 directions"),
        ("stacked", {}, "draws 2 to 4 stacked layers of one direction; this trace has 1 layer"),
        ("stacked", {"num_layers": 2, "bidirectional": True}, "2 layers and 2 directions"),
    ],
)
def test_a_trace_of_another_shape_is_refused_in_one_line(scene, options, message, tmp_path):
    torch.manual_seed(0)
    trace = rnnviz.record(torch.nn.GRU(3, 4, **options), torch.randn(2, 3))
    with pytest.raises(InvalidOption, match=message) as error:
        rnnviz.render(trace, scene=scene, output=tmp_path / "x.png")
    assert "\n" not in str(error.value) and not (tmp_path / "x.png").exists()
    scene_class = {"bidirectional": BidirectionalScene, "stacked": StackedScene}[scene]
    with pytest.raises(ValueError, match=message):
        scene_class(trace).construct()


def test_each_scene_reads_its_demo_model():
    from rnnviz.rendering.source import SentenceSource

    def demo(arch, model="single"):
        return Trace.load(demo_trace_path(arch, model))

    assert BidirectionalScene().trace == demo("rnn", "bidirectional")
    assert StackedScene().trace == demo("rnn", "stacked")
    assert EngineeringScene().trace == demo("rnn")
    for scene, shape in (("bidirectional", (1, 2)), ("stacked", (2, 1)), ("squash", (1, 1))):
        model = get_scene_entry(scene).model
        trace = SentenceSource("lstm", "what time is it", model=model).trace()
        assert (trace.num_layers, trace.num_directions) == shape
    one, two = (SentenceSource("gru", "hi", model=model).fingerprint() for model in ("single", "stacked"))
    assert one != two  # the cache tells the models apart


def test_a_one_token_sentence_plays_through(media):  # noqa: F811
    trace = recorded("lstm", steps=1, hidden=3, bidirectional=True)
    scene = run(media, BidirectionalScene, trace=trace)
    np.testing.assert_array_equal(scene.h_n[1].values, scene.last_output[1].values)  # one token: the same state
