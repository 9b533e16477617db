"""Colour arithmetic against published reference data."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.mobjects.colors import (
    CVD_KINDS,
    contrast_ratio,
    delta_e2000,
    hex_to_rgb,
    mix,
    rgb_to_hex,
    simulate_cvd,
    srgb_to_lab,
)

# Sharma, Wu and Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes,
# supplementary test data, and mathematical observations", Table 1: L1 a1 b1, L2 a2 b2, ΔE00.
SHARMA = np.array([
    [50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425],
    [50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615],
    [50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412],
    [50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000],
    [50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000],
    [50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000],
    [50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669],
    [50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669],
    [50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792],
    [50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792],
    [50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195],
    [50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195],
    [50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045],
    [50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045],
    [50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461],
    [50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065],
    [50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492],
    [50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977],
    [50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030],
    [50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535],
    [50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000],
    [50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000],
    [50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000],
    [50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000],
    [60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644],
    [63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630],
    [61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731],
    [35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645],
    [22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373],
    [36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146],
    [90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441],
    [90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381],
    [6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377],
    [2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082],
])


def test_ciede2000_reproduces_sharmas_34_pairs_both_ways_round():
    lab1, lab2, expected = SHARMA[:, :3], SHARMA[:, 3:6], SHARMA[:, 6]
    np.testing.assert_allclose(delta_e2000(lab1, lab2), expected, atol=5e-5)
    np.testing.assert_allclose(delta_e2000(lab2, lab1), expected, atol=5e-5)
    assert delta_e2000([50, 10, 10], [50, 10, 10]) == 0.0


def test_cielab_of_the_srgb_primaries_and_white():
    # CIELAB (D65) of sRGB white, black, red, green and blue as published by Lindbloom's calculator
    np.testing.assert_allclose(srgb_to_lab("#FFFFFF"), [100, 0, 0], atol=0.01)
    np.testing.assert_allclose(srgb_to_lab("#000000"), [0, 0, 0], atol=0.01)
    np.testing.assert_allclose(srgb_to_lab("#FF0000"), [53.24, 80.09, 67.20], atol=0.02)
    np.testing.assert_allclose(srgb_to_lab("#00FF00"), [87.73, -86.18, 83.18], atol=0.02)
    np.testing.assert_allclose(srgb_to_lab("#0000FF"), [32.30, 79.19, -107.86], atol=0.02)


def test_colour_vision_deficiency_keeps_greys_and_merges_red_and_green():
    for kind in CVD_KINDS:
        for grey in ("#000000", "#777777", "#FFFFFF"):
            assert np.abs(hex_to_rgb(simulate_cvd(grey, kind)) - hex_to_rgb(grey)).max() <= 1 / 255
    red, green = simulate_cvd("#D62728", "deuteranopia"), simulate_cvd("#2CA02C", "deuteranopia")
    assert delta_e2000(srgb_to_lab(red), srgb_to_lab(green)) < 15 < delta_e2000(srgb_to_lab("#D62728"), srgb_to_lab("#2CA02C"))
    with pytest.raises(ValueError, match="colour vision deficiency"):
        simulate_cvd("#000000", "monochromacy")


def test_mixing_contrast_and_hex():
    assert mix("#000000", "#FFFFFF", 0.5) == "#808080" and mix("#102030", "#FFFFFF", -1) == "#102030"
    assert rgb_to_hex(hex_to_rgb("#1F2328")) == "#1F2328"
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # WCAG's AA grey
    with pytest.raises(ValueError, match="RRGGBB"):
        hex_to_rgb("#FFF")
