"""``zzsim targets read``: draft targets from a text file."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

__all__ = ["register", "window"]

_WINDOW = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


def window(text: str) -> tuple[int, int]:
    """Parse ``START-END`` (``2026-2030``) or a single year (``2026``) into a window.

    Parameters
    ----------
    text : str

    Returns
    -------
    tuple of int

    Raises
    ------
    argparse.ArgumentTypeError
        For anything else, or an end before the start.
    """
    m = _WINDOW.match(text.strip())
    if m is None:
        raise argparse.ArgumentTypeError(
            f"expected START-END years such as 2026-2030, got {text!r}"
        )
    start = int(m.group(1))
    end = int(m.group(2) or start)
    if end < start:
        raise argparse.ArgumentTypeError(f"window {text!r} ends before it starts")
    return start, end


def _render(frame: object, fmt: str) -> str:
    import pandas as pd

    from ..formatting import markdown_table

    assert isinstance(frame, pd.DataFrame)
    if fmt == "md":
        return markdown_table(frame.fillna(""), index=False)
    return str(frame.to_csv(index=False, lineterminator="\n"))


def _read(args: argparse.Namespace) -> int:
    from .._io import atomic_write
    from .reader import read_targets, read_text_file

    text = read_text_file(args.file)
    found = read_targets(text, window=args.window, plan=args.plan, source=args.file.name)
    if args.out is not None:
        fmt = args.out.suffix.lower().lstrip(".")
        body = _render(found.targets, fmt)
        if fmt == "md":
            body += "\n## Sentences with a number but no target\n\n" + _render(found.unread, fmt)
        atomic_write(args.out, lambda tmp: tmp.write_text(body, encoding="utf-8"))
        print(f"{len(found.targets)} target(s) written to {args.out}")
    elif args.format == "md":
        print(_render(found.targets, "md"))
    else:
        sys.stdout.write(_render(found.targets, "csv"))
    unread = found.unread
    stream = sys.stdout if args.format == "md" else sys.stderr
    if args.out is None or args.format == "md":
        print(f"\n## {len(unread)} sentence(s) with a number but no target\n", file=stream)
        print(_render(unread, "md") if args.format == "md" else _render(unread, "csv"), file=stream)
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``zzsim targets read`` to the ``zzsim`` parser.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subcommand collection of the top-level parser.
    """
    from .._argtypes import output_path

    targets = commands.add_parser("targets", help="read plan targets from text")
    subs = targets.add_subparsers(dest="targets_command", required=True, metavar="SUBCOMMAND")
    read = subs.add_parser(
        "read",
        help="draft targets from a .txt/.md file, in the columns of data/targets/*.csv",
        description="Read every target of a text (a sentence or a pasted chapter) and print "
        "it in the columns of data/targets/*.csv, then every sentence that holds a number "
        "but gave no target, with the reason (to stderr with --format csv).",
    )
    read.add_argument("file", type=Path, metavar="FILE", help="UTF-8 .txt or .md file")
    read.add_argument(
        "--window",
        type=window,
        default=None,
        metavar="START-END",
        help="window for sentences whose text and headings name none (e.g. 2026-2030)",
    )
    read.add_argument(
        "--plan", default=None, help="the plan column (default from the window: fyp15, ...)"
    )
    read.add_argument("--format", choices=["csv", "md"], default="md", help="what to print")
    read.add_argument(
        "--out",
        type=output_path(".csv", ".md"),
        default=None,
        help="write the targets to a .csv (the columns of data/targets) or .md file",
    )
    read.set_defaults(handler=_read)
