"""`rnnviz render` and `rnnviz list`: bad options, the cache hit, the scene list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from render_support import make_trace

from rnnviz.cli import main
from rnnviz.scenes import SCENES, SceneEntry

TESTS = Path(__file__).parent

# Registers the test scene and a fake demo model, then runs the CLI; at exit it prints which heavy
# modules were imported. The fake model stands for rnnviz.models: the pipeline only needs its API.
CLI_SCRIPT = """
import atexit, json, sys
from pathlib import Path
import rnnviz.models
from rnnviz.scenes import SCENES, SceneEntry
SCENES["squares"] = SceneEntry("squares", ("rnn", "lstm", "gru"), "-", "-", "render_scenes:SquaresScene")
def trace_sentence(arch, sentence, weights=None, max_tokens=32, variant="pytorch"):
    from render_support import make_trace
    if not sentence.strip():
        raise ValueError("the sentence is empty")
    return make_trace(arch, steps=len(sentence.split()))
rnnviz.models.trace_sentence = trace_sentence
rnnviz.models.demo_weights_path = lambda arch, model="single": Path(sys.argv[1])
atexit.register(lambda: print(json.dumps(sorted(m for m in ("torch", "manim") if m in sys.modules))))
from rnnviz.cli import main
main(sys.argv[2:])
"""


def run_cli(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run the CLI in a fresh process; returns the result and the heavy modules it imported."""
    weights = tmp_path / "demo.pt"
    if not weights.exists():
        weights.write_bytes(b"fake weights")
    env = {**os.environ, "PYTHONPATH": str(TESTS), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", CLI_SCRIPT, str(weights), *args], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    return result, json.loads(result.stdout.splitlines()[-1])


def test_identical_command_is_a_cache_hit_without_torch_or_manim(tmp_path):
    args = ("render", "gru", "--sentence", "what time is it", "--scene", "squares", "--quality", "low")
    first, heavy = run_cli(tmp_path, *args, "-o", "a.gif")
    assert first.returncode == 0, first.stderr
    assert "manim" in heavy and first.stdout.startswith(f"wrote {tmp_path / 'a.gif'} (")
    again, heavy = run_cli(tmp_path, *args, "-o", "b.gif")
    assert again.returncode == 0, again.stderr
    assert heavy == []
    assert (tmp_path / "a.gif").read_bytes() == (tmp_path / "b.gif").read_bytes()
    (tmp_path / "demo.pt").write_bytes(b"retrained weights")  # other weights: rendered again
    _, heavy = run_cli(tmp_path, *args, "-o", "c.gif")
    assert "manim" in heavy
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gif", "b.gif", "c.gif", "cache", "demo.pt"]


REAL_CLI_SCRIPT = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(m for m in ("torch", "manim") if m in sys.modules))))
from rnnviz.cli import main
main(sys.argv[1:])
"""


@pytest.mark.slow
def test_flagship_command_twice_second_is_a_cache_hit(tmp_path):
    """The real demo model and the real step scene. The model runs in a child process, so the
    rendering process never imports torch (nor holds it beside manim's frames); the repeat, a
    cache hit, imports neither."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = ["render", "rnn", "--sentence", "what time is it blorfl", "--quality", "low"]
    runs = [
        subprocess.run([sys.executable, "-c", REAL_CLI_SCRIPT, *args, "-o", name], cwd=tmp_path, env=env,
                       capture_output=True, text=True)
        for name in ("a.png", "b.png")
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    assert [json.loads(run.stdout.splitlines()[-1]) for run in runs] == [["manim"], []]
    assert runs[0].stderr == "warning: not in the model's vocabulary, read as <unk>: blorfl\n"
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_default_output_is_arch_scene_gif_in_the_working_folder(tmp_path):
    result, _ = run_cli(tmp_path, "render", "lstm", "--sentence", "hello there", "--scene", "squares",
                        "--quality", "low")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "lstm-squares.gif").read_bytes()[:6] == b"GIF89a"


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """Invoke the CLI in-process, with the test scenes registered and a trace file saved."""
    monkeypatch.setitem(SCENES, "squares", SceneEntry("squares", ("rnn", "lstm", "gru"), "-", "-",
                                                      "render_scenes:SquaresScene", options=("units",)))
    monkeypatch.setitem(SCENES, "rnn-only", SceneEntry("rnn-only", ("rnn",), "-", "-", "render_scenes:SquaresScene"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    make_trace("lstm").save(tmp_path / "lstm.json")
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(main, ["render", *args])

    return invoke


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scene", "nope"], "unknown scene 'nope'"),
        (["--scene", "rnn-only"], "'rnn-only' is not available for lstm"),
        (["--fps", "30"], "--fps must divide 100"),
        (["-o", "missing/a.gif"], "the output folder does not exist"),
        (["-o", "a.avi"], "the output's suffix must be one of"),
        (["-o", "a.gif", "--transparent"], "--transparent needs a .webm or .png"),
        (["-o", "a.mp4", "--transparent"], "--transparent needs a .webm or .png"),
        (["--quality", "ultra"], "Invalid value for '--quality'"),
        (["--units", "0"], "Invalid value for '--units'"),
        (["--detail", "all"], "the scene 'squares' takes no --detail (its scene options: --units)"),
        (["--explain-step", "2"], "the scene 'squares' takes no --explain-step (its scene options: --units)"),
        (["--direction", "sideways"], "Invalid value for '--direction'"),
    ],
)
def test_bad_options_exit_2_with_one_line(cli, tmp_path, args, message):
    result = cli("lstm", "--trace", "lstm.json", "--scene", "squares", *args)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ") and message in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lstm.json"]  # nothing rendered or written


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--explain-step", "9"], "--explain-step 9 is out of range: the trace has 3 time steps (1 to 3)"),
        (["--layer", "2"], "--layer 2 is not in the trace: it has 1 layer (--layer 1 to 1)"),
        (["--direction", "backward"], "--direction backward needs a bidirectional network; the trace has one direction"),
    ],
)
def test_step_options_the_trace_cannot_honour_exit_2_with_one_line(cli, tmp_path, args, message):
    result = cli("lstm", "--trace", "lstm.json", *args)
    assert result.exit_code == 2 and result.output == f"Error: {message}\n"
    assert not list(tmp_path.glob("*.gif"))  # nothing rendered


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--trace", "lstm.json", "--sentence", "hi"], "give either --sentence TEXT or --trace FILE"),
        (["--trace", "lstm.json", "--weights", "lstm.json"], "--weights applies to --sentence"),
        (["--trace", "missing.json"], "cannot read the trace 'missing.json'"),
        (["--sentence", "hi", "--weights", "missing.pt"], "the weights file does not exist"),
    ],
)
def test_bad_sources_exit_2_with_one_line(cli, args, message):
    result = cli("lstm", *args)
    assert result.exit_code == 2 and result.output.count("\n") == 1 and message in result.output


def test_unwritable_output_folder_exits_2(cli, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    result = cli("lstm", "--trace", "lstm.json", "--scene", "squares", "-o", "a.gif")
    assert result.exit_code == 2 and result.output == f"Error: the output folder is not writable: {Path.cwd()}\n"


def test_trace_of_another_arch_exits_2(cli):
    result = cli("gru", "--trace", "lstm.json", "--scene", "squares")
    assert result.exit_code == 2 and result.output == "Error: the trace records lstm, not gru\n"


def test_bad_sentence_exits_2_with_the_models_message(tmp_path):
    result, heavy = run_cli(tmp_path, "render", "rnn", "--sentence", "  ", "--scene", "squares")
    assert result.returncode == 2 and result.stderr == "Error: the sentence is empty\n"
    assert "manim" not in heavy


def test_render_from_a_trace_file(cli, tmp_path):
    result = cli("lstm", "--trace", "lstm.json", "--scene", "squares", "--quality", "low", "-o", "a.png")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {tmp_path / 'a.png'} (")


def test_list_prints_every_scene_aligned():
    lines = CliRunner().invoke(main, ["list"]).output.splitlines()
    assert lines[0].split() == ["SCENE", "ARCHS", "REPLACES", "OPTIONS", "SHOWS"]
    assert len(lines) == 1 + len(SCENES)
    summary_column = lines[0].index("SHOWS")
    for line, entry in zip(lines[1:], SCENES.values()):
        assert line.startswith(entry.id + " ") and line[summary_column:] == entry.summary
        assert ",".join(entry.archs) in line and entry.replaces in line
        assert " ".join("--" + option.replace("_", "-") for option in entry.options) in line
    step_options = "--detail --units --explain-step --layer --direction"
    assert any(line.startswith("step ") and "lstm.gif, gru.gif" in line and step_options in line for line in lines)
