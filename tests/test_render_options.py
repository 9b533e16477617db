"""Render options, output paths and the result cache: everything checked before manim runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from render_support import make_trace

from rnnviz.rendering.cache import cache_dir, cache_key, cached_file, store
from rnnviz.rendering.options import QUALITIES, InvalidOption, RenderOptions
from rnnviz.rendering.output import check_output, output_format, publish
from rnnviz.rendering.source import TraceSource


@pytest.mark.parametrize(("quality", "expected"), [("low", (854, 480, 20)), ("medium", (1280, 720, 25)),
                                                   ("high", (1920, 1080, 50)), ("4k", (3840, 2160, 50))])
def test_quality_presets(quality, expected):
    options = RenderOptions.create("mp4", quality=quality)
    assert (options.width, options.height, options.fps) == expected == QUALITIES[quality]


def test_fps_and_size_override_the_preset():
    options = RenderOptions.create("gif", quality="high", fps=20, size=(160, 90))
    assert (options.width, options.height, options.fps) == (160, 90, 20)


@pytest.mark.parametrize("fps", [20, 25, 50])
def test_gif_accepts_rates_dividing_100(fps):
    assert RenderOptions.create("gif", fps=fps).fps == fps


@pytest.mark.parametrize("fps", [30, 24, 100])
def test_gif_refuses_rates_that_are_not_whole_centiseconds(fps):
    with pytest.raises(InvalidOption, match="divide 100"):
        RenderOptions.create("gif", fps=fps)


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_videos_take_any_rate_up_to_60(fmt):
    assert [RenderOptions.create(fmt, fps=fps).fps for fps in (1, 24, 30, 60)] == [1, 24, 30, 60]
    with pytest.raises(InvalidOption, match="--fps must be at most 60"):
        RenderOptions.create(fmt, fps=1000)


def test_frames_have_at_most_the_pixels_of_4k():
    assert RenderOptions.create("png", size=(2160, 3840)).height == 3840  # portrait 4k
    with pytest.raises(InvalidOption, match="more pixels than 4k"):
        RenderOptions.create("png", size=(3842, 2160))


@pytest.mark.parametrize(("fmt", "ok"), [("gif", False), ("mp4", False), ("webm", True), ("png", True)])
def test_transparent_only_with_an_alpha_channel(fmt, ok):
    if ok:
        assert RenderOptions.create(fmt, transparent=True).transparent
    else:
        with pytest.raises(InvalidOption, match="--transparent needs a .webm or .png"):
            RenderOptions.create(fmt, transparent=True)


@pytest.mark.parametrize(("field", "value"), [("theme", "blue"), ("lang", "fr"), ("detail", "some"), ("units", 0)])
def test_bad_scene_options_are_refused(field, value):
    with pytest.raises(InvalidOption, match=field):
        RenderOptions.create("gif", **{field: value})


def test_video_needs_even_dimensions():
    with pytest.raises(InvalidOption, match="even"):
        RenderOptions.create("mp4", size=(161, 90))
    assert RenderOptions.create("gif", size=(161, 90)).width == 161


def test_format_comes_from_the_suffix(tmp_path):
    assert [output_format(Path(f"a.{s}")) for s in ("gif", "MP4", "webm", "png")] == ["gif", "mp4", "webm", "png"]
    with pytest.raises(InvalidOption, match="suffix must be one of .gif, .mp4, .webm, .png"):
        check_output(tmp_path / "a.avi")


def test_output_folder_must_exist_and_be_writable(tmp_path, monkeypatch):
    with pytest.raises(InvalidOption, match="does not exist"):
        check_output(tmp_path / "missing" / "a.gif")
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(InvalidOption, match="not writable"):
        check_output(tmp_path / "a.gif")


def test_publish_replaces_only_on_success(tmp_path):
    target = tmp_path / "a.gif"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), publish(target) as part:
        part.write_bytes(b"half")
        raise RuntimeError("encoder failed")
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["a.gif"]
    with publish(target) as part:
        part.write_bytes(b"new")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["a.gif"]


def test_cache_lives_in_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "rnnviz"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path.home() / ".cache" / "rnnviz"


def test_cache_key_changes_with_every_part():
    base = {"scene": "step", "source": "abc", "options": RenderOptions.create("gif").fingerprint()}
    keys = {cache_key(base)}
    for field, value in [("theme", "dark"), ("lang", "zh"), ("detail", "all"), ("units", 4), ("fps", 50)]:
        keys.add(cache_key({**base, "options": {**base["options"], field: value}}))
    keys.add(cache_key({**base, "scene": "chain"}))
    keys.add(cache_key({**base, "source": "abd"}))
    assert len(keys) == 8 and cache_key(dict(base)) in keys


def test_trace_fingerprint_is_its_content():
    assert TraceSource(make_trace(seed=1)).fingerprint() == TraceSource(make_trace(seed=1)).fingerprint()
    assert TraceSource(make_trace(seed=1)).fingerprint() != TraceSource(make_trace(seed=2)).fingerprint()


def test_store_and_find_a_cached_render(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    key = cache_key({"scene": "step"})
    assert cached_file(key, "gif") is None
    rendered = tmp_path / "a.gif"
    rendered.write_bytes(b"GIF89a")
    store(key, "gif", rendered)
    assert cached_file(key, "gif").read_bytes() == b"GIF89a"


def test_cache_keeps_within_its_limit_dropping_the_least_recently_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("RNNVIZ_CACHE_MB", str(2500 / 2**20))  # room for two 1000-byte renders
    rendered = tmp_path / "a.gif"
    rendered.write_bytes(b"x" * 1000)
    keys = [cache_key({"scene": str(k)}) for k in range(3)]
    for age, key in enumerate(keys[:2]):
        store(key, "gif", rendered)
        os.utime(cached_file(key, "gif"), (1000 + age, 1000 + age))
    cached_file(keys[0], "gif")  # a hit: keys[1] is now the least recently used
    store(keys[2], "gif", rendered)
    assert cached_file(keys[1], "gif") is None
    assert cached_file(keys[0], "gif") is not None and cached_file(keys[2], "gif") is not None
