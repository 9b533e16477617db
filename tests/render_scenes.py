"""Tiny scenes for testing the render pipeline without the real scenes (they import manim).

:class:`SquaresScene` takes the constructor every rnnviz scene takes. It draws one row of
squares per time step whose colours come from the trace's ``h`` values, so its frames follow the
data: a test reads a square's pixel back and compares it with ``render_support.value_rgb``.

>>> SquaresScene(make_trace("rnn"), theme="dark").render()            # doctest: +SKIP
"""

from __future__ import annotations

from manim import RIGHT, UP, FadeIn, Scene, Square, VGroup, Wait
from render_support import BACKGROUNDS, GAP, SQUARE_SIDE, make_trace, square_center, value_hex

from rnnviz.core.trace import Trace


class SquaresScene(Scene):
    """Rows of ``units`` squares for the first two steps, coloured by the trace's ``h``; then a wait."""

    def __init__(
        self,
        trace: Trace | None = None,
        *,
        theme: str = "light",
        lang: str = "en",
        detail: str = "first",
        units: int = 8,
        renderer=None,
        **kwargs,
    ) -> None:
        super().__init__(renderer=renderer, **kwargs)
        self.trace = trace if trace is not None else make_trace()
        self.units = units
        self.camera.background_color = BACKGROUNDS[theme]

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
