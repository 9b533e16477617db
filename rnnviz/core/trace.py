"""The Trace: every intermediate value of a recorded recurrent forward pass.

A Trace is the one data type passed from computation to drawing. It holds numpy arrays only,
so loading and drawing one never imports torch.

>>> from rnnviz.core.trace import Trace
>>> from rnnviz.paths import asset
>>> trace = Trace.load(asset("traces", "lstm.json"))      # the shipped demo trace
>>> trace.tokens
['what', 'time', 'is', 'it']
>>> trace.get("f", layer=0, direction=0).shape
(4, 8)

File formats (chosen by suffix): ``.json`` (readable, versioned, see ``docs/trace-format.md``)
and ``.npz``. Both load back into an equal Trace and are byte-identical for equal Traces.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "rnnviz.trace"
SCHEMA_VERSION = 1
ARCHS = ("rnn", "lstm", "gru")

#: The per-step arrays recorded for each architecture, named after PyTorch's documentation.
ARRAY_NAMES: dict[str, tuple[str, ...]] = {
    "rnn": ("x", "h_prev", "pre", "h"),
    "lstm": ("x", "h_prev", "c_prev", "i", "f", "g", "o", "c", "tanh_c", "h"),
    "gru": ("x", "h_prev", "r", "z", "n", "hn", "h"),
}

#: How far a recorded value may lie from the module's own forward pass, by dtype (the core's
#: promise, tested in tests/test_record.py). Another CPU's kernels round the same computation
#: differently in the last bits (a few 1e-7 in float32), so this is also the tolerance for
#: comparing a trace computed now with one stored on another machine: see Trace.difference.
TOLERANCE: dict[str, float] = {"float32": 1e-5, "float64": 1e-10}

# A fixed zip timestamp keeps .npz files byte-identical across runs.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def array_names(arch: str, proj_size: int = 0) -> tuple[str, ...]:
    """Names of the per-step arrays a Trace of ``arch`` holds (``h_full`` for projected LSTMs)."""
    if arch not in ARRAY_NAMES:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {ARCHS}")
    names = ARRAY_NAMES[arch]
    return names + ("h_full",) if arch == "lstm" and proj_size else names


def _check_choice(name: str, value: Any, allowed: tuple) -> None:
    if isinstance(value, bool) or value not in allowed:
        raise ValueError(f"the trace's {name} must be one of {', '.join(map(str, allowed))}; got {value!r}")


def _check_count(name: str, value: Any, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"the trace's {name} must be a whole number of at least {minimum}; got {value!r}")


def _check_strings(name: str, values: Any) -> None:
    """A list of strings, each with something to show and each valid Unicode (savable as UTF-8)."""
    if not isinstance(values, list) or not values or not all(
        isinstance(value, str) and value.strip() and not any("\ud800" <= ch <= "\udfff" for ch in value)
        for value in values
    ):
        raise ValueError(f"the trace's {name} must be a list of non-blank, valid Unicode strings")


def _check_array(name: str, value: Any, shape: tuple[int, ...]) -> None:
    """A finite floating-point array of ``shape``, or a one-line ``ValueError`` naming ``name``."""
    if not isinstance(value, np.ndarray) or not np.issubdtype(value.dtype, np.floating):
        kind = value.dtype if isinstance(value, np.ndarray) else type(value).__name__
        raise ValueError(f"the trace's {name} must be an array of floating-point numbers, not {kind}")
    if value.shape != shape:
        raise ValueError(f"the trace's {name} has shape {value.shape}, but its sizes and steps make it {shape}")
    if not np.isfinite(value).all():
        raise ValueError(f"the trace's {name} holds NaN or infinite values")


@dataclass(eq=False)
class Trace:
    """Every gate and state of every step, layer and direction of one forward pass.

    Per-step arrays have shape ``(steps, size)``; row ``t`` belongs to input step ``t`` in both
    directions (for the backward direction, ``h_prev[t]`` is the state computed at ``t + 1``).
    """

    arch: str
    input_size: int
    hidden_size: int
    num_layers: int
    num_directions: int
    steps: int
    arrays: dict[tuple[int, int, str], np.ndarray]
    output: np.ndarray  # (steps, num_directions * hidden_out)
    h_n: np.ndarray  # (num_layers * num_directions, hidden_out)
    c_n: np.ndarray | None = None  # (num_layers * num_directions, hidden_size), LSTM only
    proj_size: int = 0
    bias: bool = True
    nonlinearity: str = "tanh"  # the plain RNN's activation: "tanh" or "relu"
    tokens: list[str] | None = None  # display form of each step's token, when text is attached
    labels: list[str] | None = None  # class names of the classifier reading the last state
    probs: np.ndarray | None = None  # (len(labels),) its softmax output
    influence: np.ndarray | None = None  # (layers, directions, steps, steps): C[t, k]
    extra: dict[str, Any] = field(default_factory=dict)  # small JSON-able metadata

    def __post_init__(self) -> None:
        self.validate()

    # ---- checking -----------------------------------------------------------------------
    def validate(self) -> None:
        """Raise a one-line ``ValueError`` unless the trace is whole and consistent.

        The one check every Trace passes when it is made, loaded or given more data, before
        anything draws it: known architecture, positive sizes, the arrays this architecture
        records, each ``(steps, width)`` with the width its metadata implies, finite floating
        point values everywhere, one token per step, one label per probability (each in
        [0, 1]), an influence matrix of ``(layers, directions, steps, steps)``.
        """
        _check_choice("arch", self.arch, ARCHS)
        _check_choice("nonlinearity", self.nonlinearity, ("tanh", "relu"))
        for name in ("input_size", "hidden_size", "num_layers", "steps"):
            _check_count(name, getattr(self, name), minimum=1)
        _check_count("proj_size", self.proj_size, minimum=0)
        _check_choice("num_directions", self.num_directions, (1, 2))
        if self.proj_size and (self.arch != "lstm" or self.proj_size >= self.hidden_size):
            raise ValueError(f"proj_size {self.proj_size} needs an lstm with a larger hidden_size ({self.hidden_size})")
        if not isinstance(self.arrays, dict):
            raise ValueError(f"the trace's arrays must be a dict, not {type(self.arrays).__name__}")
        expected = {
            (layer, direction, name)
            for layer in range(self.num_layers)
            for direction in range(self.num_directions)
            for name in self.names
        }
        if set(self.arrays) != expected:
            missing = sorted(expected - set(self.arrays))
            extra = sorted(set(self.arrays) - expected, key=str)
            raise ValueError(f"Trace arrays do not match {self.arch}: missing {missing}, extra {extra}")
        for (layer, direction, name), value in self.arrays.items():
            _check_array(_array_key(layer, direction, name), value, (self.steps, self._width(name, layer)))
        states = self.num_layers * self.num_directions
        _check_array("output", self.output, (self.steps, self.num_directions * self.hidden_out))
        _check_array("h_n", self.h_n, (states, self.hidden_out))
        if self.arch == "lstm":
            _check_array("c_n", self.c_n, (states, self.hidden_size))
        elif self.c_n is not None:
            raise ValueError(f"a {self.arch} trace has no c_n")
        if self.tokens is not None:
            _check_strings("tokens", self.tokens)
            if len(self.tokens) != self.steps:
                raise ValueError(f"the trace has {len(self.tokens)} tokens for {self.steps} steps")
        if (self.labels is None) != (self.probs is None):
            raise ValueError("the trace's labels and probs come together")
        if self.labels is not None:
            _check_strings("labels", self.labels)
            _check_array("probs", self.probs, (len(self.labels),))
            if not ((self.probs >= 0) & (self.probs <= 1)).all():
                raise ValueError("the trace's probs must lie between 0 and 1")
        if self.influence is not None:
            steps = self.steps
            _check_array("influence", self.influence, (self.num_layers, self.num_directions, steps, steps))
        if not isinstance(self.extra, dict):
            raise ValueError(f"the trace's extra must be a dict, not {type(self.extra).__name__}")

    def _width(self, name: str, layer: int) -> int:
        """The width of the per-step array ``name`` of ``layer``."""
        if name == "x":  # a layer above the first reads the layer below, both directions
            return self.input_size if layer == 0 else self.num_directions * self.hidden_out
        return self.hidden_out if name in ("h", "h_prev") else self.hidden_size

    # ---- reading ------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        """The per-step array names of this architecture."""
        return array_names(self.arch, self.proj_size)

    @property
    def hidden_out(self) -> int:
        """Size of the emitted state ``h``: ``proj_size`` if set, else ``hidden_size``."""
        return self.proj_size or self.hidden_size

    @property
    def dtype(self) -> np.dtype:
        return self.output.dtype

    def get(self, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        """The array ``name`` of one layer and direction, shape ``(steps, size)``."""
        if name not in self.names:
            raise KeyError(f"{self.arch} traces have no array {name!r}; they have {list(self.names)}")
        if not 0 <= layer < self.num_layers:
            raise IndexError(f"layer {layer} out of range; the trace has {self.num_layers}")
        if not 0 <= direction < self.num_directions:
            raise IndexError(f"direction {direction} out of range; the trace has {self.num_directions}")
        return self.arrays[(layer, direction, name)]

    def influence_shares(self, layer: int = 0, direction: int = 0) -> np.ndarray:
        """Each token's share of each state: ``C[t, k] / sum_j C[t, j]`` (rows sum to 1)."""
        if self.influence is None:
            raise ValueError("this trace has no influence matrix; record it from text with rnnviz.models")
        c = self.influence[layer, direction]
        totals = c.sum(axis=1, keepdims=True)
        return np.divide(c, totals, out=np.zeros_like(c), where=totals > 0)

    @property
    def prediction(self) -> list[tuple[str, float]] | None:
        """The classifier's labels with their probabilities, most likely first."""
        if self.labels is None or self.probs is None:
            return None
        order = np.argsort(-self.probs, kind="stable")
        return [(self.labels[k], float(self.probs[k])) for k in order]

    # ---- attaching what higher layers compute -------------------------------------------
    def attach(
        self,
        *,
        tokens: list[str] | None = None,
        labels: list[str] | None = None,
        probs: np.ndarray | None = None,
        influence: np.ndarray | None = None,
    ) -> Trace:
        """Attach text, a prediction or an influence matrix, checking their shapes; returns self."""
        if tokens is not None:
            if len(tokens) != self.steps:
                raise ValueError(f"{len(tokens)} tokens for a trace of {self.steps} steps")
            self.tokens = [str(t) for t in tokens]
        if (labels is None) != (probs is None):
            raise ValueError("labels and probs are attached together")
        if labels is not None:
            probs = np.asarray(probs, dtype=np.float64)
            if probs.shape != (len(labels),):
                raise ValueError(f"probs has shape {probs.shape}; expected ({len(labels)},)")
            self.labels, self.probs = [str(x) for x in labels], probs
        if influence is not None:
            influence = np.asarray(influence, dtype=np.float64)
            shape = (self.num_layers, self.num_directions, self.steps, self.steps)
            if influence.shape != shape:
                raise ValueError(f"influence has shape {influence.shape}; expected {shape}")
            self.influence = influence
        self.validate()
        return self

    # ---- comparing --------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Trace):
            return NotImplemented
        return _payload(self) == _payload(other)

    def difference(self, other: Trace, atol: float | None = None) -> str | None:
        """``None`` if ``other`` holds the same metadata and every array within ``atol``, else
        one line naming the first difference.

        Unlike ``==`` (bit for bit, the promise of one machine), this compares floats with a
        tolerance, ``TOLERANCE[dtype]`` by default: the way to compare a trace computed now with
        one stored on another machine.

        >>> from rnnviz.paths import asset
        >>> shipped = Trace.load(asset("traces", "rnn.json"))
        >>> fresh = Trace.load(asset("traces", "rnn.json"))
        >>> fresh.arrays[(0, 0, "h")][2, 5] += 1e-3
        >>> shipped.difference(fresh)
        'layer0.dir0.h differs by up to 0.001 (tolerance 1e-05)'
        """
        meta, theirs = _meta(self), _meta(other)
        for key in [*meta, *(k for k in theirs if k not in meta)]:
            if meta.get(key) != theirs.get(key):
                return f"{key} differs: {meta.get(key)!r} != {theirs.get(key)!r}"
        tol = TOLERANCE[str(self.dtype)] if atol is None else atol
        mine, others = _named_arrays(self), _named_arrays(other)
        for name in [*mine, *(k for k in others if k not in mine)]:
            if name not in mine or name not in others:
                return f"{name} is in only one of the traces"
            a, b = mine[name], others[name]
            if a.shape != b.shape:
                return f"{name} has shape {a.shape} != {b.shape}"
            worst = float(np.max(np.abs(a.astype(np.float64) - b), initial=0.0))
            if not worst <= tol:  # also catches NaN
                return f"{name} differs by up to {worst:.3g} (tolerance {tol:g})"
        return None

    # ---- files ----------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the trace as ``.json`` or ``.npz`` (by suffix); the same trace, the same bytes."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".json":
            data = to_json_bytes(self)
        elif suffix == ".npz":
            data = to_npz_bytes(self)
        else:
            raise ValueError(f"cannot save a trace as {path.name!r}: use a .json or .npz suffix")
        path.write_bytes(data)
        return path

    @classmethod
    def load(cls, path: str | Path) -> Trace:
        """Read a trace written by :meth:`save`."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".json":
            return from_json_bytes(path.read_bytes())
        if suffix == ".npz":
            return from_npz_bytes(path.read_bytes())
        raise ValueError(f"cannot load a trace from {path.name!r}: expected a .json or .npz file")


# ---- serialisation --------------------------------------------------------------------------
_META_FIELDS = (
    "arch",
    "input_size",
    "hidden_size",
    "proj_size",
    "num_layers",
    "num_directions",
    "steps",
    "bias",
    "nonlinearity",
    "tokens",
    "labels",
    "extra",
)


def _array_key(layer: int, direction: int, name: str) -> str:
    return f"layer{layer}.dir{direction}.{name}"


def _named_arrays(trace: Trace) -> dict[str, np.ndarray]:
    """Every array of the trace under its file name, in a fixed order."""
    out = {
        _array_key(layer, direction, name): trace.arrays[(layer, direction, name)]
        for layer in range(trace.num_layers)
        for direction in range(trace.num_directions)
        for name in trace.names
    }
    out["output"] = trace.output
    out["h_n"] = trace.h_n
    for name in ("c_n", "probs", "influence"):
        value = getattr(trace, name)
        if value is not None:
            out[name] = value
    return out


def _meta(trace: Trace) -> dict[str, Any]:
    meta: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
    meta.update({name: getattr(trace, name) for name in _META_FIELDS})
    meta["dtype"] = str(trace.dtype)
    return meta


def _payload(trace: Trace) -> tuple:
    arrays = _named_arrays(trace)
    return (
        json.dumps(_meta(trace), sort_keys=True),
        tuple((k, v.dtype.str, v.shape, v.tobytes()) for k, v in arrays.items()),
    )


_REQUIRED_FIELDS = ("arch", "input_size", "hidden_size", "num_layers", "num_directions", "steps")
_ARRAY_KEY = re.compile(r"layer(\d+)\.dir(\d+)\.(\w+)")


def _from_parts(meta: Any, arrays: dict[str, np.ndarray]) -> Trace:
    """A Trace from a file's metadata and named arrays; :meth:`Trace.validate` checks the rest."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ValueError("not an rnnviz trace file (no 'format': 'rnnviz.trace')")
    version = meta.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ValueError(f"trace schema version {version!r} is not supported (this rnnviz reads {SCHEMA_VERSION})")
    missing = [name for name in _REQUIRED_FIELDS if name not in meta]
    if missing:
        raise ValueError(f"the trace file has no {', '.join(missing)}")
    per_step, whole = {}, {}
    for name, value in arrays.items():
        match = _ARRAY_KEY.fullmatch(name)
        if match:
            per_step[(int(match[1]), int(match[2]), match[3])] = value
        else:
            whole[name] = value
    unknown = sorted(set(whole) - {"output", "h_n", "c_n", "probs", "influence"})
    if unknown:
        raise ValueError(f"the trace file holds unknown arrays: {', '.join(unknown)}")
    return Trace(
        **{name: meta[name] for name in _META_FIELDS if name in meta},
        arrays=per_step,
        output=whole.get("output"),
        h_n=whole.get("h_n"),
        c_n=whole.get("c_n"),
        probs=whole.get("probs"),
        influence=whole.get("influence"),
    )


def to_json_bytes(trace: Trace) -> bytes:
    """The trace as readable JSON. Floats are written with ``repr`` so they load back exactly."""
    arrays = {name: value.tolist() for name, value in _named_arrays(trace).items()}
    doc = {**_meta(trace), "arrays": arrays}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def from_json_bytes(data: bytes) -> Trace:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"trace file is not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise ValueError("not an rnnviz trace file (expected a JSON object)")
    try:
        dtype = np.dtype(doc.get("dtype", "float64"))
        arrays = {
            name: np.asarray(value, dtype=np.float64 if name in ("probs", "influence") else dtype)
            for name, value in dict(doc.get("arrays", {})).items()
        }
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the trace file's arrays are not tables of numbers ({str(exc).splitlines()[0]})") from None
    return _from_parts(doc, arrays)


def to_npz_bytes(trace: Trace) -> bytes:
    """The trace as an ``.npz`` archive (``meta.json`` plus one ``.npy`` per array)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("meta.json", _ZIP_EPOCH), json.dumps(_meta(trace), ensure_ascii=False))
        for name, value in _named_arrays(trace).items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(value), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", _ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def from_npz_bytes(data: bytes) -> Trace:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            meta = json.loads(archive.read("meta.json").decode("utf-8"))
            arrays = {
                name[: -len(".npy")]: np.lib.format.read_array(io.BytesIO(archive.read(name)), allow_pickle=False)
                for name in archive.namelist()
                if name.endswith(".npy")
            }
    except (zipfile.BadZipFile, zlib.error, KeyError, UnicodeDecodeError, ValueError, OSError, EOFError) as exc:
        raise ValueError(f"not an rnnviz trace .npz file: {exc}") from None
    return _from_parts(meta, arrays)
