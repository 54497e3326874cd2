"""The notebooks published with the built book: Colab opens them, they hide solutions, and they run in
a clean virtual environment that has only the library's wheel and Jupyter's kernel, offline, from a
directory outside the repository, showing every figure.

`make test` builds the book (and so publishes the notebooks and the wheel) before these run.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import nbformat
import pytest
from publish import toc_pages

import scaling_lib

ROOT = Path(__file__).resolve().parents[1]
COLAB = re.compile(
    r'href="https://colab\.research\.google\.com/github/([^/"]+/[^/"]+)/blob/([^/"]+)/([^"]+)"'
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def published(site: Path) -> list[Path]:
    notebooks = sorted((site / "notebooks").rglob("*.ipynb"))
    assert notebooks, "the build published no notebook"
    return notebooks


def wheel(site: Path) -> Path:
    wheels = list((site / "dist").glob("*/scaling_lib-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


# ------------------------------------------------------------------------------------------------
# (b) Colab links


def test_every_colab_link_opens_a_published_notebook(site: Path) -> None:
    chapters = published(site)
    seen = set()
    for doc in toc_pages(ROOT):
        page = site / f"{doc}.html"
        for _repository, branch, path in COLAB.findall(page.read_text()):
            assert branch == "notebooks", (
                f"{page.name}: Colab opens branch {branch}, not the published notebooks"
            )
            assert path.endswith(".ipynb"), f"{page.name}: Colab opens {path}, which is not a notebook"
            assert (site / "notebooks" / path).is_file(), f"{page.name}: {path} is not published"
            seen.add(path)
    assert len(seen) == len(chapters), "every published chapter has a Colab button"


def test_the_download_button_offers_the_published_notebook(site: Path) -> None:
    for notebook in published(site):
        download = site / "_sources" / notebook.relative_to(site / "notebooks")
        assert download.read_bytes() == notebook.read_bytes()


def test_the_wheel_holds_the_library_and_its_data(site: Path) -> None:
    names = zipfile.ZipFile(wheel(site)).namelist()
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "scaling_lib").rglob("*.py")}
    data = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "scaling_lib" / "data").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert modules <= set(names), modules - set(names)
    assert data and data <= set(names), data - set(names)


def test_the_library_installs_by_name_from_git(tmp_path: Path) -> None:
    """``pip install "scaling-lib @ git+URL"`` of the last commit brings the package and its data."""
    assert (ROOT / ".git").exists(), "the tests run in a clone of the repository"
    target = tmp_path / "site-packages"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--target", str(target), f"scaling-lib @ git+file://localhost{ROOT}"],
        check=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert (target / "scaling_lib" / "__init__.py").is_file()
    assert list((target / "scaling_lib" / "data").rglob("*.csv"))
    # Every module of every layer imports from the installed copy, and a loader finds its data there.
    code = (
        "import scaling_lib; mods = [getattr(scaling_lib, m) for m in scaling_lib.MODULES]; "
        "assert all(m.__file__.startswith(sys.argv[1]) for m in mods), mods; "
        "print(len(mods), len(scaling_lib.datasets.load_chinchilla_figure4()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import sys; " + code, str(target)],
        env={**env, "PYTHONPATH": str(target)}, cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.split()[0] == str(len(scaling_lib.MODULES)), out.stdout


# ------------------------------------------------------------------------------------------------
# (e) no solution in an open cell


SOLUTION = re.compile(r"^(`{3,}|:{3,})\{solution\}[^\n]*\n(.*?)^\1[ \t]*$", re.S | re.M)


def solutions(chapter: Path) -> list[str]:
    """Plain words (no role, math or markup) of every solution in a chapter's source, found nowhere else."""
    text = chapter.read_text()
    elsewhere = SOLUTION.sub("", text)
    words = []
    for _, block in SOLUTION.findall(text):
        for line in block.splitlines():
            plain = max(re.split(r"\{[^}]*\}`[^`]*`|\$[^$]*\$|[*_`:]", line), key=len).strip()
            if len(plain) >= 20 and plain not in elsewhere:
                words.append(plain)
    return words


def test_solutions_are_collapsed(site: Path) -> None:
    checked = 0
    for notebook in published(site):
        chapter = ROOT / notebook.relative_to(site / "notebooks").with_suffix(".md")
        nb = json.loads(notebook.read_text())
        markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        assert "<details open" not in markdown
        hidden = "\n".join(re.findall(r"<details>(.*?)</details>", markdown, re.S))
        visible = re.sub(r"<details>.*?</details>", "", markdown, flags=re.S)
        for words in solutions(chapter):
            assert words not in visible, f"{notebook.name}: a solution is visible: {words!r}"
            assert words in hidden, f"{notebook.name}: a solution went missing: {words!r}"
            checked += 1
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert "{solution}" not in "".join(cell["source"])
    assert checked > 0, "no solution was checked"


def test_no_myst_syntax_is_left(site: Path) -> None:
    for notebook in published(site):
        nb = json.loads(notebook.read_text())
        for cell in nb["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                assert not re.search(r"\{[a-z:]+\}`", source), f"{notebook.name}: a MyST role is left"
                assert not re.search(r"^(```|:::)\{", source, re.M), f"{notebook.name}: a directive is left"
            else:
                assert "myst_nb" not in source


# ------------------------------------------------------------------------------------------------
# (a) a clean virtual environment runs every published notebook offline


def _network_isolation() -> list[str]:
    """A prefix that runs a command without network (a new network namespace), if this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "true"], capture_output=True).returncode == 0:
        return [unshare, "--net", "--"]
    return []


@pytest.fixture(scope="module")
def clean_kernel(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A kernel as Binder gives a reader: a venv with the reader's pins only (the Binder environment the
    build writes, ``_build/binder``), then the published wheel as a notebook's first cell installs it."""
    base = tmp_path_factory.mktemp("clean")
    venv = base / "venv"
    workdir = base / "elsewhere"  # outside the repository
    workdir.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", str(base)),
        "LANG": "C.UTF-8",
    }
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    # As repo2docker does: pip install -r binder/requirements.txt (exact pins with hashes), from pip's
    # cache where it has them; then the library's wheel, whose dependencies are all there already.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(ROOT / "_build" / "binder" / "binder" / "requirements.txt")],
        check=True, env=env, cwd=workdir,
    )  # fmt: skip
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--no-index", str(wheel(site))],
        check=True, env=env, cwd=workdir,
    )  # fmt: skip
    subprocess.run([str(python), "-m", "pip", "check"], check=True, env=env, cwd=workdir)
    seconds = time.monotonic() - start
    size = sum(p.stat().st_size for p in venv.rglob("*") if p.is_file() and not p.is_symlink())
    where = subprocess.run(
        [str(python), "-c", "import scaling_lib; print(scaling_lib.__file__)"],
        check=True, env=env, cwd=workdir, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(venv)), where
    spec = base / "kernels" / "clean"
    spec.mkdir(parents=True)
    argv = [*_network_isolation(), str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "clean", "language": "python"})
    )
    return {"name": "clean", "kernels": base / "kernels", "cwd": workdir, "env": env,
            "isolated": bool(argv[0] != str(python)),
            "install": {"seconds": round(seconds, 1), "megabytes": round(size / 1e6)}}  # fmt: skip


def shows_a_figure(output: dict[str, Any], state: dict[str, Any]) -> bool:
    """An image, or a widget whose state holds one (a live figure's Image, a static figure's frames)."""
    data = output.get("data", {})
    if "image/png" in data or "<img" in str(data.get("text/html", "")):
        return True
    if WIDGET_VIEW not in data:
        return False
    todo, seen = [data[WIDGET_VIEW]["model_id"]], set()
    while todo:
        model = state.get(todo.pop(), {})
        s = model.get("state", {})
        if s.get("_model_name") == "ImageModel" and any(
            b.get("path") == ["value"] for b in model.get("buffers", [])
        ):
            return True
        if "<img" in json.dumps(s.get("outputs", [])):
            return True
        for child in s.get("children", []):
            if child not in seen:
                seen.add(child)
                todo.append(child.removeprefix("IPY_MODEL_"))
    return False


def cell_seconds(cell: Any) -> float:
    """How long a cell ran, from the timestamps nbclient records."""
    from datetime import datetime

    times = cell.get("metadata", {}).get("execution", {})
    if "iopub.status.busy" not in times or "shell.execute_reply" not in times:
        return 0.0
    start, end = (datetime.fromisoformat(times[k]) for k in ("iopub.status.busy", "shell.execute_reply"))
    return (end - start).total_seconds()


def run_published(notebook: Path, site: Path, kernel: dict[str, Any]) -> dict[str, Any]:
    """Run a published notebook as a reader does (its first cell first) in ``kernel``; what it showed."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    chapter = ROOT / notebook.relative_to(site / "notebooks").with_suffix(".md")
    glued_figures = chapter.read_text().count("{glue:figure}")
    nb = nbformat.read(notebook, as_version=4)
    # Before a run: the static figures (Markdown attachments) and the interactive figures' pictures.
    attachments = sum(len(c.get("attachments", {})) for c in nb.cells if c.cell_type == "markdown")
    expected = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and any("image/png" in o.get("data", {}) for o in cell.outputs)
    ]
    km = KernelManager(
        kernel_name=kernel["name"],
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel["kernels"])]),
        transport="ipc",  # unix sockets, by absolute path: they reach into the kernel's network namespace
        ip=str(kernel["kernels"] / "ipc"),
    )
    client = NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(kernel["cwd"])}})
    start = time.monotonic()
    try:
        client.execute(env=kernel["env"])
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        km.shutdown_kernel(now=True)
        km.context.destroy(linger=0)
    seconds = time.monotonic() - start
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    # After a run: every glued figure, static or live, is shown by the cell that makes it.
    shown = sum(
        any(shows_a_figure(o, state) for o in cell.outputs) for cell in nb.cells if cell.cell_type == "code"
    )
    times = {i: cell_seconds(cell) for i, cell in enumerate(nb.cells)}
    slowest = max(times, key=times.__getitem__)
    return {
        "notebook": notebook.name,
        "seconds": round(seconds, 1),
        "slowest_cell": {"index": slowest, "seconds": round(times[slowest], 1)},
        "figures_glued": glued_figures,
        "figures_before_run": attachments + len(expected),
        "figures_after_run": shown,
        "missing_figures": [
            i for i in expected if not any(shows_a_figure(o, state) for o in nb.cells[i].outputs)
        ],
        "warnings": [
            "".join(o.get("text", ""))
            for cell in nb.cells
            for o in cell.get("outputs", [])
            if o.get("output_type") == "stream" and o.get("name") == "stderr"
        ],
        "errors": sum(o.get("output_type") == "error" for cell in nb.cells for o in cell.get("outputs", [])),
    }


def check_figures(report: list[dict[str, Any]]) -> None:
    """No error, and every figure the chapter glues shown before a run and after it."""
    for row in report:
        name, glued = row["notebook"], row["figures_glued"]
        assert row["errors"] == 0, row
        assert not row["missing_figures"], row
        assert row["figures_before_run"] >= glued, f"{name}: figures missing before a run: {row}"
        assert row["figures_after_run"] >= glued, f"{name}: figures missing after a run: {row}"


@pytest.mark.notebooks
def test_published_notebooks_run_on_binder(site: Path, clean_kernel: dict[str, Any]) -> None:
    """Each chapter as Binder opens it: its published notebook, in the reader's environment, offline."""
    report = [run_published(notebook, site, clean_kernel) for notebook in published(site)]
    summary = {
        "network_isolated": clean_kernel["isolated"], "install": clean_kernel["install"], "notebooks": report
    }  # fmt: skip
    (ROOT / "_build" / "notebook-run.json").write_text(json.dumps(summary, indent=1))
    print(f"reader's environment: {clean_kernel['install']}")
    for row in report:
        print(
            f"{row['notebook']}: {row['seconds']} s (slowest cell {row['slowest_cell']}), figures glued "
            f"{row['figures_glued']}, shown before a run {row['figures_before_run']}, after "
            f"{row['figures_after_run']}, warnings: {row['warnings'] or 'none'}"
        )
    check_figures(report)


@pytest.mark.notebooks
def test_make_lab_shows_every_figure(site: Path, tmp_path: Path) -> None:
    """``make lab`` opens the same notebooks in the book's own environment with live widgets."""
    spec = tmp_path / "kernels" / "book"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "book", "language": "python"})
    )
    env = {**os.environ, "SCALING_LIB_WIDGETS": "live"}  # as make lab sets it
    kernel = {"name": "book", "kernels": tmp_path / "kernels", "cwd": ROOT, "env": env}
    notebook = site / "notebooks" / "chapters" / "kaplan.ipynb"  # two live figures and four static ones
    report = [run_published(notebook, site, kernel)]
    print(report)
    check_figures(report)
    assert report[0]["figures_glued"] >= 6


def interactive_figures(chapter: Path) -> list[str]:
    """The glued names of a chapter's interactive figures (every chapter glues one where it makes it)."""
    return re.findall(r"glue\(\s*\"([\w-]+)\",\s*interactive_figure\(", chapter.read_text())


def saved_pictures(nb: dict[str, Any]) -> list[tuple[int, str]]:
    """``(cell index, alt text)`` of every saved output with a PNG that decodes, in a notebook's code."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            data = output.get("data", {})
            if "image/png" in data:
                assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG"), f"cell {i}: no PNG"
                found.append((i, "".join(data.get("text/plain", ""))))
    return found


def test_every_live_figure_has_a_picture_of_its_start_frame_before_it_runs(site: Path) -> None:
    """Before a run (GitHub, nbviewer, Colab), each interactive figure's caption follows a cell that
    shows a PNG of its start frame with its alt text; a run replaces it by the live figure."""
    checked = 0
    for notebook in published(site):
        chapter = ROOT / notebook.relative_to(site / "notebooks").with_suffix(".md")
        nb = json.loads(notebook.read_text())
        captions = [
            i
            for i, cell in enumerate(nb["cells"])
            if cell["cell_type"] == "markdown" and "(the figure above)" in "".join(cell["source"])
        ]
        assert len(captions) == len(interactive_figures(chapter)), (
            f"{notebook.name}: {len(captions)} captions of interactive figures, "
            f"{len(interactive_figures(chapter))} interactive figures glued in {chapter.name}"
        )
        pictures = saved_pictures(nb)
        for i in captions:
            before = [alt for cell, alt in pictures if cell < i and not any(cell < c < i for c in captions)]
            assert before, f"{notebook.name}: no picture before the caption of cell {i}"
            assert all(alt.strip() and not alt.startswith("[interactive") for alt in before), before
            checked += 1
    assert checked >= 8, f"only {checked} interactive figures checked"


def test_the_vendored_assets_ship_their_licences(site: Path) -> None:
    vendor = site / "_static" / "vendor"
    assert "Apache" in (vendor / "mathjax" / "LICENSE").read_text()
    # No widget library: interactive figures are plain HTML switched by the site's own script.
    assert not (vendor / "html-manager").exists() and not (vendor / "require.js").exists()
    assert (site / "_static" / "figures.js").is_file() and (site / "_static" / "figures.css").is_file()
