"""Film lists: search results / the browsable catalog, and recommendations.

Each pane shows one model two ways: ``MovieTable`` (a ``QTableView``) or ``CoverGrid``
(covers), toggled from the View menu and remembered. Both share the keys and the context
menu of ``film_actions`` (W/L/D/T marks, N not interested, 0–5 rating, M more like this).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.models import SearchFilters
from .cover_grid import CoverGrid
from .covers import CoverCache
from .film_actions import KEYS_HELP, FilmViewMixin
from .models import MovieProxyModel, MovieRows, MovieTableModel, RenownRole
from .widgets.chip_bar import ChipBar

FILM_SIGNALS = ("movie_selected", "movie_activated", "mark_requested", "similar_requested", "rate_requested",
                "not_interested_requested")


class PopularityDelegate(QStyledItemDelegate):
    """Popularity as a quiet bar (the number is in the tooltip and the accessible text)."""

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, p, widget)
        value = float(index.data(RenownRole) or 0.0)
        r = QRectF(option.rect).adjusted(6, 0, -6, 0)
        h = max(3.0, r.height() * 0.22)
        track = QRectF(r.left(), r.center().y() - h / 2, r.width(), h)
        color = option.palette.color(QPalette.ColorRole.Text)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        faint = QColor(color)
        faint.setAlpha(35)
        p.setBrush(faint)
        p.drawRoundedRect(track, h / 2, h / 2)
        bar = QColor(color)
        bar.setAlpha(120)
        p.setBrush(bar)
        p.drawRoundedRect(QRectF(track.left(), track.top(), max(h, track.width() * min(1.0, value)), h), h / 2, h / 2)
        p.restore()


class MovieTable(FilmViewMixin, QTableView):
    """A film table with history actions; emits film ids, never rows."""

    movie_selected = Signal(int)
    movie_activated = Signal(int)
    mark_requested = Signal(list, object)  # movie ids, EntryKind
    similar_requested = Signal(int)
    rate_requested = Signal(int, object)  # movie id, stars or None
    not_interested_requested = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.source_model = MovieTableModel(self)
        self.proxy = MovieProxyModel(self)
        self.proxy.setSourceModel(self.source_model)
        self.setModel(self.proxy)
        self.setAccessibleName("Films as a table")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
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
        self.setItemDelegateForColumn(MovieTableModel.COL_POPULARITY, PopularityDelegate(self))
        self._size_columns()
        self._columns: tuple[bool, bool] | None = None
        self.install_film_actions()

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
        """Show or hide the match and "because" columns; text columns share the spare room."""
        if self._columns == (score, because):
            return  # unchanged: skip the header relayout
        self._columns = (score, because)
        m, header = MovieTableModel, self.horizontalHeader()
        self.setColumnHidden(m.COL_SCORE, not score)
        self.setColumnHidden(m.COL_BECAUSE, not because)
        stretch = {m.COL_TITLE, m.COL_BECAUSE} if because else {m.COL_GENRES}
        for col in (m.COL_TITLE, m.COL_GENRES, m.COL_BECAUSE):
            mode = QHeaderView.ResizeMode.Stretch if col in stretch else QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(col, mode)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """In a narrow view the genres give way, so every shown column stays on screen."""
        if self._columns is None:
            return
        em = self.fontMetrics().horizontalAdvance("M")
        narrow = self._columns[1] and self.viewport().width() < 46 * em
        self.setColumnHidden(MovieTableModel.COL_GENRES, narrow)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()

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


class ResultsPane(QWidget):
    """The results tab: a caption ("37 films for …", "Browsing 44,045 films") over a table or a cover grid."""

    movie_selected = Signal(int)
    movie_activated = Signal(int)
    mark_requested = Signal(list, object)  # movie ids, EntryKind
    similar_requested = Signal(int)
    rate_requested = Signal(int, object)  # movie id, stars or None
    not_interested_requested = Signal(list)  # movie ids

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setObjectName("resultsCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.AutoText)
        self.table = MovieTable(self)
        self.table.show_columns(score=True, because=False)
        self.table.setToolTip(KEYS_HELP)
        self.grid = CoverGrid(self.table.proxy, self)
        self.grid.attach(False)  # the table shows first
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.grid)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.chips = ChipBar(self)
        lay.addWidget(self.caption)
        lay.addWidget(self.chips)
        lay.addWidget(self.stack, 1)
        for view in (self.table, self.grid):
            for name in FILM_SIGNALS:
                getattr(view, name).connect(getattr(self, name))

    @property
    def grid_mode(self) -> bool:
        return self.stack.currentWidget() is self.grid

    @property
    def view(self) -> QAbstractItemView:
        """The view on screen (table or grid)."""
        return self.grid if self.grid_mode else self.table

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
        index = self.table.proxy.index(row, 0)
        if self.grid_mode:
            self.grid.setCurrentIndex(index)
        else:
            self.table.selectRow(row)

    def set_covers(self, cache: CoverCache) -> None:
        self.grid.set_covers(cache)

    def set_marks(self, kinds: dict[int, str], ratings: dict[int, float]) -> None:
        self.grid.set_marks(kinds, ratings)

    def set_grid_mode(self, on: bool) -> None:
        """Covers (``True``) or the table; the current film stays current."""
        if on == self.grid_mode:
            return
        current = self.view.currentIndex()
        if on:
            self.grid.attach(True)
        self.stack.setCurrentWidget(self.grid if on else self.table)
        if not on:
            self.grid.attach(False)
        if current.isValid():
            target = self.view
            target.selectionModel().setCurrentIndex(
                current, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            target.scrollTo(current)


class RecommendationsPane(ResultsPane):
    """The recommendations tab: the same views, with the "because you liked …" column; as covers, shelves.

    When the engine offers shelves ("Because you liked Heat", "Hidden gems"), the cover view shows
    them as rows of covers; the table keeps the single ranked list.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        from .shelves_view import ShelvesView  # imports this module's FILM_SIGNALS

        self.table.show_columns(score=False, because=True)
        self.shelves = ShelvesView(self)
        self.stack.addWidget(self.shelves)
        for name in FILM_SIGNALS:
            getattr(self.shelves, name).connect(getattr(self, name))

    @property
    def grid_mode(self) -> bool:
        return self.stack.currentWidget() in (self.grid, self.shelves)

    @property
    def view(self) -> QAbstractItemView:
        return self.grid if self.stack.currentWidget() is not self.table else self.table

    def set_shelves(self, shelves) -> None:
        self.shelves.set_shelves(shelves)
        if self.grid_mode:
            self.stack.setCurrentWidget(self.shelves if shelves else self.grid)

    def set_covers(self, cache: CoverCache) -> None:
        super().set_covers(cache)
        self.shelves.set_covers(cache)

    def set_marks(self, kinds: dict[int, str], ratings: dict[int, float]) -> None:
        super().set_marks(kinds, ratings)
        self.shelves.set_marks(kinds, ratings)

    def set_grid_mode(self, on: bool) -> None:
        super().set_grid_mode(on)
        if on and self.shelves.rows:
            self.stack.setCurrentWidget(self.shelves)
