"""One meaning of "passes the filters": catalog columns, aligned vector rows and single films agree."""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core import starter
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.filters import Origins, filter_mask, movie_passes
from movierec_gui.core.models import Movie, SearchFilters
from movierec_gui.core.search import RowAttributes
from movierec_gui.wiring import starter_files

CASES = [
    SearchFilters(),
    SearchFilters(genres=("comedy", "Horror")),
    SearchFilters(year_from=1970, year_to=1979),
    SearchFilters(runtime_max=90),
    SearchFilters(runtime_min=150),
    SearchFilters(genres_all=("Romance", "Comedy")),
    SearchFilters(genres_not=("Horror", "Musical")),
    SearchFilters(countries=("Japan",)),
    SearchFilters(countries=("Israel", "France")),
    SearchFilters(countries=("India",), languages=("Hindi",)),
    SearchFilters(languages=("french",)),
    SearchFilters(languages_not=("English",)),
    SearchFilters(countries=("India",), languages_not=("hindi",)),
    SearchFilters(countries_not=("United States",)),
    SearchFilters(countries_not=("United Kingdom", "France"), genres_all=("Drama",)),
    SearchFilters(audience="family"),
    SearchFilters(audience="adult"),
    SearchFilters(genres_all=("Nonexistent",)),
    SearchFilters(year_to=1960, runtime_max=100, genres_not=("Drama",), countries=("United States",)),
    SearchFilters(exclude_ids=frozenset({1, 2, 3})),
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Catalog:
    cat = Catalog(tmp_path_factory.mktemp("parity") / "catalog.sqlite3")
    starter.install(cat, starter_files())
    return cat


@pytest.mark.parametrize("filters", CASES, ids=repr)
def test_columns_rows_and_single_films_agree(catalog, filters):
    arrays = catalog.arrays()
    main = catalog.origins()
    origins = Origins.build([o[1] for o in main], [o[2] for o in main])
    columns = filter_mask(
        filters, arrays.ids, arrays.years, arrays.runtimes, arrays.genre_bits, arrays.genre_names, origins
    )
    movies = catalog.get_many(int(m) for m in arrays.ids)
    single = np.array([movie_passes(movies[int(m)], filters) for m in arrays.ids])
    if columns is None:
        assert single.all()
        return
    assert np.array_equal(columns, single)
    rng = np.random.default_rng(0)
    rows = rng.permutation(arrays.ids)[: len(arrays.ids) // 2]  # vector rows: another order, some films missing
    aligned = RowAttributes.align(arrays, rows, origins).mask(filters, rows)
    assert aligned is not None
    assert np.array_equal(aligned, np.array([movie_passes(movies[int(m)], filters) for m in rows]))


def test_filters_select_what_they_say(catalog):
    movies = list(catalog.iter_movies())
    japanese = [m for m in movies if movie_passes(m, SearchFilters(countries=("Japan",)))]
    assert japanese and all(m.countries[0] == "Japan" or m.languages[0] == "Japanese" for m in japanese)
    assert all("Japan" in m.countries for m in japanese)
    family = [m for m in movies if movie_passes(m, SearchFilters(audience="family"))]
    assert family and not any("Horror" in m.genres for m in family)
    adult = [m for m in movies if movie_passes(m, SearchFilters(audience="adult"))]
    assert adult and not any("Family" in m.genres for m in adult)
    assert any("Animation" in m.genres for m in adult)  # adult animation stays
    foreign = [m for m in movies if movie_passes(m, SearchFilters(languages_not=("English",)))]
    assert foreign and all(m.languages and m.languages[0] != "English" for m in foreign)
    assert len(foreign) + sum(bool(m.languages) and m.languages[0] == "English" for m in movies) == sum(
        bool(m.languages) for m in movies
    )


def film(countries: tuple[str, ...], languages: tuple[str, ...]) -> Movie:
    return Movie(1, "F", 2000, countries=countries, languages=languages)


@pytest.mark.parametrize(
    ("movie", "country", "passes"),
    [
        (film(("Israel", "Germany", "France"), ("Hebrew",)), "Israel", True),  # Waltz with Bashir
        (film(("Israel", "Germany", "France"), ("Hebrew",)), "France", False),
        (film(("Germany", "Israel"), ("Hebrew", "German")), "Israel", True),  # a co-producer in its language
        (film(("Germany", "Israel"), ("Hebrew", "German")), "Germany", True),  # the first country
        (film(("France",), ("English", "French")), "France", False),  # Taken: a French production in English
        (film(("Hong Kong", "France"), ("Cantonese",)), "France", False),  # In the Mood for Love
        (film(("Hong Kong", "France"), ("Cantonese",)), "Hong Kong", True),
        (film(("United Kingdom", "United States"), ("English",)), "United States", True),
        (film(("United States", "Italy"), ("English",)), "Italy", False),  # Dawn of the Dead
        (film(("Taiwan", "Hong Kong", "China", "United States"), ("Mandarin",)), "China", True),
        (film(("Taiwan", "Hong Kong", "China", "United States"), ("Mandarin",)), "United States", False),
        (film((), ("French",)), "France", False),  # unknown country fails
        (Movie(1, "The Artist", 2011, countries=("France",), languages=("English",), silent=True), "France", True),
        # an original title in another language: made in it (Once Upon a Time in the West is Italian cinema)
        (Movie(1, "Once Upon a Time in the West", 1968, original_title="C'era una volta il West",
               countries=("Italy", "United States"), languages=("English", "Italian")), "Italy", True),
        (Movie(1, "Taken", 2008, original_title="Taken", countries=("France",), languages=("English",)), "France",
         False),
        # TMDB names languages natively and lists English first for Steamboy
        (Movie(1, "Steamboy", 2004, original_title="スチームボーイ", countries=("Japan",),
               languages=("English", "日本語")), "Japan", True),
        (film(("Israel", "France"), ("עִבְרִית",)), "Israel", True),
        (film(("Germany", "Israel"), ("עִבְרִית",)), "Israel", True),
    ],
)
def test_a_co_production_is_a_countrys_cinema_in_its_language(movie, country, passes):
    assert movie_passes(movie, SearchFilters(countries=(country,))) is passes


def test_catalog_origins_use_the_same_rule(catalog):
    """The rows search filters (from ``Catalog.origins``) see the same cinema as one film does."""
    by_title = {m.title: m for m in catalog.iter_movies()}
    cinema = {o[0]: o[1] for o in catalog.origins()}
    assert cinema[by_title["Taken"].id] is None  # no country's cinema: a French production in English
    assert cinema[by_title["Pan's Labyrinth"].id] == "Mexico|Spain"  # Mexican-Spanish, in Spanish
    assert cinema[by_title["Dawn of the Dead"].id] == "United States"  # the Italian co-producer, in English
    spanish = [m for m in by_title.values() if movie_passes(m, SearchFilters(countries=("Spain",)))]
    assert by_title["Pan's Labyrinth"] in spanish
    assert all(m.countries[0] == "Spain" or m.languages[0] in ("Spanish", "Catalan", "Basque") for m in spanish)


def test_a_language_named_natively_is_that_language():
    """TMDB names languages natively ("Français"): "in French" finds them."""
    movie = Movie(1, "Amélie", 2001, countries=("France",), languages=("Français",))
    assert movie_passes(movie, SearchFilters(languages=("French",)))
    assert movie_passes(movie, SearchFilters(countries=("France",)))


def test_not_american_is_what_the_cinema_rule_does_not_make_american(catalog):
    from movierec_gui.core.cinema import cinema_countries

    movies = list(catalog.iter_movies())
    rest = [m for m in movies if movie_passes(m, SearchFilters(countries_not=("United States",)))]
    american = [m for m in movies if movie_passes(m, SearchFilters(countries=("United States",)))]
    assert rest and american and len(rest) + len(american) == len(movies)
    assert all("United States" not in cinema_countries(m.countries, m.languages, m.silent, m.title,
                                                       m.original_title) for m in rest)
