"""The recording core reproduces PyTorch's modules exactly, over a seeded matrix of configurations."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.core.trace import SCHEMA_VERSION, TOLERANCE, Trace

ARCH_CLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def _configs(count: int = 48, seed: int = 20261130):
    """A seeded random sample of module configurations, every arch equally often."""
    rng = random.Random(seed)
    for k in range(count):
        arch = ("rnn", "lstm", "gru")[k % 3]
        cfg = {
            "arch": arch,
            "input_size": rng.randint(1, 6),
            "hidden_size": rng.randint(1, 7),
            "num_layers": rng.randint(1, 3),
            "bidirectional": rng.random() < 0.5,
            "batch_first": rng.random() < 0.5,
            "bias": rng.random() < 0.75,
            "nonlinearity": rng.choice(["tanh", "relu"]) if arch == "rnn" else None,
            "proj_size": 0,
            "dtype": rng.choice([torch.float32, torch.float64]),
            "steps": rng.randint(1, 9),
            "batched": rng.random() < 0.5,
            "with_hx": rng.random() < 0.5,
            "seed": rng.randrange(2**31),
        }
        if arch == "lstm" and cfg["hidden_size"] > 1 and rng.random() < 0.5:
            cfg["proj_size"] = rng.randint(1, cfg["hidden_size"] - 1)  # PyTorch needs proj < hidden
        yield cfg


def _build(cfg):
    torch.manual_seed(cfg["seed"])
    kwargs = {
        key: cfg[key] for key in ("input_size", "hidden_size", "num_layers", "bidirectional", "batch_first", "bias")
    }
    if cfg["nonlinearity"]:
        kwargs["nonlinearity"] = cfg["nonlinearity"]
    if cfg["proj_size"]:
        kwargs["proj_size"] = cfg["proj_size"]
    module = ARCH_CLS[cfg["arch"]](**kwargs).to(cfg["dtype"])
    seq = torch.randn(cfg["steps"], cfg["input_size"], dtype=cfg["dtype"])
    inputs = seq
    if cfg["batched"]:
        inputs = seq[None] if cfg["batch_first"] else seq[:, None]
    hx = None
    if cfg["with_hx"]:
        layers = cfg["num_layers"] * (2 if cfg["bidirectional"] else 1)
        h_out = cfg["proj_size"] or cfg["hidden_size"]
        shape = (layers, 1, h_out) if cfg["batched"] else (layers, h_out)
        hx = torch.randn(shape, dtype=cfg["dtype"])
        if cfg["arch"] == "lstm":
            c_shape = (*shape[:-1], cfg["hidden_size"])
            hx = (hx, torch.randn(c_shape, dtype=cfg["dtype"]))
    return module, seq, inputs, hx


def _reference_step(arch, p, x, h, c, nonlinearity):
    """One step of the equations in PyTorch's documentation, written out independently in float64."""
    b_ih = p.get("b_ih", 0.0)
    b_hh = p.get("b_hh", 0.0)
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))  # noqa: E731
    if arch == "rnn":
        pre = p["w_ih"] @ x + b_ih + p["w_hh"] @ h + b_hh
        return {"pre": pre, "h": np.tanh(pre) if nonlinearity == "tanh" else np.maximum(pre, 0.0)}
    if arch == "gru":
        gi, gh = p["w_ih"] @ x + b_ih, p["w_hh"] @ h + b_hh
        hs = len(h)
        r = sig(gi[:hs] + gh[:hs])
        z = sig(gi[hs : 2 * hs] + gh[hs : 2 * hs])
        n = np.tanh(gi[2 * hs :] + r * gh[2 * hs :])
        return {"r": r, "z": z, "n": n, "hn": gh[2 * hs :], "h": (1 - z) * n + z * h}
    gates = p["w_ih"] @ x + b_ih + p["w_hh"] @ h + b_hh
    i, f, g, o = np.split(gates, 4)
    i, f, g, o = sig(i), sig(f), np.tanh(g), sig(o)
    c_new = f * c + i * g
    h_full = o * np.tanh(c_new)
    h_new = p["w_hr"] @ h_full if "w_hr" in p else h_full
    return {"i": i, "f": f, "g": g, "o": o, "c": c_new, "tanh_c": np.tanh(c_new), "h_full": h_full, "h": h_new}


def _params(module, layer, direction):
    suffix = f"_l{layer}" + ("_reverse" if direction else "")
    names = {"w_ih": "weight_ih", "w_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh", "w_hr": "weight_hr"}
    state = dict(module.named_parameters())
    return {k: state[v + suffix].detach().double().numpy() for k, v in names.items() if v + suffix in state}


@pytest.mark.parametrize("cfg", list(_configs()), ids=lambda c: f"{c['arch']}-L{c['num_layers']}-{c['seed']}")
def test_record_matches_module_and_equations(cfg):
    module, seq, inputs, hx = _build(cfg)
    before = {k: v.clone() for k, v in module.state_dict().items()}
    was_training = module.training

    trace = rnnviz.record(module, inputs, hx)

    with torch.no_grad():
        out, state = module(inputs, hx)
    h_n, c_n = state if cfg["arch"] == "lstm" else (state, None)
    if cfg["batched"]:
        out = out[0] if cfg["batch_first"] else out[:, 0]
        h_n = h_n[:, 0]
        c_n = None if c_n is None else c_n[:, 0]
    tol = TOLERANCE[str(cfg["dtype"]).removeprefix("torch.")]
    np.testing.assert_allclose(trace.output, out.numpy(), rtol=0, atol=tol)
    np.testing.assert_allclose(trace.h_n, h_n.numpy(), rtol=0, atol=tol)
    if cfg["arch"] == "lstm":
        np.testing.assert_allclose(trace.c_n, c_n.numpy(), rtol=0, atol=tol)
    else:
        assert trace.c_n is None

    # Every recorded gate satisfies its documented equation, given the recorded inputs of its step.
    for layer in range(trace.num_layers):
        for direction in range(trace.num_directions):
            p = _params(module, layer, direction)
            get = lambda name: trace.get(name, layer, direction).astype(np.float64)  # noqa: E731
            for t in range(trace.steps):
                c_prev = get("c_prev")[t] if cfg["arch"] == "lstm" else None
                expected = _reference_step(cfg["arch"], p, get("x")[t], get("h_prev")[t], c_prev, trace.nonlinearity)
                for name, value in expected.items():
                    if name in trace.names:
                        np.testing.assert_allclose(get(name)[t], value, rtol=0, atol=tol * 10, err_msg=name)
            # States chain: h_prev of each step is the h of the step before it, in processing order.
            h, h_prev = get("h"), get("h_prev")
            chained = h_prev[1:] if direction == 0 else h_prev[:-1]
            previous = h[:-1] if direction == 0 else h[1:]
            np.testing.assert_array_equal(chained, previous)
    # Layer l+1 reads layer l's outputs, both directions concatenated.
    for layer in range(1, trace.num_layers):
        below = np.concatenate([trace.get("h", layer - 1, d) for d in range(trace.num_directions)], axis=1)
        np.testing.assert_array_equal(trace.get("x", layer), below)
    np.testing.assert_array_equal(trace.get("x"), seq.numpy())

    # The module is untouched.
    assert module.training == was_training
    assert all(torch.equal(before[k], v) for k, v in module.state_dict().items())
    assert all(p.grad is None for p in module.parameters())


def test_metadata_and_shapes():
    lstm = torch.nn.LSTM(input_size=5, hidden_size=8, num_layers=2, bidirectional=True)
    trace = rnnviz.record(lstm, torch.randn(7, 5))
    assert (trace.arch, trace.input_size, trace.hidden_size, trace.proj_size) == ("lstm", 5, 8, 0)
    assert (trace.num_layers, trace.num_directions, trace.steps) == (2, 2, 7)
    assert trace.get("f", layer=1, direction=1).shape == (7, 8)
    assert trace.get("x", layer=1).shape == (7, 16)
    assert trace.names == ("x", "h_prev", "c_prev", "i", "f", "g", "o", "c", "tanh_c", "h")
    assert trace.output.shape == (7, 16) and trace.h_n.shape == (4, 8) and trace.c_n.shape == (4, 8)
    assert trace.tokens is None
    projected = rnnviz.record(torch.nn.LSTM(3, 6, proj_size=2), torch.randn(4, 3))
    assert projected.get("h_full").shape == (4, 6) and projected.get("h").shape == (4, 2)
    gru = rnnviz.record(torch.nn.GRU(3, 4), torch.randn(4, 3))
    assert gru.names == ("x", "h_prev", "r", "z", "n", "hn", "h") and gru.c_n is None


def test_training_module_with_dropout_records_the_deterministic_pass():
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(3, 4, num_layers=2, dropout=0.5)  # left in training mode
    x = torch.randn(5, 3)
    trace = rnnviz.record(lstm, x)
    assert lstm.training
    with torch.no_grad():
        expected, _ = lstm.eval()(x)
    np.testing.assert_allclose(trace.output, expected.numpy(), atol=1e-6)


@pytest.mark.parametrize("suffix", [".json", ".npz"])
def test_save_load_round_trip_is_exact_and_deterministic(tmp_path, suffix):
    torch.manual_seed(1)
    gru = torch.nn.GRU(4, 5, num_layers=2, bidirectional=True)
    x = torch.randn(6, 4)
    trace = rnnviz.record(gru, x)
    trace.attach(tokens=list("abcdef"), labels=["yes", "no"], probs=np.array([0.75, 0.25]))
    first = trace.save(tmp_path / f"a{suffix}")
    loaded = Trace.load(first)
    assert loaded == trace
    assert loaded.tokens == list("abcdef") and loaded.prediction == [("yes", 0.75), ("no", 0.25)]
    np.testing.assert_array_equal(loaded.get("z", 1, 1), trace.get("z", 1, 1))
    assert loaded.get("z").dtype == np.float32
    again = rnnviz.record(gru, x).attach(tokens=list("abcdef"), labels=["yes", "no"], probs=np.array([0.75, 0.25]))
    second = again.save(tmp_path / f"b{suffix}")
    assert first.read_bytes() == second.read_bytes()


def test_json_is_readable_and_versioned(tmp_path):
    trace = rnnviz.record(torch.nn.RNN(2, 3).double(), torch.randn(4, 2, dtype=torch.float64))
    doc = json.loads(trace.save(tmp_path / "t.json").read_text())
    assert doc["format"] == "rnnviz.trace" and doc["schema_version"] == SCHEMA_VERSION
    assert doc["dtype"] == "float64" and doc["arch"] == "rnn"
    assert set(doc["arrays"]) == {"layer0.dir0.x", "layer0.dir0.h_prev", "layer0.dir0.pre", "layer0.dir0.h", "output", "h_n"}
    assert Trace.load(tmp_path / "t.json") == trace


def test_unequal_traces_compare_unequal():
    torch.manual_seed(2)
    rnn = torch.nn.RNN(2, 3)
    a, b = rnnviz.record(rnn, torch.randn(4, 2)), rnnviz.record(rnn, torch.randn(4, 2))
    assert a != b


@pytest.mark.parametrize(
    ("module", "inputs", "error", "message"),
    [
        (torch.nn.Linear(3, 3), torch.randn(4, 3), TypeError, "RNN, LSTM or GRU"),
        (torch.nn.LSTM(3, 4), torch.randn(4, 2, 3), ValueError, "batch of 2"),
        (torch.nn.LSTM(3, 4, batch_first=True), torch.randn(2, 4, 3), ValueError, "batch of 2"),
        (torch.nn.GRU(3, 4), torch.randn(4, 5), ValueError, "input_size=3"),
        (torch.nn.RNN(3, 4), torch.randn(0, 3), ValueError, "empty"),
        (torch.nn.RNN(3, 4), torch.tensor([[0.0, float("nan"), 1.0]]), ValueError, "NaN"),
        (torch.nn.RNN(3, 4), torch.tensor([[0.0, float("inf"), 1.0]]), ValueError, "infinite"),
        (torch.nn.RNN(3, 4), [[0.0, 1.0, 2.0]], TypeError, "torch.Tensor"),
    ],
)
def test_bad_input_is_refused_clearly(module, inputs, error, message):
    with pytest.raises(error, match=message):
        rnnviz.record(module, inputs)


def test_non_finite_weights_are_refused():
    gru = torch.nn.GRU(3, 4)
    with torch.no_grad():
        gru.weight_hh_l0[0, 0] = float("inf")
    with pytest.raises(ValueError, match="weight_hh_l0 contains NaN or infinite"):
        rnnviz.record(gru, torch.randn(2, 3))


def test_bad_initial_state_is_refused():
    lstm = torch.nn.LSTM(3, 4)
    with pytest.raises(TypeError, match="tuple"):
        rnnviz.record(lstm, torch.randn(2, 3), torch.zeros(1, 4))
    with pytest.raises(ValueError, match="h_0 must have shape"):
        rnnviz.record(torch.nn.GRU(3, 4), torch.randn(2, 3), torch.zeros(2, 4))


def test_loading_a_foreign_file_is_refused(tmp_path):
    (tmp_path / "x.json").write_text('{"format": "something else"}')
    with pytest.raises(ValueError, match="not an rnnviz trace"):
        Trace.load(tmp_path / "x.json")
    (tmp_path / "y.json").write_text('{"format": "rnnviz.trace", "schema_version": 99}')
    with pytest.raises(ValueError, match="schema version 99"):
        Trace.load(tmp_path / "y.json")
    with pytest.raises(ValueError, match="suffix"):
        rnnviz.record(torch.nn.RNN(1, 1), torch.randn(1, 1)).save(tmp_path / "t.txt")
