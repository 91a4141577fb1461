"""Library → Get more films from TMDB…: key, what to fetch, estimate, progress with time left, cancel.

The key goes to the OS keyring (never a file). The fetch runs on the ``sync`` pool through
``Services.fetch_tmdb``; posters appear in the strip below as the background download stores them.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..about import TMDB_ATTRIBUTION
from ..core.errors import Cancelled
from ..services import FetchPlan, FetchReport, FetchRequest, Services
from .tasks import TaskHandle, TaskManager
from .widgets.job_bar import Eta

#: (label, source, list name) for the source chooser.
SOURCES = (
    ("Popular films", "list", "popular"),
    ("Top rated films", "list", "top_rated"),
    ("Now playing", "list", "now_playing"),
    ("Discover (decade, genre, country…)", "discover", ""),
    ("A person's films", "person", ""),
    ("Complete my history (films it names that the catalog lacks)", "history", ""),
)
KEY_HELP = ("Free for personal use: sign in at themoviedb.org, open Settings → API, and paste the API key "
            "(v3) or the read access token (v4). It is kept in your system's keyring.")
PHASES = {"listing": "Listing films…", "films": "Fetching films", "posters": "Downloading posters"}


class TmdbDialog(QDialog):
    """Emits ``catalog_changed`` after a fetch added or updated films."""

    catalog_changed = Signal()

    def __init__(self, services: Services, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.tasks = services, tasks
        self.setWindowTitle("Get more films from TMDB")
        self.resize(720, 560)
        self._handle: TaskHandle | None = None
        self._eta = Eta()
        self._started = 0.0
        self._seen_posters: set[Path] = set()
        self._has_key = False

        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("paste your TMDB API key or read access token")
        self.save_key_button = QPushButton("Save key")
        self.save_key_button.clicked.connect(self._save_key)
        self.key_state = QLabel()
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.save_key_button)
        key_help = QLabel(KEY_HELP)
        key_help.setWordWrap(True)

        self.source_combo = QComboBox()
        for label, _source, _list in SOURCES:
            self.source_combo.addItem(label)
        self.source_combo.currentIndexChanged.connect(self._on_source_changed)
        self.filters_edit = QLineEdit()
        self.filters_edit.setPlaceholderText("e.g. decade=1990s genre=Drama country=KR")
        self.person_edit = QLineEdit()
        self.person_edit.setPlaceholderText("a name, or a TMDB person id")
        self.limit_spin = QSpinBox()
        self.limit_spin.setRange(1, 10_000)
        self.limit_spin.setValue(200)
        self.limit_spin.setSingleStep(50)
        self.language_edit = QLineEdit(services.tmdb_language)
        self.language_edit.setPlaceholderText("en-US, ko-KR, fr-FR…")
        self.posters_check = QCheckBox("Download posters (kept on disk for offline use)")
        self.posters_check.setChecked(True)

        form = QFormLayout()
        form.addRow("Key:", key_row)
        form.addRow("", self.key_state)
        form.addRow("", key_help)
        form.addRow("Fetch:", self.source_combo)
        form.addRow("Filters:", self.filters_edit)
        form.addRow("Person:", self.person_edit)
        form.addRow("At most:", self.limit_spin)
        form.addRow("Language:", self.language_edit)
        form.addRow("", self.posters_check)

        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.eta_label = QLabel()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.posters_list = QListWidget()
        self.posters_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.posters_list.setIconSize(QSize(46, 68))
        self.posters_list.setFlow(QListWidget.Flow.LeftToRight)
        self.posters_list.setFixedHeight(96)
        self.posters_list.setMovement(QListWidget.Movement.Static)
        attribution = QLabel(TMDB_ATTRIBUTION)
        attribution.setWordWrap(True)
        attribution.setEnabled(False)

        self.estimate_button = QPushButton("Estimate")
        self.estimate_button.clicked.connect(self.estimate)
        self.fetch_button = QPushButton("Fetch")
        self.fetch_button.setDefault(True)
        self.fetch_button.clicked.connect(self.fetch)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.clear_posters_button = QPushButton("Clear downloaded posters")
        self.clear_posters_button.setToolTip("Delete the posters fetched from TMDB (pictures you picked stay)")
        self.clear_posters_button.clicked.connect(self.clear_posters)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_posters_button)
        buttons.addStretch(1)
        for b in (self.estimate_button, self.fetch_button, self.cancel_button, self.close_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plan_label)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.eta_label)
        layout.addLayout(progress_row)
        layout.addWidget(self.result_label)
        layout.addWidget(QLabel("Posters:"))
        layout.addWidget(self.posters_list)
        layout.addStretch(1)
        layout.addWidget(attribution)
        layout.addLayout(buttons)

        self._poster_timer = QTimer(self)
        self._poster_timer.setInterval(400)
        self._poster_timer.timeout.connect(self._show_new_posters)
        self._on_source_changed(0)
        self._set_running(False)
        self._refresh_key_state()

    # ------------------------------------------------------------------ key
    def _refresh_key_state(self) -> None:
        """Ask (off the GUI thread: the keyring may be slow) whether a key is stored."""
        self.tasks.submit(lambda ctx, s=self.services: s.has_tmdb_key(), name="tmdb-key", pool="io",
                          on_done=self._show_key_state, on_error=self._on_key_failed)

    def _show_key_state(self, has_key: bool) -> None:
        self._has_key = bool(has_key)
        self.key_state.setText("A key is stored." if has_key else "No key yet.")
        self._set_running(self._handle is not None)

    def _save_key(self) -> None:
        value = self.key_edit.text().strip()
        if not value:
            return
        self.key_edit.clear()

        def run(ctx, s: Services = self.services) -> bool:
            s.set_tmdb_key(value)
            return s.has_tmdb_key()

        self.tasks.submit(run, name="tmdb-key", pool="io", on_done=self._show_key_state, on_error=self._on_key_failed)

    def _on_key_failed(self, exc: BaseException) -> None:  # no keyring on this system
        self.key_state.setText(f"Could not use the keyring ({type(exc).__name__}); set TMDB_API_KEY instead.")

    # ------------------------------------------------------------------ request
    def _on_source_changed(self, index: int) -> None:
        source = SOURCES[index][1]
        self.filters_edit.setEnabled(source == "discover")
        self.person_edit.setEnabled(source == "person")
        self.plan_label.clear()

    def request_options(self) -> dict[str, object]:
        """What the form asks for, as ``Services.tmdb_request`` arguments (built on the worker thread)."""
        _label, source, list_name = SOURCES[self.source_combo.currentIndex()]
        return {
            "source": source,
            "list_name": list_name or "popular",
            "discover": self.filters_edit.text().split(),
            "person": self.person_edit.text().strip() or None,
            "limit": self.limit_spin.value(),
            "language": self.language_edit.text().strip() or None,
            "posters": self.posters_check.isChecked(),
        }

    # ------------------------------------------------------------------ estimate
    def estimate(self) -> None:
        options = self.request_options()

        def run(ctx, s: Services = self.services) -> FetchPlan:
            request = s.tmdb_request(**options)  # type: ignore[arg-type]
            ctx.check()
            return s.plan_tmdb(request)

        self.plan_label.setText("Estimating…")
        self.tasks.submit(run, name="tmdb-plan", pool="sync", key="tmdb-plan", on_done=self._show_plan,
                          on_error=self._on_plan_failed)

    def _show_plan(self, plan: FetchPlan) -> None:
        self.plan_label.setText(plan.describe())

    def _on_plan_failed(self, exc: BaseException) -> None:
        self.plan_label.setText(str(exc) or type(exc).__name__)

    # ------------------------------------------------------------------ fetch
    def fetch(self) -> None:
        options = self.request_options()

        def run(ctx, s: Services = self.services) -> FetchReport | None:
            request: FetchRequest = s.tmdb_request(**options)  # type: ignore[arg-type]
            if request.language != s.tmdb_language:
                s.set_tmdb_language(request.language)  # the next fetch defaults to it
            if request.source == "history" and not request.wanted:
                return None
            return s.fetch_tmdb(request, progress=ctx.progress, cancel=ctx.check)

        self.result_label.clear()
        self._started = time.time() - 1
        self._eta = Eta()
        self._set_running(True)
        self._handle = self.tasks.submit(run, name="tmdb-fetch", pool="sync", on_progress=self._on_progress,
                                         on_done=self._on_done, on_error=self._on_failed)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self.result_label.setText("Cancelling…")

    @property
    def running(self) -> bool:
        return self._handle is not None

    def _set_running(self, running: bool) -> None:
        self.fetch_button.setEnabled(self._has_key and not running)
        self.estimate_button.setEnabled(self._has_key and not running)
        self.cancel_button.setEnabled(running)
        self.clear_posters_button.setEnabled(not running)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)
            self._poster_timer.start()
        else:
            self._poster_timer.stop()
            self.eta_label.clear()

    def _on_progress(self, done: int, total: int, phase: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
        self.progress.setFormat(f"{PHASES.get(phase, phase)} %v of %m")
        self.eta_label.setText(self._eta.update(done, total, phase))

    def _on_done(self, report: FetchReport | None) -> None:
        self._handle = None
        self._set_running(False)
        if report is None:
            self.result_label.setText("Every film your imported histories name is already in the catalog.")
            return
        self._show_new_posters()
        text = report.summary()
        if report.added or report.updated:
            text += " Build the search index (Library → Build search index) to search the new films."
            self.catalog_changed.emit()
        self.result_label.setText(text)

    def _on_failed(self, exc: BaseException) -> None:
        self._handle = None
        self._set_running(False)
        self._show_new_posters()
        if isinstance(exc, Cancelled):
            self.result_label.setText("Cancelled. Films fetched so far are kept; Fetch again to resume.")
            self.catalog_changed.emit()
        else:
            self.result_label.setText(str(exc) or type(exc).__name__)

    # ------------------------------------------------------------------ posters
    def clear_posters(self) -> None:
        def run(ctx, s: Services = self.services) -> int:
            return s.clear_poster_cache()

        self.tasks.submit(run, name="tmdb-clear-posters", pool="io", on_done=self._on_posters_cleared,
                          on_error=self._on_failed)

    def _on_posters_cleared(self, removed: int) -> None:
        self.posters_list.clear()
        self._seen_posters.clear()
        self.result_label.setText(f"Removed {removed} downloaded posters.")

    def _show_new_posters(self) -> None:
        for path in self.services.tmdb_posters_since(self._started, limit=40):
            if path in self._seen_posters:
                continue
            self._seen_posters.add(path)
            pixmap = QPixmap(str(path))
            if pixmap.isNull():
                continue
            item = QListWidgetItem(QIcon(pixmap), "")
            item.setToolTip(path.name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.posters_list.insertItem(0, item)
        while self.posters_list.count() > 60:
            self.posters_list.takeItem(self.posters_list.count() - 1)

    def reject(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        super().reject()
