"""Scenes, one module per chapter of the course notes, and the registry that names them.

The registry maps each scene id (``rnnviz render ARCH --scene ID``) to the architectures it
draws, the notes' figure it replaces, one line of what it shows, where its class lives, the
scene options it takes (the pipeline refuses the others) and how many traces it reads. It
imports neither manim nor torch: a scene's class loads on first use, so ``rnnviz list`` and
cache hits stay fast. A new scene joins by adding one :class:`SceneEntry` to ``_ENTRIES``; the
test suite then renders it for every arch it claims.

>>> from rnnviz.scenes import get_scene_entry, load_scene_class
>>> entry = get_scene_entry("step")
>>> entry.archs, entry.options, entry.traces
(('rnn', 'lstm', 'gru'), ('detail', 'units', 'explain_step', 'layer', 'direction'), 1)
>>> load_scene_class(entry).__name__  # imports the scene's module, and so manim
'StepScene'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: The most stacked layers the ``stacked`` scene draws.
MAX_LAYERS = 4

#: The shape of network the scenes reading each demo model draw (layers, directions -> fits?),
#: and how it is named in the refusal of another shape.
SHAPES: dict[str, tuple[Callable[[int, int], bool], str]] = {
    "bidirectional": (lambda layers, directions: layers == 1 and directions == 2, "one bidirectional layer"),
    "stacked": (lambda layers, directions: 2 <= layers <= MAX_LAYERS and directions == 1,
                f"2 to {MAX_LAYERS} stacked layers of one direction"),
}


@dataclass(frozen=True)
class SceneEntry:
    """One registered scene.

    ``target`` is ``"module:Class"``; the class accepts
    ``(trace=None, *, theme, lang, renderer, **options)`` like every rnnviz scene. ``options``
    are the scene options it takes, beyond those every scene takes (theme, lang, quality, ...),
    e.g. ``"detail"``, ``"units"``, ``"explain_step"``, ``"unit"``, ``"shape"``; the pipeline refuses the others. ``loops`` says
    the animation is a figure that loops on a slide: it lasts 8-30 s and ends on the frame it
    starts with (the flagship ``step`` runs the whole sentence instead).

    ``reads`` says which traces it reads: empty for one, the sentence through the model of ARCH;
    otherwise the architectures whose models read the same sentence (``memory``: rnn, lstm and
    gru; an architecture with a formula variant, ``"gru:cho"``, is the same model computed in
    that variant's formulas, ``variants``), and the class takes a dict of traces by key instead of one trace
    (:class:`~rnnviz.scenes.comparison.ComparisonScene`). ``max_tokens`` is the longest
    sentence it draws legibly (``None``: the pipeline's limit); ``long_sentence`` gives it a long
    default sentence (:data:`rnnviz.models.demo.LONG_SENTENCES`) instead of the running example.
    ``needs`` names the optional parts of a Trace it draws (``"influence"``, ``"state_gradient"``,
    ``"probs"``): the pipeline refuses a trace without them in one line. ``model`` names the demo
    model of ARCH a sentence runs through unless the user gives ``--weights``
    (:data:`rnnviz.models.demo.DEMO_MODELS`: ``"single"``, ``"stacked"``, ``"bidirectional"``);
    the last two also fix the shape of network the scene draws (:meth:`check_trace`).
    """

    id: str
    archs: tuple[str, ...]
    replaces: str
    summary: str
    target: str
    options: tuple[str, ...] = ()
    loops: bool = True
    reads: tuple[str, ...] = ()
    max_tokens: int | None = None
    long_sentence: bool = False
    needs: tuple[str, ...] = ()
    model: str = "single"

    def supports(self, arch: str) -> bool:
        """Whether this scene can draw a network of architecture ``arch``."""
        return arch in self.archs

    @property
    def traces(self) -> int:
        """How many traces the scene reads."""
        return len(self.reads) or 1

    def reads_for(self, arch: str) -> tuple[str, ...]:
        """The architectures whose traces a render of this scene for ``arch`` reads."""
        return self.reads or (arch,)

    def check_trace(self, trace: Any) -> None:
        """Raise a one-line ``ValueError`` unless ``trace`` has the shape this scene draws (a
        bidirectional layer, stacked layers: see :data:`SHAPES`)."""
        if self.model not in SHAPES:
            return
        fits, wanted = SHAPES[self.model]
        if not fits(trace.num_layers, trace.num_directions):
            layers, directions = trace.num_layers, trace.num_directions
            option = "--bidirectional" if self.model == "bidirectional" else "--layers 2"
            raise ValueError(
                f"the scene {self.id!r} draws {wanted}; this trace has {layers} layer{'s' * (layers > 1)} and "
                f"{directions} direction{'s' * (directions > 1)} (the demo model it reads by default has that "
                f"shape; `rnnviz train {option}` trains one)"
            )


_ENTRIES = (
    SceneEntry(
        id="step",
        archs=("rnn", "lstm", "gru"),
        replaces="lstm.gif, gru.gif",
        summary="every time step of the sentence in the cell, with the real vectors flowing; one step "
        "gate by gate (by default the second), the others condensed; ends with the prediction",
        target="rnnviz.scenes.lstm:StepScene",
        options=("detail", "units", "explain_step", "layer", "direction"),
        loops=False,
    ),
    SceneEntry(
        id="structure",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-figure1",
        summary="the folded network: input x_t, the hidden layer with its self-loop (LSTM: two), the output "
        "read by the classifier; the last step's values",
        target="rnnviz.scenes.rnn:StructureScene",
        options=("units",),
    ),
    SceneEntry(
        id="loop",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-gif2",
        summary="the same hidden layer once per time step: the state rides the loop into the cell as h_{t-1} "
        "and comes out as h_t, the step counter advances",
        target="rnnviz.scenes.rnn:LoopScene",
        options=("units",),
    ),
    SceneEntry(
        id="hidden-pass",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-gif3",
        summary="h_{t-1} and x_t meet in the cell; h_t leaves and the same strip moves over to become the "
        "next step's h_{t-1}",
        target="rnnviz.scenes.rnn:HiddenPassScene",
        options=("units",),
    ),
    SceneEntry(
        id="sequence",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-gif10",
        summary="the tokens enter one by one; each becomes its embedding vector, fed to the network one per "
        "time step",
        target="rnnviz.scenes.rnn:SequenceScene",
        options=("units",),
    ),
    SceneEntry(
        id="unroll",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-gif1, rnn-figure6",
        summary="the folded cell unrolls into one copy per time step; every copy uses the same weights, drawn "
        "in one colour and lit together",
        target="rnnviz.scenes.rnn:UnrollScene",
        options=("units",),
    ),
    SceneEntry(
        id="graph",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-figure2, formulas 3.4",
        summary="the computation graph over t-1, t, t+1 with W_ih, W_hh named as PyTorch names them, the "
        "formulas, then the state update with step t's real numbers",
        target="rnnviz.scenes.rnn:GraphScene",
        options=("units",),
    ),
    # the application case and short-term memory (sections 4-5)
    SceneEntry(
        id="intent",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-gif4",
        summary="the sentence enters word by word; each state h_t is a disc split into the colours of the words "
        "read so far, each slice the word's measured share of h_t (the still prints every share)",
        target="rnnviz.scenes.intent:IntentScene",
        options=("shape",),
        max_tokens=12,  # one distinct colour per token (rnnviz.mobjects.theme.TOKEN_COLORS)
        needs=("influence",),
    ),
    SceneEntry(
        id="classify",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-gif5",
        summary="the same row of states: every step has an output, only the last one goes to the classifier; the "
        "intents' probabilities grow and the predicted intent is named",
        target="rnnviz.scenes.intent:ClassifyScene",
        options=("shape",),
        max_tokens=12,
        needs=("influence", "probs"),
    ),
    SceneEntry(
        id="memory",
        archs=("rnn", "lstm", "gru"),
        replaces="section 5 (text)",
        summary="short-term memory measured: one long sentence through rnn, lstm and gru, the first word's share of "
        "each state per step, plotted, with the state gradient ||dh_T/ds_t|| that explains it",
        target="rnnviz.scenes.intent:MemoryScene",
        reads=("rnn", "lstm", "gru"),
        max_tokens=16,
        long_sentence=True,
        needs=("influence", "state_gradient"),
    ),
    # the LSTM chapter (section 6): one idea of one step, in full
    SceneEntry(
        id="engineering",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-figure3, rnn-figure17, rnn-figure16",
        summary="[h_{t-1}; x_t] times the stacked weights [W_hh | W_ih] (the model's own, as a heat grid): "
        "one product per step, split into the gates in PyTorch's order; the input parts of all steps "
        "are one product over the sequence",
        target="rnnviz.scenes.rnn:EngineeringScene",
        options=("units",),
    ),
    SceneEntry(
        id="squash",
        archs=("rnn", "lstm", "gru"),
        replaces="text of 6.2 (the tanh/sigmoid examples of the source posts)",
        summary="one step's real pre-activation through sigmoid and tanh, correct numbers; the last state "
        "multiplied again and again by the model's W_hh: exploding or vanishing without tanh, bounded with it",
        target="rnnviz.scenes.rnn:SquashScene",
        options=("units",),
    ),
    SceneEntry(
        id="bidirectional",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-figure4, rnn-figure8",
        summary="a forward chain left to right and a backward chain right to left, each with its own weights; "
        "the two states of each step concatenated; h_n (the backward state at the FIRST token) vs output[-1]",
        target="rnnviz.scenes.rnn:BidirectionalScene",
        options=("units",),
        model="bidirectional",
    ),
    SceneEntry(
        id="stacked",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-figure5",
        summary="layers on top of each other, each with its own weights: layer l's h_t is drawn as the same vector "
        "as layer l+1's x_t; h_n holds one final state per layer",
        target="rnnviz.scenes.rnn:StackedScene",
        options=("units",),
        model="stacked",
    ),
    # the LSTM chapter (section 6)
    SceneEntry(
        id="chain",
        archs=("lstm", "gru", "rnn"),
        replaces="rnn-figure7",
        summary="consecutive steps as cells in a row, the state running across their tops like a conveyor "
        "belt; each cell with its token and its step's states",
        target="rnnviz.scenes.lstm_chapter:ChainScene",
        options=("units",),
    ),
    SceneEntry(
        id="cell",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-figure9, rnn-figure14",
        summary="the cell in colah's topology, every layer, operation and wire named (a projected LSTM's W_hr "
        "too), with colah's legend; built up part by part",
        target="rnnviz.scenes.lstm_chapter:CellScene",
    ),
    SceneEntry(
        id="gates",
        archs=("lstm", "gru"),
        replaces="rnn-figure10",
        summary="three gates and one state (GRU: two gates): each lit in turn with one line of what it decides, "
        "the rest greyed; the still names them all",
        target="rnnviz.scenes.lstm_chapter:GatesScene",
    ),
    # one idea of one step, in full
    SceneEntry(
        id="forget-gate",
        archs=("lstm",),
        replaces="rnn-gif6",
        summary="[h_{t-1}; x_t] -> sigma -> f_t in (0,1); f_t * c_{t-1}: units near 0 fade, near 1 keep their "
        "colour (default step: where the forget gate drops the most of c_{t-1})",
        target="rnnviz.scenes.lstm_chapter:ForgetGateScene",
        options=("explain_step", "units"),
    ),
    SceneEntry(
        id="input-gate",
        archs=("lstm",),
        replaces="rnn-gif7",
        summary="sigma -> i_t, tanh -> g_t in (-1,1), and the product i_t * g_t written into the cell state",
        target="rnnviz.scenes.lstm_chapter:InputGateScene",
        options=("explain_step", "units"),
    ),
    SceneEntry(
        id="cell-state",
        archs=("lstm",),
        replaces="rnn-gif8",
        summary="c_t = f_t * c_{t-1} + i_t * g_t, term by term",
        target="rnnviz.scenes.lstm_chapter:CellStateScene",
        options=("explain_step", "units"),
    ),
    SceneEntry(
        id="output-gate",
        archs=("lstm",),
        replaces="rnn-gif9",
        summary="sigma -> o_t; tanh(c_t); h_t = o_t * tanh(c_t)",
        target="rnnviz.scenes.lstm_chapter:OutputGateScene",
        options=("explain_step", "units"),
    ),
    SceneEntry(
        id="equations",
        archs=("rnn", "lstm", "gru"),
        replaces="rnn-figure11",
        summary="the cell's equations as PyTorch writes them, then one step's real numbers substituted for one "
        "unit (--unit K; default: the unit changing most), beside the step's full vectors",
        target="rnnviz.scenes.lstm_chapter:EquationsScene",
        options=("explain_step", "unit", "units"),
    ),
    # the GRU chapter (section 7)
    SceneEntry(
        id="reset-gate",
        archs=("gru",),
        replaces="text of 7.2",
        summary="r_t, then r_t * (W_hn h_{t-1} + b_hn) plus W_in x_t + b_in through tanh to n_t; the unit whose "
        "reset removes the most of the old state marked (default step: where the reset removes the most)",
        target="rnnviz.scenes.gru:ResetGateScene",
        options=("explain_step", "unit", "units"),
    ),
    SceneEntry(
        id="update-gate",
        archs=("gru",),
        replaces="text of 7.2",
        summary="z_t keeps the old state, 1 - z_t lets the candidate in: each unit's h_t between h_{t-1} and "
        "n_t; PyTorch's convention (z weights the OLD state) marked beside the other way of writing it",
        target="rnnviz.scenes.gru:UpdateGateScene",
        options=("explain_step", "units"),
    ),
    SceneEntry(
        id="vs",
        archs=("lstm", "gru"),
        replaces="rnn-figure13",
        summary="LSTM and GRU side by side: 3 gates against 2, states c and h against h, parameter counts from "
        "the real modules, the same sentence through both with their final states and predictions",
        target="rnnviz.scenes.gru:VsScene",
        options=("units",),
        reads=("lstm", "gru"),
    ),
    SceneEntry(
        id="variants",
        archs=("gru",),
        replaces="rnn-figure15",
        summary="the reset applied after the matrix product (PyTorch, cuDNN) and before it (Cho et al. 2014), the "
        "same weights on the same sentence: n_t, h_t and their difference step by step, and each prediction",
        target="rnnviz.scenes.gru:VariantsScene",
        options=("units",),
        reads=("gru", "gru:cho"),
    ),
)


#: Every scene by id, in the order ``rnnviz list`` prints them.
SCENES: dict[str, SceneEntry] = {entry.id: entry for entry in _ENTRIES}


def get_scene_entry(scene_id: str) -> SceneEntry:
    """The registered scene ``scene_id``; raises ``ValueError`` naming the known ones."""
    try:
        return SCENES[scene_id]
    except KeyError:
        known = ", ".join(SCENES)
        raise ValueError(f"unknown scene {scene_id!r}; the scenes are: {known} (see `rnnviz list`)") from None


def load_scene_class(entry: SceneEntry) -> type:
    """Import and return the scene class ``entry.target`` names (this imports manim)."""
    module_name, _, class_name = entry.target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)
