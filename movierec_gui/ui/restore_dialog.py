"""History → *Restore history…*: pick a snapshot to put back, or undo the last import.

Snapshots are taken daily and before every clear, catalog reset, import and restore
(``Services.history_snapshots``); restoring one first snapshots the current history, so
a restore can itself be undone. Both operations take milliseconds and run inline.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import KnownError
from ..services import Services

#: How a snapshot's reason reads in the list.
REASONS = {
    "daily": "Daily",
    "before-clear": "Before clearing the history",
    "before-import": "Before an import",
    "before-catalog-reset": "Before a catalog reset",
    "before-restore": "Before a restore",
    "before-undo-import": "Before undoing an import",
    "manual": "Saved by hand",
}


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def ask(parent: QWidget, title: str, question: str) -> bool:
    """A Yes/No question whose default is No (destructive operations)."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, question, buttons, QMessageBox.StandardButton.No) == (
        QMessageBox.StandardButton.Yes
    )


class RestoreDialog(QDialog):
    """The snapshot list with *Restore*, and *Undo last import*."""

    #: Emitted after the history changed (the window reloads its history pane).
    history_changed = Signal(str)

    COLUMNS = ("Taken", "Why", "Entries")

    def __init__(self, services: Services, parent: QWidget | None = None, confirm=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore history")
        self.services = services
        self._confirm = confirm or ask  # ask(parent, title, question) -> bool
        self._snapshots: list = []

        self.caption = QLabel(
            "Your history is saved automatically every day and before every clear, import or catalog reset. "
            "Pick a copy to put back; your current history is saved first, so this can be undone too."
        )
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        self.restore_button = QPushButton("&Restore this copy")
        self.restore_button.clicked.connect(self.restore_selected)
        self.undo_button = QPushButton("&Undo last import")
        self.undo_button.clicked.connect(self.undo_last_import)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(560, 380)
        self.reload()

    def reload(self) -> None:
        self._snapshots = self.services.history_snapshots()
        self.table.setRowCount(len(self._snapshots))
        for r, snap in enumerate(self._snapshots):
            entries = snap.entries()
            cells = (_when(snap.taken_at), REASONS.get(snap.reason, snap.reason), "damaged" if entries is None else
                     str(entries))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(snap.name)
                self.table.setItem(r, c, item)
        if self._snapshots:
            self.table.selectRow(0)
        last = self.services.history_last_import()
        self.undo_button.setToolTip(f"Undo the {last[0]} of {_when(last[1])}" if last else "No import to undo")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self._selected() is not None)
        self.undo_button.setEnabled(self.services.history_last_import() is not None)

    def _selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self._snapshots[rows[0].row()] if rows else None

    def restore_selected(self) -> None:
        snap = self._selected()
        if snap is None:
            return
        question = (f"Replace your history ({self.services.history_count()} entries) with the copy of "
                    f"{_when(snap.taken_at)} ({snap.entries()} entries)?")
        if not self._confirm(self, "Restore history", question):
            return
        try:
            restored, _before = self.services.history_restore(snap.name)
        except KnownError as exc:
            self.status.setText(str(exc))
            return
        message = f"History restored from the copy of {_when(restored.taken_at)}."
        self.status.setText(message + " The history it replaced was saved and is listed here.")
        self.reload()
        self.history_changed.emit(message)

    def undo_last_import(self) -> None:
        last = self.services.history_last_import()
        if last is None:
            return
        if not self._confirm(self, "Undo last import", f"Undo the {last[0]} of {_when(last[1])}?"):
            return
        try:
            result = self.services.history_undo_import()
        except KnownError as exc:
            self.status.setText(str(exc))
            return
        kept = f"; {result.kept} entries you changed since were kept" if result.kept else ""
        message = f"Undid the {result.label}: {result.restored} entries put back{kept}."
        self.status.setText(message)
        self.reload()
        self.history_changed.emit(message)
