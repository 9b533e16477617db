"""A state multiplied again and again by W_hh: exploding or vanishing without tanh, bounded with it."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.analysis.squash import recurrent_tanh_matrix, repeated_products, squash_step


def rnn_with(w_hh: np.ndarray) -> torch.nn.RNN:
    rnn = torch.nn.RNN(2, len(w_hh))
    with torch.no_grad():
        rnn.weight_hh_l0.copy_(torch.from_numpy(w_hh))
    return rnn


@pytest.mark.parametrize(("scale", "explodes"), [(1.5, True), (0.5, False)])
def test_without_tanh_the_norm_follows_the_spectral_radius_with_tanh_it_stays_bounded(scale, explodes):
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]], dtype=np.float32)  # |eigenvalues| = 1, no fixed direction
    trace = rnnviz.record(rnn_with(scale * rotation), torch.randn(3, 2))
    repeated = repeated_products(trace, times=8, start=np.array([0.6, 0.8]))
    assert repeated.spectral_radius == pytest.approx(scale) and repeated.explodes is explodes
    np.testing.assert_allclose(repeated.linear_norms, scale ** np.arange(9), rtol=1e-6)
    assert np.all(np.abs(repeated.squashed) < 1)
    np.testing.assert_allclose(repeated.squashed[1], np.tanh(scale * rotation.astype(np.float64) @ [0.6, 0.8]))


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_the_matrix_is_the_recurrent_block_of_the_tanh_and_rows_are_its_powers(arch):
    torch.manual_seed(4)
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[arch](3, 4, bidirectional=True)
    trace = rnnviz.record(module, torch.randn(5, 3))
    block = {"rnn": 0, "lstm": 2, "gru": 2}[arch]  # h; i f [g] o; r z [n]
    for direction in (0, 1):
        w_hh = getattr(module, "weight_hh_l0" + ("_reverse" if direction else "")).detach().numpy()
        np.testing.assert_array_equal(recurrent_tanh_matrix(trace, direction=direction), w_hh[4 * block : 4 * block + 4])
        repeated = repeated_products(trace, times=5, direction=direction)
        # The start is the state the direction ends on: after the last token forward, the first backward.
        np.testing.assert_array_equal(repeated.linear[0], trace.h_n[direction])
        w = repeated.matrix
        for k in range(6):
            np.testing.assert_allclose(repeated.linear[k], np.linalg.matrix_power(w, k) @ repeated.linear[0], rtol=1e-9)
        assert np.all(np.abs(repeated.squashed) <= 1)


def test_the_demo_models_explode_without_tanh():
    """What the squash scene shows on the shipped models: every one grows without tanh."""
    from rnnviz.core.trace import Trace
    from rnnviz.models import demo_trace_path

    for arch in ("rnn", "lstm", "gru"):
        repeated = repeated_products(Trace.load(demo_trace_path(arch)), times=10)
        assert repeated.explodes and repeated.linear_norms[-1] > 5 * repeated.linear_norms[0]
        assert repeated.squashed_norms.max() < np.sqrt(repeated.matrix.shape[0])


def test_bad_requests_are_refused():
    lstm = rnnviz.record(torch.nn.LSTM(3, 4, proj_size=2), torch.randn(2, 3))
    with pytest.raises(ValueError, match="projects its state to 2 units"):
        repeated_products(lstm)
    rnn = rnnviz.record(torch.nn.RNN(3, 4), torch.randn(2, 3))
    with pytest.raises(ValueError, match="times must be a whole number"):
        repeated_products(rnn, times=0)
    with pytest.raises(ValueError, match=r"start has shape \(3,\); expected \(4,\)"):
        repeated_products(rnn, start=np.zeros(3))


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_a_steps_pre_activation_through_sigmoid_and_tanh_gives_the_recorded_values(arch):
    torch.manual_seed(6)
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[arch](3, 5)
    trace = rnnviz.record(module, 2 * torch.randn(4, 3))
    squashed = squash_step(trace, step=2)
    assert squashed.step == 2 and squashed.name == {"rnn": "pre", "lstm": "pre_g", "gru": "pre_n"}[arch]
    recorded = {"rnn": "h", "lstm": "g", "gru": "n"}[arch]
    np.testing.assert_allclose(squashed.tanh, trace.get(recorded)[2], atol=1e-6)
    np.testing.assert_allclose(squashed.sigmoid, torch.sigmoid(torch.from_numpy(squashed.pre)).numpy(), rtol=1e-12)
    assert np.all((0 < squashed.sigmoid) & (squashed.sigmoid < 1)) and np.all(np.abs(squashed.tanh) < 1)
    assert squash_step(trace).step == 3
    with pytest.raises(IndexError, match="step 4 out of range"):
        squash_step(trace, 4)
