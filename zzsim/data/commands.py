"""``zzsim data check`` and ``zzsim data summary``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._argtypes import add_figures_option

__all__ = ["register"]


def _check(args: argparse.Namespace) -> int:
    from ..resources import sources_dir
    from .checks import check

    sources = args.sources if args.sources is not None else sources_dir()
    problems = check(args.data, sources, figures=args.figures)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    verified = (
        f"quotes verified against {sources}"
        if sources
        else "quotes NOT verified (no sources folder)"
    )
    print(f"figure base OK; {verified}")
    for path in args.figures or ():
        print(f"{path}: OK (its sources are your citations, not checked against the seeds)")
    return 0


def _summary(args: argparse.Namespace) -> int:
    import pandas as pd

    from .checks import summary

    with pd.option_context("display.max_rows", 500, "display.width", 120):
        for name, frame in summary(args.data, figures=args.figures).items():
            print(f"## {name}")
            print(frame.to_string())
            print()
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``data`` command and its subcommands to the ``zzsim`` parser.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subcommand collection of the top-level parser.
    """
    data = commands.add_parser("data", help="check and summarise the figure base")
    subs = data.add_subparsers(dest="data_command", required=True, metavar="SUBCOMMAND")
    check = subs.add_parser("check", help="validate every file; verify quotes against the sources")
    check.add_argument("--data", type=Path, default=None, help="figure-base folder")
    check.add_argument(
        "--sources", type=Path, default=None, help="seed documents (default ../shared/seeds)"
    )
    add_figures_option(check)
    check.set_defaults(handler=_check)
    summary = subs.add_parser("summary", help="counts per kind, plan, table and indicator")
    summary.add_argument("--data", type=Path, default=None, help="figure-base folder")
    add_figures_option(summary)
    summary.set_defaults(handler=_summary)
