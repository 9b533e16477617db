"""The unrolled network: one small cell per time step, the state passed from each to the next.

Every cell names the weights it uses (``W_{ih}``, ``W_{hh}``) in the colour of its weight set,
so a chain in one colour says what the notes ask ("is W the same at every step?": yes).
A second direction runs its own row right to left under the inputs, in its own colour (its own
weights, ``weight_ih_l0_reverse``); further layers stack above, each reading the one below.

>>> from rnnviz.mobjects.chain import UnrolledChain
>>> chain = UnrolledChain("lstm", 4)
>>> len(chain.cells[(0, 0)]), sorted(chain.states)
(4, ['c', 'h'])
>>> chain.weight_tex("hh", layer=1), bool(chain.cell(2).get_x() > chain.cell(1).get_x())
('W_{hh}', True)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import DOWN, UP, AnimationGroup, FadeOut, Indicate, RoundedRectangle, TransformFromCopy, VGroup

from rnnviz.mobjects.symbols import symbols_for
from rnnviz.mobjects.text import make_math
from rnnviz.mobjects.theme import Theme, get_theme
from rnnviz.mobjects.wire import Wire

__all__ = ["ChainCell", "FoldedChain", "ShareWeights", "Unfold", "UnrolledChain"]

Row = tuple[int, int]  # (layer, direction)


class ChainCell(VGroup):
    """One step's copy of the cell: a box outlined in its weights' colour (:attr:`weight_color`),
    naming the weights."""

    def __init__(self, width: float, height: float, weights: tuple[str, str], color: str, theme: Theme,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        sizes = theme.sizes
        self.box = RoundedRectangle(width=width, height=height, corner_radius=min(0.15, height / 5))
        self.box.set_style(fill_color=theme.panel, fill_opacity=1.0, stroke_color=color, stroke_width=2 * sizes.stroke)
        self.weights = VGroup(*(make_math(w, theme, color=color) for w in weights))
        self.weights.arrange(DOWN, buff=sizes.text_buff / 2)
        if self.weights.width > 0.85 * width or self.weights.height > 0.85 * height:
            self.weights.scale(min(0.85 * width / self.weights.width, 0.85 * height / self.weights.height))
        self.weights.move_to(self.box)
        self.weight_color = color
        self.add(self.box, self.weights)


class UnrolledChain(VGroup):
    """``steps`` copies of a cell in a row along time, centred on the origin.

    Parameters
    ----------
    arch
        ``"rnn"``, ``"lstm"`` or ``"gru"``: which states pass between cells (an LSTM's ``c`` on
        top of its ``h``).
    steps
        How many time steps (copies).
    theme
        Colours and sizes (default: the light theme).
    layers
        Rows stacked upwards, layer ``l + 1`` reading layer ``l``'s ``h_t`` as its input.
    directions
        ``2`` adds the backward row under the inputs, running right to left (one layer only).
    cell_width, cell_height, pitch
        A cell's size and the distance from one cell's centre to the next (default: 1.9 widths).

    Attributes
    ----------
    cells
        ``cells[(layer, direction)][t]``: the :class:`ChainCell` of step ``t``.
    states
        ``states[name][(layer, direction)][t]``: the wire that brings the state ``name``
        (``"h"``, ``"c"``) INTO step ``t`` (the Trace's ``h_prev[t]``); index ``steps`` is the
        wire leaving the last step in reading order (``h_n``).
    inputs, outputs
        ``inputs[(layer, direction)][t]`` into the cell, ``outputs[...][t]`` out of it (the top
        layer's; a backward row's point down).

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.chain import ShareWeights, UnrolledChain

        class Unrolled(Scene):
            def construct(self):
                chain = UnrolledChain("rnn", 4)
                self.add(chain)
                self.play(ShareWeights(chain, "hh"))
    """

    def __init__(
        self,
        arch: str,
        steps: int,
        theme: Theme | None = None,
        *,
        layers: int = 1,
        directions: int = 1,
        cell_width: float = 1.3,
        cell_height: float = 1.0,
        pitch: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if steps < 1:
            raise ValueError(f"a chain has at least one step, got {steps}")
        if layers < 1 or directions not in (1, 2):
            raise ValueError(f"layers must be at least 1 and directions 1 or 2, got {layers} and {directions}")
        if layers > 1 and directions > 1:
            raise ValueError("a chain draws several layers or two directions, not both at once")
        self.symbols = symbols_for(arch)
        self.theme = theme if theme is not None else get_theme("light")
        self.steps, self.layers, self.directions = steps, layers, directions
        self.cell_width, self.cell_height = cell_width, cell_height
        self.pitch = 1.9 * cell_width if pitch is None else pitch
        if self.pitch <= cell_width:
            raise ValueError(f"the pitch {self.pitch} leaves no room between cells {cell_width} wide")
        rise = 2.2 * cell_height  # centre to centre of two rows
        self.rows: list[Row] = [(layer, d) for layer in range(layers) for d in range(directions)]
        self.cells: dict[Row, list[ChainCell]] = {}
        self.inputs: dict[Row, list[Wire]] = {}
        self.outputs: dict[Row, list[Wire]] = {}
        self.states: dict[str, dict[Row, list[Wire]]] = {state: {} for state in self.symbols.states}
        wires, boxes = VGroup(), VGroup()
        stub = 0.6 * cell_height
        for layer, direction in self.rows:
            row = (layer, direction)
            y = layer * rise if direction == 0 else -rise  # the backward row hangs under the inputs
            color = self.theme.weight_color(layer, direction, directions)
            weights = (self.weight_tex("ih", layer, direction), self.weight_tex("hh", layer, direction))
            cells = [ChainCell(cell_width, cell_height, weights, color, self.theme).move_to([t * self.pitch, y, 0.0])
                     for t in range(steps)]
            self.cells[row] = cells
            boxes.add(*cells)
            toward = UP if direction == 0 else DOWN  # the way data flows from the inputs
            half = cell_height / 2
            self.inputs[row] = [
                Wire(c.get_center() - toward * (half + (rise - cell_height if layer else stub)), c.get_center() - toward * half,
                     carries="x" if layer == 0 else "h", theme=self.theme)
                for c in cells
            ]
            top = layer == layers - 1
            self.outputs[row] = [
                Wire(c.get_center() + toward * half, c.get_center() + toward * (half + stub), carries="h", theme=self.theme)
                for c in cells
            ] if top else []
            wires.add(*self.inputs[row], *self.outputs[row])
            # States: into step t from the step before it in reading order.
            order = list(range(steps)) if direction == 0 else list(range(steps - 1, -1, -1))
            sign = 1 if direction == 0 else -1
            levels = np.linspace(0.22, -0.22, len(self.symbols.states)) * cell_height if len(self.symbols.states) > 1 else [0.0]
            for state, level in zip(self.symbols.states, levels):
                into: dict[int, Wire] = {}
                gap = self.pitch - cell_width
                for k, t in enumerate(order):
                    x_in = cells[t].get_left()[0] if sign > 0 else cells[t].get_right()[0]
                    x_from = x_in - sign * gap
                    into[t] = Wire((x_from, y + level), (x_in, y + level), carries=state, theme=self.theme)
                last = cells[order[-1]]
                x_out = last.get_right()[0] if sign > 0 else last.get_left()[0]
                leaving = Wire((x_out, y + level), (x_out + sign * gap, y + level), carries=state, theme=self.theme)
                self.states[state][row] = [into[t] for t in range(steps)] + [leaving]
                wires.add(*self.states[state][row])
        # Wires under cells: an arrow head meets a cell's outline.
        self.add(wires, boxes)
        self.center()

    def weight_tex(self, kind: str, layer: int = 0, direction: int = 0) -> str:
        """The TeX name of one weight matrix in this chain: ``W_{ih}``, ``W_{hh}^{(2)}`` (second
        layer), ``\\overleftarrow{W}_{hh}`` (the backward direction)."""
        self.symbols.weight_name(kind, layer)  # checks the kind
        base = r"\overleftarrow{W}" if direction == 1 else "W"
        layer_mark = f"^{{({layer + 1})}}" if self.layers > 1 else ""
        return f"{base}_{{{kind}}}{layer_mark}"

    def cell(self, t: int, layer: int = 0, direction: int = 0) -> ChainCell:
        """The copy of step ``t`` (0-based) in ``layer`` and ``direction``."""
        row = (layer, direction)
        if row not in self.cells:
            raise KeyError(f"this chain has no layer {layer}, direction {direction}; it has {self.rows}")
        if not 0 <= t < self.steps:
            raise IndexError(f"step {t} is outside 0..{self.steps - 1}")
        return self.cells[row][t]

    def input_point(self, t: int) -> np.ndarray:
        """Where ``x_t`` enters the first layer: the bottom of step ``t``'s input wire."""
        return self.inputs[(0, 0)][t].start

    def folded(self) -> FoldedChain:
        """The same network folded into one cell, where the chain's first layer stands (the start
        of :class:`Unfold`)."""
        return FoldedChain(self)

    def weights(self, kind: str | None = None, layer: int = 0, direction: int = 0) -> VGroup:
        """Every step's label of the ``kind`` (``"ih"``, ``"hh"``, or both) weights of a row."""
        index = {None: slice(None), "ih": slice(0, 1), "hh": slice(1, 2)}
        if kind not in index:
            raise ValueError(f"weights are 'ih' or 'hh' (or None for both), not {kind!r}")
        return VGroup(*(m for cell in self.cells[(layer, direction)] for m in cell.weights[index[kind]]))


class ShareWeights(AnimationGroup):
    """Every step's copy of the same weights lights up at once: one set, used at each step."""

    def __init__(self, chain: UnrolledChain, kind: str | None = None, layer: int = 0, direction: int = 0,
                 **kwargs: Any) -> None:
        if not isinstance(chain, UnrolledChain):
            raise TypeError(f"ShareWeights animates an UnrolledChain, got {type(chain).__name__}")
        color = chain.theme.weight_color(layer, direction, chain.directions)
        kwargs.setdefault("run_time", chain.theme.timing.gate)
        super().__init__(
            *(Indicate(label, color=color, scale_factor=1.35) for label in chain.weights(kind, layer, direction)),
            **kwargs,
        )


class FoldedChain(VGroup):
    """One copy of an :class:`UnrolledChain`'s cell with a self-loop per state: the network
    before it is unrolled, centred where the chain's first layer is.

    Each state leaves the cell's right side and comes back into it (a small loop beside the
    cell), at the height at which the chain passes it from step to step; ``x_t`` comes in from
    below and ``h_t`` goes out on top, as in every copy of the chain.
    """

    def __init__(self, chain: UnrolledChain, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        row = chain.cells[(0, 0)]
        center = (row[0].get_center() + row[-1].get_center()) / 2
        self.cell = row[0].copy().move_to(center)
        shift = center - row[0].get_center()
        self.input_wire = chain.inputs[(0, 0)][0].copy().shift(shift)
        outputs = chain.outputs[(0, 0)]
        self.output_wire = outputs[0].copy().shift(shift) if outputs else None
        gap = chain.pitch - chain.cell_width
        right = self.cell.get_right()[0]
        levels = [chain.states[state][(0, 0)][1].start[1] + shift[1] for state in chain.symbols.states]
        reach = min(0.18 * chain.cell_height, abs(levels[0] - levels[-1]) / 2.5 if len(levels) > 1 else 1.0)
        self.loops = {
            state: Wire((right, y + reach), (right + 0.6 * gap, y + reach), (right + 0.6 * gap, y - reach), (right, y - reach),
                        carries=state, theme=chain.theme)
            for state, y in zip(chain.symbols.states, levels)
        }
        self.add(*self.loops.values(), self.input_wire, *([self.output_wire] if self.output_wire else []), self.cell)


class Unfold(AnimationGroup):
    """The folded cell opens into the chain: the cell becomes every step's copy, its loops the
    wires that pass each state on, its input and output every step's.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.chain import Unfold, UnrolledChain

        class Unrolling(Scene):
            def construct(self):
                chain = UnrolledChain("lstm", 4)
                folded = chain.folded()
                self.add(folded)
                self.play(Unfold(folded, chain))
    """

    def __init__(self, folded: FoldedChain, chain: UnrolledChain, **kwargs: Any) -> None:
        if not isinstance(folded, FoldedChain) or not isinstance(chain, UnrolledChain):
            raise TypeError("Unfold takes a FoldedChain and the UnrolledChain it was folded from")
        row = (0, 0)
        moves = [TransformFromCopy(folded.cell, cell) for cell in chain.cells[row]]
        moves += [TransformFromCopy(folded.loops[state], wire) for state in folded.loops for wire in chain.states[state][row]]
        moves += [TransformFromCopy(folded.input_wire, wire) for wire in chain.inputs[row]]
        if folded.output_wire is not None:
            moves += [TransformFromCopy(folded.output_wire, wire) for wire in chain.outputs[row]]
        kwargs.setdefault("run_time", 2 * chain.theme.timing.move)
        super().__init__(*moves, FadeOut(folded), **kwargs)
