"""Small filesystem helpers: atomic writes, private permissions, safe export targets, file hashes.

Everything under the home folder is private to its owner (folders 0700, files 0600):
the watch history is personal. Files written elsewhere at the person's request (an
export) go only to a regular file, replaced atomically.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import StorageError

#: Permissions of the app's own files and folders.
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700


@contextmanager
def atomic_writer(path: Path, mode: str = "wb", permissions: int = PRIVATE_FILE) -> Iterator[IO[Any]]:
    """Write to a temp file beside ``path``, fsync, then ``os.replace`` it into place.

    A crash at any point leaves either the old file or the new one, never a mix. The
    file is private (0600) unless ``permissions`` says otherwise.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        if exc.errno in _STORAGE_ERRNOS:
            raise StorageError(f"Cannot write {path}: {exc.strerror or exc}; nothing was changed.") from None
        raise
    try:
        os.chmod(tmp, permissions & ~_umask())
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS and not isinstance(exc, StorageError):
            raise StorageError(f"Cannot write {path}: {exc.strerror or exc}; nothing was changed.") from None
        raise


def make_private(path: Path) -> None:
    """Folders 0700, files 0600 (best effort: some file systems ignore modes)."""
    try:
        os.chmod(path, PRIVATE_DIR if Path(path).is_dir() else PRIVATE_FILE)
    except OSError:
        pass


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it private to its owner."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    make_private(path)
    return path


def export_target(path: Path) -> Path:
    """``path`` checked as the destination of an export: a new or regular file in an existing folder.

    Raises ``UserInputError`` for a folder, a device, a pipe or socket, or a missing folder.
    """
    from .errors import UserInputError

    path = Path(path).expanduser()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UserInputError(f"Cannot write {path}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UserInputError(f"{path} is a folder; give a file name such as {path / 'history.csv'}")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UserInputError(f"{path} is not a regular file (a device, pipe or socket); export to a file")
    if not path.parent.is_dir():
        raise UserInputError(f"Cannot write {path}: the folder {path.parent} does not exist")
    if path.is_symlink():
        path = path.resolve()  # replace the file the link points to, keep the link
    return path


#: Write failures the user can act on (free space, a read-only or foreign folder).
_STORAGE_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EROFS, errno.EACCES, errno.EPERM}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_writer(path, "w") as fh:
        fh.write(text)


def atomic_write_with(path: Path, write: Callable[[IO[Any]], None]) -> None:
    with atomic_writer(path, "wb") as fh:
        write(fh)


def fsync_dir(path: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()
