"""The LSTM chapter of the notes (section 6): one gate at a time, on one step of real values.

``forget-gate``, ``input-gate``, ``cell-state`` and ``output-gate`` each explain one idea of
one time step in full, playing phases of the phase table (:mod:`rnnviz.mobjects.phases`) with
the runner every cell scene shares (:class:`~rnnviz.scenes.phased.PhaseScene`). The step they
explain is ``explain_step`` (1-based, as the step counter counts); by default the step where
the forget gate drops the most of a non-zero cell state (:func:`rnnviz.analysis.focus.telling_step`),
so that forgetting is visible.

Run them on the demo trace like any manim scene::

    manim -qm scenes/lstm_chapter.py ForgetGateScene
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

import numpy as np
from manim import (
    Animation,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circumscribe,
    Create,
    Indicate,
    LaggedStart,
    RoundedRectangle,
    SurroundingRectangle,
    VGroup,
)

from rnnviz.analysis.focus import telling_step, telling_unit
from rnnviz.core.terms import step_term
from rnnviz.core.trace import Trace
from rnnviz.core.units import unit_sums
from rnnviz.mobjects.animations import Dim, Dissolve
from rnnviz.mobjects.board import BoardVector, ColumnBoard
from rnnviz.mobjects.cells import cell_for
from rnnviz.mobjects.named import NamedVector, Rename
from rnnviz.mobjects.header import ChangeStep
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.layout import Region
from rnnviz.mobjects.naming import CalloutSpec, CellLegend, callouts_for
from rnnviz.mobjects.phases import sequence
from rnnviz.mobjects.symbols import ACTIVATION_TEX, GRU_UPDATE, symbols_for, tex
from rnnviz.mobjects.text import make_math, make_text
from rnnviz.mobjects.theme import Theme
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.token import TokenChip
from rnnviz.scenes.base import TraceScene
from rnnviz.scenes.phased import PhaseScene

__all__ = [
    "CellScene",
    "ChainScene",
    "CellStateScene",
    "GatesScene",
    "EquationsScene",
    "ForgetGateScene",
    "GateScene",
    "InputGateScene",
    "OutputGateScene",
    "explained_step",
    "symbolic_lines",
    "unit_lines",
]


#: Each architecture with its article, for messages.
_A = {"rnn": "an RNN", "lstm": "an LSTM", "gru": "a GRU"}


def explained_step(trace: Trace, explain_step: int | None, gate: str | None = None) -> int:
    """The 0-based step a scene explains: ``explain_step`` (1-based) or, by default, the step
    the gate drops the most of a non-zero state (``gate``: as for
    :func:`~rnnviz.analysis.focus.telling_step`); ``ValueError`` (one line) out of range."""
    if explain_step is None:
        return telling_step(trace, gate=gate)
    if isinstance(explain_step, bool) or not isinstance(explain_step, int) or not 1 <= explain_step <= trace.steps:
        raise ValueError(
            f"cannot explain step {explain_step!r}: the sentence has {trace.steps} time steps (1..{trace.steps})"
        )
    return explain_step - 1


class GateScene(PhaseScene):
    """One idea of one step in full, from ``[h_{t-1}; x_t]`` to the gated vector, for the
    architecture :attr:`default_arch` (the LSTM here, the GRU in :mod:`rnnviz.scenes.gru`).

    Subclasses name the phase sequence they play (:attr:`scene_id`, a key of
    :data:`rnnviz.mobjects.phases.SEQUENCES`) and the gate whose dropping picks the default
    step (:attr:`telling_gate`, see :func:`explained_step`). :attr:`step` is the 0-based step
    explained; :meth:`conclude` may add a last idea after the phases.
    """

    default_arch = "lstm"
    scene_id: ClassVar[str] = ""
    telling_gate: ClassVar[str | None] = None

    def __init__(self, trace: Trace | None = None, *, explain_step: int | None = None, **kwargs: Any) -> None:
        super().__init__(trace, **kwargs)
        self.check_options(self.trace, explain_step=explain_step)
        self.step = explained_step(self.trace, explain_step, self.telling_gate)

    @classmethod
    def check_options(cls, trace: Trace, explain_step: int | None = None, **options: Any) -> None:
        """Refuse a trace or a step this scene cannot explain, in one line (``ValueError``)."""
        super().check_options(trace, **options)
        if trace.arch != cls.default_arch:
            raise ValueError(f"the {cls.scene_id} scene explains {_A[cls.default_arch]}, not {_A[trace.arch]}")
        explained_step(trace, explain_step, cls.telling_gate)

    def construct(self) -> None:
        trace = self.trace
        phases = sequence(trace.arch, self.scene_id, projected=bool(trace.proj_size))
        self.lay_out(self.step)
        # The first frame names the idea: the scene's last phase, what it all leads to.
        self.header = self.header_for(phases[-1], self.step)
        self.add(self.header)
        self.mark_opening()
        self.play_sequence(phases, self.step)
        self.conclude()
        self.close_loop()

    def conclude(self) -> None:
        """A last idea after the phases (none by default)."""


class ForgetGateScene(GateScene):
    """``[h_{t-1}; x_t]`` -> σ -> ``f_t`` in (0, 1); ``f_t ⊙ c_{t-1}``: units near 0 fade, near 1 stay."""

    scene_id = "forget-gate"


class InputGateScene(GateScene):
    """σ -> ``i_t``, tanh -> ``g_t`` in (-1, 1), and the product ``i_t ⊙ g_t``."""

    scene_id = "input-gate"


class CellStateScene(GateScene):
    """``c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t``, term by term."""

    scene_id = "cell-state"


class OutputGateScene(GateScene):
    """σ -> ``o_t``; ``tanh(c_t)``; ``h_t = o_t ⊙ tanh(c_t)`` (projected by ``W_hr`` with proj_size)."""

    scene_id = "output-gate"


# ---- equations ------------------------------------------------------------------------------------
def tex_number(value: float, wrap: bool = False) -> str:
    """A number as the equations print it: two decimals, never ``-0.00``; in brackets when
    ``wrap`` and negative (``0.80 \\cdot (-1.93)``)."""
    text = f"{float(value):.2f}"
    text = "0.00" if text == "-0.00" else text
    return f"({text})" if wrap and text.startswith("-") else text


def tex_sum(values: Sequence[float]) -> str:
    """Numbers added, each sign folded into its operator: ``0.52 + 0.10 - 0.31``."""
    out = tex_number(values[0])
    for value in values[1:]:
        text = tex_number(value)
        out += f" - {text[1:]}" if text.startswith("-") else f" + {text}"
    return out


def unit_lines(trace: Trace, step: int, unit: int, proj_unit: int = 0) -> list[str]:
    """PyTorch's equations of ``trace``'s arch with one step's real numbers substituted for one
    unit (0-based ``unit``; ``proj_unit`` of a projected LSTM's ``h_t``), one TeX line per
    equation, in the order of the arch's ``equations``. Every number is read from the Trace or
    from :mod:`rnnviz.core.units` and :mod:`rnnviz.core.terms`."""
    k = unit + 1  # the viewer counts units from 1
    sums = unit_sums(trace, step, unit)
    at = lambda name: float(trace.get(name)[step, unit])  # noqa: E731
    term_at = lambda name: float(step_term(trace, name)[step, unit])  # noqa: E731
    symbols = symbols_for(trace.arch)
    lines = []
    for gate, s in sums.items():
        activation = trace.nonlinearity if trace.arch == "rnn" else symbols.activations[gate]
        act = ACTIVATION_TEX[activation]
        parts = [s.input.value, s.input_bias] if trace.bias else [s.input.value]
        recurrent = [s.hidden.value, s.hidden_bias] if trace.bias else [s.hidden.value]
        if s.reset is None:
            inside = tex_sum(parts + recurrent)
        else:  # the GRU's candidate: the reset gate scales the recurrent part
            inside = rf"{tex_sum(parts)} + {tex_number(s.reset)} \cdot ({tex_sum(recurrent)})"
        lhs = f"{tex(gate)}[{k}]" if trace.arch != "rnn" else f"{tex('h')}[{k}]"
        lines.append(rf"{lhs} = {act}({inside}) = {act}({tex_number(s.pre)}) = {tex_number(s.value)}")
    if trace.arch == "lstm":
        f, c_prev, i, g, o, c = (at(n) for n in ("f", "c_prev", "i", "g", "o", "c"))
        lines.append(
            rf"{tex('c')}[{k}] = {tex_number(f)} \cdot {tex_number(c_prev, True)} + {tex_number(i)} \cdot "
            rf"{tex_number(g, True)} = {tex_sum([term_at('f*c_prev'), term_at('i*g')])} = {tex_number(c)}"
        )
        product = rf"{tex_number(o)} \cdot \tanh({tex_number(c)}) = {tex_number(o)} \cdot {tex_number(at('tanh_c'), True)}"
        if trace.proj_size:
            j = proj_unit + 1
            lines.append(rf"({tex('h_full')})[{k}] = {product} = {tex_number(at('h_full'))}")
            h = float(trace.get("h")[step, proj_unit])
            lines.append(rf"{tex('h')}[{j}] = W_{{hr}}[{j},:] \cdot ({tex('h_full')}) = {tex_number(h)}")
        else:
            lines.append(rf"{tex('h')}[{k}] = {product} = {tex_number(at('h'))}")
    elif trace.arch == "gru":
        z, n, h_prev = at("z"), at("n"), at("h_prev")
        lines.append(
            rf"{tex('h')}[{k}] = (1 - {tex_number(z)}) \cdot {tex_number(n, True)} + {tex_number(z)} \cdot "
            rf"{tex_number(h_prev, True)} = {tex_sum([term_at('(1-z)*n'), term_at('z*h_prev')])} = {tex_number(at('h'))}"
        )
    return lines


def symbolic_lines(trace: Trace) -> list[str]:
    """The arch's equations as PyTorch writes them, matching :func:`unit_lines` line by line: no
    biases for a module without them; a projected LSTM's last line split into ``o_t ⊙ tanh(c_t)``
    and its projection by ``W_hr``."""
    symbols = symbols_for(trace.arch)
    lines = list(symbols.equations_for(trace.nonlinearity))
    if not trace.bias:
        lines = [re.sub(r" \+ b_\{\w+\}", "", line) for line in lines]
    if trace.proj_size:
        lines[-1:] = [tex("h_full"), symbols.step_formulas["project"]]
    return lines


class EquationsScene(TraceScene):
    """The cell's equations typeset as PyTorch writes them (gate order i, f, g, o; GRU r, z, n),
    then one step's real numbers substituted for one unit, line by line, beside the step's full
    vectors with that unit framed.

    ``explain_step`` (1-based; default: where the gate drops most, as the gate scenes) and ``unit``
    (1-based; default: the unit whose state changes most at that step) choose what is written out.
    """

    default_arch = "lstm"
    header_formula = False

    def __init__(self, trace: Trace | None = None, *, explain_step: int | None = None, unit: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(trace, **kwargs)
        trace = self.trace
        self.check_options(trace, explain_step=explain_step, unit=unit)
        self.step = explained_step(trace, explain_step)
        self.unit = telling_unit(trace, self.step) if unit is None else unit - 1
        # A projected LSTM's h_t has its own units: the one changing most, or the same index if it has it.
        self.proj_unit = 0
        if trace.proj_size:
            self.proj_unit = self.unit if self.unit < trace.proj_size else telling_unit(trace, self.step, state="h")

    @classmethod
    def check_options(cls, trace: Trace, explain_step: int | None = None, unit: int | None = None,
                      **options: Any) -> None:
        """Refuse a step or unit the trace does not have, or a trace without the model's weights."""
        super().check_options(trace, **options)
        explained_step(trace, explain_step)
        size = trace.hidden_size
        if unit is not None and (isinstance(unit, bool) or not isinstance(unit, int) or not 1 <= unit <= size):
            raise ValueError(f"cannot write out unit {unit!r}: the cell has {size} units (1..{size})")
        if trace.weights is None:
            raise ValueError("the equations need the model's weights, and this trace holds none; "
                             "record it with rnnviz.record or `rnnviz trace`")

    def construct(self) -> None:
        trace, theme, sizes, timing = self.trace, self.theme, self.theme.sizes, self.theme.timing
        t, k = self.step, self.unit
        self.counter = self.make_counter(t)
        chip = TokenChip(self.tokens[t], t, theme)
        self.header = self.make_header(term("equations_title", self.lang, k=k + 1), tag=chip)
        # The equations: each typeset line with its numbers under it.
        notes = [term("substituted_note", self.lang, k=k + 1)]
        if trace.arch == "gru":  # colah's figure and many notes write the update the other way round
            notes.append(term("pytorch_z", self.lang))
        note = make_text(" · ".join(notes), theme, size=sizes.small_font, color=theme.muted_text)
        self.symbolic = [make_math(line, theme) for line in symbolic_lines(trace)]
        self.numeric = [make_math(line, theme, color=theme.foreground) for line in unit_lines(trace, t, k, self.proj_unit)]
        rows = VGroup(*(VGroup(s, n).arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff)
                        for s, n in zip(self.symbolic, self.numeric)))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=2 * sizes.text_buff)
        block = VGroup(rows, note.next_to(rows, DOWN, aligned_edge=LEFT, buff=3 * sizes.text_buff))
        # The equations take the width they are typeset at, as long as the vectors keep the width
        # their columns need to print their values (1.5 cells a column); the vectors get the rest.
        # A portrait frame stacks them instead.
        body = self.layout.below_header
        if body.width < body.height:
            words, vectors = body.split(0.45, vertical=True)
        else:
            columns = 1.5 * sizes.strip_cell * len(self.vector_names) + 2 * sizes.text_buff
            text = min(block.width + 4 * sizes.text_buff, body.width - columns)
            words, vectors = body.split(float(np.clip(text / body.width, 0.4, 0.9)))
        words.inset(sizes.text_buff, 0).fit(block, aligned_edge=LEFT)
        # The step's vectors, each framed at the unit written out.
        self.board = self.make_vectors(vectors.inset(sizes.text_buff, 0))
        strips = dict(zip(self.vector_names, self.board.strips))
        self.frames = [  # the unit written out, in each vector an equation computes
            SurroundingRectangle(strips[name].cell(self.proj_unit if name == "h" and trace.proj_size else k),
                                 color=theme.foreground, buff=0.0, stroke_width=2 * sizes.stroke)
            for name in self.computed
        ]
        self.add(self.header, self.counter, *self.symbolic)
        self.mark_opening()
        self.wait(timing.hold)  # the equations alone, typeset
        self.play(Dissolve(self.board, appear=True), Dissolve(note, appear=True), run_time=timing.move)
        self.play(*(Create(frame) for frame in self.frames), run_time=timing.fade)
        for number, frame in zip(self.numeric, self.frames):
            self.play(Dissolve(number, appear=True, shift=0.2 * DOWN),
                      Indicate(frame, color=theme.foreground, scale_factor=1.3),
                      run_time=timing.move)
            self.wait(timing.hold - timing.move)
        self.close_loop()

    @property
    def computed(self) -> list[str]:
        """What each equation computes, in order: the left-hand sides."""
        gates = list(symbols_for(self.trace.arch).gates) if self.trace.arch != "rnn" else []
        states = {"lstm": ["c", "h_full", "h"] if self.trace.proj_size else ["c", "h"], "gru": ["h"], "rnn": ["h"]}
        return gates + states[self.trace.arch]

    @property
    def vector_names(self) -> list[str]:
        """The arrays beside the equations: what they compute (and a plain RNN's h_{t-1})."""
        return (["h_prev"] if self.trace.arch == "rnn" else []) + self.computed

    def make_vectors(self, region: Region) -> ColumnBoard:
        """The step's vectors as columns in ``region``, drawn down to the unit written out."""
        trace, sizes = self.trace, self.theme.sizes
        units = max(self.units, self.unit + 1)
        vectors = [BoardVector(name, trace.get(name)[self.step], column_name(name)) for name in self.vector_names]
        room = region.height - 2.2 * make_math("h_{t-1}", self.theme).height
        drawn = min(units, trace.hidden_size) + (trace.hidden_size > units)
        cell = min(sizes.cell, room / drawn, region.width / (1.5 * len(vectors)))
        board = ColumnBoard(vectors, None, self.theme, units=units, cell_size=cell, width=region.width)
        self.widen_names(board)
        return region.fit(board, aligned_edge=UP)

    def widen_names(self, board: ColumnBoard) -> None:
        """Give a name the board shrank to its column's width (``o_t ⊙ tanh(c_t)``) the free width
        over its neighbours' short names, up to its typeset size; the outer names stay within the
        row's strips."""
        gap, labels, strips = self.theme.sizes.board_gap, board.labels, board.strips
        for k, (name, label) in enumerate(zip(self.vector_names, labels)):
            full = make_math(column_name(name), self.theme)
            if full.width <= label.width + 1e-6:
                continue
            left = labels[k - 1].get_right()[0] + gap if k else strips[0].get_left()[0]
            right = labels[k + 1].get_left()[0] - gap if k + 1 < len(labels) else strips[-1].get_right()[0]
            x = label.get_x()
            width = min(full.width, 2 * (x - left), 2 * (right - x))
            if width > label.width:
                label.become(full.scale_to_fit_width(width).move_to(label, aligned_edge=DOWN))


def column_name(name: str) -> str:
    """The TeX over a column of the Trace array ``name``: its symbol, on two lines when it is a
    product too wide for one column (a projected LSTM's ``o_t ⊙ tanh(c_t)``)."""
    symbol = tex(name)
    if r"\odot" not in symbol:
        return symbol
    return r"\begin{matrix} " + symbol.replace(r"\odot", r"\odot \\", 1) + r" \end{matrix}"


# ---- the cell and its gates, named -----------------------------------------------------------------
_LSTM_CALLOUTS = (
    CalloutSpec("c_prev", "prev_cell_state", "left", at="start"),
    CalloutSpec("h_prev", "prev_hidden_state", "left", at="start"),
    CalloutSpec("x", "input", "left", at="start"),
    CalloutSpec("mul_f", "pointwise_multiply", "up"),
    CalloutSpec("add_c", "pointwise_add", "up"),
    CalloutSpec("c_out", "new_cell_state", "right", at="end"),
    CalloutSpec("tanh_c", "pointwise_tanh", "right"),
    CalloutSpec("h_out", "new_hidden_state", "right", at="end"),
    # the outer layers' names nearest, so that the inner ones' leaders pass beside them
    CalloutSpec("f", "forget_gate", "down", row=0, at="corner", part="forget"),
    CalloutSpec("i", "input_gate", "down", row=1, at="corner", part="input"),
    CalloutSpec("g", "candidate", "down", row=1, at="corner", part="candidate"),
    CalloutSpec("o", "output_gate", "down", row=0, at="corner", part="output"),
)

#: The names the cell scene puts around each arch's diagram (a projected LSTM's also names W_hr).
CELL_CALLOUTS: dict[str, tuple[CalloutSpec, ...]] = {
    "lstm": _LSTM_CALLOUTS,
    # W_hr's box sits under the output gate's product: its name takes the nearest row on the right
    "lstm-projected": (
        *_LSTM_CALLOUTS[:-4],
        CalloutSpec("f", "forget_gate", "down", row=0, at="corner", part="forget"),
        CalloutSpec("i", "input_gate", "down", row=1, at="corner", part="input"),
        CalloutSpec("g", "candidate", "down", row=2, at="corner", part="candidate"),
        CalloutSpec("o", "output_gate", "down", row=1, at="corner", part="output"),
        CalloutSpec("proj", "projection", "down", row=0, at="corner", part="hidden", formula=r"W_{hr}"),
    ),
    "gru": (
        CalloutSpec("h_prev", "prev_hidden_state", "left", at="start"),
        CalloutSpec("x", "input", "left", at="start"),
        CalloutSpec("mul_z", "pointwise_multiply", "up"),
        CalloutSpec("one_minus", "one_minus", "up", row=1),
        CalloutSpec("add_h", "pointwise_add", "up"),
        CalloutSpec("h_out", "new_hidden_state", "right", at="end"),
        CalloutSpec("z", "update_gate", "down", row=0, at="corner", part="update"),
        CalloutSpec("r", "reset_gate", "down", row=1, at="corner", part="reset"),
        CalloutSpec("n", "candidate_hidden", "down", row=0, at="corner", part="candidate"),
        # PyTorch's reset scales this product (Cho et al.'s acts before it)
        CalloutSpec("hn", "matrix_product", "down", row=1, at="corner", formula=r"W_{hn} h_{t-1} + b_{hn}"),
    ),
    "rnn": (
        CalloutSpec("h_prev", "prev_hidden_state", "left", at="start"),
        CalloutSpec("x", "input", "left", at="start"),
        CalloutSpec("h_out", "new_hidden_state", "right", at="end"),
        CalloutSpec("layer", "tanh_layer", "down", at="corner", part="candidate"),
    ),
}


class CellScene(TraceScene):
    """The cell of the trace's arch in colah's topology, every element named in the viewer's
    language around it, and colah's legend under it; built up element by element."""

    default_arch = "lstm"
    header_formula = False

    def construct(self) -> None:
        trace, theme, sizes, timing = self.trace, self.theme, self.theme.sizes, self.theme.timing
        self.cell = cell = cell_for(trace.arch, theme, nonlinearity=trace.nonlinearity, proj=bool(trace.proj_size))
        key = "lstm-projected" if trace.proj_size else trace.arch
        specs = CELL_CALLOUTS[key]
        if trace.nonlinearity == "relu":
            specs = tuple(replace(s, title="relu_layer") if s.title == "tanh_layer" else s for s in specs)
        self.callouts = callouts_for(cell, specs, self.lang)
        self.legend = CellLegend(theme, self.lang)
        region = self.layout.below_header
        region.fit(self.legend, aligned_edge=DOWN)
        self.note = self.make_note()  # what the drawing alone cannot say, over the legend
        bottom = self.legend.get_top()[1] + 2 * sizes.text_buff
        if self.note is not None:
            self.note.move_to([region.center[0], bottom, 0], aligned_edge=DOWN)
            bottom = self.note.get_top()[1] + 2 * sizes.text_buff
            self.legend.add(self.note)  # it comes in with the legend
        drawing = VGroup(cell, *self.callouts)
        Region(region.left, region.right, bottom, region.top).fit(drawing, grow=True)
        self.header = self.make_header(term("cell_title", self.lang, arch=self.symbols.name))
        self.add(self.header)
        self.mark_opening()
        if self.still:  # the designed frame: everything named at once
            self.add(drawing, self.legend)
            self.close_loop()
            return
        # Built along the flow: the box, its wires, its layers and operations, then each name.
        self.play(Dissolve(cell.body, appear=True), run_time=timing.fade)
        self.play(LaggedStart(*(Create(wire) for wire in cell.wires.values()), lag_ratio=0.1), run_time=timing.gate)
        nodes = [*cell.layers.values(), *cell.ops.values()]
        self.play(LaggedStart(*(Dissolve(node, appear=True) for node in nodes), lag_ratio=0.15),
                  Dissolve(VGroup(*cell.labels.values()), appear=True), run_time=timing.gate)
        self.remove(*cell.get_family())
        self.add(cell)
        for spec, callout in zip(specs, self.callouts):
            self.play(Dissolve(callout.label, appear=True), Create(callout.leader),
                      Circumscribe(cell.element(spec.element), color=theme.foreground, buff=sizes.text_buff / 2),
                      run_time=timing.move)
        self.play(Dissolve(self.legend, appear=True), run_time=timing.fade)
        self.close_loop()

    def make_note(self) -> VGroup | None:
        """A GRU's update as PyTorch computes it (z weights the OLD state, unlike colah's
        figure), or a projected LSTM's sizes; ``None`` for a cell the drawing says all about."""
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        if trace.arch == "gru":
            words = make_text(term("pytorch_z", self.lang), theme, size=sizes.small_font, color=theme.muted_text)
            formula = make_math(GRU_UPDATE["pytorch"], theme, size=sizes.small_math_font)
            return VGroup(formula, words).arrange(RIGHT, buff=2 * sizes.text_buff)
        if trace.proj_size:
            text = term("projection_sizes", self.lang, hidden=trace.hidden_size, proj=trace.proj_size)
            return VGroup(make_text(text, theme, size=sizes.small_font, color=theme.muted_text))
        return None


#: The ideas the gates scene shows in turn: (the cell's idea, the part, its name, what it decides).
GATE_IDEAS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "lstm": (
        ("forget", "forget", "forget_gate", "forget_gate_decides"),
        ("input", "input", "input_gate", "input_gate_decides"),
        ("output", "output", "output_gate", "output_gate_decides"),
        ("cell", "cell", "cell_state", "cell_state_carries"),
    ),
    "gru": (
        ("reset", "reset", "reset_gate", "reset_gate_decides"),
        ("update", "update", "update_gate", "update_gate_decides"),
        ("states", "hidden", "hidden_state", "hidden_state_carries"),  # the line from h_{t-1} to h_t
    ),
}


class GatesScene(TraceScene):
    """"Three gates and one state" (GRU: two gates): each gate in turn lit in the cell, the rest
    greyed, with its name and one line of what it decides; the still shows every one named.

    :attr:`entries` are the names with their lines; :attr:`lit` records, for each gate shown,
    the cell's focus and its elements drawn in colour.
    """

    default_arch = "lstm"
    header_formula = False

    @classmethod
    def check_options(cls, trace: Trace, **options: Any) -> None:
        """A plain RNN has no gates."""
        super().check_options(trace, **options)
        if trace.arch not in GATE_IDEAS:
            raise ValueError(f"the gates scene shows an LSTM's or a GRU's gates; {_A[trace.arch]} has none")

    def construct(self) -> None:
        trace, theme, sizes, timing = self.trace, self.theme, self.theme.sizes, self.theme.timing
        self.check_options(trace, lang=self.lang, units=self.units)
        layout = self.layout
        self.cell = cell = layout.diagram.fit(cell_for(trace.arch, theme, proj=bool(trace.proj_size)), grow=True)
        panel = layout.panel if not layout.side_by_side else Region(
            layout.panel.left + 2 * sizes.margin, layout.panel.right, layout.sentence.bottom, layout.panel.top)
        self.entries = VGroup(*(self.entry(part, name, line, panel.width) for _, part, name, line in GATE_IDEAS[trace.arch]))
        self.entries.arrange(DOWN, aligned_edge=LEFT, buff=4 * sizes.text_buff)
        panel.fit(self.entries, aligned_edge=LEFT)
        self.header = self.make_header(term(f"gates_title_{trace.arch}", self.lang))
        self.add(self.header, cell)
        self.mark_opening()
        if self.still:
            self.add(self.entries)
            self.close_loop()
            return
        self.lit: list[tuple[tuple[str, ...], list[str]]] = []  # per gate: the cell's focus, the active elements
        for (idea, *_), entry in zip(GATE_IDEAS[trace.arch], self.entries):
            shown = [m for m in self.entries if m in self.mobjects]
            self.play(cell.refocus(idea), Dissolve(entry, appear=True, shift=0.2 * LEFT),
                      *(Dim(m, theme.greyed) for m in shown), run_time=timing.move)
            self.lit.append((cell.focused, sorted(name for name in cell.elements if cell.is_active(name))))
            self.play(cell.flow(idea), run_time=timing.gate)
            self.wait(timing.hold - timing.gate)
        # Everything named at once: the still's frame.
        self.play(cell.refocus(), *(Dim(m, 1.0) for m in self.entries), run_time=timing.move)
        self.close_loop()

    def entry(self, part: str, name: str, line: str, width: float) -> VGroup:
        """A swatch and the name in the part's colour, over one line of what it does (wrapped)."""
        theme, sizes = self.theme, self.theme.sizes
        side = 0.6 * sizes.chip_height
        swatch = RoundedRectangle(width=side, height=side, corner_radius=side / 5, stroke_width=0)
        title = VGroup(swatch.set_fill(theme.part(part), opacity=1.0), make_text(term(name, self.lang), theme))
        title.arrange(RIGHT, buff=sizes.text_buff)
        words = wrapped(term(line, self.lang), theme, sizes.small_font, width - side - sizes.text_buff)
        words.next_to(title, DOWN, aligned_edge=LEFT, buff=sizes.text_buff).shift((side + sizes.text_buff) * RIGHT)
        return VGroup(title, words)


def wrapped(text: str, theme: Theme, size: float, width: float) -> VGroup:
    """``text`` in lines no wider than ``width``, broken between words (or, for Chinese, between
    characters), left-aligned. The text is set once to measure it (one glyph per character)."""
    spaced = " " in text
    pieces = text.split(" ") if spaced else list(text)
    glyphs = make_text(text, theme, size=size)  # spaces have no glyph
    ends = np.cumsum([len(piece) for piece in pieces])  # each piece's last glyph + 1
    lines, first = [], 0  # pieces [first, k) make the line being filled
    for k in range(1, len(pieces) + 1):
        start = int(ends[first - 1]) if first else 0
        if k > first + 1 and glyphs[int(ends[k - 1]) - 1].get_right()[0] - glyphs[start].get_left()[0] > width:
            lines.append(pieces[first:k - 1])
            first = k - 1
    lines.append(pieces[first:])
    joiner = " " if spaced else ""
    return VGroup(*(make_text(joiner.join(line), theme, size=size) for line in lines)).arrange(
        DOWN, aligned_edge=LEFT, buff=theme.sizes.text_buff / 2)


# ---- the chain of cells --------------------------------------------------------------------------
class ChainScene(TraceScene):
    """Consecutive steps as cells in a row, the carried state running across their tops like a
    conveyor belt (an LSTM's cell state; a GRU's or an RNN's hidden state); each cell with its
    token under it and its step's states beside it.

    As many cells as the frame holds legibly are drawn, for the last steps of the sentence (the
    belt brings in what the earlier ones left). The strips over the cells are too small to print
    their values, so under the row :attr:`readout` prints the states of the step in focus (the
    last one in the still). The animation runs the cells through: each in turn, the belt
    carrying the state on to the next, the readout following.
    """

    default_arch = "lstm"
    header_formula = False

    def construct(self) -> None:
        trace, theme, sizes, timing = self.trace, self.theme, self.theme.sizes, self.theme.timing
        region = self.layout.below_header
        sample = cell_for(trace.arch, theme, nonlinearity=trace.nonlinearity, proj=bool(trace.proj_size))
        # As many cells as the frame's width holds legibly, two at least for a belt between them: the
        # last steps, the belt bringing in what the earlier ones left.
        count = min(trace.steps, max(2, int(region.width // (sizes.chain_diagram * sample.width))))
        self.steps = list(range(trace.steps - count, trace.steps))
        belt = self.symbols.states[0]  # c for an LSTM, else h: the state on the top line
        # The cells touch end to end, so one cell's outgoing wires are the next one's incoming.
        # the wires' names are too small to read here; the strips carry them
        self.cells = VGroup(*(cell_for(trace.arch, theme, nonlinearity=trace.nonlinearity,
                                       proj=bool(trace.proj_size)).drop_labels() for _ in self.steps))
        self.cells.arrange(RIGHT, buff=0)
        self.cells.scale_to_fit_width(region.width)
        # Each step's states over its cell, the belt's state nearest; their values printed where legible.
        strip_width = 0.8 * self.cells[0].body.width
        units = min(self.units, trace.hidden_size)
        self.strips = {state: VGroup() for state in self.symbols.states}
        self.names = {state: VGroup() for state in self.symbols.states}
        for t, cell in zip(self.steps, self.cells):
            below = cell.body
            for state in self.symbols.states:
                values = trace.get(state)[t]
                strip = VectorStrip(values, array=state, theme=theme, units=units, lang=self.lang,
                                    cell_size=strip_width / (min(units, values.size) + (values.size > units)))
                strip.next_to(below, UP, buff=sizes.text_buff)
                name = make_math(tex(state, step=t + 1), theme).next_to(strip, LEFT, buff=sizes.text_buff)
                self.strips[state].add(strip)
                self.names[state].add(name)
                below = strip
        self.chips = VGroup(*(TokenChip(self.tokens[t], t, theme).next_to(cell, DOWN, buff=sizes.text_buff)
                              for t, cell in zip(self.steps, self.cells)))
        # the top line of every cell, end to end and drawn thick: the conveyor belt
        self.belt = VGroup(*(wire for cell in self.cells for name, wire in cell.wires.items()
                             if wire.carries in (belt, f"{belt}_prev") and name != "c_branch"))
        for wire in self.belt:
            wire.path.set_stroke(width=2 * sizes.wire_stroke)
        # The step in focus with its values printed, under the row, which takes the height left: the
        # last step in the still, the first one drawn as the animation starts.
        first = self.steps[-1] if self.still else self.steps[0]
        cell_size = min(sizes.strip_cell, 0.6 * region.width / (units + (trace.hidden_size > units)))
        self.readout = VGroup(*(NamedVector(trace.get(state)[first], state, tex(state, step=first + 1), theme, units=units,
                                            cell_size=cell_size, side="left") for state in self.symbols.states))
        self.readout.arrange(DOWN, buff=sizes.text_buff, aligned_edge=RIGHT)
        self.readout.move_to(region.edge(DOWN), aligned_edge=DOWN)
        drawing = VGroup(self.cells, *self.strips.values(), *self.names.values(), self.chips)
        Region(region.left, region.right, self.readout.get_top()[1] + 2 * sizes.text_buff, region.top).fit(drawing)
        title = "chain_title_lstm" if trace.arch == "lstm" else "chain_title"
        self.counter = self.make_counter(self.steps[-1])
        self.header = self.make_header(term(title, self.lang))
        self.add(self.header, self.cells, self.chips)
        if self.still:
            self.add(*self.strips.values(), *self.names.values(), self.readout)
            self.counter.set_step(self.steps[-1])
            self.add(self.counter)
            self.close_loop()
            return
        self.counter.set_step(self.steps[0])
        for chip in self.chips:
            chip.set_look("dim")
        self.add(self.counter)
        self.mark_opening()
        for k, (t, cell, chip) in enumerate(zip(self.steps, self.cells, self.chips)):
            step_in = [chip.animate.set_look("lit")] + ([ChangeStep(self.counter, t)] if k else [])
            # the belt brings the state in as the token arrives; the cell works on both
            self.play(*step_in, cell.pulses(*self.incoming(), run_time=timing.pulse), run_time=timing.pulse)
            self.play(cell.sweep(run_time=timing.condensed_step), run_time=timing.condensed_step)
            shown = [group[k] for state in self.symbols.states for group in (self.strips[state], self.names[state])]
            read = self.read(t) if k else [Dissolve(self.readout, appear=True)]
            self.play(*(Dissolve(m, appear=True) for m in shown), *read, run_time=timing.fade)
        self.close_loop()

    def read(self, t: int) -> list[Animation]:
        """The readout turning to step ``t``'s states: values and names."""
        return [animation for vector, state in zip(self.readout, self.symbols.states)
                for animation in (vector.strip.animate_to(self.trace.get(state)[t]), Rename(vector, tex(state, step=t + 1)))]

    def incoming(self) -> tuple[str, ...]:
        """The wires that bring a cell the states of the step before."""
        return tuple(name for name in ("c_prev", "h_prev") if name in self.cells[0].wires)
