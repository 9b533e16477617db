"""The output file: its format from the suffix, a usable folder, and one way to publish a file.

Every file rnnviz hands to a user (a render, a copy out of the cache, a cache entry, a trace, a
model) is written into a hidden temporary file beside its destination, checked complete and
renamed over the destination in one step. So a path always holds either its old file or the
whole new one, also when the disk fills up, the render fails or the process is interrupted,
and nothing is left behind.

>>> import tempfile
>>> path = check_output(Path(tempfile.mkdtemp()) / "lstm-step.gif")
>>> output_format(path)
'gif'
>>> with publish(path.with_name("notes.txt")) as part:    # renamed to notes.txt once written
...     _ = part.write_text("whole")
>>> sorted(p.name for p in path.parent.iterdir())         # nothing else left behind
['notes.txt']
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rnnviz.rendering.options import FORMATS, InvalidOption, RenderError

#: A check of a finished temporary file; raises :class:`IncompleteFile` if it is not whole.
Verify = Callable[[Path], None]

# A temporary name is never longer than the destination's own name, or this many bytes when
# the name is shorter: every file system that holds the name holds its temporary file too.
_SHORT_NAME = 64
_PART = ".{stem}.{tag}.part"
_TAG_BYTES = 4


class OutputError(RenderError):
    """A file could not be written or is incomplete (e.g. the disk is full); the destination is unchanged."""


class IncompleteFile(OutputError):
    """A written file that does not hold what was written into it (truncated, damaged)."""


def output_format(path: Path) -> str:
    """The format a path's suffix asks for (``"gif"``, ``"mp4"``, ``"webm"`` or ``"png"``)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        wanted = ", ".join(f".{name}" for name in FORMATS)
        raise InvalidOption(f"cannot write {path.name!r}: the output's suffix must be one of {wanted}")
    return suffix


def check_output(path: str | os.PathLike[str]) -> Path:
    """A render's output as an absolute path, once :func:`check_writable` finds a file can really
    be created there and its suffix names a format rnnviz writes."""
    path = check_writable(path)
    output_format(path)
    return path


def check_writable(path: str | os.PathLike[str]) -> Path:
    """``path`` as an absolute path, once a file can really be created beside it.

    Refused up front, before any work: a folder, a missing folder, and any place where the
    temporary file cannot be created (a read-only mount, ``/proc`` or ``/sys``, a folder
    without write permission, a name too long).
    """
    path = Path(path).expanduser().absolute()
    try:
        if path.is_dir():
            raise InvalidOption(f"the output {path} is a folder; give a file name inside it")
        folder = path.parent
        if not folder.is_dir():
            raise InvalidOption(f"the output folder does not exist: {folder}")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InvalidOption(f"the output folder is not writable: {folder}")
        os.unlink(_create_part(path))
    except OSError as error:
        raise InvalidOption(f"cannot write {path}: {error.strerror or error}") from None
    return path


def part_name(name: str, tag: str) -> str:
    """The hidden temporary name of the file ``name``: never longer than the name itself, or than
    64 bytes when the name is shorter, so it fits wherever the name fits.

    >>> part_name("lstm.gif", "0a1b2c3d")
    '.lstm.gif.0a1b2c3d.part'
    >>> len(part_name("x" * 249 + ".gif", "0a1b2c3d").encode())
    253
    """
    budget = max(len(name.encode()), _SHORT_NAME) - len(_PART.format(stem="", tag=tag).encode())
    stem = name.encode()[:budget].decode(errors="ignore")  # whole characters only
    return _PART.format(stem=stem, tag=tag)


def _create_part(path: Path) -> Path:
    """Create a new, empty temporary file beside ``path`` (with the umask's permissions)."""
    part = path.with_name(part_name(path.name, secrets.token_hex(_TAG_BYTES)))
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    return part


@contextmanager
def publish(path: Path, verify: Verify | None = None) -> Iterator[Path]:
    """Yield a fresh temporary path beside ``path``; once the block has written it, make it ``path``.

    After the block: the file is flushed to the disk, ``verify`` (if given) checks it is whole,
    then one rename replaces ``path``. On any exception, ``KeyboardInterrupt`` and termination
    included, the temporary file is removed and ``path`` is left as it was. An ``OSError`` while
    writing the temporary file (a full disk, say) becomes an :class:`OutputError` naming ``path``.
    """
    part = _create_part(path)
    try:
        try:
            yield part
            _sync(part)
        except OSError as error:
            # A failed write names no file; shutil's copies name the source and then the target.
            named = {str(name) for name in (error.filename, error.filename2) if name is not None}
            if named and str(part) not in named:
                raise  # another file's problem, reported as it is
            raise OutputError(f"cannot write {path}: {error.strerror or error}{_unchanged(path)}") from None
        if verify is not None:
            try:
                verify(part)
            except IncompleteFile as error:
                raise IncompleteFile(f"cannot write {path}: {error}{_unchanged(path)}") from None
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """Give an ``OSError`` raised in the block the name of the file being written, when it has
    none (a failed ``write`` carries no file name), so the error says which file failed."""
    try:
        yield
    except OSError as error:
        if error.filename is not None:
            raise
        raise OSError(error.errno, error.strerror or str(error), str(path)) from None


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class FileRecord:
    """A file's size and sha256, taken once it is known to be whole."""

    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileRecord:
        return cls(path.stat().st_size, file_digest(path))

    def matches(self, path: Path) -> bool:
        """Whether ``path`` holds exactly the recorded bytes."""
        try:
            return path.stat().st_size == self.size and file_digest(path) == self.sha256
        except OSError:
            return False

    def check(self, path: Path) -> None:
        """Raise :class:`IncompleteFile` unless ``path`` holds exactly the recorded bytes."""
        if not self.matches(path):
            raise IncompleteFile(f"the copy does not hold the {self.size} bytes written into it")


def copy_verified(source: Path, path: Path, record: FileRecord) -> None:
    """Publish a copy of ``source``, a whole file described by ``record``, as ``path``."""
    with publish(path, verify=record.check) as part:
        shutil.copyfile(source, part)


def write_file(path: str | os.PathLike[str], data: bytes) -> Path:
    """Publish ``data`` as the file ``path``, checked by reading it back; returns the path."""
    path = Path(path)
    with publish(path, verify=FileRecord(len(data), hashlib.sha256(data).hexdigest()).check) as part:
        with part.open("wb") as file:
            file.write(data)
    return path


def _unchanged(path: Path) -> str:
    return f"; the existing {path.name} is unchanged" if path.exists() else "; nothing was written"


def _sync(part: Path) -> None:
    """Flush a written file to the disk, so a rename never publishes a file whose bytes are lost."""
    fd = os.open(part, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(part)) from None
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the file system supports syncing a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
