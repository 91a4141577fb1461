"""Lexical evidence that is *specific*: rare words and phrases, people's names, proper nouns.

Search ranks by meaning (cosine); lexical evidence only adds a bounded bonus on the same
scale, and only for words that single out few films. A word most films share ("goes",
"kid", "light", "big"), a stop word, an evaluative word ("great", "bleak") or a generic
one ("movie", "story") gives nothing, so it can never lift a film above strong semantic
matches. Counts come from the catalog's FTS index and are cached per searcher (one
searcher per catalog revision).
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from dataclasses import dataclass, field

from .catalog import Catalog
from .lexicon_store import LexiconStore, People, Tags
from .text import normalize_title

#: A theme-tag word (the films' keywords) is specific when at most this share of films carries it.
KEYWORD_SHARE = 0.03
#: A word anywhere in the text (title, synopsis) must be rarer: incidental words ("kid", "light") are
#: about as common in synopses as topical ones, so only very rare words and phrases count there.
TEXT_SHARE = 0.003
#: Capitalized words in a query (places, names) may be a little more common.
PROPER_SHARE = 0.01
RARE_MIN_FILMS = 3
#: Bonus for the rarest word (scaled down by how common it is), cap per film, and for a named person.
TERM_WEIGHT = 0.08
MAX_TERM_BONUS = 0.12
DIRECTOR_BONUS = 0.2
CAST_BONUS = 0.12
#: A description with several content words: the bm25 ranking of those words alone adds up to this
#: much (see ``LexicalEvidence._bm25_lifts``).
BM25_WEIGHT = 0.1
BM25_DEPTH = 20
BM25_MIN_WORDS = 3
#: A retold plot (this many content words or more; mood and theme queries have fewer): how much of what
#: was described a film's story holds counts too, the share of the content words' weight (idf) found in
#: its synopsis, tagline and theme keywords, times COVER_WEIGHT; each rare word's own bonus then counts
#: PLOT_TERM_SHARE as much (the coverage weighs them together).
PLOT_MIN_WORDS = 7
PLOT_BM25_DEPTH = 50
COVER_WEIGHT = 0.5
PLOT_TERM_SHARE = 0.5
#: A retold plot's best LOCAL_DEPTH candidates are then told apart by the described words few of them hold
#: (a series' films share most of their words; the part retold is in the ones they do not share): each
#: word weighs its idf times log((LOCAL_DEPTH + 0.5) / (leaders holding it + 0.5)), and a leader gains
#: LOCAL_WEIGHT times the share of that weight its story holds.
LOCAL_DEPTH = 10
LOCAL_WEIGHT = 0.2

STOP_WORDS = frozenset(
    "a an the of and or to in on at for with by from as is are was be been being his her their its who whom that "
    "this these those into about after before over under while when where what which he she they it them him one "
    "out up no not but if then than so too very own just only also get gets has have had will would can could "
    "i me my we us our you your some any something anything someone somebody like want looking look find show "
    "watch watching see please tonight mood feel feeling kind sort type lot really more most much many such "
    "there here how why all both each other into through during again further once off down".split()
)
#: Words that judge or describe the experience rather than name a fact (the embedding handles them).
EVALUATIVE = frozenset(
    "good great best better bad worst amazing awesome beautiful beautifully brilliant classic masterpiece fun funny "
    "hilarious sad happy dark bleak warm heartwarming heartbreaking moving touching uplifting feel-good feelgood "
    "scary creepy terrifying tense gripping thrilling exciting slow fast quiet loud gentle intense emotional "
    "romantic epic clever smart witty charming cute sweet lovely stunning gorgeous weird strange quirky odd "
    "acclaimed underrated overrated famous popular cult iconic memorable powerful light lighthearted cozy cosy "
    "comforting chill relaxing easy hard tough grim gritty violent bloody gory disturbing unsettling haunting "
    "melancholy melancholic bittersweet nostalgic whimsical absurd surreal mind-bending twisty twist twists "
    "original unique interesting boring long short old new recent modern".split()
)
GENERIC = frozenset(
    "movie movies film films flick flicks story stories tale tales plot character characters people person man men "
    "woman women guy guys life lives thing things time times world year years day days way ending end begin "
    "beginning kid kids child children animal animals big little small last first goes go going gone light lights "
    "night nights home house place thriller thrillers comedy comedies drama dramas horror romance western westerns "
    "musical musicals documentary documentaries action crime mystery fantasy adventure war animated animation "
    "sci-fi science fiction genre".split()
)
#: A word: letters, or a number ("1930s", "500", "48": facts a retold plot remembers).
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][\w'’-]*")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)


@dataclass
class Evidence:
    """Specific lexical evidence for one query: film id → bonus, and the words behind it."""

    bonus: dict[int, float] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    #: A retold plot's content words (stems) with their idf weights; empty for shorter queries.
    described: dict[str, float] = field(default_factory=dict)
    #: The people (directors, cast) the query names, as normalized full names ("ethan hawke").
    names: list[str] = field(default_factory=list)


def _word(w: str) -> str:
    """A word as tags and queries are compared: lower case, a plural "s" dropped."""
    w = w.lower().strip("'’-")
    return w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w


_SUFFIXES = ("ing", "ed", "es", "s")


def _stem(w: str) -> str:
    """A crude stem shared by query words and film texts ("hunting", "hunted", "hunts" → "hunt")."""
    w = w.lower().strip("'’-")
    for suffix in _SUFFIXES:
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _holds_stem(words: set[str], stem: str) -> bool:
    return any(_stem(w) == stem for w in words)


class LexicalEvidence:
    """Finds the films a query's specific words, phrases and names point to.

    Theme tags (the films' keywords) are matched word for word, no stemming ("wrong" is not
    "wrongful"); the synopsis text (FTS5, stemmed) only for words few films use.
    """

    def __init__(self, catalog: Catalog, store: LexiconStore | None = None) -> None:
        """``store`` (the per-revision lexicon file) answers name and tag lookups for just the
        query's words; without it ``prepare`` builds the same tables in memory."""
        self.catalog = catalog
        self.total = catalog.count()
        self.store = store
        self._films: dict[tuple[str, int], list[int] | None] = {}
        self._people: People = {}
        self._tag_words: dict[str, set[int]] = {}
        self._tags: Tags = {}
        self._ready = store is not None
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Index people's names and theme tags in memory (once; ~0.6 s at 44k films) unless a store answers."""
        with self._lock:
            if self._ready:
                return
            self._people = build_people(self.catalog)
            self._tags = build_tags(self.catalog)
            for mid, tags in self._tags.items():
                for tag in tags:
                    for w in tag:
                        self._tag_words.setdefault(w, set()).add(mid)
            self._ready = True

    def find(self, text: str) -> Evidence:
        if not self._ready:
            self.prepare()
        out = Evidence()
        words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
        names = self._people_named(text)
        for name, (directed, acted) in names.items():
            for mid in directed:
                out.bonus[mid] = out.bonus.get(mid, 0.0) + DIRECTOR_BONUS
            for mid in acted:
                out.bonus[mid] = out.bonus.get(mid, 0.0) + CAST_BONUS
            out.words.append(name)
            out.names.append(name)
        content = _content_words(text, words, {t for n in names for t in n.split()})
        terms: list[tuple[str, bool]] = [c for c in content if c is not None]
        for a, b in itertools.pairwise(content):  # two-word phrases ("time loop", "road trip")
            if a is not None and b is not None:
                terms.append((f"{a[0]} {b[0]}", a[1] or b[1]))
        words_only = [c[0] for c in content if c is not None]
        plot = len(words_only) >= PLOT_MIN_WORDS
        per_film: dict[int, float] = {}
        for term, proper in dict.fromkeys(terms):
            films = self._tagged(term)
            if films is None:
                share = PROPER_SHARE if proper else TEXT_SHARE
                films = self._term_films(term, max(RARE_MIN_FILMS, int(self.total * share)))
            if not films:
                continue
            weight = TERM_WEIGHT * self._rarity(len(films)) * (PLOT_TERM_SHARE if plot else 1.0)
            out.words.append(term)
            for mid in films:
                per_film[mid] = per_film.get(mid, 0.0) + weight
        cap = MAX_TERM_BONUS * (PLOT_TERM_SHARE if plot else 1.0)
        for mid, total in per_film.items():
            out.bonus[mid] = out.bonus.get(mid, 0.0) + min(total, cap)
        if BM25_WEIGHT and len(words_only) >= BM25_MIN_WORDS:
            for mid, lift in self._bm25_lifts(" ".join(words_only), plot).items():
                out.bonus[mid] = out.bonus.get(mid, 0.0) + lift
        if plot:
            out.described = self._idf(words_only)
        return out

    def theme_words(self, text: str) -> list[str]:
        """The content words of ``text`` as theme tags are compared ("gangsters" → "gangster")."""
        words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
        return list(dict.fromkeys(_word(c[0]) for c in _content_words(text, words, set()) if c is not None))

    def tag_films(self, word: str) -> set[int]:
        """The films with a theme tag holding ``word`` (as ``theme_words`` gives it)."""
        if not self._ready:
            self.prepare()
        return self.store.tag_word_films(word) if self.store else set(self._tag_words.get(word, set()))

    def is_retold_plot(self, text: str, names_count: bool = False) -> bool:
        """Whether ``text`` retells a story (PLOT_MIN_WORDS content words or more), as ``find`` decides;
        with ``names_count``, the people it names count as words of the story too."""
        if not self._ready:
            self.prepare()
        words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
        named = set() if names_count else {t for n in self._people_named(text) for t in n.split()}
        return sum(c is not None for c in _content_words(text, words, named)) >= PLOT_MIN_WORDS

    def _bm25_lifts(self, words: str, plot: bool) -> dict[int, float]:
        """Film id → bonus from the bm25 ranking of a description's content words.

        Falling linearly with the rank over the top BM25_DEPTH; for a retold plot, from the score
        instead (BM25_WEIGHT for the best, 0 at half its score, over the top PLOT_BM25_DEPTH): a
        clear lexical winner counts, a crowd of near-ties little.
        """
        if not plot:
            ranked = self.catalog.title_search(words, limit=BM25_DEPTH)
            return {mid: BM25_WEIGHT * (1.0 - rank / BM25_DEPTH) for rank, (mid, _) in enumerate(ranked)}
        ranked = self.catalog.title_search(words, limit=PLOT_BM25_DEPTH)
        best = ranked[0][1] if ranked else 0.0
        lifts = {mid: BM25_WEIGHT * (2.0 * score / best - 1.0) for mid, score in ranked} if best > 0 else {}
        return {mid: lift for mid, lift in lifts.items() if lift > 0}

    def coverage(self, described: dict[str, float], film_ids: list[int]) -> dict[int, float]:
        """Film id → the share (0–1) of a described plot's word weight that the film's story holds."""
        return shares(described, self.held(described, film_ids))

    def held(self, described: dict[str, float], film_ids: list[int]) -> dict[int, set[str]]:
        """Film id → the described stems its story (synopsis, tagline, theme keywords) holds."""
        if not described or not film_ids:
            return {}
        # The forms that may stem to each described stem: only a story's words among them are stemmed (fast).
        forms = [(stem, {stem, *(stem + s for s in _SUFFIXES)}) for stem in described]
        out: dict[int, set[str]] = {}
        for mid, text in self.catalog.story_texts(film_ids).items():
            words = {w.strip("'’-") for w in _WORD.findall(text.lower())}
            out[mid] = {stem for stem, variants in forms if _holds_stem(words & variants, stem)}
        return out

    def _idf(self, words: list[str]) -> dict[str, float]:
        """Stem → idf of the described words (counts shared with the bm25 query; a common word's is capped)."""
        n = max(self.total, 2)
        out: dict[str, float] = {}
        for w in words:
            stem = _stem(w)
            if stem not in out:
                df = self.catalog.word_films(" ".join(normalize_title(w).split()))  # "ex-con": a phrase
                out[stem] = math.log(n / (1 + df))
        return out

    def _tagged(self, term: str) -> list[int] | None:
        """Films with a theme tag holding ``term`` word for word; ``None`` if none or too many do."""
        words = [_word(w) for w in term.split()]
        store = self.store
        sets = [store.tag_word_films(w) if store else self._tag_words.get(w, set()) for w in words]
        films = set.intersection(*sets) if sets else set()
        # A single word must be a word of a tag (no stemming); two words must appear together in one tag.
        if len(words) > 1:
            tags = store.film_tags(films) if store else self._tags
            films = {m for m in films if any(_holds(tag, words) for tag in tags.get(m, ()))}
        if not films or len(films) > max(RARE_MIN_FILMS, int(self.total * KEYWORD_SHARE)):
            return None
        return sorted(films)

    def _rarity(self, df: int) -> float:
        """1 for a word in one film, falling with the log of how many hold it."""
        n = max(self.total, 2)
        return max(0.0, 1.0 - math.log(max(df, 1)) / math.log(n))

    def _term_films(self, term: str, limit: int) -> list[int] | None:
        """The films whose text holds ``term``, or ``None`` if more than ``limit`` do (not specific)."""
        key = (term, limit)
        if key not in self._films:
            if len(self._films) > 20_000:
                self._films.clear()
            films = self.catalog.term_films(term, limit + 1)
            self._films[key] = films if len(films) <= limit else None
        return self._films[key]

    def _people_named(self, text: str) -> dict[str, tuple[list[int], list[int]]]:
        """People (directors, cast) whose full name the query contains ("Ethan Hawke's" names Ethan Hawke)."""
        tokens = normalize_title(_POSSESSIVE.sub("", text)).split()
        found: dict[str, tuple[list[int], list[int]]] = {}
        for n in (4, 3, 2):
            for i in range(len(tokens) - n + 1):
                key = " ".join(tokens[i : i + n])
                if any(key in k for k in found):
                    continue
                person = self.store.person(key) if self.store else self._people.get(key)
                if person is not None:
                    found[key] = person
        return found


def without_names(text: str, names: list[str]) -> str:
    """``text`` without the people it names (``names`` normalized: "ethan hawke" also takes "Ethan Hawke's")."""
    for name in sorted(names, key=len, reverse=True):
        parts = r"[\W_]+".join(re.escape(p) for p in name.split())
        text = re.sub(rf"\b{parts}(?:['’]s)?\b", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+([,.;:!?])", r"\1", " ".join(text.split()))


def _content_words(text: str, words: list[tuple[str, int]], named: set[str]) -> list[tuple[str, bool] | None]:
    """Per word of ``text`` (``(word, start)``): ``(lower-case word, capitalized mid-sentence)`` when it
    is a content word, ``None`` for stop, evaluative, generic and too short words and parts of names."""
    content: list[tuple[str, bool] | None] = []
    for i, (word, start) in enumerate(words):
        low = word.lower().strip("'’-")
        short = len(low) < (2 if low[:1].isdigit() else 3)  # "48" (hours) counts, "it" does not
        if short or low in STOP_WORDS or low in EVALUATIVE or low in GENERIC or _POSSESSIVE.sub("", low) in named:
            content.append(None)
            continue
        proper = word[0].isupper() and i > 0 and not text[:start].rstrip().endswith((".", "!", "?"))
        content.append((low, proper))
    return content


def shares(weights: dict[str, float], held: dict[int, set[str]]) -> dict[int, float]:
    """Film id → the share (0–1) of the words' total weight that the film holds."""
    total = sum(weights.values())
    if total <= 0:
        return {}
    return {mid: sum(weights[w] for w in words if w in weights) / total for mid, words in held.items()}


def distinctive(described: dict[str, float], held: dict[int, set[str]]) -> dict[int, float]:
    """Film id → the share of the described words' *distinguishing* weight its story holds, among ``held``.

    A word every candidate holds tells them apart not at all; one only a single candidate holds, most
    (idf × log((n + 0.5) / (holders + 0.5)) over the ``n`` candidates).
    """
    n = len(held)
    holders = {w: sum(w in words for words in held.values()) for w in described}
    weights = {w: idf * math.log((n + 0.5) / (holders[w] + 0.5)) for w, idf in described.items()}
    return shares(weights, held)


def build_people(catalog: Catalog) -> People:
    """Normalized full name (two words or more) → films directed, films acted in."""
    people: People = {}
    names: dict[str, str] = {}
    for mid, directed, name in catalog.people():
        key = names.get(name)
        if key is None:
            key = names[name] = normalize_title(name)
        if " " in key:
            people.setdefault(key, ([], []))[0 if directed else 1].append(mid)
    return people


def build_tags(catalog: Catalog) -> Tags:
    """Film → its theme tags as tuples of compared words."""
    tags: Tags = {}
    words: dict[str, tuple[str, ...]] = {}
    for mid, keyword in catalog.tags():
        tag = words.get(keyword)
        if tag is None:
            tag = words[keyword] = tuple(_word(w) for w in normalize_title(keyword).split())
        tags.setdefault(mid, []).append(tag)
    return tags


def _holds(tag: tuple[str, ...], words: list[str]) -> bool:
    if len(words) == 1:
        return words[0] in tag
    n = len(words)
    return any(list(tag[i : i + n]) == words for i in range(len(tag) - n + 1))
