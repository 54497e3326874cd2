"""The GitHub workflows: actions pinned by commit, no credentials left in the checkout, a read-only
build, and the public site is the student edition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parents[1] / ".github" / "workflows").glob("*.yml"))


def jobs(path: Path) -> dict:
    return yaml.safe_load(path.read_text())["jobs"]


def test_there_are_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "pages.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_and_checkouts_keep_no_token(path: Path) -> None:
    steps = [s for job in jobs(path).values() for s in job.get("steps", [])]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses, f"{path.name} uses no action"
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{path.name}: {action} is not pinned"
    for step in steps:
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, path.name
    assert yaml.safe_load(path.read_text())["permissions"] == {"contents": "read"}, path.name


def test_only_the_publishing_jobs_write_and_they_run_no_project_code() -> None:
    pages = jobs(WORKFLOWS[1])
    assert pages["build"]["permissions"] == {"contents": "read"}
    assert any(s.get("run") == "make student" for s in pages["build"]["steps"])
    for name in ("deploy", "notebooks", "binder"):
        job = pages[name]
        assert job["needs"] == "build" and "write" in job["permissions"].values(), name
        runs = " ".join(s.get("run", "") for s in job["steps"])
        assert "make" not in runs and not any("checkout" in s.get("uses", "") for s in job["steps"]), name


def test_the_public_site_is_the_student_edition() -> None:
    build = jobs(WORKFLOWS[1])["build"]["steps"]
    paths = [s["with"]["path"] for s in build if "upload" in s.get("uses", "")]
    # The site, the notebooks branch (the student notebooks and every wheel published) and Binder's.
    assert paths == ["_build/student/html", "_build/branch", "_build/binder"]
    runs = "\n".join(s.get("run", "") for s in build)
    assert "cp -r _build/student/html/notebooks/. _build/branch/" in runs
    assert "--student --keep-wheels" in runs
