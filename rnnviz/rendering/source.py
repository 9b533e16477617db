"""Where a render's Trace comes from, and the fingerprint of it that keys the cache.

A :class:`SentenceSource` fingerprints the sentence and the bytes of the model's weights, so a
cache lookup neither imports torch nor runs the model; the model runs only on a miss. A
:class:`TraceSource` fingerprints the Trace's content.

>>> source = SentenceSource("lstm", "what time is it")
>>> len(source.fingerprint())  # the sentence and the demo weights' bytes, hashed
64
>>> source.trace().arch  # runs the model, so it imports torch
'lstm'
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from rnnviz.core.trace import ARCHS, Trace, to_npz_bytes
from rnnviz.rendering.cache import file_digest
from rnnviz.rendering.options import InvalidOption, check_choice

#: The longest sentence a render accepts, in tokens.
MAX_TOKENS = 32


def check_arch(arch: str) -> None:
    """Raise ``InvalidOption`` unless ``arch`` is rnn, lstm or gru."""
    check_choice("the architecture", arch, ARCHS)


@dataclass(frozen=True)
class SentenceSource:
    """A sentence run through a model: the shipped demo classifier, or ``weights`` from ``rnnviz train``."""

    arch: str
    sentence: str
    weights: Path | None = None
    model: str = "single"  # the demo model read without weights (rnnviz.models.demo.DEMO_MODELS)

    def __post_init__(self) -> None:
        check_arch(self.arch)
        if self.weights is not None and not Path(self.weights).is_file():
            raise InvalidOption(f"the weights file does not exist: {self.weights}")

    def _weights_path(self) -> Path:
        if self.weights is not None:
            return Path(self.weights)
        from rnnviz.models import demo_weights_path

        return demo_weights_path(self.arch, self.model)

    def fingerprint(self) -> str:
        document = {
            "arch": self.arch,
            "sentence": self.sentence,
            "max_tokens": MAX_TOKENS,
            "weights": file_digest(self._weights_path()),
        }
        return hashlib.sha256(json.dumps(document, sort_keys=True).encode("utf-8")).hexdigest()

    def trace(self) -> Trace:
        """Run the model on the sentence (imports torch); a bad sentence raises ``InvalidOption``."""
        from rnnviz.models import trace_sentence

        try:
            return trace_sentence(self.arch, self.sentence, weights=self._weights_path(), max_tokens=MAX_TOKENS)
        except ValueError as error:
            raise InvalidOption(str(error)) from None


@dataclass(frozen=True)
class TraceSource:
    """A Trace given directly, e.g. recorded from the user's own model with ``rnnviz.record``."""

    given: Trace
    _digest: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_digest", hashlib.sha256(to_npz_bytes(self.given)).hexdigest())

    @classmethod
    def load(cls, path: str | Path) -> TraceSource:
        """A saved Trace (``.json`` or ``.npz``); an unreadable file raises ``InvalidOption``."""
        try:
            return cls(Trace.load(path))
        except (OSError, ValueError, KeyError) as error:
            raise InvalidOption(f"cannot read the trace {str(path)!r}: {error}") from None

    @property
    def arch(self) -> str:
        return self.given.arch

    def fingerprint(self) -> str:
        return self._digest

    def trace(self) -> Trace:
        return self.given
