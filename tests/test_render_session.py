"""manim's LaTeX and Pango SVGs are shared between renders without one render breaking another."""

from __future__ import annotations

import pytest

from rnnviz.rendering.cache import cache_dir
from rnnviz.rendering.session import shared_manim_files


@pytest.fixture(autouse=True)
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def shared(folder: str = "Tex"):
    return cache_dir() / "manim" / folder


def test_a_job_sees_the_shared_latex_svgs_and_publishes_the_ones_it_made():
    with shared_manim_files() as files:
        (files / "Tex" / "b.svg").write_text("<svg/>")
        (files / "Tex" / "b.tex").write_text("x")  # manim's intermediate files stay private
    assert sorted(p.name for p in shared().iterdir()) == ["b.svg"]
    with shared_manim_files() as files:
        assert (files / "Tex" / "b.svg").read_text() == "<svg/>"
    assert [p.name for p in (cache_dir() / "manim").iterdir() if p.name.startswith("job-")] == []


def test_pango_svgs_are_the_jobs_own():
    """manim makes a Text's SVG as fast as it loads one, and rewrites it in place: not shared."""
    with shared_manim_files() as files:
        (files / "texts" / "label.svg").write_text("<svg>label</svg>")
    assert not shared("texts").exists()
    with shared_manim_files() as files:
        assert list((files / "texts").iterdir()) == []


def test_a_failed_job_publishes_nothing():
    with pytest.raises(RuntimeError), shared_manim_files() as files:
        (files / "Tex" / "half.svg").write_text("<sv")
        raise RuntimeError("the render failed")
    assert list(shared().iterdir()) == []


def test_empty_svgs_are_neither_published_nor_reused():
    with shared_manim_files() as files:
        (files / "Tex" / "empty.svg").touch()
    assert not (shared() / "empty.svg").exists()
    (shared() / "left-by-an-old-crash.svg").touch()
    with shared_manim_files() as files:
        assert not (files / "Tex" / "left-by-an-old-crash.svg").exists()
        (files / "Tex" / "left-by-an-old-crash.svg").write_text("<svg/>")
    assert (shared() / "left-by-an-old-crash.svg").read_text() == "<svg/>"
