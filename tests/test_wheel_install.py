"""A wheel is the full app: built from a copy of the tree, installed into a fresh venv, run from there.

The fresh venv gets the dev venv's third-party packages through a ``.pth`` line (no download, no
``movierec_gui`` from the source tree: ``.pth`` files of an added folder are not processed, so the
dev venv's editable hook never loads), and the wheel with ``--no-deps --no-index``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _tracked_tree(dest: Path) -> Path:
    """The files a source distribution carries (everything but the venv, VCS and build litter)."""
    ignore = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis",
                                    "tests", "benchmarks", "docs", "packaging", "scripts", ".github", ".ci")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("wheel")
    src = _tracked_tree(work / "src")
    dist = work / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", str(dist), str(src)],
        capture_output=True, text=True, timeout=300,
    )
    if build.returncode and "setuptools" in build.stderr and "No module named" in build.stderr:
        pytest.skip("setuptools is not installed in this venv (pip install -e '.[dev]')")
    assert build.returncode == 0, build.stderr[-3000:]
    wheel = next(dist.glob("movierec_gui-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    new_site = Path(subprocess.check_output([str(py), "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"],
                                            text=True).strip())
    (new_site / "_dev_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    inst = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        capture_output=True, text=True, timeout=300,
    )
    assert inst.returncode == 0, inst.stderr[-3000:]
    script = env_dir / ("Scripts/movierec.exe" if os.name == "nt" else "bin/movierec")
    return {"wheel": wheel, "python": py, "movierec": script, "work": work}


def _run(installed, *args: str, home: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MOVIEREC_STARTER", "PYTHONPATH")}
    env.update(MOVIEREC_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(installed["movierec"]), *args], capture_output=True, text=True, env=env,
                          cwd=installed["work"], timeout=timeout)


def test_wheel_carries_the_starter_catalog_vectors_and_icons(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    res = "movierec_gui/_resources/"
    assert any(n.startswith(res + "catalog/") and n.endswith(".jsonl") for n in names)
    assert any(n.startswith(res + "starter_vectors/") for n in names)
    assert res + "icons/movierec.svg" in names
    where = subprocess.check_output(
        [str(installed["python"]), "-c",
         "import movierec_gui.resources as r, movierec_gui.wiring as w;"
         "print(r.__file__); print(r.app_resources()); print(len(w.starter_files()))"],
        text=True, cwd=installed["work"],
    ).split("\n")
    assert str(ROOT) not in where[0], "the installed package must not be the source tree"
    assert where[1].endswith("_resources") and int(where[2]) >= 5


def _starter_vectors_current() -> bool:
    from movierec_gui import wiring
    from movierec_gui.core import starter
    from movierec_gui.core.catalog import Catalog
    from movierec_gui.core.indexer import plan
    from tests.conftest import local_embedder

    shipped = starter.shipped_vectors(wiring.starter_vectors_root(), local_embedder().name)
    if shipped is None:
        return False
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        cat = Catalog(Path(tmp) / "c.sqlite3")
        starter.install(cat, wiring.starter_files())
        _, _, hashes = plan(cat)
        cat.close()
    return set(hashes) == set(shipped.manifest.hashes.values())


def test_installed_app_installs_the_starter_catalog_searches_and_passes_its_selftest(installed, tmp_path):
    if not _starter_vectors_current():  # else the first search embeds ~3,600 films (minutes on 2 cores)
        pytest.skip("resources/starter_vectors are stale: run scripts/build_starter_vectors.py")
    home = tmp_path / "home"
    found = _run(installed, "search", "samurai protect a farming village from bandits", home=home)
    assert found.returncode == 0, found.stderr
    assert "Seven Samurai" in found.stdout
    info = _run(installed, "catalog", "info", "--json", home=home)
    assert info.returncode == 0 and "starter" in info.stdout
    selftest = _run(installed, "gui", "--selftest", home=home, timeout=300)
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr
