"""Gate-by-gate choreography as data: the phases of one time step of each architecture.

A phase is one idea of a step: which part of the cell diagram it focuses, the title and
formula of its header, the vectors it shows (operands) and the vector it makes (result), and
the kind of operation between them. One runner (``rnnviz.scenes.phased.PhaseScene``) plays any
phase of any arch; the ``step`` scene and the single-gate scenes (``forget-gate``, ...) play
sequences of the same phases, so a fix to a phase is a fix to every scene showing it.

Kinds of operation:

``concat``
    ``x_t`` (its column nearest the sentence its token comes from) and ``h_{t-1}`` stack into
    ``[h_{t-1}; x_t]``, which enters the cell.
``map``
    one vector through a function: ``W_f[h_{t-1}; x_t] + b_f`` through σ is ``f_t``.
``product``
    a gate times what it gates, unit by unit: ``f_t ⊙ c_{t-1}``.
``sum``
    two vectors added: ``f_t ⊙ c_{t-1} + i_t ⊙ g_t = c_t``.

Formulas are keys of the arch's ``step_formulas`` and names are the TeX of
:mod:`rnnviz.mobjects.symbols`; values are read from the Trace (or from
:mod:`rnnviz.core.terms` for products), never computed here.

>>> from rnnviz.mobjects.phases import phases_for, sequence
>>> [p.name for p in sequence("lstm", "forget-gate")]
['concat', 'forget_gate', 'forget']
>>> forget = phases_for("lstm")["forget"]
>>> forget.kind, [o.name for o in forget.operands], forget.result.name
('product', ['f', 'c_prev'], 'f*c_prev')
>>> [p.name for p in sequence("lstm", "step", projected=True)][-2:]
['output', 'project']
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from rnnviz.core.terms import TERMS, step_term
from rnnviz.core.trace import Trace
from rnnviz.mobjects.symbols import ACTIVATION_TEX, TERM_ARRAYS, symbols_for, tex_lines

__all__ = ["COLUMN_NAMES", "KINDS", "Operand", "Phase", "SEQUENCES", "phases_for", "sequence"]

KINDS = ("concat", "map", "product", "sum")

#: Names over a column shorter than the symbol table's: a column is under 2 units wide, and
#: ``r_t ⊙ (W_hn h_{t-1} + b_hn)`` set that narrow would shrink its digits to half size. Its
#: bracket is the recurrent part the reset's board shows beside it and the candidate's formula
#: spells out.
COLUMN_NAMES: dict[str, str] = {"r*hn": r"r_{t} \odot (\dots)"}

@dataclass(frozen=True)
class Operand:
    """A vector a phase shows: a Trace array (``"f"``) or a product of :mod:`rnnviz.core.terms`
    (``"f*c_prev"``), and where it comes from in the cell diagram: an element's name (``"f"``,
    ``"mul_f"``, ``"to_f"``) or a port (``"port:c_prev"``)."""

    name: str
    source: str

    @property
    def tex(self) -> str:
        """Its name over a column: its symbol at step t from the symbol table (a sum on two
        lines), or its :data:`COLUMN_NAMES` entry."""
        return COLUMN_NAMES.get(self.name) or tex_lines(self.name)

    @property
    def drawn_as(self) -> str:
        """The Trace array whose colour map it is drawn with."""
        return TERM_ARRAYS.get(self.name, self.name)

    def values(self, trace: Trace, step: int, layer: int = 0, direction: int = 0) -> np.ndarray:
        """Its values at ``step``: a row of the Trace, or of the product the core computes."""
        if self.name in TERMS[trace.arch]:
            return step_term(trace, self.name, layer, direction)[step]
        return trace.get(self.name, layer, direction)[step]


@dataclass(frozen=True)
class Phase:
    """One idea of a time step (see the module's documentation for the kinds).

    ``idea`` is the cell diagram's idea to focus and flow; ``title`` and ``note`` are term keys
    of :mod:`rnnviz.mobjects.labels`; ``part`` the theme part of the title's swatch;
    ``formula`` a key of the arch's ``step_formulas``; ``function`` the TeX over a ``map``'s
    arrow; ``glyph`` the gate (an operand or the result) whose openness the header's glyph shows.
    """

    name: str
    kind: str
    idea: str
    title: str
    formula: str
    operands: tuple[Operand, ...]
    result: Operand | None  # None for concat: [h_{t-1}; x_t] is no array of its own
    part: str | None = None
    function: str | None = None
    glyph: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of phase {self.kind!r}; expected one of {KINDS}")
        if len(self.operands) != {"concat": 2, "map": 1, "product": 2, "sum": 2}[self.kind]:
            raise ValueError(f"a {self.kind} phase has the wrong number of operands: {self.operands}")
        if (self.result is None) != (self.kind == "concat"):
            raise ValueError(f"every phase but concat makes a result ({self.name})")
        if (self.function is None) == (self.kind == "map"):
            raise ValueError(f"a map phase, and only a map, names its function ({self.name})")
        if self.glyph is not None and self.glyph not in [o.name for o in self.shown]:
            raise ValueError(f"the glyph of {self.name} shows {self.glyph!r}, which the phase does not show")

    def formula_tex(self, arch: str) -> str:
        """The header's formula, from the arch's symbol table."""
        return symbols_for(arch).step_formulas[self.formula]

    @property
    def shown(self) -> tuple[Operand, ...]:
        """Every vector it shows, operands first, then its result."""
        return (*self.operands, *((self.result,) if self.result is not None else ()))


def _op(name: str, source: str) -> Operand:
    return Operand(name, source)


_CONCAT = {
    arch: Phase("concat", "concat", "concat", "concatenate", "concat",
                (_op("x", "port:x"), _op("h_prev", "port:h_prev")), None)
    for arch in ("rnn", "lstm", "gru")
}

_LSTM = (
    _CONCAT["lstm"],
    Phase("forget_gate", "map", "forget_gate", "forget_gate", "forget_gate", (_op("pre_f", "to_f"),), _op("f", "f"),
          part="forget", function=r"\sigma", glyph="f"),
    Phase("forget", "product", "forget", "forget_gate", "forget", (_op("f", "f"), _op("c_prev", "port:c_prev")),
          _op("f*c_prev", "mul_f"), part="forget", glyph="f"),
    Phase("input_gate", "map", "input_gate", "input_gate", "input_gate", (_op("pre_i", "to_i"),), _op("i", "i"),
          part="input", function=r"\sigma", glyph="i"),
    Phase("candidate", "map", "candidate", "candidate", "candidate", (_op("pre_g", "to_g"),), _op("g", "g"),
          part="candidate", function=r"\tanh"),
    Phase("input", "product", "input", "input_and_candidate", "input", (_op("i", "i"), _op("g", "g")),
          _op("i*g", "mul_i"), part="input", glyph="i"),
    Phase("cell", "sum", "cell", "cell_state", "cell", (_op("f*c_prev", "mul_f"), _op("i*g", "mul_i")),
          _op("c", "add_c"), part="cell"),
    Phase("output_gate", "map", "output_gate", "output_gate", "output_gate", (_op("pre_o", "to_o"),), _op("o", "o"),
          part="output", function=r"\sigma", glyph="o"),
    Phase("tanh_c", "map", "tanh_c", "squash_cell_state", "output", (_op("c", "c_branch"),),
          _op("tanh_c", "tanh_c"), part="cell", function=r"\tanh"),
    Phase("output", "product", "output", "output_gate", "output", (_op("o", "o"), _op("tanh_c", "tanh_c")),
          _op("h", "mul_o"), part="output", glyph="o"),
)

# An LSTM with proj_size: the output gate's product is o_t * tanh(c_t), which W_hr projects to h_t.
_PROJECTED = (
    replace(_LSTM[-1], formula="output_gate", result=_op("h_full", "mul_o")),
    Phase("project", "map", "project", "projection", "project", (_op("h_full", "mul_o"),), _op("h", "proj"),
          part="hidden", function="W_{hr}", note="projection_sizes"),
)

_GRU = (
    _CONCAT["gru"],
    Phase("reset", "product", "reset", "reset_gate", "reset", (_op("r", "r"), _op("hn", "to_hn")),
          _op("r*hn", "mul_r"), part="reset", glyph="r"),
    # n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn)): the sum, then tanh
    Phase("candidate_sum", "sum", "candidate", "candidate_hidden", "candidate_gate",
          (_op("in", "to_n"), _op("r*hn", "mul_r")), _op("pre_n", "rhn_out"), part="candidate"),
    Phase("candidate", "map", "candidate", "candidate_hidden", "candidate_gate", (_op("pre_n", "rhn_out"),), _op("n", "n"),
          part="candidate", function=r"\tanh"),
    Phase("keep", "product", "keep", "update_keeps_old", "update", (_op("z", "z"), _op("h_prev", "port:h_prev")),
          _op("z*h_prev", "mul_z"), part="update", glyph="z", note="pytorch_z"),
    Phase("take", "product", "take", "update_takes_new", "mix", (_op("1-z", "one_minus"), _op("n", "n")),
          _op("(1-z)*n", "mul_n"), part="update", glyph="1-z", note="pytorch_z"),
    Phase("mix", "sum", "mix", "new_hidden_state", "mix", (_op("z*h_prev", "mul_z"), _op("(1-z)*n", "mul_n")),
          _op("h", "add_h"), part="hidden"),
    # one piece at a time (the GRU chapter's reset-gate and update-gate scenes)
    Phase("reset_gate", "map", "reset_gate", "reset_gate", "reset", (_op("pre_r", "to_r"),), _op("r", "r"),
          part="reset", function=r"\sigma"),
    Phase("recurrent", "map", "recurrent", "recurrent_part", "recurrent", (_op("h_prev", "port:h_prev"),),
          _op("hn", "to_hn"), part="candidate", function=r"W_{hn}"),
)

_RNN = (
    _CONCAT["rnn"],
    Phase("layer", "map", "layer", "tanh_layer", "layer", (_op("pre", "bus"),), _op("h", "layer"),
          part="candidate", function=r"\tanh"),
)

_TABLES: dict[str, dict[str, Phase]] = {
    "lstm": {p.name: p for p in _LSTM},
    "gru": {p.name: p for p in _GRU},
    "rnn": {p.name: p for p in _RNN},
}

#: Which phases each scene plays, in order, by arch.
SEQUENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "lstm": {
        "step": ("concat", "forget", "input", "cell", "output"),
        "forget-gate": ("concat", "forget_gate", "forget"),
        "input-gate": ("concat", "input_gate", "candidate", "input"),
        "cell-state": ("forget", "input", "cell"),
        "output-gate": ("concat", "output_gate", "tanh_c", "output"),
    },
    "gru": {
        "step": ("concat", "reset", "candidate_sum", "candidate", "keep", "take", "mix"),
        "reset-gate": ("concat", "reset_gate", "recurrent", "reset", "candidate_sum", "candidate"),
        "update-gate": ("concat", "keep", "take", "mix"),
    },
    "rnn": {"step": ("concat", "layer")},
}


def phases_for(arch: str, projected: bool = False, nonlinearity: str = "tanh") -> dict[str, Phase]:
    """Every phase of ``arch`` by name: an LSTM with ``projected`` (proj_size) ends its output
    gate on ``o_t ⊙ tanh(c_t)`` and projects it; a ReLU RNN's layer is a ReLU."""
    if arch not in _TABLES:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {sorted(_TABLES)}")
    if projected and arch != "lstm":
        raise ValueError(f"only an LSTM has a projection (proj_size), not {arch!r}")
    table = dict(_TABLES[arch])
    if projected:
        table.update({p.name: p for p in _PROJECTED})
    if arch == "rnn" and nonlinearity == "relu":
        table["layer"] = replace(table["layer"], title="relu_layer", function=ACTIVATION_TEX["relu"])
    return table


def sequence(arch: str, scene: str, projected: bool = False, nonlinearity: str = "tanh") -> list[Phase]:
    """The phases the scene ``scene`` plays for ``arch``, in order (a projected LSTM projects
    after its output gate)."""
    scenes = SEQUENCES.get(arch, {})
    if scene not in scenes:
        raise ValueError(f"no phases of {scene!r} for {arch}; {arch} has {sorted(scenes)}")
    names = scenes[scene] + (("project",) if projected and "output" in scenes[scene] else ())
    table = phases_for(arch, projected, nonlinearity)
    return [table[name] for name in names]
