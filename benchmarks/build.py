"""Book build benchmark: cold build, no-change rebuild, execution time per chapter, page sizes.

Run with `make bench` (it removes _build first, so the cold build really is cold).
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
EXECUTED = re.compile(r"(\S+\.md): Executed notebook in ([\d.]+) seconds")


def build() -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "book"], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"the build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed, result.stdout + result.stderr


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        url = d.get("src") if tag in ("script", "img") else d.get("href") if tag == "link" else None
        if url and d.get("rel") not in ("prev", "next", "index", "search", "canonical"):
            self.urls.append(url.split("?")[0].split("#")[0])


def page_sizes(page: Path) -> tuple[int, int, int]:
    """Bytes of the page with its own images, of the assets it shares with other pages, and gzip of all."""
    parser = _Assets()
    text = page.read_text(encoding="utf-8")
    parser.feed(text)
    own, shared, packed = len(text.encode()), 0, len(gzip.compress(text.encode()))
    for url in set(parser.urls):
        if url.startswith(("http:", "https:", "data:")) or not url:
            continue
        path = (page.parent / url).resolve()
        if path.is_file():
            data = path.read_bytes()
            packed += len(gzip.compress(data))
            if "_images" in path.parts:
                own += len(data)
            else:
                shared += len(data)
    return own, shared, packed


def main() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    cold, log = build()
    warm, _ = build()
    print(f"cold build (execute every chapter): {cold:6.1f} s")
    print(f"rebuild with nothing changed:       {warm:6.1f} s")
    print("\nexecution time per chapter:")
    for path, seconds in EXECUTED.findall(log):
        print(f"  {Path(path).relative_to(ROOT)!s:40} {float(seconds):6.1f} s")
    print("\npage sizes (page = HTML + its own images and widget frames; shared = theme, scripts, fonts):")
    for page in sorted(HTML.glob("chapters/*.html")):
        own, shared, packed = page_sizes(page)
        print(
            f"  {page.name:32} page {own / 1e6:5.2f} MB   shared {shared / 1e6:5.2f} MB   "
            f"all gzipped {packed / 1e6:5.2f} MB"
        )


if __name__ == "__main__":
    main()
