"""Where an unexpected error's traceback goes: a log file the user can send, never the screen.

Both shells use it (the CLI's ``main`` and the GUI's exception hook): the user sees one short
line or a dialog naming the file; the file holds the traceback, with API keys hidden and
control characters escaped. The last ``KEEP`` logs are kept.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import TracebackType

from .core.redact import printable, redact, safe_message

KEEP = 10
PREFIX = "movierec-error-"

__all__ = ["log_folder", "safe_message", "short_reason", "write_crash_log"]


def log_folder() -> Path:
    """``<cache>/logs`` of the current home (``MOVIEREC_HOME`` or the platform's cache folder)."""
    from .config import Paths

    return Paths.resolve().cache / "logs"


def short_reason(exc: BaseException) -> str:
    """``TypeName: first line of the message`` (keys hidden, printable, at most 160 characters)."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return safe_message(f"{type(exc).__name__}: {first}" if first else type(exc).__name__, limit=160)


def write_crash_log(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, folder: Path | None = None
) -> Path | None:
    """Write the traceback to a new log file and return its path (``None`` if no folder is writable)."""
    from . import __version__  # looked up only here (``importlib.metadata`` costs ~20 ms at start)

    text = "".join(traceback.format_exception(exc_type, exc, tb))
    body = (
        f"MovieRec {__version__} on Python {platform.python_version()} ({platform.platform()})\n"
        f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n"
        f"command: {printable(' '.join(sys.argv), 2000)}\n\n"
        + "\n".join(printable(line, 4000) for line in redact(text).splitlines())
        + "\n"
    )
    for base in _candidates(folder):
        try:
            base.mkdir(parents=True, exist_ok=True)
            path, fd = _new_file(base)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(body)
            _prune(base)
            return path
        except OSError:
            continue
    return None


def _new_file(base: Path) -> tuple[Path, int]:
    """A log file of our own (never an existing one: several errors may come in one second)."""
    stem = f"{PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    for n in range(100):
        path = base / (f"{stem}.log" if n == 0 else f"{stem}-{n}.log")
        try:
            return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
    raise FileExistsError(f"too many logs in {base}")


def _candidates(folder: Path | None) -> list[Path]:
    out = [folder] if folder is not None else []
    try:
        out.append(log_folder())
    except Exception:  # no home could be resolved: fall back to the temp folder
        pass
    out.append(Path(tempfile.gettempdir()) / "movierec-logs")
    return out


def _prune(base: Path) -> None:
    logs = sorted(base.glob(f"{PREFIX}*.log"), key=lambda p: p.stat().st_mtime)
    for old in logs[:-KEEP]:
        try:
            old.unlink()
        except OSError:
            pass
