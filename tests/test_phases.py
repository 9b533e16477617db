"""The phase table: every phase of every arch is a true equation of a real trace's values, and
names only what the symbol table, the term table and the cell diagram have."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz.mobjects.cells import cell_for
from rnnviz.mobjects.labels import TERMS
from rnnviz.mobjects.phases import SEQUENCES, Phase, phases_for, sequence
from rnnviz.mobjects.symbols import symbols_for

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
VARIANTS = [("rnn", {}), ("rnn", {"nonlinearity": "relu"}), ("lstm", {}), ("lstm", {"proj_size": 2}), ("gru", {})]
FUNCTIONS = {r"\sigma": lambda v: 1 / (1 + np.exp(-v)), r"\tanh": np.tanh, r"\mathrm{ReLU}": lambda v: np.maximum(v, 0)}


def recorded(arch: str, **options):
    torch.manual_seed(7)
    module = MODULES[arch](3, 4, **options).double()
    return rnnviz.record(module, torch.randn(5, 3, dtype=torch.float64))


@pytest.mark.parametrize(("arch", "options"), VARIANTS, ids=[f"{a}-{'-'.join(o) or 'plain'}" for a, o in VARIANTS])
def test_every_phase_is_a_true_equation_of_the_traces_values(arch, options):
    trace = recorded(arch, **options)
    table = phases_for(arch, projected=bool(trace.proj_size), nonlinearity=trace.nonlinearity)
    for phase in table.values():
        for t in range(trace.steps):
            values = [o.values(trace, t) for o in phase.shown]
            if phase.kind == "product":
                np.testing.assert_allclose(values[0] * values[1], values[2], atol=1e-12)
            elif phase.kind == "sum":
                np.testing.assert_allclose(values[0] + values[1], values[2], atol=1e-12)
            elif phase.kind == "map" and phase.function in FUNCTIONS:
                np.testing.assert_allclose(FUNCTIONS[phase.function](values[0]), values[1], atol=1e-12)
            elif phase.function == "W_{hn}":  # the GRU's recurrent part W_hn h_{t-1} + b_hn
                rows = slice(2 * trace.hidden_size, None)  # n's block, after r's and z's (GATE_ORDER)
                recurrent = trace.weight("weight_hh")[rows] @ values[0] + trace.weight("bias_hh")[rows]
                np.testing.assert_allclose(recurrent, values[1], atol=1e-12)
            elif phase.kind == "map":  # W_hr projects o_t * tanh(c_t) to h_t
                assert phase.function == "W_{hr}"
                np.testing.assert_allclose(trace.weight("weight_hr") @ values[0], values[1], atol=1e-12)
            else:
                assert phase.kind == "concat" and [o.name for o in phase.operands] == ["x", "h_prev"]


@pytest.mark.parametrize(("arch", "options"), VARIANTS, ids=[f"{a}-{'-'.join(o) or 'plain'}" for a, o in VARIANTS])
def test_every_phase_names_what_the_tables_and_the_cell_have(arch, options):
    projected = bool(options.get("proj_size"))
    cell = cell_for(arch, proj=projected, nonlinearity=options.get("nonlinearity", "tanh"))
    formulas = symbols_for(arch).step_formulas
    for phase in phases_for(arch, projected, options.get("nonlinearity", "tanh")).values():
        assert phase.idea in cell.FOCUS and phase.formula in formulas and phase.title in TERMS
        assert phase.note is None or phase.note in TERMS
        for operand in phase.shown:
            kind, _, name = operand.source.rpartition(":")
            if kind == "port":
                cell.port(name)
            else:
                cell.element(name)


def test_each_scenes_sequence_hands_its_results_on():
    for arch, scenes in SEQUENCES.items():
        for scene in scenes:
            phases = sequence(arch, scene)
            assert phases and all(isinstance(p, Phase) for p in phases)
    # the single-gate scenes end on their gate's product, the step scene explains the whole step
    assert [p.name for p in sequence("lstm", "output-gate", projected=True)][-2:] == ["output", "project"]
    assert sequence("lstm", "cell-state")[-1].result.name == "c"
    assert sequence("gru", "step")[-1].result.name == "h"
    with pytest.raises(ValueError, match="no phases of 'forget-gate' for gru"):
        sequence("gru", "forget-gate")
    with pytest.raises(ValueError, match="only an LSTM has a projection"):
        phases_for("gru", projected=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "divide"}, "unknown kind of phase"),
        ({"kind": "map"}, "wrong number of operands"),
        ({"result": None}, "every phase but concat makes a result"),
        ({"function": r"\tanh"}, "only a map, names its function"),
        ({"glyph": "o"}, "does not show"),
    ],
)
def test_a_malformed_phase_is_refused(fields, message):
    forget = phases_for("lstm")["forget"]
    with pytest.raises(ValueError, match=message):
        Phase(**{**forget.__dict__, **fields})
