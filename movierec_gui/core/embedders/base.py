"""The Embedder protocol every embedding backend implements."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

#: ``progress(done, total)`` — called after each batch; may raise ``Cancelled`` to stop.
ProgressFn = Callable[[int, int], None]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalized float32 rows.

    ``name`` is a stable slug used for the cache folder (``vectors/<name>/``);
    ``fingerprint`` identifies the exact weights/model version and is stamped into the
    cache manifest so vectors of different models never mix.
    """

    @property
    def name(self) -> str: ...

    @property
    def dims(self) -> int: ...

    @property
    def fingerprint(self) -> str: ...

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        """Return an ``(len(texts), dims)`` float32 array whose rows have unit length."""
        ...


def l2_normalize(matrix: np.ndarray) -> np.ndarray:
    """Row-normalize to unit length in float32; all-zero rows stay zero."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: np.ndarray = (matrix / norms).astype(np.float32, copy=False)
    return out
