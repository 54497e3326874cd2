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


def pins() -> list[str]:
    """The exact pins of requirements.txt, without their hashes or extras (pip's constraints take
    neither)."""
    text = (ROOT / "requirements.txt").read_text()
    return [
        re.sub(r"\[[^]]*\]", "", line.split(" ")[0])
        for line in text.splitlines()
        if line and line[0].isalnum()
    ]


def wheel(site: Path) -> Path:
    wheels = list((site / "dist").glob("scaling_lib-*.whl"))
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
    """A venv with the published wheel, its dependencies and ipykernel only, as a Jupyter kernel."""
    base = tmp_path_factory.mktemp("clean")
    venv = base / "venv"
    workdir = base / "elsewhere"  # outside the repository
    workdir.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", str(base)),
        "LANG": "C.UTF-8",
    }
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    # The book's pins as constraints: the same versions as the build, from pip's cache where it has them
    # (constraints take no hashes: the pins alone).
    constraints = workdir / "pins.txt"
    constraints.write_text("\n".join(pins()) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(constraints), str(wheel(site)), "ipykernel"],
        check=True, env=env, cwd=workdir,
    )  # fmt: skip
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
    return {"kernels": base / "kernels", "cwd": workdir, "env": env, "isolated": bool(argv[0] != str(python))}


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


@pytest.mark.notebooks
def test_published_notebooks_run_in_a_clean_venv(site: Path, clean_kernel: dict[str, Any]) -> None:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    report = []
    for notebook in published(site):
        nb = nbformat.read(notebook, as_version=4)
        expected = [
            i
            for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and any("image/png" in o.get("data", {}) for o in cell.outputs)
        ]
        km = KernelManager(
            kernel_name="clean",
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(clean_kernel["kernels"])]),
            transport="ipc",  # unix sockets, by absolute path: they reach into the kernel's network namespace
            ip=str(clean_kernel["kernels"] / "ipc"),
        )
        client = NotebookClient(
            nb, km=km, timeout=600, resources={"metadata": {"path": str(clean_kernel["cwd"])}}
        )
        start = time.monotonic()
        try:
            client.execute(env=clean_kernel["env"])
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            km.shutdown_kernel(now=True)
            km.context.destroy(linger=0)
        seconds = time.monotonic() - start
        state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
        missing = [i for i in expected if not any(shows_a_figure(o, state) for o in nb.cells[i].outputs)]
        warnings = [
            "".join(o.get("text", ""))
            for cell in nb.cells
            for o in cell.get("outputs", [])
            if o.get("output_type") == "stream" and o.get("name") == "stderr"
        ]
        errors = [o for cell in nb.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        slow = {i: round(cell_seconds(cell), 1) for i, cell in enumerate(nb.cells) if cell_seconds(cell) > 5}
        report.append(
            {
                "notebook": notebook.name,
                "seconds": round(seconds, 1),
                "figures": len(expected),
                "missing_figures": missing,
                "warnings": warnings,
                "errors": len(errors),
                "slow_cells": slow,
            }
        )
    out = ROOT / "_build" / "notebook-run.json"
    out.write_text(json.dumps({"network_isolated": clean_kernel["isolated"], "notebooks": report}, indent=1))
    for row in report:
        print(
            f"{row['notebook']}: {row['seconds']} s, {row['figures']} figures, "
            f"slow cells (s): {row['slow_cells'] or 'none'}, warnings: {row['warnings'] or 'none'}"
        )
    assert all(row["errors"] == 0 for row in report), report
    assert all(not row["missing_figures"] for row in report), report


def test_png_fallbacks_decode(site: Path) -> None:
    for notebook in published(site):
        nb = json.loads(notebook.read_text())
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if WIDGET_VIEW in data:
                    assert "image/png" in data, f"{notebook.name}: a widget output has no PNG fallback"
                    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")


def test_the_vendored_assets_ship_their_licences(site: Path) -> None:
    vendor = site / "_static" / "vendor"
    assert "Apache" in (vendor / "mathjax" / "LICENSE").read_text()
    # No widget library: interactive figures are plain HTML switched by the site's own script.
    assert not (vendor / "html-manager").exists() and not (vendor / "require.js").exists()
    assert (site / "_static" / "figures.js").is_file() and (site / "_static" / "figures.css").is_file()
