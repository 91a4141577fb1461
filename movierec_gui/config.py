"""Settings, paths and secrets.

* Paths come from ``platformdirs`` (appname ``movierec``) unless ``MOVIEREC_HOME`` or
  ``--home`` points everything (data, config, cache) at one folder.
* Non-secret settings live in ``settings.json`` in the config folder.
* API keys come only from the environment or the OS keyring; they are never written to
  the settings file, never logged and never put in exception messages.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

APP_NAME = "movierec"
KEYRING_SERVICE = "movierec"
#: Secrets we know about: environment variable name == keyring user name.
SECRET_NAMES = ("OPENAI_API_KEY", "PINECONE_API_KEY", "TMDB_API_KEY", "TMDB_READ_TOKEN")


@dataclass(frozen=True)
class Paths:
    data: Path
    config: Path
    cache: Path

    @property
    def catalog_db(self) -> Path:
        return self.data / "catalog.sqlite3"

    @property
    def history_db(self) -> Path:
        return self.data / "history.sqlite3"

    @property
    def vectors(self) -> Path:
        return self.data / "vectors"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Paths:
        """``home`` (or ``MOVIEREC_HOME``) wins; otherwise the platform's user folders."""
        home = home or os.environ.get("MOVIEREC_HOME")
        if home:
            root = Path(home).expanduser().resolve()
            return cls(data=root, config=root, cache=root / "cache")
        import platformdirs

        return cls(
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    def ensure(self) -> Paths:
        """Create the folders, private to their owner (0700): the history is personal."""
        from .core.fsutil import private_dir

        for p in (self.data, self.config, self.cache):
            private_dir(p)
        return self


@dataclass
class Settings:
    """User preferences that are safe to store in a plain file (no secrets here)."""

    embedder: str = "local"  # "local" | "openai"
    # The local model's kernels: "integer" (default, ~1.7× faster indexing, vectors cosine ~0.994 to the
    # exact ones) or "exact" (the shipped graph as it is); each keeps its own cache (benchmarks/README.md).
    local_kernels: str = "integer"
    openai_model: str = "text-embedding-3-small"
    openai_dimensions: int | None = None
    openai_base_url: str | None = None  # e.g. http://localhost:11434/v1 for Ollama
    backend: str = "local"  # "local" | "pinecone"
    pinecone_index: str = "movierec"
    pinecone_namespace: str | None = None  # default: one per embedder + recipe
    pinecone_cloud: str = "aws"
    pinecone_region: str = "us-east-1"
    pinecone_controller_host: str | None = None
    theme: str = "system"  # "system" | "light" | "dark"
    tmdb_api_base: str | None = None  # default https://api.themoviedb.org/3; MOVIEREC_TMDB_API overrides
    tmdb_language: str = "en-US"  # titles and overviews fetched from TMDB (English fills empty overviews)
    tmdb_rate: float = 20.0  # TMDB requests per second at most (TMDB allows about 50)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Settings:
        """The settings in ``path``; anything unreadable or of the wrong type falls back to its
        default with a one-line warning (a damaged file never stops the app)."""
        try:
            if path.stat().st_size > MAX_SETTINGS_BYTES:
                raise ValueError("larger than 1 MB")
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, RecursionError) as exc:
            log.warning("settings file %s is unreadable (%s); using the defaults", path, str(exc)[:120])
            return cls()
        if not isinstance(raw, dict):
            log.warning("settings file %s holds a %s, not settings; using the defaults", path, type(raw).__name__)
            return cls()
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in raw or f.name in SECRET_NAMES:
                continue
            problem = _field_problem(f.name, raw[f.name])
            if problem:
                log.warning("settings file %s: %s; using the default", path, problem)
            else:
                values[f.name] = raw[f.name]
        return cls(**values)

    def problems(self) -> list[str]:
        """Why these settings cannot be saved as they are (empty when they can)."""
        return [p for f in dataclasses.fields(self) if (p := _field_problem(f.name, getattr(self, f.name)))]

    def save(self, path: Path) -> None:
        """Validate, then write atomically: the file is the old settings or the new, never half of them."""
        from .core.errors import UserInputError
        from .core.fsutil import atomic_write_text

        problems = self.problems()
        if problems:
            raise UserInputError(f"Settings not saved: {problems[0]}.")
        data = dataclasses.asdict(self)
        atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True))

    # Environment overrides used by scripts and tests (documented in the README).
    def with_env(self) -> Settings:
        env = os.environ
        s = dataclasses.replace(self)
        if env.get("OPENAI_BASE_URL"):
            s.openai_base_url = env["OPENAI_BASE_URL"]
        if env.get("PINECONE_CONTROLLER_HOST"):
            s.pinecone_controller_host = env["PINECONE_CONTROLLER_HOST"]
        if env.get("MOVIEREC_TMDB_API"):
            s.tmdb_api_base = env["MOVIEREC_TMDB_API"]
        if env.get("MOVIEREC_EMBEDDER"):
            s.embedder = env["MOVIEREC_EMBEDDER"]
        return s


MAX_SETTINGS_BYTES = 1 << 20
#: Fields with a fixed set of values.
_CHOICES = {"embedder": ("local", "openai"), "backend": ("local", "pinecone"), "theme": ("system", "light", "dark"),
            "local_kernels": ("integer", "exact")}


#: Annotation words → the JSON types a value may have (``float`` accepts whole numbers too).
_TYPE_WORDS: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,),
                                            "dict": (dict,), "list": (list,)}


def _allowed(name: str) -> tuple[tuple[type, ...], bool]:
    """The types setting ``name`` accepts (from its annotation) and whether it may be ``None``."""
    field_ = next(f for f in dataclasses.fields(Settings) if f.name == name)
    words = re.findall(r"[A-Za-z_]+", re.sub(r"\[.*\]", "", str(field_.type)))  # outer types only
    types = tuple(t for w in dict.fromkeys(words) for t in _TYPE_WORDS.get(w, ()))
    return types or (object,), "None" in words or "Optional" in words or field_.default is None


def _field_problem(name: str, value: Any) -> str | None:
    """What is wrong with ``value`` for setting ``name`` (``None`` when it is fine)."""
    types, optional = _allowed(name)
    if value is None:
        return None if optional else f"{name} must not be empty"
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        wanted = " or ".join(sorted({t.__name__ for t in types}))
        return f"{name} must be {wanted}, not {type(value).__name__}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{name} must be a finite number"
    if name == "openai_dimensions" and isinstance(value, int) and not 1 <= value <= 65_536:
        return f"{name} must be a whole number from 1 to 65536"
    if name == "tmdb_rate" and isinstance(value, int | float) and not 0 < value <= 1_000:
        return f"{name} must be a number of requests per second from 0 to 1000"
    if isinstance(value, str):
        if len(value) > 2048 or any(not c.isprintable() for c in value):
            return f"{name} holds control characters or is too long"
        if name in _CHOICES and value not in _CHOICES[name]:
            return f"{name} must be one of {', '.join(_CHOICES[name])}, not {value[:30]!r}"
        if name.endswith(("_url", "_api_base")) and value and not value.startswith(("http://", "https://")):
            return f"{name} must start with http:// or https://"
    return None


def get_secret(name: str) -> str | None:
    """An API key from the environment, else the OS keyring; ``None`` if neither has it."""
    value = os.environ.get(name)
    if value:
        return value
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, name) or None
    except Exception as exc:  # no keyring backend on this system
        log.debug("keyring unavailable: %s", type(exc).__name__)
        return None


def env_advice(name: str) -> str:
    """How to give MovieRec a key without a keyring (the message never holds the key)."""
    return (f"Set the environment variable {name} before starting MovieRec instead "
            f"(for example `export {name}=...` in ~/.profile, or in the system settings on Windows)")


def set_secret(name: str, value: str | None) -> None:
    """Store (or with ``None``/empty, delete) a key in the OS keyring.

    Raises ``KeyringUnavailableError`` (a one-line, key-free message naming the environment
    variable to use instead) when this system has no usable keyring.
    """
    import keyring
    import keyring.errors

    from .core.errors import KeyringUnavailableError

    backend = keyring.get_keyring()
    if value and getattr(backend, "priority", 1) <= 0:  # the "fail" and "null" backends keep nothing
        raise KeyringUnavailableError(f"No system keyring is available to keep {name}. {env_advice(name)}.")
    try:
        if value:
            keyring.set_password(KEYRING_SERVICE, name, value)
        else:
            keyring.delete_password(KEYRING_SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        pass
    except Exception as exc:  # NoKeyringError, a locked or broken backend (D-Bus, KWallet…)
        raise KeyringUnavailableError(
            f"The system keyring refused {name} ({type(exc).__name__}). {env_advice(name)}."
        ) from None


def mask_secret(value: str | None) -> str:
    """What the UI may show of a key: its last four characters at most."""
    if not value:
        return ""
    return "•" * 8 + value[-4:] if len(value) > 8 else "•" * 8
