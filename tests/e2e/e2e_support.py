"""Shared by the browser tests: Debian's Chromium driven by Playwright (never a downloaded browser),
and a quiet local HTTP server for a built site."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI must have Debian's chromium: `make test` installs it (apt-get install chromium)")
        pytest.skip("Debian chromium not installed (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def served_site(built_site):
    """(the built sample site, its base URL on a local server)."""
    server, base = serve(built_site)
    yield built_site, base
    server.shutdown()


def check_written(tmp_path: Path, files: dict[str, str]):
    """`xyhf check` on a fresh catalog with the sample holder xjlg and `files` (catalog-relative
    path → text, written exactly as a browser produced them): the report."""
    from conftest import ROOT, TODAY, write_files
    from xyhf.pipeline import check_catalog

    holder = (ROOT / "catalog/holders/xjlg.yaml").read_text(encoding="utf-8")
    root = write_files(tmp_path / "catalog", {"holders/xjlg.yaml": holder, "codes.yaml": "codes: []\n", **files})
    return check_catalog(root, TODAY)[0]
