"""Pointwise operation nodes of a cell diagram: ×, +, 1− and tanh, as in colah's figures.

>>> from rnnviz.mobjects.ops import PointwiseOp
>>> node = PointwiseOp("mul")
>>> node.symbol_text
'×'
>>> round(node.reach((1, 0, 0)), 2) == round(node.reach((0, 1, 0)), 2)  # a circle
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import Circle, Ellipse, VGroup

from rnnviz.mobjects.text import make_text
from rnnviz.mobjects.theme import Theme, get_theme
from rnnviz.mobjects.wire import reach

if TYPE_CHECKING:
    from typing import Self

__all__ = ["OP_SYMBOLS", "PointwiseOp"]

#: The operations a cell uses, and the symbol each node prints.
OP_SYMBOLS: dict[str, str] = {"mul": "×", "add": "+", "one_minus": "1−", "tanh": "tanh"}

# "tanh" and "1−" do not fit a circle at a readable size; they get an ellipse this much wider.
_WIDE = {"tanh": 1.75, "one_minus": 1.3}


class PointwiseOp(VGroup):
    """A node that applies one operation unit by unit: a circle with its symbol.

    Parameters
    ----------
    kind
        ``"mul"`` (×), ``"add"`` (+), ``"one_minus"`` (1−) or ``"tanh"``.
    theme
        Colours and sizes (default: the light theme).

    Examples
    --------
    .. code-block:: python

        from manim import RIGHT, Scene
        from rnnviz.mobjects.ops import PointwiseOp

        class Ops(Scene):
            def construct(self):
                mul, add = PointwiseOp("mul"), PointwiseOp("add").shift(2 * RIGHT)
                self.add(mul, add)
                self.play(mul.animate.set_active(False))
    """

    def __init__(self, kind: str, theme: Theme | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if kind not in OP_SYMBOLS:
            raise ValueError(f"unknown operation {kind!r}; expected one of {sorted(OP_SYMBOLS)}")
        self.kind = kind
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        radius = sizes.op_radius
        if kind in _WIDE:
            self.shape = Ellipse(width=2 * radius * _WIDE[kind], height=2 * radius)
        else:
            self.shape = Circle(radius=radius)
        self.shape.set_style(fill_color=self.theme.background, fill_opacity=1.0, stroke_width=sizes.stroke)
        self.symbol_text = OP_SYMBOLS[kind]
        self.symbol = make_text(self.symbol_text, self.theme, size=sizes.op_font)
        if self.symbol.width > 0.75 * self.shape.width:
            self.symbol.scale_to_fit_width(0.75 * self.shape.width)
        self.symbol.move_to(self.shape)
        self.add(self.shape, self.symbol)
        self.active = True
        self.set_active(True)

    def reach(self, direction: np.ndarray | tuple[float, float, float]) -> float:
        """Distance from the centre to the outline along an axis ``direction`` (for wire tips)."""
        return reach(self.shape, direction)

    def set_active(self, active: bool) -> Self:
        """Draw the node in the foreground colour, or greyed out while another part is explained."""
        self.active = bool(active)
        color = self.theme.foreground if self.active else self.theme.muted
        self.shape.set_stroke(color=color)
        self.symbol.set_fill(color=color)
        return self
