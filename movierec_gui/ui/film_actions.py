"""What every film view (table, cover grid) does with the keyboard and its context menu.

W watched · L like · D dislike · T watchlist · N not interested · M more like this ·
0–5 rate (0 clears) · Enter details. The views emit film ids, never rows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu

from ..core.models import EntryKind
from .models import MovieIdRole

MARK_ACTIONS = (
    (EntryKind.WATCHED, "Mark as &watched", "W"),
    (EntryKind.LIKED, "&Like", "L"),
    (EntryKind.DISLIKED, "&Dislike", "D"),
    (EntryKind.WATCHLIST, "Add to watch&list", "T"),
)
KEYS_HELP = ("Keys: W watched · L like · D dislike · T watchlist · N not interested · 1–5 rate · "
             "M more like this · Enter details")


class FilmViewMixin:
    """Mixed into a ``QAbstractItemView`` that declares the film signals; adds the shared actions."""

    def install_film_actions(self: QAbstractItemView) -> None:  # type: ignore[misc]
        self.film_actions: list[QAction] = []
        for kind, text, key in MARK_ACTIONS:
            self.film_actions.append(_add(self, text, key, lambda _=False, k=kind: self._mark(k)))
        self.not_interested_action = _add(self, "&Not interested", "N", self._not_interested)
        self.similar_action = _add(self, "&More like this", "M", self._on_similar)
        self.rate_actions = [
            _add(self, f"Rate {n} ★" if n else "Clear rating", str(n), lambda _=False, v=n: self._rate(v))
            for n in range(6)
        ]
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)
        self.activated.connect(self._on_activated)
        self.selectionModel().currentChanged.connect(self._on_current_changed)

    # ------------------------------------------------------------------ ids
    def selected_ids(self: QAbstractItemView) -> list[int]:  # type: ignore[misc]
        if self.selectionModel() is None:
            return []
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()})
        model = self.model()
        ids = [model.index(r, 0).data(MovieIdRole) for r in rows]
        if not ids and self.currentIndex().isValid():
            ids = [self.currentIndex().data(MovieIdRole)]
        return [int(i) for i in ids if i is not None]

    def current_id(self: QAbstractItemView) -> int | None:  # type: ignore[misc]
        index = self.currentIndex()
        value = index.data(MovieIdRole) if index.isValid() else None
        return int(value) if value is not None else None

    # ------------------------------------------------------------------ slots
    def _mark(self, kind: EntryKind) -> None:
        ids = self.selected_ids()
        if ids:
            self.mark_requested.emit(ids, kind)  # type: ignore[attr-defined]

    def _not_interested(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.not_interested_requested.emit(ids)  # type: ignore[attr-defined]

    def _rate(self, stars: int) -> None:
        movie_id = self.current_id()
        if movie_id is not None:
            self.rate_requested.emit(movie_id, float(stars) if stars else None)  # type: ignore[attr-defined]

    def _on_similar(self) -> None:
        movie_id = self.current_id()
        if movie_id is not None:
            self.similar_requested.emit(movie_id)  # type: ignore[attr-defined]

    def _on_activated(self, index: QModelIndex) -> None:
        value = index.data(MovieIdRole)
        if value is not None:
            self.movie_activated.emit(int(value))  # type: ignore[attr-defined]

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        value = current.data(MovieIdRole) if current.isValid() else None
        if value is not None:
            self.movie_selected.emit(int(value))  # type: ignore[attr-defined]

    def _on_context_menu(self: QAbstractItemView, pos: QPoint) -> None:  # type: ignore[misc]
        if not self.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        for action in self.film_actions:
            menu.addAction(action)
        menu.addAction(self.not_interested_action)
        menu.addSeparator()
        rate = menu.addMenu("&Rate")
        for action in self.rate_actions:
            rate.addAction(action)
        menu.addSeparator()
        menu.addAction(self.similar_action)
        menu.popup(self.viewport().mapToGlobal(pos))


def _add(view: QAbstractItemView, text: str, key: str, slot: Callable[..., object]) -> QAction:
    action = QAction(text, view)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    view.addAction(action)
    return action
