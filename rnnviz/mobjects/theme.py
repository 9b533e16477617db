"""Colours, sizes and timings of every rnnviz figure, in one place.

Scenes and mobjects never write a colour, a font size or a run time inline: they read it from
a :class:`Theme`. Two themes exist, ``light`` (white slides and print, the default) and ``dark``.
The colours of the network's parts are the same in both, so a forget gate is the same red on
every slide.

>>> from rnnviz.mobjects.theme import get_theme
>>> theme = get_theme("dark")
>>> theme.part("forget") == get_theme("light").part("forget")
True
>>> theme.token_color(0)
'#E69F00'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Fixed colours of the network's parts, identical in both themes.
PART_COLORS: dict[str, str] = {
    "forget": "#D1495B",  # f_t
    "input": "#00798C",  # i_t
    "candidate": "#E09F3E",  # g_t (LSTM), n_t (GRU), the tanh layer of a plain RNN
    "output": "#7D5BA6",  # o_t
    "cell": "#30638E",  # c_t, the conveyor belt
    "hidden": "#3BA55C",  # h_t
    "reset": "#E76F51",  # r_t
    "update": "#C05299",  # z_t
    "input_x": "#6C757D",  # x_t, the token's embedding
}

#: Okabe-Ito, the colour-blind-safe qualitative palette, in its published order. Black is last
#: so that short sentences never draw a black token on a dark slide.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#999999",  # grey, standing in for Okabe-Ito black (readable on both backgrounds)
)

#: Which colour each recorded array is drawn in: its part's colour.
ARRAY_PART: dict[str, str] = {
    "i": "input",
    "f": "forget",
    "g": "candidate",
    "n": "candidate",
    "pre": "candidate",
    "o": "output",
    "c": "cell",
    "c_prev": "cell",
    "tanh_c": "cell",
    "h": "hidden",
    "h_prev": "hidden",
    "h_full": "hidden",
    "r": "reset",
    "z": "update",
    "x": "input_x",
    "hn": "candidate",  # GRU: W_hn h_{t-1} + b_hn, the part of n_t the reset gate scales
}

#: Arrays whose values are gate activations in [0, 1] (sequential colour map); the rest use the
#: diverging map on [-1, 1].
GATE_ARRAYS = frozenset({"i", "f", "o", "r", "z"})


def _rgb(hex_color: str) -> np.ndarray:
    hex_color = hex_color.lstrip("#")
    return np.array([int(hex_color[k : k + 2], 16) for k in (0, 2, 4)], dtype=float) / 255.0


def _hex(rgb: np.ndarray) -> str:
    r, g, b = (int(round(float(v) * 255)) for v in np.clip(rgb, 0.0, 1.0))
    return f"#{r:02X}{g:02X}{b:02X}"


def mix(a: str, b: str, t: float) -> str:
    """The colour a fraction ``t`` of the way from ``a`` to ``b`` (``t`` clipped to [0, 1])."""
    t = float(np.clip(t, 0.0, 1.0))
    return _hex((1.0 - t) * _rgb(a) + t * _rgb(b))


def luminance(color: str) -> float:
    """Relative luminance (WCAG) of a hex colour, 0 for black and 1 for white."""
    c = _rgb(color)
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


@dataclass(frozen=True)
class Timing:
    """Run times in seconds, chosen to read at 1x in a lecture."""

    fade: float = 0.5
    move: float = 0.8
    gate: float = 1.2  # one gate explained in full detail
    condensed_step: float = 1.6  # one later time step in condensed form
    pulse: float = 0.9  # a pulse travelling along a wire
    pause: float = 0.6  # a beat for the eye between ideas
    hold_end: float = 2.0  # the final frame, before a GIF loops
    cell_lag: float = 0.15  # lag ratio of a product sweeping cell by cell through a strip
    bars: float = 1.4  # probability bars growing in


@dataclass(frozen=True)
class Sizes:
    """Sizes in manim units (the frame is 8 units high) and font sizes in points."""

    cell: float = 0.8  # side of one unit's square in a vector strip (fits "-0.97" at 720p)
    cell_gap: float = 0.0
    cell_font: float = 20  # the value printed in a strip's cell (readable at 720p)
    cell_stroke: float = 1.5  # outline of a strip's cells
    printed_units: int = 8  # strips of at most this many drawn units print their values
    label_font: float = 24
    title_font: float = 34
    math_font: float = 36  # LaTeX formulas (MathTex sets smaller than Text at equal size)
    small_font: float = 18
    stroke: float = 2.5
    wire_stroke: float = 3.0
    op_radius: float = 0.22  # pointwise operation circles
    layer_box: tuple[float, float] = (0.62, 0.44)  # sigma / tanh layer boxes
    chip_height: float = 0.46
    chip_pad: float = 0.16  # text to edge of a token chip, left and right
    chip_corner: float = 0.12
    name_max_width: float = 2.7  # widest token or class name ("book restaurant" fits); longer ends in "…"
    glyph_track: tuple[float, float] = (1.2, 0.28)  # a gate glyph's bar at fully open
    bar_length: float = 4.0  # a probability bar at 100 %
    bar_height: float = 0.38
    bar_gap: float = 0.18  # between two probability bars
    text_buff: float = 0.15  # between a shape and the text that labels it
    margin: float = 0.3  # kept free at every edge of the frame
    # cell diagrams (rnnviz.mobjects.cells)
    op_font: float = 22  # the symbol in a pointwise operation node
    layer_font: float = 22  # "σ" / "tanh" in a layer box
    diagram_font: float = 24  # the names of wires (f_t, c_{t-1}, ...) in a cell diagram
    pulse_stroke: float = 7.0  # the bright sliver travelling along a wire
    wire_tip: float = 0.13  # arrow head where a wire enters a node
    # column boards (rnnviz.mobjects.board)
    board_pitch: float = 3.0  # centre to centre of two columns, in cell sides (room for "⊙")
    board_gap: float = 0.3  # least free space between two columns' names or cells and a symbol


@dataclass(frozen=True)
class Theme:
    """A colour scheme for one background, plus the fixed part colours, sizes and timings."""

    name: str
    background: str
    foreground: str  # text and outlines
    muted: str  # parts greyed out while another is explained
    neutral: str  # the colour of a zero value
    negative: str  # the diverging map's end at -1
    positive: str  # the diverging map's end at +1
    panel: str  # fill of cell boxes and panels
    wire_tint: float = 0.3  # how far a resting wire's colour is mixed towards the background
    sizes: Sizes = field(default_factory=Sizes)
    timing: Timing = field(default_factory=Timing)

    def part(self, name: str) -> str:
        """Colour of a part of the network: ``forget``, ``input``, ``candidate``, ``output``,
        ``cell``, ``hidden``, ``reset``, ``update`` or ``input_x``."""
        try:
            return PART_COLORS[name]
        except KeyError:
            raise ValueError(f"unknown part {name!r}; expected one of {sorted(PART_COLORS)}") from None

    def array_color(self, array: str) -> str:
        """Colour of a recorded array by its Trace name, e.g. ``"f"`` -> the forget gate's."""
        return self.part(ARRAY_PART[array])

    def token_color(self, index: int) -> str:
        """The fixed colour of the token at position ``index`` (cycles past eight tokens)."""
        return OKABE_ITO[index % len(OKABE_ITO)]

    def diverging(self, value: float) -> str:
        """Colour of a value in [-1, 1]: ``negative`` at -1, ``neutral`` at 0, ``positive`` at 1.

        Values outside the range are clipped (a projected LSTM state can exceed it).
        """
        v = float(np.clip(value, -1.0, 1.0))
        return mix(self.neutral, self.positive if v >= 0 else self.negative, abs(v))

    def sequential(self, value: float, color: str) -> str:
        """Colour of a gate value in [0, 1]: ``neutral`` when shut, ``color`` when fully open."""
        return mix(self.neutral, color, value)

    def value_color(self, array: str, value: float) -> str:
        """Colour of one unit of a recorded array: sequential for gates, diverging otherwise."""
        if array in GATE_ARRAYS:
            return self.sequential(value, self.array_color(array))
        return self.diverging(value)

    def text_on(self, fill: str) -> str:
        """Black or white, whichever has the higher WCAG contrast ratio on ``fill``.

        The two ratios are equal at a luminance of about 0.18; a higher cut-off would put white
        on mid tones such as a half-open gate, where black reads almost three times better.
        """
        return "#000000" if (luminance(fill) + 0.05) ** 2 > 1.05 * 0.05 else "#FFFFFF"


LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    foreground="#1F2328",
    muted="#C9CDD2",
    neutral="#F4F4F4",
    negative="#2166AC",
    positive="#B2182B",
    panel="#F7F8FA",
)

DARK = Theme(
    name="dark",
    background="#16181D",
    foreground="#E8EAED",
    muted="#4A4F57",
    neutral="#33373E",
    negative="#4393C3",
    positive="#D6604D",
    panel="#1F2228",
    wire_tint=0.0,  # the part colours are already dark against this background
)

THEMES: dict[str, Theme] = {"light": LIGHT, "dark": DARK}


def get_theme(name: str) -> Theme:
    """The theme called ``name`` (``light`` or ``dark``)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; expected one of {sorted(THEMES)}") from None
