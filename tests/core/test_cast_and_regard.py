"""Two weak orderings of equally close films: a lead actor of the liked films (``w_cast``) and
regard, the shrunk vote average in the prior (``core.recommend.with_regard``)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import LIKED, RecParams, catalog_prior, recommend, regard, with_regard
from tests.core.test_recommend import equally_close_space, taste

PARAMS = RecParams(mmr_lambda=1.0, duplicate_cosine=1.01)


def test_a_film_led_by_an_actor_of_several_liked_films_comes_before_an_equally_close_one():
    movies = [Movie(i, f"F{i}", 1990, genres=("Drama",), cast=("Ann Lead", f"Extra {i}")) for i in range(3)]
    movies += [Movie(3, "Other lead", 1990, genres=("Drama",), cast=("Bob Else", "Ann Lead")),
               Movie(4, "Same lead", 1990, genres=("Drama",), cast=("Ann Lead",))]
    movies += [Movie(5 + i, f"X{i}", 1990, genres=("Drama",)) for i in range(40)]
    space = equally_close_space(movies, 3, rng_seed=3)
    liked = taste([0, 1, 2], [LIKED] * 3)
    # Ann Lead is billed second in "Other lead": with the first name only, just "Same lead" is hers
    assert recommend(space, liked, k=2, params=PARAMS.with_(cast_billed=1)).rows.tolist() == [4, 3]
    plain = recommend(space, liked, k=2, params=PARAMS.with_(w_cast=0.0))
    assert plain.scores[0] == plain.scores[1]  # without the term the two are tied
    both = recommend(space, liked, k=2, params=PARAMS.with_(cast_billed=2))
    assert both.scores[0] == both.scores[1]  # billed second counts too when two names are read


def test_regard_shrinks_few_votes_towards_the_mean_and_is_neutral_without_votes():
    averages = np.array([8.5, 8.5, 4.5, np.nan, 6.5, 6.5, 6.5])
    counts = np.array([5000, 3, 5000, 0, 10, 10, 10])  # shrunk by the median count, 10 votes
    got = regard(averages, counts)
    assert np.all((got >= 0) & (got <= 1))
    assert got[0] > got[1] > got[2]  # a 8.5 from 3 votes says less than one from 5,000
    assert got[0] == 1.0 and got[2] == 0.0  # 8 and above is full regard, 5 and below none
    mean = (8.5 * 5000 + 8.5 * 3 + 4.5 * 5000 + 6.5 * 30) / (5000 + 3 + 5000 + 30)
    assert got[3] == pytest.approx((mean - 5.0) / 3.0, abs=1e-5)  # no votes: the catalog's mean
    assert regard(np.full(3, np.nan), np.zeros(3)).tolist() == [0.5, 0.5, 0.5]


def test_of_two_equally_famous_and_close_films_the_better_regarded_comes_first():
    movies = [Movie(i, f"F{i}", 1990, genres=("Drama",)) for i in range(3)]
    movies += [Movie(3, "Panned", 1990, genres=("Drama",), vote_average=4.8, vote_count=2000),
               Movie(4, "Acclaimed", 1990, genres=("Drama",), vote_average=8.1, vote_count=2000)]
    movies += [Movie(5 + i, f"X{i}", 1990, genres=("Drama",), vote_average=6.5, vote_count=50) for i in range(40)]
    space = equally_close_space(movies, 3, rng_seed=4)
    renown = np.full(len(movies), 0.6)
    liked = taste([0, 1, 2], [LIKED] * 3)
    fame_only = recommend(dataclasses.replace(space, prior=renown.astype(np.float32)), liked, k=2, params=PARAMS)
    assert fame_only.scores[0] == fame_only.scores[1]
    prior = catalog_prior(renown, movies)
    assert prior[4] > prior[3]
    got = recommend(dataclasses.replace(space, prior=prior), liked, k=2, params=PARAMS)
    assert got.rows.tolist() == [4, 3]


def test_renown_still_leads_the_prior():
    """Regard only refines fame: a famous, middling film keeps a higher prior than an unknown one
    with a perfect average from a handful of votes."""
    prior = with_regard(np.array([0.9, 0.1]), np.array([6.5, 10.0]), np.array([5000, 4]))
    assert prior[0] > prior[1]


def test_hidden_gems_are_low_in_fame_however_well_regarded():
    """The "Hidden gems" shelf picks films below the median *renown*; regard in the prior does
    not lift an obscure, acclaimed film out of it (nor let a famous, panned one in)."""
    from movierec_gui.core.shelves import HIDDEN_GEMS, rank_shelf

    movies = [Movie(i, f"F{i}", 1990, genres=("Drama",)) for i in range(3)]
    movies += [Movie(3, "Obscure, acclaimed", 1990, genres=("Drama",), vote_average=8.5, vote_count=5000),
               Movie(4, "Famous, panned", 1990, genres=("Drama",), vote_average=3.0, vote_count=5000)]
    movies += [Movie(5 + i, f"X{i}", 1990, genres=("Drama",), vote_average=6.5, vote_count=50) for i in range(40)]
    space = equally_close_space(movies, 3, rng_seed=5)
    renown = np.full(len(movies), 0.5)
    renown[3], renown[4] = 0.3, 0.7
    prior = catalog_prior(renown, movies, quality=0.6)  # a large share, so that prior and fame disagree
    assert prior[3] > np.median(prior) > prior[4]
    space = dataclasses.replace(space, prior=prior, renown=renown.astype(np.float32))
    shelf = rank_shelf(HIDDEN_GEMS, space, taste([0, 1, 2], [LIKED] * 3), 3, PARAMS)
    assert shelf is not None and 3 in shelf.ranked.rows.tolist() and 4 not in shelf.ranked.rows.tolist()
