"""Why a recurrent layer squashes: real pre-activations through sigmoid and tanh, and a state
multiplied again and again by the model's own W_hh.

:func:`squash_step` takes one step's pre-activation of the layer's tanh (the RNN's ``pre``, the
LSTM's ``pre_g``, the GRU's ``pre_n``) through both functions: sigmoid maps it into (0, 1),
tanh into (-1, 1), and the tanh of it is the recorded ``h``, ``g`` or ``n``.

Without a squashing function, ``v_k = W v_{k-1}`` grows or shrinks like ``rho ** k``, ``rho``
being the spectral radius of ``W``: it explodes if ``rho > 1`` and vanishes if ``rho < 1``.
With tanh after each product, ``u_k = tanh(W u_{k-1})``, every unit stays inside (-1, 1). ``W``
is the recurrent matrix of the layer's tanh: the RNN's ``W_hh``, the LSTM's ``W_hg`` block,
the GRU's ``W_hn`` block (biases and inputs left out: only the repeated product is shown).

>>> from rnnviz.core.trace import Trace
>>> from rnnviz.paths import asset
>>> repeated = repeated_products(Trace.load(asset("traces", "rnn.json")), times=12)
>>> repeated.linear.shape                    # v_0 (the last recorded state) and 12 products
(13, 8)
>>> bool(repeated.spectral_radius > 1), bool(repeated.linear_norms[-1] > 10 * repeated.linear_norms[0])
(True, True)
>>> bool(abs(repeated.squashed).max() < 1)
True
>>> squashed = squash_step(Trace.load(asset("traces", "lstm.json")), step=0)
>>> squashed.name, squashed.pre.shape, bool((squashed.sigmoid > 0).all() and (squashed.sigmoid < 1).all())
('pre_g', (8,), True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnviz.core.trace import Trace

__all__ = ["TANH_BLOCK", "TANH_INPUT", "Repetition", "Squashed", "recurrent_tanh_matrix", "repeated_products",
           "squash_step"]

#: The row block of ``weight_hh`` that feeds each architecture's tanh.
TANH_BLOCK = {"rnn": "h", "lstm": "g", "gru": "n"}
#: The Trace array that goes into each architecture's tanh (its pre-activation).
TANH_INPUT = {"rnn": "pre", "lstm": "pre_g", "gru": "pre_n"}


@dataclass(frozen=True)
class Squashed:
    """One step's pre-activation ``pre`` (the Trace array ``name``) and its sigmoid and tanh."""

    name: str
    step: int
    pre: np.ndarray  # (H,)
    sigmoid: np.ndarray  # (H,), in (0, 1)
    tanh: np.ndarray  # (H,), in (-1, 1)


def squash_step(trace: Trace, step: int = -1, layer: int = 0, direction: int = 0) -> Squashed:
    """The pre-activation of the layer's tanh at ``step`` (0-based; default the last) through
    sigmoid and tanh, in float64."""
    if not -trace.steps <= step < trace.steps:
        raise IndexError(f"step {step} out of range; the trace has {trace.steps} steps")
    name = TANH_INPUT[trace.arch]
    pre = trace.get(name, layer, direction)[step].astype(np.float64)
    return Squashed(name, step % trace.steps, pre, 1.0 / (1.0 + np.exp(-pre)), np.tanh(pre))


@dataclass(frozen=True)
class Repetition:
    """``v`` multiplied ``times`` times by ``matrix``, with and without tanh after each product."""

    matrix: np.ndarray  # W, (H, H)
    linear: np.ndarray  # (times + 1, H): row k is W^k v_0
    squashed: np.ndarray  # (times + 1, H): row 0 is v_0, row k is tanh(W row k-1)
    linear_norms: np.ndarray  # (times + 1,): Euclidean norm of each row of linear
    squashed_norms: np.ndarray  # (times + 1,)
    spectral_radius: float  # largest |eigenvalue| of W: the linear rows' growth per product, eventually

    @property
    def times(self) -> int:
        return self.linear.shape[0] - 1

    @property
    def explodes(self) -> bool:
        """Whether the linear repetition grows (``rho > 1``) rather than fades."""
        return self.spectral_radius > 1.0


def recurrent_tanh_matrix(trace: Trace, layer: int = 0, direction: int = 0) -> np.ndarray:
    """The square recurrent matrix of the layer's tanh, ``(H, H)`` (see the module's docstring)."""
    if trace.proj_size:
        raise ValueError(
            f"this LSTM projects its state to {trace.proj_size} units, so its recurrent matrix is not "
            "square and cannot be applied again and again"
        )
    return trace.weight_blocks("weight_hh", layer, direction)[TANH_BLOCK[trace.arch]]


def repeated_products(
    trace: Trace, times: int = 10, start: np.ndarray | None = None, layer: int = 0, direction: int = 0
) -> Repetition:
    """Multiply ``start`` (default: the state the layer ends on) ``times`` times by the layer's
    recurrent tanh matrix, with and without tanh; computed in float64."""
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ValueError(f"times must be a whole number of at least 1, got {times!r}")
    w = recurrent_tanh_matrix(trace, layer, direction).astype(np.float64)
    if start is None:
        h = trace.get("h", layer, direction)
        start = h[-1] if direction == 0 else h[0]
    v = np.asarray(start, dtype=np.float64)
    if v.shape != (w.shape[1],):
        raise ValueError(f"start has shape {v.shape}; expected ({w.shape[1]},)")
    linear, squashed = [v], [v]
    for _ in range(times):
        linear.append(w @ linear[-1])
        squashed.append(np.tanh(w @ squashed[-1]))
    linear, squashed = np.array(linear), np.array(squashed)
    return Repetition(
        matrix=w,
        linear=linear,
        squashed=squashed,
        linear_norms=np.linalg.norm(linear, axis=1),
        squashed_norms=np.linalg.norm(squashed, axis=1),
        spectral_radius=float(np.abs(np.linalg.eigvals(w)).max()),
    )
