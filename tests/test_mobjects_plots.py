"""ActivationPlot and NormChart: points stand where their values say, bad input is refused."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.mobjects.plots import ActivationPlot, NormChart
from rnnviz.mobjects.theme import get_theme


def test_dots_stand_on_their_values_in_the_curves_colour():
    theme = get_theme("dark")
    plot = ActivationPlot(reach=3.0, theme=theme)
    xs = np.array([-2.5, 0.1, 1.7])
    dots = plot.dots("sigmoid", xs, 1 / (1 + np.exp(-xs)))
    for dot, x in zip(dots, xs):
        np.testing.assert_allclose(plot.coords.p2c(dot.get_center())[:2], [x, 1 / (1 + np.exp(-x))], atol=1e-9)
        assert dot.get_fill_color().to_hex().upper() == theme.activation_color("sigmoid").upper()
    # The curve itself passes through the same points: sigmoid(0) = 0.5.
    np.testing.assert_allclose(plot.coords.p2c(plot.curves["sigmoid"].point_from_proportion(0.5))[1], 0.5, atol=1e-3)
    with pytest.raises(KeyError, match="no 'relu' curve"):
        plot.dots("relu", [0.0], [0.0])
    with pytest.raises(ValueError, match="unknown functions"):
        ActivationPlot(functions=("swish",))


def test_norm_chart_puts_each_value_at_its_power_of_ten():
    values = {"up": [1.0, 10.0, 1000.0], "flat": [1.0, 0.5, 0.5]}
    chart = NormChart(values, {"up": "#000000", "flat": "#E09F3E"})
    assert chart.decades == (-1, 3)
    for name, series in values.items():
        for k, (marker, value) in enumerate(zip(chart.markers[name], series)):
            np.testing.assert_allclose(chart.coords.p2c(marker.get_center())[:2], [k, np.log10(value)], atol=1e-9)
        assert len(chart.segments[name]) == len(series) - 1


@pytest.mark.parametrize(
    ("series", "message"),
    [({"a": [1.0, 0.0]}, "finite positive"), ({"a": [1.0, 2.0], "b": [1.0]}, "one length"), ({"a": [1.0]}, "at least 2")],
)
def test_norm_chart_refuses_what_a_log_scale_cannot_draw(series, message):
    with pytest.raises(ValueError, match=message):
        NormChart(series, {name: "#000000" for name in series})
