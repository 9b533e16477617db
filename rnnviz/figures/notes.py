"""The user's course notes with every link to a course figure pointing at the generated file.

Only the destinations of links change, byte for byte the rest of the text stays as it was: the
alt text, titles, line endings, a byte order mark, the links that name no course figure. Links
are found in every form the notes use: inline images and links (also an image inside a link),
reference-style images with their definitions, and HTML ``<img src>``; code spans, fenced code
blocks and HTML comments are left alone. A figure is recognised by its file name, as the notes
name it (``rnn-figure1.jpg``) or as rnnviz writes it (``rnn-figure1.png``).

>>> notes = Notes("notes.md", "See ![the loop](images/rnn-gif2.gif) and ![x](cat.png).\\n")
>>> result = notes.rewrite({"rnn-gif2.gif": "en-dark/rnn-gif2.gif"}.get)
>>> result.text
'See ![the loop](en-dark/rnn-gif2.gif) and ![x](cat.png).\\n'
>>> result.unrecognised
('notes.md:1: image not in the course set: cat.png',)
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from rnnviz.figures.course import CourseFigure, course_figure
from rnnviz.rendering.options import InvalidOption

# A link's text: anything but brackets, or one level of nested brackets (an image in a link).
_TEXT = r"(?:[^\[\]\\\n]|\\.|\[(?:[^\[\]\\\n]|\\.)*\])*"
_DESTINATION = r"<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+"
_TITLE = r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?"""
_INLINE_END = rf"\]\(\s*(?P<dest>{_DESTINATION}){_TITLE}\s*\)"
_INLINE_IMAGE = re.compile(rf"!\[{_TEXT}{_INLINE_END}")
# A link, also one whose text is an image: both are found, as the two patterns run separately.
_INLINE_LINK = re.compile(rf"(?<![!\\])\[{_TEXT}{_INLINE_END}")
_DEFINITION = re.compile(rf"^ {{0,3}}\[(?P<label>[^\]\n]+)\]:[ \t]*\n?[ \t]*(?P<dest>{_DESTINATION})", re.MULTILINE)
_IMAGE_REFERENCE = re.compile(rf"!\[(?P<text>{_TEXT})\](?:\[(?P<label>[^\]\n]*)\]|(?![(:]))")
_HTML_IMG = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'>]+))""", re.IGNORECASE)
# What Markdown does not read as links: fenced code blocks, code spans, HTML comments.
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Link:
    """One link destination in the notes: where it stands, and whether it shows an image."""

    start: int
    end: int
    destination: str
    line: int
    image: bool

    @property
    def file_name(self) -> str:
        """The last path segment of the destination, without query or fragment, percent-decoded."""
        path = re.split(r"[?#]", self.destination, maxsplit=1)[0]
        return unquote(PurePosixPath(path).name) if path else ""


@dataclass(frozen=True)
class Rewritten:
    """The rewritten text and what the rewrite reports."""

    text: str
    changed: int
    """Links now pointing at a generated file."""
    kept: tuple[str, ...]
    """Course figures linked but not in the set (not rendered), left as they were."""
    unrecognised: tuple[str, ...]
    """One line per image link that names no course figure."""


@dataclass(frozen=True)
class Notes:
    """A markdown file of course notes: its name and its text."""

    name: str
    text: str

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Notes:
        """Read UTF-8 notes; a missing, unreadable or non-UTF-8 file raises ``InvalidOption``."""
        path = Path(path)
        if not path.exists():
            raise InvalidOption(f"the notes file does not exist: {path}")
        if path.is_dir():
            raise InvalidOption(f"the notes file is a folder: {path}")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InvalidOption(f"cannot read the notes file {path}: {error.strerror or error}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidOption(f"the notes file is not UTF-8 text: {path} (byte {error.start})") from None
        return cls(path.name, text)

    def output_name(self, folder: str) -> str:
        """The copy's name for the variant in ``folder``: ``notes.md``, or ``notes.zh-dark.md``."""
        if not folder:
            return self.name
        path = PurePosixPath(self.name)
        return f"{path.stem}.{folder}{path.suffix}"

    def links(self) -> list[Link]:
        """Every link destination, in the order of the text."""
        visible = _without_code(self.text)
        image_labels = {
            _label(m["label"] or m["text"]) for m in _IMAGE_REFERENCE.finditer(visible)
        }
        found: list[tuple[int, int, bool]] = []
        for pattern, image in ((_INLINE_IMAGE, True), (_INLINE_LINK, False)):
            for match in pattern.finditer(visible):
                found.append((*_inside_brackets(match.span("dest"), match["dest"]), image))
        for match in _DEFINITION.finditer(visible):
            found.append((*_inside_brackets(match.span("dest"), match["dest"]), _label(match["label"]) in image_labels))
        for match in _HTML_IMG.finditer(visible):
            group = next(name for name in ("dq", "sq", "uq") if match[name] is not None)
            found.append((*match.span(group), True))
        return [
            Link(start, end, self.text[start:end], self.text.count("\n", 0, start) + 1, image)
            for start, end, image in sorted(set(found))
            if end > start
        ]

    def undefined_references(self) -> list[str]:
        """One line per reference-style image whose label has no definition."""
        visible = _without_code(self.text)
        defined = {_label(m["label"]) for m in _DEFINITION.finditer(visible)}
        return [
            f"{self.name}:{visible.count(chr(10), 0, m.start()) + 1}: image reference [{m['label'] or m['text']}] "
            "has no definition"
            for m in _IMAGE_REFERENCE.finditer(visible)
            if m["label"] is not None and _label(m["label"] or m["text"]) not in defined
        ]

    def rewrite(self, target: Callable[[str], str | None]) -> Rewritten:
        """Point each link to a course figure at ``target(figure.name)`` (a path relative to the
        copy); a figure for which ``target`` gives None keeps its link."""
        pieces, position, changed = [], 0, 0
        kept: list[str] = []
        unrecognised = self.undefined_references()
        for link in self.links():
            figure: CourseFigure | None = course_figure(link.file_name)
            if figure is None:
                if link.image:
                    unrecognised.append(f"{self.name}:{link.line}: image not in the course set: {link.destination}")
                continue
            new = target(figure.name)
            if new is None:
                kept.append(figure.name)
                continue
            pieces += [self.text[position : link.start], new]
            position, changed = link.end, changed + 1
        pieces.append(self.text[position:])
        return Rewritten("".join(pieces), changed, tuple(dict.fromkeys(kept)), tuple(unrecognised))


def _label(text: str) -> str:
    """A reference label as Markdown matches it: case-insensitive, whitespace collapsed."""
    return " ".join(text.split()).casefold()


def _inside_brackets(span: tuple[int, int], destination: str) -> tuple[int, int]:
    """The span of a destination without its ``<...>``."""
    start, end = span
    return (start + 1, end - 1) if destination.startswith("<") else (start, end)


def _without_code(text: str) -> str:
    """``text`` with fenced code blocks, code spans and HTML comments blanked out (newlines
    kept), so that positions stay the same and nothing inside them looks like a link."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "

    offset, fence, fence_start = 0, None, 0
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            fence, fence_start = match["fence"], offset
        elif fence is not None and match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) \
                and not line[match.end():].strip():
            blank(fence_start, offset + len(line))
            fence = None
        offset += len(line)
    if fence is not None:  # an unclosed fence runs to the end
        blank(fence_start, len(text))
    for pattern in (_COMMENT, _CODE_SPAN):
        for match in pattern.finditer("".join(chars)):
            blank(*match.span())
    return "".join(chars)
