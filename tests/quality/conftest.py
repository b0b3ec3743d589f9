"""Quality gates need npm's axe-core and vnu-jar (installed by `make install`) and Java for vnu.

Locally they skip when node_modules or Java is missing; under CI they must run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(path_or_tool: str, present: bool) -> None:
    if present:
        return
    message = f"{path_or_tool} is missing (run `make install`, which runs `npm ci`)"
    if IN_CI:
        pytest.fail(f"CI must run the quality gates: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def axe_script() -> Path:
    require(str(AXE), AXE.exists())
    return AXE


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    require(str(VNU), VNU.exists())
    java = shutil.which("java")
    require("java", java is not None)
    return [java, "-Xss2m", "-jar", str(VNU)]


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Requests activate their page's language in this thread; restore it so later tests start in Vietnamese."""
    from django.utils import translation

    with translation.override("vi"):
        yield
