"""Every chapter's code passes the library's ruff rules, read as the notebook it is.

Each chapter with a kernel is converted by jupytext into a notebook in a temporary folder and checked
by the venv's ruff with the project's configuration (pyproject.toml), with no rule added or ignored:
ruff's notebook mode already lets a cell end on a bare expression (B018, the value it displays) and
lets every cell start with its own imports (E402 looks at the top of a cell, not of the file). A
finding is reported at its line in the chapter's Markdown source.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.md") if "\nkernelspec:" in p.read_text())
FENCE = "```{code-cell}"


def code_cell_lines(text: str, sources: list[str]) -> list[int]:
    """The 1-based line of the chapter where each code cell's source starts (its fence line if empty)."""
    lines = text.splitlines()
    fences = [i for i, line in enumerate(lines) if line.startswith(FENCE)]
    assert len(fences) == len(sources), "jupytext and the chapter disagree on the number of code cells"
    starts = []
    for fence, source in zip(fences, sources, strict=True):
        first = source.splitlines()[0] if source.strip() else None
        start = next((i for i in range(fence + 1, len(lines)) if lines[i] == first), fence)
        starts.append(start + 1)
    return starts


def chapter_findings(chapter: Path, folder: Path) -> list[str]:
    """Ruff's findings for one chapter, as ``chapters/name.md:line:column: CODE message``."""
    notebook = jupytext.read(chapter)
    target = folder / f"{chapter.stem}.ipynb"
    jupytext.write(notebook, target)
    numbers = [number for number, cell in enumerate(notebook.cells, 1) if cell.cell_type == "code"]
    sources = [notebook.cells[number - 1].source for number in numbers]
    starts = dict(zip(numbers, code_cell_lines(chapter.read_text(), sources), strict=True))
    result = subprocess.run(
        [RUFF, "check", "--config", ROOT / "pyproject.toml", "--output-format", "json", "--no-cache", target],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    name = chapter.relative_to(ROOT)
    return [
        f"{name}:{starts[f['cell']] + f['location']['row'] - 1}:{f['location']['column']}: "
        f"{f['code']} {f['message']}"
        for f in json.loads(result.stdout)
    ]


def test_there_are_chapters_to_lint() -> None:
    assert len(CHAPTERS) >= 5 and RUFF.is_file()


def test_code_cell_lines_point_at_the_first_source_line() -> None:
    text = "# T\n\n```{code-cell} ipython3\n:tags: [hide-input]\n\nx = 1\n```\n\n```{code-cell}\n```\n"
    assert code_cell_lines(text, ["x = 1", ""]) == [6, 9]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_code_passes_ruff(chapter: Path, tmp_path: Path) -> None:
    findings = chapter_findings(chapter, tmp_path)
    assert not findings, f"ruff finds {len(findings)} problem(s) in {chapter.name}:\n" + "\n".join(findings)
