"""The one build step that needs MkDocs and Material: the prose pages and the theme's page shell.

MkDocs renders the prose pages (xyhf/theme/docs/) and one placeholder stub per generated page into
the staging folder. Everything after that is ours: each generated page is filled into the HTML the
theme wrote for its stub (render/base/shell.py), and the record and need pages share one shell each,
lightened of the theme's script-only chrome (render/base/lean.py). Replacing the theme engine means
replacing this module, xyhf/theme/ and those two shell modules; no renderer imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

from xyhf.model.records import Catalog
from xyhf.paths import ASSETS_DIR, MKDOCS_CONFIG, PROSE_DIR
from xyhf.render import prose, site
from xyhf.render.base import lean
from xyhf.render.base.page import Page
from xyhf.render.base.shell import NEED_SHELL, RECORD_SHELL, TOKENS
from xyhf.write import SiteWriter


@dataclass(frozen=True)
class Shells:
    """The theme's page around a record and around a need, placeholders in, script-only parts out."""

    record: str
    need: str


def run(writer: SiteWriter, catalog: Catalog, pages: list[Page], settings: site.Settings) -> None:
    """MkDocs over the prose pages, the theme's assets and a stub per generated page, into staging."""
    stubs = site.stubs(pages)
    writer.run_mkdocs(
        MKDOCS_CONFIG, PROSE_DIR, ASSETS_DIR, stubs, settings.site_url, {"sample_data": catalog.sample_data}, settings.epoch
    )


def fill(writer: SiteWriter, catalog: Catalog, pages: list[Page], settings: site.Settings) -> Shells:
    """Generated pages and prose blocks into the theme's HTML; the record and need shells taken out."""
    expected = {site.html_path(page.path) for page in pages} | {f"{RECORD_SHELL}/index.html", f"{NEED_SHELL}/index.html"}
    leaked = [rel for rel in writer.html_files() if rel not in expected and any(t in writer.read(rel) for t in TOKENS)]
    if leaked:  # the theme put a placeholder on a page that is never filled: fail loudly, publish nothing
        raise RuntimeError(f"placeholders leaked into {leaked[:5]}")
    writer.write_all(site.filled_pages(writer.read, pages, prose.prose_blocks(catalog, settings.updated)))
    shell, chrome = lean.lighten(writer.read(f"{RECORD_SHELL}/index.html"), RECORD_SHELL)
    need_shell, need_chrome = lean.lighten(writer.read(f"{NEED_SHELL}/index.html"), NEED_SHELL)
    if need_chrome != chrome:  # one script serves both kinds of page
        raise RuntimeError("record and need shells defer different theme markup")
    writer.remove(RECORD_SHELL)
    writer.remove(NEED_SHELL)
    writer.write(lean.CHROME_JS, chrome)
    return Shells(shell, need_shell)
