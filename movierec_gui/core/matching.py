"""Match a film named by an outside file (title, year, maybe ids) to one catalog film.

Order of evidence: an IMDb or TMDb id (exact), then the normalized title with the same
year, then the same title one year off (release dates differ between sources), then a
fuzzy title (``rapidfuzz``) within a year of the given one. Several equally good
candidates make the match *ambiguous*: it is reported with the candidates, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from .catalog import Catalog
from .models import Movie
from .text import normalize_title

#: A fuzzy title must score at least this (rapidfuzz ``ratio``, 0–100) to count.
FUZZY_CUTOFF = 90.0
#: …and beat the runner-up by this much to be taken without asking.
FUZZY_MARGIN = 3.0


class MatchStatus(str, Enum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    MISSING = "missing"


@dataclass(frozen=True)
class Match:
    status: MatchStatus
    movie_id: int | None = None
    candidates: tuple[int, ...] = ()
    how: str = ""  # "imdb", "tmdb", "title", "title±1", "fuzzy"


@dataclass
class TitleMatcher:
    """An in-memory index of the catalog's titles (built once per import)."""

    catalog: Catalog
    _by_key: dict[str, list[int]] = field(default_factory=dict, init=False)
    _by_year: dict[int, tuple[list[str], list[int]]] = field(default_factory=dict, init=False)
    _all: tuple[list[str], list[int]] = field(default_factory=lambda: ([], []), init=False)
    _years: dict[int, int] = field(default_factory=dict, init=False)
    _rank: dict[int, float] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        keys, ids = self.catalog.title_index()
        arrays = self.catalog.arrays()
        self._years = {int(m): int(y) for m, y in zip(arrays.ids, arrays.years, strict=True)}
        self._rank = {int(m): float(r) for m, r in zip(arrays.ids, arrays.renown, strict=True)}
        self._all = (keys, ids)
        for key, mid in zip(keys, ids, strict=True):
            self._by_key.setdefault(key, []).append(mid)
            year = self._years.get(mid, -1)
            bucket = self._by_year.setdefault(year, ([], []))
            bucket[0].append(key)
            bucket[1].append(mid)

    def match(
        self, title: str, year: int | None = None, tmdb_id: int | None = None, imdb_id: str | None = None
    ) -> Match:
        if tmdb_id is not None or imdb_id:
            movie = self.catalog.by_external_id(tmdb_id=tmdb_id, imdb_id=imdb_id)
            if movie is not None:
                return Match(MatchStatus.MATCHED, movie.id, (movie.id,), "tmdb" if movie.tmdb_id == tmdb_id else "imdb")
        key = normalize_title(title)
        if not key:
            return Match(MatchStatus.MISSING)
        same = list(dict.fromkeys(self._by_key.get(key, [])))
        if year is None:
            return self._decide(same, "title")
        for slack, how in ((0, "title"), (1, "title±1")):
            near = [m for m in same if self._years.get(m, -1) >= 0 and abs(self._years[m] - year) <= slack]
            if near:
                return self._decide(near, how)
        fuzzy = self._fuzzy(key, year)
        if fuzzy.status is not MatchStatus.MISSING:
            return fuzzy
        # The title exists only in other years: not this film, but worth naming as a hint.
        return Match(MatchStatus.MISSING, None, self._ordered(same))

    def _decide(self, found: list[int], how: str) -> Match:
        ids = self._ordered(found)
        if not ids:
            return Match(MatchStatus.MISSING)
        if len(ids) == 1:
            return Match(MatchStatus.MATCHED, ids[0], tuple(ids), how)
        return Match(MatchStatus.AMBIGUOUS, None, tuple(ids))

    def _fuzzy(self, key: str, year: int) -> Match:
        from rapidfuzz import fuzz, process

        keys: list[str] = []
        ids: list[int] = []
        for y in (year - 1, year, year + 1):
            k, i = self._by_year.get(y, ([], []))
            keys += k
            ids += i
        if not keys:
            return Match(MatchStatus.MISSING)
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
        best: dict[int, float] = {}
        for _, score, idx in found:
            best[ids[idx]] = max(best.get(ids[idx], 0.0), float(score))
        if not best:
            return Match(MatchStatus.MISSING)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], abs(self._years.get(kv[0], year) - year)))
        if len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= FUZZY_MARGIN:
            return Match(MatchStatus.MATCHED, ranked[0][0], tuple(m for m, _ in ranked), "fuzzy")
        return Match(MatchStatus.AMBIGUOUS, None, tuple(m for m, _ in ranked))

    def _ordered(self, ids: list[int] | tuple[int, ...]) -> tuple[int, ...]:
        """Best-known first, so the candidates a user sees start with the likely one."""
        return tuple(sorted(dict.fromkeys(ids), key=lambda m: (-self._rank.get(m, 0.0), self._years.get(m, 0), m)))


#: A "did you mean" suggestion must score at least this (rapidfuzz ``ratio``).
SUGGEST_CUTOFF = 72.0


def did_you_mean(catalog: Catalog, title: str, limit: int = 3) -> list[Movie]:
    """Films whose titles come close to ``title``, best first (for "no such film" messages)."""
    from rapidfuzz import fuzz, process

    keys, ids = catalog.title_index()
    best = process.extract(normalize_title(title), keys, scorer=fuzz.ratio, limit=limit, score_cutoff=SUGGEST_CUTOFF)
    movies = catalog.get_many(ids[i] for _, _, i in best)
    return [movies[ids[i]] for _, _, i in best if ids[i] in movies]


# ----------------------------------------------------------------------------- typed titles
#: Number words and Roman numerals read as digits ("Two", "II" and "2" are one sequel).
_NUMBERS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "twenty": "20",
    "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
    "ix": "9", "x": "10", "first": "1", "second": "2", "third": "3",
}
#: Words a title key leaves out: articles (with the common "the" typos "teh" and "hte") and part words.
_ARTICLE_WORDS = frozenset({"the", "teh", "hte", "a", "an", "part", "chapter", "episode", "vol", "volume"})
_PART_WORDS = frozenset({"part", "chapter", "episode", "vol", "volume"})
_MAYBE_SUBTITLE = re.compile(r"[:(–—-]|\bor,|\b[Pp]art\b|\b[Cc]hapter\b")
_SUBTITLE = re.compile(r"\s*(?::|\s[-–—]\s|\(|\bor,|\bpart\b|\bchapter\b)")
_YEAR_TAIL = re.compile(r"^(?P<t>.+?)[\s,]*[(\[]?(?P<y>(?:18|19|20)\d\d)[)\]]?$")
#: Strength of a title match (0–1): exact key, then a title without its subtitle, then a subtitle alone
#: ("Catching Fire", "Twilight Eclipse"), then typos.
EXACT, MAIN_TITLE, SUBTITLE_ONLY, PER_EDIT = 1.0, 0.96, 0.93, 0.05
#: What a stored key holds: the whole title, the title without its subtitle, or the subtitle (alone or
#: after the series' name without its filler words).
FULL, MAIN, PART = 0, 1, 2
_STRENGTH = {FULL: EXACT, MAIN: MAIN_TITLE, PART: SUBTITLE_ONLY}
#: A number after a series' name ("Madagascar 2") names its n-th film: this much, above the first film's
#: one-edit match.
NTH_OF_SERIES = 0.97
#: Keys longer than this (spaces and articles dropped) are descriptions: matched exactly only.
MAX_FUZZY_KEY = 60
#: A subtitle alone is a key only with this many letters and two words besides articles and part words
#: ("Catching Fire", "Dead Man's Chest"; not "Impossible", "Part One", "The Movie", nor phrases people
#: search a theme by: "Civil War", "Final Days"), and not a description ("A Love Story").
MIN_SUBTITLE_LETTERS = 10
#: Words of a series' name people leave out before a subtitle ("The Twilight Saga: Eclipse" → "Twilight Eclipse").
_SERIES_FILLER = frozenset({"saga", "chronicles", "of"})
#: A trailing word people add to a title ("jaws movie"); not taken off a kind of film ("a heist movie").
_FILM_WORDS = frozenset({"movie", "film"})
_KIND_WORDS = frozenset(
    "a an any some war heist monster kids holiday ghost zombie horror comedy romance western action drama crime "
    "thriller mystery fantasy musical animated animation documentary family christmas spy disaster sports "
    "superhero vampire noir gangster samurai slasher teen".split()
)
#: A numeral written inside its own word ("Se7en", "Thir13en") is that number; else a digit is a letter ("M3GAN").
_NUMBER_WORDS = {"7": "seven", "13": "thirteen", "8": "eight", "9": "nine", "4": "four", "2": "two", "3": "three"}
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
#: How a key sounds: spellings of one sound made one ("Psyco", "Exorsist", "Grees" sound like the titles),
#: a run of vowels its first ("ea" is "e": "heist" still differs from "host"), doubled letters single.
#: Kept for keys of MIN_SOUND_KEY–MAX_SOUND_KEY letters.
_SOFT_C = re.compile(r"c(?=[eiy])")
_SILENT_H = re.compile(r"(?<=[^aeiouy\d])h")
_FINAL_E = re.compile(r"(?<=[^aeiouy\d])e$")
_SOUND_LETTERS = str.maketrans("cqzy", "kksi")
_VOWEL_RUNS = re.compile(r"([aeiou])[aeiou]+")
_RUNS = re.compile(r"(.)\1+")
MIN_SOUND_KEY, MAX_SOUND_KEY = 5, 20
_LETTERS_AND_DIGITS = re.compile(r"^(?P<p>[a-z]*)(?P<d>\d+)(?P<s>[a-z]*)$")


def title_key(title: str) -> str:
    """A spelling-proof key: accents, case, punctuation, articles and spaces dropped, numbers as digits."""
    return _key_of_words(normalize_title(title).split())


def _key_of_words(words: list[str]) -> str:
    words = _spelled_numbers(words)
    digits = [_NUMBERS.get(w, w) for w in words]
    for i in range(1, len(words)):  # "Episode I", "Part I": a Roman one only after such a word (not "I")
        if words[i] == "i" and words[i - 1] in _PART_WORDS:
            digits[i] = "1"
    kept = [w for w in digits if w not in _ARTICLE_WORDS]
    return "".join(kept or digits)


_UNITS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}


def _spelled_numbers(words: list[str]) -> list[str]:
    """Numbers spelled in words as one number: "forty" = "40", "twenty one" = "21", "three hundred" = "300",
    "two thousand one" = "2001". Two small numbers side by side stay apart ("three ten" is "3:10")."""
    if not any(w in _UNITS or w in _TENS for w in words):
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        n, j = _number_at(words, i)
        if j == i:
            out.append(words[i])
            i += 1
            continue
        if j < len(words) and words[j] == "hundred" and 0 < n < 10:
            n, j = n * 100, j + 1
            rest, j2 = _number_at(words, j + (j < len(words) and words[j] == "and"))
            if j2 > j and rest < 100:
                n, j = n + rest, j2
        if j < len(words) and words[j] == "thousand" and 0 < n < 100:
            n, j = n * 1000, j + 1
            rest, j2 = _number_at(words, j + (j < len(words) and words[j] == "and"))
            if j2 > j and rest < 1000:
                n, j = n + rest, j2
        out.append(str(n))
        i = j
    return out


def _number_at(words: list[str], i: int) -> tuple[int, int]:
    """The number up to 99 spelled at ``words[i]`` and where it ends (``i`` itself when there is none)."""
    if i >= len(words):
        return 0, i
    if words[i] in _TENS:
        unit = _UNITS.get(words[i + 1], 0) if i + 1 < len(words) else 0
        return (_TENS[words[i]] + unit, i + 2) if 0 < unit < 10 else (_TENS[words[i]], i + 1)
    if words[i] in _UNITS:
        return _UNITS[words[i]], i + 1
    return 0, i


def _max_edits(length: int) -> int:
    """How many typos a key of this length may carry and still name the film."""
    return 0 if length < 4 else 1 if length < 7 else 2 if length < 16 else 3


def sound_key(key: str) -> str:
    """A title key as it sounds ("grees" and "grease" both give "gres")."""
    if "c" in key:
        key = _SOFT_C.sub("s", key.replace("ck", "k"))
    if "h" in key:
        key = _SILENT_H.sub("", key.replace("ph", "f"))
    if key.endswith("e"):
        key = _FINAL_E.sub("", key)
    return _RUNS.sub(r"\1", _VOWEL_RUNS.sub(r"\1", key.translate(_SOUND_LETTERS)))


def _sounds_of(keys: list[str]) -> list[str]:
    """Each key's sound key ("" for keys too short or too long to be tried by sound)."""
    return [sound_key(k) if MIN_SOUND_KEY - 1 <= len(k) <= MAX_SOUND_KEY else "" for k in keys]


def _numeral_words(words: list[str]) -> list[list[str]]:
    """Other readings of words that mix letters and digits: "se7en" is "7", "m3gan" is "megan"."""
    out: list[list[str]] = []
    for i, w in enumerate(words):
        m = _LETTERS_AND_DIGITS.match(w)
        if not m or not (m["p"] or m["s"]):
            continue
        spelled = _NUMBER_WORDS.get(m["d"], "")
        if len(spelled) > len(m["p"]) + len(m["s"]) and spelled.startswith(m["p"]) and spelled.endswith(m["s"]):
            out.append([*words[:i], m["d"], *words[i + 1 :]])
        elif m["p"] and m["s"]:
            out.append([*words[:i], w.translate(_LEET), *words[i + 1 :]])
    return out


def _subtitle_keys(name: str, end: int, start: int) -> list[str]:
    """Keys of the subtitle after ``name[end:start]`` (its separator): alone when it says enough, and after
    the series' name without its filler words when that name has some ("Twilight" + "Eclipse")."""
    tail = normalize_title(name[start:]).split()
    head = normalize_title(name[:end]).split()
    keys = []
    words = [w for w in tail if w not in _ARTICLE_WORDS]
    alone = _key_of_words(tail)
    described = name[start:].split()[:1] in (["A"], ["a"], ["An"], ["an"])
    if len(words) >= 2 and sum(c.isalpha() for c in alone) >= MIN_SUBTITLE_LETTERS and not described:
        keys.append(alone)
    short = [w for w in head if w not in _SERIES_FILLER]
    if tail and short and len(short) < len(head):
        keys.append(_key_of_words(short + tail))
    return keys


def title_keys(
    titles: Iterable[tuple[int, str, str | None, str]],
) -> tuple[list[str], list[int], list[int], list[str]]:
    """Every title's keys (full, original, without subtitle, subtitle alone) with film ids, kinds and sounds."""
    keys: list[str] = []
    ids: list[int] = []
    kinds: list[int] = []
    for mid, title, original, norm in titles:
        seen: set[str] = set()
        for name, normalized in ((title, norm), (original or "", None)):
            if not name:
                continue
            words = (normalized if normalized is not None else normalize_title(name)).split()
            variants = [(_key_of_words(w), FULL) for w in (words, *_numeral_words(words))]
            if _MAYBE_SUBTITLE.search(name):
                for m in _SUBTITLE.finditer(name):
                    head = title_key(name[: m.start()])
                    if len(head) >= 4:
                        variants.append((head, MAIN))
                        variants += [(k, PART) for k in _subtitle_keys(name, m.start(), m.end())]
            for key, kind in variants:
                if key and key not in seen:
                    seen.add(key)
                    keys.append(key)
                    ids.append(mid)
                    kinds.append(kind)
    return keys, ids, kinds, _sounds_of(keys)


@dataclass
class TitleIndex:
    """Every film's title keys (full, original, without subtitle, subtitle alone), for typed-title lookups.

    Built once per catalog revision; a lookup is a dict probe plus an edit-distance scan
    over the keys of about the same length (C++ in ``rapidfuzz``).
    """

    keys: list[str]
    ids: list[int]
    kinds: list[int]  # FULL, MAIN (without its subtitle) or PART (the subtitle)
    sounds: list[str]  # each key as it sounds ("" if too short or long)
    years: dict[int, int]
    renown: dict[int, float]
    _exact: dict[str, list[int]] = field(default_factory=dict, init=False)
    #: Key length → (keys of that length, their positions): a lookup scans only nearby lengths.
    _by_length: dict[int, tuple[list[str], list[int]]] = field(default_factory=dict, init=False)
    _by_sound: dict[str, list[int]] = field(default_factory=dict, init=False)

    @classmethod
    def build(
        cls, titles: Iterable[tuple[int, str, str | None, str]], years: dict[int, int], renown: dict[int, float]
    ) -> TitleIndex:
        """From ``(id, title, original title, normalized title)`` rows (``Catalog.titles``)."""
        return cls(*title_keys(titles), years, renown)

    def __post_init__(self) -> None:
        for i, key in enumerate(self.keys):
            self._exact.setdefault(key, []).append(i)
            bucket = self._by_length.setdefault(len(key), ([], []))
            bucket[0].append(key)
            bucket[1].append(i)
        for i, sound in enumerate(self.sounds):
            if sound:
                self._by_sound.setdefault(sound, []).append(i)

    def find(self, query: str, limit: int = 5) -> list[tuple[int, float]]:
        """Films the query names, best first, with a 0–1 strength; ``[]`` if it names none.

        A trailing year ("Dune 2021", "Dune (1984)") picks that version first.
        """
        text = " ".join(query.split())
        found = self._lookup(text)
        year: int | None = None
        m = _YEAR_TAIL.match(text)
        if m:
            without = self._lookup(m["t"])
            if without and (not found or max(without.values()) > max(found.values())):
                found, year = without, int(m["y"])
        if not found:
            return []

        def order(item: tuple[int, float]) -> tuple[float, int, float, int]:
            mid, strength = item
            y = self.years.get(mid, -1)
            off = abs(y - year) if year is not None and y >= 0 else 0
            return (-strength if year is None or off <= 1 else -strength + 0.5, off, -self.renown.get(mid, 0.0), mid)

        return sorted(found.items(), key=order)[:limit]

    def _lookup(self, text: str) -> dict[int, float]:
        """The films ``text`` names, also without a trailing "movie"/"film" ("jaws movie")."""
        words = normalize_title(text).split()
        key = _key_of_words(words)
        found = self._find_key(key)
        if key not in self._exact:
            self._nth_of_series(words, found)
        rest = words[:-1]
        if (
            len(words) >= 2 and words[-1] in _FILM_WORDS and EXACT not in found.values()
            and text.split()[0].lower() not in _KIND_WORDS and rest[0] not in _KIND_WORDS
            and (len(rest) >= 2 or len(rest[0]) >= 4)
        ):
            bare = self._find_key(_key_of_words(rest))
            if bare and max(bare.values()) > max(found.values(), default=0.0):
                found = bare
        return found

    def _find_key(self, key: str) -> dict[int, float]:
        if not key:
            return {}
        out: dict[int, float] = {}
        for i in self._exact.get(key, []):
            out[self.ids[i]] = max(out.get(self.ids[i], 0.0), _STRENGTH[self.kinds[i]])
        edits = _max_edits(len(key))
        if edits == 0 or EXACT in out.values() or len(key) > MAX_FUZZY_KEY:
            return out  # typed exactly (near spellings are other films), or a description, not a title
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        for length in range(len(key) - edits, len(key) + edits + 1):
            keys, rows = self._by_length.get(length, ([], []))
            for _, dist, j in process.extract(key, keys, scorer=OSA.distance, score_cutoff=edits, limit=20):
                i = rows[j]
                strength = _STRENGTH[self.kinds[i]] - PER_EDIT * float(dist)
                out[self.ids[i]] = max(out.get(self.ids[i], 0.0), strength)
        if MIN_SOUND_KEY <= len(key) <= MAX_SOUND_KEY:  # sounds like a title: as good as one typo
            for i in self._by_sound.get(sound_key(key), []):
                strength = _STRENGTH[self.kinds[i]] - PER_EDIT
                out[self.ids[i]] = max(out.get(self.ids[i], 0.0), strength)
        return out

    def _nth_of_series(self, words: list[str], out: dict[int, float]) -> None:
        """"Madagascar 2": the second film of the films called "Madagascar" or "Madagascar: …" (the one
        called just that first, the others by year; a later film of the same name is a remake)."""
        last = _NUMBERS.get(words[-1], words[-1]) if len(words) >= 2 else ""
        n = int(last) if len(last) == 1 and last.isdigit() else 0
        base = _key_of_words(words[:-1])
        if n < 2 or len(base) < 3:
            return
        rows = self._exact.get(base, [])
        bare = [self.ids[i] for i in rows if self.kinds[i] == FULL]
        sequels = sorted({self.ids[i] for i in rows if self.kinds[i] == MAIN} - set(bare), key=self._year_order)
        first = sorted(bare, key=self._year_order)[:1]
        series = first + sequels
        if sequels and n <= len(series):
            out[series[n - 1]] = max(out.get(series[n - 1], 0.0), NTH_OF_SERIES)

    def _year_order(self, mid: int) -> tuple[int, int]:
        return self.years.get(mid, 9999), mid
