"""A column of a published table: key, Chinese title, Table Schema type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    type: str = "string"  # Table Schema type
    description: str = ""
