"""The local poster cache: images shown for films, kept on disk for offline use.

Two kinds of file live under one root folder:

* ``user/<identity>.<ext>`` — an image the person picked for a film (always wins);
* ``tmdb/<tmdb id>.jpg`` — posters downloaded from TMDB when the user asked for them.

Files are named by durable identity (never by the catalog's row id, which can change), so
a poster follows its film through catalog resets and re-imports. The TMDB part is bounded
(``max_bytes``): the oldest files go first when it grows past the limit.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .fsutil import atomic_writer
from .models import Movie
from .text import normalize_title

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
#: Default bound of the downloaded-poster cache (a w342 poster is ~30–60 kB: ~10k posters).
DEFAULT_MAX_BYTES = 500 * 1024 * 1024
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def identity(movie: Movie) -> str:
    """A film's durable identity: an external id where known, else its normalized title and year."""
    if movie.tmdb_id is not None:
        return f"tmdb-{movie.tmdb_id}"
    if movie.imdb_id:
        return f"imdb-{movie.imdb_id}"
    return _UNSAFE.sub("-", f"title-{normalize_title(movie.title)}-{movie.year or 'na'}").strip("-")[:120]


class PosterStore:
    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    @property
    def user_dir(self) -> Path:
        return self.root / "user"

    @property
    def tmdb_dir(self) -> Path:
        return self.root / "tmdb"

    def path_for(self, movie: Movie) -> Path | None:
        """The image to show for ``movie``, or ``None`` (the app then draws a generated cover)."""
        key = identity(movie)
        for suffix in IMAGE_SUFFIXES:
            p = self.user_dir / f"{key}{suffix}"
            if p.is_file():
                return p
        if movie.tmdb_id is not None:
            p = self.tmdb_dir / f"{movie.tmdb_id}.jpg"
            if p.is_file():
                return p
        return None

    def set_user_image(self, movie: Movie, source: Path) -> Path:
        """Copy ``source`` as ``movie``'s picked image (replacing an earlier pick)."""
        suffix = source.suffix.lower()
        if suffix not in IMAGE_SUFFIXES:
            raise ValueError(f"{source.name} is not a JPEG, PNG or WebP image")
        self.clear_user_image(movie)
        target = self.user_dir / f"{identity(movie)}{suffix}"
        with atomic_writer(target, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
        return target

    def clear_user_image(self, movie: Movie) -> None:
        for suffix in IMAGE_SUFFIXES:
            (self.user_dir / f"{identity(movie)}{suffix}").unlink(missing_ok=True)

    def has_tmdb(self, tmdb_id: int) -> bool:
        return (self.tmdb_dir / f"{tmdb_id}.jpg").is_file()

    def put_tmdb(self, tmdb_id: int, data: bytes, trim: bool = True) -> Path:
        """Store a downloaded poster (atomically), then keep the cache within ``max_bytes``.

        A bulk download passes ``trim=False`` and calls :meth:`trim` now and then (each
        trim looks at every file).
        """
        target = self.tmdb_dir / f"{int(tmdb_id)}.jpg"
        with atomic_writer(target, "wb") as out:
            out.write(data)
        if trim:
            self.trim()
        return target

    def tmdb_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.tmdb_dir.glob("*.jpg")) if self.tmdb_dir.is_dir() else 0

    def trim(self) -> int:
        """Delete the oldest downloaded posters until the cache fits; returns how many went."""
        if not self.tmdb_dir.is_dir():
            return 0
        files = sorted(self.tmdb_dir.glob("*.jpg"), key=lambda p: p.stat().st_mtime)
        total = sum(p.stat().st_size for p in files)
        removed = 0
        for p in files:
            if total <= self.max_bytes:
                break
            total -= p.stat().st_size
            p.unlink(missing_ok=True)
            removed += 1
        return removed

    def clear_downloaded(self) -> int:
        """Forget every downloaded poster (the user's own picks stay)."""
        n = len(list(self.tmdb_dir.glob("*.jpg"))) if self.tmdb_dir.is_dir() else 0
        shutil.rmtree(self.tmdb_dir, ignore_errors=True)
        return n
