"""The main window: a thin shell that lays out the panes and hands behaviour to controllers.

* ``AppState`` (``state.py``) holds the facts several areas share and signals their changes;
* controllers (``controllers/``) own one area each: search and details, history,
  recommendations and the taste map, long jobs (startup, index, sync, imports, settings);
* ``actions.py`` is the action registry the menus are built from;
* ``ErrorPresenter`` (``error_presenter.py``) is the one place errors are shown.

Every call into ``Services`` goes through ``TaskManager.submit`` (see ``tasks.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.models import EntryKind
from ..services import Services
from . import workers
from .actions import Action, build_menus, create_actions
from .controllers.history import HistoryController
from .controllers.jobs import JobsController
from .controllers.recommendations import RecommendationsController
from .controllers.search import SearchController
from .covers import CoverCache
from .details_pane import DetailsPane
from .error_presenter import ErrorPresenter
from .history_pane import HistoryPane
from .import_dialog import ImportDialog
from .results_pane import RecommendationsPane, ResultsPane
from .search_pane import SearchPane
from .settings_dialog import SettingsDialog
from .state import AppState
from .tasks import TaskManager
from .theme import ThemeFollower
from .welcome import WelcomeDialog, pick_films
from .widgets.banner import Banner
from .widgets.job_bar import JobBar
from .widgets.taste_map import TasteMap

if TYPE_CHECKING:
    from .restore_dialog import RestoreDialog
    from .tmdb_dialog import TmdbDialog


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

    def __init__(self, services: Services, tasks: TaskManager | None = None, state: QSettings | None = None,
                 theme: ThemeFollower | None = None, welcome: bool = False) -> None:
        """``welcome``: offer the first-run dialog when this is the first launch and the history is empty."""
        super().__init__()
        self._offer_welcome = welcome
        self.welcome_dialog: WelcomeDialog | None = None
        self.services = services
        self.tasks = tasks or TaskManager(self)
        self.state = state or QSettings(str(services.folders.config / "window.ini"), QSettings.Format.IniFormat)
        self.theme = theme
        self.app_state = AppState(self)
        self.persist_state = True  # the self-test turns this off: it must not touch the user's window state
        self.setWindowTitle("MovieRec")
        self._build_ui()
        self.errors = ErrorPresenter(self.error_banner, self.statusBar(), self)
        self.error_shown = self.errors.error_shown
        self.tasks.task_failed.connect(self.errors.on_unhandled)
        self._notifier = _Notifier(self)
        self._notifier.message.connect(self._on_notice)
        services.set_notifier(lambda message, _action=None: self._notifier.message.emit(message))

        self.search = SearchController(self)
        self.history = HistoryController(self)
        self.recommendations = RecommendationsController(self)
        self.jobs = JobsController(self)
        self.covers = CoverCache(self.tasks, partial(workers.cover_specs, services), self)
        for pane in (self.results_pane, self.recs_pane):
            pane.set_covers(self.covers)
            if not hasattr(services, "not_interested"):  # arrives with the recommend work; until then, off
                for view in (pane.table, pane.grid):
                    view.not_interested_action.setEnabled(False)
        self.details_pane.set_covers(self.covers)
        self.details_pane.set_not_interested_available(hasattr(services, "not_interested"))
        self._connect_panes()
        self.startup_finished.connect(self._maybe_welcome)
        self.actions = create_actions(self)
        build_menus(self.menuBar(), self.actions)
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
        self.tabs.setAccessibleName("Results, recommendations and taste map")

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
        self.counts_label.setAccessibleName("Catalog and history counts")
        self.undo_button = QPushButton("Undo")
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)
        self.statusBar().addPermanentWidget(self.job_bar)
        self.statusBar().addPermanentWidget(self.counts_label)

    def _connect_panes(self) -> None:
        for pane in (self.results_pane, self.recs_pane):
            pane.movie_selected.connect(self.search.select)
            pane.movie_activated.connect(self.search.activate)
            pane.mark_requested.connect(self.mark)
            pane.similar_requested.connect(self.more_like_this)
            pane.rate_requested.connect(self.history.rate)
            pane.not_interested_requested.connect(self.history.not_interested)
        self.app_state.history_changed.connect(self._on_history_changed)
        self.history_pane.import_requested.connect(self.open_history_import)
        self.history_pane.movie_selected.connect(self.search.select)
        self.details_pane.mark_requested.connect(self.mark)
        self.details_pane.forget_requested.connect(self.history.remove)
        self.details_pane.rate_requested.connect(self.history.rate)
        self.details_pane.not_interested_requested.connect(self.history.not_interested)
        self.details_pane.poster_requested.connect(self.choose_poster)
        self.details_pane.similar_requested.connect(self.more_like_this)
        self.taste_map.movie_clicked.connect(self.search.activate)
        self.taste_map.region_clicked.connect(self.search.more_from_region)

    # ================================================================== state
    def _restore_state(self) -> None:
        s = self.state
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitters = (("window/main_splitter", self.main_splitter), ("window/left_splitter", self.left_splitter))
        restored = False
        for key, splitter in splitters:
            value = s.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                restored |= splitter.restoreState(value) and splitter is self.main_splitter
        if not restored:
            w = self.width()
            self.main_splitter.setSizes([int(w * 0.26), int(w * 0.47), int(w * 0.27)])
            self._fit_splitter()
        self.search_pane.set_query(str(s.value("search/query", "") or ""), emit=False)
        self.search_pane.exclude_watched.setChecked(str(s.value("search/exclude_watched", "true")).lower() == "true")
        tab = s.value("window/tab", 0)
        self.tabs.setCurrentIndex(int(tab) if str(tab).isdigit() else 0)
        self.set_grid_mode(str(s.value("view/grid", "false")).lower() == "true", remember=False)

    def save_state(self) -> None:
        s = self.state
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/main_splitter", self.main_splitter.saveState())
        s.setValue("window/left_splitter", self.left_splitter.saveState())
        s.setValue("window/tab", self.tabs.currentIndex())
        s.setValue("search/query", self.search_pane.query)
        s.setValue("search/exclude_watched", "true" if self.search_pane.exclude_watched.isChecked() else "false")
        s.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        old = event.oldSize()
        if old.isValid() and old.width() > 0 and event.size().width() < old.width():
            self._fit_splitter()  # shrinking: the side panes give way; a user's own splitter drags are kept

    def _fit_splitter(self) -> None:
        """Keep the centre at least ~45 % of the width: the side panes give way first (down to their minimums)."""
        sizes = self.main_splitter.sizes()
        total = sum(sizes)
        if len(sizes) != 3 or total <= 0 or sizes[1] >= 0.45 * total:
            return
        left = int(min(sizes[0], max(0.24 * total, self.left_splitter.minimumSizeHint().width())))
        right = int(max(0.27 * total, self.details_pane.minimumSizeHint().width())) if sizes[2] else 0
        self.main_splitter.setSizes([left, total - left - right, right])

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.persist_state:
            self.save_state()
        self.tasks.shutdown()
        super().closeEvent(event)

    # ================================================================== entry points (menus, tests, self-test)
    @Slot()
    def start(self) -> None:
        self.jobs.start()

    def mark(self, movie_ids: list[int], kind: EntryKind) -> None:
        self.history.mark(movie_ids, kind)

    def more_like_this(self, movie_id: int) -> None:
        self.search.more_like_this(movie_id)

    def refresh_recommendations(self) -> None:
        self.recommendations.refresh()

    def build_index(self) -> None:
        self.jobs.build_index()

    def sync_pinecone(self) -> None:
        self.jobs.sync_pinecone()

    def open_history_import(self) -> ImportDialog:
        return self.jobs.open_import("history")

    def open_catalog_import(self) -> ImportDialog:
        return self.jobs.open_import("catalog")

    def open_restore_dialog(self) -> RestoreDialog:
        """File → Restore history / undo import (``ui/restore_dialog.py``)."""
        from .restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.services, self)
        dialog.history_changed.connect(lambda msg: (self.statusBar().showMessage(msg, 6000),
                                                    self.app_state.history_dirty.emit()))
        dialog.show()
        return dialog

    def undo_last_import(self) -> None:
        self.open_restore_dialog().undo_last_import()

    def open_tmdb(self) -> TmdbDialog:
        """Library → Get more films from TMDB… (``ui/tmdb_dialog.py``)."""
        from .tmdb_dialog import TmdbDialog

        dialog = TmdbDialog(self.services, self.tasks, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.catalog_changed.connect(self.jobs.catalog_changed)
        dialog.open()
        return dialog

    def _show_settings_dialog(self, masked: dict[str, str]) -> SettingsDialog:
        return self.jobs.show_settings_dialog(masked)

    def set_grid_mode(self, on: bool, remember: bool = True) -> None:
        """Covers or table in every film list (remembered in the window state)."""
        for pane in (self.results_pane, self.recs_pane):
            pane.set_grid_mode(on)
        if remember and self.persist_state:
            self.state.setValue("view/grid", "true" if on else "false")
        if self.actions[Action.TOGGLE_GRID].isChecked() != on:
            self.actions[Action.TOGGLE_GRID].setChecked(on)

    def _on_history_changed(self) -> None:
        for pane in (self.results_pane, self.recs_pane):
            pane.set_marks(self.app_state.history_kinds, self.app_state.ratings)

    def offer_undo(self, text: str, undo: Callable[[], None]) -> None:
        """A status-bar message with an Undo button (for actions that hide or remove things)."""
        self.undo_button.setText("Undo")
        self.undo_button.setAccessibleName(f"Undo: {text}")
        with contextlib.suppress(RuntimeError, TypeError):
            self.undo_button.clicked.disconnect()
        self.undo_button.clicked.connect(lambda: (self.undo_button.hide(), undo()))
        self.undo_button.show()
        self.statusBar().showMessage(text, 15000)
        QTimer.singleShot(15000, self.undo_button.hide)

    def _maybe_welcome(self, _status: object) -> None:
        if not self._offer_welcome or self.state.value("app/welcomed"):
            return
        self._offer_welcome = False
        self.tasks.submit(lambda ctx, s=self.services: s.history_count(), name="first-run", pool="io",
                          on_done=lambda n: n == 0 and self.show_welcome(), on_error=self.errors.present)

    def show_welcome(self) -> WelcomeDialog:
        """The first-run choices, side by side: import a history, pick films you love, or just search."""
        if self.welcome_dialog is not None and shiboken6.isValid(self.welcome_dialog):
            self.welcome_dialog.raise_()
            return self.welcome_dialog
        dialog = WelcomeDialog(self.covers, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.import_requested.connect(self.open_history_import)
        dialog.pick_requested.connect(self._on_welcome_pick)
        dialog.search_requested.connect(lambda text: self.search_pane.set_query(text))
        self.recommendations_shown.connect(self._on_recs_for_welcome)
        self.tasks.submit(lambda ctx, s=self.services: pick_films(s.browse()), name="welcome-picks", pool="io",
                          on_done=lambda rows: shiboken6.isValid(dialog) and dialog.set_films(rows),
                          on_error=self.errors.present)
        if self.persist_state:
            self.state.setValue("app/welcomed", "true")
        self.welcome_dialog = dialog
        dialog.resize(dialog.sizeHint().boundedTo(self.size()))
        dialog.open()
        return dialog

    def _on_welcome_pick(self, movie_id: int, kind: EntryKind | None) -> None:
        if kind is not None:
            self.history.mark([movie_id], kind)
        elif movie_id in self.app_state.history_ids:
            self.history.remove([movie_id])

    def _on_recs_for_welcome(self, _n: int) -> None:
        dialog = self.welcome_dialog
        if dialog is None or not shiboken6.isValid(dialog):
            return
        model = self.recs_pane.table.source_model
        dialog.show_recommendations([model.rows.titles[i] for i in range(min(4, len(model.rows)))])

    def choose_poster(self, movie_id: int, path: str | None = None) -> None:
        """Point a film at an image file of the person's own; its cover everywhere becomes that image."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Choose a cover image", "",
                                                  "Images (*.png *.jpg *.jpeg *.webp *.bmp)")
        if not path:
            return

        def done(_result: object) -> None:
            self.covers.forget(movie_id)
            self.details_pane.refresh_cover()
            for pane in (self.results_pane, self.recs_pane):
                pane.grid.viewport().update()
            self.statusBar().showMessage("Cover saved.", 4000)

        self.tasks.submit(lambda ctx, s=self.services: s.set_poster(movie_id, path), name="poster", pool="io",
                          on_done=done, on_error=self.errors.present)

    def show_about(self) -> QMessageBox:
        from ..about import about_html

        box = QMessageBox(QMessageBox.Icon.NoIcon, "About MovieRec", about_html(), QMessageBox.StandardButton.Close,
                          self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    @property
    def last_error(self) -> str:
        return self.errors.last_error

    @property
    def _history_kinds(self) -> dict[int, str]:
        return self.app_state.history_kinds

    # ================================================================== messages
    @Slot(str)
    def _on_notice(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    def update_counts(self) -> None:
        n = len(self.app_state.history_ids)
        self.counts_label.setText(f"{self.app_state.films:,} films · {n:,} in history")
