"""`rnnviz figures` with a pool of worker processes, run as a command: same files and cache as one
process; a full disk or a SIGTERM stops it cleanly, leaving only whole files, no temporary ones,
and a true manifest."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from figure_scenes import synthetic_trace
from test_figures_build import no_rendering

import rnnviz.models
from rnnviz.cli import main
from rnnviz.figures.manifest import Manifest

TESTS = Path(__file__).parent
ARGS = ("figures", "--quality", "low", "--fps", "10", "--jobs", "2")


@pytest.fixture
def start(tmp_path):
    """Start `rnnviz figures` in a new process (and session) with the test scenes, optionally
    with a file size limit (writing past it fails as on a full disk). Every process it starts
    carries a marker; whatever is left of them when the test ends is killed."""
    started = []

    def launch(*args: str, scene: str = "figure_scenes:SquaresScene", file_limit: int | None = None):
        marker = uuid.uuid4().hex
        for folder in ("tmp", "started"):
            (tmp_path / folder).mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(TESTS), "XDG_CACHE_HOME": str(tmp_path / "cache"),
               "TMPDIR": str(tmp_path / "tmp"), "FIGURE_TEST_STARTED": str(tmp_path / "started"),
               "FIGURE_TEST_SCENE": scene, "RNNVIZ_TEST_MARKER": marker}

        def limit_files() -> None:
            if file_limit is not None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
                resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

        process = subprocess.Popen([sys.executable, str(TESTS / "figure_scenes.py"), *ARGS, *args], cwd=tmp_path,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   preexec_fn=limit_files, start_new_session=True)
        process.marker = marker
        started.append(process)
        return process

    yield launch
    for process in started:
        for pid in processes_left(process.marker, grace=0):
            os.kill(pid, signal.SIGKILL)
        process.wait()


def processes_left(marker: str, grace: float = 10.0) -> list[int]:
    """The processes carrying ``marker`` that are still alive after ``grace`` seconds (the
    multiprocessing resource tracker leaves a moment after its parent)."""
    deadline = time.monotonic() + grace
    while True:
        found = []
        for environ in Path("/proc").glob("[0-9]*/environ"):
            try:
                if f"RNNVIZ_TEST_MARKER={marker}".encode() in environ.read_bytes():
                    found.append(int(environ.parent.name))
            except OSError:
                pass
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def leftovers(tmp_path: Path) -> list[Path]:
    """Half-written files in the set's folder, and renders' temporary folders."""
    parts = [path for path in (tmp_path / "set").rglob("*") if path.name.endswith(".part")]
    return parts + list((tmp_path / "tmp").glob("rnnviz-*"))


@pytest.fixture
def in_process(tmp_path, monkeypatch, course_scenes):
    """`rnnviz figures` in this process, with the same cache and the same synthetic model."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(rnnviz.models, "trace_sentence", synthetic_trace)
    return lambda *args: CliRunner().invoke(main, [*ARGS, "--jobs", "1", *args])


@pytest.mark.slow
def test_workers_write_the_set_through_the_shared_cache(tmp_path, monkeypatch, start, in_process):
    process = start("-o", "set")
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    manifest = Manifest.load(tmp_path / "set")
    assert manifest.verify(tmp_path / "set") == [] and len(manifest.files) == 4
    assert sorted(line.split()[0] for line in stdout.splitlines()[1:-1]) == sorted(e.file for e in manifest.files)
    no_rendering(monkeypatch)  # the same set in this process: every file a hit of the workers' cache
    result = in_process("-o", "again")
    assert result.exit_code == 0, result.output
    assert Manifest.load(tmp_path / "again").files == manifest.files


@pytest.mark.slow
def test_a_full_disk_stops_the_run_and_leaves_the_earlier_set_valid(tmp_path, start, in_process):
    assert in_process("-o", "set").exit_code == 0
    earlier = Manifest.load(tmp_path / "set")
    failing = start("-o", "set", "--theme", "light,dark", file_limit=4096)
    _, stderr = failing.communicate(timeout=300)
    assert failing.returncode == 1  # the environment's failure, not bad input
    assert stderr.count("\n") == 1 and stderr.startswith("Error: ") and "File too large" in stderr, stderr
    assert leftovers(tmp_path) == []
    assert Manifest.load(tmp_path / "set") == earlier and earlier.verify(tmp_path / "set") == []
    assert processes_left(failing.marker) == []


@pytest.mark.slow
def test_sigterm_stops_the_workers_and_leaves_nothing_half_done(tmp_path, start):
    process = start("-o", "set", "--only", "step", scene="figure_scenes:SlowScene")
    deadline = time.monotonic() + 120
    while len(list((tmp_path / "started").iterdir())) < 2:  # both workers inside a render
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (128 + signal.SIGTERM, "Error: stopped by SIGTERM\n")
    assert leftovers(tmp_path) == []
    assert Manifest.load(tmp_path / "set").files == ()
    assert processes_left(process.marker) == []
