"""The RNN chapter of the course notes (sections 2-3), from one recorded forward pass.

Each scene replaces borrowed figures of the notes and draws only values of its Trace:

- :class:`StructureScene` (``structure``, rnn-figure1): the folded network, input ``x_t``,
  the hidden layer with its self-loop, the output read by the classifier.
- :class:`LoopScene` (``loop``, rnn-gif2): the same hidden layer runs once per time step; its
  state rides the loop into the cell as ``h_{t-1}`` and comes out as ``h_t``.
- :class:`HiddenPassScene` (``hidden-pass``, rnn-gif3): ``h_{t-1}`` and ``x_t`` meet in the cell;
  ``h_t`` leaves and moves over to become the next step's ``h_{t-1}``.
- :class:`SequenceScene` (``sequence``, rnn-gif10): the tokens enter one by one and each
  becomes its embedding vector, fed to the network one per time step.
- :class:`UnrollScene` (``unroll``, rnn-gif1 and rnn-figure6): the folded cell unfolds into one
  copy per step, every copy using the same weights (one colour, lit together).
- :class:`GraphScene` (``graph``, rnn-figure2 and the formulas of section 3.4): the computation
  graph over three steps with the weights named as PyTorch names them, the formulas, then one
  step's real numbers in the state update.

Every scene draws layer 1, forward direction, of its trace. Run one on its demo trace like any
manim scene, e.g. ``manim -qm scenes/rnn.py UnrollScene`` (the RNN; ``default_arch``), or on any
Trace: ``UnrollScene(trace, lang="zh").render()``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Arrow,
    Create,
    FadeOut,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    Mobject,
    VGroup,
    linear,
    squish_rate_func,
    there_and_back,
)

from rnnviz.core.terms import step_term
from rnnviz.mobjects.animations import ChangeStripValues, Dissolve
from rnnviz.mobjects.board import BoardVector, ColumnBoard, function_arrow
from rnnviz.mobjects.cells import cell_for
from rnnviz.mobjects.chain import ShareWeights, Unfold, UnrolledChain
from rnnviz.mobjects.classifier import ClassifierHead, Classify
from rnnviz.mobjects.folded import CarryAround, FoldedCell
from rnnviz.mobjects.graph import ComputationGraph
from rnnviz.mobjects.header import ChangeStep
from rnnviz.mobjects.motion import Hop
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.named import NamedVector, Rename
from rnnviz.mobjects.sentence import FocusToken
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.symbols import NOTES_NAMES, OUTPUT_FORMULA, TERM_ARRAYS, tex
from rnnviz.mobjects.text import make_math, make_text
from rnnviz.scenes.base import TraceScene

__all__ = ["GraphScene", "HiddenPassScene", "LoopScene", "SequenceScene", "StructureScene", "UnrollScene"]


class ChapterScene(TraceScene):
    """What the RNN chapter's scenes share: the demo RNN by default, printed strips of a readable
    size, the embedding of a token, the chips entering one by one."""

    default_arch = "rnn"

    @property
    def printed_cell(self) -> float:
        """Side of a strip's cell when its values are printed (digits readable at 720p)."""
        return self.theme.sizes.strip_cell

    def x_vector(self, t: int, name: str | None = None, **options) -> NamedVector:
        """Token ``t``'s embedding ``x_t``, framed in the token's colour."""
        options.setdefault("cell_size", self.printed_cell)
        return NamedVector(self.trace.get("x")[t], "x", tex("x") if name is None else name, self.theme,
                           units=self.units, accent=self.theme.token_color(t), **options)

    def enter_token(self, chips: VGroup, t: int) -> list:
        """Token ``t``'s chip (of chips placed one by one under a figure) comes in; the one before
        it is dimmed (read)."""
        anims = [Dissolve(chips[t], appear=True, shift=0.3 * UP)]
        if t > 0:
            anims.append(chips[t - 1].animate.set_look("dim"))
        return anims

    def next_x(self, x: NamedVector, chip: Mobject, t: int) -> list:
        """``x``'s strip takes token ``t``'s embedding: a copy of its ``chip`` flies into it."""
        return [
            FadeOut(chip.copy(), target_position=x.strip, scale=0.6),
            ChangeStripValues(x.strip, self.trace.get("x")[t]),
            x.strip.frame.animate.set_stroke(color=self.theme.token_color(t)),
        ]

    def note(self, key: str, **fields) -> Mobject:
        """A line of small text from the term table."""
        return make_text(term(key, self.lang, **fields), self.theme, size=self.theme.sizes.small_font)


class StructureScene(ChapterScene):
    """rnn-figure1: the folded network. ``x_t`` enters the hidden layer, whose state loops back
    into it; the output goes to the classifier. The values are those of the last step.

    Attributes for tests: :attr:`cell` (the :class:`~rnnviz.mobjects.folded.FoldedCell`),
    :attr:`x`, :attr:`head` (``None`` without a prediction), :attr:`step` (the step drawn).
    """

    def construct(self) -> None:
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        self.step = last = trace.steps - 1
        self.counter = self.make_counter(last)
        header = self.make_header(term("structure_title", self.lang),
                                  formula=self.symbols.recurrence_for(trace.nonlinearity))
        sentence = self.make_sentence().focus(last)
        self.cell = cell = FoldedCell(
            trace.arch, {s: trace.get(s)[last] for s in self.symbols.states}, theme, units=self.units,
            cell_size=self.printed_cell, names={s: tex(s) for s in self.symbols.states},
            output=trace.prediction is not None, nonlinearity=trace.nonlinearity,
        )
        self.x = x = self.x_vector(last, side="left")
        x.shift(cell.port("x") - x.strip.get_top())
        loop_note = self.note("to_next_step").next_to(cell.loops[self.symbols.states[0]].path, RIGHT, buff=sizes.text_buff)
        loop_note.align_to(cell.loops[self.symbols.states[0]].path, UP)
        names = VGroup(
            self.note("input_layer").next_to(x.label, LEFT, buff=2 * sizes.text_buff),
            self.note("hidden_layer").next_to(cell.box, LEFT, buff=2 * sizes.text_buff),
        )
        drawing = VGroup(cell, x, loop_note, names)
        self.head = None
        if trace.prediction is not None:
            self.head = ClassifierHead.from_trace(trace, theme, self.lang, rows=3, below=True, arrow_in=False)
            self.head.shift(cell.port("out") - self.head.input_point)
            names.add(self.note("output_layer").next_to(self.head.box, RIGHT, buff=2 * sizes.text_buff))
            drawing.add(self.head)
        self.layout.body.fit(drawing, grow=self.theme.sizes.most_grow)

        self.add(header, self.counter, sentence)
        self.header = header
        self.mark_opening()
        timing = theme.timing
        self.play(Dissolve(x, appear=True, shift=0.3 * UP), Dissolve(names[0], appear=True), run_time=timing.move)
        self.play(Dissolve(VGroup(cell.box, cell.title, *cell.layers.values()), appear=True), Create(cell.input_wire),
                  Dissolve(names[1], appear=True), run_time=timing.move)
        self.play(cell.input_wire.pulse(), run_time=timing.pulse)
        self.play(*(Create(loop) for loop in cell.loops.values()), *(Dissolve(v, appear=True) for v in cell.states.values()),
                  run_time=timing.move)
        self.play(*(loop.pulse() for loop in cell.loops.values()), Dissolve(loop_note, appear=True), run_time=timing.gate)
        if self.head is not None:
            self.play(Create(cell.output_wire), run_time=timing.fade)
            self.play(Classify(self.head), Dissolve(names[2], appear=True))
        self.close_loop()


class LoopScene(ChapterScene):
    """rnn-gif2: one hidden layer, run once per time step. Each step the token's embedding comes
    in, the state's strip rides the loop into the cell as ``h_{t-1}`` and the same strip comes
    out holding ``h_t``; the step counter advances.

    Attributes for tests: :attr:`cell`, :attr:`x`, :attr:`shown` (per step and state, once the
    step is done: the strip's identity, its values and its name).
    """

    def construct(self) -> None:
        trace, theme = self.trace, self.theme
        states = self.symbols.states
        self.counter = self.make_counter(0)
        self.header = header = self.make_header(term("loop_title", self.lang),
                                                formula=self.symbols.recurrence_for(trace.nonlinearity))
        sentence = self.make_sentence().unread()
        self.cell = cell = FoldedCell(trace.arch, {s: trace.get(f"{s}_prev")[0] for s in states}, theme,
                                      units=self.units, cell_size=self.printed_cell, nonlinearity=trace.nonlinearity)
        self.x = x = self.x_vector(0, side="left")
        x.shift(cell.port("x") - x.strip.get_top())
        outer = cell.loops[states[0]].path
        loop_note = self.note("to_next_step").next_to(outer, RIGHT, buff=theme.sizes.text_buff).align_to(outer, UP)
        self.layout.body.fit(VGroup(cell, x, loop_note), grow=self.theme.sizes.most_grow)
        self.add(header, self.counter, cell, loop_note, sentence)
        self.mark_opening()

        timing = theme.timing
        pace = self.pace(trace.steps, timing.move + 2 * timing.move + timing.hold)
        self.shown: list[dict[str, tuple[int, np.ndarray, str]]] = []
        for t in range(trace.steps):
            anims = [FocusToken(sentence, t)]
            if t == 0:
                anims.append(Dissolve(x, appear=True, shift=0.3 * UP))
            else:
                anims += [ChangeStep(self.counter, t), *self.next_x(x, sentence.chip(t), t)]
                anims += [Rename(cell.states[s], tex(f"{s}_prev")) for s in states]  # h_t is now h_{t-1}
            self.play(*anims, run_time=timing.move * pace)
            rides = [CarryAround(cell, s, trace.get(s)[t], tex(s)) for s in states]
            self.play(
                *rides,
                cell.input_wire.pulse(rate_func=squish_rate_func(linear, 0.0, 0.5)),
                cell.box.animate(rate_func=there_and_back).set_stroke(width=3 * theme.sizes.stroke),
                run_time=2 * timing.move * pace,
            )
            self.shown.append({s: (id(cell.states[s].strip), cell.states[s].values, cell.states[s].tex) for s in states})
            if t < trace.steps - 1:
                self.wait(timing.hold * pace)
        self.close_loop()


class HiddenPassScene(ChapterScene):
    """rnn-gif3: ``h_{t-1}`` and ``x_t`` meet in the cell, ``h_t`` leaves it, and the same strip
    moves over to become the next step's ``h_{t-1}`` (an LSTM's ``c`` too).

    Attributes for tests: :attr:`cell` (the cell diagram), :attr:`carried` (per step, the
    :class:`~rnnviz.mobjects.named.NamedVector` strips leaving it, by state) and :attr:`before`
    (per step, the strips that went into it).
    """

    header_formula = False

    def construct(self) -> None:
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        states = self.symbols.states
        timing = theme.timing
        self.counter = self.make_counter(0)
        self.header = header = self.make_header(term("hidden_pass_title", self.lang))
        sentence = self.make_sentence().unread()
        self.cell = cell = cell_for(trace.arch, theme, nonlinearity=trace.nonlinearity)
        side = self.printed_cell
        column_gap = 1.6 * side + sizes.text_buff  # a vertical strip and the room its name needs

        def state_vector(values, state: str, name: str) -> NamedVector:
            return NamedVector(values, state, name, theme, units=self.units, vertical=True, cell_size=side)

        incoming = {s: state_vector(trace.get(f"{s}_prev")[0], s, tex(f"{s}_prev")) for s in states}
        # x_t under the cell, centred on it: its top meets the wire that rises to the port.
        self.x = x = self.x_vector(0, side="left")
        x.shift([cell.get_x(), cell.port("x")[1] - 0.1, 0.0] - x.strip.get_top())
        # Left of the cell and x_t: c_{t-1} outermost, h_{t-1} next to it; mirrored on the right,
        # where invisible copies keep the room of the outgoing columns while everything is fitted.
        core = VGroup(cell, x)
        outgoing_room = VGroup()
        for k, s in enumerate(reversed(states)):
            incoming[s].shift(core.get_left() + (k + 0.5) * column_gap * LEFT - incoming[s].strip.get_center())
            outgoing_room.add(incoming[s].copy().shift(core.get_right() + (k + 0.5) * column_gap * RIGHT
                                                       - incoming[s].strip.get_center()))
        frame = VGroup(core, *incoming.values(), outgoing_room)
        scale = min(sizes.most_grow, self.layout.body.width / frame.width, self.layout.body.height / frame.height)
        frame.scale(scale).move_to(self.layout.body.center)
        left_slots = {s: incoming[s].strip.get_center() for s in states}
        right_slots = {s: room.strip.get_center() for s, room in zip(reversed(states), outgoing_room)}

        # h_t hops over the cell, shrunk, its top clearing the cell's: a vertical strip stands
        # centred on the cell, so it rises by the cell's upper half and half its own shrunk height.
        hop = cell.get_top()[1] - cell.get_center()[1] + incoming[states[-1]].height * sizes.hop_shrink / 2
        zero = self.note("initial_state_zero").next_to(VGroup(*incoming.values()), DOWN, buff=sizes.text_buff)
        if zero.get_bottom()[1] < self.layout.body.bottom:
            zero.next_to(VGroup(*incoming.values()), UP, buff=sizes.text_buff)
        self.add(header, self.counter, cell, *incoming.values(), sentence)
        self.mark_opening()
        pace = self.pace(trace.steps, 3 * timing.move + timing.gate + timing.hold)
        self.carried: list[dict[str, NamedVector]] = []
        self.before: list[dict[str, NamedVector]] = []
        for t in range(trace.steps):
            anims = [FocusToken(sentence, t)]
            if t == 0:
                anims += [Dissolve(x, appear=True, shift=0.3 * UP), Dissolve(zero, appear=True)]  # h_0 = 0: say so
            else:
                # The counter moves on, and with it the name: last step's h_t is this step's h_{t-1}.
                anims += [ChangeStep(self.counter, t), *self.next_x(x, sentence.chip(t), t),
                          *(Rename(incoming[s], tex(f"{s}_prev")) for s in states)]
            self.play(*anims, run_time=timing.move * pace)
            # The old state and the input go into the cell and flow through it.
            ports = {s: cell.port(f"{s}_prev") for s in states}
            self.play(
                *(FadeOut(incoming[s].strip.copy(), target_position=ports[s], scale=0.2) for s in states),
                FadeOut(x.strip.copy(), target_position=cell.port("x"), scale=0.2),
                cell.sweep(run_time=timing.gate * pace),
                run_time=timing.gate * pace,
            )
            outgoing = {s: state_vector(trace.get(s)[t], s, tex(s)) for s in states}
            for s in states:
                outgoing[s].scale(scale).shift(right_slots[s] - outgoing[s].strip.get_center())
            self.play(*(GrowFromEdge(outgoing[s], LEFT) for s in states), run_time=timing.move * pace)
            self.before.append(dict(incoming))
            self.carried.append(outgoing)
            if t == trace.steps - 1:
                break
            self.wait(timing.hold * pace)
            # h_t moves over: the same strip, now the next step's h_{t-1}.
            self.play(
                *(Dissolve(incoming[s]) for s in states),
                *([Dissolve(zero)] if t == 0 else []),
                *(Hop(outgoing[s], outgoing[s].get_center() + left_slots[s] - outgoing[s].strip.get_center(),
                      height=hop, shrink=sizes.hop_shrink) for s in states),
                run_time=timing.move * pace,
            )
            incoming = outgoing
        self.close_loop()


class SequenceScene(ChapterScene):
    """rnn-gif10: the sentence enters token by token; each token becomes its embedding vector
    ``x_t`` (the model's own), and the vectors go into the network one per time step.

    Attributes for tests: :attr:`columns` (the embeddings drawn, one per token) and :attr:`rnn`
    (the folded network they go into).
    """

    header_formula = False

    def construct(self) -> None:
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        timing = theme.timing
        steps = trace.steps
        self.counter = self.make_counter(0)
        self.header = header = self.make_header(term("sequence_title", self.lang))
        region = self.layout.below_header
        # The vectors stand over their chips; the network waits on the right.
        chain = UnrolledChain(trace.arch, 1, theme, cell_width=sizes.chain_cell[0], cell_height=sizes.chain_cell[1])
        self.rnn = rnn = chain.folded()
        columns = [self.x_vector(t, name=tex("x", step=t + 1), vertical=True) for t in range(steps)]
        chips = self.make_chips()
        pitch = max(max(c.width for c in columns), max(chip.width for chip in chips)) + 2 * sizes.text_buff
        for t, (column, chip) in enumerate(zip(columns, chips)):
            column.move_to([t * pitch, 0.0, 0.0])
            chip.next_to(column, DOWN, buff=2 * sizes.text_buff)
        row = VGroup(*columns, chips)
        note = self.note("becomes_embedding", n=trace.input_size)
        rnn.remove(rnn.input_wire)  # the vectors come in from the side
        feed_note = self.note("one_per_step")
        middle = VGroup(*columns).get_center()[1]
        start = np.array([row.get_right()[0] + 0.2, middle, 0.0])
        feed = Arrow(start, start + (feed_note.width + 0.6) * RIGHT, buff=0.0, color=theme.foreground,
                     stroke_width=sizes.wire_stroke)
        feed_note.next_to(feed, UP, buff=sizes.text_buff)
        rnn.shift(feed.get_end() - rnn.cell.get_left())
        note.next_to(VGroup(feed, rnn), UP, buff=4 * sizes.text_buff).align_to(feed, LEFT)
        everything = VGroup(row, rnn, feed, feed_note, note)
        region.fit(everything, grow=sizes.most_grow)
        if columns[0].strip.cells[0].width < sizes.printed_cell:  # a long sentence: colours only
            for column in columns:
                column.strip.remove(column.strip.numbers)
        self.columns = columns

        self.add(header, self.counter, rnn, note)
        self.mark_opening()
        pace = self.pace(steps, 2 * timing.move + timing.gate)
        for t in range(steps):
            anims = self.enter_token(chips, t)
            if t > 0:
                anims.append(ChangeStep(self.counter, t))
            self.play(*anims, run_time=timing.fade * pace)
            self.play(FadeOut(chips[t].copy(), target_position=columns[t].strip.get_bottom(), scale=0.5),
                      GrowFromEdge(columns[t], DOWN), run_time=timing.move * pace)
            if t == 0:
                self.play(Create(feed), Dissolve(feed_note, appear=True), run_time=timing.fade * pace)
            # A copy of the vector goes into the network at this step.
            self.play(FadeOut(columns[t].strip.copy(), target_position=rnn.cell.get_left(), scale=0.15),
                      run_time=timing.move * pace)
            self.play(*(loop.pulse() for loop in rnn.loops.values()), run_time=timing.pulse * pace)
        self.close_loop()


class UnrollScene(ChapterScene):
    """rnn-gif1 (animation) and rnn-figure6 (still): the folded cell unrolls into one copy per
    time step. Every copy draws the same weights in one colour, and they light up together: the
    weights are shared. Each copy reads its token and passes its state on; its output ``h_t`` is
    drawn as a strip of that step's values (colours; ``c_t`` too for an LSTM).

    Attributes for tests: :attr:`chain`, :attr:`outputs` (per step, the strip of ``h_t``) and
    :attr:`chips` (the tokens under the copies).
    """

    def construct(self) -> None:
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        timing = theme.timing
        steps, states = trace.steps, self.symbols.states
        self.header = header = self.make_header(term("unroll_title", self.lang),
                                                formula=self.symbols.recurrence_for(trace.nonlinearity))
        self.chain = chain = UnrolledChain(trace.arch, steps, theme, cell_width=sizes.chain_cell[0],
                                           cell_height=sizes.chain_cell[1])
        self.chips = chips = self.make_chips()
        self.outputs: list[VectorStrip] = []
        strips = VGroup()
        for t in range(steps):
            strip = VectorStrip(trace.get("h")[t], "h", theme, units=self.units, vertical=True,
                                cell_size=sizes.small_cell, show_values=False)
            strip.next_to(chain.outputs[(0, 0)][t].end, UP, buff=0.1)
            name = make_math(tex("h", step=t + 1), theme).next_to(strip, UP, buff=sizes.text_buff)
            self.outputs.append(strip)
            strips.add(VGroup(strip, name))
        for t, chip in enumerate(chips):
            if chip.width > 0.95 * chain.pitch:  # a long word never runs into its neighbours
                chip.scale_to_fit_width(0.95 * chain.pitch)
            chip.next_to(chain.input_point(t), DOWN, buff=sizes.text_buff)
        state_names = VGroup(*(
            make_math(tex(s, step=t + 1), theme, size=sizes.diagram_font)
            .next_to(chain.states[s][(0, 0)][t + 1], UP if k == 0 else DOWN, buff=0.05)
            for k, s in enumerate(states) for t in range(steps - 1)
        ))
        caption = VGroup(
            make_text(term("same_weights", self.lang), theme, color=theme.weight_color()),
            make_text(term("same_weights_answer", self.lang, ih=self.symbols.weight_name("ih"),
                           hh=self.symbols.weight_name("hh")), theme, size=sizes.small_font),
        ).arrange(DOWN, buff=sizes.text_buff)
        drawing = VGroup(chain, strips, chips, state_names)
        caption.next_to(drawing, DOWN, buff=0.45)
        self.layout.below_header.fit(VGroup(drawing, caption), grow=sizes.most_grow)
        folded = chain.folded()

        self.add(header, folded)
        self.mark_opening()
        self.play(folded.loops[states[-1]].pulse(), run_time=timing.pulse)
        self.play(Unfold(folded, chain))
        self.play(LaggedStart(*(Dissolve(chip, appear=True, shift=0.2 * UP) for chip in chips), lag_ratio=0.2),
                  Dissolve(state_names, appear=True), run_time=timing.move)
        pace = self.pace(steps, timing.pulse)
        for t in range(steps):  # the sentence runs through the copies, step by step
            wires = [chain.inputs[(0, 0)][t], *(chain.states[s][(0, 0)][t + 1] for s in states)]
            self.play(*(w.pulse() for w in wires), GrowFromEdge(strips[t], DOWN), run_time=timing.pulse * pace)
        self.play(Dissolve(caption[0], appear=True), ShareWeights(chain, "ih"), run_time=timing.gate)
        self.play(Dissolve(caption[1], appear=True), ShareWeights(chain, "hh"), run_time=timing.gate)
        self.close_loop()


class GraphScene(ChapterScene):
    """rnn-figure2 and the formulas of section 3.4: the computation graph over steps t-1, t,
    t+1, its weights named as PyTorch names them (the notes' names as a side note) and lit
    together at every step, the cell's formulas, then the state update with the real numbers
    of step t.

    Attributes for tests: :attr:`graph`, :attr:`step` (t, 0-based), :attr:`legend` (the weights'
    PyTorch names) and :attr:`board` (the columns of the update equation).
    """

    header_formula = False

    def construct(self) -> None:
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        timing = theme.timing
        arch, nl = trace.arch, trace.nonlinearity
        self.step = t = min(1, trace.steps - 1)  # t-1, t, t+1 when there are three steps
        shown = list(range(max(0, t - 1), min(trace.steps, t + 2)))
        self.header = header = self.make_header(term("graph_title", self.lang))
        graph_region, panel = self.layout.below_header.split(0.47, vertical=not self.layout.side_by_side)
        has_output = trace.labels is not None
        self.graph = graph = ComputationGraph(arch, [k + 1 for k in shown], theme, current=t + 1,
                                              output_weights=has_output,
                                              last_output=trace.steps if has_output else None)
        tokens = VGroup(*(make_text(self.tokens[k], theme, size=sizes.small_font, color=theme.token_color(k))
                          .next_to(graph.node("x", k + 1), DOWN, buff=sizes.text_buff) for k in shown))
        self.legend = legend = VGroup(*(
            VGroup(make_math(w + ":", theme, size=sizes.diagram_font),
                   make_text(f"{name}  ({rows} × {cols})", theme, size=sizes.small_font)).arrange(RIGHT, buff=sizes.text_buff)
            for w, name, (rows, cols) in self.weight_names()
        )).arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff / 2)
        notes = self.notes_side_note()
        side = VGroup(legend, notes).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        outputs = VGroup(self.note("output_per_step"), self.note("reads_last_state")).arrange(DOWN) if has_output else VGroup()
        left = VGroup(graph, tokens)
        if has_output:
            outputs.set_color(theme.muted_text).next_to(graph, UP, buff=0.15)
            if outputs.width > graph.width:
                outputs.scale_to_fit_width(graph.width)
            left.add(outputs)
        left.add(side.next_to(VGroup(graph, tokens), DOWN, buff=0.35).align_to(graph, LEFT))
        graph_region.inset(0.1, 0.0).fit(left, grow=sizes.most_grow)

        lines = self.symbols.equations_for(nl) + ((OUTPUT_FORMULA,) if has_output else ())
        formulas = VGroup(*(make_math(line, theme) for line in lines))
        formulas.arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff)
        panel.inset(0.15, 0.0).fit(formulas, aligned_edge=UL)

        update = self.symbols.update_for(nl)
        title = self.note("real_numbers_at", t=t + 1)
        symbol_mobjects = [function_arrow(op[4:], theme) if op.startswith("map:") else make_math(op, theme)
                           for op in update.ops]
        self.board = board = ColumnBoard(
            [BoardVector(TERM_ARRAYS.get(name, name), self.column(name)[t], tex(name),
                         accent=theme.token_color(t) if name == "x" else None) for name in update.columns],
            symbol_mobjects, theme, units=self.units, cell_size=self.printed_cell, width=panel.width,
        )
        equation = make_math(update.tex, theme)
        heading = VGroup(title, equation).arrange(RIGHT, buff=0.3)
        if heading.width > panel.width - 0.3:  # words and symbols may shrink a little; the digits never
            heading.scale_to_fit_width(panel.width - 0.3)
        substituted = VGroup(heading, board).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        panel.inset(0.15, 0.0).fit(substituted, aligned_edge=UL)

        self.add(header, graph.skeleton(), tokens)
        self.mark_opening()
        self.play(graph.build(), run_time=2 * timing.move)
        self.play(Dissolve(formulas, appear=True, shift=0.2 * LEFT), Dissolve(outputs, appear=True), run_time=timing.move)
        self.play(Dissolve(side, appear=True), run_time=timing.move)
        self.wait(timing.hold)
        for kind, row in (("ih", legend[0]), ("hh", legend[1])):  # the same matrix at every step
            self.play(graph.light(kind), Indicate(row, color=theme.weight_color(), scale_factor=1.1), run_time=timing.gate)
        self.wait(timing.pause)
        self.play(Dissolve(formulas), graph.focus(t + 1), run_time=timing.move)
        self.play(Dissolve(title, appear=True), Dissolve(equation, appear=True), run_time=timing.move)
        self.play(LaggedStart(*(Dissolve(column, appear=True, shift=0.2 * DOWN) for column in board.columns), lag_ratio=0.3),
                  LaggedStart(*(Dissolve(sym, appear=True) for sym in board.symbols), lag_ratio=0.3), run_time=2 * timing.move)
        self.close_loop()

    def column(self, name: str) -> np.ndarray:
        """A Trace array, or a product of the equations (:mod:`rnnviz.core.terms`), at every step."""
        return self.trace.get(name) if name in self.trace.names else step_term(self.trace, name)

    def weight_names(self) -> list[tuple[str, str, tuple[int, int]]]:
        """(TeX, PyTorch's name, shape) of each weight matrix the graph names."""
        trace, table = self.trace, self.symbols
        rows = [
            (f"W_{{{kind}}}", table.weight_name(kind), table.weight_shape(kind, trace.hidden_size, trace.input_size))
            for kind in ("ih", "hh")
        ]
        if trace.labels is not None:
            rows.append(("W_{hy}", term("classifier", self.lang), (len(trace.labels), trace.hidden_out)))
        return rows

    def notes_side_note(self) -> VGroup:
        """The course notes' names for the same things (section 3.4), in small type."""
        theme, sizes = self.theme, self.theme.sizes
        n = NOTES_NAMES
        lines = VGroup(
            make_text(term("in_the_notes", self.lang), theme, size=sizes.small_font, color=theme.muted_text),
            make_math(rf"{n['h']} = \sigma({n['weight_ih']} x_t + {n['weight_hh']} s_{{t-1}}),\quad "
                      rf"{n['y']} = {n['weight_out']} {n['h']}", theme, size=sizes.diagram_font, color=theme.muted_text),
            make_math(rf"{n['weight_ih']} = W_{{ih}},\ {n['weight_hh']} = W_{{hh}},\ {n['weight_out']} = W_{{hy}},\ "
                      rf"{n['h']} = h_t,\ {n['y']} = y_t", theme, size=sizes.diagram_font, color=theme.muted_text),
        )
        return lines.arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff / 2)
