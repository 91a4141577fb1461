"""Library → Get more films from TMDB…: key to the keyring, estimate, progress, cancel, resume, posters."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from movierec_gui.services import Services
from movierec_gui.ui.tasks import TaskManager
from movierec_gui.ui.tmdb_dialog import SOURCES, TmdbDialog
from tests.contract.tmdb_standin import TmdbStandIn

pytestmark = pytest.mark.contract


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict (the test's stand-in for the OS keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.saved.get((service, username))

    def set_password(self, service, username, password):
        self.saved[(service, username)] = password

    def delete_password(self, service, username):
        self.saved.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def standin(monkeypatch, tmp_path):
    server = TmdbStandIn(films=300).start()
    monkeypatch.setenv("MOVIEREC_TMDB_API", server.url)
    yield server
    server.stop()


def make_dialog(qtbot, rate: float) -> tuple[TmdbDialog, TaskManager, Services]:
    services = Services()
    (services.folders.config / "settings.json").write_text(json.dumps({"tmdb_rate": rate}), encoding="utf-8")
    services = Services()
    tasks = TaskManager()
    dialog = TmdbDialog(services, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, tasks, services


def test_key_estimate_fetch_and_posters_appearing(qtbot, standin, memory_keyring):
    dialog, tasks, services = make_dialog(qtbot, rate=1000)
    try:
        qtbot.waitUntil(lambda: dialog.key_state.text() == "No key yet.", timeout=10_000)
        assert not dialog.fetch_button.isEnabled()
        qtbot.keyClicks(dialog.key_edit, standin.api_key)
        qtbot.mouseClick(dialog.save_key_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.key_state.text() == "A key is stored.", timeout=10_000)
        assert memory_keyring.saved == {("movierec", "TMDB_API_KEY"): standin.api_key}
        assert dialog.key_edit.text() == "" and dialog.fetch_button.isEnabled()
        assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password

        dialog.source_combo.setCurrentIndex(1)  # top rated
        dialog.limit_spin.setValue(40)
        dialog.estimate()
        qtbot.waitUntil(lambda: "40 of 300 films" in dialog.plan_label.text(), timeout=20_000)

        with qtbot.waitSignal(dialog.catalog_changed, timeout=30_000):
            dialog.fetch()
        qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
        assert "40 added" in dialog.result_label.text()
        assert services.film_count() == 40
        downloaded = services.tmdb_posters_since(0, limit=100)
        assert 30 <= len(downloaded) < 40  # some of these films have no poster on TMDB
        assert dialog.posters_list.count() == len(downloaded)  # every one appeared in the strip
        dialog.clear_posters()
        qtbot.waitUntil(lambda: dialog.posters_list.count() == 0, timeout=10_000)
        assert services.poster_cache_size() == (0, 0)
        assert dialog.result_label.text() == f"Removed {len(downloaded)} downloaded posters."
    finally:
        tasks.shutdown()


def test_progress_cancel_and_resume(qtbot, standin, memory_keyring):
    memory_keyring.set_password("movierec", "TMDB_READ_TOKEN", standin.read_token)
    dialog, tasks, services = make_dialog(qtbot, rate=60)
    try:
        qtbot.waitUntil(lambda: dialog.fetch_button.isEnabled(), timeout=10_000)  # the v4 token is found
        dialog.source_combo.setCurrentIndex([s[2] for s in SOURCES].index("popular"))
        dialog.limit_spin.setValue(300)
        dialog.posters_check.setChecked(False)
        dialog.fetch()
        assert dialog.cancel_button.isEnabled() and not dialog.fetch_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.progress.maximum() == 300 and dialog.progress.value() >= 60, timeout=30_000)
        assert "Fetching films" in dialog.progress.format()
        qtbot.waitUntil(lambda: "left" in dialog.eta_label.text(), timeout=10_000)  # time left is shown
        dialog.cancel()
        qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
        assert dialog.result_label.text().startswith("Cancelled")
        fetched = services.film_count()
        assert 50 <= fetched < 300

        dialog.estimate()
        qtbot.waitUntil(lambda: "continues an interrupted fetch" in dialog.plan_label.text(), timeout=20_000)
        with qtbot.waitSignal(dialog.catalog_changed, timeout=60_000):
            dialog.fetch()
        qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
        assert services.film_count() == 300
        assert max(standin.detail_calls().values()) == 1
    finally:
        tasks.shutdown()


def test_attribution_is_shown(qtbot, standin, memory_keyring):
    from pathlib import Path

    from movierec_gui.about import TMDB_ATTRIBUTION, about_html

    assert TMDB_ATTRIBUTION == "This product uses the TMDB API but is not endorsed or certified by TMDB."
    assert TMDB_ATTRIBUTION in about_html()
    assert TMDB_ATTRIBUTION in (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    dialog, tasks, _services = make_dialog(qtbot, rate=1000)
    try:
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert "This product uses the TMDB API but is not endorsed or certified by TMDB." in texts
    finally:
        tasks.shutdown()


def test_library_menu_opens_the_dialog_and_new_films_reach_the_window(qtbot, standin, monkeypatch):
    from movierec_gui.ui.main_window import MainWindow

    monkeypatch.setenv("TMDB_API_KEY", standin.api_key)
    services = Services()
    win = MainWindow(services)
    qtbot.addWidget(win)
    try:
        with qtbot.waitSignal(win.startup_finished, timeout=30_000):
            win.show()
        library = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Library")
        action = next(a for a in library.actions() if a.text() == "Get more films from &TMDB…")
        action.trigger()
        dialog = win.findChild(TmdbDialog)
        assert dialog is not None and dialog.isVisible()
        qtbot.waitUntil(lambda: dialog.fetch_button.isEnabled(), timeout=10_000)
        dialog.limit_spin.setValue(20)
        dialog.posters_check.setChecked(False)
        dialog.fetch()
        qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
        assert services.film_count() == 20
        # The window lists the new films and offers to index them.
        qtbot.waitUntil(lambda: win.tasks.busy == 0, timeout=30_000)
        qtbot.waitUntil(lambda: "search index for your 20 films" in win.banner.findChild(QLabel).text(),
                        timeout=10_000)
        dialog.close()
    finally:
        win.tasks.shutdown()
        win.close()
