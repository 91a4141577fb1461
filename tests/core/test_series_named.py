"""Sequels only the story names (``named_sequels.join_named_sequels``): *Shanghai Knights* waits for
*Shanghai Noon*; remakes, reboots, biopics, places, common words and far plots are never joined."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.named_sequels import join_named_sequels
from movierec_gui.core.recommend import LIKED, WATCHED, RecParams, catalog_space, recommend
from movierec_gui.core.series import SeriesIndex, build_series, normalize_title
from tests.core.test_recommend import clusters, taste, unit

NO_MMR = RecParams(mmr_lambda=1.0, duplicate_cosine=1.01)
NOON = "Chon Wang, a clumsy imperial guard, follows the captors of a princess to Nevada with Roy O'Bannon."
KNIGHTS = "Chon Wang and Roy O'Bannon return for another adventure: in London they avenge Chon's father."
FILLER = "a quiet drama about hope, a family, and the city where they live"


def catalog(films: dict[int, Movie], near: dict[int, int]) -> tuple[list[Movie], np.ndarray]:
    """Filler films in two clusters with ``films`` put in; ``near[a] = b``: film a's plot close to b's."""
    matrix, _ = clusters(2)
    movies = [Movie(i, f"Filler {i}", 1990 + i % 7, overview=FILLER) for i in range(len(matrix))]
    for i, m in films.items():
        movies[i] = m
    for a, b in near.items():
        matrix[a] = unit(matrix[b] + 0.05)
    return movies, matrix


def joined_rows(films: dict[int, Movie], near: dict[int, int], index: SeriesIndex | None = None) -> set[int]:
    movies, matrix = catalog(films, near)
    base = index if index is not None else SeriesIndex.none(len(movies))
    out = join_named_sequels(base, [m.overview for m in movies], [normalize_title(m.title) for m in movies],
                             np.array([m.year for m in movies]), matrix)
    return set(np.flatnonzero(out.ids >= 0).tolist())


def test_shanghai_knights_waits_for_shanghai_noon():
    films = {5: Movie(5, "Shanghai Noon", 2000, overview=NOON), 6: Movie(6, "Shanghai Knights", 2003, overview=KNIGHTS),
             7: Movie(7, "Shanghai Triad", 1995, overview="A gangster's mistress in Shanghai."),
             8: Movie(8, "Seed", 1999)}
    movies, matrix = catalog(films, {5: 8, 6: 8, 7: 8})
    space = catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))
    assert space.series.ids[5] >= 0 and space.series.ids[5] == space.series.ids[6] and space.series.ids[7] < 0
    got = recommend(space, taste([8], [LIKED]), k=30, params=NO_MMR).rows.tolist()
    assert 5 in got and 6 not in got
    got = recommend(space, taste([8, 5], [LIKED, WATCHED]), k=30, params=NO_MMR).rows.tolist()
    assert 6 in got


def test_a_chain_of_three_becomes_one_series_in_release_order():
    films = {3: Movie(3, "Rugrats Go Wild", 2003, overview="Tommy and Dil Pickles meet the Thornberrys."),
             4: Movie(4, "The Rugrats Movie", 1998, overview="Tommy Pickles and his new brother Dil get lost."),
             5: Movie(5, "Rugrats in Paris", 2000, overview="Tommy, Dil and Chuckie Finster go to Paris.")}
    movies, matrix = catalog(films, {3: 4, 5: 4})
    space = catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))
    s = space.series
    assert s.ids[3] == s.ids[4] == s.ids[5] >= 0 and s.members(int(s.ids[4])).tolist() == [4, 5, 3]


def test_remakes_reboots_and_far_plots_are_not_sequels():
    pair = {5: Movie(5, "Shanghai Noon", 2000, overview=NOON), 6: Movie(6, "Shanghai Knights", 2003, overview=KNIGHTS)}
    assert joined_rows(pair, {6: 5}) == {5, 6}  # the positive case these guards differ from by one fact
    remake = {5: pair[5], 6: Movie(6, "Shanghai Noon", 2002, overview=KNIGHTS)}
    assert joined_rows(remake, {6: 5}) == set()  # one title twice is a remake
    reboot = {5: pair[5], 6: Movie(6, "Shanghai Knights", 2021, overview=KNIGHTS)}
    assert joined_rows(reboot, {6: 5}) == set()  # 21 years later: a reboot, not a sequel
    same_year = {5: pair[5], 6: Movie(6, "Shanghai Knights", 2000, overview=KNIGHTS)}
    assert joined_rows(same_year, {6: 5}) == set()
    far = {5: pair[5], 25: Movie(25, "Shanghai Knights", 2003, overview=KNIGHTS)}
    assert joined_rows(far, {}) == set()  # plots far apart (rows 5 and 25 sit in different clusters)


def test_only_a_rare_name_that_is_no_common_word_counts():
    # a famous person many overviews name (biopics, documentaries): not one story's character
    lives = {i: Movie(i, f"Portrait {i}", 1980 + i, overview=f"Abraham Lincoln in year {i}.") for i in range(20, 24)}
    biopics = {5: Movie(5, "Lincoln", 2012, overview="Abraham Lincoln fights to end slavery."),
               6: Movie(6, "Lincoln Lawyer", 2014, overview="A lawyer defends a client; Lincoln Park."), **lives}
    assert joined_rows(biopics, {6: 5}) == set()
    # the shared capitalised word is a common word elsewhere ("hope" in the filler overviews)
    words = {5: Movie(5, "Harbor Lights", 2000, overview="Hope runs a bar by the sea."),
             6: Movie(6, "Harbor Nights", 2003, overview="Hope returns to the bar by the sea.")}
    assert joined_rows(words, {6: 5}) == set()
    # a title starting with a function word says nothing
    small = {5: Movie(5, "In Nevada", 2000, overview=NOON), 6: Movie(6, "In London", 2003, overview=KNIGHTS)}
    assert joined_rows(small, {6: 5}) == set()


def test_a_film_already_in_a_series_is_not_moved():
    films = {5: Movie(5, "Shanghai Noon", 2000, overview=NOON),
             6: Movie(6, "Shanghai Knights", 2003, overview=KNIGHTS, collection="Knights Saga"),
             7: Movie(7, "Knights Saga 2", 2005, collection="Knights Saga")}
    movies, _ = catalog(films, {})
    index = build_series(movies)
    assert index.ids[6] >= 0
    assert joined_rows(films, {6: 5}, index) == {6, 7}  # Noon does not pull Knights out of its saga


def test_a_large_first_word_group_is_compared_in_blocks_and_a_huge_one_skipped(monkeypatch):
    """A pair far apart in a first-word group bigger than one block is still found; a first word
    more films share than the cap joins nothing (memory stays bounded at any catalog size)."""
    from movierec_gui.core import named_sequels

    rng = np.random.default_rng(5)
    n = 40
    matrix = rng.normal(size=(n, 16)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    movies = [Movie(i, f"Shanghai Story {i}", 1960 + 3 * (i % 13), overview=FILLER) for i in range(n)]
    movies[2] = Movie(2, "Shanghai Noon", 2000, overview=NOON)
    movies[37] = Movie(37, "Shanghai Knights", 2003, overview=KNIGHTS)
    matrix[37] = unit(matrix[2] + 0.05)
    keys = [normalize_title(m.title) for m in movies]
    years = np.array([m.year for m in movies])

    def run() -> set[int]:
        out = join_named_sequels(SeriesIndex.none(n), [m.overview for m in movies], keys, years, matrix)
        return set(np.flatnonzero(out.ids >= 0).tolist())

    monkeypatch.setattr(named_sequels, "_BLOCK", 4)
    assert run() == {2, 37}
    monkeypatch.setattr(named_sequels, "_MAX_GROUP", n - 1)
    assert run() == set()
