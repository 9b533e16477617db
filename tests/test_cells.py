"""Cell diagrams and their parts: topology, focus panels, ports, pulses, pixels."""

from __future__ import annotations

import numpy as np
import pytest
from manim import LEFT, UP, ShowPassingFlash
from mobject_frame import hex_rgb, pixel_at, render_mobject

from rnnviz.mobjects.cells import CELLS, GRUCell, LSTMCell, ProjectedLSTMCell, RNNCell, cell_for
from rnnviz.mobjects.layer import LayerBox
from rnnviz.mobjects.ops import PointwiseOp
from rnnviz.mobjects.theme import get_theme
from rnnviz.mobjects.wire import Wire


@pytest.fixture(params=[*sorted(CELLS), "lstm+proj"])
def cell(request):
    arch, _, proj = request.param.partition("+")
    return cell_for(arch, get_theme("light"), proj=bool(proj))


def test_every_focus_and_flow_name_is_an_element(cell):
    elements = cell.elements
    for idea, names in cell.FOCUS.items():
        assert set(names) <= set(elements), idea
    for idea, stages in cell.FLOW.items():
        assert idea in cell.FOCUS
        for stage in stages:
            assert set(stage) <= set(cell.wires), idea
    assert set(cell.PASS) <= set(cell.FLOW)


def test_focus_greys_exactly_the_other_elements_and_unfocus_restores(cell):
    for idea in cell.FOCUS:
        keep = cell.focus_names(idea)
        cell.focus(idea)
        active = {name for name in cell.elements if cell.is_active(name)}
        assert active == keep, idea
    cell.unfocus()
    assert all(cell.is_active(name) for name in cell.elements)


def test_focus_on_a_copy_leaves_the_original(cell):
    idea = next(iter(cell.FOCUS))
    copy = cell.copy().focus(idea)
    assert not all(copy.is_active(name) for name in copy.elements)
    assert all(cell.is_active(name) for name in cell.elements)


def test_unknown_idea_and_element_are_clear_errors(cell):
    with pytest.raises(KeyError, match="no idea 'nope'"):
        cell.focus("nope")
    with pytest.raises(KeyError, match="no element"):
        cell.element("nope")
    with pytest.raises(KeyError, match="no port"):
        cell.port("nope")


def test_ports_are_the_outer_ends_of_the_wires_and_follow_moves(cell):
    assert np.allclose(cell.port("x"), cell.wires["x"].start)
    assert np.allclose(cell.port("h_prev"), cell.wires["h_prev"].start)
    assert cell.port("h")[0] > cell.body.get_right()[0]  # h_t leaves on the right
    before = cell.port("h_prev")
    cell.scale(1.5).shift(2 * LEFT + UP)
    assert np.allclose(cell.port("h_prev"), cell.wires["h_prev"].start)
    assert not np.allclose(cell.port("h_prev"), before)


def test_lstm_topology_matches_colah():
    cell = LSTMCell()
    assert {k: b.activation for k, b in cell.layers.items()} == {"f": "sigmoid", "i": "sigmoid", "g": "tanh", "o": "sigmoid"}
    # the cell state is one straight line across the top, through x then +
    y = cell.wires["c_prev"].start[1]
    for name in ("c_prev", "c_kept", "c_out"):
        assert np.allclose([p[1] for p in cell.wires[name].corners], y)
    assert cell.ops["mul_f"].get_x() < cell.ops["add_c"].get_x()
    # the forget gate's output enters the x on the cell-state line
    assert np.isclose(cell.wires["f_out"].end[0], cell.ops["mul_f"].get_x())


def test_a_projected_lstm_multiplies_o_t_and_tanh_c_t_then_projects_to_h_t():
    cell = cell_for("lstm", proj=True)
    assert isinstance(cell, ProjectedLSTMCell) and not isinstance(cell_for("lstm"), ProjectedLSTMCell)
    proj = cell.layers["proj"]
    assert proj.activation == "linear" and proj.symbol_text == "W"
    # o_t * tanh(c_t) drops from the x into W; only W's output leaves the cell, as h_t
    assert cell.wires["h_full_out"].carries == "h_full" and cell.wires["h_out"].carries == "h"
    assert np.isclose(cell.wires["h_full_out"].start[0], cell.ops["mul_o"].get_x())
    assert np.isclose(cell.wires["h_full_out"].end[1], proj.get_top()[1])
    assert np.allclose(cell.wires["h_out"].start, proj.get_right())
    assert np.allclose(cell.wires["h_out"].end, cell.port("h"))
    assert cell.focus_names("output") & cell.focus_names("project") == {"h_full_out"}
    assert cell.PASS[-1] == "project"
    with pytest.raises(ValueError, match="only an LSTM has a projection"):
        cell_for("gru", proj=True)


def test_gru_is_drawn_in_pytorch_convention():
    cell = GRUCell()
    mul_z = cell.ops["mul_z"]
    # z multiplies the OLD state on the state line; 1 - z multiplies the candidate
    assert np.isclose(cell.wires["z_up"].end[0], mul_z.get_x())
    assert np.isclose(cell.wires["h_prev"].end[0], mul_z.get_left()[0])
    assert np.isclose(cell.wires["omz_out"].end[0], cell.ops["mul_n"].get_left()[0])
    assert np.isclose(cell.wires["n_out"].end[0], cell.ops["mul_n"].get_x())
    assert cell.ops["one_minus"].kind == "one_minus"
    # the reset scales the old state's matrix product W_hn h_{t-1} + b_hn, drawn as its own layer
    # between the bus and the reset's x (Cho et al. would reset h_{t-1} before it)
    hn, mul_r = cell.layers["hn"], cell.ops["mul_r"]
    assert hn.activation == "linear" and cell.wires["to_hn"].carries == "hn"
    assert np.allclose(cell.wires["to_whn"].end[:2], [hn.get_x(), hn.get_bottom()[1]], atol=1e-6)
    assert np.allclose(cell.wires["to_hn"].start[:2], [hn.get_x(), hn.get_top()[1]], atol=1e-6)
    assert np.isclose(cell.wires["to_hn"].end[1], mul_r.get_bottom()[1])
    assert hn.get_top()[1] < mul_r.get_bottom()[1] and hn.get_bottom()[1] > cell.wires["bus"].start[1]
    assert {"to_whn", "hn", "to_hn"} <= cell.focus_names("recurrent")


def test_rnn_relu_layer():
    assert RNNCell(nonlinearity="relu").layers["layer"].symbol_text == "ReLU"
    with pytest.raises(ValueError, match="nonlinearity"):
        RNNCell(nonlinearity="gelu")


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_focused_layer_keeps_its_colour_and_the_rest_is_muted_in_pixels(theme_name):
    theme = get_theme(theme_name)
    cell = LSTMCell(theme=theme).focus("forget")
    frame = render_mobject(cell, theme, width=640, height=360)
    # a point inside each box, clear of its symbol
    corner = np.array([0.2, 0.15, 0.0])
    forget = pixel_at(frame, cell.layers["f"].get_corner(LEFT + UP) + corner * [1, -1, 0])
    output = pixel_at(frame, cell.layers["o"].get_corner(LEFT + UP) + corner * [1, -1, 0])
    assert np.abs(forget - hex_rgb(theme.part("forget"))).max() <= 3
    assert np.abs(output - hex_rgb(theme.muted)).max() <= 3


def test_wires_take_the_colour_of_what_they_carry_and_pulse_in_it():
    theme = get_theme("light")
    cell = LSTMCell(theme=theme)
    assert cell.wires["f_out"].carried_color == theme.part("forget")
    assert cell.wires["c_out"].carried_color == theme.part("cell")
    assert cell.wires["bus"].carried_color == theme.foreground
    pulse = cell.wires["f_out"].pulse(run_time=0.5)
    assert isinstance(pulse, ShowPassingFlash) and pulse.run_time == 0.5
    flow = cell.flow("forget")
    assert flow.run_time == pytest.approx(len(LSTMCell.FLOW["forget"]) * theme.timing.pulse)


def test_wire_pieces_are_even_so_pulses_keep_one_speed():
    wire = Wire((0, 0, 0), (3, 0, 0), (3, 0.5, 0), carries="c")
    assert wire.length == pytest.approx(3.5)
    anchors = wire.path.get_anchors()
    steps = np.linalg.norm(np.diff(anchors[::2], axis=0), axis=1)
    assert steps.max() / steps.min() < 1.3
    assert wire.tip is not None and np.allclose(wire.tip.tip_point, (3, 0.5, 0))


def test_bad_parts_are_clear_errors():
    with pytest.raises(ValueError, match="unknown operation"):
        PointwiseOp("div")
    with pytest.raises(ValueError, match="unknown activation"):
        LayerBox("softmax", part="forget")
    with pytest.raises(ValueError, match="unknown part"):
        LayerBox("sigmoid", part="nope")
    with pytest.raises(ValueError, match="at least two points"):
        Wire((0, 0, 0), carries="h")
    with pytest.raises(ValueError, match="unknown architecture"):
        cell_for("transformer")
