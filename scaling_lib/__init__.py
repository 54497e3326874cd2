"""scaling_lib: the formulas, constants, fits, data loaders and figure helpers of the book
"Scaling Laws, Executable". Chapters import from here and never re-define a formula.

The package has four layers, each a subpackage, and two shared helpers at the top:

- ``laws``: formulas, published constants and fits (numpy and scipy only);
- ``data``: the real-run data files, each with its SOURCE note, and their loaders;
- ``studies``: analyses over laws and data (the simulated training service, the planner, ...);
- ``book``: what a chapter needs to show things (figures, interactive figures, tables, glue);
- ``lab``: the lab as a graded assignment (the class training service, its client and the autograder);
- ``validation`` (checks of arguments) and ``formatting`` (numbers as text), used by every layer.

A layer imports only the layers listed before it (``book`` never imports ``studies``, ``lab`` never
``book``). Every module is reachable from the top: ``from scaling_lib import chinchilla`` imports
``scaling_lib.laws.chinchilla`` on first use, so importing a law never loads the plotting stack.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__version__ = "0.1.0"

#: Every module a chapter may import by its short name, and the layer it lives in.
MODULES = {
    **dict.fromkeys(
        (
            "accounting",
            "architectures",
            "chinchilla",
            "data_constrained",
            "economics",
            "functional_forms",
            "hyperparameters",
            "inference",
            "isoflop",
            "kaplan",
            "ledger",
            "memory",
            "powerlaw",
            "schedule_laws",
            "schedules",
            "units",
        ),
        "laws",
    ),  # fmt: skip
    **dict.fromkeys(("atlas", "datasets"), "data"),
    **dict.fromkeys(
        ("capability", "curves", "mup", "planner", "reconciliation", "shape", "sim", "synthetic"), "studies"
    ),
    **dict.fromkeys(("exercises", "glue", "plotting", "progress", "tables", "widgets"), "book"),
    **dict.fromkeys(("client", "grading", "hidden", "service", "store"), "lab"),
    "formatting": "",
    "validation": "",
}

__all__ = ["MODULES", "__version__", *sorted(MODULES)]


def __getattr__(name: str) -> ModuleType:
    """Import ``scaling_lib.<layer>.<name>`` when ``name`` is first asked for."""
    if name not in MODULES:
        raise AttributeError(f"module 'scaling_lib' has no attribute {name!r}")
    layer = MODULES[name]
    return importlib.import_module(f".{layer}.{name}" if layer else f".{name}", __name__)


def __dir__() -> list[str]:
    return sorted(__all__)
