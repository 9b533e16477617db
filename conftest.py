"""What every test process needs, for the tests and the doctests of the package alike."""

from __future__ import annotations

import shutil
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Each test process keeps manim's text and formula files in a folder of its own.

    A mobject made outside a render (a doctest, a mobject test) writes its Pango or LaTeX SVG
    under manim's ``media_dir``, ``./media`` by default: the test processes of ``pytest -n``
    would share it, and one could read a file another is still writing (an empty SVG). Each
    process starts with an empty folder, so manim's notes about the files it writes are kept
    out of the doctests' output (warnings still show).
    """
    import manim

    folder = tempfile.mkdtemp(prefix="rnnviz-test-media-")
    manim.config.media_dir = folder
    manim.config.verbosity = "WARNING"
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
