"""The package tree states the library's layers, and this test keeps the code to them.

``scaling_lib/`` holds two shared helpers (``validation``, ``formatting``) and four layers: ``laws``
(formulas, constants, fits), ``data`` (the data files and their loaders), ``studies`` (analyses over
laws and data) and ``book`` (what a chapter needs to show things). A layer imports only the shared
helpers, itself and the layers it is allowed (``ALLOWED``), and only the third-party packages its kind
of code needs (``THIRD_PARTY``). The build step lives in ``tools/`` and is not imported by the library.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import scaling_lib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scaling_lib"

#: The layers each layer may import ("" is the shared helpers at the top of the package).
ALLOWED = {
    "": {""},
    "laws": {"", "laws"},
    "data": {"", "data"},
    "studies": {"", "laws", "data", "studies"},
    "book": {"", "laws", "book"},
    "lab": {"", "laws", "data", "studies", "lab"},
}
#: The third-party packages each layer may import (the standard library is always allowed).
THIRD_PARTY = {
    "": {"numpy"},
    "laws": {"numpy", "scipy", "threadpoolctl"},
    "data": {"numpy"},
    "studies": {"numpy", "scipy", "threadpoolctl"},
    "book": {"numpy", "matplotlib", "ipywidgets", "IPython", "PIL", "tqdm", "myst_nb"},
    "lab": {"numpy", "scipy", "starlette", "uvicorn"},
}


def layer_of(module: str) -> str:
    """The layer of a dotted module name inside the package: ``scaling_lib.laws.kaplan`` -> ``laws``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else ""


def imports(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in ``path`` (or in ``source``, as if it were that
    file), relative imports resolved."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text() if source is None else source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # from . import x: x is a module of that package
                    found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
                    continue
                found.append((node.lineno, target))
            elif node.module:
                found.append((node.lineno, node.module))
    return found


def violations(path: Path, source: str | None = None) -> list[str]:
    """Every import in ``path`` (or ``source``) that breaks the layer rules, as ``file:line: why``."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    own = layer_of(module if path.name != "__init__.py" else module + ".x")
    where = path.relative_to(ROOT)
    out = []
    for line, name in imports(path, source):
        top = name.split(".")[0]
        if top == "scaling_lib":
            if name == "scaling_lib":
                out.append(f"{where}:{line}: imports the package's top, which re-exports every layer")
            elif layer_of(name) not in ALLOWED[own]:
                out.append(f"{where}:{line}: {own or 'the shared helpers'} may not import {name}")
        elif top not in sys.stdlib_module_names and top not in THIRD_PARTY[own]:
            out.append(f"{where}:{line}: {own or 'the shared helpers'} may not import {top}")
    return out


def test_no_module_breaks_the_layers() -> None:
    files = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.name != "__init__.py")
    assert len(files) > 30
    found = [v for f in files for v in violations(f)]
    assert not found, "\n".join(found)


def test_the_rule_catches_an_upward_import() -> None:
    # A law that reaches for a study, for the plotting stack, and for the package's top.
    source = "import matplotlib\nfrom ..studies import sim\nfrom .. import formatting\nimport scaling_lib\n"
    found = violations(PACKAGE / "laws" / "selftest.py", source)
    assert len(found) == 3, found
    assert any("matplotlib" in v for v in found)
    assert any("may not import scaling_lib.studies" in v for v in found)


def test_every_module_is_reachable_from_the_top_by_its_layer() -> None:
    files = {p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    listed = {PACKAGE / layer / f"{name}.py" if layer else PACKAGE / f"{name}.py"
              for name, layer in scaling_lib.MODULES.items()}  # fmt: skip
    assert files == listed, (sorted(map(str, files - listed)), sorted(map(str, listed - files)))
    assert set(scaling_lib.MODULES) <= set(dir(scaling_lib))


def test_importing_a_law_loads_no_plotting_or_notebook_stack() -> None:
    import subprocess

    code = (
        "import sys; from scaling_lib import chinchilla, isoflop, kaplan, datasets, sim; "
        "print(sorted(m for m in ('matplotlib', 'IPython', 'ipywidgets', 'tqdm') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout


def test_tools_do_not_import_the_library() -> None:
    found = [
        f"{p.name}:{line}"
        for p in sorted((ROOT / "tools").glob("*.py"))
        for line, name in imports(p)
        if name.split(".")[0] == "scaling_lib"
    ]
    assert not found, found
