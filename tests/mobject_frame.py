"""Render a mobject to an RGB array without a Scene, for pixel tests of any component.

>>> from rnnviz.mobjects import VectorStrip
>>> from rnnviz.mobjects.theme import get_theme
>>> theme = get_theme("light")
>>> strip = VectorStrip([0.2, 0.9], array="f", theme=theme, show_values=False)
>>> frame = render_mobject(strip, theme)
>>> rgb = pixel_at(frame, strip.cell(1).get_center())     # RGB of the second cell's centre
>>> bool(np.abs(rgb - hex_rgb(theme.value_color("f", 0.9))).max() <= 3)
True
"""

from __future__ import annotations

import numpy as np
from manim import Camera, Mobject

from rnnviz.mobjects.theme import Theme

FRAME_HEIGHT = 8.0  # manim's default frame: 8 units high, 16:9


def render_mobject(mobject: Mobject, theme: Theme, width: int = 256, height: int = 144) -> np.ndarray:
    """The default 16:9 frame with ``mobject`` drawn on the theme's background, as (H, W, 3) uint8."""
    camera = Camera(
        pixel_width=width,
        pixel_height=height,
        frame_height=FRAME_HEIGHT,
        frame_width=FRAME_HEIGHT * width / height,
        background_color=theme.background,
    )
    camera.capture_mobject(mobject)
    return np.array(camera.pixel_array[:, :, :3])


def pixel_at(frame: np.ndarray, point: np.ndarray) -> np.ndarray:
    """The RGB pixel of ``frame`` (from :func:`render_mobject`) under the scene point ``point``."""
    height, width = frame.shape[:2]
    frame_width = FRAME_HEIGHT * width / height
    col = int((point[0] / frame_width + 0.5) * width)
    row = int((0.5 - point[1] / FRAME_HEIGHT) * height)
    return frame[row, col].astype(int)


def hex_rgb(color: str) -> np.ndarray:
    """``"#RRGGBB"`` as an int array ``[r, g, b]``."""
    color = color.lstrip("#")
    return np.array([int(color[k : k + 2], 16) for k in (0, 2, 4)])
