"""Moods a query asks for, read as the genres that usually carry them.

A sentence model reads "something light after a long day" as a film about light, and "a
sad movie that will make me cry" as one about crying. The words that state a mood
("cozy", "tearjerker", "suspenseful") say which kinds of film answer it, so each mood
gives a few genres a small lift and, where they clash with it, a small penalty. It only
reorders the films the meaning already found; it never filters (that is what the parser's
constraints are for), and negated words never reach it (the parser removes them first).

Theme words no lexicon lists ("gangsters", "underdog", "space") lean the same way, read from the
catalog itself: the genres of the films whose theme tags hold the word (``theme_lean``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Mood words → (genres that carry the mood, genres that clash with it).
_MOODS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("cozy", "cosy", "comforting", "comfort", "wholesome", "heartwarming", "heart-warming", "feel-good",
      "feel good", "feelgood", "uplifting", "lighthearted", "light-hearted", "light", "sweet", "charming",
      "gentle", "cheerful", "happy", "warm", "hug", "hugs", "soothing", "calming", "relaxing", "easygoing",
      "low-key"),
     ("Comedy", "Family", "Romance", "Animation"), ("Horror", "Thriller", "War", "Crime")),
    (("cry", "tearjerker", "tear-jerker", "sad", "heartbreaking", "heart-breaking", "weepie", "weepy", "tears",
      "bittersweet", "melancholy", "melancholic", "moving"),
     ("Drama", "Romance"), ("Action", "Horror")),
    (("scary", "spooky", "creepy", "terrifying", "frightening", "chilling", "eerie", "scare", "scares"),
     ("Horror", "Thriller", "Mystery"), ()),
    (("funny", "hilarious", "laugh", "laughs", "comedic", "silly", "goofy", "witty"), ("Comedy",), ()),
    (("suspenseful", "suspense", "tense", "gripping", "nail-biting", "nail biting", "edge of my seat",
      "edge-of-your-seat", "thrilling", "twisty"),
     ("Thriller", "Mystery", "Crime"), ("Family", "Animation")),
    (("romantic", "swoony"), ("Romance",), ("Horror", "War")),
    (("epic", "sweeping"), ("Adventure", "History", "War"), ()),
    (("mind-bending", "mindbending", "mind bending", "trippy", "puzzle", "brain-teaser"),
     ("Mystery", "Science Fiction", "Thriller"), ()),
    (("inspiring", "inspirational", "triumphant", "underdog"), ("Drama", "Sport", "Biography"), ("Horror",)),
    (("action-packed", "explosive", "adrenaline", "high-octane"), ("Action",), ()),
    (("dark", "bleak", "gritty", "disturbing", "grim"), ("Drama", "Crime", "Thriller"), ("Family", "Animation")),
    # situations that name a mood without its word: a date, the company of parents or grandparents
    (("date night", "first date", "valentine", "valentine's"), ("Romance", "Comedy"), ("Horror", "War")),
    (("grandparents", "grandparent", "grandma", "grandpa", "grandmother", "grandfather", "my parents", "my mom",
      "my mum", "my dad", "whole family", "family night"),
     ("Comedy", "Family", "Romance", "Musical"), ("Horror",)),
    (("love story", "love stories", "falls in love", "fall in love", "falling in love"), ("Romance",), ()),
)

_PATTERNS = tuple(
    (re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"), lift, clash)
    for words, lift, clash in _MOODS
)


def mood_genres(text: str) -> dict[str, float]:
    """Genre → +1 (carries a mood the text asks for) or −1 (clashes with it); {} without a mood
    word. A genre lifted by one mood and clashing with another counts as lifted."""
    low = text.lower()
    out: dict[str, float] = {}
    for pattern, lift, clash in _PATTERNS:
        if pattern.search(low):
            for g in clash:
                out.setdefault(g, -1.0)
            for g in lift:
                out[g] = 1.0
    return out


def mood_fit(genres: Iterable[str], wanted: dict[str, float]) -> float:
    """−1…1: how a film's genres meet the moods (its best lift, or its worst clash when it has no lift)."""
    values = [wanted[g] for g in genres if g in wanted]
    if not values:
        return 0.0
    return max(values) if max(values) > 0 else min(values)


def theme_lean(counts: dict[str, int], films: int, base: dict[str, float], *, min_films: int = 8,
               lift: float = 2.0, min_share: float = 0.3, clash: float = 0.2, min_base: float = 0.08
               ) -> dict[str, float]:
    """Genre → +1 / −1 for a theme word, from the genres of the ``films`` whose theme tags hold it
    (``counts``: genre → how many of them) against the catalog's shares (``base``): a genre
    ``lift`` times as common among them as in the catalog, and held by ``min_share`` of them,
    carries the theme ("underdog": Sport; "gangster": Crime); a common genre (``min_base``) at most
    ``clash`` times as common clashes with it. {} for a word too few films are tagged with."""
    if films < min_films:
        return {}
    out: dict[str, float] = {}
    for genre, share in base.items():
        own = counts.get(genre, 0) / films
        if own >= min_share and own >= lift * share:
            out[genre] = 1.0
        elif share >= min_base and own <= clash * share:
            out[genre] = -1.0
    return out


def merge_leans(leans: Iterable[dict[str, float]]) -> dict[str, float]:
    """Several words' leans as one (a genre one word lifts is lifted, as in ``mood_genres``)."""
    out: dict[str, float] = {}
    for lean in leans:
        for genre, v in lean.items():
            if v > 0:
                out[genre] = 1.0
            else:
                out.setdefault(genre, -1.0)
    return out
