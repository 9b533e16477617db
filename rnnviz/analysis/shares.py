"""Each token's share of each recurrent state: the one definition every figure and table uses.

The influence ``C[t, k] = ||dh_t/dx_k||_F`` (:mod:`rnnviz.analysis.influence`, stored in the
Trace) says how much token ``k``'s embedding moves the state at step ``t``. A token's *share* of
that state is its influence normalised over the tokens the state has seen::

    S[t, k] = C[t, k] / sum_j C[t, j]     for the tokens j seen by h_t, and 0 for the others

so every state's shares sum to 1. The forward direction has seen tokens ``0..t``; the backward
direction tokens ``t..T-1``. A state that no token moves at all (``C[t, :] = 0``, e.g. zero input
weights) has no shares: its row is 0.

Numpy only: scenes read shares through here without importing torch.

>>> from collections.abc import Mapping

from rnnviz.core.trace import Trace
>>> from rnnviz.models.demo import demo_trace_path
>>> shares = state_shares(Trace.load(demo_trace_path("rnn")))
>>> shares.shape, shares[0].tolist()[:2]          # (states, tokens); h_1 has seen one token
((4, 4), [1.0, 0.0])
>>> bool(abs(shares[3].sum() - 1.0) < 1e-12)
True
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from rnnviz.core.trace import Trace

__all__ = ["least_kept", "seen_mask", "shares_from_influence", "state_shares", "token_share"]


def seen_mask(steps: int, direction: int = 0) -> np.ndarray:
    """``M[t, k]``: whether the state at step ``t`` has seen token ``k`` (``k <= t`` forward,
    ``k >= t`` backward), shape ``(steps, steps)``.

    >>> seen_mask(3).astype(int).tolist()
    [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    """
    if direction not in (0, 1):
        raise ValueError(f"direction is 0 (forward) or 1 (backward), got {direction!r}")
    lower = np.tri(steps, dtype=bool)
    return lower if direction == 0 else lower.T


def shares_from_influence(influence: np.ndarray, direction: int = 0) -> np.ndarray:
    """``S[t, k]`` of one influence matrix ``C`` of shape ``(T, T)`` (see the module's docstring).

    >>> shares_from_influence(np.array([[2.0, 0.0], [1.0, 3.0]])).tolist()
    [[1.0, 0.0], [0.25, 0.75]]
    """
    c = np.asarray(influence, dtype=np.float64)
    if c.ndim != 2 or c.shape[0] != c.shape[1]:
        raise ValueError(f"an influence matrix is (T, T); got shape {c.shape}")
    if not np.all(np.isfinite(c)) or np.any(c < 0):
        raise ValueError("influence values are norms: finite and non-negative")
    c = np.where(seen_mask(c.shape[0], direction), c, 0.0)
    totals = c.sum(axis=1, keepdims=True)
    return np.divide(c, totals, out=np.zeros_like(c), where=totals > 0)


def state_shares(trace: Trace, layer: int = 0, direction: int = 0) -> np.ndarray:
    """``S[t, k]`` of a Trace's states (of one layer and direction), shape ``(steps, steps)``."""
    if trace.influence is None:
        raise ValueError("this trace has no influence matrix; record it with rnnviz.models (trace_sentence)")
    if not 0 <= layer < trace.num_layers or not 0 <= direction < trace.num_directions:
        raise IndexError(f"no layer {layer}, direction {direction} in a trace of {trace.num_layers} layer(s), "
                         f"{trace.num_directions} direction(s)")
    return shares_from_influence(trace.influence[layer, direction], direction)


def token_share(trace: Trace, token: int = 0, layer: int = 0, direction: int = 0) -> np.ndarray:
    """Token ``token``'s share of every state, shape ``(steps,)``: 0 where the state has not seen it.

    >>> from collections.abc import Mapping

from rnnviz.core.trace import Trace
    >>> from rnnviz.models.demo import demo_trace_path
    >>> token_share(Trace.load(demo_trace_path("lstm")), token=1)[:2].round(3).tolist()
    [0.0, 0.645]
    """
    if not 0 <= token < trace.steps:
        raise IndexError(f"token {token} out of range; the trace has {trace.steps}")
    return state_shares(trace, layer, direction)[:, token]


def least_kept(traces: Mapping[str, Trace], token: int = 0) -> tuple[str, dict[str, float]]:
    """Which of several traces of one sentence (by arch) keeps the least of ``token`` in its last
    state (forward direction, last layer), and each one's share of it there.

    The rule a memory figure states: the model whose final state holds the smallest share of the
    first word has forgotten it most. A tie goes to the first model given.

    >>> from rnnviz.core.trace import Trace
    >>> from rnnviz.models.demo import demo_trace_path
    >>> traces = {arch: Trace.load(demo_trace_path(arch)) for arch in ("rnn", "lstm", "gru")}
    >>> arch, finals = least_kept(traces)
    >>> arch, {a: round(s, 3) for a, s in finals.items()}
    ('lstm', {'rnn': 0.133, 'lstm': 0.116, 'gru': 0.158})
    """
    if not traces:
        raise ValueError("no traces to compare")
    finals = {arch: float(token_share(trace, token, trace.num_layers - 1)[-1]) for arch, trace in traces.items()}
    return min(finals, key=finals.__getitem__), finals
