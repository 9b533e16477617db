"""The encoders behind each output format, all with one small interface.

An encoder receives frames as manim renders them (``write``), then either finishes the file
(``close``) or gives up when the render fails (``abort``). None holds more than a few frames.
:class:`BackgroundEncoder` runs any of them on a second thread, so encoding overlaps rendering.

>>> import tempfile
>>> import numpy as np
>>> folder = Path(tempfile.mkdtemp())
>>> frame = np.full((36, 64, 4), 255, np.uint8)           # (H, W, 4) uint8 RGBA, as manim gives
>>> from rnnviz.rendering.options import RenderOptions
>>> options = RenderOptions.create("gif", size=(64, 36), fps=20)
>>> encoder = open_encoder(folder / "out.gif", options, folder)
>>> encoder.write(frame, repeat=2)
>>> encoder.close()
>>> (folder / "out.gif").read_bytes()[:6]
b'GIF89a'
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path
from typing import Protocol

import numpy as np

from rnnviz.rendering.options import RenderOptions


class Encoder(Protocol):
    def write(self, frame: np.ndarray, repeat: int = 1) -> None:
        """Add ``repeat`` frames showing ``frame``, an (H, W, 4) uint8 RGBA array it may keep."""

    def close(self) -> None:
        """Finish the file; raises ``ValueError`` if no frame arrived."""

    def abort(self) -> None:
        """Release resources after a failed render, leaving the file for the caller to delete."""


class BackgroundEncoder:
    """Calls another encoder's ``write`` on a worker thread, at most ``depth`` frames behind.

    The encoders spend their time in zlib, numpy and libav, which release the GIL, so on a
    machine with two cores encoding no longer adds to manim's rendering time. An error on the
    worker is raised by the next ``write`` or by ``close``.

    The rendering thread may be interrupted anywhere by a signal's exception (Ctrl-C,
    SIGTERM), so it only uses a queue implemented in C and counters only one thread writes:
    an exception cannot leave a lock half taken, and ``abort`` always finds the worker.
    """

    _POLL = 0.002  # seconds between two looks at a full queue

    def __init__(self, inner: Encoder, depth: int = 4) -> None:
        self._inner = inner
        self._depth = depth
        self._queue: queue.SimpleQueue[tuple[np.ndarray, int] | None] = queue.SimpleQueue()
        self._sent = 0  # frames handed over; written by the rendering thread only
        self._done = 0  # frames taken by the worker; written by the worker only
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="rnnviz-encoder", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:  # after an error, only drain the queue until the end marker
                try:
                    self._inner.write(*item)
                except BaseException as error:  # handed to the rendering thread
                    self._error = error
            self._done += 1

    def _stop(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def write(self, frame: np.ndarray, repeat: int = 1) -> None:
        while self._sent - self._done >= self._depth and self._error is None:
            time.sleep(self._POLL)
        if self._error is not None:
            raise self._error
        self._queue.put((frame, repeat))
        self._sent += 1

    def close(self) -> None:
        self._stop()
        if self._error is not None:
            raise self._error
        self._inner.close()

    def abort(self) -> None:
        self._stop()
        self._inner.abort()


def open_encoder(path: Path, options: RenderOptions, workdir: Path) -> Encoder:
    """The encoder writing ``options.format`` to ``path``; ``workdir`` holds its temporary files."""
    if options.format == "gif":
        from rnnviz.rendering.gif import GifEncoder

        return GifEncoder(path, width=options.width, height=options.height, fps=options.fps, workdir=workdir)
    if options.format == "png":
        from rnnviz.rendering.still import StillEncoder

        return StillEncoder(path, transparent=options.transparent)
    from rnnviz.rendering.video import VideoEncoder

    return VideoEncoder(
        path, options.format, width=options.width, height=options.height, fps=options.fps, transparent=options.transparent
    )
