"""The composition root: the one place that reads settings, secrets and the bundle layout.

``core/`` and ``sync/`` never look these up themselves: ``Services`` asks this module to
build the embedders, the Pinecone client and the starter files once, and hands the engine
plain arguments (paths, keys, targets).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import resources
from .config import APP_NAME, Settings, get_secret
from .core.embedders.base import Embedder
from .core.errors import UserInputError
from .core.models import SearchFilters

if TYPE_CHECKING:
    from .core.embedders.local_onnx import ModelFiles
    from .core.search import Searcher
    from .sync.pinecone_backend import PineconeClient, Target
    from .sync.tmdb_client import TmdbClient

OPENAI_KEY = "OPENAI_API_KEY"
PINECONE_KEY = "PINECONE_API_KEY"
TMDB_KEY = "TMDB_API_KEY"  # a v3 API key (sent as the api_key query parameter)
TMDB_TOKEN = "TMDB_READ_TOKEN"  # a v4 read-access token (sent as a Bearer header)
#: Requests per second allowed to a TMDB stand-in on this machine (loopback API base).
LOCAL_TMDB_RATE = 200.0


#: In the user's cache folder: the model files already checksummed (``core.verified_files``).
MODEL_VERIFIED = "model-verified.json"
#: Where the local model's graph with integer kernels is prepared and kept (default: the user's cache
#: folder, shared by every home; the tests point it at one folder per test session).
MODEL_CACHE_ENV = "MOVIEREC_MODEL_CACHE"


def make_embedder(
    settings: Settings, kind: str | None = None, cache: Path | None = None, background: bool = False
) -> Embedder:
    """The embedder ``kind`` (default: the settings' choice), built from the bundle or the API settings.

    ``cache``: the home's cache folder, where the local model's verified checksums are remembered
    (``None``: hash the model at every load); ``background``: load the local model on a thread
    (``LocalOnnxEmbedder``).
    """
    kind = kind or settings.embedder
    if kind == "local":
        from .core.embedders.local_onnx import LocalOnnxEmbedder

        verified = cache / MODEL_VERIFIED if cache is not None else None
        files = model_files()
        if settings.local_kernels == "exact":
            files = replace(files, prepared=None)
        return LocalOnnxEmbedder(files, verified=verified, background=background)
    if kind == "openai":
        from .core.embedders.openai_api import OpenAIEmbedder

        return OpenAIEmbedder(
            api_key=get_secret(OPENAI_KEY),
            model=settings.openai_model,
            dimensions=settings.openai_dimensions,
            base_url=settings.openai_base_url,
        )
    raise UserInputError(f"Unknown embedder {kind!r}; choose local or openai.")


def accelerate(searcher: Searcher, cache_root: Path) -> Searcher:
    """``searcher`` with the approximate accelerator (``core.ann``) when its catalog is large enough to pay.

    Below ``core.ann.THRESHOLD`` films, or when the index cannot be written, search stays exact.
    """
    from .core import ann

    def mask(filters: SearchFilters) -> np.ndarray | None:
        return searcher.attrs.mask(filters, searcher.ids)

    try:
        fast = ann.accelerated(
            ann.index_path(cache_root), searcher.matrix, searcher.ids, searcher.vectors.manifest, mask
        )
    except OSError:
        return searcher
    return searcher if fast is None else searcher.with_nearest(fast)


def model_files() -> ModelFiles:
    """Where the default model's graph and tokenizer are installed, their expected hashes, and where its
    graph with integer kernels is kept (``core.embedders.int8_graph``)."""
    from .core.embedders.local_onnx import ModelFiles

    return ModelFiles(
        resources.model_path(),
        resources.MODEL_SHA256,
        resources.tokenizer_path(),
        resources.TOKENIZER_SHA256,
        prepared_models_dir(),
    )


def prepared_models_dir() -> Path:
    """The per-user folder of prepared model graphs (not per home: every home uses the same graph)."""
    folder = os.environ.get(MODEL_CACHE_ENV)
    if folder:
        return Path(folder).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "models"


def starter_files() -> list[Path]:
    """The bundled starter catalog (``resources/catalog/*.jsonl``)."""
    return sorted((resources.app_resources() / "catalog").glob("*.jsonl"))


def starter_vectors_root() -> Path:
    """Where the starter catalog's shipped vectors live (one folder per embedder)."""
    return resources.app_resources() / "starter_vectors"


def pinecone_target(
    settings: Settings, embedder_name: str, index: str | None = None, namespace: str | None = None
) -> Target:
    from .core.text import RECIPE_VERSION
    from .sync.pinecone_backend import target_for

    return target_for(
        index or settings.pinecone_index,
        namespace or settings.pinecone_namespace,
        embedder_name,
        RECIPE_VERSION,
        cloud=settings.pinecone_cloud,
        region=settings.pinecone_region,
    )


def pinecone_client(settings: Settings, *, remote: bool = False) -> PineconeClient:
    from .sync.pinecone_backend import PineconeClient

    return PineconeClient(get_secret(PINECONE_KEY), settings.pinecone_controller_host, remote=remote)


def tmdb_api_base(settings: Settings) -> str:
    from .sync.tmdb_records import DEFAULT_API_BASE

    return (settings.tmdb_api_base or DEFAULT_API_BASE).rstrip("/")


def has_tmdb_key() -> bool:
    return bool(get_secret(TMDB_KEY) or get_secret(TMDB_TOKEN))


def tmdb_client(settings: Settings) -> TmdbClient:
    """A TMDB client with the user's key (v3 key preferred, else the v4 token) and the API base."""
    from urllib.parse import urlsplit

    from .sync.tmdb_client import TmdbClient

    base = tmdb_api_base(settings)
    # Politeness is for TMDB's servers: a stand-in on this machine gets a faster default pace
    # (a rate set in the settings is kept as it is).
    local = urlsplit(base).hostname in ("127.0.0.1", "localhost", "::1")
    rate = LOCAL_TMDB_RATE if local and settings.tmdb_rate == Settings.tmdb_rate else settings.tmdb_rate
    return TmdbClient(base, api_key=get_secret(TMDB_KEY), read_token=get_secret(TMDB_TOKEN), rate=rate)
