"""A Trace as a compact plain-text table for the terminal (what `rnnviz trace` prints).

One row per token: the token, the mean of each gate over the units, the state's norm and the
token's share of the final state; then the prediction, every label with its probability.

>>> from rnnviz.core.trace import Trace
>>> from rnnviz.models.demo import demo_trace_path
>>> lines = format_trace(Trace.load(demo_trace_path("gru"))).splitlines()
>>> lines[0]
"gru, layer 1 of 1, forward: 4 tokens, 'what time is it'"
>>> lines[1].split()
['token', 'r', 'z', 'n', '|h|', 'share']
"""

from __future__ import annotations

import unicodedata

import numpy as np

from rnnviz.analysis.shares import state_shares
from rnnviz.core.trace import Trace

#: The per-step arrays averaged in the table: the gates and the candidate of each architecture.
GATES = {"rnn": (), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
_TOKEN_WIDTH = 14
_BAR_WIDTH = 20


def format_trace(trace: Trace) -> str:
    """The table of the trace's last layer, then its prediction if it has one."""
    layer = trace.num_layers - 1
    gates = GATES[trace.arch]
    shares = _final_shares(trace, layer)
    steps = trace.tokens or [str(t) for t in range(trace.steps)]
    width = min(_TOKEN_WIDTH, max(_width(s) for s in [*steps, "token"]))

    header = [_fit("token" if trace.tokens else "step", width)]
    for direction in range(trace.num_directions):
        header += ["|"] if direction else []
        header += [f"{name:>6}" for name in (*gates, "|h|")]
    header += [f"{name:>6}" for name in shares]
    lines = [_title(trace, layer), "  ".join(header).rstrip()]
    for t, step in enumerate(steps):
        row = [_fit(step, width)]
        for direction in range(trace.num_directions):
            row += ["|"] if direction else []
            row += [f"{trace.get(g, layer, direction)[t].mean():6.3f}" for g in gates]
            row.append(f"{np.linalg.norm(trace.get('h', layer, direction)[t]):6.3f}")
        row += [f"{share[t]:6.0%}" for share in shares.values()]
        lines.append("  ".join(row))
    if trace.prediction is not None:
        lines += ["", "prediction:", *format_prediction(trace.prediction)]
    return "\n".join(lines)


def format_prediction(prediction: list[tuple[str, float]]) -> list[str]:
    """One line per label, most likely first: name, percentage and a bar."""
    width = max(len(label) for label, _ in prediction)
    return [f"  {label:<{width}}  {p:6.1%}  {'#' * round(p * _BAR_WIDTH)}".rstrip() for label, p in prediction]


def _title(trace: Trace, layer: int) -> str:
    sides = "forward" if trace.num_directions == 1 else "forward | backward"
    # Layers count from 1 on screen, as in the scenes' captions.
    where = f"layer {layer + 1} of {trace.num_layers}, {sides}"
    arch = trace.arch if trace.variant == "pytorch" else f"{trace.arch} ({trace.variant} variant)"
    shape = f"{arch}, {where}: {trace.steps} {'tokens' if trace.tokens else 'steps'}"
    sentence = trace.extra.get("sentence")
    return f"{shape}, {sentence!r}" if sentence else shape


def _final_shares(trace: Trace, layer: int) -> dict[str, np.ndarray]:
    """Each step's share of the final state, per direction (the backward one ends at step 0)."""
    if trace.influence is None:
        return {}
    shares = {"share": state_shares(trace, layer, 0)[-1]}
    if trace.num_directions == 2:
        shares = {"share>": shares["share"], "share<": state_shares(trace, layer, 1)[0]}
    return shares


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns (with an ellipsis) and padded to exactly ``width``."""
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _width(text))
