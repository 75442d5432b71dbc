"""Argument types shared by the ``zzsim`` subcommands: bad values fail at parse time."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def positive_int(text: str) -> int:
    """Parse a whole number of at least 1 (draws, replications)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def output_path(*suffixes: str) -> Callable[[str], Path]:
    """Parse an output file whose suffix is one of ``suffixes`` (checked before any work)."""

    def parse(text: str) -> Path:
        path = Path(text)
        if path.suffix.lower() not in suffixes:
            raise argparse.ArgumentTypeError(
                f"{text!r}: the format follows the suffix, one of {', '.join(suffixes)}"
            )
        return path

    return parse
