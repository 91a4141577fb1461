"""One genre vocabulary across sources ("Sci-Fi", "Science fiction" and "SF" are one genre)."""

from __future__ import annotations

_SYNONYMS = {
    "sci-fi": "Science Fiction",
    "science fiction": "Science Fiction",
    "science-fiction": "Science Fiction",
    "sf": "Science Fiction",
    "animated": "Animation",
    "animation": "Animation",
    "children": "Family",
    "children's": "Family",
    "family film": "Family",
    "film-noir": "Film Noir",
    "film noir": "Film Noir",
    "noir": "Film Noir",
    "historical": "History",
    "history": "History",
    "historical drama": "History",
    "sports": "Sport",
    "sport": "Sport",
    "musical": "Musical",
    "music": "Music",
    "romantic comedy": "Romance",
    "romance film": "Romance",
    "romantic drama": "Romance",
    "war film": "War",
    "documentary": "Documentary",
    "suspense": "Thriller",
    "biographical": "Biography",
    "biography": "Biography",
    "biopic": "Biography",
    "biographical film": "Biography",
    "crime fiction": "Crime",
    "crime thriller": "Crime",
    "horror": "Horror",
    "comedy film": "Comedy",
    "drama film": "Drama",
    "action/adventure": "Action",
    "mystery": "Mystery",
    "fantasy": "Fantasy",
    "western": "Western",
}


def canonical_genre(name: str) -> str:
    key = " ".join(name.strip().lower().split())
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    return " ".join(w if w.isupper() else w.capitalize() for w in key.split())


def canonical_genres(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if not n or not n.strip():
            continue
        g = canonical_genre(n)
        if g not in out:
            out.append(g)
    return out
