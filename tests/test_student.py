"""The student edition (`make student`): the built site with no solution text anywhere in it, and
every exercise still there."""

from __future__ import annotations

import re
from pathlib import Path

import publish
import pytest
from test_notebooks import solutions

ROOT = Path(__file__).resolve().parents[1]
STUDENT = ROOT / "_build" / "student" / "html"


@pytest.fixture(scope="module")
def student() -> Path:
    if not (STUDENT / "index.html").is_file():
        pytest.skip("no student edition: run `make student` (make test does)")
    return STUDENT


def test_no_solution_text_in_the_student_site(student: Path) -> None:
    files = [p for p in student.rglob("*") if p.suffix in (".html", ".md", ".ipynb", ".txt")]
    text = "\n".join(p.read_text(errors="ignore") for p in files)
    checked = 0
    for chapter in sorted((ROOT / "chapters").glob("*.md")):
        for words in solutions(chapter):
            assert words not in text, f"{chapter.name}: a solution is in the student site: {words!r}"
            checked += 1
    assert checked > 30 and 'class="solution' not in text and "{solution" not in text


def test_the_exercises_remain(student: Path) -> None:
    page = (student / "chapters" / "kaplan.html").read_text()
    assert page.count('class="exercise admonition"') >= 6
    assert (ROOT / "_build" / "html" / "chapters" / "kaplan.html").read_text().count('class="solution') >= 6


def test_strip_solutions_removes_nested_blocks_only() -> None:
    html = ('<p>a</p><div class="solution dropdown admonition" id="s"><div><p>answer</p></div></div>'
            '<div class="exercise admonition"><p>question</p></div>')  # fmt: skip
    out = publish.strip_solutions(html)
    assert out == '<p>a</p><div class="exercise admonition"><p>question</p></div>'
    assert re.search("answer", out) is None
