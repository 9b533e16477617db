"""Where rnnviz finds its shipped files, in a source checkout and in an installed wheel alike."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def assets_dir() -> Path:
    """The folder of shipped data: ``rnnviz/assets`` in a wheel, ``assets/`` in a checkout."""
    installed = _PACKAGE / "assets"
    return installed if installed.is_dir() else _PACKAGE.parent / "assets"


def asset(*parts: str) -> Path:
    """Path of a shipped file, e.g. ``asset("models", "lstm.pt")``; raises if it is missing."""
    path = assets_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"rnnviz asset not found: {path}")
    return path
