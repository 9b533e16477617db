"""The flagship ``step`` scene: a sentence runs through the cell, time step by time step.

For each token: its chip enters, and the cell computes the next state from the real values of
the Trace. The first step is explained gate by gate with the rest of the cell greyed out
(colah's focus panels): the diagram on the left shows where a vector flows, the panel on the
right shows the vectors themselves as columns of coloured, numbered cells. Later steps pass in
one quick sweep (``detail="all"`` explains every step). At the end the last hidden state goes
through the classifier and the intent probabilities appear.

Every number drawn is read from the Trace; the only arithmetic is the display of elementwise
products and sums of Trace arrays (``f * c_prev``, ``1 - z``), which the animation shows being
taken.

Of a stacked or bidirectional network, the first layer's forward direction is drawn, and the
caption at the top right says so ("LSTM · layer 1 of 2 · forward"); the prediction is shown
only where the classifier reads the drawn state, a one-layer one-direction network's last h.
An LSTM with ``proj_size`` shows ``o_t * tanh(c_t)`` and then its projection to ``h_t``.

Run it on the demo traces like any manim scene::

    manim -qm scenes/lstm.py StepScene        # LSTM
    manim -qm scenes/lstm.py GRUStepScene
    manim -qm scenes/lstm.py RNNStepScene

or on any Trace: ``StepScene(trace, theme="dark", lang="zh").render()``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowFromEdge,
    LaggedStart,
    Mobject,
    ReplacementTransform,
    RoundedRectangle,
    SurroundingRectangle,
    Succession,
    Transform,
    VGroup,
)

from rnnviz.mobjects.animations import ChangeStripValues, GateMultiply, GrowBars
from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.board import BoardVector, ColumnBoard, function_arrow
from rnnviz.mobjects.cells import CellDiagram, cell_for
from rnnviz.mobjects.gate import GateGlyph
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.text import make_math, make_text
from rnnviz.mobjects.token import TokenChip
from rnnviz.scenes.base import TraceScene

__all__ = ["StepScene", "GRUStepScene", "RNNStepScene", "UndrawnPredictionWarning"]

# ---- layout (manim units; the 16:9 frame is 14.2 x 8, centred on the origin) ------------------
DIAGRAM_CENTER = np.array([-3.35, -0.45, 0.0])  # the cell diagram, left
TOKENS_Y = -3.42  # the sentence's chips, under the diagram
HEADER_Y = 3.42  # the title of the idea being explained
PANEL_LEFT, PANEL_RIGHT = 0.75, 6.8  # the vectors, right
PANEL_TOP, PANEL_BOTTOM = 2.35, -3.7  # top edge of the columns' cells, lowest edge allowed
NAME_ROOM = 0.75  # height kept above the panel for the columns' names
LEFT_EDGE = -6.8  # left margin of header and diagram region
LEFT_WIDTH = 7.3  # width of the region left of the panel
PREDICT_Y = -0.55  # the middle of the final prediction view
RNN_DIAGRAM_SCALE = 1.25
GHOST_RADIUS = 0.14  # the dot that carries a vector out of a port
DIMMED = 0.45  # opacity of the chips of tokens already read

class UndrawnPredictionWarning(UserWarning):
    """The trace has a prediction, but its classifier reads states the scene does not draw."""


#: The output gate's product: h_t itself, or what an LSTM with proj_size projects to h_t.
PRODUCT_O = r"o_t \odot \tanh(c_t)"
#: PyTorch's GRU update, the one the numbers come from: z_t keeps the OLD state.
GRU_UPDATE = r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot n_t"


class StepScene(TraceScene):
    """The sentence through the cell, step by step; the trace's own architecture is drawn.

    Attributes set while constructing (for tests and for reuse): :attr:`cell` (the diagram),
    :attr:`chips`, :attr:`caption` (the part of a larger network drawn; empty for one layer and
    direction), :attr:`state` (the columns of the last state drawn, by Trace name),
    :attr:`full_steps` and :attr:`condensed_steps` (the time steps shown each way), and
    :attr:`bars` and :attr:`readout` (the prediction and the name of the state the classifier
    reads, when it is drawn).
    """

    default_arch = "lstm"

    def construct(self) -> None:
        self.prepare()
        for t in range(self.trace.steps):
            if t == 0 or self.detail == "all":
                self.explain_step(t)
            else:
                self.sweep_step(t)
        self.predict()
        self.wait(self.theme.timing.hold_end)

    # ---- set-up -----------------------------------------------------------------------------
    def prepare(self) -> None:
        trace, theme = self.trace, self.theme
        self.arch = trace.arch
        self.timing = theme.timing
        self.projected = bool(trace.proj_size)
        self.cell: CellDiagram = cell_for(self.arch, theme, nonlinearity=trace.nonlinearity, proj=self.projected)
        if self.arch == "rnn":  # one layer only: draw it larger in the same room
            self.cell.scale(RNN_DIAGRAM_SCALE)
        self.cell.move_to(DIAGRAM_CENTER)
        tokens = trace.tokens or [f"x{k + 1}" for k in range(trace.steps)]
        self.chips = VGroup(*(TokenChip(tok, k, theme) for k, tok in enumerate(tokens)))
        self.chips.arrange(RIGHT, buff=theme.sizes.text_buff)
        if self.chips.width > LEFT_WIDTH:
            self.chips.scale_to_fit_width(LEFT_WIDTH)
        self.chips.move_to([DIAGRAM_CENTER[0], TOKENS_Y, 0.0])
        # Top right: the arch (and which layer and direction of a larger network), then the step.
        self.caption = self.caption_for()
        last = self.counter_for(trace.steps - 1)
        self.panel_top = min(PANEL_TOP, last.get_bottom()[1] - NAME_ROOM)
        # A title stops short of the top-right block, its caption or its step counter.
        right = min(last.get_left()[0], self.caption.get_left()[0] if self.caption.submobjects else np.inf)
        self.title_width = min(LEFT_WIDTH + 0.5, right - 2 * theme.sizes.text_buff - LEFT_EDGE)
        # One cell size for every column, so units line up across a board and between boards.
        drawn = max(
            min(self.units, n) + (n > self.units) for n in (trace.input_size, trace.hidden_size, trace.hidden_out)
        )
        self.cell_size = min(theme.sizes.cell, (self.panel_top - PANEL_BOTTOM) / drawn)
        self.board: ColumnBoard | None = None
        self.state: dict[str, VectorStrip] = {}
        self.header = VGroup()
        self.counter = VGroup()
        self.full_steps: list[int] = []
        self.condensed_steps: list[int] = []
        self.bars: ProbabilityBars | None = None
        self.readout: Mobject | None = None  # the name of the state the classifier reads
        # The first frame already shows the cell: a looping GIF never flashes an empty slide.
        self.header = self.header_for(f"{self.arch.upper()} {term('cell', self.lang)}", None)
        self.add(self.cell, self.header, self.caption)

    # ---- header: what is being explained ----------------------------------------------------
    def header_for(self, title: str, part: str | None, formula: str | None = None, gate: tuple | None = None,
                   note: str | None = None, tag: Mobject | None = None) -> VGroup:
        """A title with its part's colour swatch, and optionally a gate glyph (``(values, part)``),
        a tag after the title (e.g. a token chip), a formula and a note."""
        theme, sizes = self.theme, self.theme.sizes
        text = make_text(title, theme, size=sizes.title_font)
        parts: list[Mobject] = []
        if part is not None:
            swatch = RoundedRectangle(width=0.3, height=0.3, corner_radius=0.06, stroke_width=0)
            swatch.set_fill(theme.part(part), opacity=1.0)
            parts.append(swatch)
        parts.append(text)
        if tag is not None:
            parts.append(tag)
        line = VGroup(*parts).arrange(RIGHT, buff=sizes.text_buff)
        if gate is not None:
            values, gate_part = gate
            glyph = GateGlyph(values, part=gate_part, theme=theme)
            line.add(glyph.next_to(text, RIGHT, buff=2 * sizes.text_buff))
        if line.width > self.title_width:
            line.scale_to_fit_width(self.title_width)
        line.move_to([LEFT_EDGE, HEADER_Y, 0.0], aligned_edge=LEFT)
        header = VGroup(line)
        below = line
        if formula is not None:
            tex = make_math(formula, theme)
            if tex.width > LEFT_WIDTH:
                tex.scale_to_fit_width(LEFT_WIDTH)
            header.add(tex.next_to(line, DOWN, buff=2 * sizes.text_buff, aligned_edge=LEFT))
            below = tex
        if note is not None:
            header.add(make_text(note, theme, size=sizes.small_font, color=theme.foreground).next_to(
                below, DOWN, buff=sizes.text_buff, aligned_edge=LEFT))
        return header

    def show_header(self, header: VGroup) -> list:
        """Animations replacing the current header by ``header``."""
        old, self.header = self.header, header
        # One after the other: two titles cross-fading in one place read as a smudge.
        return [Succession(FadeOut(old), FadeIn(header))]

    def caption_for(self) -> VGroup:
        """The arch's name, top right, with the layer and direction drawn when the trace has
        more than one ("LSTM · layer 1 of 2 · forward"); empty when the step counter says it."""
        trace = self.trace
        parts = [self.arch.upper()]
        if trace.num_layers > 1:
            parts.append(term("stacked_layer", self.lang, n=1, total=trace.num_layers))
        if trace.num_directions > 1:
            parts.append(term("bidirectional_forward", self.lang))
        if len(parts) == 1:
            return VGroup()
        label = make_text(" · ".join(parts), self.theme, size=self.theme.sizes.label_font)
        return VGroup(label.move_to([PANEL_RIGHT, HEADER_Y, 0.0], aligned_edge=RIGHT))

    def counter_for(self, t: int) -> Mobject:
        """The step counter, top right: "LSTM · time step 2 / 4", or under the caption."""
        theme = self.theme
        text = f"{term('time_step', self.lang)} {t + 1} / {self.trace.steps}"
        if not self.caption.submobjects:
            text = f"{self.arch.upper()} · {text}"
        label = make_text(text, theme, size=theme.sizes.label_font)
        if self.caption.submobjects:
            return label.next_to(self.caption, DOWN, buff=theme.sizes.text_buff, aligned_edge=RIGHT)
        return label.move_to([PANEL_RIGHT, HEADER_Y, 0.0], aligned_edge=RIGHT)

    # ---- tokens -----------------------------------------------------------------------------
    def enter_token(self, t: int) -> list:
        """Animations: token ``t``'s chip enters the sentence, the step counter moves on."""
        anims = [FadeIn(self.chips[t], shift=0.3 * UP)]
        if t > 0:
            anims.append(self.chips[t - 1].animate.set_opacity(DIMMED))
        counter = self.counter_for(t)
        anims.append(Succession(FadeOut(self.counter), FadeIn(counter)))
        self.counter = counter
        return anims

    # ---- the panel --------------------------------------------------------------------------
    def make_board(self, vectors: Sequence[BoardVector], symbols: Sequence[str | Mobject | None]) -> ColumnBoard:
        board = ColumnBoard(vectors, symbols, self.theme, units=self.units, cell_size=self.cell_size,
                            width=PANEL_RIGHT - PANEL_LEFT)
        strips = VGroup(*board.strips)
        board.shift([(PANEL_LEFT + PANEL_RIGHT) / 2 - strips.get_center()[0], self.panel_top - strips.get_top()[1], 0.0])
        return board

    def clear_board(self) -> list:
        """Animations removing the panel's current vectors."""
        out = []
        if self.board is not None:
            out.append(FadeOut(self.board))
        self.board = None
        self.state = {}
        return out

    def settle(self, group: Mobject) -> None:
        """Hold ``group`` in the scene as one mobject once its parts have appeared one by one
        (so that fading the group later fades every part)."""
        self.remove(*group.get_family())
        self.add(group)

    def discard(self, group: Mobject) -> None:
        """Take ``group`` and every part of it off the scene."""
        self.remove(*group.get_family())

    def emerge(self, source: Mobject | np.ndarray, column: VGroup) -> LaggedStart:
        """A column coming out of ``source`` (a port, a diagram element or a chip): a small ghost
        of the source flies to the column's place and fades as the column unrolls downwards."""
        if isinstance(source, np.ndarray):
            strip = column[0]
            ghost = Dot(source, radius=GHOST_RADIUS, color=self.theme.array_color(strip.array))
        else:
            ghost = source.copy()
        return LaggedStart(
            FadeOut(ghost, target_position=column.get_top(), scale=0.6),
            GrowFromEdge(column, UP),
            lag_ratio=0.35,
        )

    # ---- one step in full detail --------------------------------------------------------
    def explain_step(self, t: int) -> None:
        """Every gate of step ``t`` in turn, the rest of the cell greyed out."""
        self.full_steps.append(t)
        self.concat(t)
        for phase in self.PHASES[self.arch] + (("lstm_projection",) if self.projected else ()):
            getattr(self, phase)(t)
        self.show_state(t, explained=True)

    PHASES = {
        "lstm": ("lstm_forget", "lstm_input", "lstm_cell", "lstm_output"),
        "gru": ("gru_reset", "gru_candidate", "gru_keep", "gru_take", "gru_sum"),
        "rnn": ("rnn_layer",),
    }

    def get(self, name: str, t: int) -> np.ndarray:
        """Row ``t`` of the Trace array ``name`` (layer 0, forward direction)."""
        return self.trace.get(name)[t]

    def concat(self, t: int) -> None:
        """h_{t-1} and x_t, as two columns, stack into one: the input of every layer."""
        theme, cell = self.theme, self.cell
        header = self.header_for(term("concatenate", self.lang), None, r"[\,h_{t-1};\ x_t\,]")
        board = self.make_board([BoardVector("h_prev", self.get("h_prev", t), "h_{t-1}"), self.x_vec(t)], [None])
        h_col, x_col = board.columns
        self.play(
            *self.enter_token(t),
            *self.clear_board(),
            *self.show_header(header),
            cell.refocus("concat"),
            run_time=self.timing.move,
        )
        self.play(
            self.emerge(cell.port("h_prev"), h_col),
            self.emerge(self.chips[t], x_col),
            cell.flow("concat", run_time=self.timing.gate),
            run_time=self.timing.gate,
        )
        # Stacking: x_t slides under h_{t-1}; the pair shrinks to fit and becomes one vector.
        stack = VGroup(h_col[0], x_col[0])
        room = (self.panel_top - PANEL_BOTTOM) / (h_col[0].height + x_col[0].height)
        scale = min(1.0, room)
        target = VGroup(h_col[0].copy(), x_col[0].copy())
        target[1].next_to(target[0], DOWN, buff=0)
        target.scale(scale).move_to([(PANEL_LEFT + PANEL_RIGHT) / 2, 0, 0]).align_to([0, self.panel_top, 0], UP)
        if scale < 0.8:  # numbers this small are unreadable; the colours carry the values
            for strip in target:
                strip.numbers.set_opacity(0.0)
        names = VGroup(h_col[1].copy(), x_col[1].copy())
        for name, part in zip(names, target):
            name.next_to(part, LEFT, buff=theme.sizes.text_buff)
        bracket = SurroundingRectangle(target, color=theme.foreground, buff=0.06, stroke_width=theme.sizes.stroke)
        joined_label = make_math(r"[\,h_{t-1};\ x_t\,]", theme).next_to(bracket, UP, buff=theme.sizes.text_buff)
        self.play(
            *(ReplacementTransform(a, b) for a, b in zip(stack, target)),
            ReplacementTransform(h_col[1], names[0]),
            ReplacementTransform(x_col[1], names[1]),
            run_time=self.timing.move,
        )
        self.play(FadeIn(joined_label), FadeIn(bracket), run_time=self.timing.fade)
        self.wait(self.timing.pause)
        joined = VGroup(*target, names, joined_label, bracket)
        # The joined vector enters the cell along the bus.
        self.play(
            joined.animate.scale(0.05).move_to(cell.wires["bus"].start),
            run_time=self.timing.move,
        )
        self.discard(joined)

    def open_phase(self, header: VGroup, idea: str, board: ColumnBoard) -> None:
        """Clear the panel, show the new title, focus the cell on ``idea``; ``board`` comes next."""
        self.play(*self.clear_board(), *self.show_header(header), self.cell.refocus(idea), run_time=self.timing.move)
        self.board = board

    def gate_product(
        self,
        idea: str,
        header: VGroup,
        gate: BoardVector,
        gate_source: Mobject,
        operand: BoardVector,
        operand_source: Mobject | np.ndarray,
        product: BoardVector,
    ) -> None:
        """A gate's vector comes out of its layer, the operand arrives, their product is taken."""
        cell = self.cell
        board = self.make_board([gate, operand, product], ["⊙", "="])
        g_col, o_col, p_col = board.columns
        self.open_phase(header, idea, board)
        self.play(
            cell.flow(idea, run_time=self.timing.gate),
            LaggedStart(self.emerge(gate_source, g_col), self.emerge(operand_source, o_col), lag_ratio=0.5),
            run_time=self.timing.gate,
        )
        # The product: the operand's copy moves to the result slot and passes through the gate.
        result = o_col[0].copy()
        self.play(result.animate.move_to(p_col[0]), FadeIn(board.symbols[0]), FadeIn(board.symbols[1]),
                  run_time=self.timing.move)
        self.play(GateMultiply(result, gate.values, product=product.values, gate_array=gate.array),
                  FadeIn(p_col[1]), run_time=self.timing.gate)
        self.remove(result)
        self.settle(board)
        self.wait(self.timing.pause)

    def state_sum(self, idea: str, header: VGroup, left: BoardVector, left_source: Mobject, right: BoardVector,
                  right_source: Mobject, total: BoardVector) -> None:
        """Two products leave their nodes and add up to the new state."""
        cell = self.cell
        board = self.make_board([left, right, total], ["+", "="])
        a_col, b_col, s_col = board.columns
        self.open_phase(header, idea, board)
        self.play(
            self.emerge(left_source, a_col),
            self.emerge(right_source, b_col),
            FadeIn(board.symbols[0]),
            run_time=self.timing.move,
        )
        # Both terms slide onto the result's place and melt into the sum.
        self.play(
            cell.flow(idea, run_time=self.timing.gate),
            FadeTransform(VGroup(a_col[0].copy(), b_col[0].copy()), s_col[0]),
            FadeIn(board.symbols[1]),
            FadeIn(s_col[1]),
            run_time=self.timing.gate,
        )
        self.settle(board)
        self.wait(self.timing.pause)

    def activation(self, idea: str, header: VGroup, before: BoardVector, before_source: Mobject, after: BoardVector,
                   after_source: Mobject, function: str) -> None:
        """A vector goes through a layer: ``before`` -> ``function`` (LaTeX, e.g. ``\\tanh``) -> ``after``."""
        cell = self.cell
        board = self.make_board([before, after], [function_arrow(function, self.theme)])
        a_col, b_col = board.columns
        self.open_phase(header, idea, board)
        self.play(self.emerge(before_source, a_col), run_time=self.timing.move)
        self.play(
            cell.flow(idea, run_time=self.timing.gate),
            FadeIn(board.symbols[0]),
            self.emerge(after_source, b_col),
            run_time=self.timing.gate,
        )
        self.settle(board)
        self.wait(self.timing.pause)

    # LSTM ---------------------------------------------------------------------------------------
    def lstm_forget(self, t: int) -> None:
        f = self.get("f", t)
        self.gate_product(
            "forget",
            self.header_for(term("forget_gate", self.lang), "forget", r"f_t = \sigma(W_f\,[h_{t-1}; x_t] + b_f)", (f, "forget")),
            BoardVector("f", f, "f_t"), self.cell.layers["f"],
            BoardVector("c_prev", self.get("c_prev", t), "c_{t-1}"), self.cell.port("c_prev"),
            BoardVector("c", f * self.get("c_prev", t), r"f_t \odot c_{t-1}"),
        )

    def lstm_input(self, t: int) -> None:
        i, g = self.get("i", t), self.get("g", t)
        self.gate_product(
            "input",
            self.header_for(term("input_and_candidate", self.lang), "input",
                            r"i_t = \sigma(W_i\,[h_{t-1}; x_t] + b_i) \quad g_t = \tanh(W_g\,[h_{t-1}; x_t] + b_g)",
                            (i, "input")),
            BoardVector("i", i, "i_t"), self.cell.layers["i"],
            BoardVector("g", g, "g_t"), self.cell.layers["g"],
            BoardVector("g", i * g, r"i_t \odot g_t"),
        )

    def lstm_cell(self, t: int) -> None:
        f, c_prev, i, g = (self.get(n, t) for n in ("f", "c_prev", "i", "g"))
        self.state_sum(
            "cell",
            self.header_for(term("cell_state", self.lang), "cell", r"c_t = f_t \odot c_{t-1} + i_t \odot g_t"),
            BoardVector("c", f * c_prev, r"f_t \odot c_{t-1}"), self.cell.ops["mul_f"],
            BoardVector("g", i * g, r"i_t \odot g_t"), self.cell.ops["mul_i"],
            BoardVector("c", self.get("c", t), "c_t"),
        )

    def lstm_output(self, t: int) -> None:
        o = self.get("o", t)
        gate = r"o_t = \sigma(W_o\,[h_{t-1}; x_t] + b_o)"
        if self.projected:  # the product is not h_t yet: the projection comes next
            formula, product = gate, BoardVector("h_full", self.get("h_full", t), PRODUCT_O)
        else:
            formula, product = rf"{gate} \quad h_t = {PRODUCT_O}", BoardVector("h", self.get("h", t), "h_t")
        self.gate_product(
            "output",
            self.header_for(term("output_gate", self.lang), "output", formula, (o, "output")),
            BoardVector("o", o, "o_t"), self.cell.layers["o"],
            BoardVector("tanh_c", self.get("tanh_c", t), r"\tanh(c_t)"), self.cell.ops["tanh_c"],
            product,
        )

    def lstm_projection(self, t: int) -> None:
        """An LSTM with ``proj_size``: h_t is the learned projection of o_t * tanh(c_t)."""
        trace = self.trace
        # The matrix's shape says why h_t is shorter than c_t.
        formula = rf"h_t = W_{{hr}}\,({PRODUCT_O}) \quad W_{{hr}} \in \mathbb{{R}}^{{{trace.proj_size} \times {trace.hidden_size}}}"
        self.activation(
            "project",
            self.header_for(term("projection", self.lang), "hidden", formula),
            BoardVector("h_full", self.get("h_full", t), PRODUCT_O), self.cell.ops["mul_o"],
            BoardVector("h", self.get("h", t), "h_t"), self.cell.layers["proj"],
            "W_{hr}",
        )

    # GRU ----------------------------------------------------------------------------------------
    def gru_reset(self, t: int) -> None:
        r, hn = self.get("r", t), self.get("hn", t)
        self.gate_product(
            "reset",
            self.header_for(term("reset_gate", self.lang), "reset", r"r_t = \sigma(W_r\,[h_{t-1}; x_t] + b_r)", (r, "reset")),
            BoardVector("r", r, "r_t"), self.cell.layers["r"],
            BoardVector("hn", hn, r"\substack{W_{hn}h_{t-1}\\ +\,b_{hn}}"), self.cell.wires["to_hn"],
            BoardVector("hn", r * hn, r"r_t \odot (\dots)"),
        )

    def gru_candidate(self, t: int) -> None:
        r, hn, n = self.get("r", t), self.get("hn", t), self.get("n", t)
        self.activation(
            "candidate",
            self.header_for(
                term("candidate_hidden", self.lang), "candidate",
                r"n_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))",
            ),
            BoardVector("hn", r * hn, r"r_t \odot (\dots)"), self.cell.ops["mul_r"],
            BoardVector("n", n, "n_t"), self.cell.layers["n"],
            r"\tanh",
        )

    def gru_keep(self, t: int) -> None:
        z = self.get("z", t)
        self.gate_product(
            "keep",
            self.header_for(term("update_keeps_old", self.lang), "update", r"z_t = \sigma(W_z\,[h_{t-1}; x_t] + b_z)",
                            (z, "update"), note=term("pytorch_z", self.lang)),
            BoardVector("z", z, "z_t"), self.cell.layers["z"],
            BoardVector("h_prev", self.get("h_prev", t), "h_{t-1}"), self.cell.port("h_prev"),
            BoardVector("h", z * self.get("h_prev", t), r"z_t \odot h_{t-1}"),
        )

    def gru_take(self, t: int) -> None:
        z = self.get("z", t)
        self.gate_product(
            "take",
            self.header_for(term("update_takes_new", self.lang), "update", GRU_UPDATE, (1.0 - z, "update"),
                            note=term("pytorch_z", self.lang)),
            BoardVector("z", 1.0 - z, "1 - z_t"), self.cell.ops["one_minus"],
            BoardVector("n", self.get("n", t), "n_t"), self.cell.layers["n"],
            BoardVector("n", (1.0 - z) * self.get("n", t), r"(1{-}z_t) \odot n_t"),
        )

    def gru_sum(self, t: int) -> None:
        z, h_prev, n = self.get("z", t), self.get("h_prev", t), self.get("n", t)
        self.state_sum(
            "mix",
            self.header_for(term("new_hidden_state", self.lang), "hidden", GRU_UPDATE),
            BoardVector("h", z * h_prev, r"z_t \odot h_{t-1}"), self.cell.ops["mul_z"],
            BoardVector("n", (1.0 - z) * n, r"(1{-}z_t) \odot n_t"), self.cell.ops["mul_n"],
            BoardVector("h", self.get("h", t), "h_t"),
        )

    # RNN ----------------------------------------------------------------------------------------
    def rnn_layer(self, t: int) -> None:
        relu = self.trace.nonlinearity == "relu"
        act = r"\mathrm{ReLU}" if relu else r"\tanh"
        self.activation(
            "layer",
            self.header_for(
                term("relu_layer" if relu else "tanh_layer", self.lang), "candidate",
                rf"h_t = {act}(a_t) \quad a_t = W_{{ih}} x_t + W_{{hh}} h_{{t-1}} + b",
            ),
            BoardVector("pre", self.get("pre", t), "a_t"), self.cell.wires["bus"],
            BoardVector("h", self.get("h", t), "h_t"), self.cell.layers["layer"],
            act,
        )

    # ---- the carried state -------------------------------------------------------------------
    def x_vec(self, t: int) -> BoardVector:
        """Token ``t``'s embedding x_t, framed in the token's colour."""
        return BoardVector("x", self.get("x", t), "x_t", accent=self.theme.token_color(t))

    def state_vectors(self, t: int) -> list[BoardVector]:
        vectors = [self.x_vec(t)]
        if self.arch == "lstm":
            vectors.append(BoardVector("c", self.get("c", t), "c_t"))
        vectors.append(BoardVector("h", self.get("h", t), "h_t"))
        return vectors

    def show_state(self, t: int, explained: bool) -> None:
        """The panel shows x_t and the state the step leaves for the next one."""
        cell = self.cell
        header = self.header_for(term("to_next_step", self.lang), "hidden")
        vectors = self.state_vectors(t)
        board = self.make_board(vectors, [None] * (len(vectors) - 1))
        self.play(*self.clear_board(), *self.show_header(header), cell.refocus(), run_time=self.timing.move)
        anims = [
            self.emerge(self.chips[t] if v.array == "x" else cell.port(v.array), col)
            for v, col in zip(vectors, board.columns)
        ]
        self.play(*anims, cell.pulses(*self.state_wires(), run_time=self.timing.move), run_time=self.timing.move)
        self.settle(board)
        self.board = board
        self.state = {vec.array: strip for vec, strip in zip(vectors, board.strips)}

    def state_wires(self) -> tuple[str, ...]:
        return {"lstm": ("c_out", "h_out"), "gru": ("h_out",), "rnn": ("h_out",)}[self.arch]

    def sweep_step(self, t: int) -> None:
        """A later step in one quick pass: the input changes, the whole cell flows, the state moves on."""
        self.condensed_steps.append(t)
        cell, timing = self.cell, self.timing
        header = self.header_for(term("step_t", self.lang, t=t + 1), None, tag=self.chips[t].copy())
        x = self.state["x"]
        self.play(
            *self.enter_token(t),
            *self.show_header(header),
            LaggedStart(
                FadeOut(self.chips[t].copy(), target_position=x),
                AnimationGroup(ChangeStripValues(x, self.get("x", t)),
                               x.frame.animate.set_stroke(color=self.theme.token_color(t))),
                lag_ratio=0.5,
            ),
            run_time=timing.move,
        )
        # The whole cell flows in overlapping waves; the state changes as the flow reaches it.
        changes = [ChangeStripValues(self.state[name], self.get(name, t)) for name in self.state if name != "x"]
        sweep = timing.condensed_step + timing.fade
        self.play(LaggedStart(cell.sweep(run_time=sweep), AnimationGroup(*changes), lag_ratio=0.6), run_time=sweep)

    # ---- the prediction ----------------------------------------------------------------------
    def reads_drawn_state(self) -> bool:
        """Whether the trace's classifier reads the state this scene draws.

        The demo and ``rnnviz train`` classifiers read the last ``h`` of a one-layer,
        one-direction network, which is the one drawn. Of a stacked or bidirectional network
        only layer 0's forward direction is drawn, and which of its states a classifier reads
        (the top layer's, both directions' ...) is not recorded in the trace.
        """
        return self.trace.num_layers == 1 and self.trace.num_directions == 1

    def predict(self) -> None:
        """The last hidden state goes through the classifier; the intents' probabilities appear."""
        trace = self.trace
        if trace.prediction is None:
            return
        if not self.reads_drawn_state():
            warnings.warn(
                f"the prediction is not drawn: the step scene draws layer 1, forward, of a {trace.num_layers}-layer "
                f"{'bidirectional ' if trace.num_directions > 1 else ''}{self.arch.upper()}, and the trace does not "
                "say which states its classifier reads",
                UndrawnPredictionWarning,
                stacklevel=2,
            )
            return
        theme, sizes = self.theme, self.theme.sizes
        h = self.state["h"]
        header = self.header_for(term("prediction", self.lang), "hidden")
        for column in self.board.columns:
            column.remove(h)
        self.add(h)
        keep = {h, self.caption, self.counter, *self.chips}
        others = [m for m in self.mobjects if m not in keep and m is not self.header]
        self.play(*self.show_header(header), *(FadeOut(m) for m in others), run_time=self.timing.fade)
        self.board = None
        # h_T, the classifier and the bars, left to right; the whole sentence is lit again.
        target = h.copy().move_to([LEFT_EDGE + h.width / 2 + 0.4, PREDICT_Y, 0.0])
        # The only state the classifier can read here: the one layer's last h (see reads_drawn_state).
        label = make_math("h_T", theme).next_to(target, UP, buff=sizes.text_buff)
        self.readout = label
        box_text = make_text(term("classifier", self.lang), theme)
        box = RoundedRectangle(width=box_text.width + 0.6, height=0.9, corner_radius=0.15,
                               stroke_color=theme.foreground, stroke_width=sizes.stroke, fill_color=theme.panel,
                               fill_opacity=1.0)
        classifier = VGroup(box, box_text.move_to(box)).next_to(target, RIGHT, buff=0.9)
        arrow = Arrow(target.get_right(), classifier.get_left(), buff=0.1, color=theme.foreground,
                      stroke_width=sizes.wire_stroke)
        self.bars = ProbabilityBars.from_trace(self.trace, theme=theme, lang=self.lang)
        self.bars.next_to(classifier, RIGHT, buff=1.2)
        arrow2 = Arrow(classifier.get_right(), self.bars.get_left(), buff=0.15, color=theme.foreground,
                       stroke_width=sizes.wire_stroke)
        row = VGroup(target, label, classifier, arrow, self.bars, arrow2)
        shift = -row.get_center()[0] * RIGHT
        for part in row:
            part.shift(shift)
        # The whole sentence, lit again, moves under the answer it led to.
        self.settle(self.chips)
        sentence = self.chips.copy().set_opacity(1.0)
        sentence.move_to([self.bars.get_center()[0], TOKENS_Y, 0.0])
        self.play(h.animate.move_to(target), FadeIn(label), Transform(self.chips, sentence), run_time=self.timing.move)
        self.play(FadeIn(arrow), FadeIn(classifier), run_time=self.timing.fade)
        self.play(FadeIn(arrow2), GrowBars(self.bars), run_time=self.timing.bars)
        self.settle(self.bars)


class GRUStepScene(StepScene):
    """:class:`StepScene` on the GRU demo trace (``manim scenes/lstm.py GRUStepScene``)."""

    default_arch = "gru"


class RNNStepScene(StepScene):
    """:class:`StepScene` on the plain RNN demo trace (``manim scenes/lstm.py RNNStepScene``)."""

    default_arch = "rnn"
