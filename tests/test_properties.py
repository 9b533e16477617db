"""Property-based tests: whatever text or file a user brings, rnnviz draws it or says in one line why not.

Example counts are kept small so the suite stays fast; the examples drawn are the same on every run
and machine (tests/conftest.py), and an example that once failed is pinned with ``@example``.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image
from render_support import make_trace

from rnnviz.cli import main
from rnnviz.core.trace import Trace, from_json_bytes, to_json_bytes
from rnnviz.mobjects.text import ELLIPSIS, UndrawableTextWarning
from rnnviz.mobjects.theme import get_theme
from rnnviz.mobjects.token import TokenChip
from rnnviz.scenes import SCENES, SceneEntry

# Words of the demo models' vocabulary in the forms people type them (their chips show the
# form typed), mixed with arbitrary text (shown as <unk>, or refused in one line).
TYPED_WORDS = ["what", "WHAT", "Time", "ｔｉｍｅ", "is", "it", "?", "？", "现在", "几点", "café"]
SENTENCES = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(TYPED_WORDS), st.text(max_size=6)), max_size=8).map(" ".join),
)


@pytest.fixture(scope="module")
def tokens_scene(tmp_path_factory):
    """The chips-and-bars test scene registered, and one cache folder for the module's renders."""
    saved = dict(SCENES)
    SCENES["tokens"] = SceneEntry("tokens", ("rnn", "lstm", "gru"), "-", "a test scene", "render_scenes:TokensScene")
    yield {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    SCENES.clear()
    SCENES.update(saved)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sentence=SENTENCES)
def test_any_sentence_renders_a_png_or_is_refused_in_one_line(tokens_scene, sentence):
    """The real demo GRU reads the sentence; its tokens are drawn as chips over the class names."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "out.png"
        args = ["render", "gru", "--sentence", sentence, "--scene", "tokens", "--size", "128x72", "--no-cache",
                "-o", str(output)]
        result = CliRunner().invoke(main, args, env=tokens_scene)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        if result.exit_code == 0:
            assert Image.open(output).size == (128, 72)
            assert result.stdout.startswith("wrote ")
        else:
            assert result.exit_code == 2, result.output
            assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
            assert not output.exists()
        assert all(line.startswith("warning: ") for line in result.stderr.splitlines()[:-1])


@settings(max_examples=20, deadline=None)
@given(text=st.text(min_size=1, max_size=30).filter(str.strip))
@example(text="0\x1b!\ud7a4\rbPPns\uea4700")  # cut to fit without its strut, too wide with it (CI, 2026-12)
def test_any_token_fits_its_chip(text):
    """Any script, any length, any code point: a chip is drawn, its text within the chip's limit."""
    theme = get_theme("light")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chip = TokenChip(text, 3, theme)
    assert chip.label.width <= theme.sizes.name_max_width + 1e-6
    assert chip.label.width < chip.box.width and chip.label.height < chip.box.height
    shown, typed = chip.label.original_text, " ".join(text.split())  # a chip is one line
    assert shown == typed or shown.endswith((ELLIPSIS, ELLIPSIS + "\u200f")) or "\ufffd" in shown
    if any(issubclass(w.category, UndrawableTextWarning) for w in caught):  # said in one line, shown as �
        assert "\ufffd" in shown and all("\n" not in str(w.message) for w in caught)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_damaged_trace_file_loads_valid_or_raises_one_value_error(data):
    """Change one field or array of a good trace file to anything JSON can hold."""
    trace = make_trace("lstm", steps=3, hidden=4).attach(tokens=["a", "b", "c"], labels=["x", "y"],
                                                         probs=np.array([0.25, 0.75]))
    doc = json.loads(to_json_bytes(trace))
    fields = [("meta", key) for key in doc if key != "arrays"] + [("arrays", key) for key in doc["arrays"]]
    where, key = data.draw(st.sampled_from(fields))
    target = doc if where == "meta" else doc["arrays"]
    if data.draw(st.booleans()):
        target[key] = data.draw(JSON_VALUES)
    else:
        del target[key]
    try:
        loaded = from_json_bytes(json.dumps(doc).encode())
    except ValueError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(loaded, Trace)
        loaded.validate()
