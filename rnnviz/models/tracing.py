"""Traces of text through an intent classifier, and of a user's input array through bare weights.

>>> from rnnviz.models.tracing import trace_sentence
>>> trace = trace_sentence("lstm", "what time is it")
>>> trace.tokens, trace.prediction[0][0]
(['what', 'time', 'is', 'it'], 'ask_time')
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch

from rnnviz.analysis.gradient import state_gradient
from rnnviz.analysis.influence import token_influence
from rnnviz.core.record import record
from rnnviz.core.trace import Trace, check_variant
from rnnviz.models.demo import check_arch, demo_weights_path
from rnnviz.models.text import MAX_TOKENS, UNK, UnknownTokensWarning, tokenize
from rnnviz.models.weights import first_line, load_classifier, load_recurrent


def trace_sentence(
    arch: str,
    sentence: str,
    weights: str | Path | None = None,
    max_tokens: int = MAX_TOKENS,
    variant: str = "pytorch",
) -> Trace:
    """Record ``sentence`` through the intent classifier of ``arch``.

    Uses the shipped demo model unless ``weights`` names a model file from ``rnnviz train``.
    The Trace carries the tokens (``<unk>`` for words outside the vocabulary, which are also
    listed in a warning), the classifier's labels and probabilities, the influence of each
    token on each state and the state gradient (:func:`analyses`). Bad input raises a one-line
    ``ValueError``.

    ``variant="cho"`` (GRU) records Cho et al.'s formulas with the same weights (see
    :func:`rnnviz.core.record.record`): its probabilities are the classifier's head applied to
    those final states, and it carries neither influence nor state gradient (they are the
    module's own, PyTorch's formulas).
    """
    check_arch(arch)
    check_variant(arch, variant)
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a str, got {type(sentence).__name__}")
    undecodable = [ch for ch in sentence if "\ud800" <= ch <= "\udfff"]  # bytes a terminal could not decode
    if undecodable:
        raise ValueError(f"the sentence is not valid UTF-8 text (it holds {len(undecodable)} undecodable "
                         "byte(s)); set your terminal or file to UTF-8")
    tokens = tokenize(sentence)
    if not tokens:
        raise ValueError("the sentence is empty; give at least one word")
    _check_length(len(tokens), max_tokens, "tokens")
    intent = load_classifier(demo_weights_path(arch) if weights is None else weights, arch)
    keys = [t.key for t in tokens]
    unknown = intent.vocab.unknown(keys)
    if unknown:
        message = f"not in the model's vocabulary, read as {UNK}: {' '.join(unknown)}"
        warnings.warn(message, UnknownTokensWarning, stacklevel=2)

    model = intent.model
    ids = torch.tensor(intent.vocab.encode(keys))
    with torch.no_grad():
        embedded = model.embed(ids)
        trace = record(model.rnn, embedded, variant=variant)
        if variant == "pytorch":
            logits = model(ids[None], torch.tensor([len(ids)]))[0]
        else:  # the head reads the variant's final states of the top layer, forward first
            top = torch.from_numpy(trace.h_n[-trace.num_directions :]).reshape(-1)  # (directions * H,)
            logits = model.head(top)
    shown = [t.display if t.key in intent.vocab else UNK for t in tokens]
    trace.extra["sentence"] = sentence
    probs = torch.softmax(logits, dim=0).double().numpy()
    extras = analyses(model.rnn, embedded) if variant == "pytorch" else {}
    return trace.attach(tokens=shown, labels=intent.labels, probs=probs, **extras)


def trace_inputs(
    arch: str, weights: str | Path, inputs: np.ndarray | str | Path, max_tokens: int = MAX_TOKENS,
    variant: str = "pytorch",
) -> Trace:
    """Record a user's ``(T, input_size)`` array through the recurrent weights in ``weights``.

    ``inputs`` is an array or the path of a ``.npy`` file. ``weights`` is a bare ``nn.RNN``,
    ``nn.LSTM`` or ``nn.GRU`` state dict (architecture and sizes come from the tensors) or a
    model file from ``rnnviz train``. The Trace has no tokens or prediction; it carries the
    influence of each step's input on each state and the state gradient (:func:`analyses`; not
    for ``variant="cho"``, see :func:`trace_sentence`).
    """
    check_arch(arch)
    check_variant(arch, variant)
    module = load_recurrent(weights, arch)
    inputs = load_inputs(inputs) if isinstance(inputs, (str, Path)) else np.asarray(inputs)
    if inputs.ndim != 2 or inputs.shape[1] != module.input_size or inputs.shape[0] == 0:
        raise ValueError(f"inputs must have shape (T, {module.input_size}) for this {arch}; got {inputs.shape}")
    if not np.issubdtype(inputs.dtype, np.floating) or not np.isfinite(inputs).all():
        raise ValueError("inputs must be finite floating-point numbers")
    _check_length(inputs.shape[0], max_tokens, "steps")
    x = torch.from_numpy(np.ascontiguousarray(inputs))
    trace = record(module, x, variant=variant)
    return trace.attach(**analyses(module, x)) if variant == "pytorch" else trace


def analyses(module: torch.nn.Module, inputs: torch.Tensor) -> dict[str, np.ndarray]:
    """What a Trace carries beyond the forward pass: each input's influence on each state
    (:mod:`rnnviz.analysis.influence`) and the state gradient (:mod:`rnnviz.analysis.gradient`),
    as keyword arguments of :meth:`Trace.attach`."""
    return {"influence": token_influence(module, inputs), "state_gradient": state_gradient(module, inputs)}


def load_inputs(path: str | Path) -> np.ndarray:
    """The array in a ``.npy`` file; a one-line ValueError if it cannot be read."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            magic = file.read(6)
    except FileNotFoundError:
        raise ValueError(f"inputs file not found: {path}") from None
    except OSError as exc:
        raise ValueError(f"cannot read the inputs file {path}: {exc.strerror or exc}") from None
    if magic.startswith(b"PK"):
        raise ValueError(f"{path} is an .npz archive; save one array with numpy.save(path, array)")
    if magic != b"\x93NUMPY":
        raise ValueError(f"{path} is not a numpy .npy file; save your (T, input_size) array with numpy.save(path, array)")
    try:
        return np.load(path, allow_pickle=False)
    except ValueError as exc:
        if "allow_pickle" in str(exc):  # an object array, not numbers
            raise ValueError(f"{path} holds Python objects, not numbers; save a float array with numpy.save") from None
        raise ValueError(f"cannot read {path} as a .npy array: {first_line(exc)}") from None
    except (OSError, EOFError) as exc:
        raise ValueError(f"cannot read {path} as a .npy array (truncated?): {first_line(exc)}") from None


def _check_length(count: int, limit: int, what: str) -> None:
    if limit < 1:
        raise ValueError(f"max_tokens must be at least 1, got {limit}")
    if count > limit:
        raise ValueError(f"{count} {what} is more than the limit of {limit}; shorten the input or raise the limit "
                         "with --max-tokens")
