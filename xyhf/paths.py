"""Where the package's own files live. Everything the generator reads besides the catalog ships
inside the package (schemas, code lists, templates, theme), so it works from any directory."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = PACKAGE_DIR / "schemas"
DATA_DIR = PACKAGE_DIR / "data"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
THEME_DIR = PACKAGE_DIR / "theme"
MKDOCS_CONFIG = THEME_DIR / "mkdocs.yml"
PROSE_DIR = THEME_DIR / "docs"
ASSETS_DIR = THEME_DIR / "assets"
# A source checkout keeps the sample catalog beside the package; an installed package has none.
CHECKOUT_CATALOG = PACKAGE_DIR.parent / "catalog"
