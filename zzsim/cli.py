"""The ``zzsim`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import ZzsimError

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


def _data_check(args: argparse.Namespace) -> int:
    from .data import check
    from .resources import sources_dir

    sources = args.sources if args.sources is not None else sources_dir()
    problems = check(args.data, sources)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    verified = f"quotes verified against {sources}" if sources else "quotes NOT verified (no sources folder)"
    print(f"figure base OK; {verified}")
    return 0


def _data_summary(args: argparse.Namespace) -> int:
    import pandas as pd

    from .data import summary

    with pd.option_context("display.max_rows", 500, "display.width", 120):
        for name, frame in summary(args.data).items():
            print(f"## {name}")
            print(frame.to_string())
            print()
    return 0


def _build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="zzsim", description="Policy-scenario simulation of Zhuzhou's development plans."
    )
    parser.add_argument("--version", action="version", version=f"zzsim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = commands.add_parser("data", help="check and summarise the figure base")
    data_cmds = data.add_subparsers(dest="data_command", required=True, metavar="SUBCOMMAND")
    for name, handler, help_text in (
        ("check", _data_check, "validate every file; verify quotes against the sources"),
        ("summary", _data_summary, "counts per kind, plan, table and indicator"),
    ):
        sub = data_cmds.add_parser(name, help=help_text)
        sub.add_argument("--data", type=Path, default=None, help="figure-base folder")
        if name == "check":
            sub.add_argument(
                "--sources", type=Path, default=None, help="seed documents (default ../shared/seeds)"
            )
        sub.set_defaults(handler=handler)
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
        Exit status: 0 on success, 1 on a data or model problem, 2 on a usage error.
    """
    parser = _build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ZzsimError as exc:
        print(f"zzsim: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
