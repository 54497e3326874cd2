"""Book build benchmark: cold build, no-change rebuild, execution time per chapter, and per page what a
reader downloads and how fast an interactive figure follows its controls.

Run with `make bench` (it removes _build first, so the cold build really is cold), on a loaded machine
with `python benchmarks/build.py --load 4` (four busy processes beside the builds, tools/loaded.py), or
measure a site already built: `python benchmarks/build.py --site PATH/_build/html`.

Per page: the HTML, raw and gzipped; the first visit, gzipped (the HTML and every file Chromium fetches
while opening the page at 1280 x 900 without scrolling: scripts, style sheets, fonts, images); the
frames of interactive figures that wait in ``data-src`` (gzipped, loaded when a figure nears the
screen); the number of frames; and the slowest control switch: the time from the input event to the
``decode()`` of the new frame's image, over every position of every control, in Chromium (for a figure
the page draws, widgets.DrawnFigure: the median time from the input event to the laid-out SVG over 50
moves of its first continuous control).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
EXECUTED = re.compile(r"(\S+\.md): Executed notebook in ([\d.]+) seconds")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

# Every position of every control of one figure, after its frames are loaded: the slowest switch (ms).
SLOWEST_SWITCH = """async (k) => {
  const fig = document.querySelectorAll('.slx-figure')[k];
  fig.scrollIntoView();
  if (fig.hasAttribute('data-draw')) {  // drawn in the page: the median of 50 moves of its first range
    const r = fig.querySelector('input[type=range]'), lo = +r.min, hi = +r.max, times = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      r.value = String(lo + (hi - lo) * ((i * 37) % 50) / 49);
      r.dispatchEvent(new Event('input'));
      fig.querySelector('.slx-canvas svg').getBoundingClientRect();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[25];
  }
  fig.querySelector('.slx-control').dispatchEvent(new Event('pointerdown'));
  await Promise.all([...fig.querySelectorAll('img')].map(i => i.decode().catch(() => {})));
  let slowest = 0;
  for (const control of fig.querySelector('.slx-controls').children) {
    const range = control.querySelector('input[type=range]'), select = control.querySelector('select');
    const buttons = [...control.querySelectorAll('button')];
    const n = range ? +range.max + 1 : select ? select.options.length : buttons.length;
    for (let to = 0; to < n; to++) {
      const start = performance.now();
      const event = {bubbles: true};
      if (range) { range.value = to; range.dispatchEvent(new Event('input', event)); }
      else if (select) { select.selectedIndex = to; select.dispatchEvent(new Event('change', event)); }
      else buttons[to].click();
      const frame = [...fig.querySelectorAll('.slx-frame')].find(f => !f.hidden);
      await Promise.all([...frame.querySelectorAll('img')].map(i => i.decode()));
      slowest = Math.max(slowest, performance.now() - start);
    }
  }
  return slowest;
}"""


def build(load: int = 0, narrow: bool = False) -> tuple[float, str]:
    """``make book``, with ``load`` busy processes beside it and numpy's dispatch narrowed if asked
    (tools/loaded.py): a reader's busy laptop, or another processor."""
    loaded = [sys.executable, str(ROOT / "tools" / "loaded.py"), "--hogs", str(load)] + (
        ["--narrow"] if narrow else []
    )
    start = time.perf_counter()
    result = subprocess.run(
        [*loaded, "--", "make", "--no-print-directory", "-C", str(ROOT), "book"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"the build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed, result.stdout + result.stderr


@functools.cache
def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _note(fetched: set[str], base: str, response: object) -> None:
    url = response.url  # type: ignore[attr-defined]
    if url.startswith(base):
        fetched.add(url)


def measure(site: Path) -> list[dict[str, object]]:
    """One row per chapter page of ``site`` (see the module's notes)."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for page_file in sorted(site.glob("chapters/*.html")):
            html = page_file.read_text(encoding="utf-8")
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            fetched: set[str] = set()
            page.on("response", functools.partial(_note, fetched, base))
            page.goto(base + page_file.relative_to(site).as_posix(), wait_until="networkidle")
            files = {site / unquote(urlparse(u).path).lstrip("/") for u in fetched}
            first_visit = sum(gzipped(f) for f in files if f.is_file())
            lazy = {(page_file.parent / u).resolve() for u in re.findall(r'data-src="([^"]+)"', html)}
            figures = page.locator(".slx-figure").count()
            switch = max((page.evaluate(SLOWEST_SWITCH, k) for k in range(figures)), default=None)
            rows.append(
                {
                    "page": page_file.name,
                    "html": len(html.encode()),
                    "html_gz": gzipped(page_file),
                    "first_visit_gz": first_visit,
                    "lazy_gz": sum(gzipped(f) for f in lazy - files if f.is_file()),
                    "frames": html.count('class="slx-frame"') or html.count('"_model_name": "OutputModel"'),
                    "switch_ms": switch,
                }
            )
            page.close()
        browser.close()
    server.shutdown()
    return rows


def report(rows: list[dict[str, object]]) -> None:
    print(
        f"  {'page':28} {'HTML':>8} {'HTML gz':>8} {'first visit gz':>15} {'lazy frames gz':>15} "
        f"{'frames':>6} {'slowest switch':>15}"
    )
    for r in rows:
        switch = "-" if r["switch_ms"] is None else f"{r['switch_ms']:.1f} ms"
        print(
            f"  {r['page']:28} {r['html'] / 1e3:6.0f} kB {r['html_gz'] / 1e3:5.0f} kB "
            f"{r['first_visit_gz'] / 1e6:12.2f} MB {r['lazy_gz'] / 1e6:12.2f} MB {r['frames']:6} {switch:>15}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="measure this built site only (no build)")
    parser.add_argument("--load", type=int, default=0, help="busy processes beside the builds (default 0)")
    parser.add_argument(
        "--narrow", action="store_true", help="numpy's baseline kernels only (NPY_DISABLE_...)"
    )
    args = parser.parse_args()
    if args.site is None:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        cold, log = build(args.load, args.narrow)
        warm, _ = build(args.load, args.narrow)
        machine = f"{args.load} busy processes on {os.cpu_count()} cores" + (
            ", numpy narrowed" if args.narrow else ""
        )
        print(f"with {machine}:")
        print(f"cold build (execute every chapter): {cold:6.1f} s")
        print(f"rebuild with nothing changed:       {warm:6.1f} s")
        print("\nexecution time per chapter:")
        for path, seconds in EXECUTED.findall(log):
            print(f"  {Path(path).relative_to(ROOT)!s:40} {float(seconds):6.1f} s")
    print("\nper page (gz: gzip -6, as a server compresses; first visit: what Chromium fetches on opening):")
    report(measure(args.site or HTML))


if __name__ == "__main__":
    main()
