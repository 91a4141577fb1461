"""The watch-history pane: watched / liked / disliked / watchlist, ratings, remove, import."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.models import EntryKind
from .models import KIND_LABELS, HistoryProxyModel, HistoryTableModel, HistoryTableRow
from .widgets.star_rating import paint_stars


def _star_px(option: QStyleOptionViewItem) -> float:
    """One star's size in a rating cell: small, so the title keeps the room."""
    return min(option.rect.height() - 4, option.fontMetrics.height() * 0.75, (option.rect.width() - 8) / 5)


class RatingDelegate(QStyledItemDelegate):
    """Paints a rating as stars; a click on a star sets it (left half: half a star); F2 edits it in half stars."""

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, p, widget)
        value = float(index.data(Qt.ItemDataRole.EditRole) or 0.0)
        s = _star_px(option)
        empty = QColor(option.palette.color(QPalette.ColorRole.Text))
        empty.setAlpha(45)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_stars(p, option.rect.left() + 4, option.rect.center().y() - s / 2, s, value, empty)
        p.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        h = option.fontMetrics.height()
        return QSize(int(h * 0.75 * 5 + 10), h + 4)

    def editorEvent(self, event, model, option: QStyleOptionViewItem, index) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            s = _star_px(option)
            v = (event.position().x() - option.rect.left() - 4) / s
            if 0 <= v <= 5.2:
                model.setData(index, max(0.5, min(5.0, int(v * 2 + 1) / 2)), Qt.ItemDataRole.EditRole)
                return True
        return super().editorEvent(event, model, option, index)

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
        for n in range(6):  # 1–5 rate the current film, 0 clears (as in every film list)
            action = QAction(f"Rate {n}" if n else "Clear rating", self.view)
            action.setShortcut(QKeySequence(str(n)))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, v=n: self._rate(float(v) if v else None))
            self.view.addAction(action)
        self.view.setAccessibleName("My history")
        self.view.setToolTip("Click the stars to rate (left half: half a star) or press 1–5, 0 clears · Del removes")
        self.kind_combo.setAccessibleName("Show history entries of kind")

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

    def resizeEvent(self, event) -> None:
        """A narrow pane gives the titles room: the year moves to the tooltip."""
        super().resizeEvent(event)
        narrow = self.width() < 30 * self.fontMetrics().horizontalAdvance("M")
        self.view.setColumnHidden(HistoryTableModel.COL_YEAR, narrow)

    # ------------------------------------------------------------------ API
    def set_rows(self, rows: list[HistoryTableRow]) -> None:
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
