"""The shape of the package: layers as folders, imports only downwards, no import cycle, short
modules.

The import graph is read from the source with :mod:`ast` (nothing is imported). An import at the
top of a module (or in a class body) runs when the module is imported; an import inside a function
runs later, and is counted: such imports hide cycles, so their number may only go down. Imports
under ``if TYPE_CHECKING:`` never run and are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import siecle_sdk

PACKAGE = Path(siecle_sdk.__file__).parent

#: layers from the bottom up; a module may import its own layer and the layers below it
LAYERS: tuple[tuple[str, ...], ...] = (
    ("", "academie", "errors", "folders", "french", "identifiers", "pool"),
    ("io",),
    ("models",),
    ("formats",),
    ("plugin",),
    ("rules",),
    ("report",),
    ("sandbox",),
    ("exchange",),
    ("doctor",),
    ("tools",),
    ("adapter",),
    ("testing",),
    ("web",),
    ("cli",),
    ("__main__",),
)

#: imports that still go upwards: this list may only shrink
KNOWN_UPWARD: frozenset[tuple[str, str]] = frozenset(
    {
        # the package's hookimpl marker is built on first use from the hook specs
        ("siecle_sdk", "siecle_sdk.plugin.spec"),
        # the reader still finds the formats (and their models) itself
        ("siecle_sdk.io.reader", "siecle_sdk.formats"),
        ("siecle_sdk.io.reader", "siecle_sdk.models"),
        ("siecle_sdk.io.reader", "siecle_sdk.plugin.manager"),
        ("siecle_sdk.io.schema", "siecle_sdk.formats"),
        # models and formats still know each other
        ("siecle_sdk.models._loading", "siecle_sdk.formats"),
        ("siecle_sdk.models.communs", "siecle_sdk.formats.communs"),
        ("siecle_sdk.models.nomenclature", "siecle_sdk.formats.nomenclature"),
        ("siecle_sdk.models.structures", "siecle_sdk.formats.structures"),
        # the benchmark and the demonstration run the CLI as a user would
        ("siecle_sdk.tools.bench", "siecle_sdk.cli.check"),
        ("siecle_sdk.tools.demo", "siecle_sdk.cli.main"),
    }
)

#: imports of ``siecle_sdk`` modules made inside functions: this number may only go down
MAX_IMPORTS_IN_FUNCTIONS = 138

MAX_LINES = 800


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    #: imports run when the module is imported
    top: set[str] = field(default_factory=set)
    #: imports run when a function runs
    later: set[str] = field(default_factory=set)
    in_functions: int = 0


def _name(path: Path) -> tuple[str, bool]:
    parts = ["siecle_sdk", *path.relative_to(PACKAGE).with_suffix("").parts]
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(module: Module, names: set[str], node: ast.Import | ast.ImportFrom) -> list[str]:
    """The ``siecle_sdk`` modules an import statement loads."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    elif node.level:
        base = module.name.split(".")
        if not module.is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
        targets = [target, *(f"{target}.{alias.name}" for alias in node.names)]
    else:
        target = node.module or ""
        targets = [target, *(f"{target}.{alias.name}" for alias in node.names)]
    found = []
    for target in targets:
        while target not in names and "." in target:
            target = target.rsplit(".", 1)[0]
        if target in names and target.startswith("siecle_sdk"):
            found.append(target)
    return found


def _walk(module: Module, names: set[str], body: list[ast.stmt], in_function: bool) -> None:
    for node in body:
        if _type_checking(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            targets = _imports(module, names, node)
            (module.later if in_function else module.top).update(targets)
            if in_function and targets:
                module.in_functions += 1
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _walk(module, names, node.body, True)
            continue
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                _walk(module, names, [child], in_function)
            elif isinstance(child, ast.excepthandler | ast.match_case):
                _walk(module, names, child.body, in_function)


@cache
def modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, is_package = _name(path)
        found[name] = Module(name, path, is_package)
    names = set(found)
    for module in found.values():
        tree = ast.parse(module.path.read_text(encoding="utf-8"))
        _walk(module, names, tree.body, False)
    for module in found.values():
        # importing a module imports the packages that hold it
        for target in list(module.top):
            parts = target.split(".")
            for end in range(1, len(parts)):
                parent = ".".join(parts[:end])
                if not module.name.startswith(parent + ".") and module.name != parent:
                    module.top.add(parent)
        module.top.discard(module.name)
    return found


def _layer(name: str) -> int:
    parts = name.split(".")
    key = parts[1] if len(parts) > 1 else ""
    for rank, layer in enumerate(LAYERS):
        if key in layer:
            return rank
    raise AssertionError(f"{name} belongs to no layer: add its folder to LAYERS")


def _cycles(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in graph:
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
                    yield sorted(component)


def test_no_import_cycle_at_import_time() -> None:
    graph = {name: module.top for name, module in modules().items()}
    assert list(_cycles(graph)) == []


def test_the_cycle_finder_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert list(_cycles(graph)) == [["a", "b", "c"]]


def test_imports_inside_functions_do_not_grow() -> None:
    count = sum(module.in_functions for module in modules().values())
    assert count <= MAX_IMPORTS_IN_FUNCTIONS, (
        f"{count} imports of siecle_sdk modules inside functions, at most "
        f"{MAX_IMPORTS_IN_FUNCTIONS}: import at the top of the module, or move the code to "
        "the layer it belongs to"
    )


def test_layers_import_only_downwards() -> None:
    upward = set()
    for name, module in modules().items():
        for target in module.top | module.later:
            if _layer(target) > _layer(name):
                upward.add((name, target))
    assert sorted(upward - KNOWN_UPWARD) == [], "imports going up a layer"
    assert sorted(KNOWN_UPWARD - upward) == [], "fixed: remove them from KNOWN_UPWARD"


def test_the_layer_check_sees_an_upward_import() -> None:
    assert _layer("siecle_sdk.io.reader") < _layer("siecle_sdk.rules.engine")
    assert _layer("siecle_sdk.errors") < _layer("siecle_sdk.io.writer")
    assert _layer("siecle_sdk.exchange.ledger") < _layer("siecle_sdk.cli.push")


#: folders of the installed package that hold data, not code (the repository's ``templates/``
#: is installed as ``siecle_sdk/templates``)
DATA_FOLDERS = frozenset({"templates"})


def test_every_folder_is_a_layer_with_its_rules_said() -> None:
    for path in sorted(PACKAGE.iterdir()):
        if not (path / "__init__.py").is_file() or path.name in DATA_FOLDERS:
            continue
        _layer(f"siecle_sdk.{path.name}.x")
        doc = ast.get_docstring(ast.parse((path / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"{path.name}/__init__.py says nothing of its layer"


def test_layer_docstrings_say_what_they_may_import() -> None:
    for layer in ("io", "plugin", "exchange", "tools"):
        doc = ast.get_docstring(
            ast.parse((PACKAGE / layer / "__init__.py").read_text(encoding="utf-8"))
        )
        assert doc is not None and "import" in doc, layer


def test_no_module_is_too_long() -> None:
    long = {
        name: lines
        for name, module in modules().items()
        if (lines := len(module.path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_package_ships_in_the_wheel() -> None:
    """A folder missing from ``pyproject.toml`` would be left out of the wheel, silently."""
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    listed = set(
        tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    packages = {name for name, module in modules().items() if module.is_package}
    assert sorted(packages - listed) == []


MAX_COMMAND_LINES = 60


def test_cli_commands_only_parse_call_and_print() -> None:
    """A click command is its options, one call to the application layer and the printing of
    what it returns: a long one holds logic that a web page would have to copy."""
    long = {}
    for name, module in modules().items():
        if not name.startswith("siecle_sdk.cli."):
            continue
        for node in ast.walk(ast.parse(module.path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                "command" in ast.unparse(d) for d in node.decorator_list
            ):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_COMMAND_LINES:
                    long[f"{name}:{node.name}"] = lines
    assert long == {}


def test_the_architecture_page_names_files_that_exist() -> None:
    """``docs/architecture.md`` walks a newcomer through files: none of them may be gone."""
    import re

    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w/]+\.py)", text))
    assert len(named) > 20
    missing = sorted(n for n in named if not (PACKAGE / n).exists() and not (root / n).exists())
    assert missing == []
    for folder in sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        assert f"{folder}/" in text, f"docs/architecture.md does not place {folder}/"
