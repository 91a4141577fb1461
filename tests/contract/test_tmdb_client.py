"""The TMDB client against the loopback stand-in: auth, errors, Retry-After, backoff, timeouts, redaction."""

from __future__ import annotations

import logging

import pytest

from movierec_gui.core.errors import CatalogSourceAuthError, CatalogSourceError, NotFoundError
from movierec_gui.sync.tmdb_client import TmdbClient, redact

pytestmark = pytest.mark.contract


def client_for(standin, *, sleeps: list[float] | None = None, **options) -> TmdbClient:
    record = sleeps.append if sleeps is not None else (lambda s: None)
    options.setdefault("api_key", standin.api_key)
    return TmdbClient(standin.url, rate=1000, sleep=record, **options)


def test_v3_key_goes_as_query_parameter_and_v4_token_as_bearer(tmdb_standin):
    with client_for(tmdb_standin) as c:
        assert c.get("configuration")["images"]["poster_sizes"]
    with client_for(tmdb_standin, api_key=None, read_token=tmdb_standin.read_token) as c:
        assert c.get("genre/movie/list")["genres"]
    assert "api_key" in tmdb_standin.requests[0][1]
    assert "api_key" not in tmdb_standin.requests[1][1]


def test_bad_key_is_one_clear_line_without_the_key(tmdb_standin):
    secret = "wrong-key-abcdef123456"
    with client_for(tmdb_standin, api_key=secret) as c, pytest.raises(CatalogSourceAuthError) as info:
        c.get("movie/popular")
    message = str(info.value)
    assert "401" in message and "refused the API key" in message
    assert secret not in message and "\n" not in message
    assert len(tmdb_standin.requests) == 1  # a 401 is never retried


def test_missing_key_is_refused_before_any_request(tmdb_standin):
    with pytest.raises(CatalogSourceAuthError, match="No TMDB API key"):
        TmdbClient(tmdb_standin.url)
    assert tmdb_standin.requests == []


def test_unknown_film_is_not_found(tmdb_standin):
    with client_for(tmdb_standin) as c, pytest.raises(NotFoundError, match="HTTP 404"):
        c.get("movie/99999999")


def test_429_waits_for_retry_after_then_succeeds(tmdb_standin):
    tmdb_standin.fail(429, times=2, retry_after="3")
    sleeps: list[float] = []
    with client_for(tmdb_standin, sleeps=sleeps) as c:
        body = c.get("movie/popular")
    assert body["page"] == 1 and len(body["results"]) == 20
    assert sleeps.count(3.0) == 2  # exactly what Retry-After asked, twice
    assert tmdb_standin.count("movie/popular") == 3


def test_429_asking_for_too_long_a_wait_gives_up_clearly(tmdb_standin):
    tmdb_standin.fail(429, retry_after="3600")
    with client_for(tmdb_standin) as c, pytest.raises(CatalogSourceError, match="try again later"):
        c.get("movie/popular")


def test_5xx_backs_off_exponentially_then_succeeds(tmdb_standin):
    tmdb_standin.fail(503, times=3)
    sleeps: list[float] = []
    with client_for(tmdb_standin, sleeps=sleeps, backoff=0.5) as c:
        assert c.get("movie/5001")["id"] == 5001
    assert [t for t in sleeps if t >= 0.1] == [0.5, 1.0, 2.0]  # (the rest: the 1 ms rate-limit spacing)


def test_persistent_5xx_ends_in_a_one_line_error(tmdb_standin):
    tmdb_standin.fail(500, times=10)
    with client_for(tmdb_standin, max_retries=2) as c, pytest.raises(CatalogSourceError) as info:
        c.get("movie/popular")
    assert str(info.value) == "TMDB is having trouble (HTTP 500)."
    assert tmdb_standin.count("movie/popular") == 3


def test_timeout_is_retried_then_reported(tmdb_standin):
    tmdb_standin.fail(200, times=1, delay=0.6)
    with client_for(tmdb_standin, timeout=0.2) as c:
        assert c.get("movie/popular")["page"] == 1  # the second attempt answers
    tmdb_standin.fail(200, times=5, delay=0.6)
    with client_for(tmdb_standin, timeout=0.2, max_retries=1) as c, pytest.raises(CatalogSourceError) as info:
        c.get("movie/top_rated")
    assert "did not answer in time" in str(info.value)


def test_no_network_is_a_clear_message(closed_port_url):
    client = TmdbClient(closed_port_url + "/3", api_key="k" * 32, sleep=lambda s: None, max_retries=1)
    with client, pytest.raises(CatalogSourceError, match=r"Cannot reach TMDB at 127\.0\.0\.1"):
        client.get("configuration")


def test_httpx_request_log_never_shows_the_key(tmdb_standin, caplog):
    caplog.set_level(logging.DEBUG)
    with client_for(tmdb_standin) as c:
        c.get("configuration")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "HTTP Request" in text  # httpx did log the request…
    assert tmdb_standin.api_key not in text  # …without the key
    assert redact(f"GET /3/x?api_key={tmdb_standin.api_key}&page=2") == "GET /3/x?api_key=***&page=2"


def test_page_past_500_is_refused_like_tmdb(tmdb_standin):
    with client_for(tmdb_standin) as c, pytest.raises(CatalogSourceError, match=r"HTTP 400.*Pages start at 1"):
        c.get("movie/popular", {"page": 501})


def test_retry_after_as_an_http_date(tmdb_standin):
    import datetime as dt
    from email.utils import format_datetime

    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    tmdb_standin.fail(429, retry_after=format_datetime(when, usegmt=True))
    sleeps: list[float] = []
    with client_for(tmdb_standin, sleeps=sleeps) as c:
        assert c.get("movie/popular")["page"] == 1
    assert any(3.0 <= t <= 5.0 for t in sleeps)
