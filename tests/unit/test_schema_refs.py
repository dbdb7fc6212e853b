"""domain/schemas.py: a `$ref` between the shipped schemas resolves from the package, never fetched."""

from __future__ import annotations

import pytest

from xyhf.domain.schemas import SCHEMA_BASE, load_schema, resolve_ref, schema_by_uri


def test_a_schema_is_found_by_its_id_with_or_without_a_fragment():
    holder = load_schema("holder")
    assert schema_by_uri(f"{SCHEMA_BASE}holder.schema.json") is holder
    assert schema_by_uri(f"{SCHEMA_BASE}holder.schema.json#/$defs/x") is holder
    with pytest.raises(StopIteration):
        schema_by_uri(f"{SCHEMA_BASE}nowhere.schema.json")


def test_a_ref_points_into_its_own_schema_or_another_file():
    record = load_schema("record")
    assert resolve_ref("#/$defs/payment", record) == (record["$defs"]["payment"], record)
    assert resolve_ref("#", record) == (record, record)  # the whole schema
    holder = load_schema("holder")
    assert resolve_ref(f"{SCHEMA_BASE}holder.schema.json", record) == (holder, holder)
    first = next(iter(record["$defs"]))
    assert resolve_ref(f"{SCHEMA_BASE}record.schema.json#/$defs/{first}", holder) == (record["$defs"][first], record)
