"""A loopback stand-in for the OpenAI embeddings API (CONTRACTS.md section C).

``POST /v1/embeddings`` only; everything else is a 404 in OpenAI's error shape
``{"error": {"message", "type", "param", "code"}}``. It checks the key, the documented
limits (2,048 inputs, 8,192 tokens each, 300,000 per request, no empty strings) and
answers base64 (little-endian float32) or float lists. Vectors are deterministic: a
hashed bag of words, so texts sharing words get similar vectors.

Failures are scripted: push responses with :meth:`OpenAIStandIn.push` (or the helpers)
and each request takes the next one before normal handling. Every request, scripted or
not, lands in :attr:`OpenAIStandIn.requests`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import re
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np

OPENAI_MODELS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}
_WORD = re.compile(r"\w+|[^\w\s]")


def count_tokens(text: str) -> int:
    """The stand-in's tokenizer: one token per 6 word characters, one per punctuation mark."""
    return sum(math.ceil(len(piece) / 6) for piece in _WORD.findall(text))


@lru_cache(maxsize=65536)
def _word_vector(word: str, dims: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    return np.random.default_rng(seed).standard_normal(dims).astype(np.float32)


def bag_of_words_vector(text: str, dims: int) -> np.ndarray:
    """Deterministic, unnormalized: the sum of one fixed random vector per lowercased word."""
    counts = Counter(re.findall(r"\w+", text.lower()) or [text])
    return np.sum([n * _word_vector(w, dims) for w, n in counts.items()], axis=0)


def expected_vector(text: str, model: str, dimensions: int | None = None, dims: int = 768) -> np.ndarray:
    """The unit vector the stand-in serves for ``text`` (what the embedder must return)."""
    full = OPENAI_MODELS.get(model, dims)
    vec = bag_of_words_vector(text, full)[: dimensions or full]
    return (vec / np.linalg.norm(vec)).astype(np.float32)


def error_body(message: str, type_: str = "invalid_request_error", code: str | None = None, param=None) -> dict:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


@dataclass
class Scripted:
    """One injected answer; ``delay`` seconds pass first. ``status=None`` means answer normally."""

    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class LoggedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int | None = None  # filled in once answered

    @property
    def inputs(self) -> list[str]:
        raw = self.body.get("input") if isinstance(self.body, dict) else None
        return [raw] if isinstance(raw, str) else list(raw or [])


class OpenAIStandIn:
    """Threaded loopback server; use as a context manager or call :meth:`start`/:meth:`stop`.

    ``api_key=None`` accepts any key (like Ollama). ``other_dims`` is the size of every
    model OpenAI does not have (``None``: such models are a 404, as at OpenAI);
    ``normalize=False`` serves raw vectors and ``ignore_dimensions`` full-size ones (as
    some local servers do); ``float_only`` ignores ``encoding_format``; ``shuffle``
    returns ``data`` out of order (each item keeps its ``index``); the ``max_*`` limits
    can be lowered.
    """

    def __init__(
        self,
        api_key: str | None = "sk-standin-0123456789abcdefSECRET",
        other_dims: int | None = None,
        normalize: bool = True,
        ignore_dimensions: bool = False,
        float_only: bool = False,
        shuffle: bool = False,
        max_inputs: int = 2048,
        max_input_tokens: int = 8192,
        max_request_tokens: int = 300_000,
    ) -> None:
        self.api_key = api_key
        self.other_dims = other_dims
        self.normalize = normalize
        self.ignore_dimensions = ignore_dimensions
        self.float_only = float_only
        self.shuffle = shuffle
        self.max_inputs = max_inputs
        self.max_input_tokens = max_input_tokens
        self.max_request_tokens = max_request_tokens
        self.requests: list[LoggedRequest] = []
        self.script: deque[Scripted] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="openai-standin", daemon=True
        )

    # -- lifecycle -------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def start(self) -> OpenAIStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> OpenAIStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting -------------------------------------------------------------------
    def push(self, *answers: Scripted) -> None:
        self.script.extend(answers)

    def rate_limit(self, times: int = 1, retry_after_ms: int | None = 20) -> None:
        headers = {"retry-after-ms": str(retry_after_ms)} if retry_after_ms is not None else {}
        body = error_body(
            "Rate limit reached for requests. Please try again in 20ms.", "requests", "rate_limit_exceeded"
        )
        self.push(*(Scripted(429, body, headers) for _ in range(times)))

    def insufficient_quota(self) -> None:
        body = error_body(
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota",
            "insufficient_quota",
        )
        self.push(Scripted(429, body))

    def server_error(self, times: int = 1, status: int = 500) -> None:
        body = error_body("The server had an error while processing your request.", "server_error")
        self.push(*(Scripted(status, body) for _ in range(times)))

    def slow(self, seconds: float, times: int = 1) -> None:
        self.push(*(Scripted(delay=seconds) for _ in range(times)))

    # -- the API ---------------------------------------------------------------------
    def handle(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, Any, dict]:
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        logged = LoggedRequest(method, path, headers, body)
        with self._lock:
            self.requests.append(logged)
            scripted = self.script.popleft() if self.script else None
        answer = self._answer(method, path, headers, body, scripted)
        logged.status = answer[0]
        return answer

    def _answer(self, method: str, path: str, headers: dict, body: Any, scripted: Scripted | None) -> tuple:
        if scripted is not None:
            time.sleep(scripted.delay)
            if scripted.status is not None:
                return scripted.status, scripted.body, scripted.headers
        if (method, path) != ("POST", "/v1/embeddings"):
            return 404, error_body(f"Invalid URL ({method} {path})"), {}
        if self.api_key is not None and headers.get("authorization") != f"Bearer {self.api_key}":
            return 401, self._bad_key(headers.get("authorization", "")), {}
        if not isinstance(body, dict):
            return 400, error_body("We could not parse the JSON body of your request."), {}
        return self._embeddings(body)

    def _bad_key(self, auth: str) -> dict:
        key = auth.removeprefix("Bearer ")
        shown = f"{key[:3]}***{key[-4:]}" if len(key) > 8 else "***"
        return error_body(
            f"Incorrect API key provided: {shown}. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            code="invalid_api_key",
        )

    def _embeddings(self, body: dict) -> tuple[int, Any, dict]:
        model, raw_input = body.get("model"), body.get("input")
        inputs = [raw_input] if isinstance(raw_input, str) else raw_input
        if not isinstance(model, str) or not isinstance(inputs, list) or not all(isinstance(t, str) for t in inputs):
            return 400, error_body("'model' and 'input' (a string or a list of strings) are required."), {}
        if not inputs or any(t == "" for t in inputs):
            return 400, error_body("'$.input' is invalid: empty strings are not allowed.", param="input"), {}
        if len(inputs) > self.max_inputs:
            return 400, error_body(f"Too many inputs. The max number of inputs is {self.max_inputs}."), {}
        counts = [count_tokens(t) for t in inputs]
        if max(counts) > self.max_input_tokens:
            message = (
                f"This model's maximum context length is {self.max_input_tokens} tokens, however you requested "
                f"{max(counts)} tokens. Please reduce your prompt."
            )
            return 400, error_body(message, param="input"), {}
        if sum(counts) > self.max_request_tokens:
            message = f"Requested {sum(counts)} tokens, max {self.max_request_tokens} tokens per request"
            return 400, error_body(message, param="input", code="max_tokens_per_request"), {}
        dims = OPENAI_MODELS.get(model, self.other_dims)
        if dims is None:
            message = f"The model `{model}` does not exist or you do not have access to it."
            return 404, error_body(message, code="model_not_found"), {}
        dimensions = body.get("dimensions")
        if dimensions is not None and not self.ignore_dimensions:
            if model == "text-embedding-ada-002":
                return 400, error_body("This model does not support specifying dimensions.", param="dimensions"), {}
            if not isinstance(dimensions, int) or not 1 <= dimensions <= dims:
                return 400, error_body(f"Invalid 'dimensions': must be 1..{dims}.", param="dimensions"), {}
            dims = dimensions
        data = [
            {"object": "embedding", "index": i, "embedding": self._encode(self._vector(t, model, dims), body)}
            for i, t in enumerate(inputs)
        ]
        if self.shuffle:
            random.Random(len(inputs)).shuffle(data)
        usage = {"prompt_tokens": sum(counts), "total_tokens": sum(counts)}
        return 200, {"object": "list", "data": data, "model": model, "usage": usage}, {}

    def _vector(self, text: str, model: str, dims: int) -> np.ndarray:
        vec = bag_of_words_vector(text, OPENAI_MODELS.get(model) or self.other_dims or dims)[:dims]
        if self.normalize or model in OPENAI_MODELS:
            vec = vec / np.linalg.norm(vec)
        return vec.astype("<f4")

    def _encode(self, vec: np.ndarray, body: dict) -> str | list[float]:
        if body.get("encoding_format") == "base64" and not self.float_only:
            return base64.b64encode(vec.tobytes()).decode("ascii")
        return vec.tolist()


def _make_handler(server: OpenAIStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, body, extra = server.handle(self.command, self.path, headers, raw)
            payload = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

    return Handler
