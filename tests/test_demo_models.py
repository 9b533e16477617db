"""Stacked and bidirectional classifiers: what the linear layer reads, training, the shipped ones."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from rnnviz.core.trace import Trace
from rnnviz.models import (
    DEMO_MODELS,
    DEMO_SENTENCE,
    demo_trace_path,
    demo_weights_path,
    load_classifier,
    trace_sentence,
)
from rnnviz.models.classifier import IntentClassifier
from rnnviz.models.train import Recipe, load_split, predict, train
from rnnviz.models.weights import read_weights
from rnnviz.paths import asset

ARCHS = ("rnn", "lstm", "gru")
VARIANTS = [model for model in DEMO_MODELS if model != "single"]
ROWS = [("what time is it", "ask_time"), ("hello there", "greeting"), ("现在几点了", "ask_time"), ("你好", "greeting")] * 3
SHAPES = [(1, True), (2, False), (2, True)]


# ---- what the classifier reads -----------------------------------------------------------------
@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize(("layers", "bidirectional"), SHAPES)
def test_a_padded_batch_classifies_each_sentence_as_it_would_alone(arch, layers, bidirectional):
    """Padding after a short sentence never reaches its states: not even the backward direction's."""
    torch.manual_seed(0)
    model = IntentClassifier(arch, 20, 3, 4, 5, num_layers=layers, bidirectional=bidirectional).eval()
    short, long = torch.tensor([4, 5]), torch.tensor([6, 7, 8, 9, 10])
    batch = torch.stack([torch.cat([short, torch.zeros(3, dtype=torch.long)]), long])
    together = model(batch, torch.tensor([2, 5]))
    alone = torch.cat([model(short[None], torch.tensor([2])), model(long[None], torch.tensor([5]))])
    torch.testing.assert_close(together, alone, atol=1e-6, rtol=0)


@pytest.mark.parametrize("arch", ARCHS)
def test_the_bidirectional_classifier_reads_h_n_not_the_last_output(arch):
    """What the notes ask about: h_n holds the backward state at the FIRST token; output[-1] only
    the backward state of the last token. The classifier reads h_n."""
    intent = load_classifier(demo_weights_path(arch, "bidirectional"), arch)
    trace = trace_sentence(arch, DEMO_SENTENCE, demo_weights_path(arch, "bidirectional"))
    hidden = trace.hidden_size
    np.testing.assert_array_equal(trace.h_n[1], trace.get("h", direction=1)[0])
    np.testing.assert_array_equal(trace.output[-1, hidden:], trace.get("h", direction=1)[-1])
    read = torch.from_numpy(np.concatenate([trace.h_n[0], trace.h_n[1]]))
    with torch.no_grad():
        probs = torch.softmax(intent.model.head(read), 0).double().numpy()
        wrong = torch.softmax(intent.model.head(torch.from_numpy(trace.output[-1])), 0).double().numpy()
    np.testing.assert_allclose(trace.probs, probs, atol=1e-6)
    assert np.abs(trace.probs - wrong).max() > 1e-3


@pytest.mark.parametrize("arch", ARCHS)
def test_the_stacked_classifier_reads_the_top_layers_last_state(arch):
    intent = load_classifier(demo_weights_path(arch, "stacked"), arch)
    trace = trace_sentence(arch, DEMO_SENTENCE, demo_weights_path(arch, "stacked"))
    assert (trace.num_layers, trace.num_directions) == (2, 1)
    np.testing.assert_array_equal(trace.get("x", layer=1), trace.get("h", layer=0))
    np.testing.assert_array_equal(trace.h_n[1], trace.output[-1])
    with torch.no_grad():
        probs = torch.softmax(intent.model.head(torch.from_numpy(trace.h_n[1])), 0).double().numpy()
    np.testing.assert_allclose(trace.probs, probs, atol=1e-6)


# ---- training ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("layers", "bidirectional"), SHAPES)
def test_training_a_stacked_or_bidirectional_model_is_deterministic_and_stored(tmp_path, layers, bidirectional):
    recipe = Recipe(epochs=3, hidden_size=4, embed_size=3, num_layers=layers, bidirectional=bidirectional)
    result = train("lstm", ROWS, ROWS, recipe)
    assert result.model_bytes(recipe) == train("lstm", ROWS, ROWS, recipe).model_bytes(recipe)
    path = tmp_path / "m.pt"
    path.write_bytes(result.model_bytes(recipe))
    intent = load_classifier(path, "lstm")
    assert (intent.model.rnn.num_layers, intent.model.rnn.bidirectional) == (layers, bidirectional)
    assert Recipe(**intent.recipe) == recipe
    trace = trace_sentence("lstm", "hello there", weights=path)
    assert (trace.num_layers, trace.num_directions) == (layers, 1 + bidirectional)


# ---- the shipped variants ----------------------------------------------------------------------
@pytest.mark.parametrize("model", VARIANTS)
@pytest.mark.parametrize("arch", ARCHS)
def test_shipped_variants_are_small_and_hold_their_recipe_and_real_held_out_accuracy(arch, model):
    path = demo_weights_path(arch, model)
    assert path.stat().st_size < 50_000
    data = read_weights(path)
    recipe = Recipe(**DEMO_MODELS[model])
    assert data["recipe"] == vars(recipe)
    assert (data["num_layers"], data["bidirectional"]) == (recipe.num_layers, recipe.bidirectional)
    intent = load_classifier(path, arch)
    _, test_rows = load_split()
    predicted = predict(intent.model, intent.vocab, intent.labels, [text for text, _ in test_rows])
    correct = sum(p == label for p, (_, label) in zip(predicted, test_rows))
    assert data["held_out"] == {"correct": correct, "total": len(test_rows)}
    assert correct / len(test_rows) >= (0.8 if arch == "rnn" else 0.9)


@pytest.mark.parametrize("model", list(DEMO_MODELS))
@pytest.mark.parametrize("arch", ARCHS)
def test_the_model_card_states_each_shipped_models_held_out_accuracy(arch, model):
    held_out = read_weights(demo_weights_path(arch, model))["held_out"]
    card = asset("models", "MODEL_CARD.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| `{re.escape(demo_weights_path(arch, model).name)}` +\| (.*)$", card, re.MULTILINE)
    assert row is not None and f"({held_out['correct']}/{held_out['total']})" in row.group(1)


@pytest.mark.parametrize("model", VARIANTS)
@pytest.mark.parametrize("arch", ARCHS)
def test_shipped_variant_traces_match_a_fresh_trace(arch, model):
    shipped = Trace.load(demo_trace_path(arch, model))
    assert shipped.tokens == DEMO_SENTENCE.split() and shipped.prediction[0][0] == "ask_time"
    # Within the core's float tolerance (Trace.difference), not bit for bit: another CPU.
    assert shipped.difference(trace_sentence(arch, DEMO_SENTENCE, demo_weights_path(arch, model))) is None
