"""rnnviz's own cache of finished renders, in ``$XDG_CACHE_HOME/rnnviz`` (``~/.cache/rnnviz``).

A render's key hashes everything that decides its bytes: the scene, where the Trace comes from
(a sentence and the model's weights, or the Trace's content), every option and the rnnviz
version. Looking a key up needs neither torch nor manim, so an identical command returns at once.

>>> key = cache_key({"scene": "step", "format": "gif"})
>>> cached_file(key, "gif") is None or cached_file(key, "gif").suffix == ".gif"
True
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from rnnviz import __version__
from rnnviz.rendering.output import atomic_output

logger = logging.getLogger(__name__)

# Bumped when the pipeline's encoders change their output, so stale files are not reused.
PIPELINE_VERSION = 1
#: Finished renders kept at most, in MB (``RNNVIZ_CACHE_MB`` overrides); the least recently
#: used go first.
DEFAULT_LIMIT_MB = 2048


def cache_dir() -> Path:
    """The folder of rnnviz's caches: ``$XDG_CACHE_HOME/rnnviz``, by default ``~/.cache/rnnviz``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rnnviz"


def cache_key(parts: dict[str, Any]) -> str:
    """A sha256 over ``parts`` (JSON-able) plus the rnnviz and pipeline versions."""
    document = {"rnnviz": __version__, "pipeline": PIPELINE_VERSION, **parts}
    encoded = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(key: str, fmt: str) -> Path:
    return cache_dir() / "renders" / key[:2] / f"{key}.{fmt}"


def cached_file(key: str, fmt: str) -> Path | None:
    """The cached render for ``key``, or None; a hit counts as a use for :func:`trim`."""
    path = _entry(key, fmt)
    if not path.is_file():
        return None
    try:
        os.utime(path)
    except OSError:  # a read-only cache still serves hits
        pass
    return path


def _limit_bytes() -> int:
    value = os.environ.get("RNNVIZ_CACHE_MB", "")
    return int(float(value) * 2**20) if value.strip() else DEFAULT_LIMIT_MB * 2**20


def trim(limit_bytes: int | None = None) -> list[Path]:
    """Delete the least recently used renders until the cache holds at most ``limit_bytes``."""
    limit = _limit_bytes() if limit_bytes is None else limit_bytes
    entries = []
    for path in (cache_dir() / "renders").glob("*/*.*"):
        try:
            stat = path.stat()
        except OSError:  # removed meanwhile by another rnnviz
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    removed = []
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size
        removed.append(path)
    return removed


def store(key: str, fmt: str, source: Path) -> None:
    """Copy a finished render into the cache; a cache that cannot be written only logs a warning."""
    entry = _entry(key, fmt)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(entry) as part:
            shutil.copyfile(source, part)
        trim()
    except (OSError, ValueError) as error:
        logger.warning("could not store the render in the cache %s: %s", entry.parent, error)


def copy_out(cached: Path, output: Path) -> None:
    """Copy a cached render to the output path, atomically."""
    with atomic_output(output) as part:
        shutil.copyfile(cached, part)
