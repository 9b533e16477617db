"""The folded network: one cell with its self-loop, the figure every RNN chapter starts with.

The cell is a box holding its layers (PyTorch's gate order: an LSTM's σ σ tanh σ, a GRU's
σ σ tanh, an RNN's single tanh); each state the cell carries to the next step runs round a
loop above the box (an LSTM has two, ``c`` outside ``h``; a GRU and an RNN one) and is drawn on
it as a strip of its values. ``x_t`` enters from below, the output leaves to the right.

:class:`CarryAround` is the loop at work: the state's strip rides its loop into the cell as
``h_{t-1}``, and the same strip comes out holding ``h_t``.

>>> from rnnviz.mobjects.folded import FoldedCell
>>> cell = FoldedCell("lstm", {"c": [0.5, -0.2], "h": [0.3, -0.1]})
>>> list(cell.states), list(cell.layers)
(['c', 'h'], ['i', 'f', 'g', 'o'])
>>> cell.states["h"].tex
'h_{t-1}'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from manim import DOWN, RIGHT, UP, Animation, RoundedRectangle, VGroup

from rnnviz.mobjects.layer import LayerBox
from rnnviz.mobjects.named import NamedVector
from rnnviz.mobjects.text import make_text
from rnnviz.mobjects.theme import ARRAY_PART, Theme, get_theme
from rnnviz.mobjects.symbols import symbols_for, tex
from rnnviz.mobjects.wire import Wire

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["CarryAround", "FoldedCell", "gate_array"]

# Geometry in units of the strips' cell side: free room between a strip's end and its loop's
# legs, between two nested loops, between the outer legs and the box's ends, and from the top
# of the box to the first loop's strip; the length of the input and output wires.
_LEG_PAD = 0.6
_LOOP_GAP = 0.5
_BOX_PAD = 0.6
_RISE = 0.35
_STUB = 0.9
# How small a strip gets as it rides down into the box (it passes under the box's fill).
_RIDE_SCALE = 0.16


class FoldedCell(VGroup):
    """One recurrent cell with a self-loop per carried state, each loop holding its state's strip.

    Parameters
    ----------
    arch
        ``"rnn"``, ``"lstm"`` or ``"gru"``: which layers the box shows and which states loop.
    states
        The values each loop's strip starts with, by state name (``"h"``; ``"c"`` and ``"h"``
        for an LSTM), e.g. ``{"h": trace.get("h_prev")[0]}``.
    theme
        Colours and sizes (default: the light theme).
    units
        At most this many units per strip; an ellipsis stands for the rest.
    cell_size
        Side of a strip's cell (default ``theme.sizes.cell``).
    names
        The strips' LaTeX names by state (default ``c_{t-1}``, ``h_{t-1}``: what the cell reads).
    output
        Draw the output wire leaving to the right (port ``"out"``).
    nonlinearity
        A plain RNN's activation, ``"tanh"`` or ``"relu"``.

    Attributes
    ----------
    box, title, layers
        The cell's box, its name and its layer boxes by gate.
    loops, states
        Each state's loop (a :class:`~rnnviz.mobjects.wire.Wire`) and strip
        (a :class:`~rnnviz.mobjects.named.NamedVector`), by state name.
    input_wire, output_wire
        ``x_t`` coming in from below; the output leaving right (or ``None``).

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.folded import CarryAround, FoldedCell

        class Loop(Scene):
            def construct(self):
                cell = FoldedCell("rnn", {"h": [0.0, 0.0, 0.0]})
                self.add(cell)
                self.play(CarryAround(cell, "h", [0.4, -0.7, 0.2], tex="h_t"))
    """

    def __init__(
        self,
        arch: str,
        states: Mapping[str, ArrayLike],
        theme: Theme | None = None,
        *,
        units: int = 8,
        cell_size: float | None = None,
        names: Mapping[str, str] | None = None,
        output: bool = False,
        nonlinearity: str = "tanh",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.symbols = symbols_for(arch)
        self.arch = arch
        self.theme = theme if theme is not None else get_theme("light")
        if set(states) != set(self.symbols.states):
            raise ValueError(f"a folded {self.symbols.name} carries {list(self.symbols.states)}, got {list(states)}")
        sizes = self.theme.sizes
        side = sizes.cell if cell_size is None else cell_size
        names = dict(names or {})
        # The strips, outermost loop first (the table lists states top first).
        self.states: dict[str, NamedVector] = {
            state: NamedVector(states[state], state, names.get(state, tex(f"{state}_prev")), self.theme,
                               units=units, cell_size=side)
            for state in self.symbols.states
        }
        strip_width = max(v.strip.width for v in self.states.values())
        strip_height = max(v.strip.height for v in self.states.values())
        label_room = max(v.label.height for v in self.states.values()) + sizes.text_buff
        # The box: wide enough for every loop's legs to land on its top.
        leg_x = strip_width / 2 + _LEG_PAD * side
        half_w = leg_x + (len(self.states) - 1) * _LOOP_GAP * side + _BOX_PAD * side
        self.layers: dict[str, LayerBox] = {
            gate: LayerBox(self.symbols.activations[gate] if arch != "rnn" else nonlinearity, ARRAY_PART[gate_array(gate)],
                           self.theme)
            for gate in self.symbols.gates
        }
        row = VGroup(*self.layers.values()).arrange(RIGHT, buff=sizes.text_buff)
        self.title = make_text(self.symbols.name, self.theme, size=sizes.label_font)
        inside = VGroup(self.title, row).arrange(RIGHT, buff=2 * sizes.text_buff)
        half_h = inside.height / 2 + 2 * sizes.text_buff
        self.box = RoundedRectangle(width=2 * half_w, height=2 * half_h, corner_radius=0.2)
        self.box.set_style(fill_color=self.theme.panel, fill_opacity=1.0, stroke_color=self.theme.foreground,
                           stroke_width=sizes.stroke)
        inside.move_to(self.box)
        # Loops: the innermost (the last state) lowest and narrowest.
        self.loops: dict[str, Wire] = {}
        for k, state in enumerate(reversed(self.symbols.states)):
            x = leg_x + k * _LOOP_GAP * side
            y = half_h + _RISE * side + strip_height / 2 + k * (strip_height + label_room + _LOOP_GAP * side)
            self.loops[state] = Wire((x, half_h), (x, y), (-x, y), (-x, half_h), carries=state, theme=self.theme)
            self.states[state].shift([0.0, y, 0.0] - self.states[state].strip.get_center())
        self.loops = {state: self.loops[state] for state in self.symbols.states}  # top first, as the states
        stub = _STUB * side
        self.input_wire = Wire((0.0, -half_h - stub), (0.0, -half_h), carries="x", theme=self.theme)
        self.output_wire = (
            Wire((half_w, 0.0), (half_w + stub, 0.0), carries=self.symbols.states[-1], theme=self.theme) if output else None
        )
        # Loops and strips under the box: a strip riding into the cell passes under its fill.
        self.add(*self.loops.values(), *self.states.values(), self.input_wire)
        if self.output_wire is not None:
            self.add(self.output_wire)
        self.add(self.box, self.title, row)

    # ---- reading ------------------------------------------------------------------------
    def port(self, name: str) -> np.ndarray:
        """Where ``"x"`` enters (the input wire's start) or ``"out"`` leaves, in scene coordinates."""
        if name == "x":
            return self.input_wire.start
        if name == "out" and self.output_wire is not None:
            return self.output_wire.end
        raise KeyError(f"this folded cell has no port {name!r}; it has 'x'" + (" and 'out'" if self.output_wire else ""))

    def loop_points(self, state: str) -> list[np.ndarray]:
        """The path a strip rides for one step, in scene coordinates: from its place on the loop
        over to the left leg, down into the box, across under it, up the right leg and back."""
        if state not in self.loops:
            raise KeyError(f"a folded {self.symbols.name} carries {list(self.loops)}, not {state!r}")
        path = self.loops[state].path  # from the right foot, up, across, down to the left foot
        right_foot, left_foot = path.get_start(), path.get_end()
        home = self.states[state].strip.get_center()
        sink = self.states[state].strip.height / 2 * DOWN  # the shrunk strip hides under the box's edge
        return [home, np.array([left_foot[0], home[1], 0.0]), left_foot + sink, right_foot + sink,
                np.array([right_foot[0], home[1], 0.0]), home]


def gate_array(gate: str) -> str:
    """The Trace array a gate block computes (the plain RNN's one block computes ``pre``)."""
    return "pre" if gate == "h" else gate


class CarryAround(Animation):
    """One step of the loop: a state's strip rides into the cell and the same strip comes out
    holding the new values under a new name.

    The strip leaves its place on the loop, goes down the left leg and under the box (where its
    name fades), takes ``values`` while hidden, and rises up the right leg back to its place,
    named ``tex``.

    Parameters
    ----------
    cell
        The :class:`FoldedCell`.
    state
        Which loop: ``"h"`` or (an LSTM's) ``"c"``.
    values
        What the strip holds when it comes out, e.g. ``trace.get("h")[t]``.
    tex
        Its name then, e.g. ``"h_t"``.
    """

    def __init__(self, cell: FoldedCell, state: str, values: ArrayLike, tex: str, **kwargs: Any) -> None:
        if not isinstance(cell, FoldedCell):
            raise TypeError(f"CarryAround animates a FoldedCell, got {type(cell).__name__}")
        self.vector = cell.states[state] if state in cell.states else None
        if self.vector is None:
            raise KeyError(f"a folded {cell.symbols.name} carries {list(cell.states)}, not {state!r}")
        self.values = self.vector.strip.check_values(values)
        self.new_tex = tex
        self.points = cell.loop_points(state)
        lengths = [float(np.linalg.norm(b - a)) for a, b in zip(self.points, self.points[1:])]
        self.stops = np.concatenate([[0.0], np.cumsum(lengths)]) / sum(lengths)
        kwargs.setdefault("run_time", 2 * cell.theme.timing.move)
        super().__init__(self.vector, **kwargs)

    def begin(self) -> None:
        self.scale_now = 1.0
        self.swapped = False
        super().begin()

    def _where(self, alpha: float) -> tuple[np.ndarray, float, float]:
        """Position, scale and label opacity at ``alpha`` of the ride."""
        k = int(np.clip(np.searchsorted(self.stops, alpha, side="right") - 1, 0, len(self.points) - 2))
        local = (alpha - self.stops[k]) / max(self.stops[k + 1] - self.stops[k], 1e-9)
        point = self.points[k] + local * (self.points[k + 1] - self.points[k])
        # The strip shrinks as it leaves its place (segment 0), rides the legs small and grows
        # back as it returns (segment 4); its name fades out and in with it.
        scale = {0: 1.0 + local * (_RIDE_SCALE - 1.0), 4: _RIDE_SCALE + local * (1.0 - _RIDE_SCALE)}
        label = {0: 1.0 - local, 4: local}
        return point, scale.get(k, _RIDE_SCALE), label.get(k, 0.0)

    def interpolate_mobject(self, alpha: float) -> None:
        vector = self.vector
        point, scale, label_opacity = self._where(self.rate_func(alpha))
        vector.scale(scale / self.scale_now)
        self.scale_now = scale
        vector.shift(point - vector.strip.get_center())
        if not self.swapped and alpha >= self.stops[2]:  # hidden under the box: new values, new name
            vector.strip.set_values(self.values)
            self._rename()
        vector.label.set_fill(opacity=label_opacity)

    def _rename(self) -> None:
        vector = self.vector
        label = vector.make_label(self.new_tex)
        label.scale(self.scale_now)
        label.next_to(vector.strip, UP, buff=vector.theme.sizes.text_buff * self.scale_now)
        vector.label.become(label)
        vector.tex = self.new_tex
        self.swapped = True

    def finish(self) -> None:
        super().finish()
        if not self.swapped:
            self.vector.strip.set_values(self.values)
            self._rename()
        self.vector.label.set_fill(opacity=1.0)

