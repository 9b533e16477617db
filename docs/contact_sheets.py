"""Regenerate the README's contact sheets of the RNN chapter and the application case.

Each sheet is the final frames (stills) of a few scenes, rendered at 720p through ``rnnviz
render`` on the demo models' sentence, scaled down and laid out in a grid, then stored with a
palette of 256 colours so that every sheet stays well under 1 MiB. Every still is rendered
anew (``--no-cache``): rnnviz's cache is keyed on the trace and the options, not on the code.

Usage: python docs/contact_sheets.py [SHEET ...]   (default: every sheet of SHEETS)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

DOCS = Path(__file__).resolve().parent
RNNVIZ = [sys.executable, "-m", "rnnviz.cli"]
#: The demo sentence in each language (the course set's).
SENTENCES = {"en": "what time is it", "zh": "现在几点了"}
#: Tiles of each sheet: (arch, scene, theme, lang), and how many tiles a row holds.
CHAPTER = ("structure", "loop", "hidden-pass", "sequence", "unroll", "graph")
SHEETS: dict[str, tuple[list[tuple[str, str, str, str]], int]] = {
    "rnn-chapter.png": ([("rnn", scene, "light", "en") for scene in CHAPTER], 3),
    "rnn-chapter-lstm-zh-dark.png": ([("lstm", scene, "dark", "zh") for scene in CHAPTER], 3),
    "rnn-chapter-inside.png": ([("lstm", "engineering", "light", "en"), ("rnn", "squash", "light", "en"),
                                ("rnn", "bidirectional", "light", "en"), ("rnn", "stacked", "light", "en")], 2),
    "rnn-chapter-lstm.png": ([("lstm", scene, "light", "en") for scene in
                              (*CHAPTER, "engineering", "squash", "bidirectional", "stacked", "intent", "classify")]
                             + [("lstm", "memory", "light", "en")], 4),
}
#: Width of a tile in the sheet, in pixels (a 720p frame scaled down), and the gap between tiles.
TILE_WIDTH, GAP = 640, 8


def still(arch: str, scene: str, theme: str, lang: str, folder: Path) -> Path:
    """The 720p still of ``scene``, rendered by ``rnnviz render`` into ``folder``."""
    output = folder / f"{scene}-{arch}-{theme}-{lang}.png"
    command = [*RNNVIZ, "render", arch, "--scene", scene, "-o", str(output), "--quality", "medium", "--no-cache",
               "--theme", theme, "--lang", lang]
    if scene != "memory":  # memory reads its own longer sentence by default
        command += ["--sentence", SENTENCES[lang]]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return output


def sheet(paths: list[Path], columns: int, tile_width: int = TILE_WIDTH) -> Image.Image:
    """The images in a grid, ``columns`` to a row, each scaled to ``tile_width``."""
    tiles = [Image.open(path).convert("RGB") for path in paths]
    tile_height = round(tiles[0].height * tile_width / tiles[0].width)
    rows = -(-len(tiles) // columns)
    grid = Image.new("RGB", (columns * tile_width + (columns - 1) * GAP, rows * tile_height + (rows - 1) * GAP),
                     (128, 128, 128))
    for k, tile in enumerate(tiles):
        grid.paste(tile.resize((tile_width, tile_height), Image.LANCZOS),
                   ((k % columns) * (tile_width + GAP), (k // columns) * (tile_height + GAP)))
    return grid


def main(names: list[str]) -> None:
    unknown = sorted(set(names) - set(SHEETS))
    if unknown:
        sys.exit(f"unknown sheet(s) {', '.join(unknown)}; known: {', '.join(SHEETS)}")
    with tempfile.TemporaryDirectory() as folder:
        for name in names or SHEETS:
            tiles, columns = SHEETS[name]
            paths = [still(*tile, Path(folder)) for tile in tiles]
            out = DOCS / name
            sheet(paths, columns).quantize(256, dither=Image.Dither.NONE).save(out, optimize=True)
            print(f"{out.relative_to(DOCS.parent)}: {len(tiles)} stills, {out.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(sys.argv[1:])
