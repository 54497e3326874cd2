"""Every chapter's exercises climb the ladder: Check, then Compute, Derive, Code and Critique."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ORDER = ("Check", "Compute", "Derive", "Code", "Critique")
EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}[^\n]*\n(?::[^\n]*\n)*\n?\*\*(\w+)\b", re.M)
CHAPTERS = ["intro", "functional_forms", "kaplan", "accounting", "chinchilla", "reconciliation",
            "chinchillas_death", "training_recipe", "lab", "planner"]  # fmt: skip


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercises_climb_the_ladder(chapter: str) -> None:
    kinds = [kind for _, kind in EXERCISE.findall((ROOT / "chapters" / f"{chapter}.md").read_text())]
    assert len(kinds) >= 5 and set(kinds) <= set(ORDER), kinds
    assert kinds == sorted(kinds, key=ORDER.index), f"{chapter}: {kinds}"
    assert {"Check", "Compute", "Code", "Critique"} <= set(kinds), kinds
