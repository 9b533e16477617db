"""The sentence as a row of token chips that stays legible at any length.

Chips never shrink: their text stays at least ``theme.sizes.chip_text`` tall (24 px at 720p).
When the sentence is wider than the row, the row shows a window of chips that ends at the
token being read, with an ellipsis for the tokens scrolled out, and moves on as reading
proceeds (from the end of the sentence for a backward reading). Each token keeps its colour
(:meth:`~rnnviz.mobjects.theme.Theme.token_color`); past 12 tokens the colours repeat, and a
note under the chips says so.

>>> from rnnviz.mobjects.sentence import SentenceRow
>>> words = "wake me up at seven tomorrow morning unless it is a public holiday again".split()
>>> row = SentenceRow(words, width=7.0)
>>> row.focus(9).window        # "is" is read now; the chips that fit before it are shown
range(5, 10)
>>> row.scrolled_out, row.note.original_text
(5, 'token colours repeat every 12 tokens')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from manim import DOWN, LEFT, Animation, AnimationGroup, Rectangle, Transform, VGroup, config

from rnnviz.mobjects.labels import term
from rnnviz.mobjects.text import make_text
from rnnviz.mobjects.theme import TOKEN_COLORS, Theme, get_theme
from rnnviz.mobjects.token import TokenChip

if TYPE_CHECKING:
    from typing import Self

__all__ = ["FocusToken", "SentenceRow"]


class SentenceRow(VGroup):
    """A sentence's tokens as chips in a row of fixed ``width``, windowed around the token read.

    :meth:`focus` sets which token is read now: the tokens read before it are dimmed, it is
    lit, the tokens still to come are not shown; ``focus(None)`` lights the whole sentence (the
    state a new row starts in) and :meth:`unread` hides every chip. :class:`FocusToken`
    animates the change. Never scale a row: give it the width it may take, so that its chips
    keep their legible size.

    Parameters
    ----------
    tokens
        The display forms of the tokens, e.g. ``trace.tokens``.
    theme
        Colours and sizes (default: the light theme).
    width
        The row's width in scene units (default: the frame's width less its margins); the row
        is this wide whatever the sentence, so it can be placed before any token is shown.
    lang
        Language of the note on repeated colours.
    backward
        Read from the last token to the first, as the backward direction of a bidirectional
        network does; tokens stay in sentence order, left to right.

    Attributes
    ----------
    chips
        One :class:`~rnnviz.mobjects.token.TokenChip` per token, hidden ones included.
    current
        The token being read, or ``None`` (the whole sentence lit, or nothing read yet).
    window
        The tokens shown, in sentence order.
    ellipsis, note
        The mark standing for tokens scrolled out (on the left; on the right when reading
        backward), and the note on repeated colours (``None`` for 12 tokens or fewer).

    Examples
    --------
    .. code-block:: python

        from manim import DOWN, Scene
        from rnnviz.mobjects.sentence import FocusToken, SentenceRow

        class Reading(Scene):
            def construct(self):
                row = SentenceRow("set an alarm for seven in the morning please".split(), width=6)
                self.add(row.unread().to_edge(DOWN))
                for k in range(len(row.chips)):
                    self.play(FocusToken(row, k))
    """

    def __init__(
        self,
        tokens: Sequence[str],
        theme: Theme | None = None,
        *,
        width: float | None = None,
        lang: str = "en",
        backward: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(tokens, str) or not tokens:
            raise ValueError("a SentenceRow needs a non-empty sequence of tokens")
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        width = config.frame_width - 2 * sizes.margin if width is None else float(width)
        self.chips = [TokenChip(token, k, self.theme) for k, token in enumerate(tokens)]
        self.backward = backward
        #: Token indices in reading order.
        self.order = list(range(len(self.chips)))[:: -1 if backward else 1]
        self.widths = [self.chips[k].width for k in self.order]  # in reading order; chips never scale
        self.ellipsis = make_text("…", self.theme, color=self.theme.foreground)
        self.gap = sizes.text_buff
        if width < max(self.widths) + self.ellipsis.width + 2 * self.gap:
            raise ValueError(f"a row {width:.2f} wide cannot show the chip of {max(self.widths):.2f} and its ellipsis")
        self.note = None
        if len(self.chips) > len(TOKEN_COLORS):
            text = term("colours_repeat", lang, n=len(TOKEN_COLORS))
            self.note = make_text(text, self.theme, size=sizes.small_font, color=self.theme.muted_text)
        height = sizes.chip_height + (self.gap + self.note.height if self.note is not None else 0.0)
        self.frame = Rectangle(width=width, height=height, stroke_width=0, fill_opacity=0.0)
        self.add(self.frame, VGroup(*self.chips), self.ellipsis)
        if self.note is not None:
            self.add(self.note.move_to(self.frame, aligned_edge=DOWN + LEFT))
        self.current: int | None = None
        self.read = len(self.chips)  # how many tokens are shown, counted in reading order
        self.first = 0  # the first of them in the window, in reading order
        self.focus(None)

    # ---- reading -------------------------------------------------------------------------
    @property
    def window(self) -> range:
        """The tokens shown, in sentence order."""
        shown = sorted(self.order[self.first : self.read])
        return range(shown[0], shown[-1] + 1) if shown else range(0)

    @property
    def scrolled_out(self) -> int:
        """How many tokens read are scrolled out of the row (the ellipsis stands for them)."""
        return self.first

    def chip(self, index: int) -> TokenChip:
        """The chip of token ``index``."""
        self._check(index)
        return self.chips[index]

    # ---- changing ------------------------------------------------------------------------
    def focus(self, index: int | None) -> Self:
        """Token ``index`` is read now (those read before dimmed, those to come not shown);
        ``None`` lights the whole sentence. At once; :class:`FocusToken` animates it."""
        self._enter(index)
        self._arrange()
        return self

    def unread(self) -> Self:
        """No token read yet: every chip waits, unseen, in its place."""
        self.current, self.read, self.first = None, 0, 0
        self._arrange()
        return self

    def _enter(self, index: int | None) -> None:
        """Set the state of :meth:`focus` without drawing it."""
        if index is not None:
            self._check(index)
        self.current = index
        self.read = len(self.chips) if index is None else self.order.index(index) + 1
        self.first = self._first_shown(self.read - 1)

    def _check(self, index: int) -> None:
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < len(self.chips):
            raise IndexError(f"token {index!r} out of range; the sentence has {len(self.chips)} tokens")

    def _fits(self, first: int, last: int) -> bool:
        """Whether the chips from ``first`` to ``last`` in reading order (and the ellipsis, if
        ``first > 0``) fit the row."""
        used = sum(self.widths[first : last + 1]) + self.gap * (last - first)
        if first > 0:
            used += self.ellipsis.width + self.gap
        return used <= self.frame.width + 1e-9

    def _first_shown(self, last: int) -> int:
        """The first chip, in reading order, of the widest window that ends at ``last``."""
        if last < 0 or self._fits(0, len(self.chips) - 1):
            return 0  # nothing read yet, or the whole sentence fits: it never scrolls
        first = last
        while first > 0 and self._fits(first - 1, last):
            first -= 1
        return first

    def _arrange(self) -> None:
        """Place and colour every chip for the current state."""
        ellipsis, places = self._layout()
        self.ellipsis.set_opacity(ellipsis)
        for chip, (point, look) in zip(self.chips, places):
            chip.move_to(point).set_look(look)

    def _layout(self) -> tuple[float, list[tuple[np.ndarray, str]]]:
        """The ellipsis's opacity, and each chip's centre and look (by token), for the state.

        Chips are laid out in reading order from the row's start (its left end, or its right
        end when reading backward), then mirrored for a backward reading.
        """
        start, end = self.frame.get_left()[0], self.frame.get_right()[0]
        y = self.frame.get_top()[1] - self.theme.sizes.chip_height / 2
        rise = self.theme.sizes.chip_rise
        if self._fits(0, len(self.chips) - 1):  # centred, in fixed places
            x = (start + end - sum(self.widths) - self.gap * (len(self.chips) - 1)) / 2
        else:
            x = start + (self.ellipsis.width + self.gap if self.first > 0 else 0.0)
        mirror = (lambda u: start + end - u) if self.backward else (lambda u: u)
        self.ellipsis.move_to([mirror(start + self.ellipsis.width / 2), y, 0.0])
        places: dict[int, tuple[np.ndarray, str]] = {}
        for p, (k, width) in enumerate(zip(self.order, self.widths)):
            if p < self.first:  # scrolled out: waits, unseen, under the ellipsis
                places[k] = (np.array([mirror(start + width / 2), y, 0.0]), "hidden")
                continue
            # Tokens to come wait, unseen, a little lower in their places (or at the row's end),
            # so that they rise into view when read.
            u = min(x + width / 2, end - width / 2)
            waiting = p >= self.read
            look = "hidden" if waiting else "dim" if self.current is not None and p < self.read - 1 else "lit"
            places[k] = (np.array([mirror(u), y - (rise if waiting else 0.0), 0.0]), look)
            x += width + self.gap
        return (1.0 if self.first > 0 else 0.0), [places[k] for k in range(len(self.chips))]


class FocusToken(AnimationGroup):
    """Move a :class:`SentenceRow` on to token ``index`` (``None``: the whole sentence lit).

    The token read before dims, the new one rises into view in its colour, and a sentence
    wider than its row scrolls so that the new token is shown. Only the chips that change are
    animated. Like ``mobject.animate``, the row takes its new state when the animation is made.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.sentence import FocusToken, SentenceRow

        class Reading(Scene):
            def construct(self):
                row = SentenceRow(["what", "time", "is", "it"]).focus(0)
                self.add(row)
                self.play(FocusToken(row, 1))
                self.play(FocusToken(row, None))  # the whole sentence, lit
    """

    def __init__(self, row: SentenceRow, index: int | None, **kwargs: Any) -> None:
        if not isinstance(row, SentenceRow):
            raise TypeError(f"FocusToken moves a SentenceRow, got {type(row).__name__}")
        before = [(chip.get_center(), chip.look) for chip in row.chips]
        row._enter(index)
        ellipsis, after = row._layout()
        changes = []
        for chip, (point, look), (old_point, old_look) in zip(row.chips, after, before):
            if look != old_look or not np.allclose(point, old_point):
                changes.append(Transform(chip, chip.copy().move_to(point).set_look(look)))
                chip.look = look
        if ellipsis != row.ellipsis.get_fill_opacity():
            changes.append(row.ellipsis.animate.set_opacity(ellipsis))
        if not changes:  # already there: an animation that changes nothing
            changes.append(Animation(row.frame))
        kwargs.setdefault("run_time", row.theme.timing.move)
        super().__init__(*changes, **kwargs)
