"""Which time step and which unit a figure explains when the viewer does not say.

A figure of one step's forget gate teaches nothing on the first step, where the previous cell
state is zero and there is nothing to forget. :func:`telling_step` picks the step where the
gate drops the most of a non-zero carried state, and :func:`telling_unit` the unit whose state
changes the most at that step, so the default figure shows the idea at work.

>>> from rnnviz.core.trace import Trace
>>> from rnnviz.paths import asset
>>> trace = Trace.load(asset("traces", "lstm.json"))
>>> telling_step(trace)                                # "it": c_{t-1} is largest, f drops most
3
>>> unit = telling_unit(trace, 3)
>>> c = trace.get("c")
>>> bool(abs(c[3, unit] - c[2, unit]) == abs(c[3] - c[2]).max())
True
"""

from __future__ import annotations

import numpy as np

from rnnviz.core.trace import Trace
from rnnviz.core.units import check_step

__all__ = ["dropped", "resetting_unit", "telling_step", "telling_unit"]


def dropped(trace: Trace, layer: int = 0, direction: int = 0, gate: str | None = None) -> np.ndarray:
    """What each step drops of the state it was given, ``(steps, hidden)``.

    LSTM: ``(1 - f_t) ⊙ c_{t-1}``, the part of the cell state the forget gate removes. GRU
    (PyTorch's convention, ``z`` keeps the old state): ``(1 - z_t) ⊙ h_{t-1}``. RNN: all of
    ``h_{t-1}``, which the new state replaces. With ``gate="r"`` (a GRU's reset gate):
    ``(1 - r_t) ⊙ (W_hn h_{t-1} + b_hn)``, the part of the old state's term in the candidate the
    reset removes, zero at a step whose ``h_{t-1}`` is zero (no old state to reset).
    """
    get = lambda name: trace.get(name, layer, direction)  # noqa: E731
    if gate == "r" and trace.arch == "gru":
        has_old_state = np.abs(get("h_prev")).max(axis=1, keepdims=True) > 0  # (steps, 1)
        return (1 - get("r")) * get("hn") * has_old_state
    if gate is not None:
        raise ValueError(f"no dropped amount for gate {gate!r} of a {trace.arch}")
    if trace.arch == "lstm":
        return (1 - get("f")) * get("c_prev")
    if trace.arch == "gru":
        return (1 - get("z")) * get("h_prev")
    return get("h_prev")


def telling_step(trace: Trace, layer: int = 0, direction: int = 0, gate: str | None = None) -> int:
    """The step (0-based) whose gate drops the most of the carried state (:func:`dropped`,
    summed over units); the first step of the earliest maximum, 0 for a one-step trace."""
    amount = np.abs(dropped(trace, layer, direction, gate)).sum(axis=1)  # (steps,)
    return int(np.argmax(amount))


def resetting_unit(trace: Trace, step: int, layer: int = 0, direction: int = 0) -> int:
    """The unit of a GRU whose reset gate removes the most of the old state's term at ``step``:
    the largest ``|(1 - r_t) ⊙ (W_hn h_{t-1} + b_hn)|``, a unit whose candidate visibly ignores
    the old state."""
    check_step(trace, step)
    return int(np.argmax(np.abs((1 - trace.get("r", layer, direction)[step]) * trace.get("hn", layer, direction)[step])))


def telling_unit(trace: Trace, step: int, layer: int = 0, direction: int = 0, state: str | None = None) -> int:
    """The unit whose state changes the most at ``step``: ``|c_t - c_{t-1}|`` for an LSTM,
    ``|h_t - h_{t-1}|`` otherwise, or of the carried ``state`` named (``"h"`` of a projected
    LSTM, whose units are not the cell's)."""
    check_step(trace, step)
    state = ("c" if trace.arch == "lstm" else "h") if state is None else state
    change = trace.get(state, layer, direction)[step] - trace.get(f"{state}_prev", layer, direction)[step]
    return int(np.argmax(np.abs(change)))
