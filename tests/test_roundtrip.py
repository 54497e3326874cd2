"""Opening a chapter as a notebook and saving it, as JupyterLab does, changes no byte of it.

Jupytext's settings live in pyproject.toml (``[tool.jupytext]``), the server's pre-save hook in
jupyterlab-settings/jupyter_server_config.py. The test saves every chapter through jupytext's contents
manager where jupyter_server is installed (``make lab``, Binder), and otherwise through jupytext's
read/write API with the same configuration file and hook.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import pytest
from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.md") if "kernelspec:" in p.read_text())


def server_config() -> Any:
    spec = importlib.util.spec_from_file_location(
        "book_server_config", ROOT / "jupyterlab-settings" / "jupyter_server_config.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def edit_as_jupyterlab_does(nb: Any) -> None:
    """What a front end changes when it opens, runs and saves a notebook."""
    # JupyterLab sets the kernelspec of the running kernel, in this order and with its display name.
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7", "file_extension": ".py"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    for cell in nb.cells:
        cell.metadata.update(editable=True, slideshow={"slide_type": ""}, trusted=True)
        if cell.cell_type == "code":
            cell.metadata["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
            cell.outputs = [{"output_type": "stream", "name": "stdout", "text": "ran\n"}]
            cell.execution_count = 1


class _OsPaths:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _get_os_path(self, path: str) -> str:
        return str(self.root / path)


def save_with_api(root: Path, relative: str) -> None:
    path = root / relative
    config_file = find_jupytext_configuration_file(str(path.parent))
    assert config_file == str(root / "pyproject.toml"), config_file
    config = load_jupytext_configuration_file(config_file)
    nb = jupytext.read(path, config=config)
    edit_as_jupyterlab_does(nb)
    model = {"type": "file", "format": "text", "content": jupytext.writes(nb, fmt="md:myst", config=config)}
    server_config().keep_front_matter(model, relative, _OsPaths(root))
    path.write_text(model["content"])


def save_with_contents_manager(root: Path, relative: str) -> None:
    from jupyter_server.services.contents.largefilemanager import LargeFileManager
    from jupytext.sync_contentsmanager import build_sync_jupytext_contents_manager_class

    manager = build_sync_jupytext_contents_manager_class(LargeFileManager)(root_dir=str(root))
    manager.pre_save_hook = server_config().keep_front_matter
    model = manager.get(relative)
    assert model["type"] == "notebook", f"{relative} does not open as a notebook"
    nb = nbformat.from_dict(json.loads(json.dumps(model["content"])))  # as sent to the browser and back
    edit_as_jupyterlab_does(nb)
    manager.save({"type": "notebook", "format": "json", "content": nb}, relative)


def test_there_are_chapters() -> None:
    assert len(CHAPTERS) >= 5


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_saving_a_chapter_changes_nothing(chapter: Path, tmp_path: Path) -> None:
    copy = tmp_path / "chapters" / chapter.name
    copy.parent.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(chapter, copy)
    try:
        import jupyter_server  # noqa: F401
    except ImportError:
        save_with_api(tmp_path, f"chapters/{chapter.name}")
    else:
        save_with_contents_manager(tmp_path, f"chapters/{chapter.name}")
    assert copy.read_bytes() == chapter.read_bytes(), f"saving {chapter.name} rewrites it: run `make tidy`"


def test_the_filters_are_what_makes_it_work(tmp_path: Path) -> None:
    """Without the settings, saving adds jupytext's version and the front end's cell metadata."""
    chapter = CHAPTERS[0]
    nb = jupytext.read(chapter)
    edit_as_jupyterlab_does(nb)
    assert jupytext.writes(nb, fmt="md:myst") != chapter.read_text()


def test_a_new_kernel_is_saved() -> None:
    """The hook keeps the front matter only when nothing but the kernel's display name changed."""
    chapter = CHAPTERS[0]
    text = chapter.read_text()
    other = text.replace("name: python3", "name: julia-1.10", 1)
    model = {"type": "file", "content": other}
    server_config().keep_front_matter(model, f"chapters/{chapter.name}", _OsPaths(ROOT))
    assert model["content"] == other
    relabelled = text.replace("display_name: Python 3", "display_name: Python 3 (ipykernel)", 1)
    model = {"type": "file", "content": relabelled}
    server_config().keep_front_matter(model, f"chapters/{chapter.name}", _OsPaths(ROOT))
    assert model["content"] == text


def test_jupyterlab_opens_chapters_as_notebooks() -> None:
    settings = json.loads((ROOT / "jupyterlab-settings" / "overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    makefile = (ROOT / "Makefile").read_text()
    for name in ("overrides.json", "jupyter_server_config.py"):
        assert f"jupyterlab-settings/{name}" in makefile
