"""Chapters call the library for formulas: no hand-spelled 6ND products and no hand-written fits in
their code (the code a worked solution asks the reader to write by hand is exempt)."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.md") if "kernelspec:" in p.read_text())
FORBIDDEN = {
    "a 6ND product (use accounting.training_flops / tokens_for_flops)": re.compile(
        r"(?<![\w.])6\s*\*\s*[\w(]"
    ),
    "a division by 6N (use accounting.tokens_for_flops)": re.compile(r"/\s*\(\s*6\s*\*"),
    "a hand-written polynomial fit (use chinchilla.isoflop_parabola or powerlaw.log_slope)": re.compile(
        r"np\.polyfit\("
    ),
}


def story_code(chapter: Path) -> list[str]:
    """The code cells of a chapter, less those inside a gated worked solution."""
    cells, inside = [], False
    for cell in jupytext.read(chapter).cells:
        if cell.cell_type == "markdown":
            inside = "{solution-start}" in cell.source or (inside and "{solution-end}" not in cell.source)
        elif not inside:
            cells.append(cell.source)
    return cells


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_no_formula_in_a_chapter(chapter: Path) -> None:
    for source in story_code(chapter):
        for what, pattern in FORBIDDEN.items():
            found = pattern.search(source)
            assert found is None, (
                f"{chapter.name}: {what}: {source[max(0, found.start() - 40) : found.end() + 40]!r}"
            )


def test_the_check_finds_what_it_forbids() -> None:
    assert FORBIDDEN["a 6ND product (use accounting.training_flops / tokens_for_flops)"].search(
        "c = 6 * n * d"
    )
    assert FORBIDDEN["a division by 6N (use accounting.tokens_for_flops)"].search("d = c / (6 * n)")
    assert not any(p.search("x = 16 * n + 0.6 * y") for p in FORBIDDEN.values())
