"""The elementwise products of a cell's equations, from the arrays a Trace records.

A figure that shows ``f_t ⊙ c_{t-1}`` or ``(1 - z_t) ⊙ n_t`` reads it here rather than
multiplying in the scene, so every scene shows the same numbers. The terms add up to the
recorded states: ``c = f*c_prev + i*g`` (LSTM) and ``h = z*h_prev + (1-z)*n`` (GRU, PyTorch's
convention: ``z`` weights the OLD state).

>>> import numpy as np
>>> from rnnviz.core.trace import Trace
>>> from rnnviz.paths import asset
>>> trace = Trace.load(asset("traces", "lstm.json"))
>>> kept = step_term(trace, "f*c_prev")                  # (steps, hidden)
>>> bool(np.allclose(kept + step_term(trace, "i*g"), trace.get("c")))
True
>>> term_names("gru")
('r*hn', '1-z', 'z*h_prev', '(1-z)*n')
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rnnviz.core.trace import ARCHS, Trace

__all__ = ["TERMS", "step_term", "term_names"]

Getter = Callable[[str], np.ndarray]

#: Each arch's terms by name, as a function of a getter of the Trace's arrays.
TERMS: dict[str, dict[str, Callable[[Getter], np.ndarray]]] = {
    "rnn": {},
    "lstm": {
        "f*c_prev": lambda a: a("f") * a("c_prev"),  # what the cell state keeps
        "i*g": lambda a: a("i") * a("g"),  # what is written into it
    },
    "gru": {
        "r*hn": lambda a: a("r") * a("hn"),  # the reset-scaled recurrent part of n_t
        "1-z": lambda a: 1 - a("z"),
        "z*h_prev": lambda a: a("z") * a("h_prev"),  # the old state kept
        "(1-z)*n": lambda a: (1 - a("z")) * a("n"),  # the candidate let in
    },
}


def term_names(arch: str) -> tuple[str, ...]:
    """The terms :func:`step_term` computes for ``arch``."""
    if arch not in ARCHS:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {ARCHS}")
    return tuple(TERMS[arch])


def step_term(trace: Trace, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
    """The term ``name`` (see :func:`term_names`) at every step, shape ``(steps, hidden_size)``,
    in the trace's dtype."""
    terms = TERMS[trace.arch]
    if name not in terms:
        raise KeyError(f"{trace.arch} has no term {name!r}; it has {list(terms)}")
    return terms[name](lambda array: trace.get(array, layer, direction))
