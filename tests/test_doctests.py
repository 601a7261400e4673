"""Every docstring example in the package runs (pytest collects doctests under tests/ only)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import govtasks

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(govtasks.__path__, prefix="govtasks.")
    if not info.ispkg and info.name != "govtasks.__main__"  # importing __main__ runs the CLI
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
