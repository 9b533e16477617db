"""Naming the parts of a cell diagram: callouts with leader lines, and colah's legend.

A :class:`Callout` is a short name beside a diagram (optionally with its part's colour swatch)
and a thin dashed leader line to the element it names; :func:`callouts_for` places one per
:class:`CalloutSpec` around a :class:`~rnnviz.mobjects.cells.CellDiagram`, above, below (in
staggered rows) or beside it. :class:`CellLegend` is the key colah's figures carry: a layer, a
pointwise operation, a vector, a concatenation and a copy.

>>> from rnnviz.mobjects.cells import LSTMCell
>>> from rnnviz.mobjects.naming import CalloutSpec, callouts_for
>>> cell = LSTMCell()
>>> (forget,) = callouts_for(cell, [CalloutSpec("f", "forget_gate", "down", part="forget")], lang="zh")
>>> forget.name.original_text, bool(forget.label.get_top()[1] < cell.get_bottom()[1])
('遗忘门', True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, DashedLine, Line, Mobject, RoundedRectangle, VGroup

from rnnviz.mobjects.cells import CellDiagram
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.layer import LayerBox
from rnnviz.mobjects.ops import PointwiseOp
from rnnviz.mobjects.text import make_math, make_text
from rnnviz.mobjects.theme import Theme, get_theme
from rnnviz.mobjects.wire import Wire

__all__ = ["Callout", "CalloutSpec", "CellLegend", "callouts_for"]

_SIDES = {"up": UP, "down": DOWN, "left": LEFT, "right": RIGHT}


@dataclass(frozen=True)
class CalloutSpec:
    """One name to put on a diagram: the ``element`` it names (a layer, operation or wire of the
    cell), the ``title`` (a term key), the ``side`` of the diagram it stands on, the ``row``
    (0 nearest) for names above or below, the point of a wire it points at (``"start"``,
    ``"end"`` or ``"middle"``; of a layer or operation, ``"corner"``: beside the wires that enter
    it), the ``part`` whose colour swatch leads it, and a ``formula`` (LaTeX) after the name
    for what only a symbol names, e.g. ``W_{hr}``."""

    element: str
    title: str
    side: str
    row: int = 0
    at: str = "middle"
    part: str | None = None
    formula: str | None = None


class Callout(VGroup):
    """A name and a dashed leader line from it to ``target``.

    Parameters
    ----------
    text
        The name, in the viewer's language.
    target
        The point the leader line ends at.
    theme
        Colours and sizes (default: the light theme).
    part
        A theme part whose colour swatch leads the name.
    formula
        LaTeX typeset after the name (a symbol such as ``W_{hr}``, never as plain text).
    """

    def __init__(self, text: str, target: np.ndarray, theme: Theme | None = None, part: str | None = None,
                 formula: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        self.name = make_text(text, self.theme, size=sizes.label_font)
        parts = [self.name]
        if part is not None:
            side = 0.6 * sizes.chip_height
            swatch = RoundedRectangle(width=side, height=side, corner_radius=side / 5, stroke_width=0)
            parts.insert(0, swatch.set_fill(self.theme.part(part), opacity=1.0))
        if formula is not None:
            parts.append(make_math(formula, self.theme))
        self.label = VGroup(*parts).arrange(RIGHT, buff=sizes.text_buff)
        self.target = np.asarray(target, dtype=float)  # where the leader ends once placed
        self.leader = DashedLine(self.target + LEFT, self.target)
        self.add(self.label)

    def place(self, point: np.ndarray, side: np.ndarray, outward: np.ndarray = RIGHT) -> Callout:
        """Stand the name with its edge facing the diagram at ``point`` (``side``: where the name is
        from the diagram) and draw the leader from that edge to the target. A name above or below
        starts at ``point`` and runs ``outward`` (``LEFT`` or ``RIGHT``), away from its neighbours."""
        buff = self.theme.sizes.text_buff
        if side[0] == 0:
            self.label.move_to(point + buff * outward, aligned_edge=-side - outward)
            start = np.array([point[0], self.label.get_critical_point(-side)[1], 0.0]) - side * buff / 2
        else:
            self.label.move_to(point, aligned_edge=-side)
            start = self.label.get_critical_point(-side) - side * buff / 2
        self.leader = DashedLine(start, self.target, dash_length=0.06, stroke_width=self.theme.sizes.stroke / 2,
                                 color=self.theme.muted_text)
        self.add(self.leader)
        return self


def _anchor(element: Mobject, at: str, side: np.ndarray, outward: np.ndarray) -> np.ndarray:
    """Where a leader meets ``element``: a wire's start, end or middle; a node's edge facing
    ``side``, or its ``outward`` corner there (off the wire that enters the node's middle)."""
    if isinstance(element, Wire):
        if at == "start":
            return element.start
        if at == "end":
            return element.end
        return element.path.point_from_proportion(0.5)
    if at == "corner":
        return element.get_critical_point(side + outward)
    return element.get_critical_point(side)


def callouts_for(cell: CellDiagram, specs: Sequence[CalloutSpec], lang: str = "en",
                 theme: Theme | None = None) -> list[Callout]:
    """One :class:`Callout` per spec, placed around ``cell`` (call after the cell is placed)."""
    theme = theme if theme is not None else cell.theme
    sizes = theme.sizes
    gap = 2 * sizes.text_buff
    row_height = sizes.chip_height + sizes.text_buff
    out = []
    for spec in specs:
        if spec.side not in _SIDES:
            raise ValueError(f"a callout stands up, down, left or right of the diagram, not {spec.side!r}")
        side = _SIDES[spec.side]
        element = cell.element(spec.element)
        # Names above and below run away from the middle, so a leader never crosses a nearer name.
        outward = LEFT if element.get_x() < cell.body.get_x() else RIGHT
        target = _anchor(element, spec.at, side, outward)
        callout = Callout(term(spec.title, lang), target, theme, part=spec.part, formula=spec.formula)
        if spec.side in ("left", "right"):
            x = cell.get_critical_point(side)[0] + side[0] * gap
            point = np.array([x, target[1], 0.0])
        else:
            y = cell.get_critical_point(side)[1] + side[1] * (gap + spec.row * row_height)
            point = np.array([target[0], y, 0.0])
        out.append(callout.place(point, side, outward))
    return out


class CellLegend(VGroup):
    """colah's key to a cell diagram, in a row: a neural network layer, a pointwise operation, a
    vector moving, two vectors concatenated, a vector copied.

    >>> legend = CellLegend(lang="zh")
    >>> [name.original_text for name in legend.names]
    ['神经网络层', '逐点运算', '向量传递', '拼接', '复制']
    """

    def __init__(self, theme: Theme | None = None, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.theme = theme = theme if theme is not None else get_theme("light")
        sizes = theme.sizes
        ink = dict(color=theme.foreground, stroke_width=sizes.wire_stroke)
        length = 0.7
        layer = LayerBox("sigmoid", "input_x", theme)
        node = PointwiseOp("mul", theme)
        vector = Arrow(LEFT * length / 2, RIGHT * length / 2, buff=0, max_tip_length_to_length_ratio=0.3, **ink)
        joined = VGroup(Line([-length / 2, 0.15, 0], [0, 0, 0], **ink), Line([-length / 2, -0.15, 0], [0, 0, 0], **ink),
                        Line([0, 0, 0], [length / 2, 0, 0], **ink))
        copied = VGroup(Line([-length / 2, 0, 0], [0, 0, 0], **ink), Line([0, 0, 0], [length / 2, 0.15, 0], **ink),
                        Line([0, 0, 0], [length / 2, -0.15, 0], **ink))
        keys = ("nn_layer", "pointwise_op", "vector_transfer", "concatenate", "copy")
        # on one baseline: "copy" (with descenders) level with "vector"
        self.names = [make_text(term(key, lang), theme, size=sizes.small_font, strut=True) for key in keys]
        entries = [VGroup(glyph, name).arrange(RIGHT, buff=sizes.text_buff)
                   for glyph, name in zip((layer, node, vector, joined, copied), self.names)]
        self.add(*entries)
        self.arrange(RIGHT, buff=4 * sizes.text_buff)
