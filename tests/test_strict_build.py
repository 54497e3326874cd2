"""The book's own build command fails on a failing cell and on any Sphinx warning, and a build that
is killed half-way leaves nothing stale for the next one."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from test_deterministic import differences

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
HEADER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
"""


def build(
    tmp_path: Path, body: str, other: str | None = None, config: bool = True
) -> subprocess.CompletedProcess[str]:
    """Build a one-page book (two with ``other``) with ``make book``, with the project's _config.yml
    (``config``; else the one already in ``tmp_path``)."""
    for name in ("_config.yml", "references.bib") if config else ("references.bib",):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("_assets", "tools"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: page\n" + ("chapters:\n- file: other\n" if other else "")
    )
    (tmp_path / "page.md").write_text(HEADER + "# A page\n\n" + body)
    if other:
        (tmp_path / "other.md").write_text(HEADER + "# Other\n\n" + other)
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "book", f"BOOK={tmp_path}"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_failing_cell_fails_the_build(tmp_path: Path) -> None:
    result = build(tmp_path, "```{code-cell} ipython3\n1 / 0\n```\n")
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stdout + result.stderr


def test_every_broken_chapter_is_reported_at_its_md_line(tmp_path: Path) -> None:
    # Two pages, each with a failing cell: one build names both, at the line of the .md where the failing
    # cell starts, with the error, and never sends the reader to Sphinx's bug tracker.
    page = (
        "```{code-cell} ipython3\nx = 1\n```\n\n```{code-cell} ipython3\n:tags: [hide-input]\n\n1 / 0\n```\n"
    )
    result = build(tmp_path, page, other="```{code-cell} ipython3\n[].index(3)\n```\n")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    # A 5-line header, the title and a blank: page.md's failing cell opens at line 12, other.md's at 8.
    assert re.search(r"page\.md:12: WARNING: the cell starting at line 12 failed: ZeroDivisionError", out), (
        out
    )
    assert re.search(
        r"other\.md:8: WARNING: the cell starting at line 8 failed: ValueError: 3 is not in list", out
    )
    assert "sphinx-doc/sphinx/issues" not in out


def test_a_cell_past_the_time_limit_is_named_with_the_limit(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["execute"]["timeout"] = 3
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config))
    result = build(tmp_path, "```{code-cell} ipython3\nimport time\n\ntime.sleep(30)\n```\n", config=False)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(
        r"page\.md:8: WARNING: the cell starting at line 8 failed: the cell ran past the 3 s limit", out
    ), out


def test_a_sphinx_warning_fails_the_build(tmp_path: Path) -> None:
    result = build(tmp_path, "See {ref}`a-label-that-does-not-exist`.\n")
    assert result.returncode != 0
    assert "a-label-that-does-not-exist" in result.stdout + result.stderr


def test_a_cell_writing_to_stderr_fails_the_build(tmp_path: Path) -> None:
    result = build(tmp_path, "```{code-cell} ipython3\nimport warnings\nwarnings.warn('drift')\n```\n")
    assert result.returncode != 0
    assert "stderr was found in the cell outputs" in result.stdout + result.stderr


# A Sphinx extension that holds the writing of page "b" while the file "pause" exists, so that the
# test can kill the build at that moment: after Sphinx saved what it read, before it wrote every page.
PAUSE_EXTENSION = """
import time
from pathlib import Path

HERE = Path(__file__).parent


def setup(app):
    def hold(app, pagename, *args):
        if pagename == "b" and (HERE / "pause").exists():
            (HERE / "writing").touch()
            while (HERE / "pause").exists():
                time.sleep(0.1)

    app.connect("html-page-context", hold)
    return {"parallel_read_safe": True}
"""


def make_book(book: Path, log: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    """``make book`` for ``book`` in the background, its output going to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            ["make", "--no-print-directory", "-C", str(ROOT), "book", f"BOOK={book}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            **kwargs,  # type: ignore[call-overload]
        )


def finish(build: subprocess.Popen[bytes], log: Path) -> None:
    assert build.wait(timeout=300) == 0, log.read_text()[-3000:]


def test_a_killed_build_is_rebuilt_by_the_next(tmp_path: Path) -> None:
    """Pages that a killed build did not write are written by the next build, with fresh outputs."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config.setdefault("sphinx", {})["local_extensions"] = {"pause_writing": str(tmp_path)}
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config))
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    (tmp_path / "_assets").symlink_to(ROOT / "_assets")
    (tmp_path / "pause_writing.py").write_text(PAUSE_EXTENSION)
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: a\nchapters:\n  - file: b\n  - file: c\n")
    cell = "```{code-cell} ipython3\nprint('data:', open('data.txt').read())\n```\n"
    for page in "abc":
        (tmp_path / f"{page}.md").write_text(HEADER + f"# Page {page}\n\n" + cell)
    html = tmp_path / "_build" / "html"

    (tmp_path / "data.txt").write_text("old")
    log = tmp_path / "make.log"
    finish(make_book(tmp_path, log), log)
    assert "data: old" in (html / "b.html").read_text()

    # New outputs for every page (a change to scaling_lib does this through _build/.shared-stamp, which
    # forgets what Sphinx read and the execution cache).
    (tmp_path / "data.txt").write_text("new")
    for forgotten in (".doctrees", ".jupyter_cache"):
        shutil.rmtree(tmp_path / "_build" / forgotten)
    (tmp_path / "pause").touch()
    killed = make_book(tmp_path, log, start_new_session=True)
    deadline = time.monotonic() + 300
    while not (tmp_path / "writing").exists():
        assert killed.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, "the build never reached page b"
        time.sleep(0.2)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(timeout=60)
    (tmp_path / "pause").unlink()
    assert "data: new" in (html / "a.html").read_text()
    assert "data: old" in (html / "b.html").read_text()  # the killed build left it stale

    finish(make_book(tmp_path, log), log)
    for page in "abc":
        text = (html / f"{page}.html").read_text()
        assert "data: new" in text, f"page {page} is stale after the rerun"

    # And the rerun equals a clean build of the same sources, byte for byte (no stale ?v= tag, no word
    # of the old pages left in the search index).
    clean = tmp_path.parent / f"{tmp_path.name}-clean"
    shutil.copytree(
        tmp_path, clean, symlinks=True, ignore=shutil.ignore_patterns("_build", "*.log", "writing")
    )
    finish(make_book(clean, log), log)
    assert differences(html, clean / "_build" / "html") == []
