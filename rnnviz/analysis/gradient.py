"""How much a change of an early state still reaches the last one: ``||dh_T/ds_t||`` over ``t``.

``G[t] = ||dh_end/ds_t||_2``, the spectral norm (largest singular value) of the Jacobian of the
last state ``h_end`` of a direction with respect to the state ``s_t`` it carries from step ``t``,
per layer and direction, computed with autograd in float64. ``s_t`` is ``h_t`` for an RNN and a
GRU, and the pair ``[h_t; c_t]`` for an LSTM, whose memory is carried by its cell state (with
``c_t`` held fixed, ``dh_T/dh_t`` alone would miss that path).

``G[t]`` is the largest factor by which a small change of the state at step ``t`` is amplified
on its way to the end, so ``G`` is 1 at the last step, and the influence of the token read at
step ``t`` on the last state is bounded by ``G[t]`` times its influence on ``s_t``
(``||dh_T/dx_t|| <= ||dh_T/ds_t||_2 ||ds_t/dx_t||``): a ``G`` that shrinks fast towards the early
steps is the vanishing gradient that makes early tokens' shares fade.

The forward direction ends at step ``T - 1``; the backward direction ends at step 0, so there
``G[t] = ||dh_0/ds_t||_2``.

>>> import torch
>>> from rnnviz.analysis.gradient import state_gradient
>>> g = state_gradient(torch.nn.GRU(3, 4, bidirectional=True), torch.randn(5, 3))
>>> g.shape, float(g[0, 0, -1]), float(g[0, 1, 0])   # (layers, directions, T); 1 where each ends
((1, 2, 5), 1.0, 1.0)
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from rnnviz.analysis.influence import float64_copy, float64_layers, initial_states

__all__ = ["state_gradient"]


def state_gradient(module: nn.Module, inputs: torch.Tensor, hx=None) -> np.ndarray:
    """``G`` of shape ``(num_layers, num_directions, T)`` for one sequence ``(T, input_size)``.

    ``hx`` is an initial state as the module takes it. The module itself is not changed: the
    Jacobians come from float64 copies of its layers, one direction at a time.
    """
    x = torch.as_tensor(inputs).detach().to(torch.float64)
    if x.ndim != 2 or x.shape[1] != module.input_size or x.shape[0] == 0:
        raise ValueError(f"inputs must have shape (T, {module.input_size}) with T >= 1; got {tuple(x.shape)}")
    directions = 2 if module.bidirectional else 1
    steps = x.shape[0]
    gradient = np.zeros((module.num_layers, directions, steps))
    for layer, (single, h0) in enumerate(zip(float64_layers(module), initial_states(module, hx))):
        for direction in range(directions):
            cell = _one_direction(single, direction)
            # The backward direction reads the sequence reversed: in its own order it ends last.
            seq = x if direction == 0 else x.flip(0)
            norms = _norms_to_end(cell, seq, _direction_state(h0, direction))
            gradient[layer, direction] = norms if direction == 0 else norms[::-1]
        with torch.no_grad():
            x, _ = single(x, h0)  # the next layer reads both directions' states
    return gradient


def _norms_to_end(cell: nn.Module, seq: torch.Tensor, state) -> np.ndarray:
    """``||dh_end/ds_s||_2`` for every step ``s`` of a one-direction, one-layer ``cell`` on ``seq``;
    ``s_s`` is the state carried from step ``s``: ``h_s``, or an LSTM's ``[h_s; c_s]``."""
    steps = seq.shape[0]
    norms = np.ones(steps)  # h_end as a function of the last state is h_end itself: norm 1
    lstm = isinstance(cell, nn.LSTM)
    carried = []
    with torch.no_grad():
        for s in range(steps):
            _, state = cell(seq[s : s + 1], state)
            carried.append(torch.cat(state, dim=1) if lstm else state)  # (1, H_out [+ H])
    h_size = getattr(cell, "proj_size", 0) or cell.hidden_size
    for s in range(steps - 1):
        rest = seq[s + 1 :]

        def last_state(start: torch.Tensor, rest: torch.Tensor = rest) -> torch.Tensor:
            state = (start[:, :h_size].contiguous(), start[:, h_size:].contiguous()) if lstm else start
            output, _ = cell(rest, state)
            return output[-1]  # (H_out,)

        jacobian = torch.autograd.functional.jacobian(last_state, carried[s], vectorize=True)  # (H_out, 1, S)
        norms[s] = float(torch.linalg.matrix_norm(jacobian[:, 0, :], ord=2))
    return norms


def _direction_state(h0, direction: int):
    """One direction's slice ``(1, H)`` of a layer's unbatched initial state (a pair for an LSTM)."""
    if h0 is None:
        return None
    if isinstance(h0, tuple):
        return tuple(s[direction : direction + 1] for s in h0)
    return h0[direction : direction + 1]


def _one_direction(single: nn.Module, direction: int) -> nn.Module:
    """A unidirectional copy of one direction of a single-layer float64 module."""
    suffix = "_l0_reverse" if direction == 1 else "_l0"
    state = {name[: -len(suffix)] + "_l0": value for name, value in single.named_parameters() if name.endswith(suffix)}
    return float64_copy(single, single.input_size, False, state)
