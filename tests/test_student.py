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
    # The API reference and the general index print the library's docstrings and names, public in the
    # wheel; a solution may quote one.
    kinds, public = (".html", ".md", ".ipynb", ".txt"), ("api", "genindex")
    files = [p for p in student.rglob("*") if p.suffix in kinds and p.stem not in public]
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


def _answer_names() -> dict[str, set[str]]:
    """Per chapter, the names its answer cells (tagged ``answer``) glue, f-string prefixes included."""
    cell = re.compile(r"^```\{code-cell\}[^\n]*\n:tags: \[[^\]]*\banswer\b[^\]]*\]\n(.*?)^```", re.S | re.M)
    out = {}
    for chapter in sorted((ROOT / "chapters").glob("*.md")):
        names = {n for c in cell.findall(chapter.read_text()) for n in re.findall(r'glue\(\s*f?"(\w+)', c)}
        if names:
            out[chapter.stem] = names
    return out


def test_no_answer_code_in_the_student_sources_or_notebooks(student: Path) -> None:
    answers = _answer_names()
    assert len(answers) >= 8, answers  # every chapter with exercises has its answer cells
    for stem, names in answers.items():
        sources = student / "_sources" / "chapters"
        files = [sources / f"{stem}.md", sources / f"{stem}.ipynb",
                 student / publish.NOTEBOOKS_DIR / "chapters" / f"{stem}.ipynb"]  # fmt: skip
        for path in files:
            text = path.read_text()
            assert not re.search(r"\bexercises\.\w+\(|import exercises", text), path
            glued = [n for n in names if re.search(rf'glue\(\s*f?\\?"{re.escape(n)}(\\?"|\{{)', text)]
            assert not glued, f"{path.name} still computes the answers {glued[:3]}"
    instructor = (ROOT / "_build" / "html" / "_sources" / "chapters" / "lab.md").read_text()
    assert "g11 = sim.grade" in instructor  # the instructor edition keeps them


def test_the_student_wheel_holds_no_answer_function(student: Path) -> None:
    import hashlib
    import zipfile

    (wheel,) = (student / publish.WHEEL_DIR).glob("*/scaling_lib-*.whl")
    assert wheel.parent.name == publish.wheel_folder(wheel)
    names = zipfile.ZipFile(wheel).namelist()
    assert publish.ANSWER_MODULE not in names and "scaling_lib/laws/chinchilla.py" in names
    record = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("RECORD"))).decode()
    assert "book/exercises.py" not in record
    (full,) = (ROOT / "_build" / "html" / publish.WHEEL_DIR).glob("*/scaling_lib-*.whl")
    assert publish.ANSWER_MODULE in zipfile.ZipFile(full).namelist()
    # The student notebooks install this wheel, by its own hash, and import nothing it lacks.
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    for notebook in (student / publish.NOTEBOOKS_DIR).rglob("*.ipynb"):
        text = notebook.read_text()
        assert digest in text, notebook.name
        assert "exercises" not in "".join(re.findall(r"from scaling_lib[^\n]*import[^\n]*", text)), (
            notebook.name
        )


def test_the_student_edition_links_only_to_itself(student: Path) -> None:
    files = [p for p in student.rglob("*") if p.suffix in (".html", ".md", ".ipynb")]
    assert len(files) > 30
    for p in files:
        text = p.read_text(errors="ignore")
        links = re.findall(r'(?:href|src)="([^"]*)"|\]\(([^)]*)\)', text)
        # Buttons that would open the sources, solutions and all; Binder opens the student notebooks.
        sources = [
            t
            for pair in links
            for t in pair
            if "/edit/" in t
            or ("mybinder.org" in t and "/binder?urlpath=git-pull" not in t)
            or ("mybinder.org" in t and "branch%3Dnotebooks" not in t)
        ]
        assert not sources, (p, sources[:2])
        local = [t for pair in links for t in pair if t.startswith("file:") or "_build/" in t]
        assert not local and str(ROOT) not in text, (p, local[:3])
