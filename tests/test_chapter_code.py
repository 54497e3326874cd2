"""Chapters call the library for formulas: no hand-spelled 6ND products and no hand-written fits in
their code (the code a worked solution asks the reader to write by hand is exempt)."""

from __future__ import annotations

import ast
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
    "a hand-written polynomial fit (use isoflop.isoflop_parabola or powerlaw.log_slope)": re.compile(
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


# Computed floats differ in their last bits between processors (numpy picks its SIMD kernels at run
# time), so no code looks a computed float up exactly: a float literal, a run set's compute `.c`, or
# a budget, target or FLOP count compared with ==, !=, in or `list(...).index(...)` is refused: use
# np.isclose, an index, or Runs.by_budget / Runs.at_budget.
FLOATY = re.compile(r"^(?!by_).*(budget|target|flops)", re.IGNORECASE)
LIBRARY = sorted((ROOT / "scaling_lib").rglob("*.py"))


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _floaty(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, float) and node.value not in (0.0, 1.0)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_floaty(e) for e in node.elts)
    if isinstance(node, ast.Attribute) and node.attr == "c":  # a Runs' compute column
        return True
    return isinstance(node, ast.Attribute | ast.Name) and bool(FLOATY.search(_name(node)))


def exact_float_lookups(source: str) -> list[str]:
    """The exact comparisons and look-ups of floats in ``source``, as text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(
            isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn) for op in node.ops
        ):
            if any(_floaty(x) for x in (node.left, *node.comparators)):
                found.append(ast.unparse(node))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "index"
            and (
                (isinstance(node.func.value, ast.Call) and _name(node.func.value.func) == "list")
                or any(_floaty(a) for a in node.args)
            )
        ):
            found.append(ast.unparse(node))
    return found


def chapter_code(chapter: Path) -> str:
    """Every code cell of a chapter (worked solutions included), IPython magics dropped."""
    cells = [c.source for c in jupytext.read(chapter).cells if c.cell_type == "code"]
    return "\n".join(
        line for c in cells for line in c.splitlines() if not line.lstrip().startswith(("%", "!"))
    )


@pytest.mark.parametrize("path", CHAPTERS + LIBRARY, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_exact_float_lookup(path: Path) -> None:
    source = chapter_code(path) if path.suffix == ".md" else path.read_text()
    assert exact_float_lookups(source) == [], f"{path.name}: compare computed floats with np.isclose"


def test_the_float_check_finds_what_it_forbids() -> None:
    bad = [
        "i = list(targets).index(TARGET_BUDGET)",
        "j = np.flatnonzero(BUDGETS == 6e20)",
        "ok = b in fit.budgets",
        "m = runs.c == c",
        "x = value != 1.5",
    ]
    assert [len(exact_float_lookups(s)) for s in bad] == [1] * len(bad)
    good = ["i = names.index('a')", "m = group == j", "ok = x == 0.0", "m = np.isclose(c, 6e20)"]
    assert [exact_float_lookups(s) for s in good] == [[]] * len(good)
