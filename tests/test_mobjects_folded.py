"""The folded cell with its self-loops, and the unrolled chain."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from mobject_frame import hex_rgb, pixel_at, render_mobject

from rnnviz.mobjects.chain import ShareWeights, UnrolledChain
from rnnviz.mobjects.folded import CarryAround, FoldedCell
from rnnviz.mobjects.symbols import symbols_for
from rnnviz.mobjects.theme import get_theme

THEME = get_theme("light")
RNG = np.random.default_rng(3)


def states(arch: str, units: int = 4) -> dict[str, np.ndarray]:
    return {state: np.tanh(RNG.normal(size=units)) for state in symbols_for(arch).states}


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_one_loop_per_carried_state_nested_without_crossing(arch):
    cell = FoldedCell(arch, states(arch), THEME, output=True).shift([1.0, -0.5, 0.0]).scale(0.7)
    assert list(cell.states) == list(cell.loops) == list(symbols_for(arch).states)
    assert list(cell.layers) == list(symbols_for(arch).gates)
    assert len(cell.loops) == (2 if arch == "lstm" else 1)
    box = cell.box
    loops = [cell.loops[s].path for s in reversed(symbols_for(arch).states)]  # innermost first
    for inner, outer in zip(loops, loops[1:]):
        assert outer.get_left()[0] < inner.get_left()[0] and outer.get_right()[0] > inner.get_right()[0]
        assert outer.get_top()[1] > inner.get_top()[1] + cell.states["c"].height
    for state, vector in cell.states.items():
        path = cell.loops[state].path
        # the strip rides the middle of its loop's top, between its legs, above the box
        assert vector.strip.get_center()[1] == pytest.approx(path.get_top()[1])
        assert path.get_left()[0] < vector.strip.get_left()[0] and vector.strip.get_right()[0] < path.get_right()[0]
        assert vector.get_bottom()[1] > box.get_top()[1]
        # both feet land on the box's top
        assert path.get_start()[1] == pytest.approx(box.get_top()[1]) == pytest.approx(path.get_end()[1])
    assert cell.port("x")[1] < box.get_bottom()[1] and cell.port("out")[0] > box.get_right()[0]
    with pytest.raises(ValueError, match="carries"):
        FoldedCell(arch, {"q": [0.1]}, THEME)


def test_the_same_strip_rides_under_the_box_and_comes_back_with_the_new_values():
    cell = FoldedCell("lstm", states("lstm"), THEME).scale(0.8)
    h = cell.states["h"]
    strip, home = h.strip, h.strip.get_center().copy()
    new = np.array([0.9, -0.9, 0.5, 0.0])
    ride = CarryAround(cell, "h", new, "h_t")
    ride.begin()
    ride.interpolate(0.5)  # mid-ride: shrunk under the box, already holding the new values
    assert h.strip.width < 0.3 * cell.box.width
    assert cell.box.get_left()[0] < h.strip.get_left()[0] and h.strip.get_right()[0] < cell.box.get_right()[0]
    assert h.strip.get_top()[1] < cell.box.get_top()[1] and h.label.get_fill_opacity() == 0.0
    family = cell.get_family()
    assert family.index(cell.box) > family.index(h.strip)  # drawn over the strip: it is hidden
    ride.finish()
    assert h.strip is strip and np.array_equal(h.values, new) and h.tex == "h_t"
    assert np.allclose(h.strip.get_center(), home) and h.label.get_fill_opacity() == 1.0
    assert h.label.get_bottom()[1] > h.strip.get_top()[1]
    with pytest.raises(KeyError, match="carries"):
        CarryAround(FoldedCell("gru", states("gru"), THEME), "c", new, "c_t")


def test_the_strip_on_the_loop_shows_its_values_in_their_colours():
    values = {"h": np.array([-0.9, 0.0, 0.9])}
    cell = FoldedCell("rnn", values, THEME, cell_size=0.8)
    frame = render_mobject(cell.move_to([0.0, 0.0, 0.0]), THEME, 512, 288)
    for k, value in enumerate(values["h"]):
        corner = cell.states["h"].strip.cell(k).get_corner(np.array([-1, 1, 0])) + np.array([0.1, -0.1, 0.0])
        assert np.abs(pixel_at(frame, corner) - hex_rgb(THEME.diverging(value))).max() <= 6


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_chain_copies_pass_each_state_from_step_to_step(arch):
    chain = UnrolledChain(arch, 5, THEME)
    cells = chain.cells[(0, 0)]
    assert [c.get_x() for c in cells] == sorted(c.get_x() for c in cells)
    for state, rows in chain.states.items():
        wires = rows[(0, 0)]
        assert len(wires) == 6
        for t in range(1, 5):  # the wire into step t comes out of step t-1
            assert wires[t].start[0] == pytest.approx(cells[t - 1].get_right()[0])
            assert wires[t].end[0] == pytest.approx(cells[t].get_left()[0])
            assert wires[t].carries == state
        assert wires[0].end[0] == pytest.approx(cells[0].get_left()[0]) and wires[5].start[0] == pytest.approx(cells[4].get_right()[0])
    for t in range(5):
        assert np.allclose(chain.input_point(t)[0], cells[t].get_x())
        assert chain.input_point(t)[1] < cells[t].get_bottom()[1] < cells[t].get_top()[1] < chain.outputs[(0, 0)][t].end[1]


def test_one_weight_colour_per_weight_set_and_every_copy_lit_at_once():
    chain = UnrolledChain("gru", 4, THEME, directions=2)
    forward, backward = chain.cells[(0, 0)], chain.cells[(0, 1)]
    assert {c.weight_color for c in forward} == {THEME.weight_color(0, 0, 2)}
    assert {c.weight_color for c in backward} == {THEME.weight_color(0, 1, 2)} != {THEME.weight_color(0, 0, 2)}
    # the backward row runs right to left under the inputs
    h_back = chain.states["h"][(0, 1)]
    assert h_back[1].start[0] == pytest.approx(backward[2].get_left()[0]) and h_back[1].end[0] == pytest.approx(backward[1].get_right()[0])
    assert backward[0].get_y() < chain.input_point(0)[1] < forward[0].get_y()
    flash = ShareWeights(chain, "hh", direction=1)
    assert len(flash.animations) == 4
    assert {a.mobject.get_tex_string() for a in flash.animations} == {chain.weight_tex("hh", direction=1)}
    stacked = UnrolledChain("rnn", 3, THEME, layers=2)
    assert stacked.weight_tex("ih", layer=1) == "W_{ih}^{(2)}"
    layer2 = stacked.inputs[(1, 0)][0]
    assert layer2.start[1] == pytest.approx(stacked.cell(0).get_top()[1]) and layer2.carries == "h"
    with pytest.raises(ValueError, match="not both"):
        UnrolledChain("rnn", 3, THEME, layers=2, directions=2)
    with pytest.raises(IndexError):
        chain.cell(4)


def test_weight_colours_read_on_both_slides_and_are_unlike_every_other_colour():
    from rnnviz.mobjects.colors import contrast_ratio, delta_e2000, srgb_to_lab
    from rnnviz.mobjects.theme import PART_COLORS, TOKEN_COLORS, WEIGHT_COLORS

    for name in ("light", "dark"):
        theme = get_theme(name)
        others = [*PART_COLORS.values(), *TOKEN_COLORS, *(theme.diverging(v) for v in np.linspace(-1, 1, 41))]
        weights = [theme.weight_color(k) for k in range(len(WEIGHT_COLORS))]
        for k, color in enumerate(weights):
            assert contrast_ratio(color, theme.background) >= 3.0, (name, k)  # WCAG contrast for graphics
            nearest = min(delta_e2000(srgb_to_lab(color), srgb_to_lab(other)) for other in others)
            assert nearest >= 12.0, (name, k, nearest)  # never read as a part, a token or a value
        for a, b in itertools.combinations(weights, 2):
            assert delta_e2000(srgb_to_lab(a), srgb_to_lab(b)) >= 12.0, (name, a, b)
