"""What a figure set's folder holds beside the figures: the gallery, the manifest, the notes.

The gallery is written before the manifest, and the manifest last: whatever stops a run, the
manifest in the folder lists only files that are there. Every file is replaced atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rnnviz.figures.course import course_figure
from rnnviz.figures.gallery import write_gallery
from rnnviz.figures.manifest import Entry, Manifest
from rnnviz.figures.notes import Notes, Rewritten
from rnnviz.rendering.options import RenderError
from rnnviz.rendering.output import write_file


def publish(folder: Path, manifest: Manifest) -> Manifest:
    """Write the gallery and then the manifest of the files of ``manifest`` present in ``folder``."""
    present = manifest.present_in(folder)
    write_gallery(folder, present)
    present.save(folder)
    return present


def publish_after_failure(folder: Path, manifest: Manifest) -> None:
    """:func:`publish` after a run failed, as far as it goes: when it cannot write either (the
    disk is still full), the earlier gallery and manifest stay as they were."""
    try:
        publish(folder, manifest)
    except (OSError, RenderError):
        pass


@dataclass(frozen=True)
class NotesCopy:
    """One rewritten copy of the notes and what its rewrite reported."""

    path: Path
    result: Rewritten


def write_notes(folder: Path, manifest: Manifest, notes: Notes) -> list[NotesCopy]:
    """Write one copy of ``notes`` per variant of the set into ``folder``, its links to course
    figures pointing at that variant's files (the figure's own format, not the extra MP4)."""
    copies = []
    for variant in dict.fromkeys(e.folder for e in sorted(manifest.files, key=Entry.sort_key)):
        files = {
            e.name: e.file for e in manifest.files
            if e.folder == variant and (figure := course_figure(e.name)) is not None and e.format == figure.format
        }
        result = notes.rewrite(files.get)
        path = write_file(folder / notes.output_name(variant), result.text.encode("utf-8"))
        copies.append(NotesCopy(path, result))
    return copies
