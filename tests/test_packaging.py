"""`pip install .` gives a working rnnviz without the source tree, under the rnnviz name only."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("rnnviz-*.whl")
    return path


def test_wheel_puts_everything_under_the_rnnviz_name(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"rnnviz", next(t for t in tops if t.endswith(".dist-info"))}
    for expected in ("rnnviz/cli.py", "rnnviz/scenes/__init__.py", "rnnviz/core/record.py", "rnnviz/assets/intents/train.tsv"):
        assert expected in names
    assert not any(name.startswith(("rnnviz/tests", "rnnviz/benchmarks")) for name in names)


def test_installed_wheel_works_without_the_source_tree(wheel, tmp_path):
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Dependencies come from the development environment; its .pth files (the editable checkout)
    # are not processed from here, so only the wheel provides rnnviz.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    Path(site, "_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    work = tmp_path / "elsewhere"
    work.mkdir()
    version = subprocess.run([str(env / "bin" / "rnnviz"), "--version"], cwd=work, capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("rnnviz, version")
    probe = (
        "import rnnviz, rnnviz.cli, rnnviz.scenes; from rnnviz.paths import asset;"
        "print(rnnviz.__file__); print(rnnviz.cli.__file__); print(asset('intents', 'train.tsv'))"
    )
    out = subprocess.run([str(python), "-c", probe], cwd=work, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        assert line.startswith(site), line
    assert list(work.iterdir()) == []
