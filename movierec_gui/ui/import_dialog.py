"""Import a catalog or a watch history: pick a file and format, watch progress, read the report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..services import CATALOG_FORMATS, HISTORY_FORMATS
from .models import ImportReportModel, ReportRow
from .widgets.job_bar import Eta

KINDS = {
    "history": ("Import watch history", HISTORY_FORMATS,
                "Letterboxd export (ZIP or CSV), IMDb ratings/watchlist CSV, or a CSV with title and year."),
    "catalog": ("Import films", CATALOG_FORMATS,
                "TMDB CSV, Wikipedia movie JSON, CMU summaries, MovieLens, JSONL or CSV."),
}


def report_rows(report) -> list[ReportRow]:
    """Rows of a history import report (unmatched and warnings) or a catalog import report (skipped)."""
    return list(report.rows())


def report_summary(report) -> str:
    if hasattr(report, "unmatched"):
        extra = f"<br>Unplaced rows were saved to <code>{report.unmatched_file}</code>; fix them and import that " \
                "file again." if report.unmatched_file else ""
        return (f"<b>{report.read}</b> rows read: <b>{report.matched}</b> matched ({report.added} new, "
                f"{report.updated} updated, {report.unchanged} already known), {len(report.ambiguous)} ambiguous, "
                f"{len(report.missing)} not in the catalog, {len(report.skipped)} unreadable.{extra}")
    return (f"<b>{report.read}</b> rows read: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.merged} merged with films already known, "
            f"{len(report.skipped)} skipped.")


def preview_rows(preview) -> list[ReportRow]:
    """The films a previewed history import would add or change, then the rows it could not place."""
    rows = []
    for label, items in (("will be added", preview.new), ("will be updated", preview.changed)):
        for item in items:
            e = item.entry
            rating = f", {e.rating:g} ★" if e.rating is not None else ""
            rows.append(ReportRow("", 0, item.title, item.year, f"{label}: {e.kind.label.lower()}{rating}"))
    return rows + report_rows(preview.report)


class ImportDialog(QDialog):
    """Emits ``preview_requested`` / ``import_requested(path, format)``; the window runs them and reports back.

    A history import is previewed first (what would be added, what could not be placed), then committed.
    """

    import_requested = Signal(str, str)
    preview_requested = Signal(str, str)
    undo_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, kind: str = "history", parent=None) -> None:
        super().__init__(parent)
        title, formats, hint = KINDS[kind]
        self.kind = kind
        self.setWindowTitle(title)
        self.resize(760, 480)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Choose a file…")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        file_row = QWidget()
        file_row.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.format_combo = QComboBox()
        for f in formats:
            self.format_combo.addItem("Detect automatically" if f == "auto" else f, f)
        form = QFormLayout()
        form.addRow("File", file_row)
        form.addRow("Format", self.format_combo)
        hint_label = QLabel(f"<small>{hint}</small>")
        hint_label.setWordWrap(True)

        self.progress = QProgressBar()
        self.progress.hide()
        self.eta_label = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.report_model = ImportReportModel(self)
        self.report_view = QTableView()
        self.report_view.setModel(self.report_model)
        self.report_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.report_view.verticalHeader().hide()
        self.report_view.horizontalHeader().setStretchLastSection(True)
        self.report_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.report_view.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = self.buttons.addButton("Preview", QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.setToolTip("See what the import would add before anything is written")
        self.preview_button.clicked.connect(self._on_preview)
        self.preview_button.setVisible(kind == "history")
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton("Cancel import", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.hide()
        self.undo_button = self.buttons.addButton("Undo import", QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.setToolTip("Take this import back: the history returns to what it was before")
        self.undo_button.hide()
        self.undo_button.clicked.connect(self._on_undo)
        self.import_button.clicked.connect(self._on_import)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(hint_label)
        lay.addWidget(self.progress)
        lay.addWidget(self.eta_label)
        lay.addWidget(self.summary)
        lay.addWidget(self.report_view, 1)
        lay.addWidget(self.buttons)
        self._eta = Eta()
        self.previewed = False
        for widget, name in ((self.path_edit, "File to import"), (self.format_combo, "File format"),
                             (self.report_view, "Import report")):
            widget.setAccessibleName(name)

    # ------------------------------------------------------------------ window → dialog
    def set_running(self, running: bool) -> None:
        self.import_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)
            self.summary.setText("Importing…")
            self.eta_label.clear()
            self._eta = Eta()

    def set_progress(self, done: int, total: int, phase: str = "") -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.eta_label.setText(self._eta.update(done, total, phase))
        else:
            self.progress.setRange(0, 0)
            self.eta_label.setText(f"{done:,} rows read")

    def show_report(self, report) -> None:
        self.set_running(False)
        self.eta_label.clear()
        self.summary.setText(report_summary(report))
        self.undo_button.setVisible(self.kind == "history" and report.added + report.updated > 0)
        rows = report_rows(report)
        self.report_model.set_rows(rows)
        self.report_view.setVisible(bool(rows))
        if rows:
            self.report_view.resizeColumnsToContents()

    def show_preview(self, preview) -> None:
        """What the import would do; "Add to history" commits it."""
        self.set_running(False)
        r = preview.report
        self.summary.setText(
            f"<b>Preview — nothing is written yet.</b> {r.read} rows read: <b>{len(preview.new)}</b> films would be "
            f"added and {len(preview.changed)} updated; {len(r.ambiguous)} ambiguous, {len(r.missing)} not in the "
            "catalog, {0} unreadable. Press <b>Add to history</b> to import.".format(len(r.skipped)))
        rows = preview_rows(preview)
        self.report_model.set_rows(rows)
        self.report_view.setVisible(bool(rows))
        if rows:
            self.report_view.resizeColumnsToContents()
        self.import_button.setText("Add to history")
        self.previewed = True

    def show_undone(self, message: str) -> None:
        self.undo_button.hide()
        self.summary.setText(f"<b>Import undone.</b> {message}")

    def show_error(self, message: str) -> None:
        self.set_running(False)
        self.summary.setText(f"<span style='color:#c0392b'><b>Import failed:</b></span> {message}")

    # ------------------------------------------------------------------ slots
    def _on_undo(self) -> None:
        self.undo_button.setEnabled(False)
        self.undo_requested.emit()

    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.windowTitle(), self.path_edit.text() or str(Path.home()))
        if path:
            self.path_edit.setText(path)

    def _on_preview(self) -> None:
        path = self.path_edit.text().strip()
        if not path:
            self.summary.setText("Choose a file first.")
            return
        self.set_running(True)
        self.summary.setText("Reading and matching…")
        self.preview_requested.emit(path, self.format_combo.currentData())

    def _on_import(self) -> None:
        path = self.path_edit.text().strip()
        if not path:
            self.summary.setText("Choose a file first.")
            return
        self.import_requested.emit(path, self.format_combo.currentData())
