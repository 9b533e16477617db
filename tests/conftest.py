"""Fixtures shared by several test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# The property tests draw the same examples on every run and machine: a suite that passes once
# passes again (CI never meets a new random example first), and a failure is reproduced by rerunning.
# The explored examples are widened by hand (``--hypothesis-profile=explore``) when hunting bugs.
settings.register_profile("default", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=500, deadline=None)
settings.load_profile("default")


@pytest.fixture(scope="session")
def svg_cache(tmp_path_factory) -> Path:
    """An ``XDG_CACHE_HOME`` for the whole session, for tests that render but do not test a cache:
    manim's LaTeX and text SVGs (see ``rnnviz.rendering.session.shared_manim_files``) are then
    compiled once per session instead of once per test."""
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture
def course_scenes(monkeypatch):
    """A registry holding only a small test scene, under the course scene ids of
    ``figure_scenes.TEST_SCENES`` (``step`` included): `rnnviz figures` then makes four quick
    figures and reports the others missing, whatever scenes rnnviz has."""
    from figure_scenes import register

    from rnnviz.scenes import SCENES

    staged: dict = {}
    register(staged)
    for scene_id in list(SCENES):
        monkeypatch.delitem(SCENES, scene_id)
    for scene_id, entry in staged.items():
        monkeypatch.setitem(SCENES, scene_id, entry)


@pytest.fixture(scope="session")
def figures_cache(tmp_path_factory) -> Path:
    """An ``XDG_CACHE_HOME`` shared by the in-process `rnnviz figures` tests: what one test
    rendered, another with the same options finds in the cache (the keys include the test
    scene's class, so no other test's renders mix in)."""
    return tmp_path_factory.mktemp("figures-cache")
