"""A tiny scene comparing models, for testing the multi-trace render path without real scenes.

:class:`RowsScene` draws one row of squares per architecture it is given, in the order given,
each coloured by the last ``h`` of that architecture's trace: a test reads a square's pixel
back and knows which trace reached the scene under which architecture.
"""

from __future__ import annotations

from manim import RIGHT, UP, FadeIn, Square, VGroup
from render_support import GAP, SQUARE_SIDE, square_center, value_hex

from rnnviz.scenes.comparison import ComparisonScene


class RowsScene(ComparisonScene):
    """Row ``k``: the last ``h`` of the ``k``-th trace given, one square per unit."""

    def construct(self) -> None:
        for row, trace in enumerate(self.traces.values()):
            squares = VGroup(
                *(Square(SQUARE_SIDE, fill_color=value_hex(v), fill_opacity=1, stroke_width=0)
                  for v in trace.get("h")[-1, : self.units])
            ).arrange(RIGHT, buff=GAP)
            squares.move_to(square_center(0, row, len(squares))[1] * UP)
            self.play(FadeIn(squares), run_time=0.5)
