"""The top of a slide: a header naming the idea on screen, and a time-step counter.

>>> from rnnviz.mobjects.header import Header, StepCounter
>>> from rnnviz.mobjects.theme import get_theme
>>> header = Header("forget gate", get_theme("light"), part="forget", formula=r"f_t = \\sigma(z)")
>>> header.title.original_text, header.formula.tex_string
('forget gate', 'f_t = \\\\sigma(z)')
>>> counter = StepCounter(0, 4, get_theme("light"), lang="zh", prefix="RNN")
>>> counter.text, counter.set_step(2).text
('RNN · 时间步 1 / 4', 'RNN · 时间步 3 / 4')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from manim import DOWN, LEFT, RIGHT, Animation, Mobject, RoundedRectangle, Succession, VGroup

from rnnviz.mobjects.animations import Dissolve, crossfade
from rnnviz.mobjects.gate import GateGlyph
from rnnviz.mobjects.labels import term
from rnnviz.mobjects.text import ValueText, make_math, make_text
from rnnviz.mobjects.theme import Theme, get_theme

if TYPE_CHECKING:
    from typing import Self

    from numpy.typing import ArrayLike

__all__ = ["ChangeStep", "Header", "StepCounter", "SwapHeader"]


class Header(VGroup):
    """A title line, optionally with its part's colour swatch, a tag (e.g. a token chip) and a
    gate glyph, then a formula and a note under it; left-aligned, its top-left at the origin
    until placed (``header.move_to(region.edge(UL), aligned_edge=UL)``).

    Parameters
    ----------
    title
        The idea on screen, in the viewer's language (e.g. ``term("forget_gate", lang)``).
    theme
        Colours and sizes (default: the light theme).
    part
        A theme part (``"forget"``, ...) whose colour swatch leads the title.
    formula
        LaTeX under the title.
    note
        A line of small text under everything.
    tag
        A mobject after the title, e.g. a copy of a token chip.
    gate
        ``(values, part)``: a :class:`~rnnviz.mobjects.gate.GateGlyph` after the title.
    width
        The widest the header may be; a wider one is scaled down.

    Examples
    --------
    .. code-block:: python

        from manim import UL, Scene
        from rnnviz.mobjects.header import Header, SwapHeader

        class Titles(Scene):
            def construct(self):
                first = Header("concatenate", formula=r"[h_{t-1}; x_t]").to_corner(UL)
                self.add(first)
                self.play(SwapHeader(first, Header("forget gate", part="forget").to_corner(UL)))
    """

    def __init__(
        self,
        title: str,
        theme: Theme | None = None,
        *,
        part: str | None = None,
        formula: str | None = None,
        note: str | None = None,
        tag: Mobject | None = None,
        gate: tuple[ArrayLike | float, str] | None = None,
        width: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        sizes = self.theme.sizes
        self.title = make_text(title, self.theme, size=sizes.title_font)
        parts: list[Mobject] = []
        if part is not None:
            swatch = RoundedRectangle(width=0.3, height=0.3, corner_radius=0.06, stroke_width=0)
            parts.append(swatch.set_fill(self.theme.part(part), opacity=1.0))
        parts.append(self.title)
        if tag is not None:
            parts.append(tag)
        self.line = VGroup(*parts).arrange(RIGHT, buff=sizes.text_buff)
        self.gate: GateGlyph | None = None
        if gate is not None:
            values, gate_part = gate
            self.gate = GateGlyph(values, part=gate_part, theme=self.theme)
            self.line.add(self.gate.next_to(self.title, RIGHT, buff=2 * sizes.text_buff))
        self.add(self.line)
        below: Mobject = self.line
        self.formula = None
        if formula is not None:
            self.formula = make_math(formula, self.theme)
            self.add(self.formula.next_to(below, DOWN, buff=2 * sizes.text_buff, aligned_edge=LEFT))
            below = self.formula
        self.note = None
        if note is not None:
            self.note = make_text(note, self.theme, size=sizes.small_font)
            self.add(self.note.next_to(below, DOWN, buff=sizes.text_buff, aligned_edge=LEFT))
        if width is not None and self.width > width:
            self.scale_to_fit_width(width)
        self.move_to([0.0, 0.0, 0.0], aligned_edge=[-1.0, 1.0, 0.0])


class SwapHeader(Succession):
    """Replace header ``old`` by ``new``: one fades out, then the other fades in (two titles
    cross-fading in one place read as a smudge). By opacity alone: a formula is costly to copy."""

    def __init__(self, old: Mobject, new: Mobject, **kwargs: Any) -> None:
        kwargs.setdefault("run_time", getattr(new, "theme", get_theme("light")).timing.move)
        super().__init__(Dissolve(old), Dissolve(new, appear=True), **kwargs)


class StepCounter(VGroup):
    """"time step 2 / 4" (or "RNN · time step 2 / 4"): which step of the sequence is on screen.

    ``step`` counts from 0 like the Trace's rows; the counter shows it from 1. Only the number
    changes as the counter advances (:meth:`set_step`, :class:`ChangeStep`), so it never jumps.

    Examples
    --------
    .. code-block:: python

        from manim import UR, Scene
        from rnnviz.mobjects.header import ChangeStep, StepCounter

        class Steps(Scene):
            def construct(self):
                counter = StepCounter(0, 4, prefix="LSTM").to_corner(UR)
                self.add(counter)
                for t in range(1, 4):
                    self.play(ChangeStep(counter, t))
    """

    def __init__(
        self,
        step: int,
        steps: int,
        theme: Theme | None = None,
        lang: str = "en",
        prefix: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if steps < 1:
            raise ValueError(f"a sequence has at least one step, got {steps}")
        self.theme = theme if theme is not None else get_theme("light")
        self.steps = steps
        words = term("time_step", lang)
        self.words = f"{prefix} · {words}" if prefix else words
        sizes = self.theme.sizes
        self.label = make_text(self.words, self.theme, size=sizes.label_font)
        self.number = ValueText(self.format(step), font_size=sizes.label_font, color=self.theme.foreground)
        self.number.next_to(self.label, RIGHT, buff=sizes.text_buff)
        self.number.align_to(self.label, DOWN)
        self.add(self.label, self.number)
        self.step = step

    def format(self, step: int) -> str:
        """The number shown for ``step`` (0-based): ``"3 / 4"``."""
        if not 0 <= step < self.steps:
            raise ValueError(f"step {step} is outside 0..{self.steps - 1}")
        return f"{step + 1} / {self.steps}"

    @property
    def text(self) -> str:
        """All the counter says, e.g. ``"time step 3 / 4"``."""
        return f"{self.words} {self.number.text}"

    def set_step(self, step: int) -> Self:
        """Show ``step`` (0-based) at once."""
        self.number.set_text(self.format(step))
        self.number.next_to(self.label, RIGHT, buff=self.theme.sizes.text_buff).align_to(self.label, DOWN)
        self.step = step
        return self


class ChangeStep(Animation):
    """Advance a :class:`StepCounter` to ``step``: the old number fades out, the new one in."""

    def __init__(self, counter: StepCounter, step: int, **kwargs: Any) -> None:
        if not isinstance(counter, StepCounter):
            raise TypeError(f"ChangeStep animates a StepCounter, got {type(counter).__name__}")
        self.texts = (counter.number.text, counter.format(step))
        self.end_step = step
        kwargs.setdefault("run_time", counter.theme.timing.fade)
        super().__init__(counter, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        counter: StepCounter = self.mobject
        crossfade(counter.number, *self.texts, self.rate_func(alpha), 1.0)

    def finish(self) -> None:
        super().finish()
        self.mobject.set_step(self.end_step)
        self.mobject.number.set_fill(opacity=1.0)
