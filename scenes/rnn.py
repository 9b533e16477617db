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

The model's own weights and the inside of a step:

- :class:`EngineeringScene` (``engineering``, rnn-figure3, -17, -16): ``[h_{t-1}; x_t]`` times
  the stacked weights ``[W_hh | W_ih]``, one product split into the gates in PyTorch's order;
  the input parts of all steps are one product over the sequence.

Every scene draws layer 1, forward direction, of its trace. Run one on its demo trace like any
manim scene, e.g. ``manim -qm scenes/rnn.py UnrollScene`` (the RNN; ``default_arch``), or on any
Trace: ``UnrollScene(trace, lang="zh").render()``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
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
    ReplacementTransform,
    Square,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    linear,
    squish_rate_func,
    there_and_back,
)

from rnnviz.analysis.fused import FusedStep, fused_step, input_projection, tanh_terms
from rnnviz.analysis.squash import TANH_BLOCK, repeated_products, squash_step
from rnnviz.mobjects.animations import ChangeStripValues, Dissolve
from rnnviz.mobjects.board import BoardVector, ColumnBoard, function_arrow
from rnnviz.mobjects.cells import cell_for
from rnnviz.mobjects.chain import ShareWeights, Unfold, UnrolledChain
from rnnviz.mobjects.classifier import ClassifierHead, Classify
from rnnviz.mobjects.folded import CarryAround, FoldedCell
from rnnviz.mobjects.graph import ComputationGraph
from rnnviz.mobjects.header import ChangeStep
from rnnviz.mobjects.heatgrid import HeatGrid
from rnnviz.mobjects.labels import intent_name, term
from rnnviz.mobjects.layer import ACTIVATIONS
from rnnviz.mobjects.layout import Region, steps_that_fit
from rnnviz.mobjects.motion import Hop
from rnnviz.mobjects.named import NamedVector, Rename
from rnnviz.mobjects.plots import ActivationPlot, NormChart
from rnnviz.mobjects.sentence import FocusToken
from rnnviz.mobjects.shares import TokenColumns
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.symbols import NOTES_NAMES, OUTPUT_FORMULA, tex
from rnnviz.mobjects.text import format_percent, make_math, make_text
from rnnviz.mobjects.theme import Theme
from rnnviz.mobjects.token import TokenChip
from rnnviz.scenes import get_scene_entry
from rnnviz.scenes.base import TraceScene

__all__ = ["BidirectionalScene", "EngineeringScene", "GraphScene", "HiddenPassScene", "LoopScene", "SequenceScene",
           "SquashScene", "StackedScene", "StructureScene", "UnrollScene"]


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

    def keep_chip_size(self, chips: VGroup) -> None:
        """Chips in a row, scaled down with the figure they label, grow back about their centres
        to their own size (text 24 px tall at 720p), as far as their neighbours leave room: a
        figure shrinks to fit, a token's name should not."""
        least, buff = self.theme.sizes.chip_text, self.theme.sizes.text_buff
        centres = [chip.get_x() for chip in chips]
        for k, chip in enumerate(chips):
            room = min([abs(centres[j] - centres[k]) for j in (k - 1, k + 1) if 0 <= j < len(chips)], default=np.inf)
            grow = min(least / chip.label.height, (room - buff) / chip.width if np.isfinite(room) else np.inf)
            if grow > 1:
                chip.scale(grow)

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
        x.remove(x.label)  # the cell names its input wire x_t right above the strip: one name is enough
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

    The vectors keep their printed size: a sentence longer than fits is shown through a window
    of columns (:class:`StepWindow`) that moves on as the tokens enter, an ellipsis standing
    for those before it; the still shows the last ones. Chips keep their size.

    Attributes for tests: :attr:`columns` (the embeddings drawn, one per token), :attr:`chips`,
    :attr:`rnn` (the folded network they go into) and :attr:`window`.
    """

    header_formula = False

    def construct(self) -> None:
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        timing = theme.timing
        steps = trace.steps
        self.counter = self.make_counter(steps - 1 if self.still else 0)
        self.header = header = self.make_header(term("sequence_title", self.lang))
        region = self.layout.below_header
        # The vectors stand in a row, one pitch apart as if the row were endless; the network
        # waits right of the last one the window shows.
        chain = UnrolledChain(trace.arch, 1, theme, cell_width=sizes.chain_cell[0], cell_height=sizes.chain_cell[1])
        self.rnn = rnn = chain.folded()
        rnn.remove(rnn.input_wire)  # the vectors come in from the side
        columns = [self.x_vector(t, name=tex("x", step=t + 1), vertical=True) for t in range(steps)]
        width = max(c.width for c in columns)
        note = self.note("becomes_embedding", n=trace.input_size)
        feed_note = self.note("one_per_step")
        feed = Arrow(ORIGIN, (feed_note.width + 0.6) * RIGHT, buff=0.0, color=theme.foreground,
                     stroke_width=sizes.wire_stroke)
        feed_note.next_to(feed, UP, buff=sizes.text_buff)
        rnn.shift(feed.get_end() - rnn.cell.get_left())
        note.next_to(VGroup(feed, rnn), UP, buff=4 * sizes.text_buff).align_to(feed, LEFT)
        network = VGroup(feed, feed_note, rnn, note)
        ellipsis = make_text("…", theme)

        def plan(pitch: float, chip_rows: int) -> tuple[int, float, float]:
            """How many vectors fit at their printed size, one ``pitch`` apart, with ``chip_rows``
            rows of chips kept free under them; their scale; the pitch."""
            room = region.height - chip_rows * (sizes.chip_height + sizes.text_buff / 2)
            most = min(sizes.most_grow, room / columns[0].height)
            least = min(sizes.printed_cell / self.printed_cell, most)
            first = width + network.width + 0.2
            count, scale = steps_that_fit(steps, first, pitch, region.width, least, most=most)
            if count < steps:  # the ellipsis takes its room
                count, scale = steps_that_fit(steps, first, pitch, region.width - ellipsis.width - 2 * sizes.text_buff,
                                              least, most=most)
            return count, scale, pitch

        # The chips in one row if the whole sentence fits so; else every other one lower, more vectors shown.
        widths = [chip.width for chip in self.make_chips()]
        side_by_side = max([(a + b) / 2 for a, b in zip(widths, widths[1:])], default=0.0) + sizes.text_buff
        count, scale, pitch = plan(max(width, side_by_side) + 2 * sizes.text_buff, 1)
        if count < steps:
            count, scale, pitch = plan(width + 2 * sizes.text_buff, 2)
        for t, column in enumerate(columns):
            column.move_to([t * pitch, 0.0, 0.0])
        row = VGroup(*columns).scale(scale, about_point=ORIGIN)
        pitch *= scale
        network.scale(scale)
        last = columns[count - 1]
        network.shift([last.get_right()[0] + 0.2 * scale - feed.get_start()[0],
                       last.strip.get_center()[1] - feed.get_start()[1], 0.0])
        if columns[0].strip.cells[0].width < sizes.printed_cell:  # a frame too short for printed values
            for column in columns:
                column.strip.remove(column.strip.numbers)
        # The chips at their full size under their vectors (every other one lower if they would touch).
        self.chips = TokenColumns(self.tokens, [c.get_x() for c in columns], theme).chips
        VGroup(*self.chips).shift((row.get_bottom()[1] - sizes.text_buff / 2 - self.chips[0].get_top()[1]) * UP)
        ellipsis.next_to(columns[0].strip, LEFT, buff=sizes.text_buff)
        shown = VGroup(*columns[:count], *self.chips[:count], network, *([ellipsis] if count < steps else []))
        everything = VGroup(row, *self.chips, network, ellipsis)
        everything.shift(region.center - shown.get_center())
        self.columns = columns
        self.window = window = StepWindow([VGroup(column, chip) for column, chip in zip(columns, self.chips)],
                                          count, pitch, ellipsis)
        if self.still:  # the designed final frame: the last vectors, all gone in
            window.end_at(steps - 1)
            self.add(header, self.counter, network, *(window.contents[t] for t in window.shown))
            if window.first > 0:
                self.add(ellipsis)
            return

        self.add(header, self.counter, rnn, note)
        self.mark_opening()
        pace = self.pace(steps, 2 * timing.move + timing.gate)
        for t in range(steps):
            anims = window.advance(t) + [Dissolve(self.chips[t], appear=True, shift=0.3 * UP)]
            if t > 0:
                anims += [ChangeStep(self.counter, t)]
                if t - 1 in window.shown:
                    anims.append(self.chips[t - 1].animate.set_look("dim"))
            self.play(*anims, run_time=timing.fade * pace)
            self.play(FadeOut(self.chips[t].copy(), target_position=columns[t].strip.get_bottom(), scale=0.5),
                      GrowFromEdge(columns[t], DOWN), run_time=timing.move * pace)
            if t == 0:
                self.play(Create(feed), Dissolve(feed_note, appear=True), run_time=timing.fade * pace)
            # A copy of the vector goes into the network at this step.
            self.play(FadeOut(columns[t].strip.copy(), target_position=rnn.cell.get_left(), scale=0.15),
                      run_time=timing.move * pace)
            self.play(*(loop.pulse() for loop in rnn.loops.values()), run_time=timing.pulse * pace)
        self.close_loop()


class StepWindow:
    """The columns of a long sentence's steps, shown a window of ``size`` steps at a time.

    ``contents[t]`` holds what belongs to step ``t`` (its chip, its vector, its names), placed
    one ``pitch`` apart along time as if the row were endless; the window starts on the first
    ``size`` steps. :meth:`advance` brings a step into the window: every shown step moves one
    place left, the first one leaves, and ``ellipsis`` (standing for the steps scrolled out)
    appears. What stays in place (the copies of the cell, the network) is not in ``contents``.
    Each piece of a step is animated on its own, as it was added to the scene.
    """

    def __init__(self, contents: list[VGroup], size: int, pitch: float, ellipsis: Mobject) -> None:
        self.contents, self.size, self.pitch, self.ellipsis = contents, size, pitch, ellipsis
        self.first = 0

    @property
    def shown(self) -> range:
        """The steps in the window."""
        return range(self.first, min(self.first + self.size, len(self.contents)))

    def slot(self, t: int) -> int:
        """Where step ``t`` stands in the window (0 for its first place)."""
        return t - self.first

    def end_at(self, t: int) -> None:
        """Move the window at once so that it ends on step ``t`` (or starts on the first step)."""
        first = max(0, t - self.size + 1)
        for content in self.contents:
            content.shift((self.first - first) * self.pitch * RIGHT)
        self.first = first

    def advance(self, t: int) -> list:
        """The animations that bring step ``t`` into the window; none if it is there already."""
        if t < self.first + self.size:
            return []
        leaving, staying = self.contents[self.first], self.contents[self.first + 1: t]
        anims = [Dissolve(piece, shift=self.pitch * LEFT) for piece in leaving]
        anims += [piece.animate.shift(self.pitch * LEFT) for content in staying for piece in content]
        for content in self.contents[t:]:  # not drawn yet: moved at once
            content.shift(self.pitch * LEFT)
        if self.first == 0:
            anims.append(Dissolve(self.ellipsis, appear=True))
        self.first += 1
        return anims


#: The least scale of an unrolled chain's copies (their weights' names stay legible at 720p);
#: a longer sentence is shown through a window of the steps that fit.
LEAST_CHAIN_SCALE = 0.62


class UnrollScene(ChapterScene):
    """rnn-gif1 (animation) and rnn-figure6 (still): the folded cell unrolls into one copy per
    time step. Every copy draws the same weights in one colour, and they light up together: the
    weights are shared. Each copy reads its token and passes its state on; its output ``h_t`` is
    drawn as a strip of that step's values (colours; ``c_t`` too for an LSTM).

    A sentence longer than fits at a legible size is shown through a window of copies
    (:class:`StepWindow`) that moves on as the sentence is read, an ellipsis standing for the
    steps before it; the still shows the last steps. Chips keep their size.

    Attributes for tests: :attr:`chain` (the copies drawn), :attr:`outputs` (per step, the strip
    of ``h_t``), :attr:`chips` (the tokens under the copies) and :attr:`window`.
    """

    def construct(self) -> None:
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        timing = theme.timing
        steps, states = trace.steps, self.symbols.states
        self.header = header = self.make_header(term("unroll_title", self.lang),
                                                formula=self.symbols.recurrence_for(trace.nonlinearity))
        region = self.layout.below_header
        caption = VGroup(
            make_text(term("same_weights", self.lang), theme, color=theme.weight_color()),
            make_text(term("same_weights_answer", self.lang, ih=self.symbols.weight_name("ih"),
                           hh=self.symbols.weight_name("hh")), theme, size=sizes.small_font),
        ).arrange(DOWN, buff=sizes.text_buff)
        fit_width(caption, region.width)
        chip_room = 2 * sizes.chip_height + 2 * sizes.text_buff  # a row of chips, staggered if need be
        ellipsis = make_text("…", theme)

        def copies(count: int) -> UnrolledChain:
            return UnrolledChain(trace.arch, count, theme, cell_width=sizes.chain_cell[0], cell_height=sizes.chain_cell[1])

        def output(t: int, wire_end: np.ndarray, scale: float) -> VGroup:
            """Step ``t``'s ``h_t`` as a strip over the end of its copy's output wire, named."""
            strip = VectorStrip(trace.get("h")[t], "h", theme, units=self.units, vertical=True,
                                cell_size=sizes.small_cell * scale, show_values=False)
            strip.next_to(wire_end, UP, buff=0.1 * scale)
            return VGroup(strip, make_math(tex("h", step=t + 1), theme).scale(scale)
                          .next_to(strip, UP, buff=sizes.text_buff * scale))

        # As many copies as fit at a legible scale, the room for the ellipsis kept if not all fit.
        one = copies(1)
        pitch = one.pitch
        room = region.height - chip_room - caption.height - 0.3
        tall = VGroup(one, output(0, one.outputs[(0, 0)][0].end, 1.0)).height + 0.5  # and the states' names
        most = min(sizes.most_grow, room / tall)
        least = min(LEAST_CHAIN_SCALE, most)  # a short frame shrinks the copies, not the window
        count, scale = steps_that_fit(steps, one.width, pitch, region.width, least, most=most)
        if count < steps:  # the ellipsis on the left takes its room
            width = region.width - ellipsis.width - 2 * sizes.text_buff
            count, scale = steps_that_fit(steps, one.width, pitch, width, least, most=most)
        self.chain = chain = copies(count).scale(scale)
        pitch *= scale
        # Every step's output one pitch further right (those past the window shown when it gets there).
        out_wire, level = chain.outputs[(0, 0)][0], {s: chain.states[s][(0, 0)][1] for s in states}
        strips = VGroup(*(output(t, out_wire.end + t * pitch * RIGHT, scale) for t in range(steps)))
        self.outputs = [group[0] for group in strips]
        figure = VGroup(chain, *strips[:count])
        VGroup(chain, strips).shift([region.center[0], region.top - figure.height / 2 - 0.25, 0.0] - figure.get_center())
        state_names = [
            VGroup(*(make_math(tex(s, step=t + 1), theme, size=sizes.diagram_font).scale(min(1.0, scale))
                     .next_to(level[s].get_center() + t * pitch * RIGHT, UP if k == 0 else DOWN, buff=0.1)
                     for k, s in enumerate(states)))
            for t in range(steps)
        ]
        # The chips at their full size under their copies (every other one lower where neighbours would touch).
        columns = [chain.input_point(0)[0] + t * pitch for t in range(steps)]
        self.chips = TokenColumns(self.tokens, columns, theme).chips
        VGroup(*self.chips).shift((chain.input_point(0)[1] - sizes.text_buff - self.chips[0].get_top()[1]) * UP)
        caption.next_to(VGroup(figure, *self.chips[:count]), DOWN, buff=0.3).set_x(region.center[0])
        ellipsis.next_to(chain.states[states[0]][(0, 0)][0].start, LEFT, buff=sizes.text_buff)
        shown = VGroup(figure, *self.chips[:count], caption)
        VGroup(figure, strips, *state_names, *self.chips, caption, ellipsis).shift(
            (region.center[1] - shown.get_center()[1]) * UP)
        self.window = window = StepWindow([VGroup(strips[t], state_names[t], self.chips[t]) for t in range(steps)],
                                          count, pitch, ellipsis)
        folded = chain.folded()
        if self.still:  # the designed final frame: the last steps through the copies, every name shown
            window.end_at(steps - 1)
            self.add(header, chain, caption, *(window.contents[t] for t in window.shown))
            if window.first > 0:
                self.add(ellipsis)
            return

        self.add(header, folded)
        self.mark_opening()
        self.play(folded.loops[states[-1]].pulse(), run_time=timing.pulse)
        self.play(Unfold(folded, chain))
        self.play(LaggedStart(*(Dissolve(self.chips[t], appear=True, shift=0.2 * UP) for t in window.shown),
                              lag_ratio=0.2), run_time=timing.move)
        pace = self.pace(steps, timing.pulse)
        for t in range(steps):  # the sentence runs through the copies, step by step
            scroll = window.advance(t)
            if scroll:
                self.play(*scroll, Dissolve(self.chips[t], appear=True, shift=0.2 * UP), run_time=timing.fade * pace)
            j = window.slot(t)
            wires = [chain.inputs[(0, 0)][j], *(chain.states[s][(0, 0)][j + 1] for s in states)]
            self.play(*(w.pulse() for w in wires), GrowFromEdge(strips[t], DOWN), Dissolve(state_names[t], appear=True),
                      run_time=timing.pulse * pace)
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
        # Each step's token as its chip (a coloured word would not read on a light slide).
        tokens = VGroup(*(TokenChip(self.tokens[k], k, theme).next_to(graph.node("x", k + 1), DOWN, buff=sizes.text_buff)
                          for k in shown))
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
        self.keep_chip_size(tokens)

        lines = self.symbols.equations_for(nl) + ((OUTPUT_FORMULA,) if has_output else ())
        formulas = VGroup(*(make_math(line, theme) for line in lines))
        formulas.arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff)
        panel.inset(0.15, 0.0).fit(formulas, aligned_edge=UL)

        # Section 3.4's formula with the step's numbers: the two products, their sum, its tanh.
        title = self.note("real_numbers_at", t=t + 1)
        self.terms = tanh_terms(trace, t)
        self.board, equation = board, equation = self.terms_board(panel.width)
        heading = VGroup(title, equation).arrange(RIGHT, buff=0.3)
        if heading.width > panel.width - 0.3:  # words and symbols may shrink a little; the digits never
            heading.scale_to_fit_width(panel.width - 0.3)
        substituted = VGroup(heading, board).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        rounding = board.rounding_note(terms=[0, 1], total=2, lang=self.lang) if self.terms.reset is None else None
        if rounding is not None:  # printed terms that do not add up in their last digit: say why
            substituted.add(fit_width(rounding, panel.width).next_to(board, DOWN, buff=0.2, aligned_edge=LEFT))
        self.rounding = rounding
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
        if self.rounding is not None:
            self.play(Dissolve(self.rounding, appear=True), run_time=timing.fade)
        self.close_loop()

    def terms_board(self, width: float) -> tuple[ColumnBoard, Mobject]:
        """The columns ``W_ih x_t + b_ih``, ``+ W_hh h_{t-1} + b_hh``, ``= a_t``, tanh, ``h_t`` (the
        LSTM's candidate ``g``, the GRU's ``n`` with its reset gate), and the equation they show."""
        theme, terms, nl = self.theme, self.terms, self.trace.nonlinearity
        block, rnn = terms.block, self.trace.arch == "rnn"
        out = "h" if rnn else block

        def product(kind: str, vector: str) -> str:  # e.g. W_{ih} x_t + b_{ih}, set on two lines
            weight = kind if rnn else f"{kind[0]}{block}"
            return rf"\begin{{array}}{{l}} W_{{{weight}}} {vector} \\ \quad + b_{{{weight}}} \end{{array}}"

        columns = [BoardVector("pre", terms.input_term, product("ih", "x_t"))]
        symbols: list = ["+"]
        if terms.reset is not None:  # the GRU's reset gate scales the recurrent term after the product
            columns.append(BoardVector("r", terms.reset, tex("r")))
            symbols.append(make_math(r"\odot", theme))
        columns += [BoardVector("pre", terms.recurrent_term, product("hh", "h_{t-1}")),
                    BoardVector("pre", terms.pre, tex("pre" if rnn else f"pre_{block}")),
                    BoardVector(out, terms.out, tex(out))]
        activation = self.symbols.update_for(nl).ops[-1].removeprefix("map:") if rnn else r"\tanh"  # or ReLU
        symbols += ["=", function_arrow(activation, theme)]
        board = ColumnBoard(columns, symbols, theme, units=self.units, cell_size=self.printed_cell, width=width,
                            lang=self.lang)
        equation = next(line for line in self.symbols.equations_for(nl) if line.startswith(f"{out}_t ="))
        return board, make_math(equation, theme)

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


#: A heat grid's gap between blocks of rows or columns, in squares.
BLOCK_GAP = 0.6
#: Height kept in a region for the names above and under a grid and a line of notes.
LABEL_ROOM = 1.1
#: The arrow of an activation, from a block of the product to the gate's values.
ARROW_LENGTH = 1.2


#: How much wider than the drawing under or over it a line of notes may be before it shrinks.
NOTE_REACH = 1.3


def fit_width(mobject: Mobject, width: float) -> Mobject:
    """Shrink ``mobject`` to ``width`` if it is wider (a long note over a narrow drawing)."""
    if mobject.width > width:
        mobject.scale_to_fit_width(width)
    return mobject


def appearing(*mobjects: Mobject) -> list[Dissolve]:
    """Each mobject fading in (by opacity, without copies)."""
    return [Dissolve(m, appear=True) for m in mobjects]


# ---- engineering: one matrix product per step ----------------------------------------------------
class EngineeringScene(ChapterScene):
    """The engineering view of one step (the notes' figures 3, 16 and 17, section 3.5).

    ``h_{t-1}`` and ``x_t`` stack into one vector, which is multiplied ONCE by the layer's
    stacked weights ``[W_hh | W_ih]`` (drawn as a heat grid of the model's own values; the
    formula states their real shape: ``H``, ``3H`` or ``4H`` rows by ``H + I`` columns); the
    result is split into the gates in PyTorch's order and each block goes through its sigmoid or
    tanh. A GRU's candidate keeps its two parts apart, because its reset gate multiplies the h
    part after the product. Then the notes' question, "why is there no matrix product per
    step?": the input parts of all steps are one product over the whole sequence,
    ``W_ih [x_1 ... x_T]``, before the loop.

    The step drawn is the second (the first whose ``h_{t-1}`` is not the zero start), of the
    first layer's forward direction. Of a larger layer, the first ``units`` units of every gate
    block, of ``h`` and of ``x`` are drawn (a note says so). Every value comes from the Trace and
    :mod:`rnnviz.analysis.fused`.

    Attributes (set while constructing, for tests): :attr:`step`, :attr:`fused` (the
    :class:`~rnnviz.analysis.fused.FusedStep`), :attr:`shown` (the units drawn of each block,
    of ``h`` and of ``x``), :attr:`weights` (the grid of ``[W_hh | W_ih]``), :attr:`concat` (the
    ``h_{t-1}`` and ``x_t`` strips, stacked), :attr:`blocks` (the product's grid per gate),
    :attr:`gates` (each gate's strip after its activation), :attr:`input_weights`,
    :attr:`inputs` and :attr:`input_parts` (the sequence's one product); of the animation,
    :attr:`unstacked` (the ``h_{t-1}`` and ``x_t`` rows with their values, each with its name).
    """

    def construct(self) -> None:
        trace, theme = self.trace, self.theme
        self.step = min(1, trace.steps - 1)
        self.fused: FusedStep = fused_step(trace, self.step)
        self.gate_names = self.fused.gates
        # Drawn units: of each gate block's rows, of h_{t-1}'s and of x_t's columns.
        self.shown = (min(self.units, trace.hidden_size), min(self.units, self.fused.hidden_columns),
                      min(self.units, trace.input_size))
        self.sentence = self.make_sentence().focus(None)
        self.counter = self.make_counter(self.step, prefix=self.part_drawn())
        self.header = self.make_header(term("engineering_title", self.lang), formula=self.formula())
        step_region, sequence_region = self.layout.body.split(0.6, vertical=not self.layout.side_by_side)
        step_region, sequence_region = step_region.inset(0.1), sequence_region.inset(0.1)
        # One square size for every grid: as large as the taller view's rows allow, then, if a row of
        # grids is too wide, smaller by what its columns of squares must give up (its text stays).
        # The squares give up at most half their side; on a frame too narrow for that (a tall
        # one), the views are then scaled whole, text and all.
        side = self.cell_side(step_region, sequence_region)
        step_view, sequence_view = self.build_step(side), self.build_sequence(side)
        fits = min((region.width - (row.width - side * columns)) / columns
                   for row, region, columns in ((self.step_row, step_region, self.step_columns),
                                                (self.sequence_row, sequence_region, self.sequence_columns)))
        if fits < side:
            side = max(fits, side / 2)
            step_view, sequence_view = self.build_step(side), self.build_sequence(side)
        step_region.fit(step_view)
        sequence_region.fit(sequence_view)
        for k in range(trace.steps):  # the step's token stands out; the others are dimmed
            if k != self.step:
                self.sentence.chip(k).set_look("dim")
        if self.still:  # the designed final frame, without playing up to it
            self.add(self.header, self.counter, self.sentence, step_view, sequence_view)
            return
        loose = self.unstacked = self.loose_vectors(step_region)

        timing = theme.timing
        self.add(self.header, self.counter, self.sentence, loose)
        self.mark_opening()
        # 1. The step's two vectors stack into one, which takes its place right of the weights.
        self.wait(timing.hold)
        self.play(ReplacementTransform(loose[0], self.concat[0]), ReplacementTransform(loose[1], self.concat[1]),
                  Dissolve(self.concat_labels, appear=True), run_time=timing.move)
        self.play(*appearing(self.weights, self.weight_labels, self.signs), run_time=timing.move)
        self.wait(timing.pause)
        # 2. One product: every row of the grid with the stacked vector at once.
        self.play(LaggedStart(*(GrowFromEdge(block, LEFT) for block in self.blocks.values()), lag_ratio=0.2),
                  Dissolve(self.block_labels, appear=True), run_time=timing.gate)
        self.wait(timing.pause)
        # 3. Split in PyTorch's order, each block through its activation.
        self.play(LaggedStart(*(Dissolve(VGroup(arrow, strip, label), appear=True, shift=0.3 * RIGHT)
                                for arrow, strip, label in self.activations), lag_ratio=0.25),
                  Dissolve(self.step_notes, appear=True), run_time=timing.gate)
        self.wait(timing.hold)
        # 4. Why no product per step: the input parts of all steps are one product.
        self.play(Dissolve(self.question, appear=True), run_time=timing.fade)
        self.play(*appearing(self.input_weights, self.inputs, self.sequence_signs, self.sequence_labels),
                  run_time=timing.move)
        self.play(GrowFromEdge(self.input_parts, LEFT), Dissolve(self.parts_shape, appear=True), run_time=timing.gate)
        self.play(*appearing(self.current, self.sequence_notes), run_time=timing.fade)
        self.close_loop()

    # ---- pieces ---------------------------------------------------------------------------------
    def part_drawn(self) -> str:
        """The counter's prefix: the arch, and which layer and direction of a larger network."""
        parts = [self.symbols.name]
        if self.trace.num_layers > 1:
            parts.append(term("stacked_layer", self.lang, n=1, total=self.trace.num_layers))
        if self.trace.num_directions > 1:
            parts.append(term("forward", self.lang))
        return " · ".join(parts)

    def formula(self) -> str:
        """``W [h_{t-1}; x_t] + b`` with W's real shape, e.g. ``32 x 16 = 4H x (H + I)``."""
        rows, columns = self.fused.weight.shape
        blocks = len(self.gate_names)
        hidden = "P" if self.trace.proj_size else "H"
        return (rf"W\,[\,h_{{t-1}};\ x_t\,] + b, \quad W = [\,W_{{hh}} \mid W_{{ih}}\,]:\ "
                rf"{rows} \times {columns} = {blocks if blocks > 1 else ''}H \times ({hidden} + I)")

    def cell_side(self, step_region: Region, sequence_region: Region) -> float:
        """The squares' side at which the tallest column of squares (the weights' drawn rows or
        the stacked vector) fills the height of the regions."""
        block_rows, h_columns, x_columns = self.shown
        rows = max(len(self.gate_names) * block_rows + BLOCK_GAP * (len(self.gate_names) - 1), h_columns + x_columns)
        room = min(step_region.height, sequence_region.height) - LABEL_ROOM
        return min(self.theme.sizes.cell / 2, room / rows)

    def drawn_rows(self, matrix: np.ndarray) -> np.ndarray:
        """The drawn rows of a stacked matrix or vector: the first units of every gate block."""
        blocks = np.split(np.asarray(matrix), len(self.gate_names))
        return np.concatenate([block[: self.shown[0]] for block in blocks])

    def build_step(self, side: float) -> VGroup:
        """``[W_hh | W_ih] · [h_{t-1}; x_t] + b =`` the blocks, each through its activation."""
        theme, sizes, fused, trace = self.theme, self.theme.sizes, self.fused, self.trace
        block_rows, h_columns, x_columns = self.shown
        names = sizes.small_math_font
        groups = (block_rows,) * len(self.gate_names)
        gap = BLOCK_GAP * side
        h_part = self.drawn_rows(fused.weight[:, :h_columns])
        x_part = self.drawn_rows(fused.weight[:, fused.hidden_columns: fused.hidden_columns + x_columns])
        self.weights = HeatGrid(np.concatenate([h_part, x_part], axis=1), theme, cell_size=side, row_groups=groups,
                                column_groups=(h_columns, x_columns), gap=gap)
        self.weight_labels = VGroup(
            make_math(r"W_{hh}", theme, size=names).next_to(self.weights.cell(0, (h_columns - 1) // 2), UP),
            make_math(r"W_{ih}", theme, size=names).next_to(self.weights.cell(0, h_columns + (x_columns - 1) // 2), UP),
            make_math(rf"{fused.weight.shape[0]} \times {fused.weight.shape[1]}", theme, size=names)
            .next_to(self.weights, DOWN, buff=sizes.text_buff),
        )
        for label in self.weight_labels[:2]:
            label.align_to(self.weight_labels[0], DOWN)
        # Which gate each block of rows computes, left of the grid.
        self.weight_labels.add(*(
            make_math(gate, theme, size=names, color=theme.array_color(gate))
            .next_to(self.weights.block(k), LEFT, buff=sizes.text_buff)
            for k, gate in enumerate(self.gate_names)
        ))
        # Squares across the view: the grid, the stacked vector, the product (two for a GRU's n), a gate.
        self.step_columns = h_columns + x_columns + 1 + (2 if trace.arch == "gru" else 1) + 1
        # The stacked vector, right of the grid: h_{t-1} over x_t.
        self.concat = VGroup(*(
            VectorStrip(trace.get(array)[self.step], array, theme, units=units, vertical=True, cell_size=side,
                        show_values=False)
            for array, units in (("h_prev", h_columns), ("x", x_columns))
        )).arrange(DOWN, buff=0.0)
        dot = make_math(r"\cdot", theme).next_to(self.weights, RIGHT, buff=2 * sizes.text_buff)
        self.concat.next_to(dot, RIGHT, buff=2 * sizes.text_buff)
        self.concat_labels = VGroup(*(
            make_math(tex(array, self.step + 1), theme, size=names).next_to(strip.cells, RIGHT, buff=sizes.text_buff)
            for array, strip in zip(("h_prev", "x"), self.concat)
        ))
        plus = make_math(r"+\ b\ =", theme).next_to(self.concat_labels, RIGHT, buff=2 * sizes.text_buff)
        self.signs = VGroup(dot, plus)
        # The product, block by block, level with the rows that computed it.
        scale = float(np.abs(np.concatenate([fused.product, fused.hidden_part, fused.input_part])).max()) or 1.0
        parts = {name: fused.blocks(name) for name in ("product", "hidden_part", "input_part")}
        self.blocks: dict[str, HeatGrid] = {}
        self.block_labels = VGroup()
        left = plus.get_right()[0] + 2 * sizes.text_buff
        for k, gate in enumerate(self.gate_names):
            if trace.arch == "gru" and gate == "n":  # the reset gate scales the h part after the product
                values = np.stack([parts["hidden_part"][gate], parts["input_part"][gate]], axis=1)[:block_rows]
                block = HeatGrid(values, theme, cell_size=side, scale=scale, column_groups=(1, 1), gap=gap)
            else:
                block = HeatGrid(parts["product"][gate][:block_rows, None], theme, cell_size=side, scale=scale)
            block.move_to(self.weights.block(k)).set_x(left + block.width / 2)
            self.blocks[gate] = block
            if block.shape[1] == 2:  # which part is which, under the block
                self.block_labels.add(*(
                    make_math(part, theme, size=names).next_to(block.cell(block_rows - 1, c), DOWN,
                                                              buff=sizes.text_buff)
                    for c, part in enumerate("hx")))
        # Each block through its activation into the gate's values.
        self.gates: dict[str, VectorStrip] = {}
        self.activations: list[tuple[VGroup, VectorStrip, Mobject]] = []
        right = max(block.get_right()[0] for block in self.blocks.values())
        for gate, block in self.blocks.items():
            array = "h" if trace.arch == "rnn" else gate
            strip = VectorStrip(trace.get(array)[self.step], array, theme, units=block_rows, vertical=True,
                                cell_size=side, show_values=False)
            strip.move_to(block).set_x(right + ARROW_LENGTH + strip.width / 2)
            arrow = Arrow([right + 0.1, block.get_y(), 0], [strip.get_left()[0] - 0.1, block.get_y(), 0], buff=0,
                          stroke_width=sizes.stroke, color=theme.foreground, max_tip_length_to_length_ratio=0.15)
            activation = self.symbols.activations[gate] if trace.arch != "rnn" else trace.nonlinearity
            name = make_text(ACTIVATIONS[activation], theme, size=sizes.small_font).next_to(arrow, UP, buff=0.05)
            label = make_math(tex(array, self.step + 1), theme, size=names, color=theme.array_color(array))
            label.next_to(strip.cells, RIGHT, buff=sizes.text_buff)
            self.gates[gate] = strip
            self.activations.append((VGroup(arrow, name), strip, label))
        notes = []
        if trace.arch != "rnn":
            notes.append(term("gate_order", self.lang, order=", ".join(self.gate_names)))
        if trace.arch == "gru":
            notes.append(term("n_kept_apart", self.lang))
        if self.shown != (trace.hidden_size, fused.hidden_columns, trace.input_size):
            notes.append(term("units_drawn", self.lang, units=self.units))
        self.step_notes = VGroup(*(make_text(note, theme, size=sizes.small_font) for note in notes))
        self.step_notes.arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff)
        self.step_row = VGroup(self.weights, self.weight_labels, self.concat, self.concat_labels, self.signs,
                               *self.blocks.values(), self.block_labels, *(VGroup(*a) for a in self.activations))
        if not notes:
            return VGroup(self.step_row)
        fit_width(self.step_notes, NOTE_REACH * self.step_row.width)
        self.step_notes.next_to(self.step_row, DOWN, buff=2 * sizes.text_buff, aligned_edge=LEFT)
        return VGroup(self.step_row, self.step_notes)

    def build_sequence(self, side: float) -> VGroup:
        """``W_ih [x_1 ... x_T] + b_ih``: the input parts of every step, one product."""
        theme, sizes, trace = self.theme, self.theme.sizes, self.trace
        block_rows, _, x_columns = self.shown
        names = sizes.small_math_font
        groups = (block_rows,) * len(self.gate_names)
        gap = BLOCK_GAP * side
        self.question = make_text(term("why_no_product", self.lang), theme, size=sizes.label_font)
        self.input_weights = HeatGrid(self.drawn_rows(trace.weight("weight_ih")[:, :x_columns]), theme,
                                      cell_size=side, row_groups=groups, gap=gap)
        self.inputs = HeatGrid(trace.get("x")[:, :x_columns].T, theme, cell_size=side)
        dot = make_math(r"\cdot", theme).next_to(self.input_weights, RIGHT, buff=2 * sizes.text_buff)
        self.inputs.next_to(dot, RIGHT, buff=2 * sizes.text_buff)
        plus = make_math(r"+\ b_{ih}\ =", theme).next_to(self.inputs, RIGHT, buff=2 * sizes.text_buff)
        projection = input_projection(trace)  # (T, G * H)
        self.input_parts = HeatGrid(self.drawn_rows(projection.T), theme, cell_size=side, row_groups=groups, gap=gap)
        self.input_parts.next_to(plus, RIGHT, buff=2 * sizes.text_buff).align_to(self.input_weights, UP)
        self.sequence_signs = VGroup(dot, plus)
        self.sequence_columns = x_columns + 2 * trace.steps
        # Each step's column marked in its token's colour, over both grids that have one per step.
        marks = VGroup()
        for grid in (self.inputs, self.input_parts):
            for k in range(trace.steps):
                mark = SurroundingRectangle(grid.cell(0, k), buff=0).stretch_to_fit_height(side / 2)
                mark.set_style(fill_color=theme.token_color(k), fill_opacity=1.0, stroke_width=0)
                marks.add(mark.next_to(grid.cell(0, k), UP, buff=side / 3))
        self.sequence_labels = VGroup(
            marks,
            make_math(r"W_{ih}", theme, size=names).next_to(self.input_weights, DOWN, buff=sizes.text_buff),
            make_math(r"[\,x_1 \cdots x_{%d}\,]" % trace.steps, theme, size=names)
            .next_to(self.inputs, DOWN, buff=sizes.text_buff),
        )
        self.parts_shape = make_math(rf"{projection.shape[1]} \times {projection.shape[0]}", theme, size=names)
        self.parts_shape.next_to(self.input_parts, DOWN, buff=sizes.text_buff)
        # The column of the step drawn left: its input part, taken from the one product.
        column = VGroup(*(self.input_parts.cell(r, self.step) for r in range(self.input_parts.shape[0])))
        color = theme.token_color(self.step)
        self.current = VGroup(
            SurroundingRectangle(column, buff=0.04, color=color, stroke_width=sizes.stroke),
            make_math(rf"W_{{ih}}\,x_{{{self.step + 1}}} + b_{{ih}}", theme, size=names)
            .next_to(self.parts_shape, DOWN, buff=sizes.text_buff),
        )
        self.sequence_row = VGroup(self.input_weights, self.inputs, self.input_parts, self.sequence_signs,
                                   self.sequence_labels, self.parts_shape, self.current)
        fit_width(self.question, NOTE_REACH * self.sequence_row.width)
        self.question.next_to(self.sequence_row, UP, buff=3 * sizes.text_buff)
        self.sequence_notes = VGroup(
            make_text(term("input_parts_at_once", self.lang, steps=trace.steps), theme, size=sizes.small_font),
            make_text(term("only_h_part_waits", self.lang), theme, size=sizes.small_font),
        ).arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff)
        fit_width(self.sequence_notes, NOTE_REACH * self.sequence_row.width)
        self.sequence_notes.next_to(self.sequence_row, DOWN, buff=2 * sizes.text_buff)
        return VGroup(self.question, self.sequence_row, self.sequence_notes)

    def loose_vectors(self, region: Region) -> VGroup:
        """The step's ``h_{t-1}`` and ``x_t`` as two rows with their values (where the region is
        wide enough for printed cells), before they stand up and stack into one column."""
        theme, trace = self.theme, self.trace
        _, h_columns, x_columns = self.shown
        side = min(self.printed_cell, region.width / (max(h_columns, x_columns) + 2), region.height / 4)
        vectors = VGroup(*(
            VectorStrip(trace.get(array)[self.step], array, theme, units=units, cell_size=side)
            for array, units in (("h_prev", h_columns), ("x", x_columns))
        )).arrange(DOWN, buff=side, aligned_edge=LEFT)
        labels = VGroup(*(make_math(tex(array, self.step + 1), theme).next_to(strip, LEFT, buff=theme.sizes.text_buff)
                          for array, strip in zip(("h_prev", "x"), vectors)))
        region.fit(VGroup(vectors, labels))
        return VGroup(VGroup(vectors[0], labels[0]), VGroup(vectors[1], labels[1]))


# ---- squash: sigmoid and tanh on real numbers, and why the state needs them ---------------------------
#: How many times the squash scene multiplies a state by the recurrent matrix.
REPEATS = 10
#: Size of the squash scene's plot of the two functions and of its chart of lengths.
PLOT_WIDTH, PLOT_HEIGHT, CHART_WIDTH = 4.0, 1.4, 3.4
#: The two functions, as the squash scene's header writes them.
SQUASH_FORMULA = r"\sigma(x) = 1 / (1 + e^{-x}) \qquad \tanh(x) = (e^{x} - e^{-x}) / (e^{x} + e^{-x})"


class SquashScene(ChapterScene):
    """Squashing functions on the model's own numbers (the notes' section 6.2; the source posts
    printed "tanh(0.1) = 0.009").

    Left: one step's real pre-activation of the layer's tanh (the RNN's ``a_t``, the LSTM's
    ``a^g_t``, the GRU's ``a^n_t``) goes through sigmoid, into (0, 1), and through tanh, into
    (-1, 1): its units are dots on both curves and both results are printed; tanh of it is the
    recorded ``h_t``, ``g_t`` or ``n_t``. Right: why a recurrent layer squashes. The state the
    layer ends on is multiplied again and again by the layer's own recurrent matrix: without tanh
    its length follows the matrix's spectral radius (it explodes above 1 and vanishes below),
    with tanh every unit stays inside (-1, 1). Every number comes from
    :mod:`rnnviz.analysis.squash`.

    Attributes for tests: :attr:`squashed` and :attr:`repeated` (the analysis results drawn),
    :attr:`pre`, :attr:`sigmoid` and :attr:`tanh` (the left strips), :attr:`dots` (per curve, one
    per unit drawn), :attr:`linear` and :attr:`bounded` (the right strips, holding the last
    repetition shown), :attr:`chart` (its points per series, ``REPEATS + 1`` each).
    """

    def construct(self) -> None:
        trace, theme = self.trace, self.theme
        self.squashed = squash_step(trace)
        self.repeated = repeated_products(trace, times=REPEATS)
        self.counter = self.make_counter(self.squashed.step)
        self.header = self.make_header(term("squash_title", self.lang), formula=SQUASH_FORMULA)
        # Two rows, each a chart beside its strips; the first row's title names the token read.
        functions, repetition = self.build_functions(), self.build_repetition()
        rows = VGroup(functions, repetition).arrange(DOWN, buff=3 * theme.sizes.text_buff, aligned_edge=LEFT)
        self.layout.below_header.fit(rows)
        if self.still:  # the designed final frame: every product drawn, the strips at the last
            self.add(self.header, self.counter, rows)
            return
        timing = theme.timing
        last = self.repeat_count
        self.repeat_count = self.count_label(0).move_to(last, aligned_edge=LEFT)
        self.linear.strip.set_values(self.repeated.linear[0])
        self.bounded.strip.set_values(self.repeated.squashed[0])

        self.add(self.header, self.counter, self.functions_title, self.plot, self.pre)
        self.mark_opening()
        # 1. One step's pre-activation: its units as dots on both curves, then both results.
        self.wait(timing.pause)
        for name in ("sigmoid", "tanh"):
            self.play(LaggedStart(*(Dissolve(dot, appear=True) for dot in self.dots[name]), lag_ratio=0.1),
                      run_time=timing.move)
            self.play(Dissolve(getattr(self, name), appear=True, shift=0.2 * DOWN), run_time=timing.fade)
        self.wait(timing.hold)
        # 2. The same matrix again and again, without and with tanh.
        series = list(self.chart.markers)
        self.play(*appearing(self.repeat_title, self.chart.coords, self.chart.ticks, self.chart.axis_names, self.series_names,
                          self.linear, self.bounded, self.repeat_count, *(self.chart.markers[name][0] for name in series)),
                  run_time=timing.move)
        shown = self.repeat_count
        for k in range(1, REPEATS + 1):
            count = self.count_label(k).move_to(shown, aligned_edge=LEFT)
            self.play(
                self.linear.strip.animate_to(self.repeated.linear[k]),
                self.bounded.strip.animate_to(self.repeated.squashed[k]),
                ReplacementTransform(shown, count),
                *appearing(*(VGroup(self.chart.segments[name][k - 1], self.chart.markers[name][k]) for name in series)),
                run_time=timing.fade,
            )
            shown = count
        self.repeat_count = shown
        self.play(Dissolve(self.verdict, appear=True), run_time=timing.fade)
        self.close_loop()

    # ---- left: sigmoid and tanh of one step ------------------------------------------------------
    def build_functions(self) -> VGroup:
        """The two curves with the units as dots, the pre-activation and both results as strips."""
        theme, sizes, squashed, trace = self.theme, self.theme.sizes, self.squashed, self.trace
        step = squashed.step + 1
        units = min(self.units, squashed.pre.size)
        a = tex(squashed.name, step)
        self.functions_title = make_text(term("squash_real", self.lang, t=step, token=self.tokens[squashed.step]), theme,
                                         size=sizes.label_font)
        self.plot = ActivationPlot(max(4.0, float(np.ceil(np.abs(squashed.pre[:units]).max()))), theme,
                                   width=PLOT_WIDTH, height=PLOT_HEIGHT)
        self.dots = {name: self.plot.dots(name, squashed.pre[:units], getattr(squashed, name)[:units])
                     for name in ("sigmoid", "tanh")}
        recorded = "h" if trace.arch == "rnn" else TANH_BLOCK[trace.arch]  # what tanh of it is, in the Trace
        rows = {
            "pre": ("pre", squashed.pre, a),
            "sigmoid": ("pre", squashed.sigmoid, rf"\sigma({a})"),
            "tanh": (recorded, squashed.tanh, rf"\tanh({a}) = {tex(recorded, step)}"),
        }
        strips = {name: NamedVector(values, array, label, theme, units=self.units, cell_size=self.printed_cell,
                                    side="left")
                  for name, (array, values, label) in rows.items()}
        self.pre, self.sigmoid, self.tanh = strips["pre"], strips["sigmoid"], strips["tanh"]
        column = VGroup(*strips.values()).arrange(DOWN, buff=sizes.text_buff)
        for strip in strips.values():  # the strips' cells in line, their names hanging left
            strip.shift((column.get_right()[0] - strip.strip.get_right()[0]) * RIGHT)
        body = VGroup(VGroup(self.plot, *self.dots.values()), column).arrange(RIGHT, buff=2 * sizes.text_buff)
        return VGroup(self.functions_title, body).arrange(DOWN, buff=sizes.text_buff, aligned_edge=LEFT)

    # ---- right: again and again ---------------------------------------------------------------
    def count_label(self, k: int) -> Mobject:
        """``k = 3``: how many products the strips hold."""
        return make_text(f"k = {k}", self.theme)

    def build_repetition(self) -> VGroup:
        """The chart of both lengths with the verdict in its empty corner, then the two strips
        after the last product."""
        theme, sizes, repeated, trace = self.theme, self.theme.sizes, self.repeated, self.trace
        w = rf"W_{{h{TANH_BLOCK[trace.arch]}}}"
        self.repeat_count = self.count_label(REPEATS)
        self.repeat_title = VGroup(
            make_text(term("again_and_again", self.lang), theme, size=sizes.label_font),
            make_math(rf"v_0 = {tex('h', trace.steps)}, \quad u_0 = v_0, \quad u_k = \tanh({w}\, u_{{k-1}})", theme,
                      size=sizes.small_math_font),
        ).arrange(RIGHT, buff=3 * sizes.text_buff)
        self.repeat_count.next_to(self.repeat_title, RIGHT, buff=6 * sizes.text_buff)
        colors = {"linear": theme.foreground, "bounded": theme.activation_color("tanh")}
        self.chart = NormChart({"linear": repeated.linear_norms, "bounded": repeated.squashed_norms}, colors, theme,
                               y_label=term("length_log", self.lang), width=CHART_WIDTH, height=PLOT_HEIGHT)
        self.series_names = VGroup(*(
            make_math(name_tex, theme, size=sizes.small_math_font, color=colors[name])
            .next_to(self.chart.markers[name][-1], RIGHT, buff=sizes.text_buff)
            for name, name_tex in (("linear", rf"\lVert {w}^k v_0 \rVert"), ("bounded", r"\lVert u_k \rVert"))
        ))
        rho = f"{repeated.spectral_radius:.2f}"
        verdict = term("explodes" if repeated.explodes else "vanishes", self.lang, rho=rho)
        self.verdict = VGroup(
            VGroup(make_math(rf"\rho({w}) = {rho}", theme, size=sizes.small_math_font),
                   make_text(verdict, theme, size=sizes.small_font)).arrange(RIGHT, buff=sizes.text_buff),
            make_text(term("bounded", self.lang), theme, size=sizes.small_font, color=colors["bounded"]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff)
        self.linear = NamedVector(repeated.linear[-1], "pre", rf"{w}^k v_0", theme, units=self.units,
                                  cell_size=self.printed_cell, side="left")
        self.bounded = NamedVector(repeated.squashed[-1], "h", "u_k", theme,
                                   units=self.units, cell_size=self.printed_cell, side="left")
        strips = VGroup(self.linear, self.bounded).arrange(DOWN, buff=sizes.text_buff)
        for strip in (self.linear, self.bounded):
            strip.shift((strips.get_right()[0] - strip.strip.get_right()[0]) * RIGHT)
        chart = VGroup(self.chart, self.series_names)
        side = VGroup(strips, self.verdict).arrange(DOWN, buff=2 * sizes.text_buff, aligned_edge=LEFT)
        body = VGroup(chart, side).arrange(RIGHT, buff=2 * sizes.text_buff)
        return VGroup(VGroup(self.repeat_title, self.repeat_count), body).arrange(DOWN, buff=sizes.text_buff,
                                                                                  aligned_edge=LEFT)


# ---- bidirectional: two chains, two sets of weights ----------------------------------------------
#: Side of a square in the chains' colour-only strips.
CHAIN_CELL = 0.24
#: How much larger the bidirectional scene's panel draws the pairs it compares.
PANEL_SCALE = 1.6
#: What the bidirectional scene's header writes.
#: What the stacked scene's header writes.
STACKED_FORMULA = r"x^{(l+1)}_t = h^{(l)}_t \qquad h_n = [\,h^{(1)}_T;\ h^{(2)}_T;\ \dots\,]"
BIDIRECTIONAL_FORMULA = (r"\mathrm{output}[t] = [\,\overrightarrow{h}_t;\ \overleftarrow{h}_t\,] \qquad "
                         r"h_n = [\,\overrightarrow{h}_T;\ \overleftarrow{h}_1\,]")


def weight_legend(theme: Theme, text: str, color: str) -> VGroup:
    """A swatch in a weight set's colour, then ``text`` naming its matrices (in the foreground
    colour, which reads on both themes)."""
    sizes = theme.sizes
    swatch = Square(sizes.small_font / 60, stroke_width=0, fill_color=color, fill_opacity=1.0)
    return VGroup(swatch, make_text(text, theme, size=sizes.small_font)).arrange(RIGHT, buff=sizes.text_buff)


class FinalStatesScene(ChapterScene):
    """What the bidirectional and stacked scenes share: a panel of final states under a title,
    ending on what the classifier reads of them."""

    def reading(self, chips: VGroup, t: int | None) -> list:
        """Animations lighting token ``t``'s chip and dimming the others (``None``: all lit); only
        the chips whose look changes are animated."""
        looks = ["lit" if t is None or k == t else "dim" for k in range(len(chips))]
        return [chip.animate.set_look(look) for chip, look in zip(chips, looks) if chip.look != look]

    def final_state_panel(self, states: VGroup, reads: str) -> VGroup:
        """:attr:`panel_title` over ``states``, then (for a trace with a prediction) the line
        ``reads`` naming the top intent and its probability, kept as :attr:`reads`."""
        sizes = self.theme.sizes
        self.reads = None
        if self.trace.prediction is not None:
            label, prob = self.trace.prediction[0]
            self.reads = make_text(term(reads, self.lang, intent=intent_name(label, self.lang),
                                        percent=format_percent(prob)), self.theme, size=sizes.small_font)
            states.add(self.reads.next_to(states, DOWN, buff=3 * sizes.text_buff, aligned_edge=LEFT))
        return VGroup(self.panel_title, states).arrange(DOWN, buff=3 * sizes.text_buff, aligned_edge=LEFT)


class BidirectionalScene(FinalStatesScene):
    """The notes' figures 4 and 8 (sections 3.6 and 6.4), with the three questions they ask.

    A forward chain reads the sentence left to right, a backward chain right to left: two rows
    of copies with their own weights, in their own colour (PyTorch's ``weight_ih_l0`` and
    ``weight_ih_l0_reverse``). Each copy's state is drawn as a strip of its values; at the end
    the two states of every step are stacked into that step's output, ``output[t]``. Then the
    detail users get wrong: ``h_n`` holds the forward state after the last token and the
    backward state after the FIRST token (the backward chain ends there), while ``output[-1]``
    holds the backward state of the last token, which has read only that token. The classifier
    of the demo model reads ``h_n``.

    Draws one bidirectional layer (the demo's ``{arch}-bidirectional`` model by default; any
    trace of that shape). Attributes for tests: :attr:`chain`, :attr:`states` (``states[d][t]``,
    the strip of direction ``d`` at step ``t``), :attr:`outputs` (per step, the stacked pair),
    :attr:`h_n` and :attr:`last_output` (the panel's stacked pairs), :attr:`reading_order`
    (the steps in the order each direction read them).
    """

    demo_model = get_scene_entry("bidirectional").model

    def construct(self) -> None:
        get_scene_entry("bidirectional").check_trace(self.trace)
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        timing = theme.timing
        steps = trace.steps
        self.header = self.make_header(term("bidirectional_title", self.lang), formula=BIDIRECTIONAL_FORMULA)
        self.chain = chain = UnrolledChain(trace.arch, steps, theme, directions=2, cell_width=1.2, cell_height=1.0)
        self.reading_order = {0: list(range(steps)), 1: list(range(steps - 1, -1, -1))}
        # The states: forward strips above the forward row, backward strips under the backward row.
        self.states: dict[int, list[VectorStrip]] = {}
        for direction in (0, 1):
            outward = UP if direction == 0 else DOWN
            self.states[direction] = [
                self.chain_strip(trace.get("h", direction=direction)[t]).next_to(
                    chain.outputs[(0, direction)][t].end, outward, buff=0.06)
                for t in range(steps)
            ]
        chips = self.make_chips()
        for t, chip in enumerate(chips):
            below_forward, above_backward = chain.inputs[(0, 0)][t].start, chain.inputs[(0, 1)][t].start
            chip.move_to((below_forward + above_backward) / 2)
        # Each step's output: its two states stacked, in a row above the chain.
        top = max(strip.get_top()[1] for strip in self.states[0]) + 0.45
        self.outputs = [
            VGroup(self.states[0][t].copy(), self.states[1][t].copy()).arrange(DOWN, buff=0).move_to(
                [self.states[0][t].get_x(), top, 0.0], aligned_edge=DOWN)
            for t in range(steps)
        ]
        math = sizes.small_math_font
        row_names = VGroup(
            make_math(r"\mathrm{output}[t]", theme, size=math).next_to(self.outputs[0], LEFT, buff=2 * sizes.text_buff),
            make_math(r"\overrightarrow{h}_t", theme, size=math).next_to(self.states[0][0], LEFT, buff=2 * sizes.text_buff),
            make_math(r"\overleftarrow{h}_t", theme, size=math).next_to(self.states[1][0], LEFT, buff=2 * sizes.text_buff),
        )
        weight_names = VGroup(*(
            weight_legend(theme, f"{term(name, self.lang)}: {self.symbols.weight_name('ih', 0, d == 1)}, "
                                 f"{self.symbols.weight_name('hh', 0, d == 1)}", theme.weight_color(0, d, 2))
            for d, name in ((0, "forward"), (1, "backward"))
        ))
        reversed_note = self.note("reads_reversed")
        drawing = VGroup(chain, chips, *self.states[0], *self.states[1], *self.outputs, row_names)
        weight_names[0].next_to(drawing, UP, buff=sizes.text_buff, aligned_edge=LEFT)
        weight_names[1].next_to(drawing, DOWN, buff=sizes.text_buff, aligned_edge=LEFT)
        reversed_note.next_to(weight_names[1], RIGHT, buff=4 * sizes.text_buff)
        drawing.add(weight_names, reversed_note)
        panel = self.build_final_states()
        chain_region, panel_region = self.layout.below_header.split(0.64, vertical=not self.layout.side_by_side)
        chain_region.inset(0.1, 0.0).fit(drawing)
        panel_region.inset(0.1, 0.0).fit(panel)
        self.keep_chip_size(chips)
        self.link_final_states()
        if self.still:  # the designed final frame, without playing up to it
            self.add(self.header, drawing, panel, self.links)
            return

        self.add(self.header, chain, chips, row_names[1:], weight_names)
        self.mark_opening()
        # 1. The forward chain reads the sentence left to right, the backward one right to left.
        for direction in (0, 1):
            if direction == 1:
                self.play(Dissolve(reversed_note, appear=True), run_time=timing.fade)
            pace = self.pace(2 * steps, timing.pulse)
            for t in self.reading_order[direction]:
                row = (0, direction)
                wires = [chain.inputs[row][t], *(chain.states[s][row][t] for s in self.symbols.states)]
                grow = GrowFromEdge(self.states[direction][t], DOWN if direction == 0 else UP)
                self.play(*(w.pulse() for w in wires), grow, *self.reading(chips, t),
                          run_time=timing.pulse * pace)
        lit = self.reading(chips, None)
        if lit:  # a one-token sentence has nothing to light again
            self.play(*lit, run_time=timing.fade)
        # 2. Each step's two states, stacked: its output.
        self.play(*(TransformFromCopy(VGroup(self.states[0][t], self.states[1][t]), self.outputs[t])
                    for t in range(steps)), Dissolve(row_names[0], appear=True), run_time=timing.move)
        self.wait(timing.hold)
        # 3. h_n against output[-1].
        self.play(*appearing(self.panel_title, self.links), run_time=timing.fade)
        for pair, names, note in self.final_rows:
            self.play(Dissolve(names, appear=True), TransformFromCopy(VGroup(*pair.sources), pair), run_time=timing.move)
            self.play(Dissolve(note, appear=True), run_time=timing.fade)
        if self.reads is not None:
            self.play(Dissolve(self.reads, appear=True), run_time=timing.fade)
        self.close_loop()

    def chain_strip(self, values: np.ndarray) -> VectorStrip:
        """A state as a colour-only strip, small enough to sit on the chain."""
        return VectorStrip(values, "h", self.theme, units=self.units, cell_size=CHAIN_CELL, show_values=False)

    def build_final_states(self) -> VGroup:
        """The panel: ``h_n`` and ``output[-1]``, each a stacked pair with what it holds."""
        theme, sizes, trace = self.theme, self.theme.sizes, self.trace
        last, first = trace.steps - 1, 0
        self.panel_title = make_text(term("h_n_or_output", self.lang), theme, size=sizes.label_font)
        rows = []
        for name, backward, note in ((r"h_n", first, "h_n_holds"), (r"\mathrm{output}[-1]", last, "output_last_holds")):
            read = {"n": trace.steps, "token": self.tokens[backward]}
            pair = VGroup(self.chain_strip(trace.get("h", direction=0)[last]),
                          self.chain_strip(trace.get("h", direction=1)[backward])).arrange(DOWN, buff=0)
            pair.scale(PANEL_SCALE)
            pair.sources = (self.states[0][last], self.states[1][backward])
            names = VGroup(
                make_math(name + " =", theme, size=sizes.small_math_font).next_to(pair, LEFT, buff=sizes.text_buff),
                make_math(rf"\overrightarrow{{h}}_{{{last + 1}}}", theme, size=sizes.small_math_font)
                .next_to(pair[0], RIGHT, buff=sizes.text_buff),
                make_math(rf"\overleftarrow{{h}}_{{{backward + 1}}}", theme, size=sizes.small_math_font)
                .next_to(pair[1], RIGHT, buff=sizes.text_buff),
            )
            text = make_text(term(note, self.lang, **read), theme, size=sizes.small_font)
            rows.append((pair, names, text))
        self.h_n, self.last_output = rows[0][0], rows[1][0]
        self.final_rows = rows
        blocks = VGroup(*(VGroup(pair, names, text.next_to(VGroup(pair, names), DOWN, buff=sizes.text_buff,
                                                             aligned_edge=LEFT))
                          for pair, names, text in rows)).arrange(DOWN, buff=4 * sizes.text_buff, aligned_edge=LEFT)
        return self.final_state_panel(blocks, "classifier_reads_h_n")

    def link_final_states(self) -> None:
        """Frames on the chain's strips that the panel's pairs hold (after both are placed)."""
        theme = self.theme
        framed = {id(strip): strip for pair, _, _ in self.final_rows for strip in pair.sources}
        self.links = VGroup(*(SurroundingRectangle(strip, buff=0.04, color=theme.foreground,
                                                   stroke_width=theme.sizes.stroke)
                              for strip in framed.values()))


# ---- stacked: layer l's h_t is layer l+1's x_t ---------------------------------------------------
class StackedScene(FinalStatesScene):
    """The notes' figure 5 (section 3.7): layers on top of each other.

    Layer 1 reads the sentence; the state it computes at each step is drawn on the wire into
    the layer above, and that one strip is both ``h_t`` of layer 1 and ``x_t`` of layer 2 (the
    Trace's ``x`` of layer 2 is layer 1's ``h``; the names say so once layer 2 reads it). Each
    layer has its own weights, in its own colour. At the end ``h_n`` holds one final state per
    layer, and the classifier of the demo model reads the top layer's.

    Draws 2 to 4 stacked layers of one direction (the demo's ``{arch}-stacked`` model by
    default; any trace of that shape). Attributes for tests: :attr:`chain`, :attr:`states`
    (``states[l][t]``, the strip of layer ``l``'s ``h_t``), :attr:`row_names` (per layer, the
    name of its row of strips as drawn last) and :attr:`h_n` (the panel's strips, per layer).
    """

    demo_model = get_scene_entry("stacked").model

    def construct(self) -> None:
        get_scene_entry("stacked").check_trace(self.trace)
        trace, theme, sizes = self.trace, self.theme, self.theme.sizes
        timing = theme.timing
        steps, layers = trace.steps, trace.num_layers
        self.header = self.make_header(term("stacked_title", self.lang), formula=STACKED_FORMULA)
        self.chain = chain = UnrolledChain(trace.arch, steps, theme, layers=layers, cell_width=1.2, cell_height=0.9)
        # Layer l's h_t: on the wire into layer l + 1 (the top layer's on its output wire).
        self.states: list[list[VectorStrip]] = []
        for layer in range(layers):
            wires = chain.inputs[(layer + 1, 0)] if layer + 1 < layers else chain.outputs[(layer, 0)]
            strips = [VectorStrip(trace.get("h", layer=layer)[t], "h", theme, units=self.units, cell_size=CHAIN_CELL,
                                  show_values=False).move_to(wire.get_center() if layer + 1 < layers else wire.end)
                      for t, wire in enumerate(wires)]
            if layer + 1 == layers:
                for strip, wire in zip(strips, wires):
                    strip.next_to(wire.end, UP, buff=0.06)
            self.states.append(strips)
        chips = self.make_chips()
        for t, chip in enumerate(chips):
            chip.next_to(chain.input_point(t), DOWN, buff=sizes.text_buff)
        math = sizes.small_math_font
        self.row_names = [self.state_name(layer, reads=False).next_to(self.states[layer][0], LEFT, buff=2 * sizes.text_buff)
                          for layer in range(layers)]
        self.read_names = [self.state_name(layer, reads=True).move_to(self.row_names[layer], aligned_edge=RIGHT)
                           for layer in range(layers - 1)]
        layer_names = VGroup(*(
            make_text(term("layer_n", self.lang, n=layer + 1), theme, size=sizes.small_font,
                      color=theme.weight_color(layer)).next_to(chain, LEFT, buff=sizes.text_buff)
            .set_y(chain.cell(0, layer).get_y())
            for layer in range(layers)
        ))
        weights = VGroup(*(
            weight_legend(theme, f"{term('layer_n', self.lang, n=layer + 1)}: {self.symbols.weight_name('ih', layer)}, "
                                 f"{self.symbols.weight_name('hh', layer)}", theme.weight_color(layer))
            for layer in range(layers)
        )).arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff / 2)
        names = VGroup(*self.row_names, *self.read_names)  # the read names stand where the others were
        drawing = VGroup(chain, chips, *(s for row in self.states for s in row), names, layer_names)
        weights.next_to(drawing, DOWN, buff=sizes.text_buff, aligned_edge=LEFT)
        drawing.add(weights)
        panel = self.build_final_states(math)
        chain_region, panel_region = self.layout.below_header.split(0.68, vertical=not self.layout.side_by_side)
        chain_region.inset(0.1, 0.0).fit(drawing)
        panel_region.inset(0.1, 0.0).fit(panel)
        self.keep_chip_size(chips)
        self.links = VGroup(*(SurroundingRectangle(row[-1], buff=0.04, color=theme.foreground, stroke_width=sizes.stroke)
                              for row in self.states))
        if self.still:  # the designed final frame: every layer read, its strips named both ways
            self.row_names[: layers - 1] = self.read_names
            drawing.remove(names)
            self.add(self.header, drawing, *self.row_names, panel, self.links)
            return

        self.add(self.header, chain, chips, layer_names, weights)
        self.mark_opening()
        pace = self.pace(layers * steps, timing.pulse)
        for layer in range(layers):
            row = (layer, 0)
            if layer > 0:  # the strips below become this layer's inputs: same vectors, new name
                self.play(ReplacementTransform(self.row_names[layer - 1], self.read_names[layer - 1]),
                          *(Indicate(strip, color=theme.weight_color(layer), scale_factor=1.15)
                            for strip in self.states[layer - 1]), run_time=timing.move)
                self.row_names[layer - 1] = self.read_names[layer - 1]
            for t in range(steps):
                wires = [chain.inputs[row][t], *(chain.states[s][row][t] for s in self.symbols.states)]
                anims = [w.pulse() for w in wires]
                if layer == 0:
                    anims += self.reading(chips, t)
                self.play(*anims, GrowFromEdge(self.states[layer][t], DOWN), run_time=timing.pulse * pace)
            lit = self.reading(chips, None) if layer == 0 else []
            self.play(Dissolve(self.row_names[layer], appear=True), *lit, run_time=timing.fade)
        self.wait(timing.pause)
        self.play(*appearing(self.panel_title, self.links), run_time=timing.fade)
        self.play(*(TransformFromCopy(row[-1], strip) for row, strip in zip(self.states, self.h_n)),
                  Dissolve(self.h_n_names, appear=True), run_time=timing.move)
        if self.reads is not None:
            self.play(Dissolve(self.reads, appear=True), run_time=timing.fade)
        self.close_loop()

    def state_name(self, layer: int, reads: bool) -> Mobject:
        """``h^{(l)}_t``, or once the layer above reads it, ``h^{(l)}_t = x^{(l+1)}_t``."""
        name = rf"h^{{({layer + 1})}}_t"
        if reads:
            name += rf" = x^{{({layer + 2})}}_t"
        return make_math(name, self.theme, size=self.theme.sizes.small_math_font)

    def build_final_states(self, math: float) -> VGroup:
        """The panel: ``h_n``, one final state per layer (top layer on top), and what reads it."""
        theme, sizes, trace = self.theme, self.theme.sizes, self.trace
        self.panel_title = make_text(term("h_n_per_layer", self.lang), theme, size=sizes.label_font)
        self.h_n = [VectorStrip(trace.h_n[layer], "h", theme, units=self.units, cell_size=CHAIN_CELL * PANEL_SCALE,
                                show_values=False) for layer in range(trace.num_layers)]
        column = VGroup(*reversed(self.h_n)).arrange(DOWN, buff=sizes.text_buff)
        self.h_n_names = VGroup(*(
            make_math(rf"h_n[{layer}] = h^{{({layer + 1})}}_{{{trace.steps}}}", theme, size=math)
            .next_to(strip, LEFT, buff=sizes.text_buff)
            for layer, strip in enumerate(self.h_n)
        ))
        return self.final_state_panel(VGroup(column, self.h_n_names), "classifier_reads_top")
