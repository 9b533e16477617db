"""The command line's own surface: version, help, doctor."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from rnnviz import __version__
from rnnviz.cli import main
from rnnviz.doctor import CHECKS, run_checks


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == f"rnnviz, version {__version__}\n"


def test_help_imports_neither_torch_nor_manim():
    code = "import sys; from rnnviz.cli import main; main(['--help'], standalone_mode=False);" \
           "print('heavy:', sorted(m for m in ('torch', 'manim') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Usage: " in out and "heavy: []" in out


def test_doctor_reports_every_piece_and_passes_here():
    result = CliRunner().invoke(main, ["doctor"])
    lines = result.output.splitlines()
    assert len(lines) == len(CHECKS)
    for line, (name, *_) in zip(lines, CHECKS):
        assert line.startswith("ok") and line[9:].startswith(name), line
    assert result.exit_code == 0, result.output


def test_doctor_fails_with_the_fix_when_a_piece_is_missing(monkeypatch):
    def missing() -> str:
        raise RuntimeError("font 'Noto Sans CJK SC' not found")

    checks = tuple((name, missing if name == "cjk font" else probe, fix, req) for name, probe, fix, req in CHECKS)
    monkeypatch.setattr("rnnviz.doctor.CHECKS", checks)
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "cjk font" in line)
    assert line.startswith("MISSING") and "apt-get install -y fonts-noto-cjk" in line
    assert sum(1 for c in run_checks() if not c.ok) == 1
