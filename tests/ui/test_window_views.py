"""The real window: the cover grid toggle (remembered), covers arriving, details cleared by a new search."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from movierec_gui.ui.actions import Action


def test_grid_toggle_is_remembered_and_covers_arrive(make_window, qtbot, tmp_path):
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    win = make_window(state=state)
    pane = win.results_pane
    qtbot.waitUntil(lambda: pane.table.proxy.rowCount() > 0, timeout=10_000)
    assert not pane.grid_mode
    win.actions[Action.TOGGLE_GRID].trigger()
    assert pane.grid_mode and win.recs_pane.grid_mode
    qtbot.waitUntil(lambda: win.covers.rendered > 0, timeout=10_000)  # rendered on the covers pool
    assert state.value("view/grid") == "true"
    win.close()
    again = make_window(state=QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    assert again.results_pane.grid_mode and again.actions[Action.TOGGLE_GRID].isChecked()


def test_a_new_search_clears_details_of_a_film_it_no_longer_shows(make_window, qtbot):
    win = make_window()
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "search"):
        win.search_pane.set_query("avatar")
    qtbot.waitUntil(lambda: win.details_pane.movie is not None, timeout=10_000)
    first = win.details_pane.movie.id
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "search"):
        win.search_pane.set_query("a romantic comedy in paris")
    ids = win.results_pane.table.source_model.ids()
    if first not in ids:  # the old film is gone: the panel shows the new list's first film, not the old one
        qtbot.waitUntil(lambda: win.details_pane.movie is not None and win.details_pane.movie.id in ids,
                        timeout=10_000)
    assert win.details_pane.movie is None or win.details_pane.movie.id in ids
