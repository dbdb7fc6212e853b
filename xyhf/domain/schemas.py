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
    "deal": "deal.schema.json",
    "need": "need.schema.json",
    "stations": "stations.schema.json",
    "synonyms": "synonyms.schema.json",
    "event": "event.schema.json",
    "followups": "followups.schema.json",
}
SCHEMA_BASE = "https://xyhf.example.org/schemas/"  # every schema's $id lives here; refs between them resolve locally


@cache
def load_schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))


def schema_by_uri(uri: str) -> dict:
    """A schema named by its $id (a `$ref` to another file), read from the package, never fetched."""
    name = uri.split("#", 1)[0].removeprefix(SCHEMA_BASE)
    kind = next(k for k, file in SCHEMA_FILES.items() if file == name)
    return load_schema(kind)


def resolve_ref(ref: str, current: dict) -> tuple[dict, dict]:
    """(the subschema a `$ref` points to, the schema it lives in): "#/$defs/x" or "<file URI>#/$defs/x"."""
    document, _, pointer = ref.partition("#")
    root = schema_by_uri(document) if document else current
    node: dict = root
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        node = node[part]
    return node, root
