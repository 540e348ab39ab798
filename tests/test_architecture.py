"""The house's shape, checked: no import circle in src/, few modules at the top of the package,
one module that commits."""

from __future__ import annotations

import ast
from pathlib import Path

import relance

PACKAGE = Path(relance.__file__).parent
MAX_TOP_MODULES = 8


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in PACKAGE.rglob("*.py")
        if "versions" not in path.parts  # migration scripts are loaded by Alembic, not imported
    }


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Modules of ours imported by ``path`` at any depth (lazy imports in functions count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in modules}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (as a path that comes back to its start), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_no_import_cycle_in_src() -> None:
    sources = _sources()
    modules = set(sources)
    graph = {
        name: {target for target in _imports(path, modules) if target != name}
        for name, path in sources.items()
    }
    assert _cycle(graph) is None


def test_top_of_the_package_keeps_only_entry_points_and_wiring() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


def test_only_the_transaction_module_opens_write_transactions() -> None:
    opener = PACKAGE / "db" / "transaction.py"
    backends = {
        PACKAGE / "db" / "postgres.py",
        PACKAGE / "db" / "sqlite.py",
        PACKAGE / "db" / "tx.py",
    }
    callers = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path != opener and path not in backends and ".write()" in path.read_text()
    ]
    assert callers == []


def test_cycle_finder_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
