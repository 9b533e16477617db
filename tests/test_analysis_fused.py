"""The engineering view: one product with the stacked weights gives the recorded gates."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.analysis.fused import fused_step, input_projection, tanh_terms

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
CONFIGS = [
    ("rnn", {}),
    ("lstm", {}),
    ("gru", {}),
    ("lstm", {"num_layers": 2, "bidirectional": True}),
    ("gru", {"bias": False, "bidirectional": True}),
    ("rnn", {"num_layers": 2, "bias": False}),
]


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


@pytest.mark.parametrize(("arch", "options"), CONFIGS)
def test_one_product_gives_every_gate_the_module_computed(arch, options):
    torch.manual_seed(5)
    module = MODULES[arch](3, 4, **options)
    trace = rnnviz.record(module, torch.randn(5, 3))
    params = {name: value.detach().numpy() for name, value in module.named_parameters()}
    for layer in range(trace.num_layers):
        for direction in range(trace.num_directions):
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            projection = input_projection(trace, layer, direction)
            get = lambda name: trace.get(name, layer, direction)  # noqa: E731
            for t in range(trace.steps):
                step = fused_step(trace, t, layer, direction)
                h_prev, x = get("h_prev")[t], get("x")[t]
                # The concatenation and the stacked matrix are PyTorch's own pieces, side by side.
                np.testing.assert_array_equal(step.concat, np.concatenate([h_prev, x]))
                np.testing.assert_array_equal(step.weight[:, : step.hidden_columns], params["weight_hh" + suffix])
                np.testing.assert_array_equal(step.weight[:, step.hidden_columns :], params["weight_ih" + suffix])
                np.testing.assert_allclose(step.product, step.weight @ step.concat + step.bias, atol=1e-5)
                np.testing.assert_allclose(step.input_part, projection[t], atol=1e-5)
                pre = step.blocks("product")
                recorded = {"rnn": {"h": "pre"}, "lstm": {g: f"pre_{g}" for g in "ifgo"}, "gru": {"r": "pre_r", "z": "pre_z"}}
                for gate, name in recorded[arch].items():
                    np.testing.assert_allclose(pre[gate], get(name)[t], atol=1e-5)
                if arch == "rnn":
                    np.testing.assert_allclose(np.tanh(pre["h"]), get("h")[t], atol=1e-5)
                elif arch == "lstm":
                    for gate in "ifo":
                        np.testing.assert_allclose(sigmoid(pre[gate]), get(gate)[t], atol=1e-5)
                    np.testing.assert_allclose(np.tanh(pre["g"]), get("g")[t], atol=1e-5)
                else:
                    for gate in "rz":
                        np.testing.assert_allclose(sigmoid(pre[gate]), get(gate)[t], atol=1e-5)
                    # The candidate keeps its parts apart: the reset gate scales the hidden part only.
                    hn, xn = step.blocks("hidden_part")["n"], step.blocks("input_part")["n"]
                    np.testing.assert_allclose(hn, get("hn")[t], atol=1e-5)
                    np.testing.assert_allclose(xn, get("in")[t], atol=1e-5)
                    np.testing.assert_allclose(np.tanh(xn + get("r")[t] * hn), get("n")[t], atol=1e-5)
                    if np.abs((1 - get("r")[t]) * hn).max() > 1e-2:  # the reset gate made a difference
                        assert not np.allclose(np.tanh(pre["n"]), get("n")[t], atol=1e-3)


def test_shapes_are_the_modules_stacked_shapes():
    for arch, gates in (("rnn", 1), ("lstm", 4), ("gru", 3)):
        module = MODULES[arch](3, 5)
        step = fused_step(rnnviz.record(module, torch.randn(2, 3)), step=-1)
        assert step.step == 1 and step.weight.shape == (gates * 5, 5 + 3) and step.hidden_columns == 5
        assert tuple(step.blocks("weight")) == step.gates and step.blocks("weight")[step.gates[-1]].shape == (5, 8)


def test_bad_requests_are_refused():
    trace = rnnviz.record(torch.nn.GRU(3, 4), torch.randn(2, 3))
    with pytest.raises(IndexError, match="step 2 out of range"):
        fused_step(trace, 2)
    with pytest.raises(ValueError, match="cannot split 'concat'"):
        fused_step(trace, 0).blocks("concat")
    trace.weights = None
    with pytest.raises(ValueError, match="holds no weights"):
        fused_step(trace, 0)


@pytest.mark.parametrize(("arch", "options"), CONFIGS)
def test_the_tanh_terms_are_pytorchs_products_and_add_up_to_the_recorded_pre_activation(arch, options):
    torch.manual_seed(7)
    module = MODULES[arch](3, 4, **options)
    trace = rnnviz.record(module, torch.randn(5, 3))
    params = {name: value.detach().numpy().astype(np.float64) for name, value in module.named_parameters()}
    rows = {"rnn": slice(0, 4), "lstm": slice(8, 12), "gru": slice(8, 12)}[arch]  # h; g of i,f,g,o; n of r,z,n
    for layer in range(trace.num_layers):
        for direction in range(trace.num_directions):
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            get = lambda name: trace.get(name, layer, direction).astype(np.float64)  # noqa: E731
            for t in range(trace.steps):
                terms = tanh_terms(trace, t, layer, direction)
                bias = {kind: params[f"bias_{kind}{suffix}"][rows] if module.bias else 0.0 for kind in ("ih", "hh")}
                x_term = params[f"weight_ih{suffix}"][rows] @ get("x")[t] + bias["ih"]
                h_term = params[f"weight_hh{suffix}"][rows] @ get("h_prev")[t] + bias["hh"]
                np.testing.assert_allclose(terms.input_term, x_term, atol=1e-5)
                np.testing.assert_allclose(terms.recurrent_term, h_term, atol=1e-5)
                scale = get("r")[t] if arch == "gru" else 1.0  # PyTorch's reset multiplies after the product
                np.testing.assert_allclose(x_term + scale * h_term, terms.pre, atol=1e-5)
                np.testing.assert_allclose(np.tanh(terms.pre), terms.out, atol=1e-5)
                assert (terms.reset is None) == (arch != "gru")
