"""Talking to Pinecone: client construction, index checks and error translation.

``pinecone`` is imported lazily (only when a Pinecone feature is used). Every SDK error
that leaves this package is translated into a one-line ``BackendUnavailableError``
(unreachable, refused, throttled, failing) or ``SyncError`` (the request itself was
wrong), and no message ever contains the API key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..core.errors import BackendUnavailableError, KnownError, SyncError, UserInputError
from ..core.redact import safe_message

KEY_NAME = "PINECONE_API_KEY"
METRIC = "cosine"
#: Seconds per HTTP attempt (the SDK retries 408/429/5xx and network errors 3 times).
TIMEOUT = 20.0
_INDEX_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,43}[a-z0-9])?$")
MAX_NAMESPACE_CHARS = 512


@dataclass(frozen=True)
class Target:
    """Where vectors go: index name, namespace, and where a missing index is created."""

    index: str
    namespace: str
    cloud: str = "aws"
    region: str = "us-east-1"


def default_namespace(embedder_name: str, recipe_version: int) -> str:
    """One namespace per embedder and text recipe, so vectors of different models never mix."""
    return f"{embedder_name}-r{recipe_version}"


def target_for(
    index: str,
    namespace: str | None,
    embedder_name: str,
    recipe_version: int,
    *,
    cloud: str = "aws",
    region: str = "us-east-1",
) -> Target:
    """The validated target; ``namespace`` defaults to one per embedder and recipe."""
    if not _INDEX_NAME.match(index or ""):
        raise UserInputError(f"{index!r} is not a valid Pinecone index name (1–45 lowercase letters, digits or '-').")
    ns = namespace or default_namespace(embedder_name, recipe_version)
    if len(ns) > MAX_NAMESPACE_CHARS or not ns.isprintable():
        raise UserInputError(f"The Pinecone namespace must be 1–{MAX_NAMESPACE_CHARS} printable characters.")
    return Target(index, ns, cloud, region)


@dataclass(frozen=True)
class IndexInfo:
    name: str
    host: str
    dimension: int | None
    metric: str | None


def _field_of(model: Any) -> tuple[int | None, str | None]:
    """Dimension and metric of the index's one dense field (``_values`` for classic indexes)."""
    fields = getattr(getattr(model, "schema", None), "fields", None) or {}
    dense = [f for f in fields.values() if getattr(f, "dimension", None) is not None]
    if len(dense) == 1:
        return dense[0].dimension, getattr(dense[0], "metric", None)
    return None, None


# ---------------------------------------------------------------------- errors
def _scrub(text: str, secret: str | None) -> str:
    return safe_message(" ".join(str(text).split()), [secret], limit=200)


def describe_error(
    exc: BaseException, action: str, where: str, secret: str | None = None
) -> tuple[type[KnownError], str]:
    """``(error class, one-line message)`` for an SDK error raised while doing ``action``."""
    from pinecone import errors as pe

    status = getattr(exc, "status_code", None)
    server = _scrub(getattr(exc, "message", "") or "", secret)
    if isinstance(exc, pe.UnauthorizedError):
        return BackendUnavailableError, (
            f"Pinecone rejected the API key while {action} (401 Unauthorized); check {KEY_NAME} or the saved key."
        )
    if isinstance(exc, pe.ForbiddenError):
        return BackendUnavailableError, f"Pinecone refused {action} (403 Forbidden: {server or 'no reason given'})."
    if isinstance(exc, pe.RateLimitError):
        return (
            BackendUnavailableError,
            f"Pinecone is rate-limiting requests (429) while {action}; try again in a minute.",
        )
    if isinstance(exc, pe.ServiceError):
        return BackendUnavailableError, f"Pinecone had a server error ({status}) while {action}; try again later."
    if isinstance(exc, pe.PineconeTimeoutError):
        return BackendUnavailableError, f"Pinecone at {where} did not answer in time while {action}."
    if isinstance(exc, pe.PineconeConnectionError):
        return BackendUnavailableError, f"Pinecone is unreachable at {where} ({_reason(exc)}) while {action}."
    if isinstance(exc, pe.ResponseParsingError):
        return SyncError, (
            f"The server at {where} did not answer like Pinecone (API 2026-07) while {action}; "
            "check the controller host."
        )
    if isinstance(exc, pe.ApiError):
        return SyncError, f"Pinecone rejected {action} ({status}: {server or type(exc).__name__})."
    if isinstance(exc, pe.PineconeValueError):
        return SyncError, f"Cannot send {action} to Pinecone: {_scrub(str(exc), secret)}"
    return SyncError, f"Pinecone failed while {action}: {_scrub(str(exc), secret) or type(exc).__name__}."


def _reason(exc: BaseException) -> str:
    cause: BaseException | None = exc
    while cause is not None and cause.__cause__ is not None:
        cause = cause.__cause__
    text = str(cause or exc).lower()
    for needle, reason in (
        ("refused", "connection refused"),
        ("name or service", "unknown host"),
        ("nodename", "unknown host"),
        ("ssl", "TLS error"),
        ("certificate", "TLS error"),
    ):
        if needle in text:
            return reason
    return "network error"


# ---------------------------------------------------------------------- client
class PineconeClient:
    """The control plane plus cached data-plane handles, over the real ``pinecone`` SDK.

    ``remote=True`` turns every SDK failure into ``BackendUnavailableError`` (search falls
    back to local); otherwise request errors become ``SyncError``.
    """

    def __init__(
        self,
        api_key: str | None,
        controller_host: str | None = None,
        *,
        timeout: float | None = None,
        remote: bool = False,
    ) -> None:
        if not api_key:
            raise BackendUnavailableError(f"No Pinecone API key: set {KEY_NAME} or save a key in the settings.")
        self._key = api_key
        self.controller_host = (controller_host or "").strip().rstrip("/") or None
        self.where = self.controller_host or "api.pinecone.io"
        self.remote = remote
        self._indexes: dict[str, Any] = {}
        try:
            import pinecone
        except ImportError:
            raise BackendUnavailableError(
                "The pinecone package is not installed (pip install 'pinecone>=10,<11')."
            ) from None
        with self.translated("connecting"):
            self._pc = pinecone.Pinecone(
                api_key=api_key, host=self.controller_host, timeout=timeout or TIMEOUT, source_tag="movierec"
            )

    @property
    def key_id(self) -> str:
        """A short digest of the key: tells connections apart without keeping the key in a cache key."""
        import hashlib

        return hashlib.blake2b(self._key.encode(), digest_size=8).hexdigest()

    def __repr__(self) -> str:
        return f"PineconeClient(host={self.where!r})"

    def explain(self, exc: BaseException, action: str, where: str | None = None) -> tuple[type[KnownError], str]:
        """``describe_error`` with this client's key hidden (for errors the SDK returns, not raises)."""
        return describe_error(exc, action, where or self.where, self._key)

    @contextmanager
    def translated(self, action: str, where: str | None = None) -> Iterator[None]:
        """Re-raise SDK errors as one-line known errors (never showing the key)."""
        try:
            yield
        except KnownError:
            raise
        except Exception as exc:
            if not _is_sdk_error(exc):
                raise
            cls, message = describe_error(exc, action, where or self.where, self._key)
            raise (BackendUnavailableError if self.remote else cls)(message) from None

    # -- control plane -------------------------------------------------------------
    def describe(self, name: str) -> IndexInfo | None:
        """The index ``name``, or ``None`` if it does not exist."""
        from pinecone.errors import NotFoundError

        with self.translated(f"looking up index {name!r}"):
            try:
                model = self._pc.describe_index(name)
            except NotFoundError:
                return None
        return self._info(model)

    def create(self, target: Target, dimension: int, metric: str = METRIC) -> IndexInfo:
        """Create a serverless index (classic dense ``_values`` field) and wait until it is ready."""
        from pinecone import ServerlessSpec

        with self.translated(f"creating index {target.index!r}"):
            model = self._pc.create_index(
                target.index,
                dimension=dimension,
                metric=metric,
                spec=ServerlessSpec(cloud=target.cloud, region=target.region),
                timeout=300,
            )
        return self._info(model)

    def _info(self, model: Any) -> IndexInfo:
        dimension, metric = _field_of(model)
        return IndexInfo(model.name, self._with_scheme(model.host or ""), dimension, metric)

    def _with_scheme(self, host: str) -> str:
        """Keep ``http://`` for a scheme-less host served by a plain-HTTP controller (Pinecone Local).

        The SDK reads a bare host as https, which a loopback emulator cannot answer.
        """
        if host and "://" not in host and (self.controller_host or "").startswith("http://"):
            return "http://" + host
        return host

    # -- data plane ----------------------------------------------------------------
    def index(self, info: IndexInfo) -> Any:
        """The SDK's data-plane handle for ``info.host`` (one per host)."""
        if not info.host:
            raise (BackendUnavailableError if self.remote else SyncError)(
                f"Pinecone has no host for index {info.name!r} yet; try again in a minute."
            )
        handle = self._indexes.get(info.host)
        if handle is None:
            with self.translated(f"opening index {info.name!r}", info.host):
                handle = self._pc.Index(host=info.host)
            self._indexes[info.host] = handle
        return handle

    def namespace_count(self, info: IndexInfo, namespace: str) -> int | None:
        """How many vectors the namespace holds (0 if it does not exist; ``None`` if the server cannot say)."""
        from pinecone.errors import ApiError

        with self.translated(f"reading stats of index {info.name!r}", info.host):
            try:
                stats = self.index(info).describe_index_stats()
            except ApiError as exc:
                if getattr(exc, "status_code", None) in (400, 404, 405, 501):
                    return None  # a stand-in without stats; callers skip their consistency checks
                raise
        summary = (getattr(stats, "namespaces", None) or {}).get(namespace)
        return int(getattr(summary, "vector_count", 0) or 0) if summary is not None else 0

    def close(self) -> None:
        for handle in self._indexes.values():
            try:
                handle.close()
            except Exception:
                pass
        self._indexes.clear()
        try:
            self._pc.close()
        except Exception:
            pass


def _is_sdk_error(exc: BaseException) -> bool:
    try:
        from pinecone.errors import PineconeError
    except ImportError:
        return False
    return isinstance(exc, PineconeError)


def check_compatible(info: IndexInfo, dimension: int, metric: str = METRIC) -> None:
    """Refuse an index of another dimension or metric (its vectors could not be compared)."""
    if info.dimension != dimension or (info.metric or METRIC) != metric:
        have = f"{info.dimension}-dimensional {info.metric or 'unknown-metric'}"
        raise SyncError(
            f"Pinecone index {info.name!r} holds {have} vectors, but the local vectors are "
            f"{dimension}-dimensional {metric}; choose another --index or delete that index."
        )
