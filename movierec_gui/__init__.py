"""MovieRec: a desktop movie recommender that finds films by the meaning of their descriptions."""

from __future__ import annotations

FALLBACK_VERSION = "0.1.0"


def __getattr__(name: str) -> str:
    """``__version__``, looked up on first use (``importlib.metadata`` costs ~20 ms at every start)."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("movierec-gui")
    except PackageNotFoundError:  # running from a source tree or a frozen bundle
        found = FALLBACK_VERSION
    globals()["__version__"] = found
    return found
