"""The per-row report of an import: what could not be placed, and why."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt

from ...core.models import ReportRow
from .base import Index as _Index
from .base import TableModel


class ImportReportModel(TableModel):
    """The per-row report of an import: what could not be placed, and why."""

    COL_FILE, COL_LINE, COL_TITLE, COL_YEAR, COL_PROBLEM, COL_CANDIDATES = range(6)
    HEADERS = ("File", "Line", "Title", "Year", "Outcome", "Candidates")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ReportRow] = []


    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        values = (r.file, str(r.line) if r.line else "", r.title, str(r.year or ""), r.problem, r.candidates)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and 0 <= index.column() < len(values):
            return values[index.column()]
        return None

    def set_rows(self, rows: Sequence[ReportRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, i: int) -> ReportRow:
        return self._rows[i]
