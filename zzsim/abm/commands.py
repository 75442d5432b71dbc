"""``zzsim tasks simulate``, ``zzsim tasks calibrate`` and ``zzsim tasks compare``."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .._argtypes import bounded_int, output_path, positive_int, seed
from ..formatting import markdown_table

if TYPE_CHECKING:
    import pandas as pd

    from .params import Params

__all__ = ["register"]

_TABLES = {"2008": "table2008", "2016": "table2016"}
_TASK_COLUMNS = [
    "name",
    "lead",
    "kind",
    "key",
    "observed",
    "p_complete",
    "p_complete_se",
    "median_week",
    "p_on_track_midyear",
]
def _progress(args: argparse.Namespace) -> bool:
    """Show a progress bar only on a terminal, and not with ``--no-progress``."""
    return sys.stderr.isatty() and not args.no_progress


def _emit(frame: pd.DataFrame, fmt: str, digits: int = 4) -> None:
    frame = frame.round(digits)
    print(markdown_table(frame) if fmt == "md" else frame.to_csv(lineterminator="\n"), end="")


def _params(args: argparse.Namespace) -> Params:
    from .params import default_config, read_overrides

    config = default_config()
    params = config.params
    if args.params is not None:
        params = params.replace(**read_overrides(args.params))
    return (
        config.intervention(args.intervention).apply(params) if "intervention" in args else params
    )


def _simulate(args: argparse.Namespace) -> int:
    from .network import build_network
    from .runner import simulate

    network = build_network(_TABLES[args.table])
    results = simulate(
        network,
        _params(args),
        replications=args.replications,
        rng=args.seed,
        workers=args.workers,
        progress=_progress(args),
    )
    _emit(results.tasks()[_TASK_COLUMNS], args.format)
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    from .calibration import calibrate
    from .network import build_network
    from .params import write_overrides

    result = calibrate(
        build_network("table2016"),
        params=_params(args),
        replications=args.replications,
        test_replications=args.test_replications,
        rng=args.seed,
        workers=args.workers,
        progress=_progress(args),
    )
    _emit(result.moments.drop(columns="description"), args.format)
    print()
    _emit(result.parameters.drop(columns="description"), args.format)
    print()
    _emit(result.tasks.drop(columns="evidence"), args.format)
    print(f"\n{result.j_line()}; calibration took {result.wall_seconds:.0f} s")
    if args.out is not None:
        given = ["--replications", str(args.replications), "--seed", str(args.seed)]
        given += ["--test-replications", str(args.test_replications)]
        if args.params is not None:
            given += ["--params", str(args.params)]
        command = shlex.join(["zzsim", "tasks", "calibrate", *given])
        write_overrides(args.out, result.record(command), comment=command)
    return 0


def _compare(args: argparse.Namespace) -> int:
    from .interventions import compare_interventions, explain_interventions, run_interventions
    from .network import build_network

    runs = run_interventions(
        build_network(_TABLES[args.table]),
        params=_params(args),
        replications=args.replications,
        rng=args.seed,
        workers=args.workers,
        progress=_progress(args),
    )
    _emit(compare_interventions(runs), args.format)
    print()
    _emit(explain_interventions(runs)[["driver", "sentence"]], args.format)
    return 0


def _common(parser: argparse.ArgumentParser, replications: int, root: int = 2016) -> None:
    parser.add_argument(
        "--replications",
        type=positive_int,
        default=replications,
        help="simulated years (checked against the memory they need before any run)",
    )
    parser.add_argument(
        "--seed", type=seed, default=root, help="root seed (same seed, same output)"
    )
    parser.add_argument("--format", choices=("csv", "md"), default="csv", help="output format")
    parser.add_argument(
        "--workers",
        type=bounded_int(1),
        default=None,
        help="processes of the local pool (1: this process; default: this process for "
        "small runs, all cores for large ones)",
    )
    parser.add_argument(
        "--params",
        type=Path,
        default=None,
        help="YAML or JSON of parameter values (e.g. from calibrate --out)",
    )
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="hide the progress bar (shown only when stderr is a terminal)",
    )


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``tasks`` command and its subcommands to the ``zzsim`` parser.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subcommand collection of the top-level parser.
    """
    from .params import RECORD_SUFFIXES, default_config

    settings = default_config().calibration
    tasks = commands.add_parser("tasks", help="agent-based model of inter-agency task completion")
    subs = tasks.add_subparsers(dest="tasks_command", required=True, metavar="SUBCOMMAND")
    interventions = ["status_quo", *default_config().interventions]

    simulate = subs.add_parser(
        "simulate", help="P(complete), median week and P(on track at mid-year) per task"
    )
    simulate.add_argument("--table", choices=sorted(_TABLES), required=True, help="task table")
    simulate.add_argument(
        "--intervention", choices=interventions, default="status_quo", help="intervention to apply"
    )
    _common(simulate, 1000)
    simulate.set_defaults(handler=_simulate)

    calibrate = subs.add_parser(
        "calibrate", help="fit the model to the 2016 mid-year report (simulated method of moments)"
    )
    _common(calibrate, settings.replications, settings.seed)
    calibrate.add_argument(
        "--test-replications",
        type=bounded_int(2),
        default=settings.test_replications,
        help="fresh simulated years at the estimate for J, the moments and the tasks, and as "
        "many draws of J's reference distribution",
    )
    calibrate.add_argument(
        "--out",
        type=output_path(*RECORD_SUFFIXES),
        default=None,
        help="write the calibration record (estimates, moments, J) as .yaml, .yml or .json",
    )
    calibrate.set_defaults(handler=_calibrate)

    compare = subs.add_parser(
        "compare", help="each intervention against the status quo, with CIs and what drives it"
    )
    compare.add_argument("--table", choices=sorted(_TABLES), required=True, help="task table")
    _common(compare, 500)
    compare.set_defaults(handler=_compare)
