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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnviz.core.trace import GATE_ORDER, Trace

__all__ = ["FusedStep", "fused_step", "input_projection"]


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
