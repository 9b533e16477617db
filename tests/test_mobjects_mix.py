"""UnitMix: each unit's markers stand at their values, and the knob slides from h_{t-1} to h_t."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Scene

from rnnviz.mobjects.mix import UnitMix
from rnnviz.mobjects.theme import get_theme

H_PREV, N, Z = np.array([0.5, -0.2, 0.9]), np.array([-0.5, 0.8, -0.9]), np.array([0.8, 0.1, 0.5])
H = (1 - Z) * N + Z * H_PREV  # as PyTorch computes it


def test_markers_stand_at_their_values_on_each_units_track():
    mix = UnitMix(H_PREV, N, H, Z, get_theme("dark"))
    assert mix.texts() == ["0.80", "0.10", "0.50"]
    for k in range(3):
        track = mix.tracks[k]
        x_of = lambda v: track.get_start()[0] + (v + 1) / 2 * (track.get_end()[0] - track.get_start()[0])  # noqa: E731
        for name, values in (("h_prev", H_PREV), ("n", N), ("h", H)):
            assert mix.marks[k][name].get_center()[0] == pytest.approx(x_of(values[k]))
            assert mix.marks[k][name].get_center()[1] == pytest.approx(mix.gates.cell(k).get_center()[1])
        # the new state lies between the old state and the candidate
        xs = sorted(mix.marks[k][name].get_center()[0] for name in ("h_prev", "n"))
        assert xs[0] - 1e-9 <= mix.marks[k]["h"].get_center()[0] <= xs[1] + 1e-9


def test_slide_moves_each_knob_from_the_old_state_to_the_new():
    mix = UnitMix(H_PREV, N, H, Z, units=2)
    assert len(mix.marks) == 2 and mix.texts() == ["0.80", "0.10"]
    mix.at_old_state()
    for marks in mix.marks:
        assert np.allclose(marks["h"].get_center(), marks["h_prev"].get_center())
    scene = Scene()
    scene.add(mix)
    animation = mix.slide()
    animation.begin()
    animation.interpolate(1.0)
    animation.finish()
    for k, marks in enumerate(mix.marks):
        assert np.allclose(marks["h"].get_center(), mix.value_point(k, H[k]))


def test_vectors_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="one value per unit"):
        UnitMix(H_PREV, N[:2], H, Z)
