"""The nearest-neighbour step of search, behind one small protocol.

``Searcher`` ranks vectors only through a :class:`NearestBackend`: exact search over the
local matrix by default, Pinecone when the user chose it (``sync.search_backend``), or
an approximate index for very large catalogs. Every backend keeps the same contract:
ids and cosine scores of the ``k`` best films that pass the filters, best first.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from .models import SearchFilters


class NearestBackend(Protocol):
    def nearest(self, vec: np.ndarray, k: int, filters: SearchFilters) -> tuple[list[int], list[float]]:
        """Ids and cosine scores of the ``k`` films nearest ``vec`` that pass ``filters``, best first."""
        ...
