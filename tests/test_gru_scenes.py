"""The GRU chapter's scenes (reset-gate, update-gate, vs, variants) show what their traces hold,
and a trace of another formula variant is never drawn under PyTorch's equations."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from manim import config
from scene_support import assert_boards_show, maths_on_screen, media, recorded, run, same_row, texts_on_screen, tiny_config  # noqa: F401  (media: a fixture)

import rnnviz
from rnnviz.analysis.focus import resetting_unit, telling_step
from rnnviz.analysis.variants import variant_drift, variant_gap
from rnnviz.core.trace import Trace
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.symbols import GRU_CANDIDATE_PARTS, GRU_UPDATE, symbols_for, tex
from rnnviz.mobjects.text import format_percent, format_value
from rnnviz.models.demo import demo_trace_path
from rnnviz.rendering.options import InvalidOption
from rnnviz.rendering.pipeline import render
from rnnviz.scenes.gru import ResetGateScene, UpdateGateScene, VariantsScene, parameter_formula
from rnnviz.scenes.lstm import GRUStepScene

#: The columns each gate scene shows, board by board, as Trace arrays or products of rnnviz.core.terms.
BOARDS = {
    "reset-gate": [["x", "h_prev"], ["pre_r", "r"], ["h_prev", "hn"], ["r", "hn", "r*hn"], ["in", "r*hn", "pre_n"],
                   ["pre_n", "n"]],
    "update-gate": [["x", "h_prev"], ["z", "h_prev", "z*h_prev"], ["1-z", "n", "(1-z)*n"],
                    ["z*h_prev", "(1-z)*n", "h"]],
}
#: The two ways of writing the update, as what each computes.
CONVENTIONS = {"pytorch": lambda z, n, h_prev: (1 - z) * n + z * h_prev, "colah": lambda z, n, h_prev: (1 - z) * h_prev + z * n}


def row(trace: Trace, name: str, t: int) -> np.ndarray:
    """What a column called ``name`` must hold at step ``t``, from the trace's own arrays."""
    get = lambda array: trace.get(array)[t]  # noqa: E731
    products = {"r*hn": lambda: get("r") * get("hn"), "z*h_prev": lambda: get("z") * get("h_prev"),
                "1-z": lambda: 1 - get("z"), "(1-z)*n": lambda: (1 - get("z")) * get("n")}
    return products[name]() if name in products else get(name)


@pytest.fixture(scope="module")
def demo(scene_render):
    """Each GRU scene's still on the demo traces at its default step, as the registry test renders
    it (conftest.py: the GRU's in Chinese on a light slide, the vs scene's for lstm in Chinese on a
    dark one): the scene as it ends, on its designed final frame."""
    archs = {"reset-gate": "gru", "update-gate": "gru", "vs": "lstm", "variants": "gru"}
    return {scene_id: scene_render(scene_id, arch).still for scene_id, arch in archs.items()}


@pytest.fixture(scope="module")
def animated(scene_render):
    """The GIF renders of the gate scenes, after their last frame."""
    return {scene_id: scene_render(scene_id, "gru").scene for scene_id in BOARDS}


# ---- reset-gate and update-gate ----------------------------------------------------------------
@pytest.mark.parametrize("scene_id", list(BOARDS))
def test_each_gate_scene_shows_the_traces_rows_of_its_step(animated, scene_id):
    scene = animated[scene_id]
    trace, t = scene.trace, scene.step
    assert np.abs(trace.get("h_prev")[t]).max() > 0.5  # a step with an old state to reset or keep
    assert_boards_show(scene, BOARDS[scene_id], row)
    assert 8.0 <= scene.time <= 30.0  # a figure that loops on a slide


def test_the_reset_scenes_chain_is_the_candidates_equation(demo):
    scene = demo["reset-gate"]
    trace, t = scene.trace, scene.step
    assert t == telling_step(trace, gate="r") == 3  # "it": the reset removes the most of a large old state
    boards = {phase.name: board for phase, _, board in scene.played}
    in_part, scaled, pre_n = (strip.values for strip in boards["candidate_sum"].strips)
    np.testing.assert_allclose(in_part + scaled, pre_n, rtol=0, atol=1e-6)  # W_in x + b_in + r ⊙ (...) = a^n
    before, after = (strip.values for strip in boards["candidate"].strips)
    np.testing.assert_allclose(np.tanh(before), after, rtol=0, atol=1e-6)


def test_the_unit_whose_reset_ignores_the_old_state_is_marked_on_every_board_from_the_product(demo):
    scene = demo["reset-gate"]
    trace, t, k = scene.trace, scene.step, scene.unit
    assert k == resetting_unit(trace, t) == 3
    r, hn, n_input = trace.get("r")[t, k], trace.get("hn")[t, k], trace.get("in")[t, k]
    assert r < 0.1 and abs(hn) > 2.0  # r near 0 drops a large old-state term...
    assert abs(trace.get("pre_n")[t, k] - n_input) < 0.15 * abs(hn)  # ...so the candidate is the input's part
    assert scene.marked == ["reset", "candidate_sum", "candidate"]
    board = scene.board  # a^n_t -> tanh -> n_t, on screen at the end: the unit outlined in both columns
    for column, strip in zip(board.columns, board.strips):
        outline = column[-1] if column is not board.columns[-1] else column[-2]
        assert np.allclose(outline.get_center(), strip.cell(k).get_center())
    assert term("reset_lets_through", scene.lang, k=k + 1, share=format_percent(r)) in texts_on_screen(scene)


def test_the_update_scene_marks_the_convention_the_traces_h_was_computed_with(demo):
    scene = demo["update-gate"]
    trace, t = scene.trace, scene.step
    assert scene.marked == "pytorch"
    assert GRU_UPDATE == {"pytorch": r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}",
                          "colah": r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot n_t"}
    z, n, h_prev, h = (trace.get(name) for name in ("z", "n", "h_prev", "h"))
    np.testing.assert_allclose(CONVENTIONS[scene.marked](z, n, h_prev), h, rtol=0, atol=1e-6)
    assert np.abs(CONVENTIONS["colah"](z, n, h_prev) - h).max() > 0.1  # the other way would be other numbers
    on_screen = maths_on_screen(scene)
    assert GRU_UPDATE["pytorch"] in on_screen and GRU_UPDATE["colah"] in on_screen
    marked, other, _ = scene.conventions
    assert r"\checkmark" in [m.tex_string for m in marked.get_family() if hasattr(m, "tex_string")]
    assert term("convention_in_use", scene.lang) in texts_on_screen(scene)
    for k, marks in enumerate(scene.mix.marks):  # each unit's new state, between its old state and its candidate
        assert np.allclose(marks["h"].get_center(), scene.mix.value_point(k, h[t, k]))


def test_gate_scenes_take_a_step_and_a_unit_and_refuse_others_in_one_line(media):
    trace = recorded("gru", steps=3)
    scene = run(media, ResetGateScene, trace=trace, explain_step=1, unit=2, lang="zh", still=True)
    assert (scene.step, scene.unit) == (0, 1)
    assert scene.counter.text == "GRU · 时间步 1 / 3"
    assert term("candidate_hidden", "zh") in texts_on_screen(scene)
    r = trace.get("r")[0, 1]
    assert term("reset_lets_through", "zh", k=2, share=format_percent(r)) in texts_on_screen(scene)
    with pytest.raises(ValueError, match=r"cannot mark unit 7: the state has units 1..6$"):
        ResetGateScene(trace, unit=7)
    with pytest.raises(ValueError, match=r"cannot explain step 4: the sentence has 3 time steps \(1..3\)$"):
        UpdateGateScene(trace, explain_step=4)
    with pytest.raises(ValueError, match="the reset-gate scene explains a GRU, not an LSTM"):
        ResetGateScene.check_options(recorded("lstm"))
    with pytest.raises(InvalidOption, match=r"^cannot mark unit 9: the state has units 1..6$"):
        render(trace, scene="reset-gate", output=media / "x.png", unit=9, cache=False)


# ---- vs ------------------------------------------------------------------------------------------
def test_vs_counts_the_real_modules_parameters_and_shows_each_final_state_and_prediction(demo):
    scene = demo["vs"]
    lstm, gru = scene.traces["lstm"], scene.traces["gru"]
    assert parameter_formula(lstm) == r"4\,(8\,(8 + 8) + 2 \cdot 8) = 576"
    assert parameter_formula(gru) == r"3\,(8\,(8 + 8) + 2 \cdot 8) = 432"
    for arch, trace in scene.traces.items():
        module = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[arch](trace.input_size, trace.hidden_size)
        counted = sum(p.numel() for p in module.parameters())
        formula, _, result = parameter_formula(trace).rpartition(" = ")
        assert eval(formula.replace(r"\,", "*").replace(r"\cdot", "*")) == int(result) == counted
        side = scene.sides[arch]
        assert side.parameters[1].tex_string == parameter_formula(trace)
        for state, vector in zip(("c", "h") if arch == "lstm" else ("h",), side.final):
            assert same_row(vector.values, trace.get(state)[-1])
        label, prob = trace.prediction[0]
        assert side.prediction[1].original_text.endswith(format_percent(prob))
    assert scene.sides["lstm"].gates[0].original_text == term("gates_n", scene.lang, n=3)
    assert scene.sides["gru"].gates[0].original_text == term("gates_n", scene.lang, n=2)
    # the h_T rows stand level, so the two final states read across
    assert scene.sides["lstm"].final[-1].get_y() == pytest.approx(scene.sides["gru"].final[-1].get_y())


def test_vs_names_the_gates_and_states_in_their_colours_beside_diagrams_too_small_for_wire_names(demo):
    scene = demo["vs"]
    for arch, side in scene.sides.items():
        assert side.cell.labels == {} and side.cell.label_group not in side.cell.get_family()
        symbols = symbols_for(arch)
        named = {"gates": [g for g in symbols.gates if symbols.activations[g] == "sigmoid"], "states": list(symbols.states)}
        for row, arrays in named.items():
            formula = getattr(side, row)[1]
            assert [piece.tex_string for piece in formula[::2]] == [tex(name) for name in arrays]
            for piece, name in zip(formula[::2], arrays):
                assert piece.get_color().to_hex().upper() == scene.theme.array_color(name).upper()


def test_variants_holds_each_steps_numbers_before_the_next_replaces_them(scene_render):
    scene = scene_render("variants", "gru").scene
    timing = scene.theme.timing
    assert scene.time >= scene.trace.steps * (timing.move + timing.hold)


def test_a_multi_layer_module_shows_its_count_alone():
    torch.manual_seed(0)
    trace = rnnviz.record(torch.nn.GRU(3, 4, num_layers=2), torch.randn(2, 3))
    assert parameter_formula(trace) == str(trace.parameter_count())


# ---- variants ----------------------------------------------------------------------------------------
def test_variants_shows_both_gru_variants_and_their_real_difference_step_by_step(demo):
    scene = demo["variants"]
    pytorch, cho = scene.traces["gru"], scene.traces["gru:cho"]
    assert (pytorch.variant, cho.variant) == ("pytorch", "cho")
    last = pytorch.steps - 1
    for name in ("n", "h"):
        gap = variant_gap(pytorch, cho, name)
        assert same_row(scene.strips[(name, "pytorch")].values, pytorch.get(name)[last])
        assert same_row(scene.strips[(name, "cho")].values, cho.get(name)[last])
        assert same_row(scene.strips[(name, "difference")].values, gap[last])
        assert np.abs(gap[0]).max() > 1e-3  # the candidates differ from the first step on
    drift = variant_drift(pytorch, cho, "h")
    assert [value[1].original_text for value in scene.history.values] == [format_value(v) for v in drift]
    for row, variant in zip(scene.formulas, ("pytorch", "cho")):
        assert row[1].tex_strings == list(GRU_CANDIDATE_PARTS[variant])
        assert row.diff.get_color().to_hex().upper() == scene.theme.part("reset").upper()
    assert term("variant_cho", scene.lang) in texts_on_screen(scene)


def test_variants_refuses_two_traces_that_are_not_one_network_in_two_variants():
    pytorch = Trace.load(demo_trace_path("gru"))
    with pytest.raises(ValueError, match=r"the trace given for gru:cho records gru"):
        VariantsScene({"gru": pytorch, "gru:cho": pytorch})
    torch.manual_seed(1)
    other = rnnviz.record(torch.nn.GRU(8, 8), torch.from_numpy(pytorch.get("x")), variant="cho")
    other.attach(tokens=pytorch.tokens)
    with pytest.raises(ValueError, match="different weights"):
        VariantsScene({"gru": pytorch, "gru:cho": other})


def test_variants_renders_from_two_saved_traces_and_refuses_one(tmp_path, svg_cache, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(svg_cache))
    files = [demo_trace_path("gru"), demo_trace_path("gru", variant="cho")]
    path = render(files, scene="variants", output=tmp_path / "variants.png", size=(96, 54), cache=False)
    assert path.stat().st_size > 0
    with pytest.raises(InvalidOption, match=r"^the scene 'variants' reads the traces of gru, gru:cho; got gru$"):
        render(files[0], scene="variants", output=tmp_path / "one.png", cache=False)


# ---- no variant drawn as another ----------------------------------------------------------------
def test_a_cho_trace_is_refused_by_scenes_that_draw_pytorchs_formulas(tmp_path):
    cho = Trace.load(demo_trace_path("gru", variant="cho"))
    with pytest.raises(ValueError, match="GRUStepScene draws the pytorch variant's formulas; this trace is of the cho"):
        GRUStepScene(cho)
    with pytest.raises(InvalidOption, match=r"the scene 'step' reads the trace of gru; got gru:cho \(the cho variant's"):
        render(cho, scene="step", output=tmp_path / "step.png", cache=False)
    with pytest.raises(InvalidOption, match=r"not gru \(gru:cho: gru in the cho variant's formulas\)$"):
        render(cho, scene="reset-gate", arch="gru", output=tmp_path / "reset.png", cache=False)
    assert not list(tmp_path.iterdir())  # refused before anything was written


def test_the_rounding_note_under_the_candidates_sum_stays_whole_on_the_frame(media):
    """The reset-gate's panel reaches down to the frame's margin: the note under its sum's cells
    (printed digits that do not add up) moves closer to them rather than off the frame."""
    with tiny_config(media):
        scene = ResetGateScene()
        scene.setup()
        scene.lay_out(scene.step)
        phase = scene.phases["candidate_sum"]
        board = scene.make_board([scene.vector(o, scene.step) for o in phase.shown], ["+", "="])
        note = board.rounding_note((0, 1), 2)
        assert note is not None  # the demo's step 4: -0.96 + -0.14 = -1.09
        scene.add_note(board, note)
        cells = min(strip.get_bottom()[1] for strip in board.strips)
        assert -config.frame_height / 2 <= note.get_bottom()[1] and note.get_top()[1] <= cells
        assert scene.panel.left <= note.get_left()[0] and note.get_right()[0] <= scene.panel.right
