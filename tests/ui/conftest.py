"""GUI test fixtures: one small indexed catalog built per session, copied into each test's home."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA, local_embedder, write_csv_sample

SAMPLE_FILMS = 150
#: The shared dev data (``MOVIEREC_SHARED_DATA`` when the worktree does not sit next to it).
DATA = Path(os.environ.get("MOVIEREC_SHARED_DATA") or SHARED_DATA)


@pytest.fixture(scope="session")
def built_home(tmp_path_factory) -> Path:
    """A home with the first 150 TMDB films imported and indexed with the real local model."""
    src = DATA / "tmdb5000" / "tmdb_5000_movies.csv"
    if not src.exists():
        pytest.skip("../shared/data is not present")
    from movierec_gui.services import Services

    root = tmp_path_factory.mktemp("gui-home")
    home = root / "home"
    csv_path = write_csv_sample(src, root / "tmdb-sample.csv", SAMPLE_FILMS)
    mp = pytest.MonkeyPatch()
    mp.setenv("MOVIEREC_STARTER", "0")
    try:
        services = Services(home, embedder=local_embedder())
        services.import_catalog(csv_path, "tmdb")
        services.index()
        services._catalog.close()
    finally:
        mp.undo()
    return home


@pytest.fixture
def home(built_home, tmp_path, monkeypatch) -> Path:
    """This test's own copy of the built home (tests may change history and cache)."""
    dest = tmp_path / "home"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(built_home, dest)
    monkeypatch.setenv("MOVIEREC_HOME", str(dest))
    monkeypatch.setenv("MOVIEREC_STARTER", "0")
    return dest


@pytest.fixture
def services(home):
    from movierec_gui.services import Services

    s = Services(home, embedder=local_embedder())
    yield s
    s._catalog.close()


@pytest.fixture
def make_window(qtbot, services):
    """``make_window()`` → a shown ``MainWindow`` on the test's services; closed and its pools drained after."""
    from movierec_gui.ui.main_window import MainWindow

    windows = []

    def make(wait_startup: bool = True, **kwargs):
        win = MainWindow(kwargs.pop("services", services), **kwargs)
        qtbot.addWidget(win)
        windows.append(win)
        if wait_startup:
            with qtbot.waitSignal(win.startup_finished, timeout=30_000):
                win.show()
            qtbot.waitUntil(lambda: win.tasks.busy == 0, timeout=30_000)
        else:
            win.show()
        return win

    yield make
    for win in windows:
        win.tasks.shutdown()
        assert win.tasks.wait(10_000)
        win.close()


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp):
    """Every window a test opens is closed by its end (after qtbot's own clean-up)."""
    yield
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not leaked, f"windows left open: {leaked}"
