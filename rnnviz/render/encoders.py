"""The encoders behind each output format, all with one small interface.

An encoder receives frames as manim renders them (``write``), then either finishes the file
(``close``) or gives up when the render fails (``abort``). None holds more than a few frames.

>>> encoder = open_encoder(Path("out.gif"), options, workdir)   # doctest: +SKIP
>>> encoder.write(frame, repeat=2)
>>> encoder.close()
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from rnnviz.render.options import RenderOptions


class Encoder(Protocol):
    def write(self, frame: np.ndarray, repeat: int = 1) -> None:
        """Add ``repeat`` frames showing ``frame``, an (H, W, 4) uint8 RGBA array it may keep."""

    def close(self) -> None:
        """Finish the file; raises ``ValueError`` if no frame arrived."""

    def abort(self) -> None:
        """Release resources after a failed render, leaving the file for the caller to delete."""


def open_encoder(path: Path, options: RenderOptions, workdir: Path) -> Encoder:
    """The encoder writing ``options.format`` to ``path``; ``workdir`` holds its temporary files."""
    if options.format == "gif":
        from rnnviz.render.gif import GifEncoder

        return GifEncoder(path, width=options.width, height=options.height, fps=options.fps, workdir=workdir)
    if options.format == "png":
        from rnnviz.render.still import StillEncoder

        return StillEncoder(path, transparent=options.transparent)
    from rnnviz.render.video import VideoEncoder

    return VideoEncoder(
        path, options.format, width=options.width, height=options.height, fps=options.fps, transparent=options.transparent
    )
