"""The flagship `step` scene through the whole pipeline: every architecture, every format."""

from __future__ import annotations

import av
import numpy as np
import pytest
from conftest import GIF_FPS
from PIL import Image
from render_support import gif_frames

from rnnviz.core.trace import Trace
from rnnviz.models.demo import demo_trace_path
from rnnviz.rendering.options import FORMATS
from rnnviz.rendering.pipeline import render
from rnnviz.scenes import get_scene_entry

SIZE, FPS = (128, 72), 2  # few frames: the scene's own construction dominates anyway


def video_frames(path) -> tuple[str, str, int]:
    with av.open(str(path)) as container:
        context = container.streams.video[0].codec_context
        return context.name, context.pix_fmt, sum(1 for _ in container.decode(video=0))


def render_demo(arch: str, path, **options):
    return render(Trace.load(demo_trace_path(arch)), output=path, size=SIZE, fps=FPS, units=3, progress=False,
                  cache=False, **options)


@pytest.mark.slow
@pytest.mark.parametrize("arch", get_scene_entry("step").archs)
def test_step_renders_a_gif_that_loops_without_a_hard_cut(arch, scene_render):
    """The registry's render of step (conftest.py), which every arch's step tests share."""
    durations, frames = gif_frames(scene_render("step", arch).gif)
    assert all(d > 0 and d % (1000 // GIF_FPS) == 0 for d in durations)
    assert sum(durations) // (1000 // GIF_FPS) > 5 * GIF_FPS  # a real animation, seconds long
    # It ends on the frame it starts with (up to the palette), after fading into it.
    assert np.abs(frames[-1] - frames[0]).mean() < 2


@pytest.mark.slow
def test_step_renders_to_every_format(tmp_path, monkeypatch, svg_cache):
    """Each format of one arch (the encoders are the same for all; the gif test renders every arch)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(svg_cache))
    paths = {fmt: render_demo("rnn", tmp_path / f"rnn.{fmt}") for fmt in FORMATS}
    durations, frames = gif_frames(paths["gif"])
    count = sum(durations) // (1000 // FPS)
    assert video_frames(paths["mp4"]) == ("h264", "yuv420p", count)  # same clip, same length
    assert video_frames(paths["webm"]) == ("vp9", "yuv420p", count)
    still = np.asarray(Image.open(paths["png"]).convert("RGB")).astype(int)
    assert still.shape[1::-1] == SIZE
    # The PNG is the scene's designed final frame, the prediction: the animation shows it just
    # before fading back into its first frame, and it is not that first frame.
    assert min(np.abs(still - frame).mean() for frame in frames) < 2
    assert np.abs(still - frames[0]).mean() > 5
