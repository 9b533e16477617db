"""The products of the cells' equations, read from a Trace, add up to what PyTorch computes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.core.terms import step_term, term_names


@pytest.mark.parametrize("bidirectional", [False, True])
def test_lstm_terms_add_up_to_the_modules_cell_state(bidirectional):
    torch.manual_seed(3)
    lstm = torch.nn.LSTM(4, 5, num_layers=2, bidirectional=bidirectional).double()
    trace = rnnviz.record(lstm, torch.randn(6, 4, dtype=torch.float64))
    with torch.no_grad():
        _, (_, c_n) = lstm(torch.from_numpy(trace.get("x")))
    for layer in range(2):
        for direction in range(trace.num_directions):
            c = step_term(trace, "f*c_prev", layer, direction) + step_term(trace, "i*g", layer, direction)
            last = -1 if direction == 0 else 0  # the backward direction ends at the first step
            np.testing.assert_allclose(c[last], c_n[layer * trace.num_directions + direction].numpy(), atol=1e-12)
            np.testing.assert_allclose(c, trace.get("c", layer, direction), atol=1e-12)


def test_gru_terms_are_pytorchs_candidate_and_update():
    torch.manual_seed(4)
    gru = torch.nn.GRU(3, 4)
    x = torch.randn(5, 3)
    trace = rnnviz.record(gru, x)
    with torch.no_grad():
        output, _ = gru(x)
    h = step_term(trace, "z*h_prev") + step_term(trace, "(1-z)*n")
    np.testing.assert_allclose(h, output.numpy(), atol=1e-6)
    # n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn)): the sum into tanh, from its parts
    w_in, b_in = gru.weight_ih_l0.detach()[8:], gru.bias_ih_l0.detach()[8:]
    np.testing.assert_allclose(trace.get("in"), (x @ w_in.T + b_in).numpy(), atol=1e-6)
    np.testing.assert_allclose(trace.get("in") + step_term(trace, "r*hn"), trace.get("pre_n"), atol=1e-6)
    np.testing.assert_allclose(np.tanh(trace.get("pre_n")), trace.get("n"), atol=1e-6)
    np.testing.assert_allclose(step_term(trace, "1-z") + trace.get("z"), 1.0, atol=1e-7)
    assert step_term(trace, "r*hn").dtype == np.float32


def test_unknown_terms_are_clear_errors():
    trace = rnnviz.record(torch.nn.RNN(2, 3), torch.randn(2, 2))
    assert term_names("rnn") == ()
    with pytest.raises(KeyError, match="rnn has no term 'i\\*g'"):
        step_term(trace, "i*g")
    with pytest.raises(ValueError, match="unknown architecture"):
        term_names("transformer")
