"""The project's own checks: the pre-commit hooks pass on the repository (and fail where they should),
and the test tools are listed alike in pyproject.toml, requirements.in and requirements.txt."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
HOOKS = {hook["id"]: hook for repo in CONFIG["repos"] for hook in repo["hooks"]}
#: File types of the hooks, by file name ending (pre-commit's `identify` tags used here).
TYPES = {"python": (".py",), "yaml": (".yml", ".yaml")}


def repository_files() -> list[str]:
    """Files git tracks or would track (not ignored), as paths relative to the repository."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the hooks run on the files git lists")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return [f for f in listed if (ROOT / f).is_file()]


def hook_files(hook: dict[str, Any], files: list[str]) -> list[str]:
    """The files pre-commit would pass to ``hook``: its ``files`` and ``types``, less its ``exclude``."""
    endings = tuple(e for t in hook.get("types", ()) for e in TYPES[t])
    return [
        f for f in files
        if re.search(hook.get("files", ""), f) and not re.search(hook.get("exclude", "^$"), f)
        and (not endings or f.endswith(endings))
    ]  # fmt: skip


def run_hook(hook: dict[str, Any], files: list[str]) -> subprocess.CompletedProcess[str]:
    args = shlex.split(hook["entry"]) + (files if hook.get("pass_filenames", True) else [])
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_every_hook_is_local_and_uses_the_venv() -> None:
    assert [r["repo"] for r in CONFIG["repos"]] == ["local"]
    assert all(h["language"] == "system" and h["entry"].startswith(".venv/bin/") for h in HOOKS.values())
    assert set(TYPES) >= {t for h in HOOKS.values() for t in h.get("types", ())}


# The chapters' lint has its own test (tests/test_chapter_lint.py); the others run here on every file.
@pytest.mark.parametrize("hook_id", [h for h in HOOKS if h != "chapter-lint"])
def test_hook_passes_on_the_repository(hook_id: str) -> None:
    hook = HOOKS[hook_id]
    files = hook_files(hook, repository_files())
    assert files, f"{hook_id} would check no file"
    result = run_hook(hook, files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_large_file_and_yaml_hooks_fail_on_bad_files(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"0" * (2**20 + 1))
    small = tmp_path / "small.txt"
    small.write_text("x")
    assert run_hook(HOOKS["no-large-files"], [str(small)]).returncode == 0
    result = run_hook(HOOKS["no-large-files"], [str(small), str(big)])
    assert result.returncode == 1 and result.stdout.strip() == str(big)
    assert hook_files(HOOKS["no-large-files"], ["scaling_lib/data/a/b.csv", "c.md"]) == ["c.md"]
    bad = tmp_path / "bad.yml"
    bad.write_text("a: [1, 2\n")
    assert run_hook(HOOKS["check-yaml"], [str(bad)]).returncode != 0


def names(lines: list[str]) -> set[str]:
    """Distribution names of requirement lines, normalised (PEP 503)."""
    found = set()
    for line in lines:
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)", line.strip())
        if match:
            found.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
    return found


def test_test_tools_are_listed_alike_and_pinned() -> None:
    group = names(tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["test"])
    top_level = (ROOT / "requirements.in").read_text().splitlines()
    text = (ROOT / "requirements.txt").read_text()
    pins = [line.split(" ")[0] for line in text.splitlines() if line and line[0].isalnum()]
    assert "-e ." in top_level, "requirements.in resolves the package itself, with pyproject's ranges"
    assert group <= names(top_level), group - names(top_level)
    assert names(top_level) <= names(pins), names(top_level) - names(pins)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+(\[[\w,-]+\])?==\S+", p) for p in pins), (
        "requirements.txt: exact pins"
    )


@pytest.mark.parametrize("path", ["requirements.txt", "requirements-lab.txt"])
def test_every_pin_carries_hashes_and_the_build_tools_are_pinned(path: str) -> None:
    # make setup installs with --require-hashes: every release must list the sha256 of its files.
    text = (ROOT / path).read_text()
    releases = re.findall(
        r"^([A-Za-z0-9._-]+(?:\[[\w,-]+\])?)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)",
        text,
        re.M,
    )
    assert len(releases) == sum(1 for line in text.splitlines() if line and line[0].isalnum()) > 0
    if path == "requirements.txt":
        tools = {
            name.lower(): version
            for name, version, _ in releases
            if name.lower() in ("pip", "setuptools", "wheel")
        }
        assert set(tools) == {"pip", "setuptools", "wheel"}, tools
        assert int(tools["setuptools"].split(".")[0]) >= 68  # pyproject.toml's build requirement
    assert "--require-hashes -r " + path in (ROOT / "Makefile").read_text()


@pytest.mark.parametrize(("ci", "fails"), [("true", True), ("", False)])
def test_browser_checks_fail_in_ci_without_chromium(ci: str, fails: bool, tmp_path: Path) -> None:
    # Without Chromium a reader's run skips the browser checks, but CI (CI=true) must fail.
    env = {"PATH": str(tmp_path), "CI": ci, "HOME": str(tmp_path)}  # a PATH with no chromium on it
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov", "tests/test_browser.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (run.returncode not in (0, 5)) == fails, run.stdout[-2000:]  # 5: every test skipped
    assert ("CI=true, so the suite fails" in run.stdout) == fails


# The import names of the dependencies pyproject.toml declares for the library's wheel.
DECLARED_IMPORTS = {"numpy", "scipy", "matplotlib", "ipywidgets", "IPython", "PIL", "tqdm", "threadpoolctl"}


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """The top-level modules ``path`` imports, and those it imports only inside ``try: ... except
    ImportError`` (optional)."""
    import ast

    tree = ast.parse(path.read_text())
    optional: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
            for h in node.handlers
        ):
            for inner in node.body:
                for sub in ast.walk(inner):
                    if isinstance(sub, ast.Import):
                        optional |= {a.name.split(".")[0] for a in sub.names}
                    elif isinstance(sub, ast.ImportFrom) and sub.module:
                        optional.add(sub.module.split(".")[0])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found, optional


def test_the_wheel_holds_no_build_step_and_imports_only_what_it_declares() -> None:
    declared = {
        re.split(r"[<>=\[ ]", d)[0].lower()
        for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    assert declared == {
        "numpy",
        "scipy",
        "matplotlib",
        "ipywidgets",
        "ipython",
        "pillow",
        "tqdm",
        "threadpoolctl",
    }
    modules = sorted((ROOT / "scaling_lib").rglob("*.py"))
    assert not [m.name for m in modules if m.stem in ("publish", "prune_frames")], (
        "the build step is in tools/"
    )
    # The class service's web stack is the extra "serve", imported only by the lab's service and CLI.
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert {re.split(r"[<>=\[ ]", d)[0] for d in extras["serve"]} == {"starlette", "uvicorn"}
    allowed = set(sys.stdlib_module_names) | {"scaling_lib"} | DECLARED_IMPORTS
    for module in modules:
        found, optional = imports_of(module)
        if module.parent.name == "lab" and module.stem in ("service", "__main__"):
            optional |= {"starlette", "uvicorn"}
        undeclared = found - allowed - optional
        assert not undeclared, f"{module.name} imports {sorted(undeclared)}, which the wheel does not declare"


def test_every_module_names_its_public_api() -> None:
    # __all__ lists exactly what a module defines for its readers: its functions, classes and constants
    # without a leading underscore (type variables and aliases aside).
    import ast

    paths = sorted((ROOT / "scaling_lib").rglob("*.py"))
    assert len(paths) > 30
    for path in paths:
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text())
        defined: set[str] = set()
        declared = None
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if targets == ["__all__"]:
                    declared = set(ast.literal_eval(node.value))
                else:
                    defined |= set(targets)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                defined.add(node.target.id)
        public = {n for n in defined if not n.startswith("_") and n not in ("F", "T", "Array")}
        assert declared == public, f"{path.name}: __all__ {sorted(declared or ())} against {sorted(public)}"


def test_the_theme_icons_are_drawn_from_the_themes_own_bundle() -> None:
    import icons

    bundle = icons.read_icons(icons.theme_bundle().read_text())
    # Font Awesome Free 6: the magnifying glass is 512 x 512, GitHub's mark 496 x 512.
    assert bundle["fas", "magnifying-glass"][:2] == (512, 512) and bundle["fab", "github"][:2] == (496, 512)
    assert bundle["fas", "pencil-alt"] == bundle["fas", "pencil"]  # an alias
    css = icons.style_sheet(bundle)
    for style, name in icons.ICONS:
        assert f".{icons.STYLE_CLASSES[style][0]}.fa-{name}::before" in css
    for selector, _, _ in icons.DRAWN:
        assert f"{selector} {{" in css
    assert "CC BY 4.0" in css and "font-family: inherit" in css
    with pytest.raises(SystemExit, match="fas magnifying-glass"):
        icons.style_sheet({k: v for k, v in bundle.items() if k != ("fas", "magnifying-glass")})
