"""Fading by opacity alone: no copies of the mobject, so fading a whole slide stays cheap.

manim's ``FadeIn``/``FadeOut`` copy the mobject twice (a faded start and a target) and
interpolate every point between them; for a slide of hundreds of parts that copying is most
of a scene's build time. :class:`Fade` scales the opacities each part already has, and can
slide the mobject by ``shift`` while it fades.

>>> from manim import Square
>>> from rnnviz.mobjects.fades import Fade
>>> square = Square().set_fill(opacity=0.5)
>>> fade = Fade(square, entering=False)
>>> fade.begin(); fade.interpolate(0.5); float(square.get_fill_opacity())
0.25
>>> fade.finish(); float(square.get_fill_opacity())  # restored: the mobject is taken off, intact
0.5
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import ORIGIN, Animation, Mobject, VMobject

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["Dim", "Fade"]


class Fade(Animation):
    """Fade ``mobject`` in (``entering``: it is added to the scene) or out (it is removed).

    Each part keeps its own opacity at full strength (a half-transparent part stays half
    transparent); ``shift`` is the distance slid over the fade: an entering mobject arrives
    from ``-shift``, a leaving one ends at ``+shift``.

    Examples
    --------
    .. code-block:: python

        from manim import UP, Scene, Square
        from rnnviz.mobjects.fades import Fade

        class Cheap(Scene):
            def construct(self):
                square = Square()
                self.play(Fade(square, entering=True, shift=0.3 * UP))
                self.play(Fade(square, entering=False))
    """

    def __init__(self, mobject: Mobject, entering: bool, shift: ArrayLike = ORIGIN, **kwargs: Any) -> None:
        self.entering = entering
        self.shift = np.asarray(shift, dtype=float)
        super().__init__(mobject, introducer=entering, remover=not entering, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # opacities are recorded in begin(); nothing is copied

    def begin(self) -> None:
        self._parts = [m for m in self.mobject.family_members_with_points() if isinstance(m, VMobject)]
        self._alphas = [(m.fill_rgbas[:, 3].copy(), m.stroke_rgbas[:, 3].copy(), m.background_stroke_rgbas[:, 3].copy())
                        for m in self._parts]
        self._offset = np.zeros(3)
        super().begin()

    def _place(self, level: float) -> None:
        """Show the mobject at ``level`` (0 invisible, 1 as it was), slid accordingly."""
        offset = (level - 1.0) * self.shift if self.entering else (1.0 - level) * self.shift
        self.mobject.shift(offset - self._offset)
        self._offset = offset
        for part, (fill, stroke, background) in zip(self._parts, self._alphas):
            part.fill_rgbas[:, 3] = fill * level
            part.stroke_rgbas[:, 3] = stroke * level
            part.background_stroke_rgbas[:, 3] = background * level

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        self._place(a if self.entering else 1.0 - a)

    def finish(self) -> None:
        super().finish()
        self._place(1.0)  # a faded-out mobject leaves the scene as it was, where it was


class Dim(Animation):
    """Bring every visible part of ``mobject`` to ``opacity`` (e.g. 0.35 to grey a list's earlier
    entries back, 1.0 to light them again), without copies; the mobject stays on screen.

    >>> from manim import Square
    >>> square = Square().set_fill(opacity=1.0)
    >>> dim = Dim(square, 0.35)
    >>> dim.begin(); dim.finish(); round(float(square.get_fill_opacity()), 2)
    0.35
    """

    def __init__(self, mobject: Mobject, opacity: float, **kwargs: Any) -> None:
        if not 0.0 <= opacity <= 1.0:
            raise ValueError(f"an opacity lies in [0, 1], got {opacity}")
        self.opacity = opacity
        super().__init__(mobject, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # opacities are recorded in begin(); nothing is copied

    def begin(self) -> None:
        self._parts = [m for m in self.mobject.family_members_with_points() if isinstance(m, VMobject)]
        self._alphas = [(m.fill_rgbas[:, 3].copy(), m.stroke_rgbas[:, 3].copy()) for m in self._parts]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        for part, (fill, stroke) in zip(self._parts, self._alphas):
            # a part drawn at all goes to the target opacity; an invisible one stays invisible
            part.fill_rgbas[:, 3] = np.where(fill > 0, (1 - a) * fill + a * self.opacity, 0.0)
            part.stroke_rgbas[:, 3] = np.where(stroke > 0, (1 - a) * stroke + a * self.opacity, 0.0)
