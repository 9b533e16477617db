"""Record every gate and state of a PyTorch RNN, LSTM or GRU forward pass.

The module's own fused forward runs once per layer and yields every ``h_t``; from those, the
gates of all steps come from one batched product over ``(x_t, h_{t-1})``. Only the LSTM's
cell-state recurrence is left to a loop, and it is elementwise.

>>> import torch, rnnviz
>>> lstm = torch.nn.LSTM(input_size=5, hidden_size=8, num_layers=2, bidirectional=True)
>>> trace = rnnviz.record(lstm, torch.randn(7, 5))
>>> trace.get("f", layer=1, direction=1).shape
(7, 8)
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from torch import nn

from rnnviz.core.trace import Trace

_ARCH = {nn.LSTM: "lstm", nn.GRU: "gru", nn.RNN: "rnn"}


def arch_of(module: nn.Module) -> str:
    """``"rnn"``, ``"lstm"`` or ``"gru"`` for a recurrent module; TypeError for anything else."""
    for cls, arch in _ARCH.items():
        if isinstance(module, cls):
            return arch
    raise TypeError(f"expected a torch.nn.RNN, LSTM or GRU module, got {type(module).__name__}")


@torch.no_grad()
def record(module: nn.Module, inputs: torch.Tensor | np.ndarray, hx=None) -> Trace:
    """Run ``module`` on one sequence and return a :class:`Trace` of every intermediate value.

    ``inputs`` is one sequence ``(T, input_size)`` or the module's batched layout with batch
    size 1. ``hx`` is an initial state as the module takes it (a tuple ``(h_0, c_0)`` for an
    LSTM). The module is left as it was: mode, weights and gradients are untouched. Dropout
    between layers is not applied: the trace is the deterministic (evaluation) computation.
    """
    arch = arch_of(module)
    params = dict(module.named_parameters())
    dtype = next(iter(params.values())).dtype
    for name, value in params.items():
        if not torch.isfinite(value).all():
            raise ValueError(f"the module's weight {name} contains NaN or infinite values")
    x = _sequence(module, inputs, dtype)
    h0, c0 = _initial_state(module, arch, hx, dtype)

    num_dirs = 2 if module.bidirectional else 1
    arrays: dict[tuple[int, int, str], np.ndarray] = {}
    h_n, c_n = [], []
    layer_input = x
    for layer in range(module.num_layers):
        outputs = []
        for direction in range(num_dirs):
            k = layer * num_dirs + direction
            w = _layer_weights(params, layer, direction)
            steps = _record_direction(arch, module, w, layer_input, h0[k], None if c0 is None else c0[k], direction)
            arrays.update({(layer, direction, name): value for name, value in steps.items()})
            outputs.append(steps["h"])
            h_n.append(steps["h"][-1] if direction == 0 else steps["h"][0])
            if arch == "lstm":
                c_n.append(steps["c"][-1] if direction == 0 else steps["c"][0])
        layer_input = torch.cat(outputs, dim=1)

    return Trace(
        arch=arch,
        input_size=module.input_size,
        hidden_size=module.hidden_size,
        proj_size=getattr(module, "proj_size", 0),
        num_layers=module.num_layers,
        num_directions=num_dirs,
        steps=x.shape[0],
        arrays={key: value.numpy() for key, value in arrays.items()},
        output=layer_input.numpy(),
        h_n=torch.stack(h_n).numpy(),
        c_n=torch.stack(c_n).numpy() if arch == "lstm" else None,
        bias=module.bias,
        nonlinearity=getattr(module, "nonlinearity", "tanh"),
    )


def _record_direction(arch, module, w, x, h0, c0, direction) -> dict[str, torch.Tensor]:
    """All arrays of one layer and direction, in input time order."""
    if direction == 1:
        x = x.flip(0)
    h = _fused_states(arch, module, w, x, h0, c0)  # (T, H_out), the module's own kernel
    h_prev = torch.cat([h0[None], h[:-1]])
    gates_x = x @ w["ih"].T + (w["bias_ih"] if "bias_ih" in w else 0)
    gates_h = h_prev @ w["hh"].T + (w["bias_hh"] if "bias_hh" in w else 0)

    if arch == "rnn":
        out = {"x": x, "h_prev": h_prev, "pre": gates_x + gates_h, "h": h}
    elif arch == "gru":
        xr, xz, xn = gates_x.chunk(3, dim=1)  # (T, H) each: W_i* x_t + b_i*
        hr, hz, hn = gates_h.chunk(3, dim=1)  # (T, H) each: W_h* h_{t-1} + b_h*
        pre_r, pre_z = xr + hr, xz + hz
        r, z = torch.sigmoid(pre_r), torch.sigmoid(pre_z)
        pre_n = xn + r * hn
        out = {"x": x, "h_prev": h_prev, "pre_r": pre_r, "pre_z": pre_z, "in": xn, "hn": hn, "pre_n": pre_n,
               "r": r, "z": z, "n": torch.tanh(pre_n), "h": h}
    else:
        pre_i, pre_f, pre_g, pre_o = (gates_x + gates_h).chunk(4, dim=1)  # (T, H) each
        i, f, g, o = torch.sigmoid(pre_i), torch.sigmoid(pre_f), torch.tanh(pre_g), torch.sigmoid(pre_o)
        c = _cell_states(f, i * g, c0)
        c_prev = torch.cat([c0[None], c[:-1]])
        tanh_c = torch.tanh(c)
        out = {"x": x, "h_prev": h_prev, "c_prev": c_prev, "pre_i": pre_i, "pre_f": pre_f, "pre_g": pre_g,
               "pre_o": pre_o, "i": i, "f": f, "g": g, "o": o, "c": c, "tanh_c": tanh_c}
        if "hr" in w:
            out["h_full"] = o * tanh_c
        out["h"] = h
    if direction == 1:
        out = {name: value.flip(0) for name, value in out.items()}
    return {name: value.contiguous() for name, value in out.items()}


def _cell_states(f: torch.Tensor, update: torch.Tensor, c0: torch.Tensor) -> torch.Tensor:
    """c_t = f_t * c_{t-1} + i_t * g_t, step by step.

    The recurrence is elementwise, so numpy on row views (about a microsecond per step) beats
    both torch ops and a parallel scan at these sizes.
    """
    c = np.empty_like(f.numpy())
    prev = c0.numpy()
    multiply, add = np.multiply, np.add
    for f_t, update_t, c_t in zip(f.numpy(), update.numpy(), c):
        multiply(f_t, prev, out=c_t)
        add(c_t, update_t, out=c_t)
        prev = c_t
    return torch.from_numpy(c)


def _fused_states(arch, module, w, x, h0, c0) -> torch.Tensor:
    """Every h_t of one layer and direction, from PyTorch's own single-layer kernel."""
    weights = [w["ih"], w["hh"]]
    if "bias_ih" in w:
        weights += [w["bias_ih"], w["bias_hh"]]
    if "hr" in w:
        weights.append(w["hr"])
    # The kernels nn.RNN/LSTM/GRU call: (input, hx, params, has_biases, num_layers, dropout,
    # train, bidirectional, batch_first), with a batch of one and time first.
    options = (weights, "bias_ih" in w, 1, 0.0, False, False, False)
    batch_x = x[:, None]
    if arch == "lstm":
        with warnings.catch_warnings():  # projections merely fall back from oneDNN to the default kernel
            warnings.filterwarnings("ignore", message="LSTM with projections is not supported with oneDNN")
            out, _, _ = torch.lstm(batch_x, (h0[None, None], c0[None, None]), *options)
    elif arch == "gru":
        out, _ = torch.gru(batch_x, h0[None, None], *options)
    else:
        kernel = torch.rnn_tanh if module.nonlinearity == "tanh" else torch.rnn_relu
        out, _ = kernel(batch_x, h0[None, None], *options)
    return out[:, 0]


def _layer_weights(params: dict[str, torch.Tensor], layer: int, direction: int) -> dict[str, torch.Tensor]:
    suffix = f"_l{layer}" + ("_reverse" if direction else "")
    names = {"ih": "weight_ih", "hh": "weight_hh", "bias_ih": "bias_ih", "bias_hh": "bias_hh", "hr": "weight_hr"}
    return {key: params[name + suffix].detach() for key, name in names.items() if name + suffix in params}


def _sequence(module: nn.Module, inputs, dtype: torch.dtype) -> torch.Tensor:
    """The input as one (T, input_size) sequence in the module's dtype."""
    if isinstance(inputs, np.ndarray):
        inputs = torch.from_numpy(inputs)
    if not isinstance(inputs, torch.Tensor):
        raise TypeError(f"inputs must be a torch.Tensor or numpy array, got {type(inputs).__name__}")
    if inputs.ndim == 3:
        batch_dim = 0 if module.batch_first else 1
        if inputs.shape[batch_dim] != 1:
            raise ValueError(
                f"inputs hold a batch of {inputs.shape[batch_dim]} sequences; rnnviz records one sequence at a time"
            )
        inputs = inputs.select(batch_dim, 0)
    if inputs.ndim != 2:
        raise ValueError(f"inputs must have shape (T, input_size) or a batch of one; got shape {tuple(inputs.shape)}")
    if inputs.shape[1] != module.input_size:
        raise ValueError(f"inputs have {inputs.shape[1]} features per step; the module expects input_size={module.input_size}")
    if inputs.shape[0] == 0:
        raise ValueError("inputs are an empty sequence; give at least one step")
    inputs = inputs.detach().to(device="cpu", dtype=dtype)
    if not torch.isfinite(inputs).all():
        raise ValueError("inputs contain NaN or infinite values")
    return inputs


def _initial_state(module: nn.Module, arch: str, hx, dtype: torch.dtype):
    """h_0 of shape (layers * directions, H_out) and, for an LSTM, c_0 (layers * directions, H)."""
    num = module.num_layers * (2 if module.bidirectional else 1)
    h_size = getattr(module, "proj_size", 0) or module.hidden_size
    if hx is None:
        h0 = torch.zeros(num, h_size, dtype=dtype)
        return h0, torch.zeros(num, module.hidden_size, dtype=dtype) if arch == "lstm" else None
    if arch == "lstm":
        if not (isinstance(hx, (tuple, list)) and len(hx) == 2):
            raise TypeError("an LSTM's hx is a tuple (h_0, c_0)")
        return _state(hx[0], num, h_size, dtype, "h_0"), _state(hx[1], num, module.hidden_size, dtype, "c_0")
    if isinstance(hx, (tuple, list)):
        raise TypeError(f"a {arch.upper()}'s hx is one tensor h_0, not a tuple")
    return _state(hx, num, h_size, dtype, "h_0"), None


def _state(value, num: int, size: int, dtype: torch.dtype, name: str) -> torch.Tensor:
    value = torch.as_tensor(value)
    if value.ndim == 3 and value.shape[1] == 1:
        value = value[:, 0]
    if tuple(value.shape) != (num, size):
        raise ValueError(f"{name} must have shape ({num}, {size}) or ({num}, 1, {size}); got {tuple(value.shape)}")
    if not torch.isfinite(value).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return value.detach().to(dtype=dtype)
