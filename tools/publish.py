"""Publish every chapter as a notebook that runs anywhere, beside the built HTML.

Run after ``jupyter-book build`` (``make book`` does): ``python tools/publish.py BOOK``. For each
chapter that is a notebook, the executed notebook of the build becomes a self-contained ``.ipynb``:

- a first cell installs the library's wheel, published on the site (``dist/``), where it is missing;
- ``from myst_nb import glue`` becomes ``from scaling_lib.book.glue import glue`` (myst-nb is a build tool);
- MyST roles become plain Markdown: glued numbers as the build computed them, citations as
  "Author et al. (year)", glossary terms and cross-references as links into the site;
- exercises keep their number; solutions sit in collapsed ``<details>`` blocks;
- every interactive figure's cell keeps, as its saved output, a PNG of the figure's start frame and that
  frame's alt text, which viewers without a kernel show and a run replaces by the live figure; an
  output whose HTML names the site's image files keeps only its PNG.

The notebooks go to ``_build/html/notebooks/<chapter>.ipynb`` (the tree that the Pages workflow pushes
to the ``notebooks`` branch, which the Colab buttons open) and replace the executed notebook offered by
each page's download button. Colab links in the HTML are rewritten to point at them.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import html
import json
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

NOTEBOOKS_BRANCH = "notebooks"
NOTEBOOKS_DIR = "notebooks"
WHEEL_DIR = "dist"
COLAB = "https://colab.research.google.com"
BINDER = "https://mybinder.org"
#: The branch that holds only the reader's Binder environment (``write_binder``).
BINDER_BRANCH = "binder"
#: The repository this tool belongs to (its pins are the reader's environment's source).
REPOSITORY = Path(__file__).resolve().parents[1]
GLUE_PREFIX = "application/papermill.record/"
#: What marks the HTML of an interactive figure of the book (``widgets.StaticFigure``).
INTERACTIVE_MARK = 'class="slx-figure"'
HIDDEN_SOURCE_TAGS = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
ADMONITIONS = {
    "note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important", "warning": "Warning",
    "caution": "Caution", "attention": "Attention", "danger": "Danger", "error": "Error",
    "seealso": "See also", "admonition": "",
}  # fmt: skip


class PublishError(ValueError):
    """A chapter uses something the published notebook cannot carry."""


# --------------------------------------------------------------------------------------------------
# What the build knows: glued values, citations, and the link texts Sphinx computed (numbers, terms).


@dataclass
class Site:
    """The book as built: its public URL, the repository, and what each page's HTML says."""

    url: str
    repository: str
    wheel_url: str
    wheel_sha256: str = ""
    version: str = ""
    citations: dict[str, tuple[str, str]] = field(default_factory=dict)
    references_page: str = "chapters/references"


def site_url(config: dict[str, Any]) -> tuple[str, str]:
    """The published site's URL and the ``owner/name`` of the repository, from ``_config.yml``.

    ``html.baseurl`` wins; otherwise a GitHub repository's Pages URL, ``https://owner.github.io/name/``.
    """
    repo_url = str(config.get("repository", {}).get("url", "")).rstrip("/")
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?", repo_url)
    if not match:
        raise PublishError(f"repository.url must be a https://github.com/OWNER/NAME URL; got {repo_url!r}")
    owner, name = match.groups()
    base = str(config.get("html", {}).get("baseurl") or f"https://{owner.lower()}.github.io/{name}/")
    return base.rstrip("/") + "/", f"{owner}/{name}"


def _latex_to_text(text: str) -> str:
    """Author names from BibTeX as plain text (accents decoded, braces dropped)."""
    import latexcodec  # noqa: F401  (registers the "latex" codec)

    return text.encode("utf-8").decode("latex").replace("{", "").replace("}", "")


def read_citations(bib: Path) -> dict[str, tuple[str, str]]:
    """``key -> (authors, year)``: "Smith", "Smith and Jones" or "Smith et al.", and the year."""
    from pybtex.database import parse_file

    out: dict[str, tuple[str, str]] = {}
    for key, entry in parse_file(str(bib), bib_format="bibtex").entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        last = [_latex_to_text(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not last:
            authors = _latex_to_text(entry.fields.get("organization", entry.fields.get("title", key)))
        elif len(last) == 1:
            authors = last[0]
        elif len(last) == 2:
            authors = f"{last[0]} and {last[1]}"
        else:
            authors = f"{last[0]} et al."
        out[key] = (authors, str(entry.fields.get("year", "n.d.")))
    return out


def glue_values(notebook: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``name -> mime bundle`` of every ``glue`` in an executed notebook (the prefix removed)."""
    values: dict[str, dict[str, Any]] = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if scrap:
                prefix = scrap.get("mime_prefix", "")
                values[scrap["name"]] = {k[len(prefix) :]: v for k, v in output["data"].items()}
    return values


@dataclass
class PageLinks:
    """Link texts and targets Sphinx wrote into one page: ``(kind, target id) -> (text, href)``."""

    by_target: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    by_text: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    exercises: dict[str, str] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)


_LINK = re.compile(
    r'<a class="reference internal" href="(?P<href>[^"]*)"[^>]*>\s*'
    r'<span class="[^"]*\bstd-(?P<kind>\w+)\b[^"]*">'
    r"(?P<text>.*?)</span>",
    re.S,
)
_FIGURE = re.compile(
    r'<figure[^>]*\bid="(?P<id>[^"]+)"[^>]*>.*?<span class="caption-number">(?P<number>[^<]*)</span>', re.S
)
_EXERCISE = re.compile(
    r'<div class="exercise admonition" id="(?P<id>[^"]+)">\s*<p class="admonition-title">(?P<title>.*?)</p>',
    re.S,
)


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def page_links(page_html: str) -> PageLinks:
    """A page's link texts (figure numbers, terms, section titles), exercise titles, figure numbers."""
    links = PageLinks()
    for m in _LINK.finditer(page_html):
        text, href, kind = _plain(m["text"]), html.unescape(m["href"]), m["kind"]
        target = href.split("#", 1)[1] if "#" in href else href
        links.by_target.setdefault((kind, target), (text, href))
        links.by_text.setdefault((kind, text.lower()), (text, href))
    for m in _EXERCISE.finditer(page_html):
        links.exercises[m["id"]] = re.sub(r"\s+", " ", _plain(m["title"]))
    for m in _FIGURE.finditer(page_html):
        links.figures[m["id"]] = _plain(m["number"])
    return links


def make_id(label: str) -> str:
    """Sphinx's id for a label (docutils ``make_id``): lower case, runs of other characters as ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


# --------------------------------------------------------------------------------------------------
# Markdown: roles and directives to plain Markdown.

_ROLE = re.compile(r"\{(?P<name>[a-zA-Z][\w:+-]*)\}`(?P<content>[^`]*)`")
_EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)$")


@dataclass
class Context:
    """Everything one chapter's conversion reads: glued values, the page's links, the site."""

    site: Site
    page: str
    glue: dict[str, dict[str, Any]]
    links: PageLinks
    attachments: dict[str, dict[str, str]] = field(default_factory=dict)
    solutions: bool = True  # False: the student edition, whose notebooks leave the solutions out
    in_solution: str | None = None  # the exercise whose gated solution (solution-start) is open

    def absolute(self, href: str) -> str:
        """A link of the page's HTML as an absolute URL on the published site."""
        if re.match(r"^[a-z]+://", href):
            return href
        if href.startswith("#"):
            return f"{self.site.url}{self.page}.html{href}"
        base = self.site.url + self.page.rsplit("/", 1)[0] + "/" if "/" in self.page else self.site.url
        parts: list[str] = []
        for part in (base[len(self.site.url) :] + href).split("/"):
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        return self.site.url + "/".join(parts)


def format_glue_text(bundle: dict[str, Any], spec: str) -> str:
    """``{glue:text}`` as myst-nb renders it: the text/plain value through the format spec."""
    text = bundle.get("text/plain")
    if text is None:
        raise PublishError("glue:text needs a value with a text/plain representation")
    try:
        value: Any = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if spec:
        kind = spec[-1]
        value = str(value) if kind == "s" else int(value) if kind in "bcdoxX" else value
        value = float(value) if kind in "eEfFgGn%" else value
    return format(value, spec) if spec else str(value)


def _cite(ctx: Context, name: str, content: str) -> str:
    keys = [k.strip() for k in content.split(",") if k.strip()]
    refs = f"{ctx.site.url}{ctx.site.references_page}.html" if ctx.site.references_page else None
    parts = []
    for key in keys:
        if key not in ctx.site.citations:
            raise PublishError(f"citation key {key!r} is not in references.bib")
        authors, year = ctx.site.citations[key]
        parts.append((authors, year))
    if name in ("cite:t", "cite:ts"):
        text = "; ".join(f"{a} ({y})" for a, y in parts)
    elif name == "cite:author":
        return "; ".join(a for a, _ in parts)
    elif name == "cite:year":
        return "; ".join(y for _, y in parts)
    else:
        return "(" + _link("; ".join(f"{a}, {y}" for a, y in parts), refs) + ")"
    return _link(text, refs)


def _link(text: str, url: str | None) -> str:
    return f"[{text}]({url})" if url else text


def _xref(ctx: Context, name: str, content: str) -> str:
    """``{numref}``, ``{ref}``, ``{term}``, ``{doc}``, ``{eq}``: Sphinx's text, linked into the site."""
    explicit = _EXPLICIT.match(content)
    title, target = (explicit["title"], explicit["target"]) if explicit else (None, content)
    kind = {"eq": "numref"}.get(name, name)
    found = None
    if name == "term":
        found = ctx.links.by_text.get(("term", (title or target).lower())) or ctx.links.by_target.get(
            ("term", "term-" + target)
        )
    elif name == "doc":
        stem = target.rstrip("/").rsplit("/", 1)[-1]
        found = next(
            (v for (k, t), v in ctx.links.by_target.items() if k == "doc" and _page_stem(t) == stem), None
        )
    else:
        kinds = (kind, "numref") if kind == "ref" else (kind,)  # a {ref} to an exercise renders as numref
        found = next((ctx.links.by_target[k, t] for k in kinds for t in (make_id(target), target)
                      if (k, t) in ctx.links.by_target), None)  # fmt: skip
    if found is None:
        raise PublishError(f"no link for {{{name}}}`{content}` in the page's HTML")
    text, href = found
    if title and name == "numref":
        number = re.search(r"[\d.]+\d|\d", text)
        text = title.replace("%s", number.group(0) if number else text).replace("{number}", text)
    elif title:
        text = title
    return f"[{text}]({ctx.absolute(href)})"


def _page_stem(href: str) -> str:
    return href.split("#", 1)[0].removesuffix(".html").rsplit("/", 1)[-1]


def render_role(ctx: Context, name: str, content: str) -> str:
    """One MyST role as plain Markdown."""
    if name in ("glue:text", "glue:md", "glue"):
        key, _, spec = content.rpartition(":") if ":" in content else (content, "", "")
        if name == "glue:md":
            spec = ""
        if key not in ctx.glue:
            raise PublishError(f"glued value {key!r} is not in the executed notebook")
        bundle = ctx.glue[key]
        if name == "glue:md" or (name == "glue" and "text/markdown" in bundle):
            return str(bundle.get("text/markdown") or bundle.get("text/plain", "")).strip()
        return format_glue_text(bundle, spec)
    if name.startswith("cite"):
        return _cite(ctx, name, content)
    if name in ("numref", "ref", "term", "doc", "eq"):
        return _xref(ctx, name, content)
    if name == "math":
        return f"${content}$"
    if name in ("sub", "sup"):
        return f"<{name}>{html.escape(content)}</{name}>"
    if name in ("abbr", "code", "kbd", "samp", "file", "guilabel", "download", "command", "program"):
        return f"`{content}`" if name in ("code", "samp", "file", "command", "program") else content
    raise PublishError(f"the MyST role {{{name}}} has no plain-Markdown rendering yet")


def render_roles(ctx: Context, text: str) -> str:
    """Every role in ``text`` rendered; code spans and inline code left alone."""
    return _ROLE.sub(lambda m: render_role(ctx, m["name"], m["content"]), text)


def _split_options(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive body's ``:key: value`` options (or a ``---`` YAML block) and the rest."""
    options: dict[str, str] = {}
    i = 0
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1) if "---" in lines[1:] else 0
        import yaml

        options = {str(k): str(v) for k, v in (yaml.safe_load("\n".join(lines[1:end])) or {}).items()}
        i = end + 1
    while i < len(lines) and re.match(r"^:[\w-]+:", lines[i]):
        key, _, value = lines[i][1:].partition(":")
        options[key] = value.strip()
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    return options, lines[i:]


def _image_attachment(ctx: Context, key: str) -> str:
    bundle = ctx.glue.get(key)
    if bundle is None or "image/png" not in bundle:
        raise PublishError(f"glued figure {key!r} has no PNG in the executed notebook")
    name = f"{key}.png"
    ctx.attachments[name] = {"image/png": bundle["image/png"]}
    return f"attachment:{name}"


def render_directive(ctx: Context, name: str, arg: str, body: list[str]) -> list[str]:
    """One MyST directive as plain Markdown lines."""
    options, content = _split_options(body)
    if name == "solution" and not ctx.solutions:
        return []  # not even rendered: its links need not exist in a page without solutions
    inner = render_markdown(ctx, "\n".join(content)).splitlines()
    if name == "exercise":
        title = ctx.links.exercises.get(options.get("label", ""), "Exercise")
        head = f"**{title}**" + (f" {arg}" if arg and arg not in title else "")
        return [head, "", *inner]
    if name == "tableofcontents":
        return [f"The chapters are listed on the book's site, {ctx.site.url}."]
    if name == "solution-start":
        ctx.in_solution = ctx.links.exercises.get(arg.strip(), "the exercise")
        return [_GATE]
    if name == "solution-end":
        return [_GATE]
    if name == "solution":
        target = ctx.links.exercises.get(arg.strip(), "the exercise")
        return [
            "<details>",
            f"<summary>Solution to {html.escape(target)} (click to show)</summary>",
            "",
            *inner,
            "",
            "</details>",
        ]
    if name in ADMONITIONS:
        title = arg if name == "admonition" else ADMONITIONS[name]
        return [f"> **{title}**" if title else ">", ">", *[f"> {line}" if line else ">" for line in inner]]
    if name in ("math", "math:block"):
        return ["$$", *content, "$$"]
    if name in ("glue:figure", "glue"):
        caption = " ".join(inner).strip()
        if name == "glue" and "image/png" not in ctx.glue.get(arg.strip(), {}):
            return [render_role(ctx, "glue", arg.strip())]
        number = ctx.links.figures.get(make_id(options.get("name", "")), "")
        if INTERACTIVE_MARK in ctx.glue.get(arg.strip(), {}).get("text/html", ""):
            # An interactive figure: the code cell above shows a picture of its start frame until it runs,
            # then the live figure; here only its number and caption.
            return [f"*{number} (the figure above) {caption}*".replace("* ", "*", 1)]
        lines = [f"![{caption or arg.strip()}]({_image_attachment(ctx, arg.strip())})"]
        return lines + (["", f"*{number} {caption}*".replace("* ", "*", 1)] if caption else [])
    if name == "glue:md":
        return [render_role(ctx, "glue:md", arg.strip())]
    if name in ("figure", "image"):
        caption = " ".join(inner).strip()
        src = arg.strip() if re.match(r"^[a-z]+://", arg.strip()) else ctx.absolute(arg.strip())
        return [f"![{options.get('alt', caption)}]({src})"] + (["", f"*{caption}*"] if caption else [])
    if name in ("margin", "sidebar", "epigraph", "pull-quote", "div", "container", "card", "dropdown"):
        return [*([f"**{arg}**", ""] if arg else []), *inner]
    raise PublishError(f"the MyST directive {{{name}}} has no plain-Markdown rendering yet")


_GATE = "\x00gate\x00"  # where a gated solution (solution-start ... solution-end) opens or closes


def _gate_solution(ctx: Context, text: str, was_open: bool) -> str:
    """Wrap the prose of a gated solution (solution-start ... solution-end) in a collapsed ``<details>``,
    or drop it for students; ``was_open`` says whether the cell starts inside one. The solution's code
    cells are hidden where they stand (``publish_notebook``)."""
    out, inside = [], was_open
    parts = text.split(_GATE)
    for k, part in enumerate(parts):
        part = part.strip("\n")
        if part and not inside:
            out.append(part)
        elif part and ctx.solutions:
            title = html.escape(ctx.in_solution or "the exercise")
            summary = f"Solution to {title} (click to show; its code is in the hidden cells below)"
            out.append(f"<details>\n<summary>{summary}</summary>\n\n{part}\n\n</details>")
        if k < len(parts) - 1:
            inside = not inside
    if not inside:
        ctx.in_solution = None
    return "\n\n".join(out)


def render_markdown(ctx: Context, source: str) -> str:
    """A Markdown cell's MyST as plain Markdown: directives, roles, labels and comments."""
    lines = source.splitlines()
    out: list[str] = []
    i = 0
    in_code: str | None = None
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if in_code is None and fence:
            marker = fence["fence"]
            body: list[str] = []
            depth = 1
            i += 1
            while i < len(lines):
                inner_fence = _FENCE.match(lines[i])
                if inner_fence and inner_fence["fence"] == marker:
                    depth += 1
                elif lines[i].strip() == marker:
                    depth -= 1
                    if depth == 0:
                        break
                body.append(lines[i])
                i += 1
            out.extend(render_directive(ctx, fence["name"], fence["arg"].strip(), body))
            i += 1
            continue
        plain_fence = re.match(r"^(`{3,}|~{3,})", line)
        if plain_fence:
            in_code = None if in_code and line.strip().startswith(in_code) else (in_code or plain_fence[1])
            out.append(line)
        elif in_code:
            out.append(line)
        elif re.match(r"^\([\w:.-]+\)=\s*$", line) or re.match(r"^%", line):
            pass  # a MyST target or comment
        else:
            line = re.sub(r"(\$\$)\s*\([\w:.-]+\)\s*$", r"\1", line)  # an equation's label
            out.append(render_roles(ctx, line))
        i += 1
    return "\n".join(out).strip("\n")


# --------------------------------------------------------------------------------------------------
# Code cells and outputs.


GLUE_IMPORT = re.compile(r"^from myst_nb import glue[ \t]*$", re.M)


def convert_code(source: str) -> str:
    """A code cell as it runs outside the build: myst-nb's ``glue`` replaced by the library's shim."""
    source = GLUE_IMPORT.sub("from scaling_lib.book.glue import glue", source)
    if re.search(r"\bmyst_nb\b", source):
        raise PublishError("code cells may use myst_nb only as `from myst_nb import glue`")
    return source


def setup_cells(site: Site, title: str, page: str) -> list[dict[str, Any]]:
    """The notebook's first cells: what it is, and the cell that installs what is missing."""
    intro = (
        f"*This notebook is the chapter [{title}]({site.url}{page}.html) of the book "
        f"[Scaling Laws, Executable]({site.url}), source at <https://github.com/{site.repository}>. "
        "Run the first cell: it installs the book's library `scaling_lib` where it is missing "
        "(Colab, a fresh Jupyter). The numbers in the text are those the book's build computed; "
        "the code cells recompute them.*\n\n"
        "*Interactive figures: where a kernel runs (Jupyter, Binder, Colab), moving a control redraws "
        "the figure in the kernel. Colab renders ipywidgets with its own widget manager; the first cell "
        "switches on its custom widget manager (`output.enable_custom_widget_manager()`), the setting "
        "Colab asks for with widgets it does not build in. A viewer without a kernel (GitHub, nbviewer) "
        "shows each interactive figure as a PNG of its first frame, saved when the book was built.*"
    )
    code = FIRST_CELL.replace("@VERSION@", site.version).replace(
        "@WHEEL@", f"{site.wheel_url}#sha256={site.wheel_sha256}"
    )
    return [
        {"cell_type": "markdown", "metadata": {}, "source": intro},
        {"cell_type": "code", "metadata": {}, "source": code, "outputs": [], "execution_count": None},
    ]


#: The first code cell of every published notebook (@VERSION@ and @WHEEL@ filled in): it installs the
#: library's wheel of this build, its hash checked by pip, where the library is missing or another
#: version; it fails loudly, saying what to do, when it cannot; and it prints nothing otherwise.
FIRST_CELL = """\
# Install the book's library (this build's version, checked against its hash) where it is missing or
# another version; choose how interactive figures work.
import importlib.metadata
import os
import subprocess
import sys

VERSION, WHEEL = "@VERSION@", "@WHEEL@"
try:
    installed = importlib.metadata.version("scaling-lib")
except importlib.metadata.PackageNotFoundError:
    installed = None
if installed != VERSION:
    pip = [sys.executable, "-m", "pip", "install", "--quiet", f"scaling-lib @ {WHEEL}"]
    done = subprocess.run(pip, capture_output=True, text=True)
    if done.returncode != 0:
        why = (done.stderr or done.stdout).strip()[-500:]
        raise RuntimeError(
            f"could not install scaling_lib {VERSION} from {WHEEL} (is the machine online?); pip says: "
            f"{why}. Install that wheel by hand, then restart the kernel."
        )
    if installed is not None:
        raise RuntimeError(f"scaling_lib {VERSION} is installed now: restart the kernel to use it")
if "google.colab" in sys.modules:
    from google.colab import output

    output.enable_custom_widget_manager()
# live: the kernel redraws a figure when a control moves (a kernel is running here).
os.environ.setdefault("SCALING_LIB_WIDGETS", "live");"""


def _title(notebook: dict[str, Any]) -> str:
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            m = re.search(r"^#\s+(.+)$", "".join(cell["source"]), re.M)
            if m:
                return m[1].strip()
    return "untitled"


def publish_notebook(
    executed: dict[str, Any],
    site: Site,
    page: str,
    page_html: str,
    glued: dict[str, Any] | None = None,
    solutions: bool = True,
) -> dict[str, Any]:
    """The self-contained, student-facing notebook of one executed chapter.

    ``glued`` is what myst-nb saved beside the executed notebook (``<page>.glue.json``: name -> output).
    """
    nb = copy.deepcopy(executed)
    values = {name: dict(output["data"]) for name, output in (glued or {}).items()}
    ctx = Context(site=site, page=page, glue={**values, **glue_values(nb)}, links=page_links(page_html),
                  solutions=solutions)  # fmt: skip
    cells: list[dict[str, Any]] = setup_cells(site, _title(nb), page)
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        tags = set(cell.get("metadata", {}).get("tags", []))
        metadata: dict[str, Any] = {"tags": sorted(tags)} if tags else {}
        if cell["cell_type"] == "markdown":
            ctx.attachments = {}
            was_open = ctx.in_solution is not None
            text = _gate_solution(ctx, render_markdown(ctx, source), was_open)
            if not text:
                continue
            new = {"cell_type": "markdown", "metadata": metadata, "source": text}
            if ctx.attachments:
                new["attachments"] = ctx.attachments
            cells.append(new)
        elif cell["cell_type"] == "code":
            if ANSWER_TAG in tags and not ctx.solutions:  # the code that computes answers: instructors' only
                continue
            if ctx.in_solution:  # the code of a gated solution: hidden, or left out for students
                if not ctx.solutions:
                    continue
                metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
                metadata["tags"] = sorted({*tags, "solution"})
            elif tags & HIDDEN_SOURCE_TAGS:
                metadata["jupyter"] = {"source_hidden": True}
            outputs = [o for o in cell.get("outputs", []) if not _is_hidden_glue(o)]
            outputs += [still_frame(name, ctx.glue[name]) for name in interactive_glued(source, ctx.glue)]
            for o in outputs:
                o.get("metadata", {}).pop("scrapbook", None)
                drop_site_html(o)
            cells.append(
                {
                    "cell_type": "code",
                    "metadata": metadata,
                    "source": convert_code(source),
                    "outputs": outputs,
                    "execution_count": cell.get("execution_count"),
                }
            )
        else:
            cells.append({"cell_type": cell["cell_type"], "metadata": metadata, "source": source})
    nb["cells"] = cells
    keep = ("kernelspec", "language_info", "widgets")
    nb["metadata"] = {k: v for k, v in nb.get("metadata", {}).items() if k in keep}
    nb["nbformat"], nb["nbformat_minor"] = 4, 5
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{i}"
    return nb


def drop_site_html(output: dict[str, Any]) -> bool:
    """Keep only the PNG of an output whose HTML names image files of the site (the build writes a
    figure's images there, scaling_lib.book.plotting.image_url): beside the notebook they do not exist.
    Whether the HTML was dropped."""
    data = output.get("data", {})
    page = "".join(data.get("text/html", ""))
    if "image/png" in data and re.search(r'<img\b[^>]*\b(?:data-)?src="(?!data:)', page):
        del data["text/html"]
        return True
    return False


def _is_hidden_glue(output: dict[str, Any]) -> bool:
    scrap = output.get("metadata", {}).get("scrapbook")
    return bool(scrap) and bool(scrap.get("mime_prefix"))


def interactive_glued(source: str, glued: dict[str, dict[str, Any]]) -> list[str]:
    """The interactive figures (``widgets.StaticFigure``) that a code cell glues, by name, in order."""
    names = re.findall(r"""\bglue\(\s*["']([^"']+)["']""", source)
    return [n for n in names if INTERACTIVE_MARK in "".join(glued.get(n, {}).get("text/html", ""))]


def still_frame(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """A glued interactive figure as the output its cell shows until it runs again: the PNG of its start
    frame and, as text, that frame's alt text (``StaticFigure`` saves both beside its HTML)."""
    if "image/png" not in data or not "".join(data.get("text/plain", "")).strip():
        raise PublishError(f"the interactive figure {name!r} has no PNG of its start frame, or no alt text")
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {"image/png": data["image/png"], "text/plain": data["text/plain"]},
    }


# --------------------------------------------------------------------------------------------------
# The book: which pages are notebooks, where things go.


def toc_pages(book: Path) -> list[str]:
    """Docnames (``chapters/NAME``) in the table of contents' order."""
    import yaml

    toc = yaml.safe_load((book / "_toc.yml").read_text())
    names: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    names.append(re.sub(r"\.(md|ipynb)$", "", node[key]))
            for value in node.values():
                if isinstance(value, list):
                    for item in value:
                        walk(item)

    walk(toc)
    return list(dict.fromkeys(names))


def notebook_pages(book: Path) -> list[str]:
    """The pages that the build executed: the chapters that are notebooks."""
    executed = book / "_build" / "jupyter_execute"
    return [n for n in toc_pages(book) if (executed / f"{n}.ipynb").is_file()]


def references_page(book: Path) -> str:
    """The page that holds the bibliography, where citations link to ("" if none)."""
    for page in toc_pages(book):
        source = book / f"{page}.md"
        if source.is_file() and "{bibliography}" in source.read_text():
            return page
    return ""


def colab_url(site: Site, page: str) -> str:
    """Where a chapter's Colab button points: its published notebook on the notebooks branch."""
    return f"{COLAB}/github/{site.repository}/blob/{NOTEBOOKS_BRANCH}/{page}.ipynb"


def binder_url(site: Site, page: str) -> str:
    """Where a chapter's Binder button points: JupyterLab in the reader's environment (the ``binder``
    branch, which moves only when that environment changes, so Binder's image survives other pushes),
    with nbgitpuller pulling the published notebooks (the ``notebooks`` branch) and the chapter open."""
    name = site.repository.split("/")[1]
    pull = urlencode(
        {"repo": f"https://github.com/{site.repository}", "branch": NOTEBOOKS_BRANCH,
         "urlpath": f"lab/tree/{name}/{page}.ipynb"}
    )  # fmt: skip
    return f"{BINDER}/v2/gh/{site.repository}/{BINDER_BRANCH}?" + urlencode({"urlpath": f"git-pull?{pull}"})


def rewrite_launch_links(page_html: str, site: Site, page: str) -> str:
    """The page's Colab and Binder buttons pointed at the published notebook instead of the Markdown
    source (which shows MyST's roles and directives as text)."""
    colab = re.compile(re.escape(f"{COLAB}/github/{site.repository}/blob/") + r'[^"\s]*')
    binder = re.compile(re.escape(f"{BINDER}/v2/gh/{site.repository}/") + r'[^"\s]*')
    page_html = colab.sub(colab_url(site, page), page_html)
    return binder.sub(html.escape(binder_url(site, page)), page_html)


#: What a reader's kernel needs besides the library's own dependencies.
READER_ROOTS = ("ipykernel",)
#: Installed in Binder's server environment by its postBuild: the extension that pulls the notebooks.
NBGITPULLER = "nbgitpuller==1.3.0"


def reader_requirements(pins: str, roots: tuple[str, ...] = READER_ROOTS) -> str:
    """The lines of ``pins`` (requirements.txt: exact pins with hashes) that a reader's kernel needs: the
    installed library's dependencies and ``roots``, with everything they require, and nothing of the
    build's or the tests' tools."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    blocks: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", pins.strip()):
        head = re.match(r"^([A-Za-z0-9][\w.-]*)(?:\[[^\]]*\])?==", block)
        if head:
            blocks[canonicalize_name(head[1])] = block.rstrip()
    todo = [Requirement(r) for r in (*(distribution("scaling-lib").requires or []), *roots)]
    todo = [r for r in todo if r.marker is None or r.marker.evaluate({"extra": ""})]
    needed: set[str] = set()
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if name in needed:
            continue
        if name not in blocks:
            raise PublishError(
                f"{req.name} is needed by a reader's kernel but not pinned in requirements.txt"
            )
        needed.add(name)
        try:
            requires = distribution(req.name).requires or []
        except PackageNotFoundError:
            raise PublishError(f"{req.name} is pinned but not installed: run make setup") from None
        for line in requires:
            dep = Requirement(line)
            if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in {"", *req.extras}):
                todo.append(dep)
    head = (
        "# A reader's kernel on Binder: the library's dependencies and ipykernel, exact pins with hashes\n"
        "# from requirements.txt (tools/publish.py writes this; the notebooks' first cell installs the\n"
        "# library itself from the book's site).\n"
    )
    return head + "\n".join(blocks[n] for n in sorted(needed)) + "\n"


BINDER_POSTBUILD = f"""\
#!/bin/bash
# Binder (repo2docker) runs this after requirements.txt: nbgitpuller, which pulls the book's published
# notebooks at launch, and the widgets' JupyterLab extension, in the server's environment (on
# repo2docker it may differ from the kernel's: NB_PYTHON_PREFIX is the server's).
set -euo pipefail
server="${{NB_PYTHON_PREFIX:-$(python -c 'import sys; print(sys.prefix)')}}"
"$server/bin/python" -m pip install --quiet --disable-pip-version-check {NBGITPULLER} @WIDGETS@
"""


def write_binder(target: Path) -> list[Path]:
    """Write the reader's Binder environment (``binder/`` of the ``binder`` branch) into ``target``."""
    pins = (REPOSITORY / "requirements.txt").read_text()  # the repository's pins, whichever book is built
    widgets = re.search(r"^(jupyterlab-widgets==[^ \n]+)", pins, re.M)
    if widgets is None:
        raise PublishError("requirements.txt pins no jupyterlab-widgets (ipywidgets' JupyterLab extension)")
    files = {
        "requirements.txt": reader_requirements(pins),
        "runtime.txt": "python-3.11\n",
        "postBuild": BINDER_POSTBUILD.replace("@WIDGETS@", f'"{widgets[1]}"'),
    }
    (target / "binder").mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = target / "binder" / name
        path.write_text(text)
        written.append(path)
    (target / "binder" / "postBuild").chmod(0o755)
    (target / "README.md").write_text(
        "# The reader's Binder environment of *Scaling Laws, Executable*\n\nWritten by the book's build "
        "(`tools/publish.py`); the chapters' Binder buttons start it and pull the published notebooks "
        "(branch `notebooks`) into it with nbgitpuller. It changes only when the pinned packages do.\n"
    )
    return written


def wheel_folder(wheel: Path) -> str:
    """The folder of ``dist/`` that a wheel is published in: the first 16 hex digits of its sha256, so
    that every build's wheel has a URL of its own and an old notebook's wheel stays where it was."""
    return hashlib.sha256(wheel.read_bytes()).hexdigest()[:16]


def place_wheel(html_dir: Path) -> Path:
    """Move the wheel just built (``dist/scaling_lib-*.whl``) into ``dist/<wheel_folder>/``; the path
    of the current wheel (with no new wheel, the one wheel already placed)."""
    dist = html_dir / WHEEL_DIR
    new = sorted(dist.glob("scaling_lib-*.whl"))
    placed = sorted(dist.glob("*/scaling_lib-*.whl"))
    if len(new) > 1 or (not new and len(placed) != 1):
        raise PublishError(
            f"expected one new scaling_lib wheel in {dist}; found {len(new)} (and {len(placed)} placed)"
        )
    if not new:
        return placed[0]
    target = dist / wheel_folder(new[0]) / new[0].name
    target.parent.mkdir(exist_ok=True)
    new[0].replace(target)
    return target


def keep_wheels(old_dist: Path, html_dir: Path) -> list[Path]:
    """Copy into the site's ``dist/`` every wheel published before (``old_dist``: the ``dist/`` of the
    last publication), so that the notebooks of every earlier build still install theirs; each must sit
    in the folder its bytes name. The wheels copied."""
    kept = []
    for wheel in sorted(old_dist.glob("*/scaling_lib-*.whl")):
        if wheel.parent.name != wheel_folder(wheel):
            raise PublishError(f"{wheel} is not in the folder its sha256 names ({wheel_folder(wheel)})")
        target = html_dir / WHEEL_DIR / wheel.parent.name / wheel.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(wheel, target)
            kept.append(target)
    return kept


#: The translated editions' folders in the site (tools/edition.py): their pages launch and download the
#: English edition's notebooks.
EDITIONS = ("zh",)


def publish(
    book: Path,
    log: Callable[[str], None] = print,
    build: Path | None = None,
    solutions: bool = True,
    html_dir: Path | None = None,
) -> list[Path]:
    """Write every chapter's notebook into the site built in ``build`` (default ``book/_build``), or into
    ``html_dir`` if given; the paths written. ``solutions=False`` leaves the solutions out."""
    import yaml

    config = yaml.safe_load((book / "_config.yml").read_text())
    url, repository = site_url(config)
    build = book / "_build" if build is None else build
    html_dir = build / "html" if html_dir is None else html_dir
    wheel = place_wheel(html_dir)
    bib = book / "references.bib"
    site = Site(
        url=url,
        repository=repository,
        wheel_url=f"{url}{WHEEL_DIR}/{wheel.parent.name}/{wheel.name}",
        wheel_sha256=hashlib.sha256(wheel.read_bytes()).hexdigest(),
        version=wheel.name.split("-")[1],
        citations=read_citations(bib) if bib.is_file() else {},
        references_page=references_page(book),
    )
    written = []
    notebooks = html_dir / NOTEBOOKS_DIR
    notebooks.mkdir(parents=True, exist_ok=True)
    (notebooks / "README.md").write_text(
        f"# Notebooks of *Scaling Laws, Executable*\n\nWritten by the book's build from the chapters of "
        f"<https://github.com/{repository}> (`tools/publish.py`); edit the chapters, not these.\n"
        f"Each runs on its own: its first cell installs the library from {site.wheel_url}.\n"
    )
    for page in notebook_pages(book):
        executed_file = build / "jupyter_execute" / f"{page}.ipynb"
        glue_file = executed_file.with_suffix(".glue.json")
        glued = json.loads(glue_file.read_text()) if glue_file.is_file() else {}
        page_file = html_dir / f"{page}.html"
        page_html = page_file.read_text()
        try:
            nb = publish_notebook(
                json.loads(executed_file.read_text()), site, page, page_html, glued, solutions
            )
        except PublishError as err:
            raise PublishError(f"{page}: {err}") from None
        text = json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        (html_dir / NOTEBOOKS_DIR / f"{page}.ipynb").parent.mkdir(parents=True, exist_ok=True)
        (html_dir / NOTEBOOKS_DIR / f"{page}.ipynb").write_text(text)
        # Each edition's page (the translated ones in their folders) downloads and launches this notebook.
        translated = [html_dir / e for e in EDITIONS if (html_dir / e / "index.html").is_file()]
        for edition in (html_dir, *translated):
            (edition / "_sources" / f"{page}.ipynb").parent.mkdir(parents=True, exist_ok=True)
            (edition / "_sources" / f"{page}.ipynb").write_text(text)
            edition_page = edition / f"{page}.html"
            edition_page.write_text(rewrite_launch_links(edition_page.read_text(), site, page))
        written.append(html_dir / NOTEBOOKS_DIR / f"{page}.ipynb")
        log(f"published {page}.ipynb ({len(text) // 1024} kB)")
    write_binder(build / BINDER_BRANCH)
    log(f"wrote the reader's Binder environment in {build / BINDER_BRANCH}")
    return written


# --------------------------------------------------------------------------------------------------
# The student edition: the built site with every solution removed, not folded.

#: The tag of the code cells that compute the exercises' answers (with ``remove-cell``): the student
#: edition leaves them out of its sources and notebooks, as it leaves out the solutions.
ANSWER_TAG = "answer"
_ANSWER_CELL = re.compile(
    r"^```\{code-cell\}[^\n]*\n:tags: \[[^\]]*\banswer\b[^\]]*\]\n.*?^```[ \t]*\n\n?", re.S | re.M
)
#: The library's module of answer functions: in the instructor edition's wheel only.
ANSWER_MODULE = "scaling_lib/book/exercises.py"

#: The page button that opens the repository's sources (which hold every solution): the student edition
#: leaves it out and keeps Colab's and Binder's, which open the student notebooks of the ``notebooks``
#: branch.
_SOURCE_BUTTON = re.compile(r'<li><a href="[^"]*/edit/[^"]*"[^>]*>.*?</a>\s*</li>', re.S)

_SOLUTION_DIV = re.compile(r'<div class="solution\b[^"]*"[^>]*>')
_DIV_TAG = re.compile(r"<div\b|</div>")
_SOURCE_SOLUTION = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{solution\}.*?^(?P=fence)[ \t]*$\n?"
    r"|^(?P<gate>`{3,})\{solution-start\}.*?^(?P=gate)\{solution-end\}[ \t]*\n(?P=gate)[ \t]*$\n?",
    re.S | re.M,
)


def strip_solutions(page_html: str) -> str:
    """A page's HTML without its sphinx-exercise solution blocks (each ``<div class="solution ...">``
    with everything nested in it)."""
    out, pos = [], 0
    for start in _SOLUTION_DIV.finditer(page_html):
        if start.start() < pos:
            continue
        depth, end = 0, len(page_html)
        for tag in _DIV_TAG.finditer(page_html, start.start()):
            depth += 1 if tag.group() == "<div" else -1
            if depth == 0:
                end = tag.end()
                break
        out.append(page_html[pos : start.start()])
        pos = end
    out.append(page_html[pos:])
    return "".join(out)


def strip_wheel(wheel: Path, member: str) -> None:
    """Rewrite ``wheel`` without ``member`` (and its line in the RECORD), keeping every other entry as
    it was, dates included, so the result is as reproducible as the original."""
    with zipfile.ZipFile(wheel) as original:
        entries = [(info, original.read(info)) for info in original.infolist() if info.filename != member]
    if len(entries) == len(original.infolist()):
        raise PublishError(f"{wheel.name} has no {member} to leave out")
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w") as out:
        for info, data in entries:
            if info.filename.endswith(".dist-info/RECORD"):
                data = b"".join(line for line in data.splitlines(keepends=True)
                                if not line.startswith(member.encode() + b","))  # fmt: skip
            out.writestr(info, data)
    tmp.replace(wheel)


def student_site(book: Path, log: Callable[[str], None] = print) -> Path:
    """Copy the built site to ``_build/student/html`` with every solution removed from the pages, the
    chapters' sources and the notebooks, the cells that compute answers (tagged ``answer``) removed from
    the sources and notebooks, and the library's answer module removed from the wheel; the directory
    written."""
    source, target = book / "_build" / "html", book / "_build" / "student" / "html"
    if not (source / "index.html").is_file():
        raise PublishError(f"no built site in {source}: run `make book` first")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    for page in target.rglob("*.html"):
        page.write_text(_SOURCE_BUTTON.sub("", strip_solutions(page.read_text())))
    for md in target.glob("**/_sources/**/*.md"):  # each edition's copy of the sources
        md.write_text(_ANSWER_CELL.sub("", _SOURCE_SOLUTION.sub("", md.read_text())))
    for executed in target.glob("**/_sources/**/*.ipynb"):
        nb = json.loads(executed.read_text())
        nb["cells"] = [c for c in nb["cells"] if ANSWER_TAG not in c.get("metadata", {}).get("tags", [])]
        executed.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    for wheel in (target / WHEEL_DIR).glob("*/scaling_lib-*.whl"):
        strip_wheel(wheel, ANSWER_MODULE)  # another wheel: published in a folder of its own
        wheel.replace(target / WHEEL_DIR / wheel.name)
        wheel.parent.rmdir()
    publish(book, log, solutions=False, html_dir=target)
    log(f"student edition in {target}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, nargs="?", default=Path("."), help="the book's directory")
    parser.add_argument("--student", action="store_true", help="write the student edition, without solutions")
    parser.add_argument(
        "--keep-wheels",
        type=Path,
        metavar="DIST",
        help="copy the wheels published before (DIST) into the site",
    )
    args = parser.parse_args(argv)
    try:
        if args.keep_wheels:
            html_dir = args.book / "_build" / ("student/html" if args.student else "html")
            kept = keep_wheels(args.keep_wheels, html_dir)
            print(f"kept {len(kept)} wheels published before in {html_dir / WHEEL_DIR}")
        else:
            student_site(args.book) if args.student else publish(args.book)
    except PublishError as err:
        print(f"publish: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
