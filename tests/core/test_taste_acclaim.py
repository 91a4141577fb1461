"""Round nine's taste terms (``core.taste_kinds`` and their use in ``core.recommend``): a taste for
acclaim read from the liked films' regard, and a series lead that keeps its own dislike push — on
small synthetic spaces whose answers are known."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import DISLIKED, LIKED, RecParams, catalog_space, recommend, score
from movierec_gui.core.taste_kinds import acclaim_push, acclaim_taste, lead_dislike, regard_percentile
from tests.core.test_recommend import DIMS, taste, unit

#: Round ten's narrow-taste term aside too: these spaces' liked films are tight clusters.
PLAIN = RecParams(mmr_lambda=1.0, w_era=0.0, w_fresh=0.0, w_prior=0.0, duplicate_cosine=1.01, tight_profile=0.0)


def test_regard_percentile_ranks_known_films_and_leaves_unknown_ones_unknown():
    got = regard_percentile(np.array([0.2, np.nan, 0.9, 0.5, 0.5], dtype=np.float32))
    assert np.isnan(got[1])
    assert got[0] == 0.0 and got[2] == 1.0
    assert np.allclose(got[[3, 4]], 0.5)  # a tie shares the mid-rank
    assert np.isnan(regard_percentile(np.full(3, np.nan, dtype=np.float32))).all()


def test_acclaim_taste_is_the_share_of_well_regarded_liked_films_above_a_floor():
    pct = np.array([0.95, 0.92, 0.99, 0.3, np.nan, 0.97], dtype=np.float32)
    rows, w = np.array([0, 1, 2, 5]), np.ones(4)
    assert acclaim_taste(pct, rows, w, high=0.9, share=0.7) == 1.0  # all four well regarded
    one_low = np.array([0, 1, 2, 3])
    assert abs(acclaim_taste(pct, one_low, w, high=0.9, share=0.5) - 0.5) < 1e-6  # 3 of 4: (0.75 − 0.5) / 0.5
    assert acclaim_taste(pct, one_low, w, high=0.9, share=0.8) == 0.0  # below the floor: not a taste
    # a film of unknown regard neither counts for nor against; too few known ones: nothing said
    assert acclaim_taste(pct, np.array([0, 1, 2, 4]), w, high=0.9, share=0.7) == 1.0
    assert acclaim_taste(pct, np.array([0, 4]), np.ones(2), high=0.9, share=0.7) == 0.0


def test_acclaim_push_is_how_far_below_the_bar_and_nothing_when_unknown():
    got = acclaim_push(np.array([0.95, 0.45, 0.0, np.nan], dtype=np.float32), high=0.9)
    assert np.allclose(got, [0.0, 0.5, 1.0, 0.0])


def _regard_space():
    """Rows 0–3 liked (axis 0), 4 a near but poorly regarded film, 5 a little farther and well
    regarded, 6–29 catalog filler (spread regard) away from the taste."""
    rng = np.random.default_rng(5)
    e = np.eye(DIMS)
    liked = unit(e[0] + 0.05 * rng.normal(size=(4, DIMS)))
    near_low = unit(e[0] + 0.3 * e[1])
    near_high = unit(e[0] + 0.45 * e[2])
    filler = rng.normal(size=(24, DIMS))
    filler[:, :3] = 0.0
    matrix = np.vstack([liked, near_low, near_high, unit(filler)]).astype(np.float32)
    n = len(matrix)
    averages = np.linspace(5.0, 7.0, n)
    averages[:4], averages[4], averages[5] = 8.5, 5.0, 8.2
    movies = [Movie(i, f"F{i}", 2000, vote_average=float(averages[i]), vote_count=1000) for i in range(n)]
    return catalog_space(matrix, movies, np.full(n, 2000), np.zeros(n)), movies


def test_a_taste_for_acclaim_ranks_the_well_regarded_neighbour_first():
    space, _ = _regard_space()
    history = taste([0, 1, 2, 3], [LIKED] * 4)
    off = recommend(space, history, k=2, params=PLAIN.with_(w_acclaim=0.0)).rows.tolist()
    on = recommend(space, history, k=2, params=PLAIN.with_(w_acclaim=1.0, acclaim_high=0.9)).rows.tolist()
    assert off[0] == 4  # the plot neighbour alone decides
    assert on[0] == 5  # the well-regarded one, for a person whose liked films are all acclaimed


def test_a_person_who_likes_films_of_any_regard_is_untouched():
    space, movies = _regard_space()
    low = [Movie(m.id, m.title, m.year, vote_average=5.5 if i < 4 else m.vote_average, vote_count=1000)
           for i, m in enumerate(movies)]
    space = catalog_space(space.matrix, low, space.years, space.prior)
    history = taste([0, 1, 2, 3], [LIKED] * 4)
    off, _ = score(space, history, PLAIN.with_(w_acclaim=0.0))
    on, _ = score(space, history, PLAIN.with_(w_acclaim=1.0))
    assert np.array_equal(off, on)


def test_a_catalog_without_votes_is_not_judged():
    space, movies = _regard_space()
    bare = [Movie(m.id, m.title, m.year) for m in movies]
    space = catalog_space(space.matrix, bare, space.years, space.prior)
    assert space.regard is None
    history = taste([0, 1, 2, 3], [LIKED] * 4)
    assert np.array_equal(score(space, history, PLAIN.with_(w_acclaim=0.0))[0],
                          score(space, history, PLAIN.with_(w_acclaim=1.0))[0])


def test_lead_dislike_is_the_dislike_margin_of_the_leads_alone():
    e = np.eye(4, dtype=np.float32)
    matrix = np.vstack([e[0], e[1], unit(e[1] + 0.2 * e[0]), unit(e[0] + 0.2 * e[1])]).astype(np.float32)
    like, dis = matrix[[0]] @ matrix.T, matrix[[1]] @ matrix.T  # film 0 liked, film 1 disliked
    got = lead_dislike(like, dis, np.array([2, 3]), np.array([1]), apart=0.5)
    assert got[0] > 0.7 and got[1] == 0.0  # near the disliked film / near the liked one
    assert np.allclose(got[0], dis[0, 2] - like[0, 2])
    none = lead_dislike(like, dis[:0], np.array([2]), np.array([], dtype=np.int64), 0.5)
    assert none.tolist() == [0.0]


def _spoof_series_space():
    """Rows 0–2 liked (axis 0), 3 disliked (axis 1); a series: row 4 "Spoof" (the disliked kind),
    row 5 "Spoof 2" (right by the liked films); 6–15 liked-kind films; filler away from both."""
    rng = np.random.default_rng(7)
    e = np.eye(DIMS)
    liked = unit(e[0] + 0.05 * rng.normal(size=(3, DIMS)))
    disliked = unit(e[1] + 0.05 * rng.normal(size=(1, DIMS)))
    first = unit(e[1] + 0.3 * e[0])
    second = unit(e[0] + 0.05 * e[3])
    kind = unit(e[0] + 0.4 * rng.normal(size=(10, DIMS)))
    filler = rng.normal(size=(60, DIMS))
    filler[:, :2] = 0.0
    matrix = np.vstack([liked, disliked, first, second, kind, unit(filler)]).astype(np.float32)
    movies = [Movie(i, f"Film {i}", 2000) for i in range(len(matrix))]
    movies[4] = Movie(4, "Spoof", 2000, collection="Spoof Collection")
    movies[5] = Movie(5, "Spoof 2", 2002, collection="Spoof Collection")
    return catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(matrix)))


def test_a_series_lead_of_a_disliked_kind_keeps_its_push():
    space = _spoof_series_space()
    history = taste([0, 1, 2, 3], [LIKED] * 3 + [DISLIKED])
    params = PLAIN.with_(w_dislike=0.0, w_dislike_kind=2.0)
    carried = recommend(space, history, k=5, params=params.with_(series_dislike=0.0)).rows.tolist()
    kept = recommend(space, history, k=5, params=params.with_(series_dislike=1.0)).rows.tolist()
    assert carried[0] == 4  # the first part carries its sequel's score (the old rule)
    assert 4 not in kept and 5 not in kept  # now its own push stays; the sequel is never before it


def test_the_lead_push_measured_only_near_the_top_gives_the_same_list():
    """Leads whose carried score is below the pool's own-score bar cannot enter the list: skipping
    them changes nothing (a pool of 12 against the whole catalog)."""
    space = _spoof_series_space()
    history = taste([0, 1, 2, 3], [LIKED] * 3 + [DISLIKED])
    params = PLAIN.with_(w_dislike=0.0, w_dislike_kind=2.0, series_dislike=1.0)
    small = recommend(space, history, k=3, params=params.with_(mmr_pool=12)).rows.tolist()
    whole = recommend(space, history, k=3, params=params.with_(mmr_pool=1000)).rows.tolist()
    assert small == whole and 4 not in small
