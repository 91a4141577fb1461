"""A loopback stand-in for TMDB's v3 API, written from its published reference (shapes only).

Serves generated films (our own made-up titles and text) in the documented shapes:

* ``/3/configuration`` (``images.secure_base_url``, ``poster_sizes``), ``/3/genre/movie/list``;
* paginated lists, 20 per page, pages 1–500 (``page``, ``results``, ``total_pages``,
  ``total_results``): ``movie/popular``, ``movie/top_rated``, ``movie/now_playing`` (with
  ``dates``), ``discover/movie``, ``search/movie``, ``search/person``, ``movie/changes``
  (100 per page, ``start_date``/``end_date`` at most 14 days apart);
* ``movie/{id}`` with ``append_to_response`` (``keywords``, ``credits``, ``external_ids``),
  ``person/{id}/movie_credits``, ``find/{imdb id}?external_source=imdb_id``;
* small generated PNG posters under ``/t/p/<size>/``.

Errors use TMDB's body ``{"status_code", "status_message", "success": false}``: 401 (code 7)
for a missing or wrong key (``api_key`` query parameter or ``Authorization: Bearer``), 404
(code 34), 400 (code 22) for a page past 500, 422 (code 20) for a change window over 14 days.
Failures are scripted with :meth:`TmdbStandIn.fail` (status, ``Retry-After``, or a delay that
outlasts the client's timeout), optionally only for paths starting with a prefix.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
import threading
import time
import zlib
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

GENRES = {
    28: "Action", 12: "Adventure", 16: "Animation", 35: "Comedy", 80: "Crime", 99: "Documentary", 18: "Drama",
    10751: "Family", 14: "Fantasy", 36: "History", 27: "Horror", 10402: "Music", 9648: "Mystery",
    10749: "Romance", 878: "Science Fiction", 53: "Thriller", 10752: "War", 37: "Western",
}  # fmt: skip
COUNTRIES = (("US", "United States of America"), ("FR", "France"), ("KR", "South Korea"), ("JP", "Japan"),
             ("IN", "India"), ("BR", "Brazil"), ("NG", "Nigeria"), ("DE", "Germany"))
LANGUAGES = (("en", "English"), ("fr", "French"), ("ko", "Korean"), ("ja", "Japanese"), ("hi", "Hindi"),
             ("pt", "Portuguese"), ("yo", "Yoruba"), ("de", "German"))
_ADJ = ("Quiet", "Crimson", "Distant", "Broken", "Hidden", "Silver", "Last", "Northern", "Paper", "Electric",
        "Hollow", "Golden", "Midnight", "Salt", "Velvet", "Iron")
_NOUN = ("Harbor", "Orchard", "Signal", "Lantern", "River", "Engine", "Garden", "Frontier", "Letter", "Mirror",
         "Station", "Summer", "Kingdom", "Island", "Circus", "Archive")
_VERB = ("hunts for", "runs from", "falls for", "betrays", "rebuilds", "searches for", "defends", "forgets")
_WHO = ("a retired pilot", "two sisters", "a night-shift nurse", "a chess prodigy", "a small-town sheriff",
        "an exiled chef", "a young cartographer", "a jazz drummer")
_WHAT = ("a lost manuscript", "the family farm", "a stolen violin", "an old friend", "a sunken ship",
         "the truth about a fire", "a rival gang", "a forgotten song")
PERSONS = ("Ada Quill", "Bruno Marsh", "Chiara Vale", "Dae-jung Roh", "Emeka Obi", "Freya Lund", "Goro Tanabe",
           "Hana Petit", "Ivo Brandt", "Jaya Rao", "Kofi Mensah", "Lena Sorel")


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid solid-colour PNG, built from the spec (signature, IHDR, IDAT, IEND)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(
        b"IEND", b""
    )


@cache
def make_film(i: int) -> dict[str, Any]:
    """Film number ``i`` (deterministic): full details with keywords, credits and external ids (do not mutate)."""
    tmdb_id = 5000 + i
    title = f"The {_ADJ[i % 16]} {_NOUN[(i // 16) % 16]}" + (f" {i // 256 + 1}" if i >= 256 else "")
    genre_ids = [list(GENRES)[i % 18], list(GENRES)[(i * 7 + 3) % 18]]
    genre_ids = list(dict.fromkeys(genre_ids))
    country = COUNTRIES[i % len(COUNTRIES)]
    lang = LANGUAGES[i % len(LANGUAGES)]
    year = 1950 + (i * 13) % 75
    votes = (i * 7919) % 20000
    return {
        "adult": False,
        "backdrop_path": None,
        "belongs_to_collection": {"id": 90000 + i // 3, "name": f"{title} Collection", "poster_path": None,
                                  "backdrop_path": None} if i % 3 == 0 else None,
        "budget": 0,
        "genres": [{"id": g, "name": GENRES[g]} for g in genre_ids],
        "homepage": "",
        "id": tmdb_id,
        "imdb_id": f"tt{9100000 + i:07d}",
        "original_language": lang[0],
        "original_title": title if lang[0] == "en" else f"{title} ({lang[1]} title)",
        "overview": f"{_WHO[i % 8].capitalize()} {_VERB[(i // 8) % 8]} {_WHAT[(i // 64) % 8]} in film {i}.",
        "popularity": round(1000.0 / (1 + i), 3),
        "poster_path": f"/poster{tmdb_id}.png" if i % 10 != 9 else None,
        "production_companies": [],
        "production_countries": [{"iso_3166_1": country[0], "name": country[1]}],
        "release_date": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "revenue": 0,
        "runtime": 80 + i % 70,
        "spoken_languages": [{"english_name": lang[1], "iso_639_1": lang[0], "name": lang[1]}],
        "status": "Released",
        "tagline": "",
        "title": title,
        "video": False,
        "vote_average": round(5 + (i % 40) / 10, 1),
        "vote_count": votes,
        "_origin": country[0],
        "_cast": [PERSONS[(i + k) % len(PERSONS)] for k in range(4)],
        "_director": PERSONS[(i * 5 + 7) % len(PERSONS)],
        "_keywords": [f"{_NOUN[i % 16].lower()}", f"{_ADJ[(i + 3) % 16].lower()} mood"],
    }


def _error(status: int, code: int, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"status_code": code, "status_message": message, "success": False}


@dataclass
class Failure:
    status: int = 500
    retry_after: str | None = None
    delay: float = 0.0
    prefix: str = ""  # only requests whose path (after /3/) starts with this


@dataclass
class TmdbStandIn:
    films: int = 300
    api_key: str = "standin-v3-key-0123456789abcdef"
    read_token: str = "eyJstandin.read.token"
    #: Films (by index) whose overview is empty in every language but English.
    untranslated: frozenset[int] = frozenset()
    #: Other titles search knows a film by (lowercase title → film index), as TMDB's alternative titles.
    aliases: dict[str, int] = field(default_factory=dict)
    #: An image server the configuration names instead of this one (e.g. one that is down).
    image_base: str | None = None
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # image paths asked for
    _failures: deque[Failure] = field(default_factory=deque)
    _changed: dict[int, dt.date] = field(default_factory=dict)
    _edits: dict[int, dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ------------------------------------------------------------------ control
    def start(self) -> TmdbStandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms delayed-ACK stalls)

            def do_GET(self) -> None:
                standin._handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/3"

    def fail(self, status: int = 500, times: int = 1, retry_after: str | None = None, delay: float = 0.0,
             prefix: str = "") -> None:
        """The next ``times`` matching requests fail this way (a ``delay`` longer than the timeout = a timeout)."""
        for _ in range(times):
            self._failures.append(Failure(status, retry_after, delay, prefix))

    def edit(self, index: int, **fields: Any) -> None:
        """Change film ``index`` on the server and list it in today's changes."""
        self._edits.setdefault(index, {}).update(fields)
        self._changed[5000 + index] = dt.date.today()

    def count(self, prefix: str) -> int:
        """Requests whose path (after /3/) starts with ``prefix``."""
        return sum(1 for path, _ in self.requests if path.startswith(prefix))

    def detail_calls(self) -> Counter[int]:
        return Counter(int(p.split("/")[1]) for p, _ in self.requests if p.startswith("movie/") and
                       p.split("/")[1].isdigit())

    # ------------------------------------------------------------------ data
    def film(self, index: int, language: str = "en-US") -> dict[str, Any]:
        film = make_film(index) | self._edits.get(index, {})
        if not language.lower().startswith("en"):
            film["title"] = f"{film['title']} [{language}]"
            film["overview"] = "" if index in self.untranslated else f"[{language}] {film['overview']}"
        return film

    def _index(self, tmdb_id: int) -> int | None:
        i = tmdb_id - 5000
        return i if 0 <= i < self.films else None

    @staticmethod
    def _summary(film: dict[str, Any]) -> dict[str, Any]:
        keys = ("adult", "backdrop_path", "id", "original_language", "original_title", "overview", "popularity",
                "poster_path", "release_date", "title", "video", "vote_average", "vote_count")
        return {k: film[k] for k in keys} | {"genre_ids": [g["id"] for g in film["genres"]]}

    # ------------------------------------------------------------------ HTTP
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.path.startswith("/t/p/"):
            self.images.append(parts.path)
            return self._image(h, parts.path)
        path = parts.path.removeprefix("/3/").strip("/")
        with self._lock:
            self.requests.append((path, query))
            failure = next((f for f in self._failures if path.startswith(f.prefix)), None)
            if failure is not None:
                self._failures.remove(failure)
        if failure is not None:
            if failure.delay:
                time.sleep(failure.delay)
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            code = {429: 25, 401: 7, 404: 34, 503: 9, 504: 24}.get(failure.status, 11)
            return self._send(h, *_error(failure.status, code, f"scripted failure {failure.status}"), headers)
        bearer = h.headers.get("Authorization", "")
        if query.get("api_key") != self.api_key and bearer != f"Bearer {self.read_token}":
            return self._send(h, *_error(401, 7, "Invalid API key: You must be granted a valid key."))
        try:
            status, body = self._route(path, query, h)
        except LookupError:
            status, body = _error(404, 34, "The resource you requested could not be found.")
        self._send(h, status, body)

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json;charset=utf-8")
            h.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _image(self, h: BaseHTTPRequestHandler, path: str) -> None:
        name = path.rsplit("/", 1)[-1]
        digits = "".join(c for c in name if c.isdigit())
        if not digits or self._index(int(digits)) is None:
            return self._send(h, 404, {})
        n = int(digits)
        data = png_bytes(23, 34, (n * 37 % 256, n * 91 % 256, n * 13 % 256))
        h.send_response(200)
        h.send_header("Content-Type", "image/png")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _route(self, path: str, q: dict[str, str], h: BaseHTTPRequestHandler) -> tuple[int, Any]:
        lang = q.get("language", "en-US")
        if path == "configuration":
            base = self.image_base or f"http://127.0.0.1:{self._server.server_address[1]}/t/p/"
            return 200, {"images": {"base_url": base, "secure_base_url": base,
                                    "backdrop_sizes": ["w300", "w780", "w1280", "original"],
                                    "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
                                    "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
                                    "profile_sizes": ["w45", "w185", "h632", "original"],
                                    "still_sizes": ["w92", "w185", "w300", "original"]},
                         "change_keys": ["overview", "title", "release_dates", "images"]}
        if path == "genre/movie/list":
            return 200, {"genres": [{"id": k, "name": v} for k, v in GENRES.items()]}
        if path in ("movie/popular", "movie/top_rated", "movie/now_playing"):
            order = list(range(self.films))
            if path == "movie/top_rated":
                order.sort(key=lambda i: -make_film(i)["vote_average"])
            elif path == "movie/now_playing":
                order = [i for i in order if make_film(i)["release_date"] >= "2015"]
            extra = {"dates": {"maximum": "2026-12-31", "minimum": "2026-11-01"}} if path.endswith("playing") else {}
            return self._page(q, [self._summary(self.film(i, lang)) for i in order], extra=extra)
        if path == "discover/movie":
            return self._page(q, [self._summary(self.film(i, lang)) for i in range(self.films) if self._keep(i, q)])
        if path == "search/movie":
            words = q.get("query", "").casefold()
            year = q.get("primary_release_year") or q.get("year")
            hits = [i for i in range(self.films) if (make_film(i)["title"].casefold() == words or
                                                     self.aliases.get(words) == i) and
                    (not year or make_film(i)["release_date"].startswith(year))]
            return self._page(q, [self._summary(self.film(i, lang)) for i in hits])
        if path == "search/person":
            name = q.get("query", "").casefold()
            hits = [{"id": 700 + k, "name": p, "known_for_department": "Acting", "popularity": 10.0 - k}
                    for k, p in enumerate(PERSONS) if name and name in p.casefold()]
            return self._page(q, hits)
        if path == "movie/changes":
            return self._changes(q)
        segs = path.split("/")
        if len(segs) == 3 and segs[0] == "person" and segs[2] == "movie_credits":
            pid = int(segs[1]) - 700
            if not 0 <= pid < len(PERSONS):
                raise LookupError(path)
            name = PERSONS[pid]
            films = [self.film(i, lang) for i in range(self.films)]
            cast = [self._summary(f) | {"character": "Someone", "credit_id": f"c{f['id']}"}
                    for f in films if name in f["_cast"]]
            crew = [self._summary(f) | {"job": "Director", "department": "Directing", "credit_id": f"d{f['id']}"}
                    for f in films if f["_director"] == name]
            return 200, {"id": 700 + pid, "cast": cast, "crew": crew}
        if len(segs) == 2 and segs[0] == "find":
            found = [i for i in range(self.films) if make_film(i)["imdb_id"] == segs[1]]
            if q.get("external_source") != "imdb_id":
                return _error(400, 5, "Invalid parameters: Your request parameters are incorrect.")
            return 200, {"movie_results": [self._summary(self.film(i, lang)) for i in found], "person_results": [],
                         "tv_results": [], "tv_episode_results": [], "tv_season_results": []}
        if len(segs) == 2 and segs[0] == "movie" and segs[1].isdigit():
            index = self._index(int(segs[1]))
            if index is None:
                raise LookupError(path)
            return 200, self._details(index, lang, q.get("append_to_response", ""))
        raise LookupError(path)

    def _keep(self, i: int, q: dict[str, str]) -> bool:
        f = make_film(i)
        if "with_genres" in q and not {int(g) for g in q["with_genres"].split(",")} & {g["id"] for g in f["genres"]}:
            return False
        if "with_origin_country" in q and f["_origin"] != q["with_origin_country"]:
            return False
        if "primary_release_year" in q and not f["release_date"].startswith(q["primary_release_year"]):
            return False
        if f["release_date"] < q.get("primary_release_date.gte", "0"):
            return False
        return f["release_date"] <= q.get("primary_release_date.lte", "9999")

    def _details(self, index: int, lang: str, append: str) -> dict[str, Any]:
        film = self.film(index, lang)
        body = {k: v for k, v in film.items() if not k.startswith("_")}
        parts = {p.strip() for p in append.split(",") if p.strip()}
        if "keywords" in parts:
            body["keywords"] = {"id": film["id"], "keywords": [{"id": 100 + k, "name": w}
                                                                for k, w in enumerate(film["_keywords"])]}
        if "credits" in parts:
            body["credits"] = {
                "id": film["id"],
                "cast": [{"id": 700 + PERSONS.index(n), "name": n, "character": f"Role {k}", "order": k,
                          "known_for_department": "Acting", "credit_id": f"x{k}"} for k, n in enumerate(film["_cast"])],
                "crew": [{"id": 700 + PERSONS.index(film["_director"]), "name": film["_director"], "job": "Director",
                          "department": "Directing", "credit_id": "dir"}],
            }
        if "external_ids" in parts:
            body["external_ids"] = {"id": film["id"], "imdb_id": film["imdb_id"], "wikidata_id": None,
                                    "facebook_id": None, "instagram_id": None, "twitter_id": None}
        return body

    def _changes(self, q: dict[str, str]) -> tuple[int, Any]:
        today = dt.date.today()
        start = dt.date.fromisoformat(q.get("start_date") or (today - dt.timedelta(days=1)).isoformat())
        end = dt.date.fromisoformat(q.get("end_date") or today.isoformat())
        if (end - start).days > 14:
            return _error(422, 20, "Invalid date range: Should be a range no longer than 14 days.")
        ids = sorted(i for i, day in self._changed.items() if start <= day <= end)
        return self._page(q, [{"id": i, "adult": False} for i in ids], per_page=100)

    @staticmethod
    def _page(q: dict[str, str], items: list[Any], per_page: int = 20, extra: dict[str, Any] | None = None
              ) -> tuple[int, Any]:
        page = int(q.get("page") or 1)
        if not 1 <= page <= 500:
            return _error(400, 22, "Invalid page: Pages start at 1 and max at 500.")
        pages = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        return 200, {**(extra or {}), "page": page, "results": chunk, "total_pages": min(pages, 500),
                     "total_results": len(items)}
