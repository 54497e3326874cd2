"""The teaching pack (`make pack`, tools/pack.py): slides per lecture, the lab's handout and a problem
set per lecture, built from the student edition's glued numbers and figures, with no solution, no
request outside the pack, and PDFs that Chromium printed."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

import pack

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "pack"


@pytest.fixture(scope="module")
def built() -> Path:
    if not (OUT / "lecture-1.html").is_file():
        pytest.skip("no teaching pack: run `make pack` (make test does)")
    return OUT


def test_the_decks_carry_the_books_figures_and_numbers(built: Path) -> None:
    for name in pack.DECKS:
        text = (built / f"{name}.html").read_text()
        assert text.count("<section>") >= 6, name
        assert "{glue" not in text and "MATH" not in text, name  # every glue and formula resolved
        images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)">', text)
        assert len(images) >= 5, name
        assert all(base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n" and alt.strip() for data, alt in images)
        external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', text) if re.match(r"https?:", u)]
        assert not external, (name, external)
    for vendored in ("reveal/reveal.js", "reveal/white.css", "reveal/LICENSE", "mathjax/tex-chtml.js"):
        assert (built / "vendor" / vendored).is_file(), vendored


def test_the_problem_sets_hold_each_lectures_exercises_and_no_solution(built: Path) -> None:
    syllabus = (ROOT / "chapters" / "syllabus.md").read_text().split("## One lecture")[0]
    lectures = pack.LECTURE.split(syllabus)[2::2]
    assert len(lectures) == 2
    for k, body in enumerate(lectures, start=1):
        text = (built / f"problems-lecture-{k}.html").read_text()
        labels = set(pack.LABEL.findall(body.split("**Before lecture")[0]))
        assert len(labels) >= 5 and set(pack.EXERCISE.findall(text)) == labels, k
        assert 'class="solution' not in text and "{solution" not in text


def test_the_handout_carries_the_rubric_and_the_labs_numbers(built: Path) -> None:
    text = (built / "handout-lab.html").read_text()
    assert "Rubric for the write-up" in text and text.count("<tr>") >= 7
    assert "10^{18}" in text and "10^{23}" in text and "{glue" not in text


def test_the_pdfs_were_printed(built: Path) -> None:
    pdfs = sorted(built.glob("*.pdf"))
    assert [p.stem for p in pdfs] == ["handout-lab", "problems-lecture-1", "problems-lecture-2"]
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 10_000 and re.search(rb"/Type\s*/Page\b", data), (
            pdf.name
        )


def test_render_resolves_glue_and_keeps_math() -> None:
    values = {"lab": {"x": {"text/plain": "0.12345"}, "n": {"text/plain": "1234567"},
                      "b": {"text/markdown": "$10^{18}$", "text/plain": "<md>"}}}  # fmt: skip
    out = pack.render("a {glue:text}`lab/x:.2f`, {glue:text}`lab/n:,`, {glue:md}`lab/b` and $a_i^2$", values)
    assert "a 0.12, 1,234,567, $10^{18}$ and $a_i^2$" in out
    with pytest.raises(pack.PackError, match="chapter 'lab' glued no 'y'"):
        pack.render("{glue:text}`lab/y`", values)
