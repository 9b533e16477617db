"""The module's own weights in a Trace: recorded exactly, split in PyTorch's order, saved and checked."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.core.trace import GATE_ORDER, Trace

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
CONFIGS = [
    ("rnn", {}),
    ("gru", {"num_layers": 2, "bidirectional": True}),
    ("lstm", {"num_layers": 2, "bias": False}),
    ("lstm", {"bidirectional": True, "proj_size": 2}),
]


def recorded(arch: str, **options) -> tuple[torch.nn.Module, Trace]:
    torch.manual_seed(3)
    module = MODULES[arch](3, 4, **options)
    return module, rnnviz.record(module, torch.randn(5, 3))


@pytest.mark.filterwarnings("ignore:LSTM with projections is not supported with oneDNN")
@pytest.mark.parametrize(("arch", "options"), CONFIGS)
def test_every_parameter_is_recorded_under_its_pytorch_name(arch, options):
    module, trace = recorded(arch, **options)
    params = dict(module.named_parameters())
    assert len(trace.weights) == len(params)
    for (layer, direction, name), value in trace.weights.items():
        expected = params[f"{name}_l{layer}" + ("_reverse" if direction else "")].detach().numpy()
        np.testing.assert_array_equal(value, expected)
        assert value.dtype == trace.dtype and value.shape == trace.weight_shapes()[(layer, direction, name)]
    with torch.no_grad():  # a copy: changing the module later leaves the trace as recorded
        module.weight_hh_l0.add_(1.0)
    assert not np.array_equal(trace.weight("weight_hh"), module.weight_hh_l0.detach().numpy())


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_blocks_follow_pytorchs_gate_order_and_give_the_recorded_gates(arch):
    """The stacked product, split into blocks, reproduces the recorded gates of a step."""
    _, trace = recorded(arch)
    t = 2
    x, h_prev = trace.get("x")[t], trace.get("h_prev")[t]
    w_ih, w_hh = trace.weight_blocks("weight_ih"), trace.weight_blocks("weight_hh")
    b_ih, b_hh = trace.weight_blocks("bias_ih"), trace.weight_blocks("bias_hh")
    assert tuple(w_ih) == GATE_ORDER[arch] and all(w.shape == (4, 3) for w in w_ih.values())
    part = {gate: (w_ih[gate] @ x + b_ih[gate], w_hh[gate] @ h_prev + b_hh[gate]) for gate in GATE_ORDER[arch]}
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    if arch == "rnn":
        np.testing.assert_allclose(np.tanh(sum(part["h"])), trace.get("h")[t], atol=1e-6)
    elif arch == "lstm":
        for gate, act in (("i", sigmoid), ("f", sigmoid), ("g", np.tanh), ("o", sigmoid)):
            np.testing.assert_allclose(act(sum(part[gate])), trace.get(gate)[t], atol=1e-6)
    else:
        for gate in ("r", "z"):
            np.testing.assert_allclose(sigmoid(sum(part[gate])), trace.get(gate)[t], atol=1e-6)
        np.testing.assert_allclose(part["n"][1], trace.get("hn")[t], atol=1e-6)
        np.testing.assert_allclose(np.tanh(part["n"][0] + trace.get("r")[t] * part["n"][1]), trace.get("n")[t], atol=1e-6)


@pytest.mark.filterwarnings("ignore:LSTM with projections is not supported with oneDNN")
@pytest.mark.parametrize("suffix", [".json", ".npz"])
@pytest.mark.parametrize(("arch", "options"), CONFIGS)
def test_weights_round_trip_exactly(tmp_path, suffix, arch, options):
    _, trace = recorded(arch, **options)
    loaded = Trace.load(trace.save(tmp_path / f"t{suffix}"))
    assert loaded == trace and set(loaded.weights) == set(trace.weights)
    for key, value in trace.weights.items():
        np.testing.assert_array_equal(loaded.weights[key], value)
        assert loaded.weights[key].dtype == value.dtype


def test_a_trace_without_weights_is_valid_and_says_so(tmp_path):
    _, trace = recorded("gru")
    trace.weights = None
    loaded = Trace.load(trace.save(tmp_path / "t.json"))
    assert loaded.weights is None and loaded == trace
    with pytest.raises(ValueError, match="holds no weights"):
        loaded.weight("weight_ih")


def test_wrong_weights_are_refused():
    _, trace = recorded("lstm", num_layers=2)
    fields = {name: getattr(trace, name) for name in ("arch", "input_size", "hidden_size", "num_layers",
                                                      "num_directions", "steps", "arrays", "output", "h_n", "c_n")}
    wrong = dict(trace.weights)
    wrong[(1, 0, "weight_ih")] = np.zeros((16, 3), np.float32)  # layer 1 reads the 4 units below, not 3
    with pytest.raises(ValueError, match=r"layer1.dir0.weight_ih has shape \(16, 3\), but .* make it \(16, 4\)"):
        Trace(**fields, weights=wrong)
    wrong[(1, 0, "weight_ih")] = np.full((16, 4), np.nan, np.float32)
    with pytest.raises(ValueError, match="layer1.dir0.weight_ih holds NaN"):
        Trace(**fields, weights=wrong)
    missing = {key: value for key, value in trace.weights.items() if key[2] != "bias_hh"}
    with pytest.raises(ValueError, match="missing .*bias_hh"):
        Trace(**fields, weights=missing)
    with pytest.raises(KeyError, match="no weight 'weight_hr'"):
        trace.weight("weight_hr")
