"""The Jinja environment for every generated page: autoescape on, undefined names are errors.

Record text reaches a page only as an autoescaped value or through `paragraphs` (our own escape-
then-tag subset, see text.py). Links from data only through `safe_url`, an allow-list of
mailto:, tel: and https: with a checked form.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from xyhf.domain import labels
from xyhf.domain.classify import cities
from xyhf.paths import TEMPLATES_DIR
from xyhf.render.base.text import iri_component, markdown_subset

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}", re.ASCII)
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{4,24}", re.ASCII)
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}", re.ASCII)


def safe_url(value: object, scheme: str) -> str | None:
    """A link target built from data, or None when the value is not a well-formed `scheme` target."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if scheme == "mailto" and _EMAIL.fullmatch(text):
        return "mailto:" + text
    if scheme == "tel" and _PHONE.fullmatch(text):
        return "tel:" + re.sub(r"[^0-9+]", "", text)
    if scheme == "https":
        try:
            parts = urlsplit(text)
        except ValueError:
            return None
        if parts.scheme == "https" and _HOST.fullmatch(parts.hostname or "") and not parts.username and "@" not in parts.netloc:
            return (
                "https://"
                + parts.netloc
                + quote(parts.path, safe="/-._~%")
                + ("?" + quote(parts.query, safe="=&-._~%") if parts.query else "")
            )
    return None


def money(amount: int | None) -> str:
    return "—" if amount is None else f"{amount:,} 元"


def number(value: float | int) -> str:
    """2.0 → 2, 2.5 → 2.5: percentages as people write them."""
    return f"{value:g}"


def paragraphs(text: str) -> Markup:
    return Markup(markdown_subset(text))  # noqa: S704 - markdown_subset escapes first, then adds its own tags


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # the templates never change during a build: no file check at every page (1.7 s at 25,000)
    )
    env.filters.update(iri=iri_component, money=money, number=number, paragraphs=paragraphs, safe_url=safe_url)
    env.globals.update(labels=labels, cities=cities())
    return env


def render(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context).strip()
