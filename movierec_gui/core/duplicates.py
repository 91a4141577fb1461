"""One film under two records of different catalog sources, with no shared id or title.

A merged catalog holds some films twice under other names: *Drunken Master II* (starter) and
*The Legend of Drunken Master* (TMDB), *Borat* and *Borat: Cultural Learnings of America …*,
*Les Visiteurs* and *The Visitors*. Two records are one film when they come from different
sources, their titles (or original titles; articles, "of", part numbers aside) have the same
words and their years are within one of each other — or the words of one are all in the other's
and the year is the same — their plot vectors are close (``min_cosine``) and, where both name
directors, they share one. Remakes and sequels stay apart: a remake is years away; a sequel with
a subtitle comes out in a later year (*The Hunger Games* / *…: Catching Fire*); parts with
different numbers never merge, and neither does a numbered part with the bare title of its
series (*Scream* / *Scream 2*, *Friday the 13th Part 2*).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .series import key_words, sequel_mark

_MAYBE_PART = re.compile(r"\b(?:\d{1,2}|[ivx]+|part|chapter|episode|vol|volume)\b")  # else no part number
_STOP = frozenset("the a an of and in on to at la le les el de der die das".split())


def title_words(key: str) -> tuple[frozenset[str], int | None]:
    """The words of a normalized title without its part number, and the part number (None if none)."""
    base, part = sequel_mark(key) if _MAYBE_PART.search(key) else (key, None)
    text = base if part is not None else key
    return frozenset(key_words(text)) - _STOP, part


def same_film_pairs(
    title_keys: Sequence[str],
    original_keys: Sequence[str],
    years: np.ndarray,
    sources: Sequence[str],
    directors: Sequence[Sequence[str]] | None,
    matrix: np.ndarray,
    min_cosine: float = 0.65,
) -> list[tuple[int, int]]:
    """Row pairs that are one film (see the module); titles are normalized (``series.normalize_title``)."""
    n = len(title_keys)
    names: list[list[tuple[frozenset[str], int | None]]] = []
    postings: dict[tuple[str, int], list[int]] = {}
    freq: dict[str, int] = {}
    for i in range(n):
        own = [title_words(k) for k in dict.fromkeys((title_keys[i], original_keys[i])) if k]
        names.append([x for x in own if x[0]])
        y = int(years[i])
        if y < 0 or not sources[i]:
            continue
        for w in {w for words, _ in names[i] for w in words}:
            postings.setdefault((w, y), []).append(i)
            freq[w] = freq.get(w, 0) + 1
    seen: set[tuple[int, int]] = set()
    for i in range(n):
        y = int(years[i])
        if y < 0 or not sources[i]:
            continue
        for words, _ in names[i]:
            # every word of this title must be in the other's: look only where its rarest word is
            rare = min(words, key=lambda w: freq.get(w, 0))
            for dy in (-1, 0, 1):
                for j in postings.get((rare, y + dy), ()):
                    if j != i and sources[j] != sources[i] \
                            and any(words == other or (dy == 0 and words < other) for other, _ in names[j]):
                        seen.add((min(i, j), max(i, j)))
    if not seen:
        return []
    pairs = np.array(sorted(seen), dtype=np.int64)
    close = np.einsum("ij,ij->i", matrix[pairs[:, 0]], matrix[pairs[:, 1]]) >= min_cosine
    return [(i, j) for i, j in pairs[close].tolist() if _one_film(names[i], names[j], i, j, directors)]


def _one_film(
    a: list[tuple[frozenset[str], int | None]],
    b: list[tuple[frozenset[str], int | None]],
    i: int,
    j: int,
    directors: Sequence[Sequence[str]] | None,
) -> bool:
    """Whether two title-and-plot matches ``i``, ``j`` may be one film: not two numbered parts, not a
    bare title and its part 2, not films of different directors."""
    for wa, pa in a:
        for wb, pb in b:
            if pa != pb and (pa is not None and pb is not None):
                return False  # parts 2 and 3
            if pa != pb and (wa == wb):
                return False  # the bare title and its part 2
    if directors is None or not directors[i] or not directors[j]:
        return True  # no credits on one side: the title and plot decide
    return bool({d.casefold() for d in directors[i]} & {d.casefold() for d in directors[j]})
