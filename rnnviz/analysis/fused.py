"""The engineering view of a recurrent step: one matrix product with the stacked weights.

PyTorch keeps each layer's gate weights stacked, in its gate order (LSTM ``i, f, g, o``; GRU
``r, z, n``), so one step is one product of ``[W_hh | W_ih]`` with the concatenated
``[h_{t-1}; x_t]``, split afterwards into the gates. The input part ``W_ih x_t + b_ih`` does not
depend on the recurrence, so for all steps at once it is one product over the whole sequence
(:func:`input_projection`); only ``W_hh h_{t-1}`` is left for each step. The GRU's candidate
is the exception that keeps its two parts apart: its reset gate scales ``W_hn h_{t-1} + b_hn``
after the product, ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``.

>>> from rnnviz.core.trace import Trace
>>> from rnnviz.paths import asset
>>> trace = Trace.load(asset("traces", "lstm.json"))
>>> step = fused_step(trace, step=1)
>>> step.weight.shape, step.concat.shape                # (4H, H + I), (H + I,)
((32, 16), (16,))
>>> sorted(step.blocks("product"))
['f', 'g', 'i', 'o']
>>> input_projection(trace).shape                       # every step's input part: (T, 4H)
(4, 32)

The notes' formula of section 3.4 adds two products, ``W_ih x_t`` and ``W_hh h_{t-1}``;
:func:`tanh_terms` gives them for the block that feeds the layer's tanh (the RNN's state, the
LSTM's candidate ``g``, the GRU's candidate ``n``, whose recurrent term the reset gate scales):

>>> terms = tanh_terms(trace, step=1)
>>> terms.block, bool(np.allclose(terms.input_term + terms.recurrent_term, terms.pre, atol=1e-5))
('g', True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnviz.analysis.squash import TANH_BLOCK, TANH_INPUT
from rnnviz.core.trace import GATE_ORDER, Trace

__all__ = ["FusedStep", "TanhTerms", "fused_step", "input_projection", "tanh_terms"]


@dataclass(frozen=True)
class FusedStep:
    """One time step of one layer and direction as ``weight @ concat + bias``.

    ``product`` is that one product, rows stacked in PyTorch's gate order (:attr:`gates`). For
    the RNN and the LSTM its blocks are the gates' pre-activations; for the GRU the ``r`` and
    ``z`` blocks are, while the ``n`` block's two parts stay apart in ``hidden_part`` and
    ``input_part`` (the candidate's pre-activation is ``in + r * hn``, not their sum).
    """

    arch: str
    step: int
    gates: tuple[str, ...]  # PyTorch's order of the row blocks
    concat: np.ndarray  # [h_{t-1}; x_t], (H_out + I,)
    weight: np.ndarray  # [W_hh | W_ih], (G * H, H_out + I)
    hidden_columns: int  # H_out: the first columns of weight multiply h_{t-1}, the others x_t
    bias: np.ndarray  # b_hh + b_ih, (G * H,); zeros for a module without bias
    hidden_part: np.ndarray  # W_hh h_{t-1} + b_hh, (G * H,)
    input_part: np.ndarray  # W_ih x_t + b_ih, (G * H,)
    product: np.ndarray  # weight @ concat + bias = hidden_part + input_part, (G * H,)

    def blocks(self, name: str) -> dict[str, np.ndarray]:
        """The field ``name`` (``product``, ``hidden_part``, ``input_part``, ``bias`` or
        ``weight``) split into its gates' row blocks, in PyTorch's order."""
        if name not in ("product", "hidden_part", "input_part", "bias", "weight"):
            raise ValueError(f"cannot split {name!r} into gates")
        return dict(zip(self.gates, np.split(getattr(self, name), len(self.gates))))


def fused_step(trace: Trace, step: int, layer: int = 0, direction: int = 0) -> FusedStep:
    """Step ``step`` (0-based, in input order) of ``layer`` and ``direction`` as one product."""
    if not -trace.steps <= step < trace.steps:
        raise IndexError(f"step {step} out of range; the trace has {trace.steps} steps")
    step %= trace.steps
    h_prev, x = trace.get("h_prev", layer, direction)[step], trace.get("x", layer, direction)[step]
    w_hh, w_ih = trace.weight("weight_hh", layer, direction), trace.weight("weight_ih", layer, direction)
    b_hh, b_ih = _biases(trace, layer, direction)
    hidden_part = w_hh @ h_prev + b_hh
    input_part = w_ih @ x + b_ih
    return FusedStep(
        arch=trace.arch,
        step=step,
        gates=GATE_ORDER[trace.arch],
        concat=np.concatenate([h_prev, x]),
        weight=np.concatenate([w_hh, w_ih], axis=1),
        hidden_columns=h_prev.shape[0],
        bias=b_hh + b_ih,
        hidden_part=hidden_part,
        input_part=input_part,
        product=hidden_part + input_part,
    )


@dataclass(frozen=True)
class TanhTerms:
    """One step's pre-activation of the layer's tanh, term by term (section 3.4 of the notes).

    ``pre = input_term + recurrent_term`` (the GRU's candidate: ``input_term + reset *
    recurrent_term``), and ``tanh(pre)`` is ``out``, the Trace's ``h``, ``g`` or ``n``. The terms
    are the ``block`` rows of :class:`FusedStep`'s ``input_part`` and ``hidden_part``; ``pre`` and
    ``out`` are read from the Trace, so a figure shows the recorded values beside the terms.
    """

    block: str  # "h" (RNN), "g" (LSTM) or "n" (GRU)
    input_term: np.ndarray  # W_i x_t + b_i, (H,)
    recurrent_term: np.ndarray  # W_h h_{t-1} + b_h, (H,)
    reset: np.ndarray | None  # the GRU's r_t, which scales the recurrent term; None otherwise
    pre: np.ndarray  # the recorded pre-activation, (H,)
    out: np.ndarray  # the recorded tanh of it, (H,)


def tanh_terms(trace: Trace, step: int, layer: int = 0, direction: int = 0) -> TanhTerms:
    """The terms of the pre-activation of the layer's tanh at ``step`` (see :class:`TanhTerms`)."""
    fused = fused_step(trace, step, layer, direction)
    block = TANH_BLOCK[trace.arch]
    out = "h" if trace.arch == "rnn" else block
    return TanhTerms(
        block=block,
        input_term=fused.blocks("input_part")[block],
        recurrent_term=fused.blocks("hidden_part")[block],
        reset=trace.get("r", layer, direction)[fused.step] if trace.arch == "gru" else None,
        pre=trace.get(TANH_INPUT[trace.arch], layer, direction)[fused.step],
        out=trace.get(out, layer, direction)[fused.step],
    )


def input_projection(trace: Trace, layer: int = 0, direction: int = 0) -> np.ndarray:
    """``W_ih x_t + b_ih`` of every step, ``(T, G * H)``: one product over the whole sequence."""
    _, b_ih = _biases(trace, layer, direction)
    return trace.get("x", layer, direction) @ trace.weight("weight_ih", layer, direction).T + b_ih


def _biases(trace: Trace, layer: int, direction: int) -> tuple[np.ndarray, np.ndarray]:
    rows = trace.weight("weight_hh", layer, direction).shape[0]
    if not trace.bias:
        zeros = np.zeros(rows, dtype=trace.dtype)
        return zeros, zeros
    return trace.weight("bias_hh", layer, direction), trace.weight("bias_ih", layer, direction)
