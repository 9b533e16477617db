"""The shipped demo models and traces: where they live, and the sentence the traces record.

No torch here: the render cache hashes these files' bytes without loading them.

>>> from rnnviz.models.demo import demo_weights_path
>>> demo_weights_path("lstm").name
'lstm.pt'
"""

from __future__ import annotations

from pathlib import Path

from rnnviz.core.trace import ARCHS
from rnnviz.paths import asset

#: The running example of the course notes; the shipped traces record it.
DEMO_SENTENCE = "what time is it"
#: The running example in each label language (``--lang``): the course figures' sentence.
DEMO_SENTENCES = {"en": DEMO_SENTENCE, "zh": "现在几点了"}


def check_arch(arch: str) -> None:
    """ValueError unless ``arch`` is ``"rnn"``, ``"lstm"`` or ``"gru"``."""
    if arch not in ARCHS:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {', '.join(ARCHS)}")


def demo_weights_path(arch: str) -> Path:
    """The shipped intent classifier for ``arch`` (``assets/models/{arch}.pt``)."""
    check_arch(arch)
    return asset("models", f"{arch}.pt")


def demo_trace_path(arch: str) -> Path:
    """The shipped trace of :data:`DEMO_SENTENCE` for ``arch`` (``assets/traces/{arch}.json``)."""
    check_arch(arch)
    return asset("traces", f"{arch}.json")


def intent_data_path(split: str) -> Path:
    """The shipped intent data set, ``split`` being ``"train"`` or ``"test"``."""
    if split not in ("train", "test"):
        raise ValueError(f"unknown split {split!r}; expected 'train' or 'test'")
    return asset("intents", f"{split}.tsv")
