"""The flagship ``step`` scene: a sentence runs through the cell, time step by time step.

For each token: its chip enters, and the cell computes the next state from the real values of
the Trace. One step is explained gate by gate with the rest of the cell greyed out (colah's
focus panels): the diagram on the left shows where a vector flows, the panel on the right
shows the vectors themselves as columns of coloured, numbered cells. That step plays the phases
``SEQUENCES[arch]["step"]`` of the phase table (:mod:`rnnviz.mobjects.phases`) with the runner
the single-gate scenes use (:class:`~rnnviz.scenes.phased.PhaseScene`), so a phase looks the same
in ``step`` and in ``forget-gate`` or ``reset-gate``. The other steps pass in one quick sweep
(``detail="all"`` explains every step). At the end the last hidden state goes through the
classifier and the intent probabilities appear, and the clip fades back into its first frame,
so that a looping GIF has no hard cut.

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
from typing import Any

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    AnimationGroup,
    Arrow,
    FadeIn,
    LaggedStart,
    Mobject,
    RoundedRectangle,
    Succession,
    VGroup,
    config,
)

from rnnviz.core.trace import Trace
from rnnviz.mobjects.animations import ChangeStripValues, Dissolve, GrowBars, Relabel
from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.board import BoardVector
from rnnviz.mobjects.cells import cell_for
from rnnviz.mobjects.header import Header
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.layout import Region
from rnnviz.mobjects.phases import Phase, sequence
from rnnviz.mobjects.sentence import FocusToken, SentenceRow
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.symbols import symbols_for, tex_lines
from rnnviz.mobjects.text import make_math, make_text
from rnnviz.scenes.phased import PhaseScene

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

#: The directions of a bidirectional network, by the name ``direction`` takes.
DIRECTIONS: tuple[str, ...] = ("forward", "backward")


class UndrawnPredictionWarning(UserWarning):
    """The trace has a prediction, but its classifier reads states the scene does not draw."""


def classifier_reads(trace: Trace) -> list[tuple[int, int]]:
    """The (layer, direction) whose final states the trace's classifier reads: the top layer's,
    every direction's (PyTorch's ``h_n[-directions:]``), as rnnviz's intent classifiers do."""
    return [(trace.num_layers - 1, direction) for direction in range(trace.num_directions)]


class StepScene(PhaseScene):
    """The sentence through the cell, step by step; the trace's own architecture is drawn.

    Parameters beyond :class:`~rnnviz.scenes.base.TraceScene`'s: ``explain_step`` (the time step,
    from 1, explained in full; default: see the module), ``layer`` (from 1) and ``direction``
    (``"forward"`` or ``"backward"``) of a stacked or bidirectional network.

    Attributes set while constructing (for tests and for reuse), beyond the runner's
    (:class:`~rnnviz.scenes.phased.PhaseScene`: :attr:`cell`, :attr:`board`, :attr:`played`, ...):
    :attr:`sequence` (the phases of an explained step), :attr:`caption` (the part of a larger
    network drawn; empty for one layer and direction), :attr:`state` (the state columns, by
    Trace name), :attr:`step` (the time step shown), :attr:`full_steps` and
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
        """The cell, the unread sentence, the panel's room and the phases; the opening frame."""
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        self.arch = trace.arch
        self.timing = theme.timing
        self.layer = self.options["layer"] - 1
        self.direction = DIRECTIONS.index(self.options["direction"])
        self.backward = self.direction == 1
        self.order = list(range(trace.steps))[:: -1 if self.backward else 1]  # time steps, as processed
        self.previous = "t+1" if self.backward else "t-1"  # the index of the state that enters
        self.states = symbols_for(self.arch).states  # carried from step to step, c before h
        self.explained = set(self.order) if self.detail == "all" else {self.explained_step()}
        self.start_phases()
        self.sequence: list[Phase] = sequence(self.arch, "step", bool(trace.proj_size), trace.nonlinearity)
        self.cell = cell_for(self.arch, theme, nonlinearity=trace.nonlinearity, proj=bool(trace.proj_size),
                             previous=self.previous)
        if self.arch == "rnn":  # one layer only: draw it larger in the same room
            self.cell.scale(RNN_DIAGRAM_SCALE)
        self.cell.move_to(DIAGRAM_CENTER)
        self.sentence = SentenceRow(self.tokens, theme, width=LEFT_WIDTH, lang=self.lang, backward=self.backward).unread()
        # Under the diagram, from the left margin to the panel; its note (past 12 tokens) above the bottom margin.
        self.sentence.move_to([LEFT_EDGE, -config.frame_height / 2 + sizes.margin, 0.0], aligned_edge=DL)
        self.chips = self.sentence.chips
        # Top right: the arch (and which layer and direction of a larger network), then the step.
        self.caption = self.caption_for()
        last = self.counter_for(trace.steps - 1)
        # The columns' names fit under the counter: some take two lines (the GRU candidate's parts).
        names = max(make_math(self.tex(o.tex), theme).height for phase in self.sequence for o in phase.shown)
        self.name_room = max(NAME_ROOM, names + 2 * sizes.text_buff)
        cells_top = min(PANEL_TOP, last.get_bottom()[1] - self.name_room)
        self.panel = Region(PANEL_LEFT, PANEL_RIGHT, PANEL_BOTTOM, cells_top + self.name_room)
        # Formulas stop short of the columns' names; a title short of the top-right block.
        self.formula_width = LEFT_WIDTH
        right = min(last.get_left()[0], self.caption.get_left()[0] if self.caption.submobjects else np.inf)
        self.title_width = min(LEFT_WIDTH + 0.5, right - 2 * sizes.text_buff - LEFT_EDGE)
        # One cell size for every column, so units line up across a board and between boards;
        # few units grow to use the room, a truncated column keeps room for its note.
        extents = (trace.input_size, trace.hidden_size, trace.hidden_out)
        drawn = max(min(self.units, n) + (n > self.units) for n in extents)
        room = cells_top - PANEL_BOTTOM - (NOTE_ROOM if any(n > self.units for n in extents) else 0.0)
        self.cell_size = min(sizes.cell_max, room / drawn)
        self.state: dict[str, VectorStrip] = {}
        self.step: int | None = None
        self.counter = VGroup()
        self.full_steps: list[int] = []
        self.condensed_steps: list[int] = []
        self.bars: ProbabilityBars | None = None
        self.readout: Mobject | None = None  # the name of the state the classifier reads
        self.note: Mobject | None = None  # what the final frame says when it draws no prediction
        # The first frame already shows the cell: a looping GIF never flashes an empty slide.
        self.header = self.make_header(f"{self.arch.upper()} {term('cell', self.lang)}")
        self.add(self.cell, self.header, self.caption, self.sentence)

    def explained_step(self) -> int:
        """The time step explained in full: ``explain_step``, or by default the first processed
        one, unless the state starts at zero there (then no gate is seen at work) and there is a next."""
        if self.options["explain_step"] is not None:
            return self.options["explain_step"] - 1
        first = self.order[0]
        return self.order[1] if self.starts_at_zero(first) and len(self.order) > 1 else first

    # ---- header: what is being explained ----------------------------------------------------
    def make_header(self, title: str, **options: Any) -> Header:
        """A :class:`~rnnviz.mobjects.header.Header` (``options`` as for it) at the top left, its
        title line stopping short of the caption and the step counter. Only the title line
        shrinks to do so: the formula and the note under it keep the size of their digits."""
        header = Header(title, self.theme, **options)
        line, height = header.line, header.line.height
        if line.width > self.title_width:
            line.scale_to_fit_width(self.title_width, about_edge=UL)
            for part in header.submobjects:
                if part is not line:
                    part.shift((height - line.height) * UP)
        return header.move_to([LEFT_EDGE, HEADER_Y + line.height / 2, 0.0], aligned_edge=UL)

    def phase_note(self, phase: Phase) -> str | None:
        """A higher layer's ``[h_{t-1}; x_t]`` says where its ``x_t`` comes from."""
        if phase.kind == "concat" and self.layer > 0:
            key = "input_from_layer_both" if self.trace.num_directions > 1 else "input_from_layer"
            return term(key, self.lang, n=self.layer + 1, below=self.layer)
        return super().phase_note(phase)

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

    # ---- one step in full detail --------------------------------------------------------
    def explain_step(self, t: int) -> None:
        """Every phase of step ``t`` in turn (:attr:`sequence`), the rest of the cell greyed out;
        its token enters as the first phase opens. The last result holds, then the state moves on."""
        self.full_steps.append(t)
        self.play_sequence(self.sequence, t, along=[*self.enter_token(t), *self.clear_board()])
        self.wait(self.timing.hold)
        self.show_state(t)

    def get(self, name: str, t: int) -> np.ndarray:
        """Row ``t`` of the Trace array ``name``, of the drawn layer and direction."""
        return self.trace.get(name, self.layer, self.direction)[t]

    def clear_board(self) -> list:
        """Animations removing the panel's current vectors."""
        out = [Dissolve(self.board)] if self.board is not None else []
        self.board, self.columns, self.state = None, {}, {}
        return out

    # ---- the carried state -------------------------------------------------------------------
    def state_vectors(self, t: int, previous: bool) -> list[BoardVector]:
        """x_t and the state the step leaves (or, with ``previous``, the one it receives), each
        named by the symbol table."""
        vectors = [BoardVector("x", self.get("x", t), self.tex(tex_lines("x")), accent=self.input_accent(t))]
        for name in self.states:
            shown = f"{name}_prev" if previous else name
            vectors.append(BoardVector(name, self.get(shown, t), self.tex(tex_lines(shown))))
        return vectors

    def show_state(self, t: int) -> None:
        """The panel shows x_t and the state the step leaves for the next one."""
        cell = self.cell
        header = self.make_header(term("to_next_step", self.lang), part="hidden")
        vectors = self.state_vectors(t, previous=False)
        board = self.make_board(vectors, [None] * (len(vectors) - 1))
        self.play(*self.clear_board(), self.swap_header(header), cell.refocus(), run_time=self.timing.move)
        sources = [self.input_source(t) if v.array == "x" else cell.port(v.array) for v in vectors]
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
        header = self.make_header(term("step_t", self.lang, t=t + 1), tag=self.sentence.chip(t).copy().set_look("lit"),
                                  note=note)
        names = self.states
        if not self.state:  # the first state on the panel: x_t and the state this step receives
            vectors = self.state_vectors(t, previous=True)
            board = self.make_board(vectors, [None] * (len(vectors) - 1))
            self.play(*self.enter_token(t), *self.clear_board(), self.swap_header(header), cell.refocus(),
                      run_time=timing.move)
            self.play(Succession(*self.bring_input(board.columns[0], t)),
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
            arrive, land = self.bring_input(self.board.columns[0], t, self.state["x"], self.get("x", t))
            self.play(*entering, self.swap_header(header), *relabel, arrive, run_time=timing.move)
            self.play(land, Relabel(self.label_of("x"), make_math(tex_lines("x"), self.theme)), run_time=timing.fade)
        # The whole cell flows in overlapping waves; the state changes, and is renamed, as the flow reaches it.
        changes = [ChangeStripValues(self.state[n], self.get(n, t)) for n in names]
        renames = [Relabel(self.label_of(n), make_math(self.tex(tex_lines(n)), self.theme)) for n in names]
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
        return all(not np.any(self.get(f"{n}_prev", t)) for n in self.states)

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
        header = self.make_header(term("prediction", self.lang), part="hidden")
        for column in self.board.columns:
            column.remove(h)
        self.add(h)
        keep = {h, self.caption, self.counter, self.sentence}
        others = [m for m in self.mobjects if m not in keep and m is not self.header]
        self.play(self.swap_header(header), *(Dissolve(m) for m in others), run_time=self.timing.fade)
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
