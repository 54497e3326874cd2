"""Shared fixtures: deterministic hypothesis, the Agg backend, and the built site served on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

os.environ["MPLBACKEND"] = "Agg"
settings.register_profile("book", derandomize=True, deadline=None, max_examples=200)
settings.load_profile("book")

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
# The build's own tools (tools/: publishing, frame pruning), tested here but not part of the library.
sys.path.insert(0, str(ROOT / "tools"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reads the built site as ``site`` (``make test-fast`` leaves them out)."""
    for item in items:
        if "site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def site() -> Path:
    """The built book; `make test` builds it before running the tests."""
    if not (SITE / "index.html").is_file():
        pytest.fail("the book is not built: run `make book` (or `make test`, which builds it first)")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


SUBPATH = "/a/sub/path/"


class _SubpathHandler(_QuietHandler):
    """Serves the site under SUBPATH, as a project page of a static host would; 404 elsewhere."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUBPATH):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(SUBPATH) :])


def _serve(handler_class: type, site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler_class, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built book served at the root of 127.0.0.1 on a free port."""
    for base in _serve(_QuietHandler, site):
        yield base + "/"


@pytest.fixture(scope="session")
def subpath_url(site: Path) -> Iterator[str]:
    """The built book served under a sub-path, to check that every link is relative."""
    for base in _serve(_SubpathHandler, site):
        yield base + SUBPATH


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, with the flags of a sandboxed machine (test_browser.CHROMIUM_ARGS); for the
    browser tests, whose modules skip (or, in CI, fail) where Chromium is missing."""
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
