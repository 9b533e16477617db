"""Checks that a rendered file is whole before it is published: it decodes and holds every frame.

A full disk does not always raise: ``gifsicle``, for one, exits 0 after writing a truncated
file. So :func:`media_check` reads the finished file back, and only a file that passes is
renamed into place or stored in the cache.

- GIF: every block is complete up to the trailer, the frames' delays add up to exactly the
  rendered frames, and the first frame decodes.
- MP4, WebM: the container opens, its video stream has the frame size and one packet per
  rendered frame, and the first frame decodes.
- PNG: the image decodes completely at the frame size.

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
from pathlib import Path

from rnnviz.rendering.options import RenderOptions
from rnnviz.rendering.output import IncompleteFile, Verify


def media_check(options: RenderOptions, frames: int) -> Verify:
    """The check of a file rendered with ``options`` from ``frames`` frames (repeats included)."""
    if options.format == "gif":
        return lambda path: check_gif(path, options.width, options.height, frames * (100 // options.fps))
    if options.format == "png":
        return lambda path: check_png(path, options.width, options.height)
    return lambda path: check_video(path, options.width, options.height, frames)


def check_png(path: Path, width: int, height: int) -> None:
    """Raise :class:`IncompleteFile` unless ``path`` decodes as a ``width`` x ``height`` PNG."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.load()
            size = image.size
    except (OSError, SyntaxError, ValueError) as error:  # Pillow's errors for damaged images
        raise IncompleteFile(f"the PNG does not decode ({error})") from None
    if size != (width, height):
        raise IncompleteFile(f"the PNG is {size[0]}x{size[1]}, not {width}x{height}")


def check_video(path: Path, width: int, height: int, frames: int) -> None:
    """Raise :class:`IncompleteFile` unless ``path`` holds a video of ``frames`` frames whose first decodes."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            packets, first = 0, []
            for packet in container.demux(stream):
                packets += bool(packet.size)
                if packet.size and not first:
                    first = packet.decode()
            if not first:
                first = stream.codec_context.decode(None)  # a short clip still in the decoder's delay
    except (av.error.FFmpegError, IndexError) as error:
        raise IncompleteFile(f"the video does not decode ({error})") from None
    if (stream.width, stream.height) != (width, height):
        raise IncompleteFile(f"the video is {stream.width}x{stream.height}, not {width}x{height}")
    if packets != frames or not first:
        raise IncompleteFile(f"the video is incomplete: it holds {packets} of {frames} frames")


def check_gif(path: Path, width: int, height: int, centiseconds: int) -> None:
    """Raise :class:`IncompleteFile` unless ``path`` is a whole ``width`` x ``height`` GIF lasting
    ``centiseconds``: complete blocks up to the trailer, and a first frame that decodes."""
    from PIL import Image

    data = path.read_bytes()
    try:
        size, lasts = gif_size_and_duration(data)
    except (IndexError, struct.error):
        raise IncompleteFile("the GIF is cut off before its end") from None
    except ValueError as error:
        raise IncompleteFile(f"the GIF is damaged ({error})") from None
    if size != (width, height):
        raise IncompleteFile(f"the GIF is {size[0]}x{size[1]}, not {width}x{height}")
    if lasts != centiseconds:
        raise IncompleteFile(f"the GIF is incomplete: it lasts {lasts} of {centiseconds} centiseconds")
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise IncompleteFile(f"the GIF does not decode ({error})") from None


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
