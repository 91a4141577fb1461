"""A loopback Pinecone emulator (CONTRACTS.md sections A, B and E), driven by the real SDK.

One control-plane server (``url``) answers ``/indexes``; every index it creates gets its
own data-plane server on another loopback port, returned as ``"host": "http://127.0.0.1:PORT"``
(with the scheme: the SDK turns a bare host into https). Index models use the API 2026-07
shape (``schema`` + ``deployment``) and are ready at once, so ``create_index`` never polls.

Data plane: upsert, query (by vector or id, with metadata filters), fetch, delete (ids,
filter, deleteAll), describe_index_stats and paginated list. Scores are exact (cosine,
dot product, or squared euclidean distance). The documented limits are enforced, strictly
(decimal units): requests over 2 MB → 413, over 1,000 vectors per upsert, a wrong
dimension, metadata over 40 KB or of another type, over 1,000 ids per fetch/delete → 400.
Errors use Pinecone's envelope ``{"error": {"code", "message"}, "status"}``.

Failures are scripted: :meth:`PineconeEmulator.push` queues answers (status, body,
headers, delay) that matching requests take before normal handling. Every request lands
in :attr:`PineconeEmulator.requests` with its method, path, query, headers, body and status.
"""

from __future__ import annotations

import base64
import json
import math
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np

MAX_REQUEST_BYTES = 2_000_000
MAX_UPSERT_VECTORS = 1000
MAX_METADATA_BYTES = 40_000
MAX_IDS_PER_REQUEST = 1000
MAX_TOP_K = 10_000
MAX_DIMENSION = 20_000
MAX_LIST_LIMIT = 100
METRICS = ("cosine", "dotproduct", "euclidean")
CONTROL = "control"
_INDEX_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,43}[a-z0-9])?$")
_CODES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    413: "REQUEST_TOO_LARGE",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


class ApiFailure(Exception):
    """Raised inside a handler to answer with Pinecone's error envelope."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code or _CODES.get(status, "UNKNOWN")


def error_body(status: int, message: str, code: str | None = None) -> dict:
    return {"error": {"code": code or _CODES.get(status, "UNKNOWN"), "message": message}, "status": status}


@dataclass
class Scripted:
    """One injected answer. ``delay`` seconds pass first; ``status=None`` then answers normally.

    ``target`` (``"control"`` or an index name) and ``path`` (a prefix) restrict which
    requests take it; ``None`` matches any.
    """

    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    target: str | None = None
    path: str | None = None

    def matches(self, target: str, path: str) -> bool:
        return (self.target is None or self.target == target) and (self.path is None or path.startswith(self.path))


@dataclass
class LoggedRequest:
    target: str  # "control" or the index name
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lowercased names
    body: Any
    size: int  # bytes of the raw body
    status: int | None = None  # filled in once answered
    scripted: bool = False


@dataclass
class Record:
    values: np.ndarray  # float32
    metadata: dict[str, Any] | None


@dataclass
class IndexState:
    name: str
    dimension: int
    metric: str
    field_name: str
    deployment: dict
    deletion_protection: str = "disabled"
    tags: dict | None = None
    namespaces: dict[str, dict[str, Record]] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None

    @property
    def host(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def model(self) -> dict:
        """The 2026-07 IndexModel, ready at once."""
        return {
            "name": self.name,
            "host": self.host,
            "status": {"ready": True, "state": "Ready"},
            "schema": {
                "fields": {
                    self.field_name: {
                        "type": "dense_vector",
                        "dimension": self.dimension,
                        "metric": self.metric,
                        "description": None,
                    }
                }
            },
            "deployment": self.deployment,
            "read_capacity": {"mode": "OnDemand", "status": {"state": "Ready"}},
            "deletion_protection": self.deletion_protection,
            "tags": self.tags,
        }

    def vectors(self, namespace: str) -> dict[str, Record]:
        return self.namespaces.get(namespace, {})


class PineconeEmulator:
    """Threaded loopback Pinecone; use as a context manager or call :meth:`start`/:meth:`stop`.

    ``api_key=None`` accepts any key (as Pinecone Local does). The limits can be lowered
    per instance to exercise a client's batching.
    """

    def __init__(
        self,
        api_key: str | None = "pcsk_emulator_0123456789_SECRET",
        *,
        max_request_bytes: int = MAX_REQUEST_BYTES,
        max_upsert_vectors: int = MAX_UPSERT_VECTORS,
        max_metadata_bytes: int = MAX_METADATA_BYTES,
        max_ids: int = MAX_IDS_PER_REQUEST,
    ) -> None:
        self.api_key = api_key
        self.max_request_bytes = max_request_bytes
        self.max_upsert_vectors = max_upsert_vectors
        self.max_metadata_bytes = max_metadata_bytes
        self.max_ids = max_ids
        self.requests: list[LoggedRequest] = []
        self.script: deque[Scripted] = deque()
        self.indexes: dict[str, IndexState] = {}
        self._lock = threading.RLock()
        self._servers: list[ThreadingHTTPServer] = []
        self._control = self._serve(CONTROL)

    # -- lifecycle -------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._control.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> PineconeEmulator:
        return self  # servers start serving when created

    def stop(self) -> None:
        with self._lock:
            servers, self._servers = self._servers, []
        for server in servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> PineconeEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self, target: str) -> ThreadingHTTPServer:
        server = _QuietServer(("127.0.0.1", 0), _make_handler(self, target))
        server.daemon_threads = True
        server.block_on_close = False
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name=f"pinecone-{target}", daemon=True
        ).start()
        with self._lock:
            self._servers.append(server)
        return server

    # -- scripting and inspection ------------------------------------------------------
    def push(self, *answers: Scripted) -> None:
        with self._lock:
            self.script.extend(answers)

    def fail(
        self,
        status: int,
        times: int = 1,
        *,
        path: str | None = None,
        target: str | None = None,
        headers: dict[str, str] | None = None,
        message: str | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` (e.g. 429, 500, 503)."""
        body = error_body(status, message or f"Injected failure ({status})")
        self.push(*(Scripted(status, body, dict(headers or {}), 0.0, target, path) for _ in range(times)))

    def slow(self, seconds: float, times: int = 1, *, path: str | None = None, target: str | None = None) -> None:
        """Delay the next ``times`` matching requests (for client timeouts), then answer normally."""
        self.push(*(Scripted(delay=seconds, target=target, path=path) for _ in range(times)))

    def create_index(
        self, name: str, dimension: int, metric: str = "cosine", field_name: str = "_values"
    ) -> IndexState:
        """Create an index directly (no request logged), e.g. one with the wrong dimension."""
        with self._lock:
            state = IndexState(
                name,
                dimension,
                metric,
                field_name,
                {"deployment_type": "managed", "cloud": "aws", "region": "us-east-1"},
            )
            state.server = self._serve(name)
            self.indexes[name] = state
            return state

    def index(self, name: str) -> IndexState:
        return self.indexes[name]

    def delete_index(self, name: str) -> None:
        """Drop an index directly (no request logged), as if someone deleted it in the console."""
        with self._lock:
            self._drop_server(self.indexes.pop(name))

    def calls(
        self, target: str | None = None, method: str | None = None, path: str | None = None
    ) -> list[LoggedRequest]:
        """Logged requests filtered by target, method and exact path."""
        return [
            r
            for r in list(self.requests)
            if (target is None or r.target == target)
            and (method is None or r.method == method)
            and (path is None or r.path == path)
        ]

    def upserted_ids(self, index: str | None = None) -> list[str]:
        """Every vector id sent in answered-200 upserts, in request order (duplicates kept)."""
        return [
            v["id"] for r in self.calls(index, "POST", "/vectors/upsert") if r.status == 200 for v in r.body["vectors"]
        ]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- dispatch --------------------------------------------------------------------
    def handle(
        self, target: str, method: str, raw_path: str, headers: dict[str, str], raw: bytes
    ) -> tuple[int, Any, dict]:
        split = urlsplit(raw_path)
        path, query = unquote(split.path), parse_qs(split.query, keep_blank_values=True)
        body: Any = None
        if raw and len(raw) <= self.max_request_bytes:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
        logged = LoggedRequest(target, method, path, query, headers, body, len(raw))
        with self._lock:
            self.requests.append(logged)
            scripted = next((s for s in self.script if s.matches(target, path)), None)
            if scripted is not None:
                self.script.remove(scripted)
        status, payload, extra = self._answer(target, method, path, query, headers, raw, body, scripted)
        logged.status, logged.scripted = status, scripted is not None and scripted.status is not None
        return status, payload, extra

    def _answer(self, target, method, path, query, headers, raw, body, scripted) -> tuple[int, Any, dict]:
        if scripted is not None:
            time.sleep(scripted.delay)
            if scripted.status is not None:
                return scripted.status, scripted.body, scripted.headers
        try:
            if self.api_key is not None and headers.get("api-key") != self.api_key:
                raise ApiFailure(401, "Invalid API Key")
            if len(raw) > self.max_request_bytes:
                raise ApiFailure(
                    413, f"Request size {len(raw)} bytes exceeds the limit of {self.max_request_bytes} bytes"
                )
            if raw and not isinstance(body, dict):
                raise ApiFailure(400, "The request body is not a JSON object")
            body = body or {}
            with self._lock:
                if target == CONTROL:
                    return self._control_plane(method, path, body)
                state = self.indexes.get(target)
                if state is None:
                    raise ApiFailure(404, f"Index {target} not found")
                return self._data_plane(state, method, path, query, body)
        except ApiFailure as exc:
            return exc.status, error_body(exc.status, exc.message, exc.code), {}

    # -- control plane ---------------------------------------------------------------
    def _control_plane(self, method: str, path: str, body: dict) -> tuple[int, Any, dict]:
        parts = [p for p in path.split("/") if p]
        if parts == ["indexes"] and method == "GET":
            return 200, {"indexes": [s.model() for s in self.indexes.values()]}, {}
        if parts == ["indexes"] and method == "POST":
            state = self._create_from_request(body)
            return 201, state.model(), {}
        if len(parts) == 2 and parts[0] == "indexes":
            state = self.indexes.get(parts[1])
            if state is None:
                raise ApiFailure(404, f"Resource {parts[1]} not found")
            if method == "GET":
                return 200, state.model(), {}
            if method == "DELETE":
                if state.deletion_protection == "enabled":
                    raise ApiFailure(403, f"Deletion protection is enabled for index {state.name}")
                del self.indexes[state.name]
                self._drop_server(state)
                return 202, None, {}
        raise ApiFailure(404, f"Unknown route {method} {path}")

    def _create_from_request(self, body: dict) -> IndexState:
        name = body.get("name")
        if not isinstance(name, str) or not _INDEX_NAME.match(name):
            raise ApiFailure(400, "Index name must be 1-45 lowercase alphanumeric characters or '-'")
        fields = (body.get("schema") or {}).get("fields")
        if not isinstance(fields, dict) or not fields:
            raise ApiFailure(400, "schema.fields is required")
        dense = [(k, v) for k, v in fields.items() if isinstance(v, dict) and v.get("type") == "dense_vector"]
        if len(dense) != 1:
            raise ApiFailure(400, "The emulator serves exactly one dense_vector field")
        field_name, spec = dense[0]
        dimension, metric = spec.get("dimension"), spec.get("metric") or "cosine"
        if not isinstance(dimension, int) or not 1 <= dimension <= MAX_DIMENSION:
            raise ApiFailure(400, f"Dimension must be an integer between 1 and {MAX_DIMENSION}")
        if metric not in METRICS:
            raise ApiFailure(400, f"Metric must be one of {', '.join(METRICS)}")
        deployment = body.get("deployment")
        if not isinstance(deployment, dict) or not deployment.get("deployment_type"):
            raise ApiFailure(400, "deployment is required")
        if name in self.indexes:
            raise ApiFailure(409, f"Resource {name} already exists")
        state = self.create_index(name, dimension, metric, field_name)
        state.deployment = deployment
        state.deletion_protection = body.get("deletion_protection") or "disabled"
        state.tags = body.get("tags")
        return state

    def _drop_server(self, state: IndexState) -> None:
        server = state.server
        if server is None:
            return
        with self._lock:
            if server in self._servers:
                self._servers.remove(server)
        # Shut down off-thread: this very request is being served by that server.
        threading.Thread(target=lambda: (server.shutdown(), server.server_close()), daemon=True).start()

    # -- data plane ------------------------------------------------------------------
    def _data_plane(self, state: IndexState, method: str, path: str, query: dict, body: dict) -> tuple[int, Any, dict]:
        route = (method, path)
        if route == ("POST", "/vectors/upsert"):
            return 200, self._upsert(state, body), {}
        if route == ("POST", "/query"):
            return 200, self._query(state, body), {}
        if route == ("GET", "/vectors/fetch"):
            return 200, self._fetch(state, query), {}
        if route == ("POST", "/vectors/delete"):
            return 200, self._delete(state, body), {}
        if route == ("POST", "/describe_index_stats"):
            return 200, self._stats(state, body), {}
        if route == ("GET", "/vectors/list"):
            return 200, self._list(state, query), {}
        raise ApiFailure(404, f"Unknown route {method} {path}")

    def _upsert(self, state: IndexState, body: dict) -> dict:
        vectors, namespace = body.get("vectors"), _namespace(body.get("namespace"))
        if not isinstance(vectors, list) or not vectors:
            raise ApiFailure(400, "vectors must be a non-empty list")
        if len(vectors) > self.max_upsert_vectors:
            raise ApiFailure(
                400, f"Upsert batch of {len(vectors)} vectors exceeds the limit of {self.max_upsert_vectors}"
            )
        records: dict[str, Record] = {}
        for i, v in enumerate(vectors):
            if not isinstance(v, dict):
                raise ApiFailure(400, f"vectors[{i}] must be an object")
            vid = _vector_id(v.get("id"), f"vectors[{i}].id")
            values = v.get("values")
            if not isinstance(values, list) or not all(_is_number(x) for x in values):
                raise ApiFailure(400, f"vectors[{i}].values must be a list of numbers")
            if len(values) != state.dimension:
                raise ApiFailure(
                    400, f"Vector dimension {len(values)} does not match the dimension of the index {state.dimension}"
                )
            metadata = v.get("metadata")
            if metadata is not None:
                self._check_metadata(metadata, vid)
            records[vid] = Record(np.asarray(values, dtype=np.float32), metadata or None)
        state.namespaces.setdefault(namespace, {}).update(records)
        return {"upsertedCount": len(vectors)}

    def _check_metadata(self, metadata: Any, vid: str) -> None:
        if not isinstance(metadata, dict):
            raise ApiFailure(400, f"Metadata of vector {vid} must be an object")
        size = len(json.dumps(metadata, separators=(",", ":"), ensure_ascii=False).encode())
        if size > self.max_metadata_bytes:
            raise ApiFailure(
                400,
                f"Metadata size is {size} bytes, which exceeds the limit of {self.max_metadata_bytes} bytes per vector",
            )
        for key, value in metadata.items():
            ok = (
                isinstance(value, (str, bool))
                or _is_number(value)
                or (isinstance(value, list) and all(isinstance(x, str) for x in value))
            )
            if not ok:
                raise ApiFailure(
                    400, f"Metadata value for field {key!r} must be a string, number, boolean or list of strings"
                )

    def _query(self, state: IndexState, body: dict) -> dict:
        top_k, namespace = body.get("topK"), _namespace(body.get("namespace"))
        if not isinstance(top_k, int) or isinstance(top_k, bool) or not 1 <= top_k <= MAX_TOP_K:
            raise ApiFailure(400, f"topK must be an integer between 1 and {MAX_TOP_K}")
        vectors = state.vectors(namespace)
        if "vector" in body and "id" in body:
            raise ApiFailure(400, "Provide either vector or id, not both")
        if "vector" in body:
            query = body["vector"]
            if not isinstance(query, list) or not all(_is_number(x) for x in query):
                raise ApiFailure(400, "vector must be a list of numbers")
            if len(query) != state.dimension:
                raise ApiFailure(
                    400,
                    f"Query vector dimension {len(query)} does not match the dimension of the index {state.dimension}",
                )
            qvec = np.asarray(query, dtype=np.float64)
        elif "id" in body:
            found = vectors.get(_vector_id(body["id"], "id"))
            if found is None:
                return {"matches": [], "namespace": namespace, "usage": {"readUnits": 1}}
            qvec = found.values.astype(np.float64)
        else:
            raise ApiFailure(400, "Provide a vector or an id to query by")
        flt = body.get("filter")
        if flt is not None:
            _validate_filter(flt)
        candidates = [(vid, r) for vid, r in vectors.items() if flt is None or _matches(flt, r.metadata or {})]
        scored = [(vid, r, _score(state.metric, qvec, r.values)) for vid, r in candidates]
        if state.metric == "euclidean":
            scored.sort(key=lambda t: (t[2], t[0]))
        else:
            scored.sort(key=lambda t: (-t[2], t[0]))
        matches = []
        for vid, r, score in scored[:top_k]:
            match: dict[str, Any] = {
                "id": vid,
                "score": score,
                "values": r.values.tolist() if body.get("includeValues") else [],
            }
            if body.get("includeMetadata") and r.metadata:
                match["metadata"] = r.metadata
            matches.append(match)
        return {"matches": matches, "namespace": namespace, "usage": {"readUnits": 1 + len(vectors) // 1000}}

    def _fetch(self, state: IndexState, query: dict) -> dict:
        ids, namespace = query.get("ids", []), _namespace((query.get("namespace") or [""])[0])
        if not ids:
            raise ApiFailure(400, "ids is required")
        if len(ids) > self.max_ids:
            raise ApiFailure(400, f"Fetch of {len(ids)} ids exceeds the limit of {self.max_ids}")
        vectors = state.vectors(namespace)
        out = {}
        for vid in ids:
            r = vectors.get(vid)
            if r is not None:
                out[vid] = {"id": vid, "values": r.values.tolist(), **({"metadata": r.metadata} if r.metadata else {})}
        return {"vectors": out, "namespace": namespace, "usage": {"readUnits": 1}}

    def _delete(self, state: IndexState, body: dict) -> dict:
        namespace = _namespace(body.get("namespace"))
        ids, flt, delete_all = body.get("ids"), body.get("filter"), body.get("deleteAll")
        if sum(x is not None and x is not False for x in (ids, flt, delete_all)) != 1:
            raise ApiFailure(400, "Provide exactly one of ids, filter or deleteAll")
        vectors = state.namespaces.get(namespace, {})
        if delete_all:
            state.namespaces.pop(namespace, None)
        elif ids is not None:
            if not isinstance(ids, list) or not ids:
                raise ApiFailure(400, "ids must be a non-empty list")
            if len(ids) > self.max_ids:
                raise ApiFailure(400, f"Delete of {len(ids)} ids exceeds the limit of {self.max_ids}")
            for vid in ids:
                vectors.pop(_vector_id(vid, "ids[]"), None)
        else:
            _validate_filter(flt)
            for vid in [vid for vid, r in vectors.items() if _matches(flt, r.metadata or {})]:
                del vectors[vid]
        if namespace in state.namespaces and not state.namespaces[namespace]:
            del state.namespaces[namespace]
        return {}

    def _stats(self, state: IndexState, body: dict) -> dict:
        flt = body.get("filter")
        if flt is not None:
            _validate_filter(flt)
        counts = {
            ns: sum(1 for r in vecs.values() if flt is None or _matches(flt, r.metadata or {}))
            for ns, vecs in state.namespaces.items()
        }
        return {
            "namespaces": {ns: {"vectorCount": n} for ns, n in counts.items()},
            "dimension": state.dimension,
            "indexFullness": 0.0,
            "totalVectorCount": sum(counts.values()),
            "metric": state.metric,
            "vectorType": "dense",
        }

    def _list(self, state: IndexState, query: dict) -> dict:
        namespace = _namespace((query.get("namespace") or [""])[0])
        prefix = (query.get("prefix") or [""])[0]
        try:
            limit = int((query.get("limit") or [MAX_LIST_LIMIT])[0])
        except ValueError:
            raise ApiFailure(400, "limit must be an integer") from None
        if not 1 <= limit <= MAX_LIST_LIMIT:
            raise ApiFailure(400, f"limit must be between 1 and {MAX_LIST_LIMIT}")
        token = (query.get("paginationToken") or [None])[0]
        after = _decode_token(token) if token else None
        ids = sorted(
            vid for vid in state.vectors(namespace) if vid.startswith(prefix) and (after is None or vid > after)
        )
        page = ids[:limit]
        out: dict[str, Any] = {
            "vectors": [{"id": vid} for vid in page],
            "namespace": namespace,
            "usage": {"readUnits": 1},
        }
        if len(ids) > limit:
            out["pagination"] = {"next": base64.urlsafe_b64encode(page[-1].encode()).decode()}
        return out


# -- helpers ------------------------------------------------------------------------------


def _namespace(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 512:
        raise ApiFailure(400, "namespace must be a string of at most 512 characters")
    return value


def _vector_id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 512 or not value.isascii() or "\x00" in value:
        raise ApiFailure(400, f"{where} must be 1-512 ASCII characters")
    return value


def _decode_token(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token.encode()).decode()
    except ValueError:
        raise ApiFailure(400, "Invalid pagination token") from None


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _score(metric: str, q: np.ndarray, v: np.ndarray) -> float:
    v64 = v.astype(np.float64)
    if metric == "dotproduct":
        return float(q @ v64)
    if metric == "euclidean":
        d = q - v64
        return float(d @ d)
    denom = float(np.linalg.norm(q) * np.linalg.norm(v64))
    return float(q @ v64) / denom if denom else 0.0


_COMPARE = {
    "$gt": lambda a, b: a > b,
    "$gte": lambda a, b: a >= b,
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
}
_OPERATORS = {"$eq", "$ne", "$in", "$nin", "$exists", *_COMPARE}


def _is_scalar(x: Any) -> bool:
    return isinstance(x, (str, bool)) or _is_number(x)


def _validate_filter(flt: Any) -> None:
    """400 for anything that is not a Pinecone metadata filter."""
    if not isinstance(flt, dict):
        raise ApiFailure(400, "filter must be an object")
    for key, cond in flt.items():
        if key in ("$and", "$or"):
            if not isinstance(cond, list) or not cond:
                raise ApiFailure(400, f"{key} takes a non-empty list of filters")
            for sub in cond:
                _validate_filter(sub)
            continue
        if key.startswith("$"):
            raise ApiFailure(400, f"Unsupported filter operator {key}")
        if not isinstance(cond, dict):
            if not _is_scalar(cond):
                raise ApiFailure(400, f"Invalid filter value for field {key!r}")
            continue
        for op, operand in cond.items():
            if op not in _OPERATORS:
                raise ApiFailure(400, f"Unsupported filter operator {op}")
            if op in _COMPARE and not _is_number(operand):
                raise ApiFailure(400, f"{op} takes a number")
            if op in ("$in", "$nin") and (not isinstance(operand, list) or not all(_is_scalar(x) for x in operand)):
                raise ApiFailure(400, f"{op} takes a list of strings, numbers or booleans")
            if op in ("$eq", "$ne") and not _is_scalar(operand):
                raise ApiFailure(400, f"{op} takes a string, number or boolean")
            if op == "$exists" and not isinstance(operand, bool):
                raise ApiFailure(400, "$exists takes a boolean")


def _same(a: Any, b: Any) -> bool:
    """Equality without Python's True == 1."""
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _matches(flt: dict, metadata: dict) -> bool:
    for key, cond in flt.items():
        if key == "$and":
            ok = all(_matches(sub, metadata) for sub in cond)
        elif key == "$or":
            ok = any(_matches(sub, metadata) for sub in cond)
        else:
            ok = all(
                _test(op, operand, key in metadata, metadata.get(key))
                for op, operand in (cond.items() if isinstance(cond, dict) else [("$eq", cond)])
            )
        if not ok:
            return False
    return True


def _test(op: str, operand: Any, present: bool, value: Any) -> bool:
    if op == "$exists":
        return present == operand
    items = value if isinstance(value, list) else [value]
    if op == "$eq":
        return present and any(_same(v, operand) for v in items)
    if op == "$ne":
        return not present or not any(_same(v, operand) for v in items)
    if op == "$in":
        return present and any(_same(v, o) for v in items for o in operand)
    if op == "$nin":
        return not present or not any(_same(v, o) for v in items for o in operand)
    return present and _is_number(value) and _COMPARE[op](value, operand)


class _QuietServer(ThreadingHTTPServer):
    """A client hanging up (a timeout, a closed pool) is normal here, not worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def _make_handler(emulator: PineconeEmulator, target: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls between header and body writes
        wbufsize = 1 << 16  # headers and body leave in one write (flushed after each request)

        def _serve(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, body, extra = emulator.handle(target, self.command, self.path, headers, raw)
            payload = b"" if body is None else body.encode() if isinstance(body, str) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.send_header("x-pinecone-request-id", f"emu-{len(emulator.requests)}")
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = do_DELETE = do_PATCH = do_PUT = _serve

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

    return Handler
