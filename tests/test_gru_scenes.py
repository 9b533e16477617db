"""The GRU chapter's scenes draw what their traces hold, and never a trace of another formula variant."""

from __future__ import annotations

import pytest

from rnnviz.core.trace import Trace
from rnnviz.models.demo import demo_trace_path
from rnnviz.rendering.options import InvalidOption
from rnnviz.rendering.pipeline import render
from rnnviz.scenes.lstm import GRUStepScene


def test_a_cho_trace_is_refused_by_scenes_that_draw_pytorchs_formulas(tmp_path):
    cho = Trace.load(demo_trace_path("gru", variant="cho"))
    with pytest.raises(ValueError, match="GRUStepScene draws the pytorch variant's formulas; this trace is of the cho"):
        GRUStepScene(cho)
    with pytest.raises(InvalidOption, match=r"the scene 'step' reads the trace of gru; got gru:cho \(the cho variant's"):
        render(cho, scene="step", output=tmp_path / "step.png", cache=False)
    assert not list(tmp_path.iterdir())  # refused before anything was written
