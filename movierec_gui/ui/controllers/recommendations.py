"""Recommendations and the taste map: both follow the history and the index."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import workers
from .base import Controller
from .search import TAB_MAP

if TYPE_CHECKING:
    from ..main_window import MainWindow


class RecommendationsController(Controller):
    """Refreshes the recommendations tab and draws the taste map when it is first shown."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self._map_requested = False
        win.tabs.currentChanged.connect(self._on_tab_changed)
        self.state.history_changed.connect(self._on_history_changed)
        self.state.index_state_changed.connect(self._on_index_state_changed)
        self.state.recommendations_changed.connect(self._update_map_marks)

    def refresh(self) -> None:
        pane = self.win.recs_pane
        if not self.state.cache_ok:
            pane.set_caption("Recommendations appear once the search index is built.")
            return
        filters = self.win.search.filters()
        pane.set_caption("Updating recommendations…")
        self.tasks.submit(lambda ctx, s=self.services: workers.recommend(s, filters), name="recommend",
                          key="recommend", on_done=self._show, on_error=self._on_failed)
        if hasattr(self.services, "recommend_shelves"):
            self.tasks.submit(lambda ctx, s=self.services: workers.shelves(s, filters), name="shelves",
                              key="shelves", on_done=pane.set_shelves, on_error=self.errors.present)

    def _show(self, rec: workers.Recommended) -> None:
        pane = self.win.recs_pane
        pane.set_rows(rec.rows, sort=None)  # already filtered by the recommender
        if rec.cold:
            pane.set_caption("Popular films to start with. Mark films you liked (L) and this list "
                             "will follow your taste.")
        else:
            pane.set_caption(f"{len(rec.rows)} films picked for you from {rec.history} films in your history.")
        self.state.set_recommended(rec.rows.ids.tolist())
        self.win.recommendations_shown.emit(len(rec.rows))

    def _on_failed(self, exc: BaseException) -> None:
        self.win.recs_pane.set_caption("Recommendations are not available right now.")
        self.errors.present(exc)

    def _on_history_changed(self) -> None:
        self.refresh()
        self._update_map_marks()

    def _on_index_state_changed(self, ok: bool) -> None:
        self._map_requested = False
        if ok and self.win.tabs.currentIndex() == TAB_MAP:
            self.load_map()
        self.refresh()

    def _update_map_marks(self) -> None:
        self.win.taste_map.set_highlights(self.state.history_kinds, self.state.rec_ids)

    # ------------------------------------------------------------------ taste map
    def _on_tab_changed(self, index: int) -> None:
        if index == TAB_MAP:
            self.load_map()

    def load_map(self, force: bool = False) -> None:
        if not self.state.cache_ok or (self._map_requested and not force):
            return
        self._map_requested = True
        self.win.taste_map.message = "Drawing the map…"
        self.win.taste_map.update()
        self.tasks.submit(lambda ctx, s=self.services: workers.taste_map(s, ctx), name="taste-map", pool="io",
                          key="map", on_done=self._on_map_ready, on_error=self._on_map_failed)

    def _on_map_ready(self, data: workers.TasteMapData) -> None:
        self.win.taste_map.set_data(data)
        self._update_map_marks()

    def _on_map_failed(self, exc: BaseException) -> None:
        self._map_requested = False
        self.win.taste_map.message = "The map could not be drawn."
        self.errors.present(exc)
