"""The package as a newcomer reads it: every module named in the README's picture of it, none
importing a later stage, none far over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sheets"
# The stages in the order the data flows; a module may import its own stage and earlier ones.
STAGES = [
    "errors",
    "signals",
    "collector",
    "model",
    "i18n",
    "style",
    "preflight",
    "catalog",
    "importing",
    "layout",
    "render",
    "press",
    "names",
    "output",
    "report",
    "uptodate",
    "build_options",
    "editions",
    "watch",
    "mail",
    "pipeline",
    "build",
    "progress",
    "console",
    "mail_command",
    "build_command",
    "diff_command",
    "proof_command",
    "serve",
    "cli",
    "__main__",
]


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(part for part in parts if part != "__init__") or "sheets"] = path
    return found


def stage(module: str) -> int:
    return STAGES.index(module.split(".")[0]) if module != "sheets" else -1


def imported(module: str, path: Path) -> set[str]:
    """The package's modules this one imports (relative imports, resolved)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                names.add(
                    f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules() else target
                )
    return {name for name in names if name and name in modules()}


def test_every_module_is_named_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    picture = readme[readme.index("## How it works") :]
    for module, path in modules().items():
        if path.name != "__init__.py":
            assert f" {path.name} " in picture or f" {path.name}\n" in picture, module


def test_no_stage_imports_a_later_one():
    for module, path in modules().items():
        for other in imported(module, path):
            assert stage(other) <= stage(module), f"{module} imports {other}"


def test_modules_stay_small():
    for module, path in modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 420, f"{module} has {lines} lines: does it still have one job?"
