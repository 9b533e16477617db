"""Model files: the intent classifiers `rnnviz train` writes, and a user's bare RNN state dicts.

A model file is ``torch.save`` of a plain dict (format, arch, sizes, layers, directions,
vocabulary, labels, state_dict, recipe, held-out accuracy), read back with ``weights_only=True``. Every problem
with a file is a one-line ``ValueError``.

>>> from rnnviz.models.demo import demo_weights_path
>>> from rnnviz.models.weights import load_classifier
>>> demo = load_classifier(demo_weights_path("gru"), "gru")
>>> demo.labels[:2]
['ask_time', 'ask_weather']
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from rnnviz.models.classifier import RECURRENT, IntentClassifier
from rnnviz.models.text import Vocab

FORMAT = "rnnviz.model"
VERSION = 1
_RETRAIN = "train it again with `rnnviz train`"


@dataclass
class IntentModel:
    """A trained classifier with everything needed to read text: vocabulary and label names."""

    model: IntentClassifier
    vocab: Vocab
    labels: list[str]
    recipe: dict[str, Any]


def classifier_bytes(model: IntentClassifier, vocab: Vocab, labels: list[str], **info: Any) -> bytes:
    """The model file of ``model``; the same model gives the same bytes.

    ``info`` holds further plain values to keep (the recipe, the held-out accuracy).
    """
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "arch": model.arch,
        "embed_size": model.embed.embedding_dim,
        "hidden_size": model.rnn.hidden_size,
        "num_layers": model.rnn.num_layers,
        "bidirectional": model.rnn.bidirectional,
        "vocab": list(vocab.keys),
        "labels": list(labels),
        "state_dict": {name: t.detach().clone() for name, t in model.state_dict().items()},
        **info,
    }
    # Saving to a buffer, not a path: torch names the archive's inner folder after the file, so
    # writing through a path would make the bytes depend on the file name.
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue()


def read_weights(path: str | Path) -> dict[str, Any]:
    """The dict stored in a weights file, with NaN and infinity rejected."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"weights file not found: {path}")
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a weights file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read weights file {path}: {exc.strerror or exc}") from None
    try:
        data = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    except Exception:  # torch.load raises many types for damaged files; all mean the same here
        raise ValueError(f"{path} is not a readable PyTorch weights file (corrupt or truncated?)") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path} holds a {type(data).__name__}, not a model file or state dict")
    tensors = data.get("state_dict", data) if data.get("format") == FORMAT else data
    if not isinstance(tensors, dict):
        raise ValueError(f"{path} is not a valid rnnviz model file: its state_dict is a {type(tensors).__name__}")
    for name, value in tensors.items():
        if isinstance(value, torch.Tensor) and value.is_floating_point() and not torch.isfinite(value).all():
            raise ValueError(f"{path} contains NaN or infinite weights (in {name})")
    return data


def read_model(path: str | Path, arch: str = "ARCH") -> dict[str, Any]:
    """The dict of a complete model file from `rnnviz train` (not a bare state dict); ``arch``
    only completes the advice for a bare state dict."""
    data = read_weights(path)
    if data.get("format") != FORMAT:
        raise ValueError(
            f"{path} holds bare recurrent weights without a vocabulary, so it cannot read a sentence; record your "
            f"own inputs with `rnnviz trace {arch} --weights {path} --inputs X.npy --json t.json`, then render that "
            "trace with --trace t.json (or train a text model with `rnnviz train`)"
        )
    missing = [key for key in ("arch", "vocab", "labels", "embed_size", "hidden_size", "state_dict") if key not in data]
    if missing:
        raise ValueError(f"{path} is not a complete rnnviz model file: it has no {', '.join(missing)}; {_RETRAIN}")
    return data


@dataclass(frozen=True)
class ModelShape:
    """What a model file from `rnnviz train` is, read without building the model."""

    arch: str
    num_layers: int
    num_directions: int


def model_shape(path: str | Path) -> ModelShape:
    """The architecture (``"rnn"``, ``"lstm"`` or ``"gru"``), layers and directions of a model
    file from `rnnviz train`."""
    data = read_model(path)
    if data["arch"] not in RECURRENT:
        raise ValueError(f"{path} is not a valid rnnviz model file: unknown architecture {data['arch']!r}; {_RETRAIN}")
    shape = _shape(data)
    return ModelShape(data["arch"], shape["num_layers"], 2 if shape["bidirectional"] else 1)


def _shape(data: dict[str, Any]) -> dict[str, Any]:
    # Files written before stacked and bidirectional models existed hold one forward layer.
    return {"num_layers": data.get("num_layers", 1), "bidirectional": data.get("bidirectional", False)}


def load_classifier(path: str | Path, arch: str) -> IntentModel:
    """The intent classifier stored at ``path``; it must be a model file for ``arch``."""
    data = read_model(path, arch)
    _check_arch(path, data["arch"], arch)
    try:
        vocab = Vocab(data["vocab"])
        model = IntentClassifier(
            data["arch"], len(vocab), len(data["labels"]), data["embed_size"], data["hidden_size"], **_shape(data)
        )
        problem = _mismatch(data["state_dict"], model.state_dict())
        if problem:
            raise ValueError(f"its weights do not match its own sizes: {problem}")
        model.load_state_dict(data["state_dict"])
    except (TypeError, ValueError, RuntimeError) as exc:
        raise ValueError(f"{path} is not a valid rnnviz model file: {first_line(exc)}; {_RETRAIN}") from None
    return IntentModel(model.eval(), vocab, list(data["labels"]), dict(data.get("recipe", {})))


def _mismatch(found: dict[str, Any], expected: dict[str, torch.Tensor]) -> str:
    """What differs between a state dict and the one a model of the stated sizes has ('' if nothing)."""
    problems = [f"{name} is missing" for name in expected if name not in found]
    problems += [f"{name} is not expected" for name in found if name not in expected]
    problems += [
        f"{name} is {'x'.join(map(str, found[name].shape))} where the sizes make it "
        f"{'x'.join(map(str, expected[name].shape))}"
        for name in expected
        if name in found and getattr(found[name], "shape", None) != expected[name].shape
    ]
    if not problems:
        return ""
    return problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")


def load_recurrent(path: str | Path, arch: str) -> nn.Module:
    """The recurrent module in ``path``: a model file's RNN, or a bare ``nn.RNN/LSTM/GRU`` state dict."""
    data = read_weights(path)
    if data.get("format") == FORMAT:
        return load_classifier(path, arch).model.rnn
    module = module_from_state_dict(data, str(path))
    _check_arch(path, _ARCH_OF[type(module)], arch)
    return module


_ARCH_OF = {cls: arch for arch, cls in RECURRENT.items()}
_GATES = {1: "rnn", 3: "gru", 4: "lstm"}


def module_from_state_dict(state: dict[str, Any], name: str = "state dict") -> nn.Module:
    """Rebuild the ``nn.RNN``, ``nn.LSTM`` or ``nn.GRU`` whose ``state_dict()`` is ``state``.

    Architecture and sizes come from the tensors: layers from ``_l{k}``, bidirectional from
    ``_reverse``, LSTM projection from ``weight_hr``, the gate count from the row count. A prefix
    such as ``rnn.`` (a state dict of a larger model) is stripped. A plain RNN's nonlinearity is
    not stored in its weights and is taken to be tanh.

    >>> import torch
    >>> gru = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True)
    >>> module_from_state_dict(gru.state_dict())
    GRU(3, 4, num_layers=2, bidirectional=True)
    """
    prefixes = {key[: -len("weight_ih_l0")] for key in state if str(key).endswith("weight_ih_l0")}
    if len(prefixes) != 1:
        raise ValueError(f"{name} is not the state dict of one nn.RNN, nn.LSTM or nn.GRU (no single weight_ih_l0)")
    prefix = prefixes.pop()
    weights = {key[len(prefix) :]: value for key, value in state.items() if key.startswith(prefix)}
    try:
        w_ih = weights["weight_ih_l0"]
        proj = weights["weight_hr_l0"].shape[0] if "weight_hr_l0" in weights else 0
        hidden = weights["weight_hr_l0"].shape[1] if proj else weights["weight_hh_l0"].shape[1]
        arch = _GATES.get(w_ih.shape[0] // hidden) if w_ih.shape[0] % hidden == 0 else None
        if arch is None:
            raise ValueError(f"weight_ih_l0 has {w_ih.shape[0]} rows, not 1, 3 or 4 gates of {hidden}")
        layers = 1 + max(int(m.group(1)) for m in map(re.compile(r"weight_ih_l(\d+)$").match, weights) if m)
        kwargs: dict[str, Any] = {"proj_size": proj} if proj else {}
        module = RECURRENT[arch](
            w_ih.shape[1],
            hidden,
            num_layers=layers,
            bias="bias_ih_l0" in weights,
            bidirectional="weight_ih_l0_reverse" in weights,
            **kwargs,
        )
        module.load_state_dict(weights)
    except (KeyError, AttributeError, IndexError, TypeError, ValueError, RuntimeError) as exc:
        raise ValueError(f"{name} is not a consistent nn.RNN/LSTM/GRU state dict: {first_line(exc)}") from None
    return module.to(w_ih.dtype).eval()


def _check_arch(path: str | Path, found: str, named: str) -> None:
    if found != named:
        raise ValueError(f"{path} holds a {found} model, not {named}; name {found} or choose another file")


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type name if it has none)."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
