"""Round eight's taste terms (``core.taste_kinds`` and their use in ``core.recommend``): a dislike of
a kind, a loose common theme, a taste one tag holds —
on small synthetic spaces whose answers are known."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import DISLIKED, LIKED, RecParams, _theme_lifts, catalog_space, recommend, score
from movierec_gui.core.taste_kinds import (
    dislike_margin,
    off_tag,
    specific_lifts,
)
from movierec_gui.core.themes import ThemeIndex
from tests.core.test_recommend import DIMS, taste, unit


def test_a_film_nearer_the_dislikes_than_the_likes_is_pushed_by_the_margin():
    like = np.array([[0.8, 0.5, 0.3]], dtype=np.float32)  # one liked film; three candidate films
    dis = np.array([[0.2, 0.7, 0.3]], dtype=np.float32)  # one disliked film
    assert np.allclose(dislike_margin(dis, like), [0.0, 0.2, 0.0])  # as near as a liked film: no push
    assert dislike_margin(np.zeros((0, 3), np.float32), like).tolist() == [0.0, 0.0, 0.0]


def test_a_disliked_film_close_to_a_liked_one_says_less_of_a_kind():
    """``apart``: the dance viewer's one bad sequel (cosine 0.54 to a liked film) is not a kind."""
    like = np.zeros((1, 4), dtype=np.float32)
    like[0, 2], like[0, 3] = 0.6, 0.2  # rows 2, 3 are the disliked films: cosine 0.6 / 0.2 to the liked one
    dis = np.array([[0.5, 0.0, 1.0, 0.6], [0.0, 0.5, 0.6, 1.0]], dtype=np.float32)
    got = dislike_margin(dis, like, dis_rows=np.array([2, 3]), apart=0.5)
    assert got[0] == 0.0  # only the typical dislike (row 2) is near film 0: not counted
    assert abs(got[1] - 0.5) < 1e-6  # the atypical one (0.2 < 0.5 − 0.2) counts fully


def _dislike_space(n_filler: int = 300):
    """Rows 0–2 liked (axis 0), 3–4 disliked (axis 1), 5–9 films of the disliked kind, 10–14 of the
    liked kind; 15 liked and 16 disliked in one region (axis 2), 17–19 films of that region."""
    rng = np.random.default_rng(3)
    e = np.eye(DIMS)

    def near(axis: np.ndarray, n: int, spread: float) -> np.ndarray:
        return unit(axis + spread * rng.normal(size=(n, DIMS)))

    filler = rng.normal(size=(n_filler, DIMS))
    filler[:, :3] = 0.0  # unrelated to all three regions
    parts = [near(e[0], 3, 0.05), near(e[1], 2, 0.05), near(e[1] + 0.7 * e[0], 5, 0.05), near(e[0], 5, 0.2),
             near(e[2], 2, 0.05), near(e[2], 3, 0.2), unit(filler)]
    matrix = np.vstack(parts).astype(np.float32)
    movies = [Movie(i, f"F{i}", 2000) for i in range(len(matrix))]
    return catalog_space(matrix, movies, np.full(len(matrix), 2000), np.zeros(len(matrix)))


def test_dislikes_of_a_kind_push_that_kind_away_and_leave_a_shared_region():
    space = _dislike_space()
    history = taste([0, 1, 2, 3, 4, 15, 16], [LIKED] * 3 + [DISLIKED] * 2 + [LIKED, DISLIKED])
    # the per-film dislike term and the narrow-taste term off, to see this one alone
    base = RecParams(mmr_lambda=1.0, w_era=0.0, w_fresh=0.0, w_dislike=0.0, dislike_apart=0.0, tight_profile=0.0)
    plain = recommend(space, history, k=15, params=base.with_(w_dislike_kind=0.0)).rows.tolist()
    got = recommend(space, history, k=15, params=base.with_(w_dislike_kind=2.0)).rows.tolist()
    kind = [r for r in range(5, 10) if r in plain]
    assert kind, "the disliked kind's films are in the plain list"
    assert sum(r in got for r in range(5, 10)) < len(kind)  # the disliked kind drops
    assert all(r in got for r in range(10, 15))  # the liked kind stays
    assert all(r in got for r in (17, 18, 19) if r in plain)  # liked and disliked alike: not emptied


def test_a_film_sharing_a_form_facet_with_the_taste_is_spared():
    space = _dislike_space()
    movies = [Movie(i, f"F{i}", 2000, genres=("Documentary",) if i < 3 or 5 <= i < 10 else ("Drama",))
              for i in range(len(space))]
    space = catalog_space(space.matrix, movies, space.years, space.prior)
    history = taste([0, 1, 2, 3, 4], [LIKED] * 3 + [DISLIKED] * 2)
    base = RecParams(mmr_lambda=1.0, w_era=0.0, w_fresh=0.0, w_dislike=0.0, dislike_apart=0.0, w_dislike_kind=2.0)
    spared, _ = score(space, history, base)
    pushed, _ = score(space, history, base.with_(dislike_spare=0.0))
    off, _ = score(space, history, base.with_(w_dislike_kind=0.0))
    assert np.allclose(spared[5:10], off[5:10])  # documentaries, like the liked films: not pushed
    assert (pushed[5:10] < off[5:10] - 0.3).all()  # without sparing, pushed by 2 × a margin of ~0.3


def test_a_theme_counts_by_how_specific_it_is_to_the_person():
    lifts = {"revenge": 0.43 - 0.05, "pirate": 0.57 - 0.005, "drama": 0.01}
    rates = {"revenge": 0.05, "pirate": 0.005, "drama": 0.5}
    got = specific_lifts(lifts, rates, 25.0)
    assert abs(got["pirate"] - lifts["pirate"]) < 1e-9  # over 100 × the catalog's rate: whole
    assert 0.5 * lifts["revenge"] < got["revenge"] < 0.75 * lifts["revenge"]  # 8.6 × the rate: about two thirds
    assert got["drama"] < 0.01 * lifts["drama"]  # barely above the catalog's rate: next to nothing
    assert specific_lifts(lifts, rates, 1.0) == lifts


def test_theme_specificity_in_the_recommender_keeps_rare_themes_whole():
    tags = [("revenge", "pirate")] * 3 + [("pirate",)] + [("revenge",)] * 60 + [("drama",)] * 436
    index = ThemeIndex(tags)
    liked, w = np.arange(4), np.ones(4)
    plain = _theme_lifts(index, liked, w, RecParams(theme_specific=0.0))
    got = _theme_lifts(index, liked, w, RecParams(theme_specific=25.0))
    assert got["pirate"] == plain["pirate"]
    assert got["revenge"] < plain["revenge"]


def test_a_taste_one_tag_holds_pushes_tagged_films_without_it():
    tags = [("zombies", "siege")] * 4 + [("zombie apocalypse",), ("zombie",)] + [("haunted house",)] * 3 + [()] * 3
    tags += [("drama",)] * 189
    index = ThemeIndex(tags)
    liked, w = np.arange(5), np.ones(5)
    got = off_tag(index, ["zombies"], liked, w, min_share=0.9)
    assert got[5] == 0.0  # "zombie" is the same kind as "zombies"
    assert got[6:9].tolist() == [1.0] * 3  # tagged, but not with it: pushed by the share (5 of 5)
    assert got[9:12].tolist() == [0.0] * 3  # no tags at all: not judged
    assert not off_tag(index, ["zombies"], np.array([0, 1, 6, 7]), np.ones(4), min_share=0.9).any()  # half: no
    assert off_tag(index, ["zombies"], liked, w, min_share=0.0).tolist() == [0.0] * len(tags)  # off


def test_off_tag_in_the_recommender_drops_a_close_film_without_the_tag():
    """Rows 0–4 liked, all tagged "slasher"; 5 a close plot neighbour tagged "ghost"; 6–8 slashers
    about as close: with the rule on, the ghost film falls below all of them."""
    rng = np.random.default_rng(5)
    centre = np.eye(DIMS)[0]
    liked = unit(np.vstack([centre + 0.1 * np.eye(DIMS)[2 + i] for i in range(5)]))
    ghost = unit(centre + 0.15 * np.eye(DIMS)[9])  # cosine ~0.99 to the taste
    slashers = unit(centre + 0.1 * rng.normal(size=(3, DIMS)))  # ~0.9
    filler = unit(rng.normal(size=(600, DIMS)))
    matrix = np.vstack([liked, ghost, slashers, filler]).astype(np.float32)
    kw = [("slasher", f"own {i}") for i in range(5)] + [("ghost",)] + [("slasher",)] * 3 + [("family",)] * 600
    movies = [Movie(i, f"F{i}", 2000, keywords=k) for i, k in enumerate(kw)]
    space = catalog_space(matrix, movies, np.full(len(movies), 2000), np.zeros(len(movies)))
    history = taste(list(range(5)), [LIKED] * 5)
    # the tag's own lift and the narrow-taste term aside
    params = RecParams(mmr_lambda=1.0, w_era=0.0, w_fresh=0.0, w_theme=0.0, tight_profile=0.0)
    on = recommend(space, history, k=4, params=params).rows.tolist()
    off = recommend(space, history, k=4, params=params.with_(w_off_tag=0.0)).rows.tolist()
    assert off.index(5) < max(off.index(r) for r in (6, 7, 8))  # the plain list has it above a slasher
    assert on.index(5) > max(on.index(r) for r in (6, 7, 8))
