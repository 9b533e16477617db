"""Publishing files: only whole, verified files reach the output or the cache, under names that fit."""

from __future__ import annotations

import errno
import os
import warnings
from pathlib import Path

import numpy as np
import pytest
from render_support import make_trace

from rnnviz.rendering.cache import cache_key, cached_file, copy_out, store
from rnnviz.rendering.gif import GifEncoder
from rnnviz.rendering.options import RenderOptions, RenderWarning
from rnnviz.rendering.output import IncompleteFile, OutputError, naming, part_name, publish
from rnnviz.rendering.pipeline import render
from rnnviz.rendering.still import StillEncoder
from rnnviz.rendering.verify import media_check
from rnnviz.rendering.video import VideoEncoder
from rnnviz.scenes import SCENES, SceneEntry

W, H = 64, 36


def frames(count: int) -> list[np.ndarray]:
    """A grey ramp, one shade per frame, as (H, W, 4) RGBA."""
    return [np.full((H, W, 4), 40 + 8 * k, np.uint8) for k in range(count)]


def encoded(tmp_path: Path, fmt: str, count: int = 6) -> Path:
    path = tmp_path / f"whole.{fmt}"
    if fmt == "gif":
        encoder = GifEncoder(path, width=W, height=H, fps=20, workdir=tmp_path)
    elif fmt == "png":
        encoder = StillEncoder(path)
    else:
        encoder = VideoEncoder(path, fmt, width=W, height=H, fps=20)
    for frame in frames(count):
        encoder.write(frame)
    encoder.close()
    return path


@pytest.mark.parametrize("fmt", ["gif", "mp4", "webm", "png"])
def test_a_whole_file_passes_and_any_cut_or_wrong_count_fails(tmp_path, fmt):
    path = encoded(tmp_path, fmt)
    count = 1 if fmt == "png" else 6
    check = media_check(RenderOptions.create(fmt, size=(W, H), fps=20), frames=count)
    check(path)
    data = path.read_bytes()
    for keep in (len(data) // 4, len(data) // 2, len(data) - 1):
        cut = tmp_path / f"cut.{fmt}"
        cut.write_bytes(data[:keep])
        with pytest.raises(IncompleteFile):
            check(cut)
    if fmt != "png":
        with pytest.raises(IncompleteFile, match="incomplete"):
            media_check(RenderOptions.create(fmt, size=(W, H), fps=20), frames=count + 1)(path)


def test_a_failing_gifsicle_leaves_a_whole_unoptimised_gif_and_says_so(tmp_path, monkeypatch):
    fake = tmp_path / "gifsicle"
    fake.write_text("#!/bin/sh\necho 'gifsicle: out of memory' >&2\nhead -c 100\nexit 1\n")  # half a file, then fails
    fake.chmod(0o755)
    monkeypatch.setattr("shutil.which", lambda name: str(fake) if name == "gifsicle" else None)
    with pytest.warns(RenderWarning, match=r"gifsicle failed \(gifsicle: out of memory\); the GIF is written unoptimised"):
        path = encoded(tmp_path, "gif")
    media_check(RenderOptions.create("gif", size=(W, H), fps=20), frames=6)(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gifsicle", "whole.gif"]


def test_publish_keeps_the_old_file_when_the_new_one_fails_its_check(tmp_path):
    target = tmp_path / "a.gif"
    target.write_bytes(b"old")

    def never_whole(part: Path) -> None:
        raise IncompleteFile("the GIF is cut off before its end")

    with pytest.raises(IncompleteFile, match="cannot write .*a.gif: the GIF is cut off before its end; "
                                             "the existing a.gif is unchanged"), publish(target, never_whole) as part:
        part.write_bytes(b"new but broken")
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["a.gif"]


def test_a_write_error_names_the_output_not_the_temporary_file(tmp_path):
    target = tmp_path / "a.mp4"
    with pytest.raises(OutputError, match=f"cannot write {target}: No space left on device; nothing was written"):
        with publish(target) as part, naming(part):
            raise OSError(errno.ENOSPC, "No space left on device")  # as a failed write raises it
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["a.gif", "x" * 60 + ".gif", "x" * 251 + ".png", "图" * 83 + ".gif", "é" * 125 + ".gif"])
def test_temporary_names_fit_wherever_the_name_fits(name):
    part = part_name(name, "0a1b2c3d")
    assert part.startswith(".") and part.endswith(".0a1b2c3d.part")
    assert len(part.encode()) <= max(len(name.encode()), 64)
    part.encode().decode()  # whole characters only


# ---- the cache's integrity --------------------------------------------------------------------------
@pytest.fixture
def squares(monkeypatch, tmp_path):
    monkeypatch.setitem(SCENES, "squares", SceneEntry("squares", ("rnn", "lstm", "gru"), "-", "-",
                                                      "render_scenes:SquaresScene"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return lambda output, **options: render(make_trace(), scene="squares", output=output, size=(160, 90), fps=20,
                                            progress=False, **options)


def test_a_damaged_cache_entry_is_dropped_and_rendered_again(tmp_path, squares):
    first = squares(tmp_path / "a.gif").read_bytes()
    entry = next((tmp_path / "cache" / "rnnviz" / "renders").glob("*/*.gif"))
    damaged = bytearray(first)
    damaged[len(damaged) // 2] ^= 0xFF  # same size, one byte flipped: only the digest can tell
    entry.write_bytes(bytes(damaged))
    with pytest.warns(RenderWarning, match="was damaged; rendering again"):
        again = squares(tmp_path / "b.gif").read_bytes()
    assert again == first and entry.read_bytes() == first  # rendered anew, and the entry repaired


def test_cache_entries_carry_their_size_and_digest(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    key = cache_key({"scene": "step"})
    source = tmp_path / "a.gif"
    source.write_bytes(b"GIF89a whole")
    store(key, "gif", source)
    hit = cached_file(key, "gif")
    copy_out(hit, tmp_path / "out.gif")
    assert (tmp_path / "out.gif").read_bytes() == b"GIF89a whole"
    hit.write_bytes(b"GIF89a whale")  # damaged after it was stored
    with pytest.warns(RenderWarning, match="damaged"):
        assert cached_file(key, "gif") is None
    assert not hit.exists() and list(hit.parent.iterdir()) == []  # entry and record both gone


def test_webm_is_byte_identical_run_to_run(tmp_path, squares):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RenderWarning)  # and no warning on the way
        first = squares(tmp_path / "a.webm", cache=False).read_bytes()
        second = squares(tmp_path / "b.webm", cache=False).read_bytes()
    assert first == second
