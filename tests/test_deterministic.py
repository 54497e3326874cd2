"""Two clean builds of the same book give the same site, byte for byte: no random ids, no timestamps,
no memory addresses (a small book with an interactive figure, a static figure and a glued number)."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
PAGE = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
# A page

```{code-cell} ipython3
from myst_nb import glue

from scaling_lib import plotting
from scaling_lib.book.widgets import Control, interactive_figure


def draw(a, label="x"):
    fig, (ax,) = plotting.new_figure()
    ax.plot([1, 10], [1, a], label=label)
    ax.legend()
    plotting.label(ax, "x (units)", "y (units)")
    return fig


glue("fig-moving", interactive_figure(draw, [Control("a", [1e8, 1e9], "height", fmt="{:.0e}"),
     Control("label", ["p", "q"], "label", kind="buttons", fmt="{}")], alt="a line to {a}, {label}"),
     display=False)
glue("fig-still", plotting.show(draw(2.0), alt="a line to 2"), display=False)
glue("answer", 42.0, display=False)
```

The answer is {glue:text}`answer:.0f`; {numref}`fig-moving` moves, {numref}`fig-still` does not.

```{glue:figure} fig-moving
:name: fig-moving

A line that follows the controls.
```

```{glue:figure} fig-still
:name: fig-still

A line.
```
"""


def build(book: Path) -> Path:
    """``make book`` for ``book`` from nothing; the built site."""
    shutil.rmtree(book / "_build", ignore_errors=True)
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "book", f"BOOK={book}"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book / "_build" / "html"


def differences(a: Path, b: Path) -> list[str]:
    """Files that are in only one of two trees, or differ."""
    cmp = filecmp.dircmp(a, b)
    found = [f"only in one: {x}" for x in cmp.left_only + cmp.right_only]
    found += [str(a / x) for x in cmp.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    found += [str((a / x).relative_to(a)) for x in mismatch + errors]
    for sub in cmp.common_dirs:
        found += [f"{sub}/{x}" for x in differences(a / sub, b / sub)]
    return found


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, book / name)
    for name in ("_assets", "tools"):
        (book / name).symlink_to(ROOT / name)
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: chapters/page\n")
    (book / "index.md").write_text("# A book\n\nIts one page.\n")
    (book / "chapters" / "page.md").write_text(PAGE)
    first = tmp_path / "first"
    shutil.copytree(build(book), first)
    second = build(book)
    page = (second / "chapters" / "page.html").read_text(encoding="utf-8")
    assert 'class="slx-figure"' in page and "../_frames/" in page and "The answer is" in page
    assert differences(first, second) == []
