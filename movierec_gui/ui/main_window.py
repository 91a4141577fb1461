"""The main window: wires the panes to ``Services`` through background tasks.

Every call into ``Services`` goes through ``TaskManager.submit`` (see ``tasks.py``); the
callbacks here only move finished data into models and widgets. Searches, similar-film
lists and details carry a generation key, so a slow, older answer never replaces a newer one.
"""

from __future__ import annotations

import logging
import traceback
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import Action, Cancelled, KnownError
from ..core.models import EntryKind, SearchFilters
from ..crashlog import safe_message, short_reason
from ..services import CacheStatus, Details, IndexPlan, Services
from . import workers
from .details_pane import DetailsPane
from .history_pane import HistoryPane
from .import_dialog import ImportDialog
from .models import MovieRows, MovieTableModel
from .results_pane import RecommendationsPane, ResultsPane
from .search_pane import SearchPane
from .settings_dialog import SettingsDialog
from .tasks import TaskManager
from .theme import ThemeFollower
from .widgets.banner import Banner
from .widgets.job_bar import JobBar
from .widgets.taste_map import TasteMap

log = logging.getLogger(__name__)

BROWSE_SORT = (MovieTableModel.COL_POPULARITY, Qt.SortOrder.DescendingOrder)
TAB_RESULTS, TAB_RECOMMENDATIONS, TAB_MAP = range(3)


class _Notifier(QObject):
    """Carries ``Services.notify`` messages from worker threads to the status bar."""

    message = Signal(str)


class MainWindow(QMainWindow):
    """Search, history, results, recommendations, taste map and details in one window."""

    startup_finished = Signal(object)  # CacheStatus
    results_shown = Signal(str, int)  # mode ("browse", "search", "similar"), rows shown
    recommendations_shown = Signal(int)
    history_loaded = Signal(int)
    index_finished = Signal(bool)  # True: built; False: cancelled or failed
    error_shown = Signal(str)

    def __init__(self, services: Services, tasks: TaskManager | None = None, state: QSettings | None = None,
                 theme: ThemeFollower | None = None) -> None:
        super().__init__()
        self.services = services
        self.tasks = tasks or TaskManager(self)
        self.tasks.task_failed.connect(self._on_unhandled_failure)
        self.state = state or QSettings(str(services.folders.config / "window.ini"), QSettings.Format.IniFormat)
        self.theme = theme
        self._notifier = _Notifier(self)
        self._notifier.message.connect(self._on_notice)
        self._hook_notify(services)

        self._cache_ok: bool | None = None
        self._browse_rows: MovieRows | None = None
        self._browse_sort = BROWSE_SORT
        self._history_ids: frozenset[int] = frozenset()
        self._history_kinds: dict[int, str] = {}
        self._rec_ids: list[int] = []
        self._mode = "browse"
        self._selected: int | None = None
        self._index_handle = None
        self._map_requested = False
        self.last_error = ""
        self.persist_state = True  # the self-test turns this off: it must not touch the user's window state

        self.setWindowTitle("MovieRec")
        self._build_ui()
        self._build_menus()
        self._restore_state()
        QTimer.singleShot(0, self.start)

    # ================================================================== layout
    def _build_ui(self) -> None:
        self.search_pane = SearchPane()
        self.history_pane = HistoryPane()
        self.results_pane = ResultsPane()
        self.recs_pane = RecommendationsPane()
        self.taste_map = TasteMap()
        self.details_pane = DetailsPane()
        self.banner = Banner()
        self.error_banner = Banner()

        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.setObjectName("leftSplitter")
        self.left_splitter.addWidget(self.search_pane)
        self.left_splitter.addWidget(self.history_pane)
        self.left_splitter.setStretchFactor(1, 1)
        self.left_splitter.setChildrenCollapsible(False)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.results_pane, "Results")
        self.tabs.addTab(self.recs_pane, "Recommendations")
        self.tabs.addTab(self.taste_map, "Taste map")
        self.tabs.currentChanged.connect(self._on_tab_changed)

        centre = QWidget()
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.banner)
        lay.addWidget(self.error_banner)
        lay.addWidget(self.tabs, 1)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.left_splitter)
        self.main_splitter.addWidget(centre)
        self.main_splitter.addWidget(self.details_pane)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([330, 610, 340])
        self.setCentralWidget(self.main_splitter)

        self.job_bar = JobBar()
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.job_bar)
        self.statusBar().addPermanentWidget(self.counts_label)

        sp = self.search_pane
        sp.query_changed.connect(self._on_query_changed)
        sp.filters_changed.connect(self._on_filters_changed)
        for table in (self.results_pane.table, self.recs_pane.table):
            table.movie_selected.connect(self._on_movie_selected)
            table.movie_activated.connect(self._on_movie_activated)
            table.mark_requested.connect(self.mark)
            table.similar_requested.connect(self.more_like_this)
        self.results_pane.table.horizontalHeader().sortIndicatorChanged.connect(self._on_results_sorted)
        hp = self.history_pane
        hp.remove_requested.connect(self.remove_from_history)
        hp.kind_change_requested.connect(self._on_kind_change_requested)
        hp.rating_changed.connect(self._on_rating_changed)
        hp.import_requested.connect(self.open_history_import)
        hp.movie_selected.connect(self._on_movie_selected)
        self.details_pane.mark_requested.connect(self.mark)
        self.details_pane.similar_requested.connect(self.more_like_this)
        self.taste_map.movie_clicked.connect(self._on_movie_activated)

    def _build_menus(self) -> None:
        def action(menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
            a = menu.addAction(text)
            a.triggered.connect(slot)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            if tip:
                a.setStatusTip(tip)
            return a

        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        action(file_menu, "Import &watch history…", self.open_history_import, "Ctrl+Shift+H",
               "Letterboxd, IMDb or CSV")
        action(file_menu, "&Export watch history…", self.export_history)
        action(file_menu, "&Restore history…", self.open_restore_dialog)
        action(file_menu, "&Undo last import…", lambda: self.open_restore_dialog().undo_last_import())
        action(file_menu, "Import &films…", self.open_catalog_import, "Ctrl+Shift+I")
        file_menu.addSeparator()
        action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        lib = bar.addMenu("&Library")
        self.index_action = action(lib, "&Build search index", self.build_index, "Ctrl+B",
                                   "Embed new and changed films (resumable)")
        self.sync_action = action(lib, "&Sync to Pinecone", self.sync_pinecone)
        action(lib, "Get more films from &TMDB…", self.open_tmdb, tip="Films and posters from TMDB, with your key")
        lib.addSeparator()
        action(lib, "&Settings…", self.open_settings, QKeySequence.StandardKey.Preferences)

        view = bar.addMenu("&View")
        self.find_action = action(view, "&Find", self.search_pane.focus_query, QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        for i, name in enumerate(("&Results", "R&ecommendations", "&Taste map")):
            action(view, name, partial(self.tabs.setCurrentIndex, i), f"Ctrl+{i + 1}")

        help_menu = bar.addMenu("&Help")
        action(help_menu, "&About MovieRec", self._show_about)

    # ================================================================== state
    def _restore_state(self) -> None:
        s = self.state
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitters = (("window/main_splitter", self.main_splitter), ("window/left_splitter", self.left_splitter))
        for key, splitter in splitters:
            value = s.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                splitter.restoreState(value)
        self.search_pane.set_query(str(s.value("search/query", "") or ""), emit=False)
        self.search_pane.exclude_watched.setChecked(str(s.value("search/exclude_watched", "true")).lower() == "true")
        tab = s.value("window/tab", 0)
        self.tabs.setCurrentIndex(int(tab) if str(tab).isdigit() else 0)

    def save_state(self) -> None:
        s = self.state
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/main_splitter", self.main_splitter.saveState())
        s.setValue("window/left_splitter", self.left_splitter.saveState())
        s.setValue("window/tab", self.tabs.currentIndex())
        s.setValue("search/query", self.search_pane.query)
        s.setValue("search/exclude_watched", "true" if self.search_pane.exclude_watched.isChecked() else "false")
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.persist_state:
            self.save_state()
        self.tasks.shutdown()
        super().closeEvent(event)

    # ================================================================== startup
    @Slot()
    def start(self) -> None:
        self.results_pane.set_caption("Opening the catalog…")
        self.tasks.submit(lambda ctx, s=self.services: s.startup(), name="startup", pool="jobs",
                          on_done=self._on_startup, on_error=self._on_startup_failed)

    def _on_startup(self, st: CacheStatus) -> None:
        self._cache_ok = st.ok
        self._load_browse()
        self._load_history()
        if st.ok:
            self.tasks.submit(lambda ctx, s=self.services: s.warm_up(), name="warm-up", pool="query",
                              on_error=self._show_error)
        if not st.ok or st.stale:
            self._offer_index(st)
        else:
            self.banner.hide()
        self.search_pane.refresh()
        self.startup_finished.emit(st)

    def _on_startup_failed(self, exc: BaseException) -> None:
        self._show_error(exc)
        self._load_browse()
        self._load_history()

    def _offer_index(self, st: CacheStatus) -> None:
        if st.ok and st.films > st.vectors:
            text = (f"{st.films - st.vectors:,} of your {st.films:,} films are not in the search index yet. "
                    "Update it now? It runs in the background.")
        elif st.ok:
            text = "Your catalog changed since the search index was built. Update it now? It runs in the background."
        else:
            text = (f"Searching by meaning needs a search index for your {st.films:,} films. Build it now? "
                    "It runs in the background and you can cancel it; browsing works meanwhile.")
        self.banner.show_message(text, "info", [("Build now", self.build_index), ("Later", self.banner.hide)])

    # ================================================================== browsing and searching
    def _filters(self) -> SearchFilters:
        return self.search_pane.filters(self._history_ids)

    def _load_browse(self) -> None:
        self.tasks.submit(lambda ctx, s=self.services: workers.browse(s), name="browse", pool="io", key="browse",
                          on_done=self._on_browse_loaded, on_error=self._show_error)

    def _on_browse_loaded(self, rows: MovieRows) -> None:
        self._browse_rows = rows
        self.search_pane.set_genres(rows.genre_names)
        self._update_counts()
        if self._mode == "browse":
            self._show_browse()

    def _show_browse(self) -> None:
        self._mode = "browse"
        table = self.results_pane.table
        if self._browse_rows is None:
            self.results_pane.set_caption("Loading the catalog…")
            return
        table.set_rows(self._browse_rows, sort=self._browse_sort, filters=self._filters())
        table.show_columns(score=False, because=False)
        self._caption_browse()
        self._select_first_if_idle()
        self.results_shown.emit("browse", table.proxy.rowCount())

    def _caption_browse(self) -> None:
        model = self.results_pane.table.source_model
        shown, total = model.rowCount(), model.total
        what = f"all {total:,} films" if shown == total else f"{shown:,} of {total:,} films"
        self.results_pane.set_caption(f"Browsing {what}. Type in the search box to find films by title or meaning.")

    @Slot(str)
    def _on_query_changed(self, query: str) -> None:
        if not query:
            self.tasks.cancel("search")
            self._show_browse()
            return
        filters = self._filters()
        self.results_pane.set_caption(f"Searching for “{query}”…")
        self.tasks.submit(lambda ctx, s=self.services: workers.search(s, query, filters), name="search", key="search",
                          on_done=partial(self._show_search, query), on_error=self._on_search_failed)

    def _show_search(self, query: str, rows: MovieRows) -> None:
        self._mode = "search"
        table = self.results_pane.table
        table.set_rows(rows, sort=None, filters=self._filters())
        table.show_columns(score=True, because=False)
        n = table.proxy.rowCount()
        self.results_pane.set_caption(f"{n} film{'s' if n != 1 else ''} for “{query}”" if n else
                                      f"Nothing found for “{query}” with these filters.")
        if self.tabs.currentIndex() == TAB_MAP:
            self.tabs.setCurrentIndex(TAB_RESULTS)
        self._select_first_if_idle()
        self.results_shown.emit("search", n)

    def _select_first_if_idle(self) -> None:
        """Fill the details panel with the first film when it shows nothing yet."""
        table = self.results_pane.table
        if self.details_pane.movie is None and self._selected is None and table.proxy.rowCount():
            table.selectRow(0)

    def _on_search_failed(self, exc: BaseException) -> None:
        self.results_pane.set_caption("The search did not run.")
        self._show_error(exc)

    @Slot()
    def _on_filters_changed(self) -> None:
        filters = self._filters()
        self.results_pane.table.proxy.set_filters(filters)
        if self._mode == "browse":
            self._caption_browse()
            self.results_shown.emit("browse", self.results_pane.table.proxy.rowCount())
        elif self._mode == "search":
            self.search_pane.refresh()
        self.refresh_recommendations()

    def _on_results_sorted(self, column: int, order: Qt.SortOrder) -> None:
        if self._mode == "browse" and column >= 0:
            self._browse_sort = (column, order)

    def more_like_this(self, movie_id: int) -> None:
        filters = self._filters()
        self.results_pane.set_caption("Looking for similar films…")
        self.tasks.submit(lambda ctx, s=self.services: workers.similar(s, movie_id, filters), name="similar",
                          key="search", on_done=self._show_similar, on_error=self._on_search_failed)

    def _show_similar(self, result) -> None:
        movie, rows = result
        self._mode = "similar"
        table = self.results_pane.table
        table.set_rows(rows, sort=None, filters=self._filters())
        table.show_columns(score=True, because=False)
        self.results_pane.set_caption(f"Films like <b>{movie.label}</b> — type a new search to leave this list.")
        self.tabs.setCurrentIndex(TAB_RESULTS)
        self.results_shown.emit("similar", table.proxy.rowCount())

    # ================================================================== details
    @Slot(int)
    def _on_movie_selected(self, movie_id: int) -> None:
        if movie_id == self._selected and self.details_pane.movie is not None:
            return
        self._selected = movie_id
        self.taste_map.set_selected(movie_id)
        self.tasks.submit(lambda ctx, s=self.services: s.details(movie_id), name="details", pool="io",
                          key="details", on_done=self._show_details, on_error=self._show_error)

    @Slot(int)
    def _on_movie_activated(self, movie_id: int) -> None:
        self._on_movie_selected(movie_id)
        sizes = self.main_splitter.sizes()
        if sizes[2] == 0:
            self.main_splitter.setSizes([sizes[0], max(sizes[1] - 320, 200), 320])
        self.details_pane.similar_button.setFocus()

    def _show_details(self, details: Details) -> None:
        if details.movie is None:
            self.details_pane.clear()
        else:
            self.details_pane.show_movie(details.movie, details.entry)

    # ================================================================== history
    def _load_history(self) -> None:
        self.tasks.submit(lambda ctx, s=self.services: workers.history(s), name="history", pool="io", key="history",
                          on_done=self._on_history_loaded, on_error=self._show_error)

    def _on_history_loaded(self, rows) -> None:
        self.history_pane.set_rows(rows)
        self._history_kinds = self.history_pane.kinds()
        changed = frozenset(self._history_kinds) != self._history_ids
        self._history_ids = frozenset(self._history_kinds)
        self._update_counts()
        if changed:
            filters = self._filters()
            self.results_pane.table.proxy.set_filters(filters)
            if self._mode == "browse" and self._browse_rows is not None:
                self._caption_browse()
            self.refresh_recommendations()
        self._update_map_marks()
        if self.details_pane.movie is not None:
            self._selected = None
            self._on_movie_selected(self.details_pane.movie.id)
        self.history_loaded.emit(len(rows))

    def _history_write(self, fn, done_message: str) -> None:
        def done(_result) -> None:
            self.statusBar().showMessage(done_message, 4000)
            self._load_history()

        self.tasks.submit(lambda ctx, s=self.services: fn(s), name="history-write", pool="io", on_done=done,
                          on_error=self._show_error)

    def mark(self, movie_ids: list[int], kind: EntryKind) -> None:
        """Add films to the history (or update them) as ``kind``."""
        n = len(movie_ids)
        label = kind.phrase
        self._history_write(lambda s: s.mark(movie_ids, kind), f"{n} film{'s' if n > 1 else ''} marked {label}")

    def remove_from_history(self, movie_ids: list[int]) -> None:
        n = len(movie_ids)
        self._history_write(lambda s: s.forget(movie_ids), f"Removed {n} film{'s' if n > 1 else ''} from history")

    def _on_kind_change_requested(self, movie_ids: list[int], kind: EntryKind) -> None:
        self._history_write(lambda s: s.set_kind(movie_ids, kind), "History updated")

    def _on_rating_changed(self, movie_id: int, rating) -> None:
        self._history_write(lambda s: s.rate(movie_id, rating), "Rating saved")

    def open_restore_dialog(self):
        from .restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.services, self)
        dialog.history_changed.connect(lambda msg: (self.statusBar().showMessage(msg, 6000), self._load_history()))
        dialog.show()
        return dialog

    def export_history(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export watch history", str(Path.home() / "movierec-history.csv"),
                                              "CSV files (*.csv)")
        if path:
            self.tasks.submit(lambda ctx, s=self.services: s.history_export(path), name="export", pool="io",
                              on_done=lambda n: self.statusBar().showMessage(f"Exported {n} films to {path}", 6000),
                              on_error=self._show_error)

    # ================================================================== recommendations and map
    def refresh_recommendations(self) -> None:
        if not self._cache_ok:
            self.recs_pane.set_caption("Recommendations appear once the search index is built.")
            return
        filters = self._filters()
        self.recs_pane.set_caption("Updating recommendations…")
        self.tasks.submit(lambda ctx, s=self.services: workers.recommend(s, filters), name="recommend", key="recommend",
                          on_done=self._show_recommendations, on_error=self._on_recommend_failed)

    def _show_recommendations(self, rec: workers.Recommended) -> None:
        self.recs_pane.table.set_rows(rec.rows, sort=None)  # already filtered by the recommender
        self._rec_ids = rec.rows.ids.tolist()
        if rec.cold:
            self.recs_pane.set_caption("Popular films to start with. Mark films you liked (L) and this list "
                                       "will follow your taste.")
        else:
            self.recs_pane.set_caption(f"{len(rec.rows)} films picked for you from {rec.history} films in your "
                                       "history.")
        self._update_map_marks()
        self.recommendations_shown.emit(len(rec.rows))

    def _on_recommend_failed(self, exc: BaseException) -> None:
        self.recs_pane.set_caption("Recommendations are not available right now.")
        self._show_error(exc)

    def _update_map_marks(self) -> None:
        self.taste_map.set_highlights(self._history_kinds, self._rec_ids)

    def _on_tab_changed(self, index: int) -> None:
        if index == TAB_MAP:
            self.load_taste_map()

    def load_taste_map(self, force: bool = False) -> None:
        if not self._cache_ok or (self._map_requested and not force):
            return
        self._map_requested = True
        self.taste_map.message = "Drawing the map…"
        self.taste_map.update()
        self.tasks.submit(lambda ctx, s=self.services: workers.taste_map(s, ctx), name="taste-map", pool="io",
                          key="map", on_done=self._on_map_ready, on_error=self._on_map_failed)

    def _on_map_ready(self, data: workers.TasteMapData) -> None:
        self.taste_map.set_data(data)
        self._update_map_marks()

    def _on_map_failed(self, exc: BaseException) -> None:
        self._map_requested = False
        self.taste_map.message = "The map could not be drawn."
        self._show_error(exc)

    # ================================================================== long jobs
    def build_index(self) -> None:
        """Build or update the vector cache in the background (progress, ETA, Cancel).

        A run on a paid API first shows what it will cost (the same plan the CLI prints).
        """
        if self.tasks.running("index"):
            return
        if self.services.embedder_kind == "openai" and self.services.openai_is_paid:
            self.tasks.submit(lambda ctx, s=self.services: s.plan_index(), name="plan-index", pool="io",
                              key="plan-index", on_done=self._confirm_paid_index, on_error=self._show_error)
            return
        self._start_index()

    def _confirm_paid_index(self, plan: IndexPlan) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, "Build the search index",
                          f"This uses the paid OpenAI API.\n\n{plan.describe()}\n\nProceed?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: result == QMessageBox.StandardButton.Yes and self._start_index())
        self.paid_run_dialog = box
        box.open()
        return box

    def _start_index(self) -> None:
        if self.tasks.running("index"):
            return
        self.banner.hide()
        handle = self.tasks.submit(lambda ctx, s=self.services: s.index(progress=ctx.progress),
                                   name="index", pool="jobs",
                                   on_progress=self.job_bar.update_progress, on_done=self._on_index_done,
                                   on_error=self._on_index_failed)
        self._index_handle = handle
        self.job_bar.start("Building the search index", handle.cancel)
        self.index_action.setEnabled(False)

    def cancel_index(self) -> None:
        if self._index_handle is not None:
            self._index_handle.cancel()

    def _on_index_done(self, report) -> None:
        self._index_handle = None
        self.job_bar.finish()
        self.index_action.setEnabled(True)
        self._cache_ok = True
        self.statusBar().showMessage(f"Search index ready: {report.total:,} films ({report.embedded:,} embedded).",
                                     8000)
        self.tasks.submit(lambda ctx, s=self.services: s.warm_up(), name="warm-up", pool="query",
                          on_error=self._show_error)
        self._map_requested = False
        if self.tabs.currentIndex() == TAB_MAP:
            self.load_taste_map()
        self.search_pane.refresh()
        self.refresh_recommendations()
        self.index_finished.emit(True)

    def _on_index_failed(self, exc: BaseException) -> None:
        self._index_handle = None
        self.job_bar.finish()
        self.index_action.setEnabled(True)
        if isinstance(exc, Cancelled):
            self.statusBar().showMessage("Index build cancelled. The previous index is unchanged; building again "
                                         "resumes where it stopped.", 10000)
        else:
            self._show_error(exc)
        self.index_finished.emit(False)

    def sync_pinecone(self) -> None:
        if self.tasks.running("sync"):
            return
        def run(ctx, s: Services = self.services):
            return s.sync_pinecone(progress=ctx.progress, cancel=ctx.check)

        handle = self.tasks.submit(run, name="sync", pool="sync",
                                   on_progress=self.job_bar.update_progress, on_done=self._on_sync_done,
                                   on_error=self._on_sync_failed)
        self.job_bar.start("Syncing to Pinecone", handle.cancel)

    def _on_sync_done(self, report) -> None:
        self.job_bar.finish()
        self.statusBar().showMessage(report.summary().splitlines()[0], 10000)

    def _on_sync_failed(self, exc: BaseException) -> None:
        self.job_bar.finish()
        if isinstance(exc, Cancelled):
            self.statusBar().showMessage("Sync cancelled; the next sync resumes where it stopped.", 8000)
        else:
            self._show_error(exc)

    # ------------------------------------------------------------------ imports
    def open_history_import(self) -> ImportDialog:
        return self._open_import("history")

    def open_catalog_import(self) -> ImportDialog:
        return self._open_import("catalog")

    def _open_import(self, kind: str) -> ImportDialog:
        dialog = ImportDialog(kind, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.import_requested.connect(partial(self._run_import, dialog))
        dialog.open()
        return dialog

    def _run_import(self, dialog: ImportDialog, path: str, fmt: str) -> None:
        def run(ctx, s: Services = self.services):
            ctx.check()
            if dialog.kind == "history":
                return s.import_history(Path(path), fmt)
            return s.import_catalog(Path(path), fmt, progress=lambda read: ctx.progress(read, 0, "reading"))

        dialog.set_running(True)
        handle = self.tasks.submit(run, name="import",
                                   pool="jobs", on_progress=dialog.set_progress,
                                   on_done=partial(self._on_import_done, dialog),
                                   on_error=partial(self._on_import_failed, dialog))
        dialog.cancel_requested.connect(handle.cancel)

    def _on_import_done(self, dialog: ImportDialog, report) -> None:
        import shiboken6

        if shiboken6.isValid(dialog):
            dialog.show_report(report)
        if dialog.kind == "history":
            self._load_history()
        else:
            self._load_browse()
            self.tasks.submit(lambda ctx, s=self.services: s.startup(), name="cache-check", pool="jobs",
                              on_done=self._after_catalog_change, on_error=self._show_error)

    def _after_catalog_change(self, st: CacheStatus) -> None:
        self._cache_ok = st.ok
        if not st.ok or st.stale:
            self._offer_index(st)

    def _on_import_failed(self, dialog: ImportDialog, exc: BaseException) -> None:
        import shiboken6

        message = "cancelled" if isinstance(exc, Cancelled) else str(exc) or type(exc).__name__
        if shiboken6.isValid(dialog):
            dialog.show_error(message)
        if not isinstance(exc, KnownError | Cancelled):
            self._show_error(exc)

    def open_tmdb(self):
        """Library → Get more films from TMDB… (``ui/tmdb_dialog.py``)."""
        from .tmdb_dialog import TmdbDialog

        dialog = TmdbDialog(self.services, self.tasks, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.catalog_changed.connect(self._load_browse)
        dialog.catalog_changed.connect(lambda: self.tasks.submit(
            lambda ctx, s=self.services: s.startup(), name="cache-check", pool="jobs",
            on_done=self._after_catalog_change, on_error=self._show_error))
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ settings
    def open_settings(self) -> None:
        self.tasks.submit(lambda ctx, s=self.services: s.masked_secrets(), name="secrets", pool="io",
                          on_done=self._show_settings_dialog, on_error=self._show_error)

    def _show_settings_dialog(self, masked: dict[str, str]) -> SettingsDialog:
        dialog = SettingsDialog(self.services.settings_form(), self.services.folders, masked, self,
                                validate=lambda c: self.services.settings_problem(c.settings, c.secrets))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.change()))
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def apply_settings(self, change) -> None:
        if self.theme is not None:
            self.theme.set_mode(change.settings.theme)
        self.tasks.submit(lambda ctx, s=self.services: s.save_settings(change.settings, change.secrets),
                          name="save-settings", pool="io", on_done=self._on_settings_saved, on_error=self._show_error)

    def _on_settings_saved(self, search_changed: bool) -> None:
        self.statusBar().showMessage("Settings saved.", 4000)
        if not search_changed:
            return
        self._cache_ok = None
        self._map_requested = False
        self.start()

    # ================================================================== messages
    def _hook_notify(self, services: Services) -> None:
        # Called from worker threads: a queued signal. Remedies show as the error banner's buttons instead.
        services.set_notifier(lambda message, _action=None: self._notifier.message.emit(message))

    @Slot(str)
    def _on_notice(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    def _update_counts(self) -> None:
        films = len(self._browse_rows) if self._browse_rows is not None else 0
        n = len(self._history_ids)
        self.counts_label.setText(f"{films:,} films · {n:,} in history")

    def _on_unhandled_failure(self, name: str, exc: BaseException) -> None:
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        """Known problems: a banner with a one-line message. Bugs: logged, with details on demand."""
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, KnownError):
            text = safe_message(str(exc), limit=600)  # keys hidden, control characters escaped
            remedies = {Action.INDEX: ("Build index", self.build_index), Action.SYNC: ("Sync now", self.sync_pinecone)}
            actions = [remedies[exc.action]] if exc.action in remedies else []
            self.error_banner.show_message(text, "error", actions)
        else:
            details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            log.error("unexpected error in a background task:\n%s", details)
            text = f"Something went wrong: {short_reason(exc)}"
            self.error_banner.show_message(text, "error", [("Details…", partial(self._show_details_box, details))])
        self.last_error = text
        self.statusBar().showMessage(text.splitlines()[0], 10000)
        self.error_shown.emit(text)

    def _show_details_box(self, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "MovieRec — error details",
                          "An unexpected error happened. Details were written to the log file.",
                          QMessageBox.StandardButton.Close, self)
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _show_about(self) -> None:
        from ..about import about_html

        box = QMessageBox(QMessageBox.Icon.NoIcon, "About MovieRec", about_html(), QMessageBox.StandardButton.Close,
                          self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
