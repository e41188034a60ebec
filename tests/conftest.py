"""Shared fixtures: the tiny test framework and the real frameworks."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark.loader import load_framework, load_frameworks

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def mini():
    return load_framework(DATA / "mini.yaml")


@pytest.fixture(scope="session")
def frameworks():
    return load_frameworks()


@pytest.fixture(scope="session")
def unites(frameworks):
    return frameworks["unites"]


@pytest.fixture(scope="session")
def spring(frameworks):
    return frameworks["spring"]


def require(program: str, why: str) -> str:
    """Path of a program a test needs: skip outside CI when missing, fail loudly in CI."""
    import os
    import shutil

    path = shutil.which(program)
    if path:
        return path
    message = f"{program} is not installed ({why}); .ci/run installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
