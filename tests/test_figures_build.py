"""`rnnviz figures` end to end, in this process (one job at a time): files, manifest, gallery,
notes, the shared render cache, shards and their merge.

The course scenes are stood in for by a small test scene (``figure_scenes``); the model is the
real demo classifier. Renders are 480p at 10 fps, 1.5 s long.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from figure_scenes import TEST_FIGURES
from render_support import DURATION

import rnnviz.rendering.pipeline
from rnnviz import __version__
from rnnviz.cli import main
from rnnviz.figures.course import COURSE_SET
from rnnviz.figures.manifest import Manifest, Missing, missing_summary
from rnnviz.figures.media import describe
from rnnviz.models import trace_sentence
from rnnviz.rendering.source import TraceSource

FPS = 10
BASE = ("--quality", "low", "--fps", str(FPS), "--jobs", "1")
NOTES = "# RNN\n\n![gif2](images/rnn-gif2.gif)\n![figure1](images/rnn-figure1.jpg)\n![x](images/rnn-gif1.gif)\n"


def figures(*args: str):
    return CliRunner().invoke(main, ["figures", *BASE, *args])


@pytest.fixture
def workdir(tmp_path, monkeypatch, course_scenes, figures_cache):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(figures_cache))
    (tmp_path / "notes.md").write_text(NOTES)
    return tmp_path


def no_rendering(monkeypatch) -> None:
    """From here on, anything but a cache hit fails."""

    def refuse(*args, **kwargs):
        raise AssertionError("rendered although the render cache holds this file")

    monkeypatch.setattr(rnnviz.rendering.pipeline, "render_frames", refuse)


def test_a_set_with_manifest_gallery_and_notes(workdir, monkeypatch):
    result = figures("-o", "set", "--theme", "light,dark", "--video", "--notes", "notes.md")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"missing {len(COURSE_SET) - 4} of {len(COURSE_SET)} figures, no scene yet: ")
    made = [line.split()[0] for line in lines[1:15]]  # one line per finished file, most expensive first
    assert made[:4] == ["en-light/lstm.gif", "en-light/lstm.mp4", "en-dark/lstm.gif", "en-dark/lstm.mp4"]
    assert made[-2:] == ["en-light/rnn-figure1.png", "en-dark/rnn-figure1.png"]

    manifest = Manifest.load(workdir / "set")
    files = [entry.file for entry in manifest.files]
    assert files == [  # the notes' order, then theme, then format
        f"en-{theme}/{name}" for name in ("rnn-figure1.png",) for theme in ("light", "dark")
    ] + [f"en-{theme}/{stem}.{fmt}" for stem in ("rnn-gif2", "lstm", "gru") for theme in ("light", "dark")
         for fmt in ("gif", "mp4")]
    assert sorted(made) == sorted(files)
    assert manifest.missing == tuple(Missing(f.name, f.scene, "no scene yet") for f in COURSE_SET if f.name not in TEST_FIGURES)
    assert manifest.verify(workdir / "set") == []
    digests = {arch: TraceSource(trace_sentence(arch, "what time is it")).fingerprint() for arch in ("rnn", "lstm", "gru")}
    for entry in manifest.files:
        facts = describe(workdir / "set" / entry.file, FPS)
        assert (entry.bytes, entry.sha256, entry.width, entry.height) == (facts.bytes, facts.sha256, 854, 480)
        assert entry.traces == {arch: digests[arch] for arch in entry.archs}
        assert entry.rnnviz == __version__
        assert entry.options == {"format": entry.format, "quality": "low", "width": 854, "height": 480, "fps": FPS,
                                 "sentence": "what time is it", "weights": {entry.archs[0]: "demo"}}
        if entry.kind == "animation":
            assert (entry.frames, entry.duration) == (round(DURATION * FPS), DURATION)
        else:
            assert (entry.frames, entry.duration) == (1, 0.0)

    gallery = (workdir / "set" / "index.html").read_text()
    positions = [gallery.index(f'<section id="{name}"') for name in TEST_FIGURES]
    assert positions == sorted(positions)
    assert "http" not in gallery.replace('content="width=device-width', "")  # nothing to fetch
    assert f"{len(manifest.missing)} figures of the notes not made by this rnnviz: {missing_summary(manifest.missing)}." in gallery

    for theme in ("light", "dark"):
        copy = (workdir / "set" / f"notes.en-{theme}.md").read_text()
        assert copy == NOTES.replace("images/rnn-gif2.gif", f"en-{theme}/rnn-gif2.gif").replace(
            "images/rnn-figure1.jpg", f"en-{theme}/rnn-figure1.png")
    assert "wrote notes.en-dark.md: 2 links point at the set" in result.output
    assert "kept 1 links to figures not in the set: rnn-gif1.gif" in result.output


def test_each_gallery_command_is_a_cache_hit_of_the_same_file(workdir, monkeypatch):
    assert figures("-o", "set", "--lang", "zh", "--theme", "dark").exit_code == 0
    manifest = Manifest.load(workdir / "set")
    no_rendering(monkeypatch)
    monkeypatch.chdir(workdir / "set")
    for entry in manifest.files:
        words = shlex.split(entry.command)
        assert words[:2] == ["rnnviz", "render"]
        words[-1] = f"again-{entry.file}"
        result = CliRunner().invoke(main, words[1:])
        assert result.exit_code == 0, result.output
        assert (workdir / "set" / words[-1]).read_bytes() == (workdir / "set" / entry.file).read_bytes()


def test_a_second_identical_run_renders_nothing_and_writes_the_same_set(workdir, monkeypatch):
    assert figures("-o", "set").exit_code == 0
    first = {path.name: path.read_bytes() for path in (workdir / "set").iterdir()}
    no_rendering(monkeypatch)
    result = figures("-o", "set")
    assert result.exit_code == 0, result.output
    assert {path.name: path.read_bytes() for path in (workdir / "set").iterdir()} == first


def test_a_partial_run_keeps_the_earlier_files_that_are_intact(workdir):
    assert figures("-o", "set").exit_code == 0
    (workdir / "set" / "rnn-gif2.gif").write_bytes(b"GIF89a damaged")
    assert figures("-o", "set", "--only", "rnn-figure1*", "--sentence", "hello there").exit_code == 0
    manifest = Manifest.load(workdir / "set")
    assert [e.file for e in manifest.files] == ["rnn-figure1.png", "lstm.gif", "gru.gif"]
    assert manifest.files[0].options["sentence"] == "hello there"
    assert manifest.files[1].options["sentence"] == "what time is it"
    # The same figures in the layout of two themes replace the single theme's files in the manifest.
    assert figures("-o", "set", "--only", "step", "--theme", "light,dark").exit_code == 0
    files = [e.file for e in Manifest.load(workdir / "set").files]
    assert files == ["rnn-figure1.png", "en-light/lstm.gif", "en-dark/lstm.gif", "en-light/gru.gif", "en-dark/gru.gif"]


WORKFLOW = Path(__file__).resolve().parent.parent / "docs" / "figures-workflow.yml"
# What the tests change in the workflow's commands: small renders, one variant per theme.
TEST_SIZE = ("--lang", "en", *BASE)


def workflow_commands() -> tuple[list[int], str, str]:
    """The documented CI workflow's shard numbers, its render command and its merge command."""
    text = WORKFLOW.read_text()
    shards = [int(k) for k in re.search(r"shard: \[([\d, ]+)\]", text)[1].split(",")]
    commands = re.findall(r"run: (rnnviz figures .*)", text)
    (render,) = [c for c in commands if "--shard" in c]
    (merge,) = [c for c in commands if "--merge" in c]
    return shards, render, merge


def run(command: str, *extra: str) -> None:
    result = CliRunner().invoke(main, [*shlex.split(command)[1:], *extra])
    assert result.exit_code == 0, result.output


def test_the_documented_ci_shards_merge_into_the_set_one_machine_makes(workdir):
    shards, render, merge = workflow_commands()
    assert shards == [1, 2, 3, 4] and "--shard ${{ matrix.shard }}/4 -o shard-${{ matrix.shard }}" in render
    (workdir / "shards").mkdir()
    for k in shards:  # the matrix's jobs, and their artifacts where download-artifact puts them
        run(render.replace("${{ matrix.shard }}", str(k)), *TEST_SIZE)
        assert json.loads((workdir / f"shard-{k}" / "figures.json").read_text())["shard"] == [k, 4]
        (workdir / f"shard-{k}").rename(workdir / "shards" / f"shard-{k}")
    run(merge)
    run(render.replace("--shard ${{ matrix.shard }}/4 -o shard-${{ matrix.shard }}", "-o whole"), *TEST_SIZE)
    merged, one = Manifest.load(workdir / "figures"), Manifest.load(workdir / "whole")
    assert merged.files == one.files and merged.missing == one.missing and merged.shard is None
    assert len(merged.files) == 2 * 7 and merged.verify(workdir / "figures") == []  # two themes, GIFs + MP4s
    assert (workdir / "figures" / "index.html").read_text() == (workdir / "whole" / "index.html").read_text()
    assert (workdir / "figures" / "notes.en-dark.md").is_file()


def test_merge_refuses_incomplete_or_disagreeing_sets(workdir):
    for k in (1, 2, 3):
        assert figures("-o", f"shard-{k}", "--shard", f"{k}/3").exit_code == 0

    def merge(*folders: str) -> str:
        result = CliRunner().invoke(main, ["figures", "--merge", *folders, "-o", "merged"])
        assert result.exit_code == 2 and result.output.count("\n") == 1
        return result.output

    assert "shard 2/3 missing" in merge("shard-1", "shard-3")
    assert figures("-o", "other", "--sentence", "hello there", "--only", "lstm.gif").exit_code == 0
    assert "differs between" in merge("shard-1", "shard-2", "shard-3", "other")
    damaged = next((workdir / "shard-2").glob("*.gif"))
    damaged.write_bytes(damaged.read_bytes()[:-10])
    assert "is missing or not the file its manifest lists" in merge("shard-1", "shard-2", "shard-3")
    assert not (workdir / "merged").exists()
