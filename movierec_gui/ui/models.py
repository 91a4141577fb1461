"""Table models for films (search results, recommendations, the browsable catalog) and history.

``MovieTableModel`` keeps its rows as columns (NumPy arrays and lists, built off the GUI
thread as a ``MovieRows``), so 44k films cost one model reset, not 44k objects. Sorting
and the genre/decade/runtime filters run as NumPy operations on those columns: a Python
``filterAcceptsRow``/``lessThan`` costs ~3 µs per row and call (≈150 ms per refilter at
44k films, measured), which a user would feel. ``MovieProxyModel`` is the
``QSortFilterProxyModel`` the views use; it forwards sorting and filtering to that fast path.

``HistoryTableModel`` is small (hundreds of rows): its ``HistoryProxyModel`` filters by
entry kind in ``filterAcceptsRow`` and sorts with the proxy's own machinery.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from ..core.models import EntryKind, HistoryEntry, Movie, SearchFilters, SearchHit, format_day
from ..services import filter_mask

MovieIdRole = int(Qt.ItemDataRole.UserRole) + 1
SortRole = int(Qt.ItemDataRole.UserRole) + 2
KindRole = int(Qt.ItemDataRole.UserRole) + 3
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_MOVIE_ROLES = frozenset({_DISPLAY, _ALIGN, _TOOLTIP, MovieIdRole, SortRole})

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

#: A film's row as the browse list needs it: ``(id, title, year, genres, runtime, renown)``.
ListingRow = tuple[int, str, "int | None", Sequence[str], "int | None", float]


def _ranks(keys: Sequence) -> np.ndarray:
    """The rank of each key in sorted order (ties keep input order)."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[np.array(order, dtype=np.int64)] = np.arange(len(keys), dtype=np.int64)
    return ranks


@dataclass(frozen=True)
class MovieRows:
    """Films as columns: what a ``MovieTableModel`` shows. Built on worker threads."""

    ids: np.ndarray  # int64
    titles: list[str]
    years: np.ndarray  # int32, -1 unknown
    genres: list[str]  # "Drama, Crime"
    genre_bits: np.ndarray  # uint64 bitmask into genre_names
    genre_names: tuple[str, ...]
    runtimes: np.ndarray  # int32, -1 unknown
    renown: np.ndarray  # float32 0–1
    scores: np.ndarray  # float32, NaN when there is no score (browsing)
    because: list[str]
    title_rank: np.ndarray  # int64 rank of the case-folded title
    genre_rank: np.ndarray  # int64 rank of the genre text
    cells: list[tuple[str, ...]]  # the display text of each row, by column (painting reads only this)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        rows: Iterable[ListingRow],
        scores: Sequence[float] | None = None,
        because: Sequence[str] | None = None,
    ) -> MovieRows:
        rows = list(rows)
        n = len(rows)
        freq: dict[str, int] = {}
        for r in rows:
            for g in r[3]:
                freq[g] = freq.get(g, 0) + 1
        names = tuple(sorted(freq, key=lambda g: (-freq[g], g))[:64])
        bit_of = {g: 1 << i for i, g in enumerate(names)}
        bits = np.zeros(n, dtype=np.uint64)
        for i, r in enumerate(rows):
            b = 0
            for g in r[3]:
                b |= bit_of.get(g, 0)
            bits[i] = b
        titles = [r[1] for r in rows]
        genres = [", ".join(r[3]) for r in rows]
        scores = [float("nan")] * n if scores is None else [float(x) for x in scores]
        because = list(because) if because is not None else [""] * n
        cells = [
            (r[1], str(r[2]) if r[2] is not None else "", g, "" if sc != sc else f"{sc:.3f}",
             str(round((r[5] or 0.0) * 100)), b)
            for r, g, sc, b in zip(rows, genres, scores, because, strict=True)
        ]
        return cls(
            ids=np.fromiter((r[0] for r in rows), dtype=np.int64, count=n),
            titles=titles,
            years=np.fromiter((r[2] if r[2] is not None else -1 for r in rows), dtype=np.int32, count=n),
            genres=genres,
            genre_bits=bits,
            genre_names=names,
            runtimes=np.fromiter((r[4] if r[4] is not None else -1 for r in rows), dtype=np.int32, count=n),
            renown=np.fromiter((r[5] or 0.0 for r in rows), dtype=np.float32, count=n),
            scores=np.asarray(scores, dtype=np.float32),
            because=because,
            title_rank=_ranks([t.casefold() for t in titles]),
            genre_rank=_ranks(genres),
            cells=cells,
        )

    @classmethod
    def empty(cls) -> MovieRows:
        return cls.build([])

    @classmethod
    def from_hits(cls, hits: Sequence[SearchHit], renown: dict[int, float] | None = None) -> MovieRows:
        renown = renown or {}
        return cls.build(
            (_listing(h.movie, renown.get(h.movie.id)) for h in hits),
            scores=[h.score for h in hits],
            because=[", ".join(h.because) for h in hits],
        )

    def mask(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Rows that pass ``filters`` (``None`` = all): the same rules as the search filters."""
        return filter_mask(filters, self.ids, self.years, self.runtimes, self.genre_bits, self.genre_names)


def _listing(movie: Movie, renown: float | None = None) -> ListingRow:
    return (movie.id, movie.title, movie.year, movie.genres, movie.runtime, float(renown or 0.0))


# ============================================================================ films
class _TableModel(QAbstractTableModel):
    """A flat table with fixed column ``HEADERS``; subclasses keep their rows in ``_rows``."""

    HEADERS: tuple[str, ...] = ()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(
            self.HEADERS
        ):
            return self.HEADERS[section]
        return None


class MovieTableModel(_TableModel):
    """Films as a flat table over ``MovieRows``; sorting and filtering are NumPy operations."""

    COL_TITLE, COL_YEAR, COL_GENRES, COL_SCORE, COL_POPULARITY, COL_BECAUSE = range(6)
    HEADERS = ("Title", "Year", "Genres", "Score", "Popularity", "Because you liked")
    NUMERIC = frozenset({COL_YEAR, COL_SCORE, COL_POPULARITY})  # right-aligned

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows = MovieRows.empty()
        self._filters: SearchFilters | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._view = np.empty(0, dtype=np.int64)
        self._view_list: list[int] = []

    # ------------------------------------------------------------------ Qt interface
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
        if col == self.COL_BECAUSE:  # tooltip
            return f"Because you liked {r.because[i]}" if r.because[i] else None
        return r.titles[i] if col == self.COL_TITLE else r.genres[i] if col == self.COL_GENRES else None

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
        return _ranks(r.because)

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


# ============================================================================ history
KIND_LABELS = {kind: kind.label for kind in EntryKind}


@dataclass(frozen=True)
class HistoryRow:
    entry: HistoryEntry
    title: str
    year: int | None


class HistoryTableModel(_TableModel):
    """The watch history, one row per film. Editing a rating emits ``rating_edited``."""

    COL_TITLE, COL_YEAR, COL_KIND, COL_RATING, COL_DATE = range(5)
    HEADERS = ("Title", "Year", "Status", "Rating", "Date")

    rating_edited = Signal(int, object)  # movie id, rating (float or None)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[HistoryRow] = []


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
            return f"{row.title} — {KIND_LABELS[e.kind].lower()}{' on ' + when if when else ''}"
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

    def set_rows(self, rows: Sequence[HistoryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entry(self, row: int) -> HistoryRow | None:
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


# ============================================================================ import reports
@dataclass(frozen=True)
class ReportRow:
    file: str
    line: int
    title: str
    year: int | None
    problem: str
    candidates: str = ""


class ImportReportModel(_TableModel):
    """The per-row report of an import: what could not be placed, and why."""

    COL_FILE, COL_LINE, COL_TITLE, COL_YEAR, COL_PROBLEM, COL_CANDIDATES = range(6)
    HEADERS = ("File", "Line", "Title", "Year", "Problem", "Candidates")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ReportRow] = []


    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        values = (r.file, str(r.line), r.title, str(r.year or ""), r.problem, r.candidates)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and 0 <= index.column() < len(values):
            return values[index.column()]
        return None

    def set_rows(self, rows: Sequence[ReportRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, i: int) -> ReportRow:
        return self._rows[i]
