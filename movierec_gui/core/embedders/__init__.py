"""Embedding backends; ``make_embedder`` picks one from the settings (imports are lazy)."""

from __future__ import annotations

from ...config import Settings, get_secret
from .base import Embedder, ProgressFn, l2_normalize

__all__ = ["Embedder", "ProgressFn", "l2_normalize", "make_embedder"]


def make_embedder(settings: Settings, kind: str | None = None) -> Embedder:
    kind = kind or settings.embedder
    if kind == "local":
        from .local_onnx import LocalOnnxEmbedder

        return LocalOnnxEmbedder()
    if kind == "openai":
        from .openai_api import OpenAIEmbedder

        return OpenAIEmbedder(
            api_key=get_secret("OPENAI_API_KEY"),
            model=settings.openai_model,
            dimensions=settings.openai_dimensions,
            base_url=settings.openai_base_url,
        )
    from ..errors import UserInputError

    raise UserInputError(f"Unknown embedder {kind!r}; choose local or openai.")
