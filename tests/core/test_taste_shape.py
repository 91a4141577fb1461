"""Round ten's shape of a taste (``core.taste_shape`` and its use in ``core.recommend``): a narrow
taste stays near its cluster, a broad mainstream viewer gets no hard-edged films they never liked —
on small synthetic spaces whose answers are known."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import LIKED, RecParams, catalog_space, recommend, score
from movierec_gui.core.taste_shape import fame_percentile, hard_edged, ramp, tightness
from tests.core.test_recommend import DIMS, taste, unit

#: No era, freshness, cap or diversity: the taste terms and the prior alone decide.
PLAIN = RecParams(mmr_lambda=1.0, w_era=0.0, w_fresh=0.0, prior_cap=0.0, duplicate_cosine=1.01)
OFF = PLAIN.with_(tight_profile=0.0, w_broad_hard=0.0)


def test_tightness_is_the_weighted_mean_cosine_between_different_films():
    same = np.ones((3, 3))
    assert abs(tightness(same, np.ones(3)) - 1.0) < 1e-9
    assert tightness(np.eye(3), np.ones(3)) == 0.0  # orthogonal films: no cluster
    sims = np.array([[1.0, 0.8, 0.0], [0.8, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert abs(tightness(sims, np.ones(3)) - 1.6 / 6) < 1e-9
    assert abs(tightness(sims, np.array([1.0, 1.0, 0.0])) - 0.8) < 1e-9  # a zero-weight film does not count
    assert tightness(np.ones((1, 1)), np.ones(1)) == 0.0


def test_ramp_rises_from_low_to_high():
    assert ramp(0.2, 0.3, 0.5) == 0.0
    assert abs(ramp(0.4, 0.3, 0.5) - 0.5) < 1e-9
    assert ramp(0.7, 0.3, 0.5) == 1.0
    assert ramp(0.3, 0.3, 0.3) == 1.0 and ramp(0.29, 0.3, 0.3) == 0.0  # a step when low == high


def test_fame_percentile_ranks_films_and_ties_share_the_lower_rank():
    got = fame_percentile(np.array([0.1, 0.9, 0.5, 0.5, 0.0], dtype=np.float32))
    assert np.allclose(got, [0.25, 1.0, 0.5, 0.5, 0.0])


def test_hard_edged_reads_tag_stems():
    got = hard_edged((("Violence", "revenge"), ("drug addiction",), ("friendship", "road trip"), ()))
    assert got.tolist() == [1.0, 1.0, 0.0, 0.0]


def _cluster_space():
    """Rows 0–3 liked, tightly clustered on axis 0; row 4 near that cluster and obscure, row 5 a
    little farther and famous; rows 6–29 filler away from it."""
    rng = np.random.default_rng(3)
    e = np.eye(DIMS)
    liked = unit(e[0] + 0.1 * rng.normal(size=(4, DIMS)))
    near_obscure = unit(e[0] + 0.75 * e[1])
    far_famous = unit(e[0] + 1.3 * e[2])
    filler = rng.normal(size=(24, DIMS))
    filler[:, :3] = 0.0
    matrix = np.vstack([liked, near_obscure, far_famous, unit(filler)]).astype(np.float32)
    n = len(matrix)
    prior = np.full(n, 0.3, dtype=np.float32)
    prior[4], prior[5] = 0.0, 1.0
    movies = [Movie(i, f"F{i}", 2000) for i in range(n)]
    return catalog_space(matrix, movies, np.full(n, 2000), prior)


def test_a_narrow_taste_stays_near_its_cluster():
    space = _cluster_space()
    history = taste([0, 1, 2, 3], [LIKED] * 4)
    params = PLAIN.with_(w_prior=0.22, w_broad_hard=0.0)  # taste gap 0.16 without the rule, 0.27 with it
    assert recommend(space, history, k=2, params=params.with_(tight_profile=0.0)).rows.tolist()[0] == 5
    assert recommend(space, history, k=2, params=params.with_(tight_profile=1.0)).rows.tolist()[0] == 4


def test_a_spread_taste_is_not_narrowed():
    space = _cluster_space()
    spread = taste([0, 6, 7, 8], [LIKED] * 4)  # one clustered film and three far apart
    off, _ = score(space, spread, OFF)
    on, _ = score(space, spread, OFF.with_(tight_profile=1.0))
    assert np.array_equal(off, on)


def _mainstream_space(hard_liked: bool = False, famous: bool = True):
    """Rows 0–3 liked (orthogonal: a broad taste), famous unless ``famous`` is False; row 4 a
    hard-edged film a little nearer the taste than row 5, a gentle one; rows 6–65 filler."""
    rng = np.random.default_rng(7)
    e = np.eye(DIMS)
    centre = e[0] + e[1] + e[2] + e[3]
    hard = unit(centre + 0.2 * e[4])
    soft = unit(centre + 0.6 * e[5])
    filler = rng.normal(size=(60, DIMS))
    filler[:, :6] = 0.0
    matrix = np.vstack([e[:4], hard, soft, unit(filler)]).astype(np.float32)
    n = len(matrix)
    prior = np.linspace(0.1, 0.6, n).astype(np.float32)
    prior[:4] = 1.0 if famous else 0.05
    prior[4] = prior[5] = 0.5
    tags = [("heist",)] * n
    tags[4] = ("graphic violence",)
    if hard_liked:
        tags[0] = ("drug dealer",)
    movies = [Movie(i, f"F{i}", 2000, keywords=tags[i]) for i in range(n)]
    return catalog_space(matrix, movies, np.full(n, 2000), prior)


def test_a_broad_mainstream_viewer_gets_no_hard_edged_film_they_never_liked():
    space = _mainstream_space()
    history = taste([0, 1, 2, 3], [LIKED] * 4)
    assert recommend(space, history, k=2, params=OFF).rows.tolist()[0] == 4  # nearer: first without the rule
    assert recommend(space, history, k=2, params=PLAIN.with_(w_broad_hard=0.4)).rows.tolist()[0] == 5


def test_the_hard_edged_push_spares_a_viewer_who_liked_one_or_whose_taste_is_not_mainstream():
    history = taste([0, 1, 2, 3], [LIKED] * 4)
    on = PLAIN.with_(w_broad_hard=0.4)
    for space in (_mainstream_space(hard_liked=True), _mainstream_space(famous=False)):
        assert np.array_equal(score(space, history, OFF)[0], score(space, history, on)[0])
