"""Sequels a catalog tags "sequel" but no title or collection places (``series.join_tagged_sequels``):
they follow the closest earlier film whose title starts with the same word, and never come first."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import LIKED, RecParams, catalog_space, recommend
from tests.core.test_recommend import clusters, taste, unit

NO_MMR = RecParams(mmr_lambda=1.0, duplicate_cosine=1.01)


def space_with(films: dict[int, Movie], near: dict[int, int]):
    """Two clusters of filler films with ``films`` put in; ``near[a] = b``: film a's vector close to b's."""
    matrix, _ = clusters(2)
    movies = [Movie(i, f"Filler {i}", 1990 + i % 7) for i in range(len(matrix))]
    for i, m in films.items():
        movies[i] = m
    for a, b in near.items():
        matrix[a] = unit(matrix[b] + 0.05)
    return catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))


def test_a_tagged_sequel_waits_for_its_unseen_original():
    films = {5: Movie(5, "American Pie", 1999, keywords=("high school",)),
             6: Movie(6, "American Reunion", 2012, keywords=("sequel", "high school reunion")),
             7: Movie(7, "American Beauty", 1999, keywords=("suburbia",)),  # same first word, another film
             8: Movie(8, "Clueless", 1995)}
    space = space_with(films, {5: 8, 6: 8})
    assert space.series.ids[5] >= 0 and space.series.ids[5] == space.series.ids[6] and space.series.ids[7] < 0
    got = recommend(space, taste([8], [LIKED]), k=30, params=NO_MMR).rows.tolist()
    assert 6 not in got and 5 in got  # the original first
    got = recommend(space, taste([8, 5], [LIKED] * 2), k=30, params=NO_MMR).rows.tolist()
    assert 6 in got  # once it is seen, the sequel is next


def test_without_the_tag_or_far_in_plot_nothing_is_joined():
    films = {5: Movie(5, "Alien", 1979), 6: Movie(6, "Alien Nation", 1988),
             7: Movie(7, "Redemption", 1990), 25: Movie(25, "Redemption Road", 2010, keywords=("sequel",))}
    space = space_with(films, {6: 5})
    assert space.series.ids[6] < 0  # a shared first word is not a series without the tag
    assert space.series.ids[25] < 0  # tagged, but the earlier film of its first word is far in plot (other cluster)
