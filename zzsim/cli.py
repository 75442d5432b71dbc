"""The ``zzsim`` command.

Each subpackage registers its own commands through a ``register(commands)`` function in
its ``commands`` module; this module only assembles them and maps errors to exit codes.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from .errors import ZzsimError

__all__ = ["main"]

#: modules whose ``register(commands)`` adds subcommands, in the order of ``zzsim --help``
_COMMAND_MODULES = (
    "zzsim.data.commands",
    "zzsim.models.commands",
    "zzsim.attainment.commands",
    "zzsim.backtest.commands",
    "zzsim.abm.commands",
    "zzsim.targets.commands",
)


def _build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="zzsim", description="Policy-scenario simulation of Zhuzhou's development plans."
    )
    parser.add_argument("--version", action="version", version=f"zzsim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``zzsim`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        Exit status: 0 on success, 1 on a data, target, scenario or model problem, 2 on a
        usage error.
    """
    parser = _build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except ZzsimError as exc:
        print(f"zzsim: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `zzsim ... | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
