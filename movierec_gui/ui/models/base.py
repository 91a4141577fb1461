"""Roles and the flat-table base every film, history and report model shares."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

MovieIdRole = int(Qt.ItemDataRole.UserRole) + 1
SortRole = int(Qt.ItemDataRole.UserRole) + 2
KindRole = int(Qt.ItemDataRole.UserRole) + 3
SubtitleRole = int(Qt.ItemDataRole.UserRole) + 4  # "1995 · Michael Mann · 87% match" (cover captions)
RenownRole = int(Qt.ItemDataRole.UserRole) + 5  # float 0–1 (the popularity bar)
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
MOVIE_ROLES = frozenset({DISPLAY, ALIGN, TOOLTIP, ACCESSIBLE, MovieIdRole, SortRole, SubtitleRole, RenownRole})

Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)



class TableModel(QAbstractTableModel):
    """A flat table with fixed column ``HEADERS``; subclasses keep their rows in ``_rows``."""

    HEADERS: tuple[str, ...] = ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(
            self.HEADERS
        ):
            return self.HEADERS[section]
        return None
