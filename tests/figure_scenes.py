"""Test scenes standing in for course scenes, so that `rnnviz figures` runs quickly in tests.

:func:`register` makes the registry hold only ``render_scenes.SquaresScene`` (a real TraceScene
drawing the trace's ``h``, 1.5 s long) under three course scene ids (four figures), as scenes
landing later join the set. Run as a script, this module registers them and then runs the rnnviz
command line; the pool's workers are spawned processes that import the main script too (as ``__mp_main__``), so
they see the same registry. The script also stands a synthetic trace in for the demo model
(as ``test_cli_render`` does): each worker would otherwise import torch for a model that the
pool's tests do not check (the in-process tests use the real one):

    PYTHONPATH=tests python tests/figure_scenes.py figures -o out --jobs 2
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

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
    """Register the test scene under each id of :data:`TEST_SCENES` in ``scenes`` (the registry,
    emptied first: the other course figures are then missing, whatever scenes rnnviz has)."""
    scenes.clear()
    for scene_id, archs in TEST_SCENES.items():
        scenes[scene_id] = SceneEntry(scene_id, archs, "-", "a test scene", target)


class SlowScene(SquaresScene):
    """Waits for minutes before its first frame: a render still running when the test stops it.
    It first leaves a file named after its process in the folder ``$FIGURE_TEST_STARTED``.

    (It makes no frame: how the encoders survive a signal's exception is the pipeline's tests'.)
    """

    def construct(self) -> None:
        (Path(os.environ["FIGURE_TEST_STARTED"]) / str(os.getpid())).touch()
        time.sleep(300)


def synthetic_trace(arch: str, sentence: str, weights=None, max_tokens: int = 32, variant: str = "pytorch"):
    """A stand-in for ``rnnviz.models.trace_sentence``: a valid trace, one step per word."""
    from render_support import make_trace

    return make_trace(arch, steps=len(sentence.split()))


__all__ = ["SlowScene", "SquaresScene", "TEST_FIGURES", "TEST_SCENES", "register", "synthetic_trace"]


if __name__ in ("__main__", "__mp_main__"):
    import rnnviz.models
    from rnnviz.scenes import SCENES

    register(SCENES, os.environ.get("FIGURE_TEST_SCENE", "figure_scenes:SquaresScene"))
    rnnviz.models.trace_sentence = synthetic_trace

if __name__ == "__main__":
    from rnnviz.cli import main

    main(sys.argv[1:])
