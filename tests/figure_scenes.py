"""Test scenes standing in for course scenes, so that `rnnviz figures` runs quickly in tests.

:func:`register` puts ``render_scenes.SquaresScene`` (a real TraceScene drawing the trace's
``h``, 1.5 s long) into the registry under course scene ids, as a scene landing later joins the
set. Run as a script, this module registers them and then runs the rnnviz command line; the
pool's workers are spawned processes that import the main script too (as ``__mp_main__``), so
they see the same registry:

    PYTHONPATH=tests python tests/figure_scenes.py figures -o out --jobs 2
"""

from __future__ import annotations

import os
import sys
import time

from manim import FadeIn, Square
from render_scenes import SquaresScene

from rnnviz.scenes import SceneEntry

#: course scene id -> the test scene drawn for it: a still (rnn-figure1.jpg), an animation
#: (rnn-gif2.gif) and the two animations of `step` (lstm.gif, gru.gif).
TEST_SCENES = {
    "structure": ("rnn",),
    "loop": ("rnn",),
    "step": ("rnn", "lstm", "gru"),
}
#: The course files these scenes make, in the notes' order.
TEST_FIGURES = ("rnn-figure1.jpg", "rnn-gif2.gif", "lstm.gif", "gru.gif")


def register(scenes: dict, target: str = "figure_scenes:SquaresScene") -> None:
    """Register the test scene under each id of :data:`TEST_SCENES` in ``scenes`` (the registry)."""
    for scene_id, archs in TEST_SCENES.items():
        scenes[scene_id] = SceneEntry(scene_id, archs, "-", "a test scene", target)


class SlowScene(SquaresScene):
    """Starts, then waits for minutes: a render that is still running when the test stops it."""

    def construct(self) -> None:
        self.play(FadeIn(Square()), run_time=0.1)
        time.sleep(300)


__all__ = ["SlowScene", "SquaresScene", "TEST_FIGURES", "TEST_SCENES", "register"]

if __name__ in ("__main__", "__mp_main__"):
    from rnnviz.scenes import SCENES

    register(SCENES, os.environ.get("FIGURE_TEST_SCENE", "figure_scenes:SquaresScene"))

if __name__ == "__main__":
    from rnnviz.cli import main

    main(sys.argv[1:])
