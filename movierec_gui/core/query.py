"""Query understanding, offline: hard constraints out of a free-text query.

``parse_query("a 70s thriller under 90 minutes, not a horror")`` finds an era (1970s),
a runtime (≤ 90 min), a wanted genre (Thriller) and a negated one (not Horror). Each
becomes a ``Constraint`` with a removable ``Chip`` and the very ``SearchFilters``
fields the widgets set; the rest of the query (without the era, runtime and negated
words) is what gets embedded and matched. A query that *is* a title (the caller says
so through ``is_title``) is never parsed: *Seven Samurai*, *Before Sunrise*,
*Short Term 12* stay titles.

Rules of thumb kept by the patterns:
* an era or year after "set in", "during", "takes place in" describes the story, not the
  release, and stays in the text;
* a nationality or a wanted genre counts in the head of the query (before "about",
  "where", "with", "set in" …): "a Japanese ghost story" is Japanese cinema, "a film
  about a Japanese soldier" is not; a request later in a long message ("…. I want a comedy",
  "…, so something korean") has a head of its own;
* a negated word that is not a genre ("not a slasher") is dropped from the text and
  avoided in the films' keywords.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from rapidfuzz.distance import OSA

from .models import SearchFilters, SearchHit

# ----------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Chip:
    """One understood constraint as the shells show it; ``key`` names it in ``drop``."""

    key: str
    label: str


@dataclass(frozen=True)
class SearchResult:
    """Hits, what was understood, and whether the constraints had to be ignored to find anything."""

    hits: list[SearchHit]
    chips: tuple[Chip, ...] = ()
    relaxed: bool = False
    #: When ``relaxed``: the understood constraints the hits ignore (one, when ignoring it was enough).
    ignored: tuple[Chip, ...] = ()


@dataclass(frozen=True)
class Constraint:
    chip: Chip
    #: The fields this constraint sets (merged into the caller's filters).
    filters: SearchFilters = field(default_factory=SearchFilters)
    #: Words the films' keywords must not contain ("slasher").
    avoid: tuple[str, ...] = ()
    #: Character spans of the query that state it.
    spans: tuple[tuple[int, int], ...] = ()
    #: Whether those spans leave the text that gets embedded.
    strip: bool = True
    #: Words said in their place ("nothing too heavy" → "light"), so the meaning is kept.
    say: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    query: str
    constraints: tuple[Constraint, ...] = ()

    @property
    def chips(self) -> tuple[Chip, ...]:
        return tuple(c.chip for c in self.constraints)

    def kept(self, drop: Iterable[str] = ()) -> tuple[Constraint, ...]:
        dropped = set(drop)
        return tuple(c for c in self.constraints if c.chip.key not in dropped)

    def text(self, drop: Iterable[str] = ()) -> str:
        """The query without the spans of the kept constraints (what to embed and match)."""
        cut = sorted((s, c.say) for c in self.kept(drop) if c.strip for s in c.spans)
        if not cut:
            return self.query
        out, pos = [], 0
        for (a, b), say in cut:
            if a >= pos:
                out.append(self.query[pos:a])
                if say:
                    out.append(say)
                pos = b
        out.append(self.query[pos:])
        return _tidy(" ".join(out))

    def filters(self, base: SearchFilters | None = None, drop: Iterable[str] = ()) -> SearchFilters:
        """``base`` (the widgets' filters) narrowed by the kept constraints."""
        out = base or SearchFilters()
        for c in self.kept(drop):
            out = merge_filters(out, c.filters)
        return out

    def avoid(self, drop: Iterable[str] = ()) -> tuple[str, ...]:
        return tuple(w for c in self.kept(drop) for w in c.avoid)


def merge_filters(a: SearchFilters, b: SearchFilters) -> SearchFilters:
    """Both sets of filters at once (ranges intersect, genre lists add up)."""

    def lo(x: int | None, y: int | None) -> int | None:
        return y if x is None else x if y is None else max(x, y)

    def hi(x: int | None, y: int | None) -> int | None:
        return y if x is None else x if y is None else min(x, y)

    def add(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x + y))

    return replace(
        a,
        genres=a.genres or b.genres,
        year_from=lo(a.year_from, b.year_from),
        year_to=hi(a.year_to, b.year_to),
        runtime_min=lo(a.runtime_min, b.runtime_min),
        runtime_max=hi(a.runtime_max, b.runtime_max),
        exclude_ids=a.exclude_ids | b.exclude_ids,
        genres_all=add(a.genres_all, b.genres_all),
        genres_not=add(a.genres_not, b.genres_not),
        countries=a.countries or b.countries,
        languages=a.languages or b.languages,
        languages_not=add(a.languages_not, b.languages_not),
        countries_not=add(a.countries_not, b.countries_not),
        audience=a.audience or b.audience,
    )


# ----------------------------------------------------------------------------- vocabulary

#: Genre words → canonical genres (the starter vocabulary).
GENRE_WORDS: dict[str, tuple[str, ...]] = {
    "horror": ("Horror",),
    "horrors": ("Horror",),
    "slasher": ("Horror",),
    "slashers": ("Horror",),
    "creature feature": ("Horror",),
    "creature features": ("Horror",),
    "scary": ("Horror",),
    "comedy": ("Comedy",),
    "comedies": ("Comedy",),
    "romcom": ("Romance", "Comedy"),
    "rom-com": ("Romance", "Comedy"),
    "romcoms": ("Romance", "Comedy"),
    "rom-coms": ("Romance", "Comedy"),
    "rom com": ("Romance", "Comedy"),
    "rom coms": ("Romance", "Comedy"),
    "romantic comedy": ("Romance", "Comedy"),
    "romantic comedies": ("Romance", "Comedy"),
    "romance": ("Romance",),
    "romances": ("Romance",),
    "love story": ("Romance",),
    "love stories": ("Romance",),
    "romantic": ("Romance",),
    "musical": ("Musical",),
    "musicals": ("Musical",),
    "western": ("Western",),
    "westerns": ("Western",),
    "documentary": ("Documentary",),
    "documentaries": ("Documentary",),
    "docs": ("Documentary",),
    "doco": ("Documentary",),  # British / Australian
    "docos": ("Documentary",),
    "doc": ("Documentary",),
    "documental": ("Documentary",),  # Spanish / Portuguese speakers' English
    "documentals": ("Documentary",),
    "mockumentary": ("Comedy",),
    "mockumentaries": ("Comedy",),
    "animated": ("Animation",),
    "animation": ("Animation",),
    "cartoon": ("Animation",),
    "cartoons": ("Animation",),
    "anime": ("Animation",),
    "toon": ("Animation",),
    "toons": ("Animation",),
    "sci-fi": ("Science Fiction",),
    "scifi": ("Science Fiction",),
    "sci fi": ("Science Fiction",),
    "space opera": ("Science Fiction",),
    "science fiction": ("Science Fiction",),
    "science-fiction": ("Science Fiction",),
    "thriller": ("Thriller",),
    "thrillers": ("Thriller",),
    "action": ("Action",),
    "kung fu": ("Action",),
    "kung-fu": ("Action",),
    "martial arts": ("Action",),
    "war": ("War",),
    "crime": ("Crime",),
    "gangster": ("Crime",),
    "mystery": ("Mystery",),
    "mysteries": ("Mystery",),
    "whodunit": ("Mystery",),
    "whodunnit": ("Mystery",),
    "fantasy": ("Fantasy",),
    "noir": ("Film Noir",),
    "nordic noir": ("Crime",),  # a kind of crime story, not the 1940s genre
    "scandi noir": ("Crime",),
    "scandinavian noir": ("Crime",),
    "funny": ("Comedy",),
    "film noir": ("Film Noir",),
    "biopic": ("Biography",),
    "biopics": ("Biography",),
    "biography": ("Biography",),
    "sports": ("Sport",),
    "sport": ("Sport",),
    "adventure": ("Adventure",),
    "adventures": ("Adventure",),
    "swashbuckler": ("Adventure",),
    "swashbucklers": ("Adventure",),
    "swashbuckling": ("Adventure",),
    "drama": ("Drama",),
    "dramas": ("Drama",),
    "tearjerker": ("Drama",),
    "tearjerkers": ("Drama",),
    "tear-jerker": ("Drama",),
    "tear-jerkers": ("Drama",),
    "historical": ("History",),
    "history": ("History",),
    "family": ("Family",),
    # as Spanish, Portuguese, French and Italian speakers name the kinds in English ("a film of terror", "policial")
    "terror": ("Horror",),
    "suspense": ("Thriller",),
    "policial": ("Crime",),
    "policiaco": ("Crime",),
    "policier": ("Crime",),
    "polar": ("Crime",),
    "cowboy": ("Western",),
    "cowboys": ("Western",),
}
#: Fans' shorthand for kinds of film (parse check12): hybrids said in one word, a studio's look, a sub-genre's name.
GENRE_WORDS.update({
    "dramedy": ("Comedy", "Drama"),
    "dramedies": ("Comedy", "Drama"),
    "docu": ("Documentary",),
    "docus": ("Documentary",),
    "space western": ("Science Fiction", "Western"),
    "space westerns": ("Science Fiction", "Western"),
    "sword and sorcery": ("Fantasy",),
    "sword-and-sorcery": ("Fantasy",),
    "ghibli-style": ("Animation",),  # the look of a studio's films: animation, from anywhere
    "ghibli-esque": ("Animation",),
    "ghibliesque": ("Animation",),
    "ghibli-like": ("Animation",),
    "scandi noir": ("Crime",),
})
#: Genre words that count as *wanted* only when they name the kind of film ("an action movie", "a war film").
_NEEDS_FILM_NOUN = frozenset({"funny", "action", "war", "crime", "sports", "sport", "historical", "history", "family",
                              "fantasy", "scary", "martial arts", "kung fu", "kung-fu", "swashbuckling", "romantic",
                              "terror", "suspense", "policial", "policiaco", "policier", "polar", "cowboy", "cowboys"})
#: Of those, the nouns that name the kind at the head of a query or item ("action with lots of explosions").
_KIND_NOUNS = frozenset({"action", "war", "crime", "fantasy", "martial arts", "kung fu", "kung-fu"})
#: A mood adjective after "something" / "anything" / "that's" asks for the genre ("something funny").
_WISH_ADJECTIVES = {"funny": "Comedy", "hilarious": "Comedy", "romantic": "Romance", "scary": "Horror"}
#: Words that mean the genre when negated ("nothing scary").
_NEGATED_ONLY = {"scary": ("Horror",), "sappy": ("Romance",),
                 "romantic": ("Romance",), "animated": ("Animation",), "musical": ("Musical",)}

#: Nationality / industry words → (main countries, main languages).
NATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "japanese": (("Japan",), ()),
    "french": (("France",), ()),
    "korean": (("South Korea",), ()),
    "south korean": (("South Korea",), ()),
    "chinese": (("China", "Hong Kong", "Taiwan"), ()),
    "hong kong": (("Hong Kong",), ()),
    "taiwanese": (("Taiwan",), ()),
    "indian": (("India",), ()),
    "bollywood": (("India",), ("Hindi",)),
    "tollywood": (("India",), ("Telugu",)),
    "kollywood": (("India",), ("Tamil",)),
    "tamil": ((), ("Tamil",)),
    "telugu": ((), ("Telugu",)),
    "malayalam": ((), ("Malayalam",)),
    "bengali": ((), ("Bengali",)),
    "hindi": ((), ("Hindi",)),
    "cantonese": ((), ("Cantonese",)),
    "mandarin": ((), ("Mandarin",)),
    "italian": (("Italy",), ()),
    "spanish": (("Spain",), ()),
    "mexican": (("Mexico",), ()),
    "german": (("Germany", "West Germany", "East Germany"), ()),
    "british": (("United Kingdom",), ()),
    "american": (("United States",), ()),
    "hollywood": (("United States",), ()),
    "iranian": (("Iran",), ()),
    "persian": ((), ("Persian",)),
    "swedish": (("Sweden",), ()),
    "danish": (("Denmark",), ()),
    "norwegian": (("Norway",), ()),
    "finnish": (("Finland",), ()),
    "scandinavian": (("Sweden", "Denmark", "Norway", "Finland", "Iceland"), ()),
    "nordic": (("Sweden", "Denmark", "Norway", "Finland", "Iceland"), ()),
    "icelandic": (("Iceland",), ()),
    "russian": (("Russia", "Soviet Union"), ()),
    "soviet": (("Soviet Union",), ()),
    "polish": (("Poland",), ()),
    "czech": (("Czechoslovakia", "Czech Republic"), ()),
    "hungarian": (("Hungary",), ()),
    "greek": (("Greece",), ()),
    "turkish": (("Turkey",), ()),
    "egyptian": (("Egypt",), ()),
    "senegalese": (("Senegal",), ()),
    "nigerian": (("Nigeria",), ()),
    "nollywood": (("Nigeria",), ()),
    "brazilian": (("Brazil",), ()),
    "argentine": (("Argentina",), ()),
    "argentinian": (("Argentina",), ()),
    "australian": (("Australia",), ()),
    "aussie": (("Australia",), ()),
    "canadian": (("Canada",), ()),
    "irish": (("Ireland",), ()),
    "thai": (("Thailand",), ()),
    "filipino": (("Philippines",), ()),
    "indonesian": (("Indonesia",), ()),
    "vietnamese": (("Vietnam",), ()),
    "israeli": (("Israel",), ()),
    "palestinian": (("Palestine",), ()),
    "lebanese": (("Lebanon",), ()),
    "belgian": (("Belgium",), ()),
    "dutch": (("Netherlands",), ()),
    "romanian": (("Romania",), ()),
    "austrian": (("Austria",), ()),
    "new zealand": (("New Zealand",), ()),
    "kiwi": (("New Zealand",), ()),
    "brit": (("United Kingdom",), ()),
    "south african": (("South Africa",), ()),
    "spaghetti": (("Italy",), ()),
    "uk": (("United Kingdom",), ()),
    "english": (("United Kingdom",), ()),
    "scottish": (("United Kingdom",), ()),
    "welsh": (("United Kingdom",), ()),
    "usa": (("United States",), ()),
    "k-drama": (("South Korea",), ()),
    "k-dramas": (("South Korea",), ()),
    "k-movie": (("South Korea",), ()),
    "k-movies": (("South Korea",), ()),
    "j-horror": (("Japan",), ()),
}
#: Regions said as a cinema (parse check12: "scandi crime", "a west african film", "latin american horror"), and
#: languages said as the film's kind ("a mandarin martial arts movie", "an arabic drama"): the language spoken.
_WEST_AFRICA = ("Senegal", "Mali", "Burkina Faso", "Nigeria", "Ghana", "Ivory Coast", "Mauritania", "Niger", "Guinea",
                "Benin", "Togo", "Gambia", "Sierra Leone", "Liberia", "Guinea-Bissau", "Cape Verde")
_EAST_AFRICA = ("Kenya", "Ethiopia", "Tanzania", "Uganda", "Rwanda", "Somalia", "Sudan", "South Sudan", "Eritrea",
                "Burundi", "Djibouti")
_NORTH_AFRICA = ("Egypt", "Morocco", "Algeria", "Tunisia", "Libya")
_SOUTH_AMERICA = ("Argentina", "Brazil", "Chile", "Colombia", "Peru", "Bolivia", "Ecuador", "Paraguay", "Uruguay",
                  "Venezuela")
_LATIN_AMERICA = (*_SOUTH_AMERICA, "Mexico", "Cuba", "Guatemala", "Costa Rica", "Dominican Republic", "El Salvador",
                  "Honduras", "Nicaragua", "Panama", "Puerto Rico")
_MIDDLE_EAST = ("Iran", "Israel", "Palestine", "Lebanon", "Syria", "Iraq", "Jordan", "Saudi Arabia", "Egypt",
                "Turkey", "Yemen", "United Arab Emirates", "Kuwait", "Qatar")
_EAST_ASIA = ("Japan", "South Korea", "China", "Hong Kong", "Taiwan", "North Korea", "Mongolia")
_SOUTHEAST_ASIA = ("Thailand", "Vietnam", "Philippines", "Indonesia", "Malaysia", "Singapore", "Cambodia", "Laos",
                   "Myanmar")
NATIONS.update({
    "scandi": NATIONS["scandinavian"],
    "west african": (_WEST_AFRICA, ()),
    "east african": (_EAST_AFRICA, ()),
    "north african": (_NORTH_AFRICA, ()),
    "south american": (_SOUTH_AMERICA, ()),
    "latin american": (_LATIN_AMERICA, ()),
    "latin-american": (_LATIN_AMERICA, ()),
    "middle eastern": (_MIDDLE_EAST, ()),
    "east asian": (_EAST_ASIA, ()),
    "southeast asian": (_SOUTHEAST_ASIA, ()),
    "south-east asian": (_SOUTHEAST_ASIA, ()),
    "mandarin": ((), ("Mandarin",)),
    "cantonese": ((), ("Cantonese",)),
    "arabic": ((), ("Arabic",)),
    "urdu": ((), ("Urdu",)),
    "marathi": ((), ("Marathi",)),
    "punjabi": ((), ("Punjabi",)),
    "kannada": ((), ("Kannada",)),
    "tagalog": ((), ("Tagalog",)),
    "hk": (("Hong Kong",), ()),
    "kdrama": (("South Korea",), ()),
    "kdramas": (("South Korea",), ()),
    "k-horror": (("South Korea",), ()),
    "c-drama": (("China", "Hong Kong", "Taiwan"), ()),
    "c-dramas": (("China", "Hong Kong", "Taiwan"), ()),
    "cdrama": (("China", "Hong Kong", "Taiwan"), ()),
    "cdramas": (("China", "Hong Kong", "Taiwan"), ()),
})
#: Words that name a national cinema by themselves ("bollywood romance", "something k-drama style").
_INDUSTRIES = frozenset({"bollywood", "tollywood", "kollywood", "nollywood", "hollywood", "k-drama", "k-dramas",
                         "k-movie", "k-movies", "j-horror"})
_INDUSTRIES = _INDUSTRIES | {"kdrama", "kdramas", "c-drama", "c-dramas", "cdrama", "cdramas", "k-horror"}
#: Country names → the nationality word of ``NATIONS`` ("films from Japan" is "Japanese films").
COUNTRY_NOUNS: dict[str, str] = {
    "japan": "japanese", "france": "french", "south korea": "korean", "korea": "korean", "china": "chinese",
    "hong kong": "hong kong", "taiwan": "taiwanese", "india": "indian", "italy": "italian", "spain": "spanish",
    "mexico": "mexican", "germany": "german", "britain": "british", "great britain": "british", "the uk": "british",
    "uk": "british", "england": "british", "iran": "iranian", "sweden": "swedish", "denmark": "danish",
    "norway": "norwegian", "finland": "finnish", "iceland": "icelandic", "scandinavia": "scandinavian",
    "russia": "russian", "the soviet union": "soviet", "the ussr": "soviet", "poland": "polish", "hungary": "hungarian",
    "greece": "greek", "turkey": "turkish", "egypt": "egyptian", "nigeria": "nigerian", "brazil": "brazilian",
    "argentina": "argentine", "australia": "australian", "canada": "canadian", "ireland": "irish",
    "thailand": "thai", "the philippines": "filipino", "indonesia": "indonesian", "vietnam": "vietnamese",
    "israel": "israeli", "belgium": "belgian", "the netherlands": "dutch", "holland": "dutch", "romania": "romanian",
    "austria": "austrian", "new zealand": "new zealand", "south africa": "south african", "senegal": "senegalese",
    "the usa": "american", "usa": "american", "the us": "american", "the united states": "american",
    "america": "american", "the states": "american",
}
#: The genre words and places a terse keyword list is made of (``_terse``).
_TERSE_GENRES = "|".join(sorted(map(re.escape, GENRE_WORDS), key=len, reverse=True))
_TERSE_PLACES = "|".join(sorted(map(re.escape, set(NATIONS) | set(COUNTRY_NOUNS)), key=len, reverse=True))
#: "in French", "French-language": the spoken language.
LANGUAGES = {
    "english": "English", "french": "French", "japanese": "Japanese", "korean": "Korean", "spanish": "Spanish",
    "italian": "Italian", "german": "German", "hindi": "Hindi", "mandarin": "Mandarin", "cantonese": "Cantonese",
    "arabic": "Arabic", "persian": "Persian", "farsi": "Persian", "russian": "Russian", "portuguese": "Portuguese",
    "swedish": "Swedish", "danish": "Danish", "tamil": "Tamil", "turkish": "Turkish", "thai": "Thai",
    "bengali": "Bengali", "hebrew": "Hebrew", "polish": "Polish", "czech": "Czech", "greek": "Greek",
}

_DECADE_WORDS = {
    "twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960,
    "seventies": 1970, "eighties": 1980, "nineties": 1990, "noughties": 2000, "aughts": 2000,
    "two thousands": 2000, "two-thousands": 2000, "twenty tens": 2010, "twenty-tens": 2010,
    # "the nineteen-seventies"
    **{f"nineteen{sep}{w}": y for w, y in (("twenties", 1920), ("thirties", 1930), ("forties", 1940),
                                          ("fifties", 1950), ("sixties", 1960), ("seventies", 1970),
                                          ("eighties", 1980), ("nineties", 1990)) for sep in ("-", " ")},
    # "eighty's", "ninetys": the number with an s
    **{f"{n}{s}": y for n, y in (("twenty", 1920), ("thirty", 1930), ("forty", 1940), ("fifty", 1950),
                                 ("sixty", 1960), ("seventy", 1970), ("eighty", 1980), ("ninety", 1990))
       for s in ("'s", "’s", "s")},
}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "an": 1, "a": 1,
    "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100, "eighty": 80, "seventy": 70, "sixty": 60,
}
SHORT_MINUTES = 90
LONG_MINUTES = 150
RECENT_YEARS = 6  # "recent": the last six years (five lost the graded 2020 films of "recent documentaries")
NEW_YEARS = 2  # "new releases", "the latest": the last two
CLASSIC_BEFORE = 1980
OLD_BEFORE = 1970  # "old movies": the 1960s and before
GOLDEN_AGE = (1930, 1959)  # Hollywood's golden age, the studio era's core
PRE_CODE = (1929, 1934)  # sound films before the Production Code was enforced (July 1934)
TURN_OF_CENTURY = (1995, 2005)
AROUND_YEARS = 2  # "from around 2010": 2008–2012
FEW_YEARS = 3  # "the last few years"

#: Nouns that name a kind of film: a nationality, decade or genre word modifies one of these
#: ("a Japanese ghost story", "a 70s paranoid thriller"), not a character ("a German businessman").
_FILM_NOUN = (
    r"(?:movies?|films?|flicks?|cinema|classics?|epics?|pictures?|features?|productions?|stor(?:y|ies)|tales?|thrillers?|"
    r"dramas?|comed(?:y|ies)|horrors?|westerns?|musicals?|documentar(?:y|ies)|docs?|docos?|romances?|noirs?|anime|"
    r"animation|cartoons?|adventures?|mysteries|mystery|fantasy|sci-fi|scifi|science fiction|biopics?|satires?|"
    r"slashers?|war films?|action|crime|indie|new wave|martial arts|spy|spaghetti|rom-?coms?|road movies?|"
    r"neo-?realis[mt]|expressionis[mt]|giallo|surrealis[mt]|b-?movies?|sci fi|toons?|mockumentar(?:y|ies)|"
    r"tear-?jerkers?|swashbucklers?|creature features?|kung[- ]fu|space operas?|capers?|heists?|romps?|farces?|"
    r"melodramas?|procedurals?|potboilers?|chillers?|dramed(?:y|ies)|sagas?|period pieces?)"
)
#: Chat words and requests that end a phrase ("korean thriller recs??", "a horror movie from the 2000s lol").
_CHAT_WORDS = frozenset("rec recs recommendation recommendations suggestion suggestions ideas picks lol lmao haha plz "
                        "thx thanks thats tho though maybe asap rn ok okay".split())
_CHAT_TAIL = "|".join(sorted(_CHAT_WORDS, key=len, reverse=True))
#: Words that may follow a genre word used as the kind of film ("a western about revenge").
_AFTER_KIND = (
    r"(?:\s*(?:$|[,.;:!?/|+&<>(]|w/)|\s+[-–—](?=\s)|\s+(?:about|set|with|where|that|who|which|from|for|in|under|over|without|not|"
    r"no|starring|by|featuring|like|and|or|but|of|made|released|to|please|pls|i|me|tonight|only|on|since|after|"
    r"before|between|until|shorter|longer|less|more|at|post|pre|circa|around|beyond|besides|instead|better than|unless|"
    r"newer|older|earlier|later|"  # "a korean thriller newer than oldboy" (parse check15)
    + _CHAT_TAIL + r")\b"
    r"|\s+(?:the\s+)?(?:['’]?\d0\s?['’]?s|1[89]\d\d|20[0-4]\d)\b"  # "thriller japan 2000s", "a western 1965"
    # a clause without "that" naming who will watch (parse check12): "an adventure the whole family can watch"
    r"|\s+(?:(?:the|my|our|your|his|her)\s+(?:[a-z-]+\s+){0,2}?|[a-z]+\s+)(?:can|could|will|would|might|'d|'ll)\s+"
    r"(?:all\s+|also\s+|both\s+)?(?:watch|enjoy|love|like|handle|sit through)\b"
    r"|\s+\d(?:\.\d)?\s*(?:h|hrs?|hours?)(?:\s*\d\d)?\b|\s+\d{2,3}\s*(?:m|mins?|minutes?)\b)"  # "thriller 1h30 max"
)
# A clause after these words describes the story, not the kind of film.
_STORY_MARK = re.compile(
    r"\b(about|where|whose|who|which|that|with|featuring|following|follows|set|in which|like|on)\b"
)
_SETTING_BEFORE = re.compile(
    r"(?:\bset|\btakes? place|\btaking place|\bduring|\bin the days of|\bback|\bto|\bthrough|\bacross|\bof)"
    r"\s+(?:in\s+|to\s+)?(?:the\s+)?$"
)
_DECADE = (
    r"(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]*)?(?:the\s+)?"
    r"(?:(?P<d4>1[89]\d0|20[0-2]0)\s?'?s|['’]?(?P<d2>[0-9]0)\s?['’]?s|(?P<dw>"
    + "|".join(_DECADE_WORDS)
    + r"))\b(?:[- ]era\b)?"
)
_YEAR = r"(?P<y>1[89]\d\d|20[0-4]\d)\b"
#: "in '99", "from ’85": a year by its last two digits (not a decade, "'90s").
_SHORT_YEAR = r"['’](?P<yy>\d\d)\b(?!\s?['’]?s\b)"
_NUM = r"(?P<n>\d{2,3}|ninety|eighty|seventy|sixty|a hundred|one hundred|hundred)"
_HOURS = (
    r"(?P<hh>an? hour and a half|one and a half hours?|1\.5 hours?)"
    r"|(?P<h>\d(?:\.\d)?|one|two|three|four|an|a)(?P<half>\s+and\s+a\s+half)?\s*(?:hours?|hrs?|h)"
    r"(?:\s*(?P<hm>[0-5]\d)(?!\s*(?:years?|yrs?|['’]?s)\b)(?:\s*(?:minutes?|mins?|m)\b)?"  # "1h45", "1 hour 30"
    r"|\s+and\s+(?P<hm2>[1-5]?\d)\s*(?:minutes?|mins?)\b|\b)"  # "an hour and 40 minutes"
)
#: Aversion said before the thing, of every strength and register, the viewer's or a companion's ("hate",
#: "can't stand", "not a fan of" are in ``_NEG``): "loathes horror", "i can't abide loud action", "not keen on
#: subtitles", "i'd rather eat glass than sit through a musical", "steer clear of anything french", "hard pass on
#: zombies", "nix the musicals", "vetoed horror", "nobody in my house likes westerns", "walks out on anything american".
_AVERSION = (
    r"(?:loathes?|detests?|despises?|abhors?|"
    r"(?:can'?t|cannot|can not|couldn'?t)\s+(?:abide|bear|face|stomach|handle|deal with)|"
    r"(?:not|n'?t)\s+(?:really\s+|too\s+|that\s+|very\s+|so\s+)?(?:keen on|big on|fussed (?:on|about)|"
    r"mad (?:keen )?on|wild about|crazy about)|"
    r"not much of an?|"
    r"rather\s+(?:[a-z']+\s+){1,4}?than\s+(?:sit through|watch|see)|"
    r"wouldn'?t be caught dead watching|"
    r"(?:hard\s+)?pass on|steer clear of|stay away from|keep away from|ixnay on|nix|veto(?:ed|es)?|spare me|"
    r"refuses? to (?:watch|sit through|see)|refuses?|won'?t (?:watch|touch|sit through)|will not (?:watch|touch)|"
    r"walks? out (?:on|of)|"
    r"(?:nobody|no one|none of us|neither of us)\s+(?:(?:in|at)\s+(?:my|our|the)\s+[a-z]+\s+)?"
    r"(?:likes?|can stand|enjoys?|wants?))"
)
#: A carve-out from "anything" ("any genre apart from romance", "all genres welcome bar westerns", "anything unless
#: it's animated"); "bar", "besides" and "save for" only after such a general word (``_carve_outs``).
_CARVE_OUT = (r"(?:apart from|aside from|other than|excluding|with the exception of|unless (?:it'?s|it is|they'?re)|"
              r"except(?:\s+for)?)")
_GENERAL_CARVE_OUT = r"(?:bar|barring|besides|save for)"
#: A refusal said after the thing ("cartoons are a dealbreaker", "horror's a no-go", "war films are off limits",
#: "documentaries aren't my cup of tea", "mysteries irritate me", "gore turns my stomach", "sharks, nope").
_DISMISSAL = (
    r"(?:(?:is|are|'s|'re)\s+(?:just\s+|really\s+|definitely\s+|absolutely\s+|totally\s+|always\s+)?"
    r"(?:(?:an?\s+)?(?:hard\s+|total\s+|complete\s+|absolute\s+|big\s+)?(?:no-?go|no|pass|dealbreaker|"
    r"deal-breaker|non-?starter)|off (?:the table|limits)|out of the question|out|banned|not (?:really\s+)?(?:my|our) "
    r"(?:thing|cup of tea|jam|scene)|not for (?:me|us))"
    r"|(?:is|are)n'?t\s+(?:really\s+)?(?:my|our) (?:thing|cup of tea|jam|scene)"
    r"|(?:bores?|irritates?|annoys?|leaves?)\s+(?:me|us)(?:\s+(?:cold|to tears|stiff))?"
    r"|gives?\s+(?:me|us)\s+(?:anxiety|nightmares|the creeps)"
    r"|makes?\s+(?:me|us)\s+(?:yawn|cringe|queasy)"
    r"|turns?\s+(?:my|our)\s+stomachs?"
    r"|\s*[,?:-]?\s*(?:nope|no thanks|no thank you|hard pass|a hard no|no way))"
    r"(?=\s*(?:$|[,.;!?]|\s(?:for|with|in|at|tonight|please|thanks|though|tho|so|i|we|and|but|to|because|cause|"
    r"as|since)\b))"
)
_LESS = (
    r"(?:(?<!nothing )(?<!none )under|sub-?|(?<!no )less (?:than|of)|"
    r"shorter than|no (?:more|longer) than|at most|not (?:more|longer) than|"
    r"(?:not|no) more long than|"
    r"(?:won'?t|wont|doesn'?t|does not|will not|shouldn'?t|should not|can'?t|don'?t|do not)\s+(?:run|go|last)\s+"
    r"(?:past|over|beyond|longer than|more than)|"
    r"(?:not|nothing|never|none|isn'?t|is not|not a minute)\s+(?:over|above|longer than|more than)|"
    r"(?:can'?t|cannot|mustn'?t|shouldn'?t|won'?t)\s+be\s+(?:over|longer than|more than)|"  # "it can't be longer than"
    r"(?:can'?t|cannot|can not|won'?t|wont)\s+(?:do|handle|sit through|watch|take|manage|stand)\s+(?:anything|"
    r"something|a (?:movie|film))\s+(?:over|above|longer than|more than)|"  # "i can't do anything over two hours"
    r"below|max(?:imum)?|within|<=?)"
)
_MORE = (r"(?:over|more than|longer than|at least|no less than|no shorter than|"
         r"(?:nothing|none)\s+(?:under|shorter than|less than)|>=?)")
_NEG = (r"(?:not|no|without|w/o|nothing|never|avoid|skip|anything but|but not|except|minus|zero|less|isn'?t|aren'?t|"
        r"is not|are not|non-?|not an?|"
        r"no more|don'?t (?:want|like|need)|do not (?:want|like)|not in the mood for|can'?t stand|hate|hates|"
        r"dislikes?|doesn'?t (?:want|like)|does not like|(?:is|am|are)n?'?t into|not a fan of|no fan of|"
        rf"{_AVERSION}|{_CARVE_OUT})")


#: A negation before a negated genre ("nothing that isn't a comedy", "don't give me anything that's not animated").
_DOUBLE_NEGATION = re.compile(r"\b(?:nothing|none|no\s+(?:movies?|films?)|not\s+anything|(?:don'?t|do\s+not|never)\s+"
                              r"(?:want|give\s+me|show\s+me|suggest|recommend)\s+anything)\s+(?:that|which)"
                              r"(?:\s*'s|\s+is|\s+are)?\s*$")


#: Negations that are someone's dislike (a character's, after "who" / "that": the story).
_DISLIKE = (r"(?:hates?|dislikes?|doesn'?t|does not|don'?t|do not|can'?t stand|not a fan|no fan|"
            rf"(?:is|am|are)n?'?t into|{_AVERSION})")


#: Who watches, before a dislike ("my wife hates horror", "we both don't like musicals").
_VIEWER_BEFORE = (r"\b(?:i|we|you|she|he|they|(?:my|our)\s+[a-z]+|wife|husband|partner|dad|mom|mum|kids|son|daughter)"
                  r"(?:\s+(?:both|all|really|also|just|still|absolutely|totally|kinda))*\s+$")


@dataclass
class _Found:
    constraints: list[Constraint] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)
    #: A terse keyword list ("western 60s italy"): each known word is an item of its own.
    terse: bool = False
    #: Spans of the terse items a query ends with ("a road trip, comedy, 2010s", "like alien but funny").
    items: tuple[tuple[int, int], ...] = ()

    def terse_at(self, at: int) -> bool:
        """Whether the word at ``at`` is an item of a terse list (the whole query, or an item after the story)."""
        return self.terse or any(a <= at < b for a, b in self.items)

    def free(self, a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in self.taken)

    def add(self, c: Constraint) -> None:
        self.constraints.append(c)
        self.taken.extend(c.spans)


# ----------------------------------------------------------------------------- parser


def parse_query(
    query: str, is_title: Callable[[str], bool] | None = None, this_year: int | None = None
) -> ParsedQuery:
    """The constraints stated in ``query`` (none when ``is_title(query)`` says it names a film)."""
    query = " ".join((query or "").split())
    if not query or (is_title is not None and is_title(query)):
        return ParsedQuery(query)
    low = query.lower()
    fixed = _corrected(_field_syntax(_normalized(low)))
    if len(low) != len(query) or fixed != low:  # lowering or a fixed typo moved the spans: keep them aligned
        query = low = fixed
    year = this_year or _dt.date.today().year
    found = _Found(terse=_terse(low), items=_items(low))
    _past_viewing(low, found)
    _refused_runtime(low, found)
    _runtimes(low, found)
    _spoken_language(low, found)
    _no_foreign(low, found)
    _dismissed(low, found)
    _carve_outs(low, found)
    _not_spoken(low, found)
    _no_language_item(low, found)
    _not_from(low, found)
    _rating(low, found)
    _weary(low, found)
    _disliked_things(low, found)
    _negations(low, found)
    _silent(low, found)
    _life_years(low, found)
    _eras(low, found, year)
    _last_years_item(low, found, year)
    _neo_noir(low, found)
    _audience(low, found)
    _young_group(low, found)
    _languages(low, found)
    _nation_after_adjectives(low, found)
    _nations(low, found)
    _nation_item(low, found)
    _country_after_constraint(low, found)
    _plenty_wished(low, found)
    _nobody_like(low, found)
    _wanted_genres(low, found)
    _sport_film(low, found)
    _live_action(low, found)
    _industry_kind(low, found)
    _either_genre(low, found)
    return ParsedQuery(query, tuple(_merged(found.constraints, low)))


#: Words the parser knows that people misspell ("eigties", "documentry", "thriler"); a typo is
#: read as the word when it keeps the first and last letter and is one edit away (two for the
#: long decade words: "nintees"). Real words that close are left alone ("mysterious" is no typo).
_DECADE_SPELLED = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties",
                   "noughties")
_SPELLED = (*_DECADE_SPELLED, "documentary", "documentaries", "thriller", "thrillers", "horror", "comedy", "comedies",
            "romance", "romances", "western", "westerns", "fantasy", "animated", "animation", "musical", "musicals",
            "mystery", "mysteries", "adventure", "adventures", "biography", "whodunit", "mockumentary", "cartoon",
            "cartoons", "romantic", "documentaries",
            # nationalities and languages ("japanse", "koeran", "frech", "englsh")
            "japanese", "korean", "french", "english", "italian", "spanish", "chinese", "british", "american",
            "mexican", "german", "indian", "iranian", "swedish", "australian", "canadian", "russian", "turkish",
            "brazilian",
            "except",  # "horror from the seventies exept the italian ones"
            # "wihtout romance", "notihng animated", "bolywood", "actoin"
            "without", "nothing", "bollywood", "hollywood", "action")
_REAL_WORDS = frozenset({"comely", "mastery", "eighths", "eights", "forte", "fortes", "fortis", "seventeens",
                         "horrors", "mysteries", "naughties", "adventurers", "cartons", "romancers", "twentieths",
                         "thirtieths", "eighteens", "nineteens", "ninnies", "brutish", "koran", "germen",
                         "indians", "frenchy", "expect", "excerpt", "exempt", "erupt", "noting", "nothings",
                         "auction", "actin", "holywood"})
_SPELLED_BY_EDGES: dict[tuple[str, str], tuple[str, ...]] = {}
for _w in _SPELLED:
    _SPELLED_BY_EDGES[(_w[0], _w[-1])] = (*_SPELLED_BY_EDGES.get((_w[0], _w[-1]), ()), _w)


#: Emoji and pictographs ("🎃 horror from the 70s 🔪", "funny 😂 but not romance"): read as separators.
_EMOJI = re.compile(r"[\s,]*[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+[\s,]*")
_UNITS = ("one two three four five six seven eight nine").split()
_TEENS = ("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = ("twenty thirty forty fifty sixty seventy eighty ninety").split()
#: A year said in words: "nineteen seventy-five", "twenty fifteen", "two thousand and five".
_YEAR_WORDS = re.compile(
    rf"\b(?:(?P<c>nineteen|twenty)[\s-]+(?:(?P<t>{'|'.join(_TENS)})(?:[\s-]+(?P<u>{'|'.join(_UNITS)}))?"
    rf"|(?P<teen>{'|'.join(_TEENS)})|oh[\s-]+(?P<ou>{'|'.join(_UNITS)}))"
    rf"|two[\s-]+thousand(?:[\s-]+and)?[\s-]+(?:(?P<t2>{'|'.join(_TENS[:1])})(?:[\s-]+(?P<u2>{'|'.join(_UNITS)}))?"
    rf"|(?P<teen2>{'|'.join(_TEENS)})|(?P<u3>{'|'.join(_UNITS)})))\b"
    r"(?![\s-]*(?:years?|yrs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|people|men|women|times|percent|dollars)\b)"
)
#: "To" / "too" for "two", as dictation writes it: "under to hours", "world war too".
_DICTATED_TWO = re.compile(r"\b(?P<w>(?:under|over|than|about|around|within|past|least|most) )(?:to|too)"
                           r"(?= (?:hours?|hrs?)\b)|\b(?P<ww>world war )(?:to|too)\b")
#: A plural written with an apostrophe before what names the films ("comedy's from the nineties", "western's set
#: in texas"); not a possessive ("horror's best villains").
_APOSTROPHE_PLURAL = re.compile(r"\b(?P<k>comedy|thriller|western|musical|drama|documentary|mystery|romance|movie|film|"
                                r"cartoon|rom-?com|biopic|noir)['’]s(?=\s+(?:from|made|released|set|about|with|that|"
                                r"for|under|over|in\s+the|of\s+the|before|after|since|like|where)\b)")
_PLURALS = {"comedy": "comedies", "documentary": "documentaries", "mystery": "mysteries"}
#: Runtime units after a number, misspelled ("90 minuets", "2 horus").
_UNIT_WORDS = frozenset("minute minutes mins hour hours hrs".split())
_UNIT_TYPO = re.compile(r"\b(?P<n>\d{1,3}|an|one|two|three|ninety|hundred)\s*(?P<w>m[a-z]{4,7}|h[a-z]{3,4})\b")


#: Chat shorthand written out: "smth funny pls", "a doc abt music".
_SHORTHAND_WORDS = {"smth": "something", "smthg": "something", "smthn": "something", "sth": "something",
                    "somethin": "something", "sumthin": "something", "abt": "about", "anythin": "anything"}
_SHORTHAND = re.compile(r"\b(?:" + "|".join(_SHORTHAND_WORDS) + r")\b")


#: Texting shorthand for the words that state constraints, as typed on a phone in a hurry: "b4 2000" (before),
#: "aftr 2015", "sinse 2010", "nothin animated", "sum 2000s vibes" (some), "a thriller w twists" (with), "90z"
#: (90s), "nintys" (nineties), "a 7yo" (7 year old), "jumpscares". Each only in the shape it takes there: "sum of
#: money" stays a sum, "w/o" and "w/" are read as they stand.
_TEXTING = (
    (re.compile(r"\bb4\b"), "before"),
    (re.compile(r"\ba(?:ftr|fta|ftar|fer)\b(?=\s+(?:the\s+)?(?:1[89]\d\d|20[0-4]\d|\d0s|['’]\d\d))"), "after"),
    (re.compile(r"\bs(?:inse|nce|ence|inc)\b(?=\s+(?:the\s+)?(?:1[89]\d\d|20[0-4]\d|\d0s|['’]\d\d))"), "since"),
    (re.compile(r"\b(?:nothin|nuthin|nuthing|nothn|nthn|nothign)\b"), "nothing"),
    (re.compile(r"\bsum\b(?=\s+(?!of\b|up\b|total\b)[a-z0-9])"), "some"),
    (re.compile(r"\b(?P<pre>(?:not|nothing|isn'?t|aren'?t|never|none) )2(?= [a-z])"), r"\g<pre>too"),
    (re.compile(r"\b(?P<pre>(?:pre|post|before|after|since)[- ]?)2k\b"), r"\g<pre>2000"),
    (re.compile(r"(?<=[a-z] )(?<!\bthe )w(?= [a-z])"), "with"),
    (re.compile(r"(?<=[a-z] )4(?= (?:the|my|our|me|us|tonight|adults|grown[- ]?ups|a date|date night|family)\b)"),
     "for"),
    (re.compile(r"\b(?P<pre>(?:something|anything|movie|movies|film|films|stuff|good|ok|okay|safe|fine|suitable|fun|"
                r"cartoon|cartoons|one|musicals?|comed(?:y|ies)|animation|animated|adventures?|fantasy|shows?) )"
                r"4(?= (?:kids|children|teens|little ones|toddlers)\b)"), r"\g<pre>for"),
    (re.compile(r"\b(?P<k>comed|documentar|myster)(?:ys|ys'|y's)(?!\w)"), r"\g<k>ies"),
    (re.compile(r"(?:^|\s+|,)\s*\b(?:tbh|ngl|imo|imho|idk|lowkey|highkey|istg|srsly|bruh|omg|btw|fwiw|rn)\b(?=\s|$|[,.!?])"),
     ""),
    (re.compile(r"\b(?P<d>[1-9]0|19[0-9]0|20[0-2]0)z\b"), r"\g<d>s"),
    (re.compile(r"\b(?P<n>[2-9]|1[0-7])\s?(?:yo|y/o|yrs?\s?old|yr-old)\b"), r"\g<n> year old"),
    (re.compile(r"\bjump-?scares?\b"), "jump scares"),
    (re.compile(r"\bromantik\b"), "romantic"),  # misspelled as it sounds
    (re.compile(r"\bmusic(?:le|el)(?P<s>s?)\b"), r"musical\g<s>"),
    (re.compile(r"\b(?:nint|ninet|ninty)(?:ys|ies|is|ees|yz)\b"), "nineties"),
)


def _texting(low: str) -> str:
    """``low`` with texting shorthand for constraint words written out (see ``_TEXTING``)."""
    for pattern, word in _TEXTING:
        low = pattern.sub(word, low)
    return low.strip(" ,")


#: Dictation's homophones of the words that state constraints: "four the whole family", "aren't four kids" (for),
#: "but knot gory" (not), "nothing to long" / "not to violent" (too), "less then" (than), "the u k" (uk),
#: "under ate" (eight). Each only where the written word cannot be meant: "four kids who…" stays a count, "tie
#: the knot" a wedding, "not to be missed" a verb.
_DICTATED = (
    (re.compile(r"\bfour(?=\s+(?:the|my|our)\b)"), "for"),
    (re.compile(r"(?P<pre>\b(?:isn'?t|aren'?t|not|good|safe|suitable|movies?|films?|something|anything|fun|ok|"
                r"okay)\s+)four(?=\s+(?:kids|children|adults|grown[- ]?ups|toddlers|families|teens|teenagers)\b)"),
     r"\g<pre>for"),
    (re.compile(r"(?P<pre>(?:\b(?:but|and|is|isn'?t|it'?s|its|something|anything|please|just|preferably|ideally)|,)\s+)"
                r"knot\b"), r"\g<pre>not"),
    (re.compile(r"(?P<pre>\b(?:not|nothing|isn'?t|aren'?t|never|none)\s+)to(?=\s+(?:long|short|violent|gory|scary|sad|"
                r"dark|slow|old|bloody|heavy|graphic|intense|depressing|sappy|cheesy|serious|much|explicit|gross|weird|"
                r"romantic|childish|loud)\b)"), r"\g<pre>too"),
    (re.compile(r"(?P<pre>\b(?:less|more|longer|shorter|older|newer|later|earlier)\s+)then\b"), r"\g<pre>than"),
    (re.compile(r"\bu\.? ?k\b\.?(?!\w)"), "uk"),
    (re.compile(r"\bu\.? ?s\.? ?a\b\.?(?!\w)"), "usa"),
    (re.compile(r"(?P<pre>\b(?:under|over|than|aged|age)\s+)ate\b"), r"\g<pre>eight"),
)


def _dictated(low: str) -> str:
    """``low`` with dictation's homophones of constraint words written as meant (see ``_DICTATED``)."""
    for pattern, word in _DICTATED:
        low = pattern.sub(word, low)
    return low


#: A list marked item by item ("comedy yes, romance no, 2000s yes", "thriller - yes. horror - no.", "slashers: no
#: thanks"): each marked piece is rewritten as the parser reads it ("no romance", "2000s").
_MARKED_ITEM = re.compile(
    r"(?P<lead>^|[,.;!?|/+]\s*)(?P<item>[a-z0-9][a-z0-9' -]{1,40}?)\s*(?:[:=-]\s*|\s+)"
    r"(?P<mark>yes(?:\s+please)?|yep|yeah|ok|okay|fine|preferably|ideally|please|no(?:\s+thanks?|\s+way)?|nope|"
    r"absolutely\s+not|definitely\s+not|never)(?=\s*(?:$|[,.;!?|/+]))"
)


def _marked_items(low: str) -> str:
    """``low`` with the items of a list marked yes / no written as wishes and refusals (at least two marked items:
    one "…, fine" or "…, no" alone is a sentence's word)."""
    marks = list(_MARKED_ITEM.finditer(low))
    if len(marks) < 2:
        return low

    def item(m: re.Match[str]) -> str:
        refused = m["mark"].split()[0] in ("no", "nope", "absolutely", "definitely", "never")
        return f"{m['lead']}{'no ' if refused else ''}{m['item'].strip()}"

    return _MARKED_ITEM.sub(item, low)


#: Minutes said in words before the unit ("forty five minutes max", "a hundred and twenty minutes").
_MINUTE_WORDS = re.compile(
    rf"\b(?:(?P<hundred>a|one)\s+hundred(?:\s+and)?\s+)?(?P<t>{'|'.join(_TENS)})(?:[\s-]+(?P<u>{'|'.join(_UNITS)}))?"
    r"(?=\s*(?:minutes?|mins?)\b)"
)


def _minutes_in_words(low: str) -> str:
    """``low`` with a number of minutes said in words written in digits ("forty five minutes" is "45 minutes")."""

    def digits(m: re.Match[str]) -> str:
        if not (m["u"] or m["hundred"]) and m["t"] in _NUMBER_WORDS:
            return m[0]  # "ninety minutes": read as it stands (``_NUM``)
        n = 10 * (_TENS.index(m["t"]) + 2) + (_UNITS.index(m["u"]) + 1 if m["u"] else 0)
        return str(n + (100 if m["hundred"] else 0))

    return _MINUTE_WORDS.sub(digits, low)


#: A wish hedged as a bonus ("bonus points if it's french", "if it could be from the 90s even better", "even
#: better if it's korean"): read as "preferably …", which the parser knows.
_BONUS = re.compile(
    r"\b(?:(?:bonus|extra)\s+points?|(?:even\s+)?better(?:\s+still)?|it\s+would\s+be\s+(?:nice|great|ideal))\s+if\s+"
    r"(?:it'?s|it\s+is|it\s+was|it\s+could\s+be|they'?re|it\s+were)\s+"
    r"|\bif\s+(?:it|they)\s+(?:could|can|would)\s+be\s+(?P<what>[^,.;!?]{2,30}?)\s+(?:even\s+better|all\s+the\s+better|"
    r"(?:that\s+)?would\s+be\s+(?:nice|great|ideal|perfect)|bonus\s+points?)\b"
)


#: Subtitles allowed, said with "no problem" ("no subtitles problem", "subtitles no problem", "subtitles are not a
#: problem"): no wish for English, and nothing to avoid.
_SUBTITLES_FINE = re.compile(r"\b(?:no\s+)?subtitles?\s+(?:(?:are|is)\s+)?(?:no|not\s+a)\s+(?:problem|issue)s?\b"
                             r"|\bno\s+subtitles?\s+(?:problem|issue)s?\b")


def _bonus(low: str) -> str:
    """``low`` with a wish hedged as a bonus written "preferably …" (see ``_BONUS``)."""
    return _BONUS.sub(lambda m: f"preferably {m['what']}" if m["what"] else "preferably ", low)


def _normalized(low: str) -> str:
    """``low`` with emoji read as separators, years said in words as digits, and misspelled vocabulary words
    (decades, genres, nationalities, runtime units) written right."""
    low = _EMOJI.sub(", ", low).strip(", ")
    low = _SHORTHAND.sub(lambda m: _SHORTHAND_WORDS[m[0]], low)
    low = _texting(low)
    low = _dictated(low)
    low = _marked_items(low)
    low = _minutes_in_words(low)
    low = _bonus(low)
    low = _SUBTITLES_FINE.sub("any language is fine", low)
    low = _YEAR_WORDS.sub(_year_digits, low)
    low = _DICTATED_TWO.sub(lambda m: f"{m['w'] or m['ww']}two", low)
    low = _APOSTROPHE_PLURAL.sub(lambda m: _PLURALS.get(m["k"], m["k"] + "s"), low)

    def unit(m: re.Match[str]) -> str:
        w = m["w"]
        if w in _UNIT_WORDS:
            return m[0]
        for known in ("minutes", "hours"):
            if w != known and w[0] == known[0] and OSA.distance(w, known) <= (2 if known == "minutes" else 1):
                return m[0][: m.start("w") - m.start()] + known
        return m[0]

    return _symbols(_genre_hyphens(_spelled(_UNIT_TYPO.sub(unit, low))))


#: Two kinds joined by a hyphen ("a horror-comedy", "an action-adventure", "sci-fi-horror"): read as the two words.
_GENRE_HYPHEN = re.compile(
    r"\b(?:horror|comedy|action|drama|thriller|romance|romantic|sci-fi|scifi|fantasy|crime|war|musical|western|"
    r"mystery|adventure|documentary)(?P<h>-)(?=(?:horrors?|comed(?:y|ies)|action|dramas?|thrillers?|romances?|"
    r"musicals?|westerns?|myster(?:y|ies)|adventures?|fantasy|documentar(?:y|ies))\b)"
)


def _symbols(low: str) -> str:
    """"≤ 90 min", "≥ 2h", "under 90'": the signs people type as the ones the patterns read (one character each)."""
    return re.sub(r"\b(\d{2,3})['’](?![a-z0-9])", r"\1m", low.replace("≤", "<").replace("≥", ">"))


def _genre_hyphens(low: str) -> str:
    """``low`` with the hyphen between two genre words a space (the length is kept: spans stay aligned)."""
    return _GENRE_HYPHEN.sub(lambda m: m[0][:-1] + " ", low)


#: A search typed as filters: "year: 1994", "year>=1990", "lang: japanese", "country: korea", "not: italian",
#: "exclude: horror, musical", "min length 2h", "genre: crime" — each label written as the words it stands for.
_FIELD_YEAR = re.compile(
    r"\b(?:year|released|release year)\s*(?P<op>>=|<=|=>|=<|[:=<>])\s*(?=(?:1[89]\d\d|20[0-4]\d)\b)"
)
_YEAR_OPS = {":": "from ", "=": "from ", ">=": "since ", "=>": "since ", ">": "after ", "<=": "until ", "=<": "until ",
             "<": "before "}
_FIELD_WORDS = re.compile(
    r"(?:(?<=^)|(?<=[,;|/+.]\s)|(?<=[,;|/+.]))\s*(?P<k>genres?|type|kind|country|countries|origin|lang|language|"
    r"spoken|min(?:imum)?\s+(?:length|runtime|duration)|max(?:imum)?\s+(?:length|runtime|duration))\s*[:=]?\s*"
    r"(?=[a-z0-9<>])"
)
_FIELD_NOT = re.compile(r"(?P<stop>\.\s*)?\b(?:not|exclude|excluding|except|without|minus|no|don'?t want|do not want|"
                        r"avoid)\s*[:=]\s*(?P<list>[^.;|/]+)")


#: "Anything" before an item of a refused list ("don't want: anything gory, anything over two hours").
_ANY_LEAD = re.compile(r"^(?:anything|any|something)\s+")


def _field_syntax(low: str) -> str:
    """``low`` with filter labels written as words ("year: 1994, genre: crime" is "from 1994, crime")."""
    if not re.search(r"\b[a-z]+\s*(?:[:=]|[<>]=?)\s*[a-z0-9]", low):
        return low
    low = _FIELD_YEAR.sub(lambda m: _YEAR_OPS[m["op"]], low)

    def word(m: re.Match[str]) -> str:
        k = m["k"]
        lead = m[0][: len(m[0]) - len(m[0].lstrip())]
        if k.startswith(("min", "max")):  # "min length 2h": "length >= 2h", as the list's other items read it
            return f"{lead}length {'>=' if k.startswith('min') else '<='} "
        if k.startswith("lang") or k == "spoken":
            return f"{lead}in "
        if k.startswith("countr") or k == "origin":
            return m[0]  # "country: korea" is read as it stands
        return lead

    low = _FIELD_WORDS.sub(word, low)
    return _FIELD_NOT.sub(lambda m: (", " if m["stop"] else "") + ", ".join(  # "…, 1970s. not: x" is one list
        "not " + _ANY_LEAD.sub("", x.strip()) for x in re.split(r",|\band\b", m["list"]) if x.strip()), low)


#: A correction mid-query: "80s — no wait, 90s", "a french film, sorry, italian", "under 90 min, actually make
#: that under 2 hours"; and a withdrawn item: "horror — scratch that, a mystery".
_CORRECTION = re.compile(
    r"\s*(?:[,;:]|\s[-–—]|\.\.\.)\s*(?:no,?\s+wait|wait,?\s+no|sorry|i mean|i meant|(?:actually,?\s+)?make (?:that|it)"
    r"|or rather|correction)\b[,:]?\s*"
)
_SCRATCH = re.compile(r"(?P<prev>[^,;—–]+?)\s*(?:[,;]|\s[-–—])\s*(?:scratch that|forget that)\b[,:]?\s*")
#: The kinds of word a correction replaces (group free): a decade or year, a nationality, a runtime bound.
_CORRECTED_KINDS = (
    r"(?:(?:from|in|of)\s+)?(?:the\s+)?(?P<core>(?:(?:early|mid|late)[\s-]*)?(?:1[89]\d0s|20[0-2]0s"
    r"|['’]?[0-9]0\s?['’]?s|1[89]\d\d|20[0-4]\d|" + "|".join(_DECADE_WORDS) + r"))\b",
    r"(?P<core>" + "|".join(sorted(map(re.escape, NATIONS), key=len, reverse=True)) + r")\b",
    r"(?P<core>(?:under|over|less than|more than|at least|at most|no more than|no longer than|[<>])\s*[\w.]+"
    r"(?:\s*(?:minutes|mins?|min|hours|hrs?|h))?)\b",
)


def _corrected(low: str) -> str:
    """``low`` with a corrected word dropped ("80s — no wait, 90s" is the 90s) and a withdrawn item left out
    ("horror — scratch that, a mystery"). The earlier word goes only when it is of the kind the correction
    starts with; otherwise the text is kept as typed."""
    low = _SCRATCH.sub(" ", low).strip()
    for _ in range(3):
        m = _CORRECTION.search(low)
        if m is None:
            break
        before, after = low[: m.start()], low[m.end():]
        for kind in _CORRECTED_KINDS:
            now = re.match(kind, after)
            said = list(re.finditer(r"\b" + kind, before)) if now else []
            if now and said:  # the new word takes the old one's place: "a french film, sorry, italian" is italian
                old = said[-1]
                rest = after[now.end():].lstrip(" ,")
                low = f"{before[: old.start('core')]}{now['core']}{before[old.end('core'):]}" + (
                    f", {rest}" if rest else "")
                break
        else:
            break
    return low


def _year_digits(m: re.Match[str]) -> str:
    """The year an ``_YEAR_WORDS`` match says, in digits."""
    if m["c"]:
        century = 1900 if m["c"] == "nineteen" else 2000
        if m["t"]:
            return str(century + 10 * (_TENS.index(m["t"]) + 2) + (_UNITS.index(m["u"]) + 1 if m["u"] else 0))
        if m["teen"]:
            return str(century + 10 + _TEENS.index(m["teen"]))
        return str(century + _UNITS.index(m["ou"]) + 1)
    if m["t2"]:
        return str(2020 + (_UNITS.index(m["u2"]) + 1 if m["u2"] else 0))
    if m["teen2"]:
        return str(2010 + _TEENS.index(m["teen2"]))
    return str(2000 + _UNITS.index(m["u3"]) + 1)


def _spelled(low: str) -> str:
    """``low`` with misspelled vocabulary words (decades, genres) written right."""

    def fix(m: re.Match[str]) -> str:
        word = m[0]
        for known in _SPELLED_BY_EDGES.get((word[0], word[-1]), ()):
            if word == known or word in _REAL_WORDS:
                return word
            most = 2 if known in _DECADE_SPELLED and len(known) >= 8 else 1
            if abs(len(known) - len(word)) <= most and OSA.distance(word, known) <= most:
                return known
        return word

    return re.sub(r"[a-z]{5,}", fix, low)


#: What separates the items of a list typed with slashes, plus signs or bars ("sci-fi/not space/post 2015"; not
#: "w/", "w/o", "and/or").
_LIST_SEP = re.compile(r"\s*(?:[+|]|\s/\s|(?<=[a-z0-9])(?<!\bw)(?<!\band)/(?=[a-z0-9<>])(?!o\b|or\b))\s*")
#: Words that make a query a sentence rather than a terse keyword list.
_SENTENCE_WORDS = frozenset(
    "a an the of about with where who whose that which in on at to for from by is are was were be been and or but "
    "like i me my we our you your he she they it its this these those what when how why if not no nothing without "
    "any some set made released than as so".split()
)


def _terse(low: str) -> bool:
    """Whether ``low`` is a terse keyword list ("western 60s italy", "thriller japan 2000s"): no word that
    makes a sentence, and at least two words the parser knows (a title such as *French Kiss* has one)."""
    words = re.findall(r"[a-z0-9][\w'’-]*", low)
    known = rf"{_TERSE_GENRES}|{_DECADE}|\b(?:1[89]\d\d|20[0-4]\d)\s*[-–]\s*(?:1[89]\d\d|20[0-4]\d)|{_TERSE_PLACES}"
    pieces = [p for p in _LIST_SEP.split(low) if p.strip()]
    listed = len(pieces) >= 2 and all(len(p.split()) <= 5 for p in pieces)
    if listed and re.search(rf"(?<![\w-])(?:{known})(?!\w)", low):
        return True  # "thriller / 90s / under 2h", "animation + family + < 90 mins": a list, whatever its words
    if len(words) < 2 or any(w in _SENTENCE_WORDS for w in words):
        return False
    if re.search(rf"\b(?:{_TERSE_PLACES})\s+(?:civil\s+)?wars?\b", low):
        return False  # "korean war", "vietnam war": an event, not a list
    return len(re.findall(rf"(?<![\w-])-?(?:{known})(?![\w])", low)) >= 2  # "-horror": not horror


#: What separates the items a query may end with: commas, dashes, and "but" ("like alien but funny").
_ITEM_SEP = re.compile(r"\s*(?:[,;]|\s[-–—]\s|\bbut\b)\s*")
#: Words an item may carry besides what it states ("80s only", "but actually italian", "a comedy").
_ITEM_FILLER = frozenset("only please pls plz ideally preferably maybe max tops and or actually more a an it's "
                         "its also though one ones movie movies film films flick flicks from the made make it "
                         "silent".split())  # "…, silent comedies please": the silent era is read on its own
_ITEM_KNOWN = re.compile(
    rf"(?<![\w-])(?:{_TERSE_GENRES}|{'|'.join(_WISH_ADJECTIVES)}|{_DECADE}|{_TERSE_PLACES})(?![\w-])"
)


#: A piece that states a constraint of its own ("no romance", "under 2 hours", "for kids", "in french").
_CONSTRAINT_START = re.compile(r"(?:no|not|nothing|never|without|under|over|less|more|at least|at most|before|after|"
                               r"since|until|pre|post|in|for|max|min|shorter|longer|between)\b")


#: An item that leaves a fact open ("any decade", "whatever year", "any length is fine", "era doesn't matter").
_OPEN_ITEM = re.compile(r"(?:(?:any|whatever|all)\s+(?:decade|era|year|period|length|runtime|language|country)s?"
                        r"(?:\s+(?:is\s+)?(?:fine|ok|okay|works))?|(?:the\s+)?(?:decade|era|year|length|runtime)s?\s+"
                        r"(?:doesn'?t|does not|don'?t)\s+matter)")


def _items(low: str) -> tuple[tuple[int, int], ...]:
    """The terse items after a description, each a piece between separators made only of words the parser
    knows ("two friends on a road trip, comedy, 2010s", "revenge story, korean, no romance", "an underdog
    sports story, 80s only", "like the godfather but korean"). A first piece made of known words alone is no
    description ("argentina, 1985", "germany, year zero" are titles; "korean, 80s" is a terse list): then
    nothing is an item."""
    cuts = [0, *(x for m in _ITEM_SEP.finditer(low) for x in m.span()), len(low)]
    pieces = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2) if cuts[i] < cuts[i + 1]]

    def terse_piece(a: int, b: int) -> bool:
        rest = _ITEM_KNOWN.sub(" ", low[a:b])
        return rest != low[a:b] and all(w in _ITEM_FILLER for w in rest.split())

    if len(pieces) < 2 or not _ITEM_KNOWN.sub(" ", low[slice(*pieces[0])]).strip(" .!?"):
        return ()
    items: list[tuple[int, int]] = []
    for p in reversed(pieces[1:]):  # the run the query ends with ("two brothers, from mexico, cross the border": none)
        if terse_piece(*p):
            items.append(p)
        elif _OPEN_ITEM.fullmatch(low[slice(*p)].strip(" .!?")):
            continue  # "…, japanese, any decade": an item that leaves something open states nothing
        elif not _CONSTRAINT_START.match(low, p[0]):
            break
    return tuple(reversed(items))


#: When people watch ("on friday", "on a rainy sunday"): not a story mark.
_WHEN_WATCHED = (r"(?:rainy\s+|lazy\s+|quiet\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                 r"weekend|weeknight|night|evening|afternoon|tv|netflix)")


def _head_end(low: str) -> int:
    for m in _STORY_MARK.finditer(low):
        if m[0] == "like" and re.search(r"\b(?:i'?d|i|we'?d|we|you|they|would|feel|feels)(?:\s+(?:both|all|really|"
                                        r"also|usually|just|do|would|still|always))*\s+$", low[: m.start()]):
            continue  # "i'd like a documentary", "we both like a good mystery": a wish, not a comparison
        if m[0] == "like" and re.match(r"like\s+[^,;]{1,40}[,;]\s+(?:but\s+)?(?:an?|some|something|anything)\s",
                                       low[m.start():]):
            continue  # "like twelve angry men, a courtroom drama from the 50s": the kind follows the comparison
        if m[0] == "with" and (re.match(r"with\s+(?:my|our|me|us)\b", low[m.start():])
                               or re.search(r"\bwatch(?:ing)?\s+(?:it\s+)?$", low[: m.start()])):
            continue  # "something to watch with my wife": the company, not the story
        if m[0] == "on" and re.match(rf"on\s+(?:a\s+|this\s+|the\s+)?{_WHEN_WATCHED}\b", low[m.start():]):
            continue  # "a family movie night on friday"
        if m[0] == "that" and re.match(r"that(?:\s+one)?\s*(?:$|[,.;!?])", low[m.start():]):
            continue  # "something like that, a fun adventure": a pronoun, not a clause about the story
        if m[0] in ("which", "who", "where") and not low[: m.start()].strip(" ,.!?'\"-"):
            continue  # "which hollywood musicals … are worth it?": a question, not a clause about the story
        return m.start()
    return len(low)


#: Where a new request starts inside a long message ("…, so I'm looking for …", ". I want …", "no wait, I want
#: something …"): the words right after it name the kind of film as a query's head does.
_RESTART = re.compile(
    r"(?:[.!?;,]+|\bso)\s+(?=(?:(?:so|but|and|now|anyway)\s+)?(?:(?:i|we)(?:'m|\s+am|'re|\s+are|'d|\s+would)?"
    r"(?:\s+(?:just|really|now|still|kinda|actually))*\s+(?:want|need|wanna|looking\s+for|in\s+the\s+mood\s+for|"
    r"craving)\b|(?:i'?m\s+|we'?re\s+)?looking\s+for\b|(?:something|anything)\b"
    r"|(?:maybe\s+|probably\s+|perhaps\s+)?(?:an?|some)\s+[\w-]+(?:\s+[\w-]+)?\s*(?:$|[.!?])))"  # "…, so a documentary"
)


def _in_head(low: str, at: int) -> bool:
    """Whether ``at`` is in the head of the query, or of a request that starts later in a long message."""
    if at < _head_end(low):
        return True
    starts = [m.end() for m in _RESTART.finditer(low) if m.end() <= at]
    return bool(starts) and at < starts[-1] + _head_end(low[starts[-1]:])


def _qualifies_film(low: str, end: int) -> bool:
    """Whether the words after ``end`` name the kind of film within three words ("… paranoid thriller")."""
    kind = rf"{_FILM_NOUN}(?:{_AFTER_KIND}|\s+{_FILM_NOUN}\b)"
    return re.match(rf"(?:\s*[\w'-]+){{0,3}}?\s*\b{kind}", low[end:]) is not None


def _closes(low: str, end: int) -> bool:
    """Whether a clause ends at ``end`` (end of the query or punctuation)."""
    return re.match(r"\s*(?:$|[,.;!?])", low[end:]) is not None


#: "in the 80s" names the release era after a kind of film ("a thriller in the 80s", "comedies made in
#: the 90s") or a bare wish ("something scary in the 80s"); after anything else it is the story's time.
_KIND_BEFORE = re.compile(
    rf"(?:\b{_FILM_NOUN}(?:\s+(?:made|released|filmed|shot|produced))?"
    rf"(?:\s+(?:from|made in|out of)\s+(?:the\s+)?(?:{_TERSE_PLACES}))?"
    rf"|^\s*(?:(?:something|anything)(?:\s+[\w'-]+){{0,2}})?)\s*$"
)


def _names_kind_before(low: str, start: int) -> bool:
    return _KIND_BEFORE.search(low[:start]) is not None


#: Words that may follow a release era ("from the 90s under two hours", "from 1994 about …").
_AFTER_ERA = frozenset(
    "about with where that which who featuring starring for set and or but please under over less more shorter "
    "longer no not without in on to at by made released only like i me so than that's thats it's when whose if "
    "because are should would could can do does did will worth you we except excluding besides apart".split()
) | _CHAT_WORDS


def _names_a_place_after(low: str, end: int) -> bool:
    """Whether the year or decade ending at ``end`` modifies a noun ("from 1988 alaska")."""
    m = re.match(r"\s+([a-z][\w'-]*)", low[end:])
    return m is not None and m.group(1) not in _AFTER_ERA and not _qualifies_film(low, end)


def _film_just_before(low: str, start: int) -> bool:
    """Whether the words before ``start`` end with a film or a kind of film ("a drama of the 1940s"), not a
    story ("a story of the 1930s")."""
    m = re.search(rf"\b(?:something|anything|{_FILM_NOUN})\s*$", low[:start])
    return m is not None and not re.match(r"(?:stor|tale)", m[0])


def _clause_ends(low: str, end: int) -> bool:
    """Whether the words at ``end`` end the phrase or start a new clause (not "… the 1930s dust bowl")."""
    return _closes(low, end) or re.match(r"\s+(?:about|with|where|that|which|who|featuring|starring|for|set|"
                                         r"and|or|but|please)\b", low[end:]) is not None


#: Words that allow a thing rather than ask for it ("doesn't need to be recent", "doesn't have to be in english",
#: "i wouldn't mind a long one", "i don't hate old movies", "fine with subtitles").
_PERMITTED_BEFORE = re.compile(
    r"\b(?:(?:(?:doesn'?t|does not|don'?t|do not|won'?t|wouldn'?t)\s+(?:need|have|has)|needn'?t)\s+to\s+be"
    r"|needn'?t\s+be|not\s+necessarily"
    r"|(?:doesn'?t|does not|don'?t|do not|wouldn'?t|would not)\s+(?:mind|hate|object\s+to)"
    r"|not\s+(?:against|opposed\s+to)|(?:ok|okay|fine)\s+with)\s+(?:(?:a|an|the|some|it|in|being)\s+)*(?:[\w-]+\s+)?$"
)


def _permitted(low: str, start: int) -> bool:
    """Whether the words before ``start`` allow what follows rather than ask for it."""
    return _PERMITTED_BEFORE.search(low[:start]) is not None


def _setting(low: str, start: int) -> bool:
    return bool(_SETTING_BEFORE.search(low[:start]))


#: Words that say which of a kind is refused ("no loud action", "no cheesy romance"): the kind is ruled out
#: (stricter than asked, never looser; a film of that kind would break what was said of it).
_REFUSED_KIND = ("loud|noisy|cheesy|corny|sappy|soppy|mushy|schmaltzy|silly|dumb|stupid|mindless|brainless|trashy|"
                 "gory|bloody|violent|gross|depressing|sad|heavy|bleak|slow|boring|campy|goofy|explosive|big")


def _negations(low: str, found: _Found) -> None:
    genre_alt = "|".join(sorted(map(re.escape, GENRE_WORDS | _NEGATED_ONLY), key=len, reverse=True))
    films = r"(?:\s+(?:movies?|films?|flicks?|stuff|elements?|please))?"
    pat = re.compile(rf"\b{_NEG}\s*(?:(?:a|an|any|anything|the|too|more|much|very|overly|so|actual|real|proper|"
                     rf"straight|pure|outright|full-on|true|{_REFUSED_KIND})\s+)*(?P<g>{genre_alt})"
                     rf"{films}\b")
    minus = re.compile(rf"(?:^|(?<=\s))-(?P<g>{genre_alt})\b")  # "sci-fi -horror -action"
    for m in [*pat.finditer(low), *minus.finditer(low)]:
        a, b = m.span()
        if not found.free(a, b):
            continue
        if re.match(_DISLIKE, m[0]) and not _companion_who(low, a) and (
            re.search(r"\b(?:who|that|which|whose)\s+(?:[a-z']+\s+)?$", low[:a])
            or (a >= _head_end(low) and not re.search(_VIEWER_BEFORE, low[:a]))
        ):
            continue  # "a grumpy man who hates musicals", "a film where the hero hates war": the story
        film_named = re.search(r"\s(?:movies?|films?|flicks?)$", m[0]) is not None
        if m["g"] in _NEEDS_FILM_NOUN and a > _head_end(low) and not film_named and (
            (m[0].startswith("no ") and re.search(r"\b(?:with|has|have|had|having|got)\s+$", low[:a]))
            or (m[0].startswith("without") and re.search(r"\b[a-z]+\s+$", low[:a])
                and not re.search(rf"\b(?:{_FILM_NOUN}|preferably|ideally|hopefully|if possible)\s+$", low[:a]))
        ):  # ("…, preferably without action": a hedged refusal of the kind)
            continue  # "a retired hitman with no family", "a town without crime": the story, not a kind of film
        if m[0].startswith(("not", "isn", "is not", "aren", "are not")) and _PERSON_IS.search(low[:a]):
            continue  # "someone who is not funny tries stand-up": a character, not the film
        genres = GENRE_WORDS.get(m["g"]) or _NEGATED_ONLY[m["g"]]
        double = _DOUBLE_NEGATION.search(low[:a])
        if double and not m["g"].startswith("slasher"):  # "nothing that isn't a comedy": a comedy
            for g in genres:
                found.add(Constraint(Chip(f"genre:{g}", g), SearchFilters(genres_all=(g,)),
                                     spans=((double.start(), b),), strip=False))
            continue
        genres = genres[:1]  # "no rom-coms" rules out romance, not every comedy
        compound = re.match(rf"\s+(?:{genre_alt}){films}\b", low[b:])
        if compound and not m[0].startswith("non") and m["g"] not in _NEGATED_ONLY and m["g"] not in _GENRE_ADJECTIVES:
            b += compound.end()  # "no horror comedies", "no horror-comedies": refused as one, like a rom-com
            # (not "non-musical animated film", "not scary family films": the second word is the kind wanted)
        if m["g"].startswith("slasher"):  # a kind of horror film, not all of it
            found.add(Constraint(Chip("avoid:slasher", "not slasher"), avoid=("slasher",), spans=((a, b),)))
            continue
        for g in genres:
            found.add(Constraint(Chip(f"not:{g}", f"not {g}"), SearchFilters(genres_not=(g,)), spans=((a, b),)))
        # "not a musical or a western", "no horror or thrillers": each one is ruled out
        while (more := _next_refused_genre(low, b, genre_alt, films)) and not m["g"].startswith("slasher"):
            key = "g" if more["g"] else "g2" if more["g2"] else "g3"
            span = (b + more.start(key), b + more.end())
            b = span[1]
            if not found.free(*span):
                break
            g = (GENRE_WORDS.get(more[key]) or _NEGATED_ONLY[more[key]])[0]
            found.add(Constraint(Chip(f"not:{g}", f"not {g}"), SearchFilters(genres_not=(g,)), spans=(span,)))
    # any other negated word: not searched for, and avoided in the films' keywords
    other = re.compile(
        r"\b(?:not|nothing like|isn'?t)\s+(?:a|an|another)\s+(?P<w>[a-z][a-z-]{2,})"
        rf"(?=\s*(?:$|[,.;!?]|\s(?:movies?|films?|ones?|{_FILM_NOUN})\b))"
        rf"|\b(?:no|without|avoid|nothing with|not (?:too|so|that) much|not a lot of|minus|zero|free of|none of|"
        rf"hold|skip|spare me|easy on|light on|not much|no more|not (?:a|an|another))\s+"
        rf"(?:(?:any|the|all the|too much|so much|much|a lot of|lots of|"
        rf"(?:anything|something|stuff)\s+(?:with|involving)|"
        rf"excessive|graphic|gratuitous|(?:scenes?|shots?|moments?)\s+(?:of|with))\s+)?(?P<e>{_AVOIDABLE})\b"
        rf"(?:\s*(?:,|or|and|nor)\s+(?:any\s+)?(?P<e2>{_AVOIDABLE})\b)?"  # "nothing with violence or swearing"
        r"|\b(?:not|nothing|never|isn'?t|is not|(?:can'?t|cannot|shouldn'?t|should not|mustn'?t|must not|won'?t)\s+be)"
        r"\s+(?:(?:too|very|overly|that|so|super|much)\s+){0,2}(?:[a-z]+\s+(?:[a-z]+\s+)?or\s+)?"  # "rated r or gory"
        r"(?P<adj>violent|bloody|gory)\b"
    )
    for m in other.finditer(low):
        a, b = m.span()
        word = m["w"] or m["e"] or {"violent": "violence", "bloody": "blood", "gory": "gore"}.get(m["adj"] or "", "")
        if not found.free(a, b) or word in _NOT_AVOIDABLE:
            continue
        found.add(_unwanted(word, (a, b)) if _evaluative(word) else _avoiding(word, (a, b)))
        if m["e2"]:
            found.add(_avoiding(m["e2"], (m.start("e2"), m.end("e2"))))
        if not _evaluative(word):
            _more_avoided(low, m.end(), found)
    # "not from marvel", "but no from studio ghibli": a maker the films must not come from (not an era or a country)
    maker = re.compile(r"\b(?:not|no)\s+(?:from|by)\s+(?:studio\s+)?(?P<n>[a-z][a-z-]{2,})(?=\s*(?:$|[,.;!?]))")
    for m in maker.finditer(low):
        word = m["n"]
        if found.free(*m.span()) and word not in _NOT_AVOIDABLE and not re.fullmatch(_TERSE_PLACES, word) and not (
            re.fullmatch(_DECADE, word)
        ):
            found.add(_avoiding(word, m.span()))
    # "a sports story but not about boxing", "no boxing": a topic the films must not be about
    topic = re.compile(r"\b(?:not|isn'?t|is not|aren'?t|are not|nothing|never|doesn'?t|does not|don'?t)\s+"
                       r"(?:(?:one|anything|something|a movie|a film|movies|films)\s+)?"
                       r"(?:about|involving|involve|feature|featuring|with)\s+(?:(?:a|an|any|the)\s+)?"
                       r"(?P<t>[a-z][a-z0-9-]{2,}(?:\s+(?!(?:and|or|but|nor|please)\b)[a-z0-9][a-z0-9-]*){0,2})"
                       r"(?=\s*(?:$|[,.;!?]|\s(?:and|or|but|please|movies?|films?)\b)|\s+[a-z][a-z-]+\s+(?:or|nor)\s)"
                       r"|(?:^|[,;/|+]\s*|\bbut\s+|\band\s+)no\s+(?:more\s+)?(?P<u>[a-z][a-z-]{3,})"
                       r"(?:\s+(?:movies?|films?|stuff))?"
                       rf"(?=\s*(?:$|[,.;!?/|+]|\s(?:and|or|but|please|{_CHAT_TAIL})\b))"
                       r"|\b(?:but|and)\s+not\s+(?:(?:a|an|the|in)\s+)?(?P<v>world war (?:two|one|ii|i|2|1)|"
                       r"[a-z][a-z-]{3,})"
                       r"(?=\s*(?:$|[,.;!?/|+]|\s(?:and|or|but|please|movies?|films?|stuff)\b))"
                       # "…movie?? not boxing tho", "sci-fi/not space/post 2015": a new sentence or list item
                       r"|(?:^|[.!?/|+]\s*)not\s+(?:(?:a|an|any)\s+)?(?P<x>[a-z][a-z-]{3,})"
                       r"(?:\s+(?:movies?|films?|stuff))?"
                       rf"(?=\s*(?:$|[,.;!?/|+]|\s(?:and|or|but|please|{_CHAT_TAIL})\b))")
    for m in topic.finditer(low):
        a, b = m.span()
        word = m["t"] or m["u"] or m["v"] or m["x"]
        about = m["t"] is not None  # "not about war": the topic, even when it is a genre word
        if not about and not m["x"] and a > _head_end(low) and not found.terse:
            continue  # "a man … with bullets in his back and no memory": the story
        if not found.free(a, b) or word in _NOT_AVOIDABLE or word in _LENGTH_WORDS or (
            not about and (word in GENRE_WORDS or word in _NEGATED_ONLY)
        ):
            continue
        if (m["x"] and _evaluative(word)) or _part_quality(word):
            found.add(_unwanted(word, (a, b)))  # "… . not boring", "nothing with a complicated plot": a quality
            continue
        found.add(_topic_avoided(word, (a, b)))
        if about:  # "isn't about politics or war", "world war two, vietnam or korea": each topic
            _more_avoided(low, b, found, topics=True)
    # "grief that isn't too depressing", "space exploration that doesn't drag": a quality the film must not have,
    # said of the film (after "that", "but", "and" or a comma; "a man who doesn't speak" is the story). The word
    # is not searched for (it would pull in films that mention it) and not avoided either: a tagline that says
    # "heavy" or "slow" is no reason to drop a film.
    quality = re.compile(r"(?:\b(?:that|which|but|and|it)|[,;])\s*(?:(?:is|are|'s|s)\s+)?"
                         r"(?:not|isn'?t|aren'?t|doesn'?t|don'?t|never|nothing)\s+"
                         r"(?:(?:too|very|overly|that|so|super|at all|get|feel|go)\s+)*"
                         r"(?P<q>[a-z][a-z-]{3,})(?=\s*(?:$|[,.;!?]|\s(?:and|or|but|please|if possible|ideally|"
                         r"preferably|though|tho)\b))")
    for m in quality.finditer(low):
        a, b = m.start("q"), m.end("q")
        word = m["q"]
        if not found.free(m.start(), b) or word in _NOT_AVOIDABLE or word in GENRE_WORDS or word in _NEGATED_ONLY:
            continue
        if word in _LENGTH_WORDS:
            continue  # "not too long": a runtime wish (see _runtimes)
        span = (m.start(), b)
        found.add(_unwanted(word, span) if _evaluative(word) else _avoiding(word, span))  # "that isn't marvel"
    # "a cartoon without talking animals", "a thriller with no twist ending": a thing the film must not have
    # (only right after the kind of film or at the start of a clause; "a boy raised without a father" is the story)
    phrase = re.compile(r"\b(?:without|with no|but no|and no|minus)\s+(?:(?:a|an|any|the)\s+)?"
                        r"(?P<p>[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)(?=\s*(?:$|[,.;!?]|\s(?:and|or|but|please)\b))")
    for m in phrase.finditer(low):
        a, b = m.span()
        words = m["p"].split()
        if not found.free(a, b) or (len(words) == 1 and words[0] in _NOT_AVOIDABLE):
            continue
        if any(w in _FILLER for w in words):
            continue
        if not (re.search(rf"\b{_FILM_NOUN}\s*$", low[:a]) or re.search(r"(?:^|[,;]|\bbut|\band)\s*$", low[:a])):
            continue
        found.add(_avoiding(m["p"], (a, b)))
        _more_avoided(low, b, found)


def _next_refused_genre(low: str, end: int, genre_alt: str, films: str) -> re.Match[str] | None:
    """The next genre of a refused list: "not a musical or a western"; after "and" only as "and the cartoons" or
    "and war films" ("no gore and a comedy please" asks for the comedy)."""
    return re.match(rf"\s*(?:or|nor)\s+(?:(?:a|an|any)\s+)?(?P<g>{genre_alt}){films}\b"
                    rf"|\s*(?:,\s*)?and\s+(?:(?:the|any)\s+(?P<g2>{genre_alt}){films}|(?P<g3>{genre_alt})\s+(?:movies|films)"
                    rf")\b", low[end:]) if low[end:] else None


#: A companion described in passing, then their aversion: "my dad, who can't stand subtitles", "Sam is bringing her
#: new boyfriend, who apparently can't handle anything scary" (said by a viewer who speaks of themselves).
_COMPANION_WHO = re.compile(
    r"\b(?:my|our|her|his|their)\s+(?:new\s+|little\s+|older\s+|younger\s+)?(?:boyfriend|girlfriend|wife|husband|"
    r"partner|friends?|dad|father|mum|mom|mother|parents|kids|son|daughter|brother|sister|roommate|flatmate|grandma|"
    r"grandpa|gran|nan|in-laws|date|guests?)\s*,\s*who\s+(?:[a-z']+\s+)?$"
)


#: A companion named without "my" ("mum refuses …", "dad won't …").
_COMPANION_WORD = (r"\b(?:mum|mom|dad|wife|husband|partner|son|daughter|grandma|grandpa|gran|nan|girlfriend|boyfriend|"
                   r"brother|sister|roommate|flatmate)\b")


def _companion_who(low: str, at: int) -> bool:
    """Whether the dislike at ``at`` is a companion's said in a relative clause (see ``_COMPANION_WHO``)."""
    return _COMPANION_WHO.search(low[:at]) is not None and _VIEWER_SPEAKS.search(low) is not None


#: The parts of a film a quality is said of ("a complicated plot", "a slow pace"): the quality is no topic.
_FILM_PARTS = frozenset("plot plots story storyline ending pace pacing dialogue script structure narrative".split())
_PART_QUALITIES = frozenset("complicated convoluted complex slow long weak thin messy".split())


def _part_quality(words: str) -> bool:
    """Whether ``words`` is a quality of a part of the film ("complicated plot"), not a thing in it ("sad ending",
    an avoidable keyword, stays avoided)."""
    parts = words.split()
    return len(parts) == 2 and parts[1] in _FILM_PARTS and re.fullmatch(_AVOIDABLE, words) is None and (
        _evaluative(parts[0]) or parts[0] in _PART_QUALITIES)


#: A word that names the films or things in general, not the thing ("superhero stuff", "vampire movies").
_KIND_WORD = r"(?:movies?|films?|flicks?|stuff|ones|stories|plots?|shows?)\b"
#: Words after the last item of a list ("… or korea maybe", "… or werewolves just …").
_LIST_END = r"(?:or|nor|no|just|please|pls|either|but|" + _CHAT_TAIL + r")\b"


#: The next item of a list of things avoided: "no zombies, vampires or werewolves", "no aliens no robots",
#: "without serial killers or cops" (a bare word only when an "or" follows it: "no zombies vampires or …").
_MORE_AVOIDED = re.compile(
    r"(?:\s*,\s*(?:(?:or|and|nor)\s+)?|\s+(?:or|nor|no)\s+|\s+(?=[a-z][a-z-]+s\s+(?:or|nor)\s))(?:(?:any|the)\s+)?"
    rf"(?P<w>[a-z][a-z-]{{2,}}(?:\s+(?!{_KIND_WORD}|{_LIST_END})[a-z][a-z-]{{2,}})?)(?:\s+{_KIND_WORD})?"
    rf"(?=\s*(?:$|[,.;!?]|\s{_LIST_END}|\sand\s+(?:no|without)\b))"  # "no aliens no time travel and no space"
)


#: The next topic of "isn't about X, Y or Z" (any word: "vietnam", "politics"; a genre word is a topic too).
_MORE_TOPICS = re.compile(
    r"(?:\s*,\s*(?:(?:or|and|nor)\s+)?|\s+(?:or|and|nor)\s+|\s+(?=[a-z][a-z-]+\s+(?:or|nor)\s))(?:(?:a|an|the)\s+)?"
    rf"(?P<w>[a-z][a-z-]{{2,}}(?:\s+(?!{_LIST_END})[a-z][a-z-]{{2,}})?)(?=\s*(?:$|[,.;!?]|\s{_LIST_END}))"
)


def _more_avoided(low: str, end: int, found: _Found, topics: bool = False) -> None:
    """The rest of a list of avoided things after the first (see ``_MORE_AVOIDED``; ``topics``: of a "not about"
    list, ``_MORE_TOPICS``)."""
    while (m := (_MORE_TOPICS if topics else _MORE_AVOIDED).match(low, end)) is not None:
        words = m["w"].split()
        if any(w in _NOT_AVOIDABLE or w in _FILLER or w in _CHAT_WORDS or (w in GENRE_WORDS and not topics)
               for w in words) or _evaluative(words[-1]) or not found.free(m.start("w"), m.end()):
            return
        found.add((_topic_avoided if topics else _avoiding)(m["w"], (m.start("w"), m.end())))
        end = m.end()


#: Weariness said by the viewer at the start of a clause ("bored of superhero stuff", "i'm done with westerns",
#: "had enough horror this october", "not feeling horror or thriller", "something other than action for once",
#: "can we not do animation this time"): what follows is not wanted.
_WEARY = re.compile(
    r"(?:^|[,.;!?]\s*|\b(?:but|and|honestly|tbh|also|so)\s+)"
    r"(?:(?:i'?m|im|i am|we'?re|we are|i'?ve|we'?ve|i|we|i'?ve|we have|i have|already|is|are|she'?s|he'?s|"
    r"they'?re)\s+)?"
    r"(?:(?:so|really|just|kinda|kind of|a bit|pretty|totally|honestly|getting|a little|officially)\s+)*"
    r"(?P<v>bored (?:of|with)|sick (?:of|to death of)|tired of|fed up with|had enough(?: of)?|enough(?: of| with)|"
    r"done with|burn[t]? out on|burned out on|seen enough|had (?:my|our) fill of|had it with|over|"
    r"not feeling|(?:can|could) we (?:not|skip)(?: do| watch| have)?|let'?s (?:not|skip)(?: do| watch| have)?|"
    r"(?:something|anything) other than|anything besides)\s+"
    r"(?:(?:the|all the|all|all these|any more|more|those|these|a|an)\s+)?"
)
#: After a wearied-of topic (not a genre): where the phrase ends ("sick of sequels honestly").
_WEARY_END_WORD = (r"(?:honestly|already|lately|anymore|for (?:a while|now|once)|this (?:year|week|month|time)|"
                   r"right now|but|just|tbh|" + _CHAT_TAIL + r")\b")
_WEARY_END = rf"(?=\s*(?:$|[,.;!?]|\s{_WEARY_END_WORD}))"


#: Nobody's topic: "sick of myself" (a title), "tired of it all".
_PRONOUNS = frozenset("me myself you yourself it this that them everything everyone everybody all life people "
                      "waiting".split())


_WEARY_GENRES = "|".join(sorted(map(re.escape, GENRE_WORDS | _NEGATED_ONLY), key=len, reverse=True))


def _weary(low: str, found: _Found) -> None:
    """Genres and topics the viewer is tired of (see ``_WEARY``): genres ruled out, topics avoided. A character's
    weariness ("a soldier bored of war", "a girl who is tired of her town") is not at a clause start: the story."""
    genre_alt = _WEARY_GENRES
    films = r"(?:\s+(?:movies?|films?|flicks?|stuff|ones|shows?))?"
    for m in _WEARY.finditer(low):
        b = m.end()
        if re.search(r"\b(?:is|are|she'?s|he'?s|they'?re)\s+(?:[a-z]+\s+)*$", low[m.start():m.start("v")]) and not (
            _VIEWER_SPEAKS.search(low)
        ):
            continue  # "a girl, she's sick of french boys": a character, unless a viewer speaks ("my daughter … she's")
        g = re.match(rf"(?P<g>{genre_alt}){films}\b", low[b:])
        if g is not None:
            span = (m.start("v"), b + g.end())
            if not found.free(*span):
                continue
            names = [g["g"]]
            end = span[1]
            while more := re.match(rf"\s*(?:,|or|and|nor)\s*(?:(?:a|an|the|any)\s+)?(?P<g>{genre_alt}){films}\b",
                                   low[end:]):
                names.append(more["g"])
                end += more.end()
            for word in names:
                genre = (GENRE_WORDS.get(word) or _NEGATED_ONLY[word])[0]
                found.add(Constraint(Chip(f"not:{genre}", f"not {genre}"), SearchFilters(genres_not=(genre,)),
                                     spans=((span[0], end),)))
            continue
        nation = re.match(rf"(?P<n>{_NOT_FROM_NATIONS})(?:\s+(?:movies?|films?|flicks?|stuff|ones|cinema)\b|"
                          r"(?=\s*(?:$|[,.;!?])))", low[b:])
        if nation is not None and found.free(m.start("v"), b + nation.end()):  # "had our fill of french cinema"
            found.add(_refused_nation(nation["n"], (m.start("v"), b + nation.end())))
            continue
        so_over = m["v"] == "over" and re.search(r"\b(?:so|totally|really|officially|i'?m|im)\s+$",
                                                 low[: m.start("v")])
        if (m["v"] == "over" and not so_over) or m["v"].startswith(("something", "anything")):
            continue  # "over two hours", "something other than that": only a genre is wearied of this way
        t = re.match(rf"(?P<t>[a-z][a-z-]{{2,}}(?:\s+(?!{_KIND_WORD}|{_WEARY_END_WORD})[a-z][a-z-]{{2,}})?)"
                     rf"(?:\s+{_KIND_WORD})?"
                     rf"{_WEARY_END}", low[b:])
        if t is None or any(w in _NOT_AVOIDABLE or w in _FILLER or w in _PRONOUNS for w in t["t"].split()):
            continue
        span = (m.start("v"), b + t.end())
        if found.free(*span) and not _evaluative(t["t"].split()[-1]):
            found.add(_avoiding(t["t"], span))


_LENGTH_WORDS = frozenset({"long", "short", "lengthy", "length", "longer", "shorter"})
#: What a film that is *not* this is ("nothing too heavy" asks for something light): said in the words' place.
_OPPOSITE = {"heavy": "lighthearted", "depressing": "uplifting", "sad": "uplifting", "dark": "lighthearted",
             "bleak": "hopeful", "grim": "hopeful", "serious": "lighthearted", "slow": "fast-paced",
             "boring": "gripping", "drag": "gripping", "dull": "gripping", "intense": "gentle", "violent": "gentle",
             "disturbing": "gentle", "upsetting": "gentle", "stressful": "relaxing"}

#: Plurals that dropping an "s" would not make singular.
_IRREGULAR = {"spies": "spy", "bodies": "body", "babies": "baby", "puppies": "puppy", "parties": "party",
              "ladies": "lady", "enemies": "enemy", "stories": "story", "cities": "city", "armies": "army",
              "flies": "fly", "mummies": "mummy", "fairies": "fairy", "ponies": "pony", "wolves": "wolf",
              "knives": "knife", "lives": "life", "women": "woman", "men": "man", "mice": "mouse", "teeth": "tooth"}


def _singular(word: str) -> str:
    """The singular of a plural noun, so that it is the start of a keyword ("superheroes" avoids "superhero")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("lves"):  # "werewolves", "elves"
        return word[:-3] + "f"
    if word.endswith(("oes", "ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


#: Spellings of a topic that differ from the keywords' ("world war two" is "world war ii").
_TOPIC_ALIASES = {"world war two": "world war ii", "world war 2": "world war ii", "ww2": "world war ii",
                  "wwii": "world war ii", "ww ii": "world war ii", "world war one": "world war i",
                  "world war 1": "world war i", "ww1": "world war i", "wwi": "world war i", "ww i": "world war i"}


#: Words in -ing that judge a film (most -ing words name a thing in it: "boxing", "hunting").
_JUDGING = frozenset("depressing boring disturbing upsetting confusing annoying exhausting terrifying frightening "
                     "harrowing grueling gruelling heartbreaking devastating overwhelming unsettling sickening tiring "
                     "dragging cringing cringy cheesy corny preachy sappy cringe cringey cringeworthy lame dumb stupid "
                     "graphic".split())


_JUDGING_ENDS = ("able", "ible", "ous", "ive", "ful", "ish", "sy", "py")


def _evaluative(word: str) -> bool:
    """Whether a word judges a film ("sad", "depressing", "predictable") rather than names a thing in it."""
    return word in _OPPOSITE or word in _JUDGING or word.endswith(_JUDGING_ENDS)


def _unwanted(word: str, span: tuple[int, int]) -> Constraint:
    """A quality the film must not have: not searched for, its opposite is (nothing is filtered: a
    tagline that says "sad" or "slow" is no reason to drop a film)."""
    return Constraint(Chip(f"unwanted:{word}", f"not {word}"), spans=(span,), say=_OPPOSITE.get(word, ""))


def _topic_avoided(word: str, span: tuple[int, int]) -> Constraint:
    """A topic the films must not be about; a genre word ("not about war") also rules out the genre."""
    c = _avoiding(word, span)
    genres = GENRE_WORDS.get(word, ())[:1]
    return replace(c, filters=SearchFilters(genres_not=genres)) if genres else c


def _avoiding(words: str, span: tuple[int, int]) -> Constraint:
    """A thing the films must not have or be about, avoided in their keywords (in the singular)."""
    thing = _TOPIC_ALIASES.get(words) or " ".join(_singular(w) for w in words.split())
    return Constraint(Chip(f"avoid:{thing}", f"not {words}"), avoid=(thing,), spans=(span,))


#: Things people ask a film not to have ("no gore", "without subtitles").
_AVOIDABLE = (
    r"gore|violence|blood|sex|nudity|swearing|profanity|subtitles|jump scares?|zombies?|vampires?|aliens?|clowns?|"
    r"spiders?|sharks?|snakes?|drugs?|torture|animal deaths?|dogs? dying|sad endings?|cliffhangers?|singing|songs|"
    r"superhero(?:es)?|ghosts?|demons?|possession|rape|suicide|cannibals?|cannibalism|needles?|insects?|"
    r"found[- ]footage|shaky[- ]cam"
)
_NOT_AVOIDABLE = frozenset(
    "over under longer shorter more less than only just much very really about with ending happy one "
    "movie film movies films "
    "matter sure need really what when where kids kid kids' children children's you him her them his its our "
    "who any one".split()
)


#: A viewer's or companion's dislike of a thing films have ("mom can't stand violence", "my wife hates gore").
_DISLIKED_THING = re.compile(rf"\b(?:can'?t|cannot|can not)\s+(?:stand|handle|take|do)\s+(?:any\s+)?"
                             rf"(?P<e>{_AVOIDABLE})\b"
                             rf"|\b(?:hates?|doesn'?t like|does not like|don'?t like|do not like)\s+(?:any\s+)?"
                             rf"(?P<e2>{_AVOIDABLE})\b"
                             rf"|\b(?:{_AVERSION}|(?:is|are|am|gets?)\s+(?:terrified|scared|afraid|frightened)\s+of)\s+"
                             rf"(?:(?:any|anything|anything with|the|all the)\s+)*(?P<e3>{_AVOIDABLE})\b")
#: A refusal said as an order, the viewer's at a clause start ("hard pass on zombies", "spare me the gore").
_ORDERED_REFUSAL = re.compile(r"(?:^|[,.;!?]\s*|\b(?:and|but|so|also|oh|just|please)\s+)$")


def _disliked_things(low: str, found: _Found) -> None:
    """Things the viewer or a companion cannot stand, avoided ("mom can't stand violence"); a character's dislike is
    the story ("a boy who hates spiders")."""
    for m in _DISLIKED_THING.finditer(low):
        viewer = re.search(rf"{_VIEWER_BEFORE}|\b(?:mom|mum|dad|wife|husband|partner|kids|son|daughter)\s+$",
                           low[: m.start()])
        if viewer is None and m["e3"] and _ORDERED_REFUSAL.search(low[: m.start()]):
            viewer = _ORDERED_REFUSAL.search(low[: m.start()])
        if viewer is None or re.search(r"\b(?:who|that|which)\s+(?:[a-z']+\s+)?$", low[: m.start()]):
            continue
        if re.match(r"(?:she|he|they)\b", viewer[0].strip()) and not _VIEWER_SPEAKS.search(low):
            continue  # "she can't stand zombies" with no "I" or "my": a character
        thing = m["e"] or m["e2"] or m["e3"]
        if found.free(*m.span()) and thing not in ("singing", "songs"):  # "my wife hates singing": the musicals said
            found.add(_avoiding(thing, m.span()))


#: A wish that only sounds negative: "no shortage of laughs", "doesn't skimp on the romance", "not short on action".
_PLENTY = re.compile(r"\b(?:no shortage of|no lack of|(?:doesn'?t|does not|don'?t|do not|won'?t)\s+skimp on|"
                     r"not (?:short|light|stingy) on|never short (?:of|on))\s+(?:the\s+)?"
                     r"(?P<w>laughs|laughter|jokes|gags|action|romance|scares|frights|thrills|suspense)\b")
_PLENTY_GENRES = {"laughs": "Comedy", "laughter": "Comedy", "jokes": "Comedy", "gags": "Comedy", "action": "Action",
                  "romance": "Romance", "scares": "Horror", "frights": "Horror", "thrills": "Thriller",
                  "suspense": "Thriller"}


def _plenty_wished(low: str, found: _Found) -> None:
    """The genre a wish for plenty of its stuff asks for (see ``_PLENTY``); a character's "no shortage of enemies"
    names no genre word and is left alone."""
    for m in _PLENTY.finditer(low):
        character = re.search(r"\bwho\s+(?:[a-z']+\s+)?$", low[: m.start()]) or (
            re.search(r"\b(?:that|which)\s+$", low[: m.start()])
            and not re.search(rf"\b(?:{_FILM_NOUN}|one|something|anything)\s+(?:that|which)\s+$", low[: m.start()]))
        if found.free(*m.span()) and not character:
            g = _PLENTY_GENRES[m["w"]]
            found.add(Constraint(Chip(f"genre:{g}", g), SearchFilters(genres_all=(g,)), spans=(m.span(),), strip=False))


#: A sentence about a past viewing, not the request: "Last time someone chose a three hour Soviet epic and half the
#: room fell asleep." (up to the end of the sentence or a "so" / "but" that turns to the request).
_PAST_VIEWING = re.compile(
    r"(?:^|(?<=[.!?])\s*)(?:last\s+(?:time|week|weekend|night)|the other (?:night|day|week)|yesterday)\b"
    r"[^.!?]*?\b(?:chose|picked|put on|watched|saw|showed|rented)\b[^.!?]*?(?=$|[.!?]|,?\s+(?:so|but)\b)"
)


def _past_viewing(low: str, found: _Found) -> None:
    """Claims the sentences about a past viewing (see ``_PAST_VIEWING``): nothing in them is read as a constraint,
    and they stay in the text."""
    for m in _PAST_VIEWING.finditer(low):
        found.taken.append(m.span())


#: A cinema praised through its people: "no one does animation like the japanese", "nobody makes thrillers better
#: than the koreans" (a people's name → the nationality word of ``NATIONS``).
_NOBODY_LIKE = re.compile(r"\b(?:no ?one|nobody)\s+(?:does|do|makes|make|shoots|films)\s+(?:[a-z-]+\s+){1,3}?"
                          r"(?:quite\s+)?(?:like|better than)\s+the\s+(?P<p>[a-z]+)(?=\s*(?:$|[,.;!?]|\s+do\b))")
_PEOPLES = {"brits": "british", "swedes": "swedish", "danes": "danish", "finns": "finnish", "poles": "polish",
            "spaniards": "spanish", "turks": "turkish", "yanks": "american", "aussies": "australian", "kiwis": "kiwi",
            "filipinos": "filipino", "dutch": "dutch", "irish": "irish", "thais": "thai", "czechs": "czech"}


def _nobody_like(low: str, found: _Found) -> None:
    """The cinema of a people said to do a kind best (see ``_NOBODY_LIKE``; the kind is read by ``_wanted_genres``)."""
    for m in _NOBODY_LIKE.finditer(low):
        people = m["p"]
        word = _PEOPLES.get(people) or (people if people in NATIONS else people[:-1] if people[:-1] in NATIONS else "")
        if word and word not in ("english", "spaghetti") and found.free(m.start("p"), m.end("p")):
            found.add(_nation(word, (m.start("p"), m.end("p"))))


def _refused_genre(g: str, span: tuple[int, int]) -> Constraint:
    genre = (GENRE_WORDS.get(g) or _NEGATED_ONLY[g])[0]
    return Constraint(Chip(f"not:{genre}", f"not {genre}"), SearchFilters(genres_not=(genre,)), spans=(span,))


def _refused_nation(word: str, span: tuple[int, int]) -> Constraint:
    countries = NATIONS[word][0]
    return Constraint(Chip("not-country", f"not {' / '.join(countries)}"), SearchFilters(countries_not=countries),
                      spans=(span,))


_DISMISSED_THING = re.compile(
    r"(?:^|(?<=[,.;!?:])\s*|\b(?:but|and|so|also|honestly|though|tho|plus)\s+)"
    r"(?:(?:the|all|any|those|these|all the)\s+)?"
    rf"(?:(?P<n>{_TERSE_PLACES})(?:\s+(?P<ng>{_TERSE_GENRES}))?|(?P<g>{_TERSE_GENRES}|scary|animated)|"
    rf"(?P<e>{_AVOIDABLE}|subtitled))"
    r"(?:\s+(?:movies?|films?|flicks?|stuff|ones|cinema|ones?))?"
    rf"\s*{_DISMISSAL}"
)


#: "We give korean films a miss", "the one thing I can't face right now is a musical": a refusal around the thing.
_REFUSED_AROUND = re.compile(
    rf"\bgiv(?:e|es|ing)\s+(?:the\s+|all\s+)?(?:(?P<n>{_TERSE_PLACES})(?:\s+(?P<ng>{_TERSE_GENRES}))?|"
    rf"(?P<g>{_TERSE_GENRES}))(?:\s+(?:movies?|films?|flicks?|stuff|ones|cinema))?\s+a\s+(?:miss|wide berth)\b"
    r"|\bthe\s+(?:last\s+thing\s+(?:i|we)\b|(?:one|only)\s+thing\s+(?:i|we)\b[^.!?;]{0,20}?"
    r"\b(?:can'?t|cannot|don'?t|do not|won'?t|wouldn'?t|never|hate|refuse)\b)[^.!?;]{0,30}?\s+(?:is|would be)\s+"
    r"(?:an?\s+)?"
    rf"(?P<g2>{_TERSE_GENRES}|scary)\b"
)


def _dismissed(low: str, found: _Found) -> None:
    """A kind, a cinema or a thing refused by what is said after it, at a clause start (see ``_DISMISSAL``):
    "cartoons are a dealbreaker", "the hollywood ones are out", "gore turns my stomach", "sharks, nope"."""
    for m in [*_DISMISSED_THING.finditer(low), *_REFUSED_AROUND.finditer(low)]:
        span = m.span()
        if not found.free(*span):
            continue
        if m["n"]:
            word = COUNTRY_NOUNS.get(m["n"], m["n"])
            if word in NATIONS and word not in _NOT_A_CINEMA:
                found.add(_refused_nation(word, span))  # "british comedies are out": not British (comedies may stay)
        elif m["g"] or m.groupdict().get("g2"):
            found.add(_refused_genre(m["g"] or m["g2"], span))
        elif m.groupdict().get("e") in ("subtitles", "subtitled"):
            found.add(Constraint(Chip("language", "in English"), SearchFilters(languages=("English",)), spans=(span,)))
        elif m.groupdict().get("e"):
            found.add(_avoiding(m["e"], span))


#: What a carve-out takes out: a cinema ("excluding the british ones"), or a thing or maker said with "ones" /
#: "stuff" ("other than superhero ones", "but not the vietnam ones", "besides the tarantino stuff"), or a thing
#: the films must not have ("unless it's got clowns in it").
_CARVED = re.compile(
    rf"\b(?:{_CARVE_OUT}|{_GENERAL_CARVE_OUT}|but not|not one of)\s+(?:(?:the|any|one of the|of the)\s+)?"
    rf"(?:(?P<n>{'|'.join(sorted(map(re.escape, NATIONS), key=len, reverse=True))})\s+(?:ones|films|movies|stuff)\b"
    r"|(?P<t>[a-z][a-z-]{2,}(?:\s+[a-z][a-z-]{2,})?)\s+(?:ones|stuff)\b"
    rf"|(?:got|has|have)\s+(?:any\s+)?(?P<e>{_AVOIDABLE})\b)"
    rf"|\bunless\s+(?:it|they|there)\s*(?:has|have|'s|is|are)\s+(?:got\s+)?(?:any\s+)?(?P<e2>{_AVOIDABLE})\b"
)
#: A general word a carve-out may follow ("anything", "any genre", "all genres welcome", "something from the 90s").
_GENERAL_BEFORE = re.compile(r"\b(?:any|anything|everything|all|whatever|every|something)\b[^,.;!?]{0,40}$")


def _carve_outs(low: str, found: _Found) -> None:
    """What a carve-out takes out (see ``_CARVED``); a genre carved out is read by ``_negations`` ("any genre apart
    from romance"), "bar" / "besides" / "save for" a genre only after a general word ("all genres welcome bar
    westerns"), never in a story ("a fight in a bar")."""
    for m in _CARVED.finditer(low):
        span = m.span()
        if not found.free(*span) or (re.match(_GENERAL_CARVE_OUT, m[0]) and not _GENERAL_BEFORE.search(low[: span[0]])):
            continue
        if m["n"]:
            if m["n"] not in ("english", "spaghetti", "brit"):  # a language or a genre's nickname, not a cinema
                found.add(_refused_nation(m["n"], span))
        elif m["e"] or m["e2"]:
            if m["e2"] and not re.search(rf"(?:\b(?:{_FILM_NOUN}|{_TERSE_GENRES})|[,;])\s*$", low[: span[0]]):
                continue  # "a man who won't eat unless there's blood": the story
            found.add(_avoiding(m["e"] or m["e2"], span))
        elif m["t"] and not any(w in _NOT_AVOIDABLE or w in _FILLER or w in GENRE_WORDS for w in m["t"].split()):
            word = m["t"].split()[-1]
            found.add(_unwanted(m["t"], span) if _evaluative(word) else _avoiding(m["t"], span))
    genre_alt = "|".join(sorted(map(re.escape, GENRE_WORDS | _NEGATED_ONLY), key=len, reverse=True))
    films = r"(?:\s+(?:movies?|films?|flicks?))?"
    for m in re.finditer(rf"\b{_GENERAL_CARVE_OUT}\s+(?:(?:the|any|a|an)\s+)?(?P<g>{genre_alt}){films}\b", low):
        if found.free(*m.span()) and _GENERAL_BEFORE.search(low[: m.start()]):
            found.add(_refused_genre(m["g"], m.span()))
            b = m.end()
            while more := _next_refused_genre(low, b, genre_alt, films):
                key = "g" if more["g"] else "g2" if more["g2"] else "g3"
                span = (b + more.start(key), b + more.end())
                if not found.free(*span):
                    break
                found.add(_refused_genre(more[key], span))
                b = span[1]


#: A refused runtime: "refuses to sit through anything over two hours", "dozes off in anything longer than 100
#: minutes", "vetoed horror and anything longer than two hours", "not keen on anything over two hours" (at most).
_REFUSED_RUNTIME_BEFORE = re.compile(
    rf"\b(?:{_AVERSION}|hates?|can'?t stand|doz(?:es|e|ing) off (?:in|during)|falls? asleep (?:in|during)|"
    r"(?:won'?t|will not)\s+(?:do|watch|sit through))\b(?:\s+[a-z']+){0,4}?\s+(?P<w>anything|something)\s+$"
)


def _refused_runtime(low: str, found: _Found) -> None:
    amount = rf"(?:{_NUM}\s*(?:minutes?|mins?|m)\b|{_HOURS})"
    for m in re.finditer(rf"\b(?:over|longer than|more than|above|past|beyond)\s*{amount}", low):
        before = _REFUSED_RUNTIME_BEFORE.search(low[: m.start()])
        if before is None or re.search(r"[.;!?]", before[0]):
            continue
        span = (before.start("w"), m.end())  # "vetoed horror and anything longer …": horror is read by _negations
        if found.free(*span):
            mins = _minutes(m)
            found.add(Constraint(Chip("runtime", f"≤ {mins} min"), SearchFilters(runtime_max=mins), spans=(span,)))
            return


def _decade_years(m: re.Match[str]) -> tuple[int, int, str]:
    if m["d4"]:
        start = int(m["d4"])
    elif m["d2"]:
        d = int(m["d2"])
        start = 2000 + d if d <= 20 and m["d2"] in ("00", "10", "20") and d != 20 else 1900 + d
        if m["d2"] == "20":
            start = 1920
    else:
        start = _DECADE_WORDS[m["dw"]]
    lo, hi, label = start, start + 9, f"{start}s"
    if m["part"] == "early":
        lo, hi, label = start, start + 3, f"early {start}s"
    elif m["part"] == "mid":
        lo, hi, label = start + 3, start + 6, f"mid {start}s"
    elif m["part"] == "late":
        lo, hi, label = start + 6, start + 9, f"late {start}s"
    return lo, hi, label


#: A decade as French, Italian or Spanish say it in English: "the years 60", "the years sixty", "the 1980 years";
#: a second one after "or" / "and" widens it ("from years 50 or 60").
_DECADE_NUMBER = r"[1-9]0|19[0-9]0|20[0-2]0|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_YEARS_DECADE = re.compile(
    rf"\b(?:(?:the|of|from|in)\s+)?years\s+['’]?(?P<d>{_DECADE_NUMBER})"
    rf"(?:\s*(?:or|and|to|-|–)\s*['’]?(?P<d2>{_DECADE_NUMBER}))?(?!\s*(?:years?|old|ago|later|'?s)\b)\b"
    r"|\b(?:(?:the|of|from|in)\s+)?(?P<d4>19[0-9]0|20[0-2]0)\s+years\b(?!\s+(?:old|ago|later|earlier|before|after))"
    r"|\bthe\s+(?P<d5>[2-9]0)\s+years\b(?!\s+(?:old|ago|later|earlier|before|after|of|war|since|in|on|at))"
)


def _decade_start(d: str) -> int:
    """The first year of a decade said as "60", "1960" or "sixty"."""
    n = int(d) if d.isdigit() else _NUMBER_WORDS.get(d) or 10 * (_TENS.index(d) + 2)
    return n if n >= 1900 else (1900 + n if n >= 20 else 2000 + n)
#: A negation in front of "before"/"after": "nothing made before 1980" is 1980 or later.
_NEGATED_ERA = re.compile(
    r"(?:\b(?:nothing|no|not|none|never)(?:\s+(?:movies?|films?|flicks?))?"
    r"|\b(?:hates?|can'?t\s+stand|(?:don'?t|doesn'?t|do\s+not|does\s+not)\s+(?:want|like)|skip|avoid|"
    rf"{_AVERSION})\s+"
    r"(?:anything|everything|stuff|movies?|films?))"  # "he hates anything after 1980", "skip anything from before"
    r"(?:\s+(?:made|released|filmed|from))?\s*$"
    r"|\bunless\s+(?:we'?re|we\s+are|you'?re)\s+talking\s+$"  # "any era is fine, unless we're talking pre-1950"
)
#: A judgement after an era ("anything after the 70s is garbage"): the era is not wanted.
_ERA_DISMISSED = re.compile(r"\s+(?:is|are|was|were|'s)\s+"
                            r"(?:(?:just|all|pure|total|mostly|basically|complete|utter)\s+)?(?:garbage|trash|bad|"
                            r"terrible|awful|junk|crap|rubbish|overrated|boring|meh|unwatchable|worse|dreck)\b"
                            rf"|\s*{_DISMISSAL}")  # "films older than 1970 are a hard no"
#: A refusal before an era said as a description ("none of the old black-and-white stuff", "nothing from the silent
#: era", "skip the old movies"), or a carve-out ("any decade apart from the 2020s").
_ERA_REFUSED = re.compile(rf"(?:\b(?:nothing|none|no|not|never|skip|avoid|{_AVERSION})(?:\s+(?:of|from))?"
                          rf"|\b(?:{_CARVE_OUT}|apart|aside))\s+(?:(?:the|any|anything|those)\s+)*$")


def _era_clarified(low: str, a: int, b: int) -> bool:
    """Whether "the last N years" at ``a:b`` clarifies an era already said, as an item of its own ("recent sci-fi,
    roughly the last five years, …"; not "…, the last five years of a marriage")."""
    return re.search(r"(?:\b(?:recent|new|newer|lately|latest)\b[^.;!?]*)[,(]\s*(?:(?:roughly|about|around|like|say|so|"
                     r"i\.e\.|ideally|preferably|max)\s+)?$", low[:a]) is not None and _closes(low, b)


#: A negation before "(from) the last N years": "isn't from the last 10 years", "nothing from the past decade".
_NOT_LATELY = re.compile(r"\b(?:isn'?t|is not|aren'?t|are not|not|nothing|none|no\s+(?:movies?|films?))"
                         r"(?:\s+(?:made|released))?\s*$")


#: The calendar year said relative to today, as a release date: "(came out / released / from / of) this year",
#: "last year's …", "this year or last year"; not a story's time ("the last year of his life", "last year I …").
_CALENDAR_YEAR = re.compile(
    r"\b(?:(?:came out|come out|released|made|out|from|of)\s+(?:in\s+)?(?P<w1>this|last)\s+year"
    r"(?:\s+or\s+(?P<w2>this|last)\s+(?:year|one))?(?!\s+(?:of|i|we|he|she|they|when)\b)"
    r"|(?P<w3>this|last)\s+year['’]s(?=\s+[a-z]))\b"
)


def _recent_item(low: str, start: int, end: int) -> bool:
    """Whether "the last five years" at ``start`` is an item of its own (parse check12, mood_dev6: "recent sci-fi,
    roughly the last five years"): after a comma or at the start, and not the story's time ("…, the last five years
    of a marriage")."""
    return re.search(r"(?:^|[,;:(]|\bor|\band)\s*(?:(?:roughly|about|around|approximately|say|like|maybe|ideally|"
                     r"preferably|only)\s+)?$", low[:start]) is not None and re.match(
        r"\s*(?:$|[,.;!?)]|\s(?:or so|please|pls|ish|max|only|and|but)\b)", low[end:]) is not None


_LAST_YEARS = re.compile(r"\b(?:the\s+)?(?:last|past)\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|few|"
                         r"couple of)\s+(?:years|yrs)\b")


def _last_years_item(low: str, found: _Found, this_year: int) -> None:
    """"The last five years" as an item of its own ("recent sci-fi, roughly the last five years", "the last 10 years,
    korean thrillers"): the era, narrowing a vaguer one already read ("recent")."""
    for m in _LAST_YEARS.finditer(low):
        a, b = m.span()
        if not found.free(a, b) or not _recent_item(low, a, b):
            continue
        n = m["n"]
        since = this_year - (int(n) if n.isdigit() else {"few": 3, "couple of": 2}.get(n) or _NUMBER_WORDS[n])
        eras = [c for c in found.constraints if c.chip.key == "era"]
        for c in eras:
            found.constraints.remove(c)
        lo = max([since, *(c.filters.year_from for c in eras if c.filters.year_from is not None)])
        highs = [c.filters.year_to for c in eras if c.filters.year_to is not None]
        hi = min(highs) if highs else None
        spans = (*(s for c in eras for s in c.spans), (a, b))
        found.add(Constraint(Chip("era", _range_label(lo, hi)), SearchFilters(year_from=lo, year_to=hi), spans=spans))
        return


#: A year tied to the viewer's life (parse check15): "made before my parents met in 1975", "after i graduated in
#: 2008", "older than me, i was born in 1990", "nothing older than my brother, he's from 2005", "released the year
#: i was born, 1984". The life event is the viewer's own (i, we, my / our someone), never a story's person.
_VIEWER_WHO = r"(?:i|we|(?:my|our)\s+(?:[a-z]+\s+){0,2}?[a-z]+)"
_LIFE_EVENT = re.compile(
    rf"\b(?P<op>before|after|since)\s+{_VIEWER_WHO}\s+(?!(?:was|were)\s+born\b)(?:[a-z']+\s+){{1,4}}?in\s+{_YEAR}")
_THAN_VIEWER = re.compile(
    rf"\b(?P<neg>(?:nothing|none|not|no(?:\s+(?:movies?|films?))?)\s+)?(?P<cmp>older|newer|younger|more recent)\s+"
    rf"than\s+(?:me|us|myself|{_VIEWER_WHO})\b[^.;!?]{{0,40}}?\b(?:born\s+in|from|born)\s*,?\s*{_YEAR}")
_BIRTH_YEAR = re.compile(
    rf"\bthe\s+(?:same\s+)?year\s+(?:i|we|my\s+[a-z]+|our\s+[a-z]+)\s+(?:was|were)\s+born\s*[,:(–—-]?\s*"
    rf"(?:in\s+|which\s+(?:is|was)\s+)?{_YEAR}")


def _life_years(low: str, found: _Found) -> None:
    """Years anchored on the viewer's own life, read before the plain eras so "in 1975" is not a year of its own."""
    for m in _LIFE_EVENT.finditer(low):
        y = int(m["y"])
        lo, hi = (None, y - 1) if m["op"] == "before" else (y + (m["op"] == "after"), None)
        _add_life_era(found, lo, hi, m.span())
    for m in _THAN_VIEWER.finditer(low):
        y = int(m["y"])
        older = m["cmp"] == "older"
        if m["neg"]:
            lo, hi = (y, None) if older else (None, y)
        else:
            lo, hi = (None, y - 1) if older else (y + 1, None)
        _add_life_era(found, lo, hi, m.span())
    for m in _BIRTH_YEAR.finditer(low):
        _add_life_era(found, int(m["y"]), int(m["y"]), m.span())


def _add_life_era(found: _Found, lo: int | None, hi: int | None, span: tuple[int, int]) -> None:
    if found.free(*span):
        label = str(lo) if lo is not None and lo == hi else _range_label(lo, hi)
        found.add(Constraint(Chip("era", label), SearchFilters(year_from=lo, year_to=hi), spans=(span,)))



def _eras(low: str, found: _Found, this_year: int) -> None:
    spans: list[tuple[int, int]] = []
    lo: int | None = None
    hi: int | None = None
    labels: list[str] = []

    def narrow(a: int | None, b: int | None, label: str, span: tuple[int, int]) -> None:
        nonlocal lo, hi
        lo = a if lo is None else (max(lo, a) if a is not None else lo)
        hi = b if hi is None else (min(hi, b) if b is not None else hi)
        labels.append(label)
        spans.append(span)

    def unclaimed(span: tuple[int, int]) -> bool:
        """Free of other constraints and of the eras already read."""
        return found.free(*span) and all(span[1] <= x or span[0] >= y for x, y in spans) and not (
            _permitted(low, span[0]))  # "doesn't need to be recent", "i don't hate old movies"

    when = rf"(?:{_DECADE}|{_YEAR}|{_SHORT_YEAR})"

    def year_of(m: re.Match[str]) -> int | None:
        if m["y"]:
            return int(m["y"])
        if m["yy"]:
            y = 2000 + int(m["yy"])
            return y if y <= this_year else y - 100
        return None

    born = re.compile(rf"\b(?P<op>after|since|before)\s+(?:i|we|(?:my|our)\s+[a-z]+|(?P<they>she|he|they))\s+"
                      rf"(?:was|were)\s+born(?:\s+in|\s*[(,–-]\s*(?:in\s+|which\s+(?:is|was)\s+)?)?\s*{_YEAR}\)?")
    for m in born.finditer(low):  # "made after I was born in 1990", "before my parents were born (1950)"
        companion = (_VIEWER_SPEAKS.search(low) or re.search(_COMPANION_WORD, low[: m.start()])) and re.search(
            r"\b(?:anything|something|stuff|movies?|films?|made|released|from)\s+$", low[: m.start()])
        if found.free(*m.span()) and not (m["they"] and not companion):  # "a woman who lived before she was born"
            op, y = m["op"], int(m["y"])
            refused = _NEGATED_ERA.search(low[: m.start()])
            if refused and op == "before":  # "mum refuses anything from before she was born, which is 1962"
                narrow(y, None, f"since {y}", (refused.start(), m.end()))
            elif op == "before":
                narrow(None, y - 1, f"before {y}", m.span())
            else:
                y += op == "after"
                narrow(y, None, f"since {y}", m.span())
    rel = re.compile(
        rf"\b(?:(?P<verb>made|released|filmed|shot|produced|came out|come out|coming out)\s+)?"
        rf"(?P<op>before|prior to|pre-?|until|up to|after|past|post-?|since|"
        rf"from|in|of|between|not before|not after|no later than|no earlier than)\s*"
        rf"(?:(?P<about>around|about|roughly|circa)\s+)?(?:(?:the\s+)?year\s+)?{when}"
        rf"(?:\s*(?:and|to|-|–)\s*(?:the\s+)?(?P<y2>1[89]\d\d|20[0-4]\d)(?:\s?'?s)?)?"
        r"(?P<on>\s+(?:on(?:wards?)?|or later|or after|and later|or earlier|or before))?"
    )
    for m in rel.finditer(low):
        a, b = m.span()
        if not unclaimed((a, b)) or _setting(low, a):
            continue
        year = year_of(m)
        if year is not None:
            first, last, label = year, year, str(year)
        else:
            first, last, label = _decade_years(m)
            more = re.match(rf"\s*(?:or|and|to|through|until|-|–)\s*{_DECADE}", low[b:]) if not m["y2"] else None
            if more is not None:  # "from the 60s or 70s", "between the 60s and 80s": both decades and between
                last = _decade_years(more)[1]
                label = f"{first}–{last}"
                b += more.end()
        op, on = m["op"].rstrip("-"), (m["on"] or "").strip()
        if op == "past" and not (m["verb"] or _NEGATED_ERA.search(low[:a]) or _film_just_before(low, a)):
            continue  # "a man who travels past 1985": the story (not "nothing past 2005")
        op = "after" if op == "past" else op  # "nothing past 2005", "a film made past 2010"
        carved = re.search(r"\b(?:apart|aside|nothing|none|anything but)\s+$", low[:a]) if op == "from" else None
        if carved and last >= this_year:  # "any decade apart from the 2020s", "nothing from the 2020s": before them
            narrow(None, first - 1, f"before {first}", (carved.start(), b))
            continue
        not_then = re.search(r"\b(?:not|isn'?t|aren'?t|wasn'?t|never)\s+(?:made\s+|released\s+)?$", low[:a])
        if op in ("from", "in", "of") and not_then:
            spans.append((a, b))  # "a comedy not from the 80s": no range says "not then"; the decade is not wanted
            if found.free(not_then.start(), b):  # nor searched for: it leaves the text, its chip says so
                found.add(Constraint(Chip(f"unwanted:{label}", f"not {label}"), spans=((not_then.start(), b),)))
            continue
        negated = _NEGATED_ERA.search(low[:a])
        dismissed = _ERA_DISMISSED.match(low, b)
        if (negated or dismissed) and op in ("before", "prior to", "pre", "after", "post"):  # "nothing before 1980"
            a = negated.start() if negated else a
            b = dismissed.end() if dismissed else b  # "anything after the 70s is garbage"
            op = {"before": "not before", "prior to": "not before", "pre": "not before"}.get(op, "not after")
        kind_in = _qualifies_film(low, b) or (_closes(low, b) and _names_kind_before(low, a))
        if op == "in" and not (m["verb"] or kind_in):
            continue  # "in 1930s chicago", "a farm family in the 1920s": where and when the story happens
        if op == "from" and _names_a_place_after(low, b):
            continue  # "a true story from 1988 alaska": when and where the story happens
        if op == "of" and not (_film_just_before(low, a) and _clause_ends(low, b)):
            continue  # "the summer of 1969", "a story of the 1930s dust bowl"
        if op in ("before", "prior to", "pre", "no later than") or (op == "until" and not m["y"]):
            if op == "no later than":
                narrow(None, last, f"≤ {last}", (a, b))
            else:
                narrow(None, first - 1, f"before {first}", (a, b))
        elif op in ("until", "up to"):
            narrow(None, last, f"≤ {last}", (a, b))
        elif op in ("after", "post"):
            narrow(last + 1, None, f"after {last}", (a, b))
        elif op in ("since", "no earlier than", "not before"):
            narrow(first, None, f"since {first}", (a, b))
        elif op == "not after":
            narrow(None, last, f"≤ {last}", (a, b))
        elif op == "between" or m["y2"]:
            end = int(m["y2"]) if m["y2"] else last
            if m["y2"] and len(m["y2"]) == 4 and m.group(0).rstrip().endswith("s"):
                end += 9
            narrow(first, end, f"{first}–{end}", (a, b))
        elif on in ("on", "onward", "onwards", "or later", "or after", "and later"):
            narrow(first, None, f"since {first}", (a, b))
        elif on in ("or earlier", "or before"):
            narrow(None, last, f"≤ {last}", (a, b))
        elif m["about"] and year is not None:  # "from around 2010": a few years either side
            narrow(year - AROUND_YEARS, year + AROUND_YEARS, f"{year - AROUND_YEARS}–{year + AROUND_YEARS}", (a, b))
        else:  # "from the 70s", "in 1994"
            narrow(first, last, label, (a, b))
    for m in re.finditer(r"\b(?P<a>1[89]\d\d|20[0-4]\d)\s*(?:-|–|to)\s*(?P<b>1[89]\d\d|20[0-4]\d)\b", low):
        a, b = m.span()  # "2010-2015 thrillers": a range that names the films
        lo_y, hi_y = int(m["a"]), int(m["b"])
        if unclaimed((a, b)) and lo_y < hi_y and not _setting(low, a) and (
            _qualifies_film(low, b) or re.fullmatch(r"\s*", low[:a]) or found.terse_at(a)
            or re.search(r"\b(?:anything|something|stuff)\s+$", low[:a])  # "anything 1930-1945 about newspapers"
            or (re.search(r"(?:\b(?:like|say|roughly|around|approximately|so|i\.e\.|e\.g\.)|[(,])\s*$", low[:a])
                and re.match(r"\s*(?:$|[,.;!?)]|\s(?:or so|ish|please|and|but)\b)", low[b:]))
        ):  # "a comedy from when I was in high school, like 2005-2009"
            narrow(lo_y, hi_y, f"{lo_y}–{hi_y}", (a, b))
    for m in re.finditer(rf"\b(?:released|made|filmed|produced|came out)\s+{_YEAR}(?!\s?'?s\b)", low):
        film_before = re.search(rf"\b(?:{_FILM_NOUN}|something|anything)\s+(?:that\s+was\s+)?$", low[: m.start()])
        if film_before and unclaimed(m.span()) and not _setting(low, m.start()):  # "a movie released 2015"
            y = int(m["y"])
            narrow(y, y, str(y), m.span())
    for m in _YEARS_DECADE.finditer(low):  # "comedy from italy, years 60", "films of 1980 years"
        film_of = re.search(rf"\b{_FILM_NOUN}\s+(?:(?:{_TERSE_PLACES})\s+)?of\s+$",
                            low[: m.start()])  # "a western movie of the years 60", "a film italian of the years 70"
        if m["d5"] and not re.search(rf"\b{_FILM_NOUN}\s+(?:of|from)\s+$", low[: m.start()]):
            continue  # "the 80 years of his life": only "a film of the 80 years" is a decade
        if unclaimed(m.span()) and (film_of or not _setting(low, m.start())):
            start = _decade_start(m["d"] or m["d4"] or m["d5"])
            end = max(start, _decade_start(m["d2"])) + 9 if m["d2"] else start + 9
            narrow(start, end, f"{start}s" if end == start + 9 else f"{start}–{end}", m.span())
    for m in re.finditer(rf"\b{_YEAR}\s+(?P<on>on(?:wards?)?|or later|and later|or after|or earlier|or before)\b", low):
        a, b = m.span()
        if unclaimed((a, b)) and not _setting(low, a):
            y = int(m["y"])
            if m["on"] in ("or earlier", "or before"):
                narrow(None, y, f"≤ {y}", (a, b))
            else:
                narrow(y, None, f"since {y}", (a, b))
    # bare decades: "a 70s thriller", "seventies sci-fi" (several: their union)
    decs: list[tuple[int, int, str, tuple[int, int]]] = []
    for m in re.finditer(rf"\b{_DECADE}", low):
        a, b = m.span()
        at_start = re.fullmatch(r"\s*(?:(?:a|an|some|any|good|great)\s+)?", low[:a]) is not None
        if re.fullmatch(r"\s*the\s+", low[:a]) or re.match(r"the\s", m[0]):  # "the 1980s aids crisis": a time
            at_start = _clause_ends(low, b)
        alone = re.fullmatch(r"\s*(?:[,.;!?].*)?", low[b:]) is not None or found.terse_at(a)
        paired = re.match(rf"\s?[-–]\s?{_DECADE}(?P<end>)", low[b:])  # "30s-40s": the first of a glued pair
        if paired and re.fullmatch(r"\s*(?:[,.;!?|/].*)?", low[b + paired.end("end"):]):
            alone = True
        span_end = bool(decs) and re.fullmatch(r"\s*(?:to|through|thru|until|[-–])\s*", low[decs[-1][3][1]:a])
        if span_end and unclaimed((a, b)):  # "late 70s to early 80s paranoid thrillers": a span's end
            decs.append((*_decade_years(m), (a, b)))
            continue
        if not (at_start or alone or _qualifies_film(low, b)):
            continue  # "travels back to the 1950s in a car": the story's time
        if re.match(r"[\s-]+set\b", low[b:]):
            continue  # "an 80s-set comedy": when the story happens
        if re.search(r"\b(?:her|his|their|my|your|our|its)\s+$", low[:a]):
            continue  # "a woman in her 30s": an age
        if re.search(r"\b(?:about|depicting|portraying|chronicling|exploring|recreating|nostalgic for)\s+(?:the\s+)?$",
                     low[:a]) and not re.search(r"\b(?:how|what)\s+about\s+(?:the\s+)?$", low[:a]):
            continue  # "a 90s movie about the 60s" (check12 probes): the story's time ("how about the 80s?" is a wish)
        prep = re.search(r"\bin\s+(?:the\s+)?$", low[:a])
        if prep and not (_qualifies_film(low, b) or _names_kind_before(low, prep.start())):
            continue  # "a scandal that ended in murder in the 1970s"
        if re.search(r"\b(?:older|earlier|newer|more recent|later|younger)\s+than\s+$", low[:a]):
            continue  # "nothing older than the 1970s": a bound (read below)
        if unclaimed((a, b)) and not _setting(low, a):
            decs.append((*_decade_years(m), (a, b)))
    if decs:
        first = min(d[0] for d in decs)
        last = max(d[1] for d in decs)
        label = decs[0][2] if len(decs) == 1 else f"{first}–{last}"
        narrow(first, last, label, decs[0][3])
        spans.extend(d[3] for d in decs[1:])
    older = re.compile(
        rf"\b(?P<neg>(?:nothing|not|no|none)\s+(?:(?:movies?|films?|flicks?)\s+)?)?"
        rf"(?P<op>older|earlier|newer|more recent|later|younger)\s+than\s+"
        rf"(?:the\s+)?{when}"
    )
    for m in older.finditer(low):
        a, b = m.span()
        if not unclaimed((a, b)):
            continue
        year = year_of(m)
        first, last, _label = _decade_years(m) if year is None else (year, year, str(year))
        dismissed = _ERA_DISMISSED.match(low, b)  # "films older than 1970 are a hard no"
        neg = bool(m["neg"] or dismissed)
        b = dismissed.end() if dismissed else b
        before = (m["op"] in ("older", "earlier")) != neg  # "nothing older than 1990": 1990 or later
        if before:
            hi_year = last if neg else first - 1
            narrow(None, hi_year, f"≤ {hi_year}" if neg else f"before {first}", (a, b))
        else:
            lo_year = first if neg else last + 1
            narrow(lo_year, None, f"since {lo_year}" if neg else f"after {last}", (a, b))
    lately = re.compile(
        r"\b(?:(?:from|made in|released in|released over|released|in|of|over)\s+)?(?:the\s+)?(?:last|past)\s+"
        r"(?:(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|few|couple of)\s+(?:years|yrs)"
        r"|(?P<dec>decade))\b"
        r"|\b(?:(?:from|made|released|filmed)\s+(?:in\s+)?)?this (?P<this>decade|century)\b"
    )
    for m in lately.finditer(low):
        a, b = m.span()
        if not found.free(a, b) or not (_film_just_before(low, a) or re.match(r"(?:from|made|released)\b", m[0])
                                        or _era_clarified(low, a, b)):
            continue  # "the last five years of a marriage": the story
        if m["this"]:
            since = this_year - this_year % (10 if m["this"] == "decade" else 100)
        else:
            n = m["n"] or "ten"
            years = int(n) if n.isdigit() else {"few": 3, "couple of": 2, "ten": 10}.get(n) or _NUMBER_WORDS[n]
            since = this_year - (10 if m["dec"] else years)
        refused = _NOT_LATELY.search(low[:a])
        if refused:  # "a crime film that isn't from the last 10 years": older than that
            narrow(None, since - 1, f"before {since}", (refused.start(), b))
            continue
        narrow(since, None, f"since {since}", (a, b))
    for m in _CALENDAR_YEAR.finditer(low):  # "came out this year", "best horror of last year", "last year's sci-fi"
        a, b = m.span()
        if unclaimed((a, b)) and not _setting(low, a):
            said = [this_year - (w == "last") for w in (m["w1"], m["w2"], m["w3"]) if w]
            first, last = min(said), max(said)
            narrow(first, last, str(first) if first == last else f"{first}–{last}", (a, b))
    century = re.compile(r"\b(?:(?:made|released|filmed|produced)\s+in\s+the\s+(?P<c1>20|21)(?:st|th)\s+century"
                         rf"|(?P<c2>21)st[- ]century(?=\s+(?:[\w-]+\s+)?{_FILM_NOUN}\b)"
                         r"|(?P<c3>20)th[- ]century\s+(?:movies?|films?|cinema)\b)")
    for m in century.finditer(low):
        a, b = m.span()
        if found.free(a, b):
            if (m["c1"] or m["c2"] or m["c3"]) == "21":
                narrow(2001, None, "since 2001", (a, b))
            else:
                narrow(None, 2000, "≤ 2000", (a, b))

    for m in re.finditer(r"\bpre-?(?:war|wwii|ww2)\b", low):  # "a pre-war Hollywood comedy"
        if found.free(*m.span()) and not _setting(low, m.start()) and _qualifies_film(low, m.end()):
            narrow(None, 1938, "before 1939", m.span())
    turn = re.compile(rf"\b(?:from|made|released|of)\s+(?:around\s+|about\s+)?the\s+turn\s+of\s+the\s+"
                      rf"(?:century|millennium)\b|\b(?:(?:from|made|released)\s+)?(?:around|about)\s+the\s+"
                      rf"millennium\b|\bturn[- ]of[- ]the[- ](?:century|millennium)(?=\s+{_FILM_NOUN}\b)")
    for m in turn.finditer(low):  # "films from the turn of the century" (not "a story set at the turn …")
        if unclaimed(m.span()) and not _setting(low, m.start()) and (
            _film_just_before(low, m.start()) or not m[0].startswith(("from", "of"))
        ):
            narrow(*TURN_OF_CENTURY, "{}–{}".format(*TURN_OF_CENTURY), m.span())
    for m in re.finditer(r"\b(?:(?P<new>new releases?|brand[- ]new|newly released|just released|latest|new "
                         r"(?:movies?|films?))|recent|recently released|newer|last few years)\b", low):
        if m[0] == "newer" and re.match(r"\s+than\s+(?!(?:the\s+)?(?:\d|[a-z]+ties\b))", low[m.end():]):
            continue  # "newer than titanic": newer than a film whose year the parser does not know
        if m[0] == "newer" and re.search(r"\b(?:like|similar to|in the vein of)\b|\b(?:after|since|post-?)\s*"
                                         r"(?:the\s+)?(?:1[89]\d\d|20[0-4]\d)\b", low):
            continue  # "movies like alien but newer": newer than that film, or than the year said ("newer, after 2010")
        if unclaimed(m.span()):
            since = this_year - (NEW_YEARS if m["new"] else FEW_YEARS if m[0] == "last few years" else RECENT_YEARS)
            narrow(since, None, f"since {since}", m.span())
    for m in re.finditer(r"\bpre-?code(?:\s+(?:era\s+)?(?P<h>hollywood))?\b", low):  # before the Production Code
        if found.free(*m.span()) and not _setting(low, m.start()):
            narrow(*PRE_CODE, "{}–{}".format(*PRE_CODE), m.span())
            found.add(_nation("american", m.span()))  # the Code was Hollywood's
    golden = re.compile(r"\b(?:(?:the\s+)?golden[- ]age\s+of\s+hollywood|hollywood'?s\s+golden[- ]age|"
                        r"(?:old|classic|golden[- ]age)[- ]hollywood)\b")
    for m in golden.finditer(low):  # the studio era, and Hollywood is American cinema
        if found.free(*m.span()):
            narrow(*GOLDEN_AGE, "{}–{}".format(*GOLDEN_AGE), m.span())
            found.add(_nation("american", m.span()))
    for m in re.finditer(r"\bold(?:[- ]school)?\s+(?:(?:black[- ]and[- ]white|[a-z]+)\s+)?"
                         r"(?:movies?|films?|flicks?|stuff)\b|\bold (?:black[- ]and[- ]white)\b", low):
        if unclaimed(m.span()) and not re.match(r"old[- ]school", m[0]):  # "old school kung fu": a style
            kind = re.match(rf"old\s+(?:{_TERSE_GENRES})\s", m[0])  # "old war movies": the genre is read too
            refused = _ERA_REFUSED.search(low[: m.start()])
            dismissed = re.compile(rf"\s*{_DISMISSAL}").match(low, m.end())  # a refusal, not a judgement
            if m[0].endswith("stuff") and not (refused or dismissed):
                continue  # "old stuff" is read only as refused
            if refused or dismissed:  # "none of the old black-and-white stuff", "old movies are a hard no"
                span = (refused.start() if refused else m.start(), dismissed.end() if dismissed else m.end())
                narrow(OLD_BEFORE, None, f"since {OLD_BEFORE}", span)
                continue
            narrow(None, OLD_BEFORE - 1, f"before {OLD_BEFORE}", (m.start(), m.start() + 3) if kind else m.span())
    for m in re.finditer(r"(?<!modern )(?<!cult )(?<!instant )(?<!future )"
                         r"(?<!millennial )(?<!gen z )(?<!gen-z )(?<!zoomer )(?<!childhood )"  # a generation's classic
                         r"\b(?:classic|golden[- ]age(?! of))\b", low):
        if unclaimed(m.span()):
            narrow(None, CLASSIC_BEFORE - 1, f"before {CLASSIC_BEFORE}", m.span())
    if labels:
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        label = labels[0] if len(labels) == 1 else _range_label(lo, hi)
        found.add(Constraint(Chip("era", label), SearchFilters(year_from=lo, year_to=hi), spans=tuple(spans)))


def _range_label(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return f"{lo}–{hi}"
    return f"since {lo}" if lo is not None else f"≤ {hi}"


def _minutes(m: re.Match[str]) -> int:
    if m["n"]:
        return int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"]]
    if m["hh"]:
        return 90
    extra = int(m.groupdict().get("hm") or m.groupdict().get("hm2") or 0)
    return round(60 * (_hours(m["h"]) + (0.5 if m["half"] else 0))) + extra


def _hours(h: str) -> float:
    return float(h) if h[0].isdigit() else float(_NUMBER_WORDS[h])


#: "Short" / "not too long" and "long" / "epic-length" as runtime wishes (not as words of a plot).
_SHORT = re.compile(
    r"\b(?:(?:something|anything|a|some|quick|nice|really|fairly|pretty|very)\s+)?short(?:er|ish|-ish)?"
    r"(?=\s+(?:and|or|one|film|movie|flick|feature|watch|but|,)\b|\s+[a-z-]+\s+(?:film|movie)s?\b|\s*[,.!?]|\s*$)"
    r"(?:\s+(?:one|film|movie|flick|feature|watch)s?)?|\bquick watch\b"
    rf"|\bquick(?=\s+(?:[a-z-]+\s+)?{_FILM_NOUN}\b)"
    r"|\b(?:not|isn'?t|is not|nothing|never|no|aren'?t)\s+(?:too|very|that|overly|so|much|so much)\s+long\b"
    r"|(?:^|(?<=[,;]\s)|(?<=[,;]))\s*not\s+long(?=\s*(?:$|[,.;!?]))"  # "…, not animated, not long": an item
)
_LONG = re.compile(
    r"\b(?:(?:something|anything|a|some|really|very|nice)\s+)?(?:long|lengthy|epic[- ]length)"
    r"(?=\s+(?:and|or|one|film|movie|flick|feature|watch|but|epic)\b|\s+[a-z-]+\s+(?:film|movie|epic|drama)s?\b"
    r"|\s*[,.!?]|\s*$)(?:\s+(?:one|film|movie|flick|feature)s?)?"
)

#: "Something I can finish on my lunch break": an hour at most (the viewer's break, not a character's).
_LUNCH = re.compile(r"\b(?:on|during|in|over|within)\s+(?:my|our|a)\s+lunch[- ]?(?:break|hour)\b")
LUNCH_MINUTES = 60

#: "A feature-length documentary": not a short film.
_FEATURE = re.compile(r"\b(?:feature|full)[- ]length\b")
FEATURE_MINUTES = 60

#: "around 80 minutes", "a three-hour epic", "a 90-minute thriller": a runtime near this, ± a margin;
#: "90 minutes or less", "two hours or more": a bound.
_ABOUT = r"(?:around|about|roughly|approximately|approx\.?|circa|~)"
_AROUND_MARGIN = 10  # minutes either side (15 from two hours up): the core of "around"
_OR_LESS = r"\s*(?:or (?:less|under|shorter)|max(?:imum)?|tops|at most)\b"
#: "100 min + no gore" is a list; a plus glued to the unit is "or more" ("a 3hr+ epic").
_OR_MORE = r"\s*(?:or (?:more|longer|over)|at least|plus\b|\+(?!\s+[\w<>])|(?:^|(?<=[a-z]))\+(?=\s))"
_LENGTH_ADJ = (
    rf"\b(?:an?|the|one)\s+(?:[\w-]+\s+)?"
    rf"(?:{_NUM}|(?P<h>\d(?:\.\d)?|one|two|three|four)(?P<half>[- ]and[- ]a[- ]half)?)"
    rf"[- ](?P<unit>minutes?|mins?|hours?|hrs?)(?=[\s-]+(?:[\w-]+\s+){{0,2}}?{_FILM_NOUN}\b)"
)


#: "a 1h30 thriller", "a 2h drama": a length said the way a listing says it.
_LENGTH_HM = (rf"\b(?:an?|the|one)\s+(?:[\w-]+\s+)?(?P<h>[1-4](?:\.5)?)\s?h(?:rs?)?\s?(?P<hm>[0-5]\d)?(?:m|mins?)?"
              rf"(?=[\s-]+(?:[\w-]+\s+){{0,2}}?{_FILM_NOUN}\b)")


def _runtime_constraint(span: tuple[int, int], lo: int | None, hi: int | None) -> Constraint:
    if lo is not None and hi is not None:
        label = f"{lo}–{hi} min"
    else:
        label = f"≤ {hi} min" if hi is not None else f"≥ {lo} min"
    return Constraint(Chip("runtime", label), SearchFilters(runtime_min=lo, runtime_max=hi), spans=(span,))


_SPAN = re.compile(
    r"\b(?:between\s+)?(?P<a>\d{2,3}|\d(?:\.\d)?)\s*(?:and|to|-|–)\s*(?P<b>\d{2,3}|\d(?:\.\d)?)\s*"
    r"(?P<unit>minutes?|mins?|hours?|hrs?)\b"
)


def _stated_runtime(low: str, amount: str) -> Constraint | None:
    """A runtime stated as a span ("between 90 and 120 minutes"), an approximate length or "N or less / more"."""
    m = _SPAN.search(low)
    if m is not None:
        scale = 60 if m["unit"].startswith("h") else 1
        lo, hi = round(float(m["a"]) * scale), round(float(m["b"]) * scale)
        if 0 < lo < hi <= 600:
            return _runtime_constraint(m.span(), lo, hi)
    m = re.search(_LENGTH_ADJ, low)
    hm = re.search(_LENGTH_HM, low)
    if hm is not None and (m is None or hm.start() < m.start()):  # "a 1h30 thriller", "a 2h drama"
        return _around(hm.span(), round(60 * float(hm["h"])) + int(hm["hm"] or 0))  # "a 1.5h thriller" too
    if m is not None and (m["unit"].startswith("h") or m["n"]):  # "a three-hour epic", "a 90-minute thriller"
        if m["unit"].startswith("h"):
            hours = float(m["n"]) if m["n"] else _hours(m["h"]) + (0.5 if m["half"] else 0)
            mins = round(60 * hours)
        else:
            mins = _minutes(m)
        return _around(m.span(), mins)
    m = re.search(rf"\b{_ABOUT}\s*{amount}(?:\s+long\b)?", low) or re.search(
        rf"\b{amount}(?=\s*(?:or so|-?ish)\b)", low)  # "90 minutes or so", "2 hours-ish": about that
    if m is None:  # "an hour long documentary" (not "at least three hours long": a bound)
        m = re.search(rf"\b{amount}[\s-]+long\b", low)
        if m is not None and re.search(rf"(?:{_LESS}|{_MORE})\s*$", low[: m.start()]):
            m = None
    if m is not None:
        return _around(m.span(), _minutes(m))
    for tail, bound in ((_OR_LESS, "max"), (_OR_MORE, "min")):
        m = re.search(rf"\b{amount}(?={tail})", low)
        if m is not None:
            end = m.end() + re.match(tail, low[m.end():]).end()  # type: ignore[union-attr]
            mins = _minutes(m)
            if bound == "max":
                return _runtime_constraint((m.start(), end), None, mins)
            return _runtime_constraint((m.start(), end), mins, None)
    return None


def _around(span: tuple[int, int], mins: int) -> Constraint:
    margin = _AROUND_MARGIN if mins < 120 else _AROUND_MARGIN + 5
    return _runtime_constraint(span, mins - margin, mins + margin)


_NEGATED_BEFORE = re.compile(r"\b(?:not|isn'?t|is not|nothing|never|no|n't)\s+(?:too|very|that|overly|so|much)?\s*$")


#: After "short film": someone or something of the short-film world, not a film wished for.
_SHORT_FILM_WORLD = re.compile(r"\s+(?:directors?|makers?|maker's|festivals?|students?|competitions?|contests?|"
                               r"programs?|programmes?|crews?|careers?|scripts?|screenings?)\b")


def _length_not_a_wish(low: str, wish: re.Match[str]) -> bool:
    """Whether a "short" or "long" is no wish for a film's length: an idiom ("long story short", "in short"), the
    short-film world ("a short film director"), or a film someone in the story makes ("dreams of making a long
    one")."""
    if re.search(r"\b(?:long story|in)\s+$", low[: wish.start()]) and not wish[0].startswith(("something", "a ")):
        return True
    if re.search(r"\b(?:making|makes?|made|shoot(?:ing|s)?|direct(?:ing|s)?|writ(?:e|es|ing))\s+$",
                 low[: wish.start()]):
        return True
    return re.search(r"\bshort\s+films?$", wish[0]) is not None and (
        _SHORT_FILM_WORLD.match(low, wish.end()) is not None)


def _time_available(low: str, amount: str) -> re.Match[str] | None:
    """The viewer's time, a limit on the runtime: "we only have like an hour and a half", "he falls asleep after
    about 100 minutes", "it has to fit in a 50 minute class" (not a character's: "a man who has 90 minutes")."""
    m = re.search(
        rf"\b(?:(?:i|we)(?:'ve|\s+have|\s+only\s+have|\s+just\s+have|\s+have\s+(?:only|just))\s+(?:got\s+)?"
        rf"(?:(?:like|about|around|maybe|roughly)\s+)?(?=\S*\s*(?:an?\s+)?(?:\d|one|two|three|an?\s+hour|hour|ninety|"
        rf"eighty|seventy|sixty|hundred))"
        rf"|\b(?:falls?|fall|falling)\s+asleep\s+(?:after|past)\s+(?:(?:about|around|like|roughly)\s+)?"
        rf"|\b(?:has|have|needs?)\s+to\s+fit\s+(?:in|into|within)\s+(?:an?|one|our|my|the)\s+)"
        rf"(?P<amount>{amount})(?![- ]?(?:year|old|kid))",
        low,
    )
    return None if m is None or re.match(_OR_LESS, low[m.end():]) else m  # "… at most": a bound, read below


#: A length refused (parse check12): "not some 3 hour epic", "nothing 3 hours long", "not a 2-hour movie" is at most
#: that long (it was read as about that long); "not under 2 hours" is left to the bounds.
_REFUSED_LENGTH = re.compile(
    r"\b(?:not|nothing|no|never|none of)\s+(?:(?:an?|some|any|another|one of those|these|those)\s+)?"
    r"(?:(?!(?:under|over|below|above|less|more|shorter|longer|than|at|within|past|beyond)\b)[a-z-]+\s+)?"
    rf"(?:{_NUM}[- ]?(?:minutes?|mins?)|(?P<h>\d(?:\.\d)?|one|two|three|four)(?P<half>[- ]and[- ]a[- ]half)?"
    r"[- ]?(?:hours?|hrs?|h))"
    rf"(?:[- ]long\b|[\s-]+(?:[\w-]+\s+){{0,2}}?{_FILM_NOUN}\b)"  # the refused film goes with it
)
#: The viewer's time as a bound: "something I can finish in 90", "we can watch it within 2 hours".
_FINISH_IN = re.compile(
    r"\b(?:i|we|you)\s+(?:can|could|'ll|will|would|need to|have to|want to)\s+(?:finish|watch|get through|see)\s+"
    r"(?:it\s+)?(?:in|within|under)\s+(?:under\s+)?(?:(?P<n>\d{2,3})(?:\s*(?:minutes?|mins?|m))?(?!\s*(?:days?|years?|"
    r"weeks?|hours?|hrs?|%)\b)|(?P<h>\d(?:\.\d)?|one|two|three|an|a)(?P<half>\s+and\s+a\s+half)?\s*(?:hours?|hrs?|h)"
    r"(?P<half2>\s+and\s+a\s+half)?)\b"
)
#: "A sub 2 hour film", "under the 2 hour mark": at most that long (the first was read as about that long).
_SUB_LENGTH = re.compile(
    r"\b(?:sub[- ]?|(?:under|below|less than|within)\s+the\s+)(?:(?P<n>\d{2,3})[- ]?(?:minutes?|mins?|m)"
    r"|(?P<h>\d(?:\.\d)?|one|two|three)(?P<half>[- ]and[- ]a[- ]half)?[- ]?(?:hours?|hrs?|h))\b(?:\s+mark\b)?"
)
#: "~90 min", "90ish mins", "2-ish hours": about that long (the sign and the suffix were not read).
_APPROX_LENGTH = re.compile(
    r"(?:~\s*|\b)(?P<n>\d{2,3})\s*-?(?P<ish>ish)?\s*(?:minutes?|mins?|m)\b|(?:~\s*|\b)(?P<h>\d(?:\.\d)?)"
    r"\s*-?(?P<ish2>ish)?\s*(?:hours?|hrs?|h)\b"
)
#: "Not under 2 hours", "not less than 90 minutes": at least that long (it was read as at most).
_NOT_UNDER = re.compile(
    r"\b(?:not|never|no|nothing)\s+(?:under|below|less than|shorter than)\s*(?:(?P<n>\d{2,3})\s*(?:minutes?|mins?|m)"
    r"|(?P<h>\d(?:\.\d)?|one|two|three|an|a)(?P<half>\s+and\s+a\s+half)?\s*(?:hours?|hrs?|h))\b"
)


def _viewer_bound(low: str, found: _Found) -> bool:
    """A refused length or the viewer's time, as a maximum (whether one was found)."""
    for pattern in (_REFUSED_LENGTH, _FINISH_IN, _NOT_UNDER, _SUB_LENGTH):
        m = pattern.search(low)
        if m is None or not found.free(*m.span()):
            continue
        if m["n"] is not None:
            mins = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"]]
        else:
            mins = round(60 * (_hours(m["h"]) + (0.5 if m["half"] or m.groupdict().get("half2") else 0)))
        if 20 <= mins <= 600:
            bound = SearchFilters(runtime_min=mins) if pattern is _NOT_UNDER else SearchFilters(runtime_max=mins)
            chip = f"≥ {mins} min" if pattern is _NOT_UNDER else f"≤ {mins} min"
            found.add(Constraint(Chip("runtime", chip), bound, spans=(m.span(),)))
            return True
    return False


def _approximate(low: str, found: _Found) -> bool:
    """"~90 min", "90ish mins": about that long (whether one was found)."""
    for m in _APPROX_LENGTH.finditer(low):
        if not (m[0].startswith("~") or m["ish"] or m["ish2"]) or not found.free(*m.span()):
            continue
        mins = int(m["n"]) if m["n"] else round(60 * float(m["h"]))
        if 20 <= mins <= 600:
            found.add(_around(m.span(), mins))
            return True
    return False


def _runtimes(low: str, found: _Found) -> None:
    amount = rf"(?:{_NUM}\s*(?:minutes?|mins?|m)\b|{_HOURS})"
    if _viewer_bound(low, found) or _approximate(low, found):
        return
    # "he falls asleep if it's over two hours": at most that
    limit = re.search(rf"\bif\s+(?:it'?s|it\s+is|its|they'?re|it\s+(?:runs|goes|lasts))\s+"
                      rf"(?:over|longer than|more than|past|above)\s*{amount}", low)
    if limit is not None and found.free(*limit.span()):
        mins = _minutes(limit)
        found.add(Constraint(Chip("runtime", f"≤ {mins} min"), SearchFilters(runtime_max=mins), spans=(limit.span(),)))
        return
    limit = _time_available(low, amount)
    if limit is not None and found.free(*limit.span()):
        mins = _minutes(limit)
        found.add(Constraint(Chip("runtime", f"≤ {mins} min"), SearchFilters(runtime_max=mins), spans=(limit.span(),)))
        return
    stated = _stated_runtime(low, amount)
    if stated is not None and found.free(*stated.spans[0]):
        found.add(stated)
        return
    for word, pat in (("max", _LESS), ("min", _MORE)):
        for m in re.finditer(rf"(?:\b(?:runs?|running|runtime|lasts?|lasting|length)\s+)?(?<![a-z]){pat}\s*{amount}",
                             low):
            a, b = m.span()
            if not found.free(a, b):
                continue
            mins = _minutes(m)
            if word == "max":
                c = Constraint(Chip("runtime", f"≤ {mins} min"), SearchFilters(runtime_max=mins), spans=((a, b),))
            else:
                c = Constraint(Chip("runtime", f"≥ {mins} min"), SearchFilters(runtime_min=mins), spans=((a, b),))
            found.add(c)
            return
    for pattern, chip, filters in (
        (_LUNCH, f"≤ {LUNCH_MINUTES} min", SearchFilters(runtime_max=LUNCH_MINUTES)),
        (_SHORT, f"≤ {SHORT_MINUTES} min", SearchFilters(runtime_max=SHORT_MINUTES)),
        (_LONG, f"≥ {LONG_MINUTES} min", SearchFilters(runtime_min=LONG_MINUTES)),
        (_FEATURE, f"≥ {FEATURE_MINUTES} min", SearchFilters(runtime_min=FEATURE_MINUTES)),
    ):
        wish = pattern.search(low)
        if wish and pattern is _LONG and _NEGATED_BEFORE.search(low[: wish.start()]):
            continue  # "isn't too long" is a wish for a short film
        if wish and pattern in (_SHORT, _LONG) and _length_not_a_wish(low, wish):
            continue  # "long story short, …", "a short film director", "making a long one": no wish for a length
        if wish and pattern is _SHORT and re.search(r"\bthe\s+(?:[a-z]+\s+)?$", low[: wish.start()]):
            continue  # "the big short", "the short": a noun, not a wish
        if wish and _permitted(low, wish.start()):
            continue  # "i wouldn't mind a long one"
        if wish and pattern is _LONG and re.search(r"\b(?:been|was|were)\s+(?:(?:so|really|very|too)\s+)?$",
                                                   low[: wish.start()]):
            continue  # "my week has been long, so …": said of the day, not of the film
        if wish and found.free(*wish.span()):
            found.add(Constraint(Chip("runtime", chip), filters, spans=(wish.span(),), strip=pattern is not _FEATURE))
            return


#: "Not for kids", "adults only": a film for grown-ups (no family film).
_ADULTS = re.compile(
    r"\b(?:not|nothing|never|no|isn'?t|is not|aren'?t|are not)\s+(?:really\s+)?(?:for|suitable for|appropriate for|"
    r"meant for|made for)\s+(?:the\s+)?(?:little\s+|young\s+|small\s+)?(?:kids|children|families|little ones)\b"
    r"|\badults?[- ]only\b|\bfor (?:adults|grown[- ]?ups)(?: only)?\b"
    r"|\bgrown[- ]?ups? only\b|\bnot (?:a |an )?(?:kids'?|children'?s|family|kid[- ]friendly|family[- ]friendly)"
    r"(?: (?:movies?|films?|flicks?))?\b|\bno (?:kids'?|children'?s|family) (?:movies?|films?|stuff)\b"
    r"|\bgrown[- ]?up(?:\s+(?:audiences?|viewers?|crowd)\b|(?=\s+dramas?\b))"  # "a proper grown-up drama"
    r"|\bmature audiences?\b|\b(?:adult|grown[- ]?up)(?=[- ](?:animated|animation|cartoons?)\b)"
)
#: "Something my kids can watch", "a cartoon for my nephew": a young viewer.
_YOUNG_VIEWER = re.compile(
    r"\bthe\s+(?:kids|children|little ones)\s+(?:are|will be)\s+(?:with us|here|watching|joining us)\b"
    r"|\b(?:my|our)\s+(?:daughter|son|kid|child|nephew|niece|grandson|granddaughter)['’]s\s+(?:[2-9]|1[0-2])"
    r"(?:st|nd|rd|th)\s+birthday\b|"  # "the kids are with us tonight", "my daughter's 9th birthday"
    r"\b(?:my|our|the)\s+(?:whole\s+|young\s+|little\s+|small\s+)?(?:kids?|children|child|little ones|grandkids|"
    r"grandchildren|toddlers?|family)\s+(?:can|could|will|would|might)\s+(?:also\s+)?(?:watch|enjoy|see|like|love)\b"
    r"|\b(?:for|with|show)\s+(?:my|our)\s+(?:young\s+|little\s+)?(?:nephews?|nieces?|grandkids|grandchildren|"
    r"grandsons?|granddaughters?|toddlers?|little (?:brother|sister|ones?|boy|girl|guy)s?)\b"
    r"|\b(?:safe|ok|okay|fine|appropriate)\s+for\s+(?:the\s+)?(?:kids|children|little ones)\b"
    r"|\b(?:my|our)\s+(?:[2-9]|1[0-2]|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:[- ]year[- ]olds?|\s?y\.?o\.?|\s?y/o)"
    r"(?:\s+(?:daughter|son|kids?|child|boy|girl))?\s+(?:(?:can|could|will|would|might)\s+(?:also\s+)?"
    r"(?:watch|enjoy|see|like|love)|wants?|needs?|(?:is|keeps)\s+asking\s+for|asked\s+for)\b"
    r"|\b(?:for|with|show|to)\s+(?:my|our)\s+(?:[2-9]|1[0-2]|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)\s?(?:yo|y\.o\.?|y/o)\b"  # "for my 6yo"
    r"|\b(?:my|our)\s+(?:little\s+)?(?:toddlers?|preschoolers?)\b"  # "a cartoon my toddler won't be scared of"
    r"|\b(?:can|could|would|will|should|might)\s+(?:my|our)\s+(?:young\s+|little\s+|small\s+)?(?:kids?|children|"
    r"child|little ones|toddlers?|(?:[2-9]|1[0-2]|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"[- ]year[- ]olds?)\s+(?:also\s+)?(?:watch|enjoy|see)\b"  # "what can my 5 year old watch"
    r"|\b(?:my|our)\s+(?:little\s+|young\s+)?(?:daughters?|sons?|kids?|child|children|nephews?|nieces?|grandsons?|"
    r"granddaughters?|grandkids?|little (?:brother|sister|boy|girl))\b[^.?!;]{0,40}?(?:\bis|\bare|['’]s|\bturned|"
    r"\bturns|\baged?)\s+(?:only\s+|just\s+)?(?:[2-9]|1[0-2]|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)\b(?![- ]?(?:minutes?|mins?|hours?|hrs?|%|years? ago))"  # "my daughter is 7", "my nephew (he's 9)"
)


#: A young viewer's age said as learners and parents say it: "my son of 6 years", "the kids are 7 and 10", "our
#: daughter has 8 years" (twelve or younger; "the kids are 15 and 17" is no family audience).
_YOUNG_AGE = (r"(?:[2-9]|1[0-2]|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)")
_YOUNG_VIEWER_SAID = re.compile(
    rf"\b(?:my|our)\s+(?:little\s+|young\s+)?(?:sons?|daughters?|kids?|child|children|nephews?|nieces?|boy|girl)\s+"
    rf"(?:of|has|have)\s+{_YOUNG_AGE}\s+(?:years?|yrs?)\b"
    rf"|\bthe\s+(?:kids|children|little ones)\s+are\s+(?:only\s+|just\s+)?{_YOUNG_AGE}"
    rf"(?:\s*(?:,|and|&)\s*{_YOUNG_AGE})*\b(?![- ]?(?:minutes?|mins?|hours?|hrs?|%|feet|metres|meters|"
    rf"years?\s+(?:ago|behind|ahead|older|younger|apart|late|later|earlier)))"
)


def _audience(low: str, found: _Found) -> None:
    said = _YOUNG_VIEWER_SAID.search(low)
    if said and found.free(*said.span()) and not _ADULTS.search(low):
        found.add(Constraint(Chip("audience", "family"), SearchFilters(audience="family"), spans=(said.span(),),
                             strip=False))
        return
    adults = _ADULTS.search(low)
    if adults and found.free(*adults.span()):
        found.add(Constraint(Chip("audience", "adults"), SearchFilters(audience="adult"), spans=(adults.span(),)))
        return
    young = _YOUNG_VIEWER.search(low)
    if young and found.free(*young.span()):
        found.add(Constraint(Chip("audience", "family"), SearchFilters(audience="family"), spans=(young.span(),),
                             strip=False))
        return
    m = re.search(
        r"\b(?:for|with) (?:the |my |our |young |little |small )?(?:kids|childrens?|childs|child|the whole family|"
        r"family|families|a family(?: movie)? night|toddlers|preschoolers|little ones|kiddos|kiddies|littlies|nippers|"
        r"youngsters)\b"
        r"|\b(?:for|with|show|to) (?:(?:my|our|an?|some|the|a bunch of|a group of|a couple of|a few|a load of|"
        r"a houseful of) (?=\S+[- ]year[- ]olds?\b)|(?=\S+[- ]year[- ]olds\b))"
        r"(?:[2-9]|1[0-2]|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]year[- ]olds?"
        r"(?: (?:daughter|son|kids?|child|boy|girl))?\b"  # "with my 6 year old", "a sleepover with 10 year olds"
        r"|\b(?:kid|child|family)[- ]friendly\b"
        r"|(?:^|(?<=[/|+]))\s*famil(?:y|ies)\s*(?=[/|+])|(?<=[/|+])\s*famil(?:y|ies)\s*$"  # "animation + family"
        r"|\b(?:family|kids'?|children'?s) "
        r"(?:movies?|films?|night)\b|\bsuitable for (?:kids|children)\b"
        r"|\b(?:rated[- ]g|g[- ]rated)\b",  # the MPA's general audiences
        low,
    )
    if m and found.free(*m.span()) and not re.search(r"\bnot\s+$", low[: m.start()]):
        found.add(Constraint(Chip("audience", "family"), SearchFilters(audience="family"), spans=(m.span(),),
                             strip=False))


#: Young viewers named in a group or by several ages (parse check15): "my 4 and 7 year olds", "a classroom of
#: 12-year-olds", "for the 6, 8 and 10 year olds"; and the family kind of film, "a family adventure".
_YOUNG_GROUP = re.compile(
    rf"\b(?:(?:for|with|show|to)\s+(?:my|our|the)\s+{_YOUNG_AGE}(?:\s*(?:,|and|&|or)\s*{_YOUNG_AGE})+"
    rf"|(?:class|classroom|group|room|bunch|houseful|party|troop|team)\s+(?:full\s+)?of\s+{_YOUNG_AGE})"
    rf"[- ]years?[- ]olds\b"
    r"|\bfamily(?=[- ](?:adventures?|animations?|entertainment|fun)\b)"
)


def _young_group(low: str, found: _Found) -> None:
    if any(c.chip.key == "audience" for c in found.constraints):
        return
    m = _YOUNG_GROUP.search(low)
    if m and found.free(*m.span()) and not re.search(r"\b(?:not|no)\s+(?:an?\s+)?$", low[: m.start()]):
        found.add(Constraint(Chip("audience", "family"), SearchFilters(audience="family"), spans=(m.span(),),
                             strip=False))



#: Film certificates (parse check12). No rating is on file: a G / PG / U film ("U certificate", "rated G", "keep it
#: PG") is read as the family audience; an R / 18 / NC-17 film wished for ("an R-rated comedy") is for grown-ups.
#: A PG-13 ceiling or "nothing rated R" states nothing (as check7 and check9 read it: "PG-13 max, action with lots of
#: explosions" is no family film), nor does a permission ("R is fine", "PG is ok").
_CERT_FAMILY = re.compile(
    r"\b(?:rated[- ](?:g|pg|u)|(?:g|pg|u)[- ]rated|pg|u[- ]certificate|cert(?:ificate)?[- ](?:u|pg))\b"
    r"(?![- ]?13)(?!\s+wodehouse)"  # (P. G. Wodehouse is a writer)
    r"(?:\s*(?:max(?:imum)?|tops|at most|or (?:under|less|lower|below))\b)?"
)
_CERT_ADULT = re.compile(r"\b(?:rated[- ](?:r|18|nc[- ]?17)|(?:r|18|nc[- ]?17)[- ]rated|18[- ]certificate)\b")
_CERT_ALLOWED = re.compile(r"\s*(?:(?:is|'s|are|would be|will be)\s+)?(?:(?:totally|perfectly|also)\s+)?"
                           r"(?:fine|ok|okay|allowed|good|no problem|acceptable)\b")
_CERT_NEGATED = re.compile(r"\b(?:not|no|nothing|never|none|avoid|without|isn'?t|aren'?t|is not|are not|above|over|"
                           r"higher than|beyond|past)\s+(?:(?:an?|some|any|anything|too)\s+)?$")


_CERT_IN_STORY = re.compile(r"\b(?:about|where|whose|who|when|while|into|sneaks?|sneaking)\b")


def _rating(low: str, found: _Found) -> None:
    for pattern, audience in ((_CERT_FAMILY, "family"), (_CERT_ADULT, "adult")):
        for m in pattern.finditer(low):
            a, b = m.span()
            if _CERT_IN_STORY.search(re.split(r"[,;.!?]", low[:a])[-1]):
                continue  # "kids sneak into an r rated movie": the story's film
            ceiling = re.search(r"\b(?:nothing|no|not)\s+(?:above|over|higher than|beyond|past)\s+$", low[:a])
            if ceiling and audience == "family":
                a = ceiling.start()  # "nothing above PG": PG at most
            elif _CERT_NEGATED.search(low[:a]) or _CERT_ALLOWED.match(low, b) or _permitted(low, a):
                continue  # "isn't rated R", "pg is fine": no audience stated
            if found.free(a, b):
                chip = Chip("audience", "family" if audience == "family" else "adults")
                found.add(Constraint(chip, SearchFilters(audience=audience), spans=((a, b),)))
                return


#: The silent era as a filter: silent films were made until the mid-1930s (Chaplin's last in 1936).
SILENT_UNTIL = 1936


def _silent(low: str, found: _Found) -> None:
    """"Silent comedies", "films from the silent era": released by ``SILENT_UNTIL`` (the word stays
    in the embedded text: the films' facts say "silent")."""
    m = re.search(r"\bsilent[- ]era\b|\bsilent(?=\s+(?:films?|movies?|comed(?:y|ies)|cinema|dramas?|classics?|"
                  r"pictures?|horrors?|westerns?)\b)|\bsilents\b", low)
    if m and found.free(*m.span()) and not _setting(low, m.start()):
        refused = _ERA_REFUSED.search(low[: m.start()])
        if refused:  # "a comedy, nothing from the silent era"
            found.add(Constraint(Chip("silent", f"after the silent era (> {SILENT_UNTIL})"),
                                 SearchFilters(year_from=SILENT_UNTIL + 1), spans=((refused.start(), m.end()),)))
            return
        found.add(Constraint(Chip("silent", f"silent era (≤ {SILENT_UNTIL})"), SearchFilters(year_to=SILENT_UNTIL),
                             spans=(m.span(),), strip=False))


#: "No foreign films", "nothing foreign please" (check12 probes): a film in English (was read as *not* English).
_NO_FOREIGN = re.compile(
    r"\b(?:no|nothing|not|never|without|avoid|skip|none)\s+(?:(?:a|any|anything)\s+)?foreign(?:[- ]language)?"
    r"(?:\s+(?:films?|movies?|flicks?|stuff|ones|cinema))?(?=\s*(?:$|[,.;!?])|\s+(?:please|pls|plz|tho|though|"
    r"for|this|tonight|either|at all|thanks|thx)\b)"
)


def _no_foreign(low: str, found: _Found) -> None:
    m = _NO_FOREIGN.search(low)
    if m and found.free(*m.span()) and not _permitted(low, m.start()):
        found.add(Constraint(Chip("language", "in English"), SearchFilters(languages=("English",)), spans=(m.span(),)))


def _not_spoken(low: str, found: _Found) -> None:
    """"Not in English", "non-english", "a foreign film", "not in hindi": a main language the films must not have
    (a foreign film is one not in English: the catalog's main language decides)."""
    alt = "|".join(LANGUAGES)
    said = list(re.finditer(
        rf"\b(?:(?:but\s+)?(?:not|nothing|never|isn'?t|no)\s+(?:in|spoken in)|anything but)\s+(?P<l>{alt})\b"
        rf"(?:[- ](?:language|speaking|spoken))?|\bnon[- ]?(?P<l2>{alt})(?:[- ](?:language|speaking))?\b"
        rf"|\b(?:not|no|nothing)\s+(?P<l3>{alt})[- ](?:language|speaking|spoken)\b",
        low,
    ))  # each of "not in english, not in french"
    if not said:  # "a foreign film", "foreign-language horror", "something foreign"
        m = re.search(r"\bforeign(?:[- ]language)?\b", low)
        if m is not None and (_qualifies_film(low, m.end()) or re.match(r"\s*(?:$|[,.;!?])", low[m.end():])):
            _language_ruled_out(low, found, "English", m.span())  # not "a foreign correspondent"
    langs: tuple[str, ...] = ()
    spans: list[tuple[int, int]] = []
    for m in said:
        these: tuple[str, ...] = (LANGUAGES[m["l"] or m["l2"] or m["l3"]],)
        end = m.end()
        while m["l"] and (more := re.match(rf"\s*(?:or|nor|,\s*(?:or|nor)?)\s*(?P<l>{alt})\b(?![- ]?(?:speaking|"
                                           rf"language|spoken))", low[end:])):  # "anything but french or german"
            these = (*these, LANGUAGES[more["l"]])
            end += more.end()
        if found.free(m.start(), end) and not _setting(low, m.start()):
            if _DOUBLE_NEGATION.search(low[: m.start()]):
                _language_ruled_out(low, found, these, (m.start(), end))
            else:
                langs, spans = tuple(dict.fromkeys(langs + these)), [*spans, (m.start(), end)]
    if langs:
        found.add(Constraint(Chip("not-language", f"not in {' / '.join(langs)}"), SearchFilters(languages_not=langs),
                             spans=tuple(spans)))


def _language_ruled_out(low: str, found: _Found, langs: str | tuple[str, ...], span: tuple[int, int]) -> None:
    """Languages a film must not be in, said at ``span`` (a double negation says the one it must be in)."""
    langs = (langs,) if isinstance(langs, str) else langs
    if found.free(*span) and not _setting(low, span[0]):
        label = " / ".join(langs)
        double = _DOUBLE_NEGATION.search(low[: span[0]])
        if double:  # "nothing that's not in english": in English
            found.add(Constraint(Chip("language", f"in {label}"), SearchFilters(languages=langs),
                                 spans=((double.start(), span[1]),)))
            return
        found.add(Constraint(Chip("not-language", f"not in {label}"), SearchFilters(languages_not=langs),
                             spans=(span,)))


#: Nationality words that say a language more than a cinema when negated ("not english" is read by _not_spoken).
_NOT_A_CINEMA = frozenset({"english", "spaghetti", "brit"})
#: After a negated nationality: the end of the clause or the film ("not american", "isn't british for once",
#: "not a french one", "arent american made", "not japanese animation").
_NOT_FROM_TAIL = (r"(?=\s*(?:$|[,.;!?/|+)]|\s(?:please|pls|plz|for once|this time|tonight|though|tho|either|"
                  r"again|and|or|but|one|ones|made|produced|production|stuff|blockbusters?|gloss|fare|"
                  rf"{_FILM_NOUN}|[a-z-]+\s+{_FILM_NOUN})\b))")
#: Someone in the story is the nationality ("a man who is not american"): no constraint on the film.
_PERSON_IS = re.compile(r"\b(?:who|he|she|they|whose\s+[a-z]+)(?:\s*(?:'s|'re|is|was|are|were))?\s+$|\bwho's\s+$"
                        r"|\b(?:speaks?|speaking|spoke|knows?|understands?|learns?|learning)\s+$")


_NOT_FROM_NATIONS = "|".join(sorted(map(re.escape, set(NATIONS) - _NOT_A_CINEMA), key=len, reverse=True))
_NOT_FROM_NOUNS = "|".join(sorted(map(re.escape, COUNTRY_NOUNS), key=len, reverse=True))
_NOT_FROM_NEG = (rf"(?:{_AVERSION}|{_CARVE_OUT}|not|isn'?t|is not|aren'?t|are not|wasn'?t|nothing|never|anything but|"
                 r"but not|no|"
                 r"except(?:\s+for)?\s+the|"  # "horror from the seventies except the italian ones"
                 r"(?:don'?t|do not|doesn'?t)\s+(?:want|need|like)\s+(?:anything|something|any))")
_NOT_FROM = re.compile(
    rf"\b{_NOT_FROM_NEG}\s+(?:(?:a|an|another|one|any|anything|more|again|of|the)\s+)*(?P<n>{_NOT_FROM_NATIONS})"
    rf"{_NOT_FROM_TAIL}"
    rf"|\bnon[- ]?(?P<n2>{_NOT_FROM_NATIONS})\b"
    rf"|\b(?:{_NOT_FROM_NEG}|(?:but|and)\s+not)\s+(?:(?:made|produced|shot)\s+)?(?:from|in|out of)\s+"
    rf"(?P<c>{_NOT_FROM_NOUNS}|hollywood)\b"
    rf"|\b(?:outside(?:\s+of)?|anywhere\s+but|anywhere\s+except|except|other\s+than)\s+"
    rf"(?P<c2>{_NOT_FROM_NOUNS}|hollywood)\b"
)


def _not_from(low: str, found: _Found) -> None:
    """A cinema ruled out: "not american", "non-hollywood", "anything but american", "not from japan", "not made in
    america", "outside the us", "anywhere but the usa", "i don't want anything american or british" (a film is
    not American when ``core.cinema``'s rule does not make it American)."""
    nations = _NOT_FROM_NATIONS
    for m in _NOT_FROM.finditer(low):
        a, b = m.span()
        place = m["c"] or m["c2"] or ""
        word = m["n"] or m["n2"] or COUNTRY_NOUNS.get(place, place)
        countries = NATIONS.get(word, ((), ()))[0]
        if not countries or not found.free(a, b) or _PERSON_IS.search(low[:a]):
            continue
        if m["c"] and re.match(r"\s+to\b", low[b:]):
            continue  # "not from japan to paris": a journey
        said_of_film = re.search(rf"(?:^|[,;.!?]\s*|\b(?:made|produced|shot|filmed|something|anything|countr(?:y|ies)|"
                                 rf"{_FILM_NOUN})\s+)$", low[:a])
        if m["c2"] and not m[0].startswith("anywhere") and not said_of_film:
            continue  # "a farm outside the us border", "life outside america" are the story; "made outside the us"
        while m["n"] and (more := re.match(rf"\s*(?:,\s*(?:or|and|nor)?|or|and|nor)\s*(?:(?:no|not|non-?)\s*)?"
                                           rf"(?:(?:a|an)\s+)?"
                                           rf"(?P<n>{nations})\b", low[b:])):  # "nothing american, british or aussie"
            countries = tuple(dict.fromkeys(countries + NATIONS[more["n"]][0]))
            b += more.end()
        while more := re.match(  # "any country except the uk and the us"
                rf"\s*(?:,\s*(?:or|and|nor)?|or|and|nor)\s*(?P<c>{_NOT_FROM_NOUNS})\b", low[b:]):
            countries = tuple(dict.fromkeys(countries + NATIONS[COUNTRY_NOUNS[more["c"]]][0]))
            b += more.end()
        found.add(Constraint(Chip("not-country", f"not {' / '.join(countries)}"),
                             SearchFilters(countries_not=countries), spans=((a, b),)))


#: A language refused as an item of its own (parse check15): "a quiet drama, no english, no war", "thriller, no
#: hindi". Only a language word that names no cinema ("no french" stays a refused country, as _not_from reads it).
_SPEECH_ONLY = "|".join(sorted((w for w in LANGUAGES if w not in NATIONS or w in _NOT_A_CINEMA), key=len,
                               reverse=True))
_NO_LANGUAGE_ITEM = re.compile(
    rf"(?:^|[,;:]\s*|\bbut\s+)(?:no|nothing in|not)\s+(?P<l>{_SPEECH_ONLY})(?:[- ](?:language|speaking))?"
    r"(?:\s+(?:films?|movies?|dialogue|please|pls))?\s*(?=$|[,;.!?])"
)


def _no_language_item(low: str, found: _Found) -> None:
    for m in _NO_LANGUAGE_ITEM.finditer(low):
        _language_ruled_out(low, found, LANGUAGES[m["l"]], (m.start("l") - len("no "), m.end()))


#: A nationality said as an item of its own (parse check15): "mystery, between 1940 and 1960, british, no horror".
_NATION_ITEM = re.compile(
    r"(?:^|[,;:]\s*)(?P<n>" + "|".join(sorted((re.escape(w) for w in NATIONS if w not in _NOT_A_CINEMA), key=len,
                                              reverse=True)) + r")\s*(?=[,;.!?]|$)"
    r"(?![,;]\s*(?:who|whose|which|that|and|he|she|they)\b)"
)


def _nation_item(low: str, found: _Found) -> None:
    if any(c.chip.key == "country" for c in found.constraints):
        return
    for m in _NATION_ITEM.finditer(low):  # among other items: a constraint before it, one (or the end) after it
        stated_before = any(s[1] <= m.start() for c in found.constraints for s in c.spans)
        rest = low[m.end():].lstrip(" ,;.!?")
        if not stated_before or not (rest == "" or _CONSTRAINT_START.match(rest)):
            continue
        if found.free(*m.span("n")) and not _setting(low, m.start("n")):
            found.add(_nation(m["n"], m.span("n")))
            return



def _spoken_language(low: str, found: _Found) -> None:
    """"No subtitles", "nothing with subtitles", "one of us refuses to read subtitles": a film in English."""
    m = re.search(
        r"(?:\b(?:no|without|nothing with|not with|don'?t want|hates?(?:\s+(?:anything|everything|films?|movies?)"
        rf"\s+with)?)|\bw/o|\b{_AVERSION}(?:\s+the)?"
        r"|\b(?:refuses?|won'?t|will not|can'?t|cannot|doesn'?t|does not|don'?t|do not|never|hates?)\s+"
        r"(?:to\s+)?(?:read|do|like|want|watch|stand|bother with|deal with)(?:\s+to\s+read)?)"
        r"\s*(?:any\s+)?(?:subtitles|subs)\b", low
    )
    if m and found.free(*m.span()):
        found.add(Constraint(Chip("language", "in English"), SearchFilters(languages=("English",)),
                             spans=(m.span(),)))


def _languages(low: str, found: _Found) -> None:
    alt = "|".join(LANGUAGES)
    m = re.search(
        rf"\b(?:in|spoken in|language:?)\s+(?P<l>{alt})(?:\s*(?:or|/|,)\s*(?P<l3>{alt}))?\b"
        rf"|\b(?:(?P<l5>{alt})\s*(?:or|/|,)\s*)?(?P<l2>{alt})[- ](?:language|speaking|spoken)\b"  # "spanish or …"
        rf"|(?:^|(?<=[,;.!?])\s*)(?P<l4>{alt})(?:\s+|-)(?:please|pls|plz|only)(?:\s+(?:please|pls|plz|thanks|thx))?\b"
        r"(?=\s*(?:$|[,;.!?]))",  # "english please, …", "english only pls, …"
        low,
    )
    if m and re.search(r"\b(?:not|no|isn'?t|nothing)\s+$", low[: m.start()]):
        return  # "not in hindi": read by _not_spoken
    if m and found.free(*m.span()) and not _setting(low, m.start()) and not _permitted(low, m.start()):
        names = tuple(LANGUAGES[w] for w in (m["l5"], m["l"] or m["l2"] or m["l4"], m["l3"]) if w)  # "in x or y"
        found.add(Constraint(Chip("language", "in " + " or ".join(names)), SearchFilters(languages=names),
                             spans=(m.span(),), strip=False))


#: A nationality said of the film wished for ("one that's japanese", "something that is korean", "preferably french").
_NATION_PREDICATE = re.compile(r"(?:\b(?:one|something|anything|it|movie|film)\s+(?:that'?s|that\s+is|which\s+is|"
                               r"it'?s)(?:\s+(?:also|preferably|ideally|probably))?|\b(?:preferably|ideally))\s+$")


def _nations(low: str, found: _Found) -> None:
    alt = "|".join(sorted(map(re.escape, NATIONS), key=len, reverse=True))
    for m in re.finditer(rf"\b(?P<n>{alt})\b", low):
        a, b = m.span()
        tail = low[b:]
        industry = m["n"] in _INDUSTRIES
        trailing = re.search(r",\s*$", low[:a]) is not None and re.fullmatch(
            r"\s*(?:please|pls|only|ideally|preferably)?\s*[.!?]?\s*", tail
        ) is not None  # "…, british please"
        wish = re.search(r"\b(?:something|anything)\s+$", low[:a]) is not None  # "something taiwanese and quiet"
        wish = wish or re.fullmatch(r"\s*[.!?]*", low[:a] + low[b:]) is not None  # the whole query: "korean"
        wish = wish or (re.search(r"\beither\s+$", low[:a]) is not None and re.match(  # "either french or italian, …"
            rf"\s*or\s+(?:{alt})\s*(?:$|[,.;!?])", tail) is not None)
        postfix = re.search(rf"\b{_FILM_NOUN}\s+$", low[:a]) is not None and re.match(_AFTER_KIND, tail) is not None
        stuff = re.match(r"\s+(?:stuff|ones?)\b", tail) is not None  # "more korean stuff", "a japanese one"
        stuff = stuff or _nation_is_a_piece(low, a, b, alt)  # "thriller. japanese. under 2h", "italian or spanish, …"
        learner = _LEARNER_KIND_BEFORE.search(low[:a]) is not None and _closes(low, b)  # "a film of terror korean"
        stuff = stuff or learner
        said_of_film = _NATION_PREDICATE.search(low[:a]) is not None and re.match(  # "one that's japanese if possible"
            r"\s*(?:$|[,.;!?]|\s(?:if possible|ideally|preferably|please|pls|and|but|or|too|maybe|though|tho)\b)", tail
        ) is not None
        if not (industry or trailing or wish or postfix or stuff or said_of_film or found.terse_at(a)
                or _qualifies_film(low, b)):
            continue  # "a German businessman", "the Indian jungle": the story, not the film's origin
        if industry and re.search(r"(?<!made)(?<!produced)(?<!shot)(?<!filmed) in\s+(?:the\s+)?$", low[:a]):
            continue  # "once upon a time in hollywood": a place
        if industry and not (re.match(rf"{_AFTER_KIND}|\s+(?:style|[\w-]+\s+)?{_FILM_NOUN}\b|\s+style\b", tail)):
            continue  # "a hollywood icon", "a bollywood star": a person
        after_story = not _in_head(low, a) and not (trailing or stuff or said_of_film or found.terse_at(a)) and not (
            re.match(rf"\s*{_FILM_NOUN}\b", tail))
        if not found.free(a, b) or after_story or _setting(low, a) or _permitted(low, a):
            continue
        if re.match(r"\s+spy\s+(?:who|whose|named|called|that|is|was)\b", tail):
            continue  # "a british spy who is sick of his job": a character, not a spy film
        if re.match(r"\s*(?:civil war|revolution|resistance|army|navy|air force|mafia|mob|empire|occupation|"
                    r"invasion|inquisition|monarchy|royal|president|king|queen|prime minister|border|"
                    r"language|speaking|spoken)\b", tail):
            continue
        c = _nation(m["n"], (a, b))
        more = re.match(rf"\s*(?:or|and|/|,)\s*(?P<n>{alt})\b", tail)  # "swedish or danish crime": either
        if more is not None and more["n"] not in _INDUSTRIES:
            other = NATIONS[more["n"]]
            both = SearchFilters(countries=tuple(dict.fromkeys(c.filters.countries + other[0])),
                                 languages=tuple(dict.fromkeys(c.filters.languages + other[1])))
            label = " / ".join(both.countries or both.languages)
            c = Constraint(Chip("country", label), both, spans=((a, b + more.end()),), strip=False)
        found.add(c)
        return
    nouns = "|".join(sorted(map(re.escape, COUNTRY_NOUNS), key=len, reverse=True))
    made = re.compile(  # "films from Japan", "a comedy made in France", "a movie of spain": where the film comes
        # from; also a clause of its own ("like fargo but from the uk", "a comedy in english, from australia")
        rf"(?:\b(?:{_FILM_NOUN}|something|anything)\s+(?P<p>(?:from|out of|of)|(?:made|produced)\s+in)"
        rf"|(?:\b(?:but|preferably|ideally|only)|,)\s+(?P<p2>from|made in))\s+(?P<c>{nouns})\b"
        r"(?(p2)(?=\s*(?:$|[.!?]|,?\s*(?:please|pls|plz|only|ideally|preferably)\b)))"  # a clause that ends there
    )
    for m in made.finditer(low):
        span = (m.start("p") if m["p"] else m.start("p2"), m.end())
        if found.free(*span) and not re.match(r"\s+to\b", low[m.end():]):  # not "from japan to paris"
            c = _nation(COUNTRY_NOUNS[m["c"]], span)
            more = re.match(rf"\s*(?:or|/|,)\s*(?P<c>{nouns})\b", low[m.end():])  # "from hong kong or taiwan"
            if more is not None:
                other = NATIONS[COUNTRY_NOUNS[more["c"]]]
                both = SearchFilters(countries=tuple(dict.fromkeys(c.filters.countries + other[0])),
                                     languages=tuple(dict.fromkeys(c.filters.languages + other[1])))
                c = Constraint(Chip("country", " / ".join(both.countries or both.languages)), both,
                               spans=((span[0], m.end() + more.end()),), strip=False)
            found.add(c)
            return
    for m in re.finditer(rf"\b(?P<c>{nouns})\b", low):  # "western 60s italy", "a ghost story, japan, 2000s"
        if found.free(*m.span()) and found.terse_at(m.start()):
            found.add(_nation(COUNTRY_NOUNS[m["c"]], m.span()))
            return


#: A learner's "a film of <kind>" right before a nationality ("a film of terror korean", "movie of comedy italian").
_LEARNER_KIND_BEFORE = re.compile(
    r"\b(?:movies?|films?)\s+of\s+(?:" + "|".join(sorted(map(re.escape, GENRE_WORDS), key=len, reverse=True)) + r")\s+$"
)


def _nation_is_a_piece(low: str, a: int, b: int, alt: str) -> bool:
    """Whether the nationality at ``a:b`` (with a second one after "or") is a whole piece of a list, between
    sentence or list signs ("thriller. japanese. no horror", "italian or spanish, comedy, 60s"); not between commas
    inside a story ("a spy, british, falls for …")."""
    return re.search(r"(?:^|[.;!?|/+])\s*$", low[:a]) is not None and re.match(
        rf"\s*(?:(?:or|and|/)\s*(?:{alt})\s*)?[,.;!?|/+]\s*\S", low[b:]) is not None


def _country_after_constraint(low: str, found: _Found) -> None:
    """"From <country>" right after what a constraint already said of the film: "animated movies for adults from
    japan", "a movie in english from india", a learner's "film of war from japan" (not "a comedy about a man from
    japan", nor "from japan to paris")."""
    if any(c.chip.key == "country" for c in found.constraints):
        return
    nouns = "|".join(sorted(map(re.escape, COUNTRY_NOUNS), key=len, reverse=True))
    for m in re.finditer(rf"\s+(?:from|made in|out of)\s+(?P<c>{nouns})\b(?!\s+to\b)", low):
        if not found.free(m.start("c"), m.end()):
            continue
        after_constraint = any(y == m.start() for c in found.constraints for _, y in c.spans)
        if after_constraint or _LEARNER_KIND_BEFORE.search(low[: m.start() + 1]):
            found.add(_nation(COUNTRY_NOUNS[m["c"]], (m.start() + 1, m.end())))
            return


#: A nationality closing the words said of "something": "something quiet and French", "anything short, korean".
_NATION_ALT = "|".join(sorted(map(re.escape, NATIONS), key=len, reverse=True))
#: A word said of "something" that is no story mark or article ("something about a boy and …" is the story).
_PLAIN_WORD = r"(?!(?:about|with|where|set|from|that|who|which|whose|a|an|the|in|on|of|for|like|by)\b)[a-z-]+"
_NATION_AFTER_ADJECTIVES = re.compile(
    r"(?:^|[,.;!?]\s*|\b(?:want|need|like|fancy|just|maybe|perhaps|and)\s+)(?:something|anything)\s+"
    rf"(?:{_PLAIN_WORD}\s+){{0,2}}?{_PLAIN_WORD}\s*(?:,|and)\s*(?P<n>{_NATION_ALT})"
    r"(?=\s*(?:$|[,.;!?]|\s+(?:please|maybe|perhaps|if possible|ideally)\b))"
)


def _nation_after_adjectives(low: str, found: _Found) -> None:
    """The cinema of "something quiet and French" (see ``_NATION_AFTER_ADJECTIVES``)."""
    m = _NATION_AFTER_ADJECTIVES.search(low)
    if m and m["n"] not in ("english", "spaghetti") and found.free(m.start("n"), m.end("n")):
        found.add(_nation(m["n"], (m.start("n"), m.end("n"))))


def _nation(word: str, span: tuple[int, int]) -> Constraint:
    countries, languages = NATIONS[word]
    label = " / ".join(countries) if countries else languages[0]
    if countries and languages:
        label = f"{countries[0]}, {languages[0]}"
    return Constraint(Chip("country", label), SearchFilters(countries=countries, languages=languages),
                      spans=(span,), strip=False)


_WISH = re.compile(
    r"(?:^|\b(?:something|anything|that'?s|that is|that are|which are|which is|it'?s|they'?re)\s+)"
    r"(?:[a-z-]+(?:\s+and|,)\s+)?"
    r"(?:(?:really|very|truly|genuinely|properly|actually|just|light|and|sweet|dark|sort of|kind of|kinda|also|"
    r"still|pretty|quite)\s+)*"
    rf"(?P<w>{'|'.join(_WISH_ADJECTIVES)})\b(?=\s*(?:$|[,.;!?])|\s+(?:but|and|or|please|with|for|from|about|under|"
    rf"over|not|no|to|that|set|in|like|tonight|pls|{_CHAT_TAIL})\b|\s+{_FILM_NOUN}\b)"  # "smth funny pls"
)


#: A wish for a kind of film said with a verb, the viewer's or a companion's ("i want action", "we'd love some
#: romance", "craving horror", "she is obsessed with musicals", "they said they like dramas", "trying to get into
#: anime"); not a character's ("a man who loves westerns": no pronoun or "my …" before the verb).
_WANT_BEFORE = re.compile(
    r"(?:\b(?:i|we|she|he|they|(?:my|our)\s+(?:[a-z]+\s+)?[a-z]+)(?:'d|\s+would)?"
    r"(?:\s+(?:both|all|really|just|only|also|absolutely|totally|kinda|mostly|usually|always))*"
    r"(?:\s+(?:want|wants|need|needs|fancy|fancies|crave|craves|like|likes|love|loves|enjoy|enjoys|adore|adores|"
    r"prefer|prefers)"
    r"|\s*(?:'m|'s|'re|\s+am|\s+is|\s+are)\s+(?:(?:really|so|totally|kinda|very)\s+)?(?:into|obsessed\s+with|"
    r"(?:a\s+)?(?:big\s+|huge\s+)?fans?\s+of|crazy\s+about))"
    r"|\bin\s+the\s+mood\s+for|\bcraving|\bup\s+for|\b(?:get|getting)\s+into)\s+"
    r"(?:some\s+|more\s+|(?:an?\s+)?(?:good\s+)?)?$"
)
#: The viewer speaks of themselves: then "she loves musicals" is a companion's taste, not a character's.
_VIEWER_SPEAKS = re.compile(r"\b(?:i|i'm|i'd|i've|we|we're|we'd|my|our|me|us)\b")
#: "A documentary would be perfect": the kind wished for, wherever it is said.
_WOULD_BE_GOOD = re.compile(r"(?:\s+(?:movies?|films?|flicks?|ones?))?\s+would\s+be\s+(?:perfect|great|ideal|nice|good|"
                            r"best|awesome|fun|lovely)\b")
#: A film already seen ("last night I watched a slasher", "i've seen every heist movie"): no wish.
_SEEN_BEFORE = re.compile(r"\b(?:watched|saw|seen|rewatched|finished)\s+"
                          r"(?:(?:a|an|the|that|this|some|every|all(?:\s+the)?|basically\s+every)\s+)?(?:[\w-]+\s+)?$")


#: "… that's a comedy?", "one that is a thriller": the kind said of the film wished for, at the end of a clause.
_KIND_PREDICATE = re.compile(r"\b(?:something|anything|one|movies?|films?|flicks?)\b[^,.;!?]{0,40}?"
                             r"\b(?:that'?s|that\s+is|which\s+is|that\s+are|which\s+are)\s+(?:an?\s+)?$")


def _kind_said_of_film(low: str, a: int, b: int) -> bool:
    """Whether the genre word at ``a:b`` is said of the film wished for ("anything good out this year that's a
    comedy?"; not "a man that's a comedy writer")."""
    return _KIND_PREDICATE.search(low[:a]) is not None and re.match(
        r"(?:\s+(?:movies?|films?|flicks?|ones?))?\s*(?:$|[,.;!?]|\s(?:please|pls|too|though|tho|maybe)\b)",
        low[b:]) is not None


def _after_stated_item(low: str, start: int, found: _Found) -> bool:
    """Whether ``start`` opens an item right after one that stated a constraint ("2hrs max, action with …";
    not "a girl, war with her mother")."""
    sep = re.search(r"[,;:!?]\s*$", low[:start])
    if sep is None:
        return False
    prev = max((m.end() for m in re.finditer(r"[,;:!?]", low[: sep.start()])), default=0)
    if re.search(r"\b(?:pg(?:-?13)?|nc-?17|[gr][- ]rated|rated[- ](?:g|pg|r))\b", low[prev: sep.start()]):
        return True  # a rating said ("PG-13 max"): nothing the catalog has, but an item of the list all the same
    return any(prev <= x < sep.end() for c in found.constraints for x, _ in c.spans)


#: Words a query made only of constraints and one kind may still carry ("max 1h40 action pls").
_BARE_KIND_FILLER = frozenset("a an some only please pls plz and or with movie movies film films flick flicks "
                              "stuff one ones".split())


def _bare_kind_among_constraints(low: str, a: int, b: int, found: _Found) -> bool:
    """Whether the kind word at ``a:b`` stands alone in a query otherwise made only of stated constraints
    ("fantasy no animation", "max 1h40 action", "between 1985 and 1995 fantasy"); not "a fantasy of escape"."""
    if not found.constraints:
        return False
    marks = sorted([*found.taken, (a, b)])
    rest, at = [], 0
    for x, y in marks:
        rest.append(low[at:max(at, x)])
        at = max(at, y)
    rest.append(low[at:])
    words = re.findall(r"[a-z0-9']+", " ".join(rest))
    return all(w in _BARE_KIND_FILLER or w in _CHAT_WORDS for w in words)


def _wanted_genres(low: str, found: _Found) -> None:
    alt = "|".join(sorted(map(re.escape, GENRE_WORDS), key=len, reverse=True))
    film = (r"(?:movies?|films?|flicks?|epics?|thrillers?|dramas?|comed(?:y|ies)|stor(?:y|ies)|pictures?|b-?movies?|"
            r"adventures?|westerns?|musicals?|myster(?:y|ies)|romances?|horrors?|documentar(?:y|ies)|capers?|heists?|"
            r"satires?|romps?|farces?|melodramas?|procedurals?|biopics?|sagas?)")  # "a fantasy adventure": both
    seen: set[str] = set()
    last_end = -1  # where the last wanted genre word ends
    for m in re.finditer(rf"\b(?P<g>{alt})\b(?=(?P<f>\s+{film}\b)?)", low):
        a, b = m.start("g"), m.end("g")
        word = m["g"]
        want = _WANT_BEFORE.search(low[:a])
        if want and re.match(r"(?:she|he|they)\b", want[0]) and not _VIEWER_SPEAKS.search(low):
            want = None  # "a documentary crew, and they want a horror story": the characters, in a story
        wished = bool(want and re.match(_AFTER_KIND, low[b:])) or bool(_WOULD_BE_GOOD.match(low, b))
        wished = wished or _kind_said_of_film(low, a, b)  # "is anything good out this year that's a comedy?"
        if not found.free(a, b) or (not _in_head(low, a) and not found.terse_at(a) and not wished):
            continue
        if _SEEN_BEFORE.search(low[:a]) or _permitted(low, a):
            continue  # "i watched a slasher and couldn't sleep": a film seen; "not opposed to something animated"
        item = found.terse_at(a) or (re.search(r"(?:^|[,;/|+&])\s*$", low[:a])
                                     and re.match(r"\s*(?:$|[,;/|+&.!?])", low[b:]))
        if last_end >= 0 and re.fullmatch(r"\s*(?:,\s*)?(?:or|and|&|/)\s+(?:an?\s+)?", low[last_end:a]):
            item = True  # "sci-fi or fantasy for kids": the second of two kinds
        if wished:
            item = True  # "i want action", "in the mood for war tonight", "a documentary would be perfect"
        if word != "war" and re.search(rf"\b(?:{_TERSE_PLACES})\s+$", low[:a]) and re.match(_AFTER_KIND, low[b:]):
            item = True  # "hong kong action from the 80s": a cinema's kind of film ("the vietnam war" is an event)
        if word in _KIND_NOUNS and re.match(r"\s+(?:with|about|where|set in|featuring)\b", low[b:]) and (
            not low[:a].strip() or _after_stated_item(low, a, found)
        ):
            item = True  # "action with lots of explosions", "2hrs max, action with …": the kind of film
        if word in _KIND_NOUNS and _bare_kind_among_constraints(low, a, b, found):
            item = True  # "fantasy no animation", "max 1h40 action": the one kind among stated constraints
        if word in _NEEDS_FILM_NOUN and not m["f"] and not _kind_at_end(low, a, b) and not item:
            continue  # (a genre word that is a whole item of a terse list counts: "2 hrs max, action")
        follows_kind = re.fullmatch(film, word) is not None and _GENRE_NOUN_BEFORE.search(low[:a]) is not None
        nation_after = re.match(rf"\s+(?:{_TERSE_PLACES}){_AFTER_KIND}", low[b:]) is not None  # "drama korean, …"
        if not (m["f"] or found.terse_at(a) or follows_kind or nation_after or wished) and not re.match(
            rf"{_AFTER_KIND}|\s+{_FILM_NOUN}\b", low[b:]
        ):
            continue  # "science fiction nerds", "a horror novelist": a word about someone, not the film
        owner = re.search(r"\b(?P<n>[a-z]+)\s+of\s+(?:the\s+)?$", low[:a])
        if owner and not re.fullmatch(rf"{_FILM_NOUN}|{_OF_A_KIND}", owner["n"]) and not wished and not (
            _FILM_NOUN_BEFORE.search(low[:a])  # "film italian of comedy": a learner's "an Italian comedy film"
        ):
            continue  # "the king of comedy", "the master of horror": a person or a title (not "a film of comedy")
        if not wished and re.search(r"(?:^|[,;:.!?]\s*)the\s+$", low[:a]) and re.match(r"\s+of\s", low[b:]):
            continue  # "the horror of war", "the drama of a chess tournament": an aspect of the story, not its kind
        if re.search(r"(?:^|\s)an?\s+$", low[:a]) and re.match(rf"\s+of\s+an?\s+(?:{alt})\b", low[b:]):
            continue  # "a thriller of a documentary": the documentary is the kind, "thriller" its pace
        if word in ("family",):  # "a family film" is an audience (see _audience)
            continue
        if word == "war" and re.search(r"\bcold\s+$", low[:a]):
            continue  # "a cold war thriller": a time, not a war film
        if word == "war" and re.search(r"\b(?:post|pre|inter)-$", low[:a]):
            continue  # "a post-war drama", "a pre-war comedy": a time (the war is over or to come), not a war film
        if word == "action" and re.search(r"\blive[- ]$", low[:a]):
            continue  # "live action films": not animated (``_live_action``), not action films
        if word.startswith("adventure") and re.search(r"\banimated\s+$", low[:a]):
            continue  # "an animated adventure" is an animated film (their genres rarely say Adventure)
        last_end = b
        if word == "anime" and not any(c.chip.key in ("country", "not-country") for c in found.constraints):
            found.add(_nation("japanese", (a, b)))  # anime is Japanese animation
        for g in GENRE_WORDS[word]:
            if g not in seen:
                seen.add(g)
                found.add(Constraint(Chip(f"genre:{g}", g), SearchFilters(genres_all=(g,)), spans=((a, b),),
                                     strip=False))
    for m in _WISH.finditer(low):
        g = _WISH_ADJECTIVES[m["w"]]
        if g not in seen and found.free(*m.span("w")) and not _NEGATED_BEFORE.search(low[: m.start("w")]):
            seen.add(g)
            found.add(Constraint(Chip(f"genre:{g}", g), SearchFilters(genres_all=(g,)), spans=(m.span("w"),),
                                 strip=False))


#: "Neo-noir" (parse check12) is the noir manner after the 1950s, never the 1940s Film Noir genre: a crime film, a
#: mystery or a thriller, any of them (Chinatown, Blue Velvet, Blade Runner, Drive).
_NEO_NOIR = re.compile(r"\bneo[- ]?noirs?\b")
NEO_NOIR_GENRES = ("Crime", "Mystery", "Thriller")


def _neo_noir(low: str, found: _Found) -> None:
    m = _NEO_NOIR.search(low)
    if m and found.free(*m.span()) and (_in_head(low, m.start()) or found.terse_at(m.start())) and re.match(
            rf"{_AFTER_KIND}|\s+{_FILM_NOUN}\b", low[m.end():]):  # not "neo-noir shot in black and white, …"
        found.add(Constraint(Chip("genres", " or ".join(NEO_NOIR_GENRES)), SearchFilters(genres=NEO_NOIR_GENRES),
                             spans=(m.span(),), strip=False))


#: "Live action only", "live action, nothing animated", "must be live action" (parse check12 probes): not an animated
#: film. Only as a wish: "a live-action remake", "live action and model trains" describe a film (and catalogs tag
#: some of those Animation: Thomas and the Magic Railroad, the 2019 Lion King).
_LIVE_ACTION = re.compile(
    r"(?:\b(?:only|must be|has to be|needs to be|should be|preferably|ideally|strictly)\s+)?\blive[- ]action\b"
    r"(?P<wish>\s+(?:only|please|pls|plz|films?|movies?)\b|\s*(?=$|[,.;!?]))?"
)


def _live_action(low: str, found: _Found) -> None:
    if any(c.chip.key == "not:Animation" for c in found.constraints):
        return
    for m in _LIVE_ACTION.finditer(low):
        said = m["wish"] is not None or not m[0].startswith("live")
        mixed = re.search(r"\b(?:mix|mixes|mixing|blend|combin\w*|part|animation|animated|cartoons?)\b[^,.;!?]*$",
                          low[: m.start()])
        if said and not mixed and found.free(*m.span()) and (_in_head(low, m.start()) or found.terse_at(m.start())
                                                              or _closes(low, m.end())):
            found.add(Constraint(Chip("not:Animation", "not Animation"), SearchFilters(genres_not=("Animation",)),
                                 spans=(m.span(),), strip=False))
            return


#: An industry that names a kind too ("j-horror", "k-horror"): the horror film is wanted as well as the cinema.
_INDUSTRY_KIND = re.compile(r"\b[jk]-horrors?\b")


def _industry_kind(low: str, found: _Found) -> None:
    m = _INDUSTRY_KIND.search(low)
    if m is None or any(c.chip.key == "genre:Horror" for c in found.constraints):
        return
    if any(c.chip.key == "country" and m.start() <= c.spans[0][0] < m.end() for c in found.constraints if c.spans):
        found.add(Constraint(Chip("genre:Horror", "Horror"), SearchFilters(genres_all=("Horror",)),
                             spans=(m.span(),), strip=False))


#: A sport before a film noun is a sports film (parse check12: "a boxing film", "a baseball movie from the 80s"); the
#: sport alone is a topic ("a drama about boxing"), and a refused one is avoided, not every sports film ("not boxing").
_SPORT_FILM = re.compile(
    r"\b(?:boxing|football|soccer|baseball|basketball|hockey|tennis|golf|wrestling|surfing|cycling|rugby|cricket|"
    r"skateboarding)\s+(?:movies?|films?|flicks?|dramas?|comed(?:y|ies)|documentar(?:y|ies)|docs?|stor(?:y|ies))\b"
)


def _sport_film(low: str, found: _Found) -> None:
    if any(c.chip.key == "genre:Sport" for c in found.constraints):
        return
    for m in _SPORT_FILM.finditer(low):
        a, b = m.span()
        if _in_head(low, a) and found.free(a, b) and not re.search(
            rf"\b{_NEG}\s+(?:(?:an?|any|the|more|another)\s+)?(?:[a-z-]+\s+)?$", low[:a]
        ):
            found.add(Constraint(Chip("genre:Sport", "Sport"), SearchFilters(genres_all=("Sport",)), spans=((a, b),),
                                 strip=False))
            return


#: After the kinds two people want, each in its own clause: any one of them will do ("either is fine", "either
#: works"; "a horror comedy, either is fine" stays both).
_EITHER_IS_FINE = re.compile(r"\b(?:either|any)\s+(?:one\s+|of (?:them|those|the two)\s+)?(?:is|'s|works|would be|"
                             r"will do|will be)\b(?:\s+(?:fine|ok|okay|good|great))?")


#: "A thriller, unless you've got a really good mystery": the second kind is an alternative to the first.
_UNLESS_YOU_HAVE = re.compile(r"\s*(?:movies?|films?)?\s*,?\s*unless\s+(?:you'?ve\s+got|you\s+have|you\s+know|"
                              r"you\s+can\s+find|there'?s|there\s+is)\s+(?:(?:an?|some|one)\s+)?(?:(?:really|very|truly|great|"
                              r"good|decent|brilliant)\s+)*")


def _either_genre(low: str, found: _Found) -> None:
    """Wanted genres joined by "or" ("mystery, thriller or horror", "either a western or a war film") are
    alternatives: one constraint that any of them satisfies. A word that names two genres ("rom-com")
    keeps its own constraints, unless it is one of the alternatives ("a romcom or a drama"): then both its
    genres are (no filter says "romance and comedy, or drama"; any of the three drops no film asked for)."""
    wanted = sorted((c for c in found.constraints if c.chip.key.startswith("genre:") and c.spans),
                    key=lambda c: c.spans[0][0])
    either = _EITHER_IS_FINE.search(low)
    spans = sorted({c.spans[0] for c in wanted})
    apart = all(re.search(r"[,;.]|\band\b", low[x[1] : y[0]]) for x, y in pairwise(spans))
    if either and len(spans) > 1 and apart and spans[-1][1] <= either.start():
        for c in wanted:  # "she wants a romance, I want a thriller, either is fine": one of them
            found.constraints.remove(c)
        names = tuple(dict.fromkeys(c.filters.genres_all[0] for c in wanted))
        found.add(Constraint(Chip("genres", " or ".join(names)), SearchFilters(genres=names),
                             spans=tuple(dict.fromkeys(c.spans[0] for c in wanted)), strip=False))
        return
    group: list[Constraint] = []
    joins: list[str] = []

    def close() -> None:
        if len({c.spans[0] for c in group}) > 1 and any({"or", "unless"} & set(j.split()) for j in joins):
            for c in group:
                found.constraints.remove(c)
            names = tuple(dict.fromkeys(c.filters.genres_all[0] for c in group))
            found.add(Constraint(Chip("genres", " or ".join(names)), SearchFilters(genres=names),
                                 spans=tuple(dict.fromkeys(c.spans[0] for c in group)), strip=False))
        group.clear()
        joins.clear()

    for c in wanted:
        a, b = c.spans[0]
        if group and group[-1].spans[0] == (a, b):  # the second genre of a word that names two ("rom-com")
            group.append(c)
            joins.append("")
            continue
        if group:
            between = low[group[-1].spans[0][1] : a]
            alternative = _UNLESS_YOU_HAVE.fullmatch(between)
            if alternative or re.fullmatch(r"\s*(?:(?:movies?|films?|flicks?|ones?)\s*)?(?:,\s*(?:or\s+)?|or\s+)"
                                           r"(?:(?:maybe|perhaps|even)\s+)?(?:(?:an?|the)\s+)?", between):
                group.append(c)
                joins.append(between)
                continue
        close()
        group.append(c)
    close()


#: Words before "of" that ask for some of a genre ("a bit of romance", "some kind of thriller").
_OF_A_KIND = (r"kinds?|sorts?|types?|genres?|style|bit|lot|lots|mix|mixture|blend|dose|touch|plenty|something|anything|"
              r"hours?|minutes?|mins|nights?|evenings?|afternoons?|weekends?|marathons?|double bills?")
#: Genre words that qualify a noun rather than name a kind ("an animated adventure" is an animated film).
_GENRE_ADJECTIVES = frozenset({"animated", "funny"})


def _ends_with_one_of(words: Iterable[str]) -> re.Pattern[str]:
    """Text that ends with one of ``words`` (longest first) and a space."""
    alt = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\s+$")


_GENRE_NOUN_BEFORE = _ends_with_one_of(set(GENRE_WORDS) - _GENRE_ADJECTIVES)
#: The film noun before the kind, in a learner's order: "a movie of war", "film italian of comedy", "film romantic".
_FILM_NOUN_BEFORE = re.compile(rf"(?:^|\b(?:a|an|the|please|some|one|give me|search|want|i want|need))\s*"
                               rf"(?:movies?|films?|flicks?)\s+(?:(?:{_TERSE_PLACES})\s+)?(?:of\s+)?$")
_NATION_BEFORE = _ends_with_one_of(NATIONS)


def _kind_at_end(low: str, start: int, end: int) -> bool:
    """Whether a genre word that needs a film noun still names the kind of film: after another
    genre ("a crime drama from the 80s"), after the film noun as a learner writes it ("a movie of war",
    "film romantic, not american"), or after a nationality at the end of a clause ("bleak scandinavian
    crime")."""
    if _GENRE_NOUN_BEFORE.search(low[:start]) and re.match(_AFTER_KIND, low[end:]):
        return True  # "a crime drama from the late 80s", "a war drama about …" (not "an animated adventure")
    if _FILM_NOUN_BEFORE.search(low[:start]) and (
        re.match(_AFTER_KIND, low[end:]) or re.match(rf"\s+(?:{_TERSE_PLACES}){_AFTER_KIND}", low[end:])
    ):
        return True  # "movie of war not too long", "please film romantic not american", "a film of terror korean"
    return _closes(low, end) and _NATION_BEFORE.search(low[:start]) is not None


#: What a softened negation asks to avoid ("a horror film that's not too gory": horror, less gore).
_SOFTENED = {"gory": "gore", "violent": "violence", "scary": "scary", "sappy": "sappy", "romantic": "romance"}


def _merged(constraints: list[Constraint], low: str = "") -> list[Constraint]:
    """One constraint per chip key (the first one wins), in the order of the query. A genre both
    wanted and negated ("a horror movie that's not too gory") stays wanted; the negated word is
    only avoided in the films' keywords."""
    out: dict[str, Constraint] = {}
    wanted = {c.chip.key.removeprefix("genre:") for c in constraints if c.chip.key.startswith("genre:")}
    for c in constraints:
        genre = c.chip.key.removeprefix("not:")
        if c.chip.key.startswith("not:") and genre in wanted:
            words = re.findall(r"[a-z]+", low[c.spans[0][0] : c.spans[0][1]]) if low and c.spans else []
            word = next((_SOFTENED[w] for w in words if w in _SOFTENED), genre.lower())
            c = Constraint(Chip(f"avoid:{word}", f"not {word}"), avoid=(word,), spans=c.spans)
        out.setdefault(c.chip.key, c)
    return sorted(out.values(), key=lambda c: c.spans[0][0] if c.spans else 0)


_FILLER = frozenset("and or but a an the from that that's is it with please also only , . ; - – — / + |".split())


def _tidy(text: str) -> str:
    """Collapse spaces and drop connectives left dangling at either end ("…, and", "a")."""
    words = text.split()
    while words and words[0].lower().strip(",.;:!?") in _FILLER | {""}:
        words.pop(0)
    while words and words[-1].lower().strip(",.;:!?") in _FILLER | {""}:
        words.pop()
    text = " ".join(words)
    text = re.sub(r"([/+|])(?:\s*[/+|])+", r"\1", text)  # "horror / / short": one separator
    text = re.sub(r"\s+([,.;!?])", r"\1", text)
    return re.sub(r"([,;])(?=[,;.]|$)", "", text).strip()
