"""Render time and size of the GRU chapter's scenes at 720p, one run each, through ``rnnviz render``.

Each scene (reset-gate, update-gate, vs, variants) is rendered from the running example ("what
time is it") to a GIF (720p, 25 fps) and to its still (PNG), in a fresh cache folder that first
renders one throw-away still, so that the LaTeX and Pango output of the labels every scene shares
is compiled once and not charged to the first scene. Prints a Markdown table: wall seconds of the
command (starting Python, running the demo models, importing manim, rendering, encoding), the
clip's length, their ratio, and the files' sizes.

Usage: python benchmarks/bench_gru_chapter.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

RNNVIZ = [sys.executable, "-m", "rnnviz.cli"]
#: Each scene with the architecture it is rendered for.
SCENES = {"reset-gate": "gru", "update-gate": "gru", "vs": "lstm", "variants": "gru"}


def render(arch: str, scene: str, output: Path, env: dict[str, str]) -> float:
    """Wall seconds of one ``rnnviz render`` of ``scene`` to ``output`` (720p, no cache)."""
    args = [*RNNVIZ, "render", arch, "--scene", scene, "--sentence", "what time is it", "-o", str(output), "--no-cache"]
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def clip_seconds(path: Path) -> float:
    image = Image.open(path)
    total = 0
    for k in range(image.n_frames):
        image.seek(k)
        total += image.info["duration"]
    return total / 1000


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-gru-") as folder:
        folder = Path(folder)
        env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
        render("gru", "variants", folder / "warm-up.png", env)
        print("| scene | GIF 720p s | clip s | render / clip | GIF KB | PNG s | PNG KB |")
        print("|---|---|---|---|---|---|---|")
        for scene, arch in SCENES.items():
            gif, png = folder / f"{scene}.gif", folder / f"{scene}.png"
            gif_time, png_time = render(arch, scene, gif, env), render(arch, scene, png, env)
            clip = clip_seconds(gif)
            print(f"| {scene} | {gif_time:.1f} | {clip:.1f} | {gif_time / clip:.2f} | {gif.stat().st_size / 1024:.0f} "
                  f"| {png_time:.1f} | {png.stat().st_size / 1024:.0f} |", flush=True)


if __name__ == "__main__":
    main()
