"""``zzsim forecast`` and ``zzsim indicators``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._argtypes import add_figures_option, bounded_int, positive_int, seed
from ..formatting import markdown_table

__all__ = ["register"]

_COLUMNS = ["indicator", "year", "median", "lo", "hi"]


def _forecast(args: argparse.Namespace) -> int:
    import pandas as pd

    from .registry import fit_many, group_of

    for ind in args.indicators:
        group_of(ind, args.data)  # unknown ids fail before any fitting
    fitted = fit_many(args.indicators, cutoff=args.cutoff, data_dir=args.data, figures=args.figures)
    frames = []
    for ind in args.indicators:
        table = fitted[ind].forecast(args.years, args.level, draws=args.draws, rng=args.seed)
        frames.append(table.reset_index().assign(indicator=ind))
    out = pd.concat(frames, ignore_index=True)[_COLUMNS]
    out[["median", "lo", "hi"]] = out[["median", "lo", "hi"]].round(4)
    if args.format == "md":
        print(markdown_table(out, index=False), end="")
    else:
        out.to_csv(sys.stdout, index=False)
    return 0


def _indicators(args: argparse.Namespace) -> int:
    from .registry import list_models

    table = list_models(data_dir=args.data, figures=args.figures)[
        ["id", "unit", "name", "family", "group", "figures", "last_year", "evidence", "model"]
    ]
    if args.format == "md":
        print(markdown_table(table, index=False), end="")
    elif args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    else:
        print(table.to_string(index=False))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``forecast`` and ``indicators`` commands to the ``zzsim`` parser.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subcommand collection of the top-level parser.
    """
    forecast = commands.add_parser(
        "forecast",
        help="median and interval of modelled indicators by year",
        description="Fit the default model of each indicator (on figures known by --cutoff) "
        "and print one row per indicator and year: indicator,year,median,lo,hi.",
    )
    forecast.add_argument(
        "indicators", nargs="+", metavar="INDICATOR", help="modelled ids (see `zzsim indicators`)"
    )
    forecast.add_argument(
        "--cutoff",
        type=bounded_int(1949, 2100),
        default=None,
        help="use figures about years <= YEAR published by YEAR+1 (default: all)",
    )
    forecast.add_argument(
        "--years", type=int, nargs="+", required=True, metavar="Y", help="years to forecast"
    )
    forecast.add_argument(
        "--level", type=float, default=0.8, help="coverage of the interval (default 0.8)"
    )
    forecast.add_argument(
        "--draws", type=positive_int, default=10_000, help="simulated paths (default 10000)"
    )
    forecast.add_argument("--seed", type=seed, default=0, help="random seed (default 0)")
    forecast.add_argument("--format", choices=("csv", "md"), default="csv")
    forecast.add_argument("--data", type=Path, default=None, help="figure-base folder")
    add_figures_option(forecast)
    forecast.set_defaults(handler=_forecast)

    indicators = commands.add_parser(
        "indicators",
        help="list the modelled indicators",
        description="One row per indicator with a usable city-wide figure: its family, the "
        "figures behind its model, the last year and the evidence grade (data, data+prior, "
        "prior: how far the figures move the forecast from the prior).",
    )
    indicators.add_argument("--format", choices=("text", "csv", "md"), default="text")
    indicators.add_argument("--data", type=Path, default=None, help="figure-base folder")
    add_figures_option(indicators)
    indicators.set_defaults(handler=_indicators)
