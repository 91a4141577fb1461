"""A search nothing fits ignores "silent" before a stated year: "a silent movie from 2011" is a modern silent film."""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core.search import Searcher
from tests.core.hand_placed import hand_placed_searcher

DIMS = 16


def unit(i: int) -> np.ndarray:
    v = np.zeros(DIMS, np.float32)
    v[i] = 1.0
    return v


# film i is released in 1929 + i: 1930 to 1945, the silent era up to 1936
FILMS = [(f"Reel {1929 + i}", f"A clown and a dog tour the provinces in {1929 + i}.", unit(i % DIMS))
         for i in range(1, 17)]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    return hand_placed_searcher(tmp_path_factory.mktemp("silent"), FILMS, lambda _: unit(0), first_year=1929)


def test_a_stated_year_outlasts_silent(searcher: Searcher):
    result = searcher.search_result("a silent movie from 1940 about a clown and his dog", top=5)
    assert {c.key for c in result.chips} == {"silent", "era"}
    assert result.relaxed and [c.key for c in result.ignored] == ["silent"]
    assert [h.movie.year for h in result.hits] == [1940]


def test_silent_alone_still_filters(searcher: Searcher):
    result = searcher.search_result("a silent movie about a clown and his dog", top=10)
    assert [c.key for c in result.chips] == ["silent"] and not result.relaxed
    assert sorted(h.movie.year for h in result.hits) == [1930, 1931, 1932, 1933, 1934, 1935, 1936]
