"""Order within a series when the year ties (``series.untie_order``): a part number first, then
the databases' ids (announced earlier, numbered lower), then the catalog row; never two "firsts"."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import LIKED, WATCHED, RecParams, catalog_space, recommend
from movierec_gui.core.series import build_series, series_mask
from tests.core.test_recommend import clusters, taste, unit

NO_MMR = RecParams(mmr_lambda=1.0, duplicate_cosine=1.01)


def matrix_films(rows: dict[int, Movie]) -> list[Movie]:
    matrix, _ = clusters(2)
    movies = [Movie(i, f"Filler {i}", 1990 + i % 7) for i in range(len(matrix))]
    for i, m in rows.items():
        movies[i] = m
    return movies


def first_unseen(movies: list[Movie], seen_rows: list[int]) -> list[int]:
    s = build_series(movies)
    seen = np.zeros(len(movies), dtype=bool)
    seen[seen_rows] = True
    ok = series_mask(s, seen, np.zeros(len(movies), dtype=bool))
    return [i for i in np.flatnonzero(ok & (s.ids >= 0)).tolist()]


def test_same_year_parts_follow_tmdb_ids_whatever_the_row_order():
    films = {3: Movie(3, "The Matrix Revolutions", 2003, collection="The Matrix", tmdb_id=605),
             4: Movie(4, "The Matrix", 1999, collection="The Matrix", tmdb_id=603),
             5: Movie(5, "The Matrix Reloaded", 2003, collection="The Matrix", tmdb_id=604)}
    movies = matrix_films(films)
    assert first_unseen(movies, [4]) == [5]  # Reloaded, not Revolutions (and not both)
    assert first_unseen(movies, [4, 5]) == [3]


def test_imdb_ids_order_when_tmdb_ids_are_missing_and_the_row_last():
    films = {3: Movie(3, "Twin B", 2010, collection="Twins", imdb_id="tt0242653"),
             4: Movie(4, "Twin A", 2010, collection="Twins", imdb_id="tt0234215")}
    assert first_unseen(matrix_films(films), []) == [4]
    no_ids = {3: Movie(3, "Twin B", 2010, collection="Twins"), 4: Movie(4, "Twin A", 2010, collection="Twins")}
    assert first_unseen(matrix_films(no_ids), []) == [3]  # nothing known: the catalog row, but only one


def test_a_part_number_outranks_ids_within_a_year():
    films = {3: Movie(3, "Saga 2", 2005, tmdb_id=10), 4: Movie(4, "Saga", 2005, tmdb_id=99)}
    assert first_unseen(matrix_films(films), []) == [4]  # the original (part 1) despite its later id


def test_the_recommender_offers_reloaded_before_revolutions():
    matrix, _ = clusters(2)
    films = {3: Movie(3, "The Matrix Revolutions", 2003, collection="The Matrix", tmdb_id=605),
             4: Movie(4, "The Matrix", 1999, collection="The Matrix", tmdb_id=603),
             5: Movie(5, "The Matrix Reloaded", 2003, collection="The Matrix", tmdb_id=604)}
    movies = matrix_films(films)
    matrix[3] = unit(matrix[4] + 0.01)  # Revolutions the closest to the liked original
    space = catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))
    got = recommend(space, taste([4], [LIKED]), k=30, params=NO_MMR).rows.tolist()
    assert 5 in got and 3 not in got
    got = recommend(space, taste([4, 5], [LIKED, WATCHED]), k=30, params=NO_MMR).rows.tolist()
    assert 3 in got
