"""A taste in themes (``core.themes``): tags most liked films share, lifted over the catalog."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import LIKED, RecParams, _form_taste, fit_reason, recommend, theme_index
from movierec_gui.core.themes import ThemeIndex
from tests.core.test_recommend import equally_close_space, taste


def test_tags_are_read_word_by_word():
    index = ThemeIndex([("prison escape",), ("Turkish prison",), ("prison guard", "death row"), ("chain gang",)] * 2
                       + [("comedy of errors",)] * 12)
    got = index.affinity(np.array([0, 1, 3]), np.ones(3))
    assert got[2] > 0  # "prison": two of the three liked films' tags say it
    assert got[8] == 0.0


def test_a_theme_counts_when_several_liked_films_share_it_and_by_how_rare_it_is():
    tags = [("Heist", "paris"), ("heist", "london"), ("heist",), ("based on novel",), ("heist",), ("trial",)]
    tags += [("based on novel",)] * 14
    index = ThemeIndex(tags)
    got = index.affinity(np.array([0, 1, 2, 3]), np.ones(4))
    assert got[4] > 0 and got[4] == got[0]  # "heist": 3 of 4 liked films (case-blind), 4 of 20 in the catalog
    assert got[5] == 0.0  # a tag no liked film has
    assert got[6] == 0.0  # "based on novel": one liked film, and most of the catalog has it
    assert index.affinity(np.array([0]), np.ones(1))[4] == 0.0  # one liked film is not a theme yet


def test_a_film_carrying_the_liked_films_theme_comes_before_an_equally_close_one():
    movies = [Movie(i, f"F{i}", 1990, genres=("Crime",), keywords=("heist", f"city {i}")) for i in range(3)]
    movies += [Movie(3, "No job", 1990, genres=("Crime",), keywords=("family",)),
               Movie(4, "The job", 1990, genres=("Crime",), keywords=("heist",))]
    movies += [Movie(5 + i, f"X{i}", 1990, genres=("Crime",), keywords=("family",)) for i in range(40)]
    space = equally_close_space(movies, 3, rng_seed=3)
    params = RecParams(mmr_lambda=1.0, duplicate_cosine=1.01)
    assert recommend(space, taste([0, 1, 2], [LIKED] * 3), k=2, params=params).rows.tolist() == [4, 3]
    plain = recommend(space, taste([0, 1, 2], [LIKED] * 3), k=2, params=params.with_(w_theme=0.0))
    assert plain.scores[0] == plain.scores[1]


def test_a_tag_of_several_words_can_be_one_theme_and_its_words_then_do_not_blur():
    tags = [("jane austen", "regency england"), ("Jane Austen", "regency england", "sisters"), ("jane austen",)]
    tags += [("england", "class"), ("london, england",), ("time travel",)] + [("murder",)] * 14
    index = ThemeIndex(tags)
    liked, w = np.array([0, 1, 2]), np.ones(3)
    assert set(index.lifts(liked, w, whole=1.0)) == {"jane austen", "regency england"}
    assert index.affinity(liked, w, whole=1.0)[3] == 0.0  # "england" alone is not the theme "regency england"
    assert index.affinity(liked, w, whole=0.0)[3] > 0  # word by word it was
    assert index.carries(0, "regency england") and not index.carries(0, "austen")


def test_a_fit_reason_names_the_theme_when_it_outweighs_the_form_facet():
    """Six of seven liked films tagged "mockumentary", three of them music films: a mockumentary
    no seed is near is worded by its tag, a music film without it by its form."""
    liked = [Movie(i, f"Mock {i}", 1990, genres=("Comedy", "Music") if i < 3 else ("Comedy",),
                   keywords=("mockumentary", f"own {i}") if i < 6 else ("band",)) for i in range(7)]
    movies = [*liked, Movie(7, "Another mock", 1990, genres=("Comedy",), keywords=("mockumentary",)),
              Movie(8, "A concert", 1990, genres=("Music",), keywords=("concert",))]
    movies += [Movie(9 + i, f"X{i}", 1990, genres=("Drama",), keywords=("family",)) for i in range(400)]
    space = equally_close_space(movies, 7, rng_seed=5)
    got = fit_reason(space, taste(list(range(7)), [LIKED] * 7), [7, 8, 20])
    assert got == ["Tagged “mockumentary”, like many you liked", "A music film, like many you liked", ""]


def test_a_form_facet_weaker_than_the_sharpest_theme_counts_in_proportion_when_asked():
    movies = [Movie(i, f"Mock {i}", 1990, genres=("Music",) if i < 3 else ("Comedy",), keywords=("mockumentary",))
              for i in range(7)] + [Movie(7 + i, f"X{i}", 1990, genres=("Drama",)) for i in range(40)]
    space = equally_close_space(movies, 7, rng_seed=5)
    rows, w = np.arange(7), np.ones(7)
    lifts = theme_index(space).lifts(rows, w)
    plain = _form_taste(space.facets, rows, w, lifts, RecParams())
    scaled = _form_taste(space.facets, rows, w, lifts, RecParams(theme_over_form=1.0))
    music = space.facets.names.index("genre:Music")
    assert 0 < scaled[music] < plain[music]


def test_a_theme_word_is_not_quoted_as_a_tag_the_liked_films_do_not_carry():
    liked = [Movie(i, f"Period {i}", 1995, keywords=("regency england", f"own {i}")) for i in range(3)]
    movies = [*liked, Movie(3, "Modern London", 2005, keywords=("england",))]
    movies += [Movie(4 + i, f"X{i}", 1990, keywords=("family",)) for i in range(40)]
    space = equally_close_space(movies, 3, rng_seed=2)
    assert theme_index(space).affinity(np.arange(3), np.ones(3))[3] > 0  # the word "england" is a theme …
    assert fit_reason(space, taste([0, 1, 2], [LIKED] * 3), [3]) == [""]  # … but "england" is not their tag


def test_only_a_distinctive_tag_is_quoted():
    """A tag is quoted to a person only when few catalog films carry it: not a credits marker,
    not a tag as common as "murder"."""
    rows = [("mockumentary",), ("murder",), ("aftercreditsstinger",)] + [("murder", "aftercreditsstinger")] * 9
    index = ThemeIndex(rows + [("family",)] * 89)
    assert index.quotable("mockumentary")  # 1 of 100 films
    assert not index.quotable("murder")  # 10 of 100
    assert not ThemeIndex([("aftercreditsstinger",)] + [("x",)] * 99).quotable("aftercreditsstinger")  # a marker
    assert not index.quotable("never seen")


def test_a_common_tag_is_not_a_reason():
    liked = [Movie(i, f"Crime {i}", 1995, keywords=("murder", f"own {i}")) for i in range(3)]
    movies = [*liked, Movie(3, "Another", 2005, keywords=("murder",))]
    movies += [Movie(4 + i, f"X{i}", 1990, keywords=("murder",) if i < 8 else ("family",)) for i in range(100)]
    space = equally_close_space(movies, 3, rng_seed=2)
    assert fit_reason(space, taste([0, 1, 2], [LIKED] * 3), [3]) == [""]
