"""One film under two sources' records with no shared id or title (``core.duplicates``): found
by year, title words, closeness and directors; remakes and numbered parts never merged."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.duplicates import same_film_pairs
from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import LIKED, RecParams, catalog_space, recommend
from movierec_gui.core.series import normalize_title
from tests.core.test_recommend import clusters, taste, unit

NO_MMR = RecParams(mmr_lambda=1.0, duplicate_cosine=1.01)


def pairs_of(films: list[tuple[str, int, str]], cosine: float = 0.9, directors=None, original=None):
    """Pairs among films (title, year, source), each two films' vectors at ``cosine``."""
    n = len(films)
    base = np.eye(n + 1)[0]
    matrix = unit(np.vstack([base + np.sqrt(1 / cosine - 1) * np.eye(n + 1)[i + 1] for i in range(n)]))
    keys = [normalize_title(t) for t, _, _ in films]
    originals = [normalize_title(o or "") for o in (original or [None] * n)]
    return same_film_pairs(keys, originals, np.array([y for _, y, _ in films]), [s for _, _, s in films],
                           directors, matrix.astype(np.float32))


def test_two_sources_records_of_one_film_are_paired():
    drunken = [("Drunken Master II", 1994, "starter"), ("The Legend of Drunken Master", 1994, "tmdb")]
    assert pairs_of(drunken) == [(0, 1)]
    assert pairs_of([("Borat", 2006, "starter"),
                     ("Borat: Cultural Learnings of America for Make Benefit Glorious Nation of Kazakhstan", 2006,
                      "tmdb")]) == [(0, 1)]
    assert pairs_of([("Les Visiteurs", 1993, "starter"), ("The Visitors", 1993, "tmdb")],
                    original=["Les Visiteurs", "Les Visiteurs"]) == [(0, 1)]
    assert pairs_of([("Animal House", 1978, "tmdb"), ("National Lampoon's Animal House", 1978, "starter")]) == [(0, 1)]
    assert pairs_of([("Mission: Impossible 2", 2000, "starter"), ("Mission: Impossible II", 2001, "tmdb")]) == [(0, 1)]


def test_remakes_parts_one_source_far_plots_and_other_directors_stay_apart():
    assert pairs_of([("Scream", 1996, "starter"), ("Scream 2", 1997, "tmdb")]) == []  # the original and its part 2
    assert pairs_of([("Kill Bill: Vol. 1", 2003, "starter"), ("Kill Bill: Vol. 2", 2004, "tmdb")]) == []
    assert pairs_of([("Friday the 13th", 1980, "starter"), ("Friday the 13th Part 2", 1981, "tmdb")]) == []
    assert pairs_of([("Dracula", 1931, "starter"), ("Bram Stoker's Dracula", 1992, "tmdb")]) == []  # a remake
    assert pairs_of([("The Hunger Games", 2012, "starter"), ("The Hunger Games: Catching Fire", 2013, "tmdb")]) == []
    assert pairs_of([("Borat", 2006, "tmdb"), ("Borat: Cultural Learnings", 2006, "tmdb")]) == []  # one source
    titanic = [("Titanic", 1997, "starter"), ("The Chambermaid on the Titanic", 1997, "tmdb")]
    assert pairs_of(titanic, cosine=0.55) == []  # the title words alone are not enough
    assert pairs_of(titanic, directors=[("James Cameron",), ("Bigas Luna",)]) == []
    assert pairs_of([("Big", 1988, "starter"), ("Bright Lights, Big City", 1988, "tmdb")],
                    directors=[("Penny Marshall",), ()]) == [(0, 1)]  # no credits on one side: closeness decides


def test_a_film_under_another_sources_title_is_never_recommended_after_the_history_one():
    matrix, _ = clusters(2)
    movies = [Movie(i, f"Film {i}", 1990 + i % 7, source="starter") for i in range(len(matrix))]
    movies[5] = Movie(5, "Drunken Master II", 1994, original_title="Jui Kuen II", source="starter")
    movies[6] = Movie(6, "The Legend of Drunken Master", 1994, original_title="醉拳二", source="tmdb")
    movies[7] = Movie(7, "Drunken Master", 1978, source="tmdb")  # the first part is another film
    matrix[6] = unit(matrix[5] + 0.05)
    matrix[7] = unit(matrix[5] + 0.08)
    space = catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))
    got = recommend(space, taste([5], [LIKED]), k=30, params=NO_MMR)
    assert 6 not in got.rows and 7 in got.rows
    one_source = catalog_space(matrix, [Movie(m.id, m.title, m.year, original_title=m.original_title,
                                              source="tmdb") for m in movies],
                               np.array([m.year for m in movies]), np.zeros(len(movies)))
    assert 6 in recommend(one_source, taste([5], [LIKED]), k=30, params=NO_MMR).rows  # one catalog: two films
