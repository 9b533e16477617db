"""The state gradient ||dh_T/ds_t||_2 against central finite differences, and in closed form."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.analysis.gradient import state_gradient

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
CONFIGS = [
    ("rnn", dict()),
    ("rnn", dict(num_layers=2, nonlinearity="relu", bidirectional=True)),
    ("lstm", dict()),
    ("lstm", dict(num_layers=2, bidirectional=True, proj_size=2)),
    ("gru", dict(bias=False)),
    ("gru", dict(num_layers=2, bidirectional=True)),
]


def direction_module(module: torch.nn.Module, layer: int, direction: int) -> torch.nn.Module:
    """A one-layer, one-direction module with ``module``'s weights of ``layer`` and ``direction``."""
    suffix = f"_l{layer}" + ("_reverse" if direction else "")
    directions = 2 if module.bidirectional else 1
    h_out = getattr(module, "proj_size", 0) or module.hidden_size
    inputs = module.input_size if layer == 0 else directions * h_out
    kwargs = {"bias": module.bias}
    kwargs |= {"proj_size": module.proj_size} if isinstance(module, torch.nn.LSTM) else {}
    kwargs |= {"nonlinearity": module.nonlinearity} if type(module) is torch.nn.RNN else {}
    single = type(module)(inputs, module.hidden_size, **kwargs).double()
    state = {name[: -len(suffix)] + "_l0": value for name, value in module.named_parameters() if name.endswith(suffix)}
    single.load_state_dict(state)
    return single


def finite_differences(module: torch.nn.Module, x: torch.Tensor, eps: float = 1e-6) -> np.ndarray:
    """G[l, d, t]: perturb the state the trace records at step t (h_t, and c_t for an LSTM), run
    that direction's weights over the rest of its sequence, difference the last state."""
    trace = rnnviz.record(module, x)
    lstm = trace.arch == "lstm"
    out = np.zeros((trace.num_layers, trace.num_directions, trace.steps))
    for layer in range(trace.num_layers):
        for d in range(trace.num_directions):
            single = direction_module(module, layer, d)
            inputs = torch.from_numpy(trace.get("x", layer, d))
            order = list(range(trace.steps)) if d == 0 else list(range(trace.steps))[::-1]
            for position, t in enumerate(order):
                rest = inputs[order[position + 1 :]]
                h, h_size = trace.get("h", layer, d)[t], trace.hidden_out
                state = np.concatenate([h, trace.get("c", layer, d)[t]]) if lstm else h

                def last(s: np.ndarray) -> np.ndarray:
                    if len(rest) == 0:
                        return s[:h_size]
                    s = torch.from_numpy(s)[None]
                    start = (s[:, :h_size].contiguous(), s[:, h_size:].contiguous()) if lstm else s
                    with torch.no_grad():
                        return single(rest, start)[0][-1].numpy()

                jac = np.zeros((h_size, state.size))
                for j in range(state.size):
                    step = np.zeros(state.size)
                    step[j] = eps
                    jac[:, j] = (last(state + step) - last(state - step)) / (2 * eps)
                out[layer, d, t] = np.linalg.norm(jac, 2)
    return out


@pytest.mark.parametrize(("arch", "kwargs"), CONFIGS)
def test_state_gradient_matches_central_finite_differences(arch, kwargs):
    torch.manual_seed(len(kwargs) + 7)
    module = MODULES[arch](3, 4, **kwargs).double()
    x = torch.randn(5, 3, dtype=torch.float64)
    got = state_gradient(module, x)
    np.testing.assert_allclose(got, finite_differences(module, x), rtol=1e-6, atol=1e-9)
    assert got[:, 0, -1].tolist() == [1.0] * module.num_layers  # each direction's last state
    if module.bidirectional:  # the backward direction ends at step 0
        assert got[:, 1, 0].tolist() == [1.0] * module.num_layers
    assert got.min() < 0.9  # real signal: earlier states reach the end weakened or amplified


def test_a_linear_rnn_carries_a_change_of_h_t_by_the_powers_of_its_recurrent_matrix():
    """h_T = W_hh^(T-t) h_t + terms without h_t, so G[t] = ||W_hh^(T-t)||_2 exactly."""
    rng = np.random.default_rng(2)
    w_hh = rng.uniform(0, 0.45, (4, 4))
    rnn = torch.nn.RNN(3, 4, nonlinearity="relu").double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(rng.uniform(0, 0.5, (4, 3))))
        rnn.weight_hh_l0.copy_(torch.from_numpy(w_hh))
        rnn.bias_ih_l0.fill_(0.1)
        rnn.bias_hh_l0.fill_(0.1)
    steps = 6
    x = torch.from_numpy(rng.uniform(0.5, 1.5, (steps, 3)))
    expected = [np.linalg.norm(np.linalg.matrix_power(w_hh, steps - 1 - t), 2) for t in range(steps)]
    np.testing.assert_allclose(state_gradient(rnn, x)[0, 0], expected, rtol=1e-10)


def test_the_module_is_left_as_it_was_and_bad_inputs_are_refused():
    module = torch.nn.LSTM(3, 4)
    before = {k: v.clone() for k, v in module.state_dict().items()}
    state_gradient(module, torch.randn(4, 3))
    assert all(torch.equal(before[k], v) for k, v in module.state_dict().items())
    assert all(p.requires_grad for p in module.parameters()) and module.weight_hh_l0.dtype == torch.float32
    with pytest.raises(ValueError, match=r"inputs must have shape \(T, 3\)"):
        state_gradient(module, torch.randn(4, 2))


def test_a_trace_carries_the_state_gradient_through_its_files(tmp_path):
    trace = rnnviz.record(torch.nn.GRU(2, 3, num_layers=2), torch.randn(4, 2))
    gradient = state_gradient(torch.nn.GRU(2, 3, num_layers=2), torch.randn(4, 2))
    trace.attach(state_gradient=gradient)
    for suffix in (".json", ".npz"):
        loaded = rnnviz.Trace.load(trace.save(tmp_path / f"t{suffix}"))
        assert loaded == trace and loaded.state_gradient.dtype == np.float64
        np.testing.assert_array_equal(loaded.state_gradient, gradient)
    with pytest.raises(ValueError, match=r"state_gradient has shape \(1, 1, 4\), but its sizes and steps make it \(2, 1, 4\)"):
        trace.attach(state_gradient=np.ones((1, 1, 4)))
    np.testing.assert_array_equal(trace.state_gradient, gradient)  # a refused array leaves the trace as it was
