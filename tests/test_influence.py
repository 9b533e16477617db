"""Influence of each input step on each state, against central finite differences in float64."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.analysis.influence import token_influence

CONFIGS = [
    ("rnn", dict(num_layers=2, nonlinearity="relu")),
    ("rnn", dict(bias=False, bidirectional=True)),
    ("lstm", dict()),
    ("lstm", dict(num_layers=2, bidirectional=True, proj_size=2)),
    ("gru", dict(num_layers=3)),
    ("gru", dict(bidirectional=True, batch_first=True)),
]
MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def make(arch: str, seed: int, **kwargs) -> torch.nn.Module:
    torch.manual_seed(seed)
    return MODULES[arch](3, 4, **kwargs)


def finite_differences(module: torch.nn.Module, x: torch.Tensor, hx=None, eps: float = 1e-6) -> np.ndarray:
    """C[l, d, t, k] from central differences of the states rnnviz.record gives, in float64."""
    module = module.double()
    trace = rnnviz.record(module, x, hx)
    layers, directions, steps = trace.num_layers, trace.num_directions, trace.steps
    jac = np.zeros((layers, directions, steps, trace.hidden_out, steps, x.shape[1]))
    for k in range(steps):
        for j in range(x.shape[1]):
            plus, minus = x.clone(), x.clone()
            plus[k, j] += eps
            minus[k, j] -= eps
            hi, lo = rnnviz.record(module, plus, hx), rnnviz.record(module, minus, hx)
            for layer in range(layers):
                for d in range(directions):
                    diff = hi.get("h", layer, d) - lo.get("h", layer, d)
                    jac[layer, d, :, :, k, j] = diff / (2 * eps)
    return np.sqrt((jac**2).sum(axis=(3, 5)))


@pytest.mark.parametrize(("arch", "kwargs"), CONFIGS)
def test_influence_matches_central_finite_differences(arch, kwargs):
    module = make(arch, seed=len(kwargs), **kwargs).double()
    x = torch.randn(5, 3, dtype=torch.float64)
    expected = finite_differences(module, x)
    got = token_influence(module, x)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)
    assert got.max() > 0.01  # the test compares real signal, not zeros


def test_influence_with_an_initial_state_matches_finite_differences():
    module = make("lstm", seed=3, num_layers=2).double()
    x = torch.randn(4, 3, dtype=torch.float64)
    hx = (torch.randn(2, 4, dtype=torch.float64), torch.randn(2, 4, dtype=torch.float64))
    np.testing.assert_allclose(token_influence(module, x, hx), finite_differences(module, x, hx), rtol=1e-6, atol=1e-8)


def test_tokens_not_yet_seen_have_exactly_zero_influence():
    module = make("gru", seed=1, num_layers=2, bidirectional=True)
    c = token_influence(module, torch.randn(6, 3))
    forward, backward = c[0, 0], c[0, 1]
    assert np.all(np.triu(forward, k=1) == 0) and np.all(np.diag(forward) > 0)
    assert np.all(np.tril(backward, k=-1) == 0) and np.all(np.diag(backward) > 0)
    # Above the first layer a bidirectional stack has read the whole sentence in both directions.
    assert np.all(c[1] > 0)


def test_influence_leaves_the_module_unchanged():
    module = make("lstm", seed=2, dropout=0.5, num_layers=2).train()
    before = {k: v.clone() for k, v in module.state_dict().items()}
    x = torch.randn(4, 3)
    c = token_influence(module, x)
    assert module.training and next(module.parameters()).dtype == torch.float32
    assert all(torch.equal(before[k], v) for k, v in module.state_dict().items())
    assert all(p.grad is None for p in module.parameters())
    # Dropout between layers is not applied: the same input gives the same influence.
    np.testing.assert_array_equal(c, token_influence(module, x))


def test_float32_module_gives_the_float64_influence():
    module = make("rnn", seed=4)
    x = torch.randn(5, 3)
    np.testing.assert_allclose(token_influence(module, x), token_influence(module.double(), x.double()), rtol=1e-5)


@pytest.mark.parametrize("shape", [(0, 3), (5, 2), (1, 5, 3)])
def test_bad_input_shapes_raise(shape):
    with pytest.raises(ValueError, match="inputs must have shape"):
        token_influence(make("gru", seed=0), torch.zeros(shape))
