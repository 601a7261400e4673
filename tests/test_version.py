"""`govtasks --version`, and the one version the package and its install metadata share."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import govtasks


def test_version_option_prints_the_version_and_exits_0() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "govtasks", "--version"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"govtasks {govtasks.__version__}\n", "")


def test_the_installed_version_is_the_package_version() -> None:
    """pyproject reads the version from govtasks.__version__; an install that disagrees is stale
    (`make` reinstalls when src/govtasks/__init__.py changes)."""
    assert metadata.version("govtasks") == govtasks.__version__
