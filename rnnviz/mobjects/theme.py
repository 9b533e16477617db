"""Colours, sizes and timings of every rnnviz figure, in one place.

Scenes and mobjects never write a colour, a font size or a run time inline: they read it from
a :class:`Theme`. Two themes exist, ``light`` (white slides and print, the default) and ``dark``.
The colours of the network's parts and the tokens' colours are the same in both, so a forget
gate is the same red on every slide.

The part colours, the value map and the token colours are chosen together, and
``tests/test_palette.py`` measures them with CIEDE2000 (:mod:`rnnviz.mobjects.colors`):

- a gate cell can never be mistaken for a value cell: a gate at 0.3 open or more is at least
  ΔE 12 from every colour the diverging map draws, in both themes (which is why the values run
  from blue to orange, leaving red, pink and purple to the gates);
- every token colour is at least ΔE 12 from every part colour;
- the 12 token colours are at least ΔE 15 apart, and at least ΔE 10 apart as viewers with
  protanopia, deuteranopia or tritanopia see them;
- a chip's text keeps a 4.5:1 contrast, and 3:1 once the chip is dimmed.

>>> from rnnviz.mobjects.theme import get_theme
>>> theme = get_theme("dark")
>>> theme.part("forget") == get_theme("light").part("forget")
True
>>> theme.token_color(0), theme.token_color(12)   # twelve colours, then they repeat
('#45B2EB', '#45B2EB')
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rnnviz.mobjects.colors import luminance, mix

__all__ = ["ARCH_COLORS", "ARRAY_PART", "DARK", "GATE_ARRAYS", "GATE_PARTS", "LIGHT", "PART_COLORS", "THEMES", "TOKEN_COLORS",
           "Sizes", "Theme", "Timing", "get_theme", "luminance", "mix"]

#: Fixed colours of the network's parts, identical in both themes. The gates take hues the
#: value map leaves free (red, pink, purple, greens); the states take blue and turquoise.
PART_COLORS: dict[str, str] = {
    "forget": "#C30F27",  # f_t, crimson
    "input": "#319C63",  # i_t, green
    "candidate": "#F39021",  # g_t (LSTM), n_t (GRU), the tanh layer of a plain RNN; orange
    "output": "#8C378E",  # o_t, plum
    "cell": "#4D89FE",  # c_t, the conveyor belt; cornflower blue
    "hidden": "#23BEB9",  # h_t, turquoise
    "reset": "#EA1585",  # r_t, pink
    "update": "#2E6B15",  # z_t, dark green
    "input_x": "#6C757D",  # x_t, the token's embedding; grey
}

#: The gates: their values in [0, 1] are drawn from neutral to the gate's colour.
GATE_PARTS: tuple[str, ...] = ("forget", "input", "output", "reset", "update")

#: Twelve token colours, far apart also for colour-blind viewers (see the module's note), in
#: an order that keeps neighbours in a sentence most distinct. Past twelve tokens they repeat.
TOKEN_COLORS: tuple[str, ...] = (
    "#45B2EB",  # sky blue
    "#ED6955",  # vermilion
    "#FAF144",  # lemon
    "#5E51C5",  # violet
    "#815703",  # brown
    "#B0E7FB",  # ice blue
    "#9B73A7",  # mauve
    "#CEE297",  # pale lime
    "#152D74",  # navy
    "#CFA8C2",  # rose grey
    "#1D5852",  # dark teal
    "#EAB63F",  # gold
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
    "in": "candidate",  # GRU: W_in x_t + b_in, the input part of n_t
    "pre_n": "candidate",  # GRU: their sum, into tanh
    "pre_i": "input",
    "pre_f": "forget",
    "pre_g": "candidate",
    "pre_o": "output",
    "pre_r": "reset",
    "pre_z": "update",
}

#: The colours of sets of learned weights (``weight_ih_l0``, ``weight_hh_l0``, ...), one per layer
#: and direction: every time step draws its weights in the colour of the set it uses, so one
#: colour along a chain says "the same weights at every step". Taken in order, layer by layer,
#: forward before backward (see :meth:`Theme.weight_color`); chosen apart from the part colours,
#: the token colours and the value maps.
WEIGHT_COLORS: tuple[str, ...] = (
    "#DD22FF",  # magenta: the first (often the only) weight set
    "#777744",  # olive
    "#FF1155",  # raspberry
    "#776666",  # taupe
    "#440000",  # maroon
    "#333300",  # dark olive
)

#: The colour of each architecture in a figure comparing them (a plot's lines, its rows' names):
#: apart from each other, also for colour-blind viewers, from the first two token colours such
#: a figure draws next to them, and readable on both backgrounds (tests/test_intent_scenes.py).
ARCH_COLORS: dict[str, str] = {"rnn": "#B8336A", "lstm": "#3C8D2F", "gru": "#7B61FF"}


#: The part whose colour draws each activation function's curve: a sigmoid makes gates, a tanh
#: (or ReLU) the candidate.
ACTIVATION_PART: dict[str, str] = {"sigmoid": "input", "tanh": "candidate", "relu": "candidate"}

#: Arrays whose values are gate activations in [0, 1] (sequential colour map); the rest use the
#: diverging map on [-1, 1].
GATE_ARRAYS = frozenset({"i", "f", "o", "r", "z"})


@dataclass(frozen=True)
class Timing:
    """Run times in seconds, chosen to read at 1x in a lecture."""

    fade: float = 0.5
    move: float = 0.8
    gate: float = 1.2  # one gate explained in full detail
    condensed_step: float = 1.4  # the flow through the cell in a condensed time step
    pulse: float = 0.9  # a pulse travelling along a wire
    pause: float = 0.6  # a beat for the eye between ideas
    hold_end: float = 2.0  # the final frame, before a GIF loops
    cell_lag: float = 0.15  # lag ratio of a product sweeping cell by cell through a strip
    bars: float = 1.4  # probability bars growing in
    hold: float = 2.5  # a finished result stays on screen at least this long before the next idea
    loop_fade: float = 1.0  # a looping clip cross-fading from its last frame into its first
    clip: float = 22.0  # what a looping figure aims at, before its final hold (a slide loops 8-30 s)
    least_pace: float = 0.3  # a long sentence speeds a figure up, never beyond this factor


@dataclass(frozen=True)
class Sizes:
    """Sizes in manim units (the frame is 8 units high) and font sizes in points."""

    cell: float = 0.8  # side of one unit's square in a vector strip (fits "-0.97" at 720p)
    cell_max: float = 1.1  # the largest a strip's cell grows when few units are drawn
    cell_gap: float = 0.0
    cell_font: float = 20  # the value printed in a strip's cell (readable at 720p)
    cell_stroke: float = 1.5  # outline of a strip's cells
    printed_units: int = 8  # strips of at most this many drawn units print their values
    printed_cell: float = 0.6  # the smallest cell whose printed value is 14 px tall at 720p
    strip_cell: float = 0.62  # a printed strip's cell in a figure, with room to shrink 3 % and stay legible
    small_cell: float = 0.26  # a cell of a strip drawn in colours only (no printed values)
    chain_cell: tuple[float, float] = (1.5, 1.2)  # one step's copy of the cell in an unrolled chain
    most_grow: float = 1.35  # a figure smaller than its region grows to fill it, at most this much
    hop_shrink: float = 0.25  # how small a strip gets while it hops over a diagram to its next place
    label_font: float = 24
    title_font: float = 34
    math_font: float = 36  # LaTeX formulas (MathTex sets smaller than Text at equal size)
    small_math_font: float = 28  # LaTeX names of grids and axis ticks: digits about 14 px tall at 720p
    small_font: float = 18
    stroke: float = 2.5
    wire_stroke: float = 3.0
    op_radius: float = 0.22  # pointwise operation circles
    layer_box: tuple[float, float] = (0.62, 0.44)  # sigma / tanh layer boxes
    chip_height: float = 0.46
    chip_text: float = 0.27  # least height of a chip's line of text: 24 px at 720p; chips never shrink below
    chip_rise: float = 0.2  # a token's chip rises this far into view when it is read
    chip_pad: float = 0.16  # text to edge of a token chip, left and right
    chip_corner: float = 0.12
    name_max_width: float = 2.7  # widest token or class name ("book restaurant" fits); longer ends in "…"
    glyph_track: tuple[float, float] = (1.2, 0.28)  # a gate glyph's bar at fully open
    bar_length: float = 4.0  # a probability bar at 100 %
    bar_height: float = 0.38
    bar_gap: float = 0.18  # between two probability bars
    text_buff: float = 0.15  # between a shape and the text that labels it
    margin: float = 0.3  # kept free at every edge of the frame
    header_height: float = 1.25  # the title band (a title line and a formula line)
    title_height: float = 0.7  # the title band of a scene whose header has no formula
    sentence_height: float = 0.6  # the band of token chips at the bottom
    # cell diagrams (rnnviz.mobjects.cells)
    op_font: float = 22  # the symbol in a pointwise operation node
    layer_font: float = 22  # "σ" / "tanh" in a layer box
    diagram_font: float = 33  # the names of wires (f_t, c_{t-1}, ...) in a cell diagram: the 1 of t-1 is 14 px at 720p
    pulse_stroke: float = 7.0  # the bright sliver travelling along a wire
    wire_tip: float = 0.13  # arrow head where a wire enters a node
    chain_diagram: float = 0.42  # a cell diagram's scale in the chain scene's row of cells (~3 units wide)
    # column boards (rnnviz.mobjects.board)
    board_pitch: float = 3.0  # centre to centre of two columns, in cell sides (room for "⊙")
    board_gap: float = 0.3  # least free space between two columns' names or cells and a symbol
    # a state's shares (rnnviz.mobjects.shares) and the plots that compare models
    share_separator: float = 2.0  # the thin line between two slices or segments, in the background colour
    disc_radius: float = 1.0  # the largest disc of a state's shares
    plot_stroke: float = 3.0  # a line of a plot
    plot_dot: float = 0.05  # radius of a plotted point


@dataclass(frozen=True)
class Theme:
    """A colour scheme for one background, plus the fixed part colours, sizes and timings."""

    name: str
    background: str
    foreground: str  # text and outlines
    muted: str  # parts greyed out while another is explained
    muted_text: str  # text in the background, still readable (side notes)
    neutral: str  # the colour of a zero value
    negative: str  # the diverging map's end at -1
    positive: str  # the diverging map's end at +1
    panel: str  # fill of cell boxes and panels
    weight_lift: float = 0.0  # how far the weight colours are lightened (dark slides need it)
    greyed: float = 0.35  # opacity of list entries shown before the one explained now
    wire_tint: float = 0.3  # how far a resting wire's colour is mixed towards the background
    dim_mix: float = 0.6  # how far a dimmed colour (a chip already read) is mixed towards the background
    sizes: Sizes = field(default_factory=Sizes)
    timing: Timing = field(default_factory=Timing)

    def part(self, name: str) -> str:
        """Colour of a part of the network: ``forget``, ``input``, ``candidate``, ``output``,
        ``cell``, ``hidden``, ``reset``, ``update`` or ``input_x``."""
        try:
            return PART_COLORS[name]
        except KeyError:
            raise ValueError(f"unknown part {name!r}; expected one of {sorted(PART_COLORS)}") from None

    def activation_color(self, activation: str) -> str:
        """Colour of an activation function's curve: ``sigmoid``, ``tanh`` or ``relu``."""
        return self.part(ACTIVATION_PART[activation])

    def array_color(self, array: str) -> str:
        """Colour of a recorded array by its Trace name, e.g. ``"f"`` -> the forget gate's."""
        return self.part(ARRAY_PART[array])

    def weight_color(self, layer: int = 0, direction: int = 0, directions: int = 1) -> str:
        """The colour of the weights of ``layer`` and ``direction`` (of ``directions``): every
        step that uses them draws them in it."""
        if layer < 0 or not 0 <= direction < directions:
            raise ValueError(f"no weights for layer {layer}, direction {direction} of {directions}")
        index = layer * directions + direction
        if index >= len(WEIGHT_COLORS):
            raise ValueError(f"weight colours exist for {len(WEIGHT_COLORS)} layer-directions, not {index + 1}")
        return mix(WEIGHT_COLORS[index], "#FFFFFF", self.weight_lift)

    def arch_color(self, arch: str) -> str:
        """The colour of architecture ``arch`` where several are compared (e.g. ``memory``)."""
        try:
            return ARCH_COLORS[arch]
        except KeyError:
            raise ValueError(f"unknown architecture {arch!r}; expected one of {sorted(ARCH_COLORS)}") from None

    def token_color(self, index: int) -> str:
        """The fixed colour of the token at position ``index`` (cycles past
        ``len(TOKEN_COLORS)`` = 12 tokens)."""
        if index < 0:
            raise ValueError(f"token index must be >= 0, got {index}")
        return TOKEN_COLORS[index % len(TOKEN_COLORS)]

    def dim(self, color: str) -> str:
        """``color`` faded towards the background, e.g. a chip of a token already read; text
        on it in :meth:`text_on` ink keeps at least a 3:1 contrast."""
        return mix(color, self.background, self.dim_mix)

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
    muted_text="#6A737D",
    neutral="#F4F4F4",
    negative="#2166AC",  # blue to orange: red, pink and purple stay free for the gates
    positive="#B35806",
    panel="#F7F8FA",
)

DARK = Theme(
    name="dark",
    background="#16181D",
    foreground="#E8EAED",
    muted="#4A4F57",
    muted_text="#9AA0A6",
    neutral="#33373E",
    negative="#4393C3",
    positive="#E08214",
    panel="#1F2228",
    weight_lift=0.4,
    wire_tint=0.0,  # the part colours are already dark against this background
)

THEMES: dict[str, Theme] = {"light": LIGHT, "dark": DARK}


def get_theme(name: str) -> Theme:
    """The theme called ``name`` (``light`` or ``dark``)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; expected one of {sorted(THEMES)}") from None
