"""Synthetic Traces and the geometry of the render tests' scene, without manim or torch.

>>> trace = make_trace("rnn", steps=3, hidden=4)
>>> value_rgb(trace.get("h")[0, 0]).shape
(3,)
"""

from __future__ import annotations

import signal

import numpy as np
from PIL import Image

from rnnviz.core.trace import Trace, array_names

SQUARE_SIDE = 1.2  # scene units
GAP = 0.2
#: The scene's length in seconds: two rows fading in for 0.5 s each, then a 0.5 s wait.
DURATION = 1.5


def ctrl_c_as_in_a_terminal() -> None:
    """A ``preexec_fn``: the child starts with Ctrl-C's default action, as a command typed in a
    terminal does, also when the tests themselves run in the background (a shell ignores SIGINT
    in the jobs it starts with ``&``, and every child inherits that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def make_trace(arch: str = "rnn", steps: int = 3, hidden: int = 4, seed: int = 0) -> Trace:
    """A valid single-layer Trace of ``arch`` filled with deterministic values in (-1, 1)."""
    rng = np.random.default_rng(seed)
    arrays = {(0, 0, name): np.tanh(rng.normal(size=(steps, hidden))) for name in array_names(arch)}
    h = arrays[(0, 0, "h")]
    c_n = arrays[(0, 0, "c")][-1:] if arch == "lstm" else None
    return Trace(arch, hidden, hidden, 1, 1, steps, arrays, output=h, h_n=h[-1:], c_n=c_n)


def value_rgb(value: float) -> np.ndarray:
    """The colour a square of ``value`` (in [-1, 1]) is drawn in: blue for -1, red for +1."""
    t = (value + 1) / 2
    return np.round(np.array([255 * t, 64, 255 * (1 - t)])).astype(int)


def square_center(unit: int, step: int, units: int) -> tuple[float, float]:
    """Scene coordinates (x, y) of the centre of square ``unit`` in row ``step`` of ``units``."""
    return (unit - (units - 1) / 2) * (SQUARE_SIDE + GAP), 1.0 - 2.0 * step


def value_hex(value: float) -> str:
    """:func:`value_rgb` as ``"#RRGGBB"``."""
    return "#" + "".join(f"{int(c):02X}" for c in value_rgb(value))


def gif_frames(path) -> tuple[list[int], list[np.ndarray]]:
    """A looping GIF's frame durations (ms) and its frames as RGB int arrays."""
    image = Image.open(path)
    assert image.info["loop"] == 0
    durations, frames = [], []
    for k in range(image.n_frames):
        image.seek(k)
        durations.append(image.info["duration"])
        frames.append(np.asarray(image.convert("RGB")).astype(int))
    return durations, frames
