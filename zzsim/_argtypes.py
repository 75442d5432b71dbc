"""Argument types shared by the ``zzsim`` subcommands: bad values fail at parse time."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ._io import check_output
from .rng import SEED_BOUND


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def bounded_int(lo: int, hi: int | None = None) -> Callable[[str], int]:
    """Parse a whole number in ``[lo, hi]`` (``hi`` None: no upper limit)."""

    def parse(text: str) -> int:
        value = _whole(text)
        if value < lo:
            raise argparse.ArgumentTypeError(f"expected at least {lo}, got {value}")
        if hi is not None and value > hi:
            raise argparse.ArgumentTypeError(f"expected at most {hi}, got {value}")
        return value

    return parse


#: a whole number of at least 1 (draws, replications)
positive_int = bounded_int(1)
#: a root seed: a whole number in [0, 2**63)
seed = bounded_int(0, SEED_BOUND - 1)


def output_path(*suffixes: str) -> Callable[[str], Path]:
    """Parse an output file whose suffix is one of ``suffixes`` (checked before any work).

    A wrong suffix is a usage error; a path that cannot take a file (missing folder, a
    folder, read-only, inside ``data/``: :func:`zzsim._io.check_output`) raises
    :class:`~zzsim.errors.OutputError`, which argparse lets through to the command line's
    error handling (exit status 1), before any work starts.
    """

    def parse(text: str) -> Path:
        path = Path(text)
        if path.suffix.lower() not in suffixes:
            raise argparse.ArgumentTypeError(
                f"{text!r}: the format follows the suffix, one of {', '.join(suffixes)}"
            )
        check_output(path)
        return path

    return parse


def add_figures_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--figures FILE`` (repeatable): the planner's own figures, merged with the base."""
    parser.add_argument(
        "--figures",
        action="append",
        type=Path,
        default=None,
        metavar="FILE",
        help="your own figures (CSV or .xlsx in the columns of data/series/*.csv, with "
        "your citation in 'source'); repeatable",
    )
