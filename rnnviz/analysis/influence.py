"""How much each input step (each token's embedding) moves each recurrent state.

``C[t, k] = ||dh_t / dx_k||_F``, the Frobenius norm of the Jacobian of the state at step ``t``
with respect to the input at step ``k``, per layer and direction, computed with forward-mode
autograd in float64. The forward direction has seen token ``k`` only from step ``k`` on, so ``C[t, k] = 0``
for ``k > t``; for the backward direction past and future swap (``C[t, k] = 0`` for ``k < t``).

>>> import torch
>>> from rnnviz.analysis.influence import token_influence
>>> lstm = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
>>> token_influence(lstm, torch.randn(5, 3)).shape    # (layers, directions, T, T)
(2, 2, 5, 5)
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import torch
import torch.autograd.forward_ad as fwAD
from torch import nn

from rnnviz.core.record import arch_of

# Float64 entries of one layer's output tangents per chunk (16 MB; the cells hold several times more).
_TANGENT_BUDGET = 1 << 21


def token_influence(module: nn.Module, inputs: torch.Tensor, hx=None) -> np.ndarray:
    """``C`` of shape ``(num_layers, num_directions, T, T)`` for one sequence ``(T, input_size)``.

    ``hx`` is an initial state as the module takes it (unbatched or with a batch of one). The
    module itself is not changed: the Jacobians come from float64 copies of its layers.
    """
    x = torch.as_tensor(inputs).detach().to(torch.float64)
    if x.ndim != 2 or x.shape[1] != module.input_size or x.shape[0] == 0:
        raise ValueError(f"inputs must have shape (T, {module.input_size}) with T >= 1; got {tuple(x.shape)}")
    layers = float64_layers(module)
    initial = initial_states(module, hx)
    steps, size = x.shape
    directions = 2 if module.bidirectional else 1
    influence = np.zeros((len(layers), directions, steps, steps))
    # Forward-mode autograd: one batch element per input coordinate, its tangent the unit
    # vector of that coordinate, so one pass yields every column of every Jacobian. Tokens go
    # in chunks to bound memory on long sequences and wide layers.
    chunk = max(1, _TANGENT_BUDGET // (steps * size * directions * _hidden_out(module)))
    with torch.no_grad(), fwAD.dual_level():
        for first in range(0, steps, chunk):
            tokens = range(first, min(first + chunk, steps))
            batch = len(tokens) * size
            tangent = torch.zeros(steps, batch, size, dtype=torch.float64)
            for i, k in enumerate(tokens):
                tangent[k, i * size : (i + 1) * size] = torch.eye(size, dtype=torch.float64)
            h = _dual(x[:, None].expand(steps, batch, size).contiguous(), tangent)
            for layer, (single, h0) in enumerate(zip(layers, initial)):
                h, _ = single(h, _batched(h0, batch))
                dh = fwAD.unpack_dual(h).tangent.reshape(steps, len(tokens), size, directions, -1)
                norms = dh.square().sum(dim=(2, 4)).sqrt()  # (T, tokens, D)
                influence[layer, :, :, first : first + len(tokens)] = norms.permute(2, 0, 1).numpy()
    return influence


def _dual(primal: torch.Tensor, tangent: torch.Tensor) -> torch.Tensor:
    """``fwAD.make_dual``; its first call scripts torch's own decompositions, which torch 2.13
    reports as a DeprecationWarning of its own that users cannot act on."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="`torch.jit.script` is deprecated", category=DeprecationWarning)
        return fwAD.make_dual(primal, tangent)


def _hidden_out(module: nn.Module) -> int:
    return getattr(module, "proj_size", 0) or module.hidden_size


def _batched(state, batch: int):
    """An unbatched initial state ``(D, H)`` (or an LSTM's pair) repeated for ``batch`` sequences."""
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(_batched(s, batch) for s in state)
    return state[:, None].expand(-1, batch, -1).contiguous()


_BASE = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def float64_layers(module: nn.Module) -> list[nn.Module]:
    """One float64 single-layer copy per layer of ``module``, so every layer's states are outputs."""
    directions = 2 if module.bidirectional else 1
    params = dict(module.named_parameters())
    layers = []
    for k in range(module.num_layers):
        pattern = re.compile(rf"(.*)_l{k}(_reverse)?")
        state = {}
        for name, value in params.items():
            match = pattern.fullmatch(name)
            if match:
                state[f"{match.group(1)}_l0{match.group(2) or ''}"] = value
        inputs = module.input_size if k == 0 else directions * _hidden_out(module)
        layers.append(float64_copy(module, inputs, module.bidirectional, state))
    return layers


def float64_copy(like: nn.Module, input_size: int, bidirectional: bool, state: dict[str, torch.Tensor]) -> nn.Module:
    """A float64, single-layer, frozen module of ``like``'s kind and sizes, reading ``input_size``
    features, holding ``state`` (parameters named for layer 0)."""
    base = _BASE[arch_of(like)]  # a subclass of nn.LSTM etc. may take other arguments
    kwargs = {"bias": like.bias, "bidirectional": bidirectional}
    if base is nn.RNN:
        kwargs["nonlinearity"] = like.nonlinearity
    if base is nn.LSTM:
        kwargs["proj_size"] = like.proj_size
    copy = base(input_size, like.hidden_size, **kwargs).to(torch.float64)
    copy.load_state_dict({name: value.detach().to(torch.float64) for name, value in state.items()})
    return copy.requires_grad_(False).eval()


def initial_states(module: nn.Module, hx) -> list:
    """The initial state of each layer, unbatched ``(D, H)`` (a pair for an LSTM), or None each."""
    count = module.num_layers
    if hx is None:
        return [None] * count
    directions = 2 if module.bidirectional else 1

    def split(value) -> list[torch.Tensor]:
        value = torch.as_tensor(value).detach().to(torch.float64)
        if value.ndim == 3:
            value = value[:, 0]
        return list(value.reshape(count, directions, -1))

    if isinstance(hx, (tuple, list)):
        return list(zip(split(hx[0]), split(hx[1])))  # one (h_0, c_0) pair per layer
    return split(hx)
