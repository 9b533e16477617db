"""Reusable manim building blocks of rnnviz figures, usable in anyone's manim scene.

Importing this package loads manim and numpy only (never torch).

>>> from manim import Scene
>>> from rnnviz.mobjects import VectorStrip, GateMultiply, get_theme
>>> class Forget(Scene):
...     def construct(self):
...         c_prev = VectorStrip([0.8, -0.6, 0.3], array="c_prev", theme=get_theme("dark"))
...         self.add(c_prev)
...         self.play(GateMultiply(c_prev, [0.05, 0.97, 0.5]))
"""

from rnnviz.mobjects.animations import ChangeGateValue, ChangeStripValues, GateMultiply, GrowBars
from rnnviz.mobjects.bars import ProbabilityBars
from rnnviz.mobjects.board import BoardVector, ColumnBoard, function_arrow
from rnnviz.mobjects.cells import CellDiagram, GRUCell, LSTMCell, RNNCell, cell_for
from rnnviz.mobjects.chain import ChainCell, ShareWeights, UnrolledChain
from rnnviz.mobjects.classifier import ClassifierHead, Classify
from rnnviz.mobjects.folded import CarryAround, FoldedCell
from rnnviz.mobjects.gate import GateGlyph
from rnnviz.mobjects.header import ChangeStep, Header, StepCounter, SwapHeader
from rnnviz.mobjects.labels import INTENTS, LANGS, TERMS, intent_name, part_term, term
from rnnviz.mobjects.layer import LayerBox
from rnnviz.mobjects.layout import Layout, Region
from rnnviz.mobjects.named import NamedVector, Rename
from rnnviz.mobjects.ops import PointwiseOp
from rnnviz.mobjects.sentence import FocusToken, SentenceRow
from rnnviz.mobjects.strip import VectorStrip
from rnnviz.mobjects.symbols import ARCH_SYMBOLS, ArchSymbols, symbols_for, tex
from rnnviz.mobjects.text import FONT, ValueText, format_percent, format_value, make_math, make_text
from rnnviz.mobjects.theme import Theme, get_theme
from rnnviz.mobjects.token import TokenChip
from rnnviz.mobjects.wire import Wire

__all__ = [
    "ARCH_SYMBOLS",
    "ArchSymbols",
    "BoardVector",
    "CarryAround",
    "CellDiagram",
    "ChainCell",
    "ChangeGateValue",
    "ChangeStep",
    "ChangeStripValues",
    "ClassifierHead",
    "Classify",
    "ColumnBoard",
    "FocusToken",
    "FONT",
    "FoldedCell",
    "GateGlyph",
    "GRUCell",
    "GateMultiply",
    "GrowBars",
    "Header",
    "INTENTS",
    "LANGS",
    "LSTMCell",
    "LayerBox",
    "Layout",
    "NamedVector",
    "PointwiseOp",
    "ProbabilityBars",
    "RNNCell",
    "Region",
    "Rename",
    "ShareWeights",
    "StepCounter",
    "SwapHeader",
    "SentenceRow",
    "TERMS",
    "Theme",
    "TokenChip",
    "UnrolledChain",
    "ValueText",
    "VectorStrip",
    "Wire",
    "cell_for",
    "format_percent",
    "format_value",
    "function_arrow",
    "get_theme",
    "intent_name",
    "make_math",
    "make_text",
    "part_term",
    "symbols_for",
    "term",
    "tex",
]
