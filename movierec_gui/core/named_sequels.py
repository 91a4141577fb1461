"""Sequels only the story names: the next film about the same characters under a new title.

Some catalogs (TMDB 5000) carry neither collections nor "sequel" tags, and a sequel's title may
share only its first word with the original's (*Shanghai Noon* → *Shanghai Knights*, *Analyze
This* → *Analyze That*). ``join_named_sequels`` joins such a pair only when every sign agrees:

* the normalized titles start with the same word, not a function word ("the", "my", "in"…),
  and differ (one title twice is a remake);
* the later film came out 1 to ``max_gap`` years after the earlier (a reboot comes later);
* both overviews name the same character: a capitalised name that the catalog's overviews never
  use in lower case (not a common word) and that at most ``max_films`` overviews name (a place or a
  famous person is named by many: "London", "Gotham", "Lincoln");
* their plots are close (cosine ≥ ``min_cosine``);
* the later film is in no series yet (its own collection or title already placed it).

Over the starter + TMDB 5000 persona catalog (7,480 films) this places 32 films in 16 series, all
true sequels; loosening any one threshold adds a wrong join (*Robin and Marian* after Disney's
*Robin Hood*, *Marley* after *Marley & Me*, two Metallica films). See ``benchmarks/README.md``,
"Series order, round two"."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain

import numpy as np

from .series import SeriesIndex, joined, key_words

#: Words a title may start with that say nothing about which film it is.
_FUNCTION_WORDS = frozenset(
    "the a an of in on at to for from with and or but my your our his her its their i you we he she it they "
    "this that these those what who how when why where is are be no not all one".split()
)
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_PUNCTUATION_MARKS = b".,;:!?\"()[]{}/"
#: A title's first word shared by more films than this is a common word, not a series sign.
_MAX_GROUP = 2000
#: Earlier films compared at once within a first-word group (bounds the block's memory).
_BLOCK = 256
_PUNCTUATION = bytes.maketrans(_PUNCTUATION_MARKS, b" " * len(_PUNCTUATION_MARKS))


def join_named_sequels(
    index: SeriesIndex,
    overviews: Sequence[str],
    title_keys: Sequence[str],
    years: np.ndarray,
    matrix: np.ndarray,
    max_gap: int = 6,
    max_films: int = 4,
    min_cosine: float = 0.55,
) -> SeriesIndex:
    """``index`` with each film that continues an earlier one by the rules above joined to it
    (to its series, or starting one with it); the later films are taken in year order so that a
    chain of three joins into one series."""
    pairs = _close_pairs(index, title_keys, years, matrix, max_gap, min_cosine)
    if not pairs:
        return index
    named = {row: _names(overviews[row]) for pair in pairs for row in pair}
    shared = {pair: named[pair[0]] & named[pair[1]] for pair in pairs}
    rare = _rare_names(set().union(*shared.values()), overviews, max_films)
    best: dict[int, tuple[float, int]] = {}
    for (earlier, later), names in shared.items():
        if names & rare:
            cos = float(matrix[earlier] @ matrix[later])
            if cos > best.get(later, (-1.0, -1))[0]:
                best[later] = (cos, earlier)
    chosen = sorted(((e, later) for later, (_, e) in best.items()), key=lambda p: (int(years[p[1]]), p[1]))
    return joined(index, chosen, years, title_keys)


def _close_pairs(
    index: SeriesIndex, title_keys: Sequence[str], years: np.ndarray, matrix: np.ndarray, max_gap: int,
    min_cosine: float,
) -> list[tuple[int, int]]:
    """(earlier, later) rows with the same first title word, different titles, 1..``max_gap``
    years apart, close in plot, the later film in no series.

    A first word more than ``_MAX_GROUP`` films share says nothing about a series and is
    skipped; the others are compared in blocks, so memory stays bounded at any catalog size."""
    by_word: dict[str, list[int]] = defaultdict(list)
    for row, key in enumerate(title_keys):
        words = key_words(key)
        if words and words[0] not in _FUNCTION_WORDS and years[row] >= 0:
            by_word[words[0]].append(row)
    pairs: list[tuple[int, int]] = []
    for rows in by_word.values():
        if 2 <= len(rows) <= _MAX_GROUP:
            pairs.extend(_group_pairs(np.array(rows, dtype=np.int64), index, title_keys, years, matrix,
                                      max_gap, min_cosine))
    return pairs


def _group_pairs(
    group: np.ndarray, index: SeriesIndex, title_keys: Sequence[str], years: np.ndarray, matrix: np.ndarray,
    max_gap: int, min_cosine: float,
) -> list[tuple[int, int]]:
    """``_close_pairs`` within one first-word group, ``_BLOCK`` earlier films at a time."""
    gy = years[group].astype(np.int64)
    free = index.ids[group] < 0
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(group), _BLOCK):
        block = slice(start, start + _BLOCK)
        gap = gy[None, :] - gy[block, None]  # [a, b]: b's year minus a's
        a, b = np.nonzero((gap >= 1) & (gap <= max_gap) & free[None, :])
        if not len(a):
            continue
        sims = np.asarray(matrix[group[block]], dtype=np.float32) @ np.asarray(matrix[group], dtype=np.float32).T
        close = sims[a, b] >= min_cosine
        earlier, later = group[block][a[close]], group[b[close]]
        pairs.extend((int(e), int(x)) for e, x in zip(earlier, later, strict=True) if title_keys[e] != title_keys[x])
    return pairs


def _names(overview: str) -> set[str]:
    """The capitalised words of an overview of three letters or more, possessives dropped."""
    found = (_POSSESSIVE.sub("", w) for w in _CAPITALISED.findall(overview))
    return {w for w in found if len(w) >= 3}


def _rare_names(names: set[str], overviews: Sequence[str], max_films: int) -> set[str]:
    """Of ``names``, those no overview uses in lower case and at most ``max_films`` overviews name."""
    wanted = {n.encode() for n in names} | {n.lower().encode() for n in names}
    films = _films_using(wanted, overviews)
    return {n for n in names if films[n.encode()] <= max_films and films[n.lower().encode()] == 0}


def _films_using(words: set[bytes], overviews: Sequence[str]) -> Counter[bytes]:
    """Of ``words`` (UTF-8), how many overviews use each, possessives and punctuation dropped.
    Byte-level C string and set methods only: about 0.2 s for 44k films."""
    text = "\x00".join(overviews)
    for mark in "“”‘…":
        text = text.replace(mark, " ")
    blob = text.encode().translate(_PUNCTUATION).replace(b"'s ", b" ").replace("’s ".encode(), b" ")
    return Counter(chain.from_iterable(map(words.intersection, map(bytes.split, blob.split(b"\x00")))))
