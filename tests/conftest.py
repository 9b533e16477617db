"""Fixtures shared by several test modules."""

from __future__ import annotations

import os
from dataclasses import dataclass
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
    compiled once per session instead of once per test. The test processes of ``pytest -n``
    share it (each has its own base folder, inside the run's): a label one compiled, the others
    take, as concurrent renders do safely."""
    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent
    folder = run / "xdg-cache"
    folder.mkdir(exist_ok=True)
    return folder


# ---- every registered scene, rendered once per session --------------------------------------
#: Each arch's render in the registry test varies what else is exercised: theme, language and
#: the still's frame shape (wide, square, tall).
VARIANTS = {
    "rnn": {"theme": "light", "lang": "en", "still": (160, 90)},
    "lstm": {"theme": "dark", "lang": "zh", "still": (96, 96)},
    "gru": {"theme": "light", "lang": "zh", "still": (72, 128)},
}
GIF_SIZE, GIF_FPS = (128, 72), 5


@dataclass
class Rendered:
    """One scene rendered to a GIF and a PNG, with the scene objects that drew them."""

    trace: object
    options: dict
    gif: Path
    png: Path
    scene: object  # the GIF's scene, after its last frame
    still: object  # the PNG's scene


@pytest.fixture(scope="session")
def scene_render(tmp_path_factory, svg_cache):
    """``scene_render(scene_id, arch)``: the scene on the demo trace of ``arch``, rendered tiny to a
    GIF (``GIF_SIZE``, ``GIF_FPS``) and a PNG (the arch's still size), once per session."""
    from rnnviz.models.demo import demo_trace_path
    from rnnviz.core.trace import Trace
    from rnnviz.rendering.options import RenderOptions
    from rnnviz.rendering.pipeline import render_frames
    from rnnviz.scenes import get_scene_entry, load_scene_class
    from rnnviz.scenes.base import demo_trace

    folder = tmp_path_factory.mktemp("scenes")
    done: dict[tuple[str, str], Rendered] = {}

    def render(scene_id: str, arch: str) -> Rendered:
        if (scene_id, arch) in done:
            return done[(scene_id, arch)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("XDG_CACHE_HOME", str(svg_cache))
            scene_class = load_scene_class(get_scene_entry(scene_id))
            drawn = []

            class Recorded(scene_class):
                def construct(self) -> None:
                    super().construct()
                    drawn.append(self)

            Recorded.__name__ = scene_class.__name__
            entry = get_scene_entry(scene_id)
            trace = Trace.load(demo_trace_path(arch, entry.model))
            if entry.reads:  # a scene comparing models reads each one's demo trace, by key (gru, gru:cho)
                trace = {name: demo_trace(name) for name in entry.reads_for(arch)}
            variant = VARIANTS[arch]
            looks = {"theme": variant["theme"], "lang": variant["lang"]}
            paths = {}
            for fmt, size, fps in (("gif", GIF_SIZE, GIF_FPS), ("png", variant["still"], GIF_FPS)):
                options = RenderOptions.create(fmt, size=size, fps=fps, **looks)
                paths[fmt] = folder / f"{scene_id}-{arch}.{fmt}"
                work = folder / f"{scene_id}-{arch}-{fmt}"
                work.mkdir()
                render_frames(Recorded, trace, options, paths[fmt], work, progress=False)
        done[(scene_id, arch)] = Rendered(trace, looks, paths["gif"], paths["png"], drawn[0], drawn[1])
        return done[(scene_id, arch)]

    return render


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
