"""Jupyter server settings for the book's chapters, installed by `make lab` and by Binder's postBuild.

When a notebook's kernel starts, JupyterLab rewrites its ``kernelspec`` (its own key order, the running
kernel's display name), so saving a chapter would rewrite its front matter. Before a chapter is saved,
this hook puts back the front matter that is on disk if the two differ in nothing else.
"""

import re

import yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def _same_but_display_name(a: str, b: str) -> bool:
    parsed = [yaml.safe_load(text) or {} for text in (a, b)]
    for metadata in parsed:
        if isinstance(metadata.get("kernelspec"), dict):
            metadata["kernelspec"].pop("display_name", None)
    return parsed[0] == parsed[1]


def keep_front_matter(model, path, contents_manager, **kwargs):
    """A ``pre_save_hook``: keep a Markdown notebook's front matter when only the kernel's label changed."""
    if model.get("type") != "file" or not path.endswith(".md") or not isinstance(model.get("content"), str):
        return
    try:
        with open(contents_manager._get_os_path(path), encoding="utf-8") as f:
            old = FRONT_MATTER.match(f.read())
    except OSError:
        return
    new = FRONT_MATTER.match(model["content"])
    if old and new and _same_but_display_name(old[1], new[1]):
        model["content"] = old[0] + model["content"][new.end() :]


if "c" in globals():  # read as a Jupyter config file
    c.ContentsManager.pre_save_hook = keep_front_matter  # noqa: F821
