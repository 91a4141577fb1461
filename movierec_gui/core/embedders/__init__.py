"""Embedding backends (built by the composition root, ``movierec_gui.wiring``)."""

from __future__ import annotations

from .base import Embedder, ProgressFn, l2_normalize

__all__ = ["Embedder", "ProgressFn", "l2_normalize"]
