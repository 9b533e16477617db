"""Text in, traces out: tokenizer, the demo intent classifiers, training, a user's weights.

Importing this package is light (no torch): the render cache asks for
:func:`demo_weights_path` on every run, and torch loads only with the functions that need it.

>>> import rnnviz.models
>>> trace = rnnviz.models.trace_sentence("gru", "what time is it")
>>> trace.prediction[0][0]
'ask_time'
"""

from __future__ import annotations

import importlib

from rnnviz.models.demo import DEMO_MODELS, DEMO_SENTENCE, demo_trace_path, demo_weights_path, intent_data_path
from rnnviz.models.text import MAX_TOKENS, Token, UnknownTokensWarning, Vocab, tokenize

# name -> module, for the functions that need torch; imported on first use.
_LAZY = {
    "trace_sentence": "rnnviz.models.tracing",
    "trace_inputs": "rnnviz.models.tracing",
    "train": "rnnviz.models.train",
    "load_split": "rnnviz.models.train",
    "Recipe": "rnnviz.models.train",
    "load_classifier": "rnnviz.models.weights",
    "load_recurrent": "rnnviz.models.weights",
}

__all__ = [
    "DEMO_MODELS",
    "DEMO_SENTENCE",
    "MAX_TOKENS",
    "Token",
    "UnknownTokensWarning",
    "Vocab",
    "demo_trace_path",
    "demo_weights_path",
    "intent_data_path",
    "tokenize",
    *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rnnviz.models' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
