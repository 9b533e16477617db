"""Tiny scenes for testing the render pipeline without the real scenes (they import manim).

:class:`SquaresScene` is a TraceScene like every rnnviz scene. It draws one row of
squares per time step whose colours come from the trace's ``h`` values, so its frames follow the
data: a test reads a square's pixel back and compares it with ``render_support.value_rgb``.
Tests render it through ``rnnviz.render`` after registering it as a scene.
"""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, FadeIn, MathTex, Rotate, Square, VGroup, Wait
from render_support import GAP, SQUARE_SIDE, square_center, value_hex

from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.token import TokenChip
from rnnviz.scenes.base import TraceScene


class SquaresScene(TraceScene):
    """Rows of ``units`` squares for the first two steps, coloured by the trace's ``h``; then a wait."""

    def construct(self) -> None:
        h = self.trace.get("h")
        for step in range(min(self.trace.steps, 2)):
            row = VGroup(
                *(
                    Square(SQUARE_SIDE, fill_color=value_hex(v), fill_opacity=1, stroke_width=0)
                    for v in h[step, : self.units]
                )
            ).arrange(RIGHT, buff=GAP)
            row.move_to(square_center(0, step, len(row))[1] * UP)
            self.play(FadeIn(row), run_time=0.5)
        self.play(Wait(0.5))


class BrokenScene(SquaresScene):
    """Fails after its first animation, as a scene with a bug would."""

    def construct(self) -> None:
        self.play(FadeIn(Square()), run_time=0.2)
        raise RuntimeError("a bug in the scene")


class InterruptedScene(SquaresScene):
    """Interrupted (Ctrl-C) after its first animation."""

    def construct(self) -> None:
        self.play(FadeIn(Square()), run_time=0.2)
        raise KeyboardInterrupt


class LongScene(SquaresScene):
    """A square turning for a minute: every frame differs, so a render takes a while (for signals)."""

    def construct(self) -> None:
        square = Square(SQUARE_SIDE, fill_color=value_hex(0.5), fill_opacity=1, stroke_width=0)
        self.play(Rotate(square, angle=60.0), run_time=60.0)


class FormulaScene(SquaresScene):
    """A LaTeX formula fading in, so a render runs latex and dvisvgm."""

    def construct(self) -> None:
        self.play(FadeIn(MathTex(r"h_t = o_t \odot \tanh(c_t)")), run_time=0.2)


class TokensScene(SquaresScene):
    """The trace's tokens as chips over its classifier's bars: the text a user's data puts on screen."""

    def construct(self) -> None:
        chips = VGroup(*(TokenChip(token, k, self.theme) for k, token in enumerate(self.trace.tokens or [])))
        parts = [chips.arrange(RIGHT)]
        if self.trace.labels is not None:
            parts.append(ProbabilityBars.from_trace(self.trace, theme=self.theme, lang=self.lang, rows=3))
        self.add(VGroup(*parts).arrange(DOWN).scale_to_fit_width(self.camera.frame_width * 0.9))
