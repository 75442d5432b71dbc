"""Shared fixtures: the shipped figure base, a writable copy of it, the seed documents, and
a forked child (optionally unprivileged) for tests of permissions and resource limits."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
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


def _drop_privileges() -> None:
    """Become nobody if root (root writes anywhere, so a permission test needs a user)."""
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)


def _in_child(
    fn: Callable[[], object], setup: Callable[[], None] = _drop_privileges
) -> tuple[str, str]:
    """Run ``fn`` in a forked child after ``setup``; return (what it raised or returned, text).

    A fork needs no new interpreter (a child costs milliseconds) and no access to the
    interpreter's files; the child reports through a pipe and leaves with ``os._exit``.
    ``fn`` returning a value reports ``("returned", str(value))``.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            setup()
            report = f"returned\n{fn()}"
        except BaseException as exc:  # reported to the parent, whatever it is
            report = f"{type(exc).__name__}\n{exc}"
        os.write(write, report.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        kind, _, text = pipe.read().decode().partition("\n")
    os.waitpid(pid, 0)
    return kind, text


@pytest.fixture
def in_child() -> Callable[..., tuple[str, str]]:
    """Run a callable in a forked child, by default as an unprivileged user."""
    return _in_child


def _symlink_loop(folder: Path) -> None:
    (folder / "a.csv").symlink_to(folder / "b.csv")
    (folder / "b.csv").symlink_to(folder / "a.csv")


#: output paths that cannot take a file: how to make them, the path, what the error says
_UNUSABLE_OUTPUTS = {
    "folder": (lambda d: (d / "out.csv").mkdir(), "out.csv", "is a folder"),
    "parent_is_a_file": (
        lambda d: (d / "afile").write_text("x"),
        "afile/out.csv",
        "afile is a file, not a folder",
    ),
    "missing_folder": (lambda d: None, "missing/out.csv", "does not exist"),
    "missing_folders": (lambda d: None, "missing/deeper/out.csv", "does not exist"),
    "fifo": (lambda d: os.mkfifo(d / "pipe.csv"), "pipe.csv", "not a regular file"),
    "symlink_loop": (_symlink_loop, "a.csv", "symbolic link loop"),
}


@pytest.fixture(params=sorted(_UNUSABLE_OUTPUTS))
def unusable_output(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """An output path in ``tmp_path`` that cannot take a file, and what the error says."""
    make, name, message = _UNUSABLE_OUTPUTS[request.param]
    make(tmp_path)
    return tmp_path / name, message
