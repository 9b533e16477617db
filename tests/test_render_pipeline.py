"""Whole renders of a tiny test scene (160x90, 20 fps) through rnnviz.render."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import av
import manim
import numpy as np
import pytest
from PIL import Image
from render_support import DURATION, make_trace, square_center, value_rgb

from rnnviz.rendering.options import InvalidOption
from rnnviz.rendering.pipeline import render
from rnnviz.scenes import SCENES, SceneEntry

SIZE, FPS = (160, 90), 20
FRAMES = round(DURATION * FPS)
TESTS = Path(__file__).parent


def entry(scene_id: str, cls: str, archs=("rnn", "lstm", "gru")) -> SceneEntry:
    return SceneEntry(scene_id, archs, "-", "a test scene", f"render_scenes:{cls}")


@pytest.fixture(autouse=True)
def registry(monkeypatch, tmp_path):
    """The test scenes registered, and the cache in a fresh folder."""
    for scene_id, cls in [("squares", "SquaresScene"), ("broken", "BrokenScene"), ("interrupted", "InterruptedScene")]:
        monkeypatch.setitem(SCENES, scene_id, entry(scene_id, cls))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def tiny(trace, output, scene="squares", **options):
    return render(trace, scene=scene, output=output, size=SIZE, fps=FPS, progress=False, **options)


def test_gif_loops_with_exact_delays(tmp_path):
    path = tiny(make_trace(), tmp_path / "a.gif")
    image = Image.open(path)
    assert (image.size, image.info["loop"]) == (SIZE, 0)
    durations = []
    for k in range(image.n_frames):
        image.seek(k)
        durations.append(image.info["duration"])
    assert all(d > 0 and d % (1000 // FPS) == 0 for d in durations)  # whole frames of 5 cs
    assert sum(durations) == FRAMES * 1000 // FPS


def test_frames_follow_the_data(tmp_path):
    """The last frame's squares have exactly the colours of the trace's values."""
    for seed in (1, 2):
        trace = make_trace(seed=seed)
        frame = np.asarray(Image.open(tiny(trace, tmp_path / f"{seed}.png"))).astype(int)
        for step in (0, 1):
            for unit, value in enumerate(trace.get("h")[step]):
                x, y = square_center(unit, step, trace.hidden_size)
                col = round((x / (8.0 * SIZE[0] / SIZE[1]) + 0.5) * SIZE[0])
                row = round((0.5 - y / 8.0) * SIZE[1])
                assert np.abs(frame[row, col, :3] - value_rgb(value)).max() <= 1


def test_mp4_is_h264_yuv420p_with_the_index_first(tmp_path):
    path = tiny(make_trace(), tmp_path / "a.mp4")
    data = path.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # +faststart: playable while downloading
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.codec_context.pix_fmt) == ("h264", "yuv420p")
        assert (stream.width, stream.height, stream.average_rate) == (*SIZE, FPS)
        assert sum(1 for _ in container.decode(video=0)) == FRAMES


def first_alpha_frame(path: Path) -> np.ndarray:
    """The first frame of a VP9 WebM decoded with libvpx, which keeps the alpha channel."""
    decoder = av.codec.CodecContext.create("libvpx-vp9", "r")
    with av.open(str(path)) as container:
        for packet in container.demux(video=0):
            for frame in decoder.decode(packet):
                return frame.to_ndarray(format="rgba")
    raise AssertionError("no frame")


@pytest.mark.parametrize("transparent", [False, True])
def test_webm_is_vp9_with_alpha_when_transparent(tmp_path, transparent):
    path = tiny(make_trace(), tmp_path / "a.webm", transparent=transparent)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "vp9"
        assert (stream.metadata.get("alpha_mode") == "1") == transparent
    corner_alpha = first_alpha_frame(path)[0, 0, 3]
    assert corner_alpha == (0 if transparent else 255)


@pytest.mark.parametrize("transparent", [False, True])
def test_png_is_the_final_frame(tmp_path, transparent):
    image = Image.open(tiny(make_trace(), tmp_path / "a.png", transparent=transparent))
    assert image.size == SIZE and image.mode == ("RGBA" if transparent else "RGB")
    pixels = np.asarray(image)
    assert (pixels[0, 0, 3] == 0) if transparent else (pixels[0, 0] == 255).all()
    assert len(np.unique(pixels.reshape(-1, pixels.shape[2]), axis=0)) > 2  # the squares are drawn


def test_bad_requests_fail_before_rendering(tmp_path, monkeypatch):
    monkeypatch.setitem(SCENES, "rnn-only", entry("rnn-only", "SquaresScene", archs=("rnn",)))
    with pytest.raises(InvalidOption, match="unknown scene 'nope'"):
        tiny(make_trace(), tmp_path / "a.gif", scene="nope")
    with pytest.raises(InvalidOption, match="not available for lstm; it draws rnn"):
        tiny(make_trace("lstm"), tmp_path / "a.gif", scene="rnn-only")
    with pytest.raises(InvalidOption, match="records rnn, not gru"):
        render(make_trace(), scene="squares", output=tmp_path / "a.gif", arch="gru")
    assert not (tmp_path / "a.gif").exists()


@pytest.mark.parametrize("scene", ["broken", "interrupted"])
def test_failed_render_leaves_the_old_output(tmp_path, scene):
    old = tmp_path / "a.gif"
    old.write_bytes(b"the old file")
    error = RuntimeError if scene == "broken" else KeyboardInterrupt
    with pytest.raises(error):
        tiny(make_trace(), old, scene=scene)
    assert old.read_bytes() == b"the old file"
    assert sorted(os.listdir(tmp_path)) == ["a.gif", "cache"]  # no temporary file left
    assert not list((tmp_path / "cache" / "rnnviz").glob("renders/*/*"))  # nothing cached


def test_cache_returns_the_same_bytes_without_rendering(tmp_path, monkeypatch):
    first = tiny(make_trace(), tmp_path / "a.gif").read_bytes()

    def no_rendering(entry):
        raise AssertionError("rendered again")

    monkeypatch.setattr("rnnviz.rendering.pipeline.load_scene_class", no_rendering)
    assert tiny(make_trace(), tmp_path / "b.gif").read_bytes() == first
    with pytest.raises(AssertionError, match="rendered again"):  # any other option: a miss
        tiny(make_trace(), tmp_path / "c.gif", theme="dark")
    with pytest.raises(AssertionError, match="rendered again"):
        tiny(make_trace(), tmp_path / "c.gif", cache=False)


def test_rnnviz_render_stays_the_function_after_the_pipeline_is_imported(tmp_path):
    import rnnviz
    import rnnviz.rendering.options  # noqa: F401 - binds rnnviz.rendering, not rnnviz.render

    path = rnnviz.render(make_trace(), scene="squares", output=tmp_path / "a.png", size=SIZE, progress=False)
    assert path == tmp_path / "a.png" and path.stat().st_size > 0


def test_manim_config_is_restored(tmp_path):
    before = manim.config.copy()
    tiny(make_trace(), tmp_path / "a.png")
    assert manim.config.pixel_width == before.pixel_width and manim.config.format == before.format


MALICIOUS_CFG = """[CLI]
background_color = RED
pixel_width = 64
pixel_height = 64
frame_rate = 7
media_dir = ./evil_media
disable_caching = False
format = gif
log_to_file = True
"""


def test_broken_manim_cfg_in_the_working_folder_does_not_break_a_render(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "manim.cfg").write_text("[CLI]\npixel_height = abc\n")
    code = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from render_support import make_trace
from rnnviz.scenes import SCENES, SceneEntry
SCENES["squares"] = SceneEntry("squares", ("rnn",), "-", "a test scene", "render_scenes:SquaresScene")
import rnnviz
rnnviz.render(make_trace(), scene="squares", output="a.png", size=(64, 36), progress=False)
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert (work / "a.png").stat().st_size > 0


def test_manim_cfg_in_the_working_folder_is_ignored_and_nothing_else_is_written(tmp_path):
    """Run in a folder holding a hostile manim.cfg (read when manim is imported)."""
    code = (
        "import manim, sys; from render_support import make_trace; from rnnviz.rendering.pipeline import render;"
        "from rnnviz.scenes import SCENES, SceneEntry;"
        "SCENES['squares'] = SceneEntry('squares', ('rnn',), '-', '-', 'render_scenes:SquaresScene');"
        "assert manim.config.frame_rate == 7, 'the cfg was not even read';"
        "render(make_trace(), scene='squares', output='out.gif', size=(160, 90), fps=20, progress=False)"
    )
    env = {**os.environ, "PYTHONPATH": str(TESTS), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    work = tmp_path / "work"
    work.mkdir()
    (work / "manim.cfg").write_text(MALICIOUS_CFG)
    subprocess.run([sys.executable, "-c", code], cwd=work, env=env, check=True)
    assert sorted(os.listdir(work)) == ["manim.cfg", "out.gif"]
    image = Image.open(work / "out.gif")
    assert image.size == SIZE
    image.seek(0)
    assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)  # the scene's light theme, not red
    assert sum((image.seek(k), image.info["duration"])[1] for k in range(image.n_frames)) == FRAMES * 50
