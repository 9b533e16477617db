"""What the manifest records about a finished file: size in pixels, frames, duration, bytes, digest.

Read from the file itself, quickly: a GIF's frame delays from its blocks (no frame is decoded,
as :mod:`~rnnviz.rendering.verify` walks them), a PNG's size from its header, an MP4's from
its container.

>>> import tempfile
>>> import numpy as np
>>> from rnnviz.rendering.gif import GifEncoder
>>> folder = Path(tempfile.mkdtemp())
>>> encoder = GifEncoder(folder / "clip.gif", width=64, height=36, fps=20, workdir=folder)
>>> for shade, repeat in ((255, 3), (0, 2)):
...     encoder.write(np.full((36, 64, 4), shade, np.uint8), repeat=repeat)
>>> encoder.close()
>>> facts = describe(folder / "clip.gif", fps=20)
>>> (facts.width, facts.height, facts.frames, facts.duration)
(64, 36, 5, 0.25)
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from rnnviz.rendering.output import FileRecord
from rnnviz.rendering.verify import gif_size_and_duration


@dataclass(frozen=True)
class MediaFacts:
    width: int
    height: int
    frames: int
    """Frames shown at the clip's rate (1 for a still)."""
    duration: float
    """Seconds the clip plays for one loop (0 for a still)."""
    bytes: int
    sha256: str


def format_bytes(count: int) -> str:
    """A file size for people: ``"820 KB"``, ``"6.1 MB"``."""
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{max(1, round(count / 1024))} KB"


def describe(path: Path, fps: int) -> MediaFacts:
    """The facts of a GIF, PNG or MP4/WebM file written at ``fps`` frames per second."""
    suffix = path.suffix.lower()
    if suffix == ".gif":
        (width, height), centiseconds = gif_size_and_duration(path.read_bytes())
        duration = centiseconds / 100
        frames = round(duration * fps)
    elif suffix == ".png":
        width, height = png_size(path)
        frames, duration = 1, 0.0
    else:
        width, height, frames = _video_frames(path)
        duration = frames / fps
    record = FileRecord.of(path)
    return MediaFacts(width, height, frames, duration, record.size, record.sha256)


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, from its IHDR chunk."""
    with path.open("rb") as file:
        header = file.read(24)
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def _video_frames(path: Path) -> tuple[int, int, int]:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(1 for _ in container.demux(stream) if _.size)
        return stream.codec_context.width, stream.codec_context.height, frames
