"""The query parser against a twelfth writer's shorthand (parse check12): fans' genre words, ratings as
audiences, regions and languages said as adjectives, runtimes said as refusals — and the titles and
stories whose words only look like those."""

from __future__ import annotations

import pytest

from movierec_gui.core.models import SearchFilters
from movierec_gui.core.query import parse_query

YEAR = 2026


def filters(q: str) -> SearchFilters:
    return parse_query(q, this_year=YEAR).filters()


@pytest.mark.parametrize(
    ("query", "genres"),
    [
        ("a dramedy about a family reunion", ("Comedy", "Drama")),
        ("dramedies from the 2010s", ("Comedy", "Drama")),
        ("docu about food", ("Documentary",)),
        ("a docu on street food, under 90 min", ("Documentary",)),
        ("a space western", ("Science Fiction", "Western")),
        ("sword and sorcery fantasy", ("Fantasy",)),
        ("some sword and sorcery from the 80s", ("Fantasy",)),
        ("Ghibli-style fantasy", ("Animation", "Fantasy")),
        ("a ghibli-esque film about a girl and a forest spirit", ("Animation",)),
    ],
)
def test_check12_fans_shorthand_for_kinds(query, genres):
    assert filters(query).genres_all == genres, query


@pytest.mark.parametrize(
    "query",
    ["a neo-noir in LA", "neo noir with a femme fatale", "neo-noir set in los angeles, made between 1970 and 1989"],
)
def test_check12_neo_noir_is_no_1940s_noir(query):
    """Neo-noirs (Chinatown, Blue Velvet, Blade Runner) are crime films, mysteries or thrillers, not the classic
    Film Noir genre; a plain noir still is."""
    f = filters(query)
    assert f.genres == ("Crime", "Mystery", "Thriller") and not f.genres_all, (query, f)
    assert filters("a 40s noir").genres_all == ("Film Noir",)
    assert not filters("a film about a critic who loves neo-noirs").genres


@pytest.mark.parametrize(
    "query",
    ["a documentary about a space western theme park", "a man who runs a sword and sorcery bookshop"],
)
def test_check12_shorthand_in_a_story_states_no_kind(query):
    f = filters(query)
    assert "Western" not in f.genres_all and "Fantasy" not in f.genres_all, (query, f)


@pytest.mark.parametrize(
    ("query", "genres"),
    [
        ("horror-comedy with zombies", ("Horror", "Comedy")),
        ("an action-comedy from the 80s", ("Action", "Comedy")),
        ("a comedy-drama about two brothers", ("Comedy", "Drama")),
        ("a sci-fi-horror in space", ("Science Fiction", "Horror")),
        ("Action-Adventure for kids", ("Action", "Adventure")),
    ],
)
def test_check12_two_kinds_joined_by_a_hyphen(query, genres):
    assert filters(query).genres_all == genres, query


@pytest.mark.parametrize("query", ["a post-war drama", "a post-war italian drama", "an inter-war thriller"])
def test_check12_post_war_is_a_time_not_a_war_film(query):
    assert "War" not in filters(query).genres_all, query
    assert "War" in filters("a war drama").genres_all


@pytest.mark.parametrize(
    ("query", "audience"),
    [
        ("a U certificate cartoon", "family"),
        ("G rated adventure the whole family can watch", "family"),
        ("a movie rated pg about a dog", "family"),
        ("keep it PG, a mystery", "family"),
        ("nothing above PG", "family"),
        ("an R-rated comedy", "adult"),
        ("rated R horror from the 80s", "adult"),
    ],
)
def test_check12_certificates_as_audiences(query, audience):
    assert filters(query).audience == audience, query


@pytest.mark.parametrize(
    "query",
    [
        "PG-13 max, action with lots of explosions",  # a PG-13 ceiling is no family film (check9)
        "what's a good movie to watch with grandma that isn't rated R or violent",  # (check7)
        "R is fine, a gritty crime thriller",
        "rated R is fine, crime thriller with a twist",
        "18 certificate is fine, brutal revenge film from korea",
        "pg is ok, an adventure",
        "a pg wodehouse adaptation",
        "no r&b, a jazz documentary",
    ],
)
def test_check12_ceilings_and_permissions_state_no_audience(query):
    assert filters(query).audience is None, query


@pytest.mark.parametrize(
    ("query", "country", "genres"),
    [
        ("scandi crime", "Denmark", ("Crime",)),
        ("a west african film", "Senegal", ()),
        ("latin american horror", "Argentina", ("Horror",)),
        ("a south american road movie", "Brazil", ()),
        ("a middle eastern drama", "Iran", ("Drama",)),
        ("an east asian ghost story", "South Korea", ()),
        ("a southeast asian horror", "Thailand", ("Horror",)),
    ],
)
def test_check12_regions_said_as_a_cinema(query, country, genres):
    f = filters(query)
    assert country in f.countries and f.genres_all == genres, (query, f)


def test_check12_a_region_refused():
    assert "Mexico" in filters("nothing latin american, a slow drama").countries_not


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("mandarin martial arts movie", "Mandarin"),
        ("a cantonese gangster film from the 80s", "Cantonese"),
        ("an arabic drama", "Arabic"),
        ("a marathi film about a wrestler", "Marathi"),
    ],
)
def test_check12_a_language_said_as_the_kind(query, language):
    f = filters(query)
    assert f.languages == (language,) and not f.countries, (query, f)


@pytest.mark.parametrize(
    "query",
    [
        "a night of talking and walking in a latin american city",
        "a film set in a middle eastern market",
        "a film about an arabic teacher",
        "the mandarin",
        "a mandarin orange",
        "an african american family in the south",
    ],
)
def test_check12_a_region_or_language_in_the_story_states_nothing(query):
    f = filters(query)
    assert not f.countries and not f.languages, (query, f)


@pytest.mark.parametrize(
    ("query", "runtime"),
    [
        ("not some 3 hour epic, a light drama", (None, 180)),
        ("nothing 3 hours long", (None, 180)),
        ("not a 2-hour movie, something quick", (None, 120)),
        ("no three-hour epics please", (None, 180)),
        ("something I can finish in 90", (None, 90)),
        ("a movie i can finish in an hour and a half", (None, 90)),
        ("we can watch it within 2 hours", (None, 120)),
        ("not under 2 hours", (120, None)),
        ("not less than 90 minutes, a war epic", (90, None)),
        ("a 3 hour epic", (165, 195)),  # said, not refused: about that long
    ],
)
def test_check12_a_refused_length_and_the_viewers_time(query, runtime):
    f = filters(query)
    assert (f.runtime_min, f.runtime_max) == runtime, (query, f)


def test_check12_a_refused_length_leaves_the_embedded_text():
    assert "epic" not in parse_query("not some 3 hour epic, a light drama", this_year=YEAR).text()


@pytest.mark.parametrize(
    "query", ["a man who has 90 days to live", "I can finish in 90 days", "they must finish the race in 90 minutes"]
)
def test_check12_a_time_in_the_story_is_no_runtime(query):
    f = filters(query)
    assert f.runtime_min is None and f.runtime_max is None, (query, f)


@pytest.mark.parametrize(
    ("query", "languages"),
    [("english only pls, a feel good comedy", ("English",)), ("a thriller. english only pls", ("English",)),
     ("french only please. a romance", ("French",))],
)
def test_check12_a_language_only_then_a_filler(query, languages):
    assert filters(query).languages == languages, query


@pytest.mark.parametrize(
    "query", ["not a biopic, a fictional boxing film", "a baseball movie from the 80s", "a cricket film in hindi"]
)
def test_check12_a_sport_before_a_film_noun_is_a_sports_film(query):
    assert "Sport" in filters(query).genres_all, query


@pytest.mark.parametrize(
    "query",
    [
        "a drama about boxing",
        "a short man who becomes a boxing champion against all odds",
        "a film about a football coach",
        "no boxing movies",
        "a documentary about a man who made boxing films",
    ],
)
def test_check12_a_sport_as_topic_or_refused_is_no_sport_genre(query):
    f = filters(query)
    assert "Sport" not in f.genres_all and "Sport" not in f.genres_not, (query, f)
    assert parse_query("no boxing movies", this_year=YEAR).avoid() == ("boxing",)


@pytest.mark.parametrize(
    ("query", "genre"),
    [
        ("G rated adventure the whole family can watch", "Adventure"),
        ("a thriller my dad would like", "Thriller"),
        ("a western grandpa would enjoy", "Western"),
        ("a horror we can all watch", "Horror"),
    ],
)
def test_check12_a_kind_before_who_will_watch_it(query, genre):
    assert genre in filters(query).genres_all, query


def test_check12_who_will_watch_in_a_story_states_no_kind():
    assert filters("a man who loves westerns he can watch with his son").genres_all == ()


@pytest.mark.parametrize(
    ("query", "since"),
    [
        ("recent sci-fi, roughly the last five years, not a superhero thing", 2021),
        ("sci-fi, roughly the last five years", 2021),
        ("the last 10 years, korean thrillers", 2016),
    ],
)
def test_check12_the_last_n_years_as_an_item(query, since):
    assert filters(query).year_from == since, query


@pytest.mark.parametrize(
    "query", ["a drama, the last five years of a marriage", "a story of love over the last five years"]
)
def test_check12_the_last_n_years_of_a_story_is_no_era(query):
    assert filters(query).year_from is None, query


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("A science fiction film which make one think about what means to be human, preferably without action",
         "Action"),
        ("a western, ideally without romance", "Romance"),
    ],
)
def test_check12_a_hedged_refusal_after_the_story(query, refused):
    assert refused in filters(query).genres_not, query


def test_check12_without_after_a_story_noun_is_still_the_story():
    f = filters("an old lighthouse keeper, a quiet man who lives alone on an island without family")
    assert "Family" not in f.genres_not, f


@pytest.mark.parametrize("query", ["no foreign films", "nothing foreign please", "a thriller, no foreign stuff"])
def test_check12_no_foreign_films_is_english(query):
    f = filters(query)
    assert f.languages == ("English",) and not f.languages_not, (query, f)
    assert filters("a foreign film about grief").languages_not == ("English",)
    assert not filters("a film with no foreign actors").languages


def test_check12_newer_than_a_film_is_no_recent_era():
    assert filters("newer than Titanic").year_from is None
    assert filters("a fantasy movie newer than 2010").year_from == 2011


@pytest.mark.parametrize(
    ("query", "runtime", "country"),
    [
        ("a 1.5h thriller", (80, 100), None),
        ("a HK action film", (None, None), "Hong Kong"),
    ],
)
def test_check12_more_shorthand(query, runtime, country):
    f = filters(query)
    assert (f.runtime_min, f.runtime_max) == runtime, (query, f)
    assert (country in f.countries) if country else not f.countries, (query, f)


@pytest.mark.parametrize(
    "query",
    ["a night of talking and walking in a european city", "a surreal european art film from the 60s", "eurovision"],
)
def test_check12_europe_is_no_cinema(query):
    """"European" names no cinema (check4: "a surreal european art film from the 60s" states no country)."""
    assert not filters(query).countries, query


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("made in the last 5 yrs", {"year_from": 2021}),
        ("≤ 90 min", {"runtime_max": 90}),
        ("a thriller ≥ 2 hours", {"runtime_min": 120}),
        ("live-action only", {"genres_not": ("Animation",)}),
        ("must be live action, a jungle adventure", {"genres_not": ("Animation",)}),
        ("live action films about dogs", {"genres_not": ("Animation",), "genres_all": ()}),
        ("a british period piece", {"countries": ("United Kingdom",)}),
        ("a kdrama", {"countries": ("South Korea",)}),
        ("a j-horror from the 2000s", {"countries": ("Japan",), "genres_all": ("Horror",)}),
    ],
)
def test_check12_probes_of_the_same_families(query, expect):
    f = filters(query)
    assert {k: getattr(f, k) for k in expect} == expect, (query, f)


@pytest.mark.parametrize(
    "query",
    [
        "live action and animation together",
        "a film about a live action role player",
        "animation and live action mixed",
        "bill murray live action mixed with a cartoon inside his body",  # Osmosis Jones is tagged Animation
        "live action and model trains, alec baldwin as a tiny conductor",  # so is Thomas and the Magic Railroad
        "a live-action remake of a fairy tale",  # (the 2019 Lion King is tagged Animation on TMDB)
    ],
)
def test_check12_live_action_with_animation_or_in_the_story(query):
    assert "Animation" not in filters(query).genres_not, query


@pytest.mark.parametrize(
    ("query", "years"),
    [
        ("a movie about the 60s", (None, None)),
        ("a film about the 1960s", (None, None)),
        ("a 90s movie about the 60s", (1990, 1999)),
        ("80s movie about the 50s", (1980, 1989)),
        ("a film about the eighties, made in the 2000s", (2000, 2009)),
        ("what about the 90s", (1990, 1999)),  # a wish, not a story
    ],
)
def test_check12_a_film_about_a_decade_is_the_story(query, years):
    f = filters(query)
    assert (f.year_from, f.year_to) == years, (query, f)


@pytest.mark.parametrize(
    ("query", "runtime"),
    [
        ("90ish mins", (80, 100)),
        ("~90 min", (80, 100)),
        ("~2h drama", (105, 135)),
        ("a sub 2 hour film", (None, 120)),
        ("something under the 2 hour mark", (None, 120)),
        ("not longer than 95'", (None, 95)),
        ("a film under 90'", (None, 90)),
    ],
)
def test_check12_runtime_signs_and_suffixes(query, runtime):
    f = filters(query)
    assert (f.runtime_min, f.runtime_max) == runtime, (query, f)


@pytest.mark.parametrize("query", ["the 90's", "summer of '69", "a film from '85"])
def test_check12_a_prime_after_a_year_is_no_minute(query):
    f = filters(query)
    assert f.runtime_min is None and f.runtime_max is None, (query, f)


@pytest.mark.parametrize(
    ("query", "wanted", "refused"),
    [
        ("no horror-comedies", (), ("Horror",)),
        ("no horror comedies", (), ("Horror",)),
        ("zero romance", (), ("Romance",)),
        ("less romance more action", ("Action",), ("Romance",)),
        ("a sci-fi with less action", ("Science Fiction",), ("Action",)),
        ("no horror, comedy please", ("Comedy",), ("Horror",)),
        ("non-musical animated film", ("Animation",), ("Musical",)),
    ],
)
def test_check12_refused_kinds_said_as_fans_say_them(query, wanted, refused):
    f = filters(query)
    assert (f.genres_all, f.genres_not) == (wanted, refused), (query, f)


@pytest.mark.parametrize(
    ("query", "runtime"),
    [
        ("no less than 2 hours", (120, None)),
        ("nothing under 2 hours", (120, None)),
        ("nothing over 2 hours", (None, 120)),
    ],
)
def test_check12_no_less_than_is_a_minimum(query, runtime):
    f = filters(query)
    assert (f.runtime_min, f.runtime_max) == runtime, (query, f)


@pytest.mark.parametrize(
    "query",
    [
        "foul mouthed cartoon musical where kids sneak into an r rated canadian movie",
        "a film about a boy who sneaks into a rated R movie",
    ],
)
def test_check12_a_certificate_in_the_story_states_no_audience(query):
    assert filters(query).audience is None, query


def test_check12_a_neo_noir_said_of_the_story_needs_the_kind():
    assert not filters("neo-noir shot in black and white, a 1950s los angeles used car dealer").genres
