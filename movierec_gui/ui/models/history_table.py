"""The watch history: one row per film, filtered by entry kind in a real proxy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal

from ...core.models import EntryKind, HistoryEntry, format_day
from .base import RIGHT as _RIGHT
from .base import Index as _Index
from .base import KindRole, MovieIdRole, SortRole, TableModel

KIND_LABELS = {kind: kind.label for kind in EntryKind}


@dataclass(frozen=True)
class HistoryTableRow:
    entry: HistoryEntry
    title: str
    year: int | None


class HistoryTableModel(TableModel):
    """The watch history, one row per film. Editing a rating emits ``rating_edited``."""

    COL_TITLE, COL_YEAR, COL_KIND, COL_RATING, COL_DATE = range(5)
    HEADERS = ("Title", "Year", "Status", "Rating", "Date")

    rating_edited = Signal(int, object)  # movie id, rating (float or None)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[HistoryTableRow] = []


    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.COL_RATING:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = self._rows[index.row()], index.column()
        e = row.entry
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.title,
                str(row.year) if row.year else "",
                KIND_LABELS[e.kind],
                _stars(e.rating),
                _date(e.watched_at or e.rated_at),
            )[col] if 0 <= col < len(self.HEADERS) else None
        if role == Qt.ItemDataRole.EditRole and col == self.COL_RATING:
            return float(e.rating) if e.rating is not None else 0.0
        if role == SortRole:
            return (
                row.title.casefold(),
                row.year or 0,
                e.kind.value,
                e.rating or 0.0,
                e.watched_at or e.rated_at or 0.0,
            )[col] if 0 <= col < len(self.HEADERS) else None
        if role == MovieIdRole:
            return e.movie_id
        if role == Qt.ItemDataRole.ToolTipRole:
            when = _date(e.watched_at or e.rated_at)
            year = f" ({row.year})" if row.year else ""
            return f"{row.title}{year} — {KIND_LABELS[e.kind].lower()}{' on ' + when if when else ''}"
        if role == KindRole:
            return e.kind.value
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.COL_YEAR, self.COL_RATING):
            return _RIGHT
        return None

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.COL_RATING:
            return False
        try:
            rating = float(value)
        except (TypeError, ValueError):
            return False
        rating = None if rating < 0.5 else min(5.0, round(rating * 2) / 2)
        self.rating_edited.emit(self._rows[index.row()].entry.movie_id, rating)
        return True

    def set_rows(self, rows: Sequence[HistoryTableRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entry(self, row: int) -> HistoryTableRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def ids(self) -> set[int]:
        return {r.entry.movie_id for r in self._rows}


class HistoryProxyModel(QSortFilterProxyModel):
    """Shows the entries of one kind (or all) and sorts by any column."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._kind: str | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_kind(self, kind: EntryKind | str | None) -> None:
        new = EntryKind(kind).value if kind else None
        if new == self._kind:
            return
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9
            self.beginFilterChange()
            self._kind = new
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            self._kind = new
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._kind is None:
            return True
        idx = self.sourceModel().index(source_row, 0, source_parent)
        return self.sourceModel().data(idx, KindRole) == self._kind

    def movie_id(self, index: QModelIndex) -> int | None:
        return self.data(index, MovieIdRole) if index.isValid() else None


def _stars(rating: float | None) -> str:
    if rating is None:
        return ""
    return f"{rating:g} ★"


def _date(ts: float | None) -> str:
    return format_day(ts)
