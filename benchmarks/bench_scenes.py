"""Render time of every registered scene at 720p, one run each, through ``rnnviz render``.

Each scene is rendered to a GIF (720p, 25 fps) and to its still (PNG) on the shipped demo trace
of each architecture it draws, in a fresh cache folder that first renders one throw-away still so
that LaTeX and Pango output of the labels every scene shares is compiled once, not charged to
the first scene. Prints a Markdown table: wall seconds of the ``rnnviz render`` command (which
includes starting Python and importing manim) and the CPU seconds it used (user + system, the
cost of the render itself whatever else the machine runs), the clip's length and the GIF's
size. The bar is 40 s per 720p render on this project's 2-core machine.

Usage: python benchmarks/bench_scenes.py [--scenes structure loop ...] [--archs rnn lstm gru]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from rnnviz.models.demo import demo_trace_path
from rnnviz.scenes import SCENES

RNNVIZ = [sys.executable, "-m", "rnnviz.cli"]


def render(scene: str, arch: str, output: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``rnnviz render`` of ``scene`` to ``output`` (720p, no cache)."""
    # A scene comparing models (memory) reads the demo trace of every arch it compares.
    traces = [arg for name in SCENES[scene].reads_for(arch) for arg in ("--trace", str(demo_trace_path(name)))]
    args = [*RNNVIZ, "render", arch, *traces, "--scene", scene, "-o", str(output), "--no-cache", "--quality", "medium"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def gif_seconds(path: Path) -> float:
    image = Image.open(path)
    total = 0
    for k in range(image.n_frames):
        image.seek(k)
        total += image.info["duration"]
    return total / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", nargs="*", default=[s for s in SCENES if s != "step"])
    parser.add_argument("--archs", nargs="*", default=["rnn", "lstm", "gru"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-scenes-") as folder:
        folder = Path(folder)
        env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
        render("structure", "rnn", folder / "warm-up.png", env)
        print(f"load average at the start: {os.getloadavg()[0]:.1f} (2 cores)\n")
        print("| scene | arch | GIF 720p wall s | GIF CPU s | PNG wall s | PNG CPU s | clip s | GIF KB |")
        print("|---|---|---|---|---|---|---|---|")
        for scene in args.scenes:
            for arch in (a for a in args.archs if a in SCENES[scene].archs):
                gif, png = folder / f"{scene}-{arch}.gif", folder / f"{scene}-{arch}.png"
                gif_wall, gif_cpu = render(scene, arch, gif, env)
                png_wall, png_cpu = render(scene, arch, png, env)
                print(f"| {scene} | {arch} | {gif_wall:.1f} | {gif_cpu:.1f} | {png_wall:.1f} | {png_cpu:.1f} "
                      f"| {gif_seconds(gif):.1f} | {gif.stat().st_size / 1024:.0f} |", flush=True)


if __name__ == "__main__":
    main()
