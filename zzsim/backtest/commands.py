"""``zzsim backtest --plan PLAN --cutoff YEAR``."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from .._argtypes import add_figures_option, bounded_int, positive_int, seed
from ..data.schema import PLANS

__all__ = ["register"]

#: columns printed per target (md and csv)
_ROW_COLUMNS = [
    "target_id",
    "scenario",
    "p_attain",
    "median",
    "lo",
    "hi",
    "attained",
    "realised",
    "pit",
    "p_persistence",
    "p_rate_of_change",
    "realised_id",
    "text",
]


def _verdict(value: object) -> str:
    return "unknown" if value is pd.NA or value is None else str(bool(value)).lower()


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame[_ROW_COLUMNS].copy()
    rows["attained"] = [_verdict(v) for v in rows["attained"]]
    rows["realised_id"] = rows["realised_id"].fillna("")
    return rows


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as short text for Markdown (4 significant digits, empty for NaN)."""

    def cell(value: object) -> object:
        if isinstance(value, float):
            return "" if pd.isna(value) else f"{value:.4g}"
        return value

    return frame.apply(lambda column: column.map(cell))


def _backtest(args: argparse.Namespace) -> int:
    from ..formatting import markdown_table
    from .runner import backtest
    from .summary import scores

    frame = backtest(
        args.plan,
        args.cutoff,
        args.scenarios or ("baseline",),
        args.draws,
        rng=args.seed,
        progress=sys.stderr.isatty(),
        figures=args.figures,
    )
    table = scores(frame, common=not args.own_targets)
    if args.format == "csv":
        out = table if args.scores else _rows(frame)
        out.to_csv(sys.stdout, index=False, float_format="%.6g")
        return 0
    known = int(frame.drop_duplicates("target_id")["attained"].notna().sum())
    total = frame["target_id"].nunique()
    print(
        f"# backtest of {args.plan} at cutoff {args.cutoff} ({args.draws} paths, "
        f"seed {args.seed}; {known} of {total} outcomes recorded)\n"
    )
    if not args.scores:
        print(markdown_table(_cells(_rows(frame).set_index("target_id"))), end="")
    print("## scores (lower Brier and log scores are better; coverage80 should be near 0.8)\n")
    if not table["n"].any():
        every = "" if args.own_targets else " from every model (see --own-targets)"
        print(
            f"Nothing is scored (n = 0): no target of {args.plan} has a recorded outcome "
            f"and a forecast{every} at cutoff {args.cutoff}.\n"
        )
    print(markdown_table(_cells(table.set_index("model"))), end="")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``zzsim backtest`` to the ``zzsim`` parser.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subcommand collection of the top-level parser.
    """
    parser = commands.add_parser(
        "backtest", help="P(attain) as known at a cutoff against the recorded outcomes, with scores"
    )
    parser.add_argument("--plan", required=True, choices=PLANS)
    parser.add_argument(
        "--cutoff",
        required=True,
        type=bounded_int(1949, 2100),
        metavar="YEAR",
        help="last year the models may use (fyp13, annual2016: 2015; annual2020: 2019)",
    )
    parser.add_argument(
        "--draws", type=positive_int, default=20_000, help="simulated paths per scenario"
    )
    parser.add_argument(
        "--seed", type=seed, default=20210701, help="root seed (same seed, same table)"
    )
    parser.add_argument(
        "--scenario",
        dest="scenarios",
        action="append",
        metavar="NAME",
        help="scenario to simulate (repeatable; default baseline)",
    )
    add_figures_option(parser)
    parser.add_argument("--format", choices=["csv", "md"], default="md", help="what to print")
    parser.add_argument(
        "--scores",
        action="store_true",
        help="print only the score table (model,brier,log_score,coverage80,n)",
    )
    parser.add_argument(
        "--own-targets",
        action="store_true",
        help="score each forecaster on every recorded target it forecasts "
        "(default: only the targets all forecasters forecast)",
    )
    parser.set_defaults(handler=_backtest)
