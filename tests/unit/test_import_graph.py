"""No import circles inside xyhf/: a module's helpers live below it, never beside it in a loop.

Every import counts, at module level or inside a function (an import hidden in a function is still a
circle a reader has to untangle). Relative imports are resolved. A circle is a strongly connected
component of more than one module; the test names each one with the edges that close it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "xyhf"


def module_names(package: Path) -> dict[str, Path]:
    """Dotted name → file, for every module and package (__init__) under `package`."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names an import statement may refer to: the module, and module.name for `from`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return [target] + [f"{target}.{alias.name}" for alias in node.names]


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = module_names(package)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges.update(t for t in imported(node, name, is_package) if t in modules and t != name)
        graph[name] = edges
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def describe(component: list[str], graph: dict[str, set[str]]) -> str:
    members = set(component)
    edges = [f"{a} → {b}" for a in component for b in sorted(graph[a] & members)]
    return "circle of " + ", ".join(component) + ": " + "; ".join(edges)


def test_no_import_circles_in_the_package():
    graph = import_graph(PACKAGE)
    assert len(graph) > 100  # the walk found the package
    found = circles(graph)
    assert not found, "\n".join(describe(c, graph) for c in found)


def test_the_checker_finds_a_circle_and_follows_relative_and_function_level_imports(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("def f():\n    from ..c import g\n")
    (package / "c.py").write_text("import pkg.a\n")
    (package / "d.py").write_text("from . import c\n")
    graph = import_graph(package)
    assert graph["pkg.sub.b"] == {"pkg.c"}
    assert graph["pkg.d"] == {"pkg", "pkg.c"}
    assert circles(graph) == [["pkg.a", "pkg.c", "pkg.sub.b"]]
    assert "pkg.sub.b → pkg.c" in describe(circles(graph)[0], graph)


def test_the_render_base_builds_on_no_subject():
    """render/base/ is the layer every subject package uses; it must not reach back up into one."""
    graph = import_graph(PACKAGE)
    upward = sorted(
        f"{module} → {target}"
        for module, targets in graph.items()
        if module.startswith("xyhf.render.base")
        for target in targets
        if target.startswith("xyhf.render") and not target.startswith("xyhf.render.base")
    )
    assert not upward, upward
