"""Wires of a cell diagram: right-angled paths that carry one vector and show it moving.

A wire is drawn in a light tint of the colour of what it carries; :meth:`Wire.pulse` sends a
bright sliver of the full colour along it, at constant speed, from its first point to its last.

>>> from rnnviz.mobjects.wire import Wire
>>> wire = Wire((0, 0, 0), (1, 0, 0), (1, 1, 0), carries="f")
>>> round(wire.length, 6)
2.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import ArrowTriangleFilledTip, ShowPassingFlash, VGroup, VMobject

from rnnviz.mobjects.theme import Theme, get_theme, mix


def reach(outline: VMobject, direction: np.ndarray | tuple[float, ...]) -> float:
    """Distance from ``outline``'s centre to its edge along the axis nearest ``direction``:
    where a wire entering a box or a node along that axis must end."""
    d = np.abs(np.asarray(direction, dtype=float)[:2])
    return float(outline.width / 2 if d[0] >= d[1] else outline.height / 2)

if TYPE_CHECKING:
    from typing import Self

    from numpy.typing import ArrayLike

__all__ = ["Wire"]

# Path pieces per manim unit. ShowPassingFlash advances by Bezier curve, not by length, so equal
# pieces make a pulse travel at one speed around corners and along short and long legs alike.
_PIECES_PER_UNIT = 10


class Wire(VGroup):
    """A polyline from its first point to its last, with an arrow head at the end.

    Parameters
    ----------
    *points
        The corners, at least two, in order of flow.
    carries
        The Trace name of the vector on the wire (``"c"``, ``"f"``, ...), which gives its
        colour; ``None`` for the concatenation ``[h_{t-1}; x_t]`` (foreground colour).
    theme
        Colours and sizes (default: the light theme).
    tip
        Draw an arrow head at the last point.

    Examples
    --------
    .. code-block:: python

        from manim import LEFT, ORIGIN, UP, Scene
        from rnnviz.mobjects.wire import Wire

        class Flow(Scene):
            def construct(self):
                wire = Wire(3 * LEFT, ORIGIN, UP * 2, carries="c")
                self.add(wire)
                self.play(wire.pulse())
    """

    def __init__(
        self,
        *points: ArrayLike,
        carries: str | None = None,
        theme: Theme | None = None,
        tip: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        corners = [np.array([*np.asarray(p, dtype=float)[:2], 0.0]) for p in points]
        if len(corners) < 2:
            raise ValueError(f"a wire needs at least two points, got {len(corners)}")
        if any(np.allclose(a, b) for a, b in zip(corners, corners[1:])):
            raise ValueError("a wire has two equal consecutive points")
        self.theme = theme if theme is not None else get_theme("light")
        self.carries = carries
        self.corners = corners
        self.carried_color = self.theme.foreground if carries is None else self.theme.array_color(carries)
        sizes = self.theme.sizes
        self.path = VMobject(stroke_width=sizes.wire_stroke)
        self.path.set_points_as_corners(_even_pieces(corners))
        self.add(self.path)
        self.tip: ArrowTriangleFilledTip | None = None
        if tip:
            direction = corners[-1] - corners[-2]
            self.tip = ArrowTriangleFilledTip(length=sizes.wire_tip, width=sizes.wire_tip)
            self.tip.rotate(np.arctan2(direction[1], direction[0]) - self.tip.tip_angle)
            self.tip.shift(corners[-1] - self.tip.tip_point)
            self.add(self.tip)
        self.active = True
        self.set_active(True)

    @property
    def length(self) -> float:
        """Length of the path along its corners."""
        return float(sum(np.linalg.norm(b - a) for a, b in zip(self.corners, self.corners[1:])))

    @property
    def start(self) -> np.ndarray:
        return self.path.get_start()

    @property
    def end(self) -> np.ndarray:
        return self.path.get_end()

    def rest_color(self) -> str:
        """The wire's colour when nothing flows: a tint of what it carries."""
        return mix(self.carried_color, self.theme.background, self.theme.wire_tint)

    def set_active(self, active: bool) -> Self:
        """Draw the wire in its tint, or greyed out while another part is explained."""
        self.active = bool(active)
        color = self.rest_color() if self.active else self.theme.muted
        self.path.set_stroke(color=color)
        if self.tip is not None:
            self.tip.set_style(fill_color=color, stroke_width=0)
        return self

    def pulse(self, run_time: float | None = None, **kwargs: Any) -> ShowPassingFlash:
        """A bright sliver in the carried colour running along the wire once."""
        # A touch of the foreground makes the sliver stand out from a wire of the same colour.
        color = mix(self.carried_color, self.theme.foreground, 0.25)
        sliver = self.path.copy().set_stroke(color=color, width=self.theme.sizes.pulse_stroke)
        return ShowPassingFlash(
            sliver,
            time_width=min(0.5, 0.9 / max(self.length, 1e-6)),
            run_time=self.theme.timing.pulse if run_time is None else run_time,
            **kwargs,
        )


def _even_pieces(corners: list[np.ndarray]) -> list[np.ndarray]:
    """The corners with each leg cut into pieces of about equal length."""
    out = [corners[0]]
    for a, b in zip(corners, corners[1:]):
        n = max(1, int(round(np.linalg.norm(b - a) * _PIECES_PER_UNIT)))
        out.extend(a + (b - a) * k / n for k in range(1, n + 1))
    return out
