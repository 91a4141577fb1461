"""Whose cinema a film is: its production countries read with the language it is in.

One rule for the country filter (``core.filters``) and the taste facets (``core.form``):
the first listed country counts unless the film is an English-language film and that
country does not speak English (*Taken*, a French production in English, is not French
cinema); a co-producer counts when the film is in its language (*Waltz with Bashir*,
Israeli-German-French in Hebrew, is Israeli cinema, not German or French; *In the Mood for
Love*, Hong Kong-French in Cantonese, is not French cinema either).

"In English" means the main (first listed) language is English and nothing says otherwise:
a silent film's intertitles say nothing (*The Artist* is French cinema), and a film whose
original title is not its English title was made in another language (*Once Upon a Time in
the West*, "C'era una volta il West", is Italian cinema; TMDB lists *Steamboy*'s languages
English first). Languages may be named natively, as TMDB does ("Français", "日本語").
"""

from __future__ import annotations

from collections.abc import Sequence

ENGLISH = frozenset({"en", "English"})
ENGLISH_SPEAKING = frozenset(
    {
        "United States",
        "United States of America",
        "US",
        "USA",
        "United Kingdom",
        "UK",
        "GB",
        "Ireland",
        "IE",
        "Australia",
        "AU",
        "Canada",
        "CA",
        "New Zealand",
        "NZ",
        "South Africa",
        "ZA",
    }
)

#: The languages a country's own films are made in (main language of the film), for co-producers.
COUNTRY_LANGUAGES: dict[str, frozenset[str]] = {
    **{c: ENGLISH for c in ENGLISH_SPEAKING},
    "Canada": frozenset({"en", "English", "fr", "French"}),
    "CA": frozenset({"en", "English", "fr", "French"}),
    "France": frozenset({"French", "fr"}),
    "Belgium": frozenset({"French", "Dutch", "fr", "nl"}),
    "Switzerland": frozenset({"German", "French", "Italian", "de", "fr", "it"}),
    "Luxembourg": frozenset({"Luxembourgish", "French", "German"}),
    "Monaco": frozenset({"French"}),
    "Germany": frozenset({"German", "de"}),
    "West Germany": frozenset({"German", "de"}),
    "East Germany": frozenset({"German", "de"}),
    "Austria": frozenset({"German", "de"}),
    "Italy": frozenset({"Italian", "it"}),
    "Spain": frozenset({"Spanish", "Catalan", "Basque", "Galician", "es", "ca"}),
    "Portugal": frozenset({"Portuguese", "pt"}),
    "Brazil": frozenset({"Portuguese", "pt"}),
    **{
        c: frozenset({"Spanish", "es"})
        for c in (
            "Mexico",
            "Argentina",
            "Chile",
            "Colombia",
            "Cuba",
            "Peru",
            "Uruguay",
            "Venezuela",
            "Bolivia",
            "Ecuador",
            "Paraguay",
            "Guatemala",
            "Costa Rica",
            "Dominican Republic",
            "Puerto Rico",
            "Panama",
        )
    },
    "Netherlands": frozenset({"Dutch", "nl"}),
    "Sweden": frozenset({"Swedish", "sv"}),
    "Denmark": frozenset({"Danish", "da"}),
    "Norway": frozenset({"Norwegian", "no", "nb"}),
    "Finland": frozenset({"Finnish", "Swedish", "fi"}),
    "Iceland": frozenset({"Icelandic", "is"}),
    "Poland": frozenset({"Polish", "pl"}),
    "PL": frozenset({"Polish", "pl"}),
    "Czech Republic": frozenset({"Czech", "cs"}),
    "Czechoslovakia": frozenset({"Czech", "Slovak", "cs", "sk"}),
    "Hungary": frozenset({"Hungarian", "hu"}),
    "Romania": frozenset({"Romanian", "ro"}),
    "Greece": frozenset({"Greek", "el"}),
    "Turkey": frozenset({"Turkish", "tr"}),
    "Russia": frozenset({"Russian", "ru"}),
    "Soviet Union": frozenset({"Russian", "Georgian", "Ukrainian", "ru"}),
    "Ukraine": frozenset({"Ukrainian", "Russian", "uk"}),
    "Estonia": frozenset({"Estonian", "et"}),
    "Latvia": frozenset({"Latvian", "lv"}),
    "Yugoslavia": frozenset({"Serbo-Croatian", "Serbian", "Croatian", "Slovenian", "Macedonian"}),
    "FR Yugoslavia": frozenset({"Serbian", "Serbo-Croatian"}),
    "Croatia": frozenset({"Croatian", "hr"}),
    "Slovenia": frozenset({"Slovenian", "sl"}),
    "Bosnia and Herzegovina": frozenset({"Bosnian", "Serbo-Croatian"}),
    "North Macedonia": frozenset({"Macedonian", "mk"}),
    "Israel": frozenset({"Hebrew", "he"}),
    "Iran": frozenset({"Persian", "fa"}),
    "Afghanistan": frozenset({"Persian", "Dari", "Pashto"}),
    **{
        c: frozenset({"Arabic", "ar"})
        for c in (
            "Egypt",
            "Lebanon",
            "Palestine",
            "Syria",
            "Iraq",
            "Jordan",
            "Qatar",
            "Saudi Arabia",
            "United Arab Emirates",
            "Sudan",
            "Algeria",
            "Morocco",
            "Tunisia",
            "Mauritania",
        )
    },
    "Japan": frozenset({"Japanese", "ja"}),
    "South Korea": frozenset({"Korean", "ko"}),
    "China": frozenset({"Mandarin", "Chinese", "Cantonese", "zh", "cn"}),
    "Hong Kong": frozenset({"Cantonese", "Mandarin", "Chinese", "zh", "cn"}),
    "Taiwan": frozenset({"Mandarin", "Chinese", "Taiwanese", "Hokkien", "zh"}),
    "TW": frozenset({"Mandarin", "Chinese", "Taiwanese", "Hokkien", "zh"}),
    "India": frozenset(
        {
            "Hindi",
            "Tamil",
            "Telugu",
            "Malayalam",
            "Bengali",
            "Kannada",
            "Marathi",
            "Punjabi",
            "Urdu",
            "hi",
            "ta",
            "te",
            "ml",
            "bn",
            "kn",
            "mr",
        }
    ),
    "Pakistan": frozenset({"Urdu", "Punjabi", "ur"}),
    "Bangladesh": frozenset({"Bengali", "bn"}),
    "Sri Lanka": frozenset({"Sinhala", "Tamil"}),
    "Nepal": frozenset({"Nepali"}),
    "Thailand": frozenset({"Thai", "th"}),
    "Vietnam": frozenset({"Vietnamese", "vi"}),
    "Philippines": frozenset({"Tagalog", "Filipino", "tl"}),
    "Indonesia": frozenset({"Indonesian", "id"}),
    "Malaysia": frozenset({"Malay", "ms"}),
    "Cambodia": frozenset({"Khmer", "km"}),
    "Laos": frozenset({"Lao"}),
    "Mongolia": frozenset({"Mongolian"}),
    "Senegal": frozenset({"Wolof", "French", "wo"}),
    "Mali": frozenset({"Bambara", "French"}),
    "Burkina Faso": frozenset({"French", "Mooré"}),
    "Ivory Coast": frozenset({"French"}),
    "Niger": frozenset({"French", "Hausa"}),
    "Chad": frozenset({"French", "Arabic"}),
    "Cameroon": frozenset({"French", "English"}),
    "Nigeria": frozenset({"English", "Yoruba", "Igbo", "Hausa"}),
    "Ghana": frozenset({"English", "Twi"}),
    "Kenya": frozenset({"English", "Swahili"}),
    "Ethiopia": frozenset({"Amharic"}),
}

#: Languages as TMDB names them (natively) → the names used here.
NATIVE_NAMES = {
    "Français": "French",
    "Español": "Spanish",
    "Deutsch": "German",
    "Italiano": "Italian",
    "Pусский": "Russian",
    "Русский": "Russian",
    "普通话": "Mandarin",
    "日本語": "Japanese",
    "Português": "Portuguese",
    "العربية": "Arabic",
    "Polski": "Polish",
    "广州话 / 廣州話": "Cantonese",
    "हिन्दी": "Hindi",
    "Magyar": "Hungarian",
    "ภาษาไทย": "Thai",
    "Český": "Czech",
    "עִבְרִית": "Hebrew",
    "한국어/조선말": "Korean",
    "svenska": "Swedish",
    "ελληνικά": "Greek",
    "Türkçe": "Turkish",
    "Tiếng Việt": "Vietnamese",
    "اردو": "Urdu",
    "Dansk": "Danish",
    "Română": "Romanian",
    "Norsk": "Norwegian",
    "فارسی": "Persian",
    "Nederlands": "Dutch",
    "Український": "Ukrainian",
    "Íslenska": "Icelandic",
    "தமிழ்": "Tamil",
    "ਪੰਜਾਬੀ": "Punjabi",
    "suomi": "Finnish",
    "Srpski": "Serbian",
    "Hrvatski": "Croatian",
    "Bahasa indonesia": "Indonesian",
    "తెలుగు": "Telugu",
    "বাংলা": "Bengali",
    "Català": "Catalan",
    "Galego": "Galician",
    "Slovenčina": "Slovak",
    "Slovenščina": "Slovenian",
    "Eesti": "Estonian",
    "български език": "Bulgarian",
}

#: How a film's cinema countries are joined into one value (``cinema_key``).
SEP = "|"


def language_name(language: str | None) -> str | None:
    """``language`` as named here ("Français" → "French"); other names unchanged."""
    return NATIVE_NAMES.get(language, language) if language else language


def foreign_title(title: str, original: str | None) -> bool:
    """Whether a film's original title is another one than its (English) title: made in another language."""

    def key(s: str) -> str:
        return "".join(ch for ch in s.casefold() if ch.isalnum())

    return bool(original) and key(original or "") != key(title)


def is_cinema_of(country: str, language: str | None, first: bool, english_film: bool | None = None) -> bool:
    """Whether a film listing ``country`` (``first`` or as a co-producer), in ``language``, is its cinema.

    ``english_film`` says whether the film is in English (by default: its ``language`` is)."""
    language = language_name(language)
    if first:
        english = language in ENGLISH if english_film is None else english_film
        return not english or country in ENGLISH_SPEAKING
    return language is not None and language in COUNTRY_LANGUAGES.get(country, ())


def is_english_film(
    languages: Sequence[str], silent: bool = False, title: str = "", original: str | None = None
) -> bool:
    """Whether a film is an English-language film (see the module note: not silent, no foreign original title)."""
    return (
        bool(languages) and language_name(languages[0]) in ENGLISH and not silent and not foreign_title(title, original)
    )


def cinema_countries(
    countries: Sequence[str],
    languages: Sequence[str],
    silent: bool = False,
    title: str = "",
    original: str | None = None,
) -> tuple[str, ...]:
    """The listed countries whose cinema the film is (its main language is the first listed)."""
    language = languages[0] if languages else None
    english = is_english_film(languages, silent, title, original)
    return tuple(c for i, c in enumerate(countries) if is_cinema_of(c, language, i == 0, english))


def cinema_key(
    countries: Sequence[str],
    languages: Sequence[str],
    silent: bool = False,
    title: str = "",
    original: str | None = None,
) -> str | None:
    """``cinema_countries`` as one value (``SEP``-joined; ``None`` when none)."""
    return SEP.join(cinema_countries(countries, languages, silent, title, original)) or None
