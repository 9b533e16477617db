"""The palette, measured: gate cells, value cells, parts and tokens cannot be confused (CIEDE2000)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from rnnviz.mobjects.colors import CVD_KINDS, contrast_ratio, delta_e2000, simulate_cvd, srgb_to_lab
from rnnviz.mobjects.theme import GATE_PARTS, PART_COLORS, THEMES, TOKEN_COLORS, get_theme

OPEN = np.round(np.arange(0.30, 1.0001, 0.01), 2)  # every openness a gate cell is drawn at, from 0.3
VALUES = np.round(np.arange(-1.0, 1.0001, 0.01), 2)  # every value the diverging map draws


def labs(colors) -> np.ndarray:
    return np.array([srgb_to_lab(c) for c in colors])


def distance_table(theme) -> dict[str, tuple[float, float, float]]:
    """Per gate: the least ΔE2000 between any of its cells at 0.3 open or more and any value cell,
    with the openness and the value where it occurs."""
    values = labs([theme.diverging(v) for v in VALUES])
    table = {}
    for part in GATE_PARTS:
        gate = labs([theme.sequential(v, theme.part(part)) for v in OPEN])
        d = delta_e2000(gate[:, None, :], values[None, :, :])  # (openness, value)
        k, j = np.unravel_index(np.argmin(d), d.shape)
        table[part] = (float(d[k, j]), float(OPEN[k]), float(VALUES[j]))
    return table


@pytest.mark.parametrize("name", sorted(THEMES))
def test_a_gate_cell_can_never_be_mistaken_for_a_value_cell(name):
    table = distance_table(get_theme(name))
    report = "\n".join(f"{part:8s} ΔE {d:5.1f} (gate {v:.2f} vs value {x:+.2f})" for part, (d, v, x) in table.items())
    assert min(d for d, _, _ in table.values()) >= 12, f"{name} theme:\n{report}"


def test_the_issue_8_collisions_are_gone():
    """rnnviz 0.1 drew a forget gate at 0.92 like a value of 0.72, and an input gate at 0.35 like a
    value of -0.39 (light theme); both pairs are now far apart."""
    theme = get_theme("light")
    for gate, openness, value in (("forget", 0.92, 0.72), ("input", 0.35, -0.39)):
        gate_lab = srgb_to_lab(theme.sequential(openness, theme.part(gate)))
        assert delta_e2000(gate_lab, srgb_to_lab(theme.diverging(value))) >= 12


def test_token_colours_are_far_from_every_part_colour():
    d = delta_e2000(labs(TOKEN_COLORS)[:, None, :], labs(PART_COLORS.values())[None, :, :])
    k, p = np.unravel_index(np.argmin(d), d.shape)
    assert d.min() >= 12, f"token {TOKEN_COLORS[k]} vs part {list(PART_COLORS)[p]}: ΔE {d.min():.1f}"


@pytest.mark.parametrize("vision", ["normal", *CVD_KINDS])
def test_twelve_token_colours_stay_distinct_also_for_colour_blind_viewers(vision):
    seen = TOKEN_COLORS if vision == "normal" else [simulate_cvd(c, vision) for c in TOKEN_COLORS]
    least = min(delta_e2000(srgb_to_lab(a), srgb_to_lab(b)) for a, b in itertools.combinations(seen, 2))
    assert len(set(TOKEN_COLORS)) == 12
    assert least >= (15 if vision == "normal" else 10)


def test_part_colours_are_distinct_and_wires_show_on_both_backgrounds():
    least = min(delta_e2000(srgb_to_lab(a), srgb_to_lab(b)) for a, b in itertools.combinations(PART_COLORS.values(), 2))
    assert least >= 15
    for color in PART_COLORS.values():
        for theme in THEMES.values():
            assert contrast_ratio(color, theme.background) >= 2.2, (color, theme.name)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_chip_text_reads_on_every_token_colour_also_dimmed(name):
    theme = get_theme(name)
    for color in TOKEN_COLORS:
        assert contrast_ratio(theme.text_on(color), color) >= 4.5
        dimmed = theme.dim(color)
        assert contrast_ratio(theme.text_on(dimmed), dimmed) >= 3.0
        assert dimmed != color  # read tokens do look read
    assert theme.token_color(12) == theme.token_color(0) and theme.token_color(11) != theme.token_color(0)
