"""Cho et al.'s GRU (the reset before the matrix product) with a torch.nn.GRU's weights, checked
against the paper's equations written out unit by unit; its Trace says which variant it is."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.analysis.variants import variant_gap
from rnnviz.core.terms import step_term
from rnnviz.core.trace import TOLERANCE, Trace
from rnnviz.core.units import unit_sums

CONFIGS = [
    {},
    {"bias": False},
    {"num_layers": 2, "bidirectional": True},
    {"num_layers": 2, "hx": True},
]


def _paper_layer(x, h0, w):
    """Cho et al. 2014, eq. 5-8, one unit j at a time in plain Python floats, with PyTorch's
    biases added (the paper omits them): W_r, U_r, W_z, U_z, W, U are W_ir, W_hr, W_iz, W_hz,
    W_in, W_hn, the row blocks of PyTorch's stacked weight_ih / weight_hh."""
    size = len(h0)
    block = lambda m, k: m[k * size : (k + 1) * size]  # noqa: E731  (r, z, n) = blocks 0, 1, 2
    dot = lambda row, v: sum(a * b for a, b in zip(row, v))  # noqa: E731
    sigmoid = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
    b_ih = w.get("bias_ih", [0.0] * 3 * size)
    b_hh = w.get("bias_hh", [0.0] * 3 * size)
    W_r, W_z, W = (block(w["weight_ih"], k) for k in range(3))
    U_r, U_z, U = (block(w["weight_hh"], k) for k in range(3))
    states, candidates, h = [], [], list(h0)
    for x_t in x:
        r = [sigmoid(dot(W_r[j], x_t) + b_ih[j] + dot(U_r[j], h) + b_hh[j]) for j in range(size)]
        z = [sigmoid(dot(W_z[j], x_t) + b_ih[size + j] + dot(U_z[j], h) + b_hh[size + j]) for j in range(size)]
        reset = [r_k * h_k for r_k, h_k in zip(r, h)]  # r ⊙ h_{t-1}, before U
        n = [math.tanh(dot(W[j], x_t) + b_ih[2 * size + j] + dot(U[j], reset) + b_hh[2 * size + j]) for j in range(size)]
        h = [z[j] * h[j] + (1 - z[j]) * n[j] for j in range(size)]  # eq. 6: z weights the old state
        states.append(h)
        candidates.append(n)
    return np.array(states), np.array(candidates)


def _paper_module(gru, x, h0):
    """Every layer and direction of the paper's GRU, stacked as torch.nn.GRU stacks them."""
    dirs = 2 if gru.bidirectional else 1
    params = {name: value.detach().double().tolist() for name, value in gru.named_parameters()}
    states, candidates = {}, {}
    layer_input = x.tolist()
    for layer in range(gru.num_layers):
        outputs = []
        for direction in range(dirs):
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            w = {name: params[name + suffix] for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
                 if name + suffix in params}
            order = layer_input[::-1] if direction else layer_input
            h, n = _paper_layer(order, h0[layer * dirs + direction].tolist(), w)
            h, n = (h[::-1], n[::-1]) if direction else (h, n)
            states[layer, direction], candidates[layer, direction] = h, n
            outputs.append(h)
        layer_input = np.concatenate(outputs, axis=1).tolist()
    return states, candidates


@pytest.mark.parametrize("options", CONFIGS, ids=lambda o: "-".join(f"{k}{v}" for k, v in o.items()) or "plain")
def test_cho_variant_is_the_papers_equations_with_the_modules_weights(options):
    options = dict(options)
    with_hx = options.pop("hx", False)
    torch.manual_seed(11)
    gru = torch.nn.GRU(3, 4, **options).double()
    x = torch.randn(6, 3, dtype=torch.float64)
    dirs = 2 if gru.bidirectional else 1
    h0 = torch.zeros(gru.num_layers * dirs, 4, dtype=torch.float64)
    if with_hx:
        h0 = torch.randn_like(h0)
    before = {k: v.clone() for k, v in gru.state_dict().items()}

    trace = rnnviz.record(gru, x, h0 if with_hx else None, variant="cho")

    assert trace.variant == "cho" and "hn" not in trace.names and "hn_rh" in trace.names
    states, candidates = _paper_module(gru, x, h0)
    for (layer, direction), h in states.items():
        np.testing.assert_allclose(trace.get("h", layer, direction), h, rtol=0, atol=1e-12)
        np.testing.assert_allclose(trace.get("n", layer, direction), candidates[layer, direction], rtol=0, atol=1e-12)
        get = lambda name: trace.get(name, layer, direction)  # noqa: E731
        w_hn = trace.weight_blocks("weight_hh", layer, direction)["n"]
        b_hn = trace.weight_blocks("bias_hh", layer, direction)["n"] if gru.bias else 0
        np.testing.assert_allclose(get("hn_rh"), (get("r") * get("h_prev")) @ w_hn.T + b_hn, atol=1e-12)
        np.testing.assert_allclose(get("pre_n"), get("in") + get("hn_rh"), atol=1e-12)
        np.testing.assert_allclose(get("h"), (1 - get("z")) * get("n") + get("z") * get("h_prev"), atol=1e-12)
    top = [states[gru.num_layers - 1, d] for d in range(dirs)]
    np.testing.assert_allclose(trace.output, np.concatenate(top, axis=1), atol=1e-12)
    assert all(torch.equal(before[k], v) for k, v in gru.state_dict().items())  # same weights, untouched


def test_same_weights_different_numbers_and_equal_where_the_two_formulas_agree():
    torch.manual_seed(5)
    gru = torch.nn.GRU(3, 4)
    x = torch.randn(5, 3)
    pytorch, cho = rnnviz.record(gru, x), rnnviz.record(gru, x, variant="cho")
    # The same inputs and update/reset equations; the candidate differs from the first step on
    # (h_0 = 0: PyTorch's r ⊙ b_hn against Cho's b_hn), and the states drift apart.
    np.testing.assert_array_equal(pytorch.get("in"), cho.get("in"))
    assert np.abs(pytorch.get("n")[0] - cho.get("n")[0]).max() > 1e-3
    assert np.abs(pytorch.get("h") - cho.get("h")).max() > 1e-2
    assert pytorch.difference(cho) == "variant differs: 'pytorch' != 'cho'"

    # r ⊙ (W h + b) = W (r ⊙ h) + b exactly when W_hn is diagonal and b_hn is zero.
    with torch.no_grad():
        gru.weight_hh_l0[8:] = torch.diag(torch.randn(4))
        gru.bias_hh_l0[8:] = 0
    pytorch, cho = rnnviz.record(gru, x), rnnviz.record(gru, x, variant="cho")
    for name in ("r", "z", "n", "h"):
        np.testing.assert_allclose(cho.get(name), pytorch.get(name), rtol=0, atol=TOLERANCE["float32"])


def test_a_cho_trace_is_never_read_as_pytorchs(tmp_path):
    torch.manual_seed(2)
    cho = rnnviz.record(torch.nn.GRU(2, 3), torch.randn(4, 2), variant="cho")
    for suffix in (".json", ".npz"):
        loaded = Trace.load(cho.save(tmp_path / f"cho{suffix}"))
        assert loaded == cho and loaded.variant == "cho"
    # PyTorch's recurrent part hn, and the products made of it, do not exist in a Cho trace.
    with pytest.raises(KeyError, match="no array 'hn'"):
        cho.get("hn")
    with pytest.raises(KeyError, match="'hn'"):
        step_term(cho, "r*hn")
    np.testing.assert_allclose(step_term(cho, "z*h_prev") + step_term(cho, "(1-z)*n"), cho.get("h"), atol=1e-6)
    with pytest.raises(ValueError, match="PyTorch's equations; this trace computes the cho variant"):
        unit_sums(cho, step=1, unit=0)


def test_only_a_gru_has_the_cho_variant(tmp_path):
    with pytest.raises(ValueError, match="lstm has no variant 'cho'; it has pytorch"):
        rnnviz.record(torch.nn.LSTM(2, 3), torch.randn(4, 2), variant="cho")
    with pytest.raises(ValueError, match="gru has no variant 'paper'"):
        rnnviz.record(torch.nn.GRU(2, 3), torch.randn(4, 2), variant="paper")
    path = rnnviz.record(torch.nn.GRU(2, 3), torch.randn(4, 2)).save(tmp_path / "gru.json")
    path.write_text(path.read_text().replace('"variant": "pytorch"', '"variant": "paper"'))
    with pytest.raises(ValueError, match="gru has no variant 'paper'; it has pytorch, cho"):
        Trace.load(path)


@pytest.mark.filterwarnings("ignore:LSTM with projections is not supported with oneDNN")
@pytest.mark.parametrize(
    ("arch", "options"),
    [("rnn", {}), ("lstm", {}), ("gru", {}), ("gru", {"num_layers": 2, "bidirectional": True}),
     ("lstm", {"bias": False, "num_layers": 3}), ("lstm", {"proj_size": 2}), ("rnn", {"bidirectional": True})],
)
def test_parameter_count_is_what_the_module_holds(arch, options):
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[arch](5, 3, **options)
    trace = rnnviz.record(module, torch.randn(2, 5))
    assert trace.parameter_count() == sum(p.numel() for p in module.parameters())
    if not options:  # one layer, both bias vectors: G (H (H + I) + 2H), I = 5, H = 3
        gates = {"rnn": 1, "lstm": 4, "gru": 3}[arch]
        assert trace.parameter_count() == gates * (3 * (3 + 5) + 2 * 3)
    trace.weights = None  # the count comes from the sizes, so a trace saved without weights has it too
    assert trace.parameter_count() == sum(p.numel() for p in module.parameters())


def test_variant_gap_is_the_drift_of_one_network_on_one_input():
    torch.manual_seed(8)
    gru = torch.nn.GRU(3, 4, bidirectional=True).double()
    x = torch.randn(5, 3, dtype=torch.float64)
    pytorch, cho = rnnviz.record(gru, x), rnnviz.record(gru, x, variant="cho")
    for direction in (0, 1):
        for name in ("n", "h"):
            gap = variant_gap(pytorch, cho, name, direction=direction)
            np.testing.assert_array_equal(gap, cho.get(name, 0, direction) - pytorch.get(name, 0, direction))
    with pytest.raises(ValueError, match="both traces are of the pytorch variant"):
        variant_gap(pytorch, pytorch, "h")
    other_input = rnnviz.record(gru, x + 1, variant="cho")
    with pytest.raises(ValueError, match="different inputs"):
        variant_gap(pytorch, other_input, "h")
    with torch.no_grad():
        gru.weight_hh_l0.mul_(2)
    with pytest.raises(ValueError, match="different weights"):
        variant_gap(pytorch, rnnviz.record(gru, x, variant="cho"), "h")
    with pytest.raises(KeyError, match="'hn'"):  # an array only one variant records
        variant_gap(pytorch, cho, "hn")
