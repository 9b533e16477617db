"""Every registered scene renders, for every arch it claims, to a GIF and a PNG (tiny, few frames).

One parametrized test over the registry: a scene joins by being registered. The renders are
shared with the scene tests through the ``scene_render`` fixture (conftest.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import GIF_FPS, GIF_SIZE, VARIANTS
from PIL import Image
from render_support import gif_frames

from rnnviz.scenes import SCENES

CASES = [(entry.id, arch) for entry in SCENES.values() for arch in entry.archs]


@pytest.mark.slow
@pytest.mark.parametrize(("scene_id", "arch"), CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_every_registered_scene_renders_its_archs_to_gif_and_png(scene_render, scene_id, arch):
    rendered = scene_render(scene_id, arch)
    entry = SCENES[scene_id]
    durations, frames = gif_frames(rendered.gif)
    assert frames[0].shape == (GIF_SIZE[1], GIF_SIZE[0], 3)
    assert all(d > 0 and d % (1000 // GIF_FPS) == 0 for d in durations)
    seconds = sum(durations) / 1000
    if entry.loops:
        assert 8.0 <= seconds <= 30.0, f"{scene_id} lasts {seconds:.1f} s"
        # a loop without a hard cut: it ends on the frame it starts with
        assert np.abs(frames[0] - frames[-1]).mean() < 2.0
    still = Image.open(rendered.png)
    assert still.size == VARIANTS[arch]["still"]
    pixels = np.asarray(still.convert("RGB")).astype(int)
    assert pixels.std() > 10  # a drawn frame, not an empty slide
    for scene in (rendered.scene, rendered.still):
        assert scene.trace.arch == arch and scene.theme.name == rendered.options["theme"]
        assert scene.lang == rendered.options["lang"]
