"""Models: qtmodeltester on each, and the NumPy sort/filter path of the film table."""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import Qt

from movierec_gui.core.models import EntryKind, HistoryEntry, SearchFilters
from movierec_gui.ui.models import (
    HistoryProxyModel,
    HistoryTableModel,
    HistoryTableRow,
    ImportReportModel,
    MovieIdRole,
    MovieProxyModel,
    MovieRows,
    MovieTableModel,
    ReportRow,
)

LISTING = [
    (1, "Heat", 1995, ("Crime", "Drama"), 170, 0.9),
    (2, "Alien", 1979, ("Horror", "Science Fiction"), 117, 0.95),
    (3, "amélie", 2001, ("Comedy", "Romance"), 122, 0.8),
    (4, "Zodiac", 2007, ("Crime", "Mystery"), None, 0.6),
    (5, "Untitled", None, (), None, 0.0),
]


def movie_model() -> MovieTableModel:
    model = MovieTableModel()
    model.set_rows(MovieRows.build(LISTING, scores=[0.5, 0.9, 0.1, 0.7, float("nan")]))
    return model


def titles(model) -> list[str]:
    return [model.index(r, MovieTableModel.COL_TITLE).data() for r in range(model.rowCount())]


def test_movie_models_pass_modeltester(qtmodeltester):
    source = movie_model()
    qtmodeltester.check(source)
    proxy = MovieProxyModel()
    proxy.setSourceModel(source)
    qtmodeltester.check(proxy)
    proxy.sort(MovieTableModel.COL_YEAR, Qt.SortOrder.DescendingOrder)
    proxy.set_filters(SearchFilters(genres=("Crime",)))
    qtmodeltester.check(proxy)


def test_history_models_pass_modeltester(qtmodeltester):
    model = HistoryTableModel()
    model.set_rows([
        HistoryTableRow(HistoryEntry(1, EntryKind.LIKED, 4.5, 1.7e9), "Heat", 1995),
        HistoryTableRow(HistoryEntry(2, EntryKind.WATCHLIST), "Alien", 1979),
    ])
    qtmodeltester.check(model)
    proxy = HistoryProxyModel()
    proxy.setSourceModel(model)
    proxy.set_kind(EntryKind.LIKED)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    proxy.set_kind(None)
    assert proxy.rowCount() == 2


def test_report_model_passes_modeltester(qtmodeltester):
    model = ImportReportModel()
    model.set_rows([ReportRow("ratings.csv", 3, "Heat", 1995, "ambiguous", "Heat (1995); Heat (1986)")])
    qtmodeltester.check(model)


def test_sort_is_numpy_and_keeps_movie_ids():
    model = movie_model()
    model.sort(MovieTableModel.COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert titles(model) == ["Alien", "amélie", "Heat", "Untitled", "Zodiac"]
    model.sort(MovieTableModel.COL_YEAR, Qt.SortOrder.DescendingOrder)
    assert titles(model)[:2] == ["Zodiac", "amélie"]
    model.sort(MovieTableModel.COL_SCORE, Qt.SortOrder.DescendingOrder)  # match follows the engine's rank
    assert titles(model)[0] == "Heat"
    assert model.index(0, 0).data(MovieIdRole) == 1


def test_match_is_one_scale_monotonic_with_rank_and_explained():
    # Raw scores out of rank order (as fused ranks produce): the match figure never rises down the list.
    rows = MovieRows.build(LISTING, scores=[0.5, 0.9, 0.1, 0.7, float("nan")])
    match = rows.scores.tolist()
    assert match[0] == 100.0
    assert all(a >= b for a, b in itertools.pairwise(match))
    assert all(1.0 <= m <= 100.0 for m in match)
    model = MovieTableModel()
    model.set_rows(rows)
    cell = model.index(2, MovieTableModel.COL_MATCH)
    assert cell.data() == "20%"
    assert "Match" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(MovieTableModel.COL_MATCH, Qt.Orientation.Horizontal) == "Match"
    assert model.headerData(MovieTableModel.COL_MATCH, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    # Browsing has no match at all.
    assert MovieRows.build(LISTING).cells[0][MovieTableModel.COL_MATCH] == ""


def test_same_titles_are_told_apart_and_entities_decoded():
    listing = [(1, "Heat", 1995, ("Crime",), 170, 0.9), (2, "Heat", 1986, ("Action",), 101, 0.2),
               (3, "Sam &amp; Fordy", 2001, (), None, 0.1), (4, "Alien", 1979, (), None, 0.5),
               (5, "Alien", 1979, (), None, 0.1)]
    rows = MovieRows.build(listing, directors=["Michael Mann", "Dick Richards", "", "Ridley Scott", "Someone"])
    assert rows.titles[:3] == ["Heat (1995)", "Heat (1986)", "Sam & Fordy"]
    assert rows.titles[3:] == ["Alien (1979) — Ridley Scott", "Alien (1979) — Someone"]
    assert rows.subtitle(0) == "1995 · Michael Mann"


def test_filters_by_genre_decade_runtime_and_exclusions():
    model = movie_model()
    model.set_filters(SearchFilters(genres=("crime",)))
    assert sorted(titles(model)) == ["Heat", "Zodiac"]
    model.set_filters(SearchFilters(year_from=1990, year_to=1999))
    assert titles(model) == ["Heat"]
    model.set_filters(SearchFilters(runtime_max=125))
    assert titles(model) == ["Alien", "amélie"]
    model.set_filters(SearchFilters(exclude_ids=frozenset({1, 2})))
    assert titles(model) == ["amélie", "Zodiac", "Untitled"]
    model.set_filters(None)
    assert model.rowCount() == model.total == 5


def test_sort_keeps_the_selection(qtbot):
    from PySide6.QtWidgets import QTableView

    model = movie_model()
    proxy = MovieProxyModel()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.selectRow(3)  # Zodiac
    assert proxy.movie_id(view.currentIndex()) == 4
    proxy.sort(MovieTableModel.COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert proxy.movie_id(view.currentIndex()) == 4
    assert view.currentIndex().row() == 4


def test_large_catalog_rows_build_and_filter_fast():
    import time

    rng = np.random.default_rng(0)
    genres = ("Drama", "Comedy", "Crime", "Horror", "Western")
    listing = [(i, f"Film {i}", int(rng.integers(1920, 2024)), (genres[i % 5],), 90, float(rng.random()))
               for i in range(44_000)]
    rows = MovieRows.build(listing)
    model = MovieTableModel()
    model.set_rows(rows, sort=(MovieTableModel.COL_POPULARITY, Qt.SortOrder.DescendingOrder))
    t = time.perf_counter()
    model.set_filters(SearchFilters(genres=("Crime",), year_from=1990, year_to=1999))
    model.sort(MovieTableModel.COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert time.perf_counter() - t < 0.5  # typically a few ms
    assert 0 < model.rowCount() < 44_000
