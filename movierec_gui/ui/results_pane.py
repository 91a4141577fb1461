"""Film tables: search results / the browsable catalog, and recommendations.

Both use ``MovieTable``: a ``QTableView`` over ``MovieProxyModel`` with a context menu
and keyboard shortcuts to add films to the history (W watched, L like, D dislike,
T watchlist), Enter for details and M for "more like this".
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.models import EntryKind, SearchFilters
from .models import MovieProxyModel, MovieRows, MovieTableModel

MARK_ACTIONS = (
    (EntryKind.WATCHED, "Mark as &watched", "W"),
    (EntryKind.LIKED, "&Like", "L"),
    (EntryKind.DISLIKED, "&Dislike", "D"),
    (EntryKind.WATCHLIST, "Add to watch&list", "T"),
)


class MovieTable(QTableView):
    """A film table with history actions; emits film ids, never rows."""

    movie_selected = Signal(int)
    movie_activated = Signal(int)
    mark_requested = Signal(list, object)  # movie ids, EntryKind
    similar_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.source_model = MovieTableModel(self)
        self.proxy = MovieProxyModel(self)
        self.proxy.setSourceModel(self.source_model)
        self.setModel(self.proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.verticalHeader().hide()  # a 44k-row header costs time on every reset
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        self._size_columns()
        self._columns: tuple[bool, bool] | None = None
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)
        self.activated.connect(self._on_activated)
        self.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self._actions: list[QAction] = []
        for kind, text, key in MARK_ACTIONS:
            self._actions.append(self._add_action(text, key, lambda _=False, k=kind: self._mark(k)))
        self.similar_action = self._add_action("&More like this", "M", self._on_similar)

    def _add_action(self, text: str, key: str, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _size_columns(self) -> None:
        """Widths from the font: a column is never narrower than its header (plus the sort arrow)."""
        fm = self.horizontalHeader().fontMetrics()
        em = fm.horizontalAdvance("M")
        m = MovieTableModel
        for col, width in ((m.COL_TITLE, 18), (m.COL_YEAR, 3), (m.COL_GENRES, 11), (m.COL_SCORE, 3.5),
                           (m.COL_POPULARITY, 3)):
            header = fm.horizontalAdvance(m.HEADERS[col]) + 2 * em
            self.setColumnWidth(col, int(max(width * em, header)))

    def show_columns(self, score: bool = True, because: bool = True) -> None:
        """Show or hide the score and "because" columns; the widest text column takes the spare room."""
        if self._columns == (score, because):
            return  # unchanged: skip the header relayout
        self._columns = (score, because)
        m, header = MovieTableModel, self.horizontalHeader()
        self.setColumnHidden(m.COL_SCORE, not score)
        self.setColumnHidden(m.COL_BECAUSE, not because)
        stretch = m.COL_BECAUSE if because else m.COL_GENRES
        for col in (m.COL_GENRES, m.COL_BECAUSE):
            mode = QHeaderView.ResizeMode.Stretch if col == stretch else QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(col, mode)

    # ------------------------------------------------------------------ API
    def set_rows(self, rows: MovieRows, sort: tuple[int, Qt.SortOrder] | None = None,
                 filters: SearchFilters | None = None) -> None:
        """Show ``rows`` that pass ``filters``; ``sort`` (column, order) or their own order (relevance)."""
        self.source_model.set_rows(rows, sort=sort, filters=filters)
        header = self.horizontalHeader()
        header.blockSignals(True)
        if sort is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            header.setSortIndicator(sort[0], sort[1])
        header.blockSignals(False)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        ids = [self.proxy.movie_id(self.proxy.index(r, 0)) for r in rows]
        if not ids and self.currentIndex().isValid():
            ids = [self.proxy.movie_id(self.currentIndex())]
        return [i for i in ids if i is not None]

    def current_id(self) -> int | None:
        return self.proxy.movie_id(self.currentIndex())

    def select_movie(self, movie_id: int) -> bool:
        row = self.source_model.row_of(movie_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.source_model.index(row, 0))
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.scrollTo(index)
        return True

    # ------------------------------------------------------------------ slots
    def _mark(self, kind: EntryKind) -> None:
        ids = self.selected_ids()
        if ids:
            self.mark_requested.emit(ids, kind)

    def _on_similar(self) -> None:
        movie_id = self.current_id()
        if movie_id is not None:
            self.similar_requested.emit(movie_id)

    def _on_activated(self, index: QModelIndex) -> None:
        movie_id = self.proxy.movie_id(index)
        if movie_id is not None:
            self.movie_activated.emit(movie_id)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        movie_id = self.proxy.movie_id(current)
        if movie_id is not None:
            self.movie_selected.emit(movie_id)

    def _on_context_menu(self, pos: QPoint) -> None:
        if not self.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        for action in self._actions:
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.similar_action)
        menu.popup(self.viewport().mapToGlobal(pos))


class ResultsPane(QWidget):
    """The results tab: a caption ("37 films for …", "Browsing 44,045 films") over a ``MovieTable``."""

    movie_selected = Signal(int)
    movie_activated = Signal(int)
    mark_requested = Signal(list, object)  # movie ids, EntryKind
    similar_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setObjectName("resultsCaption")
        self.caption.setWordWrap(True)
        self.table = MovieTable(self)
        self.table.show_columns(score=True, because=False)
        self.table.setToolTip("Keys: W watched · L like · D dislike · T watchlist · M more like this · "
                              "Enter details")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.caption)
        lay.addWidget(self.table, 1)
        for name in ("movie_selected", "movie_activated", "mark_requested", "similar_requested"):
            getattr(self.table, name).connect(getattr(self, name))

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)

    def set_rows(self, rows: MovieRows, sort: tuple[int, Qt.SortOrder] | None = None,
                 filters: SearchFilters | None = None) -> None:
        self.table.set_rows(rows, sort=sort, filters=filters)

    def set_filters(self, filters: SearchFilters | None) -> None:
        self.table.proxy.set_filters(filters)

    def show_columns(self, score: bool = True, because: bool = True) -> None:
        self.table.show_columns(score=score, because=because)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def set_grid_mode(self, on: bool) -> None:
        """Covers (``True``) or the table."""


class RecommendationsPane(ResultsPane):
    """The recommendations tab: the same table, with the "because you liked …" column."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table.show_columns(score=False, because=True)
        self.table.setColumnWidth(MovieTableModel.COL_TITLE, 15 * self.fontMetrics().horizontalAdvance("M"))
