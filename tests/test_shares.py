"""Each token's share of each state: properties that a wrong definition would break."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rnnviz.analysis.influence import token_influence
from rnnviz.analysis.shares import seen_mask, shares_from_influence, state_shares, token_share
from rnnviz.core.trace import Trace
from rnnviz.models.demo import demo_trace_path
from rnnviz.models.tracing import trace_inputs


def linear_rnn(w_ih: np.ndarray, w_hh: np.ndarray, bidirectional: bool = False) -> torch.nn.RNN:
    """A ReLU RNN with non-negative weights and a positive bias: on positive inputs every
    pre-activation is positive, so ReLU is the identity and the network is exactly linear,
    h_t = W_hh h_{t-1} + W_ih x_t + b."""
    rnn = torch.nn.RNN(w_ih.shape[1], w_ih.shape[0], nonlinearity="relu", bidirectional=bidirectional).double()
    with torch.no_grad():
        for suffix in ("", "_reverse")[: 1 + bidirectional]:
            getattr(rnn, f"weight_ih_l0{suffix}").copy_(torch.from_numpy(w_ih))
            getattr(rnn, f"weight_hh_l0{suffix}").copy_(torch.from_numpy(w_hh))
            getattr(rnn, f"bias_ih_l0{suffix}").fill_(0.1)
            getattr(rnn, f"bias_hh_l0{suffix}").fill_(0.1)
    return rnn


def positive_inputs(steps: int, size: int, seed: int = 0) -> torch.Tensor:
    return torch.from_numpy(np.random.default_rng(seed).uniform(0.5, 1.5, (steps, size)))


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_shares_of_the_demo_traces_are_distributions_over_the_tokens_seen(arch):
    trace = Trace.load(demo_trace_path(arch))
    shares = state_shares(trace)
    assert shares[0].tolist() == [1.0, 0.0, 0.0, 0.0]  # h_1 has seen one token: all of it is token 1
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert (shares >= 0).all() and (shares[~seen_mask(trace.steps)] == 0).all()
    assert (shares[seen_mask(trace.steps)] > 0).all()  # every token seen moves the state a little
    np.testing.assert_array_equal(token_share(trace, 2), shares[:, 2])


def test_shares_of_a_linear_rnn_follow_from_its_weights():
    """h_t = sum_k W_hh^(t-k) W_ih x_k + const, so dh_t/dx_k = W_hh^(t-k) W_ih exactly and
    S[t, k] = ||W_hh^(t-k) W_ih||_F / sum_j ||W_hh^(t-j) W_ih||_F."""
    rng = np.random.default_rng(1)
    w_ih, w_hh = rng.uniform(0, 0.5, (4, 3)), rng.uniform(0, 0.4, (4, 4))
    steps = 6
    rnn = linear_rnn(w_ih, w_hh)
    shares = shares_from_influence(token_influence(rnn, positive_inputs(steps, 3))[0, 0])
    norms = [np.linalg.norm(np.linalg.matrix_power(w_hh, n) @ w_ih) for n in range(steps)]
    for t in range(steps):
        expected = np.array([norms[t - k] if k <= t else 0.0 for k in range(steps)])
        np.testing.assert_allclose(shares[t], expected / expected.sum(), rtol=1e-9, atol=1e-12)


def test_a_scalar_recurrence_gives_geometric_shares_and_the_backward_direction_mirrors_them():
    """With W_hh = a I the shares are a^(t-k) / sum_j a^(t-j): the oldest token fades geometrically.
    The backward direction reads the sentence from the end: its state at t has seen t..T-1."""
    a, steps = 0.5, 5
    rnn = linear_rnn(np.full((2, 2), 0.3), a * np.eye(2), bidirectional=True)
    influence = token_influence(rnn, positive_inputs(steps, 2))[0]
    forward, backward = shares_from_influence(influence[0], 0), shares_from_influence(influence[1], 1)
    for t in range(steps):
        weights = np.array([a ** (t - k) if k <= t else 0.0 for k in range(steps)])
        np.testing.assert_allclose(forward[t], weights / weights.sum(), rtol=1e-9)
    np.testing.assert_allclose(backward, forward[::-1, ::-1], rtol=1e-9)
    assert backward[-1].tolist() == [0.0, 0.0, 0.0, 0.0, 1.0]


def test_influence_beyond_the_tokens_seen_is_not_counted():
    """Rows are normalised over the tokens seen only, whatever the matrix holds elsewhere."""
    c = np.array([[2.0, 5.0], [1.0, 3.0]])
    assert shares_from_influence(c).tolist() == [[1.0, 0.0], [0.25, 0.75]]
    assert shares_from_influence(c, direction=1).tolist() == [[2 / 7, 5 / 7], [0.0, 1.0]]


def test_a_state_no_token_moves_has_no_shares_and_bad_input_is_refused():
    assert shares_from_influence(np.zeros((2, 2))).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    with pytest.raises(ValueError, match="finite and non-negative"):
        shares_from_influence(np.array([[-1.0]]))
    with pytest.raises(ValueError, match=r"is \(T, T\)"):
        shares_from_influence(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="direction is 0"):
        seen_mask(3, direction=2)


def test_a_trace_without_influence_or_outside_its_layers_is_refused(tmp_path):
    module = torch.nn.GRU(2, 3)
    path = tmp_path / "gru.pt"
    torch.save(module.state_dict(), path)
    trace = trace_inputs("gru", path, np.ones((3, 2)))
    assert state_shares(trace).shape == (3, 3)
    with pytest.raises(IndexError, match="no layer 1"):
        state_shares(trace, layer=1)
    with pytest.raises(IndexError, match="token 3 out of range"):
        token_share(trace, 3)
    trace.influence = None
    with pytest.raises(ValueError, match="no influence matrix"):
        state_shares(trace)
