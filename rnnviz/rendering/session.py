"""Driving manim for one render: configuration set in code, and a tap on every frame.

:func:`manim_session` starts from manim's own library defaults, ignoring any ``manim.cfg`` in
the working folder or the user's home, and sets every option a job needs: frame size and rate,
a private media folder, no manim cache, no manim progress bars, a quiet log. :class:`FrameWriter`
is the scene file writer that hands each frame to the caller instead of writing files.

>>> frames = []
>>> with manim_session(options, media_dir):                       # doctest: +SKIP
...     renderer = CairoRenderer(file_writer_class=FrameWriter.bound(lambda f, n: frames.append(f)))
...     SomeScene(renderer=renderer).render()
"""

from __future__ import annotations

import configparser
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from manim import SceneFileWriter, tempconfig
from manim._config.utils import ManimConfig, config_file_paths

from rnnviz.rendering.cache import usable_cache_dir

if TYPE_CHECKING:
    from rnnviz.rendering.options import RenderOptions

#: Receives each frame (an (H, W, 4) uint8 RGBA array the receiver now owns) and its repeat count.
FrameCallback = Callable[[np.ndarray, int], None]

# manim's frame is 8 units high; the width follows the pixel aspect ratio.
_FRAME_HEIGHT = 8.0


def _library_defaults() -> ManimConfig:
    """manim's configuration from its shipped default.cfg only (no user or folder manim.cfg)."""
    library_cfg = config_file_paths()[0]
    parser = configparser.ConfigParser()
    with library_cfg.open() as file:
        parser.read_file(file)
    return ManimConfig().digest_parser(parser)


def job_config(options: RenderOptions, media_dir: Path, manim_files: Path, *, verbose: bool) -> ManimConfig:
    """The complete manim configuration of one render job; ``manim_files`` holds its LaTeX and
    Pango output (see :func:`shared_manim_files`)."""
    config = _library_defaults()
    config.update(
        {
            # "none": manim writes no media at all; FrameWriter taps the frames. "png": manim's
            # last-frame path, which skips rendering the animations' frames.
            "format": "png" if options.is_still else "none",
            "pixel_width": options.width,
            "pixel_height": options.height,
            "frame_height": _FRAME_HEIGHT,
            "frame_width": _FRAME_HEIGHT * options.width / options.height,
            "frame_rate": options.fps,
            "transparent": options.transparent,
            "media_dir": str(media_dir),
            "tex_dir": str(manim_files / "Tex"),
            "text_dir": str(manim_files / "texts"),
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "INFO" if verbose else "ERROR",
            "log_to_file": False,
            "preview": False,
            "notify_outdated_version": False,
        }
    )
    return config


@contextmanager
def manim_session(options: RenderOptions, media_dir: Path, *, verbose: bool = False) -> Iterator[None]:
    """Apply :func:`job_config` to manim's global config for the ``with`` block, then restore it."""
    with shared_manim_files() as manim_files, _tool_caches(manim_files), tempconfig(
        job_config(options, media_dir, manim_files, verbose=verbose)
    ):
        yield


@contextmanager
def _tool_caches(folder: Path) -> Iterator[None]:
    """dvisvgm keeps a font cache in ``$XDG_CACHE_HOME`` or ``$HOME/.cache``; with neither set it
    would write ``.cache/dvisvgm`` into the working folder. Then it gets the job's own folder."""
    if os.environ.get("XDG_CACHE_HOME") or os.environ.get("HOME"):
        yield
        return
    os.environ["XDG_CACHE_HOME"] = str(folder)
    try:
        yield
    finally:
        os.environ.pop("XDG_CACHE_HOME", None)


# manim names its LaTeX SVGs by content and reuses a file that exists; it only reads them.
_SHARED_FOLDERS = ("Tex",)
# Pango's are not shared: manim makes a Text's SVG in about the time it takes to load one back
# (45 ms per Text either way, measured), and as it rewrites the file in place (manimpango's
# remove_last_M) each job needed a copy of every shared one: seconds per job, once the cache
# held a few thousand labels.
_PRIVATE_FOLDERS = ("texts",)


@contextmanager
def shared_manim_files() -> Iterator[Path]:
    """A private folder of manim's LaTeX and Pango SVGs for one job, the LaTeX ones shared
    between jobs safely.

    Sharing them saves recompiling every formula on each render, but manim writes them in place:
    a render running at the same time could read a half-written file, and a failed one could
    leave an empty file that breaks every later render. So each job starts from hard links to
    the shared SVGs and, only once it has succeeded, publishes the SVGs it made, each by an
    atomic rename. Without a usable cache folder the job's folder is only its own, and
    publishing is skipped whenever the cache's disk cannot take it. Pango SVGs are the job's own.
    """
    cache = usable_cache_dir()
    shared = cache / "manim" if cache is not None else None
    try:
        if shared is not None:
            for folder in _SHARED_FOLDERS:
                (shared / folder).mkdir(parents=True, exist_ok=True)
            # Inside the cache folder, so hard links stay on one file system.
            job = TemporaryDirectory(prefix="job-", dir=shared)
        else:
            job = TemporaryDirectory(prefix="rnnviz-manim-")
    except OSError:
        shared, job = None, TemporaryDirectory(prefix="rnnviz-manim-")
    with job as name:
        private = Path(name)
        known: dict[str, set[str]] = {}
        for folder in _PRIVATE_FOLDERS:
            (private / folder).mkdir()
        for folder in _SHARED_FOLDERS:
            (private / folder).mkdir()
            known[folder] = set()
            for svg in (shared / folder).glob("*.svg") if shared is not None else ():
                if svg.stat().st_size > 0:  # an empty one is a crashed render's; make it anew
                    _link(svg, private / folder / svg.name)
                    known[folder].add(svg.name)
        yield private
        if shared is not None:
            _publish_svgs(private, shared, known)


def _publish_svgs(private: Path, shared: Path, known: dict[str, set[str]]) -> None:
    """Publish the SVGs a job made; a cache disk that cannot take them only loses the sharing."""
    for folder in _SHARED_FOLDERS:
        for svg in (private / folder).glob("*.svg"):
            if svg.name in known[folder] or svg.stat().st_size == 0:
                continue
            part = shared / folder / f".{svg.name}.{os.getpid()}.part"
            try:
                _link(svg, part)
                os.replace(part, shared / folder / svg.name)
            except OSError:
                part.unlink(missing_ok=True)
                return


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, target)


class FrameWriter(SceneFileWriter):
    """A scene file writer that passes every frame to a callback and writes no file itself.

    Use :meth:`bound` to get a subclass tied to one callback, and give it to the renderer:
    ``CairoRenderer(file_writer_class=FrameWriter.bound(callback))``. Animated frames arrive
    through :meth:`write_frame`; with manim's ``png`` format, only the final frame arrives,
    through :meth:`save_image`.
    """

    on_frame: ClassVar[FrameCallback]

    @classmethod
    def bound(cls, on_frame: FrameCallback) -> type[FrameWriter]:
        """A subclass whose instances send frames to ``on_frame``."""
        return type(cls.__name__, (cls,), {"on_frame": staticmethod(on_frame)})

    def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        self.on_frame(pixels, repeat)

    def save_image(self, pixels: np.ndarray) -> None:
        self.on_frame(pixels, 1)

    def print_file_ready_message(self, file_path: Any) -> None:
        """No message: manim wrote no file; the pipeline reports the output itself."""
