"""Typed titles: typos, swapped letters, articles, numbers, subtitles, accents and years find the film."""

from __future__ import annotations

import pytest

from movierec_gui.core.matching import TitleIndex, sound_key, title_key, title_keys
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
    (21, "The Hunger Games", None, 2012, 0.8),
    (22, "The Hunger Games: Catching Fire", None, 2013, 0.75),
    (23, "The Twilight Saga: Eclipse", None, 2010, 0.6),
    (24, "Madagascar", None, 2005, 0.7),
    (25, "Madagascar: Escape 2 Africa", None, 2008, 0.6),
    (26, "Madagascar 3: Europe's Most Wanted", None, 2012, 0.6),
    (27, "Fantastic Four", None, 2015, 0.5),  # a reboot: the earlier sequel is still number 2
    (28, "Fantastic 4: Rise of the Silver Surfer", None, 2007, 0.5),
    (29, "Se7en", None, 1995, 0.9),
    (30, "M3GAN", None, 2022, 0.6),
    (32, "The Impossible", None, 2012, 0.6),
    (33, "The Thing", None, 1982, 0.8),
    (34, "Heist", None, 2001, 0.3),
    (35, "M", None, 1931, 0.8),
    (36, "Die Another Day", None, 2002, 0.6),
    (37, "Pirates of the Caribbean: The Curse of the Black Pearl", None, 2003, 0.9),
    (38, "Pirates of the Caribbean: Dead Man's Chest", None, 2006, 0.8),
    (39, "Pirates of the Caribbean: At World's End", None, 2007, 0.8),
    (40, "Grease", None, 1978, 0.85),
    (41, "Greed", None, 1924, 0.5),
    (42, "Psycho", None, 1960, 0.9),
    (43, "The Exorcist", None, 1973, 0.9),
    (44, "The Host", None, 2006, 0.7),
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
        ("catching fire", 22),  # a sequel's subtitle alone
        ("cathcing fire", 22),
        ("dead mans chest", 38),
        ("hunger games", 21),
        ("twilight eclipse", 23),  # the series' filler word ("Saga") left out
        ("madagascar 2", 25),  # a number after a series' name: its n-th film
        ("madagascar two", 25),
        ("madagascar 3", 26),
        ("madagascar", 24),
        ("fantastic four 2", 28),
        ("pirates of the caribbean 2", 38),
        ("pirates of the caribbean 3", 39),
        ("seven", 29),  # a numeral inside its own word
        ("seven 1995", 29),
        ("megan", 30),  # a digit for a letter
        ("M", 35),  # a one-letter title, typed exactly
        ("die another day film", 36),  # a trailing "film"/"movie"
        ("jaws movie", 1),
        ("impossible", 32),  # a full title, not another film's one-word subtitle
        ("grees", 40),  # spelled as it sounds: as near as "Greed", and better known
        ("psyco", 42),
        ("exorsist", 43),
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


@pytest.mark.parametrize(
    "query",
    [
        "a slow film about grief and the sea",
        "the thing about love",
        "seven samurai-like film about honour",
        "heat of summer romance",
        "a heist movie",  # a kind of film, not the film "Heist"
        "heist movie",
        "a war film",
        "impossible love",
    ],
)
def test_no_title_for_a_mood_query(index, query):
    assert index.find(query) == [], index.find(query)


def test_a_subtitle_alone_is_weaker_than_a_full_title(index):
    assert dict(index.find("hunger games catching fire"))[22] == 1.0
    assert dict(index.find("catching fire"))[22] < 0.95  # a subtitle alone does not stop the query parse


def test_only_a_subtitle_that_says_enough_is_a_key():
    title = "Mission: Impossible – Dead Reckoning Part One"
    keys, _, _, _ = title_keys([(1, title, None, normalize_title(title))])
    assert "deadreckoning1" in keys
    assert "1" not in keys and "impossible" not in keys  # "Part One" and a one-word subtitle are not titles
    for title in ("Captain America: Civil War", "Cold Feet: A Love Story"):  # a theme's name, a description
        keys, _, kinds, _ = title_keys([(1, title, None, normalize_title(title))])
        assert 2 not in kinds, keys


def test_a_word_is_not_a_title_that_merely_sounds_near(index):
    assert dict(index.find("heist")) == {34: 1.0}  # not "The Host" (h-vowel-s-t)


def test_sound_keys():
    assert sound_key("grees") == sound_key("grease") != sound_key("greed")
    assert sound_key("psyco") == sound_key("psycho") and sound_key("aladin") == sound_key("aladdin")
    assert sound_key("heist") != sound_key("host") != sound_key("haste")  # a vowel run keeps its first vowel


def test_title_key_spellings_agree():
    assert title_key("The Godfather: Part II") == title_key("godfather part 2") == title_key("Godfather II")
    assert title_key("WALL·E") == title_key("Wall-E") == title_key("walle")
    assert title_key("Star Wars: Episode I") == title_key("star wars episode 1")  # a Roman one after a part word …
    assert title_key("I Am Legend") != title_key("1 am legend")  # … and "I" elsewhere is a word


@pytest.mark.parametrize(
    ("spelled", "title"),
    [
        ("The Forty Year Old Virgin", "The 40-Year-Old Virgin"),
        ("three hundred", "300"),
        ("twenty one jump street", "21 Jump Street"),
        ("two thousand one a space odyssey", "2001: A Space Odyssey"),
        ("two thousand and one a space odyssey", "2001: A Space Odyssey"),
        ("fifty first dates", "50 First Dates"),
        ("one hundred and one dalmatians", "101 Dalmatians"),
    ],
)
def test_numbers_spelled_in_words_are_one_number(spelled, title):
    assert title_key(spelled) == title_key(title)


def test_small_numbers_side_by_side_stay_apart():
    assert title_key("three ten to yuma") == title_key("3:10 to Yuma")
    assert title_key("The Hundred-Foot Journey") == "hundredfootjourney"  # "hundred" alone is a word
