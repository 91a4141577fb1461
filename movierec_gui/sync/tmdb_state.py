"""What a home has fetched from TMDB, and the fetch in progress: ``<data>/tmdb/fetch-state.json``.

Saved atomically (temp file, fsync, rename) after every merged batch, so a kill leaves a
true record: the catalog may hold a batch more than the state says, never less, and the
catalog merge makes repeating that batch an update, not a duplicate.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.fsutil import atomic_writer

log = logging.getLogger(__name__)
FORMAT = 1


@dataclass
class FetchState:
    """What was fetched (id → [fetched at, language, poster path]) and the job in progress."""

    api: str = ""
    fetched: dict[str, list[Any]] = field(default_factory=dict)
    job_key: str = ""
    job_ids: list[int] = field(default_factory=list)
    job_done: int = 0
    job_not_found: list[str] = field(default_factory=list)
    job_found: list[list[Any]] = field(default_factory=list)  # a history's films: [title, year, tmdb id]
    format: int = FORMAT

    def known(self, tmdb_id: int, language: str) -> list[Any] | None:
        entry = self.fetched.get(str(tmdb_id))
        return entry if entry and len(entry) >= 3 and entry[1] == language else None


class FetchStateStore:
    """Loads and atomically saves the :class:`FetchState` of one home (``<data>/tmdb/fetch-state.json``)."""

    def __init__(self, path: Path, api: str) -> None:
        self.path, self.api = Path(path), api

    def load(self) -> FetchState:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            state = FetchState(**raw)
        except FileNotFoundError:
            return FetchState(api=self.api)
        except (OSError, ValueError, TypeError) as exc:
            log.warning("ignoring unreadable TMDB fetch state %s (%s); films will be fetched again", self.path, exc)
            return FetchState(api=self.api)
        if state.format != FORMAT or state.api != self.api or not isinstance(state.fetched, dict):
            return FetchState(api=self.api)
        return state

    def save(self, state: FetchState) -> None:
        with atomic_writer(self.path, "w") as fh:
            json.dump(asdict(state), fh, separators=(",", ":"))


