"""A GRU's update, unit by unit: each new state on a line between the old state and the candidate.

``h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}`` puts every unit's ``h_t`` on the segment from its
``h_{t-1}`` to its ``n_t``: at ``h_{t-1}`` when ``z`` is 1, at ``n_t`` when ``z`` is 0. A
:class:`UnitMix` draws one row per unit: the unit's ``z`` as a gate cell, then a track over
[-1, 1] with a ring at ``h_{t-1}``, a dot at ``n_t`` and a knob at ``h_t``. Every position is a
value of the Trace; nothing is computed here. :meth:`UnitMix.slide` moves the knobs from the old
state to the new one (tested in ``tests/test_mobjects_mix.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import DOWN, RIGHT, UL, UP, Circle, Dot, LaggedStart, Line, Mobject, VGroup

from rnnviz.mobjects.strip import VectorStrip, as_vector
from rnnviz.mobjects.text import make_math
from rnnviz.mobjects.theme import Theme, get_theme

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["UnitMix"]

#: The markers of a row, by the Trace array each stands for.
MARKS = ("h_prev", "h", "n")


class UnitMix(VGroup):
    """One row per unit: ``z`` as a gate cell, then ``h_{t-1}``, ``n_t`` and ``h_t`` on a track.

    Parameters
    ----------
    h_prev, n, h, z
        One step's vectors (the same length): the old state, the candidate, the new state and
        the update gate.
    theme
        Colours and sizes (default: the light theme).
    units
        At most this many rows are drawn (the first units).
    track_length
        The length of the [-1, 1] track (default: six cell sides).
    row_height
        Centre to centre of two rows (default: the theme's cell side).

    Attributes
    ----------
    gates
        The column of ``z`` cells (a :class:`~rnnviz.mobjects.strip.VectorStrip`).
    tracks, marks
        Each row's track, and its markers by name (``"h_prev"``, ``"n"``, ``"h"``).
    legend
        The names of the markers and of the gate column, above the rows.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.mix import UnitMix

        class Update(Scene):
            def construct(self):
                mix = UnitMix(h_prev=[0.6, -0.4], n=[-0.8, 0.9], h=[0.5, 0.6], z=[0.9, 0.3])
                self.add(mix)
                self.play(mix.slide())
    """

    def __init__(
        self,
        h_prev: ArrayLike,
        n: ArrayLike,
        h: ArrayLike,
        z: ArrayLike,
        theme: Theme | None = None,
        units: int = 8,
        track_length: float | None = None,
        row_height: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        vectors = {"h_prev": as_vector(h_prev, "h_prev"), "n": as_vector(n, "n"), "h": as_vector(h, "h")}
        z = as_vector(z, "z")
        if len({v.size for v in (*vectors.values(), z)}) != 1:
            raise ValueError("h_prev, n, h and z must have one value per unit each")
        self.values = vectors
        self.units = min(units, z.size)
        row = sizes.cell if row_height is None else row_height
        self.track_length = 6 * sizes.cell if track_length is None else track_length
        self.gates = VectorStrip(z, array="z", theme=self.theme, units=self.units, vertical=True, cell_size=row)
        self.gates.move_to(self.gates.get_center() - self.gates.get_corner(UL))  # top left at the origin
        start = self.gates.get_right()[0] + 2 * sizes.text_buff  # where each track's -1 lies
        self.tracks = VGroup()
        self.marks: list[dict[str, Mobject]] = []
        radius = 0.22 * row
        for k in range(self.units):
            y = self.gates.cell(k).get_center()[1]
            track = Line([start, y, 0], [start + self.track_length, y, 0], color=self.theme.muted,
                         stroke_width=sizes.wire_stroke)
            self.tracks.add(track)
            marks = self._markers(radius)
            for name, mark in marks.items():
                mark.move_to(self.position(name, k))
            self.marks.append(marks)
        zero = Line(self.value_point(0, 0.0) + radius * UP, self.value_point(self.units - 1, 0.0) + radius * DOWN,
                    color=self.theme.muted, stroke_width=sizes.cell_stroke)
        self.legend = self._legend(radius)
        self.add(self.gates, zero, self.tracks, *(VGroup(*m.values()) for m in self.marks), self.legend)
        self.center()

    def value_point(self, unit: int, value: float) -> np.ndarray:
        """The point of ``value`` (clipped to [-1, 1]) on the track of ``unit``."""
        track = self.tracks[unit]
        share = (float(np.clip(value, -1.0, 1.0)) + 1.0) / 2.0
        return track.get_start() + share * (track.get_end() - track.get_start())

    def position(self, name: str, unit: int) -> np.ndarray:
        """Where marker ``name`` (``"h_prev"``, ``"n"`` or ``"h"``) of ``unit`` stands: at its value."""
        if name not in MARKS:
            raise ValueError(f"unknown marker {name!r}; expected one of {MARKS}")
        return self.value_point(unit, self.values[name][unit])

    def texts(self) -> list[str]:
        """The ``z`` values printed in the gate cells."""
        return self.gates.texts()

    def slide(self, **kwargs: Any) -> LaggedStart:
        """Knobs from the old state to the new one, unit after unit: call it with the knobs at
        ``h_{t-1}`` (:meth:`at_old_state` first), and each ends at its ``h_t``."""
        kwargs.setdefault("lag_ratio", self.theme.timing.cell_lag)
        return LaggedStart(*(m["h"].animate.move_to(self.position("h", k)) for k, m in enumerate(self.marks)), **kwargs)

    def at_old_state(self) -> UnitMix:
        """Put every knob on its unit's ``h_{t-1}`` (where :meth:`slide` starts)."""
        for marks in self.marks:
            marks["h"].move_to(marks["h_prev"].get_center())
        return self

    def _markers(self, radius: float) -> dict[str, Mobject]:
        """A ring for the old state, a knob for the new state, a small dot for the candidate."""
        theme = self.theme
        # Drawn in this order and nested in size, so all three show where they meet.
        return {
            "h_prev": Circle(radius, color=theme.array_color("h_prev"), stroke_width=theme.sizes.stroke),
            "h": Dot(radius=0.62 * radius, color=theme.array_color("h")),
            "n": Dot(radius=0.4 * radius, color=theme.array_color("n")),
        }

    def _legend(self, radius: float) -> VGroup:
        """``z_t`` over the gate column, the markers' names over the tracks, -1, 0 and 1 under them."""
        theme, sizes = self.theme, self.theme.sizes
        z_name = make_math("z_t", theme).next_to(self.gates, UP, buff=sizes.text_buff)
        samples = self._markers(radius)
        names = {"h_prev": "h_{t-1}", "n": "n_t", "h": "h_t"}
        entries = VGroup(*(VGroup(samples[k], make_math(names[k], theme)).arrange(RIGHT, buff=sizes.text_buff)
                           for k in ("h_prev", "n", "h"))).arrange(RIGHT, buff=4 * sizes.text_buff)
        if entries.width > self.track_length:
            entries.scale_to_fit_width(self.track_length)
        entries.move_to([self.tracks.get_x(), z_name.get_y(), 0])
        last = self.units - 1
        ends = VGroup(*(make_math(text, theme, size=sizes.small_font * 1.4).next_to(self.value_point(last, value), DOWN,
                                                                                   buff=sizes.text_buff + radius)
                        for text, value in (("-1", -1.0), ("0", 0.0), ("1", 1.0))))
        return VGroup(z_name, entries, ends)
