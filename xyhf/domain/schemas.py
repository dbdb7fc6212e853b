"""The JSON Schemas shipped in the package: the single contract for every file kind."""

from __future__ import annotations

import json
from functools import cache

from xyhf.paths import SCHEMA_DIR

SCHEMA_FILES = {
    "holder": "holder.schema.json",
    "record": "record.schema.json",
    "promotion": "promotion.schema.json",
    "codes": "codes.schema.json",
    "settings": "settings.schema.json",
}


@cache
def load_schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
