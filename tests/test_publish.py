"""The conversion of executed chapters into notebooks that run anywhere (tools/publish.py), the
``glue`` shim they use, and the progress bar of slow cells."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import ipywidgets
import publish
import pytest
from publish import (
    Context,
    PageLinks,
    PublishError,
    Site,
    convert_code,
    drop_site_html,
    format_glue_text,
    glue_values,
    page_links,
    read_citations,
    render_markdown,
    rewrite_launch_links,
    site_url,
)

from scaling_lib import glue as glue_module
from scaling_lib import plotting
from scaling_lib import progress as progress_module

ROOT = Path(__file__).resolve().parents[1]
SITE = Site(
    url="https://owner.github.io/book/",
    repository="owner/book",
    wheel_url="https://owner.github.io/book/dist/scaling_lib-0.1.0-py3-none-any.whl",
    citations={"kaplan2020": ("Kaplan et al.", "2020"), "tyl2023": ("Tyl", "2023")},
)
PAGE_HTML = """
<a class="reference internal" href="#fig-loss"><span class="std std-numref">Fig. 3.2</span></a>
<a class="reference internal" href="glossary.html#term-IsoFLOP-profile">
<span class="xref std std-term">IsoFLOP profile</span></a>
<a class="reference internal" href="kaplan.html#sec-fits"><span class="std std-ref">The fits</span></a>
<a class="reference internal" href="chinchillas_death.html"><span class="doc std std-doc">Death</span></a>
<a class="reference internal" href="chinchilla.html"><span class="doc std std-doc">Chinchilla</span></a>
<figure class="align-default" id="fig-x"><img src="data:image/png;base64,AA"/>
<figcaption><p><span class="caption-number">Fig. 3.4 </span><span class="caption-text">x</span></p>
</figcaption></figure>
<div class="exercise admonition" id="ch-ex-one">
<p class="admonition-title"><span class="caption-number">Exercise 4 </span></p>
"""


def context(glue: dict[str, dict[str, Any]] | None = None) -> Context:
    glue = glue or {"alpha": {"text/plain": "0.07612"}, "big": {"text/markdown": "$2.0 \\times 10^{21}$"}}
    return Context(site=SITE, page="chapters/ch", glue=glue, links=page_links(PAGE_HTML))


def test_site_url_from_the_repository() -> None:
    url, repo = site_url({"repository": {"url": "https://github.com/Owner/book"}})
    assert (url, repo) == ("https://owner.github.io/book/", "Owner/book")
    url, _ = site_url(
        {"repository": {"url": "https://github.com/o/b"}, "html": {"baseurl": "https://x.org/b"}}
    )
    assert url == "https://x.org/b/"


@pytest.mark.parametrize("bad", ["", "https://gitlab.com/o/b", "not a url"])
def test_site_url_needs_a_github_repository(bad: str) -> None:
    with pytest.raises(PublishError, match="repository.url"):
        site_url({"repository": {"url": bad}})


@pytest.mark.parametrize(
    ("text", "spec", "expected"),
    [
        ("0.07612", ".3f", "0.076"),
        ("0.5", ".0%", "50%"),
        ("245", "", "245"),
        ("'words'", "s", "words"),
        ("12.0", "d", "12"),
    ],  # fmt: skip
)
def test_glue_text_formats_as_myst_nb_does(text: str, spec: str, expected: str) -> None:
    assert format_glue_text({"text/plain": text}, spec) == expected


def test_glue_values_come_from_the_executed_notebook() -> None:
    output = {
        "output_type": "display_data",
        "metadata": {"scrapbook": {"name": "n", "mime_prefix": "application/papermill.record/"}},
        "data": {"application/papermill.record/text/plain": "245"},
    }
    assert glue_values({"cells": [{"cell_type": "code", "outputs": [output]}]}) == {
        "n": {"text/plain": "245"}
    }


def test_roles_become_plain_markdown() -> None:
    ctx = context()
    text = (
        "{cite:t}`kaplan2020` fit $\\alpha$ = {glue:text}`alpha:.3f` with {glue:md}`big:myst` FLOPs "
        "{cite:p}`kaplan2020,tyl2023`; see {numref}`fig-loss`, {numref}`Figure %s <fig-loss>`, "
        "{ref}`sec-fits`, {doc}`chinchilla` and the {term}`IsoFLOP profile`."
    )
    out = render_markdown(ctx, text)
    refs = "https://owner.github.io/book/chapters/references.html"
    assert out == (
        f"[Kaplan et al. (2020)]({refs}) fit $\\alpha$ = 0.076 with $2.0 \\times 10^{{21}}$ FLOPs "
        f"([Kaplan et al., 2020; Tyl, 2023]({refs})); "
        "see [Fig. 3.2](https://owner.github.io/book/chapters/ch.html#fig-loss), "
        "[Figure 3.2](https://owner.github.io/book/chapters/ch.html#fig-loss), "
        "[The fits](https://owner.github.io/book/chapters/kaplan.html#sec-fits), "
        "[Chinchilla](https://owner.github.io/book/chapters/chinchilla.html) and the "
        "[IsoFLOP profile](https://owner.github.io/book/chapters/glossary.html#term-IsoFLOP-profile)."
    )


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("{glue:text}`missing`", "missing"),
        ("{cite:t}`nobody1999`", "nobody1999"),
        ("{numref}`no-such-figure`", "no-such-figure"),
        ("{unknownrole}`x`", "unknownrole"),
    ],  # fmt: skip
)
def test_what_cannot_be_rendered_fails_loudly(text: str, match: str) -> None:
    with pytest.raises(PublishError, match=match):
        render_markdown(context(), text)


def test_exercises_keep_their_number_and_solutions_are_collapsed() -> None:
    source = (
        "(sec-ex)=\n## Exercises\n\n% a comment\n"
        "```{exercise}\n:label: ch-ex-one\n**Compute.** How big is $\\alpha$?\n```\n\n"
        "```{solution} ch-ex-one\n:class: dropdown\nIt is {glue:text}`alpha:.2f`.\n```\n"
    )
    out = render_markdown(context(), source)
    assert "(sec-ex)=" not in out and "% a comment" not in out
    assert "**Exercise 4**\n\n**Compute.** How big is $\\alpha$?" in out
    assert (
        "<details>\n<summary>Solution to Exercise 4 (click to show)</summary>\n\nIt is 0.08.\n\n</details>"
        in out
    )
    assert "```" not in out and ":label:" not in out


def test_admonitions_and_code_blocks() -> None:
    out = render_markdown(
        context(), ":::{note}\nA {glue:text}`alpha:.1f` note.\n:::\n\n```python\n{x}`y`\n```"
    )
    assert out == "> **Note**\n>\n> A 0.1 note.\n\n```python\n{x}`y`\n```"


def test_glued_figures_become_attachments() -> None:
    png = base64.b64encode(b"\x89PNG fake").decode()
    ctx = context({"fig": {"image/png": png, "text/plain": "<Figure>"}})
    out = render_markdown(ctx, "```{glue:figure} fig\n:name: fig-x\nThe caption.\n```")
    assert out == "![The caption.](attachment:fig.png)\n\n*Fig. 3.4 The caption.*"
    assert ctx.attachments == {"fig.png": {"image/png": png}}


def test_glued_interactive_figures_keep_their_number_and_caption_only() -> None:
    html_figure = '<div class="slx-figure"><div class="slx-controls"></div></div>'
    ctx = context({"fig": {"text/html": html_figure, "image/png": "AAAA", "text/plain": "a figure"}})
    out = render_markdown(ctx, "```{glue:figure} fig\n:name: fig-x\nThe caption.\n```")
    assert out == "*Fig. 3.4 (the figure above) The caption.*"
    assert ctx.attachments == {}


def glued_output(name: str, data: dict[str, str]) -> dict[str, Any]:
    """A ``glue`` output as myst-nb saves it beside the executed notebook."""
    prefix = "application/papermill.record/"
    return {"output_type": "display_data", "metadata": {"scrapbook": {"name": name, "mime_prefix": prefix}},
            "data": data}  # fmt: skip


def test_an_interactive_figures_cell_keeps_a_picture_of_its_start_frame() -> None:
    png = base64.b64encode(b"\x89PNG start frame").decode()
    figure = {"text/html": '<div class="slx-figure">..</div>', "image/png": png, "text/plain": "N = 10⁹"}
    executed = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Ch"},
            {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
             "source": "glue('n', 3)\nglue(\n    \"f\", interactive_figure(draw))"},
        ],
        "metadata": {},
    }  # fmt: skip
    # myst-nb keeps what a chapter glues beside the executed notebook (<page>.glue.json), not in its cells.
    glued = {"f": glued_output("f", figure), "n": glued_output("n", {"text/plain": "3"})}
    nb = publish.publish_notebook(executed, SITE, "chapters/ch", PAGE_HTML, glued)
    assert nb["cells"][-1]["outputs"] == [
        {"output_type": "display_data", "metadata": {}, "data": {"image/png": png, "text/plain": "N = 10⁹"}}
    ]
    for bad in ({**figure, "image/png": None}, {**figure, "text/plain": " "}):
        bad = {k: v for k, v in bad.items() if v is not None}
        with pytest.raises(PublishError, match="'f' has no PNG"):
            publish.publish_notebook(executed, SITE, "chapters/ch", PAGE_HTML, {"f": glued_output("f", bad)})


def test_a_solution_left_out_is_not_rendered_so_its_links_need_not_exist() -> None:
    ctx = Context(site=SITE, page="chapters/ch", glue={}, links=page_links(PAGE_HTML), solutions=False)
    text = "```{solution} ex-a\n:class: dropdown\nThe {term}`No such term` matters.\n```"
    assert render_markdown(ctx, text) == ""
    with pytest.raises(PublishError):
        render_markdown(context(), text)


def test_code_uses_the_glue_shim() -> None:
    source = "import numpy as np\nfrom myst_nb import glue\n\nglue('a', 1, display=False)"
    assert (
        convert_code(source)
        == "import numpy as np\nfrom scaling_lib.book.glue import glue\n\nglue('a', 1, display=False)"
    )
    with pytest.raises(PublishError, match="myst_nb"):
        convert_code("import myst_nb")


def test_outputs_naming_the_sites_image_files_keep_only_their_png() -> None:
    site_html = '<div class="slx-figure"><img src="../_frames/0123456789abcdef.png" alt="a"/></div>'
    output = {"data": {"text/html": [site_html], "image/png": "AA", "text/plain": "a"}}
    assert drop_site_html(output) and output["data"] == {"image/png": "AA", "text/plain": "a"}
    lazy = {"data": {"text/html": '<img data-src="../_frames/x.png" alt="b"/>', "image/png": "AA"}}
    assert drop_site_html(lazy) and "text/html" not in lazy["data"]
    inline = {"data": {"text/html": '<img src="data:image/png;base64,AA" alt="c"/>', "image/png": "AA"}}
    table = {"data": {"text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "t"}}
    no_png = {"data": {"text/html": '<img src="../_frames/x.png"/>'}}
    for kept in (inline, table, no_png):
        assert not drop_site_html(kept) and "text/html" in kept["data"]


def test_launch_links_open_the_published_notebook() -> None:
    page = (
        '<a href="https://colab.research.google.com/github/owner/book/blob/main/chapters/ch.md">Colab</a>'
        '<a href="https://mybinder.org/v2/gh/owner/book/main?urlpath=lab/tree/chapters/ch.md">Binder</a>'
    )
    colab, binder = re.findall(r'href="([^"]+)"', rewrite_launch_links(page, SITE, "chapters/ch"))
    assert colab == "https://colab.research.google.com/github/owner/book/blob/notebooks/chapters/ch.ipynb"
    # Binder: the reader's environment (branch binder); nbgitpuller pulls the notebooks branch and opens
    # the chapter's notebook in the folder it clones into (the repository's name).
    url = urlsplit(binder)
    assert (url.netloc, url.path) == ("mybinder.org", "/v2/gh/owner/book/binder")
    pull = urlsplit(parse_qs(url.query)["urlpath"][0])
    assert pull.path == "git-pull"
    assert parse_qs(pull.query) == {
        "repo": ["https://github.com/owner/book"],
        "branch": ["notebooks"],
        "urlpath": ["lab/tree/book/chapters/ch.ipynb"],
    }


def test_the_readers_binder_environment_has_the_kernels_packages_only(tmp_path: Path) -> None:
    written = publish.write_binder(tmp_path)
    assert sorted(p.name for p in written) == ["postBuild", "requirements.txt", "runtime.txt"]
    text = (tmp_path / "binder" / "requirements.txt").read_text()
    names = set(re.findall(r"^([a-z0-9][\w.-]*)==", text, re.M))
    assert {"numpy", "scipy", "matplotlib", "ipywidgets", "ipykernel", "pillow", "tqdm"} <= names
    # Nothing of the build or the tests: Binder installs what a reader's kernel runs.
    assert not names & {"jupyter-book", "sphinx", "pytest", "playwright", "ruff", "mypy", "hypothesis"}
    pins = (ROOT / "requirements.txt").read_text()
    for block in re.split(r"\n(?=[a-z0-9])", text.split("\n", 3)[3].strip()):
        assert block in pins, block[:60]  # the same pins and hashes
    postbuild = (tmp_path / "binder" / "postBuild").read_text()
    assert publish.NBGITPULLER in postbuild and "jupyterlab-widgets==" in postbuild
    assert (tmp_path / "binder" / "runtime.txt").read_text() == "python-3.11\n"


def test_a_reader_package_without_a_pin_is_refused() -> None:
    with pytest.raises(PublishError, match="(numpy|ipykernel) is needed by a reader's kernel"):
        publish.reader_requirements("scipy==1.0 \\\n    --hash=sha256:00\n")


def test_each_wheel_keeps_a_url_of_its_own(tmp_path: Path) -> None:
    site, old = tmp_path / "html", tmp_path / "old"
    (site / "dist").mkdir(parents=True)
    new = site / "dist" / "scaling_lib-0.1.0-py3-none-any.whl"
    new.write_bytes(b"this build")
    placed = publish.place_wheel(site)
    assert placed == site / "dist" / publish.wheel_folder(placed) / new.name and not new.exists()
    assert publish.place_wheel(site) == placed  # publishing again finds it
    earlier = old / ("0" * 16) / new.name
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"an earlier build")
    with pytest.raises(PublishError, match="not in the folder its sha256 names"):
        publish.keep_wheels(old, site)
    earlier.parent.rename(old / publish.wheel_folder(earlier))
    kept = publish.keep_wheels(old, site)
    assert [p.read_bytes() for p in kept] == [b"an earlier build"] and placed.read_bytes() == b"this build"
    assert publish.keep_wheels(old, site) == []  # already there
    (site / "dist" / "scaling_lib-0.2.0-py3-none-any.whl").write_bytes(b"a")
    (site / "dist" / "scaling_lib-0.3.0-py3-none-any.whl").write_bytes(b"b")
    with pytest.raises(PublishError, match="expected one new scaling_lib wheel"):
        publish.place_wheel(site)


def test_citations_read_from_the_books_bibliography() -> None:
    # Expected values are the first authors' surnames and years as references.bib records them.
    citations = read_citations(ROOT / "references.bib")
    assert citations["kaplan2020"] == ("Kaplan et al.", "2020")
    assert citations["hoffmann2022"] == ("Hoffmann et al.", "2022")
    assert citations["tyl2023"] == ("Tyl", "2023")


def test_page_links_read_numbers_and_exercise_titles() -> None:
    links = page_links(PAGE_HTML)
    assert isinstance(links, PageLinks)
    assert links.by_target[("numref", "fig-loss")] == ("Fig. 3.2", "#fig-loss")
    assert links.exercises == {"ch-ex-one": "Exercise 4"}


# ------------------------------------------------------------------------------------------------
# scaling_lib.book.glue: a no-op outside the build, myst-nb's glue inside it.


def test_glue_shim_outside_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr(glue_module, "_myst_nb_glue", None)
    monkeypatch.setattr(glue_module, "show", shown.append)
    glue_module.glue("hidden", 1.5)  # stored, not shown, by default (nothing stores it here)
    glue_module.glue("shown", 2.5, display=True)
    assert shown == [2.5]


def test_glue_shim_hands_over_to_myst_nb(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, object, bool]] = []
    monkeypatch.setattr(glue_module, "_myst_nb_glue", lambda n, v, display: calls.append((n, v, display)))
    glue_module.glue("x", 3, display=False)
    assert calls == [("x", 3, False)]


def test_glue_shim_shows_a_live_interactive_figure_where_it_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    calls: list[object] = []
    monkeypatch.setattr(glue_module, "show", shown.append)
    monkeypatch.setattr(glue_module, "_myst_nb_glue", lambda n, v, display: calls.append(v))
    live = ipywidgets.VBox()
    glue_module.glue("fig_x", live, display=False)
    assert shown == [live] and calls == []


@pytest.mark.parametrize(("mode", "shown_too"), [("live", True), ("static", False)])
def test_a_static_figure_is_shown_where_a_reader_runs_the_kernel(
    monkeypatch: pytest.MonkeyPatch, mode: str, shown_too: bool
) -> None:
    # make lab, Binder and Colab (live mode) show every figure where it is made; the build only stores it.
    shown: list[object] = []
    calls: list[object] = []
    monkeypatch.setenv("SCALING_LIB_WIDGETS", mode)
    monkeypatch.setattr(glue_module, "show", shown.append)
    monkeypatch.setattr(glue_module, "_myst_nb_glue", lambda n, v, display: calls.append(v))
    fig, (ax,) = plotting.new_figure()
    ax.plot([1, 2], [3, 4])
    plotting.label(ax, "x", "y")
    image = plotting.show(fig, alt="a line")
    glue_module.glue("fig_y", image)
    assert calls == [image] and shown == ([image] if shown_too else [])


@pytest.mark.parametrize("bad", ["", "  ", None, 3])
def test_glue_shim_needs_a_name(bad: object) -> None:
    with pytest.raises(ValueError, match="glue name"):
        glue_module.glue(bad, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, "no", 0])
def test_glue_shim_display_is_a_flag(bad: object) -> None:
    with pytest.raises(ValueError, match="display must be True or False"):
        glue_module.glue("x", 1, display=bad)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------
# scaling_lib.book.progress


def test_progress_outside_a_kernel_just_yields() -> None:
    assert list(progress_module.progress(range(5), "counting")) == [0, 1, 2, 3, 4]
    assert not progress_module.enabled()


@pytest.mark.parametrize(
    "items,description,total,message",
    [(None, "counting", None, "items must be iterable"), (3, "counting", None, "items must be iterable"),
     ([1], "", None, "description must say"), ([1], None, None, "description must say"),
     ([1], "counting", -1, "total must be a whole number"), ([1], "counting", 1.5, "total must be")],
)  # fmt: skip
def test_progress_checks_its_arguments_at_the_call(
    items: object, description: object, total: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        progress_module.progress(items, description, total)  # type: ignore[arg-type]


def test_progress_refuses_an_unknown_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCALING_LIB_PROGRESS", "sometimes")
    with pytest.raises(
        ValueError, match="unknown SCALING_LIB_PROGRESS setting 'sometimes'; allowed: on, off"
    ):
        progress_module.enabled()


def test_progress_in_a_kernel_removes_its_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    class Kernel:
        kernel = object()

    handles: list[Any] = []

    class Handle:
        def __init__(self) -> None:
            self.updates: list[object] = []
            handles.append(self)

        def update(self, obj: object, raw: bool = False) -> None:
            self.updates.append((obj, raw))

    monkeypatch.setattr(progress_module, "get_ipython", lambda: Kernel())
    monkeypatch.setattr(progress_module, "display", lambda obj, display_id: Handle())
    monkeypatch.delenv("SCALING_LIB_PROGRESS", raising=False)
    assert list(progress_module.progress(iter("abc"), "letters", total=3)) == ["a", "b", "c"]
    assert [h.updates for h in handles] == [[({}, True)]]
    monkeypatch.setenv("SCALING_LIB_PROGRESS", "off")
    assert not progress_module.enabled()


def test_progress_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="description"):
        list(progress_module.progress([1], " "))
    monkeypatch.setenv("SCALING_LIB_PROGRESS", "maybe")
    with pytest.raises(ValueError, match="SCALING_LIB_PROGRESS"):
        progress_module.enabled()


def test_citations_without_a_references_page_are_plain_text() -> None:
    ctx = context()
    ctx.site = Site(url=SITE.url, repository=SITE.repository, wheel_url="", citations=SITE.citations)
    ctx.site.references_page = ""
    assert (
        render_markdown(ctx, "{cite:t}`tyl2023` and {cite:p}`kaplan2020`")
        == "Tyl (2023) and (Kaplan et al., 2020)"
    )


def test_gated_solutions_are_collapsed_or_left_out() -> None:
    executed = {
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "Intro.\n\n````{solution-start} ex-code\n"
                ":class: dropdown\n````\n\nWrite the two laws.",
            },
            {
                "cell_type": "code",
                "metadata": {},
                "source": "answer = 42",
                "outputs": [],
                "execution_count": 1,
            },
            {"cell_type": "markdown", "metadata": {}, "source": "````{solution-end}\n````\n\n## Takeaways"},
        ],
        "metadata": {},
    }
    site = publish.Site(url="https://example.org/book/", repository="o/r", wheel_url="w.whl")
    for solutions in (True, False):
        ctx_cells = publish.publish_notebook(executed, site, "chapters/x", "", solutions=solutions)["cells"]
        text = "\n".join("".join(c["source"]) for c in ctx_cells)
        assert "Intro." in text and "## Takeaways" in text and "solution-" not in text
        code = [c for c in ctx_cells if c["cell_type"] == "code" and "answer = 42" in "".join(c["source"])]
        if solutions:
            assert "<details>" in text and "Write the two laws." in text.split("<details>")[1]
            assert code[0]["metadata"]["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
        else:
            assert "Write the two laws." not in text and not code


def test_the_first_cell_fails_loudly_and_otherwise_prints_nothing(tmp_path: Path) -> None:
    """Run the published notebooks' first cell as Python: where the wheel cannot be installed it stops
    with what to do (not pip's output on stdout and a "successful" cell); where the library is there it
    prints nothing at all."""
    import subprocess
    import sys

    import scaling_lib

    def run(version: str) -> subprocess.CompletedProcess[str]:
        wheel = (tmp_path / "no-such-dir" / "scaling_lib-9.9.9-py3-none-any.whl").as_uri()
        code = publish.FIRST_CELL.replace("@VERSION@", version).replace(
            "@WHEEL@", f"{wheel}#sha256={'0' * 64}"
        )
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)

    failed = run("9.9.9")
    assert failed.returncode != 0 and failed.stdout == ""
    assert "RuntimeError: could not install scaling_lib 9.9.9" in failed.stderr
    assert "Install that wheel by hand, then restart the kernel" in failed.stderr
    there = run(scaling_lib.__version__)
    assert there.returncode == 0 and there.stdout == "" and there.stderr == ""
