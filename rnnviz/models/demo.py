"""The shipped demo models and traces: where they live, and the sentence the traces record.

Each architecture has three demo classifiers, trained with the same recipe on the same data:
one forward layer (drawn by most scenes), two stacked layers and one bidirectional layer.
No torch here: the render cache hashes these files' bytes without loading them.

>>> from rnnviz.models.demo import demo_weights_path, demo_trace_path
>>> demo_weights_path("lstm").name
'lstm.pt'
>>> demo_trace_path("gru", "bidirectional").name
'gru-bidirectional.json'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rnnviz.core.trace import ARCHS, check_variant
from rnnviz.models.text import is_cjk, tokenize
from rnnviz.paths import asset

#: The running example of the course notes; the shipped traces record it.
DEMO_SENTENCE = "what time is it"
#: The running example in each label language (``--lang``): the course figures' sentence.
DEMO_SENTENCES = {"en": DEMO_SENTENCE, "zh": "现在几点了"}

#: The default sentence of scenes about memory, by language: long enough for the first words to
#: fade. Not picked by how a figure looks but by :func:`pick_long_sentence` from the shipped
#: training data (``tests/test_models.py`` checks that the rule still gives these).
LONG_SENTENCES = {
    "en": "hey assistant, what time is it in new york at the moment?",
    "zh": "麻烦问一下，现在几点了？",
}
#: The intent of the running example; :func:`pick_long_sentence` takes its sentences.
DEMO_INTENT = "ask_time"
#: The most tokens :func:`pick_long_sentence` accepts: a memory figure shows one column per token.
LONG_SENTENCE_TOKENS = 15

#: The demo models of each architecture by name, with how their recipe departs from ``Recipe()``
#: (``rnnviz.models.train``): ``single`` is the one-layer forward classifier.
DEMO_MODELS: dict[str, dict[str, int | bool]] = {
    "single": {},
    "stacked": {"num_layers": 2},
    "bidirectional": {"bidirectional": True},
}


def check_arch(arch: str) -> None:
    """ValueError unless ``arch`` is ``"rnn"``, ``"lstm"`` or ``"gru"``."""
    if arch not in ARCHS:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {', '.join(ARCHS)}")


def check_model(model: str) -> None:
    """ValueError unless ``model`` names one of the :data:`DEMO_MODELS`."""
    if model not in DEMO_MODELS:
        raise ValueError(f"unknown demo model {model!r}; expected one of {', '.join(DEMO_MODELS)}")


def _demo_name(arch: str, model: str) -> str:
    check_arch(arch)
    check_model(model)
    return arch if model == "single" else f"{arch}-{model}"


def demo_weights_path(arch: str, model: str = "single") -> Path:
    """The shipped intent classifier ``model`` of ``arch`` (``assets/models/{arch}.pt``,
    ``{arch}-stacked.pt``, ``{arch}-bidirectional.pt``)."""
    return asset("models", f"{_demo_name(arch, model)}.pt")


def demo_trace_path(arch: str, model: str = "single", variant: str = "pytorch") -> Path:
    """The shipped trace of :data:`DEMO_SENTENCE` through :func:`demo_weights_path` (``assets/traces/``).

    ``variant="cho"`` is the one-layer GRU's weights in Cho et al.'s formulas (``gru-cho.json``;
    see ``rnnviz.core.cho``); the other models are shipped in PyTorch's only.
    """
    name = _demo_name(arch, model)
    check_variant(arch, variant)
    if variant == "pytorch":
        return asset("traces", f"{name}.json")
    if model != "single":
        raise ValueError(f"the {variant} variant is shipped for the one-layer demo model only, not {model!r}")
    return asset("traces", f"{name}-{variant}.json")


def intent_data_path(split: str) -> Path:
    """The shipped intent data set, ``split`` being ``"train"`` or ``"test"``."""
    if split not in ("train", "test"):
        raise ValueError(f"unknown split {split!r}; expected 'train' or 'test'")
    return asset("intents", f"{split}.tsv")


def pick_long_sentence(examples: Iterable[tuple[str, str]], lang: str) -> str:
    """The rule behind :data:`LONG_SENTENCES`: among the ``(text, label)`` examples of the running
    example's intent (:data:`DEMO_INTENT`) in ``lang`` (``"zh"``: text with Chinese characters),
    the longest with at most :data:`LONG_SENTENCE_TOKENS` tokens; the first in order on a tie.

    >>> pick_long_sentence([("what time is it", "ask_time"), ("hi", "greeting")], "en")
    'what time is it'
    """
    if lang not in DEMO_SENTENCES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(DEMO_SENTENCES)}")
    candidates = [
        text for text, label in examples
        if label == DEMO_INTENT and is_cjk(text) == (lang == "zh") and len(tokenize(text)) <= LONG_SENTENCE_TOKENS
    ]
    if not candidates:
        raise ValueError(f"no {DEMO_INTENT} example in {lang} of at most {LONG_SENTENCE_TOKENS} tokens")
    return max(candidates, key=lambda text: len(tokenize(text)))  # max keeps the first of equals
