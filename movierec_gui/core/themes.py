"""A taste in themes: the catalog's theme tags (keywords) that the liked films share.

"heist", "trial", "christmas", "mockumentary", "jane austen": a theme most of a person's
favourites carry says what their plots only hint at. Tags are read two ways. Word by word,
since catalogs spell one theme many ways ("prison", "prison escape", "turkish prison"),
common filler words aside; and a tag of several words also as one whole theme ("time
travel", "jane austen", "regency england"), since its words alone blur ("england",
"time"). Where a whole tag is a theme of the person, its words do not count again from that
tag (the words of "regency england" would bring every film tagged "england"). Terms are many
and sparse, so the index maps each to its rows (no dense matrix); a person's themes are the
terms at least ``min_liked`` liked films hold, lifted by how much more often those films
carry them than the catalog does. A *defining* tag is narrower: one exact tag most liked films
carry and few catalog films do ("mockumentary" on six of seven favourites), read whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_PLAIN = frozenset("based with from into their about after before over under woman women director film films movie "
                   "story life love relationship friendship family young small".split())
#: Whole tags that say nothing about a taste (TMDB's credit markers, the commonest sources).
_PLAIN_TAGS = frozenset({"duringcreditsstinger", "aftercreditsstinger", "based on novel", "based on novel or book",
                         "independent film", "woman director", "based on true story", "based on a true story",
                         "sequel", "remake", "biography"})


_NO_ROWS = np.empty(0, dtype=np.int64)


def _words(tag: str) -> list[str]:
    return [w for w in _WORD.findall(tag) if w not in _PLAIN]


def tag_words(tag: str) -> list[str]:
    """The words of ``tag`` a theme is read by (lower-case, filler words aside)."""
    return _words(tag.casefold())


def _whole(tag: str) -> str:
    """A tag as one theme (lower-cased, spaces squeezed); "" for a plain or one-word tag."""
    text = " ".join(tag.split())
    return text if " " in text and text not in _PLAIN_TAGS and _words(text) else ""


class ThemeIndex:
    """Rows per theme term (lower-cased word, or whole tag of several words), for the tags of
    ``keywords`` (row ``i``: film ``i``'s tags)."""

    def __init__(self, keywords: Sequence[Sequence[str]]) -> None:
        rows: dict[str, list[int]] = {}
        self.row_tags: list[tuple[str, ...]] = []  # words
        self.row_whole: list[tuple[tuple[str, tuple[str, ...]], ...]] = []  # (whole tag, its words)
        self.row_exact: list[frozenset[str]] = []  # the tags themselves, lower-cased: what a reason may quote
        for i, tags in enumerate(keywords):
            folded = [t.casefold() for t in tags]
            # by word: "prison escape", "turkish prison", "prison guard" all say "prison"
            own = tuple(dict.fromkeys(w for t in folded for w in _words(t)))
            whole = tuple({w: tuple(_words(w)) for w in map(_whole, folded) if w}.items())
            self.row_exact.append(frozenset(" ".join(t.split()) for t in folded))
            self.row_tags.append(own)
            self.row_whole.append(whole)
            for t in own + tuple(w for w, _ in whole):
                rows.setdefault(t, []).append(i)
        self.rows = {t: np.array(r, dtype=np.int64) for t, r in rows.items()}
        self.n_rows = len(keywords)

    def lifts(
        self, liked: np.ndarray, weights: np.ndarray, min_liked: int = 2, min_share: float = 0.2,
        whole: float = 0.0,
    ) -> dict[str, float]:
        """The person's themes: term → lift (its weighted share among the liked films minus its
        share of the catalog), for terms at least ``min_liked`` liked films and a ``min_share`` of
        them carry. ``whole`` > 0: tags of several words count as themes of their own too, their
        lifts times ``whole``."""
        total = float(weights.sum())
        if len(liked) == 0 or total <= 0 or self.n_rows == 0:
            return {}
        pairs = list(zip(np.asarray(liked).tolist(), np.asarray(weights, dtype=np.float64).tolist(), strict=True))
        themes: dict[str, float] = {}
        covered: set[str] = set()
        if whole:
            tags = ((row, w, [t for t, _ in self.row_whole[row]]) for row, w in pairs)
            themes = {t: whole * lift for t, lift in self._count(tags, total, min_liked, min_share).items()}
            covered = set(themes)
        words = []
        for row, w in pairs:  # the words of a whole tag that is a theme already count as that tag
            shadow = {x for t, ws in self.row_whole[row] if t in covered for x in ws}
            words.append((row, w, [t for t in self.row_tags[row] if t not in shadow]))
        themes.update(self._count(words, total, min_liked, min_share))
        return themes

    def _count(
        self, films: Iterable[tuple[int, float, list[str]]], total: float, min_liked: int, min_share: float
    ) -> dict[str, float]:
        count: dict[str, int] = {}
        weight: dict[str, float] = {}
        for _row, w, terms in films:
            for t in terms:
                count[t] = count.get(t, 0) + 1
                weight[t] = weight.get(t, 0.0) + w
        out: dict[str, float] = {}
        for t, c in count.items():
            share = weight[t] / total
            if c < min_liked or share < min_share:
                continue
            lift = share - len(self.rows[t]) / self.n_rows
            if lift > 0:
                out[t] = lift
        return out

    def affinity_of(self, lifts: dict[str, float]) -> np.ndarray:
        """0–1 per row: the summed lifts of the themes it carries (capped at 1)."""
        out = np.zeros(self.n_rows, dtype=np.float32)
        for t, lift in lifts.items():
            out[self.rows[t]] += np.float32(lift)
        np.minimum(out, 1.0, out=out)
        return out

    def affinity(
        self, liked: np.ndarray, weights: np.ndarray, min_liked: int = 2, min_share: float = 0.2, whole: float = 0.0
    ) -> np.ndarray:
        """0–1 per row: the summed lift of the themes it shares with the liked films (capped at 1).
        A theme counts when at least ``min_liked`` liked films and a ``min_share`` (weighted) of
        them carry it; its lift is that share minus its share of the catalog."""
        return self.affinity_of(self.lifts(liked, weights, min_liked, min_share, whole))

    def _exact(self) -> _ExactTags:
        """The exact tags as ids per row (made on first use, once per catalog)."""
        exact = self.__dict__.get("_exact_tags")
        if exact is None:
            exact = _ExactTags(self.row_exact)
            self.__dict__["_exact_tags"] = exact
        out: _ExactTags = exact
        return out

    def exact_rows(self, tag: str) -> np.ndarray:
        """Rows carrying ``tag`` itself (lower-cased, spaces squeezed), not only its words."""
        return self._exact().rows_of(tag)

    def defining(
        self, liked: np.ndarray, weights: np.ndarray, min_share: float = 0.5, min_liked: int = 3,
        max_rate: float = 0.02,
    ) -> dict[str, tuple[float, int]]:
        """The person's defining tags: tag → (weighted share of the liked films, how many carry it)
        for exact catalog tags ("mockumentary", "jane austen") that at least ``min_liked`` liked
        films and a ``min_share`` of them carry, and at most a ``max_rate`` of the catalog: a
        taste the tag names, where a word of it ("england", "time") would blur."""
        total = float(weights.sum())
        if len(liked) == 0 or total <= 0 or self.n_rows == 0:
            return {}
        exact = self._exact()
        ids, w = exact.ids_of(np.asarray(liked, dtype=np.int64), np.asarray(weights, dtype=np.float64))
        if not len(ids):
            return {}
        count = np.bincount(ids, minlength=len(exact.names))
        share = np.bincount(ids, w, minlength=len(exact.names)) / total
        ok = (count >= min_liked) & (share >= min_share) & exact.eligible & (exact.counts <= max_rate * self.n_rows)
        return {exact.names[t]: (float(share[t]), int(count[t])) for t in np.flatnonzero(ok).tolist()}

    def quotable(self, tag: str, max_rate: float = 0.02) -> bool:
        """Whether ``tag`` may be quoted to a person as what their films share: a tag, not a plain
        marker, that at most ``max_rate`` of the catalog carries ("mockumentary", "dystopia"; not
        "murder" or "new york", which say little of a taste)."""
        exact = self._exact()
        t = exact.id_of(tag)
        return t is not None and bool(exact.eligible[t]) and int(exact.counts[t]) <= max_rate * self.n_rows

    def carries(self, row: int, term: str) -> bool:
        """Whether film ``row`` has ``term`` as one of its tags (not only as a word inside one)."""
        return term in self.row_exact[row]


class _ExactTags:
    """Each row's exact tags as integer ids (CSR), with each tag's catalog count and whether it
    may define a taste (not a plain marker such as "based on novel")."""

    def __init__(self, row_exact: Sequence[frozenset[str]]) -> None:
        ids: dict[str, int] = {}
        flat: list[int] = []
        indptr = [0]
        for tags in row_exact:
            flat.extend(ids.setdefault(t, len(ids)) for t in sorted(tags) if t)
            indptr.append(len(flat))
        self.names = list(ids)
        self._by_name = ids
        self.ids = np.array(flat, dtype=np.int64)
        self.indptr = np.array(indptr, dtype=np.int64)
        self.counts = np.bincount(self.ids, minlength=len(self.names))
        self.eligible = np.array([t not in _PLAIN_TAGS and bool(_words(t)) for t in self.names], dtype=bool)
        order = np.argsort(self.ids, kind="stable")
        self._rows_sorted = np.repeat(np.arange(len(row_exact), dtype=np.int64), np.diff(self.indptr))[order]
        self._starts = np.concatenate([[0], np.cumsum(self.counts)]).astype(np.int64)

    def id_of(self, tag: str) -> int | None:
        """The id of ``tag`` (lower-cased), None when no film carries it."""
        return self._by_name.get(tag)

    def rows_of(self, tag: str) -> np.ndarray:
        """Rows carrying ``tag``."""
        t = self.id_of(tag)
        if t is None:
            return _NO_ROWS
        out: np.ndarray = self._rows_sorted[self._starts[t] : self._starts[t + 1]]
        return out

    def ids_of(self, rows: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The tag ids of ``rows``, each with its row's weight."""
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lens = ends - starts
        total = int(lens.sum())
        offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lens) - lens, lens)
        return self.ids[np.repeat(starts, lens) + offsets], np.repeat(weights, lens)
