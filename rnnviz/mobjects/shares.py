"""A state drawn as its tokens' shares: a disc of slices, a stacked bar, a table of percentages.

The shares come from :func:`rnnviz.analysis.shares.state_shares` (one row per state, summing to
1 over the tokens seen); these mobjects only draw them, each token in its fixed colour
(``theme.token_color(k)``), with thin separators in the background colour so that two similar
neighbouring colours still read as two slices.

>>> from rnnviz.mobjects.shares import ShareDisc, ShareBar, format_share
>>> disc = ShareDisc([0.25, 0.75, 0.0])
>>> disc.tokens, [round(a, 4) for a in disc.angles]       # a slice per token seen, in degrees
([0, 1], [90.0, 270.0])
>>> ShareBar([0.6, 0.3, 0.1], tokens=[0]).parts           # token 1, then the rest of the state
[(0, 0.6), (None, 0.4)]
>>> [format_share(s) for s in (1.0, 0.127, 0.021, 0.0004, 0.0)]
['100%', '13%', '2.1%', '<0.1%', '0%']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import DOWN, LEFT, PI, RIGHT, TAU, UP, Arrow, Circle, Line, Rectangle, Sector, VGroup

from rnnviz.mobjects.text import make_math, make_text
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.theme import TOKEN_COLORS, Theme, get_theme
from rnnviz.mobjects.token import TokenChip

__all__ = ["SHAPES", "SHARE_TEX", "ShareBar", "ShareDisc", "ShareRow", "ShareTable", "TokenColumns", "check_shares", "format_share"]


#: How a state's shares can be drawn (``--shape``; mirrored in rnnviz.rendering.options, which loads no manim).
SHAPES: tuple[str, ...] = ("disc", "bar")

#: What a share is, as the figures print it (``rnnviz.analysis.shares``): the influence of word
#: ``k`` on the state ``h_t``, over the words the state has read.
SHARE_TEX = (r"s_{t,k} = \lVert \partial h_t / \partial x_k \rVert \;\Big/\; "
             r"\sum\nolimits_{j \le t} \lVert \partial h_t / \partial x_j \rVert")


def check_shares(shares: Sequence[float] | np.ndarray) -> np.ndarray:
    """``shares`` as a float array; a ``ValueError`` unless it is one state's shares (a 1-D array
    of non-negative numbers summing to 1, or all zero for a state no token moves)."""
    values = np.asarray(shares, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"shares are one state's: a non-empty 1-D array, got shape {values.shape}")
    if not np.all(np.isfinite(values)) or values.min() < 0:
        raise ValueError("shares must be finite and non-negative")
    total = float(values.sum())
    if total != 0.0 and abs(total - 1.0) > 1e-6:
        raise ValueError(f"one state's shares sum to 1, these sum to {total:.6f}")
    return values


def format_share(share: float) -> str:
    """A share as a percentage that keeps small shares apart: whole percents from 10 %, one
    decimal below, ``<0.1%`` for a share that is not zero but rounds to it."""
    percent = 100.0 * float(share)
    if round(percent) >= 10:
        return f"{round(percent)}%"
    if percent >= 0.05:
        return f"{percent:.1f}%"
    return "<0.1%" if percent > 0 else "0%"


class ShareDisc(VGroup):
    """A state as a disc divided among the tokens it has seen.

    Token ``k``'s slice has the angle ``shares[k] * 360°`` and the colour ``theme.token_color(k)``;
    slices run clockwise from 12 o'clock in token order, so the first word is always the slice
    right of the top. Tokens with a zero share (not seen yet) have no slice.

    Parameters
    ----------
    shares
        One state's shares, e.g. ``state_shares(trace)[t]``.
    theme
        Colours and sizes (default: the light theme).
    radius
        The disc's radius in scene units.

    Attributes: :attr:`slices` (one :class:`~manim.Sector` per token seen), :attr:`tokens` (the
    token of each slice), :attr:`angles` (their angles in degrees), :attr:`separators`.

    Examples
    --------
    .. code-block:: python

        from manim import GrowFromCenter, Scene
        from rnnviz.mobjects.shares import ShareDisc

        class State(Scene):
            def construct(self):
                self.play(GrowFromCenter(ShareDisc([0.12, 0.18, 0.7], radius=1.5)))
    """

    def __init__(self, shares: Sequence[float] | np.ndarray, theme: Theme | None = None, radius: float = 0.5,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        self.shares = check_shares(shares)
        self.radius = radius
        sizes = self.theme.sizes
        self.slices, self.separators = VGroup(), VGroup()
        self.tokens: list[int] = []
        start = PI / 2
        for k, share in enumerate(self.shares):
            if share <= 0:
                continue
            angle = -TAU * share  # clockwise
            self.slices.add(Sector(radius=radius, angle=angle, start_angle=start, stroke_width=0,
                                   fill_color=self.theme.token_color(k), fill_opacity=1.0))
            self.tokens.append(k)
            start += angle
        if len(self.tokens) > 1:  # a lone slice is the whole disc: nothing to separate
            for sector in self.slices:
                edge = radius * np.array([np.cos(sector.start_angle), np.sin(sector.start_angle), 0.0])
                self.separators.add(Line(np.zeros(3), edge, stroke_width=sizes.share_separator,
                                         stroke_color=self.theme.background))
        self.outline = Circle(radius=radius, stroke_width=sizes.share_separator, stroke_color=self.theme.muted)
        self.add(self.slices, self.separators, self.outline)

    @property
    def angles(self) -> list[float]:
        """The angle of each slice, in degrees (they sum to 360 unless no token moves the state)."""
        return [abs(float(sector.angle)) * 360.0 / TAU for sector in self.slices]


class ShareBar(VGroup):
    """A state as a stacked bar of its tokens' shares, bottom up (or left to right).

    ``tokens`` picks the tokens drawn in their own colours (default: every token seen); what the
    others hold together is drawn last, as one segment in the theme's neutral colour, so the bar
    is always the whole state. :attr:`parts` lists ``(token or None, share)`` bottom up.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.shares import ShareBar

        class FirstWords(Scene):
            def construct(self):
                self.add(ShareBar([0.3, 0.2, 0.5], tokens=[0, 1], height=2.0))
    """

    def __init__(
        self,
        shares: Sequence[float] | np.ndarray,
        theme: Theme | None = None,
        tokens: Sequence[int] | None = None,
        width: float = 0.3,
        height: float = 1.0,
        vertical: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        self.shares = check_shares(shares)
        picked = [k for k, s in enumerate(self.shares) if s > 0] if tokens is None else list(tokens)
        if any(not 0 <= k < self.shares.size for k in picked):
            raise ValueError(f"tokens {picked} out of range for {self.shares.size} shares")
        self.parts: list[tuple[int | None, float]] = [(k, float(self.shares[k])) for k in picked]
        rest = float(sum(s for k, s in enumerate(self.shares) if k not in picked))
        if rest > 1e-12:
            self.parts.append((None, rest))
        length, along = (height, UP) if vertical else (width, RIGHT)
        sizes = self.theme.sizes
        self.frame = Rectangle(width=width, height=height, stroke_width=sizes.share_separator,
                               stroke_color=self.theme.muted)
        self.segments, self.separators = VGroup(), VGroup()
        start = self.frame.get_bottom() if vertical else self.frame.get_left()
        across = (width, 0.0) if vertical else (0.0, height)
        for n, (token, share) in enumerate(self.parts):
            size = max(share * length, 1e-4)  # a zero share still has a place
            segment = Rectangle(width=across[0] or size, height=across[1] or size, stroke_width=0, fill_opacity=1.0,
                                fill_color=self.theme.neutral if token is None else self.theme.token_color(token))
            self.segments.add(segment.move_to(start, aligned_edge=DOWN if vertical else LEFT))
            start = start + share * length * along
            if n < len(self.parts) - 1:
                ends = (start + LEFT * width / 2, start + RIGHT * width / 2) if vertical else \
                    (start + DOWN * height / 2, start + UP * height / 2)
                self.separators.add(Line(*ends, stroke_width=sizes.share_separator,
                                         stroke_color=self.theme.background))
        self.add(self.segments, self.separators, self.frame)

    def segment(self, token: int | None) -> Rectangle:
        """The segment of ``token`` (``None``: the rest of the state)."""
        for (part, _), segment in zip(self.parts, self.segments):
            if part == token:
                return segment
        raise KeyError(f"no segment for token {token!r}; the bar has {[p for p, _ in self.parts]}")


class ShareTable(VGroup):
    """Every state's shares as percentages: one row per token, led by a swatch of its colour and
    its text, one column per state, a blank where the state has not seen the token.

    ``columns`` are the x positions of the columns (e.g. the states' centres), so the table lines
    up with the row of states drawn above it; ``row_height`` is the rows' pitch. Text is the
    theme's small size, whose digits stay 14 px tall at 720p; the first row's centre is at ``y = 0``.
    """

    def __init__(
        self,
        shares: np.ndarray,
        tokens: Sequence[str],
        columns: Sequence[float],
        theme: Theme | None = None,
        row_height: float = 0.4,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        shares = np.asarray(shares, dtype=float)
        if shares.ndim != 2 or shares.shape[1] != len(tokens) or shares.shape[0] != len(columns):
            raise ValueError(f"shares {shares.shape} must be (states, tokens) = ({len(columns)}, {len(tokens)})")
        sizes = self.theme.sizes
        self.keys, self.cells = VGroup(), VGroup()
        self.texts: dict[tuple[int, int], str] = {}  # (state, token) -> the printed percentage
        pitch = columns[1] - columns[0] if len(columns) > 1 else 1.0
        left = min(columns) - pitch / 2
        for k, token in enumerate(tokens):
            y = -k * row_height
            swatch = Rectangle(width=0.6 * row_height, height=0.6 * row_height, stroke_width=0, fill_opacity=1.0,
                               fill_color=self.theme.token_color(k))
            name = make_text(token, self.theme, size=sizes.small_font, strut=True)
            self.keys.add(VGroup(swatch, name.next_to(swatch, RIGHT, buff=sizes.text_buff / 2)).move_to([0, y, 0]))
            for t, x in enumerate(columns):
                if shares[t, k] <= 0:
                    continue
                self.texts[(t, k)] = format_share(shares[t, k])
                text = make_text(self.texts[(t, k)], self.theme, size=sizes.small_font, strut=True)
                self.cells.add(text.move_to([x, y, 0.0]))
        widest = max(key.width for key in self.keys)
        for key in self.keys:  # one left-aligned column, ending just left of the first column
            key.shift((left - sizes.text_buff - widest - key.get_left()[0]) * RIGHT)
        self.add(self.keys, self.cells)


class TokenColumns(VGroup):
    """The sentence's chips, each centred on its column's ``x`` (a column per token, e.g. under a
    row of states), so the sentence itself labels the columns.

    Chips keep their size; where two neighbours would touch, every other chip drops one chip
    height lower (:attr:`levels` says which), and only if even that does not fit are all chips
    scaled down together. The top of the upper chips is at ``y = 0`` until moved. Given a
    ``lang``, a sentence of more tokens than the palette has colours gets a :attr:`note` under
    its chips saying that colours repeat.
    """

    def __init__(self, tokens: Sequence[str], columns: Sequence[float], theme: Theme | None = None,
                 lang: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if len(tokens) != len(columns) or not tokens:
            raise ValueError(f"one column per token: {len(tokens)} tokens, {len(columns)} columns")
        self.theme = theme if theme is not None else get_theme("light")
        buff = self.theme.sizes.text_buff
        self.chips = VGroup(*(TokenChip(token, k, self.theme) for k, token in enumerate(tokens)))
        widths = [chip.width for chip in self.chips]

        def room(step: int) -> float:  # how far chips `step` apart may grow, as a fraction of their width
            fits = [(columns[k + step] - columns[k] - buff) / ((widths[k] + widths[k + step]) / 2)
                    for k in range(len(columns) - step)]
            return min(fits, default=np.inf)

        staggered = room(1) < 1.0
        scale = min(1.0, room(2) if staggered else 1.0)
        self.levels = [k % 2 if staggered else 0 for k in range(len(tokens))]
        for chip, x, level in zip(self.chips, columns, self.levels):
            chip.scale(scale)
            chip.move_to([x, -level * (chip.height + buff / 2), 0.0], aligned_edge=UP)
        self.add(self.chips)
        #: With ``lang``, past 12 tokens: the note under the chips that token colours repeat.
        self.note = None
        if lang is not None and len(tokens) > len(TOKEN_COLORS):
            self.note = make_text(term("colours_repeat", lang, n=len(TOKEN_COLORS)), self.theme,
                                  size=self.theme.sizes.small_font, color=self.theme.muted_text)
            self.add(self.note.next_to(self.chips, DOWN, buff=buff / 2))


    @staticmethod
    def least_pitch(tokens: Sequence[str], theme: Theme | None = None) -> float:
        """The least distance between columns at which the chips of ``tokens`` keep their size
        (every other one lower: two columns hold the chips of tokens ``k`` and ``k + 2``) and no
        chip reaches its neighbours' columns (a wire rising from a lower chip stays clear of it).

        >>> from rnnviz.mobjects.shares import TokenColumns
        >>> TokenColumns.least_pitch(["what"]), round(TokenColumns.least_pitch("what time is it".split()), 2)
        (0.0, 0.62)
        """
        theme = theme if theme is not None else get_theme("light")
        widths = [TokenChip(token, k, theme).width for k, token in enumerate(tokens)]
        buff = theme.sizes.text_buff
        pairs = [((a + b) / 2 + buff) / 2 for a, b in zip(widths, widths[2:])]
        clear = [w / 2 + buff / 2 for w in widths] if len(widths) > 1 else []
        return float(max(pairs + clear, default=0.0))


class ShareRow(VGroup):
    """Every state of a sentence in a row along time: state ``t`` is drawn as its shares, a
    :class:`ShareDisc` (or, with ``shape="bar"``, a :class:`ShareBar`), named (``h_1``, ``h_2``,
    ...), fed by the previous state (an arrow) and, with ``chips``, by its token's chip from
    below. Columns are ``pitch`` apart, the first at ``x = 0``, the states' centres at ``y = 0``.

    Parameters
    ----------
    shares
        ``(states, tokens)``: row ``t`` is state ``t``'s shares, e.g. ``state_shares(trace)``.
    tokens
        The tokens' display forms, e.g. ``trace.tokens``.
    names
        The TeX name of each state (default ``h_1``, ``h_2``, ...).
    radius
        The most the discs' radius (a bar's half height) may be; it is at most what fits the
        pitch and ``theme.sizes.disc_radius`` anyway.
    shape
        One of :data:`SHAPES`: ``"disc"`` (the notes' picture) or ``"bar"``.
    """

    def __init__(
        self,
        shares: np.ndarray,
        tokens: Sequence[str],
        theme: Theme | None = None,
        pitch: float = 2.0,
        radius: float | None = None,
        names: Sequence[str] | None = None,
        chips: bool = True,
        shape: str = "disc",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        shares = np.asarray(shares, dtype=float)
        steps = len(tokens)
        if shares.shape != (steps, steps):
            raise ValueError(f"shares must be (states, tokens) = ({steps}, {steps}), got {shares.shape}")
        if shape not in SHAPES:
            raise ValueError(f"a state is drawn as one of {SHAPES}, not {shape!r}")
        self.pitch = pitch
        self.radius = min(sizes.disc_radius, 0.36 * pitch, np.inf if radius is None else radius)
        names = names if names is not None else [f"h_{{{t + 1}}}" for t in range(steps)]
        columns = [t * pitch for t in range(steps)]

        def state(t: int) -> VGroup:
            if shape == "bar":
                return ShareBar(shares[t], self.theme, width=self.radius, height=2 * self.radius)
            return ShareDisc(shares[t], self.theme, self.radius)

        self.states = VGroup(*(state(t).move_to([x, 0, 0]) for t, x in enumerate(columns)))
        self.names = VGroup(*(make_math(name, self.theme, size=sizes.label_font).next_to(drawn, UP, buff=sizes.text_buff)
                              for name, drawn in zip(names, self.states)))
        self.links = VGroup(*(self._arrow(self.states[t - 1].get_right(), self.states[t].get_left())
                              for t in range(1, steps)))
        self.add(self.links, self.states, self.names)
        self.chips: TokenColumns | None = None
        self.inputs = VGroup()
        if chips:
            self.chips = TokenColumns(tokens, columns, self.theme)
            self.chips.shift((-self.radius - 2.5 * sizes.text_buff - 0.3) * UP)
            for chip, drawn in zip(self.chips.chips, self.states):
                self.inputs.add(self._arrow(chip.get_top(), drawn.get_bottom(), self.theme.muted_text))
            self.add(self.inputs, self.chips)

    def _arrow(self, start: np.ndarray, end: np.ndarray, color: str | None = None) -> Arrow:
        sizes = self.theme.sizes
        return Arrow(start, end, buff=sizes.text_buff / 2, color=color or self.theme.foreground,
                     stroke_width=sizes.wire_stroke, tip_length=1.4 * sizes.wire_tip, max_tip_length_to_length_ratio=0.4)
