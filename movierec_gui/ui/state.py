"""``AppState``: the few facts several controllers share, and a signal when each changes.

Controllers never call each other: one changes the state, the others listen. That turns the
window's old cross-calls (history → search → recommendations → map) into signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppState(QObject):
    """The index's health, the history's ids and kinds, the recommended ids, the selected film."""

    #: Start-up began: lists that do not need the search index (browse, history) load now, in parallel.
    starting = Signal()
    #: The catalog opened (or re-opened after a settings change): ``cache_ok``.
    started = Signal(bool)
    #: The search index became usable (or not) after startup, a build or a catalog change.
    index_state_changed = Signal(bool)
    #: The set of films in the history changed (ids or kinds).
    history_changed = Signal()
    #: The history was written and must be reloaded (imports, marks, ratings).
    history_dirty = Signal()
    #: The catalog itself changed (an import): the browse list must be reloaded.
    catalog_changed = Signal()
    #: The recommended films changed.
    recommendations_changed = Signal()
    #: A film was chosen for the details panel (or ``-1`` when nothing is).
    selection_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache_ok: bool | None = None
        self.history_ids: frozenset[int] = frozenset()
        self.history_kinds: dict[int, str] = {}
        self.ratings: dict[int, float] = {}
        self.rec_ids: list[int] = []
        self.selected: int | None = None
        self.films = 0

    def set_cache_ok(self, ok: bool | None) -> None:
        changed = ok != self.cache_ok
        self.cache_ok = ok
        if changed and ok is not None:
            self.index_state_changed.emit(bool(ok))

    def set_history(self, kinds: dict[int, str], ratings: dict[int, float] | None = None) -> bool:
        """Replace the history's kinds (and ratings); ``True`` when the set of films changed."""
        ratings = dict(ratings or {})
        changed = frozenset(kinds) != self.history_ids or kinds != self.history_kinds or ratings != self.ratings
        self.ratings = ratings
        ids_changed = frozenset(kinds) != self.history_ids
        self.history_kinds = dict(kinds)
        self.history_ids = frozenset(kinds)
        if changed:
            self.history_changed.emit()
        return ids_changed

    def set_recommended(self, ids: list[int]) -> None:
        self.rec_ids = list(ids)
        self.recommendations_changed.emit()

    def select(self, movie_id: int | None) -> None:
        self.selected = movie_id
        self.selection_changed.emit(-1 if movie_id is None else movie_id)
