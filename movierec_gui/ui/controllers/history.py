"""The watch history: loading it, marking, rating, removing and exporting films."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from ...core.models import EntryKind
from ...services import Services
from .. import workers
from .base import Controller

if TYPE_CHECKING:
    from ..main_window import MainWindow


class HistoryController(Controller):
    """Owns the history pane; publishes the history's ids and kinds on ``AppState``."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        hp = win.history_pane
        hp.remove_requested.connect(self.remove)
        hp.kind_change_requested.connect(self.set_kind)
        hp.rating_changed.connect(self.rate)
        self.state.starting.connect(self.load)
        self.state.history_dirty.connect(self.load)

    def load(self) -> None:
        self.tasks.submit(lambda ctx, s=self.services: workers.history(s), name="history", pool="io", key="history",
                          on_done=self._on_loaded, on_error=self.errors.present)

    def _on_loaded(self, rows: list) -> None:
        hp = self.win.history_pane
        hp.set_rows(rows)
        ratings = {r.entry.movie_id: r.entry.rating for r in rows if r.entry.rating is not None}
        self.state.set_history(hp.kinds(), ratings)
        self.win.update_counts()
        self.win.search.reload_details()
        self.win.history_loaded.emit(len(rows))

    def _write(self, fn: Callable[[Services], Any], done_message: str) -> None:
        def done(_result: object) -> None:
            self.status(done_message)
            self.load()

        self.tasks.submit(lambda ctx, s=self.services: fn(s), name="history-write", pool="io", on_done=done,
                          on_error=self.errors.present)

    def mark(self, movie_ids: list[int], kind: EntryKind) -> None:
        """Add films to the history (or update them) as ``kind``."""
        n = len(movie_ids)
        self._write(lambda s: s.mark(movie_ids, kind), f"{n} film{'s' if n > 1 else ''} marked {kind.phrase}")

    def remove(self, movie_ids: list[int]) -> None:
        n = len(movie_ids)
        self._write(lambda s: s.forget(movie_ids), f"Removed {n} film{'s' if n > 1 else ''} from history")

    def set_kind(self, movie_ids: list[int], kind: EntryKind) -> None:
        self._write(lambda s: s.set_kind(movie_ids, kind), "History updated")

    def rate(self, movie_id: int, rating: float | None) -> None:
        self._write(lambda s: s.rate(movie_id, rating), "Rating saved" if rating is not None else "Rating cleared")

    def not_interested(self, movie_ids: list[int], scope: str = "film") -> None:
        """Hide films from search and recommendations for good; the status bar offers Undo."""
        n = len(movie_ids)

        def done(_result: object) -> None:
            self.win.offer_undo(f"{n} film{'s' if n > 1 else ''} hidden: not interested",
                                lambda: self._undo_not_interested(movie_ids, scope))
            self.state.history_dirty.emit()
            self.state.catalog_changed.emit()

        self.tasks.submit(lambda ctx, s=self.services: s.not_interested(movie_ids, scope=scope), name="hide",
                          pool="io", on_done=done, on_error=self.errors.present)

    def _undo_not_interested(self, movie_ids: list[int], scope: str) -> None:
        def done(_result: object) -> None:
            self.status("Shown again.")
            self.state.history_dirty.emit()
            self.state.catalog_changed.emit()

        self.tasks.submit(lambda ctx, s=self.services: s.not_interested(movie_ids, scope=scope, undo=True),
                          name="unhide", pool="io", on_done=done, on_error=self.errors.present)

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.win, "Export watch history",
                                              str(Path.home() / "movierec-history.csv"), "CSV files (*.csv)")
        if path:
            self.tasks.submit(lambda ctx, s=self.services: s.history_export(path), name="export", pool="io",
                              on_done=lambda n: self.status(f"Exported {n} films to {path}", 6000),
                              on_error=self.errors.present)
