"""Query chips above the results (removable, in sync with the filter widgets) and recommendation shelves."""

from __future__ import annotations

from PySide6.QtCore import Qt

from movierec_gui.core.models import EntryKind


def search(win, qtbot, query: str) -> None:
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "search"):
        win.search_pane.set_query(query)


def test_chips_show_what_was_understood_and_can_be_removed(make_window, qtbot):
    win = make_window()
    chips = win.results_pane.chips
    search(win, qtbot, "a heist from the 90s under 120 minutes")
    assert chips.isVisible()
    assert {"era", "runtime"} <= set(chips.buttons)
    years = [int(y) for y in (win.results_pane.table.proxy.index(r, 1).data()
                              for r in range(win.results_pane.table.proxy.rowCount())) if y]
    assert (years and all(1990 <= y <= 1999 for y in years)) or chips._lead.text().startswith("Nothing matched")
    # Remove the era: the search runs again without it; the chip stays, struck through, to bring it back.
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "search"):
        qtbot.mouseClick(chips.buttons["era"], Qt.MouseButton.LeftButton)
    assert chips.buttons["era"].font().strikeOut()
    years = [int(y) for y in (win.results_pane.table.proxy.index(r, 1).data()
                              for r in range(win.results_pane.table.proxy.rowCount())) if y]
    assert any(not 1990 <= y <= 1999 for y in years)
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "search"):
        qtbot.mouseClick(chips.buttons["era"], Qt.MouseButton.LeftButton)
    assert not chips.buttons["era"].font().strikeOut()
    # The filter widgets win: setting a runtime in the widget takes the runtime chip away.
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "search"):
        win.search_pane.runtime_max.setValue(150)
    assert "runtime" not in chips.buttons or chips.buttons["runtime"].font().strikeOut()
    # A new query starts clean; an empty query (browsing) shows no chips.
    search(win, qtbot, "space adventure")
    assert "era" not in chips.buttons
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "browse"):
        win.search_pane.set_query("")
    assert not chips.isVisible()


def test_recommendations_as_shelves_of_covers(make_window, qtbot):
    win = make_window()
    qtbot.waitUntil(lambda: win.results_pane.table.proxy.rowCount() > 0, timeout=10_000)
    ids = win.results_pane.table.source_model.ids()[:3]
    with qtbot.waitSignal(win.recommendations_shown, timeout=30_000):
        win.mark(ids, EntryKind.LIKED)
    qtbot.waitUntil(lambda: win.tasks.busy == 0, timeout=30_000)
    win.set_grid_mode(True, remember=False)
    pane = win.recs_pane
    qtbot.waitUntil(lambda: bool(pane.shelves.rows), timeout=30_000)
    assert pane.stack.currentWidget() is pane.shelves
    titles = [label.text() for label, _ in pane.shelves.rows]
    assert titles and all(t for t in titles)
    first_grid = pane.shelves.rows[0][1]
    assert first_grid.model().rowCount() > 0
    # The shelves' films carry the same actions as every list (L: like the current one).
    first_grid.setCurrentIndex(first_grid.model().index(0, 0))
    movie_id = first_grid.current_id()
    like = next(a for a in first_grid.film_actions if a.shortcut().toString() == "L")
    with qtbot.waitSignal(win.history_loaded, timeout=10_000):
        like.trigger()
    assert win.app_state.history_kinds.get(movie_id) == "liked"
    win.set_grid_mode(False, remember=False)
    assert pane.stack.currentWidget() is pane.table


def test_not_interested_hides_a_film_and_undo_brings_it_back(make_window, qtbot):
    win = make_window()
    table = win.results_pane.table
    qtbot.waitUntil(lambda: table.proxy.rowCount() > 0, timeout=10_000)
    assert table.not_interested_action.isEnabled()
    hidden = table.source_model.movie_id(0)
    table.setFocus()
    table.selectRow(0)
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "browse"):
        qtbot.keyClick(table, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: win.undo_button.isVisible(), timeout=10_000)
    assert hidden not in table.source_model.ids()
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "browse"):
        qtbot.mouseClick(win.undo_button, Qt.MouseButton.LeftButton)
    assert hidden in table.source_model.ids()


def test_not_interested_in_a_director_from_the_details_panel_is_undoable(make_window, qtbot):
    win = make_window()
    pane = win.details_pane
    qtbot.waitUntil(lambda: pane.movie is not None, timeout=10_000)
    movie = pane.movie
    assert pane.not_interested_button.isVisible() and pane.not_interested_button.menu() is not None
    if not movie.directors:
        assert not pane.scope_actions["director"].isEnabled()
        return
    assert pane.scope_actions["director"].text() == f"Films by {movie.directors[0]}"
    pane.scope_actions["director"].trigger()
    qtbot.waitUntil(lambda: win.undo_button.isVisible(), timeout=10_000)
    listed = win.services.not_interested_list()
    assert any(n.scope == "director" and n.value == movie.directors[0] for n in listed)
    qtbot.mouseClick(win.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not any(n.scope == "director" for n in win.services.not_interested_list()),
                    timeout=10_000)


def test_a_search_nothing_fits_says_which_constraint_it_ignores(make_window, qtbot):
    """No Swedish or Danish film noir in the window's catalog: the results ignore one of the
    understood constraints, and the chip bar names it."""
    win = make_window()
    search(win, qtbot, "swedish or danish crime, bleak nordic noir")
    chips = win.results_pane.chips
    lead = chips._lead.text()
    labels = [b.text().removesuffix("  ✕") for b in chips.buttons.values()]
    assert lead.startswith("Nothing matched all of these (showing films without ")
    assert lead.removeprefix("Nothing matched all of these (showing films without ").removesuffix("):") in labels
    assert win.results_pane.table.proxy.rowCount() > 0
