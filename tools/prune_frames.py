"""A step of the book's build (``make book`` runs it last): delete every figure image that no built page
names, so that a figure that changed leaves no stale file behind.

    python tools/prune_frames.py SITE FOLDER...
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path


def prune_frames(site: Path, folders: Sequence[Path]) -> list[Path]:
    """Delete every image file in ``folders`` (and in the site's copy of each) that no HTML page of
    ``site`` names; return what was deleted. ``make book`` runs it last, so that a figure that changed
    leaves no stale file behind."""
    if not (site / "index.html").is_file():
        raise ValueError(f"site must be a built site (with index.html); got {site}")
    named = {
        m for page in site.rglob("*.html") for m in re.findall(r"[0-9a-f]{16}\.png", page.read_text("utf-8"))
    }
    stale = [
        path
        for folder in folders
        for place in (folder, site / folder.name)
        for path in sorted(place.glob("*.png"))
        if path.name not in named
    ]
    for path in stale:
        path.unlink()
    return stale


if __name__ == "__main__":
    for removed in prune_frames(Path(sys.argv[1]), [Path(f) for f in sys.argv[2:]]):
        print(f"removed the unused image {removed}")
