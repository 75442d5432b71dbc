"""Output files: checked before any work, written atomically, never into the figure base.

:func:`check_output` says whether a path can take a file; the ``--out`` argument type runs
it, so that a bad path fails before minutes of simulation. :func:`atomic_write` (and
:func:`atomic_path`) write to a temporary file in the target's folder, flush it to disk and
rename it over the target in one step: a reader, a crash or a ``SIGKILL`` sees the old file
or the new one, never a part of one.

- A file that is replaced keeps its permission bits; a new file gets ``0666 & ~umask``,
  as ``open()`` would give it.
- A symbolic link is followed: the file it points to is replaced, the link stays a link.
- Folders are never created: a missing folder is an error.
- Nothing is written into :func:`zzsim.data_dir` (the figure base).

Every failure is an :class:`~zzsim.errors.OutputError` naming the path.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError
from .resources import data_dir

__all__ = ["atomic_path", "atomic_write", "check_output"]


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot hold a file, or None if it is a folder."""
    if folder.is_dir():
        return None
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    return f"folder {folder} does not exist (zzsim does not create folders)"


def _target(given: Path) -> Path:
    """The file that writing ``given`` replaces or creates, after the static checks."""
    try:
        target = given.resolve()
    except RuntimeError:  # Python 3.11 reports a symlink loop so
        raise OutputError("symbolic link loop", file=given) from None
    try:
        root = data_dir().resolve()
        if target.is_relative_to(root):
            raise OutputError(
                f"refusing to write into {root}: that folder holds the figure base, which "
                "zzsim never changes at run time",
                file=given,
            )
        if target.is_dir():
            raise OutputError("is a folder; give a file name", file=given)
        if target.exists() and not target.is_file():
            raise OutputError(
                "is not a regular file (a device, pipe or socket); give a file name", file=given
            )
        problem = _folder_problem(target.parent)
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        raise OutputError(f"cannot check the path: {_describe(exc)}", file=given) from None
    if problem is not None:
        raise OutputError(problem, file=given)
    return target


def _create_temp(target: Path, given: Path) -> Path:
    """Create an empty temporary file beside ``target`` with the umask's permissions."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(tmp, flags, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(
                f"cannot create a file in {target.parent}: {_describe(exc)}", file=given
            ) from None
        return tmp


def check_output(path: str | Path) -> Path:
    """Check that ``path`` can take an output file, without writing it.

    Parameters
    ----------
    path : str or Path
        The output file.

    Returns
    -------
    Path
        The file a write would replace or create (symbolic links followed).

    Raises
    ------
    OutputError
        If the path is a folder, a device, a symbolic link loop or inside the figure base,
        or its folder is missing, is a file, or does not accept a new file (read-only,
        permissions, ``/proc``).
    """
    given = Path(path)
    target = _target(given)
    _create_temp(target, given).unlink()
    return target


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    try:
        _sync(folder)
    except OSError:  # some file systems cannot sync a folder; the rename is done anyway
        pass


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``path`` in one rename.

    Parameters
    ----------
    path : str or Path
        The output file (checked as by :func:`check_output`).

    Yields
    ------
    Path
        An empty temporary file in the same folder, to be written (or overwritten).

    Raises
    ------
    OutputError
        If the path cannot take a file, or an ``OSError`` occurs while writing (a full
        disk). Nothing is left behind on failure, and a file already at ``path`` is only
        replaced once the new one is complete and on disk.
    """
    given = Path(path)
    target = _target(given)
    tmp = _create_temp(target, given)
    try:
        try:
            yield tmp
            if target.exists():
                os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
            _sync(tmp)
            os.replace(tmp, target)
        except OSError as exc:
            if isinstance(exc, OutputError):
                raise
            kept = "the existing file is unchanged" if target.exists() else "nothing was written"
            raise OutputError(f"cannot write: {_describe(exc)} ({kept})", file=given) from exc
        _sync_folder(target.parent)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``path`` atomically.

    Parameters
    ----------
    path : str or Path
        The output file.
    write : callable
        Writes the content to the path it is given.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OutputError
        As :func:`atomic_path`.
    """
    with atomic_path(path) as tmp:
        write(tmp)
    return Path(path)
