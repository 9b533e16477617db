"""rnnviz: animations of RNN, LSTM and GRU made from real forward passes.

>>> import torch, rnnviz
>>> trace = rnnviz.record(torch.nn.LSTM(5, 8), torch.randn(7, 5))
>>> trace.get("f").shape
(7, 8)
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

# In a source checkout, cli.py, scenes/ and assets/ sit beside this folder; the wheel moves them
# inside it. Extending the package path makes `rnnviz.cli`, `rnnviz.scenes` and `rnnviz.assets`
# resolve the same way in both cases (editable installs, `manim scenes/x.py` from the checkout).
_checkout = Path(__file__).resolve().parent.parent
if (_checkout / "hatch_build.py").is_file() and (_checkout / "cli.py").is_file():
    __path__.append(str(_checkout))  # type: ignore[name-defined]

# Heavy modules (torch, manim) load on first use, so `rnnviz --help` and cache hits stay fast.
_LAZY = {
    "record": ("rnnviz.core.record", "record"),
    "Trace": ("rnnviz.core.trace", "Trace"),
    "render": ("rnnviz.rendering.pipeline", "render"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'rnnviz' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
