"""A vector with its name: a strip of cells and the LaTeX symbol of what it holds.

The name says what the strip shows at that moment; when the same values take another role
(the step's ``h_t`` becomes the next step's ``h_{t-1}``), :class:`Rename` changes the name and
leaves the strip itself, the same mobject, in place.

>>> from rnnviz.mobjects.named import NamedVector
>>> h = NamedVector([0.2, -0.5], array="h", tex="h_{1}")
>>> h.tex, h.strip.texts()
('h_{1}', ['0.20', '−0.50'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Transform, VGroup

from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.text import make_math
from rnnviz.mobjects.theme import Theme, get_theme

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["NamedVector", "Rename"]

_SIDES = {"up": UP, "down": DOWN, "left": LEFT, "right": RIGHT}


class NamedVector(VGroup):
    """A :class:`~rnnviz.mobjects.strip.VectorStrip` with its LaTeX name beside it.

    Parameters
    ----------
    values, array, theme, units, vertical, cell_size, accent
        As for :class:`~rnnviz.mobjects.strip.VectorStrip`.
    tex
        The name, e.g. ``tex("h", step=2)`` from :mod:`rnnviz.mobjects.symbols`.
    side
        Where the name stands: ``"up"`` (default), ``"down"``, ``"left"`` or ``"right"``.

    Examples
    --------
    .. code-block:: python

        from manim import LEFT, Scene
        from rnnviz.mobjects.named import NamedVector, Rename

        class Carry(Scene):
            def construct(self):
                h = NamedVector([0.3, -0.7, 0.1], array="h", tex="h_t", vertical=True)
                self.add(h)
                self.play(h.animate.shift(4 * LEFT), Rename(h, "h_{t-1}"))
    """

    def __init__(
        self,
        values: ArrayLike,
        array: str,
        tex: str,
        theme: Theme | None = None,
        *,
        units: int = 8,
        vertical: bool = False,
        cell_size: float | None = None,
        accent: str | None = None,
        side: str = "up",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if side not in _SIDES:
            raise ValueError(f"a name stands up, down, left or right of its strip, not {side!r}")
        self.theme = theme if theme is not None else get_theme("light")
        self.strip = VectorStrip(values, array=array, theme=self.theme, units=units, vertical=vertical,
                                 cell_size=cell_size, accent=accent)
        self.side = side
        self.tex = tex
        self.label = self.make_label(tex)
        self.add(self.strip, self.label)

    @property
    def values(self) -> np.ndarray:
        """The whole vector (a copy)."""
        return self.strip.values

    def make_label(self, tex: str):
        """The name ``tex`` set where this vector's name stands."""
        return make_math(tex, self.theme).next_to(self.strip, _SIDES[self.side], buff=self.theme.sizes.text_buff)


class Rename(Transform):
    """Give a :class:`NamedVector` the name ``tex``; the old name morphs into the new one.

    The strip is untouched: the same values, in a new role.
    """

    def __init__(self, vector: NamedVector, tex: str, **kwargs: Any) -> None:
        if not isinstance(vector, NamedVector):
            raise TypeError(f"Rename renames a NamedVector, got {type(vector).__name__}")
        self.vector = vector
        self.new_tex = tex
        target = vector.make_label(tex)
        # A label keeps its size if the vector was scaled since it was made.
        target.scale(vector.label.height / max(vector.make_label(vector.tex).height, 1e-9))
        target.move_to(vector.label, aligned_edge=-_SIDES[vector.side])
        kwargs.setdefault("run_time", vector.theme.timing.fade)
        super().__init__(vector.label, target, **kwargs)

    def finish(self) -> None:
        super().finish()
        self.vector.tex = self.new_tex
