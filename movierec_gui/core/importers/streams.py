"""Reading files a user hands us, safely: regular files only, bounded bytes, lines and rows.

Every importer reads through here, so a hostile input (a symlink to ``/dev/zero``, a named
pipe, a 10 GB file, a ZIP that lies about its sizes, a 50 MB line, UTF-16 without a BOM)
costs bounded memory and time and ends in one clear ``ImportFailedError`` or a per-row
error, never a hang or a traceback.
"""

from __future__ import annotations

import codecs
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import ImportFailedError
from ..redact import printable

#: A single catalog or history file (or ZIP member) may hold this many bytes.
MAX_FILE_BYTES = 256 << 20
#: A physical line longer than this is cut (csv reports the damaged row, the rest reads on).
MAX_LINE_BYTES = 1 << 20
#: The csv module's per-field limit (a quoted field spanning lines can grow to this).
MAX_FIELD_CHARS = 1 << 20
#: Rows read from one import before we stop and say so (no real history or catalog has more).
MAX_ROWS = 500_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def check_regular(path: Path) -> None:
    """Refuse anything but an existing regular file (symlinks are followed to their target)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ImportFailedError(f"No such file: {path}") from None
    except OSError as exc:
        raise ImportFailedError(f"Cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImportFailedError(f"{path} is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = "a named pipe" if stat.S_ISFIFO(st.st_mode) else "a device or special file"
        raise ImportFailedError(f"{path} is {kind}, not a regular file; copy the data into a file first")


def open_regular(path: Path) -> IO[bytes]:
    """Open ``path`` for binary reading, refusing FIFOs, devices and folders without blocking on them."""
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ImportFailedError(f"Cannot read {path}: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between the check and the open
            raise ImportFailedError(f"{path} is not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(fh: IO[bytes], name: str, limit: int | None = None) -> bytes:
    """All of ``fh``, counting the bytes actually read (never a size the file claims)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise ImportFailedError(f"{name}: larger than {limit >> 20} MB; is this the right file?")
    return data


def read_file_capped(path: Path, limit: int | None = None) -> bytes:
    with open_regular(path) as fh:
        try:
            return read_capped(fh, path.name, limit)
        except OSError as exc:
            raise ImportFailedError(f"Cannot read {path}: {exc.strerror or exc}") from None


class CappedReader:
    """A binary reader that raises ``ImportFailedError`` once more than ``limit`` bytes came through."""

    def __init__(self, fh: IO[bytes], name: str, limit: int | None = None) -> None:
        self._fh, self._name, self.count = fh, name, 0
        self._limit = MAX_FILE_BYTES if limit is None else limit

    def _account(self, data: bytes) -> bytes:
        self.count += len(data)
        if self.count > self._limit:
            raise ImportFailedError(f"{self._name}: larger than {self._limit >> 20} MB; is this the right file?")
        return data

    def read(self, n: int = -1) -> bytes:
        return self._account(self._fh.read(n if n is not None and n >= 0 else self._limit + 1))

    def readline(self, n: int = -1) -> bytes:
        return self._account(self._fh.readline(n))


def shown(text: str, limit: int = 60) -> str:
    """``text`` fit for a one-line message: control characters escaped, at most ``limit`` characters."""
    return printable(text, limit)


class _Prefixed:
    """A binary reader that serves ``head`` (already read, for sniffing) before the rest of ``fh``."""

    def __init__(self, head: bytes, fh: IO[bytes] | CappedReader) -> None:
        self._head, self._fh = head, fh

    def read(self, n: int = -1) -> bytes:
        if not self._head:
            return self._fh.read(n)
        if n < 0:
            data, self._head = self._head + self._fh.read(), b""
            return data
        data, self._head = self._head[:n], self._head[n:]
        return data

    def readline(self, n: int = -1) -> bytes:
        if not self._head:
            return self._fh.readline(n)
        cut = self._head.find(b"\n") + 1 or len(self._head)
        if 0 <= n < cut:
            cut = n
        data, self._head = self._head[:cut], self._head[cut:]
        if not data.endswith(b"\n") and not self._head and (n < 0 or len(data) < n):
            data += self._fh.readline(n - len(data) if n >= 0 else -1)
        return data


def sniff_encoding(head: bytes, name: str) -> str:
    """``utf-16``/``utf-32`` (by BOM), ``utf-8-sig``, or ``auto`` (UTF-8, else cp1252, line by line)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[:4096]
    if sample and sample.count(0) * 4 >= len(sample):
        # Every other byte zero: UTF-16 that lost its BOM; decode it if it reads as text.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = sample[: len(sample) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            if text and sum(c.isprintable() or c in "\r\n\t" for c in text) >= 0.95 * len(text):
                return encoding
        raise ImportFailedError(f"{name}: this is a binary file, not text (CSV, TSV or JSON Lines)")
    controls = sum(b < 32 and b not in (9, 10, 13) for b in sample)
    if controls >= 16 and controls * 20 > len(sample):  # over 5% control bytes: no text file looks like that
        raise ImportFailedError(f"{name}: this is a binary file, not text (CSV, TSV or JSON Lines)")
    return "auto"


def decode_line(raw: bytes) -> str:
    """One line as UTF-8, else cp1252, else latin-1 (which decodes anything); NULs dropped."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding).replace("\x00", "")
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1").replace("\x00", "")


def text_lines(fh: IO[bytes] | CappedReader, name: str) -> Iterator[str]:
    """Decoded lines (newline kept, one per physical line) of a binary stream; long lines are cut."""
    head = fh.read(4096)
    encoding = sniff_encoding(head, name)
    fh = _Prefixed(head, fh)  # type: ignore[assignment]
    first = fh.readline(MAX_LINE_BYTES)
    if encoding == "auto":
        line = first
        first_line = True
        while line:
            if first_line and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            first_line = False
            yield from _split_cr(_cut(line, fh))
            line = fh.readline(MAX_LINE_BYTES)
        return
    yield from _wide_lines(first, fh, encoding, name)


def _cut(line: bytes, fh: IO[bytes] | CappedReader | _Prefixed) -> str:
    """Decode ``line``; if it hit the length cap, skip the rest of that physical line."""
    if len(line) >= MAX_LINE_BYTES and not line.endswith(b"\n"):
        while True:
            rest = fh.readline(MAX_LINE_BYTES)
            if not rest or rest.endswith(b"\n"):
                break
        return decode_line(line) + "\n"
    return decode_line(line)


def _wide_lines(first: bytes, fh: IO[bytes] | CappedReader | _Prefixed, encoding: str, name: str) -> Iterator[str]:
    """UTF-16/32 text, decoded incrementally in 64 KB chunks."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    chunk = first
    while chunk:
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            yield from _split_cr(line[:MAX_LINE_BYTES].replace("\x00", "").lstrip("\ufeff") + "\n")
        if len(pending) > MAX_LINE_BYTES:
            pending = pending[:MAX_LINE_BYTES]
        chunk = fh.read(65536)
    pending += decoder.decode(b"", final=True)
    if pending:
        yield from _split_cr(pending[:MAX_LINE_BYTES].replace("\x00", "").lstrip("\ufeff"))


def _split_cr(line: str) -> Iterator[str]:
    """A line holding bare carriage returns (old Mac line ends) as separate lines."""
    if "\r" not in line.rstrip("\r\n"):
        yield line
        return
    parts = line.replace("\r\n", "\n").split("\r")
    for part in parts[:-1]:
        yield part + "\n"
    if parts[-1]:
        yield parts[-1]


def file_lines(path: Path) -> Iterator[str]:
    """Decoded lines of a regular file, at most ``MAX_FILE_BYTES`` read."""
    with open_regular(path) as fh:
        reader = CappedReader(fh, path.name)
        try:
            yield from text_lines(reader, path.name)
        except OSError as exc:
            raise ImportFailedError(f"Cannot read {path}: {exc.strerror or exc}") from None


def member_lines(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[str]:
    """Decoded lines of a ZIP member, counting the bytes actually inflated (sizes in the ZIP may lie)."""
    if info.flag_bits & 0x1:
        raise ImportFailedError(f"{name}: {info.filename} is encrypted; export it again without a password")
    try:
        with archive.open(info) as fh:
            yield from text_lines(CappedReader(fh, f"{name}: {info.filename}"), info.filename)
    except ImportFailedError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, RuntimeError) as exc:
        raise ImportFailedError(f"{name}: cannot read {info.filename} ({exc})") from None
