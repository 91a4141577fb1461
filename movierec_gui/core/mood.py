"""Moods a query asks for, read as the genres that usually carry them.

A sentence model reads "something light after a long day" as a film about light, and "a
sad movie that will make me cry" as one about crying. The words that state a mood
("cozy", "tearjerker", "suspenseful") say which kinds of film answer it, so each mood
gives a few genres a small lift and, where they clash with it, a small penalty. It only
reorders the films the meaning already found; it never filters (that is what the parser's
constraints are for), and negated words never reach it (the parser removes them first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Mood words → (genres that carry the mood, genres that clash with it).
_MOODS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("cozy", "cosy", "comforting", "comfort", "wholesome", "heartwarming", "heart-warming", "feel-good",
      "feel good", "feelgood", "uplifting", "lighthearted", "light-hearted", "light", "sweet", "charming",
      "gentle", "cheerful", "happy"),
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
