"""`rnnviz figures` benchmark: the set of every registered figure at 720p, against a loop of
`rnnviz render` commands, and a second identical run.

All in one run on one machine, with a fresh cache folder:

0. warm-up: the set at 720p and 2 frames per second, so that manim's LaTeX SVGs are
   compiled once (as on any machine that has rendered before); then the render cache is emptied;
1. cold: `rnnviz figures` at 720p (default options, one worker per core), seconds per figure
   and in total;
2. a second identical `rnnviz figures` run (every file from the cache);
3. the same figures made by a loop of the `rnnviz render` commands the manifest lists, one
   process after another, with the render cache emptied again.

Other processes on the machine change every figure; the load average is reported with them.

Usage: python benchmarks/bench_figures.py [--report /tmp/bench-figures.md]
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rnnviz.figures.manifest import Manifest

RNNVIZ = [sys.executable, "-m", "rnnviz.cli"]


def run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start, done.stdout


def empty_render_cache(cache: Path) -> None:
    """Forget every finished render (and remembered trace digest); keep manim's compiled SVGs."""
    for folder in ("renders", "figures"):
        shutil.rmtree(cache / "rnnviz" / folder, ignore_errors=True)


def per_file_seconds(stdout: str) -> dict[str, float]:
    """The time of each file, from the command's lines (`FILE ... in 12.3 s`)."""
    return {line.split()[0]: float(line.split()[-2]) for line in stdout.splitlines() if line.endswith(" s")
            and " in " in line}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="also write the table (markdown) to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-figures-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        run([*RNNVIZ, "figures", "-o", "warm-up", "--fps", "2"], work, env)
        empty_render_cache(work / "cache")

        load_before = os.getloadavg()[0]
        cold_s, cold_out = run([*RNNVIZ, "figures", "-o", "set"], work, env)
        manifest = Manifest.load(work / "set")
        files = per_file_seconds(cold_out)
        second_s, _ = run([*RNNVIZ, "figures", "-o", "set"], work, env)

        empty_render_cache(work / "cache")
        (work / "loop").mkdir()
        loop_s = 0.0
        for entry in manifest.files:
            command = shlex.split(entry.command)
            seconds, _ = run([*RNNVIZ, *command[1:]], work / "loop", env)
            loop_s += seconds
        load_after = os.getloadavg()[0]

    jobs = len(os.sched_getaffinity(0))
    lines = [
        f"Every registered figure of the course set ({len(manifest.files)} files: "
        f"{', '.join(e.file for e in manifest.files)}), 720p 25 fps, {jobs} workers on {os.cpu_count()} cores, "
        f"load average {load_before:.1f} before and {load_after:.1f} after:",
        "",
        "| measure | seconds |",
        "|---|---|",
        *(f"| `{name}` (in its worker) | {seconds:.1f} |" for name, seconds in files.items()),
        f"| `rnnviz figures`, cold (LaTeX compiled, render cache empty) | {cold_s:.1f} |",
        f"| loop of the manifest's {len(manifest.files)} `rnnviz render` commands, cold | {loop_s:.1f} |",
        f"| speed-up of `rnnviz figures` over the loop | {loop_s / cold_s:.2f}x (target >= 1.5x) |",
        f"| second identical `rnnviz figures` | {second_s:.2f} (target < 5) |",
    ]
    table = "\n".join(lines)
    print(table)
    if args.report:
        args.report.write_text(table + "\n")


if __name__ == "__main__":
    main()
