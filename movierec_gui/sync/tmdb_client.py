"""A small, polite HTTP client for TMDB's v3 API (https://api.themoviedb.org/3).

* **Key**: a v3 key goes out as the ``api_key`` query parameter, a v4 read-access token as
  ``Authorization: Bearer``. Neither ever appears in an error message or a log line (httpx's
  own request log is filtered here, since it prints full URLs).
* **Rate**: at most ``rate`` requests per second from this client (TMDB tolerates ~50/s; we
  stay well below), a ``429`` waits for ``Retry-After``; 5xx, timeouts and lost connections
  are retried with exponential backoff.
* **Errors** become one-line known errors: 401 → ``CatalogSourceAuthError``, 404 →
  ``NotFoundError``, the rest → ``CatalogSourceError``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ..core.errors import CatalogSourceAuthError, CatalogSourceError, NotFoundError
from .tmdb_records import DEFAULT_API_BASE

log = logging.getLogger(__name__)

#: Requests per second this client allows itself (TMDB's ceiling is around 50).
DEFAULT_RATE = 20.0
#: The longest ``Retry-After`` we wait out before giving up with a clear message.
MAX_RETRY_AFTER = 60.0
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_KEY_PARAM = re.compile(r"(api_key=)[^&\s\"']+")


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every ``api_key=…`` value and each given secret replaced by ``***``."""
    text = _KEY_PARAM.sub(r"\1***", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


class _RedactKeys(logging.Filter):
    """Keeps API keys out of httpx's ``HTTP Request: GET <url>`` log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(redact(str(a)) if isinstance(a, str | httpx.URL) else a for a in record.args)
        record.msg = redact(str(record.msg))
        return True


_FILTER = _RedactKeys()
for _name in ("httpx", "httpcore"):
    if _FILTER not in logging.getLogger(_name).filters:
        logging.getLogger(_name).addFilter(_FILTER)


class RateLimiter:
    """At most ``rate`` calls per second, shared by every thread using it."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)

    def hold(self, seconds: float) -> None:
        """Send nothing for ``seconds`` (after a 429)."""
        with self._lock:
            self._next = max(self._next, self._clock() + seconds)


class TmdbClient:
    """GET JSON from the API (``get``) and image bytes from the image server (``image``)."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        api_key: str | None = None,
        read_token: str | None = None,
        timeout: float = 15.0,
        max_retries: int = 4,
        rate: float = DEFAULT_RATE,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not (api_key or read_token):
            raise CatalogSourceAuthError("No TMDB API key: set one (v3 key or v4 read-access token) first.")
        self.base_url = (base_url or DEFAULT_API_BASE).rstrip("/")
        self._api_key, self._token = api_key, read_token
        headers = {"Accept": "application/json", "User-Agent": "MovieRec (+https://github.com/movierec)"}
        if read_token and not api_key:
            headers["Authorization"] = f"Bearer {read_token}"
        self._http = httpx.Client(timeout=timeout, headers=headers, follow_redirects=True)
        self._images = httpx.Client(timeout=timeout, follow_redirects=True)
        self.max_retries, self.backoff = max_retries, backoff
        self._sleep = sleep
        self.limiter = RateLimiter(rate, sleep=sleep)
        self.calls = 0  # requests sent to the API (retries included)

    @property
    def limiter_rate(self) -> float:
        """Requests per second this client allows itself."""
        return 1.0 / self.limiter.interval if self.limiter.interval else 1000.0

    def close(self) -> None:
        self._http.close()
        self._images.close()

    def __enter__(self) -> TmdbClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ API
    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``GET {base}/{path}`` as a JSON object; retries what is worth retrying; raises known errors."""
        query = {k: v for k, v in (params or {}).items() if v is not None}
        if self._api_key:
            query["api_key"] = self._api_key
        url = f"{self.base_url}/{path.lstrip('/')}"
        what = "/" + path.lstrip("/")
        response = self._send(lambda: self._http.get(url, params=query), what, self.limiter, self.max_retries)
        try:
            body = response.json()
        except ValueError:
            raise CatalogSourceError(f"TMDB sent an unreadable answer for {what}.") from None
        if not isinstance(body, dict):
            raise CatalogSourceError(f"TMDB sent an unexpected answer for {what}.")
        return body

    def image(self, url: str) -> bytes:
        """The bytes of a poster at ``url`` (the image server needs no key)."""
        return self._send(lambda: self._images.get(url), "a poster", None, retries=1).content

    # ------------------------------------------------------------------ plumbing
    def _send(
        self, send: Callable[[], httpx.Response], what: str, limiter: RateLimiter | None, retries: int
    ) -> httpx.Response:
        attempt = 0
        while True:
            if limiter is not None:
                limiter.wait()
                self.calls += 1
            delay: float | None
            try:
                response = send()
            except (httpx.UnsupportedProtocol, httpx.InvalidURL):
                raise CatalogSourceError(f"The TMDB API address {self.base_url!r} is not an http(s) URL.") from None
            except httpx.TimeoutException:
                problem, delay = f"TMDB did not answer in time ({what})", self._backoff(attempt)
            except httpx.TransportError as exc:
                problem, delay = self._network_problem(exc), self._backoff(attempt)
            else:
                if response.status_code < 400:
                    return response
                problem, delay = self._status_problem(response, what)
                if delay is not None and delay < 0:  # retry with backoff
                    delay = self._backoff(attempt)
                if response.status_code == 429 and delay is not None and limiter is not None:
                    limiter.hold(delay)
            if delay is None or attempt >= retries:
                raise self._error(problem)
            log.info("%s; retrying in %.1f s", redact(problem, self._api_key, self._token), delay)
            self._sleep(delay)
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        return float(min(8.0, self.backoff * 2**attempt))

    def _network_problem(self, exc: httpx.TransportError) -> str:
        host = httpx.URL(self.base_url).host
        if isinstance(exc, httpx.ConnectError):
            return f"Cannot reach TMDB at {host} (no network, or the server is down)"
        return f"The connection to TMDB at {host} failed ({type(exc).__name__})"

    def _status_problem(self, response: httpx.Response, what: str) -> tuple[str, float | None]:
        """A one-line description of an error status, and the wait before a retry (None: don't; -1: backoff)."""
        status = response.status_code
        message = _status_message(response)
        if status == 401:
            return f"TMDB refused the API key (HTTP 401{': ' + message if message else ''})", None
        if status == 404:
            return f"TMDB has no {what} (HTTP 404)", None
        if status == 429:
            wait = _retry_after(response)
            if wait > MAX_RETRY_AFTER:
                return f"TMDB asks us to wait {wait:.0f} s before the next request (HTTP 429); try again later", None
            return "TMDB is rate-limiting us (HTTP 429)", wait
        if status in _RETRY_STATUSES:
            return f"TMDB is having trouble (HTTP {status})", -1.0
        return f"TMDB refused the request for {what} (HTTP {status}{': ' + message if message else ''})", None

    def _error(self, problem: str) -> Exception:
        text = redact(problem, self._api_key, self._token) + "."
        if "HTTP 401" in problem:
            return CatalogSourceAuthError(text)
        if "HTTP 404" in problem:
            return NotFoundError(text)
        return CatalogSourceError(text)


def _status_message(response: httpx.Response) -> str:
    """TMDB's ``status_message`` from an error body (``{"status_code", "status_message", "success"}``)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    message = body.get("status_message") if isinstance(body, dict) else None
    return " ".join(str(message).split())[:160] if message else ""


def _retry_after(response: httpx.Response) -> float:
    """Seconds from ``Retry-After`` (delta seconds or an HTTP date; nothing usable means 1 s)."""
    raw = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return 1.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
