"""Film series: which films belong together and in what order.

A series is the catalog's ``collection`` where it has one; otherwise it is found in the
titles: a base title followed by a sequel mark — a number ("Toy Story 2"), a Roman
numeral ("Rocky IV"), "Part II" / "Chapter 3" — or a subtitle after a colon
("Mission: Impossible – Fallout" is not, "Alien: Resurrection" is when "Alien" exists).
A title group only counts as a series when the original (the bare base title) is in the
catalog and at least one other film carries a sequel mark or a subtitle after it. Once a series
of a base of two words or more is known, a later film whose title only continues that base
joins it too ("Step Up Revolution" after "Step Up" and "Step Up 2: The Streets", "Die Hard with
a Vengeance"); a one-word base does not ("Alien Nation" is not an Alien film).

Order within a series is release year, then the part number (the original counts as 1); films
of one year and part follow the databases' ids (TMDB and IMDb ids are assigned as films are
announced: *The Matrix Reloaded* before *Revolutions*), then the catalog row: no two films of a
series share a place (``untie_order``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cmp_to_key

import numpy as np

from .models import Movie

_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_PART = re.compile(r"^(?P<base>.+?)[\s:,-]+(?:part|chapter|episode|vol\.?|volume)\s+(?P<n>\d+|[ivx]+)\b.*$")
_NUMBER = re.compile(r"^(?P<base>.+?)\s+(?P<n>\d{1,2}|[ivx]+)$")
_ARTICLE = re.compile(r"^(the|a|an)\s+")


def normalize_title(title: str) -> str:
    """Lower case, accents and punctuation dropped, leading article removed: a title's identity."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[^\w\s:]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return _ARTICLE.sub("", text)


def key_words(key: str) -> list[str]:
    """The words of a normalized title (``normalize_title``), its colons read as spaces."""
    return key.replace(":", " ").split()


def _part_number(token: str) -> int | None:
    token = token.strip(". ").casefold()
    if token.isdigit():
        n = int(token)
        return n if 1 <= n <= 20 else None
    return _ROMAN.get(token)


def sequel_mark(title: str) -> tuple[str, int | None]:
    """The base title and part number a title announces ("Rocky IV" → ("rocky", 4), "Step Up 2:
    The Streets" → ("step up", 2)); another subtitle after a colon is dropped (part None); a
    plain title gives (title, None)."""
    norm = normalize_title(title)
    flat = norm.replace(":", " ")
    for pattern in (_PART, _NUMBER):
        m = pattern.match(re.sub(r"\s+", " ", flat))
        if m:
            n = _part_number(m.group("n"))
            if n is not None and (n >= 2 or pattern is _PART):
                return m.group("base").strip(), n
    if ":" in norm:
        head = norm.split(":", 1)[0].strip()
        m = _NUMBER.match(head)  # a numbered part with a subtitle ("Step Up 2: The Streets")
        n = _part_number(m.group("n")) if m else None
        if m and n is not None and n >= 2:
            return m.group("base").strip(), n
        return head, None
    return flat.strip(), None


@dataclass(frozen=True)
class SeriesIndex:
    """Per catalog row: series number (-1 none), position in it, and the series' names."""

    ids: np.ndarray  # int32, -1 when the film is not part of a series
    order: np.ndarray  # float64: sort key within the series (year, then part)
    names: tuple[str, ...]

    @classmethod
    def none(cls, n: int) -> SeriesIndex:
        return cls(np.full(n, -1, dtype=np.int32), np.zeros(n), ())

    def members(self, series: int) -> np.ndarray:
        """The rows of one series in order."""
        rows = np.flatnonzero(self.ids == series)
        return rows[np.argsort(self.order[rows], kind="stable")]

    def per_series_max(self, values: np.ndarray) -> np.ndarray:
        """Per series number, the largest of ``values`` (one per row) over its members;
        ``-inf`` for a series without members. Same result as ``np.maximum.at``, without its cost."""
        grouped = self.__dict__.get("_grouped")
        if grouped is None:  # member rows sorted by series, and where each series starts
            member = np.flatnonzero(self.ids >= 0)
            rows = member[np.argsort(self.ids[member], kind="stable")]
            sids = self.ids[rows]
            starts = np.flatnonzero(np.r_[True, sids[1:] != sids[:-1]]) if len(rows) else np.empty(0, np.int64)
            grouped = (rows, starts, sids[starts], int(self.ids.max()) + 1 if len(rows) else 0)
            object.__setattr__(self, "_grouped", grouped)
        rows, starts, present, n_series = grouped
        out = np.full(n_series, -np.inf, dtype=np.float64)
        if len(rows):
            out[present] = np.maximum.reduceat(np.asarray(values, dtype=np.float64)[rows], starts)
        return out


def build_series(movies: Sequence[Movie]) -> SeriesIndex:
    """Find the series among ``movies`` (row ``i`` is ``movies[i]``)."""
    n = len(movies)
    keys: list[str | None] = [None] * n
    parts: list[int | None] = [None] * n
    by_base: dict[str, list[int]] = defaultdict(list)
    marked: dict[str, bool] = defaultdict(bool)
    original: dict[str, bool] = defaultdict(bool)
    collection_of: dict[str, str] = {}  # a base title → the collection a film of that title names
    for i, m in enumerate(movies):
        base, part = sequel_mark(m.title)
        parts[i] = part
        if m.collection:
            key = "c:" + normalize_title(m.collection)
            keys[i] = key
            collection_of.setdefault(base, key)
            continue
        by_base[base].append(i)
        norm = normalize_title(m.title)
        if part is not None or ":" in norm:
            marked[base] = True
        elif norm == base:
            original[base] = True
    for base, rows in by_base.items():
        if base in collection_of:  # the same series from a catalog without collections
            for i in rows:
                keys[i] = collection_of[base]
        elif len(rows) >= 2 and marked[base] and original[base] and len(base) >= 3:
            for i in rows:
                keys[i] = "t:" + base
    _join_continued_titles(movies, keys)
    names: dict[str, int] = {}
    ids = np.full(n, -1, dtype=np.int32)
    order = np.zeros(n, dtype=np.float64)
    for i, series_key in enumerate(keys):
        if series_key is None:
            continue
        ids[i] = names.setdefault(series_key, len(names))
        year = movies[i].year or 9999
        order[i] = year * 100 + (parts[i] or 1)
    counts = np.bincount(ids[ids >= 0], minlength=max(len(names), 1))
    lonely = (ids >= 0) & (counts[np.maximum(ids, 0)] < 2)
    ids[lonely] = -1
    return untie_order(SeriesIndex(ids, order, tuple(k[2:] for k in names)), movies)


def untie_order(index: SeriesIndex, movies: Sequence[Movie]) -> SeriesIndex:
    """``index`` with no two films of one series at the same place: films of one year and part
    follow their TMDB ids where both have one, else their IMDb ids, else the catalog row (each
    tie moves by a fraction below 1, so it stays before the next part)."""
    member = np.flatnonzero(index.ids >= 0)
    rows = member[np.lexsort((member, index.order[member], index.ids[member]))]
    sids, keys = index.ids[rows], index.order[rows]
    tied = (sids[1:] == sids[:-1]) & (keys[1:] == keys[:-1])
    if not tied.any():
        return index
    order = index.order.copy()

    def earlier(a: int, b: int) -> int:
        return _announced(movies, a, b)

    announced = cmp_to_key(earlier)
    starts = np.flatnonzero(np.r_[True, ~tied])
    for start, end in zip(starts.tolist(), np.r_[starts[1:], len(rows)].tolist(), strict=True):
        if end - start < 2:
            continue
        group: list[int] = sorted(rows[start:end].tolist(), key=announced)
        for k, row in enumerate(group):
            order[row] += k / len(group)
    return SeriesIndex(index.ids, order, index.names)


def _announced(movies: Sequence[Movie], a: int, b: int) -> int:
    """Negative when row ``a`` was announced before row ``b`` by the ids both films carry
    (TMDB first, then IMDb), else by catalog row."""
    ma, mb = movies[a], movies[b]
    pairs = ((ma.tmdb_id, mb.tmdb_id), (_imdb_number(ma.imdb_id), _imdb_number(mb.imdb_id)))
    for x, y in pairs:
        if x and y and x != y:
            return -1 if x < y else 1
    return a - b


def _imdb_number(imdb_id: str | None) -> int | None:
    """``"tt0234215"`` → 234215; None when absent or malformed."""
    m = re.fullmatch(r"tt(\d+)", (imdb_id or "").strip())
    return int(m.group(1)) if m else None


def _join_continued_titles(movies: Sequence[Movie], keys: list[str | None]) -> None:
    """In place: a film outside any series whose title starts with the words of a known
    series' base (two words or more) and that came out no earlier than that series' first
    film joins the series ("Step Up Revolution" → "step up")."""
    first_year: dict[str, int] = {}
    base_key: dict[tuple[str, ...], str] = {}
    for i, key in enumerate(keys):
        if key is None:
            continue
        first_year[key] = min(first_year.get(key, 9999), movies[i].year or 9999)
        base, _ = sequel_mark(movies[i].title)
        words = tuple(base.split())
        if len(words) >= 2:
            base_key.setdefault(words, key)
    if not base_key:
        return
    longest = max(len(w) for w in base_key)
    for i, key in enumerate(keys):
        if key is not None:
            continue
        words = tuple(key_words(normalize_title(movies[i].title)))
        for size in range(min(longest, len(words) - 1), 1, -1):  # the longest base first
            found = base_key.get(words[:size])
            if found is not None and (movies[i].year or 0) >= first_year[found]:
                keys[i] = found
                break


def series_mask(index: SeriesIndex, seen: np.ndarray, disliked: np.ndarray) -> np.ndarray:
    """True for rows a recommendation may show: a film outside any series, or the first
    film of its series the person has not seen — unless they disliked a film of it.

    ``seen`` / ``disliked``: boolean per row (watched, liked or rated; disliked or rated low).
    """
    key = np.packbits(seen).tobytes() + np.packbits(disliked).tobytes()
    last = index.__dict__.get("_last_mask")
    if last is not None and last[0] == key:  # shelves ask again for the same history
        return np.array(last[1])
    ok = _series_mask(index, seen, disliked)
    object.__setattr__(index, "_last_mask", (key, ok.copy()))
    return ok


def _series_mask(index: SeriesIndex, seen: np.ndarray, disliked: np.ndarray) -> np.ndarray:
    ok = index.ids < 0
    if not (index.ids >= 0).any():
        return np.ones(len(index.ids), dtype=bool)
    n_series = int(index.ids.max()) + 1
    in_series = np.flatnonzero(index.ids >= 0)
    sid = index.ids[in_series]
    bad = np.zeros(n_series, dtype=bool)
    bad[index.ids[disliked & (index.ids >= 0)]] = True
    # the first unseen member: the smallest order among unseen rows of each series
    first = -index.per_series_max(np.where(seen, -np.inf, -index.order))
    is_first = (~seen[in_series]) & (index.order[in_series] == first[sid]) & ~bad[sid]
    _, one = np.unique(sid[is_first], return_index=True)  # never two "firsts" of one series
    ok[in_series[is_first][one]] = True
    return ok


def join_tagged_sequels(
    index: SeriesIndex,
    keywords: Sequence[Sequence[str]],
    title_keys: Sequence[str],
    years: np.ndarray,
    matrix: np.ndarray,
    min_cosine: float = 0.55,
) -> SeriesIndex:
    """``index`` with the films a catalog tags "sequel" but no title or collection places:
    such a film continues the earlier film whose normalized title starts with the same word and
    whose plot is closest to its own (cosine ≥ ``min_cosine``), joining that film's series or
    starting one with it ("American Reunion" → the American Pie films, "Superman Returns" →
    Superman). Without the tag nothing is guessed: a shared first word alone says little."""
    tagged = [i for i, tags in enumerate(keywords)
              if index.ids[i] < 0 and years[i] >= 0 and any(t.casefold() == "sequel" for t in tags)]
    if not tagged:
        return index
    first = [key_words(key)[:1] for key in title_keys]
    wanted = {first[i][0] for i in tagged if first[i]}
    by_word: dict[str, list[int]] = defaultdict(list)
    for j, w in enumerate(first):
        if w and w[0] in wanted:
            by_word[w[0]].append(j)
    pairs: list[tuple[int, int]] = []
    for i in tagged:
        if not first[i]:
            continue
        cand = np.array([j for j in by_word[first[i][0]] if j != i and 0 <= years[j] < years[i]], dtype=np.int64)
        if len(cand) == 0:
            continue
        sims = matrix[cand] @ matrix[i]
        best = int(np.argmax(sims))
        if float(sims[best]) >= min_cosine:
            pairs.append((int(cand[best]), i))
    return joined(index, pairs, years, title_keys)


def joined(
    index: SeriesIndex, pairs: Sequence[tuple[int, int]], years: np.ndarray, title_keys: Sequence[str]
) -> SeriesIndex:
    """``index`` with each (earlier, later) row pair in one series, in the given order: the later
    film joins the earlier one's series, or both start one named after the earlier title; a film
    placed this way is ordered by its year alone (``untie_order`` settles ties)."""
    if not pairs:
        return index
    ids, order = index.ids.copy(), index.order.copy()
    names = list(index.names)
    for j, i in pairs:
        if ids[j] < 0:
            ids[j] = len(names)
            names.append(title_keys[j])
            order[j] = float(years[j]) * 100 + 1
        ids[i] = ids[j]
        order[i] = float(years[i]) * 100 + 1
    return SeriesIndex(ids, order, tuple(names))
