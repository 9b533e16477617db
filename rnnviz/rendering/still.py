"""PNG: the scene's final frame at full resolution.

>>> import tempfile
>>> import numpy as np
>>> folder = Path(tempfile.mkdtemp())
>>> frame = np.full((36, 64, 4), 255, np.uint8)           # (H, W, 4) uint8 RGBA, as manim gives
>>> encoder = StillEncoder(folder / "out.png", transparent=False)
>>> encoder.write(frame)
>>> encoder.close()
>>> (folder / "out.png").read_bytes()[1:4]
b'PNG'
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image


class StillEncoder:
    """Writes the last frame it receives to ``path`` as PNG (RGBA when transparent, else RGB)."""

    def __init__(self, path: Path, *, transparent: bool = False) -> None:
        self.path, self.transparent = path, transparent
        self._last: np.ndarray | None = None

    def write(self, frame: np.ndarray, repeat: int = 1) -> None:
        self._last = frame

    def close(self) -> None:
        if self._last is None:
            raise ValueError("the scene produced no frame")
        pixels = self._last if self.transparent else self._last[:, :, :3]
        Image.fromarray(np.ascontiguousarray(pixels)).save(self.path, format="PNG", optimize=True)

    def abort(self) -> None:
        self._last = None
