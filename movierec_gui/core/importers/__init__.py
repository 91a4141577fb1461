"""Catalog importers: one module per source format, chosen by ``detect_format``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import ImportFailedError, UserInputError
from . import cmu_csv, generic, movielens, tmdb_csv, wikipedia_json
from .base import ImportReport, MovieRecord, RowResult, delimiter_for, header_cells
from .streams import open_regular

__all__ = ["FORMATS", "ImportReport", "MovieRecord", "RowResult", "detect_format", "reader_for"]

FORMATS = ("auto", "tmdb", "wikipedia", "cmu", "movielens", "jsonl", "csv")

_READERS: dict[str, Callable[[Path], Iterator[RowResult]]] = {
    "tmdb": tmdb_csv.read,
    "wikipedia": wikipedia_json.read,
    "cmu": cmu_csv.read,
    "movielens": movielens.read,
    "jsonl": generic.read_jsonl,
    "csv": generic.read_csv,
}

SOURCE_OF = {
    "tmdb": tmdb_csv.SOURCE,
    "wikipedia": wikipedia_json.SOURCE,
    "cmu": cmu_csv.SOURCE,
    "movielens": movielens.SOURCE,
    "jsonl": "jsonl",
    "csv": "csv",
}


def _csv_header(path: Path) -> set[str]:
    with open_regular(path) as fh:
        head = fh.read(65536)
    return {h.strip() for h in header_cells(head, path.name, lambda line: delimiter_for(path, line))}


def detect_format(path: Path) -> str:
    """Guess the format from the file name and, for CSVs, the header."""
    if not path.exists():
        raise UserInputError(f"No such file or folder: {path}")
    if path.is_dir() or path.suffix.lower() == ".json":
        return "wikipedia"
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        header = _csv_header(path)
        if {"id", "overview", "genres", "release_date"} <= header:
            return "tmdb"
        if {"ID", "Title", "Plot"} <= header:
            return "cmu"
        if {"movieId", "title", "genres"} <= header:
            return "movielens"
        return "csv"
    raise UserInputError(f"Cannot tell the format of {path.name}; pass --format")


def reader_for(fmt: str, path: Path) -> tuple[str, Iterator[RowResult]]:
    """``(source name, row iterator)`` for ``fmt`` (``auto`` detects)."""
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt not in _READERS:
        raise UserInputError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not path.exists():
        raise ImportFailedError(f"No such file or folder: {path}")
    return SOURCE_OF[fmt], _READERS[fmt](path)
