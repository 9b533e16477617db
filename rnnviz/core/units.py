"""One unit of one time step, written out: each gate's sum as dot products plus biases.

PyTorch's equations, read for a single unit ``k``, are sums of numbers a figure can show:
``f_t[k] = σ(W_if[k,:]·x_t + b_if[k] + W_hf[k,:]·h_{t-1} + b_hf[k])``. This module computes
those parts, and every term ``W[k,j]·x[j]`` of each dot product, from the Trace's weights and
inputs, so that a scene substitutes real numbers without computing any. The parts add up to
the recorded pre-activation (``pre_f``); the GRU's candidate is the exception PyTorch makes,
its reset gate scaling the recurrent part: ``n_t[k] = tanh(W_in[k,:]·x_t + b_in[k]
+ r_t[k]·(W_hn[k,:]·h_{t-1} + b_hn[k]))``.

>>> from rnnviz.core.trace import Trace
>>> from rnnviz.paths import asset
>>> trace = Trace.load(asset("traces", "lstm.json"))
>>> sums = unit_sums(trace, step=1, unit=3)
>>> list(sums)                                         # PyTorch's gate order
['i', 'f', 'g', 'o']
>>> f = sums["f"]
>>> f.input.terms.shape, f.hidden.terms.shape          # W_if[3,:] * x_t, W_hf[3,:] * h_{t-1}
((8,), (8,))
>>> abs(f.total - f.pre) < 1e-5, f.value == float(trace.get("f")[1, 3])
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnviz.core.trace import GATE_ORDER, TOLERANCE, Trace

__all__ = ["Dot", "UnitSum", "check_step", "check_unit", "projection_dot", "unit_sums"]

#: The Trace array holding each gate's pre-activation and its value (the RNN's one "gate" is h).
_PRE = {"h": "pre", "i": "pre_i", "f": "pre_f", "g": "pre_g", "o": "pre_o", "r": "pre_r", "z": "pre_z", "n": "pre_n"}


@dataclass(frozen=True)
class Dot:
    """``weights · inputs`` for one unit: one row of a weight matrix times a vector.

    ``terms`` are the products ``weights[j] * inputs[j]``; ``value`` is their sum.
    """

    weights: np.ndarray  # W[k, :], (n,)
    inputs: np.ndarray  # the vector multiplied, (n,)
    terms: np.ndarray  # weights * inputs, (n,)
    value: float

    @classmethod
    def of(cls, weights: np.ndarray, inputs: np.ndarray) -> Dot:
        """The dot product of two vectors, in float64."""
        weights, inputs = np.asarray(weights, dtype=np.float64), np.asarray(inputs, dtype=np.float64)
        terms = weights * inputs  # (n,)
        return cls(weights, inputs, terms, float(terms.sum()))


@dataclass(frozen=True)
class UnitSum:
    """One gate of one unit at one step, as PyTorch's equation writes it.

    ``input`` is ``W_i*[k,:]·x_t`` and ``hidden`` ``W_h*[k,:]·h_{t-1}``, each with its bias (0
    for a module without bias). ``reset`` is ``r_t[k]`` for the GRU's candidate, which scales
    ``hidden + hidden_bias``; ``None`` elsewhere. ``total`` is the sum so computed, ``pre`` the
    recorded pre-activation (they agree within the trace's tolerance) and ``value`` the recorded
    gate (its activation of ``pre``).
    """

    gate: str
    input: Dot
    input_bias: float
    hidden: Dot
    hidden_bias: float
    reset: float | None
    pre: float
    value: float

    @property
    def total(self) -> float:
        """The parts added up: the pre-activation, computed here."""
        recurrent = self.hidden.value + self.hidden_bias
        scale = 1.0 if self.reset is None else self.reset
        return self.input.value + self.input_bias + scale * recurrent


def check_unit(trace: Trace, unit: int, size: int | None = None) -> None:
    """Raise ``IndexError`` unless ``unit`` is one of the ``size`` units (default: hidden_size)."""
    size = trace.hidden_size if size is None else size
    if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not 0 <= unit < size:
        raise IndexError(f"unit {unit!r} out of range; the state has units 0..{size - 1}")


def check_step(trace: Trace, step: int) -> None:
    """Raise ``IndexError`` unless ``step`` (0-based) is one of the trace's steps."""
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step < trace.steps:
        raise IndexError(f"step {step!r} out of range; the trace has steps 0..{trace.steps - 1}")


def unit_sums(trace: Trace, step: int, unit: int, layer: int = 0, direction: int = 0) -> dict[str, UnitSum]:
    """Every gate of unit ``unit`` at ``step`` (0-based), in PyTorch's gate order.

    Needs the module's weights in the trace (``rnnviz.record`` keeps them), and PyTorch's formulas
    (a GRU trace of Cho et al.'s variant, ``rnnviz.core.cho``, scales another term).
    """
    if trace.variant != "pytorch":
        raise ValueError(f"unit_sums writes out PyTorch's equations; this trace computes the {trace.variant} variant")
    check_step(trace, step)
    check_unit(trace, unit)
    blocks = {name: trace.weight_blocks(name, layer, direction) for name in ("weight_ih", "weight_hh")}
    if trace.bias:
        blocks.update({name: trace.weight_blocks(name, layer, direction) for name in ("bias_ih", "bias_hh")})
    x = trace.get("x", layer, direction)[step]
    h_prev = trace.get("h_prev", layer, direction)[step]
    sums = {}
    for gate in GATE_ORDER[trace.arch]:
        reset = float(trace.get("r", layer, direction)[step, unit]) if (trace.arch, gate) == ("gru", "n") else None
        value_array = "h" if trace.arch == "rnn" else gate
        sums[gate] = UnitSum(
            gate=gate,
            input=Dot.of(blocks["weight_ih"][gate][unit], x),
            input_bias=float(blocks["bias_ih"][gate][unit]) if trace.bias else 0.0,
            hidden=Dot.of(blocks["weight_hh"][gate][unit], h_prev),
            hidden_bias=float(blocks["bias_hh"][gate][unit]) if trace.bias else 0.0,
            reset=reset,
            pre=float(trace.get(_PRE[gate], layer, direction)[step, unit]),
            value=float(trace.get(value_array, layer, direction)[step, unit]),
        )
    tolerance = 10 * TOLERANCE[str(trace.dtype)] * max(1.0, *(abs(s.pre) for s in sums.values()))
    for s in sums.values():
        if not abs(s.total - s.pre) <= tolerance:  # weights that did not make this trace
            raise ValueError(
                f"the trace's weights do not reproduce its {_PRE[s.gate]} at step {step}, unit {unit} "
                f"({s.total:.6g} != {s.pre:.6g}); they belong to another model"
            )
    return sums


def projection_dot(trace: Trace, step: int, unit: int, layer: int = 0, direction: int = 0) -> Dot:
    """A projected LSTM's ``h_t[unit] = W_hr[unit,:]·(o_t ⊙ tanh(c_t))``, ``unit`` < proj_size."""
    if not trace.proj_size:
        raise ValueError("only an LSTM with proj_size projects its state")
    check_step(trace, step)
    check_unit(trace, unit, trace.proj_size)
    return Dot.of(trace.weight("weight_hr", layer, direction)[unit], trace.get("h_full", layer, direction)[step])
