"""Animated GIF in two passes: one palette for the clip, no dither, only the changed pixels per frame.

Pass one (:meth:`GifEncoder.write`, while manim renders) keeps only the rectangle that changed
since the previous frame, zlib-compressed in a spool file, and counts its colours; identical
frames just lengthen the previous one. Pass two (:meth:`GifEncoder.close`) builds the palette
from every colour shown, maps each rectangle to it and writes the GIF: an infinite loop, each
frame's delay an exact number of centiseconds, unchanged pixels transparent. ``gifsicle -O3``
then shrinks the file further when it is installed. Memory stays at a few frames whatever the
clip's length.

>>> import tempfile
>>> import numpy as np
>>> folder = Path(tempfile.mkdtemp())
>>> frame = np.full((36, 64, 4), 255, np.uint8)           # (H, W, 4) uint8 RGBA, as manim gives
>>> encoder = GifEncoder(folder / "out.gif", width=64, height=36, fps=25, workdir=folder)
>>> for shade in (255, 128, 0):
...     encoder.write(np.full((36, 64, 4), shade, np.uint8), repeat=1)
>>> encoder.close()
>>> (folder / "out.gif").stat().st_size > 0
True
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import GifImagePlugin, Image

from rnnviz.rendering.options import RenderWarning
from rnnviz.rendering.output import naming
from rnnviz.rendering.palette import MAX_COLOURS, ColourHistogram, PaletteMap, build_palette, colour_codes

#: The palette index GIF frames use for "unchanged since the previous frame".
TRANSPARENT = MAX_COLOURS
_RECORD = struct.Struct("<5IQ")  # top, left, height, width, repeat, compressed size
_DISPOSE_NONE = 1  # each frame is drawn over the previous one


def changed_box(before: np.ndarray, after: np.ndarray) -> tuple[slice, slice] | None:
    """The smallest (rows, columns) box where two 2-D arrays differ, or None where they are equal."""
    differs = before != after
    rows, cols = np.flatnonzero(differs.any(axis=1)), np.flatnonzero(differs.any(axis=0))
    if not len(rows):
        return None
    return slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1)


def _header(width: int, height: int, palette: np.ndarray) -> bytes:
    table = np.zeros((256, 3), dtype=np.uint8)
    table[: len(palette)] = palette
    screen = struct.pack("<HHBBB", width, height, 0xF7, 0, 0)  # global table of 256 colours
    loop = b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", 0) + b"\x00"  # loop forever
    return b"GIF89a" + screen + table.tobytes() + loop


class GifEncoder:
    """Streams RGBA frames into a looping GIF at ``path``; see the module docstring."""

    def __init__(self, path: Path, *, width: int, height: int, fps: int, workdir: Path) -> None:
        if 100 % fps:
            raise ValueError(f"GIF delays are whole centiseconds; {fps} fps does not divide 100")
        self.path, self.width, self.height = path, width, height
        self.delay = 100 // fps  # centiseconds per frame
        self._workdir = workdir
        self._spool_path = workdir / "frames.spool"
        self._spool: BinaryIO = self._spool_path.open("wb")
        self._histogram = ColourHistogram()
        self._previous: np.ndarray | None = None
        self._pending: tuple[tuple[slice, slice], np.ndarray] | None = None
        self._pending_repeat = 0
        self.frames = 0  # frames received, repeats included

    # ---- pass one: spool the changed rectangles ------------------------------------------
    def write(self, frame: np.ndarray, repeat: int = 1) -> None:
        """Add ``repeat`` frames showing ``frame`` (H, W, 4 uint8 RGBA; alpha is ignored)."""
        with naming(self._spool_path):
            self._write(frame, repeat)

    def _write(self, frame: np.ndarray, repeat: int) -> None:
        codes = colour_codes(np.ascontiguousarray(frame))
        self.frames += repeat
        if self._previous is None:
            box = (slice(0, self.height), slice(0, self.width))
        else:
            box = changed_box(self._previous, codes)
            if box is None:
                self._pending_repeat += repeat
                return
        self._flush()
        self._pending, self._pending_repeat = (box, np.ascontiguousarray(codes[box])), repeat
        self._previous = codes

    def _flush(self) -> None:
        if self._pending is None:
            return
        (rows, cols), region = self._pending
        self._histogram.add(region, weight=self._pending_repeat)
        data = zlib.compress(region.tobytes(), 1)
        self._spool.write(_RECORD.pack(rows.start, cols.start, *region.shape[:2], self._pending_repeat, len(data)))
        self._spool.write(data)
        self._pending = None

    def _records(self) -> Iterator[tuple[int, int, np.ndarray, int]]:
        with self._spool_path.open("rb") as spool:
            while header := spool.read(_RECORD.size):
                top, left, height, width, repeat, size = _RECORD.unpack(header)
                region = np.frombuffer(zlib.decompress(spool.read(size)), dtype=np.uint32)
                yield top, left, region.reshape(height, width), repeat

    # ---- pass two: palette, mapping, GIF ---------------------------------------------------
    def close(self) -> None:
        """Write the GIF (then optimise it with gifsicle if installed); every write is checked."""
        if self.frames == 0:
            raise ValueError("the scene produced no frames: it has no animation (render a .png instead)")
        with naming(self._spool_path):
            self._flush()
            self._spool.close()
        palette = build_palette(self._histogram)
        to_index = PaletteMap(self._histogram, palette)
        del self._histogram  # 64 MB, no longer needed
        gifsicle = shutil.which("gifsicle")
        raw = self._workdir / "raw.gif" if gifsicle else self.path
        with naming(raw), raw.open("wb") as out:
            out.write(_header(self.width, self.height, palette))
            self._write_frames(out, to_index)
            out.write(b";")
        self._spool_path.unlink()
        if gifsicle:
            self._optimise(gifsicle, raw)

    def _write_frames(self, out: BinaryIO, to_index: PaletteMap) -> None:
        screen = np.zeros((self.height, self.width), dtype=np.uint8)  # what a viewer shows now
        pending: tuple[np.ndarray, int, int, bool] | None = None
        pending_delay = 0
        for top, left, region, repeat in self._records():
            indices = to_index(region)
            height, width = indices.shape
            shown = screen[top : top + height, left : left + width]
            first = pending is None
            box = (slice(0, height), slice(0, width)) if first else changed_box(shown, indices)
            if box is None:  # the change vanished in the palette: show the previous frame longer
                pending_delay += repeat * self.delay
                continue
            if not first:  # a frame is written once its delay is known: when the next one differs
                self._write_frame(out, *pending, pending_delay)
            image = indices[box].copy()
            if not first:
                image[shown[box] == image] = TRANSPARENT
            shown[box] = indices[box]
            pending = (image, top + box[0].start, left + box[1].start, not first)
            pending_delay = repeat * self.delay
        assert pending is not None
        self._write_frame(out, *pending, pending_delay)

    @staticmethod
    def _write_frame(out: BinaryIO, image: np.ndarray, top: int, left: int, transparent: bool, delay: int) -> None:
        params = {"duration": delay * 10, "disposal": _DISPOSE_NONE}  # Pillow takes milliseconds
        if transparent:
            params["transparency"] = TRANSPARENT
        # Pillow's documented per-frame writer: graphic control extension, image descriptor
        # (no local palette) and the LZW-compressed indices.
        for chunk in GifImagePlugin.getdata(Image.fromarray(image), offset=(left, top), **params):
            out.write(chunk)

    def _optimise(self, gifsicle: str, raw: Path) -> None:
        # gifsicle exits 0 even when it could not write its output (a full disk), so it writes
        # to a pipe and every write to the file is this process's own, checked one.
        command = [gifsicle, "-O3", "--no-warnings", str(raw)]
        log = self._workdir / "gifsicle.log"
        with naming(self.path), self.path.open("wb") as out, log.open("w+b") as stderr:
            with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr) as process:
                shutil.copyfileobj(process.stdout, out)
            stderr.seek(0)
            errors = stderr.read().decode(errors="replace").strip().splitlines()
            if process.returncode != 0:
                reason = errors[0] if errors else f"exit status {process.returncode}"
                warnings.warn(f"gifsicle failed ({reason}); the GIF is written unoptimised", RenderWarning, stacklevel=2)
                out.seek(0)
                out.truncate()
                with raw.open("rb") as unoptimised:
                    shutil.copyfileobj(unoptimised, out)
        raw.unlink()
        log.unlink()

    def abort(self) -> None:
        """Stop and release the spool; the caller removes the work folder."""
        self._spool.close()
