"""Scene benchmark: every registered scene rendered at 720p, its time, length and file size.

Each scene is rendered once by ``rnnviz render ARCH --scene ID`` in a child process, with its
own default sentence (the running example; ``memory`` its long sentence) and an empty render
cache, as a GIF and as the PNG still (medium quality: 1280x720, 25 fps). A scene comparing
models runs all of them. Every figure comes from one run on one machine: compare scenes with
each other (and the flagship ``step``, measured in the same run) rather than reading the seconds.

Usage: python benchmarks/bench_scenes.py [--scenes intent classify memory] [--arch rnn] [--report out.md]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from rnnviz.scenes import SCENES

RNNVIZ = [sys.executable, "-m", "rnnviz.cli"]


def render(scene: str, arch: str, output: Path, cache: Path) -> float:
    """Seconds for one ``rnnviz render`` of ``scene`` into ``output``, without a cached result."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    start = time.perf_counter()
    done = subprocess.run([*RNNVIZ, "render", arch, "--scene", scene, "-o", str(output), "--no-cache"],
                          env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{scene} failed: {done.stderr.strip()[-2000:]}")
    return seconds


def gif_length(path: Path) -> float:
    """A GIF's play time in seconds."""
    image = Image.open(path)
    total = 0
    for k in range(image.n_frames):
        image.seek(k)
        total += image.info["duration"]
    return total / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", nargs="*", default=list(SCENES), help="scene ids (default: every registered one)")
    parser.add_argument("--arch", default=None, help="architecture (default: each scene's first)")
    parser.add_argument("--report", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    rows = ["| scene | arch | GIF: render s | clip s | size KB | PNG: render s | size KB |", "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="bench-scenes-") as work:
        work = Path(work)
        for scene in args.scenes:
            entry = SCENES[scene]
            arch = args.arch if args.arch in entry.archs else entry.archs[0]
            # The first render compiles the scene's LaTeX and text; time the second, as a user would see.
            render(scene, arch, work / "warm.png", work / "cache")
            gif, png = work / f"{scene}.gif", work / f"{scene}.png"
            gif_seconds = render(scene, arch, gif, work / "cache")
            png_seconds = render(scene, arch, png, work / "cache")
            archs = " + ".join(entry.reads_for(arch))
            rows.append(f"| `{scene}` | {archs} | "
                        f"{gif_seconds:.1f} | {gif_length(gif):.1f} | {gif.stat().st_size / 1024:.0f} | "
                        f"{png_seconds:.1f} | {png.stat().st_size / 1024:.0f} |")
            print(rows[-1], flush=True)
    table = "\n".join(rows)
    print(table)
    if args.report:
        args.report.write_text(table + "\n")


if __name__ == "__main__":
    main()
