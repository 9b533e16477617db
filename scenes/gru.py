"""The GRU chapter of the notes (section 7): its two gates, LSTM against GRU, and two GRUs.

``reset-gate`` and ``update-gate`` explain one gate of one time step in full, playing phases of
the phase table (:mod:`rnnviz.mobjects.phases`) with the runner every cell scene shares, like
the LSTM chapter's gate scenes (:class:`~rnnviz.scenes.lstm_chapter.GateScene`):

- ``reset-gate``: ``r_t``, then the old state's part of the candidate ``W_hn h_{t-1} + b_hn``,
  scaled by ``r_t``, plus the input's part ``W_in x_t + b_in``, through tanh to ``n_t``. The unit
  whose reset removes the most of the old state's part is marked on every board from the
  product on: with ``r`` near 0 its candidate is made from the input alone.
- ``update-gate``: ``z_t`` keeps the old state and ``1 - z_t`` lets the candidate in; then each
  unit's new state between its old state and its candidate, and the two ways the update is
  written, the one these numbers follow (PyTorch's) marked.

Run them on the demo trace like any manim scene::

    manim -qm scenes/gru.py ResetGateScene
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, FadeOut, Mobject, SurroundingRectangle, VGroup

from rnnviz.analysis.focus import resetting_unit
from rnnviz.core.trace import GATE_ORDER, Trace
from rnnviz.core.units import check_unit
from rnnviz.mobjects.animations import GrowBars
from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.cells import cell_for
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.layout import Region
from rnnviz.mobjects.mix import UnitMix
from rnnviz.mobjects.named import NamedVector
from rnnviz.mobjects.phases import Phase
from rnnviz.mobjects.symbols import GRU_UPDATE, symbols_for, tex
from rnnviz.mobjects.text import format_percent, make_math, make_text
from rnnviz.scenes.base import TraceScene, demo_trace
from rnnviz.scenes.lstm_chapter import GateScene

__all__ = ["ResetGateScene", "UpdateGateScene", "VsScene", "parameter_formula"]


class ResetGateScene(GateScene):
    """``r_t = σ(...)``; ``r_t ⊙ (W_hn h_{t-1} + b_hn)`` plus ``W_in x_t + b_in`` through tanh is
    ``n_t``. The default step is the one whose reset removes the most of a non-zero old state's
    part; :attr:`unit` (0-based; ``unit`` option 1-based) is the unit marked, by default the one
    that loses the most of it (:func:`~rnnviz.analysis.focus.resetting_unit`)."""

    default_arch = "gru"
    scene_id = "reset-gate"
    telling_gate = "r"
    #: The phases after which the marked unit's row is framed: the reset's product and after.
    marked_phases: ClassVar[tuple[str, ...]] = ("reset", "candidate_sum", "candidate")

    def __init__(self, trace: Trace | None = None, *, unit: int | None = None, **kwargs: Any) -> None:
        super().__init__(trace, **kwargs)
        self.check_options(self.trace, unit=unit)
        self.unit = resetting_unit(self.trace, self.step) if unit is None else unit - 1
        self.note: Mobject | None = None

    @classmethod
    def check_options(cls, trace: Trace, explain_step: int | None = None, unit: int | None = None, **options: Any) -> None:
        super().check_options(trace, explain_step=explain_step)
        if unit is not None:
            check_unit(trace, unit - 1)

    def after_phase(self, phase: Phase, step: int) -> None:
        """From the reset's product on, outline the marked unit's cell in every column, and say
        once, under the diagram, how much of the old state's part its reset lets through."""
        if phase.name not in self.marked_phases or self.board is None or self.unit >= self.units:
            return
        theme = self.theme
        outlines = []
        for column, strip in zip(self.board.columns, self.board.strips):
            outline = SurroundingRectangle(strip.cell(self.unit), color=theme.part("reset"), buff=0.0,
                                           stroke_width=2 * theme.sizes.stroke)
            column.add(outline)  # it leaves with its column when the next phase clears the panel
            outlines.append(outline)
        tag = make_text(term("unit_k", self.lang, k=self.unit + 1), theme, size=theme.sizes.small_font)
        tag.next_to(outlines[-1], RIGHT, buff=theme.sizes.text_buff)
        self.board.columns[-1].add(tag)
        animations = [Create(outline) for outline in outlines] + [FadeIn(tag)]
        if self.note is None:
            r = float(self.trace.get("r")[step, self.unit])
            text = term("reset_lets_through", self.lang, k=self.unit + 1, share=format_percent(r))
            self.note = make_text(text, theme, size=theme.sizes.small_font)
            area = self.layout.diagram
            self.note.move_to([self.cell.get_center()[0], (self.cell.get_bottom()[1] + self.chips.get_top()[1]) / 2, 0])
            if self.note.width > area.width:
                self.note.scale_to_fit_width(area.width)
            animations.append(FadeIn(self.note))
        self.play(*animations, run_time=theme.timing.fade)


class UpdateGateScene(GateScene):
    """``z_t = σ(...)``; ``z_t ⊙ h_{t-1}`` kept, ``(1 - z_t) ⊙ n_t`` let in, their sum ``h_t``.
    The default step is the one where the update drops the most of the old state.

    Then each unit's ``h_t`` slides from its ``h_{t-1}`` to its place between ``h_{t-1}`` and
    ``n_t`` (:class:`~rnnviz.mobjects.mix.UnitMix`), beside the two ways the update is written
    (:data:`~rnnviz.mobjects.symbols.GRU_UPDATE`), :attr:`marked` the one these numbers follow.
    """

    default_arch = "gru"
    scene_id = "update-gate"
    #: The convention the numbers follow: PyTorch's, in both of the GRU's formula variants.
    marked: ClassVar[str] = "pytorch"

    def conclude(self) -> None:
        theme, timing, step = self.theme, self.theme.timing, self.step
        get = lambda name: self.trace.get(name)[step]  # noqa: E731
        self.mix = UnitMix(get("h_prev"), get("n"), get("h"), get("z"), theme, units=self.units,
                           row_height=self.cell_size)
        self.panel.fit(self.mix).at_old_state()
        self.conventions = self.layout.diagram.fit(self.make_conventions())
        header = self.make_header(term("update_gate", self.lang), part="update", note=term("update_between", self.lang))
        leaving = [FadeOut(m) for m in (*self.columns.values(), *self.board.symbols)] if self.board is not None else []
        self.play(*leaving, FadeOut(self.cell), self.swap_header(header), FadeIn(self.mix), run_time=timing.move)
        self.remove(*(m for m in (self.board,) if m is not None))
        self.board, self.columns = None, {}
        self.play(self.mix.slide(run_time=timing.gate))
        self.wait(timing.pause)
        self.play(FadeIn(self.conventions, shift=0.2 * UP), run_time=timing.move)

    def make_conventions(self) -> VGroup:
        """Both ways of writing the update, the one these numbers follow framed and ticked."""
        theme, sizes = self.theme, self.theme.sizes
        blocks = {}
        for key, words in (("pytorch", "convention_in_use"), ("colah", "convention_other")):
            text = make_text(term(words, self.lang), theme, size=sizes.small_font)
            formula = make_math(GRU_UPDATE[key], theme)
            blocks[key] = VGroup(text, formula).arrange(DOWN, buff=sizes.text_buff, aligned_edge=LEFT)
        marked = blocks[self.marked]
        frame = SurroundingRectangle(marked, color=theme.part("update"), buff=2 * sizes.text_buff,
                                     stroke_width=sizes.stroke, corner_radius=0.1)
        tick = make_math(r"\checkmark", theme, color=theme.part("update")).next_to(frame, LEFT, buff=sizes.text_buff)
        marked.add(frame, tick)
        for key, block in blocks.items():
            if key != self.marked:
                block.set_opacity(0.75)
        same = make_text(term("convention_same", self.lang), theme, size=sizes.small_font)
        return VGroup(blocks["pytorch"], blocks["colah"], same).arrange(DOWN, buff=4 * sizes.text_buff, aligned_edge=LEFT)


def parameter_formula(trace: Trace) -> str:
    """The TeX of the recorded module's parameter count: for one layer with both of PyTorch's
    bias vectors, ``G (H (H + I) + 2 H)`` with the trace's sizes substituted, then the count;
    otherwise the count alone. The count is :meth:`~rnnviz.core.trace.Trace.parameter_count`,
    the sizes of the module's own weights."""
    count = trace.parameter_count()
    blocks, hidden, inputs = len(GATE_ORDER[trace.arch]), trace.hidden_size, trace.input_size
    if trace.num_layers == trace.num_directions == 1 and trace.bias and not trace.proj_size:
        return rf"{blocks}\,({hidden}\,({hidden} + {inputs}) + 2 \cdot {hidden}) = {count}"
    return str(count)


class VsScene(TraceScene):
    """LSTM and GRU side by side (rnn-figure13): their gates (3 against 2), the states they carry
    (c and h against h), their parameter counts for the sizes of the two models, and the same
    sentence through both, with each one's final states and prediction.

    ``traces`` is a dict of traces by architecture, ``{"lstm": ..., "gru": ...}``, of the same
    sentence (default: the demo traces).
    """

    default_archs: ClassVar[tuple[str, ...]] = ("lstm", "gru")

    def __init__(self, traces: Mapping[str, Trace] | None = None, **options: Any) -> None:
        if traces is None:
            traces = {arch: demo_trace(arch) for arch in self.default_archs}
        if sorted(traces) != sorted(self.default_archs):
            raise ValueError(f"the vs scene compares {' and '.join(self.default_archs)}; got {', '.join(traces)}")
        self.traces = {arch: traces[arch] for arch in self.default_archs}
        super().__init__(self.traces["lstm"], **options)

    def construct(self) -> None:
        theme, timing = self.theme, self.theme.timing
        self.header = self.make_header(term("vs_title", self.lang))
        self.chips = self.make_chips()
        left, right = self.layout.body.split(0.5)
        self.sides = {arch: self.make_side(arch, region.inset(theme.sizes.margin / 2, 0))
                      for arch, region in zip(self.default_archs, (left, right))}
        cells = [side.cell for side in self.sides.values()]
        self.add(self.header, self.chips, *cells, *(side.name for side in self.sides.values()))
        self.mark_opening()
        for idea, caption in (("gates", "gates"), ("states", "states")):
            self.play(*(c.refocus(idea) for c in cells), *(FadeIn(getattr(side, caption)) for side in self.sides.values()),
                      run_time=timing.move)
            self.play(*(c.flow(idea) for c in cells))
            self.wait(timing.hold)
        self.play(*(c.refocus() for c in cells), *(FadeIn(side.parameters) for side in self.sides.values()),
                  run_time=timing.move)
        self.wait(timing.hold)
        for t in range(self.trace.steps):
            self.play(*self.read_up_to(self.chips, t), *(c.sweep(run_time=timing.condensed_step) for c in cells))
        self.play(*(FadeIn(side.final, shift=0.2 * DOWN) for side in self.sides.values()), run_time=timing.move)
        self.play(*(GrowBars(side.bars) for side in self.sides.values() if side.bars is not None))
        self.close_loop()

    def make_side(self, arch: str, region: Region) -> VGroup:
        """One architecture's column: name, diagram, gates, states, parameters, final states and
        prediction, stacked in ``region``."""
        trace, theme, sizes = self.traces[arch], self.theme, self.theme.sizes
        symbols = symbols_for(arch)
        side = VGroup()
        side.name = make_text(symbols.name, theme, size=sizes.title_font)
        side.cell = cell_for(arch, theme)
        gates = [g for g in symbols.gates if symbols.activations[g] == "sigmoid"]
        side.gates = VGroup(
            make_text(term("gates_n", self.lang, n=len(gates)), theme),
            make_math(r",\ ".join(tex(g) for g in gates), theme),
        ).arrange(RIGHT, buff=sizes.text_buff)
        side.states = VGroup(
            make_text(term("state", self.lang), theme),
            make_math(r",\ ".join(tex(s) for s in symbols.states), theme),
        ).arrange(RIGHT, buff=sizes.text_buff)
        side.parameters = VGroup(
            make_text(term("parameters", self.lang), theme),
            make_math(parameter_formula(trace), theme),
        ).arrange(RIGHT, buff=sizes.text_buff)
        last = trace.steps - 1
        final = VGroup(*(NamedVector(trace.get(state)[last], state, tex(state, step=trace.steps), theme,
                                     units=self.units, side="left") for state in symbols.states))
        side.final = final.arrange(DOWN, buff=sizes.text_buff, aligned_edge=RIGHT)
        side.bars = ProbabilityBars.from_trace(trace, theme, self.lang, rows=3) if trace.prediction else None
        captions = VGroup(side.gates, side.states).arrange(RIGHT, buff=4 * sizes.text_buff)
        results = VGroup(side.final, *([side.bars] if side.bars is not None else [])).arrange(RIGHT, buff=4 * sizes.text_buff)
        column = VGroup(side.name, side.cell, captions, side.parameters, results)
        column.arrange(DOWN, buff=2 * sizes.text_buff)
        region.fit(column, aligned_edge=UP)
        side.add(*column)
        return side
