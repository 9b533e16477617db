"""The symbol table agrees with the Trace and with PyTorch's own parameters."""

from __future__ import annotations

import pytest
import torch

from rnnviz.core.trace import ARRAY_NAMES, array_names
from rnnviz.mobjects.folded import gate_array
from rnnviz.mobjects.symbols import ARCH_SYMBOLS, TEX, symbols_for, tex
from rnnviz.mobjects.text import make_math
from rnnviz.mobjects.theme import get_theme

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


@pytest.mark.parametrize("arch", list(ARRAY_NAMES))
def test_every_trace_array_has_a_symbol_and_every_symbol_names_a_trace_array(arch):
    table = symbols_for(arch)
    names = array_names(arch, proj_size=1 if arch == "lstm" else 0)
    assert set(names) <= set(TEX)
    for state in table.states:
        assert state in names and f"{state}_prev" in names
    for gate in table.gates:
        assert gate_array(gate) in names
    assert table.name == arch.upper() and table.arch == arch


@pytest.mark.parametrize("arch", list(ARRAY_NAMES))
def test_weight_names_and_shapes_are_pytorchs(arch):
    table = symbols_for(arch)
    module = MODULES[arch](5, 7, num_layers=2, bidirectional=True)
    params = dict(module.named_parameters())
    for layer in (0, 1):
        for reverse in (False, True):
            for kind in ("ih", "hh"):
                name = table.weight_name(kind, layer, reverse)
                input_size = 5 if layer == 0 else 14  # layer 2 reads both directions of layer 1
                assert tuple(params[name].shape) == table.weight_shape(kind, hidden_size=7, input_size=input_size)
    with pytest.raises(ValueError, match="'ih'"):
        table.weight_name("hx")


def test_pytorchs_gate_order_and_the_notes_counts_of_equations():
    assert symbols_for("lstm").gates == ("i", "f", "g", "o")
    assert symbols_for("gru").gates == ("r", "z", "n")
    assert [len(ARCH_SYMBOLS[a].equations) for a in ("rnn", "lstm", "gru")] == [1, 6, 4]
    # PyTorch's GRU: z weights the OLD state
    assert symbols_for("gru").equations[-1] == r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}"
    assert symbols_for("rnn").equations_for("relu")[0].startswith(r"h_t = \mathrm{ReLU}(")
    assert symbols_for("lstm").equations_for("relu") == symbols_for("lstm").equations


def test_symbols_at_a_step():
    assert tex("c_prev") == "c_{t-1}" and tex("c_prev", step=1) == "c_{0}"
    assert tex("hn", step=4) == r"W_{hn} h_{3} + b_{hn}"
    with pytest.raises(ValueError, match="from 1"):
        tex("h", step=0)
    with pytest.raises(KeyError, match="no symbol"):
        tex("q")
    with pytest.raises(ValueError, match="unknown architecture"):
        symbols_for("transformer")


@pytest.mark.slow
def test_every_formula_typesets():
    theme = get_theme("light")
    for table in ARCH_SYMBOLS.values():
        for formula in (*table.equations, *table.step_formulas.values()):
            assert make_math(formula, theme).width > 0
