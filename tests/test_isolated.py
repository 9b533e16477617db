"""call_isolated: a function run in a forked child, its result, exception and warnings taken back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import warnings

import pytest

from rnnviz.rendering.isolated import call_isolated, can_fork
from rnnviz.rendering.options import RenderError

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks on POSIX only")


def test_the_function_runs_in_another_process_and_its_result_comes_back():
    assert can_fork()
    assert call_isolated(os.getpid) != os.getpid()
    assert call_isolated(divmod, 17, 5) == (3, 2)


def test_what_the_child_imports_stays_in_the_child(tmp_path, monkeypatch):
    (tmp_path / "heavy_module.py").write_text("ANSWER = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert call_isolated(_import_answer, "heavy_module") == 42
    assert "heavy_module" not in sys.modules


def test_an_exception_is_raised_here_with_its_class_and_message():
    with pytest.raises(ValueError, match="invalid literal"):
        call_isolated(int, "five")
    with pytest.raises(FileNotFoundError) as raised:
        call_isolated(open, "/nonexistent/file")
    assert raised.value.filename == "/nonexistent/file"


def test_an_exception_class_this_process_has_not_imported_arrives_as_runtime_error(tmp_path, monkeypatch):
    (tmp_path / "exotic_module.py").write_text("class ExoticError(Exception):\n    pass\n"
                                               "def fail():\n    raise ExoticError('deep inside')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RuntimeError, match="^ExoticError: deep inside$"):
        call_isolated(_call, "exotic_module", "fail")
    assert "exotic_module" not in sys.modules  # unpickling its class would have imported it


def test_warnings_are_warned_again_here():
    with pytest.warns(DeprecationWarning, match="old way"):
        assert call_isolated(_warn, "old way") == "warned"


def test_a_child_that_dies_without_answering_is_a_render_error():
    with pytest.raises(RenderError, match="ended without an answer \\(killed by SIGKILL\\)"):
        call_isolated(_die)


def test_with_other_threads_running_the_function_runs_here():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert call_isolated(os.getpid) == os.getpid()
    finally:
        stop.set()
        thread.join()


def test_ctrl_c_in_the_parent_kills_the_child(tmp_path):
    """The child ignores SIGINT (the parent's to handle); the parent, interrupted, kills it."""
    pid_file = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import os, time
        from rnnviz.rendering.isolated import call_isolated
        def wait_forever():
            open({str(pid_file)!r}, "w").write(str(os.getpid()))
            time.sleep(120)
        try:
            call_isolated(wait_forever)
        except KeyboardInterrupt:
            print("interrupted")
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())
    os.kill(child, 0)  # alive, waiting
    parent.send_signal(signal.SIGINT)
    out, _ = parent.communicate(timeout=60)
    assert (parent.returncode, out) == (0, "interrupted\n")
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def _import_answer(name: str) -> int:
    return __import__(name).ANSWER


def _call(module: str, function: str) -> object:
    return getattr(__import__(module), function)()


def _warn(message: str) -> str:
    warnings.warn(message, DeprecationWarning)
    return "warned"


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_output_buffered_before_the_fork_is_written_once():
    """stdout to a pipe is block-buffered: what it holds at the fork is not written by the child too."""
    script = "import sys\nfrom rnnviz.rendering.isolated import call_isolated\nprint('once', end='')\ncall_isolated(abs, -1)\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "once", "")
