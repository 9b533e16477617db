"""The application case of the course notes (section 4) and its short-term memory (section 5).

Every state is drawn as its tokens' shares (:mod:`rnnviz.analysis.shares`): the share of word
``k`` in ``h_t`` is its measured influence ``||dh_t/dx_k||`` over the words read so far, so the
widths of the colours are computed, not drawn by hand as in the notes' GIFs.

- :class:`IntentScene` (``intent``, rnn-gif4): the words enter one by one; after step ``t`` the
  state ``h_t`` is a disc split into the colours of words ``1..t``. The earlier discs stay in the
  row, so the first words' colours are seen to shrink. The still adds every share as a percentage.
- :class:`ClassifyScene` (``classify``, rnn-gif5): the same row of states; every step has an
  output, the earlier ones are greyed (not used), the last one goes to the classifier and the
  intents' probabilities grow.
- :class:`MemoryScene` (``memory``, section 5): one sentence through rnn, lstm and gru, a row
  each: the first word's share of every state (and the second's) as a bar and a number, a plot
  of the first word's share against the step, and the state gradient ``||dh_T/ds_t||`` that
  explains it; the figure says which model kept the least of the first word.

Each scene draws the last layer, forward direction, of its trace(s). Run one on the demo traces
like any manim scene: ``manim -qm scenes/intent.py IntentScene``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    GrowArrow,
    GrowFromCenter,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    VGroup,
)

from rnnviz.analysis.shares import least_kept, state_shares
from rnnviz.core.trace import Trace
from rnnviz.mobjects.animations import Dissolve
from rnnviz.mobjects.classifier import ClassifierHead, Classify
from rnnviz.mobjects.header import ChangeStep, Header
from rnnviz.mobjects.labels import intent_name, term
from rnnviz.mobjects.layout import Layout, Region
from rnnviz.mobjects.plot import StepPlot
from rnnviz.mobjects.shares import SHAPES, SHARE_TEX, ShareBar, ShareRow, ShareTable, TokenColumns, format_share
from rnnviz.mobjects.symbols import OUTPUT_FORMULA, symbols_for, tex
from rnnviz.mobjects.text import make_math, make_text
from rnnviz.scenes.base import TraceScene
from rnnviz.scenes.comparison import ComparisonScene

__all__ = ["ClassifyScene", "IntentScene", "MemoryScene"]

#: Room right of the classify scene's row for the arrow into the classifier.
ARROW_ROOM = 1.0
#: The most of a wide frame's width the classify scene's row may take from the classifier.
MOST_ROW_SHARE = 0.75
#: The state gradient's symbol, as the memory figure's second plot names it.
GRADIENT_TEX = r"\lVert \partial h_T / \partial s_t \rVert_2"
#: What ``s_t`` is for each architecture (the LSTM carries its memory in ``c_t`` too).
STATE_TEX = r"s_t = h_t \ \ (\mathrm{LSTM}{:}\ h_t,\, c_t)"


class SharesScene(TraceScene):
    """What ``intent`` and ``classify`` share: the demo RNN by default, the shares of the trace's
    states (last layer, forward direction) and their row, each state a disc or (``shape="bar"``)
    a bar of its shares."""

    default_arch = "rnn"

    def __init__(self, trace: Trace | None = None, *, shape: str = "disc", **options: Any) -> None:
        type(self).check_options(trace, shape=shape)
        self.shape = shape
        super().__init__(trace, **options)

    @classmethod
    def check_options(cls, trace: Trace | None, *, shape: str = "disc", **options: Any) -> None:
        """Also refuse a ``shape`` other than a disc or a bar."""
        super().check_options(trace, **options)
        if shape not in SHAPES:
            raise ValueError(f"unknown shape {shape!r}; expected one of {list(SHAPES)}")

    def setup(self) -> None:
        super().setup()
        self.shares = state_shares(self.trace, self.trace.num_layers - 1)

    def share_header(self, title: str, formula: str, note: str) -> Header:
        """The header, and the layout recomputed below it (a title, a formula and a note)."""
        header = self.make_header(title, formula=formula, note=note)
        self.layout = Layout.from_frame(sizes=self.theme.sizes, header_height=header.height)
        return header

    def share_row(self, region: Region, chips: bool = True, radius: float | None = None) -> ShareRow:
        """The row of states, as wide as ``region`` allows (discs of at most ``radius``), centred in it."""
        pitch = min(region.width / self.trace.steps, 3.2 * self.theme.sizes.disc_radius)
        row = ShareRow(self.shares, self.tokens, self.theme, pitch=pitch, radius=radius, chips=chips, shape=self.shape,
                       names=[tex("h", step=t + 1) for t in range(self.trace.steps)])
        return region.fit(row)


class IntentScene(SharesScene):
    """rnn-gif4: the sentence enters word by word; each state is a disc of its words' shares.

    Attributes for tests: :attr:`row` (the :class:`~rnnviz.mobjects.shares.ShareRow`),
    :attr:`shares` (what the discs were given), :attr:`table` (the still's percentages, else
    ``None``).
    """

    def construct(self) -> None:
        theme, timing = self.theme, self.theme.timing
        steps = self.trace.steps
        self.counter = self.make_counter(0)
        self.header = self.share_header(term("intent_title", self.lang), SHARE_TEX, term("share_note", self.lang))
        region = self.layout.below_header
        self.add(self.header, self.counter)
        self.table = None
        if self.still:
            self.counter.set_step(steps - 1)
            self.draw_still(region)
            self.close_loop()
            return

        self.row = row = self.share_row(region)
        self.mark_opening()
        pace = self.pace(steps, 2 * timing.move + timing.pause)
        for t in range(steps):
            chip = row.chips.chips[t]
            self.bring_to_front(self.counter)  # only what changes is redrawn every frame (see MemoryScene)
            anims = [Dissolve(chip, appear=True, shift=theme.sizes.chip_rise * UP), GrowArrow(row.inputs[t])]
            if t > 0:
                anims += [GrowArrow(row.links[t - 1]), ChangeStep(self.counter, t)]
            self.play(*anims, run_time=timing.move * pace)
            self.play(GrowFromCenter(row.states[t]), Dissolve(row.names[t], appear=True), run_time=timing.move * pace)
            self.wait(timing.pause * pace)
        self.close_loop()

    def draw_still(self, region: Region) -> None:
        """The slide: every state's disc, and under it every share as a percentage."""
        sizes = self.theme.sizes
        steps = self.trace.steps
        row_height = min(0.45, max(0.3, (region.height * 0.62) / steps))
        room = max(0.3, (region.height - steps * row_height) / 3.2)  # what the table leaves the discs
        self.row = row = self.share_row(region, chips=False, radius=room)
        self.table = ShareTable(self.shares, self.tokens, [drawn.get_x() for drawn in row.states], self.theme,
                                row_height=row_height)
        self.table.shift((row.get_bottom()[1] - 2 * sizes.text_buff - self.table.get_top()[1]) * UP)
        slide = VGroup(row, self.table)
        region.fit(slide)
        self.add(slide)


class ClassifyScene(SharesScene):
    """rnn-gif5: only the last output decides. Over the same row of states every step has an
    output ``y_t``; the earlier ones are greyed (not used), ``y_T`` goes into the classifier and
    the intents' probabilities grow; the predicted intent is named.

    Attributes for tests: :attr:`row`, :attr:`outputs` (the ``y_t`` labels), :attr:`head`
    (the :class:`~rnnviz.mobjects.classifier.ClassifierHead`), :attr:`answer`.
    """

    def construct(self) -> None:
        theme, sizes, timing = self.theme, self.theme.sizes, self.theme.timing
        trace, steps = self.trace, self.trace.steps
        formula = OUTPUT_FORMULA + rf" \qquad \hat p = \mathrm{{softmax}}(y_{{{steps}}})"
        self.header = self.share_header(term("classify_title", self.lang), formula, term("output_note", self.lang))
        layout = self.layout
        share = 0.55
        if layout.side_by_side:  # the row as wide as its chips need to keep their size, the classifier the rest
            need = steps * TokenColumns.least_pitch(self.tokens, theme) + ARROW_ROOM
            share = min(MOST_ROW_SHARE, max(0.58, need / layout.below_header.width))
        left, right = layout.below_header.split(share, vertical=not layout.side_by_side)

        # Room above the row for the outputs, and right of it for the arrow into the classifier.
        self.row = row = self.share_row(Region(left.left, left.right - ARROW_ROOM, left.bottom, left.top - 0.9))
        self.outputs = VGroup()
        rises = VGroup()
        for t in range(steps):
            label = make_math(f"y_{{{t + 1}}}", theme, size=sizes.label_font)
            label.next_to(row.names[t], UP, buff=0.55)
            rises.add(Arrow(row.names[t].get_top(), label.get_bottom(), buff=0.06, color=theme.foreground,
                            stroke_width=sizes.wire_stroke, tip_length=1.4 * sizes.wire_tip))
            self.outputs.add(label)
        unused_labels, unused_arrows = VGroup(*self.outputs[:-1]), VGroup(*rises[:-1])
        note = make_text(term("not_used", self.lang), theme, size=sizes.small_font, color=theme.muted_text)
        if steps > 1:
            note.next_to(VGroup(*self.outputs[:-1]), UP, buff=sizes.text_buff)

        self.head = head = ClassifierHead.from_trace(trace, theme, self.lang, below=True, arrow_in=False)
        self.answer = make_text(term("intent_is", self.lang, name=intent_name(trace.prediction[0][0], self.lang)),
                                theme, size=sizes.label_font, weight="BOLD")
        self.answer.next_to(head.box, RIGHT, buff=2 * sizes.text_buff)
        panel = right.inset(sizes.text_buff, 0)
        panel.fit(VGroup(head, self.answer), aligned_edge=UP if layout.side_by_side else LEFT)
        if layout.side_by_side:  # the box level with y_T, as far as the bars stay on the slide
            drop = min(head.box.get_y() - self.outputs[-1].get_y(), head.get_bottom()[1] - panel.bottom)
            VGroup(head, self.answer).shift(max(drop, 0.0) * DOWN)
        feed = Arrow(self.outputs[-1].get_right(), head.box.get_left(), buff=0.1, color=theme.foreground,
                     stroke_width=sizes.wire_stroke, tip_length=1.4 * sizes.wire_tip)

        self.add(self.header, row)
        self.mark_opening()
        if self.still:
            unused_labels.set_color(theme.muted_text)
            unused_arrows.set_color(theme.muted)
            self.add(self.outputs, rises, note if steps > 1 else VGroup(), feed, head, self.answer)
            self.close_loop()
            return
        self.play(LaggedStart(*(Dissolve(VGroup(r, o), appear=True, shift=0.2 * UP) for r, o in zip(rises, self.outputs)),
                              lag_ratio=0.25), run_time=timing.move * 2)
        self.wait(timing.pause)
        if steps > 1:
            self.play(unused_labels.animate.set_color(theme.muted_text), unused_arrows.animate.set_color(theme.muted),
                      Dissolve(note, appear=True), run_time=timing.move)
        self.play(Indicate(self.outputs[-1], color=theme.part("hidden")), run_time=timing.move)
        self.play(GrowArrow(feed), run_time=timing.fade)
        self.play(Classify(head))
        self.play(Dissolve(self.answer, appear=True, shift=0.2 * LEFT), run_time=timing.fade)
        self.close_loop()


class MemoryScene(ComparisonScene):
    """Section 5: the same sentence through several models, a row each.

    For every step, each row shows the first word's share of the state (and the second word's,
    stacked on it) as a bar and the first word's share as a number; a plot draws the first word's
    share against the step for every model, and a second plot the state gradient
    ``||dh_T/ds_t||_2`` (:mod:`rnnviz.analysis.gradient`), the reason early words fade. The last
    line says which model kept the least of the first word (:func:`~rnnviz.analysis.shares.least_kept`),
    and says so also when that is not the RNN.

    Attributes for tests: :attr:`shares` (per arch, the shares drawn), :attr:`bars` (per arch, one
    :class:`~rnnviz.mobjects.shares.ShareBar` per step), :attr:`numbers`, :attr:`share_plot`,
    :attr:`gradient_plot`, :attr:`verdict`.
    """

    def construct(self) -> None:
        theme, sizes, timing = self.theme, self.theme.sizes, self.theme.timing
        steps, archs = self.trace.steps, list(self.traces)
        self.shares = {arch: state_shares(trace, trace.num_layers - 1) for arch, trace in self.traces.items()}
        gradient = {arch: trace.state_gradient[trace.num_layers - 1, 0] for arch, trace in self.traces.items()}
        names = {arch: symbols_for(arch).name for arch in archs}
        colors = {arch: theme.arch_color(arch) for arch in archs}

        self.counter = self.make_counter(0, prefix="")
        self.header = self.make_header(term("memory_title", self.lang), note=term("share_note", self.lang))
        self.layout = layout = Layout.from_frame(sizes=sizes, header_height=self.header.height)
        area = layout.below_header

        # The verdict: a sentence at the bottom, from the rule in rnnviz.analysis.shares.
        kept, finals = least_kept(self.traces)
        key = "forgets_fastest" if kept == "rnn" else "rnn_not_fastest"
        self.verdict = make_text(term(key, self.lang, arch=names[kept], share=format_share(finals[kept])), theme)
        self.verdict.scale(min(1.0, area.width / self.verdict.width)).move_to(area.edge(DOWN), aligned_edge=DOWN)

        # The sentence on top, a column per token; the models' names on the left.
        label_width = max(make_text(n, theme, weight="BOLD").width for n in names.values()) + 2 * sizes.text_buff
        pitch = (area.width - label_width) / steps
        columns = [area.left + label_width + (t + 0.5) * pitch for t in range(steps)]
        chips = TokenColumns(self.tokens, columns, theme, lang=self.lang)
        chips.shift((area.top - chips.get_top()[1]) * UP)

        # The plots, above the verdict: the first word's share per step, and the state gradient.
        plot_width = (area.width - 3.8) / 2
        plot_height = 0.23 * area.height
        first = {arch: self.shares[arch][:, 0] for arch in archs}
        self.share_plot = StepPlot(first, theme, colors, y_range=(0.0, 1.0), width=plot_width, height=plot_height,
                                   y_labels={0.0: "0%", 0.5: "50%", 1.0: "100%"})
        low = float(np.floor(np.log10(min(g.min() for g in gradient.values()))))
        high = max(0.0, float(np.ceil(np.log10(max(g.max() for g in gradient.values())))))
        self.gradient_plot = StepPlot(gradient, theme, colors, y_range=(low, high), log=True, width=plot_width,
                                      height=plot_height)
        share_title = make_text(term("word_share", self.lang, word=self.tokens[0]), theme, size=sizes.small_font)
        reach_title = VGroup(make_text(term("reach_title", self.lang), theme, size=sizes.small_font),
                             make_math(GRADIENT_TEX, theme, size=sizes.small_font + 8),
                             make_math(STATE_TEX, theme, size=sizes.small_font + 6, color=theme.muted_text))
        reach_title.arrange(RIGHT, buff=sizes.text_buff)
        ends = self.share_plot.end_labels({arch: f"{names[arch]} {format_share(first[arch][-1])}" for arch in archs},
                                          colors)
        left_plot = VGroup(self.share_plot.titled(share_title), ends)
        right_plot = self.gradient_plot.titled(reach_title)
        reach_title.scale(min(1.0, (area.right - self.gradient_plot.axes.get_left()[0]) / reach_title.width))
        plots = VGroup(left_plot, right_plot).arrange(RIGHT, buff=1.0, aligned_edge=DOWN)
        plots.scale(min(1.0, area.width / plots.width))
        plots.move_to([area.center[0], self.verdict.get_top()[1] + 2 * sizes.text_buff, 0.0], aligned_edge=DOWN)

        # One row of bars and numbers per model, in the room left between the sentence and the plots.
        rows_top = chips.get_bottom()[1] - 2 * sizes.text_buff
        row_pitch = (rows_top - plots.get_top()[1] - 2 * sizes.text_buff) / len(archs)
        number_height = make_text("0%", theme, size=sizes.small_font).height
        bar_height = max(0.2, row_pitch - number_height - 0.08 - 1.5 * sizes.text_buff)
        self.bars, self.numbers, row_names = {}, {}, VGroup()
        for r, arch in enumerate(archs):
            top = rows_top - r * row_pitch
            name = make_text(names[arch], theme, color=colors[arch], weight="BOLD")
            row_names.add(name.move_to([area.left, top - bar_height / 2, 0.0], aligned_edge=LEFT))
            bars, numbers = VGroup(), VGroup()
            for t, x in enumerate(columns):
                bar = ShareBar(self.shares[arch][t], theme, tokens=[k for k in (0, 1) if k < steps],
                               width=min(0.4, 0.45 * pitch), height=bar_height)
                bars.add(bar.move_to([x, top, 0.0], aligned_edge=UP))
                number = make_text(format_share(self.shares[arch][t, 0]), theme, size=sizes.small_font)
                numbers.add(number.scale(min(1.0, 0.95 * pitch / number.width)).next_to(bar, DOWN, buff=0.08))
            self.bars[arch], self.numbers[arch] = bars, numbers

        axes = VGroup(self.share_plot.axes, self.gradient_plot.axes, share_title, reach_title)
        self.add(self.header, row_names, axes, *chips.chips, *([chips.note] if chips.note else []), self.counter)
        for chip in chips.chips:
            chip.set_look("dim")
        if self.still:
            self.counter.set_step(steps - 1)
            self.add(*self.bars.values(), *self.numbers.values(), *self.share_plot.segments.values(),
                     *self.share_plot.dots.values(), ends, *self.gradient_plot.segments.values(),
                     *self.gradient_plot.dots.values(), self.verdict)
            for chip in chips.chips:
                chip.set_look("lit")
            self.close_loop()
            return
        self.mark_opening()
        pace = self.pace(steps, timing.move + timing.pause)
        for t in range(steps):
            # manim redraws every frame what lies above the first part it animates: keep the
            # parts that change on top, and the finished columns below them, drawn once.
            self.bring_to_front(chips.chips[t], self.counter)
            anims: list = [chips.chips[t].animate.set_look("lit")]
            if t > 0:
                anims.append(ChangeStep(self.counter, t))
            for arch in archs:
                anims += [GrowFromEdge(self.bars[arch][t], DOWN), Dissolve(self.numbers[arch][t], appear=True),
                          Dissolve(self.share_plot.dots[arch][t], appear=True)]
                if t > 0:
                    anims.append(Create(self.share_plot.segments[arch][t - 1]))
            self.play(*anims, run_time=timing.move * pace)
            self.wait(timing.pause * pace)
        self.play(Dissolve(ends, appear=True), run_time=timing.fade)
        self.play(*(Create(VGroup(self.gradient_plot.segments[arch], self.gradient_plot.dots[arch])) for arch in archs),
                  run_time=2 * timing.move)
        self.play(Dissolve(self.verdict, appear=True, shift=0.2 * UP), run_time=timing.move)
        self.wait(timing.pause)  # a sentence to read, on top of the final hold
        self.close_loop()
