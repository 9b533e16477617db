"""A token as a rounded chip in its fixed Okabe-Ito colour.

>>> from rnnviz.mobjects.token import TokenChip
>>> chip = TokenChip("time", index=1)
>>> chip.chip_color
'#56B4E9'
"""

from __future__ import annotations

from typing import Any

from manim import RoundedRectangle, VGroup

from rnnviz.mobjects.text import make_text
from rnnviz.mobjects.theme import Theme, get_theme

__all__ = ["TokenChip"]


class TokenChip(VGroup):
    """One token of the sentence, e.g. ``trace.tokens[k]``, in the colour it keeps all along.

    The colour is ``theme.token_color(index)`` and the text is black or white, whichever reads
    on it. Any display form works: English words, Chinese characters, ``<unk>``, Arabic or
    Hebrew (shaped right to left), a word too long for a chip (cut short with "…", at most
    ``theme.sizes.name_max_width`` wide), characters no installed font has (a placeholder and
    a one-line warning); see :func:`~rnnviz.mobjects.text.make_text`.

    Parameters
    ----------
    text
        The token's display form, shown as it is (shortened if it is too wide).
    index
        Its position in the sentence, which picks its colour.
    theme
        Colours and sizes (default: the light theme).

    Examples
    --------
    .. code-block:: python

        from manim import RIGHT, FadeIn, LaggedStart, Scene, VGroup
        from rnnviz.mobjects.token import TokenChip

        class Sentence(Scene):
            def construct(self):
                chips = VGroup(*(TokenChip(w, k) for k, w in enumerate(["现在", "几点", "<unk>"])))
                chips.arrange(RIGHT)
                self.play(LaggedStart(*(FadeIn(chip) for chip in chips)))
    """

    def __init__(self, text: str, index: int, theme: Theme | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if index < 0:
            raise ValueError(f"token index must be >= 0, got {index}")
        self.theme = theme if theme is not None else get_theme("light")
        self.text = text
        self.index = index
        self.chip_color = self.theme.token_color(index)
        sizes = self.theme.sizes
        one_line = " ".join(text.split())  # a chip is one line, whatever spaces the token holds
        self.label = make_text(one_line, self.theme, color=self.theme.text_on(self.chip_color), strut=True,
                               max_width=sizes.name_max_width)
        height = sizes.chip_height
        self.box = RoundedRectangle(
            corner_radius=sizes.chip_corner,
            width=max(self.label.width + 2 * sizes.chip_pad, height),
            height=height,
            fill_color=self.chip_color,
            fill_opacity=1.0,
            stroke_width=0,
        )
        self.add(self.box, self.label.move_to(self.box))
