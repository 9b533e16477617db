"""The runner of the phase table: a cell diagram beside a panel of real vectors, phase by phase.

A :class:`PhaseScene` plays phases of :mod:`rnnviz.mobjects.phases` over its Trace. For each
phase the header names the idea and its formula, the cell diagram greys out everything but the
idea's elements (colah's focus panels), and the panel shows the vectors as columns that read as
an equation, each coming out of the part of the cell that makes it. A vector the next phase
uses again (``i_t ⊙ g_t`` in the cell-state sum) moves over to its new place instead of
vanishing, and a result the next phase does not use stays on screen for the theme's ``hold``.

The single-gate scenes (:mod:`rnnviz.scenes.lstm_chapter`, :mod:`rnnviz.scenes.gru`) and the
``step`` scene (:mod:`rnnviz.scenes.lstm`, which plays ``SEQUENCES[arch]["step"]`` for every step
it explains in full) play sequences of the same phases with this runner, so every scene shows a
phase the same way and a fix to one is a fix to all. A scene lays out the frame (:meth:`PhaseScene.lay_out`
for a one-step scene; ``step`` has its own) by setting the runner's :attr:`~PhaseScene.panel`,
:attr:`~PhaseScene.name_room`, :attr:`~PhaseScene.cell_size` and :attr:`~PhaseScene.formula_width`.

.. code-block:: python

    from rnnviz.mobjects.phases import sequence
    from rnnviz.scenes.phased import PhaseScene

    class ForgetOnly(PhaseScene):
        def construct(self):
            self.lay_out(step=2)
            self.play_sequence(sequence("lstm", "forget-gate"), step=2)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Animation,
    AnimationGroup,
    Dot,
    FadeOut,
    GrowFromEdge,
    LaggedStart,
    Mobject,
    ReplacementTransform,
    Succession,
    SurroundingRectangle,
    VGroup,
)

from rnnviz.mobjects.animations import AddByRows, ChangeStripValues, Dissolve, GateMultiply
from rnnviz.mobjects.board import BoardVector, ColumnBoard, function_arrow
from rnnviz.mobjects.cells import CellDiagram, cell_for
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.layout import Region
from rnnviz.mobjects.phases import Operand, Phase, phases_for
from rnnviz.mobjects.sentence import SentenceRow
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.text import make_math
from rnnviz.scenes.base import TraceScene

__all__ = ["PhaseScene"]

#: The symbol between two columns of each kind of phase (a map's is its function's arrow).
_SYMBOLS = {"product": ("⊙", "="), "sum": ("+", "=")}


def _header_key(phase: Phase) -> tuple:
    return phase.title, phase.part, phase.formula, phase.glyph, phase.note


class PhaseScene(TraceScene):
    """The runner of the phase table: a cell diagram, the panel of vectors, the sentence.

    A scene using it first lays out the frame, setting :attr:`cell`, :attr:`sentence` (its
    :attr:`chips`), :attr:`phases` (every phase of the trace's arch by name), :attr:`panel`
    (the region of the columns, their names in its top :attr:`name_room`), :attr:`cell_size`
    (one for every column of every phase, so units line up from one board to the next) and
    :attr:`formula_width` (the widest a header's formula is set on one line):
    :meth:`lay_out` does it for a scene on one step. While playing, :attr:`board` is the panel on
    screen, :attr:`columns` its columns by operand name and :attr:`played` each phase played,
    with its step and its board (also for tests).
    """

    #: The layer and direction whose values are drawn (0-based).
    layer: int = 0
    direction: int = 0
    #: The index of the state that enters a step: ``t-1``, or ``t+1`` for a backward direction.
    previous: str = "t-1"

    def lay_out(self, step: int) -> None:
        """The frame of a scene on one step (0-based): the diagram left, the panel right, the
        sentence read up to ``step`` under the diagram, the counter at ``step``; on screen."""
        trace, theme, layout = self.trace, self.theme, self.layout
        diagram, panel, sentence = layout.diagram, layout.panel, layout.sentence
        if layout.side_by_side:  # the panel reaches down beside the sentence, which stays under the diagram
            panel = Region(panel.left, panel.right, sentence.bottom, panel.top)
            sentence = Region(sentence.left, diagram.right, sentence.bottom, sentence.top)
        self.panel = panel
        self.formula_width = layout.header.width
        self.start_phases()
        self.cell: CellDiagram = diagram.fit(
            cell_for(trace.arch, theme, nonlinearity=trace.nonlinearity, proj=bool(trace.proj_size)), grow=True
        )
        # The sentence read up to this step: its token lit, the ones before dimmed.
        self.sentence = SentenceRow(self.tokens, theme, width=sentence.width, lang=self.lang).focus(step)
        self.sentence.move_to(sentence.center)
        self.chips = self.sentence.chips
        self.counter = self.make_counter(step)
        drawn = max(min(self.units, n) + (n > self.units) for n in (trace.input_size, trace.hidden_size, trace.hidden_out))
        self.name_room = 2.2 * make_math("h_{t-1}", theme).height + theme.sizes.text_buff
        self.cell_size = min(theme.sizes.cell, (panel.height - self.name_room) / drawn)
        self.add(self.cell, self.sentence, self.counter)

    def start_phases(self) -> None:
        """The phase table of the trace's arch, and an empty panel."""
        trace = self.trace
        self.phases: dict[str, Phase] = phases_for(trace.arch, bool(trace.proj_size), trace.nonlinearity)
        self.board: ColumnBoard | None = None
        self.columns: dict[str, VGroup] = {}  # the board's columns by operand name
        self.played: list[tuple[Phase, int, ColumnBoard]] = []

    # ---- names ----------------------------------------------------------------------------------
    def tex(self, formula: str) -> str:
        """``formula`` in the drawn direction: the backward direction's entering state is ``t+1``."""
        return formula.replace("t-1", self.previous)

    def header_formula(self, formula: str) -> str:
        """``formula`` for a header: in the drawn direction, its parts (joined by ``\\quad``) on
        lines of their own when one line is wider than :attr:`formula_width`, so that its digits
        keep their size."""
        formula = self.tex(formula)
        parts = formula.split(r" \quad ")
        if len(parts) > 1 and make_math(formula, self.theme).width > self.formula_width:
            return r"\begin{array}{l} " + r" \\ ".join(parts) + r" \end{array}"
        return formula

    # ---- the panel ------------------------------------------------------------------------------
    def values(self, operand: Operand, step: int) -> np.ndarray:
        """The operand's values at ``step`` in the drawn layer and direction."""
        return operand.values(self.trace, step, self.layer, self.direction)

    def input_accent(self, step: int) -> str | None:
        """The frame colour of ``x_t``: its token's; none for a higher layer, whose ``x_t`` is the
        layer below's ``h_t``."""
        return self.theme.token_color(step) if self.layer == 0 else None

    def vector(self, operand: Operand, step: int) -> BoardVector:
        """One column: the operand's values at ``step`` under its symbol (an embedding framed in
        its token's colour)."""
        accent = self.input_accent(step) if operand.name == "x" else None
        return BoardVector(operand.drawn_as, self.values(operand, step), self.tex(operand.tex), accent=accent)

    def make_board(self, vectors: Sequence[BoardVector], symbols: Sequence[str | Mobject | None]) -> ColumnBoard:
        """Columns centred in the panel, their cells' tops under the room for their names."""
        panel = self.panel
        board = ColumnBoard(vectors, symbols, self.theme, units=self.units, cell_size=self.cell_size,
                            width=panel.width, lang=self.lang)
        strips = VGroup(*board.strips)
        board.shift([panel.center[0] - strips.get_center()[0], panel.top - self.name_room - strips.get_top()[1], 0.0])
        return board

    def add_note(self, board: ColumnBoard, note: Mobject | None) -> list:
        """Animations bringing ``note`` (e.g. a rounded sum's explanation) in under ``board``'s
        cells, inside the panel; it leaves with the board."""
        if note is None:
            return []
        panel = self.panel
        note.next_to(VGroup(*board.strips), DOWN, buff=self.theme.sizes.text_buff)
        if note.width > panel.width:
            note.scale_to_fit_width(panel.width)
        note.set_x(min(max(note.get_x(), panel.left + note.width / 2), panel.right - note.width / 2))
        board.add(note)
        return [Dissolve(note, appear=True)]

    def input_source(self, step: int) -> Mobject | np.ndarray:
        """Where ``x_t`` comes from: its token's chip, or for a higher layer the cell's input port."""
        return self.sentence.chip(step) if self.layer == 0 else self.cell.port("x")

    def source(self, operand: Operand, step: int) -> Mobject | np.ndarray:
        """Where ``operand`` comes out of: a cell element, a port, or the token's chip for ``x_t``."""
        if operand.name == "x":
            return self.input_source(step)
        kind, _, name = operand.source.rpartition(":")
        return self.cell.port(name) if kind == "port" else self.cell.element(name)

    def emerge(self, source: Mobject | np.ndarray, column: VGroup) -> LaggedStart:
        """A column coming out of ``source``: a small ghost of it flies to the column's place and
        fades as the column unrolls downwards."""
        if isinstance(source, np.ndarray):
            ghost = Dot(source, radius=self.theme.sizes.op_radius / 1.5, color=self.theme.array_color(column[0].array))
        else:
            ghost = source.copy()
        return LaggedStart(FadeOut(ghost, target_position=column.get_top(), scale=0.6), GrowFromEdge(column, UP),
                           lag_ratio=0.35)

    def bring_input(self, column: VGroup, step: int, strip: VectorStrip | None = None,
                    values: np.ndarray | None = None) -> tuple[Animation, Animation]:
        """``x_t`` arrives in ``column`` (the panel's leftmost): a copy of its token's chip slides
        under the diagram's labels to beside the column's last cell, in the gap left of the panel
        (the first animation, long enough to follow); then the column grows up from its foot or,
        given ``strip`` (a column already on screen) and ``values``, takes the new values (the second)."""
        source = self.input_source(step)
        cells = (column[0] if strip is None else strip).cells
        if isinstance(source, np.ndarray):
            carrier = Dot(source, radius=self.theme.sizes.op_radius / 1.5, color=self.theme.array_color("x"))
        else:
            carrier = source.copy().set_look("lit")
        beside = cells[-1].get_left() + (carrier.width / 2 + self.theme.sizes.text_buff) * LEFT
        arrive = carrier.animate.move_to(beside)
        if strip is None:
            return arrive, AnimationGroup(FadeOut(carrier, scale=0.6), GrowFromEdge(column, DOWN))
        landing = [FadeOut(carrier, scale=0.6), ChangeStripValues(strip, values)]
        accent = self.input_accent(step)
        if strip.frame is not None and accent is not None:
            landing.append(strip.frame.animate.set_stroke(color=accent))
        return arrive, AnimationGroup(*landing)

    def bring(self, operands: Sequence[Operand], step: int, placed: set[str]) -> list:
        """Animations bringing each operand's column in from its source, unless it is already placed."""
        return [Succession(*self.bring_input(self.columns["x"], step)) if o.name == "x"
                else self.emerge(self.source(o, step), self.columns[o.name])
                for o in operands if o.name not in placed]

    def settle(self, group: Mobject) -> None:
        """Hold ``group`` as one mobject once its parts have appeared one by one (so that fading
        the group later fades every part)."""
        self.remove(*group.get_family())
        self.add(group)

    # ---- phases ---------------------------------------------------------------------------------
    def phase_note(self, phase: Phase) -> str | None:
        """The line of small text under the header's formula, if the phase has one."""
        if phase.note is None:
            return None
        return term(phase.note, self.lang, hidden=self.trace.hidden_size, proj=self.trace.proj_size)

    def header_for(self, phase: Phase, step: int) -> Mobject:
        """The phase's title, swatch, formula, gate glyph and note."""
        gate = None
        if phase.glyph is not None:
            glyph = next(o for o in phase.shown if o.name == phase.glyph)
            gate = (self.values(glyph, step), phase.part)
        return self.make_header(term(phase.title, self.lang), part=phase.part,
                                formula=self.header_formula(phase.formula_tex(self.trace.arch)),
                                note=self.phase_note(phase), gate=gate)

    def play_sequence(self, phases: Sequence[Phase], step: int, along: Sequence[Animation] = ()) -> None:
        """Play ``phases`` in order at ``step`` (0-based); ``along`` joins the first one's opening
        (e.g. the step's token entering)."""
        for k, phase in enumerate(phases):
            self.play_phase(phase, step, following=phases[k + 1] if k + 1 < len(phases) else None,
                            along=along if k == 0 else ())

    def play_phase(self, phase: Phase, step: int, following: Phase | None = None,
                   along: Sequence[Animation] = ()) -> None:
        """Play one phase at ``step``. Its result then stays for the theme's ``hold`` if the
        phase ``following`` replaces it, a moment if ``following`` takes it on, and not at all
        when nothing follows (the scene decides what its last result leads to)."""
        getattr(self, f"play_{phase.kind}")(phase, step, along)
        self.after_phase(phase, step)
        if following is None or phase.kind == "concat":  # [h_{t-1}; x_t] has just entered the cell
            return
        timing = self.theme.timing
        self.wait(timing.pause if phase.result in following.operands else timing.hold)

    def after_phase(self, phase: Phase, step: int) -> None:
        """What a scene adds once ``phase``'s result is on screen, before it holds (nothing here)."""

    def open_phase(self, phase: Phase, step: int, board: ColumnBoard, bring: bool = False,
                   along: Sequence[Animation] = ()) -> set[str]:
        """Swap the header, focus the cell on the idea and clear the panel, moving each column the
        new board shows again to its new place; with ``bring``, the other operands come in at the
        same time; ``along`` plays too. Returns the names of the operands already in place."""
        carried = {}
        for operand, column in zip(phase.shown, board.columns):
            if operand in phase.operands and operand.name in self.columns:
                carried[operand.name] = (self.columns.pop(operand.name), column)
        # Everything else of the old board leaves: its columns, symbols and notes (removing only
        # some parts of a group on screen would leave the others behind as loose mobjects).
        moving = [old for old, _ in carried.values()]
        leaving = [Dissolve(m) for m in (self.board.submobjects if self.board is not None else [])
                   if all(m is not old for old in moving)]
        moves = [ReplacementTransform(old, new) for old, new in carried.values()]
        # A phase that goes on with the same idea (a gate, then its product) keeps its header.
        same = self.played and _header_key(self.played[-1][0]) == _header_key(phase)
        header = [] if same else [self.swap_header(self.header_for(phase, step))]
        old_board, self.board = self.board, board
        self.columns = {o.name: column for o, column in zip(phase.shown, board.columns)}
        arriving = self.bring(phase.operands, step, set(carried)) if bring else []
        self.play(*along, *leaving, *moves, *arriving, *header, self.cell.refocus(phase.idea),
                  run_time=self.theme.timing.move)
        if old_board is not None:
            self.remove(old_board)
        self.played.append((phase, step, board))
        return set(carried) | ({o.name for o in phase.operands} if bring else set())

    def play_concat(self, phase: Phase, step: int, along: Sequence[Animation] = ()) -> None:
        """``x_t`` and ``h_{t-1}`` come in as two columns and stack into ``[h_{t-1}; x_t]``, which
        enters the cell along its bus."""
        theme, timing, cell = self.theme, self.theme.timing, self.cell
        board = self.make_board([self.vector(o, step) for o in phase.operands], [None])
        placed = self.open_phase(phase, step, board, along=along)
        self.play(*self.bring(phase.operands, step, placed), cell.flow(phase.idea, run_time=timing.gate),
                  run_time=timing.move + timing.fade)
        h_col, x_col = self.columns["h_prev"], self.columns["x"]
        # x_t slides under h_{t-1}; the pair shrinks to fit and becomes one vector.
        target = VGroup(h_col[0].copy(), x_col[0].copy())
        target[1].next_to(target[0], DOWN, buff=0)
        top = self.panel.top - self.name_room
        scale = min(1.0, (top - self.panel.bottom) / target.height)
        target.scale(scale).move_to(self.panel.center).align_to([0, top, 0], UP)
        if self.cell_size * scale < theme.sizes.printed_cell:  # digits this small are unreadable: the
            for strip in target:  # colours carry the values
                strip.numbers.set_opacity(0.0)
        names = VGroup(h_col[1].copy(), x_col[1].copy())
        for name, part in zip(names, target):
            name.next_to(part.cells, LEFT, buff=theme.sizes.text_buff)
        bracket = SurroundingRectangle(VGroup(*(strip.cells for strip in target)), color=theme.foreground, buff=0.06,
                                       stroke_width=theme.sizes.stroke)
        joined_label = make_math(self.tex(phase.formula_tex(self.trace.arch)), theme)
        joined_label.next_to(bracket, UP, buff=theme.sizes.text_buff)
        self.play(*(ReplacementTransform(a, b) for a, b in zip((h_col[0], x_col[0]), target)),
                  ReplacementTransform(h_col[1], names[0]), ReplacementTransform(x_col[1], names[1]),
                  run_time=timing.move)
        self.play(Dissolve(joined_label, appear=True), Dissolve(bracket, appear=True), run_time=timing.fade)
        self.wait(timing.pause)
        # The joined vector enters the cell along the bus (fading as it goes: its digits never shrink on screen).
        joined = VGroup(*target, names, joined_label, bracket)
        self.play(FadeOut(joined, target_position=cell.wires["bus"].start, scale=0.05), run_time=timing.fade)
        self.remove(*joined.get_family(), board)
        self.board, self.columns = None, {}

    def play_map(self, phase: Phase, step: int, along: Sequence[Animation] = ()) -> None:
        """A vector goes through a layer or function: ``before`` -> ``function`` -> ``after``."""
        timing = self.theme.timing
        after = phase.result
        board = self.make_board([self.vector(o, step) for o in phase.shown], [function_arrow(phase.function, self.theme)])
        self.open_phase(phase, step, board, bring=True, along=along)
        self.play(self.cell.flow(phase.idea, run_time=timing.gate), Dissolve(board.symbols[0], appear=True),
                  self.emerge(self.source(after, step), self.columns[after.name]), run_time=timing.gate)
        self.settle(board)

    def play_product(self, phase: Phase, step: int, along: Sequence[Animation] = ()) -> None:
        """A gate's vector and what it gates arrive; their product is taken unit by unit (a unit
        multiplied by 0.05 fades, one multiplied by 0.97 keeps its colour)."""
        timing = self.theme.timing
        gate, operand = phase.operands
        board = self.make_board([self.vector(o, step) for o in phase.shown], list(_SYMBOLS["product"]))
        placed = self.open_phase(phase, step, board, along=along)
        self.play(self.cell.flow(phase.idea, run_time=timing.gate),
                  LaggedStart(*self.bring(phase.operands, step, placed), lag_ratio=0.5), run_time=timing.gate)
        # The operand's copy moves to the result's place and passes through the gate.
        g_col, o_col, p_col = board.columns
        result = o_col[0].copy()
        self.play(result.animate.move_to(p_col[0]), *(Dissolve(symbol, appear=True) for symbol in board.symbols),
                  run_time=timing.move)
        self.play(GateMultiply(result, self.values(gate, step), product=self.values(phase.result, step),
                               gate_array=gate.drawn_as),
                  Dissolve(p_col[1], appear=True), run_time=timing.gate)
        self.remove(result)
        self.settle(board)

    def play_sum(self, phase: Phase, step: int, along: Sequence[Animation] = ()) -> None:
        """Two vectors arrive and add up row by row; a note says so where the printed digits do not
        add up (``0.26 + 0.74 = 0.99``)."""
        timing = self.theme.timing
        board = self.make_board([self.vector(o, step) for o in phase.shown], list(_SYMBOLS["sum"]))
        self.open_phase(phase, step, board, bring=True, along=along)
        total = board.columns[2]
        self.add(total)
        note = self.add_note(board, board.rounding_note((0, 1), 2, self.lang))
        self.play(self.cell.flow(phase.idea, run_time=timing.gate), AddByRows(board, terms=(0, 1), result=2),
                  *(Dissolve(m, appear=True) for m in (*board.symbols, total[1])), *note, run_time=timing.gate)
        self.settle(board)

    # ---- reading what was shown (for tests and captions) --------------------------------------
    def shown_columns(self) -> list[list[tuple[str, np.ndarray]]]:
        """Every board played, as (LaTeX name, values) per column."""
        return [[(label.tex_string, strip.values) for label, strip in zip(board.labels, board.strips)]
                for _, _, board in self.played]
