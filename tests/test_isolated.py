"""call_isolated: a function run in a forked child, its result, exception and warnings taken back.

Each test runs its script in a fresh interpreter: a test process may have loaded torch or
started threads, and then :func:`call_isolated` rightly runs the function in place.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from render_support import ctrl_c_as_in_a_terminal

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks on POSIX only")

PREAMBLE = """
import json, os, signal, sys, threading, warnings
from rnnviz.rendering.isolated import call_isolated, can_fork, keep_here
from rnnviz.rendering.options import RenderError
def report(**values):
    print(json.dumps(values))
"""


def run_script(script: str, cwd: Path | None = None) -> dict:
    """Run ``script`` after :data:`PREAMBLE` in a fresh interpreter; what it passed to ``report``."""
    result = subprocess.run([sys.executable, "-c", PREAMBLE + textwrap.dedent(script)], capture_output=True,
                            text=True, timeout=120, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_function_runs_in_another_process_and_its_result_comes_back():
    out = run_script("""
        report(forks=can_fork(), child=call_isolated(os.getpid), me=os.getpid(), result=call_isolated(divmod, 17, 5))
    """)
    assert out["forks"] and out["child"] != out["me"] and out["result"] == [3, 2]


def test_what_the_child_imports_stays_in_the_child(tmp_path):
    (tmp_path / "heavy_module.py").write_text("ANSWER = 42\n")
    out = run_script("""
        answer = call_isolated(lambda: __import__("heavy_module").ANSWER)
        report(answer=answer, loaded_here="heavy_module" in sys.modules)
    """, cwd=tmp_path)
    assert out == {"answer": 42, "loaded_here": False}


def test_an_exception_is_raised_here_with_its_class_and_message():
    out = run_script("""
        try:
            call_isolated(int, "five")
        except ValueError as error:
            first = str(error)
        try:
            call_isolated(open, "/nonexistent/file")
        except FileNotFoundError as error:
            second = error.filename
        report(first=first, second=second)
    """)
    assert out == {"first": "invalid literal for int() with base 10: 'five'", "second": "/nonexistent/file"}


def test_an_exception_class_this_process_has_not_imported_arrives_as_runtime_error(tmp_path):
    (tmp_path / "exotic_module.py").write_text("class ExoticError(Exception):\n    pass\n"
                                               "def fail():\n    raise ExoticError('deep inside')\n")
    out = run_script("""
        try:
            call_isolated(lambda: __import__("exotic_module").fail())
        except Exception as error:
            report(kind=type(error).__name__, message=str(error), loaded_here="exotic_module" in sys.modules)
    """, cwd=tmp_path)
    # unpickling the class would have imported its module here
    assert out == {"kind": "RuntimeError", "message": "ExoticError: deep inside", "loaded_here": False}


def test_warnings_are_warned_again_here():
    out = run_script("""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = call_isolated(lambda: warnings.warn("old way", DeprecationWarning) or "done")
        report(result=result, warned=[(w.category.__name__, str(w.message)) for w in caught])
    """)
    assert out == {"result": "done", "warned": [["DeprecationWarning", "old way"]]}


def test_a_child_that_dies_without_answering_is_a_render_error():
    out = run_script("""
        try:
            call_isolated(lambda: os.kill(os.getpid(), signal.SIGKILL))
        except RenderError as error:
            report(message=str(error))
    """)
    assert out == {"message": "the process running <lambda> ended without an answer (killed by SIGKILL)"}


def test_with_other_threads_running_the_function_runs_here():
    out = run_script("""
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        report(forks=can_fork(), same=call_isolated(os.getpid) == os.getpid())
        stop.set()
    """)
    assert out == {"forks": False, "same": True}


def test_after_torch_is_loaded_the_function_runs_here_and_finishes():
    """A child forked after torch ran a parallel matrix product hangs in its own first one
    (libgomp's thread pool is not inherited); so with torch loaded nothing is forked."""
    out = run_script("""
        import torch
        torch.ones(300, 300) @ torch.ones(300, 300)
        product = call_isolated(lambda: (torch.ones(300, 300, dtype=torch.float64) @ torch.ones(300, 300,
                                         dtype=torch.float64))[0, 0].item())
        report(forks=can_fork(), product=product)
    """)
    assert out == {"forks": False, "product": 300.0}


def test_inside_keep_here_the_function_runs_here_and_what_it_imports_stays():
    """A worker rendering job after job loads the model's modules once."""
    out = run_script("""
        with keep_here():
            here = call_isolated(os.getpid) == os.getpid()
            call_isolated(__import__, "fractions")
        report(here=here, kept="fractions" in sys.modules, forks_after=call_isolated(os.getpid) != os.getpid())
    """)
    assert out == {"here": True, "kept": True, "forks_after": True}


def test_ctrl_c_in_the_parent_kills_the_child(tmp_path):
    """The child ignores SIGINT (the parent's to handle); the parent, interrupted, kills it."""
    pid_file = tmp_path / "child.pid"
    script = PREAMBLE + textwrap.dedent(f"""
        import time
        def wait_forever():
            open({str(pid_file)!r}, "w").write(str(os.getpid()))
            time.sleep(120)
        try:
            call_isolated(wait_forever)
        except KeyboardInterrupt:
            print("interrupted")
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              preexec_fn=ctrl_c_as_in_a_terminal)
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


def test_output_buffered_before_the_fork_is_written_once():
    """stdout to a pipe is block-buffered: what it holds at the fork is not written by the child too."""
    script = PREAMBLE + "print('once', end='')\ncall_isolated(abs, -1)\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "once", "")
