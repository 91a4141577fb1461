"""One way to keep API keys and raw control characters out of every message and log.

``redact`` hides the keys it is given, the keys in the usual environment variables, and
anything shaped like an OpenAI or Pinecone key or an auth header. A key too short to be
real (under four characters, or only whitespace) is left alone rather than garbling the
message; four to seven characters are hidden only where they stand as a whole token.
``printable`` makes text safe for a terminal line or a dialog: control characters
escaped, length capped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

MASK = "[key hidden]"
#: Environment variables whose values are always hidden (the same names the app reads keys from).
SECRET_ENV = ("OPENAI_API_KEY", "PINECONE_API_KEY")
#: Shapes of keys and credentials, hidden even when we were not told the key.
_PATTERNS = (
    re.compile(r"\bsk-[A-Za-z0-9_*.\-]{6,}"),  # OpenAI (sk-…, sk-proj-…)
    re.compile(r"\bpcsk_[A-Za-z0-9_]{6,}"),  # Pinecone
    re.compile(r"(?i)\b(authorization|api[-_]?key|x-api-key)(\s*[:=]\s*|\s+)(bearer\s+)?['\"]?[^\s'\",}]{4,}"),
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9_.\-]{8,}"),
)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every known or key-shaped secret replaced by ``MASK``."""
    text = str(text)
    keys = {(s or "").strip() for s in secrets} | {os.environ.get(n, "").strip() for n in SECRET_ENV}
    for key in sorted(keys, key=len, reverse=True):  # longest first: a key containing another
        if len(key) >= 8:
            text = text.replace(key, MASK)
        elif len(key) >= 4:
            text = re.sub(rf"(?<![A-Za-z0-9_\-]){re.escape(key)}(?![A-Za-z0-9_\-])", MASK, text)
    for pattern in _PATTERNS:
        text = pattern.sub(_mask_match, text)
    return text


def _mask_match(m: re.Match[str]) -> str:
    if m.lastindex and m.lastindex >= 2:  # "Authorization: <key>" keeps its label
        return f"{m.group(1)}{m.group(2)}{MASK}"
    return MASK


def printable(text: str, limit: int = 300) -> str:
    """``text`` on one line: control characters (escape sequences, NUL, line breaks) shown escaped,
    at most ``limit`` characters (the rest replaced by an ellipsis and the count)."""
    text = str(text)
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit:,} more characters)"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def safe_message(text: str, secrets: Iterable[str | None] = (), limit: int = 300) -> str:
    """A message fit for the user: keys hidden, one printable line, bounded length."""
    return printable(redact(text, secrets), limit)
