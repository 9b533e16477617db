"""Cell diagrams of RNN, LSTM and GRU in colah's topology, with colah's "focus" panels.

Layers are boxes, pointwise operations are circles, and the state runs as a straight line
across the top (the LSTM's cell state, the GRU's hidden state). Every element has a name, so a
scene can pulse a wire (:meth:`CellDiagram.flow`), place a value next to a port
(:meth:`CellDiagram.port`) or grey out everything except one idea (:meth:`CellDiagram.focus`).

The GRU is drawn in PyTorch's convention, the one its numbers come from: the update gate
``z`` weights the OLD state, ``h_t = (1 - z) * n + z * h_{t-1}``, and the reset gate multiplies
``W_hn h_{t-1} + b_hn`` (after the matrix product).

>>> from rnnviz.mobjects.cells import LSTMCell
>>> cell = LSTMCell()
>>> sorted(cell.layers)
['f', 'g', 'i', 'o']
>>> cell.focus("forget").is_active("f"), cell.is_active("o")
(True, False)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from manim import Animation, AnimationGroup, LaggedStart, ManimColor, Mobject, RoundedRectangle, VGroup, interpolate_color

from rnnviz.mobjects.layer import LayerBox
from rnnviz.mobjects.ops import PointwiseOp
from rnnviz.mobjects.symbols import tex
from rnnviz.mobjects.text import make_math
from rnnviz.mobjects.theme import Theme, get_theme
from rnnviz.mobjects.wire import Wire

if TYPE_CHECKING:
    from typing import Self

    from manim import MathTex

__all__ = ["CellDiagram", "RNNCell", "LSTMCell", "ProjectedLSTMCell", "GRUCell", "CELLS", "Refocus", "cell_for"]

Point = tuple[float, float]


class CellDiagram(VGroup):
    """Base of the three cell diagrams: named layers, operations, wires and labels in a box.

    Subclasses set :attr:`arch`, :attr:`FOCUS` (idea -> names of the elements it involves)
    and :attr:`FLOW` (idea -> stages of wires that pulse together, in order), and build the
    geometry in :meth:`build`.

    Parameters
    ----------
    theme
        Colours and sizes (default: the light theme).
    nonlinearity
        The plain RNN's activation, ``"tanh"`` or ``"relu"`` (ignored by LSTM and GRU).
    previous
        The index of the state that enters, as LaTeX: ``"t-1"``, or ``"t+1"`` for the backward
        direction of a bidirectional network, which reads the sentence from its end.

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.cells import LSTMCell

        class Focus(Scene):
            def construct(self):
                cell = LSTMCell()
                self.add(cell)
                self.play(cell.refocus("forget"))
                self.play(cell.flow("forget"))
                self.play(cell.refocus())
    """

    arch: ClassVar[str] = ""
    FOCUS: ClassVar[dict[str, tuple[str, ...]]] = {}
    FLOW: ClassVar[dict[str, tuple[tuple[str, ...], ...]]] = {}
    #: The ideas of one whole time step, in the order the values flow.
    PASS: ClassVar[tuple[str, ...]] = ()

    #: Half width and half height of the cell's box; wires reach ``STUB`` beyond its sides.
    HALF: ClassVar[Point] = (2.65, 1.75)
    STUB: ClassVar[float] = 0.75

    def __init__(self, theme: Theme | None = None, nonlinearity: str = "tanh", previous: str = "t-1",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.theme = theme if theme is not None else get_theme("light")
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"unknown nonlinearity {nonlinearity!r}; expected 'tanh' or 'relu'")
        if previous not in ("t-1", "t+1"):
            raise ValueError(f"the entering state is h_{{t-1}} or h_{{t+1}}, not h_{{{previous}}}")
        self.nonlinearity = nonlinearity
        self.previous = previous
        self.layers: dict[str, LayerBox] = {}
        self.ops: dict[str, PointwiseOp] = {}
        self.wires: dict[str, Wire] = {}
        self.labels: dict[str, MathTex] = {}
        self.ports: dict[str, np.ndarray] = {}
        half_w, half_h = self.HALF
        self.body = RoundedRectangle(width=2 * half_w, height=2 * half_h, corner_radius=0.3)
        self.body.set_style(
            fill_color=self.theme.panel, fill_opacity=1.0, stroke_color=self.theme.muted, stroke_width=self.theme.sizes.stroke
        )
        self.build()
        # Wires under nodes, nodes under labels.
        self.label_group = VGroup(*self.labels.values())
        self.add(self.body, VGroup(*self.wires.values()), VGroup(*self.ops.values(), *self.layers.values()),
                 self.label_group)
        self.focused: tuple[str, ...] = ()

    def drop_labels(self) -> Self:
        """Take the wires' names off, for a diagram drawn too small to read them (a row of cells,
        two cells side by side): what they name is then said around the diagram.

        >>> cell = LSTMCell().drop_labels()
        >>> cell.labels, "label:f" in cell.elements
        ({}, False)
        """
        self.remove(self.label_group)
        self.label_group = VGroup()
        self.labels = {}
        return self

    # ---- geometry helpers for subclasses ------------------------------------------------
    def build(self) -> None:
        """Create the layers, operations, wires, labels and ports (subclasses)."""
        raise NotImplementedError(f"{type(self).__name__} must implement build()")

    @property
    def left(self) -> float:
        return -self.HALF[0] - self.STUB

    @property
    def right(self) -> float:
        return self.HALF[0] + self.STUB

    @property
    def bottom(self) -> float:
        return -self.HALF[1] - self.STUB

    def _layer(self, name: str, activation: str, part: str, at: Point) -> LayerBox:
        self.layers[name] = LayerBox(activation, part, self.theme).move_to([*at, 0.0])
        return self.layers[name]

    def _op(self, name: str, kind: str, at: Point) -> PointwiseOp:
        self.ops[name] = PointwiseOp(kind, self.theme).move_to([*at, 0.0])
        return self.ops[name]

    def _node(self, name: str) -> LayerBox | PointwiseOp:
        return self.layers[name] if name in self.layers else self.ops[name]

    def _wire(
        self,
        name: str,
        *points: Point | str,
        carries: str | None,
        tip: bool = True,
    ) -> Wire:
        """A wire through ``points``; a point given as a node's name starts or ends on its rim."""
        corners = [self._node(p).get_center()[:2] if isinstance(p, str) else np.array(p, dtype=float) for p in points]
        for end, inner in ((0, 1), (-1, -2)):
            if isinstance(points[end], str):
                direction = corners[inner] - corners[end]
                direction /= np.linalg.norm(direction)
                node = self._node(points[end])
                corners[end] = corners[end] + direction * node.reach([*direction, 0.0])
        self.wires[name] = Wire(*corners, carries=carries, theme=self.theme, tip=tip)
        return self.wires[name]

    def _label(self, name: str, at: Point) -> MathTex:
        """The name of the wire carrying the Trace array ``name``, from the symbol table."""
        label = make_math(tex(name, previous=self.previous), self.theme, size=self.theme.sizes.diagram_font)
        self.labels[name] = label.move_to([*at, 0.0])
        return label

    def _port(self, name: str, at: Point) -> None:
        self.ports[name] = np.array([*at, 0.0])

    # ---- reading ------------------------------------------------------------------------
    @property
    def elements(self) -> dict[str, Mobject]:
        """Every named element: layers, operations, wires and labels (labels as ``label:NAME``)."""
        out: dict[str, Mobject] = {**self.layers, **self.ops, **self.wires}
        out.update({f"label:{k}": v for k, v in self.labels.items()})
        return out

    def element(self, name: str) -> Mobject:
        """The element called ``name`` (a layer, operation, wire or ``label:NAME``)."""
        elements = self.elements
        if name not in elements:
            raise KeyError(f"{type(self).__name__} has no element {name!r}; it has {sorted(elements)}")
        return elements[name]

    def port(self, name: str) -> np.ndarray:
        """Where the vector ``name`` enters or leaves the cell (``"x"``, ``"h_prev"``, ``"h"``, ...),
        in scene coordinates."""
        if name not in self.ports:
            raise KeyError(f"{type(self).__name__} has no port {name!r}; it has {sorted(self.ports)}")
        # Ports are stored in the cell's own frame; the body tracks every move and scale.
        half_w, half_h = self.HALF
        scale = self.body.width / (2 * half_w)
        return self.body.get_center() + scale * self.ports[name]

    def is_active(self, name: str) -> bool:
        """Whether the element ``name`` is drawn in colour (not greyed out)."""
        element = self.element(name)
        if isinstance(element, (Wire, LayerBox, PointwiseOp)):
            return element.active
        return element.get_fill_color().to_hex().upper() != self.theme.muted.upper()

    # ---- focus panels ---------------------------------------------------------------------
    def focus_names(self, *ideas: str) -> set[str]:
        """The element names that the ideas ``ideas`` (keys of :attr:`FOCUS`) involve."""
        unknown = [idea for idea in ideas if idea not in self.FOCUS]
        if unknown:
            raise KeyError(f"{type(self).__name__} has no idea {unknown[0]!r}; it has {sorted(self.FOCUS)}")
        return {name for idea in ideas for name in self.FOCUS[idea]}

    def focus(self, *ideas: str) -> Self:
        """Grey out every element except those of ``ideas`` (colah's focus panels).

        At once; :meth:`refocus` animates the change. ``focus()`` with no idea shows everything.
        """
        if not ideas:
            return self.unfocus()
        keep = self.focus_names(*ideas)
        for name, element in self.elements.items():
            self._paint(element, name in keep)
        self.focused = tuple(ideas)
        return self

    def unfocus(self) -> Self:
        """Draw every element in colour again."""
        for element in self.elements.values():
            self._paint(element, True)
        self.focused = ()
        return self

    def refocus(self, *ideas: str, **kwargs: Any) -> Refocus:
        """An animation to :meth:`focus` on ``ideas`` (none: everything in colour again).

        Cheaper than ``cell.animate.focus(...)``: only colours change, nothing is copied.
        """
        return Refocus(self, *ideas, **kwargs)

    def _paint(self, element: Mobject, active: bool) -> None:
        if isinstance(element, (Wire, LayerBox, PointwiseOp)):
            element.set_active(active)
        else:
            element.set_fill(color=self.theme.foreground if active else self.theme.muted)

    # ---- motion -----------------------------------------------------------------------------
    def pulses(self, *wires: str, run_time: float | None = None) -> AnimationGroup:
        """Pulses along ``wires`` at the same time."""
        return AnimationGroup(*(self.wires[w].pulse(run_time=run_time) for w in wires))

    def flow(self, *ideas: str, run_time: float | None = None, lag_ratio: float = 1.0) -> LaggedStart:
        """The vectors of ``ideas`` moving through the cell, stage after stage.

        ``run_time`` is the whole flow's duration (default: one pulse per stage); with
        ``lag_ratio`` below 1 a stage starts before the previous one has arrived, in waves.
        """
        stages = [stage for idea in self._checked(ideas) for stage in self.FLOW[idea]]
        if run_time is None:
            run_time = self.theme.timing.pulse * (1 + lag_ratio * (len(stages) - 1))
        each = run_time / (1 + lag_ratio * (len(stages) - 1))
        return LaggedStart(*(self.pulses(*stage, run_time=each) for stage in stages), lag_ratio=lag_ratio,
                           run_time=run_time)

    def sweep(self, run_time: float | None = None) -> LaggedStart:
        """One whole time step flowing through the cell, input to output, in overlapping waves."""
        return self.flow(*self.PASS, run_time=run_time, lag_ratio=0.5)

    def _checked(self, ideas: tuple[str, ...]) -> tuple[str, ...]:
        self.focus_names(*ideas)
        return ideas


def _colors(mobject: Mobject) -> list[tuple[ManimColor, ManimColor]]:
    """The fill and stroke colour of every part of ``mobject`` that is drawn."""
    return [(m.get_fill_color(), m.get_stroke_color()) for m in mobject.family_members_with_points()]


class Refocus(Animation):
    """Grey out the elements of a :class:`CellDiagram` outside ``ideas``, colour the others.

    Colours fade from the current focus to the new one; geometry is untouched, so nothing is
    copied (a diagram has hundreds of parts).

    Examples
    --------
    .. code-block:: python

        from manim import Scene
        from rnnviz.mobjects.cells import GRUCell, Refocus

        class Focus(Scene):
            def construct(self):
                cell = GRUCell()
                self.add(cell)
                self.play(Refocus(cell, "reset"))
                self.play(Refocus(cell))  # everything again
    """

    def __init__(self, cell: CellDiagram, *ideas: str, **kwargs: Any) -> None:
        if not isinstance(cell, CellDiagram):
            raise TypeError(f"Refocus animates a CellDiagram, got {type(cell).__name__}")
        cell.focus_names(*ideas)  # unknown ideas fail now, not mid-scene
        self.ideas = ideas
        kwargs.setdefault("run_time", cell.theme.timing.move)
        super().__init__(cell, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # colours are recorded in begin(); no copy needed

    def begin(self) -> None:
        cell: CellDiagram = self.mobject
        start = {name: _colors(e) for name, e in cell.elements.items()}
        cell.focus(*self.ideas)
        end = {name: _colors(e) for name, e in cell.elements.items()}
        # Only the parts whose colours change are animated.
        self._changes = [
            (part, a, b)
            for name, element in cell.elements.items()
            for part, a, b in zip(element.family_members_with_points(), start[name], end[name])
            if a != b
        ]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        for part, (fill0, stroke0), (fill1, stroke1) in self._changes:
            part.set_fill(interpolate_color(fill0, fill1, a), family=False)
            part.set_stroke(interpolate_color(stroke0, stroke1, a), family=False)


class LSTMCell(CellDiagram):
    """An LSTM cell: forget, input and output gates, the candidate, the cell state on top.

    Ideas for :meth:`focus` and :meth:`flow`: ``"concat"`` ([h_{t-1}; x_t] built at the
    bottom), ``"forget"``, ``"input"`` (input gate and candidate), ``"cell"`` (the cell-state
    update) and ``"output"``; one layer alone: ``"forget_gate"``, ``"input_gate"``,
    ``"candidate"``, ``"output_gate"``, and ``"tanh_c"`` (the cell state squashed for the
    output); at a glance: ``"gates"`` (f, i, o) and ``"states"`` (c and h, carried to the next
    step). Ports: ``c_prev``, ``h_prev``, ``x``, ``c``, ``h``.
    """

    arch = "lstm"
    FOCUS = {
        "concat": ("h_prev", "x", "bus", "label:h_prev", "label:x"),
        "forget": ("bus", "to_f", "f", "f_out", "c_prev", "mul_f", "label:f", "label:c_prev"),
        "input": ("bus", "to_i", "to_g", "i", "g", "i_out", "g_out", "mul_i", "label:i", "label:g"),
        "cell": ("c_prev", "mul_f", "c_kept", "ig_out", "add_c", "c_out", "label:c_prev", "label:c"),
        "output": (
            "bus", "to_o", "o", "o_out", "c_branch", "tanh_c", "tanh_out", "mul_o", "h_out",
            "label:o", "label:h",
        ),
        # one layer at a time: [h_{t-1}; x_t] through it, its vector leaving
        "forget_gate": ("bus", "to_f", "f", "f_out", "label:f"),
        "input_gate": ("bus", "to_i", "i", "i_out", "label:i"),
        "candidate": ("bus", "to_g", "g", "g_out", "label:g"),
        "output_gate": ("bus", "to_o", "o", "o_out", "label:o"),
        "tanh_c": ("c_out", "c_branch", "tanh_c", "tanh_out", "label:c"),
        # the cell at a glance: its gates, and the states it carries to the next step
        "gates": ("f", "i", "o", "label:f", "label:i", "label:o"),
        "states": ("c_prev", "mul_f", "c_kept", "add_c", "c_out", "h_prev", "h_out",
                   "label:c_prev", "label:c", "label:h_prev", "label:h"),
    }
    FLOW = {
        "concat": (("h_prev", "x"), ("bus",)),
        "forget": (("c_prev", "to_f"), ("f_out",)),
        "input": (("to_i", "to_g"), ("i_out", "g_out")),
        "cell": (("c_kept", "ig_out"), ("c_out",)),
        "output": (("to_o", "c_branch"), ("o_out", "tanh_out"), ("h_out",)),
        "forget_gate": (("to_f",), ("f_out",)),
        "input_gate": (("to_i",), ("i_out",)),
        "candidate": (("to_g",), ("g_out",)),
        "output_gate": (("to_o",), ("o_out",)),
        "tanh_c": (("c_branch",), ("tanh_out",)),
        "gates": (("f_out", "i_out", "o_out"),),
        "states": (("c_prev", "h_prev"), ("c_kept",), ("c_out", "h_out")),
    }
    PASS = ("concat", "forget", "input", "cell", "output")

    #: Rows (cell state, middle, layers, bus) and columns (gates, x_t, output) of the drawing.
    ROWS: ClassVar[tuple[float, float, float, float]] = (1.2, 0.42, -0.38, -1.2)
    COLUMNS: ClassVar[tuple[float, ...]] = (-1.55, -0.6, 0.35, 1.3, -2.15, 2.25)

    def build(self) -> None:
        y_c, y_m, y_l, y_b = self.ROWS
        x_f, x_i, x_g, x_o, x_x, x_h = self.COLUMNS
        left, right = self.left, self.right
        self._layer("f", "sigmoid", "forget", (x_f, y_l))
        self._layer("i", "sigmoid", "input", (x_i, y_l))
        self._layer("g", "tanh", "candidate", (x_g, y_l))
        self._layer("o", "sigmoid", "output", (x_o, y_l))
        self._op("mul_f", "mul", (x_f, y_c))
        self._op("mul_i", "mul", (x_g, y_m))
        self._op("add_c", "add", (x_g, y_c))
        self._op("tanh_c", "tanh", (x_h, y_m))
        self._op("mul_o", "mul", (x_h, y_l))
        # the cell state, left to right across the top
        self._wire("c_prev", (left, y_c), "mul_f", carries="c_prev")
        self._wire("c_kept", "mul_f", "add_c", carries="c")
        self._wire("c_out", "add_c", (right, y_c), carries="c")
        # [h_{t-1}; x_t] along the bottom, up into each layer
        self._wire("h_prev", (left, y_b), (x_x, y_b), carries="h_prev", tip=False)
        self._wire("x", (x_x, self.bottom), (x_x, y_b), carries="x", tip=False)
        self._wire("bus", (x_x, y_b), (x_o, y_b), carries=None, tip=False)
        for gate in "figo":
            x = self.layers[gate].get_x()
            self._wire(f"to_{gate}", (x, y_b), gate, carries=None)
        # gate outputs
        self._wire("f_out", "f", "mul_f", carries="f")
        self._wire("i_out", "i", (x_i, y_m), "mul_i", carries="i")
        self._wire("g_out", "g", "mul_i", carries="g")
        self._wire("ig_out", "mul_i", "add_c", carries="c")
        self._wire("c_branch", (x_h, y_c), "tanh_c", carries="c")
        self._wire("tanh_out", "tanh_c", "mul_o", carries="tanh_c")
        self._wire("o_out", "o", "mul_o", carries="o")
        self._wire("h_out", "mul_o", (x_h + 0.5, y_l), (x_h + 0.5, y_b), (right, y_b), carries="h")
        # names of the wires, beside them as in colah's figures
        above = 0.3
        self._label("c_prev", (left + 0.35, y_c + above))
        self._label("c", (right - 0.2, y_c + above))
        self._label("h_prev", (left + 0.35, y_b - above))
        self._label("h", (right - 0.2, y_b - above))
        self._label("x", (x_x - 0.3, self.bottom + 0.2))
        self._label("f", (x_f - 0.27, (y_l + y_c) / 2))
        self._label("i", (x_i - 0.3, (y_l + y_m) / 2 + 0.06))
        self._label("g", (x_g + 0.27, (y_l + y_m) / 2 - 0.02))
        self._label("o", ((x_o + x_h) / 2 + 0.05, y_l + 0.3))
        for name, at in {
            "c_prev": (left, y_c),
            "c": (right, y_c),
            "h_prev": (left, y_b),
            "h": (right, y_b),
            "x": (x_x, self.bottom),
        }.items():
            self._port(name, at)


class ProjectedLSTMCell(LSTMCell):
    """An LSTM with ``proj_size``: ``h_t = W_hr (o_t * tanh(c_t))``, a learned projection.

    The product ``o_t * tanh(c_t)`` (the Trace's ``h_full``) drops from the output gate's ×
    into a ``W`` box on the bottom line, and only the projected ``h_t`` leaves the cell. Ideas
    as :class:`LSTMCell`, with ``"output"`` ending at the ``W`` box and ``"project"`` after it.
    """

    FOCUS = {
        **LSTMCell.FOCUS,
        "output": (
            "bus", "to_o", "o", "o_out", "c_branch", "tanh_c", "tanh_out", "mul_o", "h_full_out", "label:o",
        ),
        "project": ("h_full_out", "proj", "h_out", "label:h"),
    }
    FLOW = {
        **LSTMCell.FLOW,
        "output": (("to_o", "c_branch"), ("o_out", "tanh_out"), ("h_full_out",)),
        "project": (("h_out",),),
    }
    PASS = (*LSTMCell.PASS, "project")

    def build(self) -> None:
        super().build()
        y_b, x_h = self.ROWS[3], self.COLUMNS[5]
        self._layer("proj", "linear", "hidden", (x_h, y_b))
        self._wire("h_full_out", "mul_o", "proj", carries="h_full")
        self._wire("h_out", "proj", (self.right, y_b), carries="h")


class GRUCell(CellDiagram):
    """A GRU cell in PyTorch's convention: the hidden state on top, reset and update gates.

    ``h_t = (1 - z_t) * n_t + z_t * h_{t-1}``: the update gate keeps the OLD state.
    Ideas: ``"concat"``, ``"reset"`` (r_t and ``r * (W_hn h_{t-1} + b_hn)``), ``"candidate"``
    (n_t), and the update gate, whole (``"update"``) or in three parts: ``"keep"`` (z_t times
    the old state), ``"take"`` (1 - z_t times the candidate) and ``"mix"`` (their sum, h_t);
    one piece alone: ``"reset_gate"`` (the layer making r_t) and
    ``"recurrent"`` (the old state's part of the candidate, ``W_hn h_{t-1} + b_hn``, made by its own
    linear layer ``hn`` under the reset's product); at a glance:
    ``"gates"`` (r, z) and ``"states"`` (h, carried to the next step). Ports: ``h_prev``, ``x``, ``h``.
    """

    arch = "gru"
    FOCUS = {
        "concat": ("h_prev", "h_down", "x", "bus", "label:h_prev", "label:x"),
        "reset": ("bus", "to_r", "r", "r_out", "to_hn", "mul_r", "label:r"),
        "candidate": ("bus", "rhn_out", "to_n", "n", "label:n"),
        # the update gate's three ideas: z keeps the old state, 1 - z lets the candidate in, the sum
        "keep": ("bus", "to_z", "z", "z_out", "z_up", "h_prev", "mul_z", "label:z", "label:h_prev"),
        "take": ("z", "z_out", "z_side", "one_minus", "omz_out", "n", "n_out", "mul_n", "label:z", "label:n"),
        "mix": ("mul_z", "zh_out", "mul_n", "n_mix", "add_h", "h_out", "label:h"),
        # one piece at a time
        "reset_gate": ("bus", "to_r", "r", "r_out", "label:r"),
        "recurrent": ("h_prev", "h_down", "bus", "to_whn", "hn", "to_hn", "label:h_prev"),
        # the cell at a glance: its gates, and the state it carries to the next step
        "gates": ("r", "z", "label:r", "label:z"),
        "states": ("h_prev", "mul_z", "zh_out", "add_h", "h_out", "label:h_prev", "label:h"),
    }
    FOCUS["update"] = tuple(dict.fromkeys(FOCUS["keep"] + FOCUS["take"] + FOCUS["mix"]))
    FLOW = {
        "concat": (("h_prev",), ("h_down", "x"), ("bus",)),
        "reset": (("to_r", "to_hn"), ("r_out",)),
        "candidate": (("rhn_out", "to_n"),),
        "keep": (("to_z", "h_prev"), ("z_out",), ("z_up",)),
        "take": (("z_out",), ("z_side", "n_out"), ("omz_out",)),
        "mix": (("zh_out", "n_mix"), ("h_out",)),
        "reset_gate": (("to_r",), ("r_out",)),
        "recurrent": (("h_down",), ("to_whn",), ("to_hn",)),
        "gates": (("r_out", "z_out"),),
        "states": (("h_prev",), ("zh_out",), ("h_out",)),
    }
    FLOW["update"] = FLOW["keep"] + FLOW["take"][1:] + FLOW["mix"]
    PASS = ("concat", "reset", "candidate", "update")

    def build(self) -> None:
        y_s, y_m, y_l, y_b = 1.2, 0.42, -0.38, -1.38
        x_d, x_x, x_z, x_r, x_rh, x_n = -2.35, -1.85, -1.25, -0.25, 0.6, 1.55
        left, right = self.left, self.right
        self._layer("r", "sigmoid", "reset", (x_r, y_l))
        self._layer("z", "sigmoid", "update", (x_z, y_l))
        self._layer("n", "tanh", "candidate", (x_n, y_l))
        # W_hn h_{t-1} + b_hn, the old state's part of the candidate: its own matrix product, which
        # the reset gate then scales (PyTorch); Cho et al. reset h_{t-1} before it instead
        self._layer("hn", "linear", "candidate", (x_rh, (y_l + y_b) / 2 - 0.05)).scale(0.8)
        self._op("mul_r", "mul", (x_rh, y_l))
        self._op("mul_z", "mul", (x_z, y_s))
        self._op("one_minus", "one_minus", ((x_z + x_n) / 2 + 0.25, y_m))
        self._op("mul_n", "mul", (x_n, y_m))
        self._op("add_h", "add", (x_n, y_s))
        # the hidden state across the top; a branch drops to the bottom to meet x_t
        self._wire("h_prev", (left, y_s), "mul_z", carries="h_prev")
        self._wire("h_down", (x_d, y_s), (x_d, y_b), carries="h_prev", tip=False)
        self._wire("x", (x_x, self.bottom), (x_x, y_b), carries="x", tip=False)
        self._wire("bus", (x_d, y_b), (x_n, y_b), carries=None, tip=False)
        self._wire("to_z", (x_z, y_b), "z", carries=None)
        self._wire("to_r", (x_r, y_b), "r", carries=None)
        self._wire("to_whn", (x_rh, y_b), "hn", carries=None)
        self._wire("to_hn", "hn", "mul_r", carries="hn")
        self._wire("to_n", (x_n, y_b), "n", carries=None)
        self._wire("r_out", "r", "mul_r", carries="r")
        self._wire("rhn_out", "mul_r", "n", carries="n")
        # z keeps the old state (top) and, through 1 - z, lets the candidate in
        self._wire("z_out", "z", (x_z, y_m), carries="z", tip=False)
        self._wire("z_up", (x_z, y_m), "mul_z", carries="z")
        self._wire("z_side", (x_z, y_m), "one_minus", carries="z")
        self._wire("omz_out", "one_minus", "mul_n", carries="z")
        self._wire("n_out", "n", "mul_n", carries="n")
        self._wire("zh_out", "mul_z", "add_h", carries="h")
        self._wire("n_mix", "mul_n", "add_h", carries="h")
        self._wire("h_out", "add_h", (right, y_s), carries="h")
        above = 0.3
        self._label("h_prev", (left + 0.35, y_s + above))
        self._label("h", (right - 0.2, y_s + above))
        self._label("x", (x_x - 0.3, self.bottom + 0.2))
        self._label("z", (x_z - 0.27, (y_l + y_m) / 2))
        self._label("r", ((x_r + x_rh) / 2, y_l + 0.32))
        self._label("n", (x_n + 0.27, (y_l + y_m) / 2))
        for name, at in {"h_prev": (left, y_s), "h": (right, y_s), "x": (x_x, self.bottom)}.items():
            self._port(name, at)


class RNNCell(CellDiagram):
    """A plain RNN cell: one tanh (or ReLU) layer on the state line, ``h_t = tanh(W [h_{t-1}; x_t] + b)``.

    Ideas: ``"concat"`` and ``"layer"``. Ports: ``h_prev``, ``x``, ``h``.
    """

    arch = "rnn"
    HALF = (2.0, 1.2)
    FOCUS = {
        "concat": ("h_prev", "x", "bus", "label:h_prev", "label:x"),
        "layer": ("bus", "layer", "h_out", "label:h"),
    }
    FLOW = {
        "concat": (("h_prev", "x"), ("bus",)),
        "layer": (("h_out",),),
    }
    PASS = ("concat", "layer")

    def build(self) -> None:
        y_s, x_x, x_l = 0.0, -0.9, 0.55
        left, right = self.left, self.right
        self._layer("layer", self.nonlinearity, "candidate", (x_l, y_s))
        self._wire("h_prev", (left, y_s), (x_x, y_s), carries="h_prev", tip=False)
        self._wire("x", (x_x, self.bottom), (x_x, y_s), carries="x", tip=False)
        self._wire("bus", (x_x, y_s), "layer", carries=None)
        self._wire("h_out", "layer", (right, y_s), carries="h")
        above = 0.3
        self._label("h_prev", (left + 0.35, y_s + above))
        self._label("h", (right - 0.2, y_s + above))
        self._label("x", (x_x - 0.3, self.bottom + 0.2))
        for name, at in {"h_prev": (left, y_s), "h": (right, y_s), "x": (x_x, self.bottom)}.items():
            self._port(name, at)


#: The diagram class of each architecture.
CELLS: dict[str, type[CellDiagram]] = {"rnn": RNNCell, "lstm": LSTMCell, "gru": GRUCell}


def cell_for(arch: str, theme: Theme | None = None, nonlinearity: str = "tanh", proj: bool = False,
             previous: str = "t-1") -> CellDiagram:
    """The cell diagram of ``arch`` (``"rnn"``, ``"lstm"`` or ``"gru"``); ``proj`` draws an
    LSTM's projection (a Trace with ``proj_size``); ``previous`` as for :class:`CellDiagram`."""
    if arch not in CELLS:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {sorted(CELLS)}")
    if proj and arch != "lstm":
        raise ValueError(f"only an LSTM has a projection (proj_size), not {arch!r}")
    return (ProjectedLSTMCell if proj else CELLS[arch])(theme=theme, nonlinearity=nonlinearity, previous=previous)
