"""Dates, places and lengths a retold plot states inside its story, told apart from those about the film."""

from __future__ import annotations

import pytest

from movierec_gui.core.story_facts import (
    a_character,
    a_style,
    hedged,
    in_story,
    is_request,
    of_a_character,
    other_works,
    told_in_story,
    without_spans,
)


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # after a word that starts the story
        ("foul mouthed cartoon musical where kids sneak into an r rated canadian movie and america declares war",
         "canadian"),
        ("a man who wakes up in 1985 and has to win back his wife before the storm", "1985"),
        ("a teacher about to retire meets a boy from the 1950s in her class, a ghost story", "1950s"),
        # the works another film parodies or remakes
        ("deadpan parody of cheap 1950s sci-fi b movies with a scientist, aliens and a mutant", "1950s"),
        ("a loving spoof of 70s disaster movies on a plane where the pilot eats the fish", "70s"),
        ("a remake of a 1950s monster movie where a giant ant attacks a desert town", "1950s"),
        # a later phrase that tells the story, not the film
        ("ryan phillippe comes to in a hospital with his memory gone, keeps flipping between 2000 and 2002",
         "2000 and 2002"),
        ("two brothers run a bar in a small town, the older one fought in the 1970s", "1970s"),
    ],
)
def test_in_the_story(text: str, words: str):
    assert in_story(text, span_of(text, words))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # the first phrase, before the story starts
        ("a 90s slasher where teens hit someone with their car and dump the body", "90s"),
        ("cheap 80s canadian post apocalypse flick, astronauts crash land and get captured by punks", "canadian"),
        ("italian-made cowboy film, a harmonica-playing stranger protects a widow from the railroad baron", "italian"),
        ("disney's first feature length cartoon from 1937, a princess hides in a forest cottage", "1937"),
        ("a french film about a young woman in paris whose pet goes missing", "french"),
        # a later phrase that describes the film
        ("paul newman pool shark challenges minnesota fats, black and white early sixties", "early sixties"),
        ("rutger hauer hunts a monster in a flooded future london, cheesy early 90s sci-fi action", "early 90s"),
        ("olivier assayas epic on the terrorist who took opec ministers hostage in vienna, very long", "very long"),
        ("a movie to watch with the kids from the 90s where a dog saves a farm from a developer", "90s"),
        ("i love 90s movies, a guy who keeps reliving the same day until he gets it right", "90s"),
        # a later phrase that holds nothing but the constraint
        ("a detective hunts a serial killer who leaves riddles in a small rainy town, korean, under 2 hours",
         "korean"),
        ("a detective hunts a serial killer who leaves riddles in a small rainy town, from the 80s", "80s"),
        ("a detective hunts a serial killer who leaves riddles in a small rainy town; in french", "french"),
        # a wish about the film, wherever it stands
        ("i just broke up with someone and i want something funny because i am sad, maybe something from the 90s?",
         "90s"),
        ("a slow, contemplative film about grief, ideally in japanese or korean", "japanese or korean"),
    ],
)
def test_about_the_film(text: str, words: str):
    assert not in_story(text, span_of(text, words))


def works(text: str) -> list[str]:
    return [text[a:b] for a, b in other_works(text)]


def test_other_works_a_plot_names():
    assert works("a genius private eye and his assistant on a blackmail case, sherlock holmes riff") == [
        "sherlock holmes"]
    assert works("spoof of spider-man where a nerdy teenager gets bitten by a dragonfly") == ["spider-man"]
    assert works("creepy tales told to a night janitor at an amusement park, twilight zone style") == ["twilight zone"]
    assert works("mel brooks spoof of hitchcock, a psychiatrist with a fear of heights") == ["hitchcock"]
    assert works("a loving homage to the thin man, a rich couple solve a murder") == ["thin man"]


def test_kinds_of_film_and_retellings_are_not_other_works():
    assert works("mockumentary style, a cameraman's neighbour claims he was the second shooter") == []
    assert works("deadpan parody of cheap 1950s sci-fi b movies with a scientist") == []  # a kind of film
    assert works("a teen heading to grandma's meets a serial killer, red riding hood twist") == []  # the story itself
    assert works("sort of sequel to happiness with a new cast") == []  # a series shares its words
    assert works("remake where a teen babysitting gets threatening calls") == []


def test_without_spans():
    text = "a private eye, sherlock holmes riff"
    assert without_spans(text, other_works(text)) == "a private eye, riff"


def test_two_constraints_in_a_phrase_of_their_own():
    text = "a detective hunts a serial killer who leaves riddles in a small rainy town, 1970s japanese"
    era, nation = span_of(text, "1970s"), span_of(text, "japanese")
    assert not in_story(text, era, [nation]) and not in_story(text, nation, [era])
    assert in_story(text, era)  # alone, "japanese" beside it would read as a story phrase


@pytest.mark.parametrize(
    "text",
    [
        "so there's this thing where i get really into a movie set somewhere cold, i'd love one that's japanese",
        "trying to get into anime beyond ghibli. i like stuff that is kind of melancholy and about growing up",
        "something for my 8 year old about a dog who finds his way home across the mountains in winter",
    ],
)
def test_a_request_is_not_a_retold_plot(text: str):
    assert is_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "a classical violinist starts a jazz group and loses the singer he loves while he is away at world war i",
        "us marshal visits a prison hospital on a rock off the coast of boston to find an escaped patient",
        "remake where an alien comes with a giant robot to judge if humans deserve to live",
    ],
)
def test_a_retold_plot_is_not_a_request(text: str):
    assert not is_request(text)


def test_a_child_of_the_story():
    assert a_character("for the 11-year-old boy")
    assert a_character("for her 9 year old daughter")
    assert not a_character("for an 8 year old")
    assert not a_character("for my 8 year old")
    assert not a_character("for kids")


def test_a_comparison_to_other_films_is_not_the_film():
    """"… like the old monster movies": the comparison's era is theirs (*Frankenweenie* is from 2012)."""
    text = ("tim burton black and white stop motion, a boy brings his dead dog back to life with lightning "
            "like the old monster movies")
    assert in_story(text, span_of(text, "old monster movies"))
    plain = "tim burton stop motion, a boy brings his dead dog back to life, an old monster movie"
    assert not in_story(plain, span_of(plain, "old monster movie"))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("i think it was from the 80s, a guy with a robot arm fights a gang", "from the 80s"),
        ("a cop is stuck in a time loop, probably 90s", "90s"),
        ("space station horror, from the 80s or early 90s, not sure", "from the 80s or early 90s"),
        ("forties noir i think, a couple finds their friend vanished", "forties"),
        ("a japanese film if i remember right, a boy and a robot cat", "japanese"),
        ("must have been the 70s, a car chase through san francisco", "70s"),
    ],
)
def test_a_hedged_memory(text: str, words: str):
    assert hedged(text, span_of(text, words))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a 90s thriller set in the 1940s", "90s"),
        ("funny movie, maybe from the 80s if possible", "from the 80s"),  # a wish
        ("90 minutes or so, light comedy", "90 minutes or so"),  # a width, not a doubt
        ("a two-hour-ish drama", "two-hour-ish"),
        ("i think i'd like something from the 80s", "from the 80s"),  # a wish said softly
        ("something from the 80s, probably a comedy", "from the 80s"),
        ("i'm sure it was from the 80s, a guy with a robot arm", "from the 80s"),
        ("a 70s film, a car chase through san francisco, probably the best chase ever filmed maybe", "70s"),
    ],
)
def test_not_a_hedged_memory(text: str, words: str):
    assert not hedged(text, span_of(text, words))


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("bollywood musical version of the jane austen story, a mother in amritsar", True),  # *Bride & Prejudice*
        ("a bollywood-style retelling of romeo and juliet in new york", True),
        ("bollywood comedy, akshay kumar thinks he is cursed and brings bad luck", False),  # *Housefull*: Indian
        ("a bollywood movie where two friends fall for the same girl", False),
    ],
)
def test_a_style_of_cinema(text: str, style: bool):
    assert a_style(text, span_of(text, "bollywood")) is style


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("silent film star can't adapt to talkies", "silent"),  # *Singin' in the Rain*, 1952
        ("a 1920s star ruined by talkies falls for a dancer", "1920s"),  # *The Artist*, 2011
        ("a 1950s housewife discovers her perfect town is fake", "1950s"),  # *Pleasantville*, 1998
        ("an 80s rock star goes back to his hometown", "80s"),
        ("a british spy in the 60s", "british"),
    ],
)
def test_a_trait_of_a_character(text: str, words: str):
    assert of_a_character(text, span_of(text, words))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a 70s cop movie in new york", "70s"),
        ("a british spy thriller", "british"),
        ("a 90s thriller set in the 1940s", "90s"),
        ("90s kid nostalgia, animated", "90s"),  # one who grew up then, wanting its films
        ("silent films with a piano score", "silent"),
    ],
)
def test_not_a_trait_of_a_character(text: str, words: str):
    assert not of_a_character(text, span_of(text, words))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("kids sneak into an r rated canadian movie", "canadian"),  # *South Park: Bigger, Longer & Uncut*
        ("the one where they film a 70s porn movie", "70s"),
        ("an old man who watches korean dramas", "korean"),
        ("a director trying to make a silent film today", "silent"),
    ],
)
def test_told_in_a_short_description(text: str, words: str):
    assert told_in_story(text, span_of(text, words))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a comedy that's from the 90s", "90s"),
        ("hey can u find a romcom from the nineties", "nineties"),  # a request's verb
        ("films like the hours but in french", "french"),
        ("a drama where i can relax, something korean", "korean"),
        ("a movie about making a movie in the 1970s", "1970s"),
        ("a 90s thriller set in the 1940s", "90s"),
        ("japanese movie where a girl moves to the countryside", "japanese"),
    ],
)
def test_not_told_in_a_short_description(text: str, words: str):
    assert not told_in_story(text, span_of(text, words))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a story that goes back in time: the era it visits
        ("old man in a nursing home reads a love story to his wife who has dementia, flashbacks to a 40s summer "
         "romance", "40s"),
        ("a widow sorts her late husband's letters, memories of their 1960s honeymoon in rome", "1960s"),
        ("a scientist builds a machine in his garage, travels back to 1955 and meets his parents", "1955"),
        # one fact of a list of real events, between two others
        ("true story of the first black college football player who won the heisman, syracuse, late 50s, racism "
         "on the road", "late 50s"),
        ("based on real events, a climber is trapped in a canyon, utah, 2003, he cuts off his own arm", "2003"),
    ],
)
def test_a_time_the_story_visits_or_its_real_events(text: str, words: str):
    assert in_story(text, span_of(text, words))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # the era of the film, beside a story era
        ("a 90s thriller where a man flashes back to the war, set in the 1940s", "90s"),
        ("late 50s noir, a detective dreams of a woman he never met, under 2 hours", "late 50s"),
        # a true story's era as the last item, or in a phrase that describes a film: the film's
        ("true story of a climber who cuts off his own arm in a canyon, 2010s", "2010s"),
        ("true story of a boxer who fights his way back, 1970s, a long film", "1970s"),
        ("true story of a swimmer who crosses the sea, 2000s film, australia", "2000s"),
        # a list of facts that is not of real events
        ("a cop chases a serial killer through the city, 1990s, lots of gore", "1990s"),
        # a wish
        ("a man relives his youth in flashbacks, maybe something from the 80s", "80s"),
    ],
)
def test_not_a_time_the_story_visits(text: str, words: str):
    assert not in_story(text, span_of(text, words))


@pytest.mark.parametrize(
    ("text", "words", "story"),
    [
        ("a movie with flashbacks to the 1960s", "1960s", True),
        ("a woman remembers her childhood in 1960s italy", "1960s", True),
        ("a 90s thriller set in the 1940s", "90s", False),
        ("late 50s noir, under 2 hours", "late 50s", False),
        ("a 1990s movie with flashbacks", "1990s", False),
    ],
)
def test_a_short_description_that_goes_back_in_time(text: str, words: str, story: bool):
    assert told_in_story(text, span_of(text, words)) is story
