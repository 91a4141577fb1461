"""Typed titles: typos, swapped letters, articles, numbers, subtitles, accents and years find the film."""

from __future__ import annotations

import pytest

from movierec_gui.core.matching import TitleIndex, title_key
from movierec_gui.core.text import normalize_title

FILMS = [
    (1, "Jaws", None, 1975, 0.9),
    (2, "The Godfather", None, 1972, 0.95),
    (3, "The Godfather Part II", None, 1974, 0.9),
    (4, "Toy Story 2", None, 1999, 0.8),
    (5, "Toy Story", None, 1995, 0.9),
    (6, "Mission: Impossible – Fallout", None, 2018, 0.7),
    (7, "Léon: The Professional", "Léon", 1994, 0.8),
    (8, "Dune", None, 1984, 0.5),
    (9, "Dune", None, 2021, 0.8),
    (10, "Seven Samurai", "Shichinin no Samurai", 1954, 0.9),
    (11, "Heat", None, 1995, 0.8),
    (12, "The Heat", None, 2013, 0.5),
    (13, "Frozen II", None, 2019, 0.7),
    (14, "Spider-Man: Into the Spider-Verse", None, 2018, 0.8),
    (15, "WALL·E", None, 2008, 0.9),
    (16, "Twelve Monkeys", None, 1995, 0.7),
    (17, "Jawbreaker", None, 1999, 0.2),
    (18, "Beat", None, 1999, 0.2),
    (19, "Star Wars", None, 1977, 0.95),
    (20, "Star Wars: Episode I – The Phantom Menace", None, 1999, 0.8),
]


@pytest.fixture(scope="module")
def index() -> TitleIndex:
    return TitleIndex.build(
        [(m, t, o, normalize_title(t)) for m, t, o, _, _ in FILMS],
        {m: y for m, _, _, y, _ in FILMS},
        {m: r for m, _, _, _, r in FILMS},
    )


@pytest.mark.parametrize(
    ("query", "film"),
    [
        ("jaws", 1),
        ("jwas", 1),  # swapped letters in a short title
        ("Godfather", 2),  # missing article
        ("a godfather", 2),  # extra article
        ("the godfathr", 2),  # one typo
        ("godfather part 2", 3),  # digits for Roman numerals
        ("godfather two", 3),
        ("toy story two", 4),  # words for digits
        ("toy story II", 4),
        ("toy story", 5),
        ("mission impossible falout", 6),  # punctuation and a typo
        ("leon the professional", 7),  # accents
        ("léon", 7),
        ("frozen 2", 13),
        ("spiderman into the spiderverse", 14),  # spaces and hyphens
        ("wall-e", 15),
        ("12 monkeys", 16),
        ("shichinin no samurai", 10),  # original title
        ("seven samuria", 10),
        ("heat", 11),
        ("star wars episode 1", 20),  # a digit for the Roman one, the subtitle missing
        ("star wars episode i", 20),
        ("star wars", 19),
        ("teh godfather", 2),  # the commonest typo of "the"
        ("hte godfathr", 2),
    ],
)
def test_typed_title_is_first(index, query, film):
    found = index.find(query)
    assert found and found[0][0] == film, found


def test_missing_subtitle_finds_the_film(index):
    found = index.find("mission impossible")
    assert found[0][0] == 6


def test_year_picks_the_version(index):
    assert index.find("Dune 2021")[0][0] == 9
    assert index.find("dune (1984)")[0][0] == 8
    assert index.find("dune")[0][0] == 9  # the better known without a year


def test_exact_beats_near(index):
    found = dict(index.find("heat"))
    assert found[11] > found.get(18, 0.0)


def test_no_title_for_a_mood_query(index):
    assert index.find("a slow film about grief and the sea") == []


def test_title_key_spellings_agree():
    assert title_key("The Godfather: Part II") == title_key("godfather part 2") == title_key("Godfather II")
    assert title_key("WALL·E") == title_key("Wall-E") == title_key("walle")
    assert title_key("Star Wars: Episode I") == title_key("star wars episode 1")  # a Roman one after a part word …
    assert title_key("I Am Legend") != title_key("1 am legend")  # … and "I" elsewhere is a word
