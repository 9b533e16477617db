"""The command line under real faults: a full disk, signals, unusable places, missing programs, odd names.

Each test runs `rnnviz` in a process of its own and breaks something for real: a small tmpfs
filled up, SIGTERM sent to a render in progress, a cache folder that is a file or on a read-only
mount, ``HOME`` unset, LaTeX taken off ``PATH``. The promise checked every time: one line on
stderr with the documented exit status, the old output untouched, nothing left behind.

The renders draw the small test scenes of ``render_scenes`` from a saved trace (the command
line is the real one; the flagship scene would only make each case slower).
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from render_support import ctrl_c_as_in_a_terminal, make_trace

TESTS = Path(__file__).parent

# Registers the test scenes, runs the real command line, and at exit reports on stdout which
# heavy modules were imported (so a test can tell that a refusal came before the work).
RUNNER = """
import atexit, json, sys
sys.path.insert(0, sys.argv[1])
from rnnviz.scenes import SCENES, SceneEntry
for scene, cls in (("squares", "SquaresScene"), ("long", "LongScene"), ("formula", "FormulaScene")):
    SCENES[scene] = SceneEntry(scene, ("rnn", "lstm", "gru"), "-", "a test scene", f"render_scenes:{cls}")
atexit.register(lambda: print(json.dumps(sorted(m for m in ("torch", "manim") if m in sys.modules))))
from rnnviz.cli import main
main(sys.argv[2:], prog_name="rnnviz")
"""


class Run:
    """One finished `rnnviz` process."""

    def __init__(self, completed: subprocess.CompletedProcess) -> None:
        self.status = completed.returncode
        lines = completed.stdout.splitlines()
        self.heavy = json.loads(lines[-1]) if lines else None  # torch/manim imported, from the runner
        self.stdout = "\n".join(lines[:-1])
        self.stderr = completed.stderr

    def one_line(self, status: int, *fragments: str) -> None:
        """Assert: exit ``status``, exactly one line on stderr, holding every fragment, no traceback."""
        assert self.status == status, self.stderr
        assert self.stderr.count("\n") == 1 and "Traceback" not in self.stderr, self.stderr
        for fragment in fragments:
            assert fragment in self.stderr, self.stderr


@pytest.fixture
def place(tmp_path) -> dict:
    """A work folder, a saved LSTM trace, and a private cache and temporary folder."""
    for name in ("work", "cache", "tmp"):
        (tmp_path / name).mkdir()
    make_trace("lstm").save(tmp_path / "lstm.json")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmp")}
    return {"root": tmp_path, "work": tmp_path / "work", "trace": str(tmp_path / "lstm.json"), "env": env}


def command(place: dict, *args: str, scene: str = "squares") -> list[str]:
    """The runner's command line for ``rnnviz render lstm`` of the saved trace at a tiny size."""
    return [sys.executable, "-c", RUNNER, str(TESTS), "render", "lstm", "--trace", place["trace"], "--scene", scene,
            "--size", "320x180", "--fps", "20", *args]


def rnnviz(place: dict, *args: str, scene: str = "squares", env: dict | None = None, prefix=()) -> Run:
    completed = subprocess.run([*prefix, *command(place, *args, scene=scene)], cwd=place["work"],
                               env=env or place["env"], capture_output=True, text=True, timeout=300)
    return Run(completed)


def leftovers(place: dict) -> list[str]:
    """Temporary files or folders of rnnviz anywhere they could be left."""
    found = [p.name for p in place["work"].iterdir() if p.name.startswith(".")]
    found += [p.name for p in (place["root"] / "tmp").iterdir() if p.name.startswith("rnnviz-")]
    found += [str(p) for p in (place["root"] / "cache").rglob("*") if p.name.startswith(("job-", ".")) or
              p.name.endswith(".part")]
    return found


def cached_renders(place: dict) -> list[Path]:
    return list((place["root"] / "cache" / "rnnviz" / "renders").glob("*/*"))


@contextlib.contextmanager
def mounted(folder: Path, *options: str) -> Iterator[Path]:
    """A fresh tmpfs at ``folder`` for the block (skips the test where mounting is not allowed)."""
    folder.mkdir(exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options) or "defaults", "tmpfs", str(folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip() or 'mount failed'}); needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` with one file until only ``leave`` bytes are free."""
    stats = os.statvfs(disk)
    (disk / "filler").write_bytes(b"\0" * max(stats.f_bavail * stats.f_frsize - leave, 0))


# ---- a full disk ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "leave"), [("gif", 4096), ("mp4", 4096), ("webm", 4096), ("png", 0)])
def test_full_disk_keeps_the_old_file_leaves_nothing_and_caches_nothing(place, fmt, leave):
    """The output (7-9 KB here) cannot fit: the failure is one line, and all is as before."""
    with mounted(place["root"] / "disk", "size=64k") as disk:
        old = disk / f"keep.{fmt}"
        old.write_bytes(b"the old file")
        fill(disk, leave)
        run = rnnviz(place, "-o", str(old))
        run.one_line(1, f"cannot write {old}: No space left on device; the existing keep.{fmt} is unchanged")
        assert old.read_bytes() == b"the old file"
        assert sorted(p.name for p in disk.iterdir()) == ["filler", f"keep.{fmt}"]
    assert leftovers(place) == [] and cached_renders(place) == []


def test_a_temporary_folder_filling_up_is_one_line_and_leaves_nothing(place):
    """Room for Python's look at the folder, not for the frames: the render fails midway."""
    with mounted(place["root"] / "tmp-disk", "size=64k") as disk:
        fill(disk, 4096)
        run = rnnviz(place, "-o", "a.gif", env={**place["env"], "TMPDIR": str(disk)})
        run.one_line(1, f"cannot write the temporary file {disk}/rnnviz-", "No space left on device",
                     "set TMPDIR to a folder with room")
        assert [p.name for p in disk.iterdir()] == ["filler"]
    assert list(place["work"].iterdir()) == [] and leftovers(place) == []


def test_output_folder_on_a_read_only_mount_is_refused_before_any_work(place):
    with mounted(place["root"] / "ro", "ro") as folder:
        run = rnnviz(place, "-o", str(folder / "a.gif"))
    run.one_line(2, f"the output folder is not writable: {folder}")
    assert run.heavy == []  # refused before manim (or torch) was even imported


@pytest.mark.parametrize("output", ["/proc/x.gif", "/sys/x.gif"])
def test_system_folders_are_refused_before_any_work(place, output):
    run = rnnviz(place, "-o", output)
    run.one_line(2, f"cannot write {output}:")
    assert run.heavy == []


# ---- signals ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("signum", "status", "message"), [(signal.SIGTERM, 143, "Error: stopped by SIGTERM"),
                                                           (signal.SIGINT, 130, "Error: interrupted")])
def test_a_signal_mid_render_cleans_up_like_ctrl_c(place, signum, status, message):
    old = place["work"] / "keep.gif"
    old.write_bytes(b"the old file")
    process = subprocess.Popen(command(place, "-o", str(old), scene="long"), cwd=place["work"], env=place["env"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=ctrl_c_as_in_a_terminal)
    deadline = time.monotonic() + 120
    spool = None
    while spool is None or spool.stat().st_size == 0:  # frames are being written: mid-render
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
        spool = next((place["root"] / "tmp").glob("rnnviz-*/frames.spool"), None)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == status and stderr == message + "\n", stderr
    assert old.read_bytes() == b"the old file"
    assert leftovers(place) == [] and cached_renders(place) == []


# ---- places that cannot be used ----------------------------------------------------------------------
def test_cache_folder_that_is_a_file_renders_without_the_cache(place):
    blocker = place["root"] / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    run = rnnviz(place, "-o", "a.png", env={**place["env"], "XDG_CACHE_HOME": str(blocker)})
    assert run.status == 0 and run.stdout.startswith("wrote "), run.stderr
    assert run.stderr == f"warning: cannot use the cache folder {blocker / 'rnnviz'} (Not a directory); " \
                         "rendering without the cache\n"
    assert sorted(p.name for p in place["work"].iterdir()) == ["a.png"] and leftovers(place) == []


def test_read_only_cache_renders_without_it(place):
    with mounted(place["root"] / "ro-cache", "ro") as cache:
        run = rnnviz(place, "-o", "a.png", env={**place["env"], "XDG_CACHE_HOME": str(cache)})
    assert run.status == 0, run.stderr
    assert run.stderr == f"warning: cannot use the cache folder {cache / 'rnnviz'} (Read-only file system); " \
                         "rendering without the cache\n"
    assert (place["work"] / "a.png").stat().st_size > 0 and leftovers(place) == []


def test_home_unset_writes_nothing_but_the_output(place):
    """dvisvgm (run for the formula) keeps a cache under $HOME; without HOME it used the working folder.

    The render runs in a mount namespace where the user's ~/.cache is a fresh, private tmpfs, so
    the real one is never touched while rnnviz uses its default cache folder.
    """
    home_cache = Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache"
    if shutil.which("unshare") is None or not home_cache.is_dir():
        pytest.skip("needs unshare(1) and an existing ~/.cache to mount over")
    env = {k: v for k, v in place["env"].items() if k not in ("HOME", "XDG_CACHE_HOME")}
    private_cache = ["unshare", "-m", "sh", "-c", 'mount -t tmpfs tmpfs "$0" && exec "$@"', str(home_cache)]
    run = rnnviz(place, "-o", "a.png", "--no-cache", scene="formula", env=env, prefix=private_cache)
    if run.status != 0 and "mount" in run.stderr:
        pytest.skip(f"cannot make a private mount here: {run.stderr.strip()}")
    assert run.status == 0 and run.stderr == "", run.stderr
    assert sorted(p.name for p in place["work"].iterdir()) == ["a.png"]


def test_missing_latex_is_one_line_naming_it_and_doctor(place):
    tools = place["root"] / "bin"
    tools.mkdir()
    (tools / "dvisvgm").symlink_to(shutil.which("dvisvgm"))
    run = rnnviz(place, "-o", "a.gif", scene="formula", env={**place["env"], "PATH": str(tools)})
    run.one_line(1, "latex is not installed", "`rnnviz doctor`")
    assert run.heavy == [] and not (place["work"] / "a.gif").exists()


# ---- names -------------------------------------------------------------------------------------------
def test_the_longest_legal_name_renders_and_one_more_is_refused(place):
    longest = "x" * 251 + ".png"  # 255 bytes, the limit of the usual file systems
    run = rnnviz(place, "-o", longest)
    assert run.status == 0, run.stderr
    assert sorted(p.name for p in place["work"].iterdir()) == [longest]
    refused = rnnviz(place, "-o", "x" + longest)
    refused.one_line(2, "File name too long")
    assert refused.heavy == []
