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

__all__ = ["dropped", "telling_step", "telling_unit"]


def dropped(trace: Trace, layer: int = 0, direction: int = 0) -> np.ndarray:
    """What each step drops of the state it was given, ``(steps, hidden)``.

    LSTM: ``(1 - f_t) ⊙ c_{t-1}``, the part of the cell state the forget gate removes. GRU
    (PyTorch's convention, ``z`` keeps the old state): ``(1 - z_t) ⊙ h_{t-1}``. RNN: all of
    ``h_{t-1}``, which the new state replaces.
    """
    get = lambda name: trace.get(name, layer, direction)  # noqa: E731
    if trace.arch == "lstm":
        return (1 - get("f")) * get("c_prev")
    if trace.arch == "gru":
        return (1 - get("z")) * get("h_prev")
    return get("h_prev")


def telling_step(trace: Trace, layer: int = 0, direction: int = 0) -> int:
    """The step (0-based) whose gate drops the most of the carried state (:func:`dropped`,
    summed over units); the first step of the earliest maximum, 0 for a one-step trace."""
    amount = np.abs(dropped(trace, layer, direction)).sum(axis=1)  # (steps,)
    return int(np.argmax(amount))


def telling_unit(trace: Trace, step: int, layer: int = 0, direction: int = 0, state: str | None = None) -> int:
    """The unit whose state changes the most at ``step``: ``|c_t - c_{t-1}|`` for an LSTM,
    ``|h_t - h_{t-1}|`` otherwise, or of the carried ``state`` named (``"h"`` of a projected
    LSTM, whose units are not the cell's)."""
    check_step(trace, step)
    state = ("c" if trace.arch == "lstm" else "h") if state is None else state
    change = trace.get(state, layer, direction)[step] - trace.get(f"{state}_prev", layer, direction)[step]
    return int(np.argmax(np.abs(change)))
