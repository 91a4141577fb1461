"""MovieRec: a desktop movie recommender that finds films by the meaning of their descriptions."""

from __future__ import annotations

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__ = version("movierec-gui")
except PackageNotFoundError:  # running from a source tree or a frozen bundle
    __version__ = "0.1.0"
