"""The engineering, squash, bidirectional and stacked scenes draw what their Trace holds.

Each scene draws its final frame (a still, as for a PNG) at a tiny size; the tests read the
mobjects the scene keeps and compare them with the Trace and rnnviz.analysis. Two scenes also
play their animation (jumping to each animation's end) to the same final state; the registry's
render test plays every scene for every arch.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from manim import config, tempconfig
from test_step_scene import media, recorded, run, tiny_config  # noqa: F401  (media is a fixture)

import rnnviz
from rnnviz.analysis.fused import fused_step, input_projection
from rnnviz.analysis.squash import repeated_products, squash_step
from rnnviz.core.trace import Trace
from rnnviz.models import demo_trace_path
from rnnviz.rendering.options import InvalidOption
from rnnviz.scenes import get_scene_entry
from rnnviz.scenes.rnn import REPEATS, BidirectionalScene, EngineeringScene, SquashScene, StackedScene

ARCHS = ("rnn", "lstm", "gru")


def demo(arch: str, model: str = "single") -> Trace:
    return Trace.load(demo_trace_path(arch, model))


def still(media, scene_class, trace=None, **options):
    """The scene's final frame, drawn as for a PNG (no animation is played)."""
    with tiny_config(media), tempconfig({"save_last_frame": True}):
        scene = scene_class(trace, **options)
        scene.render()
    assert scene.still
    return scene


def assert_inside_the_frame(scene) -> None:
    half_w, half_h = config.frame_width / 2, config.frame_height / 2
    for m in scene.mobjects:
        if m.get_family() == [m] and not m.has_points():
            continue
        assert -half_w - 1e-6 <= m.get_left()[0] and m.get_right()[0] <= half_w + 1e-6, m
        assert -half_h - 1e-6 <= m.get_bottom()[1] and m.get_top()[1] <= half_h + 1e-6, m


# ---- engineering ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def engineering(media):  # noqa: F811
    return {arch: still(media, EngineeringScene, demo(arch)) for arch in ARCHS}


@pytest.mark.parametrize("arch", ARCHS)
def test_engineering_draws_the_models_stacked_weights_and_one_product(arch, engineering):
    scene = engineering[arch]
    trace, t = scene.trace, scene.step
    assert t == 1
    w = np.concatenate([trace.weight("weight_hh"), trace.weight("weight_ih")], axis=1)
    np.testing.assert_array_equal(scene.weights.values, w)  # every unit of the demo model is drawn
    assert scene.weights.row_groups == (trace.hidden_size,) * {"rnn": 1, "lstm": 4, "gru": 3}[arch]
    np.testing.assert_array_equal(scene.concat[0].values, trace.get("h_prev")[t])
    np.testing.assert_array_equal(scene.concat[1].values, trace.get("x")[t])
    rows, columns = w.shape
    assert rf"{rows} \times {columns}" in scene.header.formula.tex_string
    # The product's blocks are the recorded pre-activations; the GRU's n keeps its two parts apart.
    recorded_pre = {"rnn": {"h": "pre"}, "lstm": {g: f"pre_{g}" for g in "ifgo"}, "gru": {"r": "pre_r", "z": "pre_z"}}
    for gate, name in recorded_pre[arch].items():
        np.testing.assert_allclose(scene.blocks[gate].values[:, 0], trace.get(name)[t], atol=1e-5)
    if arch == "gru":
        np.testing.assert_allclose(scene.blocks["n"].values, np.stack([trace.get("hn")[t], trace.get("in")[t]], 1),
                                   atol=1e-5)
    for gate, strip in scene.gates.items():
        np.testing.assert_array_equal(strip.values, trace.get("h" if arch == "rnn" else gate)[t])
    assert list(scene.gates) == list(scene.fused.gates)  # PyTorch's order, top to bottom
    tops = [block.get_top()[1] for block in scene.blocks.values()]
    assert tops == sorted(tops, reverse=True)


@pytest.mark.parametrize("arch", ARCHS)
def test_engineering_shows_every_steps_input_part_as_one_product(arch, engineering):
    scene = engineering[arch]
    trace = scene.trace
    np.testing.assert_allclose(scene.input_parts.values, input_projection(trace).T, atol=1e-6)
    np.testing.assert_array_equal(scene.inputs.values, trace.get("x").T)
    # The framed column is the step drawn left, whose input part the one product already holds.
    column = scene.current[0]
    assert abs(column.get_x() - scene.input_parts.cell(0, scene.step).get_x()) < 1e-6
    np.testing.assert_allclose(scene.input_parts.values[:, scene.step], fused_step(trace, 1).input_part, atol=1e-6)
    assert_inside_the_frame(scene)


def test_engineering_of_a_wide_layer_draws_the_first_units_of_each_block(media):  # noqa: F811
    trace = recorded("lstm", steps=3, hidden=12, inputs=10)
    scene = still(media, EngineeringScene, trace, units=5)
    assert scene.shown == (5, 5, 5) and scene.weights.shape == (20, 10)
    w_hh = trace.weight("weight_hh")
    np.testing.assert_array_equal(scene.weights.values[5:10, :5], w_hh[12:17, :5])  # f rows, h columns
    assert r"48 \times 22" in scene.header.formula.tex_string  # the real shape is stated
    assert any("5" in m.original_text for m in scene.step_notes)
    assert_inside_the_frame(scene)


# ---- squash --------------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ARCHS)
def test_squash_prints_the_real_pre_activation_and_both_functions_of_it(arch, media):  # noqa: F811
    trace = demo(arch)
    scene = still(media, SquashScene, trace) if arch != "rnn" else run(media, SquashScene, trace=trace)
    name = {"rnn": "pre", "lstm": "pre_g", "gru": "pre_n"}[arch]
    pre = trace.get(name)[-1]
    np.testing.assert_allclose(scene.pre.values, pre, rtol=1e-7)
    np.testing.assert_allclose(scene.sigmoid.values, 1 / (1 + np.exp(-pre.astype(float))), rtol=1e-6)
    np.testing.assert_allclose(scene.tanh.values, trace.get({"rnn": "h", "lstm": "g", "gru": "n"}[arch])[-1], atol=1e-6)
    # Each unit is a dot on each curve, at (pre, f(pre)).
    for curve, values in (("sigmoid", scene.sigmoid.values), ("tanh", scene.tanh.values)):
        for dot, x, y in zip(scene.dots[curve], pre, values):
            np.testing.assert_allclose(scene.plot.coords.p2c(dot.get_center())[:2], [x, y], atol=1e-6)
    # Then the repetition: the strips end on the last product, the chart has every step.
    repeated = repeated_products(trace, times=REPEATS)
    np.testing.assert_allclose(scene.linear.values, repeated.linear[-1])
    np.testing.assert_allclose(scene.bounded.values, repeated.squashed[-1])
    assert np.abs(scene.bounded.values).max() < 1 < np.abs(scene.linear.values).max()
    assert all(len(markers) == REPEATS + 1 for markers in scene.chart.markers.values())
    assert scene.squashed.step == squash_step(trace).step == trace.steps - 1
    assert_inside_the_frame(scene)


# ---- bidirectional -------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ARCHS)
def test_bidirectional_h_n_is_the_traces_and_differs_from_the_last_output(arch, media):  # noqa: F811
    trace = demo(arch, "bidirectional")
    scene = still(media, BidirectionalScene, trace)
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
    colors = {scene.chain.cell(0, 0, d).weight_color for d in (0, 1)}
    assert len(colors) == 2  # separate weights, separate colours
    assert_inside_the_frame(scene)


def test_bidirectional_takes_any_one_layer_bidirectional_trace(media):  # noqa: F811
    trace = recorded("gru", steps=6, hidden=5, bidirectional=True)
    scene = still(media, BidirectionalScene, trace)
    np.testing.assert_array_equal(scene.h_n[1].values, trace.get("h", direction=1)[0])
    assert_inside_the_frame(scene)


# ---- stacked -------------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ARCHS)
def test_stacked_draws_each_layers_h_as_the_next_layers_x(arch, media):  # noqa: F811
    trace = demo(arch, "stacked")
    scene = still(media, StackedScene, trace) if arch != "rnn" else run(media, StackedScene, trace=trace)
    for t in range(trace.steps):
        np.testing.assert_array_equal(scene.states[0][t].values, trace.get("h", layer=0)[t])
        np.testing.assert_array_equal(scene.states[0][t].values, trace.get("x", layer=1)[t])  # the same vector
        np.testing.assert_array_equal(scene.states[1][t].values, trace.get("h", layer=1)[t])
    assert scene.row_names[0].tex_string == "h^{(1)}_t = x^{(2)}_t"
    for layer, strip in enumerate(scene.h_n):
        np.testing.assert_array_equal(strip.values, trace.h_n[layer])
    assert_inside_the_frame(scene)


def test_stacked_takes_three_layers(media):  # noqa: F811
    trace = recorded("rnn", steps=3, hidden=4, num_layers=3)
    scene = still(media, StackedScene, trace)
    assert len(scene.states) == 3 and scene.row_names[1].tex_string == "h^{(2)}_t = x^{(3)}_t"
    assert_inside_the_frame(scene)


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

    assert BidirectionalScene().trace == demo("rnn", "bidirectional")
    assert StackedScene().trace == demo("rnn", "stacked")
    assert EngineeringScene().trace == demo("rnn")
    for scene, shape in (("bidirectional", (1, 2)), ("stacked", (2, 1)), ("squash", (1, 1))):
        model = get_scene_entry(scene).model
        trace = SentenceSource("lstm", "what time is it", model=model).trace()
        assert (trace.num_layers, trace.num_directions) == shape
    one, two = (SentenceSource("gru", "hi", model=model).fingerprint() for model in ("single", "stacked"))
    assert one != two  # the cache tells the models apart
