"""Helpers every rule module builds on: a diagnostic at a field's position, a date read leniently.

They sit below rules.py and the rule modules beside it, so none of them imports another to get these.
"""

from __future__ import annotations

import datetime as dt

from xyhf.errors import Diagnostic, Severity
from xyhf.source.yaml_loader import PathKey, Source, field_name

__all__ = ["Diagnostic", "diag", "parse_day"]


def diag(source: Source, path: PathKey, message: str, rule: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    line, col = source.position(path)
    return Diagnostic(source.display, line, col, field_name(path), message, rule=rule, severity=severity)


def parse_day(value: object) -> dt.date | None:
    """A YYYY-MM-DD text as a date, or None (the schema reports malformed dates)."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
