"""Submitter and maintainer tools (new, audit, codeowners, xlsx import ...). Registered into the CLI."""

from __future__ import annotations


def register(sub, with_catalog) -> None:
    """Each tool adds its own sub-command here as it lands."""
