"""The ``zzsim`` command.

Each subpackage registers its own commands through a ``register(commands)`` function in
its ``commands`` module; this module assembles them and is the one place where exceptions
become one-line messages and exit statuses:

=====  =====================================================================================
0      success; also when the reader of standard output goes away (``zzsim ... | head``)
1      an error in what was given or asked for: data, targets, scenario, model, an output
       file that cannot be written (also standard output on a full disk), out of memory;
       and internal errors (a bug: the message says so)
2      usage: an unknown command or option, a bad option value
130    interrupted (Ctrl-C)
=====  =====================================================================================

No traceback reaches the user unless the global option ``--debug`` is given (anywhere on
the command line); it is then printed before the one-line message.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import IO, Any, TypeVar

from .errors import ZzsimError

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "main"]

#: exit statuses (see the module docstring)
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: modules whose ``register(commands)`` adds subcommands, in the order of ``zzsim --help``
_COMMAND_MODULES = (
    "zzsim.data.commands",
    "zzsim.models.commands",
    "zzsim.attainment.commands",
    "zzsim.backtest.commands",
    "zzsim.abm.commands",
    "zzsim.targets.commands",
)

_DEBUG = "--debug"
_R = TypeVar("_R")


class _StdoutError(Exception):
    """Writing to standard output failed (other than a closed pipe)."""

    def __init__(self, cause: OSError) -> None:
        self.cause = cause
        super().__init__(cause.strerror or str(cause))


class _GuardedStdout:
    """Standard output whose write failures say that they concern standard output."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._guarded(lambda: self._stream.write(text))

    def flush(self) -> None:
        self._guarded(self._stream.flush)

    @staticmethod
    def _guarded(call: Callable[[], _R]) -> _R:
        try:
            return call()
        except BrokenPipeError:  # the reader left: handled as success by _report
            raise
        except OSError as exc:
            raise _StdoutError(exc) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _accept_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let ``--debug`` follow any subcommand too (``zzsim attain ... --debug``)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.add_argument(_DEBUG, action="store_true", default=argparse.SUPPRESS)
                _accept_everywhere(sub)


def _build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="zzsim",
        description="Policy-scenario simulation of Zhuzhou's development plans.",
        epilog="Exit status: 0 success, 1 an error in the data, targets, scenario, model or "
        "output (one line on stderr), 2 a usage error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"zzsim {__version__}")
    parser.add_argument(
        _DEBUG, action="store_true", help="show the full traceback of an error (for bug reports)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    _accept_everywhere(parser)
    return parser


def _say(line: str) -> None:
    """Print one line on standard error (which may itself be gone)."""
    try:
        print(line.replace("\r", "").replace("\n", "; "), file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _silence(stdout: object) -> None:
    """Point the process's standard output at the null device, if ``stdout`` is it.

    What is still buffered then goes nowhere instead of failing again when the interpreter
    exits (which would print "Exception ignored ..." and change the exit status). A
    replaced ``sys.stdout`` (a notebook, a test) is left alone.
    """
    if stdout is not sys.__stdout__ or stdout is None:
        return
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, stdout.fileno())
        os.close(fd)
    except (OSError, ValueError):
        pass


def _report(exc: BaseException, debug: bool, stdout: object) -> int:
    """Print what went wrong in one line and return the exit status."""
    if isinstance(exc, BrokenPipeError):  # the reader left: not an error
        _silence(stdout)
        return EXIT_OK
    if debug:
        try:
            traceback.print_exception(exc, file=sys.stderr)
        except (OSError, ValueError):
            pass
    if isinstance(exc, KeyboardInterrupt):
        _say("zzsim: interrupted")
        return EXIT_INTERRUPTED
    if isinstance(exc, _StdoutError):
        _silence(stdout)
        _say(f"zzsim: error: cannot write to standard output: {exc}")
    elif isinstance(exc, ZzsimError):
        _say(f"zzsim: error: {exc}")
    elif isinstance(exc, MemoryError):
        _say(
            "zzsim: error: out of memory; ask for less at once "
            "(fewer --draws or --replications, fewer scenarios)"
        )
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"zzsim: error: {where}{exc.strerror or exc}")
    else:
        _say(
            f"zzsim: internal error: {type(exc).__name__}: {exc} "
            f"(a bug in zzsim; rerun with {_DEBUG} for the traceback and report it)"
        )
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``zzsim`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        Exit status: 0 on success (or when the reader of standard output left early), 1 on
        an error in the data, targets, scenario, model or output, or an internal error, 130
        when interrupted. Each error is one line on standard error.

    Raises
    ------
    SystemExit
        From argparse: status 2 on a usage error, 0 after ``--help`` and ``--version``.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = _DEBUG in arguments  # known before parsing: parsing itself can fail
    stdout = sys.stdout
    sys.stdout = _GuardedStdout(stdout)
    try:
        parser = _build_parser()
        args = parser.parse_args(arguments)
        handler: Callable[[argparse.Namespace], int] = args.handler
        status = handler(args)
        sys.stdout.flush()
        return status
    except SystemExit:
        raise
    except BaseException as exc:  # the one place that turns errors into statuses
        return _report(exc, debug, stdout)
    finally:
        sys.stdout = stdout


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
