"""Which TMDB films a fetch asks for: lists, ``discover`` queries, filmographies, a history's films.

Also the change list (``movie/changes``), which tells which films fetched before TMDB edited since.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..core.errors import NotFoundError, UserInputError
from .tmdb_client import TmdbClient
from .tmdb_records import LISTS, MAX_LIMIT, FetchRequest, Wanted

CancelCheck = Callable[[], None]
#: TMDB serves list pages 1..500, 20 films each.
MAX_PAGES = 500
#: How far back the change list is read (in 14-day windows); older fetches are refreshed in full.
CHANGES_WINDOW_DAYS = 14
CHANGES_HORIZON = 8 * CHANGES_WINDOW_DAYS
_DISCOVER_KEY = re.compile(r"^[a-z_]+(\.[a-z]+)?$")


def parse_discover(pairs: list[str] | tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``["with_genres=18", "decade=1990s"]`` → ordered pairs; a clear error for a malformed one."""
    out = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not value or not _DISCOVER_KEY.match(key):
            raise UserInputError(f"Cannot use {pair!r} as a discover filter; write KEY=VALUE, e.g. with_genres=18.")
        out.append((key, value))
    return tuple(out)


def discover_params(client: TmdbClient, pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """TMDB ``discover/movie`` parameters; ``decade``, ``year``, ``genre``, ``country`` are friendly aliases."""
    params: dict[str, str] = {"sort_by": "popularity.desc", "include_adult": "false"}
    for key, value in pairs:
        if key == "decade":
            m = re.fullmatch(r"(\d{3})0s?", value)
            if not m:
                raise UserInputError(f"decade={value} should look like 1990s.")
            start = int(m.group(1)) * 10
            params["primary_release_date.gte"] = f"{start}-01-01"
            params["primary_release_date.lte"] = f"{start + 9}-12-31"
        elif key == "year":
            params["primary_release_year"] = value
        elif key == "genre":
            params["with_genres"] = _genre_ids(client, value)
        elif key == "country":
            params["with_origin_country"] = value.upper()
        else:
            params[key] = value
    return params


def _genre_ids(client: TmdbClient, names: str) -> str:
    genres = client.get("genre/movie/list").get("genres") or []
    known = {str(g.get("name", "")).casefold(): str(g.get("id")) for g in genres if isinstance(g, dict)}
    ids = []
    for name in names.split(","):
        if name.strip().isdigit():
            ids.append(name.strip())
        elif name.strip().casefold() in known:
            ids.append(known[name.strip().casefold()])
        else:
            raise UserInputError(f"TMDB has no genre {name.strip()!r}; try one of {', '.join(sorted(known))[:200]}.")
    return ",".join(ids)


def _pages(client: TmdbClient, path: str, params: dict[str, str], limit: int) -> Iterator[tuple[int, int]]:
    """``(tmdb id, total results)`` from a paginated list, until ``limit`` ids or the last page."""
    seen = 0
    page = 1
    while seen < limit and page <= MAX_PAGES:
        body = client.get(path, {**params, "page": page})
        total = int(body.get("total_results") or 0)
        results = body.get("results") or []
        for item in results:
            if isinstance(item, dict) and item.get("id") is not None:
                seen += 1
                yield int(item["id"]), total
                if seen >= limit:
                    return
        pages = body.get("total_pages")
        if not results or (pages is not None and page >= int(pages)):
            return
        page += 1


def _person_id(client: TmdbClient, who: str) -> tuple[int, str]:
    if who.strip().isdigit():
        return int(who), who.strip()
    results = client.get("search/person", {"query": who.strip(), "include_adult": "false"}).get("results") or []
    if not results:
        raise NotFoundError(f"TMDB knows no person named {who!r}.")
    best = results[0]
    return int(best["id"]), str(best.get("name") or who)


def person_films(client: TmdbClient, who: str, language: str) -> list[int]:
    """A person's films (acted in or crewed), best known first."""
    pid, _name = _person_id(client, who)
    credits = client.get(f"person/{pid}/movie_credits", {"language": language})
    seen: dict[int, float] = {}
    for item in [*(credits.get("cast") or []), *(credits.get("crew") or [])]:
        if isinstance(item, dict) and item.get("id") is not None:
            seen[int(item["id"])] = max(seen.get(int(item["id"]), 0.0), float(item.get("popularity") or 0.0))
    return sorted(seen, key=lambda i: -seen[i])


def find_wanted(client: TmdbClient, want: Wanted, language: str) -> int | None:
    """The TMDB id of a film a history names: its TMDB id, its IMDb id, else a title + year search."""
    if want.tmdb_id is not None:
        return want.tmdb_id
    if want.imdb_id:
        found = client.get(f"find/{want.imdb_id}", {"external_source": "imdb_id"}).get("movie_results") or []
        if found:
            return int(found[0]["id"])
    if not want.title:
        return None
    params: dict[str, Any] = {"query": want.title, "include_adult": "false", "language": language}
    if want.year:
        params["primary_release_year"] = want.year
    results = client.get("search/movie", params).get("results") or []
    if not results and want.year:  # release years differ by one between sources now and then
        params.pop("primary_release_year")
        params["year"] = want.year
        results = client.get("search/movie", params).get("results") or []
    return int(results[0]["id"]) if results else None


def list_ids(client: TmdbClient, request: FetchRequest, cancel: CancelCheck | None = None,
             found: list[list[Any]] | None = None) -> tuple[list[int], int, list[str]]:
    """``(ids to fetch, films available, names not found on TMDB)`` for ``request``.

    For a history, ``found`` collects ``[title, year, tmdb id]`` of each film it names that
    TMDB has, so the history can be linked by id even where the titles differ.
    """
    limit = max(0, min(request.limit, MAX_LIMIT))
    lang = {"language": request.language}
    if request.source == "list":
        if request.list_name not in LISTS:
            raise UserInputError(f"Unknown TMDB list {request.list_name!r}; choose {', '.join(LISTS)}.")
        pairs = list(_pages(client, f"movie/{request.list_name}", lang, limit))
    elif request.source == "discover":
        pairs = list(_pages(client, "discover/movie", {**discover_params(client, request.discover), **lang}, limit))
    elif request.source == "person":
        if not request.person:
            raise UserInputError("Name a person (or give a TMDB person id).")
        films = person_films(client, request.person, request.language)
        return list(dict.fromkeys(films))[:limit], len(films), []
    elif request.source == "history":
        ids, missing = [], []
        for want in request.wanted[:limit]:
            if cancel:
                cancel()
            try:
                tmdb_id = find_wanted(client, want, request.language)
            except NotFoundError:
                tmdb_id = None
            if tmdb_id is None:
                missing.append(f"{want.title} ({want.year})" if want.year else want.title)
            else:
                ids.append(tmdb_id)
                if found is not None:
                    found.append([want.title, want.year, tmdb_id])
        return list(dict.fromkeys(ids)), len(request.wanted), missing
    else:
        raise UserInputError(f"Unknown TMDB source {request.source!r}.")
    total = pairs[0][1] if pairs else 0
    return list(dict.fromkeys(i for i, _ in pairs)), total, []


def changed_since(client: TmdbClient, since: dt.date, today: dt.date) -> set[int] | None:
    """Ids TMDB changed from ``since`` to ``today`` (``None`` when that is past the horizon)."""
    if (today - since).days > CHANGES_HORIZON:
        return None
    changed: set[int] = set()
    start = since
    while start <= today:
        end = min(today, start + dt.timedelta(days=CHANGES_WINDOW_DAYS - 1))
        params = {"start_date": start.isoformat(), "end_date": end.isoformat()}
        for tmdb_id, _ in _pages(client, "movie/changes", params, 10**9):
            changed.add(tmdb_id)
        start = end + dt.timedelta(days=1)
    return changed
