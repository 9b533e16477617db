"""The flagship ``step`` scene: a sentence runs through the cell, time step by time step.

For each token: its chip enters, and the cell computes the next state from the real values of
the Trace. One step is explained gate by gate with the rest of the cell greyed out (colah's
focus panels): the diagram on the left shows where a vector flows, the panel on the right
shows the vectors themselves as columns of coloured, numbered cells. The other steps pass in
one quick sweep (``detail="all"`` explains every step). At the end the last hidden state goes
through the classifier and the intent probabilities appear, and the clip fades back into its
first frame, so that a looping GIF has no hard cut.

Which step is explained: ``explain_step`` (from 1). By default the second, after a condensed
first step, when the state starts at zero: at step 1, ``f_t * c_{t-1}`` and ``z_t * h_{t-1}``
are all zero and no gate can be seen at work.

Every number drawn is read from the Trace (``trace.get``) or from the products of the cell's
equations that :mod:`rnnviz.core.terms` computes from it; the scene does no model arithmetic.
A column is named after what it shows at that moment: in a condensed step the state columns
read ``h_{t-1}`` until their values change to ``h_t``.

Of a stacked or bidirectional network one layer and one direction are drawn (``layer``,
``direction``), and the caption at the top right says which ("LSTM · layer 2 of 2 ·
backward"); the backward direction reads the sentence from its end, its entering state is
``h_{t+1}``. The prediction is drawn only where the drawn state is what the classifier reads
(see :func:`classifier_reads`); otherwise the final frame says what it reads. An LSTM with
``proj_size`` shows ``o_t * tanh(c_t)`` and then its projection to ``h_t``.

Run it on the demo traces like any manim scene::

    manim -qm scenes/lstm.py StepScene        # LSTM
    manim -qm scenes/lstm.py GRUStepScene
    manim -qm scenes/lstm.py RNNStepScene

or on any Trace: ``StepScene(trace, theme="dark", lang="zh", explain_step=3).render()``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    LaggedStart,
    Mobject,
    ReplacementTransform,
    RoundedRectangle,
    SurroundingRectangle,
    Succession,
    VGroup,
    config,
)

from rnnviz.core.terms import step_term
from rnnviz.core.trace import Trace
from rnnviz.mobjects.animations import AddByRows, ChangeStripValues, Dissolve, GateMultiply, GrowBars, Relabel
from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.board import BoardVector, ColumnBoard, function_arrow
from rnnviz.mobjects.cells import CellDiagram, cell_for
from rnnviz.mobjects.gate import GateGlyph
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.sentence import FocusToken, SentenceRow
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.text import make_math, make_text
from rnnviz.scenes.base import TraceScene

__all__ = ["DIRECTIONS", "StepScene", "GRUStepScene", "RNNStepScene", "UndrawnPredictionWarning", "classifier_reads"]

# ---- layout (manim units; the 16:9 frame is 14.2 x 8, centred on the origin) ------------------
DIAGRAM_CENTER = np.array([-3.35, -0.35, 0.0])  # the cell diagram, left
HEADER_Y = 3.42  # the title of the idea being explained
PANEL_LEFT, PANEL_RIGHT = 0.75, 6.8  # the vectors, right
PANEL_TOP, PANEL_BOTTOM = 2.35, -3.4  # top edge of the columns' cells, lowest edge of their cells
NOTE_ROOM = 0.3  # kept under the panel for a note ("8 of 32 units", a rounded sum)
NAME_ROOM = 0.75  # height kept above the panel for the columns' names
LEFT_EDGE = -6.8  # left margin of header and diagram region
LEFT_WIDTH = 7.3  # width of the region left of the panel
PREDICT_Y = -0.55  # the middle of the final prediction view
RNN_DIAGRAM_SCALE = 1.25
GHOST_RADIUS = 0.14  # the dot that carries a vector out of a port

#: The directions of a bidirectional network, by the name ``direction`` takes.
DIRECTIONS: tuple[str, ...] = ("forward", "backward")


class UndrawnPredictionWarning(UserWarning):
    """The trace has a prediction, but its classifier reads states the scene does not draw."""


#: The output gate's product: h_t itself, or what an LSTM with proj_size projects to h_t.
PRODUCT_O = r"o_t \odot \tanh(c_t)"
#: PyTorch's GRU update, the one the numbers come from: z_t keeps the OLD state.
GRU_UPDATE = r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot n_t"
#: The GRU candidate's two parts, named in two lines at full size (a \substack would set them
#: smaller, the 1 of t-1 under 14 px at 720p).
GRU_RECURRENT_PART = r"\begin{array}{c} W_{hn}h_{t-1} \\ +\,b_{hn} \end{array}"
GRU_INPUT_PART = r"\begin{array}{c} W_{in}x_t \\ +\,b_{in} \end{array}"


def classifier_reads(trace: Trace) -> list[tuple[int, int]]:
    """The (layer, direction) whose final states the trace's classifier reads: the top layer's,
    every direction's (PyTorch's ``h_n[-directions:]``), as rnnviz's intent classifiers do."""
    return [(trace.num_layers - 1, direction) for direction in range(trace.num_directions)]


class StepScene(TraceScene):
    """The sentence through the cell, step by step; the trace's own architecture is drawn.

    Parameters beyond :class:`~rnnviz.scenes.base.TraceScene`'s: ``explain_step`` (the time step,
    from 1, explained in full; default: see the module), ``layer`` (from 1) and ``direction``
    (``"forward"`` or ``"backward"``) of a stacked or bidirectional network.

    Attributes set while constructing (for tests and for reuse): :attr:`cell` (the diagram),
    :attr:`sentence` (the chips), :attr:`caption` (the part of a larger network drawn; empty for
    one layer and direction), :attr:`board` (the columns on screen), :attr:`state` (the state
    columns, by Trace name), :attr:`step` (the time step shown), :attr:`full_steps` and
    :attr:`condensed_steps`, :attr:`bars` and :attr:`readout` (the prediction and the name of the
    state the classifier reads, when drawn) and :attr:`note` (what the final frame says instead).
    """

    default_arch = "lstm"

    def __init__(self, trace: Trace | None = None, *, explain_step: int | None = None, layer: int = 1,
                 direction: str = "forward", **kwargs: Any) -> None:
        self.options = {"explain_step": explain_step, "layer": layer, "direction": direction}
        super().__init__(trace, **kwargs)
        self.check_options(self.trace, detail=self.detail, **self.options)

    @classmethod
    def check_options(cls, trace: Trace, *, explain_step: int | None = None, layer: int = 1,
                      direction: str = "forward", detail: str = "first", **options: Any) -> None:
        """Also refuse a layer, direction or step that ``trace`` does not have."""
        super().check_options(trace, detail=detail, **options)
        if isinstance(layer, bool) or not isinstance(layer, int) or not 1 <= layer <= trace.num_layers:
            raise ValueError(f"--layer {layer!r} is not in the trace: it has {trace.num_layers} layer"
                             f"{'s' if trace.num_layers > 1 else ''} (--layer 1 to {trace.num_layers})")
        if direction not in DIRECTIONS:
            raise ValueError(f"--direction must be forward or backward; got {direction!r}")
        if direction == "backward" and trace.num_directions == 1:
            raise ValueError("--direction backward needs a bidirectional network; the trace has one direction")
        if explain_step is not None:
            if detail == "all":
                raise ValueError("--explain-step picks the one step explained in full; --detail all explains every step")
            if isinstance(explain_step, bool) or not isinstance(explain_step, int) or not 1 <= explain_step <= trace.steps:
                raise ValueError(f"--explain-step {explain_step!r} is out of range: the trace has {trace.steps} "
                                 f"time steps (1 to {trace.steps})")

    def construct(self) -> None:
        self.prepare()
        self.mark_opening()
        for t in self.order:
            if t in self.explained:
                self.explain_step(t)
            else:
                self.sweep_step(t)
        self.predict()
        self.close_loop()

    # ---- set-up -----------------------------------------------------------------------------
    def prepare(self) -> None:
        trace, theme = self.trace, self.theme
        self.arch = trace.arch
        self.timing = theme.timing
        self.layer = self.options["layer"] - 1
        self.direction = DIRECTIONS.index(self.options["direction"])
        self.backward = self.direction == 1
        self.order = list(range(trace.steps))[:: -1 if self.backward else 1]  # time steps, as processed
        self.previous = "t+1" if self.backward else "t-1"  # the index of the state that enters
        self.explained = set(self.order) if self.detail == "all" else {self.explained_step()}
        self.projected = bool(trace.proj_size)
        self.cell: CellDiagram = cell_for(self.arch, theme, nonlinearity=trace.nonlinearity, proj=self.projected,
                                          previous=self.previous)
        if self.arch == "rnn":  # one layer only: draw it larger in the same room
            self.cell.scale(RNN_DIAGRAM_SCALE)
        self.cell.move_to(DIAGRAM_CENTER)
        tokens = trace.tokens or [f"x{k + 1}" for k in range(trace.steps)]
        self.sentence = SentenceRow(tokens, theme, width=LEFT_WIDTH, lang=self.lang, backward=self.backward).unread()
        # Under the diagram, from the left margin to the panel; its note (past 12 tokens) above the bottom margin.
        self.sentence.move_to([LEFT_EDGE, -config.frame_height / 2 + theme.sizes.margin, 0.0], aligned_edge=DL)
        # Top right: the arch (and which layer and direction of a larger network), then the step.
        self.caption = self.caption_for()
        last = self.counter_for(trace.steps - 1)
        # The columns' names fit under the counter: the GRU's names of its candidate's parts take two lines.
        names = make_math(GRU_RECURRENT_PART, theme).height if self.arch == "gru" else 0.0
        self.panel_top = min(PANEL_TOP, last.get_bottom()[1] - max(NAME_ROOM, names + 2 * theme.sizes.text_buff))
        # A title stops short of the top-right block, its caption or its step counter.
        right = min(last.get_left()[0], self.caption.get_left()[0] if self.caption.submobjects else np.inf)
        self.title_width = min(LEFT_WIDTH + 0.5, right - 2 * theme.sizes.text_buff - LEFT_EDGE)
        # One cell size for every column, so units line up across a board and between boards;
        # few units grow to use the room, a truncated column keeps room for its note.
        sizes = (trace.input_size, trace.hidden_size, trace.hidden_out)
        drawn = max(min(self.units, n) + (n > self.units) for n in sizes)
        room = self.panel_top - PANEL_BOTTOM - (NOTE_ROOM if any(n > self.units for n in sizes) else 0.0)
        self.cell_size = min(theme.sizes.cell_max, room / drawn)
        self.board: ColumnBoard | None = None
        self.state: dict[str, VectorStrip] = {}
        self.step: int | None = None
        self.counter = VGroup()
        self.full_steps: list[int] = []
        self.condensed_steps: list[int] = []
        self.bars: ProbabilityBars | None = None
        self.readout: Mobject | None = None  # the name of the state the classifier reads
        self.note: Mobject | None = None  # what the final frame says when it draws no prediction
        # The first frame already shows the cell: a looping GIF never flashes an empty slide.
        self.header = self.header_for(f"{self.arch.upper()} {term('cell', self.lang)}", None)
        self.add(self.cell, self.header, self.caption, self.sentence)

    def explained_step(self) -> int:
        """The time step explained in full: ``explain_step``, or by default the first processed
        one, unless the state starts at zero there (then no gate is seen at work) and there is a next."""
        if self.options["explain_step"] is not None:
            return self.options["explain_step"] - 1
        first = self.order[0]
        return self.order[1] if self.starts_at_zero(first) and len(self.order) > 1 else first

    # ---- header: what is being explained ----------------------------------------------------
    def tex(self, formula: str) -> str:
        """``formula`` for the drawn direction: the backward direction's entering state is t+1."""
        return formula.replace("t-1", self.previous)

    def header_for(self, title: str, part: str | None, formula: str | Sequence[str] | None = None,
                   gate: tuple | None = None, note: str | None = None, tag: Mobject | None = None) -> VGroup:
        """A title with its part's colour swatch, and optionally a gate glyph (``(values, part)``),
        a tag after the title (e.g. a token chip), a formula (or several, one per line) and a note.
        Formulas are set at full size, so that their digits stay legible: long ones take two lines."""
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
        for k, lines in enumerate([formula] if isinstance(formula, str) else formula or []):
            tex = make_math(self.tex(lines), theme)
            if tex.width > LEFT_WIDTH:
                tex.scale_to_fit_width(LEFT_WIDTH)
            header.add(tex.next_to(below, DOWN, buff=(2 if k == 0 else 1) * sizes.text_buff, aligned_edge=LEFT))
            below = tex
        if note is not None:
            header.add(make_text(note, theme, size=sizes.small_font, color=theme.foreground).next_to(
                below, DOWN, buff=sizes.text_buff, aligned_edge=LEFT))
        return header

    def show_header(self, header: VGroup) -> list:
        """Animations replacing the current header by ``header``."""
        old, self.header = self.header, header
        # One after the other: two titles cross-fading in one place read as a smudge.
        return [Succession(Dissolve(old), Dissolve(header, appear=True))]

    def caption_for(self) -> VGroup:
        """The arch's name, top right, with the layer and direction drawn when the trace has
        more than one ("LSTM · layer 1 of 2 · backward"); empty when the step counter says it."""
        trace = self.trace
        parts = [self.arch.upper()]
        if trace.num_layers > 1:
            parts.append(term("stacked_layer", self.lang, n=self.layer + 1, total=trace.num_layers))
        if trace.num_directions > 1:
            parts.append(term(f"bidirectional_{DIRECTIONS[self.direction]}", self.lang))
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
        self.step = t
        counter = self.counter_for(t)
        anims = [FocusToken(self.sentence, t), Succession(Dissolve(self.counter), Dissolve(counter, appear=True))]
        self.counter = counter
        return anims

    def input_source(self) -> Mobject | np.ndarray:
        """Where x_t comes from: its token's chip, or for a higher layer the cell's input port."""
        return self.sentence.chip(self.step) if self.layer == 0 else self.cell.port("x")

    def bring_input(self, column: VGroup, strip: VectorStrip | None = None,
                    values: np.ndarray | None = None) -> tuple[Any, AnimationGroup]:
        """x_t arrives in ``column`` (the leftmost of the panel): a copy of its token's chip slides
        right under the diagram's labels to beside the column's last cell, in the gap left of the
        panel (the first animation); then the column grows up from its foot or, given ``strip``
        and ``values``, takes the new values (the second)."""
        source = self.input_source()
        cells = (column[0] if strip is None else strip).cells
        if isinstance(source, np.ndarray):
            carrier = Dot(source, radius=GHOST_RADIUS, color=self.theme.array_color("x"))
        else:
            carrier = source.copy().set_look("lit")
        beside = cells[-1].get_left() + (carrier.width / 2 + self.theme.sizes.text_buff) * LEFT
        arrive = carrier.animate.move_to(beside)
        if strip is None:
            return arrive, AnimationGroup(FadeOut(carrier, scale=0.6), GrowFromEdge(column, DOWN))
        landing = [FadeOut(carrier, scale=0.6), ChangeStripValues(strip, values)]
        if strip.frame is not None and self.layer == 0:
            landing.append(strip.frame.animate.set_stroke(color=self.theme.token_color(self.step)))
        return arrive, AnimationGroup(*landing)

    # ---- the panel --------------------------------------------------------------------------
    def vector(self, array: str, values: np.ndarray, tex: str, accent: str | None = None) -> BoardVector:
        """A column of the panel, its name in the drawn direction's indices."""
        return BoardVector(array, values, self.tex(tex), accent=accent)

    def make_board(self, vectors: Sequence[BoardVector], symbols: Sequence[str | Mobject | None]) -> ColumnBoard:
        board = ColumnBoard(vectors, symbols, self.theme, units=self.units, cell_size=self.cell_size,
                            width=PANEL_RIGHT - PANEL_LEFT, lang=self.lang)
        strips = VGroup(*board.strips)
        board.shift([(PANEL_LEFT + PANEL_RIGHT) / 2 - strips.get_center()[0], self.panel_top - board.strips[0].get_top()[1], 0.0])
        return board

    def clear_board(self) -> list:
        """Animations removing the panel's current vectors."""
        out = []
        if self.board is not None:
            out.append(Dissolve(self.board))
        self.board = None
        self.state = {}
        return out

    def settle(self, group: Mobject) -> None:
        """Hold ``group`` in the scene as one mobject once its parts have appeared one by one
        (so that fading the group later fades every part)."""
        self.remove(*group.get_family())
        self.add(group)

    def emerge(self, source: Mobject | np.ndarray, column: VGroup) -> LaggedStart:
        """A column coming out of ``source`` (a port or a diagram element): a small ghost of the
        source flies to the column's place and fades as the column unrolls downwards."""
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

    def hold(self) -> None:
        """Keep a finished result on screen long enough to read it (``timing.hold``)."""
        self.wait(self.timing.hold)

    def add_note(self, board: ColumnBoard, note: Mobject | None) -> list:
        """Animations bringing in ``note`` (e.g. a rounded sum's explanation) under ``board``."""
        if note is None:
            return []
        note.next_to(VGroup(*board.strips), DOWN, buff=self.theme.sizes.text_buff)
        if note.width > PANEL_RIGHT - PANEL_LEFT:
            note.scale_to_fit_width(PANEL_RIGHT - PANEL_LEFT)
        note.set_x(max(note.get_x(), PANEL_LEFT + note.width / 2))
        board.add(note)
        return [FadeIn(note)]

    # ---- one step in full detail --------------------------------------------------------
    def explain_step(self, t: int) -> None:
        """Every gate of step ``t`` in turn, the rest of the cell greyed out."""
        self.full_steps.append(t)
        self.concat(t)
        for phase in self.PHASES[self.arch] + (("lstm_projection",) if self.projected else ()):
            getattr(self, phase)(t)
        self.show_state(t)

    PHASES = {
        "lstm": ("lstm_forget", "lstm_input", "lstm_cell", "lstm_output"),
        "gru": ("gru_reset", "gru_candidate", "gru_keep", "gru_take", "gru_sum"),
        "rnn": ("rnn_layer",),
    }

    def get(self, name: str, t: int) -> np.ndarray:
        """Row ``t`` of the Trace array ``name``, of the drawn layer and direction."""
        return self.trace.get(name, self.layer, self.direction)[t]

    def product(self, name: str, t: int) -> np.ndarray:
        """Row ``t`` of a product of the cell's equations (:func:`rnnviz.core.terms.step_term`)."""
        return step_term(self.trace, name, self.layer, self.direction)[t]

    def concat(self, t: int) -> None:
        """x_t and h_{t-1}, as two columns, stack into one: the input of every layer."""
        theme, cell = self.theme, self.cell
        note = None
        if self.layer > 0:
            key = "input_from_layer_both" if self.trace.num_directions > 1 else "input_from_layer"
            note = term(key, self.lang, n=self.layer + 1, below=self.layer)
        header = self.header_for(term("concatenate", self.lang), None, r"[\,h_{t-1};\ x_t\,]", note=note)
        board = self.make_board([self.x_vec(t), self.vector("h_prev", self.get("h_prev", t), "h_{t-1}")], [None])
        x_col, h_col = board.columns
        self.play(
            *self.enter_token(t),
            *self.clear_board(),
            *self.show_header(header),
            cell.refocus("concat"),
            run_time=self.timing.move,
        )
        self.play(
            self.emerge(cell.port("h_prev"), h_col),
            Succession(*self.bring_input(x_col)),
            cell.flow("concat", run_time=self.timing.gate),
            run_time=self.timing.move + self.timing.fade,
        )
        # Stacking: x_t slides under h_{t-1}; the pair shrinks to fit and becomes one vector.
        stack = VGroup(h_col[0], x_col[0])
        room = (self.panel_top - PANEL_BOTTOM) / (h_col[0].height + x_col[0].height)
        scale = min(1.0, room)
        target = VGroup(h_col[0].copy(), x_col[0].copy())
        target[1].next_to(target[0], DOWN, buff=0)
        target.scale(scale).move_to([(PANEL_LEFT + PANEL_RIGHT) / 2, 0, 0]).align_to([0, self.panel_top, 0], UP)
        if self.cell_size * scale < theme.sizes.printed_cell:  # digits this small are unreadable: the colours
            for strip in target:  # carry the values
                strip.numbers.set_opacity(0.0)
        names = VGroup(h_col[1].copy(), x_col[1].copy())
        for name, part in zip(names, target):
            name.next_to(part.cells, LEFT, buff=theme.sizes.text_buff)
        bracket = SurroundingRectangle(VGroup(*(s.cells for s in target)), color=theme.foreground, buff=0.06,
                                       stroke_width=theme.sizes.stroke)
        joined_label = make_math(self.tex(r"[\,h_{t-1};\ x_t\,]"), theme).next_to(bracket, UP, buff=theme.sizes.text_buff)
        self.play(
            *(ReplacementTransform(a, b) for a, b in zip(stack, target)),
            ReplacementTransform(h_col[1], names[0]),
            ReplacementTransform(x_col[1], names[1]),
            run_time=self.timing.move,
        )
        self.play(FadeIn(joined_label), FadeIn(bracket), run_time=self.timing.fade)
        joined = VGroup(*target, names, joined_label, bracket)
        # The joined vector enters the cell along the bus.
        self.play(FadeOut(joined, target_position=cell.wires["bus"].start, scale=0.05), run_time=self.timing.fade)

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
            cell.flow(idea, run_time=self.timing.move),
            LaggedStart(self.emerge(gate_source, g_col), self.emerge(operand_source, o_col), lag_ratio=0.5),
            run_time=self.timing.move,
        )
        # The product: the operand's copy moves to the result slot and passes through the gate.
        result = o_col[0].copy()
        self.play(result.animate.move_to(p_col[0]), FadeIn(board.symbols[0]), FadeIn(board.symbols[1]),
                  run_time=self.timing.fade)
        self.play(GateMultiply(result, gate.values, product=product.values, gate_array=gate.array),
                  FadeIn(p_col[1]), run_time=self.timing.gate)
        self.remove(result)
        self.settle(board)
        self.hold()

    def column_sum(self, idea: str, header: VGroup, left: BoardVector, left_source: Mobject, right: BoardVector,
                   right_source: Mobject, total: BoardVector, then: tuple | None = None) -> None:
        """Two terms leave their nodes and add up, row by row, to ``total``; with ``then`` (a
        vector, its source and a function's LaTeX) the sum goes on through that function."""
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
        note = board.rounding_note((0, 1), 2, self.lang)
        self.add(s_col)
        self.play(
            cell.flow(idea, run_time=self.timing.gate),
            AddByRows(board, terms=(0, 1), result=2),
            FadeIn(board.symbols[1]),
            FadeIn(s_col[1]),
            *self.add_note(board, note),
            run_time=self.timing.gate,
        )
        self.settle(board)
        self.hold()
        if then is not None:
            self.activate(board, s_col, *then)

    def activate(self, board: ColumnBoard, column: VGroup, after: BoardVector, after_source: Mobject,
                 function: str) -> None:
        """The sum ``column`` of ``board`` moves to the front of a new board and goes through
        ``function`` (LaTeX) to ``after``; the rest of the old board leaves."""
        follow = self.make_board([BoardVector(column[0].array, column[0].values, column[1].tex_string), after],
                                 [function_arrow(function, self.theme)])
        a_col, b_col = follow.columns
        self.remove(board)
        self.add(*(m for m in board.submobjects if m is not column), column)
        self.play(*(Dissolve(m) for m in board.submobjects if m is not column),
                  ReplacementTransform(column, a_col), run_time=self.timing.move)
        self.board = follow
        self.play(self.cell.flow(*self.cell.focused, run_time=self.timing.move),
                  FadeIn(follow.symbols[0]), self.emerge(after_source, b_col), run_time=self.timing.move)
        self.settle(follow)
        self.hold()

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
        self.hold()

    # LSTM ---------------------------------------------------------------------------------------
    def lstm_forget(self, t: int) -> None:
        f = self.get("f", t)
        self.gate_product(
            "forget",
            self.header_for(term("forget_gate", self.lang), "forget", r"f_t = \sigma(W_f\,[h_{t-1}; x_t] + b_f)", (f, "forget")),
            self.vector("f", f, "f_t"), self.cell.layers["f"],
            self.vector("c_prev", self.get("c_prev", t), "c_{t-1}"), self.cell.port("c_prev"),
            self.vector("c", self.product("f*c_prev", t), r"f_t \odot c_{t-1}"),
        )

    def lstm_input(self, t: int) -> None:
        i, g = self.get("i", t), self.get("g", t)
        self.gate_product(
            "input",
            self.header_for(term("input_and_candidate", self.lang), "input",
                            [r"i_t = \sigma(W_i\,[h_{t-1}; x_t] + b_i)", r"g_t = \tanh(W_g\,[h_{t-1}; x_t] + b_g)"],
                            (i, "input")),
            self.vector("i", i, "i_t"), self.cell.layers["i"],
            self.vector("g", g, "g_t"), self.cell.layers["g"],
            self.vector("g", self.product("i*g", t), r"i_t \odot g_t"),
        )

    def lstm_cell(self, t: int) -> None:
        self.column_sum(
            "cell",
            self.header_for(term("cell_state", self.lang), "cell", r"c_t = f_t \odot c_{t-1} + i_t \odot g_t"),
            self.vector("c", self.product("f*c_prev", t), r"f_t \odot c_{t-1}"), self.cell.ops["mul_f"],
            self.vector("g", self.product("i*g", t), r"i_t \odot g_t"), self.cell.ops["mul_i"],
            self.vector("c", self.get("c", t), "c_t"),
        )

    def lstm_output(self, t: int) -> None:
        o = self.get("o", t)
        gate = r"o_t = \sigma(W_o\,[h_{t-1}; x_t] + b_o)"
        if self.projected:  # the product is not h_t yet: the projection comes next
            formula, product = gate, self.vector("h_full", self.get("h_full", t), PRODUCT_O)
        else:
            formula, product = [gate, rf"h_t = {PRODUCT_O}"], self.vector("h", self.get("h", t), "h_t")
        self.gate_product(
            "output",
            self.header_for(term("output_gate", self.lang), "output", formula, (o, "output")),
            self.vector("o", o, "o_t"), self.cell.layers["o"],
            self.vector("tanh_c", self.get("tanh_c", t), r"\tanh(c_t)"), self.cell.ops["tanh_c"],
            product,
        )

    def lstm_projection(self, t: int) -> None:
        """An LSTM with ``proj_size``: h_t is the learned projection of o_t * tanh(c_t)."""
        trace = self.trace
        # The matrix's shape says why h_t is shorter than c_t.
        formula = [rf"h_t = W_{{hr}}\,({PRODUCT_O})", rf"W_{{hr}} \in \mathbb{{R}}^{{{trace.proj_size} \times {trace.hidden_size}}}"]
        self.activation(
            "project",
            self.header_for(term("projection", self.lang), "hidden", formula),
            self.vector("h_full", self.get("h_full", t), PRODUCT_O), self.cell.ops["mul_o"],
            self.vector("h", self.get("h", t), "h_t"), self.cell.layers["proj"],
            "W_{hr}",
        )

    # GRU ----------------------------------------------------------------------------------------
    def gru_reset(self, t: int) -> None:
        r = self.get("r", t)
        self.gate_product(
            "reset",
            self.header_for(term("reset_gate", self.lang), "reset", r"r_t = \sigma(W_r\,[h_{t-1}; x_t] + b_r)", (r, "reset")),
            self.vector("r", r, "r_t"), self.cell.layers["r"],
            self.vector("hn", self.get("hn", t), GRU_RECURRENT_PART), self.cell.wires["to_hn"],
            self.vector("hn", self.product("r*hn", t), r"r_t \odot (\dots)"),
        )

    def gru_candidate(self, t: int) -> None:
        """The sum that goes into tanh: the input part plus the reset-scaled recurrent part; then tanh."""
        self.column_sum(
            "candidate",
            self.header_for(
                term("candidate_hidden", self.lang), "candidate",
                [r"n_t = \tanh(a_t)", r"a_t = W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})"],
            ),
            self.vector("in", self.get("in", t), GRU_INPUT_PART), self.cell.wires["to_n"],
            self.vector("hn", self.product("r*hn", t), r"r_t \odot (\dots)"), self.cell.ops["mul_r"],
            self.vector("pre_n", self.get("pre_n", t), "a_t"),
            then=(self.vector("n", self.get("n", t), "n_t"), self.cell.layers["n"], r"\tanh"),
        )

    def gru_keep(self, t: int) -> None:
        z = self.get("z", t)
        self.gate_product(
            "keep",
            self.header_for(term("update_keeps_old", self.lang), "update", r"z_t = \sigma(W_z\,[h_{t-1}; x_t] + b_z)",
                            (z, "update"), note=term("pytorch_z", self.lang)),
            self.vector("z", z, "z_t"), self.cell.layers["z"],
            self.vector("h_prev", self.get("h_prev", t), "h_{t-1}"), self.cell.port("h_prev"),
            self.vector("h", self.product("z*h_prev", t), r"z_t \odot h_{t-1}"),
        )

    def gru_take(self, t: int) -> None:
        one_minus_z = self.product("1-z", t)
        self.gate_product(
            "take",
            self.header_for(term("update_takes_new", self.lang), "update", GRU_UPDATE, (one_minus_z, "update"),
                            note=term("pytorch_z", self.lang)),
            self.vector("z", one_minus_z, "1 - z_t"), self.cell.ops["one_minus"],
            self.vector("n", self.get("n", t), "n_t"), self.cell.layers["n"],
            self.vector("n", self.product("(1-z)*n", t), r"(1{-}z_t) \odot n_t"),
        )

    def gru_sum(self, t: int) -> None:
        self.column_sum(
            "mix",
            self.header_for(term("new_hidden_state", self.lang), "hidden", GRU_UPDATE),
            self.vector("h", self.product("z*h_prev", t), r"z_t \odot h_{t-1}"), self.cell.ops["mul_z"],
            self.vector("n", self.product("(1-z)*n", t), r"(1{-}z_t) \odot n_t"), self.cell.ops["mul_n"],
            self.vector("h", self.get("h", t), "h_t"),
        )

    # RNN ----------------------------------------------------------------------------------------
    def rnn_layer(self, t: int) -> None:
        relu = self.trace.nonlinearity == "relu"
        act = r"\mathrm{ReLU}" if relu else r"\tanh"
        self.activation(
            "layer",
            self.header_for(
                term("relu_layer" if relu else "tanh_layer", self.lang), "candidate",
                [rf"h_t = {act}(a_t)", r"a_t = W_{ih} x_t + W_{hh} h_{t-1} + b"],
            ),
            self.vector("pre", self.get("pre", t), "a_t"), self.cell.wires["bus"],
            self.vector("h", self.get("h", t), "h_t"), self.cell.layers["layer"],
            act,
        )

    # ---- the carried state -------------------------------------------------------------------
    def x_vec(self, t: int) -> BoardVector:
        """Token ``t``'s embedding x_t, framed in the token's colour (a higher layer's x_t is the
        layer below's h_t, and is not framed)."""
        accent = self.theme.token_color(t) if self.layer == 0 else None
        return self.vector("x", self.get("x", t), "x_t", accent=accent)

    def state_names(self) -> list[str]:
        return ["c", "h"] if self.arch == "lstm" else ["h"]

    def state_vectors(self, t: int, previous: bool) -> list[BoardVector]:
        """x_t and the state the step leaves (or, with ``previous``, the one it receives)."""
        vectors = [self.x_vec(t)]
        for name in self.state_names():
            if previous:
                vectors.append(self.vector(name, self.get(f"{name}_prev", t), f"{name}_{{t-1}}"))
            else:
                vectors.append(self.vector(name, self.get(name, t), f"{name}_t"))
        return vectors

    def show_state(self, t: int) -> None:
        """The panel shows x_t and the state the step leaves for the next one."""
        cell = self.cell
        header = self.header_for(term("to_next_step", self.lang), "hidden")
        vectors = self.state_vectors(t, previous=False)
        board = self.make_board(vectors, [None] * (len(vectors) - 1))
        self.play(*self.clear_board(), *self.show_header(header), cell.refocus(), run_time=self.timing.move)
        sources = [self.input_source() if v.array == "x" else cell.port(v.array) for v in vectors]
        self.play(*(self.emerge(source, col) for source, col in zip(sources, board.columns)),
                  cell.pulses(*self.state_wires(), run_time=self.timing.move), run_time=self.timing.move)
        self.settle(board)
        self.board = board
        self.state = {vec.array: strip for vec, strip in zip(vectors, board.strips)}
        if self.hold_before(t) > 0:
            self.wait(self.hold_before(t))

    def state_wires(self) -> tuple[str, ...]:
        return {"lstm": ("c_out", "h_out"), "gru": ("h_out",), "rnn": ("h_out",)}[self.arch]

    def sweep_step(self, t: int) -> None:
        """A step in one quick pass: x_t arrives, the whole cell flows, the state moves on. The
        state columns read ``h_{t-1}`` (``c_{t-1}``) until their values become ``h_t``."""
        self.condensed_steps.append(t)
        cell, timing = self.cell, self.timing
        note = term("initial_state_zero", self.lang) if not self.state and self.starts_at_zero(t) else None
        header = self.header_for(term("step_t", self.lang, t=t + 1), None, tag=self.sentence.chip(t).copy().set_look("lit"),
                                 note=note)
        names = self.state_names()
        if not self.state:  # the first state on the panel: x_t and the state this step receives
            vectors = self.state_vectors(t, previous=True)
            board = self.make_board(vectors, [None] * (len(vectors) - 1))
            self.play(*self.enter_token(t), *self.clear_board(), *self.show_header(header), cell.refocus(),
                      run_time=timing.move)
            self.play(Succession(*self.bring_input(board.columns[0])),
                      *(self.emerge(cell.port(f"{n}_prev"), col) for n, col in zip(names, board.columns[1:])),
                      run_time=timing.move + timing.fade)
            self.settle(board)
            self.board = board
            self.state = {vec.array: strip for vec, strip in zip(vectors, board.strips)}
        else:
            # The step moves on: what the columns show is now the previous step's, and named so;
            # x_t arrives, then the state changes as the flow reaches it.
            relabel = [Relabel(self.label_of(n), make_math(self.tex(f"{n}_{{t-1}}"), self.theme)) for n in ["x", *names]]
            entering = self.enter_token(t)
            arrive, land = self.bring_input(self.board.columns[0], self.state["x"], self.get("x", t))
            self.play(*entering, *self.show_header(header), *relabel, arrive, run_time=timing.move)
            self.play(land, Relabel(self.label_of("x"), make_math("x_t", self.theme)), run_time=timing.fade)
        # The whole cell flows in overlapping waves; the state changes, and is renamed, as the flow reaches it.
        changes = [ChangeStripValues(self.state[n], self.get(n, t)) for n in names]
        renames = [Relabel(self.label_of(n), make_math(f"{n}_t", self.theme)) for n in names]
        sweep = timing.condensed_step + timing.fade
        self.play(LaggedStart(cell.sweep(run_time=sweep), AnimationGroup(*changes, *renames), lag_ratio=0.6),
                  run_time=sweep)
        if self.hold_before(t) > 0:
            self.wait(self.hold_before(t))

    def hold_before(self, t: int) -> float:
        """How long the state left by step ``t`` is held before what comes next: in full before an
        explained step or the end, else what the next condensed step's entry and the first part of
        its sweep (the state changes only when the flow reaches it) leave to ``timing.hold``."""
        timing = self.timing
        position = self.order.index(t)
        if position + 1 == len(self.order) or self.order[position + 1] in self.explained:
            return timing.hold
        shown_later = timing.move + timing.fade + 0.6 * (timing.condensed_step + timing.fade)
        return max(0.0, timing.hold - shown_later)

    def label_of(self, name: str) -> Mobject:
        """The name above the state column ``name`` on the panel."""
        board = self.board
        return board.labels[[strip.array for strip in board.strips].index(name)]

    def starts_at_zero(self, t: int) -> bool:
        """Whether the state entering step ``t`` is all zeros."""
        return all(not np.any(self.get(f"{n}_prev", t)) for n in self.state_names())

    # ---- the prediction ----------------------------------------------------------------------
    def reads_drawn_state(self) -> bool:
        """Whether the trace's classifier reads exactly the state this scene draws last (see
        :func:`classifier_reads`): one direction, and the top layer."""
        return classifier_reads(self.trace) == [(self.layer, self.direction)]

    def predict(self) -> None:
        """The last hidden state goes through the classifier; the intents' probabilities appear.
        When the classifier reads states the scene does not draw, the final frame says so."""
        trace = self.trace
        if trace.prediction is None:
            return
        if not self.reads_drawn_state():
            self.say_prediction_not_drawn()
            return
        theme, sizes = self.theme, self.theme.sizes
        h = self.state["h"]
        header = self.header_for(term("prediction", self.lang), "hidden")
        for column in self.board.columns:
            column.remove(h)
        self.add(h)
        keep = {h, self.caption, self.counter, self.sentence}
        others = [m for m in self.mobjects if m not in keep and m is not self.header]
        self.play(*self.show_header(header), *(Dissolve(m) for m in others), run_time=self.timing.fade)
        self.board = None
        # h_T, the classifier and the bars, left to right; the whole sentence is lit again.
        target = h.copy().move_to([LEFT_EDGE + h.width / 2 + 0.4, PREDICT_Y, 0.0])
        # The state the classifier reads (see reads_drawn_state): the drawn layer's last h.
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
        self.play(h.animate.move_to(target), FadeIn(label), FocusToken(self.sentence, None), run_time=self.timing.move)
        # The whole sentence, lit again, moves under the answer it led to.
        under_bars = (self.bars.get_center()[0] - self.sentence.frame.get_center()[0]) * RIGHT
        self.play(FadeIn(arrow), FadeIn(classifier), self.sentence.animate.shift(under_bars), run_time=self.timing.fade)
        self.play(FadeIn(arrow2), GrowBars(self.bars), run_time=self.timing.bars)
        self.settle(self.bars)

    def prediction_note(self) -> str:
        """What the final frame says when the classifier reads states it does not draw."""
        top = self.trace.num_layers
        if self.trace.num_directions > 1:
            return term("classifier_reads_both", self.lang, n=top)
        return term("classifier_reads_layer", self.lang, n=top, drawn=self.layer + 1)

    def say_prediction_not_drawn(self) -> None:
        """The final frame says which states the classifier reads, since they are not all drawn."""
        trace = self.trace
        top = trace.num_layers
        text = self.prediction_note()
        warnings.warn(
            f"the prediction is not drawn: the step scene draws layer {self.layer + 1}, "
            f"{DIRECTIONS[self.direction]}, of a {trace.num_layers}-layer "
            f"{'bidirectional ' if trace.num_directions > 1 else ''}{self.arch.upper()}, and its classifier reads "
            f"the final states of layer {top}{', both directions' if trace.num_directions > 1 else ''}",
            UndrawnPredictionWarning,
            stacklevel=2,
        )
        self.note = make_text(text, self.theme, size=self.theme.sizes.small_font, color=self.theme.foreground)
        if self.note.width > LEFT_WIDTH:
            self.note.scale_to_fit_width(LEFT_WIDTH)
        self.note.next_to(self.header, DOWN, buff=self.theme.sizes.text_buff, aligned_edge=LEFT)
        self.play(FadeIn(self.note), FocusToken(self.sentence, None), run_time=self.timing.fade)


class GRUStepScene(StepScene):
    """:class:`StepScene` on the GRU demo trace (``manim scenes/lstm.py GRUStepScene``)."""

    default_arch = "gru"


class RNNStepScene(StepScene):
    """:class:`StepScene` on the plain RNN demo trace (``manim scenes/lstm.py RNNStepScene``)."""

    default_arch = "rnn"
