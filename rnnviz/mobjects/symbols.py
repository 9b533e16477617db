"""The symbols and formulas of each architecture, in one table.

Cell diagrams, headers, chains and the equations of every scene read their TeX from here, so a
symbol is written once: ``h_{t-1}`` in a diagram, a header and a formula is the same string.
Names follow PyTorch's documentation (``weight_ih_l0``, the gate order of its stacked weights);
the course notes' own names (``W^{sx}``, ``s_t``) are kept as a side table.

>>> from rnnviz.mobjects.symbols import symbols_for, tex
>>> lstm = symbols_for("lstm")
>>> lstm.gates, lstm.states
(('i', 'f', 'g', 'o'), ('c', 'h'))
>>> tex("h_prev"), tex("h_prev", step=3)
('h_{t-1}', 'h_{2}')
>>> lstm.weight_name("hh", layer=1, reverse=True)
'weight_hh_l1_reverse'
>>> lstm.weight_shape("ih", hidden_size=8, input_size=5)
(32, 5)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACTIVATION_TEX",
    "ARCH_SYMBOLS",
    "ArchSymbols",
    "Equation",
    "GRU_CANDIDATE",
    "GRU_CANDIDATE_PARTS",
    "GRU_UPDATE",
    "NOTES_NAMES",
    "OUTPUT_FORMULA",
    "TERM_ARRAYS",
    "TEX",
    "symbols_for",
    "tex",
    "tex_lines",
]

#: TeX of each activation function, by the name :attr:`ArchSymbols.activations` and a plain
#: RNN's ``nonlinearity`` use.
ACTIVATION_TEX: dict[str, str] = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}"}

#: TeX of every Trace array and of every product :mod:`rnnviz.core.terms` computes, with ``{t}``
#: for the step and ``{p}`` for the step before it.
TEX: dict[str, str] = {
    "x": "x_{{{t}}}",
    "h_prev": "h_{{{p}}}",
    "h": "h_{{{t}}}",
    "c_prev": "c_{{{p}}}",
    "c": "c_{{{t}}}",
    "i": "i_{{{t}}}",
    "f": "f_{{{t}}}",
    "g": "g_{{{t}}}",
    "o": "o_{{{t}}}",
    "r": "r_{{{t}}}",
    "z": "z_{{{t}}}",
    "n": "n_{{{t}}}",
    "pre": "a_{{{t}}}",
    "tanh_c": r"\tanh(c_{{{t}}})",
    "h_full": r"o_{{{t}}} \odot \tanh(c_{{{t}}})",
    "hn": r"W_{{hn}} h_{{{p}}} + b_{{hn}}",
    "in": r"W_{{in}} x_{{{t}}} + b_{{in}}",
    "hn_rh": r"W_{{hn}} (r_{{{t}}} \odot h_{{{p}}}) + b_{{hn}}",  # Cho et al.'s GRU: the reset before the product
    # pre-activations: the sums that go into each gate's sigmoid or tanh
    "pre_i": "a^{{i}}_{{{t}}}",
    "pre_f": "a^{{f}}_{{{t}}}",
    "pre_g": "a^{{g}}_{{{t}}}",
    "pre_o": "a^{{o}}_{{{t}}}",
    "pre_r": "a^{{r}}_{{{t}}}",
    "pre_z": "a^{{z}}_{{{t}}}",
    "pre_n": "a^{{n}}_{{{t}}}",
    # the equations' products (rnnviz.core.terms)
    "f*c_prev": r"f_{{{t}}} \odot c_{{{p}}}",
    "i*g": r"i_{{{t}}} \odot g_{{{t}}}",
    "r*hn": r"r_{{{t}}} \odot (W_{{hn}} h_{{{p}}} + b_{{hn}})",
    "1-z": "1 - z_{{{t}}}",
    "z*h_prev": r"z_{{{t}}} \odot h_{{{p}}}",
    "(1-z)*n": r"(1 - z_{{{t}}}) \odot n_{{{t}}}",
}

#: The Trace array whose colour map a product of the equations is drawn in.
TERM_ARRAYS: dict[str, str] = {"f*c_prev": "c", "i*g": "g", "r*hn": "hn", "1-z": "z", "z*h_prev": "h", "(1-z)*n": "n"}

#: The output a classifier (or any per-step head) computes from a state: ``y_t`` through ``W_{hy}``.
OUTPUT_FORMULA = r"y_t = W_{hy} h_t + b_y"

#: The course notes' names (section 3.3-3.4) for what PyTorch calls otherwise.
NOTES_NAMES: dict[str, str] = {
    "weight_ih": "W^{sx}",  # input to hidden
    "weight_hh": "W^{hh}",  # hidden to hidden, the loop
    "weight_out": "W^{oh}",  # hidden to output
    "h": "s_t",  # the hidden state
    "y": "o_t",  # the output
}


def tex(name: str, step: int | None = None, previous: str = "t-1") -> str:
    """The TeX of the Trace array ``name`` at step ``t`` (symbolic), or at the 1-based ``step``.

    ``tex("c_prev")`` is ``c_{t-1}``; ``tex("c_prev", step=1)`` is ``c_{0}``, the initial state;
    ``previous="t+1"`` names the entering state of the backward direction, which reads the step
    after.
    """
    if name not in TEX:
        raise KeyError(f"no symbol for {name!r}; known: {', '.join(TEX)}")
    if previous not in ("t-1", "t+1"):
        raise ValueError(f"the entering state is at t-1 or t+1, not {previous!r}")
    if step is None:
        return TEX[name].format(t="t", p=previous)
    if step < 1:
        raise ValueError(f"steps count from 1, got {step}")
    return TEX[name].format(t=step, p=step - 1)


def tex_lines(name: str, step: int | None = None) -> str:
    """:func:`tex` set on two lines when it is a sum of several terms, for a narrow label: the
    last term outside brackets goes on a line of its own.

    >>> print(tex_lines("hn"))
    \\begin{array}{l} W_{hn} h_{t-1} \\\\ \\quad + b_{hn} \\end{array}
    >>> print(tex_lines("f"), tex_lines("r*hn"))
    f_{t} r_{t} \\odot (W_{hn} h_{t-1} + b_{hn})
    """
    line = tex(name, step)
    depth, split = 0, -1
    for k, char in enumerate(line):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if depth == 0 and line.startswith(" + ", k):
            split = k
    if split < 0:
        return line
    # An array, not \substack, which would set both lines in the small script size.
    return rf"\begin{{array}}{{l}} {line[:split]} \\ \quad + {line[split + 3:]} \end{{array}}"


@dataclass(frozen=True)
class Equation:
    """An equation and how to show it with one step's numbers: ``columns`` are Trace arrays or
    products of :mod:`rnnviz.core.terms` (``"1-z"``), left to right, ``ops`` what stands between
    two columns (``"map:TEX"``: an arrow through the function ``TEX``). Every column is a
    recorded value, so the row of columns is a true equation."""

    tex: str
    columns: tuple[str, ...]
    ops: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.ops) != len(self.columns) - 1:
            raise ValueError(f"{len(self.columns)} columns need {len(self.columns) - 1} operators, got {len(self.ops)}")


#: How the GRU's new state mixes the old one and the candidate, in two conventions. PyTorch (and
#: Cho et al. 2014, whose GRU it implements) weight the OLD state by z; colah's post, Chung et al.
#: 2014 and many course notes weight the NEW candidate by z. The same network either way (one
#: convention's z is the other's 1 - z); every rnnviz trace is computed in PyTorch's.
GRU_UPDATE: dict[str, str] = {
    "pytorch": r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}",
    "colah": r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot n_t",
}

#: The GRU's candidate in each formula variant (``rnnviz.core.trace.VARIANTS``), in three parts:
#: what both share before and after, and the old state's term, where the reset gate acts after
#: the recurrent matrix product (PyTorch, cuDNN) or before it (Cho et al. 2014).
GRU_CANDIDATE_PARTS: dict[str, tuple[str, str, str]] = {
    "pytorch": (r"n_t = \tanh(W_{in} x_t + b_{in} + ", r"r_t \odot (W_{hn} h_{t-1} + b_{hn})", ")"),
    "cho": (r"n_t = \tanh(W_{in} x_t + b_{in} + ", r"W_{hn} (r_t \odot h_{t-1}) + b_{hn}", ")"),
}
#: The GRU's candidate in each formula variant, whole.
GRU_CANDIDATE: dict[str, str] = {variant: "".join(parts) for variant, parts in GRU_CANDIDATE_PARTS.items()}


@dataclass(frozen=True)
class ArchSymbols:
    """What one architecture computes, as symbols: its states, gates and equations.

    ``gates`` are the blocks of the stacked weight matrices in PyTorch's order (``weight_ih_l0``
    is ``len(gates) * hidden_size`` rows); ``activations`` name each gate's function; the
    ``equations`` are PyTorch's documented ones, one TeX line each; ``step_formulas`` the same
    written with the concatenation ``[h_{t-1}; x_t]``, by idea, for headers; ``recurrence`` the
    whole step in one line. ``update`` is the :class:`Equation` that makes the new state.
    """

    arch: str
    name: str
    states: tuple[str, ...]  # carried to the next step, in drawing order (top first)
    gates: tuple[str, ...]
    activations: dict[str, str]
    equations: tuple[str, ...]
    step_formulas: dict[str, str]
    recurrence: str
    update: Equation

    def equations_for(self, nonlinearity: str = "tanh") -> tuple[str, ...]:
        """:attr:`equations` of a network whose plain-RNN activation is ``nonlinearity``
        (``"tanh"`` or ``"relu"``; LSTM and GRU always use tanh)."""
        return tuple(self._activated(line, nonlinearity) for line in self.equations)

    def recurrence_for(self, nonlinearity: str = "tanh") -> str:
        """:attr:`recurrence` with the plain RNN's activation ``nonlinearity``."""
        return self._activated(self.recurrence, nonlinearity)

    def update_for(self, nonlinearity: str = "tanh") -> Equation:
        """:attr:`update` with the plain RNN's activation ``nonlinearity``."""
        update = self.update
        return Equation(self._activated(update.tex, nonlinearity), update.columns,
                        tuple(self._activated(op, nonlinearity) for op in update.ops))

    def _activated(self, text: str, nonlinearity: str) -> str:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"unknown nonlinearity {nonlinearity!r}; expected 'tanh' or 'relu'")
        if self.arch != "rnn" or nonlinearity == "tanh":
            return text
        return text.replace(ACTIVATION_TEX["tanh"], ACTIVATION_TEX["relu"])

    def weight_name(self, kind: str, layer: int = 0, reverse: bool = False) -> str:
        """PyTorch's parameter name: ``kind`` is ``"ih"`` or ``"hh"`` (``weight_ih_l0``, ...)."""
        if kind not in ("ih", "hh"):
            raise ValueError(f"weights are 'ih' (input to hidden) or 'hh' (hidden to hidden), not {kind!r}")
        return f"weight_{kind}_l{layer}" + ("_reverse" if reverse else "")

    def weight_shape(self, kind: str, hidden_size: int, input_size: int) -> tuple[int, int]:
        """The shape of ``weight_ih`` or ``weight_hh``: the gates' blocks stacked in rows."""
        self.weight_name(kind)
        return (len(self.gates) * hidden_size, input_size if kind == "ih" else hidden_size)


ARCH_SYMBOLS: dict[str, ArchSymbols] = {
    "rnn": ArchSymbols(
        arch="rnn",
        name="RNN",
        states=("h",),
        gates=("h",),
        activations={"h": "tanh"},
        equations=(r"h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})",),
        step_formulas={
            "concat": r"[\,h_{t-1};\ x_t\,]",
            "layer": r"h_t = \tanh(a_t) \quad a_t = W_{ih} x_t + W_{hh} h_{t-1} + b",
        },
        recurrence=r"h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})",
        update=Equation(r"h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})", ("x", "h_prev", "pre", "h"),
                        (",", r"map:\substack{W_{ih}\\ W_{hh}}", r"map:\tanh")),
    ),
    "lstm": ArchSymbols(
        arch="lstm",
        name="LSTM",
        states=("c", "h"),
        gates=("i", "f", "g", "o"),
        activations={"i": "sigmoid", "f": "sigmoid", "g": "tanh", "o": "sigmoid"},
        equations=(
            r"i_t = \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi})",
            r"f_t = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf})",
            r"g_t = \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg})",
            r"o_t = \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho})",
            r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
            r"h_t = o_t \odot \tanh(c_t)",
        ),
        step_formulas={
            "concat": r"[\,h_{t-1};\ x_t\,]",
            "forget": r"f_t = \sigma(W_f\,[h_{t-1}; x_t] + b_f)",
            "input": r"i_t = \sigma(W_i\,[h_{t-1}; x_t] + b_i) \quad g_t = \tanh(W_g\,[h_{t-1}; x_t] + b_g)",
            "cell": r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
            "output": r"o_t = \sigma(W_o\,[h_{t-1}; x_t] + b_o) \quad h_t = o_t \odot \tanh(c_t)",
            # one layer alone, its pre-activation named (as the RNN's a_t)
            "forget_gate": r"f_t = \sigma(a^f_t) \quad a^f_t = W_f\,[h_{t-1}; x_t] + b_f",
            "input_gate": r"i_t = \sigma(a^i_t) \quad a^i_t = W_i\,[h_{t-1}; x_t] + b_i",
            "candidate": r"g_t = \tanh(a^g_t) \quad a^g_t = W_g\,[h_{t-1}; x_t] + b_g",
            "output_gate": r"o_t = \sigma(a^o_t) \quad a^o_t = W_o\,[h_{t-1}; x_t] + b_o",
            # an LSTM with proj_size: o_t * tanh(c_t) is not h_t yet, W_hr projects it
            "project": r"h_t = W_{hr}\,(o_t \odot \tanh(c_t))",
        },
        recurrence=r"c_t,\ h_t = \mathrm{LSTM}(x_t;\ c_{t-1},\ h_{t-1})",
        update=Equation(r"c_t = f_t \odot c_{t-1} + i_t \odot g_t", ("f", "c_prev", "i", "g", "c"),
                        (r"\odot", "+", r"\odot", "=")),
    ),
    "gru": ArchSymbols(
        arch="gru",
        name="GRU",
        states=("h",),
        gates=("r", "z", "n"),
        activations={"r": "sigmoid", "z": "sigmoid", "n": "tanh"},
        equations=(
            r"r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr})",
            r"z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})",
            GRU_CANDIDATE["pytorch"],
            GRU_UPDATE["pytorch"],
        ),
        step_formulas={
            "concat": r"[\,h_{t-1};\ x_t\,]",
            "reset": r"r_t = \sigma(W_r\,[h_{t-1}; x_t] + b_r)",
            "candidate": GRU_CANDIDATE["pytorch"],
            "recurrent": GRU_CANDIDATE["pytorch"],  # the same equation, its old-state term in focus
            "update": r"z_t = \sigma(W_z\,[h_{t-1}; x_t] + b_z)",
            "mix": r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot n_t",
            "candidate_gate": r"n_t = \tanh(a^n_t) \quad a^n_t = W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})",
        },
        recurrence=r"h_t = \mathrm{GRU}(x_t;\ h_{t-1})",
        update=Equation(r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot n_t", ("z", "h_prev", "1-z", "n", "h"),
                        (r"\odot", "+", r"\odot", "=")),
    ),
}


def symbols_for(arch: str) -> ArchSymbols:
    """The symbol table of ``arch`` (``"rnn"``, ``"lstm"`` or ``"gru"``)."""
    try:
        return ARCH_SYMBOLS[arch]
    except KeyError:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {', '.join(ARCH_SYMBOLS)}") from None
