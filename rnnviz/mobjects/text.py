"""Text in rnnviz figures: one font for English and Chinese, and numbers that change cheaply.

Every word on screen is set in Noto Sans CJK SC, which covers Latin as well, so an English and
a Chinese figure look alike. Formulas are typeset with LaTeX in both languages.

>>> from rnnviz.mobjects.text import make_text, ValueText
>>> from rnnviz.mobjects.theme import get_theme
>>> title = make_text("遗忘门 forget gate", get_theme("light"))
>>> number = ValueText("0.25", font_size=20).set_text("0.97")
>>> number.text
'0.97'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from manim import NORMAL, Line, MathTex, Text, VMobject, config

from rnnviz.mobjects.theme import Theme

if TYPE_CHECKING:
    from typing import Self

__all__ = ["FONT", "make_text", "make_math", "format_value", "format_percent", "ValueText"]

#: The one font of every figure (installed with the Noto CJK fonts; it has Latin glyphs too).
FONT = "Noto Sans CJK SC"

# Letters reaching the ascender, the descender and the CJK ideographic box: a full line height.
_STRUT = "lg国"

# U+2212, the typographic minus: as wide as a digit's stem, unlike the short hyphen.
MINUS = "\u2212"
# Thousands, millions, ...: the suffixes of large printed values.
_THOUSANDS = ("k", "M", "G", "T")

# manim lays text out on a surface of the output's pixel size, so a small output (a thumbnail,
# a test render) would clip a long line; text is laid out on at least this surface.
_TEXT_SURFACE = (1920, 1080)


@contextmanager
def _text_surface() -> Iterator[None]:
    """Lay text out on a surface of at least :data:`_TEXT_SURFACE` pixels (the frame, in
    manim units, is not touched)."""
    width, height = config.pixel_width, config.pixel_height
    config.pixel_width, config.pixel_height = max(width, _TEXT_SURFACE[0]), max(height, _TEXT_SURFACE[1])
    try:
        yield
    finally:
        config.pixel_width, config.pixel_height = width, height


def make_text(
    text: str,
    theme: Theme,
    size: float | None = None,
    color: str | None = None,
    weight: str = NORMAL,
    strut: bool = False,
) -> Text:
    """A line of English or Chinese text in the figures' font.

    ``size`` is a font size in points (default: the theme's label size); ``color`` defaults to
    the theme's foreground. With ``strut=True`` the text's box spans the font's whole line
    height (an invisible strut is added), so words centred on one line share a baseline:
    "is" and "time" sit level in two token chips.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty string, got {text!r}")
    options = {
        "font": FONT,
        "font_size": theme.sizes.label_font if size is None else size,
        "weight": weight,
        "disable_ligatures": True,  # one glyph per character, so glyphs can be matched up
    }
    with _text_surface():
        line = Text(text, color=theme.foreground if color is None else color, **options)
        probe = Text(_STRUT + text, **options) if strut else None
    if probe is not None:
        # The strut letters laid out with the text, measured against its first glyph.
        first = probe[len(_STRUT)]
        top = probe[: len(_STRUT)].get_top()[1] - first.get_top()[1]
        bottom = probe[: len(_STRUT)].get_bottom()[1] - first.get_bottom()[1]
        x = line.get_center()[0]
        line.add(
            Line(
                [x, line[0].get_top()[1] + top, 0.0],
                [x, line[0].get_bottom()[1] + bottom, 0.0],
                stroke_width=0,
            )
        )
    return line


def make_math(tex: str, theme: Theme, size: float | None = None, color: str | None = None) -> MathTex:
    """A LaTeX formula, e.g. ``make_math(r"f_t = \\sigma(W_f [h_{t-1}, x_t] + b_f)", theme)``.

    ``size`` defaults to the theme's formula size, which matches the labels' text. Each formula
    is typeset and read once per process; later calls get a copy (reading manim's SVG costs
    thirty copies).
    """
    return _math(tex, theme.sizes.math_font if size is None else size, theme.foreground if color is None else color).copy()


@lru_cache(maxsize=2048)
def _math(tex: str, size: float, color: str) -> MathTex:
    return MathTex(tex, font_size=size, color=color)


def format_value(value: float) -> str:
    """A unit's value as printed in a cell, in at most five characters so that it fits: two
    decimals below 10, one below 100, none below 1000, then thousands and millions (``k``,
    ``M``, ...); a true minus, never ``-0.00``.

    >>> [format_value(v) for v in (-0.004, 0.456, -81.13, 111.58, -1630.0, 223196.4, -1.2e6)]
    ['0.00', '0.46', '−81.1', '112', '−1.6k', '223k', '−1.2M']
    """
    value = float(value)
    size = abs(value)
    if size < 1000:
        decimals = 2 if size < 10 else 1 if size < 100 else 0
        text = f"{value:.{decimals}f}"
    else:
        exponent = min(int(np.log10(size)) // 3, len(_THOUSANDS))
        scaled = value / 1000.0**exponent
        text = f"{scaled:.{1 if abs(scaled) < 9.95 else 0}f}{_THOUSANDS[exponent - 1]}"
    if float(text.rstrip("".join(_THOUSANDS))) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def format_percent(prob: float) -> str:
    """A probability as a percentage with one decimal, e.g. ``0.9623 -> '96.2%'``."""
    return f"{100.0 * float(prob):.1f}%"


@lru_cache(maxsize=4096)
def _outline(text: str, font_size: float, weight: str) -> np.ndarray:
    """The glyph outlines of ``text`` as one array of Bezier points, centred on the origin."""
    glyphs = Text(text, font=FONT, font_size=font_size, weight=weight)
    points = np.concatenate([m.points for m in glyphs.family_members_with_points()])
    points.setflags(write=False)
    return points


class ValueText(VMobject):
    """A short line of text whose string can change on every frame at almost no cost.

    All glyphs are one path, and each string's outline is cached, so swapping ``"0.25"`` for
    ``"0.97"`` copies an array instead of laying out text again. The text keeps its centre and
    any scaling applied to it; with ``max_width`` a text too wide is shrunk to fit. Used for
    the numbers in strips and gate glyphs.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.text import ValueText

        class Counter(Scene):
            def construct(self):
                number = ValueText("0.00", font_size=48)
                self.add(number)
                for k in range(1, 11):
                    number.set_text(f"{k / 10:.2f}")
                    self.wait(0.1)
    """

    def __init__(
        self,
        text: str,
        font_size: float,
        color: str = "#000000",
        weight: str = NORMAL,
        max_width: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(fill_color=color, fill_opacity=1.0, stroke_width=0, **kwargs)
        self.font_size = font_size
        self.weight = weight
        self.max_width = max_width
        self.text = ""
        self._fit = 1.0  # how far the current text is shrunk to fit max_width
        self.set_text(text)

    def set_text(self, text: str) -> Self:
        """Show ``text`` instead, centred where the old text was, at the same scale.

        A text wider than ``max_width`` (measured before any scaling of the mobject) is shrunk
        to fit, e.g. an unusually large ``-12.34`` in a strip's cell.
        """
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"ValueText needs a non-empty string, got {text!r}")
        if text == self.text:
            return self
        new = _outline(text, self.font_size, self.weight)
        if self.text:
            old = _outline(self.text, self.font_size, self.weight)
            scale = self.width / max(float(np.ptp(old[:, 0])) * self._fit, 1e-9)
            center = self.get_center()
        else:
            scale, center = 1.0, np.zeros(3)
        width = float(np.ptp(new[:, 0]))
        self._fit = 1.0 if self.max_width is None or width <= self.max_width else self.max_width / width
        self.set_points(new * (scale * self._fit) + center)
        self.text = text
        return self
