"""Output files: checked before work, atomic under SIGKILL, permissions and links kept."""

from __future__ import annotations

import errno
import os
import random
import resource
import signal
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from zzsim._io import atomic_path, atomic_write, check_output
from zzsim.errors import OutputError, ZzsimError
from zzsim.resources import data_dir


def _text(content: str) -> Callable[[Path], object]:
    return lambda tmp: tmp.write_text(content, encoding="utf-8")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def locked_folder() -> Iterator[Path]:
    """A folder the (unprivileged) writer may enter but not write in, holding old.csv."""
    folder = Path(tempfile.mkdtemp(prefix="zzsim-ro-"))
    (folder / "old.csv").write_text("old", encoding="utf-8")
    (folder / "old.csv").chmod(0o666)
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


def test_new_file_gets_the_umask_default_not_0600(tmp_path: Path, umask) -> None:
    for mask, expected in [(0o002, 0o664), (0o022, 0o644), (0o077, 0o600)]:
        umask(mask)
        path = tmp_path / f"new{mask:o}.md"
        atomic_write(path, _text("x"))
        assert stat.S_IMODE(path.stat().st_mode) == expected


@pytest.mark.parametrize("mode", [0o664, 0o600, 0o640])
def test_replaced_file_keeps_its_permissions(tmp_path: Path, umask, mode: int) -> None:
    umask(0o077 if mode != 0o600 else 0o002)  # a umask that would change the mode
    path = tmp_path / "table.csv"
    path.write_text("old", encoding="utf-8")
    path.chmod(mode)
    atomic_write(path, _text("new"))
    assert path.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_writing_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "table.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(Path("real") / "table.csv")  # relative, as users make them
    atomic_write(link, _text("new"))
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("real") / "table.csv")
    assert target.read_text(encoding="utf-8") == "new"
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "real") == []


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "made.md")
    atomic_write(link, _text("new"))
    assert link.is_symlink() and (tmp_path / "made.md").read_text(encoding="utf-8") == "new"


def test_a_symlink_into_the_figure_base_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "sneaky.csv"
    link.symlink_to(data_dir() / "sneaky.csv")
    with pytest.raises(OutputError, match="figure base"):
        atomic_write(link, _text("x"))
    assert not (data_dir() / "sneaky.csv").exists()


def test_the_figure_base_is_refused_with_a_typed_error() -> None:
    path = data_dir() / "series" / "table.csv"
    with pytest.raises(OutputError, match="figure base") as info:
        check_output(path)
    assert isinstance(info.value, ZzsimError) and isinstance(info.value, OSError)
    assert info.value.file == str(path)
    with pytest.raises(OutputError, match="figure base"):
        atomic_write(path, _text("x"))
    assert not path.exists()


def test_paths_that_cannot_take_a_file(unusable_output: tuple[Path, str]) -> None:
    path, message = unusable_output
    before = sorted(p.name for p in path.parent.rglob("*"))
    for attempt in (check_output, lambda p: atomic_write(p, _text("x"))):
        with pytest.raises(OutputError, match=message) as info:
            attempt(path)
        assert info.value.file == str(path)
    assert sorted(p.name for p in path.parent.rglob("*")) == before  # no folder created


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_proc_is_refused() -> None:
    with pytest.raises(OutputError, match="cannot create a file in /proc"):
        check_output("/proc/zzsim-table.csv")


def test_a_read_only_folder_is_refused_and_its_file_kept(locked_folder: Path, in_child) -> None:
    for target in ("new.csv", "old.csv"):
        for attempt in (check_output, lambda p: atomic_write(p, _text("new"))):
            kind, message = in_child(
                lambda attempt=attempt, target=target: attempt(locked_folder / target)
            )
            assert kind == "OutputError", message
            assert "Permission denied" in message and str(locked_folder) in message
    assert (locked_folder / "old.csv").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in locked_folder.iterdir()) == ["old.csv"]


def test_check_output_leaves_nothing_behind(tmp_path: Path) -> None:
    assert check_output(tmp_path / "table.xlsx") == (tmp_path / "table.xlsx").resolve()
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_an_output_error_and_the_old_file_stays(tmp_path: Path) -> None:
    path = tmp_path / "table.md"
    path.write_text("previous table", encoding="utf-8")

    def full(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write("half a tab")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(OutputError, match=r"No space left on device.*existing file is unchanged"):
        atomic_write(path, full)
    assert path.read_text(encoding="utf-8") == "previous table"
    assert list(tmp_path.iterdir()) == [path]


def test_a_file_size_limit_hit_while_writing_is_an_output_error(tmp_path: Path, in_child) -> None:
    """A real write failure from the kernel (EFBIG under RLIMIT_FSIZE), in a child."""
    path = tmp_path / "table.csv"
    path.write_text("previous", encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(
            resource.RLIMIT_FSIZE, (4096, resource.getrlimit(resource.RLIMIT_FSIZE)[1])
        )

    kind, message = in_child(lambda: atomic_write(path, _text("x" * 100_000)), limit)
    assert kind == "OutputError", message
    assert "File too large" in message and "existing file is unchanged" in message
    assert path.read_text(encoding="utf-8") == "previous"
    assert list(tmp_path.iterdir()) == [path]


def test_other_failures_propagate_and_leave_nothing(tmp_path: Path) -> None:
    path = tmp_path / "table.md"
    with pytest.raises(RuntimeError, match="bug"), atomic_path(path) as tmp:
        tmp.write_text("partial", encoding="utf-8")
        raise RuntimeError("bug")
    assert list(tmp_path.iterdir()) == []


def _write_forever(path: Path) -> None:  # pragma: no cover - runs in a child
    version = 0
    while True:
        version += 1
        block = f"{version:08d}" * 131_072  # 1 MiB saying which version it is
        atomic_write(path, _text(block))


def test_sigkill_never_leaves_a_truncated_file(tmp_path: Path) -> None:
    """Kill a writer that rewrites a 1 MiB file in a loop, 20 times at random moments."""
    path = tmp_path / "table.csv"
    atomic_write(path, _text("00000000" * 131_072))
    generator = random.Random(20240601)
    for _ in range(20):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                _write_forever(path)
            finally:
                os._exit(1)
        time.sleep(generator.uniform(0.02, 0.15))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        content = path.read_text(encoding="utf-8")
        assert len(content) == 8 * 131_072
        assert content == content[:8] * 131_072, "a mixed or truncated file"
    # the kills did land in the middle of writes (their temporary files are what is left)
    assert _leftovers(tmp_path)
