"""TMDB movie-details answers → catalog records (no network: answers written here in TMDB's shape)."""

from __future__ import annotations

import pytest

from movierec_gui.core.importers.tmdb_api import SOURCE, record_from_details, renown_from_votes


def details(**overrides):
    body = {
        "id": 42, "imdb_id": "tt0000042", "title": "A Made-Up Film", "original_title": "Un film inventé",
        "release_date": "1999-05-01", "runtime": 101, "overview": "Two friends open a bakery.", "tagline": "Bread.",
        "genres": [{"id": 18, "name": "Drama"}, {"id": 35, "name": "Comedy"}],
        "production_countries": [{"iso_3166_1": "FR", "name": "France"}],
        "spoken_languages": [{"english_name": "French", "iso_639_1": "fr", "name": "Français"}],
        "belongs_to_collection": {"id": 7, "name": "Bakery Films", "poster_path": None, "backdrop_path": None},
        "popularity": 12.5, "vote_average": 7.1, "vote_count": 2300, "poster_path": "/x.jpg",
        "keywords": {"id": 42, "keywords": [{"id": 1, "name": "bakery"}, {"id": 2, "name": "friendship"}]},
        "credits": {"id": 42,
                    "cast": [{"id": 3, "name": "Second Billed", "order": 1},
                             {"id": 2, "name": "Top Billed", "order": 0}],
                    "crew": [{"id": 5, "name": "The Director", "job": "Director"},
                             {"id": 6, "name": "A Writer", "job": "Screenplay"}]},
        "external_ids": {"id": 42, "imdb_id": "tt0000042"},
    }  # fmt: skip
    body.update(overrides)
    return body


def test_every_field_is_mapped():
    rec = record_from_details(details())
    assert (rec.source, rec.key, rec.tmdb_id, rec.imdb_id) == (SOURCE, "42", 42, "tt0000042")
    assert (rec.title, rec.original_title, rec.year, rec.runtime) == ("A Made-Up Film", "Un film inventé", 1999, 101)
    assert rec.genres == ["Drama", "Comedy"] and rec.keywords == ["bakery", "friendship"]
    assert rec.directors == ["The Director"] and rec.cast == ["Top Billed", "Second Billed"]
    assert rec.countries == ["France"] and rec.languages == ["French"] and rec.collection == "Bakery Films"
    assert rec.overview == "Two friends open a bakery." and rec.tagline == "Bread."
    assert (rec.vote_count, rec.vote_average, rec.popularity) == (2300, 7.1, 12.5)
    assert 0.5 < rec.renown < 1


def test_sparse_answer_maps_to_gaps_not_errors():
    rec = record_from_details({"id": 7, "title": "Bare", "release_date": "", "runtime": 0, "imdb_id": None,
                               "belongs_to_collection": None, "genres": None, "vote_count": 0})
    assert (rec.year, rec.runtime, rec.imdb_id, rec.collection, rec.renown) == (None, None, None, None, None)
    assert rec.genres == [] and rec.cast == [] and rec.original_title is None


def test_english_fallback_only_when_the_overview_is_empty():
    assert record_from_details(details(overview=""), "In English.").overview == "In English."
    assert record_from_details(details(), "In English.").overview == "Two friends open a bakery."


def test_imdb_id_from_external_ids_and_bad_ids_dropped():
    assert record_from_details(details(imdb_id=None)).imdb_id == "tt0000042"
    assert record_from_details(details(imdb_id="", external_ids={"imdb_id": "nonsense"})).imdb_id is None


@pytest.mark.parametrize("body", [{"title": "No id"}, {"id": 3, "title": "", "original_title": ""}])
def test_an_answer_naming_no_film_is_rejected(body):
    with pytest.raises(ValueError):
        record_from_details(body)


def test_renown_grows_with_votes_and_esteem():
    assert renown_from_votes(None, 8.0) is None and renown_from_votes(0, 8.0) is None
    assert renown_from_votes(100, 7.0) < renown_from_votes(10_000, 7.0) <= 1.0
    assert renown_from_votes(5000, 4.0) < renown_from_votes(5000, 8.5)


def test_the_original_language_is_listed_first():
    """TMDB lists spoken languages in no set order; the first one is read as the film's main language."""
    spoken = [{"english_name": "English", "iso_639_1": "en", "name": "English"},
              {"english_name": "Japanese", "iso_639_1": "ja", "name": "日本語"}]
    assert record_from_details(details(spoken_languages=spoken, original_language="ja")).languages == [
        "Japanese", "English"]
    assert record_from_details(details(spoken_languages=spoken)).languages == ["English", "Japanese"]
