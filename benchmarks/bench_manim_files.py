"""What sharing manim's SVG files between renders is worth: Pango text against LaTeX formulas.

1. A label (``make_text``) made with an empty text folder, against made again when its Pango SVG
   is already there (what sharing text SVGs would save).
2. A formula (``make_math``) compiled by LaTeX, against loaded from its shared SVG.
3. What a render pays at its start for the shared LaTeX SVGs: ``shared_manim_files()`` with the
   cache holding N of them (hard links), against copying N text SVGs (what sharing them cost).

Every figure is a median of interleaved runs within one run of this script; read the ratios.

Usage: python benchmarks/bench_manim_files.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from manim import tempconfig

from rnnviz.mobjects.text import make_math, make_text
from rnnviz.mobjects.theme import get_theme
from rnnviz.rendering.session import shared_manim_files

THEME = get_theme("light")
LABELS = 40  # distinct labels (or formulas) per timed run
FILES = 2000  # SVGs in the cache for part 3


def label(k: int) -> object:
    return make_text(f"hidden state {k} 隐藏状态", THEME)


def formula(k: int) -> object:
    return make_math(rf"h_{{{k}}} = \tanh(W x_{{{k}}} + b)", THEME)


def per_item(make: Callable[[int], object], folder: Path, fresh: bool, rounds: int = 3) -> float:
    """Median seconds to make one of ``LABELS`` items; ``fresh`` empties ``folder`` before each round."""
    times = []
    for _ in range(rounds):
        if fresh:
            shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        for k in range(LABELS):
            make(k)
        times.append((time.perf_counter() - start) / LABELS)
    return statistics.median(times)


def job_start(copies: Path | None) -> float:
    """Median seconds of a job's start: ``shared_manim_files()``, plus copying ``copies``' files."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        with shared_manim_files() as private:
            if copies is not None:
                for svg in copies.iterdir():
                    shutil.copyfile(svg, private / "texts" / svg.name)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-manim-files-") as tmp:
        root = Path(tmp)
        texts, tex = root / "texts", root / "Tex"
        with tempconfig({"media_dir": str(root / "media"), "text_dir": str(texts), "tex_dir": str(tex),
                         "verbosity": "WARNING"}):
            text_new = per_item(label, texts, fresh=True)
            text_again = per_item(label, texts, fresh=False)
            tex_new = per_item(formula, tex, fresh=True, rounds=1)
            tex_again = per_item(formula, tex, fresh=False)
        os.environ["XDG_CACHE_HOME"] = str(root / "cache")
        shared = root / "cache" / "rnnviz" / "manim" / "Tex"
        shared.mkdir(parents=True)
        svg = next(tex.glob("*.svg")).read_bytes()
        copies = root / "copies"
        copies.mkdir()
        for k in range(FILES):
            (shared / f"{k:05d}.svg").write_bytes(svg)
            (copies / f"{k:05d}.svg").write_bytes(svg)
        linked = job_start(None)
        copied = job_start(copies)
    print("| measure | first | again | ratio |")
    print("|---|---|---|---|")
    print(f"| a label (Pango), ms | {1000 * text_new:.1f} | {1000 * text_again:.1f} from its SVG | "
          f"{text_new / text_again:.2f} |")
    print(f"| a formula (LaTeX), ms | {1000 * tex_new:.0f} | {1000 * tex_again:.1f} from its SVG | "
          f"{tex_new / tex_again:.1f} |")
    print(f"| a render's start with {FILES} shared SVGs, ms | {1000 * copied:.0f} copied | {1000 * linked:.0f} "
          f"linked | {copied / linked:.1f} |")


if __name__ == "__main__":
    main()
