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


def test_rating_and_feedback_in_the_details_panel(make_window, qtbot):
    from PySide6.QtCore import Qt

    from movierec_gui.core.models import EntryKind

    win = make_window()
    qtbot.waitUntil(lambda: win.details_pane.movie is not None, timeout=10_000)
    pane = win.details_pane
    movie = pane.movie
    qtbot.waitUntil(lambda: pane.cover.pixmap() is not None and not pane.cover.pixmap().isNull(), timeout=10_000)
    pane.stars.setFocus()
    with qtbot.waitSignal(win.history_loaded, timeout=10_000):
        qtbot.keyClick(pane.stars, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: pane.entry is not None and pane.entry.rating == 4.0, timeout=10_000)
    assert win.history_pane.model.entry(0).entry.rating == 4.0
    with qtbot.waitSignal(win.history_loaded, timeout=10_000):
        qtbot.mouseClick(pane.buttons[EntryKind.LIKED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.buttons[EntryKind.LIKED].isChecked() and pane.entry.kind is EntryKind.LIKED,
                    timeout=10_000)
    assert not pane.buttons[EntryKind.DISLIKED].isChecked()
    assert win.app_state.history_kinds == {movie.id: "liked"}
    # The grid shows the state too.
    assert win.results_pane.grid.kinds == {movie.id: "liked"} and win.results_pane.grid.ratings == {movie.id: 4.0}
    with qtbot.waitSignal(win.history_loaded, timeout=10_000):  # clicking the active button again undoes it
        qtbot.mouseClick(pane.buttons[EntryKind.LIKED], Qt.MouseButton.LeftButton)
    assert win.history_pane.model.rowCount() == 0


def test_history_table_rates_by_keys_and_by_clicking_stars(make_window, qtbot):
    from PySide6.QtCore import QPoint, Qt

    from movierec_gui.core.models import EntryKind
    from movierec_gui.ui.models import HistoryTableModel

    win = make_window()
    qtbot.waitUntil(lambda: win.results_pane.table.proxy.rowCount() > 0, timeout=10_000)
    movie_id = win.results_pane.table.source_model.movie_id(0)
    with qtbot.waitSignal(win.history_loaded, timeout=10_000):
        win.mark([movie_id], EntryKind.WATCHED)
    view = win.history_pane.view
    view.setFocus()
    view.selectRow(0)
    with qtbot.waitSignal(win.history_loaded, timeout=10_000):
        qtbot.keyClick(view, Qt.Key.Key_3)
    assert win.history_pane.model.entry(0).entry.rating == 3.0
    rect = view.visualRect(win.history_pane.proxy.index(0, HistoryTableModel.COL_RATING))
    s = min(rect.height() - 4, view.fontMetrics().height() * 0.75, (rect.width() - 8) / 5)
    with qtbot.waitSignal(win.history_loaded, timeout=10_000):  # the left half of the 5th star
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(int(rect.left() + 4 + 4 * s + s * 0.25), rect.center().y()))
    assert win.history_pane.model.entry(0).entry.rating == 4.5


def test_a_film_pointed_at_an_image_file_shows_it_as_cover(make_window, qtbot, tmp_path):
    from PySide6.QtGui import QColor, QImage

    win = make_window()
    qtbot.waitUntil(lambda: win.details_pane.movie is not None, timeout=10_000)
    pane = win.details_pane
    qtbot.waitUntil(lambda: not pane.cover.pixmap().isNull(), timeout=10_000)
    image = QImage(300, 450, QImage.Format.Format_RGB32)
    image.fill(QColor(10, 200, 30))
    path = tmp_path / "mine.png"
    assert image.save(str(path))
    win.choose_poster(pane.movie.id, str(path))

    def green() -> bool:
        shown = pane.cover.pixmap().toImage()
        c = QColor(shown.pixel(shown.width() // 2, shown.height() // 2))
        return c.green() > 150 and c.red() < 60

    qtbot.waitUntil(green, timeout=10_000)
    assert win.services.poster_path(pane.movie) is not None


def test_my_history_shows_as_covers_in_the_film_list(make_window, qtbot, services):
    """View → My history as a film list: every history film, newest first, even with "hide my history" on."""
    from movierec_gui.core.models import EntryKind

    ids = services.browse()[:3]
    first, second = ids[0].id, ids[1].id
    services.mark([first], EntryKind.LIKED)
    services.mark([second], EntryKind.WATCHLIST)
    win = make_window()
    win.actions[Action.TOGGLE_GRID].trigger()
    with qtbot.waitSignal(win.results_shown, timeout=10_000, check_params_cb=lambda mode, n: mode == "history"):
        win.actions[Action.SHOW_HISTORY].trigger()
    pane = win.results_pane
    assert pane.grid_mode and pane.table.proxy.rowCount() == 2
    assert set(pane.table.source_model.ids()) == {first, second}
    assert "Your history: 2 films" in pane.caption.text()
    qtbot.waitUntil(lambda: win.covers.rendered > 0, timeout=10_000)
