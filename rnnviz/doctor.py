"""Checks that every outside piece rnnviz needs is present, each with the command that fixes it.

>>> from rnnviz.doctor import run_checks
>>> all(check.ok for check in run_checks())          # doctest: +SKIP
True
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

CJK_FONT = "Noto Sans CJK SC"
APT = "apt-get install -y"
#: The programs every render runs: scenes typeset their formulas with LaTeX, then dvisvgm.
RENDER_TOOLS = ("latex", "dvisvgm")


def missing_render_tools() -> list[str]:
    """The :data:`RENDER_TOOLS` not found on ``PATH`` (a quick look, unlike the full ``latex`` check)."""
    return [tool for tool in RENDER_TOOLS if shutil.which(tool) is None]


def missing_tools_message(missing: list[str]) -> str:
    """One line for a render that cannot run because ``missing`` programs are not installed.

    >>> missing_tools_message(["dvisvgm"])
    'dvisvgm is not installed (scenes typeset their formulas with LaTeX and dvisvgm); `rnnviz doctor` shows how to install it'
    """
    names = " and ".join(missing)
    verb = "are" if len(missing) > 1 else "is"
    return (f"{names} {verb} not installed (scenes typeset their formulas with LaTeX and dvisvgm); "
            "`rnnviz doctor` shows how to install it")


@dataclass(frozen=True)
class Check:
    """The outcome of one check: what was looked at, what was found, and how to fix it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def _manim() -> str:
    import cairo
    import manim
    import manimpango

    return f"manim {manim.__version__}, cairo {cairo.cairo_version_string()}, pango {manimpango.pango_version()}"


def _latex() -> str:
    from manim import tempconfig
    from manim.utils.tex_file_writing import tex_to_svg_file

    with tempfile.TemporaryDirectory() as media, tempconfig({"media_dir": media, "tex_dir": media, "verbosity": "WARNING"}):
        svg = tex_to_svg_file(r"h_t = o_t \odot \tanh(c_t)", environment="align*")
        if not Path(svg).stat().st_size:
            raise RuntimeError("dvisvgm wrote an empty SVG")
    return "compiled a formula with latex and dvisvgm"


def _cjk_font() -> str:
    import manimpango

    if CJK_FONT not in manimpango.list_fonts():
        raise RuntimeError(f"font {CJK_FONT!r} not found")
    return CJK_FONT


def _encoders() -> str:
    import av

    found = []
    for name in ("libx264", "gif", "libvpx-vp9"):
        try:
            av.codec.Codec(name, "w")
        except Exception:
            raise RuntimeError(f"PyAV {av.__version__} has no {name} encoder") from None
        found.append(name)
    return f"PyAV {av.__version__}: " + ", ".join(found)


def _torch() -> str:
    import torch

    return f"torch {torch.__version__}"


def _gifsicle() -> str:
    path = shutil.which("gifsicle")
    if path is None:
        raise RuntimeError("not installed; GIFs are written unoptimised")
    return path


CHECKS: tuple[tuple[str, Callable[[], str], str, bool], ...] = (
    ("manim", _manim, f"{APT} libcairo2-dev libpango1.0-dev pkg-config && pip install manim", True),
    ("latex", _latex, f"{APT} texlive-latex-base texlive-latex-recommended texlive-latex-extra dvisvgm", True),
    ("cjk font", _cjk_font, f"{APT} fonts-noto-cjk", True),
    ("encoders", _encoders, "pip install --force-reinstall av", True),
    ("torch", _torch, "pip install torch", True),
    ("gifsicle", _gifsicle, f"{APT} gifsicle", False),
)


def run_checks() -> Iterator[Check]:
    """Run every check in turn; a check fails by raising, which is reported, never propagated."""
    for name, probe, fix, required in CHECKS:
        try:
            yield Check(name, True, probe(), required=required)
        except Exception as exc:  # noqa: BLE001 - any failure of a probe is the finding itself
            yield Check(name, False, str(exc).splitlines()[0] if str(exc) else type(exc).__name__, fix, required)
