"""The flagship `step` scene through the whole pipeline, for every architecture and format."""

from __future__ import annotations

import av
import numpy as np
import pytest
from PIL import Image

from rnnviz.core.trace import Trace
from rnnviz.models.demo import demo_trace_path
from rnnviz.rendering.options import FORMATS
from rnnviz.rendering.pipeline import render
from rnnviz.scenes import get_scene_entry

SIZE, FPS = (128, 72), 2  # few frames: the scene's own construction dominates anyway


def gif_frames(path) -> tuple[list[int], np.ndarray]:
    """A GIF's frame durations (ms) and its last frame as RGB."""
    image = Image.open(path)
    assert image.info["loop"] == 0
    durations = []
    for k in range(image.n_frames):
        image.seek(k)
        durations.append(image.info["duration"])
    return durations, np.asarray(image.convert("RGB")).astype(int)


def video_frames(path) -> tuple[str, str, int]:
    with av.open(str(path)) as container:
        context = container.streams.video[0].codec_context
        return context.name, context.pix_fmt, sum(1 for _ in container.decode(video=0))


@pytest.mark.slow
@pytest.mark.parametrize("arch", get_scene_entry("step").archs)
def test_step_renders_to_every_format(arch, tmp_path, monkeypatch, svg_cache):
    monkeypatch.setenv("XDG_CACHE_HOME", str(svg_cache))  # render cache off; labels compiled once
    trace = Trace.load(demo_trace_path(arch))
    paths = {
        fmt: render(trace, output=tmp_path / f"{arch}.{fmt}", size=SIZE, fps=FPS, units=3, progress=False, cache=False)
        for fmt in FORMATS
    }
    durations, last_gif_frame = gif_frames(paths["gif"])
    assert all(d > 0 and d % (1000 // FPS) == 0 for d in durations)
    frames = sum(durations) // (1000 // FPS)
    assert frames > 5 * FPS  # a real animation, seconds long
    assert video_frames(paths["mp4"]) == ("h264", "yuv420p", frames)  # same clip, same length
    assert video_frames(paths["webm"]) == ("vp9", "yuv420p", frames)
    still = Image.open(paths["png"])
    assert still.size == SIZE
    # The PNG is the clip's final frame (the GIF's is the same up to its palette).
    assert np.abs(np.asarray(still.convert("RGB")).astype(int) - last_gif_frame).mean() < 2
