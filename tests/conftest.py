"""Shared fixtures: the shipped figure base, a writable copy of it, the seed documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zzsim.resources import data_dir, sources_dir


@pytest.fixture(scope="session")
def shipped_data() -> Path:
    return data_dir()


@pytest.fixture
def data_copy(tmp_path: Path, shipped_data: Path) -> Path:
    """A writable copy of the figure base, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(shipped_data, target)
    return target


@pytest.fixture(scope="session")
def seeds() -> Path:
    folder = sources_dir()
    if folder is None:
        pytest.skip(
            "seed documents not found (../shared/seeds or $ZZSIM_SOURCES_DIR): "
            "quotes cannot be verified here"
        )
    return folder
