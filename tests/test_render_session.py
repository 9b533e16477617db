"""manim's LaTeX and Pango SVGs are shared between renders without one render breaking another."""

from __future__ import annotations

import pytest

from rnnviz.rendering.cache import cache_dir
from rnnviz.rendering.session import shared_manim_files


@pytest.fixture(autouse=True)
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def shared(folder: str = "texts"):
    return cache_dir() / "manim" / folder


def test_a_job_sees_the_shared_svgs_and_publishes_the_ones_it_made():
    with shared_manim_files() as files:
        (files / "texts" / "a.svg").write_text("<svg/>")
        (files / "Tex" / "b.svg").write_text("<svg/>")
        (files / "Tex" / "b.tex").write_text("x")  # manim's intermediate files stay private
    assert (shared("texts") / "a.svg").read_text() == "<svg/>"
    assert sorted(p.name for p in shared("Tex").iterdir()) == ["b.svg"]
    with shared_manim_files() as files:
        assert (files / "texts" / "a.svg").read_text() == "<svg/>"
    assert [p.name for p in (cache_dir() / "manim").iterdir() if p.name.startswith("job-")] == []


def test_a_failed_job_publishes_nothing():
    with pytest.raises(RuntimeError), shared_manim_files() as files:
        (files / "texts" / "half.svg").write_text("<sv")
        raise RuntimeError("the render failed")
    assert list(shared("texts").iterdir()) == []


def test_empty_svgs_are_neither_published_nor_reused():
    with shared_manim_files() as files:
        (files / "texts" / "empty.svg").touch()
    assert not (shared("texts") / "empty.svg").exists()
    (shared("texts") / "left-by-an-old-crash.svg").touch()
    with shared_manim_files() as files:
        assert not (files / "texts" / "left-by-an-old-crash.svg").exists()
        (files / "texts" / "left-by-an-old-crash.svg").write_text("<svg/>")
    assert (shared("texts") / "left-by-an-old-crash.svg").read_text() == "<svg/>"


def test_a_job_rewriting_a_pango_svg_does_not_touch_the_shared_one():
    """Every manim Text rewrites its SVG in place (manimpango's remove_last_M, which truncates
    the file first); a job sharing the file by a hard link made it empty under a job reading it."""
    shared("texts").mkdir(parents=True)
    (shared("texts") / "label.svg").write_text("<svg>label</svg>")
    with shared_manim_files() as files:
        (files / "texts" / "label.svg").write_text("")  # as remove_last_M truncates it
        assert (shared("texts") / "label.svg").read_text() == "<svg>label</svg>"
