"""The house: stage folders in pipeline order, each importing only from the stages below it.

Layers, lowest first (a module may import its own layer and the layers below, never above):

0. the shared top: ``errors``, ``models``, ``ids`` (and the package itself, for ``__version__``);
1. ``clean/`` — text functions every later stage uses (script folding, garble repair, normalize);
2. ``read/`` — bytes to a Document;
3. ``tables/`` — a Document's text or page to Grids and rows by header words;
4. ``formats/`` — the registry and the layout modules;
4½. ``assess/`` — what a progress row says: its state and its figures;
5. ``link/`` — the same task across reports;
6. ``write/`` — table encodings and publication;
7. ``run/`` — the per-file stage, cache, pools, summary and ``ingest``;
8. the commands: ``cli``, ``validate``, ``explain`` (and ``__main__``).

Every import counts, lazy ones inside functions included: an upward import is a cycle waiting
to happen even when it runs late.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "govtasks"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("govtasks", "govtasks.errors", "govtasks.models", "govtasks.ids"),
    ("govtasks.clean",),
    ("govtasks.read",),
    ("govtasks.tables",),
    ("govtasks.formats",),
    ("govtasks.assess",),
    ("govtasks.link",),
    ("govtasks.write",),
    ("govtasks.run",),
    ("govtasks.cli", "govtasks.validate", "govtasks.explain", "govtasks.report", "govtasks.__main__"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    """The layer of ``module``: the longest prefix listed in :data:`LAYERS` decides."""
    best = (-1, -1)
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                best = max(best, (len(prefix), number))
    assert best[1] >= 0, f"{module} is in no layer: add it to LAYERS"
    return best[1]


@cache
def imports(module: str) -> frozenset[str]:
    """The govtasks modules ``module`` imports (``from govtasks.x import y`` names module
    ``govtasks.x.y`` when that is a module, else ``govtasks.x``)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "govtasks")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base])
            if base.split(".")[0] != "govtasks":
                continue
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    found.discard(module)
    return frozenset(found)


def test_every_module_is_in_a_layer() -> None:
    assert all(layer(module) >= 0 for module in MODULES)


def upward_imports(module: str) -> list[str]:
    return sorted(other for other in imports(module) if layer(other) > layer(module))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_import(module: str) -> None:
    upward = upward_imports(module)
    assert not upward, f"{module} (layer {layer(module)}) imports from above: {upward}"


def chains() -> dict[str, int]:
    """The longest import chain below each module (its depth); raises on a cycle."""
    depth: dict[str, int] = {}
    visiting: list[str] = []

    def visit(module: str) -> int:
        if module in depth:
            return depth[module]
        if module in visiting:
            cycle = [*visiting[visiting.index(module) :], module]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        visiting.append(module)
        depth[module] = 1 + max((visit(other) for other in sorted(imports(module))), default=0)
        visiting.pop()
        return depth[module]

    for module in MODULES:
        visit(module)
    return depth


def test_no_import_cycle() -> None:
    chains()


def test_the_import_chain_stays_short() -> None:
    """The longest chain of imports from a command down to the shared top: one step per stage
    and a few inside a stage. A chain much longer means stages reach into each other."""
    assert max(chains().values()) <= 14


def test_link_depends_only_on_models_ids_and_assess() -> None:
    """Linking reads parsed rows: it needs no reader or layout, only what a row says (assess)."""
    for module in (m for m in MODULES if m.startswith("govtasks.link")):
        outside = {m for m in imports(module) if not m.startswith(("govtasks.link", "govtasks.assess"))}
        assert outside <= {"govtasks.models", "govtasks.ids"}, f"{module} imports {sorted(outside)}"


def test_validate_reads_the_outputs_without_the_pipeline() -> None:
    """validate checks written tables: the models, the ids and the tables' encodings, never a
    reader, a layout, the linker or the run."""
    allowed = {"govtasks.models", "govtasks.ids", "govtasks.errors", "govtasks.write.tables"}
    assert imports("govtasks.validate") <= allowed, sorted(imports("govtasks.validate") - allowed)


def test_the_checker_sees_an_upward_import_and_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules above can fail: a made-up import of the run from the reader is both."""
    real = imports

    def with_extra(module: str) -> frozenset[str]:
        return real(module) | ({"govtasks.run.ingest"} if module == "govtasks.read.document" else set())

    monkeypatch.setitem(globals(), "imports", with_extra)
    assert upward_imports("govtasks.read.document") == ["govtasks.run.ingest"]
    with pytest.raises(
        AssertionError, match=r"import cycle: .*govtasks\.read\.document -> govtasks\.run\.ingest"
    ):
        chains()
