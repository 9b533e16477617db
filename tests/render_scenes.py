"""Tiny scenes for testing the render pipeline without the real scenes (they import manim).

:class:`SquaresScene` is a TraceScene like every rnnviz scene. It draws one row of
squares per time step whose colours come from the trace's ``h`` values, so its frames follow the
data: a test reads a square's pixel back and compares it with ``render_support.value_rgb``.
Tests render it through ``rnnviz.render`` after registering it as a scene.
"""

from __future__ import annotations

from manim import RIGHT, UP, FadeIn, Square, VGroup, Wait
from render_support import GAP, SQUARE_SIDE, square_center, value_hex

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
