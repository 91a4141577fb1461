"""A taste for a director (``core.directors``): counted from the liked films, honoured in the list."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.directors import DirectorIndex
from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import LIKED, RecParams, recommend
from tests.core.test_recommend import equally_close_space, taste


def test_affinity_grows_with_the_liked_films_of_a_director_and_is_case_blind():
    index = DirectorIndex([("Wes Anderson",), ("wes anderson",), ("Wes Anderson", "Roman Coppola"), ("Joel Coen",),
                           ("Joel Coen", "Ethan Coen"), (), ("Jane Doe",)])
    got = index.affinity(np.array([0, 1, 3]), full_at=3.0)
    assert got[2] == np.float32(2 / 3)  # two liked Anderson films
    assert got[4] == np.float32(1 / 3)  # one liked Coen film
    assert got[5] == 0.0 and got[6] == 0.0  # no director, or one nobody liked
    assert index.rows_by({"JOEL COEN"}).tolist() == [False, False, False, True, True, False, False]


def test_a_film_by_a_director_the_person_keeps_liking_comes_before_an_equally_close_one():
    movies = [Movie(i, f"F{i}", 1990, genres=("Drama",), directors=("A. Auteur",)) for i in range(3)]
    movies += [Movie(3, "Other hand", 1990, genres=("Drama",), directors=("B. Else",)),
               Movie(4, "Same hand", 1990, genres=("Drama",), directors=("A. Auteur",))]
    movies += [Movie(5 + i, f"X{i}", 1990, genres=("Drama",)) for i in range(40)]
    space = equally_close_space(movies, 3, rng_seed=2)
    params = RecParams(mmr_lambda=1.0, duplicate_cosine=1.01)
    got = recommend(space, taste([0, 1, 2], [LIKED] * 3), k=2, params=params)
    assert got.rows.tolist() == [4, 3]
    plain = recommend(space, taste([0, 1, 2], [LIKED] * 3), k=2, params=params.with_(w_director=0.0))
    assert plain.scores[0] == plain.scores[1]  # without the term the two are tied
