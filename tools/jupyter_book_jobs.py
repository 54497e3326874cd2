"""``jupyter-book`` with Sphinx's parallel reading: ``python tools/jupyter_book_jobs.py JOBS ARGS...``
runs ``jupyter-book ARGS...`` with ``JOBS`` processes reading (and so executing) chapters at once.

Jupyter Book 1.x passes no ``jobs`` to Sphinx; this wraps its ``build_sphinx`` with one. Every
extension the book uses declares itself safe for parallel reading but sphinx-multitoc-numbering 0.1.3,
which declares nothing (so Sphinx reads serially); it only renumbers sections from the table of
contents after every page is read, in the main process, so it is declared safe here. Each chapter still
runs in its own kernel, from scratch, on every cold build: only the order in time changes.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

import jupyter_book.sphinx
import sphinx_multitoc_numbering
from jupyter_book.cli.main import main as cli


def _multitoc_setup(app: Any, setup: Any = sphinx_multitoc_numbering.setup) -> dict[str, Any]:
    return {**(setup(app) or {}), "parallel_read_safe": True, "parallel_write_safe": True}


def main() -> None:
    jobs = int(sys.argv[1])
    if jobs < 1:
        raise SystemExit(f"JOBS must be a whole number >= 1; got {jobs}")
    sphinx_multitoc_numbering.setup = _multitoc_setup
    # The CLI imports build_sphinx from this module when it builds, so the module's name is the one to wrap.
    jupyter_book.sphinx.build_sphinx = functools.partial(jupyter_book.sphinx.build_sphinx, jobs=jobs)
    cli(sys.argv[2:])


if __name__ == "__main__":
    main()
