"""Remember which files were checksummed, so an unchanged file is not read in full at every start.

A verified file is recorded in a small JSON file by (size, mtime, ctime, inode, device, sha256):
any write, copy, restore or rename-over changes one of them (ctime cannot be set back from user
space), so such a change is always checksummed again. What this does not see is decay *under* the
file system (a bit flipped on the medium with no write): that is caught when the file is next
rewritten, not on every start. The record lives in the user's own cache folder, never beside the
files it vouches for (those may be read-only package files).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .fsutil import atomic_writer, sha256_file


def hashes_to(
    path: Path, sha256: str, record: Path | None, key: str | None = None, digest: Callable[[Path], str] | None = None
) -> bool:
    """Whether ``path`` hashes to ``sha256``; read in full only if ``record`` does not vouch for this very file.

    ``record``: the JSON file of verified files (``None``: always checksum); ``key``: the entry's name
    in it (default: the file's name); ``digest``: the checksum function (default ``sha256_file``).
    """
    digest = digest or sha256_file
    if record is None:
        return digest(path) == sha256
    st = path.stat()
    identity = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, sha256]
    name = key or path.name
    seen = _read(record)
    if seen.get(name) == identity:
        return True
    if digest(path) != sha256:
        return False
    seen[name] = identity
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(record, "w") as fh:
            json.dump(seen, fh)
    except OSError:
        pass  # a read-only cache is checked in full each time
    return True


def _read(record: Path) -> dict[str, Any]:
    try:
        seen = json.loads(record.read_text())
    except (OSError, ValueError):
        return {}
    return seen if isinstance(seen, dict) else {}
