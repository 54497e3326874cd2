"""A step of the book's build (``make book`` runs it last): delete from the site every figure image that
no built page names, so that a figure that changed leaves no stale file behind.

    python tools/prune_frames.py SITE FOLDER...
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path


def prune_frames(site: Path, folders: Sequence[Path]) -> list[Path]:
    """Delete every image file in the site's copies of ``folders`` (each folder of the site, the Chinese
    edition's included, with a folder's name) that no HTML page of ``site`` names; return what was
    deleted. The folders themselves keep every image: a chapter's outputs in the execution cache may name
    it again without running."""
    if not (site / "index.html").is_file():
        raise ValueError(f"site must be a built site (with index.html); got {site}")
    named = {
        m for page in site.rglob("*.html") for m in re.findall(r"[0-9a-f]{16}\.png", page.read_text("utf-8"))
    }
    stale = [
        path
        for folder in folders
        for place in sorted(site.rglob(folder.name))
        for path in sorted(place.glob("*.png"))
        if path.name not in named
    ]
    for path in stale:
        path.unlink()
    return stale


if __name__ == "__main__":
    for removed in prune_frames(Path(sys.argv[1]), [Path(f) for f in sys.argv[2:]]):
        print(f"removed the unused image {removed}")
