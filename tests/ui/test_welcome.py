"""First run: three ways in side by side; picking films updates the history and the recommendations live."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSettings, Qt

from movierec_gui.core.models import EntryKind
from movierec_gui.services import ListingRow
from movierec_gui.ui.actions import Action
from movierec_gui.ui.welcome import WelcomeDialog, pick_films


def test_picks_are_well_known_and_varied():
    genres = ("Drama", "Comedy", "Horror", "Animation", "Western", "Science Fiction")
    rows = [ListingRow(i, f"Film {i}", 1950 + (i * 7) % 70, (genres[i % 6],), 100, 1.0 - i / 1000)
            for i in range(600)]
    picks = pick_films(rows, 40)
    assert len(picks) == 40 and len({p.id for p in picks}) == 40
    assert len({p.genres[0] for p in picks}) == 6  # every genre is there
    assert len({p.year // 10 for p in picks}) >= 5  # and many decades
    assert max(p.id for p in picks) < 200  # drawn from the best known
    assert picks[0].id == 0


def test_first_launch_offers_three_ways_in_and_picks_update_recommendations(make_window, qtbot, tmp_path):
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    win = make_window(state=state, welcome=True)
    qtbot.waitUntil(lambda: win.welcome_dialog is not None and len(win.welcome_dialog.cards) > 0, timeout=15_000)
    dialog: WelcomeDialog = win.welcome_dialog
    assert dialog.isVisible()
    assert dialog.import_button.isVisible() and dialog.query.isVisible()
    assert 20 <= len(dialog.cards) <= 40
    first, second = dialog.cards[0], dialog.cards[1]
    with qtbot.waitSignal(win.history_loaded, timeout=10_000):
        qtbot.mouseClick(first.buttons[EntryKind.LIKED], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(win.recommendations_shown, timeout=30_000):
        qtbot.mouseClick(second.buttons[EntryKind.LIKED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.app_state.history_kinds == {first.movie_id: "liked", second.movie_id: "liked"},
                    timeout=10_000)
    qtbot.waitUntil(lambda: "Now recommended for you" in dialog.progress.text(), timeout=30_000)
    assert first.buttons[EntryKind.LIKED].isChecked()
    with qtbot.waitSignal(win.history_loaded, timeout=10_000):  # "not seen" takes the pick back
        qtbot.mouseClick(second.buttons[None], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second.movie_id not in win.app_state.history_ids, timeout=10_000)
    # Just search: the query runs in the window and the dialog steps aside.
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "search"):
        dialog.query.setText("space adventure")
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=5000)
    win.close()
    # Remembered: the next launch goes straight to the window; Help ▸ Getting started brings it back.
    again = make_window(state=QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat), welcome=True)
    qtbot.wait(200)
    assert again.welcome_dialog is None
    again.actions[Action.WELCOME].trigger()
    assert again.welcome_dialog is not None and again.welcome_dialog.isVisible()
    again.welcome_dialog.close()


def test_import_from_the_welcome_dialog_opens_the_previewing_import(make_window, qtbot):
    win = make_window()
    dialog = win.show_welcome()
    opened = []
    win.jobs.open_import = lambda kind: opened.append(kind)
    dialog.import_requested.disconnect()
    dialog.import_requested.connect(lambda: win.jobs.open_import("history"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert opened == ["history"]
    dialog.close()
