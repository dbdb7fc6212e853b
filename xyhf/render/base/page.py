"""A generated page as a value: every subject's pages are `Page`s, filled into the theme's shell later."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str  # Markdown path in the docs tree, e.g. holders/xjlg.md
    title: str  # plain text; escaped where it lands
    body: str  # safe HTML from a template
