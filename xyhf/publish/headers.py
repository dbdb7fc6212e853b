"""HTTP headers of an uploaded file, decided by its name (and, for a name without a suffix, its bytes).

Cache policy: a file whose name carries a content hash (`main.57a0d79d.min.css`, the theme's
fingerprinted assets) never changes under that name, so it is cached for a year and marked
immutable. Everything else (HTML, data, feeds, the search index, our own unhashed scripts) keeps
its name across builds and is cached for five minutes, so a publish is seen within minutes.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"

# A dot-separated name part of 8+ hex digits with at least one digit and one letter a-f
# (`bundle.a5f9d56c.min.js`); a plain word or year never matches.
FINGERPRINT = re.compile(r"\.(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,64}\.")

TEXT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".jsonld": "application/ld+json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".svg": "image/svg+xml",
    ".ics": "text/calendar",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}

BINARY_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".sqlite": "application/vnd.sqlite3",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".wasm": "application/wasm",
}

BINARY = "application/octet-stream"


def content_type(key: str, data: bytes) -> str:
    """The Content-Type; text types say `charset=utf-8`. A name without a suffix (LICENSE) is plain
    text when its bytes are UTF-8, else binary."""
    suffix = PurePosixPath(key).suffix.lower()
    if suffix in TEXT_TYPES:
        return f"{TEXT_TYPES[suffix]}; charset=utf-8"
    if suffix in BINARY_TYPES:
        return BINARY_TYPES[suffix]
    if not suffix:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return BINARY
        return "text/plain; charset=utf-8"
    return BINARY


def is_fingerprinted(key: str) -> bool:
    return bool(FINGERPRINT.search(PurePosixPath(key).name))


def cache_control(key: str) -> str:
    return LONG_CACHE if is_fingerprinted(key) else SHORT_CACHE
