"""Bad input of every kind, through the command line: one line on stderr saying what is wrong and
what to do, exit status 2, nothing written. Real bad files: damaged traces, garbage arrays,
model files that do not fit, folders where files belong."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from render_support import make_trace

from rnnviz.cli import main
from rnnviz.core.trace import to_json_bytes
from rnnviz.models import demo_weights_path
from rnnviz.scenes import SCENES, SceneEntry


def run(*args: str, **env: str):
    return CliRunner().invoke(main, list(args), env=env or None, prog_name="rnnviz")


def assert_one_line_error(result, *fragments: str, status: int = 2) -> None:
    assert result.exit_code == status, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == "" and result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


# ---- click's own errors are one line too ----------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["render"], ["Missing argument 'ARCH'. Choose from: rnn, lstm, gru", "(see `rnnviz render --help`)"]),
        (["rendr", "lstm"], ["No such command 'rendr'. Did you mean 'render'?", "(see `rnnviz --help`)"]),
        (["render", "lstm", "extra", "--sentence", "hi"], ["Got unexpected extra argument (extra)"]),
        (["render", "lstm", "--fps", "abc"], ["Invalid value for '--fps'"]),
        (["render", "lstm", "--size", "big"], ["'big' is not a size like 1280x720"]),
        (["train", "-o", "m.pt"], ["Missing option '--arch'. Choose from: rnn, lstm, gru"]),
        (["trace", "lstm", "--sentence"], ["Option '--sentence' requires an argument"]),
    ],
)
def test_usage_errors_are_one_line_with_where_to_look(folder, args, fragments):
    assert_one_line_error(run(*args), *fragments)


def test_rnnviz_alone_shows_its_help(folder):
    result = run()
    assert result.exit_code == 2 and "Usage: rnnviz [OPTIONS] COMMAND" in result.output and "render" in result.output


# ---- traces that do not hold together ---------------------------------------------------------------
def damaged_trace(path, change) -> str:
    """A good LSTM trace file with ``change(document)`` applied."""
    trace = make_trace("lstm", steps=3, hidden=4).attach(tokens=["a", "b", "c"], labels=["x", "y"],
                                                         probs=np.array([0.25, 0.75]))
    doc = json.loads(to_json_bytes(trace))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def set_value(key, value):
    def change(doc):
        doc[key] = value
    return change


def set_array(name, update):
    def change(doc):
        doc["arrays"][name] = update(doc["arrays"][name])
    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_array("layer0.dir0.f", lambda a: [[float("nan"), *row[1:]] for row in a]),
         "the trace's layer0.dir0.f holds NaN or infinite values"),
        (set_array("output", lambda a: [[1e999, *row[1:]] for row in a]), "the trace's output holds NaN or infinite"),
        (set_value("tokens", ["a", "b"]), "the trace has 2 tokens for 3 steps"),
        (set_value("labels", ["x", "y", "z"]), "the trace's probs has shape (2,), but its sizes and steps make it (3,)"),
        (set_value("hidden_size", 100000), "but its sizes and steps make it (3, 100000)"),
        (set_value("input_size", 0), "the trace's input_size must be a whole number of at least 1; got 0"),
        (set_value("num_layers", "2"), "the trace's num_layers must be a whole number of at least 1; got '2'"),
        (set_value("dtype", "bogus"), "the trace file's arrays are not tables of numbers"),
        (set_array("h_n", lambda a: "abc"), "the trace file's arrays are not tables of numbers"),
        (set_array("probs", lambda a: [2.0, -1.0]), "the trace's probs must lie between 0 and 1"),
        (set_value("tokens", ["a", " ", "c"]), "the trace's tokens must be a list of non-blank, valid Unicode strings"),
        (lambda doc: doc.pop("steps"), "the trace file has no steps"),
    ],
)
def test_a_trace_that_does_not_hold_together_is_refused_before_rendering(folder, change, message):
    trace = damaged_trace(folder / "bad.json", change)
    assert_one_line_error(run("render", "lstm", "--trace", trace, "-o", "a.gif"), "cannot read the trace", message)
    assert sorted(p.name for p in folder.iterdir()) == ["bad.json"]


# ---- model files and arrays -------------------------------------------------------------------------
@pytest.fixture
def model_files(folder):
    """A bare state dict, a model file with a wrong hidden size, one without labels, garbage arrays."""
    demo = torch.load(demo_weights_path("lstm"), weights_only=True)
    torch.save(torch.nn.LSTM(8, 8).state_dict(), folder / "bare.pt")
    torch.save({**demo, "hidden_size": 16}, folder / "wrong-size.pt")
    torch.save({k: v for k, v in demo.items() if k != "labels"}, folder / "no-labels.pt")
    (folder / "garbage.npy").write_bytes(b"these bytes are not a numpy array file at all")
    np.save(folder / "objects.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    (folder / "weights-folder").mkdir()
    return folder


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["render", "lstm", "--sentence", "hi", "--weights", "bare.pt"],
         ["holds bare recurrent weights without a vocabulary",
          "rnnviz trace lstm --weights bare.pt --inputs X.npy --json t.json", "--trace t.json"]),
        (["render", "lstm", "--sentence", "hi", "--weights", "wrong-size.pt"],
         ["its weights do not match its own sizes: rnn.weight_ih_l0 is 32x8 where the sizes make it 64x8 "
          "(and 4 more); train it again with `rnnviz train`"]),
        (["trace", "lstm", "--sentence", "hi", "--weights", "no-labels.pt"],
         ["is not a complete rnnviz model file: it has no labels; train it again"]),
        (["render", "lstm", "--sentence", "hi", "--weights", "weights-folder"],
         ["--weights names a folder, not a model file: weights-folder"]),
        (["trace", "lstm", "--weights", "bare.pt", "--inputs", "garbage.npy"],
         ["garbage.npy is not a numpy .npy file; save your (T, input_size) array with numpy.save"]),
        (["trace", "lstm", "--weights", "bare.pt", "--inputs", "objects.npy"],
         ["objects.npy holds Python objects, not numbers"]),
        (["render", "lstm", "--sentence", "hi", "-o", "weights-folder"], ["is a folder; give a file name inside it"]),
        (["trace", "lstm", "--sentence", "what \udcff time", "--json", "t.json"],  # a byte the shell could not decode
         ["the sentence is not valid UTF-8 text (it holds 1 undecodable byte(s)); set your terminal or file to UTF-8"]),
        (["render", "lstm", "--sentence", " ".join(["time"] * 33)],
         ["33 tokens is more than the limit of 32; shorten the input or raise the limit with --max-tokens"]),
    ],
)
def test_files_that_do_not_fit_say_what_to_do(model_files, args, fragments):
    result = run(*args)
    assert_one_line_error(result, *fragments)
    assert "unsafe" not in result.stderr and "pickle" not in result.stderr


def test_render_takes_a_higher_token_limit(folder, monkeypatch):
    monkeypatch.setitem(SCENES, "squares", SceneEntry("squares", ("rnn", "lstm", "gru"), "-", "-",
                                                      "render_scenes:SquaresScene"))
    args = ["render", "rnn", "--sentence", "what time is it", "--scene", "squares", "--size", "64x36", "-o", "a.png"]
    assert_one_line_error(run(*args, "--max-tokens", "3"), "4 tokens is more than the limit of 3")
    assert run(*args, "--max-tokens", "4").exit_code == 0


# ---- the environment ------------------------------------------------------------------------------
def test_a_bad_cache_limit_is_one_warning_line_on_stderr(folder, monkeypatch):
    monkeypatch.setitem(SCENES, "squares", SceneEntry("squares", ("rnn", "lstm", "gru"), "-", "-",
                                                      "render_scenes:SquaresScene"))
    make_trace("lstm").save(folder / "t.json")
    result = run("render", "lstm", "--trace", "t.json", "--scene", "squares", "--size", "64x36", "-o", "a.png",
                 RNNVIZ_CACHE_MB="abc")
    assert result.exit_code == 0, result.output
    assert result.stderr == "warning: RNNVIZ_CACHE_MB='abc' is not a number of megabytes; the cache keeps up to " \
                            "2048 MB\n"
    assert result.stdout.startswith("wrote ") and result.stdout.count("\n") == 1
