"""Wikipedia movie data: JSON arrays of films per decade (a folder or a single file)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import ImportFailedError
from .base import ROW_ERRORS, MovieRecord, RowResult, checked, read_text, row_error
from .streams import check_regular

SOURCE = "wikipedia"
#: One decade file is a few MB; a JSON array is parsed whole, and parsed JSON can take ~20× its
#: size in memory, so bigger files are refused (split them, or use JSON Lines, which streams).
MAX_JSON_BYTES = 16 << 20


def files(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(path.glob("movies-*.json")) or sorted(p for p in path.glob("*.json") if p.name != "genres.json")
        if not found:
            raise ImportFailedError(f"{path}: no movies-*.json files in this folder")
        return found
    check_regular(path)
    return [path]


def read(path: Path) -> Iterator[RowResult]:
    """Items are numbered from 1 within each file; the report names the file for folders."""
    for file in files(path):
        try:
            items = json.loads(read_text(file, MAX_JSON_BYTES))
        except json.JSONDecodeError as exc:
            raise ImportFailedError(f"{file.name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
        except RecursionError:
            raise ImportFailedError(f"{file.name}: JSON nested too deeply to be a film list") from None
        if not isinstance(items, list):
            raise ImportFailedError(f"{file.name}: expected a JSON list of films")
        for n, item in enumerate(items, 1):
            try:
                if not isinstance(item, dict):
                    raise ValueError("item is not an object")
                title = str(item.get("title") or "").strip()
                if not title:
                    raise ValueError("empty title")
                year = item.get("year")
                year = int(year) if year not in (None, "") and not isinstance(year, bool) else None
                key = str(item.get("href") or f"{title}|{year}")
                yield RowResult(
                    n,
                    checked(MovieRecord(
                        source=SOURCE,
                        key=key,
                        title=title,
                        year=year,
                        genres=[str(g) for g in item.get("genres") or [] if g],
                        overview=str(item.get("extract") or "").strip(),
                        cast=[str(c) for c in item.get("cast") or [] if c][:6],
                        countries=["United States"],
                    )),
                )
            except ROW_ERRORS as exc:
                yield RowResult(n, error=f"{file.name} item {n}: {row_error(exc)}")
