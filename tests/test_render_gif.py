"""The GIF encoder and its palette, on synthetic frames (no manim)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from rnnviz.rendering.gif import GifEncoder, changed_box
from rnnviz.rendering.palette import MAX_COLOURS, ColourHistogram, PaletteMap, build_palette, code_colours, colour_codes

W, H = 96, 54


def frames_moving_box(count: int, colours: int = 3) -> list[np.ndarray]:
    """A red box sliding over a white background, plus a strip of ``colours`` greys."""
    frames = []
    for k in range(count):
        frame = np.full((H, W, 4), 255, dtype=np.uint8)
        frame[10:20, 5 + 2 * k : 15 + 2 * k, :3] = (200, 30, 40)
        frame[40:50, :colours, :3] = np.linspace(0, 254, colours).astype(np.uint8)[:, None]
        frames.append(frame)
    return frames


def encode(tmp_path, frames, repeats=None, fps=25, gifsicle=True, monkeypatch=None):
    if not gifsicle:
        monkeypatch.setattr("shutil.which", lambda name: None)
    encoder = GifEncoder(tmp_path / "out.gif", width=W, height=H, fps=fps, workdir=tmp_path)
    for k, frame in enumerate(frames):
        encoder.write(frame, (repeats or {}).get(k, 1))
    encoder.close()
    return tmp_path / "out.gif"


def decoded(path) -> list[tuple[np.ndarray, int]]:
    """Every frame of a GIF as (RGB array, duration in ms)."""
    image = Image.open(path)
    out = []
    for k in range(image.n_frames):
        image.seek(k)
        out.append((np.asarray(image.convert("RGB")).astype(int), image.info["duration"]))
    return out


def shown_at(frames, repeats, index):
    """The source frame a viewer should see at frame slot ``index`` (repeats expanded)."""
    expanded = [f for k, f in enumerate(frames) for _ in range((repeats or {}).get(k, 1))]
    return expanded[index][:, :, :3].astype(int)


@pytest.mark.parametrize("gifsicle", [True, False])
def test_gif_is_lossless_with_few_colours_loops_and_has_exact_delays(tmp_path, monkeypatch, gifsicle):
    frames = frames_moving_box(12)
    frames.insert(6, frames[5].copy())  # an identical frame: it only lengthens the previous one
    repeats = {2: 3, 12: 10}
    path = encode(tmp_path, frames, repeats, fps=25, gifsicle=gifsicle, monkeypatch=monkeypatch)
    assert Image.open(path).info["loop"] == 0
    slot = 0
    for rgb, duration in decoded(path):
        assert duration % 40 == 0 and duration > 0  # whole frames of 4 cs
        assert np.array_equal(rgb, shown_at(frames, repeats, slot))
        slot += duration // 40
    assert slot == len(frames) + 2 + 9  # total length exact: every slot accounted for
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.gif"]  # spool and raw GIF removed


def test_gif_frames_hold_only_the_changed_rectangle(tmp_path, monkeypatch):
    path = encode(tmp_path, frames_moving_box(5), gifsicle=False, monkeypatch=monkeypatch)
    image = Image.open(path)
    image.seek(2)
    x0, y0, x1, y1 = image.tile[0][1]
    assert (y0, y1) == (10, 20) and x1 - x0 <= 12  # the box's two-pixel step, not the frame


def test_many_colours_share_one_palette_with_small_error(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    frames = frames_moving_box(6, colours=W)
    for frame in frames:  # plus a noisy gradient: far more than 255 distinct colours
        frame[25:38, :, 0] = np.clip(np.linspace(0, 255, W) + rng.normal(0, 3, W), 0, 255).astype(np.uint8)
        frame[25:38, :, 1] = rng.integers(100, 110)
    path = encode(tmp_path, frames, gifsicle=False, monkeypatch=monkeypatch)
    for k, (rgb, _) in enumerate(decoded(path)):
        source = shown_at(frames, None, k)
        assert np.abs(rgb - source).mean() < 1.0
        for flat in ((255, 255, 255), (200, 30, 40)):  # the flat colours stay exact
            where = (source == flat).all(axis=2)
            assert where.any() and (rgb[where] == flat).all()


def test_palette_keeps_heavy_colours_exactly():
    rng = np.random.default_rng(1)
    histogram = ColourHistogram()
    noise = rng.integers(0, 256, size=(40, 40, 4), dtype=np.uint8)  # 1600 scattered colours
    flat = np.zeros((200, 200, 4), dtype=np.uint8)
    flat[:100] = (17, 99, 201, 255)
    histogram.add(colour_codes(noise))
    histogram.add(colour_codes(flat))
    palette = build_palette(histogram)
    assert len(palette) == MAX_COLOURS
    assert {(17, 99, 201), (0, 0, 0)} <= {tuple(c) for c in palette}
    indices = PaletteMap(histogram, palette)(colour_codes(flat))
    assert (palette[indices] == flat[:, :, :3]).all()


def test_colour_codes_round_trip():
    rgba = np.array([[[1, 2, 3, 255], [250, 0, 128, 0]]], dtype=np.uint8)
    assert (code_colours(colour_codes(rgba)) == rgba[:, :, :3]).all()


def test_changed_box():
    before = np.zeros((6, 8), dtype=np.uint32)
    after = before.copy()
    assert changed_box(before, after) is None
    after[2, 3] = after[4, 5] = 1
    assert changed_box(before, after) == (slice(2, 5), slice(3, 6))


def test_gif_without_frames_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="no frames"):
        GifEncoder(tmp_path / "a.gif", width=W, height=H, fps=20, workdir=tmp_path).close()
