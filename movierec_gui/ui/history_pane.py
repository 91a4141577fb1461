"""The watch-history pane: watched / liked / disliked / watchlist, ratings, remove, import."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.models import EntryKind
from .models import KIND_LABELS, HistoryProxyModel, HistoryRow, HistoryTableModel


class RatingDelegate(QStyledItemDelegate):
    """Edits a rating in half stars (0 clears it)."""

    def createEditor(self, parent, option, index):
        spin = QDoubleSpinBox(parent)
        spin.setRange(0.0, 5.0)
        spin.setSingleStep(0.5)
        spin.setDecimals(1)
        spin.setSpecialValueText("none")
        spin.setSuffix(" ★")
        return spin


class HistoryPane(QWidget):
    """Emits requests; the window runs them on worker threads and reloads the history."""

    remove_requested = Signal(list)
    kind_change_requested = Signal(list, object)  # ids, EntryKind
    rating_changed = Signal(int, object)  # id, rating or None
    import_requested = Signal()
    movie_selected = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = HistoryTableModel(self)
        self.proxy = HistoryProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.model.rating_edited.connect(self.rating_changed)

        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Everything", None)
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind.value)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_filter_changed)

        self.view = QTableView()
        self.view.setObjectName("historyView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(HistoryTableModel.COL_DATE, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed)
        self.view.setItemDelegateForColumn(HistoryTableModel.COL_RATING, RatingDelegate(self.view))
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HistoryTableModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Year") + 12)
        self.view.setColumnHidden(HistoryTableModel.COL_DATE, True)  # narrow pane: the date is in the tooltip
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        self.remove_action = QAction("&Remove from history", self.view)
        self.remove_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Backspace")])
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self._on_remove)
        self.view.addAction(self.remove_action)

        self.count_label = QLabel()
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected films from your history (Del)")
        self.remove_button.clicked.connect(self._on_remove)
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Import a Letterboxd or IMDb export, or a CSV")
        self.import_button.clicked.connect(self.import_requested)

        top = QHBoxLayout()
        top.addWidget(QLabel("<b>My history</b>"))
        top.addStretch(1)
        top.addWidget(self.kind_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.import_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self._update_count()

    # ------------------------------------------------------------------ API
    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.model.set_rows(rows)
        self._update_count()

    def selected_ids(self) -> list[int]:
        ids = [self.proxy.movie_id(i) for i in self.view.selectionModel().selectedRows()]
        if not ids and self.view.currentIndex().isValid():
            ids = [self.proxy.movie_id(self.view.currentIndex())]
        return [i for i in ids if i is not None]

    def kinds(self) -> dict[int, str]:
        rows = (self.model.entry(i) for i in range(self.model.rowCount()))
        return {r.entry.movie_id: r.entry.kind.value for r in rows if r is not None}

    # ------------------------------------------------------------------ slots
    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{n} film{'s' if n != 1 else ''}" if n else "No films yet")

    def _on_kind_filter_changed(self, _index: int) -> None:
        self.proxy.set_kind(self.kind_combo.currentData())

    def _on_remove(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.remove_requested.emit(ids)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        movie_id = self.proxy.movie_id(current)
        if movie_id is not None:
            self.movie_selected.emit(movie_id)

    def _on_context_menu(self, pos: QPoint) -> None:
        if not self.view.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        for kind, label in KIND_LABELS.items():
            action = menu.addAction(f"Mark as {label.lower()}")
            action.triggered.connect(lambda _=False, k=kind: self._change_kind(k))
        rate = menu.addMenu("Rate")
        for value in (None, 1.0, 2.0, 3.0, 3.5, 4.0, 4.5, 5.0):
            action = rate.addAction("No rating" if value is None else f"{value:g} ★")
            action.triggered.connect(lambda _=False, v=value: self._rate(v))
        menu.addSeparator()
        menu.addAction(self.remove_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _change_kind(self, kind: EntryKind) -> None:
        ids = self.selected_ids()
        if ids:
            self.kind_change_requested.emit(ids, kind)

    def _rate(self, value: float | None) -> None:
        for movie_id in self.selected_ids():
            self.rating_changed.emit(movie_id, value)
