"""The GRU of Cho et al. (2014), computed with a ``torch.nn.GRU``'s own weights.

PyTorch (like cuDNN) applies the reset gate AFTER the recurrent matrix product; the paper that
introduced the GRU (Cho et al. 2014, "Learning Phrase Representations using RNN
Encoder-Decoder for Statistical Machine Translation", eq. 5-8) applies it BEFORE::

    PyTorch   n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))
    Cho       n_t = tanh(W_in x_t + b_in + W_hn (r_t * h_{t-1}) + b_hn)

Everything else is the same, including which state the update gate weights (in both,
``h_t = (1 - z_t) * n_t + z_t * h_{t-1}``). The paper writes its equations per unit ``j`` and
without biases: its ``W_r, U_r, W_z, U_z, W, U`` are PyTorch's ``W_ir, W_hr, W_iz, W_hz, W_in,
W_hn``, and the biases here are PyTorch's. With the same weights the two candidates differ
whenever ``W_hn`` mixes units or ``b_hn`` is not zero, and the states then drift apart.

:func:`cho_gru` runs one layer and direction; ``rnnviz.record(gru, x, variant="cho")`` records
a whole module with it, into a Trace whose ``variant`` is ``"cho"``.

>>> import torch
>>> gru = torch.nn.GRU(input_size=3, hidden_size=4)
>>> steps = cho_gru(torch.randn(5, 3), torch.zeros(4), *gru.parameters())
>>> steps["h"].shape, sorted(steps) == sorted(VARIANT_ARRAY_NAMES[("gru", "cho")])
(torch.Size([5, 4]), True)
"""

from __future__ import annotations

import torch

from rnnviz.core.trace import VARIANT_ARRAY_NAMES

__all__ = ["cho_gru"]


@torch.no_grad()
def cho_gru(
    x: torch.Tensor,
    h0: torch.Tensor,
    weight_ih: torch.Tensor,
    weight_hh: torch.Tensor,
    bias_ih: torch.Tensor | None = None,
    bias_hh: torch.Tensor | None = None,
) -> dict[str, torch.Tensor]:
    """Cho et al.'s GRU over one sequence ``x`` ``(T, I)`` from ``h0`` ``(H,)``, with one layer's
    weights laid out as in ``torch.nn.GRU`` (``weight_ih`` ``(3H, I)``, ``weight_hh`` ``(3H, H)``,
    row blocks ``r, z, n``; biases ``(3H,)`` or ``None``).

    Returns every step's arrays ``(T, H)`` under the names of a Cho Trace
    (``VARIANT_ARRAY_NAMES[("gru", "cho")]``): ``x``, ``h_prev``, ``pre_r``, ``pre_z``, ``in``
    (W_in x_t + b_in), ``hn_rh`` (W_hn (r_t * h_{t-1}) + b_hn), ``pre_n`` (in + hn_rh), ``r``,
    ``z``, ``n`` and ``h``.
    """
    hidden = h0.shape[0]
    w_hrz, w_hn = weight_hh[: 2 * hidden], weight_hh[2 * hidden :]  # (2H, H), (H, H)
    b_hrz = b_hn = 0
    if bias_hh is not None:
        b_hrz, b_hn = bias_hh[: 2 * hidden], bias_hh[2 * hidden :]
    gates_x = x @ weight_ih.T + (0 if bias_ih is None else bias_ih)  # (T, 3H): W_i* x_t + b_i*, all steps at once
    x_rz, x_n = gates_x[:, : 2 * hidden], gates_x[:, 2 * hidden :]  # (T, 2H), (T, H)

    names = ("h_prev", "pre_r", "pre_z", "hn_rh", "pre_n", "r", "z", "n", "h")
    out: dict[str, list[torch.Tensor]] = {name: [] for name in names}
    h_prev = h0
    for t in range(x.shape[0]):  # the reset acts inside the recurrence, so step by step
        pre_r, pre_z = (x_rz[t] + h_prev @ w_hrz.T + b_hrz).chunk(2)  # (H,) each
        r, z = torch.sigmoid(pre_r), torch.sigmoid(pre_z)
        hn_rh = (r * h_prev) @ w_hn.T + b_hn  # (H,): the reset BEFORE the product
        pre_n = x_n[t] + hn_rh
        n = torch.tanh(pre_n)
        h = (1 - z) * n + z * h_prev
        for name, value in zip(names, (h_prev, pre_r, pre_z, hn_rh, pre_n, r, z, n, h)):
            out[name].append(value)
        h_prev = h
    steps = {name: torch.stack(values) for name, values in out.items()}
    return {"x": x, "in": x_n, **steps}
