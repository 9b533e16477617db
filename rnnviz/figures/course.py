"""The course set: every image of the course notes, under its own file name, as data.

This is the one copy of the table "The course set" of the figure catalogue: for each file the
notes' markdown references, the notes' section, the scene that regenerates it, the
architecture(s) that scene draws for it and whether it is a still or an animation. Rows are in
the order the notes first show them. The notes' ``.jpg`` stills become ``.png``; a figure may
name several architectures (``vs`` reads LSTM and GRU on the same sentence).

>>> figure = course_figure("rnn-figure18.jpg")
>>> (figure.scene, figure.archs, figure.kind, figure.file_name)
('unroll', ('lstm',), 'still', 'rnn-figure18.png')
>>> len(COURSE_SET), len({f.name for f in COURSE_SET})
(29, 29)
>>> course_figure("rnn-figure18.png").name  # the generated file's name finds it too
'rnn-figure18.jpg'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

#: The two kinds of figure, with the format each is written in.
KIND_FORMATS = {"still": "png", "animation": "gif"}


@dataclass(frozen=True)
class CourseFigure:
    """One image of the notes and what regenerates it."""

    name: str
    """The file name as the notes' markdown references it, e.g. ``"rnn-figure1.jpg"``."""
    section: str
    """The notes' section that shows it, e.g. ``"3.2 unrolled (static)"``."""
    scene: str
    """The scene id (``rnnviz render ARCH --scene ID``)."""
    archs: tuple[str, ...]
    """The architecture(s) the scene draws for this figure, one trace each."""
    kind: str
    """``"still"`` (the scene's final frame) or ``"animation"``."""

    def __post_init__(self) -> None:
        if self.kind not in KIND_FORMATS:
            raise ValueError(f"{self.name}: kind must be one of {', '.join(KIND_FORMATS)}; got {self.kind!r}")

    @property
    def format(self) -> str:
        """``"png"`` for a still, ``"gif"`` for an animation."""
        return KIND_FORMATS[self.kind]

    @property
    def stem(self) -> str:
        return PurePosixPath(self.name).stem

    @property
    def file_name(self) -> str:
        """The generated file's name: the notes' name with the suffix of :attr:`format`."""
        return f"{self.stem}.{self.format}"


def _row(name: str, section: str, scene: str, archs: str, kind: str) -> CourseFigure:
    return CourseFigure(name, section, scene, tuple(archs.split("+")), kind)


#: Every figure of the notes, in the notes' order.
COURSE_SET: tuple[CourseFigure, ...] = (
    _row("rnn-figure1.jpg", "2 typical RNN", "structure", "rnn", "still"),
    _row("rnn-gif2.gif", "3.1 the loop", "loop", "rnn", "animation"),
    _row("rnn-gif3.gif", "3.1 passing the hidden state", "hidden-pass", "rnn", "animation"),
    _row("rnn-gif10.gif", "3.1 sequence input", "sequence", "rnn", "animation"),
    _row("rnn-gif1.gif", "3.2 unrolled (animated)", "unroll", "rnn", "animation"),
    _row("rnn-figure6.jpg", "3.2 unrolled (static)", "unroll", "rnn", "still"),
    _row("rnn-figure2.jpg", "3.3 computation graph, 3.4 formulas", "graph", "rnn", "still"),
    _row("rnn-figure3.jpg", "3.5 engineering view", "engineering", "rnn", "still"),
    _row("rnn-figure4.jpg", "3.6 bidirectional", "bidirectional", "rnn", "still"),
    _row("rnn-figure5.jpg", "3.7 stacked", "stacked", "rnn", "still"),
    _row("rnn-gif4.gif", "4 intent recognition", "intent", "rnn", "animation"),
    _row("rnn-gif5.gif", "4 only the last output decides", "classify", "rnn", "animation"),
    _row("rnn-figure7.jpg", "6.1 LSTM structure", "chain", "lstm", "still"),
    _row("rnn-figure9.jpg", "6.2 LSTM cell", "cell", "lstm", "still"),
    _row("rnn-figure10.jpg", "6.2 three gates, one state (and 6.3)", "gates", "lstm", "still"),
    _row("rnn-gif6.gif", "6.2.1 forget gate", "forget-gate", "lstm", "animation"),
    _row("rnn-gif7.gif", "6.2.2 input gate", "input-gate", "lstm", "animation"),
    _row("rnn-gif8.gif", "6.2.3 cell state", "cell-state", "lstm", "animation"),
    _row("rnn-gif9.gif", "6.2.4 output gate", "output-gate", "lstm", "animation"),
    _row("lstm.gif", "6.3 dynamic view", "step", "lstm", "animation"),
    _row("rnn-figure11.jpg", "6.3 the calculation", "equations", "lstm", "still"),
    _row("rnn-figure17.jpg", "6.3 engineering view", "engineering", "lstm", "still"),
    _row("rnn-figure18.jpg", "6.3 the whole LSTM", "unroll", "lstm", "still"),
    _row("rnn-figure8.jpg", "6.4 bidirectional LSTM", "bidirectional", "lstm", "still"),
    _row("rnn-figure13.jpg", "7.1 LSTM vs GRU", "vs", "lstm+gru", "still"),
    _row("gru.gif", "7.3 dynamic view", "step", "gru", "animation"),
    _row("rnn-figure14.jpg", "7.3 static view", "cell", "gru", "still"),
    _row("rnn-figure15.jpg", "7.3 variants", "variants", "gru", "still"),
    _row("rnn-figure16.jpg", "7.3 engineering view", "engineering", "gru", "still"),
)

_BY_NAME = {name: figure for figure in COURSE_SET for name in (figure.name, figure.file_name)}


def course_figure(file_name: str) -> CourseFigure | None:
    """The course figure a file name stands for, as the notes name it or as rnnviz writes it."""
    return _BY_NAME.get(file_name)
