"""Playing rnnviz scenes at a tiny size in tests, on real recorded traces.

Tests get a module-scoped ``media`` fixture from :func:`media_fixture` and call :func:`run`; the
LaTeX and text SVGs come from the session's shared folder, as in a render, so that each label
is compiled once per session.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
import torch
from manim import Text, tempconfig

import rnnviz
from rnnviz.rendering.session import shared_manim_files

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
WORDS = ["what", "time", "is", "it", "right", "now", "my", "friend"]
TINY = {
    "pixel_width": 192,
    "pixel_height": 108,
    "frame_rate": 4,
    "write_to_movie": False,
    "disable_caching": True,
    "progress_bar": "none",
    "verbosity": "ERROR",
}


def recorded(arch: str, steps: int = 3, hidden: int = 6, inputs: int = 10, prediction: bool = True, seed: int = 0,
             words: list[str] = WORDS, **module_options):
    """A real trace of a small seeded module (``module_options`` such as ``num_layers`` go to
    its constructor), with tokens and (optionally) a prediction."""
    torch.manual_seed(seed)
    trace = rnnviz.record(MODULES[arch](inputs, hidden, **module_options), torch.randn(steps, inputs))
    trace.attach(tokens=(words * steps)[:steps])
    if prediction:
        trace.attach(labels=["ask_time", "greeting", "set_alarm"], probs=np.array([0.7, 0.2, 0.1]))
    return trace


@pytest.fixture(scope="module")
def media(tmp_path_factory, svg_cache):
    """One media folder for the module; manim's LaTeX and text SVGs come from the session's shared
    ones (:func:`tiny_config`), as in a render, and compiling them again for every test would
    triple the module's run time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(svg_cache))
        yield tmp_path_factory.mktemp("media")


@contextmanager
def tiny_config(media, **overrides) -> Iterator[None]:
    """:data:`TINY` (with ``overrides``, e.g. ``save_last_frame=True`` for a still) for the block."""
    with shared_manim_files() as svgs, tempconfig(
        {**TINY, "media_dir": str(media), "tex_dir": str(svgs / "Tex"), "text_dir": str(svgs / "texts"), **overrides}
    ):
        yield


def run(media, scene_class, *, frames: bool = False, trace=None, still: bool = False, **options):
    """Construct and play a scene at a tiny size; without ``frames`` each animation jumps to its
    end (the scene's clock still advances by every run time)."""
    with tiny_config(media, save_last_frame=still):
        scene = scene_class(trace, **options)
        scene.renderer.skip_animations = scene.renderer._original_skipping_status = not frames
        scene.render()
    return scene


def texts_on_screen(scene) -> set[str]:
    """The strings of every Text on screen now."""
    return {m.original_text for m in scene.get_mobject_family_members() if isinstance(m, Text)}


def maths_on_screen(scene) -> list[str]:
    """The TeX of every formula on screen now."""
    return [m.tex_string for m in scene.get_mobject_family_members() if hasattr(m, "tex_string")]


def same_row(values, row) -> bool:
    """Whether ``values`` are exactly ``row`` (both as float arrays)."""
    return np.array_equal(np.asarray(values, dtype=float), np.asarray(row, dtype=float))


def assert_boards_show(scene, boards: list[list[str]], row) -> None:
    """The phases ``scene`` played showed ``boards`` (each board's columns by Trace name, in
    order), at the scene's step, every column named with the symbol table's TeX (or the phase
    table's shorter column name) and holding ``row(trace, name, step)``."""
    from rnnviz.mobjects.phases import COLUMN_NAMES
    from rnnviz.mobjects.symbols import tex_lines

    assert [[o.name for o in phase.shown] for phase, _, _ in scene.played] == boards
    for phase, step, board in scene.played:
        assert step == scene.step
        for operand, label, strip in zip(phase.shown, board.labels, board.strips):
            assert label.tex_string == COLUMN_NAMES.get(operand.name, tex_lines(operand.name))
            np.testing.assert_allclose(strip.values, row(scene.trace, operand.name, step), rtol=0, atol=1e-7)
