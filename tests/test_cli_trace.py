"""`rnnviz trace` and `rnnviz train`: tables, byte-identical files, one-line errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from rnnviz.cli import main
from rnnviz.core.trace import Trace
from rnnviz.models import DEMO_SENTENCE, demo_trace_path, demo_weights_path, load_classifier


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_one_line_error(result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


# ---- trace ----------------------------------------------------------------------------------------
def test_trace_prints_one_row_per_token_and_the_sorted_prediction():
    result = run("trace", "lstm", "--sentence", "What time is it?")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["token", "i", "f", "g", "o", "|h|", "share"]
    rows = lines[2:7]
    assert [row.split()[0] for row in rows] == ["What", "time", "is", "it", "?"]
    assert sum(int(row.split()[-1].rstrip("%")) for row in rows) == pytest.approx(100, abs=3)
    prediction = lines[lines.index("prediction:") + 1 :]
    labels = load_classifier(demo_weights_path("lstm"), "lstm").labels
    assert sorted(line.split()[0] for line in prediction) == sorted(labels)
    percents = [float(line.split()[1].rstrip("%")) for line in prediction]
    assert percents == sorted(percents, reverse=True) and prediction[0].split()[0] == "ask_time"


@pytest.mark.parametrize(("arch", "columns"), [("rnn", ["|h|"]), ("gru", ["r", "z", "n", "|h|"])])
def test_trace_columns_follow_the_architecture(arch, columns):
    result = run("trace", arch, "--sentence", "现在几点了")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split() == ["token", *columns, "share"]
    assert [row.split()[0] for row in result.stdout.splitlines()[2:7]] == list("现在几点了")


def test_trace_writes_byte_identical_files(tmp_path):
    args = ["trace", "gru", "--sentence", "play some jazz please"]
    for name in ("a", "b"):
        assert run(*args, "--json", str(tmp_path / f"{name}.json"), "--npz", str(tmp_path / f"{name}.npz")).exit_code == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    loaded = Trace.load(tmp_path / "a.npz")
    assert loaded == Trace.load(tmp_path / "a.json")
    assert loaded.tokens == ["play", "some", "jazz", "please"] and loaded.influence is not None
    assert loaded.prediction[0][0] == "play_music"


@pytest.mark.parametrize("arch", ["rnn", "lstm", "gru"])
def test_trace_command_regenerates_the_shipped_trace(tmp_path, arch):
    out = tmp_path / f"{arch}.json"
    assert run("trace", arch, "--sentence", DEMO_SENTENCE, "--json", str(out)).exit_code == 0
    # Within the core's tolerance, not bit for bit: the shipped file was made on another CPU.
    assert Trace.load(out).difference(Trace.load(demo_trace_path(arch))) is None


def test_unknown_words_are_one_warning_line():
    result = run("trace", "rnn", "--sentence", "what zorblax is it")
    assert result.exit_code == 0
    assert result.stderr == "warning: not in the model's vocabulary, read as <unk>: zorblax\n"
    assert result.stdout.splitlines()[3].split()[0] == "<unk>"


def test_max_tokens_option_admits_longer_sentences():
    long = " ".join(["time"] * 40)
    assert_one_line_error(run("trace", "gru", "--sentence", long), "40 tokens is more than the limit of 32")
    assert run("trace", "gru", "--sentence", long, "--max-tokens", "40").exit_code == 0


@pytest.fixture
def bad_files(tmp_path):
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(demo_weights_path("gru").read_bytes()[:4000])
    nan = tmp_path / "nan.pt"
    state = torch.nn.GRU(3, 4).state_dict()
    state["bias_hh_l0"][1] = float("nan")
    torch.save(state, nan)
    return {"corrupt": corrupt, "nan": nan, "folder": tmp_path}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sentence", ""], "the sentence is empty"),
        (["--sentence", "  \t "], "the sentence is empty"),
        (["--sentence", " ".join(["a"] * 33)], "33 tokens is more than the limit of 32"),
        (["--sentence", "hi", "--weights", "missing.pt"], "weights file not found: missing.pt"),
        (["--sentence", "hi", "--weights", "{folder}"], "is a folder, not a weights file"),
        (["--sentence", "hi", "--weights", "{corrupt}"], "corrupt or truncated"),
        (["--sentence", "hi", "--weights", "{demo_lstm}"], "holds a lstm model, not gru"),
        (["--inputs", "x.npy", "--weights", "{nan}"], "contains NaN or infinite weights (in bias_hh_l0)"),
        (["--sentence", "hi", "--inputs", "x.npy"], "give either --sentence TEXT or --inputs X.npy"),
        ([], "give either --sentence TEXT or --inputs X.npy"),
        (["--inputs", "x.npy"], "--inputs needs --weights FILE"),
        (["--sentence", "hi", "--max-tokens", "0"], "Invalid value for '--max-tokens'"),
    ],
)
def test_trace_bad_input_is_one_line_with_status_2(bad_files, args, message):
    paths = {**bad_files, "demo_lstm": demo_weights_path("lstm")}
    result = run("trace", "gru", *(arg.format(**paths) for arg in args))
    assert_one_line_error(result, message)


def test_unknown_arch_is_one_line():
    assert_one_line_error(run("trace", "transformer", "--sentence", "hi"), "'transformer' is not one of")


def test_inputs_record_a_bare_state_dict_and_check_the_shape(tmp_path):
    torch.save(torch.nn.GRU(3, 4, num_layers=2, bidirectional=True).state_dict(), tmp_path / "gru.pt")
    np.save(tmp_path / "x.npy", np.ones((5, 3), np.float32))
    np.save(tmp_path / "wrong.npy", np.ones((5, 4), np.float32))
    np.save(tmp_path / "flat.npy", np.ones(5, np.float32))
    weights = str(tmp_path / "gru.pt")
    result = run("trace", "gru", "--weights", weights, "--inputs", str(tmp_path / "x.npy"), "--json", str(tmp_path / "t.json"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "gru, layer 2 of 2, forward | backward: 5 steps"
    assert [row.split()[0] for row in result.stdout.splitlines()[2:]] == ["0", "1", "2", "3", "4"]
    trace = Trace.load(tmp_path / "t.json")
    assert (trace.num_layers, trace.num_directions, trace.hidden_size, trace.tokens) == (2, 2, 4, None)
    assert result.stderr == ""
    for name, message in [("wrong", "inputs must have shape (T, 3) for this gru; got (5, 4)"),
                          ("flat", "inputs must have shape (T, 3) for this gru; got (5,)")]:
        assert_one_line_error(run("trace", "gru", "--weights", weights, "--inputs", str(tmp_path / f"{name}.npy")), message)
    assert_one_line_error(run("trace", "lstm", "--weights", weights, "--inputs", str(tmp_path / "x.npy")),
                          "holds a gru model, not lstm")


# ---- train ----------------------------------------------------------------------------------------
def write_data(path, count: int = 10) -> None:
    rows = [f"what time is it {i}\task_time\nplay song {i}\tplay_music\n现在几点{i}\task_time" for i in range(count)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_train_writes_a_usable_model_and_reports_held_out_accuracy(tmp_path):
    write_data(tmp_path / "my.tsv")
    outs = [tmp_path / "a.pt", tmp_path / "b.pt"]
    for out in outs:
        result = run("train", "--arch", "gru", "--data", str(tmp_path / "my.tsv"), "--out", str(out))
        assert result.exit_code == 0, result.output
    assert result.stdout.startswith("held-out accuracy: ") and f"wrote {outs[1]}" in result.stdout
    assert "training gru" in result.stderr and "24 training and 6 held-out examples" in result.stderr
    assert outs[0].read_bytes() == outs[1].read_bytes()
    traced = run("trace", "gru", "--sentence", "play song", "--weights", str(outs[0]))
    assert traced.exit_code == 0 and "play_music" in traced.stdout


def test_train_with_a_test_file(tmp_path):
    write_data(tmp_path / "my.tsv")
    write_data(tmp_path / "test.tsv", count=2)
    args = ["train", "--arch", "rnn", "--data", str(tmp_path / "my.tsv"), "--test", str(tmp_path / "test.tsv")]
    result = run(*args, "--out", str(tmp_path / "m.pt"))
    assert result.exit_code == 0, result.output
    assert "(" in result.stdout and "/6)" in result.stdout


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("what time\n", [], "line 1: expected 'text<TAB>label'"),
        ("a\tx\nb\ty\n", [], "too few examples to hold out a test split"),
        (None, ["--data", "missing.tsv"], "data file not found: missing.tsv"),
        (None, ["--test", "t.tsv"], "a test file needs its training data file"),
        (None, ["--out", "no/such/dir/m.pt"], "the output folder does not exist"),
        (None, ["--out", "."], "is a folder; give a file name inside it"),
        (None, ["--arch", "cnn"], "'cnn' is not one of"),
        ("a\tx\nb\tx\nc\tx\nd\tx\n", [], "only the label 'x'; a classifier needs examples of at least two labels"),
        ("w " * 200 + "\tx\n", [], "line 1: 200 tokens; a training example has at most 128"),
    ],
)
def test_train_bad_input_is_one_line_with_status_2(tmp_path, monkeypatch, content, extra, message):
    args = ["train", "--arch", "gru", "--out", str(tmp_path / "m.pt")]
    if content is not None:
        (tmp_path / "d.tsv").write_text(content, encoding="utf-8")
        args += ["--data", str(tmp_path / "d.tsv")]
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(run(*args, *extra), message)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["d.tsv"] if content is not None else [])


def test_train_refuses_held_out_labels_it_never_saw_before_training(tmp_path):
    write_data(tmp_path / "my.tsv")
    (tmp_path / "test.tsv").write_text("what is this\tnever_seen\n", encoding="utf-8")
    args = ["train", "--arch", "rnn", "--data", str(tmp_path / "my.tsv"), "--test", str(tmp_path / "test.tsv")]
    result = run(*args, "--out", str(tmp_path / "m.pt"))
    assert_one_line_error(result, "test labels missing from the training data: never_seen")
    assert not (tmp_path / "m.pt").exists()
