"""Embeddings from OpenAI or any OpenAI-compatible server (Ollama, LM Studio, llama.cpp).

The ``openai`` client is imported lazily, on the first request. Requests stay within the
documented limits (2,048 inputs, 300,000 tokens per request, 8,192 tokens per input,
no empty strings) using an offline token estimate; ``tiktoken`` is not used because it
downloads its vocabulary at run time. Every failure becomes a known error whose message
names the server host and never contains the API key.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from ..errors import EmbeddingServiceError, QuotaExceededError
from ..redact import redact
from .base import ProgressFn, l2_normalize

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "text-embedding-3-small"

#: Output dimensions of OpenAI's embedding models (``dimensions`` can shorten the v3 ones).
KNOWN_DIMS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
#: Published prices in US dollars per million input tokens.
PRICE_PER_MILLION_USD = {
    "text-embedding-3-small": 0.02,
    "text-embedding-3-large": 0.13,
    "text-embedding-ada-002": 0.10,
}

MAX_INPUTS_PER_REQUEST = 2048
MAX_TOKENS_PER_REQUEST = 300_000
MAX_TOKENS_PER_INPUT = 8192
#: Our token count is an estimate, so batches and truncation aim 10 % below the limits.
SAFETY = 0.9
CHARS_PER_TOKEN = 4
#: Sent in place of blank texts, which the API rejects.
BLANK_PLACEHOLDER = "(empty)"
#: Key sent to servers that ignore keys (the client refuses to start without one).
DUMMY_KEY = "movierec-no-key"
PROBE_TEXT = "movie"
#: Extra requests allowed per batch when the server says a batch or an input is too long.
MAX_REFITS = 16
#: How OpenAI and compatible servers word "too many tokens" (400/413).
_TOO_LONG = re.compile(r"tokens|context length|too (long|large)", re.IGNORECASE)

OFFLINE_NOTE = "The local embedder, search over existing vectors and all offline features keep working."


def estimate_tokens(texts: Iterable[str]) -> int:
    """Offline token estimate for a run, capped per input as :meth:`OpenAIEmbedder.embed` sends it.

    Rule: every ASCII character counts 1/4 token (OpenAI's rule of thumb for English,
    about 4 characters per token) and every other character counts one token, an upper
    bound for CJK and conservative for accented or Cyrillic text.
    """
    return sum(min(max(_estimate(t), 1), MAX_TOKENS_PER_INPUT) for t in texts)


def estimate_cost_usd(model: str, tokens: int) -> float | None:
    """Price of embedding ``tokens`` tokens with an OpenAI model; ``None`` if the price is unknown."""
    price = PRICE_PER_MILLION_USD.get(model)
    return None if price is None else tokens * price / 1_000_000


def is_paid(base_url: str | None) -> bool:
    """Whether requests to ``base_url`` may be billed (``None`` means OpenAI).

    Servers on this machine or a private network (Ollama, LM Studio, llama.cpp) are free;
    OpenAI and any other remote host are treated as paid.
    """
    host = (urlsplit(base_url or DEFAULT_BASE_URL).hostname or "").lower()
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return False
    try:
        addr = ip_address(host)
    except ValueError:
        return True
    return not (addr.is_loopback or addr.is_private or addr.is_link_local)


def _estimate(text: str) -> int:
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return math.ceil((len(text) - non_ascii) / CHARS_PER_TOKEN) + non_ascii


def _truncate(text: str, max_tokens: int) -> str:
    """The longest prefix of ``text`` whose estimate fits ``max_tokens``."""
    if _estimate(text) <= max_tokens:
        return text
    lo, hi = 0, min(len(text), max_tokens * CHARS_PER_TOKEN)
    while lo < hi:  # the estimate grows with the prefix length: binary search
        mid = (lo + hi + 1) // 2
        if _estimate(text[:mid]) <= max_tokens:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def _slug(*parts: object) -> str:
    raw = "-".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^a-z0-9.]+", "-", raw.lower()).strip("-.")


def _is_openai_host(host: str) -> bool:
    return host == "openai.com" or host.endswith(".openai.com")


class OpenAIEmbedder:
    """An :class:`~.base.Embedder` backed by the OpenAI embeddings endpoint.

    ``dims`` is known for OpenAI's models (or given by ``dimensions``); for other models
    it is discovered by embedding one probe text the first time ``dims``, ``name`` or
    ``fingerprint`` is read.
    """

    def __init__(
        self,
        api_key: str | None,
        model: str = DEFAULT_MODEL,
        dimensions: int | None = None,
        base_url: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 2,
    ) -> None:
        self.model = model
        self.dimensions = dimensions
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EmbeddingServiceError(
                f"The embedding server address {self.base_url!r} is not a URL like http://localhost:11434/v1."
            )
        self._hostname = parts.hostname.lower()
        self.host = self._hostname if parts.port is None else f"{self._hostname}:{parts.port}"
        self._port = parts.port
        self._path = parts.path
        #: The base URL without any user:password part, for messages and the fingerprint.
        self.display_url = f"{parts.scheme}://{self.host}{parts.path}"
        self.is_openai = _is_openai_host(self._hostname)
        if not api_key and self.is_openai:
            raise EmbeddingServiceError(
                "No OpenAI API key: set the OPENAI_API_KEY environment variable or enter the key "
                "in the Settings dialog (it is kept in the system keyring)."
            )
        self._api_key = api_key or DUMMY_KEY
        self.timeout = timeout
        self.max_retries = max_retries
        self._dims = dimensions or KNOWN_DIMS.get(model)
        self._client: Any = None

    # -- identity -------------------------------------------------------------------
    @property
    def dims(self) -> int:
        if self._dims is None:
            self._dims = self._request([PROBE_TEXT]).shape[1]
        return self._dims

    @property
    def name(self) -> str:
        if self.is_openai:
            return _slug("openai", self.model, self.dims)
        return _slug("compat", self._hostname, self._port, self.model, self.dims)

    @property
    def fingerprint(self) -> str:
        return f"openai-api:{self.model}:{self.dims}@{self.display_url}"

    def __repr__(self) -> str:  # never show the key
        return f"OpenAIEmbedder(model={self.model!r}, dimensions={self.dimensions!r}, base_url={self.display_url!r})"

    # -- embedding ------------------------------------------------------------------
    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        """Embed ``texts`` in as few requests as the limits allow; rows are unit length, in input order."""
        limit = int(MAX_TOKENS_PER_INPUT * SAFETY)
        prepared = [_truncate(t, limit) if t.strip() else BLANK_PLACEHOLDER for t in texts]
        if not prepared:
            return np.empty((0, self.dims), dtype=np.float32)
        parts: list[np.ndarray] = []
        done = 0
        for batch in self._batches(prepared):
            parts.append(self._embed_fitting(batch))
            done += len(batch)
            if progress is not None:
                progress(done, len(prepared))
        return l2_normalize(np.concatenate(parts))

    def _batches(self, texts: list[str]) -> Iterable[list[str]]:
        budget = int(MAX_TOKENS_PER_REQUEST * SAFETY)
        batch: list[str] = []
        tokens = 0
        for text in texts:
            cost = _estimate(text)
            if batch and (len(batch) >= MAX_INPUTS_PER_REQUEST or tokens + cost > budget):
                yield batch
                batch, tokens = [], 0
            batch.append(text)
            tokens += cost
        if batch:
            yield batch

    def _embed_fitting(self, batch: list[str]) -> np.ndarray:
        """One request; if the server counts more tokens than we estimated, halve and retry."""
        refits = MAX_REFITS

        def fit(texts: list[str]) -> np.ndarray:
            nonlocal refits
            try:
                return self._request(texts)
            except _TooManyTokens as exc:
                refits -= 1
                if refits < 0:
                    raise EmbeddingServiceError(
                        f"{self.host} keeps refusing the input as too long, even after shortening it: {exc}"
                    ) from None
            if len(texts) > 1:
                mid = len(texts) // 2
                return np.concatenate([fit(texts[:mid]), fit(texts[mid:])])
            return fit([texts[0][: max(1, len(texts[0]) // 2)]])

        return fit(batch)

    def _request(self, batch: list[str]) -> np.ndarray:
        import openai

        kwargs: dict[str, Any] = {"model": self.model, "input": batch}
        if self.dimensions is not None:
            kwargs["dimensions"] = self.dimensions
        try:
            response = self._get_client().embeddings.create(**kwargs)
        except openai.APIError as exc:
            raise self._translate(exc) from None
        except ValueError as exc:  # "No embedding data received", or a body that fails validation
            raise EmbeddingServiceError(f"{self.host} sent an unusable answer: {self._scrub(str(exc))[:200]}") from None
        return self._rows(response.data, len(batch))

    def _rows(self, data: list[Any], expected: int) -> np.ndarray:
        data = sorted(data, key=lambda d: d.index)
        if [d.index for d in data] != list(range(expected)):
            raise EmbeddingServiceError(
                f"{self.host} returned {len(data)} embeddings for {expected} texts; the server looks incompatible."
            )
        matrix = np.asarray([d.embedding for d in data], dtype=np.float32)
        if matrix.ndim != 2 or not matrix.shape[1]:
            raise EmbeddingServiceError(f"{self.host} returned malformed embeddings.")
        if self._dims is not None and matrix.shape[1] != self._dims:
            raise EmbeddingServiceError(
                f"{self.host} returned {matrix.shape[1]}-dimensional vectors for {self.model!r}, "
                f"expected {self._dims}; check the model and dimensions settings."
            )
        return matrix

    def _get_client(self) -> Any:
        if self._client is None:
            import httpx2
            import openai

            self._client = openai.OpenAI(
                api_key=self._api_key,
                base_url=self.base_url,
                timeout=httpx2.Timeout(self.timeout, connect=min(self.timeout, 5.0)),
                max_retries=self.max_retries,
                http_client=openai.DefaultHttpx2Client(event_hooks={"response": [_refuse_quota_retries]}),
            )
        return self._client

    # -- errors ---------------------------------------------------------------------
    def _translate(self, exc: Exception) -> EmbeddingServiceError:
        import openai

        attempts = _attempts(exc)
        if isinstance(exc, openai.APITimeoutError):
            return EmbeddingServiceError(
                f"No answer from the embedding server {self.host} within {self.timeout:g} s ({attempts}). "
                f"Check the server or your connection. {OFFLINE_NOTE}"
            )
        if isinstance(exc, openai.APIConnectionError):
            return EmbeddingServiceError(
                f"Cannot reach the embedding server {self.host} ({self._cause(exc)}). "
                f"Check the address and your network. {OFFLINE_NOTE}"
            )
        if not isinstance(exc, openai.APIStatusError):
            return EmbeddingServiceError(f"{self.host} sent an unexpected answer: {self._scrub(str(exc))}")
        status = exc.status_code
        if isinstance(exc, openai.RateLimitError) and _is_quota_error(exc.body):
            return QuotaExceededError(
                f"The account behind the API key has no quota left at {self.host} (insufficient_quota). "
                "Add credit in the OpenAI billing settings or switch to the local embedder."
            )
        if status == 401:
            return EmbeddingServiceError(
                f"{self.host} refused the API key (401). Set a valid key in the OPENAI_API_KEY "
                "environment variable or in the Settings dialog."
            )
        if status == 429:
            wait = exc.response.headers.get("retry-after")
            hint = f" The server asks to wait {wait} s." if wait else " Wait a minute and try again."
            return EmbeddingServiceError(f"Rate limited by {self.host} (429) {attempts}.{hint}")
        if status == 404:
            if not self._path.endswith("/v1"):
                return EmbeddingServiceError(
                    f"{self.host} has no {self._path}/embeddings endpoint (404). OpenAI-compatible "
                    f"servers expect the base URL to end in /v1, e.g. {self.display_url}/v1."
                )
            return EmbeddingServiceError(
                f"{self.host} does not know the model {self.model!r} (404): {self._server_message(exc)}"
            )
        if status in (400, 413) and _TOO_LONG.search(self._server_message(exc)):
            return _TooManyTokens(self._server_message(exc))
        if status >= 500:
            return EmbeddingServiceError(
                f"The embedding server {self.host} failed ({status}) {attempts}; try again later. {OFFLINE_NOTE}"
            )
        return EmbeddingServiceError(f"{self.host} rejected the request ({status}): {self._server_message(exc)}")

    def _server_message(self, exc: Any) -> str:
        body = exc.body
        message = body.get("message") if isinstance(body, dict) else None
        return self._scrub(str(message or exc.message))[:300]

    def _scrub(self, text: str) -> str:
        return redact(text, [self._api_key] if self._api_key != DUMMY_KEY else [])

    def _cause(self, exc: BaseException) -> str:
        while exc.__cause__ is not None:
            exc = exc.__cause__
        return self._scrub(str(exc) or type(exc).__name__)[:160]


class _TooManyTokens(EmbeddingServiceError):
    """The server counted more tokens than our estimate allowed for (handled by splitting)."""


def _attempts(exc: Any) -> str:
    """Say "after N attempts", read from the retry counter the client puts on each request."""
    try:
        count = int(exc.request.headers.get("x-stainless-retry-count", "")) + 1
    except (AttributeError, TypeError, ValueError):
        return "despite retries"
    return f"after {count} attempt{'s' if count != 1 else ''}"


def _is_quota_error(body: object) -> bool:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):  # unwrapped or not
        body = body["error"]
    return isinstance(body, dict) and "insufficient_quota" in (body.get("code"), body.get("type"))


def _refuse_quota_retries(response: Any) -> None:
    """httpx response hook: mark ``insufficient_quota`` 429s as not retryable.

    The client retries every 429, but an empty account stays empty; it obeys the
    ``x-should-retry`` header, so setting it to ``false`` makes the 429 raise at once.
    """
    if response.status_code != 429:
        return
    response.read()
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return
    if _is_quota_error(body):
        response.headers["x-should-retry"] = "false"
