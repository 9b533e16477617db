"""The base of scenes that compare models: the same input read by several architectures.

A :class:`ComparisonScene` is given one Trace per architecture, as a dict (the render pipeline
makes them from one sentence, as the registry's ``SceneEntry.reads`` says); ``memory`` compares
rnn, lstm and gru, ``vs`` lstm and gru. Without traces it reads the shipped demo traces.

.. code-block:: python

    from rnnviz.core.trace import Trace
    from rnnviz.scenes.intent import MemoryScene

    traces = {arch: Trace.load(f"{arch}.json") for arch in ("rnn", "lstm", "gru")}
    MemoryScene(traces, lang="zh").render()
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rnnviz.core.trace import ARCHS, Trace, check_same_input
from rnnviz.scenes.base import TraceScene, demo_trace

__all__ = ["ComparisonScene"]


class ComparisonScene(TraceScene):
    """A :class:`~rnnviz.scenes.base.TraceScene` over several traces of one input.

    Parameters
    ----------
    traces
        One Trace per architecture, e.g. ``{"rnn": ..., "lstm": ..., "gru": ...}``, all of the
        same tokens; ``None`` loads the demo traces of :attr:`default_archs`. The first is also
        :attr:`trace`, for what every scene shares (the tokens, the step counter).
    **options
        As for :class:`~rnnviz.scenes.base.TraceScene` (theme, lang, ...).
    """

    #: The architectures whose demo traces are read when no traces are given.
    default_archs: ClassVar[tuple[str, ...]] = ARCHS

    def __init__(self, traces: Mapping[str, Trace] | None = None, **options: Any) -> None:
        if isinstance(traces, Trace):
            raise TypeError(f"{type(self).__name__} compares models: give a dict of traces by architecture")
        if traces is None:
            traces = {arch: demo_trace(arch) for arch in self.default_archs}
        check_same_input(traces)
        self.traces: dict[str, Trace] = dict(traces)
        super().__init__(next(iter(self.traces.values())), **options)
