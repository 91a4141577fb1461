"""Qt models by family: film rows and table, history, import reports (one module each)."""

from .base import KindRole, MovieIdRole, RenownRole, SortRole, SubtitleRole
from .history_table import KIND_LABELS, HistoryProxyModel, HistoryTableModel, HistoryTableRow
from .import_report import ImportReportModel, ReportRow
from .movie_rows import MATCH_TIP, ListingRow, MovieRows
from .movie_table import MovieProxyModel, MovieTableModel

__all__ = [
    "KIND_LABELS",
    "MATCH_TIP",
    "HistoryProxyModel",
    "HistoryTableModel",
    "HistoryTableRow",
    "ImportReportModel",
    "KindRole",
    "ListingRow",
    "MovieIdRole",
    "MovieProxyModel",
    "MovieRows",
    "MovieTableModel",
    "RenownRole",
    "ReportRow",
    "SortRole",
    "SubtitleRole",
]
