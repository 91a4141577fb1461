"""Which dates, places and lengths a retold plot states inside its story, not about the film; other works it names.

"a 90s slasher where teens hit someone with their car" states the film's decade; "kids sneak into
an r rated canadian movie", "keeps flipping between 2000 and 2002" and "a parody of cheap 1950s
b movies" tell the story (or the films it parodies): the parser reads both as constraints, and a
filter built from the second kind removes the very film retold. ``in_story`` tells them apart by
the constraint's place in the query:

- in the first phrase (up to the first comma), before the first story word ("where", "about",
  "who", …): about the film ("an r rated canadian comedy about …", "italian-made cowboy film, …");
- after a story word, or after a phrase naming another work ("parody of", "remake of", "sneak
  into"): in the story;
- a phrase that states a wish ("…, maybe something from the 90s?", "…, ideally in japanese") is about
  the film wherever it stands;
- a later phrase that holds nothing but the constraint ("…, korean, under 2 hours", "…, from the 80s") is
  about the film;
- after words by which the story goes back in time ("flashbacks to a 40s summer romance", "travels back to
  1955"): the time the story visits;
- in a plot of real events ("true story of …"), a later item between two facts of the story ("…, syracuse,
  late 50s, racism on the road"): when or where the events happened;
- another later phrase: about the film when it describes a film (it names a kind of film,
  "black and white", "long", "made in", …: "…, cheesy early 90s sci-fi action", "…, very long"),
  else in the story ("…, keeps flipping between 2000 and 2002").

A message in the first person ("i'd love one that's japanese") is a request, not a retold plot
(``is_request``); a child read as an audience is the story's when the plot says whose ("caring for
the 11-year-old boy": ``a_character``). ``other_works`` finds the works a plot measures its film
against ("a sherlock holmes riff", "spoof of spider-man"), whose words point to those works.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["a_character", "a_style", "hedged", "in_story", "is_request", "of_a_character", "other_works",
           "told_in_story", "without_spans"]

#: Where the story starts inside a phrase.
_STORY_WORD = re.compile(
    r"\b(?:about|where|whose|who|which|that|when|whenever|while|after|until|once|because|following|follows|"
    r"in which|then|so|gets?|finds?|meets?|tries|has|have|is|are|was|were|goes|comes?|takes?|becomes?|keeps?)\b"
)
#: Words after which another work is described, not the film retold.
_OTHER_WORK = re.compile(
    r"\b(?:(?:parod(?:y|ies)|spoofs?|send-?ups?|homage|tribute|pastiche|remake|riff)\s+(?:of|to|on)"
    r"|spoof(?:s|ing)|parodying|sneak(?:s|ing)?\s+into"
    # a comparison: "… with lightning like the old monster movies", "in the style of 1940s noir"
    r"|(?:just\s+|a\s+bit\s+)?like\s+(?:the|those|these|a|an|old|classic)|in\s+the\s+style\s+of|inspired\s+by|a\s+nod\s+to)\b"
)
#: A later phrase that describes the film itself ("cheesy early 90s sci-fi action", "very long", "shot in 1994").
_FILM_PHRASE = re.compile(
    r"\b(?:movies?|films?|flicks?|pictures?|features?|cartoons?|anime|animation|comed(?:y|ies)|dramas?|thrillers?|"
    r"horrors?|westerns?|musicals?|documentar(?:y|ies)|mockumentar(?:y|ies)|found.footage|romances?|romcoms?|noirs?|"
    r"sci-?fi|sci fi|action|slashers?|"
    r"biopics?|epics?|b-?movies?|classics?|black and white|black-and-white|b&w|colou?r|silent|talkies?|long|short|"
    r"runtime|minutes?|mins?|hours?|made|released|shot|filmed|produced|directed|version|production|"
    r"english|subtitled|dubbed)\b"
)
_WISH = re.compile(
    r"\b(?:something|anything|ideally|preferably|maybe|perhaps|please|pls|i'?d like|i want|i prefer|i'?m after"
    r"|looking for|recommend)\b"
)
#: Words that may stand beside a constraint in a phrase of its own ("…, from the 80s", "…; in french").
#: A story that goes back in time ("flashbacks to a 40s summer romance", "remembers her 1960s childhood",
#: "travels back to 1985"): what follows is a time or place the story visits, not when or where the film was made.
_TIME_SHIFT = re.compile(
    r"\b(?:flash(?:es|ing)?[\s-]?backs?|in\s+flashbacks?|memor(?:y|ies)\s+of|remembers|remembering|recalls|recalling"
    r"|reminisc\w+|looks?\s+back|looking\s+back|travels?\s+back|travel(?:l)?ing\s+back|time[\s-]travel\w*"
    r"|(?:sent|transported|thrown|stuck)\s+back|dreams?\s+(?:of|about))\b"
)
#: A plot of real events ("true story of the first black …", "based on real events"): a date or place in a list
#: of its facts ("…, syracuse, late 50s, racism on the road") is when and where they happened; films about real
#: events are made later, often elsewhere.
_REAL_EVENTS = re.compile(
    r"\b(?:(?:a\s+|the\s+)?true\s+(?:story|stories|events?)|real(?:[\s-]life)?\s+(?:story|stories|events?)"
    r"|based\s+on\s+(?:real|actual|true)\b|real[\s-]life)\b"
)
_BARE = frozenset("from the a an in of and or but only also please around circa ca. made released".split())
_PHRASE_BREAK = re.compile(r"[,;:!?()]|\s[-–—]\s|\.(?:\s|$)")


#: A person asking for a film ("i'd love one that's japanese", "trying to get into anime", "my daughter is 7"):
#: what such a message states is wanted, not told (retold plots do not speak in the first person).
_REQUEST = re.compile(
    r"\b(?:i'?m|i'?d|i'?ve|i'?ll|im|me|my|myself|we'?d|we'?re|we'?ve|our|us two|"
    r"i (?:want|wanna|like|love|need|am|was|have|get|got|really|just|would|could|can|think|feel|prefer|enjoy|"
    r"don'?t|do|did|watched|saw|liked|loved|hate|guess|mean))\b"
)
#: A child the story is about ("caring for the 11-year-old boy she abandoned"), not an audience ("for an 8 year old").
_CHARACTER_AGE = re.compile(r"\b(?:the|his|her|their)\s+(?:\w+\s+)?\d{1,2}[\s-]*(?:years?|yrs?)[\s-]*old\b")


#: A memory hedged ("i think it was from the 80s", "probably 90s", "…, from the 80s or early 90s, not sure"):
#: the person is unsure of what they remember, so it is a hint, not a fact to filter on. Not "maybe", which
#: in a request is a wish ("funny movie, maybe from the 80s if possible"), nor "-ish" or "or so" ("90 minutes
#: or so"), which widen what is wanted.
_HEDGE = re.compile(
    r"\b(?:i\s+(?:think|believe|reckon|guess)(?!\s+(?:i|i'?d|i'?m|we|you)\b)"
    r"|pretty\s+sure|fairly\s+sure|not\s+(?:100\s*%\s*|totally\s+|entirely\s+|completely\s+)?sure|unsure"
    r"|probably|possibly|iirc|if\s+i\s+(?:remember|recall)(?:\s+(?:right|correctly))?|if\s+memory\s+serves"
    r"|(?:must|might|may|could)\s+(?:have\s+)?been|don'?t\s+remember|can'?t\s+remember|no\s+idea)\b"
)
#: A style of cinema a plot remembers a film made in ("a bollywood musical version of the jane austen story",
#: "bollywood-style dance numbers"): films made elsewhere share it (*Bride & Prejudice* is a British production);
#: "a bollywood comedy, …" still names the film's cinema.
_STYLE = re.compile(
    r"(?:bollywood|tollywood|kollywood|nollywood)[\s-]+(?:[\w-]+\s+)?"
    r"(?:version|take|remake|adaptation|retelling|style|spin|homage|spoof|parody|pastiche|riff)\b"
)


def _phrase(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The bounds of the phrase (between commas, semicolons, …) that holds ``span``."""
    breaks = [m.end() for m in _PHRASE_BREAK.finditer(text, 0, span[0])]
    nxt = _PHRASE_BREAK.search(text, span[1])
    return (breaks[-1] if breaks else 0), (nxt.start() if nxt else len(text))


#: Where a short description's story surely starts: a person doing something ("kids sneak into …", "an old man
#: who watches …", "the one where they film …"), in the third person. Not "that", "which", "is", "has", "after",
#: "when" ("a comedy that's from the 90s", "one which is korean" state what the film is), nor a verb a request
#: uses ("can u find a romcom from the nineties", "something to watch in french", "about making a movie in …").
_SURE_STORY = re.compile(
    r"\b(?:where|who|whose|in which|gets|finds|meets|tries|trying|goes|comes|takes|becomes|keeps"
    r"|watches|makes|they\s+(?:film|shoot|make)|shoots|loves|obsessed\s+with|runs|lives\s+in"
    r"|sneak(?:s|ing)?\s+into)\b"
)


def told_in_story(text: str, span: tuple[int, int]) -> bool:
    """Whether the words at ``span`` of a short description ``text`` (lower case, not a retold plot) come
    after its story has surely started in their phrase ("kids sneak into an r rated canadian movie", "an old
    man who watches korean dramas"); a phrase that states a wish does not count ("a drama where i can relax,
    something korean"), nor what follows a "but" ("films like the hours but in french")."""
    start, end = _phrase(text, span)
    if _WISH.search(text[start:end]):
        return False
    before = re.split(r"\bbut\b", text[start:span[0]])[-1]
    return _SURE_STORY.search(before) is not None or _TIME_SHIFT.search(before) is not None


def hedged(text: str, span: tuple[int, int]) -> bool:
    """Whether the constraint at ``span`` of ``text`` (lower case) is a memory the person hedges: a hedge in
    its phrase ("i think it was from the 80s") or in a short phrase of its own just after it ("…, 1980s,
    not sure"); a phrase that states a wish is not hedged ("something from the 80s, probably")."""
    start, end = _phrase(text, span)
    phrases = [text[start:end]]
    if _WISH.search(phrases[0]):
        return False
    if end < len(text):
        after = _phrase(text, (end + 1, end + 1))
        tail = text[after[0]:after[1]]
        if len(tail.split()) <= 4:
            phrases.append(tail)
    return any(_HEDGE.search(p) and not _WISH.search(p) for p in phrases)


#: A person of the story the constraint describes ("silent film star", "a 1950s housewife", "an 80s rock star"),
#: unless a kind of film follows ("a 70s cop movie", "a british spy thriller"). Not "kid": "a 90s kid" is someone
#: who grew up then and wants its films ("90s kid nostalgia, animated").
_CHARACTER = re.compile(
    r"\s*(?:(?:film|movie|screen|hollywood|era|rock|pop|punk|disco|movie)\s+)?"
    r"(?:stars?|actors?|actress(?:es)?|comedians?|singers?|musicians?|dancers?|housewi(?:fe|ves)|husbands?|wi(?:fe|ves)"
    r"|mothers?|moms?|fathers?|dads?|boys?|girls?|teens?|teenagers?|guys?|soldiers?|spies|spy|agents?|cops?"
    r"|detectives?|gangsters?|mobsters?|boxers?|chefs?|nurses?|doctors?|teachers?|students?|couples?|writers?"
    r"|painters?|priests?|nuns?|lawyers?|journalists?|reporters?|pilots?|sailors?|scientists?|hippies?|hippy)\b"
    r"(?!\s+(?:movies?|films?|flicks?|comed(?:y|ies)|dramas?|thrillers?|stor(?:y|ies)|pictures?|musicals?|romances?"
    r"|biopics?|capers?|westerns?|horrors?|action|noirs?|classics?|epics?|adventures?)\b)"
)


def of_a_character(text: str, span: tuple[int, int]) -> bool:
    """Whether the date, place or kind at ``span`` of ``text`` (lower case) describes a person of the story
    ("silent film star can't adapt to talkies", "a 1950s housewife finds her town is fake")."""
    return _CHARACTER.match(text, span[1]) is not None


def a_style(text: str, span: tuple[int, int]) -> bool:
    """Whether the country at ``span`` of ``text`` (lower case) names a style the film is made in, not its
    cinema ("a bollywood musical version of …")."""
    return _STYLE.match(text, span[0]) is not None


def is_request(text: str) -> bool:
    """Whether ``text`` (lower case) asks for a film in the first person rather than retelling one."""
    return _REQUEST.search(text) is not None


def a_character(words: str) -> bool:
    """Whether an audience stated by a child's age (``words``, lower case) names a character of the story."""
    return _CHARACTER_AGE.search(words) is not None


def in_story(text: str, span: tuple[int, int], others: Iterable[tuple[int, int]] = ()) -> bool:
    """Whether the words at ``span`` of ``text`` (a retold plot, lower case) belong to the story told;
    ``others`` are the spans of the other constraints ("…, 1970s japanese": each stands beside the other)."""
    start = span[0]
    breaks = [m.end() for m in _PHRASE_BREAK.finditer(text, 0, start)]
    phrase_start = breaks[-1] if breaks else 0
    nxt = _PHRASE_BREAK.search(text, span[1])
    phrase = text[phrase_start : nxt.start() if nxt else len(text)]
    before = text[phrase_start:start]
    if _WISH.search(phrase):
        return False
    if _OTHER_WORK.search(before) or _STORY_WORD.search(before) or _TIME_SHIFT.search(before):
        return True
    if not breaks:
        return False
    end = nxt.start() if nxt else len(text)
    blank = "".join(" " if any(a <= i < b for a, b in others) else ch for i, ch in enumerate(text))
    rest = (blank[phrase_start:start] + " " + blank[span[1] : end]).split()
    if all(w in _BARE for w in rest):  # an item of its own: "…, korean, under 2 hours", "…, from the 80s"
        # unless it is one fact of a list of real events between two others ("…, syracuse, late 50s, racism …")
        return _of_real_events(text, blank, phrase_start, end)
    return _FILM_PHRASE.search(phrase) is None


def _of_real_events(text: str, blank: str, start: int, end: int) -> bool:
    """Whether the item ``text[start:end]`` of a plot of real events stands between two facts of its story
    (phrases with words other than constraints, none describing a film or stating a wish)."""
    if _REAL_EVENTS.search(text[:start]) is None or end >= len(text):
        return False
    before = blank[_phrase(text, (start - 1, start - 1))[0]:start - 1]
    after = blank[end + 1:_phrase(text, (end + 1, end + 1))[1]]
    return all(p.split() and not set(p.split()) <= _BARE and not _FILM_PHRASE.search(p) and not _WISH.search(p)
               for p in (before, after))


#: Another work a plot names to place its film ("spoof of spider-man", "a sherlock holmes riff", "twilight
#: zone style"): its words point to that work, not to the film retold.
_WORK_BEFORE = re.compile(
    r"\b(?:spoof(?:ing|s)?|parod(?:y|ies|ying)|send-?ups?|homage|tribute|riff|pastiche)"
    r"(?:\s+(?:of|on|to))?\s+(?:the\s+|a\s+)?(?P<w>(?:(?!(?:where|who|whose|which|that|about|with|in|and|but|when|"
    r"while|as)\b)[\w'’-]+\b\s*){1,3})"
)
_WORK_AFTER = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:an?|the|sort of|kind of)\s+)(?P<w>[\w'’-]+(?:\s+[\w'’-]+){0,2}?)\s+"
    r"(?:riff|style|homage|knock-?off|rip-?off)\b(?!\s+(?:of|on|to)\b)"
)


def other_works(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (lower case) that name another work the film is measured against."""
    found = [*_WORK_BEFORE.finditer(text), *_WORK_AFTER.finditer(text)]
    # "mockumentary style", "a spaghetti western homage": a kind of film, not a work
    return sorted({(m.start("w"), m.start("w") + len(m["w"].rstrip())) for m in found
                   if not _FILM_PHRASE.search(m["w"])})


def without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` cut out (words joined by single spaces)."""
    out, pos = [], 0
    for a, b in sorted(spans):
        if a >= pos:
            out.append(text[pos:a])
            pos = b
    out.append(text[pos:])
    return " ".join(" ".join(out).split())
