"""Exact top-k and filters on synthetic vectors whose answers are known."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from movierec_gui.core.catalog import CatalogArrays
from movierec_gui.core.models import SearchFilters
from movierec_gui.core.search import RowAttributes, top_k


def unit(m: np.ndarray) -> np.ndarray:
    return (m / np.linalg.norm(m, axis=-1, keepdims=True)).astype(np.float32)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 300), k=st.integers(1, 40), seed=st.integers(0, 2**31))
def test_top_k_equals_full_sort(n, k, seed):
    rng = np.random.default_rng(seed)
    matrix = unit(rng.normal(size=(n, 16)))
    q = unit(rng.normal(size=16))
    rows, scores = top_k(matrix, q, k)
    full = np.argsort(-(matrix @ q), kind="stable")[: min(k, n)]
    np.testing.assert_allclose(scores, (matrix @ q)[full], rtol=1e-6)
    assert len(rows) == min(k, n)
    assert np.all(np.diff(scores) <= 1e-7)


def test_mask_excludes_rows_and_never_returns_masked():
    rng = np.random.default_rng(1)
    matrix = unit(rng.normal(size=(50, 8)))
    q = matrix[7]
    mask = np.ones(50, dtype=bool)
    mask[7] = False
    mask[:5] = False
    rows, _ = top_k(matrix, q, 100, mask)
    assert 7 not in rows and set(rows).isdisjoint(range(5)) and len(rows) == 44


def test_empty_matrix():
    rows, scores = top_k(np.zeros((0, 4), np.float32), np.ones(4, np.float32), 5)
    assert rows.size == 0 and scores.size == 0


def test_filters_on_aligned_attributes():
    arrays = CatalogArrays(
        ids=np.array([1, 2, 3, 4], np.int64),
        years=np.array([1990, 2005, -1, 2010], np.int32),
        runtimes=np.array([90, 150, 100, -1], np.int32),
        genre_bits=np.array([1, 2, 3, 0], np.uint64),
        genre_names=("Drama", "Comedy"),
        renown=np.zeros(4, np.float32),
    )
    ids = np.array([4, 2, 1], np.int64)  # vector rows in another order, film 3 not embedded
    attrs = RowAttributes.align(arrays, ids)
    assert list(attrs.years) == [2010, 2005, 1990]
    assert list(attrs.mask(SearchFilters(year_from=2000), ids)) == [True, True, False]
    assert list(attrs.mask(SearchFilters(genres=("comedy",)), ids)) == [False, True, False]
    assert list(attrs.mask(SearchFilters(runtime_max=120), ids)) == [False, False, True]
    assert list(attrs.mask(SearchFilters(exclude_ids=frozenset({2})), ids)) == [True, False, True]
    assert attrs.mask(SearchFilters(), ids) is None
