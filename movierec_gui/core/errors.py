"""The known-error family: failures a user can understand and act on.

Anything raised from here is shown as a one-line message (CLI exit code 1, a status
bar or dialog in the GUI). Any other exception is a bug and propagates.
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class MovieRecError(Exception):
    """Base of every error MovieRec expects and explains to the user."""


class Action(str, Enum):
    """What would put a failure right; each shell words it for its own surface."""

    INDEX = "index"  # build or update the search index
    SYNC = "sync"  # run the Pinecone sync (again)


class KnownError(MovieRecError):
    """An expected failure with a message fit for the user (no secrets, no tracebacks).

    The message says what happened; ``action`` (if any) names the remedy, which the CLI
    words as a command and the GUI offers as a button.
    """

    action: Action | None = None

    def __init__(self, message: str = "", action: Action | None = None) -> None:
        super().__init__(message)
        if action is not None:
            self.action = action


class UserInputError(KnownError):
    """The user asked for something that cannot be done as asked (bad title, bad option)."""


class AmbiguousTitleError(UserInputError):
    """A title matches several films; ``candidates`` lists them so the user can pick a year."""

    def __init__(self, message: str, candidates: list[Any] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class NotFoundError(UserInputError):
    """A film, file or index the user named does not exist."""


class ImportFailedError(KnownError):
    """Nothing could be read from an import file."""


class KeyringUnavailableError(KnownError):
    """No usable OS keyring to keep an API key; the message names the environment variable to use."""


class StorageError(KnownError, OSError):
    """A file could not be written (disk full, read-only, no permission); nothing was half-written.

    Also an ``OSError``, so code that already handles ``OSError`` keeps working.
    """


class CacheError(KnownError):
    """The vector cache is missing, stale, corrupt or for another model; rebuild it."""

    action = Action.INDEX


class CacheMissingError(CacheError):
    """No cache has been built for this embedder yet."""


class CacheCorruptError(CacheError):
    """The cache files are unreadable, truncated or fail their checksum."""


class CacheMismatchError(CacheError):
    """The cache was built for another model, dimension, text recipe or catalog."""


class ModelUnavailableError(KnownError):
    """The local embedding model files are missing or do not match their checksum."""


class EmbeddingServiceError(KnownError):
    """A remote embedding service (OpenAI or compatible) failed in a way we can explain."""


class QuotaExceededError(EmbeddingServiceError):
    """The account has no quota left; retrying will not help."""


class BackendUnavailableError(KnownError):
    """A remote vector backend (Pinecone) is unreachable or refused us; local search still works."""


class SyncError(KnownError):
    """A Pinecone sync could not be completed (the local state is kept)."""


class Cancelled(MovieRecError):
    """A long job was cancelled by the user; state is left consistent."""


class CatalogSourceError(KnownError):
    """An online catalog source (TMDB) failed; what was fetched before is kept, a re-run resumes."""


class CatalogSourceAuthError(CatalogSourceError):
    """The online catalog source refused the API key (missing, wrong or suspended)."""
