"""Joining figure sets made apart (the shards of a CI matrix) into one set, manifest and gallery.

Each set's manifest says which files it holds; every file is checked against its recorded
digest before it is copied, so a damaged or incomplete artifact is refused rather than merged.
Shards of one plan must all be there (``--shard K/N`` for every K), and two sets may hold the
same file only with the same bytes.

.. code-block:: python

    from rnnviz.figures.merge import merge_sets

    manifest = merge_sets(["shard-1", "shard-2"], "figures")
"""

from __future__ import annotations

import os
from pathlib import Path

from rnnviz.figures.manifest import Entry, Manifest
from rnnviz.figures.publish import publish, publish_after_failure
from rnnviz.rendering.options import InvalidOption
from rnnviz.rendering.output import copy_verified


def _check_shards(manifests: list[tuple[Path, Manifest]]) -> None:
    shards = {manifest.shard for _, manifest in manifests if manifest.shard is not None}
    counts = {count for _, count in shards}
    if len(counts) > 1:
        raise InvalidOption(f"cannot merge shards of different splits: {', '.join(f'{k}/{n}' for k, n in sorted(shards))}")
    if counts:
        (count,) = counts
        absent = [f"{k}/{count}" for k in range(1, count + 1) if (k, count) not in shards]
        if absent:
            raise InvalidOption(f"shard {', '.join(absent)} missing: give every shard's folder to --merge")


def merge_sets(folders: list[str | os.PathLike[str]], out: str | os.PathLike[str]) -> Manifest:
    """Copy the files of the sets in ``folders`` into ``out`` and publish them as one set."""
    out = Path(out).expanduser().absolute()
    if out.exists() and not out.is_dir():
        raise InvalidOption(f"the output folder is a file: {out}")
    manifests = [(Path(folder).absolute(), Manifest.load(Path(folder))) for folder in folders]
    _check_shards(manifests)
    chosen: dict[str, tuple[Path, Entry]] = {}
    for folder, manifest in manifests:
        for entry in manifest.files:
            if entry.file in chosen and chosen[entry.file][1].sha256 != entry.sha256:
                raise InvalidOption(f"{entry.file} differs between {chosen[entry.file][0]} and {folder}")
            if not entry.is_present(folder):
                raise InvalidOption(f"{folder / entry.file} is missing or not the file its manifest lists")
            chosen[entry.file] = (folder, entry)
    entries = tuple(entry for _, entry in chosen.values())
    present = {entry.name for entry in entries}
    missing = tuple(dict.fromkeys(item for _, m in manifests for item in m.missing if item.name not in present))
    merged = Manifest(entries, missing)
    try:
        for file, (folder, entry) in chosen.items():
            target = out / file
            target.parent.mkdir(parents=True, exist_ok=True)
            if not entry.is_present(out):  # also when merging into one of the sets itself
                copy_verified(folder / file, target, entry.record)
    except BaseException:
        publish_after_failure(out, merged)
        raise
    return publish(out, merged)
