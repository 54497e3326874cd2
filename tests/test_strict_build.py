"""The book's own build command fails on a failing cell and on any Sphinx warning."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
HEADER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
"""


def build(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    """Build a one-page book that uses the project's _config.yml, with ``make book``."""
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "_assets").symlink_to(ROOT / "_assets")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    (tmp_path / "page.md").write_text(HEADER + "# A page\n\n" + body)
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


def test_a_sphinx_warning_fails_the_build(tmp_path: Path) -> None:
    result = build(tmp_path, "See {ref}`a-label-that-does-not-exist`.\n")
    assert result.returncode != 0
    assert "a-label-that-does-not-exist" in result.stdout + result.stderr


def test_a_cell_writing_to_stderr_fails_the_build(tmp_path: Path) -> None:
    result = build(tmp_path, "```{code-cell} ipython3\nimport warnings\nwarnings.warn('drift')\n```\n")
    assert result.returncode != 0
    assert "stderr was found in the cell outputs" in result.stdout + result.stderr
