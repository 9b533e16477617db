"""The LSTM chapter of the notes (section 6): one gate at a time, on one step of real values.

``forget-gate``, ``input-gate``, ``cell-state`` and ``output-gate`` each explain one idea of
one time step in full, playing phases of the phase table (:mod:`rnnviz.mobjects.phases`) with
the runner every cell scene shares (:class:`~rnnviz.scenes.phased.PhaseScene`). The step they
explain is ``explain_step`` (1-based, as the step counter counts); by default the step where
the forget gate drops the most of a non-zero cell state (:func:`rnnviz.analysis.focus.telling_step`),
so that forgetting is visible.

Run them on the demo trace like any manim scene::

    manim -qm scenes/lstm_chapter.py ForgetGateScene
"""

from __future__ import annotations

from typing import Any, ClassVar

from rnnviz.analysis.focus import telling_step
from rnnviz.core.trace import Trace
from rnnviz.mobjects.phases import sequence
from rnnviz.scenes.phased import PhaseScene

__all__ = ["CellStateScene", "ForgetGateScene", "GateScene", "InputGateScene", "OutputGateScene", "explained_step"]


def explained_step(trace: Trace, explain_step: int | None, gate: str | None = None) -> int:
    """The 0-based step a scene explains: ``explain_step`` (1-based) or, by default, the step
    the gate drops the most of a non-zero state (``gate``: as for
    :func:`~rnnviz.analysis.focus.telling_step`); ``ValueError`` (one line) out of range."""
    if explain_step is None:
        return telling_step(trace, gate=gate)
    if isinstance(explain_step, bool) or not isinstance(explain_step, int) or not 1 <= explain_step <= trace.steps:
        raise ValueError(
            f"cannot explain step {explain_step!r}: the sentence has {trace.steps} time steps (1..{trace.steps})"
        )
    return explain_step - 1


class GateScene(PhaseScene):
    """One idea of one step in full, from ``[h_{t-1}; x_t]`` to the gated vector, for the
    architecture :attr:`default_arch` (the LSTM here, the GRU in :mod:`rnnviz.scenes.gru`).

    Subclasses name the phase sequence they play (:attr:`scene_id`, a key of
    :data:`rnnviz.mobjects.phases.SEQUENCES`) and the gate whose dropping picks the default
    step (:attr:`telling_gate`, see :func:`explained_step`). :attr:`step` is the 0-based step
    explained; :meth:`conclude` may add a last idea after the phases.
    """

    default_arch = "lstm"
    scene_id: ClassVar[str] = ""
    telling_gate: ClassVar[str | None] = None

    def __init__(self, trace: Trace | None = None, *, explain_step: int | None = None, **kwargs: Any) -> None:
        super().__init__(trace, **kwargs)
        self.check_options(self.trace, explain_step=explain_step)
        self.step = explained_step(self.trace, explain_step, self.telling_gate)

    @classmethod
    def check_options(cls, trace: Trace, explain_step: int | None = None, **options: Any) -> None:
        """Refuse a trace or a step this scene cannot explain, in one line (``ValueError``)."""
        if trace.arch != cls.default_arch:
            raise ValueError(f"the {cls.scene_id} scene explains {cls.default_arch.upper()} traces, not {trace.arch.upper()}")
        explained_step(trace, explain_step, cls.telling_gate)

    def construct(self) -> None:
        trace = self.trace
        phases = sequence(trace.arch, self.scene_id, projected=bool(trace.proj_size))
        self.prepare(self.step)
        # The first frame names the idea: the scene's last phase, what it all leads to.
        self.header = self.header_for(phases[-1], self.step)
        self.add(self.header)
        self.mark_opening()
        self.play_sequence(phases, self.step)
        self.conclude()
        self.close_loop()

    def conclude(self) -> None:
        """A last idea after the phases (none by default)."""


class ForgetGateScene(GateScene):
    """``[h_{t-1}; x_t]`` -> σ -> ``f_t`` in (0, 1); ``f_t ⊙ c_{t-1}``: units near 0 fade, near 1 stay."""

    scene_id = "forget-gate"


class InputGateScene(GateScene):
    """σ -> ``i_t``, tanh -> ``g_t`` in (-1, 1), and the product ``i_t ⊙ g_t``."""

    scene_id = "input-gate"


class CellStateScene(GateScene):
    """``c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t``, term by term."""

    scene_id = "cell-state"


class OutputGateScene(GateScene):
    """σ -> ``o_t``; ``tanh(c_t)``; ``h_t = o_t ⊙ tanh(c_t)`` (projected by ``W_hr`` with proj_size)."""

    scene_id = "output-gate"
