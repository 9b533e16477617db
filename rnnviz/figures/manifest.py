"""``figures.json``: every file of a figure set, how it was made and what it holds.

For each file: the notes' name and section, the scene, architecture(s) and kind, the options it
was rendered with, the digest of each trace it draws, its duration, frames, size, bytes and
sha256, the one `rnnviz render` command that makes it alone, and the rnnviz version. A manifest
is written last, atomically, listing only files that exist (:meth:`Manifest.present_in`), so a
set can be checked (:meth:`Manifest.verify`) and reproduced.

>>> manifest = Manifest(files=(), missing=(Missing("rnn-figure1.jpg", "structure", "no scene yet"),))
>>> Manifest.from_json(manifest.to_json()) == manifest
True
>>> missing_summary(manifest.missing)
'no scene yet: rnn-figure1.jpg (structure)'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from rnnviz import __version__
from rnnviz.figures.course import COURSE_SET
from rnnviz.rendering.options import FORMATS, LANGS, THEMES, InvalidOption
from rnnviz.rendering.output import FileRecord, write_file

FORMAT = "rnnviz.figures"
VERSION = 1
#: The manifest's file name inside a set's folder.
MANIFEST_NAME = "figures.json"

_NOTES_ORDER = {figure.name: k for k, figure in enumerate(COURSE_SET)}


@dataclass(frozen=True)
class Missing:
    """A figure of the course set that this rnnviz cannot make, and why (e.g. its scene does not
    exist yet): recorded in the manifest so that a set says what it lacks."""

    name: str
    """The file name the notes reference."""
    scene: str
    reason: str


def missing_summary(missing: Sequence[Missing]) -> str:
    """The figures of ``missing`` on one line, grouped by reason."""
    reasons: dict[str, list[str]] = {}
    for item in missing:
        reasons.setdefault(item.reason, []).append(f"{item.name} ({item.scene})")
    return "; ".join(f"{reason}: {', '.join(names)}" for reason, names in reasons.items())


@dataclass(frozen=True)
class Entry:
    """One file of the set."""

    file: str
    """Its path inside the set's folder, with ``/`` separators."""
    name: str
    """The file name the notes reference."""
    section: str
    scene: str
    archs: tuple[str, ...]
    kind: str
    lang: str
    theme: str
    options: dict[str, Any]
    """Format, quality, width, height, fps, sentence and the weights of each architecture."""
    traces: dict[str, str]
    """The sha256 of each architecture's Trace (as NPZ bytes)."""
    duration: float
    frames: int
    width: int
    height: int
    bytes: int
    sha256: str
    command: str
    rnnviz: str = __version__

    @property
    def folder(self) -> str:
        """The subfolder of its variant (``""`` for a set of one variant)."""
        return self.file.rpartition("/")[0]

    @property
    def format(self) -> str:
        return self.file.rpartition(".")[2]

    def sort_key(self) -> tuple[int, int, int, int]:
        """The notes' order, then language, theme and format."""
        return (_NOTES_ORDER.get(self.name, len(_NOTES_ORDER)), LANGS.index(self.lang), THEMES.index(self.theme),
                FORMATS.index(self.format))

    @property
    def record(self) -> FileRecord:
        return FileRecord(self.bytes, self.sha256)

    def is_present(self, folder: Path, *, check_digest: bool = True) -> bool:
        """Whether ``folder`` holds this file with the recorded bytes (and digest)."""
        path = folder / self.file
        if check_digest:
            return self.record.matches(path)
        try:
            return path.stat().st_size == self.bytes
        except OSError:
            return False


@dataclass(frozen=True)
class Manifest:
    """The files of a set (in the notes' order), the course figures that cannot be made yet,
    and the shard it is."""

    files: tuple[Entry, ...]
    missing: tuple[Missing, ...] = ()
    shard: tuple[int, int] | None = None
    rnnviz: str = field(default=__version__, compare=False)

    def to_json(self) -> str:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "rnnviz": self.rnnviz,
            "shard": list(self.shard) if self.shard else None,
            "missing": [asdict(item) for item in self.missing],
            "files": [asdict(entry) for entry in self.files],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        document = json.loads(text)
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise ValueError(f"not a version-{VERSION} {FORMAT} manifest")
        names = {f.name for f in fields(Entry)}
        entries = tuple(
            Entry(**{**{k: v for k, v in item.items() if k in names}, "archs": tuple(item["archs"])})
            for item in document["files"]
        )
        shard = tuple(document["shard"]) if document.get("shard") else None
        missing = tuple(Missing(**item) for item in document.get("missing", ()))
        return cls(entries, missing, shard, document.get("rnnviz", ""))

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest of the set in ``folder``; a missing or unreadable one raises ``InvalidOption``."""
        if not folder.is_dir():
            raise InvalidOption(f"{folder} is not a folder")
        path = folder / MANIFEST_NAME
        try:
            return cls.from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InvalidOption(f"{folder} holds no figure set (no {MANIFEST_NAME})") from None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InvalidOption(f"cannot read {path}: {error}") from None

    @classmethod
    def load_if_present(cls, folder: Path) -> Manifest | None:
        """The manifest in ``folder``, or None when there is none or it cannot be read."""
        try:
            return cls.load(folder)
        except InvalidOption:
            return None

    def verify(self, folder: Path) -> list[str]:
        """The files the manifest lists that ``folder`` lacks or holds with other bytes."""
        return [entry.file for entry in self.files if not entry.is_present(folder)]

    def present_in(self, folder: Path) -> Manifest:
        """This manifest without the files ``folder`` lacks, in the notes' order."""
        present = (e for e in self.files if e.is_present(folder, check_digest=False))
        return Manifest(tuple(sorted(present, key=Entry.sort_key)), self.missing, self.shard, self.rnnviz)

    def save(self, folder: Path) -> None:
        """Write ``folder/figures.json`` atomically."""
        write_file(folder / MANIFEST_NAME, self.to_json().encode("utf-8"))
