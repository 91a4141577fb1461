"""A defining tag (``ThemeIndex.defining`` and its use in ``core.recommend``): one exact catalog tag
most liked films carry and few catalog films do, on synthetic catalogs whose answers are known."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import (
    LIKED,
    RecParams,
    _form_taste,
    catalog_space,
    fit_reason,
    recommend,
    theme_index,
)
from movierec_gui.core.themes import ThemeIndex
from tests.core.test_recommend import DIMS, taste, unit


def test_a_defining_tag_is_exact_shared_by_half_the_liked_films_and_rare():
    tags = [("mockumentary", "band"), ("Mockumentary", "dog show"), ("mockumentary",), ("mockumentary", "band"),
            ("satire",)]
    tags += [("mockumentary",)] + [("band",)] * 30 + [("drama",)] * 269  # 300 films: "mockumentary" 2 %, "band" 11 %
    index = ThemeIndex(tags)
    liked, w = np.arange(5), np.ones(5)
    assert index.defining(liked, w) == {"mockumentary": (0.8, 4)}  # case-blind; "band": 2 liked, and common
    assert index.defining(liked, w, max_rate=0.01) == {}  # 5 of 300 films carry it: not rare enough at 1 %
    assert index.defining(liked[:2], w[:2]) == {}  # two liked films are not a defining taste yet
    assert index.exact_rows("mockumentary").tolist() == [0, 1, 2, 3, 5]
    assert index.exact_rows("dog").tolist() == []  # a word of a tag is not the tag


def test_a_defining_tag_is_never_a_plain_marker():
    index = ThemeIndex([("duringcreditsstinger", "heist")] * 4 + [("drama",)] * 296)
    assert set(index.defining(np.arange(4), np.ones(4))) == {"heist"}


def _mock_space(n_filler: int = 500):
    """Rows 0–5: liked films close together, all tagged "mockumentary", 0–2 also music films;
    6–20: music films right next to them (the plot vectors' neighbours); 21–23: mockumentaries
    scattered far away; the rest: random films."""
    rng = np.random.default_rng(7)
    centre = np.eye(DIMS)[0]
    liked = unit(np.vstack([centre + 0.1 * np.eye(DIMS)[2 + i] for i in range(6)]))
    music = unit(centre + 0.25 * rng.normal(size=(15, DIMS)))
    far = unit(rng.normal(size=(3, DIMS)) + 1.5 * centre)  # cosine ~0.3 to the taste, the music films ~0.6
    filler = unit(rng.normal(size=(n_filler, DIMS)))
    matrix = np.vstack([liked, music, far, filler]).astype(np.float32)
    movies = [Movie(i, f"Mock {i}", 2000, genres=("Comedy", "Music") if i < 3 else ("Comedy",),
                    keywords=("mockumentary", f"own {i}")) for i in range(6)]
    movies += [Movie(6 + i, f"Band {i}", 2000, genres=("Music",), keywords=("concert",)) for i in range(15)]
    movies += [Movie(21 + i, f"Far mock {i}", 2000, genres=("Comedy",), keywords=("mockumentary",)) for i in range(3)]
    movies += [Movie(24 + i, f"X{i}", 2000, genres=("Drama",), keywords=("family",)) for i in range(n_filler)]
    return catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))


def test_films_carrying_a_defining_tag_the_plot_vectors_miss_join_the_list():
    space = _mock_space()
    liked = taste(list(range(6)), [LIKED] * 6)
    # the rule alone (the theme word would help too); the profile's neighbourhood: its 20 nearest
    params = RecParams(mmr_lambda=1.0, w_theme=0.0, profile_neighbourhood=20)
    got = recommend(space, liked, k=24, params=params).rows.tolist()
    plain = recommend(space, liked, k=24, params=params.with_(w_defining=0.0)).rows.tolist()
    assert set(got[:18]) == set(range(6, 24))  # of the taste the tag names, before every random film
    assert all(got.index(r) < plain.index(r) for r in (21, 22, 23))  # each lifted past music neighbours
    assert {21, 23} <= set(got[:16]) and not {21, 23} & set(plain[:16])


def test_a_defining_tag_whose_films_the_vectors_already_find_adds_little():
    """The same tag carried by films already among the profile's nearest: scaled by what the
    neighbourhood misses, its term is near zero, so the list is the plain one."""
    space = _mock_space()
    near = space.matrix.copy()
    near[21:24] = near[6:9]  # the other mockumentaries now sit with the music films, near the taste
    space = catalog_space(near, [Movie(i, f"F{i}", 2000, genres=("Comedy",), keywords=kw)
                                 for i, kw in enumerate(space.keywords or ())],
                          space.years, space.prior)
    liked = taste(list(range(6)), [LIKED] * 6)
    # the defining lift alone (round eight's push of tagged films without the tag is a term of its own)
    params = RecParams(mmr_lambda=1.0, profile_neighbourhood=20, w_off_tag=0.0)
    scored = recommend(space, liked, k=10, params=params)
    plain = recommend(space, liked, k=10, params=params.with_(w_defining=0.0))
    assert np.allclose(scored.scores, plain.scores)


def test_a_form_facet_fewer_liked_films_have_than_the_defining_tag_is_weakened():
    space = _mock_space()
    rows, w = np.arange(6), np.ones(6)
    defining = theme_index(space).defining(rows, w)
    assert set(defining) == {"mockumentary"}
    plain = _form_taste(space.facets, rows, w, {}, RecParams())
    halved = _form_taste(space.facets, rows, w, {}, RecParams(), defining)
    music = space.facets.names.index("genre:Music")
    assert plain[music] > 0 and np.isclose(halved[music], 0.5 * plain[music])
    as_many = {"mockumentary": (0.5, 3)}  # a tag three liked films carry: the music facet (three too) stays
    assert np.isclose(_form_taste(space.facets, rows, w, {}, RecParams(), as_many)[music], plain[music])


def test_a_fit_reason_quotes_a_defining_tag_of_several_words():
    liked = [Movie(i, f"Period {i}", 1995, genres=("Romance",), countries=("United Kingdom",), languages=("en",),
                   keywords=("jane austen", "regency england", f"own {i}")) for i in range(4)]
    movies = [*liked, Movie(4, "Another Austen", 1996, genres=("Romance",), keywords=("jane austen",)),
              Movie(5, "Modern London", 2005, genres=("Romance",), countries=("United Kingdom",),
                    languages=("en",), keywords=("england",))]
    movies += [Movie(6 + i, f"X{i}", 1990, genres=("Drama",), keywords=("family",)) for i in range(300)]
    rng = np.random.default_rng(3)
    matrix = unit(rng.normal(size=(len(movies), DIMS)))
    space = catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))
    got = fit_reason(space, taste(list(range(4)), [LIKED] * 4), [4, 5])
    assert got[0] in ("Tagged “jane austen”, like many you liked", "Tagged “regency england”, like many you liked")
    assert got[0] == "Tagged “jane austen”, like many you liked"  # the one film 4 carries
    assert "england”" not in got[1]  # the word "england" is never quoted as their tag
