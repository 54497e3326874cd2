"""``jupyter-book`` with Sphinx's parallel reading: ``python tools/jupyter_book_jobs.py JOBS ARGS...``
runs ``jupyter-book ARGS...`` with ``JOBS`` processes reading (and so executing) chapters at once.

Jupyter Book 1.x passes no ``jobs`` to Sphinx; this wraps its ``build_sphinx`` with one. Every
extension the book uses declares itself safe for parallel reading but sphinx-multitoc-numbering 0.1.3,
which declares nothing (so Sphinx reads serially); it only renumbers sections from the table of
contents after every page is read, in the main process, so it is declared safe here. Each chapter still
runs in its own kernel, from scratch, on every cold build: only the order in time changes. The wrapper
also puts the execution cache in the book's folder (``_build_sphinx``) and writes a notebook answered
from it with its outputs (``_start_cached``).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

import jupyter_book.sphinx
import sphinx_multitoc_numbering
import yaml
from jupyter_book.cli.main import main as cli
from myst_nb.core.execute.cache import NotebookClientCache


def _multitoc_setup(app: Any, setup: Any = sphinx_multitoc_numbering.setup) -> dict[str, Any]:
    return {**(setup(app) or {}), "parallel_read_safe": True, "parallel_write_safe": True}


def _start_cached(client: Any, start: Any = NotebookClientCache.start_client) -> None:
    """myst-nb 1.4's cache client, answering a cache hit in the notebook it was given: on a hit it
    replaces the notebook with a merged copy, while the parser writes the notebook it gave
    (``_build/jupyter_execute``, read by ``tools/publish.py``), which would then have no outputs."""
    given = client.notebook
    start(client)
    if client.notebook is not given:
        given.cells[:] = client.notebook.cells
        given.metadata = client.notebook.metadata
        client._notebook = given


def _build_sphinx(sourcedir: Any, *args: Any, build: Any, jobs: int, **kwargs: Any) -> Any:
    """Jupyter Book's build with ``jobs`` readers, and the execution cache (``execute.cache``) in the
    book's folder: myst-nb reads a relative path from the working directory, and ``make book BOOK=...``
    runs in the repository's, where another book's cache would answer for this one's chapters."""
    config = Path(kwargs.get("path_config") or Path(sourcedir) / "_config.yml")
    cache = (yaml.safe_load(config.read_text("utf-8")) or {}).get("execute", {}).get("cache")
    if cache and not Path(cache).is_absolute():
        overrides = dict(kwargs.get("confoverrides") or {})
        overrides["nb_execution_cache_path"] = str((Path(sourcedir) / cache).resolve())
        kwargs["confoverrides"] = overrides
    return build(sourcedir, *args, jobs=jobs, **kwargs)


def main() -> None:
    jobs = int(sys.argv[1])
    if jobs < 1:
        raise SystemExit(f"JOBS must be a whole number >= 1; got {jobs}")
    sphinx_multitoc_numbering.setup = _multitoc_setup
    NotebookClientCache.start_client = _start_cached
    # The CLI imports build_sphinx from this module when it builds, so the module's name is the one to wrap.
    jupyter_book.sphinx.build_sphinx = functools.partial(
        _build_sphinx, build=jupyter_book.sphinx.build_sphinx, jobs=jobs
    )
    cli(sys.argv[2:])


if __name__ == "__main__":
    main()
