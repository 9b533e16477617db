"""The gallery page in a real headless Chromium: every image loads, nothing fails, nothing is
fetched from outside the set, light and dark stand side by side; and a screenshot of it."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from figure_scenes import TEST_FIGURES
from headless_browser import Browser, chromium_path
from PIL import Image

from rnnviz.cli import main
from rnnviz.figures.manifest import Manifest

# Where each figure card stands on the page, and each image's load state.
LAYOUT = """[...document.querySelectorAll("figure")].map(card => {
    const image = card.querySelector("img"), box = card.getBoundingClientRect();
    return {section: card.closest("section").id, theme: card.className, src: image.getAttribute("src"),
            complete: image.complete, width: image.naturalWidth, height: image.naturalHeight,
            top: Math.round(box.top), left: Math.round(box.left),
            links: [...card.querySelectorAll("a")].map(a => a.getAttribute("href"))};
})"""


@pytest.mark.slow
def test_gallery_in_headless_chromium(tmp_path, monkeypatch, course_scenes, figures_cache):
    assert chromium_path(), "Debian's chromium is needed: `make test` installs it"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(figures_cache))
    result = CliRunner().invoke(main, ["figures", "-o", "set", "--quality", "low", "--fps", "10", "--jobs", "1",
                                       "--theme", "light,dark", "--video"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "set"
    manifest = Manifest.load(folder)

    with Browser() as browser:
        page = browser.open(folder / "index.html")
        cards = browser.evaluate(page, LAYOUT)
        shot = browser.screenshot(page, tmp_path / "gallery.png")

    assert page.console == []
    assert all(url.startswith(folder.as_uri() + "/") for url in page.requests), page.requests  # offline
    shown = [e for e in manifest.files if e.format in ("gif", "png")]
    assert [card["src"] for card in cards] == [e.file for e in shown]  # the notes' order
    for card, entry in zip(cards, shown):
        assert card["complete"] and (card["width"], card["height"]) == (entry.width, entry.height), card
    videos = {e.file for e in manifest.files if e.format == "mp4"}
    assert {link for card in cards for link in card["links"]} == videos
    for light, dark in zip(cards[::2], cards[1::2]):  # each figure's two themes, side by side
        assert (light["section"], light["theme"], dark["theme"]) == (dark["section"], "light", "dark")
        assert light["top"] == dark["top"] and light["left"] < dark["left"]
    assert [card["section"] for card in cards[::2]] == list(TEST_FIGURES)

    with Image.open(shot) as image:  # the whole page, the width of the window less its scroll bar
        assert 1300 < image.width <= 1400 and image.height > 900
        pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 100  # text, cards and figures, not a blank page
