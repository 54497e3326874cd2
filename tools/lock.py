"""Write requirements.txt and requirements-lab.txt with a sha256 hash for every file of every pinned
release (``make lock``): ``python tools/lock.py PINS LAB_PINS`` takes the exact pins that ``pip freeze``
gave in a fresh venv (the build tools pip, setuptools and wheel among them) and asks pip-compile, run
from the same interpreter, for their hashes. ``make setup`` then installs with ``--require-hashes``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "# Exact pins with hashes, written by `make lock` (tools/lock.py) from {source}; do not edit.\n"


def name(requirement: str) -> str:
    """The normalised name of a ``name[extras]==version`` line."""
    return re.sub(r"[-_.]+", "-", requirement.split("==")[0].split("[")[0].strip().lower())


def hashed(pins: Path, out: Path) -> None:
    """pip-compile ``pins`` (exact pins only, so nothing moves) into ``out`` with every file's hash."""
    subprocess.run(
        [sys.executable, "-m", "piptools", "compile", "--quiet", "--generate-hashes", "--allow-unsafe",
         "--no-strip-extras", "--no-header", "--no-annotate", "--no-emit-index-url", "--no-emit-find-links",
         "--output-file", str(out), str(pins)],
        check=True,
    )  # fmt: skip


def blocks(text: str) -> list[list[str]]:
    """The requirement blocks of a hashed file: a ``name==version \\`` line and its ``--hash`` lines."""
    out: list[list[str]] = []
    for line in text.splitlines():
        if re.match(r"[A-Za-z0-9]", line):
            out.append([line])
        elif line.strip().startswith("--hash") and out:
            out[-1].append(line)
    return out


def main() -> None:
    pins, lab_pins = map(Path, sys.argv[1:3])
    with tempfile.TemporaryDirectory() as tmp:
        book, both = Path(tmp) / "book.txt", Path(tmp) / "both.txt"
        hashed(pins, book)
        (ROOT / "requirements.txt").write_text(HEADER.format(source="requirements.in") + book.read_text())
        (Path(tmp) / "both.in").write_text(pins.read_text() + "\n" + lab_pins.read_text())
        hashed(Path(tmp) / "both.in", both)
        lab = {name(line) for line in lab_pins.read_text().splitlines() if "==" in line}
        kept = ["\n".join(b) for b in blocks(both.read_text()) if name(b[0]) in lab]
        (ROOT / "requirements-lab.txt").write_text(
            HEADER.format(source="requirements-lab.in") + "\n".join(kept) + "\n"
        )


if __name__ == "__main__":
    main()
