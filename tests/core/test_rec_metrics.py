"""Beyond-accuracy list measures on tiny cases whose answers are known by hand."""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.eval import metrics as rm
from movierec_gui.eval import movielens as ev


def test_personalization_is_one_for_disjoint_lists_and_zero_for_identical_ones():
    assert rm.personalization([np.array([0, 1]), np.array([2, 3]), np.array([4, 5])], 6) == pytest.approx(1.0)
    same = [np.array([0, 1, 2])] * 4
    assert rm.personalization(same, 6) == pytest.approx(0.0)


def test_personalization_of_half_overlapping_lists():
    # {0,1} vs {1,2}: |∩| = 1, |∪| = 3 → Jaccard 1/3, personalization 2/3
    assert rm.personalization([np.array([0, 1]), np.array([1, 2])], 3) == pytest.approx(2 / 3)


def test_coverage_counts_distinct_films_over_the_catalog():
    assert rm.coverage([np.array([0, 1]), np.array([1, 2])], 10) == pytest.approx(0.3)
    assert rm.coverage([np.array([0, 1, 2, 3])], 10, k=2) == pytest.approx(0.2)  # only the top k count


def test_popularity_percentile_ranks_with_ties_sharing_their_mean_rank():
    pct = rm.popularity_percentiles(np.array([10.0, 0.0, 5.0, 5.0, 20.0]))
    assert pct.tolist() == pytest.approx([0.75, 0.0, 0.375, 0.375, 1.0])
    assert rm.popularity_percentile([np.array([4]), np.array([1])], np.array([10.0, 0.0, 5.0, 5.0, 20.0])) == \
        pytest.approx(0.5)


def test_intra_list_similarity_is_the_mean_pairwise_cosine():
    m = np.array([[1, 0], [1, 0], [0, 1]], dtype=np.float32)
    # pairs (0,1)=1, (0,2)=0, (1,2)=0 → 1/3
    assert rm.intra_list_similarity([np.array([0, 1, 2])], m) == pytest.approx(1 / 3)
    assert rm.intra_list_similarity([np.array([0, 1])], m) == pytest.approx(1.0)


def test_evaluate_reports_the_list_measures():
    cases = [ev.Case(u, np.array([9]), np.array([4.0]), np.array([0.0]), target=0) for u in range(3)]
    same = lambda case, k: np.array([0, 1])  # noqa: E731
    m = np.eye(10, dtype=np.float32)
    pop = np.arange(10.0)
    res = ev.evaluate("same", same, cases, k=10, popularity=pop, matrix=m)
    assert res.personalization == pytest.approx(0.0) and res.coverage == pytest.approx(0.2)
    assert res.popularity_percentile == pytest.approx((0 + 1 / 9) / 2)
    assert res.intra_list_similarity == pytest.approx(0.0)
    out = res.to_json()
    assert {"personalization@10", "coverage@10", "popularity_percentile@10", "intra_list_similarity@10"} <= set(out)
