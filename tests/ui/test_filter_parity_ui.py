"""The film table's filter (browse list, Qt proxy) means what search's filter means."""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core import starter
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.filters import movie_passes
from movierec_gui.core.models import SearchFilters
from movierec_gui.ui.models import MovieRows
from movierec_gui.wiring import starter_files

WIDGET_FILTERS = [
    SearchFilters(genres=("Comedy",)),
    SearchFilters(genres=("horror", "Western")),
    SearchFilters(year_from=1990, year_to=1999),
    SearchFilters(runtime_max=95),
    SearchFilters(genres=("Drama",), year_to=1950, runtime_max=120, exclude_ids=frozenset({1, 5})),
    SearchFilters(genres_not=("Drama",), year_from=2000),
]


@pytest.mark.parametrize("filters", WIDGET_FILTERS, ids=repr)
def test_table_mask_matches_single_film_rule(tmp_path, filters):
    cat = Catalog(tmp_path / "c.sqlite3")
    starter.install(cat, starter_files()[:2])
    rows = MovieRows.build(cat.listing())
    mask = rows.mask(filters)
    movies = cat.get_many(int(m) for m in rows.ids)
    expected = np.array([movie_passes(movies[int(m)], filters) for m in rows.ids])
    assert mask is not None and np.array_equal(mask, expected)
