"""When a "like many you liked" line holds for a person (issue 12, "reasons that hold").

A film no liked seed is near may still be shown with what it shares with the person's films:
a form ("A documentary, like many you liked"), an origin ("A film in Korean, …") or a tag
("Tagged “heist”, …"). Such a line is true of the film, but it is only a *reason* when the
shared feature is what the person's taste is about; graded by hand on six persona sets
(``benchmarks/personas/reasons_graded.json``), the lines that read as beside the point were:

* a tag only a small share of the liked films carry: "kidnapping" to a prestige-drama viewer on
  *Taken*, "amnesia" to a mind-bender fan on *The Bourne Identity*;
* a form a minority of the liked films have: "A documentary" to a surf fan on *Jackass*;
* an origin common in the catalog that the liked films happen to share: "A film from the United
  Kingdom" to a sci-fi or a Bond fan, while "A film from Italy" to a neorealism viewer holds.

Each rule below reads only counts the reason code has already made; none changes which films are
recommended or their order.
"""

from __future__ import annotations

#: Facet name prefixes that are an origin (where a film is from) rather than a form.
ORIGIN_PREFIXES = ("country:", "language:")


def tag_holds(liked_count: int, share: float, min_liked: int, min_share: float) -> bool:
    """A tag is a reason when at least ``min_liked`` liked films carry it and their (weighted)
    share of the liked films is at least ``min_share``: "like many you liked" is then so."""
    return liked_count >= min_liked and share >= min_share


def facet_holds(name: str, share: float, base_rate: float, min_form_share: float, min_origin_lift: float) -> bool:
    """A form or origin facet is a reason when it is what the liked films share strongly.

    A form (documentary, animation, music …) needs a (weighted) ``share`` of the liked films of at
    least ``min_form_share``. An origin (a country or a language) needs to be specific to the
    person: its share among the liked films at least ``min_origin_lift`` times its share of the
    catalog (``base_rate``), so a country many films come from is a taste only when nearly all of
    theirs do, and a rare one already when a few of theirs do."""
    if name.startswith(ORIGIN_PREFIXES):
        return share >= min_origin_lift * max(base_rate, 1e-6)
    return share >= min_form_share
