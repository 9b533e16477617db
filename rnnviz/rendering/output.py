"""The output file: its format from the suffix, a writable folder, and an atomic replacement.

A render writes into a hidden temporary file beside the output and renames it over the output
only once it is complete, so the output path always holds either the old file or the whole new
one, also when the render fails or is interrupted.

>>> path = check_output("lstm-step.gif")
>>> output_format(path)
'gif'
>>> with atomic_output(path) as part:           # doctest: +SKIP
...     part.write_bytes(encoded)               # renamed to lstm-step.gif on success
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rnnviz.rendering.options import FORMATS, InvalidOption


def output_format(path: Path) -> str:
    """The format a path's suffix asks for (``"gif"``, ``"mp4"``, ``"webm"`` or ``"png"``)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        wanted = ", ".join(f".{name}" for name in FORMATS)
        raise InvalidOption(f"cannot write {path.name!r}: the output's suffix must be one of {wanted}")
    return suffix


def check_output(path: str | os.PathLike[str]) -> Path:
    """The output as an absolute path, after checking its suffix and that its folder is writable."""
    path = Path(path).expanduser().absolute()
    output_format(path)
    folder = path.parent
    if not folder.is_dir():
        raise InvalidOption(f"the output folder does not exist: {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidOption(f"the output folder is not writable: {folder}")
    if path.is_dir():
        raise InvalidOption(f"the output is a folder, not a file: {path}")
    return path


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a fresh temporary path beside ``path``; rename it to ``path`` if the block succeeds.

    On any exception, ``KeyboardInterrupt`` included, the temporary file is removed and ``path``
    is left as it was.
    """
    part = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    # Created here (not by the encoder) so that it gets the umask's permissions like any new file.
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield part
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
