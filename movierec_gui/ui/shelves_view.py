"""Recommendation shelves: one titled row of covers per shelf ("Because you liked Heat", "Hidden gems").

Each row is a ``CoverGrid`` flowing left to right over its own film model, so the keys, the
context menu and the covers are those of every other film list.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QListView, QScrollArea, QVBoxLayout, QWidget

from .cover_grid import CoverGrid
from .covers import CoverCache
from .models import MovieProxyModel, MovieTableModel
from .results_pane import FILM_SIGNALS
from .shelf_rows import ShelfRows

SHELF_COVER = 104


class ShelvesView(QScrollArea):
    """Rows of covers, one per shelf; re-emits the film signals of every row."""

    movie_selected = Signal(int)
    movie_activated = Signal(int)
    mark_requested = Signal(list, object)
    similar_requested = Signal(int)
    rate_requested = Signal(int, object)
    not_interested_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Recommendation shelves")
        self._body = QWidget()
        self._lay = QVBoxLayout(self._body)
        self._lay.addStretch(1)
        self.setWidget(self._body)
        self._covers: CoverCache | None = None
        self.rows: list[tuple[QLabel, CoverGrid]] = []
        self._marks: tuple[dict[int, str], dict[int, float]] = ({}, {})

    def set_covers(self, cache: CoverCache) -> None:
        self._covers = cache

    def set_marks(self, kinds: dict[int, str], ratings: dict[int, float]) -> None:
        self._marks = (kinds, ratings)
        for _, grid in self.rows:
            grid.set_marks(kinds, ratings)

    def set_shelves(self, shelves: Sequence[ShelfRows]) -> None:
        for label, grid in self.rows:
            label.deleteLater()
            grid.deleteLater()
        self.rows = []
        for shelf in shelves:
            title = QLabel(f"<b>{shelf.title}</b>" + ("" if shelf.personal else " <small>· for everyone</small>"))
            title.setTextFormat(Qt.TextFormat.RichText)
            model = MovieTableModel(self)
            model.set_rows(shelf.rows)
            proxy = MovieProxyModel(self)
            proxy.setSourceModel(model)
            grid = CoverGrid(proxy)
            grid.cover_width = SHELF_COVER
            grid.setFlow(QListView.Flow.LeftToRight)
            grid.setWrapping(False)
            grid.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            height = round(SHELF_COVER * 1.5) + 2 * grid.fontMetrics().height() + 16 + 24
            grid.setFixedHeight(height + grid.horizontalScrollBar().sizeHint().height())
            grid.setAccessibleName(shelf.title)
            if self._covers is not None:
                grid.set_covers(self._covers)
            grid.set_marks(*self._marks)
            for name in FILM_SIGNALS:
                getattr(grid, name).connect(getattr(self, name))
            self._lay.insertWidget(self._lay.count() - 1, title)
            self._lay.insertWidget(self._lay.count() - 1, grid)
            self.rows.append((title, grid))
