"""Render pipeline benchmark: GIF size and error against manim's own GIF, peak memory, cache, MP4 time.

Every figure comes from one run on one machine, so read the ratios rather than the seconds.
The scene is the flagship, ``step`` on the shipped LSTM demo trace.

1. GIF at medium quality (720p, 25 fps): rnnviz's file against ``manim --format gif`` of the same
   scene, resolution and rate; size, and mean absolute pixel error (0-255, per channel, over
   every frame) against the lossless frames.
2. Peak memory (ru_maxrss of the child process) of ``rnnviz render`` to GIF at 720p and 1080p,
   from the saved trace (``--trace``) and from the sentence (``--sentence``, which loads torch and
   runs the model).
3. An identical second command's time over the first's (the second is a cache hit).
4. MP4 through ``rnnviz render`` against the plain ``manim -qm`` command (720p, 30 fps), each
   after one warm-up run so both find their LaTeX output compiled.

Usage: python benchmarks/bench_render.py [--report /tmp/bench-render.md]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image

from rnnviz.models.demo import demo_trace_path

ROOT = Path(__file__).resolve().parent.parent
RNNVIZ = [sys.executable, "-m", "rnnviz.cli"]
MANIM = [sys.executable, "-m", "manim"]
SCENE_FILE = ROOT / "scenes" / "lstm.py"
TRACE = demo_trace_path("lstm")
WIDTH, HEIGHT, FPS = 1280, 720, 25


def run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Run a command in a child process; its wall time (s) and peak resident memory (MB)."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds, int(done.stdout.split()[-1]) // 1024


# ---- 1. GIF size and error ---------------------------------------------------------------
def spool_lossless_frames(path: Path) -> None:
    """Render the scene once and keep every frame, zlib-compressed, in ``path``."""
    from manim import CairoRenderer

    from rnnviz.core.trace import Trace
    from rnnviz.rendering.options import RenderOptions
    from rnnviz.rendering.session import FrameWriter, manim_session
    from rnnviz.scenes import get_scene_entry, load_scene_class

    options = RenderOptions.create("gif", quality="medium")
    with path.open("wb") as spool, tempfile.TemporaryDirectory() as media:

        def keep(frame: np.ndarray, repeat: int) -> None:
            data = zlib.compress(np.ascontiguousarray(frame[:, :, :3]).tobytes(), 1)
            for _ in range(repeat):
                spool.write(len(data).to_bytes(8, "little") + data)

        with manim_session(options, Path(media)):
            renderer = CairoRenderer(file_writer_class=FrameWriter.bound(keep))
            scene_class = load_scene_class(get_scene_entry("step"))
            scene_class(Trace.load(TRACE), renderer=renderer, **options.scene_kwargs()).render()


def lossless_frames(path: Path) -> Iterator[np.ndarray]:
    with path.open("rb") as spool:
        while size := spool.read(8):
            data = zlib.decompress(spool.read(int.from_bytes(size, "little")))
            yield np.frombuffer(data, dtype=np.uint8).reshape(HEIGHT, WIDTH, 3).astype(np.int16)


def gif_slots(path: Path) -> Iterator[np.ndarray]:
    """A GIF's frames, each repeated for as many frame periods as it is shown."""
    image = Image.open(path)
    period = 1000 // FPS
    for k in range(image.n_frames):
        image.seek(k)
        rgb = np.asarray(image.convert("RGB")).astype(np.int16)
        for _ in range(max(1, round(image.info.get("duration", period) / period))):
            yield rgb


def mean_error(gif: Path, reference: Path) -> tuple[float, int, int]:
    """Mean absolute error over the frames both have; and both frame counts."""
    total, compared, reference_count = 0.0, 0, 0
    slots = gif_slots(gif)
    for frame in lossless_frames(reference):
        reference_count += 1
        shown = next(slots, None)
        if shown is not None:
            total += float(np.abs(shown - frame).mean())
            compared += 1
    extra = sum(1 for _ in slots)
    return total / max(compared, 1), compared + extra, reference_count


def bench_gif(work: Path, env: dict[str, str]) -> dict[str, float]:
    reference = work / "lossless.spool"
    spool_lossless_frames(reference)
    ours = work / "rnnviz.gif"
    seconds, _ = run([*RNNVIZ, "render", "lstm", "--trace", str(TRACE), "-o", str(ours), "--no-cache"], work, env)
    manim_dir = work / "manim-gif"
    manim_dir.mkdir()
    manim_seconds, manim_mb = run(
        [*MANIM, "render", "-qm", "--frame_rate", str(FPS), "--format", "gif", "--disable_caching",
         "--progress_bar", "none", "-v", "WARNING", str(SCENE_FILE), "StepScene"], manim_dir, env
    )
    theirs = next(manim_dir.rglob("*.gif"))
    error, frames, reference_frames = mean_error(ours, reference)
    their_error, their_frames, _ = mean_error(theirs, reference)
    return {
        "frames": reference_frames, "ours_frames": frames, "their_frames": their_frames,
        "ours_kb": ours.stat().st_size / 1024, "their_kb": theirs.stat().st_size / 1024,
        "ours_error": error, "their_error": their_error,
        "ours_s": seconds, "their_s": manim_seconds, "their_mb": manim_mb,
    }


# ---- 2. peak memory ----------------------------------------------------------------------
def bench_memory(work: Path, env: dict[str, str]) -> dict[tuple[str, str], int]:
    peaks = {}
    sources = {"trace": ["--trace", str(TRACE)], "sentence": ["--sentence", "what time is it"]}
    for quality in ("medium", "high"):
        for source, args in sources.items():
            _, peaks[source, quality] = run(
                [*RNNVIZ, "render", "lstm", *args, "--quality", quality, "-o", f"mem-{source}-{quality}.gif",
                 "--no-cache"], work, env
            )
    return peaks


# ---- 3. cache ----------------------------------------------------------------------------
def bench_cache(work: Path, env: dict[str, str]) -> dict[str, float]:
    command = [*RNNVIZ, "render", "lstm", "--sentence", "what time is it", "-o", "cached.gif"]
    first, _ = run(command, work, env)
    second, _ = run(command, work, env)
    return {"first_s": first, "second_s": second}


# ---- 4. MP4 time -------------------------------------------------------------------------
def bench_mp4(work: Path, env: dict[str, str]) -> dict[str, float]:
    ours = [*RNNVIZ, "render", "lstm", "--trace", str(TRACE), "--fps", "30", "-o", "step.mp4", "--no-cache"]
    theirs = [*MANIM, "render", "-qm", "--progress_bar", "none", "-v", "WARNING", str(SCENE_FILE), "StepScene"]
    manim_dir = work / "manim-mp4"
    manim_dir.mkdir()
    run(ours, work, env)  # warm-ups: LaTeX and text compiled once for each
    run(theirs, manim_dir, env)
    shutil.rmtree(manim_dir / "media" / "videos")  # manim's segment cache: the plain command's first run
    their_s, _ = run(theirs, manim_dir, env)
    our_s, _ = run(ours, work, env)
    return {"ours_s": our_s, "their_s": their_s}


def report(gif: dict, memory: dict, cache: dict, mp4: dict) -> str:
    return "\n".join([
        "| measure | rnnviz | manim | ratio |",
        "|---|---|---|---|",
        f"| GIF size, step (lstm), 720p 25 fps, {gif['frames']} frames | {gif['ours_kb']:.0f} KB | "
        f"{gif['their_kb']:.0f} KB | {gif['their_kb'] / gif['ours_kb']:.1f}x smaller |",
        f"| GIF mean pixel error vs lossless (0-255) | {gif['ours_error']:.2f} | {gif['their_error']:.2f} | "
        f"{gif['their_error'] / max(gif['ours_error'], 1e-9):.1f}x lower |",
        f"| GIF render time | {gif['ours_s']:.0f} s | {gif['their_s']:.0f} s | |",
        f"| GIF peak memory, 720p, `--trace` | {memory['trace', 'medium']} MB | {gif['their_mb']} MB | limit 600 MB |",
        f"| GIF peak memory, 720p, `--sentence` (torch) | {memory['sentence', 'medium']} MB | | limit 600 MB |",
        f"| GIF peak memory, 1080p, `--trace` | {memory['trace', 'high']} MB | | limit 1000 MB |",
        f"| GIF peak memory, 1080p, `--sentence` (torch) | {memory['sentence', 'high']} MB | | limit 1000 MB |",
        f"| identical second command / first | {cache['second_s']:.2f} s / {cache['first_s']:.0f} s | | "
        f"{100 * cache['second_s'] / cache['first_s']:.1f}% (limit 2%) |",
        f"| MP4 720p 30 fps: `rnnviz render` vs `manim -qm` | {mp4['ours_s']:.0f} s | {mp4['their_s']:.0f} s | "
        f"{mp4['ours_s'] / mp4['their_s']:.2f} (limit 1.00) |",
        "",
        f"Frames compared: lossless {gif['frames']}, rnnviz GIF {gif['ours_frames']}, manim GIF {gif['their_frames']}.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="also write the table (markdown) to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        gif = bench_gif(work, env)
        memory = bench_memory(work, env)
        cache = bench_cache(work, env)
        mp4 = bench_mp4(work, env)
    table = report(gif, memory, cache, mp4)
    print(table)
    if args.report:
        args.report.write_text(table + "\n")


if __name__ == "__main__":
    main()
