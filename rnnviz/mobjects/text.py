"""Text in rnnviz figures: one font for English and Chinese, any script drawn, cheap numbers.

Every word on screen is set in Noto Sans CJK SC, which covers Latin as well, so an English and
a Chinese figure look alike. Formulas are typeset with LaTeX in both languages.

Text from a user's model (its tokens and class names) can be anything, so :func:`make_text`
draws any string: Pango shapes complex scripts (Arabic joined and right to left, Devanagari
conjuncts) with whichever installed font has them; a character no installed font has, a control
character or an unassigned code point is drawn as one placeholder (U+FFFD) per run, with a
one-line :class:`UndrawableTextWarning`; and with ``max_width`` a text too wide ends in "…".

>>> from rnnviz.mobjects.text import make_text, ValueText
>>> from rnnviz.mobjects.theme import get_theme
>>> title = make_text("遗忘门 forget gate", get_theme("light"))
>>> number = ValueText("0.25", font_size=20).set_text("0.97")
>>> number.text
'0.97'
>>> make_text("antidisestablishmentarianism", get_theme("light"), max_width=1.5).original_text
'antidis…'
"""

from __future__ import annotations

import bisect
import subprocess
import unicodedata
import warnings
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from manim import NORMAL, Line, MathTex, Text, VGroup, VMobject

from rnnviz.mobjects.theme import Theme

if TYPE_CHECKING:
    from typing import Self

__all__ = ["FONT", "PLACEHOLDER", "ELLIPSIS", "UndrawableTextWarning", "drawable", "make_text", "make_math",
           "format_value", "format_percent", "ValueText"]

#: The one font of every figure (installed with the Noto CJK fonts; it has Latin glyphs too).
FONT = "Noto Sans CJK SC"

# Letters reaching the ascender, the descender and the CJK ideographic box: a full line height.
_STRUT = "lg国"

# U+2212, the typographic minus: as wide as a digit's stem, unlike the short hyphen.
MINUS = "\u2212"

#: Drawn instead of characters that no installed font has (the Unicode replacement character).
PLACEHOLDER = "\ufffd"
#: Ends a text shortened to fit its room.
ELLIPSIS = "\u2026"
# Left-to-right mark: makes a paragraph left-to-right, so that manim's Text places a word of
# a right-to-left script on its canvas (it lays an RTL paragraph out beyond the canvas's edge).
_LRM = "\u200e"
_RLM = "\u200f"  # keeps an ellipsis inside the right-to-left word it ends
# Categories never drawn as glyphs: controls, surrogates, unassigned code points.
_UNDRAWABLE = {"Cc", "Cs", "Cn"}


class UndrawableTextWarning(UserWarning):
    """Some characters of a text are drawn as a placeholder: no installed font has them."""


@lru_cache(maxsize=1)
def _font_coverage() -> tuple[list[int], list[int]] | None:
    """The code point ranges (starts, ends) some installed outline font has, from fontconfig;
    None when fontconfig's ``fc-list`` cannot be asked (then every character is trusted)."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{color}\t%{charset}\n"], capture_output=True,
                                 text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = []
    for line in listing.splitlines():
        color, _, charset = line.partition("\t")
        if color.strip() == "True":  # colour bitmap glyphs (emoji) cannot become outlines
            continue
        for item in charset.split():
            first, _, last = item.partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(ranges):
        if starts and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


def _has_glyph(char: str) -> bool:
    """Whether some installed outline font draws ``char``."""
    if unicodedata.category(char) in _UNDRAWABLE:
        return False
    coverage = _font_coverage()
    if coverage is None:
        return True
    starts, ends = coverage
    k = bisect.bisect_right(starts, ord(char)) - 1
    return k >= 0 and ord(char) <= ends[k]


def _invisible(char: str) -> bool:
    """Characters drawn as nothing: spaces, and format characters such as joiners, bidi marks and
    variation selectors, which change their neighbours instead."""
    return char.isspace() or unicodedata.category(char) == "Cf" or "\ufe00" <= char <= "\ufe0f" or (
        "\U000e0100" <= char <= "\U000e01ef"
    )


def drawable(text: str) -> str:
    """``text`` as it can be drawn: each run of characters no installed font has (or that are
    never drawn: controls, surrogates, unassigned) becomes one :data:`PLACEHOLDER`, named in an
    :class:`UndrawableTextWarning`; a text left with nothing visible becomes the placeholder.

    >>> drawable("time")
    'time'
    >>> drawable("\\u200b")  # a zero-width space: nothing to see
    '\ufffd'
    """
    shown: list[str] = []
    missing: list[str] = []
    for char in text:
        after_placeholder = bool(shown) and shown[-1] == PLACEHOLDER
        if _invisible(char) and not char.isspace():
            if not after_placeholder:  # a joiner or selector of an undrawn character goes with it
                shown.append(char)
        elif char.isspace() or _has_glyph(char):
            shown.append(char)
        else:
            missing.append(char)
            if not after_placeholder:  # one placeholder for a run, e.g. an emoji sequence
                shown.append(PLACEHOLDER)
    if missing:
        names = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in missing))
        where = text if len(text) <= 40 else text[:40] + ELLIPSIS
        warnings.warn(f"no installed font draws {names} in {where!r}; drawn as {PLACEHOLDER} (install a font that "
                      "has them)", UndrawableTextWarning, stacklevel=3)
    result = "".join(shown)
    return result if not all(_invisible(c) for c in result) else PLACEHOLDER


def make_text(
    text: str,
    theme: Theme,
    size: float | None = None,
    color: str | None = None,
    weight: str = NORMAL,
    strut: bool = False,
    max_width: float | None = None,
) -> Text:
    """A line of text in the figures' font, in any script (see the module docstring).

    ``size`` is a font size in points (default: the theme's label size); ``color`` defaults to
    the theme's foreground. With ``strut=True`` the text's box spans the font's whole line
    height (an invisible strut is added), so words centred on one line share a baseline:
    "is" and "time" sit level in two token chips. With ``max_width`` (manim units) a text
    wider than that is cut short and ends in "…". ``original_text`` is the text as drawn.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty string, got {text!r}")
    options = {
        "font": FONT,
        "font_size": theme.sizes.label_font if size is None else size,
        "weight": weight,
    }
    ink = theme.foreground if color is None else color
    shown = drawable(text)
    line = _line(shown, strut, color=ink, **options)
    if max_width is not None and line.width > max_width:
        line = _shortened(shown, max_width, lambda start: _line(start, strut, color=ink, **options), options)
    return line


def _line(text: str, strut: bool, **options: Any) -> Text:
    """The shaped ``text``; with ``strut``, its box spans the font's line height (see make_text)."""
    if not strut:
        return _shaped(text, **options)
    # Lay the strut letters out before the text, measure them against the text's glyphs, then
    # keep the glyphs and an invisible line as tall as the letters.
    line = _shaped(_STRUT + text, **options)
    line.original_text = text
    letters = line.submobjects[: len(_STRUT)]
    glyphs = VGroup(*line.submobjects[len(_STRUT) :])
    top, bottom = VGroup(*letters).get_top()[1], VGroup(*letters).get_bottom()[1]
    line.remove(*letters)
    x = glyphs.get_center()[0]
    line.add(Line([x, top, 0.0], [x, bottom, 0.0], stroke_width=0))
    return line


def _shaped(text: str, **options: Any) -> Text:
    """A manim Text shaped by Pango with every OpenType feature on (ligatures are how Arabic
    joins and Devanagari forms conjuncts), laid out as a left-to-right paragraph."""
    rtl = any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)
    line = Text(_LRM + text if rtl else text, **options)
    line.original_text = text
    return line


def _shortened(text: str, max_width: float, draw: Callable[[str], Text], options: dict[str, Any]) -> Text:
    """The line ``draw`` makes of the longest start of ``text`` that, followed by "…", is at most
    ``max_width`` wide (measured as drawn: a strut's layout may differ from the bare text's)."""
    # Cut only before a character that starts a new cluster (never before a combining mark or
    # a joiner's partner), and look at no more characters than could ever fit.
    em = _em_width(options["font_size"], options["weight"])
    text = text[: int(5 * max_width / em) + 1]
    cuts = [k for k in range(1, len(text)) if not unicodedata.combining(text[k]) and not _invisible(text[k])
            and text[k - 1] != "\u200d"]
    candidates = [_end_with_ellipsis(text[:k].rstrip()) for k in cuts if text[:k].strip()]
    best, low, high = draw(ELLIPSIS), 0, len(candidates) - 1
    while low <= high:  # the widths grow with the cut (nearly: shaping may kern): find the last that fits
        middle = (low + high) // 2
        line = draw(candidates[middle])
        if line.width <= max_width:
            best, low = line, middle + 1
        else:
            high = middle - 1
    return best


def _end_with_ellipsis(start: str) -> str:
    """``start`` + "…", the ellipsis at the end of reading: after a right-to-left word, on its left."""
    strong = [unicodedata.bidirectional(char) for char in start if unicodedata.bidirectional(char) in ("L", "R", "AL")]
    return start + ELLIPSIS + (_RLM if strong and strong[-1] != "L" else "")


@lru_cache(maxsize=16)
def _em_width(font_size: float, weight: str) -> float:
    """The width of one ideograph (one em) at ``font_size``: no glyph of the font is wider."""
    return Text("国", font=FONT, font_size=font_size, weight=weight).width


def make_math(tex: str, theme: Theme, size: float | None = None, color: str | None = None) -> MathTex:
    """A LaTeX formula, e.g. ``make_math(r"f_t = \\sigma(W_f [h_{t-1}, x_t] + b_f)", theme)``.

    ``size`` defaults to the theme's formula size, which matches the labels' text.
    """
    return MathTex(
        tex,
        font_size=theme.sizes.math_font if size is None else size,
        color=theme.foreground if color is None else color,
    )


def format_value(value: float) -> str:
    """A unit's value as printed in a cell: two decimals, a true minus, never ``-0.00``."""
    text = f"{float(value):.2f}"
    if text == "-0.00":
        return "0.00"
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
