"""Give the rows of an unplaced-history CSV (``<name>-unmatched.csv``) the TMDB ids found for them.

After "complete my history" fetched the films such a file names, importing it again links
each row to its film. Titles can differ between a history and TMDB ("Seven" / "Se7en"), so
the rows get the TMDB id the fetch found, and the import matches by id.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from .fsutil import atomic_write_text
from .text import normalize_title


def fill_tmdb_ids(path: Path, found: Iterable[tuple[str, int | None, int]]) -> int:
    """Write each found ``(title, year, tmdb id)`` into the matching rows of ``path``; returns rows changed."""
    ids = {(normalize_title(title), year): tmdb_id for title, year, tmdb_id in found}
    if not ids:
        return 0
    text = Path(path).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = list(reader.fieldnames or [])
    if "tmdb_id" not in fields or "title" not in fields:
        return 0
    rows, changed = [], 0
    for row in reader:
        year = row.get("year", "").strip()
        key = (normalize_title(row.get("title") or ""), int(year) if year.isdigit() else None)
        if not (row.get("tmdb_id") or "").strip() and key in ids:
            row["tmdb_id"] = str(ids[key])
            changed += 1
        rows.append(row)
    if changed:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        atomic_write_text(Path(path), out.getvalue())
    return changed
