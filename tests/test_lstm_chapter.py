"""The LSTM chapter's one-step scenes: forget-gate, input-gate, cell-state, output-gate."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
from manim import VGroup
from click.testing import CliRunner
from scene_support import assert_boards_show, media, recorded, run, same_row, texts_on_screen  # noqa: F401  (media: a fixture)

from rnnviz.analysis.focus import telling_step, telling_unit
from rnnviz.cli import main
from rnnviz.core.trace import Trace
from rnnviz.mobjects.cells import ProjectedLSTMCell
from rnnviz.mobjects.labels import term
from rnnviz.core.units import unit_sums
from rnnviz.mobjects.symbols import GRU_UPDATE, symbols_for, tex
from rnnviz.mobjects.text import format_value, make_math
from rnnviz.models.demo import demo_trace_path
from rnnviz.scenes.lstm_chapter import (
    CELL_CALLOUTS,
    GATE_IDEAS,
    CellScene,
    CellStateScene,
    EquationsScene,
    column_name,
    ForgetGateScene,
    GatesScene,
    InputGateScene,
    OutputGateScene,
    symbolic_lines,
    unit_lines,
)

SCENES = {"forget-gate": ForgetGateScene, "input-gate": InputGateScene, "cell-state": CellStateScene,
          "output-gate": OutputGateScene}

#: The columns each scene shows, board by board, as Trace arrays (or their products).
BOARDS = {
    "forget-gate": [["x", "h_prev"], ["pre_f", "f"], ["f", "c_prev", "f*c_prev"]],
    "input-gate": [["x", "h_prev"], ["pre_i", "i"], ["pre_g", "g"], ["i", "g", "i*g"]],
    "cell-state": [["f", "c_prev", "f*c_prev"], ["i", "g", "i*g"], ["f*c_prev", "i*g", "c"]],
    "output-gate": [["x", "h_prev"], ["pre_o", "o"], ["c", "tanh_c"], ["o", "tanh_c", "h"]],
}


def row(trace: Trace, name: str, t: int) -> np.ndarray:
    """What a column called ``name`` must hold at step ``t``, read from the trace itself."""
    get = lambda array: trace.get(array)[t]  # noqa: E731
    products = {"f*c_prev": lambda: get("f") * get("c_prev"), "i*g": lambda: get("i") * get("g")}
    return products[name]() if name in products else get(name)


@pytest.fixture(scope="module")
def demo(scene_render):
    """Every one-step scene on the demo trace at its default step, as the registry test renders
    it (conftest.py: dark, Chinese), after its last frame."""
    return {scene_id: scene_render(scene_id, "lstm").scene for scene_id in SCENES}


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_each_scene_shows_the_traces_rows_of_the_step_it_explains(demo, scene_id):
    scene = demo[scene_id]
    trace = scene.trace
    t = scene.step
    assert t == telling_step(trace) == 3  # "it": c_{t-1} is far from zero and the forget gate drops most
    assert np.abs(trace.get("c_prev")[t]).max() > 1.0
    assert_boards_show(scene, BOARDS[scene_id], row)
    assert scene.counter.text == f"LSTM · {term('time_step', scene.lang)} 4 / 4"
    assert [chip.look for chip in scene.chips] == ["dim"] * 3 + ["lit"]
    assert 8.0 <= scene.time <= 20.0  # a figure that loops on a slide


def test_the_forget_gates_product_is_drawn_unit_by_unit_from_the_trace(demo):
    scene = demo["forget-gate"]
    trace, t = scene.trace, scene.step
    f, c_prev, kept = scene.board.strips
    assert same_row(f.values, trace.get("f")[t]) and same_row(c_prev.values, trace.get("c_prev")[t])
    # units near 0 fade out, near 1 keep their value
    shut, open_ = np.argmin(f.values), np.argmax(f.values)
    assert abs(kept.values[shut]) < 0.2 * abs(c_prev.values[shut])
    assert abs(kept.values[open_]) > 0.85 * abs(c_prev.values[open_])


def test_a_later_phase_takes_on_the_column_it_uses_again(demo):
    (_, _, forget), (_, _, inputs), (_, _, total) = demo["cell-state"].played
    # i_t * g_t moved over from the input gate's board into the sum; the sum's first term came anew
    assert total.strips[1] is not inputs.strips[2] and same_row(total.strips[1].values, inputs.strips[2].values)
    assert same_row(total.strips[0].values, forget.strips[2].values)


def test_a_still_of_a_chosen_step_in_chinese_is_the_finished_product(media):
    trace = recorded("lstm", steps=3)
    scene = run(media, ForgetGateScene, trace=trace, explain_step=2, lang="zh", still=True)
    assert scene.step == 1 and scene.counter.text == "LSTM · 时间步 2 / 3"
    assert same_row(scene.board.strips[1].values, trace.get("c_prev")[1])
    assert scene.board in scene.mobjects  # a still ends on its product, not faded back to the opening
    assert term("forget_gate", "zh") in texts_on_screen(scene)


def test_a_projected_lstm_projects_the_output_gates_product_with_w_hr(media):
    trace = recorded("lstm", steps=1, proj_size=3)
    scene = run(media, OutputGateScene, trace=trace)
    assert isinstance(scene.cell, ProjectedLSTMCell)
    names = [[o.name for o in phase.shown] for phase, _, _ in scene.played]
    assert names[-2:] == [["o", "tanh_c", "h_full"], ["h_full", "h"]]
    h_full, h = scene.board.strips
    assert same_row(h_full.values, trace.get("h_full")[0]) and same_row(h.values, trace.get("h")[0])
    assert h.size == 3
    assert term("projection_sizes", "en", hidden=6, proj=3) in texts_on_screen(scene)


@pytest.mark.parametrize(("explain_step", "message"), [(0, "step 0"), (5, "step 5"), (True, "step True")])
def test_a_step_outside_the_sentence_is_a_one_line_error(explain_step, message):
    with pytest.raises(ValueError, match=rf"cannot explain {message}: the sentence has 4 time steps \(1..4\)$"):
        ForgetGateScene(explain_step=explain_step)
    with pytest.raises(ValueError, match="explains an LSTM, not a GRU"):
        ForgetGateScene.check_options(recorded("gru"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--explain-step", "5"], "Error: cannot explain step 5: the sentence has 4 time steps (1..4)\n"),
        (["--explain-step", "0"], "Error: Invalid value for '--explain-step': 0 is not in the range x>=1. "
                                  "(see `rnnviz render --help`)\n"),
        (["--unit", "2"], "Error: the scene 'forget-gate' takes no --unit (its scene options: --explain-step, --units)\n"),
    ],
)
def test_out_of_range_options_exit_2_with_one_line_and_write_nothing(tmp_path, monkeypatch, args, message):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    shutil.copy(demo_trace_path("lstm"), tmp_path / "lstm.json")
    result = CliRunner().invoke(main, ["render", "lstm", "--trace", "lstm.json", "--scene", "forget-gate", *args],
                                prog_name="rnnviz")
    assert (result.exit_code, result.output) == (2, message)
    assert not list(tmp_path.glob("*.gif"))


# ---- equations --------------------------------------------------------------------------------------
def numbers(line: str) -> list[float]:
    """The numbers of a substituted line, signs folded back in (``0.52 - 0.31`` -> 0.52, -0.31)."""
    return [float(x) for x in re.findall(r"-?\d+\.\d\d", line.replace(" - ", " + -"))]


@pytest.mark.parametrize(
    ("arch", "options"),
    [("lstm", {}), ("gru", {}), ("rnn", {"nonlinearity": "relu"}), ("lstm", {"proj_size": 2, "bias": False})],
)
def test_every_number_substituted_is_the_cores_for_that_unit(arch, options):
    trace = recorded(arch, steps=3, **options)
    step, unit = 2, 4
    sums = unit_sums(trace, step, unit)
    lines = unit_lines(trace, step, unit, proj_unit=1)
    symbolic = symbolic_lines(trace)
    assert len(lines) == len(symbolic) == len(symbols_for(arch).equations) + (1 if options.get("proj_size") else 0)
    assert all(line.startswith(f"{tex(gate)}[5] = ") for gate, line in zip(sums, lines))  # the viewer counts from 1
    r2 = lambda values: [round(float(v), 2) + 0.0 for v in values]  # noqa: E731
    for (gate, s), line in zip(sums.items(), lines):
        parts = [s.input.value, s.input_bias, s.hidden.value, s.hidden_bias] if trace.bias else [s.input.value, s.hidden.value]
        if s.reset is not None:
            parts = [*parts[:2], s.reset, *parts[2:]]
        assert numbers(line) == r2([*parts, s.pre, s.value]), line
    get = lambda name, k=unit: float(trace.get(name)[step, k])  # noqa: E731
    if arch == "lstm":
        c_line, *h_lines = lines[4:]
        kept, written = get("f") * get("c_prev"), get("i") * get("g")
        assert numbers(c_line) == r2([get("f"), get("c_prev"), get("i"), get("g"), kept, written, get("c")])
        if options.get("proj_size"):
            assert numbers(h_lines[0]) == r2([get("o"), get("c"), get("o"), get("tanh_c"), get("h_full")])
            assert h_lines[1] == rf"h_{{t}}[2] = W_{{hr}}[2,:] \cdot (o_{{t}} \odot \tanh(c_{{t}})) = {get('h', 1):.2f}"
            assert not any("b_" in line for line in symbolic)  # no biases in a module without them
        else:
            assert numbers(h_lines[0]) == r2([get("o"), get("c"), get("o"), get("tanh_c"), get("h")])
    if arch == "gru":
        z = get("z")
        expected = [z, get("n"), z, get("h_prev"), (1 - z) * get("n"), z * get("h_prev"), get("h")]
        assert numbers(lines[3].replace("(1 - ", "(1 ~ ")) == r2(expected)
    if arch == "rnn":
        assert r"\mathrm{ReLU}" in lines[0] and r"\mathrm{ReLU}" in symbolic[0]


def test_the_equations_scene_frames_the_unit_in_the_steps_vectors(scene_render):
    scene = scene_render("equations", "lstm").scene
    trace, t, k = scene.trace, scene.step, scene.unit
    assert (t, k) == (telling_step(trace), telling_unit(trace, t))
    assert [m.tex_string for m in scene.numeric] == unit_lines(trace, t, k)
    assert [m.tex_string for m in scene.symbolic] == symbolic_lines(trace)
    for name, strip in zip(scene.vector_names, scene.board.strips):
        assert same_row(strip.values, trace.get(name)[t]) and strip.units == max(8, k + 1)  # down to unit k
    rows = [strip.cell(k).get_center()[1] for strip in scene.board.strips]
    assert [frame.get_center()[1] for frame in scene.frames] == pytest.approx(rows)
    assert scene.counter.text == f"LSTM · {term('time_step', scene.lang)} 4 / 4"
    assert 8.0 <= scene.time <= 30.0


def test_a_chosen_unit_is_one_based_and_out_of_range_is_a_one_line_error(tmp_path, monkeypatch):
    assert EquationsScene(unit=2, explain_step=1).unit == 1
    with pytest.raises(ValueError, match=r"cannot write out unit 9: the cell has 8 units \(1..8\)$"):
        EquationsScene(unit=9)
    trace = recorded("gru")
    trace.weights = None
    with pytest.raises(ValueError, match="the equations need the model's weights"):
        EquationsScene(trace)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    shutil.copy(demo_trace_path("gru"), tmp_path / "gru.json")
    result = CliRunner().invoke(main, ["render", "gru", "--trace", "gru.json", "--scene", "equations", "--unit", "9"])
    assert (result.exit_code, result.output) == (2, "Error: cannot write out unit 9: the cell has 8 units (1..8)\n")
    assert not list(tmp_path.glob("*.gif"))


# ---- chain, cell, gates ---------------------------------------------------------------------------------
@pytest.mark.parametrize("arch", ["lstm", "gru", "rnn"])
def test_the_chain_shows_each_steps_states_and_its_belt_runs_through_every_cell(scene_render, arch):
    rendered = scene_render("chain", arch)
    assert rendered.scene.steps == list(range(4))  # the whole demo sentence fits a 16:9 frame
    scene = rendered.still  # all states shown (in a narrower frame, fewer cells: the last steps)
    trace = scene.trace
    assert scene.steps == list(range(4 - len(scene.cells), 4)) and len(scene.cells) >= 2
    for state in scene.symbols.states:
        for t, strip, name in zip(scene.steps, scene.strips[state], scene.names[state]):
            assert same_row(strip.values, trace.get(state)[t]) and name.tex_string == tex(state, step=t + 1)
            assert strip in scene.get_mobject_family_members()
    assert [chip.text for chip in scene.chips] == trace.tokens[scene.steps[0]:]
    # the belt: the carried state's wire leaves each cell where the next cell's begins
    belt = "c" if arch == "lstm" else "h"
    for left, right in zip(scene.cells, scene.cells[1:]):
        assert np.allclose(left.wires[f"{belt}_out"].end, right.wires[f"{belt}_prev"].start, atol=1e-6)


@pytest.mark.parametrize("arch", ["lstm", "gru", "rnn"])
def test_the_cell_names_every_part_beside_it_without_overlaps(scene_render, arch):
    scene = scene_render("cell", arch).still
    names = [callout.name.original_text for callout in scene.callouts]
    assert names == [term(spec.title, scene.lang) for spec in CELL_CALLOUTS[arch]]
    boxes = [callout.label for callout in scene.callouts] + [scene.legend]
    for k, a in enumerate(boxes):
        for b in boxes[k + 1:]:
            apart = (a.get_right()[0] < b.get_left()[0] or b.get_right()[0] < a.get_left()[0]
                     or a.get_top()[1] < b.get_bottom()[1] or b.get_top()[1] < a.get_bottom()[1])
            assert apart, (a, b)
    for spec, callout in zip(CELL_CALLOUTS[arch], scene.callouts):
        element = scene.cell.element(spec.element)
        end = callout.leader.get_end()  # the leader ends on the element it names
        assert element.get_left()[0] - 1e-6 <= end[0] <= element.get_right()[0] + 1e-6
        assert element.get_bottom()[1] - 1e-6 <= end[1] <= element.get_top()[1] + 1e-6


def test_a_projected_lstms_cell_names_w_hr(media):
    scene = run(media, CellScene, trace=recorded("lstm", steps=1, proj_size=3), still=True)
    assert isinstance(scene.cell, ProjectedLSTMCell)
    (projection,) = [callout for callout in scene.callouts if callout.name.original_text == term("projection", "en")]
    assert projection.label[-1].tex_string == "W_{hr}"  # typeset, not "W_hr" in plain text


@pytest.mark.parametrize("arch", ["lstm", "gru"])
def test_the_gates_light_one_at_a_time_and_the_end_names_them_all(scene_render, arch):
    rendered = scene_render("gates", arch)
    scene = rendered.scene
    ideas = [idea for idea, *_ in GATE_IDEAS[arch]]
    assert [focus for focus, _ in scene.lit] == [(idea,) for idea in ideas]
    for idea, (_, active) in zip(ideas, scene.lit):
        assert set(active) == scene.cell.focus_names(idea)  # the rest greyed
    for (_, _, name, line), (title, words) in zip(GATE_IDEAS[arch], scene.entries):
        said = term(line, scene.lang)
        assert title[1].original_text == term(name, scene.lang)
        assert (" " if " " in said else "").join(t.original_text for t in words) == said  # wrapped, all of it
    still = rendered.still
    shown = still.get_mobject_family_members()
    assert all(entry in shown for entry in still.entries) and still.cell.focused == ()
    with pytest.raises(ValueError, match="an RNN has none"):
        GatesScene.check_options(recorded("rnn"))


def test_the_chains_readout_prints_the_states_of_the_step_in_focus(scene_render):
    rendered = scene_render("chain", "lstm")
    for scene in (rendered.scene, rendered.still):  # the animation ends on the last step, as the still
        last = scene.steps[-1]
        for vector, state in zip(scene.readout, scene.symbols.states):
            assert same_row(vector.values, scene.trace.get(state)[last]) and vector.tex == tex(state, step=last + 1)
    scene = rendered.scene
    for vector in scene.readout:  # the strips over the cells are colours only; here the values are printed
        assert vector.strip.texts() == [format_value(v) for v in vector.values[:vector.strip.units]]
    assert scene.readout.get_top()[1] < scene.chips.get_bottom()[1]  # under the row, clear of it


@pytest.mark.parametrize("arch", ["lstm", "gru", "rnn"])
def test_the_equations_vectors_print_their_values(scene_render, arch):
    scene = scene_render("equations", arch).scene
    for strip in scene.board.strips:
        assert strip.texts() == [format_value(v) for v in strip.values[:strip.units]]
    block = VGroup(*scene.symbolic, *scene.numeric)
    assert block.get_right()[0] < scene.board.get_left()[0]  # the equations beside the vectors, not under them


def test_a_projected_lstms_product_column_is_named_legibly(media):
    trace = recorded("lstm", steps=2, hidden=8, proj_size=4)
    scene = run(media, EquationsScene, trace=trace, still=True)
    assert scene.vector_names == ["i", "f", "g", "o", "c", "h_full", "h"]
    label = scene.board.labels[5]
    assert label.tex_string == column_name("h_full") and "\\\\" in label.tex_string  # on two lines
    assert label.height >= 0.7 * make_math(column_name("h_full"), scene.theme).height  # not shrunk to a column
    for a, b in zip(scene.board.labels, scene.board.labels[1:]):
        assert a.get_right()[0] < b.get_left()[0]
    for strip in scene.board.strips:
        assert strip.texts()


def test_the_gru_cell_states_pytorchs_update_and_the_legend_reads_on_one_baseline(scene_render):
    scene = scene_render("cell", "gru").scene
    formula, words = scene.note
    assert formula.tex_string == GRU_UPDATE["pytorch"] and words.original_text == term("pytorch_z", scene.lang)
    assert scene.note.get_bottom()[1] > scene.legend.names[0].get_top()[1]  # over the legend
    bottoms = [name.get_bottom()[1] for name in scene.legend.names]
    assert max(bottoms) - min(bottoms) < 0.01  # "copy" level with "vector" (a pixel at 720p is 0.011)
    assert scene_render("cell", "lstm").scene.note is None


def test_the_grus_hidden_state_is_lit_from_the_old_state_to_the_new(scene_render):
    scene = scene_render("gates", "gru").scene
    focus, active = scene.lit[-1]
    assert focus == ("states",) and {"h_prev", "mul_z", "zh_out", "add_h", "h_out"} <= set(active)
    entry = scene.entries[1]  # the update gate's line says which state z weights
    assert "OLD" in term("update_gate_decides", "en") and "旧状态" in term("update_gate_decides", "zh")
    assert entry[0][1].original_text == term("update_gate", scene.lang)
