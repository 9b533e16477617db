"""One unit's equations written out (rnnviz.core.units) agree with PyTorch; the default step
and unit a figure explains (rnnviz.analysis.focus) are the ones their rules name."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.analysis.focus import dropped, telling_step, telling_unit
from rnnviz.core.units import Dot, projection_dot, unit_sums
from rnnviz.paths import asset

GATES = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def recorded(arch: str, seed: int = 0, steps: int = 5, **options):
    torch.manual_seed(seed)
    module = MODULES[arch](4, 6, **options).double()
    return module, rnnviz.record(module, torch.randn(steps, 4, dtype=torch.float64))


def parameter(module, name: str, layer: int, direction: int) -> torch.Tensor:
    return getattr(module, f"{name}_l{layer}" + ("_reverse" if direction else "")).detach()


@pytest.mark.parametrize(
    ("arch", "options"),
    [
        ("lstm", {}),
        ("lstm", {"num_layers": 2, "bidirectional": True}),
        ("lstm", {"proj_size": 3, "bias": False}),
        ("gru", {"num_layers": 2}),
        ("gru", {"bidirectional": True}),
        ("rnn", {"nonlinearity": "relu"}),
    ],
)
def test_each_gates_parts_are_pytorchs_rows_and_add_up_to_its_activation(arch, options):
    module, trace = recorded(arch, **options)
    layer, direction = module.num_layers - 1, (1 if module.bidirectional else 0)
    hidden = module.hidden_size
    w_ih, w_hh = parameter(module, "weight_ih", layer, direction), parameter(module, "weight_hh", layer, direction)
    zeros = torch.zeros(len(GATES[arch]) * hidden, dtype=torch.float64)
    b_ih = parameter(module, "bias_ih", layer, direction) if module.bias else zeros
    b_hh = parameter(module, "bias_hh", layer, direction) if module.bias else zeros
    x = torch.from_numpy(trace.get("x", layer, direction))
    h_prev = torch.from_numpy(trace.get("h_prev", layer, direction))
    for step in (0, 2, 4):
        for unit in (0, 5):
            sums = unit_sums(trace, step, unit, layer, direction)
            assert list(sums) == list(GATES[arch])
            for block, (gate, s) in enumerate(sums.items()):
                row = block * hidden + unit
                assert s.input.value == pytest.approx(float(w_ih[row] @ x[step]), abs=1e-12)
                assert s.hidden.value == pytest.approx(float(w_hh[row] @ h_prev[step]), abs=1e-12)
                np.testing.assert_allclose(s.input.terms, (w_ih[row] * x[step]).numpy(), atol=1e-14)
                assert (s.input_bias, s.hidden_bias) == (float(b_ih[row]), float(b_hh[row]))
                assert s.total == pytest.approx(s.pre, abs=1e-12)
                activation = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[
                    "relu" if options.get("nonlinearity") == "relu" else ("tanh" if gate in "gnh" else "sigmoid")
                ]
                assert s.value == pytest.approx(float(activation(torch.tensor(s.total, dtype=torch.float64))), abs=1e-12)
                assert (s.reset is not None) == (arch == "gru" and gate == "n")
    # the last step's gate values make the module's own output
    with torch.no_grad():
        output, _ = module(torch.from_numpy(trace.get("x")))
    hidden_out = module.proj_size or hidden
    final = output[-1 if direction == 0 else 0, direction * hidden_out:(direction + 1) * hidden_out].numpy()
    np.testing.assert_allclose(trace.get("h", layer, direction)[-1 if direction == 0 else 0], final, atol=1e-12)


def test_the_gru_candidates_reset_gate_scales_only_the_recurrent_part():
    module, trace = recorded("gru", seed=3)
    n = unit_sums(trace, step=3, unit=2)["n"]
    r = float(trace.get("r")[3, 2])
    assert n.reset == r
    expected = n.input.value + n.input_bias + r * (n.hidden.value + n.hidden_bias)
    assert n.total == pytest.approx(expected, abs=1e-15)
    assert n.total == pytest.approx(float(trace.get("pre_n")[3, 2]), abs=1e-12)
    assert n.input.value + n.input_bias == pytest.approx(float(trace.get("in")[3, 2]), abs=1e-12)
    assert n.hidden.value + n.hidden_bias == pytest.approx(float(trace.get("hn")[3, 2]), abs=1e-12)


def test_a_projection_is_one_row_of_w_hr_times_o_tanh_c():
    module, trace = recorded("lstm", proj_size=3)
    for unit in range(3):
        dot = projection_dot(trace, 4, unit)
        assert dot.value == pytest.approx(float(trace.get("h")[4, unit]), abs=1e-12)
        np.testing.assert_array_equal(dot.weights, module.weight_hr_l0.detach().numpy()[unit])
    with pytest.raises(IndexError, match="units 0..2"):
        projection_dot(trace, 0, 3)
    with pytest.raises(ValueError, match="proj_size"):
        projection_dot(recorded("lstm")[1], 0, 0)


def test_a_float32_demo_trace_sums_within_its_tolerance():
    trace = rnnviz.Trace.load(asset("traces", "gru.json"))
    for s in unit_sums(trace, 2, 7).values():
        assert abs(s.total - s.pre) < 1e-5
    assert Dot.of([1.0, 2.0], [3.0, -0.5]).terms.tolist() == [3.0, -1.0]


def test_bad_steps_units_and_weights_are_clear_errors():
    _, trace = recorded("lstm")
    with pytest.raises(IndexError, match=r"step 5 out of range; the trace has steps 0..4"):
        unit_sums(trace, 5, 0)
    with pytest.raises(IndexError, match=r"unit 6 out of range; the state has units 0..5"):
        unit_sums(trace, 0, 6)
    with pytest.raises(IndexError, match="unit -1"):
        unit_sums(trace, 0, -1)
    _, other = recorded("lstm", seed=9)
    trace.weights = other.weights  # another model's weights
    with pytest.raises(ValueError, match="belong to another model"):
        unit_sums(trace, 1, 0)
    trace.weights = None
    with pytest.raises(ValueError, match="holds no weights"):
        unit_sums(trace, 1, 0)


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_the_telling_step_drops_most_and_the_telling_unit_changes_most(arch):
    module, trace = recorded(arch, seed=5, steps=6)
    get = trace.get
    expected = {
        "lstm": lambda: (1 - get("f")) * get("c_prev"),
        "gru": lambda: (1 - get("z")) * get("h_prev"),
        "rnn": lambda: get("h_prev"),
    }[arch]()
    np.testing.assert_array_equal(dropped(trace), expected)
    step = telling_step(trace)
    totals = np.abs(expected).sum(axis=1)
    assert step > 0 and totals[step] == totals.max()  # never the first step: nothing to drop there
    state = "c" if arch == "lstm" else "h"
    change = np.abs(get(state)[step] - get(f"{state}_prev")[step])
    assert change[telling_unit(trace, step)] == change.max()
    with pytest.raises(IndexError, match="step 6"):
        telling_unit(trace, 6)


def test_a_one_step_trace_explains_its_only_step():
    _, trace = recorded("lstm", steps=1)
    assert telling_step(trace) == 0
