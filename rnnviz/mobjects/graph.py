"""The computation graph of a recurrent network over a few time steps (the notes' rnn-figure2).

Nodes are the vectors of each step (``x_t`` at the bottom, the states, the output ``y_t`` on
top); edges are the computations, labelled with the weight matrix they apply. Every step's
edges apply the same matrices, drawn in the weight set's colour.

>>> from rnnviz.mobjects.graph import ComputationGraph
>>> graph = ComputationGraph("lstm", [1, 2, 3], current=2)
>>> graph.rows, sorted(graph.labels)
(('x', 'c', 'h', 'y'), ['hh', 'hy', 'ih'])
>>> len(graph.labels["hh"]), graph.node("h", 2).tex
(3, 'h_{2}')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Circle,
    Create,
    DashedVMobject,
    FadeIn,
    Indicate,
    LaggedStart,
    Mobject,
    VGroup,
)

from rnnviz.mobjects.symbols import symbols_for, tex
from rnnviz.mobjects.text import make_math
from rnnviz.mobjects.theme import Theme, get_theme

__all__ = ["ComputationGraph", "GraphNode"]

_RADIUS = 0.36
_PITCH = 2.5  # centre to centre of two steps
_RISE = 1.45  # centre to centre of two rows


class GraphNode(VGroup):
    """A vector of one step: a circle with its name (``tex``); dashed when not computed."""

    def __init__(self, name: str, tex_name: str, color: str, theme: Theme, dashed: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name, self.tex = name, tex_name
        circle = Circle(radius=_RADIUS, color=color, stroke_width=theme.sizes.stroke)
        circle.set_fill(theme.panel, opacity=1.0)
        self.circle = DashedVMobject(circle, num_dashes=16) if dashed else circle
        self.label = make_math(tex_name, theme, size=theme.sizes.diagram_font)
        if self.label.width > 1.6 * _RADIUS:
            self.label.scale_to_fit_width(1.6 * _RADIUS)
        self.add(*([circle.set_stroke(opacity=0.0)] if dashed else []), self.circle, self.label)


class ComputationGraph(VGroup):
    """The computation graph of ``arch`` over the 1-based ``steps`` shown, centred on the origin.

    Rows from the bottom: ``x``, the states (an LSTM's ``c`` under its ``h``), the output ``y``.
    Edges: ``x_t`` to the state through ``W_{ih}``; the previous step's ``h`` into the state
    through ``W_{hh}`` (an LSTM's ``c`` also passes on directly, and ``c_t`` makes ``h_t``); ``h_t``
    to ``y_t`` through ``W_{hy}``. ``y`` nodes are dashed: an output per step exists only if the
    task reads one (the intent classifier reads the last ``h`` only, so ``last_output`` is the
    only solid one, if shown).

    Parameters
    ----------
    arch
        ``"rnn"``, ``"lstm"`` or ``"gru"``.
    steps
        The steps shown, consecutive, 1-based (e.g. ``[1, 2, 3]``).
    theme
        Colours and sizes (default: the light theme).
    current
        The step called ``t`` (the others are ``t-1`` and ``t+1``), named over its column.
    output_weights
        Draw the output row (``y``, ``W_{hy}``).
    last_output
        The step whose output is computed (drawn solid), if any.

    Attributes
    ----------
    nodes
        ``nodes[(row, step)]``: each :class:`GraphNode`.
    labels
        ``labels["ih" | "hh" | "hy"]``: the weight names on the edges, one per step.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.graph import ComputationGraph

        class Graph(Scene):
            def construct(self):
                graph = ComputationGraph("rnn", [1, 2, 3], current=2)
                self.add(graph.skeleton())
                self.play(graph.build())
                self.play(graph.light("hh"))
    """

    def __init__(
        self,
        arch: str,
        steps: Sequence[int],
        theme: Theme | None = None,
        *,
        current: int | None = None,
        output_weights: bool = True,
        last_output: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        steps = list(steps)
        if not steps or any(b != a + 1 for a, b in zip(steps, steps[1:])) or steps[0] < 1:
            raise ValueError(f"steps must be consecutive and count from 1, got {steps}")
        self.theme = theme if theme is not None else get_theme("light")
        self.symbols = symbols_for(arch)
        self.steps = steps
        self.rows: tuple[str, ...] = ("x", *self.symbols.states, *(("y",) if output_weights else ()))
        weight = self.theme.weight_color()
        fg = self.theme.foreground
        colors = {"x": self.theme.part("input_x"), "h": self.theme.part("hidden"), "c": self.theme.part("cell"), "y": fg}
        self.nodes: dict[tuple[str, int], GraphNode] = {}
        for k, step in enumerate(steps):
            for r, row in enumerate(self.rows):
                name = "y_{%d}" % step if row == "y" else tex(row, step=step)
                node = GraphNode(row, name, colors[row], self.theme, dashed=row == "y" and step != last_output)
                self.nodes[(row, step)] = node.move_to([k * _PITCH, r * _RISE, 0.0])
        self.edges = VGroup()
        self.labels: dict[str, list[Mobject]] = {"ih": [], "hh": [], "hy": []}
        first_state = self.symbols.states[0]
        for k, step in enumerate(steps):
            self._edge(self.node("x", step), self.node(first_state, step), "ih", weight)
            if len(self.symbols.states) > 1:  # LSTM: c_t makes h_t
                self._edge(self.node("c", step), self.node("h", step), None, fg)
            if output_weights:
                self._edge(self.node("h", step), self.node("y", step), "hy", fg, dashed=step != last_output)
            # From the step before: drawn from the previous column, or from the left edge.
            for state in self.symbols.states:
                target = self.node(first_state if state == "h" else state, step)
                source_y = self.node(state, step).get_y()
                if k == 0:
                    start = np.array([target.get_x() - 0.62 * _PITCH, source_y, 0.0])
                    prev = make_math(tex(f"{state}_prev", step=step), self.theme, size=self.theme.sizes.diagram_font)
                    self.edges.add(prev.next_to(start, LEFT, buff=0.05))
                else:
                    start = self.node(state, step - 1)
                self._edge(start, target, "hh" if state == "h" else None, weight if state == "h" else colors[state])
        self.caption = VGroup()
        if current is not None:
            if current not in steps:
                raise ValueError(f"the current step {current} is not among those shown {steps}")
            for step in steps:
                offset = step - current
                name = "t" if offset == 0 else f"t{offset:+d}"
                mark = make_math(name, self.theme, size=self.theme.sizes.diagram_font, color=self.theme.muted)
                self.caption.add(mark.next_to(self.node(self.rows[-1], step), UP, buff=0.2))
        self.add(self.edges, *self.nodes.values(), self.caption)
        self.center()

    def node(self, row: str, step: int) -> GraphNode:
        """The node of ``row`` (``"x"``, ``"h"``, ``"c"``, ``"y"``) at 1-based ``step``."""
        if (row, step) not in self.nodes:
            raise KeyError(f"no node {row!r} at step {step}; rows {self.rows}, steps {self.steps}")
        return self.nodes[(row, step)]

    def _edge(self, start: Mobject | np.ndarray, end: GraphNode, weight: str | None, color: str, dashed: bool = False) -> None:
        a = start.get_center() if isinstance(start, Mobject) else start
        b = end.get_center()
        direction = (b - a) / np.linalg.norm(b - a)
        a_edge = a + direction * (_RADIUS if isinstance(start, Mobject) else 0.0)
        arrow = Arrow(a_edge, b - direction * _RADIUS, buff=0.0, color=color, stroke_width=self.theme.sizes.wire_stroke,
                      max_tip_length_to_length_ratio=0.25)
        self.edges.add(DashedVMobject(arrow, num_dashes=8) if dashed else arrow)
        if weight is None:
            return
        label = make_math(f"W_{{{weight}}}", self.theme, size=self.theme.sizes.diagram_font, color=color)
        middle = (a_edge + b - direction * _RADIUS) / 2
        side = UP if abs(direction[0]) > abs(direction[1]) else RIGHT
        if abs(direction[0]) > 0.2 and abs(direction[1]) > 0.2:  # a diagonal: beside its middle, away from x
            side = UP + RIGHT
        self.edges.add(label.next_to(middle, side, buff=self.theme.sizes.text_buff))
        self.labels[weight].append(label)

    # ---- motion ---------------------------------------------------------------------------
    def skeleton(self) -> VGroup:
        """The inputs only: what stands before the graph is built."""
        return VGroup(*(self.node("x", step) for step in self.steps))

    def build(self, **kwargs: Any) -> LaggedStart:
        """Everything but the inputs appears: the states, their edges, the outputs, the names."""
        rest = [node for (row, _), node in self.nodes.items() if row != "x"]
        return LaggedStart(Create(self.edges), LaggedStart(*(FadeIn(n) for n in rest), lag_ratio=0.1),
                           FadeIn(self.caption), lag_ratio=0.4, **kwargs)

    def light(self, weight: str, **kwargs: Any) -> AnimationGroup:
        """Every step's edge label of ``weight`` (``"ih"``, ``"hh"``, ``"hy"``) flashes at once."""
        if weight not in self.labels:
            raise ValueError(f"weights are 'ih', 'hh' or 'hy', not {weight!r}")
        color = self.labels[weight][0].get_color() if self.labels[weight] else self.theme.foreground
        return AnimationGroup(*(Indicate(label, color=color, scale_factor=1.5) for label in self.labels[weight]), **kwargs)

    def focus(self, step: int, **kwargs: Any) -> AnimationGroup:
        """Dim every column but ``step``'s."""
        others = [node for (row, s), node in self.nodes.items() if s != step]
        return AnimationGroup(*(node.animate.set_opacity(0.35) for node in others), **kwargs)

