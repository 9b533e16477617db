"""Neural-network layer boxes of a cell diagram (σ, tanh, ReLU), as in colah's figures.

A layer box stands for ``activation(W [h_{t-1}; x_t] + b)``: a learned matrix product followed
by the activation printed in the box. It is filled with the colour of the part it computes.

>>> from rnnviz.mobjects.layer import LayerBox
>>> box = LayerBox("sigmoid", part="forget")
>>> box.symbol_text
'σ'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import RoundedRectangle, VGroup

from rnnviz.mobjects.text import make_text
from rnnviz.mobjects.theme import Theme, get_theme
from rnnviz.mobjects.wire import reach

if TYPE_CHECKING:
    from typing import Self

__all__ = ["ACTIVATIONS", "LayerBox"]

#: Activation functions a layer box can show, and how each is printed. ``linear`` has none: the
#: box is a bare matrix product ``W v``, e.g. the projection of an LSTM with ``proj_size``.
ACTIVATIONS: dict[str, str] = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "linear": "W"}


class LayerBox(VGroup):
    """A learned layer: a rounded box in its part's colour with the activation's name.

    Parameters
    ----------
    activation
        ``"sigmoid"``, ``"tanh"``, ``"relu"`` or ``"linear"`` (a matrix product only).
    part
        The theme part it computes (``"forget"``, ``"candidate"``, ...), which gives its fill.
    theme
        Colours and sizes (default: the light theme).

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.layer import LayerBox

        class Gate(Scene):
            def construct(self):
                box = LayerBox("sigmoid", part="forget")
                self.add(box)
                self.play(box.animate.set_active(False))
    """

    def __init__(self, activation: str, part: str, theme: Theme | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; expected one of {sorted(ACTIVATIONS)}")
        self.theme = theme if theme is not None else get_theme("light")
        self.activation = activation
        self.part = part
        self.part_color = self.theme.part(part)  # raises on an unknown part
        width, height = self.theme.sizes.layer_box
        self.box = RoundedRectangle(width=width, height=height, corner_radius=height / 5)
        self.box.set_style(fill_opacity=1.0, stroke_width=self.theme.sizes.stroke)
        self.symbol_text = ACTIVATIONS[activation]
        self.symbol = make_text(self.symbol_text, self.theme, size=self.theme.sizes.layer_font)
        if self.symbol.width > 0.8 * width:
            self.symbol.scale_to_fit_width(0.8 * width)
        self.symbol.move_to(self.box)
        self.add(self.box, self.symbol)
        self.active = True
        self.set_active(True)

    def reach(self, direction: np.ndarray | tuple[float, float, float]) -> float:
        """Distance from the centre to the outline along an axis ``direction`` (for wire tips)."""
        return reach(self.box, direction)

    def set_active(self, active: bool) -> Self:
        """Fill the box with its part's colour, or grey it out while another part is explained."""
        self.active = bool(active)
        fill = self.part_color if self.active else self.theme.muted
        self.box.set_style(fill_color=fill, stroke_color=fill)
        self.symbol.set_fill(color=self.theme.text_on(fill) if self.active else self.theme.background)
        return self
