"""Qt models by family: film rows and table, history, import reports (one module each)."""

from .base import KindRole, MovieIdRole, SortRole
from .history_table import KIND_LABELS, HistoryProxyModel, HistoryRow, HistoryTableModel
from .import_report import ImportReportModel, ReportRow
from .movie_rows import ListingRow, MovieRows
from .movie_table import MovieProxyModel, MovieTableModel

__all__ = [
    "KIND_LABELS", "HistoryProxyModel", "HistoryRow", "HistoryTableModel", "ImportReportModel", "KindRole",
    "ListingRow", "MovieIdRole", "MovieProxyModel", "MovieRows", "MovieTableModel", "ReportRow", "SortRole",
]
