"""How much each input step (each token's embedding) moves each recurrent state.

``C[t, k] = ||dh_t / dx_k||_F``, the Frobenius norm of the Jacobian of the state at step ``t``
with respect to the input at step ``k``, per layer and direction, computed with autograd in
float64. The forward direction has seen token ``k`` only from step ``k`` on, so ``C[t, k] = 0``
for ``k > t``; for the backward direction past and future swap (``C[t, k] = 0`` for ``k < t``).

>>> import torch
>>> from rnnviz.analysis.influence import token_influence
>>> lstm = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
>>> token_influence(lstm, torch.randn(5, 3)).shape    # (layers, directions, T, T)
(2, 2, 5, 5)
"""

from __future__ import annotations

import re

import numpy as np
import torch
from torch import nn

from rnnviz.core.record import arch_of


def token_influence(module: nn.Module, inputs: torch.Tensor, hx=None) -> np.ndarray:
    """``C`` of shape ``(num_layers, num_directions, T, T)`` for one sequence ``(T, input_size)``.

    ``hx`` is an initial state as the module takes it (unbatched or with a batch of one). The
    module itself is not changed: the Jacobians come from float64 copies of its layers.
    """
    x = torch.as_tensor(inputs).detach().to(torch.float64)
    if x.ndim != 2 or x.shape[1] != module.input_size or x.shape[0] == 0:
        raise ValueError(f"inputs must have shape (T, {module.input_size}) with T >= 1; got {tuple(x.shape)}")
    layers = _single_layers(module)
    initial = _layer_states(module, hx)
    directions = 2 if module.bidirectional else 1

    def states(x: torch.Tensor) -> torch.Tensor:
        out, every = x, []
        for layer, h0 in zip(layers, initial):
            out, _ = layer(out, h0)
            every.append(out)
        return torch.stack(every)  # (L, T, D * H_out)

    jacobian = torch.autograd.functional.jacobian(states, x, vectorize=True)  # (L, T, D*H, T, in)
    steps = x.shape[0]
    jacobian = jacobian.reshape(len(layers), steps, directions, -1, steps, x.shape[1])
    norms = jacobian.square().sum(dim=(3, 5)).sqrt()  # (L, T, D, T)
    return norms.permute(0, 2, 1, 3).contiguous().numpy()


_BASE = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def _single_layers(module: nn.Module) -> list[nn.Module]:
    """One float64 single-layer copy per layer of ``module``, so every layer's states are outputs."""
    base = _BASE[arch_of(module)]  # a subclass of nn.LSTM etc. may take other arguments
    directions = 2 if module.bidirectional else 1
    hidden_out = getattr(module, "proj_size", 0) or module.hidden_size
    kwargs = {"bias": module.bias, "bidirectional": module.bidirectional}
    if base is nn.RNN:
        kwargs["nonlinearity"] = module.nonlinearity
    if base is nn.LSTM:
        kwargs["proj_size"] = module.proj_size
    params = dict(module.named_parameters())
    layers = []
    for k in range(module.num_layers):
        layer = base(module.input_size if k == 0 else directions * hidden_out, module.hidden_size, **kwargs)
        pattern = re.compile(rf"(.*)_l{k}(_reverse)?")
        state = {}
        for name, value in params.items():
            match = pattern.fullmatch(name)
            if match:
                state[f"{match.group(1)}_l0{match.group(2) or ''}"] = value.detach().to(torch.float64)
        layer = layer.to(torch.float64)
        layer.load_state_dict(state)
        layers.append(layer.requires_grad_(False).eval())
    return layers


def _layer_states(module: nn.Module, hx) -> list:
    """The initial state of each layer, unbatched ``(D, H)`` (a pair for an LSTM), or None."""
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
        return list(zip(split(hx[0]), split(hx[1])))
    return split(hx)
