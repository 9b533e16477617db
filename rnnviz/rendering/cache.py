"""rnnviz's own cache of finished renders, in ``$XDG_CACHE_HOME/rnnviz`` (``~/.cache/rnnviz``).

A render's key hashes everything that decides its bytes: the scene, where the Trace comes from
(a sentence and the model's weights, or the Trace's content), every option and the rnnviz
version. Looking a key up needs neither torch nor manim, so an identical command returns at once.

Each entry is published like any output (:func:`~rnnviz.rendering.output.publish`) together
with a record of its size and sha256 taken when it was stored. A hit is served only if the
entry still matches its record; a damaged entry is dropped (with a one-line warning) and the
render runs again. A cache folder that cannot be used (a file in its place, no permission, a
read-only disk) turns the cache off for the render, with a one-line warning.

>>> key = cache_key({"scene": "step", "format": "gif"})
>>> cached_file(key, "gif") is None or cached_file(key, "gif").suffix == ".gif"
True
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

from rnnviz import __version__
from rnnviz.rendering.options import RenderError, RenderWarning
from rnnviz.rendering.output import FileRecord, copy_verified, write_file

# Bumped when the pipeline's encoders change their output, so stale files are not reused.
PIPELINE_VERSION = 2
#: Finished renders kept at most, in MB (``RNNVIZ_CACHE_MB`` overrides); the least recently
#: used go first.
DEFAULT_LIMIT_MB = 2048
_RECORD_SUFFIX = ".json"

# Folders already reported unusable, so one process warns once about each.
_reported: set[str] = set()


def cache_dir() -> Path:
    """The folder of rnnviz's caches: ``$XDG_CACHE_HOME/rnnviz``, by default ``~/.cache/rnnviz``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rnnviz"


def usable_cache_dir() -> Path | None:
    """:func:`cache_dir`, created if needed, or None when files cannot be written there.

    The first time a folder turns out unusable, a :class:`RenderWarning` says so in one line.
    """
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        if str(folder) not in _reported:
            _reported.add(str(folder))
            reason = error.strerror or str(error)
            warnings.warn(f"cannot use the cache folder {folder} ({reason}); rendering without the cache",
                          RenderWarning, stacklevel=2)
        return None
    return folder


def cache_key(parts: dict[str, Any]) -> str:
    """A sha256 over ``parts`` (JSON-able) plus the rnnviz and pipeline versions."""
    document = {"rnnviz": __version__, "pipeline": PIPELINE_VERSION, **parts}
    encoded = json.dumps(document, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("ascii")).hexdigest()


def _entry(key: str, fmt: str) -> Path:
    return cache_dir() / "renders" / key[:2] / f"{key}.{fmt}"


def _record_path(entry: Path) -> Path:
    return entry.with_name(entry.name + _RECORD_SUFFIX)


def _read_record(entry: Path) -> FileRecord | None:
    try:
        document = json.loads(_record_path(entry).read_text(encoding="utf-8"))
        return FileRecord(int(document["size"]), str(document["sha256"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _drop(entry: Path) -> None:
    for path in (entry, _record_path(entry)):
        try:
            path.unlink(missing_ok=True)
        except OSError:  # a read-only cache: the entry stays, and is checked again next time
            pass


def cached_file(key: str, fmt: str) -> Path | None:
    """The cached render for ``key`` if it matches its record, else None; a hit counts as a use
    for :func:`trim`, and a damaged entry is dropped."""
    entry = _entry(key, fmt)
    if not entry.is_file():
        return None
    record = _read_record(entry)
    if record is None or not record.matches(entry):
        if record is not None:  # without a record, a store was cut short: nothing to report
            warnings.warn(f"the cached render {entry.name} was damaged; rendering again", RenderWarning, stacklevel=2)
        _drop(entry)
        return None
    try:
        os.utime(entry)
    except OSError:  # a read-only cache still serves hits
        pass
    return entry


def copy_out(cached: Path, output: Path) -> None:
    """Publish a cached render (from :func:`cached_file`) as ``output``, checked against its record."""
    record = _read_record(cached) or FileRecord.of(cached)
    copy_verified(cached, output, record)


def limit_bytes() -> int:
    """The cache's size limit: ``RNNVIZ_CACHE_MB`` megabytes, or :data:`DEFAULT_LIMIT_MB`.

    A value that is not a number of megabytes (``abc``, ``-5``) is reported in one line and the
    default applies.
    """
    value = os.environ.get("RNNVIZ_CACHE_MB", "").strip()
    if not value:
        return DEFAULT_LIMIT_MB * 2**20
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if not 0 <= megabytes < float("inf"):
        warnings.warn(f"RNNVIZ_CACHE_MB={value!r} is not a number of megabytes; the cache keeps up to "
                      f"{DEFAULT_LIMIT_MB} MB", RenderWarning, stacklevel=2)
        return DEFAULT_LIMIT_MB * 2**20
    return int(megabytes * 2**20)


def trim(limit: int | None = None) -> list[Path]:
    """Delete the least recently used renders until the cache holds at most ``limit`` bytes."""
    limit = limit_bytes() if limit is None else limit
    entries = []
    for path in (cache_dir() / "renders").glob("*/*.*"):
        if path.name.endswith(_RECORD_SUFFIX):
            continue
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
        _drop(path)
        total -= size
        removed.append(path)
    return removed


def store(key: str, fmt: str, source: Path, record: FileRecord | None = None) -> None:
    """Publish a finished, verified render as the cache entry of ``key``, with its record (size
    and digest, computed here unless given); a cache that cannot take it only warns."""
    entry = _entry(key, fmt)
    record = record or FileRecord.of(source)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        copy_verified(source, entry, record)
        write_file(_record_path(entry), json.dumps({"size": record.size, "sha256": record.sha256}).encode())
        trim()
    except (OSError, RenderError) as error:
        _drop(entry)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        warnings.warn(f"could not store the render in the cache {entry.parent}: {reason}", RenderWarning, stacklevel=2)
