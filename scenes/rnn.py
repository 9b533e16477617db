"""The RNN chapter of the course notes (sections 2-3), scene by scene.

Run them on the demo traces like any manim scene, e.g. ``manim -qm scenes/rnn.py EngineeringScene``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    LaggedStart,
    Mobject,
    ReplacementTransform,
    SurroundingRectangle,
    Transform,
    VGroup,
)

from rnnviz.analysis.fused import FusedStep, fused_step, input_projection
from rnnviz.mobjects.heatgrid import HeatGrid
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.layout import Region
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.symbols import tex
from rnnviz.mobjects.text import make_math, make_text
from rnnviz.scenes.base import TraceScene

__all__ = ["EngineeringScene"]

#: TeX of each activation the symbol table names.
ACTIVATION_TEX = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}"}
#: A heat grid's gap between blocks of rows or columns, in squares.
BLOCK_GAP = 0.6
#: Height kept in a region for the names above and under a grid and a line of notes.
LABEL_ROOM = 1.1
#: The arrow of an activation, from a block of the product to the gate's values.
ARROW_LENGTH = 1.2


# ---- engineering: one matrix product per step ----------------------------------------------------
class EngineeringScene(TraceScene):
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
    :attr:`inputs` and :attr:`input_parts` (the sequence's one product).
    """

    default_arch = "lstm"

    def construct(self) -> None:
        trace, theme = self.trace, self.theme
        self.step = min(1, trace.steps - 1)
        self.fused: FusedStep = fused_step(trace, self.step)
        self.gate_names = self.fused.gates
        # Drawn units: of each gate block's rows, of h_{t-1}'s and of x_t's columns.
        self.shown = (min(self.units, trace.hidden_size), min(self.units, self.fused.hidden_columns),
                      min(self.units, trace.input_size))
        self.chips = self.make_chips()
        self.counter = self.make_counter(self.step, prefix=self.part_drawn())
        self.header = self.make_header(term("engineering_title", self.lang), formula=self.formula())
        step_region, sequence_region = self.layout.body.split(0.6, vertical=not self.layout.side_by_side)
        step_region, sequence_region = step_region.inset(0.1), sequence_region.inset(0.1)
        # One square size for every grid: as large as the taller view's rows allow, then, if a row of
        # grids is too wide, smaller by what its columns of squares must give up (its text stays).
        side = self.cell_side(step_region, sequence_region)
        for _ in range(2):
            step_view, sequence_view = self.build_step(side), self.build_sequence(side)
            fits = [(region.width - (row.width - side * columns)) / columns
                    for row, region, columns in ((self.step_row, step_region, self.step_columns),
                                                 (self.sequence_row, sequence_region, self.sequence_columns))]
            if min(fits) >= side:
                break
            side = min(fits)
        step_region.fit(step_view)
        sequence_region.fit(sequence_view)
        self.focus_chip()
        loose = self.loose_vectors(step_region)

        timing = theme.timing
        self.add(self.header, self.counter, self.chips, loose)
        self.mark_opening()
        # 1. The step's two vectors stack into one, which takes its place right of the weights.
        self.wait(timing.hold)
        self.play(ReplacementTransform(loose[0], self.concat[0]), ReplacementTransform(loose[1], self.concat[1]),
                  FadeIn(self.concat_labels), run_time=timing.move)
        self.play(FadeIn(self.weights), FadeIn(self.weight_labels), FadeIn(self.signs), run_time=timing.move)
        self.wait(timing.pause)
        # 2. One product: every row of the grid with the stacked vector at once.
        self.play(LaggedStart(*(GrowFromEdge(block, LEFT) for block in self.blocks.values()), lag_ratio=0.2),
                  FadeIn(self.block_labels), run_time=timing.gate)
        self.wait(timing.pause)
        # 3. Split in PyTorch's order, each block through its activation.
        self.play(LaggedStart(*(FadeIn(VGroup(arrow, strip, label), shift=0.3 * RIGHT)
                                for arrow, strip, label in self.activations), lag_ratio=0.25),
                  FadeIn(self.step_notes), run_time=timing.gate)
        self.wait(timing.hold)
        # 4. Why no product per step: the input parts of all steps are one product.
        self.play(FadeIn(self.question), run_time=timing.fade)
        self.play(FadeIn(self.input_weights), FadeIn(self.inputs), FadeIn(self.sequence_signs),
                  FadeIn(self.sequence_labels), run_time=timing.move)
        self.play(GrowFromEdge(self.input_parts, LEFT), FadeIn(self.parts_shape), run_time=timing.gate)
        self.play(FadeIn(self.current), FadeIn(self.sequence_notes), run_time=timing.fade)
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
        names = sizes.label_font
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
            name = make_math(ACTIVATION_TEX[activation], theme, size=names).next_to(arrow, UP, buff=0.05)
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
        self.step_notes.next_to(self.step_row, DOWN, buff=2 * sizes.text_buff, aligned_edge=LEFT)
        return VGroup(self.step_row, self.step_notes)

    def build_sequence(self, side: float) -> VGroup:
        """``W_ih [x_1 ... x_T] + b_ih``: the input parts of every step, one product."""
        theme, sizes, trace = self.theme, self.theme.sizes, self.trace
        block_rows, _, x_columns = self.shown
        names = sizes.label_font
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
            make_math(rf"W_{{ih}}\,x_{{{self.step + 1}}} + b_{{ih}}", theme, size=names, color=color)
            .next_to(self.parts_shape, DOWN, buff=sizes.text_buff),
        )
        self.sequence_row = VGroup(self.input_weights, self.inputs, self.input_parts, self.sequence_signs,
                                   self.sequence_labels, self.parts_shape, self.current)
        self.question.next_to(self.sequence_row, UP, buff=3 * sizes.text_buff)
        self.sequence_notes = VGroup(
            make_text(term("input_parts_at_once", self.lang, steps=trace.steps), theme, size=sizes.small_font),
            make_text(term("only_h_part_waits", self.lang), theme, size=sizes.small_font),
        ).arrange(DOWN, aligned_edge=LEFT, buff=sizes.text_buff)
        self.sequence_notes.next_to(self.sequence_row, DOWN, buff=2 * sizes.text_buff)
        return VGroup(self.question, self.sequence_row, self.sequence_notes)

    def loose_vectors(self, region: Region) -> VGroup:
        """The step's ``h_{t-1}`` and ``x_t`` side by side with their values, before they stack."""
        theme, trace = self.theme, self.trace
        _, h_columns, x_columns = self.shown
        side = min(theme.sizes.cell, region.height / (max(h_columns, x_columns) + 1))
        vectors = VGroup(*(
            VectorStrip(trace.get(array)[self.step], array, theme, units=units, vertical=True, cell_size=side)
            for array, units in (("h_prev", h_columns), ("x", x_columns))
        )).arrange(RIGHT, buff=2 * side)
        vectors.move_to(self.concat).align_to(self.concat, UP)
        labels = VGroup(*(make_math(tex(array, self.step + 1), theme).next_to(strip, UP, buff=theme.sizes.text_buff)
                          for array, strip in zip(("h_prev", "x"), vectors)))
        group = VGroup(vectors, labels)
        region.fit(group.move_to(self.concat))
        return VGroup(VGroup(vectors[0], labels[0]), VGroup(vectors[1], labels[1]))

    def focus_chip(self) -> None:
        """The step's token stands out in the sentence; the others are dimmed."""
        for k, chip in enumerate(self.chips):
            if k != self.step:
                chip.set_opacity(0.35)
