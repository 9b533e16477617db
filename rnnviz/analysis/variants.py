"""How far two formula variants of one network drift apart on the same input.

PyTorch's GRU and Cho et al.'s (``rnnviz.core.cho``) differ only in where the reset gate acts;
run with the same weights on the same sentence, their candidates ``n_t`` differ from the first
step on and their states ``h_t`` drift apart. :func:`variant_gap` measures that drift, step by
step and unit by unit, after checking that the two traces really are one network on one input.

>>> from rnnviz.core.trace import Trace
>>> from rnnviz.models.demo import demo_trace_path
>>> pytorch = Trace.load(demo_trace_path("gru"))
>>> cho = Trace.load(demo_trace_path("gru", variant="cho"))
>>> gap = variant_gap(pytorch, cho, "h")             # (steps, hidden): cho's h_t minus PyTorch's
>>> gap.shape, bool(abs(gap[0]).max() > 0)
((4, 8), True)
>>> drift = variant_drift(pytorch, cho, "h")         # (steps,): the largest |gap| of each step
>>> bool(drift[-1] == abs(gap[-1]).max())
True
"""

from __future__ import annotations

import numpy as np

from rnnviz.core.trace import TOLERANCE, Trace

__all__ = ["check_same_network", "variant_drift", "variant_gap"]


def check_same_network(reference: Trace, other: Trace) -> None:
    """ValueError unless ``other`` records the same network (architecture, sizes, weights) on
    the same input as ``reference``, in another formula variant."""
    if reference.variant == other.variant:
        raise ValueError(f"both traces are of the {reference.variant} variant; compare two variants")
    for name in ("arch", "input_size", "hidden_size", "num_layers", "num_directions", "steps", "bias", "tokens"):
        if getattr(reference, name) != getattr(other, name):
            raise ValueError(f"the traces differ in {name}: {getattr(reference, name)!r} != {getattr(other, name)!r}")
    if reference.weights is None or other.weights is None:
        raise ValueError("comparing variants needs the weights of both traces; record them with rnnviz.record")
    if any(not np.array_equal(reference.weights[key], other.weights[key]) for key in reference.weights):
        raise ValueError("the traces were recorded with different weights")
    tolerance = TOLERANCE[str(reference.dtype)]
    for direction in range(reference.num_directions):
        if not np.allclose(reference.get("x", 0, direction), other.get("x", 0, direction), rtol=0, atol=tolerance):
            raise ValueError("the traces were recorded on different inputs")


def variant_gap(reference: Trace, other: Trace, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
    """``other``'s array ``name`` minus ``reference``'s, ``(steps, size)``, for two variants of
    one network on one input (checked by :func:`check_same_network`); ``name`` is an array both
    variants record, e.g. ``"n"`` or ``"h"``."""
    check_same_network(reference, other)
    return other.get(name, layer, direction) - reference.get(name, layer, direction)


def variant_drift(reference: Trace, other: Trace, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
    """How far apart the two variants' array ``name`` is at each step: the largest absolute
    :func:`variant_gap` over the units, shape ``(steps,)``."""
    return np.abs(variant_gap(reference, other, name, layer, direction)).max(axis=1)
