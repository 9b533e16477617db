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

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from manim import (
    BOLD,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    Indicate,
    MathTex,
    Mobject,
    SurroundingRectangle,
    Transform,
    VGroup,
)

from rnnviz.analysis.focus import resetting_unit
from rnnviz.analysis.variants import check_same_network, variant_drift, variant_gap
from rnnviz.core.trace import GATE_ORDER, Trace
from rnnviz.mobjects.cells import cell_for
from rnnviz.mobjects.labels import intent_name, term
from rnnviz.mobjects.mix import UnitMix
from rnnviz.mobjects.named import NamedVector
from rnnviz.mobjects.phases import Phase
from rnnviz.mobjects.sentence import FocusToken, SentenceRow
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.symbols import GRU_CANDIDATE_PARTS, GRU_UPDATE, symbols_for, tex
from rnnviz.mobjects.text import format_percent, format_value, make_math, make_text
from rnnviz.mobjects.token import TokenChip
from rnnviz.scenes.comparison import ComparisonScene
from rnnviz.scenes.lstm_chapter import GateScene

__all__ = ["ResetGateScene", "UpdateGateScene", "VariantsScene", "VsScene", "parameter_formula"]


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
        self.marked: list[str] = []  # the phases whose boards mark the unit

    @classmethod
    def check_options(cls, trace: Trace, explain_step: int | None = None, unit: int | None = None, **options: Any) -> None:
        """Refuse a trace, a step or a unit (1-based) this scene cannot show, in one line."""
        super().check_options(trace, explain_step=explain_step)
        if unit is not None and (isinstance(unit, bool) or not isinstance(unit, int) or not 1 <= unit <= trace.hidden_size):
            raise ValueError(f"cannot mark unit {unit!r}: the state has units 1..{trace.hidden_size}")

    def after_phase(self, phase: Phase, step: int) -> None:
        """From the reset's product on, outline the marked unit's cell in every column, and say
        once, under the diagram, how much of the old state's part its reset lets through."""
        if phase.name not in self.marked_phases or self.board is None or self.unit >= self.units:
            return
        theme = self.theme
        self.marked.append(phase.name)
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
            if self.note.width > area.width:
                self.note.scale_to_fit_width(area.width)
            self.note.move_to([self.cell.get_center()[0], (self.cell.get_bottom()[1] + self.sentence.get_top()[1]) / 2, 0])
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
        self.wait(timing.hold)  # the new state, the last phase's result
        get = lambda name: self.trace.get(name)[step]  # noqa: E731
        self.mix = UnitMix(get("h_prev"), get("n"), get("h"), get("z"), theme, units=self.units,
                           row_height=self.cell_size)
        self.panel.fit(self.mix).at_old_state()
        self.conventions = self.layout.diagram.fit(self.make_conventions())
        header = self.make_header(term("update_gate", self.lang), part="update", note=term("update_between", self.lang))
        leaving = [FadeOut(self.board)] if self.board is not None else []  # with its notes
        self.play(*leaving, FadeOut(self.cell), self.swap_header(header), FadeIn(self.mix), run_time=timing.move)
        self.remove(*(m for m in (self.board,) if m is not None))
        self.board, self.columns = None, {}
        self.play(self.mix.slide(run_time=timing.gate))
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
        tick = make_math(r"\checkmark", theme, size=1.5 * sizes.math_font, color=theme.part("update"))
        tick.next_to(frame, LEFT, buff=sizes.text_buff)
        marked.add(frame, tick)
        for key, block in blocks.items():
            if key != self.marked:
                block.set_opacity(0.75)
        same = make_text(term("convention_same", self.lang), theme, size=sizes.small_font)
        return VGroup(blocks["pytorch"], blocks["colah"], same).arrange(DOWN, buff=4 * sizes.text_buff, aligned_edge=LEFT)


def parameter_formula(trace: Trace, symbolic: bool = False) -> str:
    """The TeX of the recorded module's parameter count: for one layer with both of PyTorch's
    bias vectors, ``G (H (H + I) + 2 H)`` with the trace's sizes substituted (``symbolic``: in
    letters), then the count; otherwise the count alone. ``G`` is the arch's number of weight
    blocks; the count is :meth:`~rnnviz.core.trace.Trace.parameter_count`, the sizes of the
    module's own weights."""
    count = trace.parameter_count()
    blocks = len(GATE_ORDER[trace.arch])
    hidden, inputs = ("H", "I") if symbolic else (trace.hidden_size, trace.input_size)
    if trace.num_layers == trace.num_directions == 1 and trace.bias and not trace.proj_size:
        return rf"{blocks}\,({hidden}\,({hidden} + {inputs}) + 2 \cdot {hidden}) = {count}"
    return str(count)


class VsScene(ComparisonScene):
    """LSTM and GRU side by side (rnn-figure13): their gates (3 against 2), the states they carry
    (c and h against h), their parameter counts for the sizes of the two models, and the same
    sentence through both, with each one's final states and prediction.

    ``traces`` is a dict of traces by architecture, ``{"lstm": ..., "gru": ...}``, of the same
    sentence (default: the demo traces). Each architecture's column is :attr:`sides`; its rows
    stand level with the other's, so the two read across.
    """

    default_archs: ClassVar[tuple[str, ...]] = ("lstm", "gru")
    header_formula = False

    def construct(self) -> None:
        theme, timing = self.theme, self.theme.timing
        self.header = self.make_header(term("vs_title", self.lang))
        band = self.layout.sentence
        self.sentence = SentenceRow(self.tokens, theme, width=band.width, lang=self.lang).focus(None)
        self.sentence.move_to(band.center)
        self.sides = {arch: self.make_side(arch) for arch in self.default_archs}
        self.place_sides()
        cells = [side.cell for side in self.sides.values()]
        self.add(self.header, self.sentence, *cells, *(VGroup(side.name, side.sizes) for side in self.sides.values()))
        self.mark_opening()
        for idea in ("gates", "states"):  # each idea lit in both cells, then its caption
            self.play(*(c.refocus(idea) for c in cells), *(FadeIn(getattr(s, idea)) for s in self.sides.values()),
                      run_time=timing.move)
            self.play(*(c.flow(idea) for c in cells))
            self.wait(timing.hold)
        symbolic = [self.caption(term("parameters", self.lang), parameter_formula(s.trace, symbolic=True)).move_to(
            s.parameters) for s in self.sides.values()]
        self.play(*(c.refocus() for c in cells), *(FadeIn(m) for m in symbolic), run_time=timing.move)
        self.wait(timing.hold)  # the formula in letters, read before its numbers replace it
        self.play(*(FadeTransform(m, s.parameters) for m, s in zip(symbolic, self.sides.values())), run_time=timing.move)
        self.wait(timing.hold)
        for t in range(self.trace.steps):  # the same sentence through both, token by token
            self.play(FocusToken(self.sentence, t), *(c.sweep(run_time=timing.condensed_step) for c in cells))
        self.play(FocusToken(self.sentence, None), *(FadeIn(s.final, shift=0.2 * DOWN) for s in self.sides.values()),
                  run_time=timing.move)
        self.play(*(FadeIn(s.prediction) for s in self.sides.values() if s.prediction is not None),
                  run_time=timing.fade)
        self.close_loop()

    def make_side(self, arch: str) -> VGroup:
        """One architecture's column: its name, gates and states, diagram, parameter count, final
        states and prediction (as attributes; placed by :meth:`place_sides`)."""
        trace, theme, sizes = self.traces[arch], self.theme, self.theme.sizes
        symbols = symbols_for(arch)
        gates = [g for g in symbols.gates if symbols.activations[g] == "sigmoid"]
        side = VGroup()
        side.trace = trace
        side.name = make_text(symbols.name, theme, size=sizes.title_font)
        side.gates = self.named(term("gates_n", self.lang, n=len(gates)), gates)
        states = term("states" if len(symbols.states) > 1 else "state", self.lang)
        side.states = self.named(states, symbols.states)
        # Drawn at half size, the wires' names would be too small to read: the captions name the
        # gates and states instead, each in its colour.
        side.cell = cell_for(arch, theme).drop_labels()
        side.parameters = self.caption(term("parameters", self.lang), parameter_formula(trace))
        # The states' cells as large as the half of the frame allows, next to their names.
        drawn = min(self.units, trace.hidden_size) + (trace.hidden_size > self.units)
        name_room = make_math(tex("h_prev", step=trace.steps), theme).width + 2 * sizes.text_buff
        half_width = self.layout.body.width / 2 - sizes.margin
        cell = min(sizes.cell, (half_width - name_room) / drawn)
        side.final = VGroup(*(NamedVector(trace.get(state)[-1], state, tex(state, step=trace.steps), theme,
                                          units=self.units, cell_size=cell, side="left") for state in symbols.states))
        side.prediction = None
        if trace.prediction is not None:
            label, prob = trace.prediction[0]
            side.prediction = VGroup(
                make_text(term("labelled", self.lang, label=term("prediction", self.lang), value=""), theme, strut=True),
                make_text(f"{intent_name(label, self.lang)} {format_percent(prob)}", theme, weight=BOLD, strut=True),
            ).arrange(RIGHT, buff=sizes.text_buff)
        side.sizes = make_math(rf"H = {trace.hidden_size},\ I = {trace.input_size}", theme)
        side.info = VGroup(side.name, side.gates, side.states, side.sizes)
        side.add(side.cell, side.info, side.parameters, side.final, *([side.prediction] if side.prediction is not None else []))
        return side

    def caption(self, words: str, formula: str | MathTex) -> VGroup:
        """Words followed by a formula, on one line."""
        if isinstance(formula, str):
            formula = make_math(formula, self.theme)
        return VGroup(make_text(words, self.theme), formula).arrange(RIGHT, buff=self.theme.sizes.text_buff)

    def named(self, words: str, arrays: Sequence[str]) -> VGroup:
        """Words followed by the symbols of Trace arrays, each in its part's colour (as the
        diagram draws it): ``3 gates i_t, f_t, o_t``."""
        theme = self.theme
        parts = [piece for k, name in enumerate(arrays) for piece in ([r",\ "] if k else []) + [tex(name)]]
        formula = MathTex(*parts, font_size=theme.sizes.math_font, color=theme.foreground)
        for piece, name in zip(formula[::2], arrays):
            piece.set_color(theme.array_color(name))
        return self.caption(words, formula)

    def place_sides(self) -> None:
        """Each column in its half of the body, rows level across the two: the diagram with its
        name, gates, states and sizes beside it; the parameter count; the final states (the
        LSTM's c_T over the h_T rows, which line up); the prediction."""
        sizes = self.theme.sizes
        gap = sizes.text_buff
        sides = list(self.sides.values())
        state_rows = max(len(side.final) for side in sides)
        row = sides[0].final[0].height
        below = {
            "parameters": max(side.parameters.height for side in sides),
            "states": state_rows * row + (state_rows - 1) * gap,
            "prediction": max((side.prediction.height for side in sides if side.prediction), default=0.0),
        }
        room = self.layout.body.height - sum(below.values()) - len(below) * gap
        regions = [half.inset(sizes.margin / 2, 0) for half in self.layout.body.split(0.5)]
        # Both diagrams at one scale, the largest at which each fits beside its captions.
        scale = min(min(room / side.cell.height, (region.width - side.info.arrange(DOWN, buff=gap, aligned_edge=LEFT).width
                                                   - 2 * gap) / side.cell.width)
                    for side, region in zip(sides, regions))
        for side, region in zip(sides, regions):
            side.cell.scale(scale)
            top = VGroup(side.cell, side.info).arrange(RIGHT, buff=2 * gap)
            top.move_to([region.center[0], region.top, 0], aligned_edge=UP)
            y = region.top - room - gap
            side.parameters.move_to([region.center[0], y, 0], aligned_edge=UP)
            y -= below["parameters"] + gap
            for k, vector in enumerate(side.final):  # h_T on the last row for both, c_T above it
                vector.move_to([region.center[0], y - (state_rows - len(side.final) + k) * (row + gap), 0], aligned_edge=UP)
            y -= below["states"] + gap
            if side.prediction is not None:
                side.prediction.move_to([region.center[0], y, 0], aligned_edge=UP)


class VariantsScene(ComparisonScene):
    """Two GRUs with the same weights on the same sentence (rnn-figure15): PyTorch's, whose reset
    gate scales the recurrent product, and Cho et al.'s, whose reset gate acts on the old state
    before it. Step by step, each one's candidate ``n_t`` and state ``h_t`` and their difference
    (:func:`~rnnviz.analysis.variants.variant_gap`), and the largest difference of ``h`` at every
    step so far; at the end, each one's prediction.

    ``traces`` holds the two traces by their keys, ``{"gru": ..., "gru:cho": ...}``: a GRU trace
    of PyTorch's formulas and one of Cho's, recorded from the same model on the same input
    (default: the demo traces).
    """

    default_archs: ClassVar[tuple[str, ...]] = ("gru", "gru:cho")
    variants: ClassVar[tuple[str, ...]] = ("pytorch", "cho")
    header_formula = False
    #: The two arrays compared, left and right.
    COMPARED: ClassVar[tuple[str, ...]] = ("n", "h")

    def __init__(self, traces: Mapping[str, Trace] | None = None, **options: Any) -> None:
        super().__init__(traces, **options)
        if sorted(self.traces) != sorted(self.default_archs):
            raise ValueError(f"the variants scene compares {' and '.join(self.default_archs)}; got {', '.join(self.traces)}")
        check_same_network(self.traces["gru"], self.traces["gru:cho"])
        self.by_variant = {"pytorch": self.traces["gru"], "cho": self.traces["gru:cho"]}

    def construct(self) -> None:
        theme, timing, sizes = self.theme, self.theme.timing, self.theme.sizes
        pytorch, cho = self.by_variant["pytorch"], self.by_variant["cho"]
        self.gaps = {name: variant_gap(pytorch, cho, name) for name in self.COMPARED}
        self.drift = variant_drift(pytorch, cho, "h")
        self.header = self.make_header(term("variants_title", self.lang))
        band = self.layout.sentence
        self.sentence = SentenceRow(self.tokens, theme, width=band.width, lang=self.lang).focus(None)
        self.sentence.move_to(band.center)
        self.formulas = self.make_formulas()
        self.table = self.make_table(step=0)
        self.history = self.make_history()
        self.predictions = self.make_predictions()
        body = self.layout.body
        parts = VGroup(self.formulas, self.table, self.history, *([self.predictions] if self.predictions else []))
        parts.arrange(DOWN, buff=3 * sizes.text_buff)
        body.fit(parts, aligned_edge=UP)
        self.add(self.header, self.sentence, self.formulas)
        self.mark_opening()
        self.play(*(Indicate(row.diff, color=theme.part("reset")) for row in self.formulas), run_time=timing.gate)
        self.wait(timing.hold)
        self.play(FocusToken(self.sentence, 0), FadeIn(self.table), FadeIn(self.history.label),
                  FadeIn(self.history.values[0]), run_time=timing.move)
        self.wait(timing.hold)
        for t in range(1, self.trace.steps):
            self.play(FocusToken(self.sentence, t), *self.table_to(t), FadeIn(self.history.values[t]),
                      run_time=timing.move)
            self.wait(timing.hold)  # each step's numbers are read before the next step replaces them
        anims = [FocusToken(self.sentence, None)]
        if self.predictions is not None:
            anims.append(FadeIn(self.predictions))
        self.play(*anims, run_time=timing.move)
        self.close_loop()

    def make_formulas(self) -> VGroup:
        """Each variant's candidate with its name, the term where they differ in the reset's colour."""
        theme, sizes = self.theme, self.theme.sizes
        rows = VGroup()
        for variant, words in (("pytorch", "variant_pytorch"), ("cho", "variant_cho")):
            formula = MathTex(*GRU_CANDIDATE_PARTS[variant], font_size=sizes.math_font, color=theme.foreground)
            formula[1].set_color(theme.part("reset"))
            row = VGroup(make_text(term(words, self.lang), theme, size=sizes.small_font), formula)
            row.arrange(DOWN, buff=sizes.text_buff, aligned_edge=LEFT)
            row.diff = formula[1]
            rows.add(row)
        return rows.arrange(RIGHT, buff=6 * sizes.text_buff, aligned_edge=UP)

    def make_table(self, step: int) -> VGroup:
        """Rows PyTorch, Cho and their difference; a column of strips for each compared array."""
        theme, sizes = self.theme, self.theme.sizes
        pytorch, cho = self.by_variant["pytorch"], self.by_variant["cho"]
        names = VGroup(*(make_text(term(key, self.lang), theme, size=sizes.small_font)
                         for key in ("pytorch_short", "cho_short", "cho_minus_pytorch")))
        columns = VGroup()
        self.strips: dict[tuple[str, str], VectorStrip] = {}
        self.titles: dict[str, Mobject] = {}
        for name in self.COMPARED:
            rows = {"pytorch": pytorch.get(name)[step], "cho": cho.get(name)[step], "difference": self.gaps[name][step]}
            strips = VGroup()
            for row, values in rows.items():
                self.strips[(name, row)] = VectorStrip(values, array=name, theme=theme, units=self.units)
                strips.add(self.strips[(name, row)])
            columns.add(strips.arrange(DOWN, buff=sizes.text_buff))
        columns.arrange(RIGHT, buff=6 * sizes.text_buff, aligned_edge=UP)
        for name, strips in zip(self.COMPARED, columns):
            self.titles[name] = self.column_title(name, step, strips)
        for label, strip in zip(names, columns[0]):
            label.next_to(strip, LEFT, buff=2 * sizes.text_buff)
        return VGroup(names, columns, *self.titles.values())

    def column_title(self, name: str, step: int, strips: Mobject) -> Mobject:
        """The name of a compared array at ``step`` (0-based), over its column."""
        return make_math(tex(name, step=step + 1), self.theme).next_to(strips, UP, buff=self.theme.sizes.text_buff)

    def table_to(self, step: int) -> list:
        """Animations moving every strip of the table to ``step``'s values."""
        pytorch, cho = self.by_variant["pytorch"], self.by_variant["cho"]
        values = {"pytorch": lambda n: pytorch.get(n)[step], "cho": lambda n: cho.get(n)[step],
                  "difference": lambda n: self.gaps[n][step]}
        titles = []
        for name, title in self.titles.items():
            new = self.column_title(name, step, VGroup(*(self.strips[(name, row)] for row in values)))
            titles.append(Transform(title, new.match_height(title).move_to(title)))
        return [strip.animate_to(values[row](name)) for (name, row), strip in self.strips.items()] + titles

    def make_history(self) -> VGroup:
        """The largest difference of ``h`` at each step, under the step's token."""
        theme, sizes = self.theme, self.theme.sizes
        label = make_math(r"\max_k |h_t^{\mathrm{Cho}} - h_t^{\mathrm{PyTorch}}|", theme)
        values = VGroup(*(VGroup(TokenChip(token, t, theme), make_text(format_value(v), theme)).arrange(DOWN, buff=0.08)
                          for t, (token, v) in enumerate(zip(self.tokens, self.drift))))
        values.arrange(RIGHT, buff=2 * sizes.text_buff, aligned_edge=UP)
        history = VGroup(label, values).arrange(RIGHT, buff=4 * sizes.text_buff)
        history.label, history.values = label, values
        return history

    def make_predictions(self) -> VGroup | None:
        """Each variant's prediction from its final state, when the traces have one."""
        theme = self.theme
        parts = []
        for variant, key in (("pytorch", "pytorch_short"), ("cho", "cho_short")):
            prediction = self.by_variant[variant].prediction
            if prediction is None:
                return None
            label, prob = prediction[0]
            text = term("labelled", self.lang, label=term(key, self.lang),
                        value=f"{intent_name(label, self.lang)} {format_percent(prob)}")
            parts.append(make_text(text, theme, strut=True))
        row = VGroup(make_text(term("prediction", self.lang), theme, weight=BOLD, strut=True), *parts)
        return row.arrange(RIGHT, buff=4 * theme.sizes.text_buff)
