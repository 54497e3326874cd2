"""Shared fixtures: deterministic hypothesis, the Agg backend, and the built site served on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ["MPLBACKEND"] = "Agg"
settings.register_profile("book", derandomize=True, deadline=None, max_examples=200)
settings.load_profile("book")

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def site() -> Path:
    """The built book; `make test` builds it before running the tests."""
    if not (SITE / "index.html").is_file():
        pytest.fail("the book is not built: run `make book` (or `make test`, which builds it first)")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built book served on 127.0.0.1 at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
