"""Reason lines without a seed hold only when the liked films share the named feature strongly
(``core.reason_rules``, used by ``core.recommend.fit_reason``): synthetic catalogs, known answers."""

from __future__ import annotations

from movierec_gui.core.models import Movie
from movierec_gui.core.reason_rules import facet_holds, tag_holds
from movierec_gui.core.recommend import LIKED, RecParams, fit_reason
from tests.core.test_recommend import equally_close_space, taste


def test_a_tag_holds_only_when_enough_liked_films_and_a_large_enough_share_carry_it():
    assert tag_holds(3, 0.5, min_liked=2, min_share=0.3)
    assert not tag_holds(1, 1.0, min_liked=2, min_share=0.3)  # one film is not "many"
    assert not tag_holds(2, 0.2, min_liked=2, min_share=0.3)  # two of ten: beside the point
    assert tag_holds(2, 0.3, min_liked=2, min_share=0.3)  # the bounds are inclusive


def test_a_form_needs_a_share_and_an_origin_needs_to_be_specific_to_the_person():
    assert facet_holds("genre:Documentary", 0.5, 0.05, min_form_share=0.3, min_origin_lift=12)
    assert not facet_holds("genre:Documentary", 0.25, 0.05, min_form_share=0.3, min_origin_lift=12)
    # the United Kingdom, 7 % of the catalog: a taste only when nearly all liked films are British
    assert not facet_holds("country:United Kingdom", 0.8, 0.07, min_form_share=0.3, min_origin_lift=12)
    assert facet_holds("country:United Kingdom", 1.0, 0.07, min_form_share=0.3, min_origin_lift=12)
    # a language 1 % of the catalog: a taste already when a third of the liked films have it
    assert facet_holds("language:fa", 0.35, 0.01, min_form_share=0.3, min_origin_lift=12)
    assert not facet_holds("language:fa", 0.1, 0.01, min_form_share=0.3, min_origin_lift=12)


def _tagged_catalog(liked_tags: list[tuple[str, ...]], candidate_tags: tuple[str, ...]) -> list[Movie]:
    """Liked films 0 … n-1 with ``liked_tags``, then two candidates (the second carries
    ``candidate_tags``), then 400 untagged fillers."""
    n = len(liked_tags)
    movies = [Movie(i, f"Liked {i}", 1990, genres=("Drama",), keywords=(*tags, f"own {i}"))
              for i, tags in enumerate(liked_tags)]
    movies += [Movie(n, "Plain", 1990, genres=("Drama",), keywords=("family",)),
               Movie(n + 1, "Tagged", 1990, genres=("Drama",), keywords=candidate_tags)]
    movies += [Movie(n + 2 + i, f"X{i}", 1990, genres=("Drama",), keywords=("family",)) for i in range(400)]
    return movies


def test_a_tag_two_of_eight_liked_films_carry_is_not_quoted_and_three_of_six_is():
    few = [("kidnapping",)] * 2 + [()] * 6  # two of eight: a plot device, not the taste
    space = equally_close_space(_tagged_catalog(few, ("kidnapping",)), 8, rng_seed=4)
    assert fit_reason(space, taste(list(range(8)), [LIKED] * 8), [9]) == [""]
    # the rule is what silences it: with no share asked the same line is quoted
    loose = RecParams(reason_tag_share=0.0)
    assert fit_reason(space, taste(list(range(8)), [LIKED] * 8), [9], loose) == [
        "Tagged “kidnapping”, like many you liked"]
    many = [("heist",)] * 3 + [()] * 3
    space = equally_close_space(_tagged_catalog(many, ("heist",)), 6, rng_seed=4)
    assert fit_reason(space, taste(list(range(6)), [LIKED] * 6), [7]) == ["Tagged “heist”, like many you liked"]


def test_when_the_stronger_tag_does_not_hold_the_form_line_is_shown_instead():
    # two of eight liked films tagged "kidnapping", three of eight documentaries: the rare tag outweighs
    # the form in the score's terms, but only the form is shared by enough liked films to be named
    liked = [Movie(i, f"Liked {i}", 1990, genres=("Documentary",) if i < 3 else ("Drama",),
                   keywords=("kidnapping",) if i in (3, 4) else (f"own {i}",)) for i in range(8)]
    movies = [*liked, Movie(8, "Plain", 1990, genres=("Drama",)),
              Movie(9, "A doc", 1990, genres=("Documentary",), keywords=("kidnapping",))]
    movies += [Movie(10 + i, f"X{i}", 1990, genres=("Documentary",) if i < 80 else ("Drama",), keywords=("family",))
               for i in range(400)]  # documentaries are common in this catalog: the form's lift is small
    space = equally_close_space(movies, 8, rng_seed=6)
    seeds = taste(list(range(8)), [LIKED] * 8)
    assert fit_reason(space, seeds, [9], RecParams(reason_tag_share=0.0)) == [
        "Tagged “kidnapping”, like many you liked"]
    assert fit_reason(space, seeds, [9]) == ["A documentary, like many you liked"]


def _from(country: str, language: str, i: int, title: str, genres: tuple[str, ...] = ("Drama",)) -> Movie:
    return Movie(i, title, 1990, genres=genres, countries=(country,), languages=(language,))


def test_a_common_country_the_liked_films_partly_share_is_not_a_reason_a_rare_one_they_all_share_is():
    # a catalog where one film in twenty to thirty is British and one in a hundred Italian
    fillers = [_from("United States of America", "en", 0, "US")] * 300 + [_from("United Kingdom", "en", 0, "UK")] * 10
    fillers += [_from("Italy", "it", 0, "IT")] * 3

    def space_for(liked: list[Movie], candidate: Movie):
        movies = [*liked, _from("United States of America", "en", 0, "Plain"), candidate, *fillers]
        movies = [Movie(i, m.title, m.year, genres=m.genres, countries=m.countries, languages=m.languages)
                  for i, m in enumerate(movies)]
        return equally_close_space(movies, len(liked), rng_seed=8)

    # three of eight liked films British (a sci-fi viewer's Alien, 2001 …): "A film from the UK" says nothing
    half = [_from("United Kingdom", "en", 0, f"L{i}") for i in range(3)]
    half += [_from("United States of America", "en", 0, f"L{i}") for i in range(3, 8)]
    space = space_for(half, _from("United Kingdom", "en", 0, "British pick"))
    assert fit_reason(space, taste(list(range(8)), [LIKED] * 8), [9]) == [""]
    assert fit_reason(space, taste(list(range(8)), [LIKED] * 8), [9], RecParams(reason_origin_lift=0.0)) == [
        "A film from the United Kingdom, like many you liked"]
    # all liked films British: the country is the taste
    space = space_for([_from("United Kingdom", "en", 0, f"L{i}") for i in range(8)],
                      _from("United Kingdom", "en", 0, "British pick"))
    assert fit_reason(space, taste(list(range(8)), [LIKED] * 8), [9]) == [
        "A film from the United Kingdom, like many you liked"]
    # three of eight liked films Italian, rare in the catalog: a reason
    third = [_from("Italy", "it", 0, f"L{i}") for i in range(3)]
    third += [_from("United States of America", "en", 0, f"L{i}") for i in range(3, 8)]
    space = space_for(third, _from("Italy", "it", 0, "Italian pick"))
    assert fit_reason(space, taste(list(range(8)), [LIKED] * 8), [9])[0].startswith(("A film from Italy",
                                                                                    "A film in it"))


def test_a_form_a_minority_of_the_liked_films_have_is_named_only_above_the_form_share():
    liked = [Movie(i, f"Doc {i}", 1990, genres=("Documentary",) if i < 3 else ("Drama",)) for i in range(8)]
    movies = [*liked, Movie(8, "Plain", 1990, genres=("Drama",)), Movie(9, "A doc", 1990, genres=("Documentary",))]
    movies += [Movie(10 + i, f"X{i}", 1990, genres=("Drama",)) for i in range(300)]
    space = equally_close_space(movies, 8, rng_seed=9)
    seeds = taste(list(range(8)), [LIKED] * 8)  # three of eight (0.375) documentaries
    assert fit_reason(space, seeds, [9]) == ["A documentary, like many you liked"]
    assert fit_reason(space, seeds, [9], RecParams(reason_form_share=0.5)) == [""]
