"""CSV files the app writes for people to open in a spreadsheet: cells cannot become formulas.

OWASP's CSV-injection guidance: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is prefixed with a single quote, which spreadsheets show as text.
Our own importers strip that quote again, so an exported file still imports unchanged.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as written to a CSV cell: text that a spreadsheet would evaluate gets a leading quote."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def unquote_cell(value: str) -> str:
    """Undo ``safe_cell`` on a cell read back from one of our files."""
    if value.startswith("'") and value[1:2] in _TRIGGERS and value[1:2]:
        return value[1:]
    return value


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, fh: IO[Any]) -> None:
        self._out = csv.writer(fh, lineterminator="\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._out.writerow([safe_cell(v) for v in row])
