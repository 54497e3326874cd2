"""The teaching pack, built from the book itself so that its numbers and figures cannot drift from the
chapters: reveal.js slides for each lecture of the syllabus, a handout of the lab, and a problem set per
lecture, all from the student edition (no solution) and all served from their own folder (no request
outside it).

    python tools/pack.py [BOOK] [--pdf]

reads ``pack/*.md`` (slides separated by a line ``---``) and writes ``_build/pack/``: ``lecture-1.html``
and ``lecture-2.html`` (decks), ``handout-lab.html`` (with the syllabus's rubric),
``problems-lecture-1.html`` and ``problems-lecture-2.html``, and with ``--pdf`` the handout and the
problem sets as PDF too (printed by headless Chromium). In the sources,
``{glue:text}`chapter/name:.2f``` is a number the chapter glued, ``{glue:md}`chapter/name``` a glued
Markdown value and a line ``{glue:figure}`chapter/name``` a glued figure, with its alt text.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt

DECKS = ("lecture-1", "lecture-2")
HANDOUTS = ("handout-lab",)
GLUE = re.compile(r"\{glue:(text|md|figure)\}`([\w-]+)/(\w+)(?::([^`]*))?`")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
EXERCISE = re.compile(r'<div class="exercise admonition" id="([\w-]+)"')
DIV = re.compile(r"<div\b|</div>")
LECTURE = re.compile(r"^\*\*(Lecture \d+)[^*]*\*\*", re.M)
LABEL = re.compile(r"\{ref\}`([\w-]+) <\1>`")
MATHJAX = """<script>window.MathJax = {tex: {inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]]}};</script>
<script defer src="vendor/mathjax/tex-chtml.js"></script>"""


class PackError(RuntimeError):
    """The pack cannot be built: a missing input, or a glue name no chapter saved."""


def glued(book: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Every chapter's glued values (myst-nb's ``<chapter>.glue.json``): chapter -> name -> MIME data."""
    folder = book / "_build" / "jupyter_execute" / "chapters"
    found = {p.name.split(".")[0]: json.loads(p.read_text()) for p in sorted(folder.glob("*.glue.json"))}
    if not found:
        raise PackError(f"no glued values in {folder}: run `make book` first")
    return {ch: {k: v["data"] for k, v in values.items()} for ch, values in found.items()}


def _value(values: dict[str, dict[str, dict[str, str]]], match: re.Match[str]) -> str:
    kind, chapter, name, spec = match.groups()
    try:
        data = values[chapter][name]
    except KeyError:
        raise PackError(f"{match.group(0)}: chapter {chapter!r} glued no {name!r}") from None
    if kind == "figure":
        if "image/png" not in data:
            raise PackError(f"{match.group(0)} is not a figure")
        alt = re.sub(r"^\[figure: |\]$", "", data.get("text/plain", ""))
        return f'<img src="data:image/png;base64,{data["image/png"]}" alt="{html.escape(alt, quote=True)}">'
    if kind == "md":
        return data.get("text/markdown", data.get("text/plain", ""))
    text = data["text/plain"]
    number = int(text) if re.fullmatch(r"-?\d+", text) else float(text)
    return format(number, spec) if spec else text


def render(source: str, values: dict[str, dict[str, dict[str, str]]]) -> str:
    """Markdown with glued values to HTML; math is kept as written for MathJax."""
    text = GLUE.sub(lambda m: _value(values, m), source)
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"MATH{len(kept) - 1}X"

    out = MarkdownIt("commonmark", {"html": True}).enable("table").render(MATH.sub(keep, text))
    return re.sub(r"MATH(\d+)X", lambda m: html.escape(kept[int(m.group(1))]), out)


def deck(source: str, values: dict[str, dict[str, dict[str, str]]], title: str) -> str:
    slides = [render(part, values) for part in re.split(r"^---$", source, flags=re.M) if part.strip()]
    sections = "\n".join(f"<section>\n{s}</section>" for s in slides)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="vendor/reveal/reveal.css"><link rel="stylesheet" href="vendor/reveal/white.css">
<style>.reveal section img {{max-height: 60vh; margin: 0;}} .reveal {{font-size: 28px;}}
.reveal table {{font-size: 0.7em;}} .reveal .caption {{font-size: 0.6em; color: #555;}}</style>
{MATHJAX}
</head><body><div class="reveal"><div class="slides">
{sections}
</div></div>
<script src="vendor/reveal/reveal.js"></script>
<script>Reveal.initialize({{hash: true, width: 1280, height: 800}});</script>
</body></html>
"""


def page(body: str, title: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body {{font: 11pt/1.45 Georgia, serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem;}}
table {{border-collapse: collapse; font-size: 0.9em;}}
th, td {{border: 1px solid #bbb; padding: 0.2rem 0.4rem;}}
img {{max-width: 100%;}} .exercise {{border-left: 3px solid #888; padding-left: 0.8rem; margin: 1rem 0;}}
@page {{margin: 18mm;}}</style>
{MATHJAX}
</head><body>
{body}
</body></html>
"""


def exercise_html(site: Path, label: str) -> str:
    """The exercise ``label`` as the student edition prints it (statement only: the student pages hold
    no solution)."""
    for chapter in sorted((site / "chapters").glob("*.html")):
        text = chapter.read_text()
        start = text.find(f'<div class="exercise admonition" id="{label}"')
        if start < 0:
            continue
        depth = 0
        for tag in DIV.finditer(text, start):
            depth += 1 if tag.group() == "<div" else -1
            if depth == 0:
                return text[start : tag.end()]
    raise PackError(f"no exercise {label!r} in the student edition")


def problem_sets(book: Path, site: Path) -> dict[str, str]:
    """Per lecture of the syllabus's two-lecture plan, its exercises, as one page."""
    syllabus = (book / "chapters" / "syllabus.md").read_text()
    two = syllabus.split("## One lecture")[0]
    parts = LECTURE.split(two)[1:]
    out = {}
    for k, (name, body) in enumerate(zip(parts[::2], parts[1::2], strict=True), start=1):
        labels = list(dict.fromkeys(LABEL.findall(body.split("**Before lecture")[0])))
        blocks = "\n".join(exercise_html(site, label) for label in labels)
        title = f"Problem set, {name.lower()}"
        out[f"problems-lecture-{k}"] = page(f"<h1>{title}</h1>\n<p>From the student edition of the book; "
                                            f"{len(labels)} exercises.</p>\n{blocks}", title)  # fmt: skip
    return out


def vendor(book: Path, out: Path) -> None:
    modules = book / "node_modules"
    reveal, mathjax = out / "vendor" / "reveal", out / "vendor" / "mathjax"
    reveal.mkdir(parents=True, exist_ok=True)
    for f in ("dist/reveal.js", "dist/reveal.css", "dist/theme/white.css", "LICENSE"):
        shutil.copy(modules / "reveal.js" / f, reveal / Path(f).name)
    shutil.copytree(book / "_assets" / "vendor" / "mathjax", mathjax, dirs_exist_ok=True)


def print_pdf(html_file: Path) -> Path:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise PackError("no Chromium to print the PDFs (apt-get install chromium)")
    pdf = html_file.with_suffix(".pdf")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--virtual-time-budget=15000", f"--print-to-pdf={pdf}", html_file.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
        raise PackError(f"Chromium printed no PDF of {html_file.name}")
    return pdf


def build(book: Path, pdf: bool = False) -> list[Path]:
    site, out = book / "_build" / "student" / "html", book / "_build" / "pack"
    if not (site / "index.html").is_file():
        raise PackError(f"no student edition in {site}: run `make student` first")
    values = glued(book)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    vendor(book, out)
    written = []
    for name in DECKS:
        source = (book / "pack" / f"{name}.md").read_text()
        title = source.splitlines()[0].lstrip("# ").strip()
        written.append(out / f"{name}.html")
        written[-1].write_text(deck(source, values, title))
    rubric = (book / "chapters" / "syllabus.md").read_text().split("## Rubric for the lab's write-up")[1]
    for name in HANDOUTS:  # with the rubric of the syllabus, so that the two cannot differ
        source = (book / "pack" / f"{name}.md").read_text()
        source += "\n## Rubric for the write-up\n" + rubric.split("\n## ")[0]
        written.append(out / f"{name}.html")
        written[-1].write_text(page(render(source, values), source.splitlines()[0].lstrip("# ").strip()))
    for name, text in problem_sets(book, site).items():
        written.append(out / f"{name}.html")
        written[-1].write_text(text)
    if pdf:
        written += [print_pdf(p) for p in written if not p.stem.startswith("lecture")]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, nargs="?", default=Path("."))
    parser.add_argument("--pdf", action="store_true", help="print the handout and problem sets as PDF")
    args = parser.parse_args(argv)
    try:
        for path in build(args.book, args.pdf):
            print(f"pack: {path.relative_to(args.book)}")
    except PackError as err:
        print(f"pack: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
