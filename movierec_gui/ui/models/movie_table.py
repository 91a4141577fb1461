"""The film table (results, recommendations, the browsable catalog) and its proxy.

``MovieProxyModel`` is a deliberate adapter: the views need a ``QSortFilterProxyModel``
(header sort indicators, ``mapFromSource``), but sorting and filtering run on the source's
NumPy columns, because a Python ``filterAcceptsRow``/``lessThan`` costs ≈150 ms per refilter
at 44k films (measured). So the proxy forwards both jobs to ``MovieTableModel``.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from ...core.models import SearchFilters
from .base import ACCESSIBLE as _ACCESSIBLE
from .base import ALIGN as _ALIGN
from .base import DISPLAY as _DISPLAY
from .base import MOVIE_ROLES as _MOVIE_ROLES
from .base import RIGHT as _RIGHT
from .base import Index as _Index
from .base import MovieIdRole, RenownRole, SortRole, SubtitleRole, TableModel
from .movie_rows import MATCH_TIP, MovieRows, ranks


class MovieTableModel(TableModel):
    """Films as a flat table over ``MovieRows``; sorting and filtering are NumPy operations."""

    COL_TITLE, COL_YEAR, COL_GENRES, COL_SCORE, COL_POPULARITY, COL_BECAUSE = range(6)
    COL_MATCH = COL_SCORE
    HEADERS = ("Title", "Year", "Genres", "Match", "Popularity", "Because you liked")
    HEADER_TIPS: ClassVar[dict[int, str]] = {
        COL_SCORE: MATCH_TIP, COL_POPULARITY: "How widely known the film is (longer bar: better known)"}
    NUMERIC = frozenset({COL_YEAR, COL_SCORE, COL_POPULARITY})  # right-aligned

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows = MovieRows.empty()
        self._filters: SearchFilters | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._view = np.empty(0, dtype=np.int64)
        self._view_list: list[int] = []

    # ------------------------------------------------------------------ Qt interface
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._view_list)


    def data(self, index: _Index, role: int = _DISPLAY):
        # Called for every visible cell and role on each repaint: plain ints, early exits.
        if role not in _MOVIE_ROLES or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._view_list)) or not (0 <= col < len(self.HEADERS)):
            return None
        i = self._view_list[row]
        r = self._rows
        if role == _DISPLAY:
            return r.cells[i][col]
        if role == _ALIGN:
            return _RIGHT if col in self.NUMERIC else None
        if role == MovieIdRole:
            return int(r.ids[i])
        if role == SortRole:
            return self._key(col)[i].item() if col != self.COL_BECAUSE else r.because[i]
        if role == SubtitleRole:
            return r.subtitle(i)
        if role == RenownRole:
            return float(r.renown[i])
        if role == _ACCESSIBLE:
            return f"popularity {r.cells[i][col]} of 100" if col == self.COL_POPULARITY else r.cells[i][col]
        if col == self.COL_SCORE:  # tooltip
            m = r.scores[i]
            return f"{m:.0f}% match. {MATCH_TIP}" if m == m else None
        if col == self.COL_POPULARITY:
            return f"Popularity {r.cells[i][col]} of 100"
        if col == self.COL_BECAUSE:  # tooltip
            return r.reasons[i] or (f"Because you liked {r.because[i]}" if r.because[i] else None)
        if col == self.COL_TITLE:
            return f"{r.titles[i]}\n{r.reasons[i]}" if r.reasons[i] else r.titles[i]
        return r.genres[i] if col == self.COL_GENRES else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the visible rows by ``column`` (NumPy; keeps selection via persistent indexes)."""
        if not 0 <= column < len(self.HEADERS):
            return
        self._sort = (column, order)
        if len(self._view) < 2:
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_rows = [self._view_list[p.row()] if 0 <= p.row() < len(self._view_list) else -1 for p in old_persistent]
        self._view = self._sorted(self._view)
        self._view_list = self._view.tolist()
        position = {int(src): row for row, src in enumerate(self._view_list)} if old_persistent else {}
        self.changePersistentIndexList(
            old_persistent,
            [self.index(position[s], p.column()) if s in position else QModelIndex() for p, s in zip(old_persistent,
                                                                                                   old_rows)],
        )
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ our interface
    def set_rows(self, rows: MovieRows, sort: tuple[int, Qt.SortOrder] | bool | None = False,
                 filters: SearchFilters | bool | None = False) -> None:
        """Show ``rows`` (in their given order unless a sort is set); ``sort=None`` clears the sort.

        ``filters`` replaces the current filters in the same reset (``False`` keeps them).
        """
        self.beginResetModel()
        self._rows = rows
        if sort is not False:
            self._sort = sort  # type: ignore[assignment]
        if filters is not False:
            self._filters = filters  # type: ignore[assignment]
        self._refresh_view()
        self.endResetModel()

    def set_filters(self, filters: SearchFilters | None) -> None:
        """Hide rows that do not pass ``filters`` (genres, years, runtime, excluded ids)."""
        self.beginResetModel()
        self._filters = filters
        self._refresh_view()
        self.endResetModel()

    @property
    def rows(self) -> MovieRows:
        return self._rows

    @property
    def total(self) -> int:
        """Rows before filtering."""
        return len(self._rows)

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder] | None:
        return self._sort

    def movie_id(self, row: int) -> int | None:
        return int(self._rows.ids[self._view_list[row]]) if 0 <= row < len(self._view_list) else None

    def row_of(self, movie_id: int) -> int | None:
        hits = np.flatnonzero(self._rows.ids[self._view] == movie_id) if len(self._view) else []
        return int(hits[0]) if len(hits) else None

    def ids(self) -> list[int]:
        """Visible movie ids, in view order."""
        return self._rows.ids[self._view].tolist()

    # ------------------------------------------------------------------ internals
    def _refresh_view(self) -> None:
        mask = self._rows.mask(self._filters)
        view = np.arange(len(self._rows), dtype=np.int64) if mask is None else np.flatnonzero(mask)
        self._view = self._sorted(view) if self._sort else view
        self._view_list = self._view.tolist()

    def _key(self, column: int) -> np.ndarray:
        r = self._rows
        if column == self.COL_TITLE:
            return r.title_rank
        if column == self.COL_YEAR:
            return r.years
        if column == self.COL_GENRES:
            return r.genre_rank
        if column == self.COL_SCORE:
            return np.nan_to_num(r.scores, nan=-np.inf)
        if column == self.COL_POPULARITY:
            return r.renown
        return ranks(r.because)

    def _sorted(self, view: np.ndarray) -> np.ndarray:
        if self._sort is None or not len(view):
            return view
        column, order = self._sort
        key = self._key(column)[view]
        if order == Qt.SortOrder.DescendingOrder:
            key = -key.astype(np.float64)
        return view[np.argsort(key, kind="stable")]


class MovieProxyModel(QSortFilterProxyModel):
    """The views' proxy over a ``MovieTableModel``: sorting and filtering go to its NumPy path."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)

    def source(self) -> MovieTableModel:
        return self.sourceModel()  # type: ignore[return-value]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.sourceModel() is not None and column >= 0:
            self.source().sort(column, order)

    def set_filters(self, filters: SearchFilters | None) -> None:
        self.source().set_filters(filters)

    def movie_id(self, index: QModelIndex) -> int | None:
        if not index.isValid():
            return None
        return self.data(index, MovieIdRole)
