"""Browsing, searching, "more like this" and the details panel."""

from __future__ import annotations

import dataclasses
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot

from ...core.models import SearchFilters
from ...services import Details
from .. import workers
from ..models import MovieRows, MovieTableModel
from .base import Controller

if TYPE_CHECKING:
    from ..main_window import MainWindow

BROWSE_SORT = (MovieTableModel.COL_POPULARITY, Qt.SortOrder.DescendingOrder)
TAB_RESULTS, TAB_RECOMMENDATIONS, TAB_MAP = range(3)


class SearchController(Controller):
    """The results tab and the details panel: browse list, typed searches, similar films."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.browse_rows: MovieRows | None = None
        self._query = ""
        self._drop: set[str] = set()  # chips the person removed from the current query
        self._chip_labels: dict[str, str] = {}
        self.browse_sort = BROWSE_SORT
        self.mode = "browse"
        sp = win.search_pane
        sp.query_changed.connect(self._on_query_changed)
        sp.filters_changed.connect(self._on_filters_changed)
        win.results_pane.table.horizontalHeader().sortIndicatorChanged.connect(self._on_results_sorted)
        win.results_pane.chips.removed.connect(self._on_chip_removed)
        win.results_pane.chips.restored.connect(self._on_chip_restored)
        self.state.starting.connect(self.load_browse)
        self.state.catalog_changed.connect(self.load_browse)
        self.state.history_changed.connect(self._on_history_changed)
        self.state.hidden_changed.connect(self._on_hidden_changed)
        self.state.index_state_changed.connect(lambda _ok: win.search_pane.refresh())

    def filters(self) -> SearchFilters:
        f = self.win.search_pane.filters(self.state.history_ids)
        if self.state.hidden_ids:
            f = dataclasses.replace(f, exclude_ids=f.exclude_ids | self.state.hidden_ids)
        return f

    # ------------------------------------------------------------------ browse
    def load_browse(self) -> None:
        self.tasks.submit(lambda ctx, s=self.services: workers.browse(s), name="browse", pool="io", key="browse",
                          on_done=self._on_browse_loaded, on_error=self.errors.present)

    def _on_browse_loaded(self, rows: MovieRows) -> None:
        self.browse_rows = rows
        self.state.films = len(rows)
        self.win.search_pane.set_genres(rows.genre_names)
        self.win.update_counts()
        if self.mode == "browse":
            self.show_browse()

    def show_browse(self) -> None:
        self.mode = "browse"
        pane = self.win.results_pane
        if self.browse_rows is None:
            pane.set_caption("Loading the catalog…")
            return
        pane.set_rows(self.browse_rows, sort=self.browse_sort, filters=self.filters())
        pane.show_columns(score=False, because=False)
        self._caption_browse()
        self._select_first_if_idle()
        self.win.results_shown.emit("browse", pane.table.proxy.rowCount())

    def _caption_browse(self) -> None:
        model = self.win.results_pane.table.source_model
        shown, total = model.rowCount(), model.total
        what = f"all {total:,} films" if shown == total else f"{shown:,} of {total:,} films"
        self.win.results_pane.set_caption(
            f"Browsing {what}. Type in the search box to find films by title or meaning.")

    def _on_results_sorted(self, column: int, order: Qt.SortOrder) -> None:
        if self.mode == "browse" and column >= 0:
            self.browse_sort = (column, order)

    # ------------------------------------------------------------------ search
    @Slot(str)
    def _on_query_changed(self, query: str) -> None:
        if query != self._query:
            self._drop.clear()
            self._chip_labels.clear()
        self._query = query
        if not query:
            self.tasks.cancel("search")
            self.win.results_pane.chips.set_chips(())
            self.show_browse()
            return
        self._run_search()

    def _widget_owned_chips(self) -> set[str]:
        """Chips a filter widget overrides: the widget wins, so a chip never contradicts what the widgets show."""
        f = self.win.search_pane.filters()
        owned = set()
        if f.year_from is not None or f.year_to is not None:
            owned.add("era")
        if f.runtime_max is not None:
            owned.add("runtime")
        return owned

    def _run_search(self) -> None:
        query = self._query
        filters = self.filters()
        drop = frozenset(self._drop | self._widget_owned_chips())
        self.win.results_pane.set_caption(f"Searching for “{query}”…")
        self.tasks.submit(lambda ctx, s=self.services: workers.search_understood(s, query, filters, drop),
                          name="search", key="search", on_done=partial(self._show_search, query),
                          on_error=self._on_search_failed)

    def _on_chip_removed(self, key: str) -> None:
        self._drop.add(key)
        self._run_search()

    def _on_chip_restored(self, key: str) -> None:
        self._drop.discard(key)
        self._run_search()

    def _show_search(self, query: str, searched: workers.Searched | MovieRows) -> None:
        if isinstance(searched, MovieRows):
            searched = workers.Searched(searched)
        rows = searched.rows
        self._chip_labels.update(dict(searched.chips))
        dropped = [(k, self._chip_labels[k]) for k in sorted(self._drop) if k in self._chip_labels]
        self.win.results_pane.chips.set_chips(searched.chips, dropped, searched.relaxed, searched.ignored)
        self.mode = "search"
        pane = self.win.results_pane
        pane.set_rows(rows, sort=None, filters=self.filters())
        pane.show_columns(score=True, because=False)
        n = pane.table.proxy.rowCount()
        pane.set_caption(f"{n} film{'s' if n != 1 else ''} for “{query}”" if n else
                         f"Nothing found for “{query}” with these filters.")
        if self.win.tabs.currentIndex() == TAB_MAP:
            self.win.tabs.setCurrentIndex(TAB_RESULTS)
        self._forget_details_not_in(pane.table.source_model.ids())
        self._select_first_if_idle()
        self.win.results_shown.emit("search", n)

    def _forget_details_not_in(self, ids: list[int]) -> None:
        """A new list replaced the one the details panel came from: clear it unless its film is still shown."""
        details = self.win.details_pane
        if details.movie is not None and details.movie.id not in set(ids):
            details.clear()
            self.state.select(None)

    def _select_first_if_idle(self) -> None:
        """Fill the details panel with the first film when it shows nothing yet."""
        table = self.win.results_pane.table
        if self.win.details_pane.movie is None and self.state.selected is None and table.proxy.rowCount():
            self.win.results_pane.select_row(0)

    def _on_search_failed(self, exc: BaseException) -> None:
        self.win.results_pane.set_caption("The search did not run.")
        self.errors.present(exc)

    @Slot()
    def _on_filters_changed(self) -> None:
        self.win.results_pane.set_filters(self.filters())
        if self.mode == "browse":
            self._caption_browse()
            self.win.results_shown.emit("browse", self.win.results_pane.table.proxy.rowCount())
        elif self.mode == "search":
            self.win.search_pane.refresh()
        self.win.recommendations.refresh()

    def _on_hidden_changed(self) -> None:
        """Films marked "not interested" leave every list at once (and come back on Undo)."""
        self._on_history_changed()
        if self.mode == "browse":
            self.win.results_shown.emit("browse", self.win.results_pane.table.proxy.rowCount())
        elif self.mode == "search":
            self.win.search_pane.refresh()
        self.win.recommendations.refresh()

    def _on_history_changed(self) -> None:
        self.win.results_pane.set_filters(self.filters())
        if self.mode == "browse" and self.browse_rows is not None:
            self._caption_browse()

    # ------------------------------------------------------------------ similar
    def more_like_this(self, movie_id: int) -> None:
        filters = self.filters()
        self.win.results_pane.set_caption("Looking for similar films…")
        self.tasks.submit(lambda ctx, s=self.services: workers.similar(s, movie_id, filters), name="similar",
                          key="search", on_done=self._show_similar, on_error=self._on_search_failed)

    def _show_similar(self, result: tuple[object, MovieRows]) -> None:
        movie, rows = result
        self.win.results_pane.chips.set_chips(())
        self.mode = "similar"
        pane = self.win.results_pane
        pane.set_rows(rows, sort=None, filters=self.filters())
        pane.show_columns(score=True, because=False)
        pane.set_caption(f"Films like <b>{getattr(movie, 'label', '')}</b> — type a new search to leave this list.")
        self.win.tabs.setCurrentIndex(TAB_RESULTS)
        self.win.results_shown.emit("similar", pane.table.proxy.rowCount())

    # ------------------------------------------------------------------ the taste map's regions
    def more_from_region(self, region: int, name: str) -> None:
        data = self.win.taste_map.data
        if data is None:
            return
        kinds = dict(self.state.history_kinds)
        self.win.results_pane.set_caption(f"Looking for more from “{name}”…")
        self.tasks.submit(lambda ctx, s=self.services: workers.more_from_region(s, data, region, kinds),
                          name="region", pool="io", key="search",
                          on_done=partial(self._show_region, name), on_error=self._on_search_failed)

    def show_history(self) -> None:
        """My history in the film list (covers or table, as chosen), where the narrow history pane has no room."""
        self.win.results_pane.set_caption("Loading your history…")
        self.tasks.submit(lambda ctx, s=self.services: workers.history_films(s), name="history-films", pool="io",
                          key="search", on_done=self._show_history, on_error=self._on_search_failed)

    def _show_history(self, rows: MovieRows) -> None:
        self.win.results_pane.chips.set_chips(())
        self.mode = "history"
        pane = self.win.results_pane
        pane.set_rows(rows, sort=None, filters=SearchFilters())  # the history itself: nothing hidden
        pane.show_columns(score=False, because=False)
        pane.set_caption(f"Your history: {len(rows.ids):,} films, newest first — type a search to leave this list.")
        self.win.tabs.setCurrentIndex(TAB_RESULTS)
        self.win.results_shown.emit("history", pane.table.proxy.rowCount())

    def _show_region(self, name: str, rows: MovieRows) -> None:
        self.win.results_pane.chips.set_chips(())
        self.mode = "region"
        pane = self.win.results_pane
        pane.set_rows(rows, sort=None, filters=self.filters())
        pane.show_columns(score=True, because=False)
        pane.set_caption(f"More from “{name}”: films near what you liked there (or near its middle) — type a "
                         "search to leave this list.")
        self.win.tabs.setCurrentIndex(TAB_RESULTS)
        self.win.results_shown.emit("region", pane.table.proxy.rowCount())

    # ------------------------------------------------------------------ details
    @Slot(int)
    def select(self, movie_id: int) -> None:
        if movie_id == self.state.selected and self.win.details_pane.movie is not None:
            return
        self.state.select(movie_id)
        self.win.taste_map.set_selected(movie_id)
        self.tasks.submit(lambda ctx, s=self.services: s.details(movie_id), name="details", pool="io",
                          key="details", on_done=self._show_details, on_error=self.errors.present)

    @Slot(int)
    def activate(self, movie_id: int) -> None:
        self.select(movie_id)
        splitter = self.win.main_splitter
        sizes = splitter.sizes()
        if sizes[2] == 0:
            splitter.setSizes([sizes[0], max(sizes[1] - 320, 200), 320])
        self.win.details_pane.similar_button.setFocus()

    def reload_details(self) -> None:
        if self.win.details_pane.movie is not None:
            movie_id = self.win.details_pane.movie.id
            self.state.selected = None
            self.select(movie_id)

    def _show_details(self, details: Details) -> None:
        if details.movie is None:
            self.win.details_pane.clear()
        else:
            self.win.details_pane.show_movie(details.movie, details.entry)
