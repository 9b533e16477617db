"""Moving a mobject to another place of the slide without sweeping across what lies between.

>>> import numpy as np
>>> from manim import Square
>>> from rnnviz.mobjects.motion import Hop
>>> square = Square()
>>> hop = Hop(square, np.array([4.0, 0.0, 0.0]), height=2.0, shrink=0.5)
>>> hop.begin(); hop.interpolate(0.5)
>>> [round(float(v), 2) for v in square.get_center()[:2]], round(float(square.width), 2)
([2.0, 2.0], 1.0)
>>> hop.finish(); [round(float(v), 2) for v in square.get_center()[:2]], round(float(square.width), 2)
([4.0, 0.0], 2.0)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import Animation, Mobject

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["Hop"]


class Hop(Animation):
    """``mobject`` hops to ``target`` (where its centre lands): up over an arch ``height`` high,
    shrinking to ``shrink`` of its size at the top, so it passes over what lies between rather
    than sweeping across it. The same mobject moves; nothing is copied.

    Examples
    --------
    .. code-block:: python

        from manim import LEFT, RIGHT, Scene
        from rnnviz.mobjects.named import NamedVector
        from rnnviz.mobjects.motion import Hop

        class Carry(Scene):
            def construct(self):
                h = NamedVector([0.3, -0.7, 0.1], array="h", tex="h_t", vertical=True).shift(4 * RIGHT)
                self.add(h)
                self.play(Hop(h, h.get_center() + 8 * LEFT, height=2.5))
    """

    def __init__(self, mobject: Mobject, target: ArrayLike, height: float = 1.0, shrink: float = 0.5,
                 **kwargs: Any) -> None:
        if not 0.0 < shrink <= 1.0:
            raise ValueError(f"shrink is a fraction of the size in (0, 1], got {shrink}")
        self.target = np.asarray(target, dtype=float)
        self.height, self.shrink = float(height), float(shrink)
        super().__init__(mobject, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # the path is computed from the start; nothing is copied

    def begin(self) -> None:
        self.start = self.mobject.get_center().copy()
        self.scale_now = 1.0
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        bump = 4.0 * a * (1.0 - a)  # 0 at both ends, 1 halfway
        point = self.start + a * (self.target - self.start) + np.array([0.0, self.height * bump, 0.0])
        scale = 1.0 - (1.0 - self.shrink) * bump
        self.mobject.scale(scale / self.scale_now)
        self.scale_now = scale
        self.mobject.move_to(point)
