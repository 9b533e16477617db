"""Checks that a rendered file is whole before it is published: complete to its last byte, every
frame present, and it decodes.

A full disk does not always raise: ``gifsicle``, for one, exits 0 after writing a truncated
file. So :func:`media_check` reads the finished file back, and only a file that passes is
renamed into place or stored in the cache. Two checks for each format:

- its structure ends exactly at the file's end: GIF blocks up to the trailer, PNG chunks (with
  their CRCs) up to ``IEND``, MP4 boxes, WebM (EBML) elements;
- its content: a GIF's frame delays add up to exactly the rendered frames and its first frame
  decodes; a video has the frame size, one whole packet per rendered frame, and its first frame
  decodes; a PNG decodes completely at the frame size.

>>> import tempfile
>>> import numpy as np
>>> from rnnviz.rendering.gif import GifEncoder
>>> from rnnviz.rendering.options import RenderOptions
>>> folder = Path(tempfile.mkdtemp())
>>> encoder = GifEncoder(folder / "a.gif", width=64, height=36, fps=20, workdir=folder)
>>> encoder.write(np.zeros((36, 64, 4), np.uint8), repeat=3)
>>> encoder.close()
>>> options = RenderOptions.create("gif", size=(64, 36), fps=20)
>>> media_check(options, frames=3)(folder / "a.gif")            # whole: no error
>>> media_check(options, frames=4)(folder / "a.gif")
Traceback (most recent call last):
...
rnnviz.rendering.output.IncompleteFile: the GIF is incomplete: it lasts 15 of 20 centiseconds
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from rnnviz.rendering.options import RenderOptions
from rnnviz.rendering.output import IncompleteFile, Verify


def media_check(options: RenderOptions, frames: int) -> Verify:
    """The check of a file rendered with ``options`` from ``frames`` frames (repeats included)."""
    size = (options.width, options.height)
    if options.format == "gif":
        return lambda path: check_gif(path, size, frames * (100 // options.fps))
    if options.format == "png":
        return lambda path: check_png(path, size)
    return lambda path: check_video(path, options.format, size, frames)


def check_gif(path: Path, size: tuple[int, int], centiseconds: int) -> None:
    """Raise :class:`IncompleteFile` unless ``path`` is a whole GIF of ``size`` lasting ``centiseconds``."""
    data = path.read_bytes()
    try:
        found, lasts = gif_size_and_duration(data)
    except (IndexError, struct.error):
        raise IncompleteFile("the GIF is cut off before its end") from None
    except ValueError as error:
        raise IncompleteFile(f"the GIF is damaged ({error})") from None
    _check_size("GIF", found, size)
    if lasts != centiseconds:
        raise IncompleteFile(f"the GIF is incomplete: it lasts {lasts} of {centiseconds} centiseconds")
    _decoded_size(path, "GIF")  # the first frame


def check_png(path: Path, size: tuple[int, int]) -> None:
    """Raise :class:`IncompleteFile` unless ``path`` is a whole PNG of ``size`` that decodes."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise IncompleteFile("the PNG is damaged (no PNG signature)")
    pos, kind = 8, b""
    while kind != b"IEND":
        if pos + 12 > len(data):
            raise IncompleteFile("the PNG is cut off before its end")
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 4 : pos + 8 + length]
        if pos + 12 + length > len(data) or zlib.crc32(body) != struct.unpack_from(">I", data, pos + 8 + length)[0]:
            raise IncompleteFile(f"the PNG is cut off or damaged in its {kind.decode(errors='replace')} chunk")
        pos += 12 + length
    if pos != len(data):
        raise IncompleteFile("the PNG has bytes after its end")
    _check_size("PNG", _decoded_size(path, "PNG"), size)


def check_video(path: Path, fmt: str, size: tuple[int, int], frames: int) -> None:
    """Raise :class:`IncompleteFile` unless ``path`` is a whole ``mp4``/``webm`` video of ``size``
    holding ``frames`` whole frames, the first of which decodes."""
    import av

    with path.open("rb") as file:
        complete = _tiles_the_file(file, _mp4_box_length if fmt == "mp4" else _ebml_element_length)
    if not complete:
        raise IncompleteFile(f"the {fmt.upper()} is cut off before its end")
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            packets, whole, first = 0, True, []
            for packet in container.demux(stream):
                if packet.size:
                    packets, whole = packets + 1, whole and not packet.is_corrupt
                    first = first or packet.decode()
            first = first or stream.codec_context.decode(None)  # a short clip still in the decoder's delay
            found = (stream.width, stream.height)
    except (av.error.FFmpegError, IndexError, AttributeError) as error:
        raise IncompleteFile(f"the video does not decode ({error})") from None
    _check_size("video", found, size)
    if packets != frames or not whole or not first:
        raise IncompleteFile(f"the video is incomplete: it holds {packets} of {frames} frames")


def gif_size_and_duration(data: bytes) -> tuple[tuple[int, int], int]:
    """The screen size of a GIF and the sum of its frames' delays in centiseconds, walking every
    block to the trailer; raises ``ValueError`` (or ``IndexError`` when cut off) otherwise."""
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("not a GIF")
    width, height, flags = struct.unpack_from("<HHB", data, 6)
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    total = delay = 0
    while True:
        block = data[pos]
        if block == 0x3B:  # trailer
            if pos + 1 != len(data):
                raise ValueError("bytes after the trailer")
            return (width, height), total
        if block == 0x21:  # extension: label, then sub-blocks
            if data[pos + 1] == 0xF9:  # graphic control: the next image's delay
                delay = struct.unpack_from("<H", data, pos + 4)[0]
            pos = _skip_sub_blocks(data, pos + 2)
        elif block == 0x2C:  # image: descriptor, optional local colours, LZW code size, data
            flags = data[pos + 9]
            pos += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
            pos = _skip_sub_blocks(data, pos + 1)
            total, delay = total + delay, 0
        else:
            raise ValueError(f"unexpected byte {block:#04x} at offset {pos}")


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    """The offset after the sub-blocks starting at ``pos``; IndexError when they are cut off."""
    while size := data[pos]:
        pos += size + 1
    return pos + 1


def _tiles_the_file(file: BinaryIO, measure: Callable[[bytes], int | None]) -> bool:
    """Whether the file's top-level elements end exactly at its end; ``measure`` gives the whole
    length of the element whose first 16 bytes it is handed (0 if malformed, None if it runs
    to the end of the file)."""
    end = file.seek(0, 2)
    pos = 0
    while pos < end:
        file.seek(pos)
        size = measure(file.read(16))
        if size is None:
            return True
        if size <= 0:
            return False
        pos += size
    return pos == end


def _mp4_box_length(header: bytes) -> int | None:
    """An MP4 box: a 32-bit size (1: a 64-bit size follows the type; 0: to the end), then its type."""
    if len(header) < 8:
        return 0
    size = struct.unpack_from(">I", header)[0]
    if size == 1:
        return struct.unpack_from(">Q", header, 8)[0] if len(header) == 16 else 0
    return None if size == 0 else (size if size >= 8 else 0)


def _ebml_element_length(header: bytes) -> int | None:
    """An EBML element (WebM): an ID and a size, both variable-length integers (size all ones: to the end)."""
    id_length = _vint_length(header[0]) if header else 0
    size_length = _vint_length(header[id_length]) if len(header) > id_length else 0
    if not id_length or not size_length or len(header) < id_length + size_length:
        return 0
    size = int.from_bytes(header[id_length : id_length + size_length], "big") & ((1 << (7 * size_length)) - 1)
    return None if size == (1 << (7 * size_length)) - 1 else id_length + size_length + size


def _vint_length(first: int) -> int:
    """The length in bytes of an EBML variable-size integer from its first byte (0 if invalid)."""
    for length in range(1, 9):
        if first & (0x80 >> (length - 1)):
            return length
    return 0


def _decoded_size(path: Path, kind: str) -> tuple[int, int]:
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.load()
            return image.size
    except (OSError, SyntaxError, ValueError) as error:  # Pillow's errors for damaged images
        raise IncompleteFile(f"the {kind} does not decode ({error})") from None


def _check_size(kind: str, found: tuple[int, int], size: tuple[int, int]) -> None:
    if tuple(found) != tuple(size):
        raise IncompleteFile(f"the {kind} is {found[0]}x{found[1]}, not {size[0]}x{size[1]}")
