"""Where a render's Trace comes from, and the fingerprint of it that keys the cache.

A :class:`SentenceSource` fingerprints the sentence and the bytes of the model's weights, so a
cache lookup neither imports torch nor runs the model; the model runs only on a miss. A
:class:`TraceSource` fingerprints the Trace's content.

>>> source = SentenceSource("lstm", "what time is it")
>>> len(source.fingerprint())  # the sentence and the demo weights' bytes, hashed
64
>>> source.trace().arch  # runs the model in a child process: this one never imports torch
'lstm'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rnnviz.core.trace import ARCHS, Trace, check_variant, from_npz_bytes, to_npz_bytes
from rnnviz.models.text import MAX_TOKENS
from rnnviz.rendering.isolated import call_isolated
from rnnviz.rendering.options import InvalidOption, check_choice
from rnnviz.rendering.output import file_digest

def check_arch(arch: str) -> None:
    """Raise ``InvalidOption`` unless ``arch`` is rnn, lstm or gru."""
    check_choice("the architecture", arch, ARCHS)


@dataclass(frozen=True)
class SentenceSource:
    """A sentence run through a model: the shipped demo classifier, or ``weights`` from ``rnnviz train``."""

    arch: str
    sentence: str
    weights: Path | None = None
    max_tokens: int = MAX_TOKENS
    variant: str = "pytorch"  # the formulas computed: the model's own, or a GRU's "cho" (rnnviz.core.cho)
    model: str = "single"  # the demo model read without weights (rnnviz.models.demo.DEMO_MODELS)

    def __post_init__(self) -> None:
        check_arch(self.arch)
        try:
            check_variant(self.arch, self.variant)
        except ValueError as error:
            raise InvalidOption(str(error)) from None
        if self.weights is not None:
            if Path(self.weights).is_dir():
                raise InvalidOption(f"--weights names a folder, not a model file: {self.weights}")
            if not Path(self.weights).is_file():
                raise InvalidOption(f"the weights file does not exist: {self.weights}")

    def _weights_path(self) -> Path:
        if self.weights is not None:
            return Path(self.weights)
        from rnnviz.models import demo_weights_path

        return demo_weights_path(self.arch, self.model)

    def fingerprint(self) -> str:
        try:
            weights = file_digest(self._weights_path())
        except OSError as error:
            raise InvalidOption(f"cannot read the weights file {self._weights_path()}: {error.strerror}") from None
        document = {"arch": self.arch, "sentence": self.sentence, "max_tokens": self.max_tokens, "weights": weights,
                    "variant": self.variant}
        return hashlib.sha256(json.dumps(document, sort_keys=True).encode("ascii")).hexdigest()

    def trace(self) -> Trace:
        """Run the model on the sentence; a bad sentence raises ``InvalidOption``.

        The model runs in a child process (:func:`~rnnviz.rendering.isolated.call_isolated`):
        torch and the model are released before the render starts, instead of being held beside
        manim's frames.
        """
        try:
            return from_npz_bytes(call_isolated(self._record))
        except ValueError as error:
            raise InvalidOption(str(error)) from None

    def _record(self) -> bytes:
        """In the child: the Trace as NPZ bytes (a Trace's own exact round trip)."""
        from rnnviz.models import trace_sentence  # imports torch: in the child

        trace = trace_sentence(self.arch, self.sentence, weights=self._weights_path(), max_tokens=self.max_tokens,
                               variant=self.variant)
        return to_npz_bytes(trace)


def fingerprint(sources: Mapping[str, SentenceSource | TraceSource]) -> str:
    """What keys the cache on the traces of one render: the one source's fingerprint, or for a
    scene comparing models a hash of every architecture's.

    >>> one = {"gru": SentenceSource("gru", "hi")}
    >>> fingerprint(one) == one["gru"].fingerprint()
    True
    >>> fingerprint({**one, "lstm": SentenceSource("lstm", "hi")}) != fingerprint(one)
    True
    """
    if len(sources) == 1:
        return next(iter(sources.values())).fingerprint()
    document = {arch: source.fingerprint() for arch, source in sources.items()}
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TraceSource:
    """A Trace given directly, e.g. recorded from the user's own model with ``rnnviz.record``."""

    given: Trace
    _digest: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            self.given.validate()  # a Trace may have been changed since it was made
        except ValueError as error:
            raise InvalidOption(f"cannot render this trace: {error}") from None
        object.__setattr__(self, "_digest", hashlib.sha256(to_npz_bytes(self.given)).hexdigest())

    @classmethod
    def load(cls, path: str | Path) -> TraceSource:
        """A saved Trace (``.json`` or ``.npz``); an unreadable file raises ``InvalidOption``."""
        try:
            return cls(Trace.load(path))
        except OSError as error:
            raise InvalidOption(f"cannot read the trace {str(path)!r}: {error.strerror or error}") from None
        except ValueError as error:
            raise InvalidOption(f"cannot read the trace {str(path)!r}: {error}") from None

    @property
    def arch(self) -> str:
        return self.given.arch

    @property
    def key(self) -> str:
        return self.given.key

    def fingerprint(self) -> str:
        return self._digest

    def trace(self) -> Trace:
        return self.given
