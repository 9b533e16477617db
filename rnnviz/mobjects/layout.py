"""Where things go on a slide: regions computed from the frame, so any aspect ratio works.

A scene never places a mobject at a hand-written coordinate that assumes a 16:9 frame; it asks
its :class:`Layout` for a region (``header``, ``body``, ``diagram``, ``panel``, ``sentence``) and
fits the mobject into it. The frame is manim's (``config.frame_width`` by ``frame_height``),
which ``--size`` sets: a wide frame puts the panel right of the diagram, a tall one under it.

>>> from rnnviz.mobjects.layout import Layout
>>> wide = Layout.from_frame(14.22, 8.0)
>>> wide.diagram.right <= wide.panel.left, wide.header.bottom >= wide.body.top
(True, True)
>>> tall = Layout.from_frame(8.0, 8.0)
>>> tall.diagram.bottom >= tall.panel.top
True

A figure with one column per time step shows a long sentence through a window of the steps
that fit at a legible scale (:func:`steps_that_fit`), which moves on as the steps are read:

>>> steps_that_fit(15, first=2.0, pitch=2.0, width=12.0, least=0.75)   # 8 columns of 15
(8, 0.75)
>>> steps_that_fit(4, first=2.0, pitch=2.0, width=12.0, least=0.75, most=1.2)
(4, 1.2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from manim import ORIGIN, Mobject, config

from rnnviz.mobjects.theme import Sizes

__all__ = ["Layout", "Region", "steps_that_fit"]

M = TypeVar("M", bound=Mobject)

# Frames at least this much wider than tall put the panel beside the diagram, not under it.
_SIDE_BY_SIDE = 1.3


@dataclass(frozen=True)
class Region:
    """An upright rectangle of the frame, in manim units."""

    left: float
    right: float
    bottom: float
    top: float

    def __post_init__(self) -> None:
        if self.right <= self.left or self.top <= self.bottom:
            raise ValueError(f"an empty region: x {self.left:.2f}..{self.right:.2f}, y {self.bottom:.2f}..{self.top:.2f}")

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])

    def point(self, x: float, y: float) -> np.ndarray:
        """The point at fractions ``x`` (0 left, 1 right) and ``y`` (0 bottom, 1 top) of the region."""
        return np.array([self.left + x * self.width, self.bottom + y * self.height, 0.0])

    def edge(self, direction: np.ndarray) -> np.ndarray:
        """The middle of an edge or a corner, e.g. ``region.edge(UL)``."""
        return self.point((1 + direction[0]) / 2, (1 + direction[1]) / 2)

    def contains(self, mobject: Mobject, tolerance: float = 1e-6) -> bool:
        """Whether ``mobject``'s bounding box lies inside the region."""
        return (
            mobject.get_left()[0] >= self.left - tolerance
            and mobject.get_right()[0] <= self.right + tolerance
            and mobject.get_bottom()[1] >= self.bottom - tolerance
            and mobject.get_top()[1] <= self.top + tolerance
        )

    def fit(self, mobject: M, aligned_edge: np.ndarray = ORIGIN, grow: float = 1.0) -> M:
        """Scale ``mobject`` down until it fits (or up to ``grow`` times its size, to fill the
        region) and move it in, centred or against ``aligned_edge`` (e.g. ``LEFT``); returns it."""
        scale = min(self.width / max(mobject.width, 1e-9), self.height / max(mobject.height, 1e-9), grow)
        if scale != 1.0:
            mobject.scale(scale)
        return mobject.move_to(self.edge(aligned_edge), aligned_edge=aligned_edge)

    def split(self, fraction: float, vertical: bool = False) -> tuple[Region, Region]:
        """Two regions: left and right of ``fraction`` of the width, or (``vertical``) top and
        bottom, the top one ``fraction`` of the height."""
        if not 0.0 < fraction < 1.0:
            raise ValueError(f"a split fraction lies strictly between 0 and 1, got {fraction}")
        if vertical:
            y = self.top - fraction * self.height
            return Region(self.left, self.right, y, self.top), Region(self.left, self.right, self.bottom, y)
        x = self.left + fraction * self.width
        return Region(self.left, x, self.bottom, self.top), Region(x, self.right, self.bottom, self.top)

    def inset(self, dx: float, dy: float | None = None) -> Region:
        """The region shrunk by ``dx`` at the left and right and ``dy`` (default ``dx``) at the
        top and bottom."""
        dy = dx if dy is None else dy
        return Region(self.left + dx, self.right - dx, self.bottom + dy, self.top - dy)


@dataclass(frozen=True)
class Layout:
    """The regions of a slide.

    ``header``: the title band across the top (title, formula, step counter at its right);
    ``sentence``: the band of token chips at the bottom; ``body``: everything between;
    ``diagram`` and ``panel``: the body split into the drawing of the network and the panel of
    vectors, side by side on a wide frame, stacked on a tall one.
    """

    frame: Region
    header: Region
    body: Region
    sentence: Region
    diagram: Region
    panel: Region

    @classmethod
    def from_frame(
        cls,
        width: float | None = None,
        height: float | None = None,
        sizes: Sizes | None = None,
        diagram_share: float = 0.52,
        header_height: float | None = None,
    ) -> Layout:
        """The regions of a ``width`` by ``height`` frame (default: manim's current frame).

        ``diagram_share`` is the diagram's part of the body's width (or height, on a tall frame);
        ``header_height`` overrides the theme's (a title without a formula needs less).
        """
        sizes = sizes if sizes is not None else Sizes()
        width = config.frame_width if width is None else width
        height = config.frame_height if height is None else height
        frame = Region(-width / 2, width / 2, -height / 2, height / 2)
        inner = frame.inset(sizes.margin)
        header_top = inner.top
        header_height = sizes.header_height if header_height is None else header_height
        header = Region(inner.left, inner.right, header_top - header_height, header_top)
        sentence = Region(inner.left, inner.right, inner.bottom, inner.bottom + sizes.sentence_height)
        body = Region(inner.left, inner.right, sentence.top + sizes.margin, header.bottom - sizes.margin)
        side_by_side = width >= _SIDE_BY_SIDE * height
        diagram, panel = body.split(diagram_share, vertical=not side_by_side)
        return cls(frame, header, body, sentence, diagram, panel)

    @property
    def below_header(self) -> Region:
        """Everything under the header: the body and the sentence band, for a scene that shows
        its tokens elsewhere."""
        return Region(self.body.left, self.body.right, self.sentence.bottom, self.body.top)

    @property
    def side_by_side(self) -> bool:
        """Whether the panel stands right of the diagram (a wide frame) rather than under it."""
        return self.panel.left >= self.diagram.right - 1e-9


def steps_that_fit(steps: int, first: float, pitch: float, width: float, least: float,
                   most: float = 1.0) -> tuple[int, float]:
    """How many consecutive time steps (at most ``steps``) of a row of columns fit ``width``
    at a scale of at least ``least``, and the scale they are drawn at (at most ``most``).

    The row is ``first`` wide for one step and ``pitch`` wider for each further step, at scale
    1. A long sentence gets the widest window that keeps the row legible, never a row shrunk
    below ``least``; a single step is always shown, at whatever scale fits.
    """
    if steps < 1 or first <= 0 or pitch <= 0 or width <= 0:
        raise ValueError(f"need steps >= 1 and positive sizes, got {steps}, {first}, {pitch}, {width}")
    for count in range(steps, 0, -1):
        scale = min(most, width / (first + (count - 1) * pitch))
        if scale >= least:
            return count, round(scale, 12)
    return 1, min(most, width / first)
