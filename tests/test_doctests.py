"""The examples in the library's docstrings run, and give what they say (``>>>`` lines, as doctest)."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import scaling_lib


@pytest.mark.parametrize("name", sorted(scaling_lib.MODULES))
def test_docstring_examples_run(name: str) -> None:
    module = getattr(scaling_lib, name)
    result = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {module.__name__} failed"


def test_the_examples_are_there() -> None:
    # Not a vacuous pass: the modules hold examples, and a wrong one is caught.
    finder = doctest.DocTestFinder()
    examples = sum(
        len(t.examples) for name in scaling_lib.MODULES for t in finder.find(getattr(scaling_lib, name))
    )
    assert examples >= 8, examples
    wrong = doctest.DocTestParser().get_doctest(">>> 1 + 1\n3\n", {}, "wrong", None, 0)
    runner = doctest.DocTestRunner(verbose=False)
    runner.run(wrong, out=lambda _: None)
    assert runner.failures == 1
