"""``zzsim attain SCENARIO... (--plan PLAN | --targets FILE)`` and ``zzsim explain TARGET``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .._argtypes import add_figures_option, bounded_int, output_path, positive_int, seed
from ..data.schema import PLANS
from ..targets.commands import window
from .exports import FORMATS
from .results import LONG_COLUMNS, STATISTICS

__all__ = ["register"]

#: the first columns of ``--format csv`` (one row per target and scenario, then the joint
#: rows); the other columns of :data:`~zzsim.attainment.results.LONG_COLUMNS` follow them
_CSV_FIRST = ("target_id", "scenario", "method", *STATISTICS, "unit", "indicator", "text")
CSV_COLUMNS = [*_CSV_FIRST, *(c for c in LONG_COLUMNS if c not in _CSV_FIRST and c != "plan")]


def targets_of(args: argparse.Namespace) -> Any:
    """Return the plan id, or the targets read from ``--targets`` (a CSV or a text draft)."""
    if args.targets is None:
        return args.plan
    from .target_files import load_target_file

    return load_target_file(args.targets, window=args.window)


def _run(args: argparse.Namespace, *, lever: bool = True) -> Any:
    from .pipeline import LEVER_GRID, run_attainment

    show_progress = sys.stderr.isatty()
    tasks = None
    if getattr(args, "tasks", 0):
        tasks = _task_runs(args.plan, args.tasks, args.seed, show_progress)
    return run_attainment(
        targets_of(args),
        args.scenarios,
        args.draws,
        rng=args.seed,
        as_of=args.as_of,
        figures=args.figures,
        around=args.around,
        progress=show_progress,
        tasks=tasks,
        lever_grid=LEVER_GRID if lever else (),
    )


def _task_runs(plan: str | None, replications: int, seed: int, progress: bool) -> object:
    """Replications of the task table that serves ``plan`` (for its count targets)."""
    from ..abm import build_network, default_config, simulate
    from ..errors import ModelError

    config = default_config()
    tables = [name for name, table in config.tables.items() if table.plan == plan]
    if not tables:
        raise ModelError(
            f"no task table serves plan {plan!r}; --tasks applies to "
            f"{', '.join(t.plan for t in config.tables.values())}"
        )
    return simulate(
        build_network(tables[0], config=config),
        replications=replications,
        rng=seed,
        progress=progress,
        workers=1,
    )


def _title(args: argparse.Namespace, result: Any) -> str:
    what = args.plan if args.targets is None else Path(args.targets).name
    scen = ", ".join(s.name for s in result.scenarios)
    return (
        f"# {what}: P(attain) under {scen}\n"
        f"{result.draws:,} paths per scenario · seed {result.seed} · planning date "
        f"{result.present}"
    )


def _attain(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..formatting import fill, markdown_table
    from .exports import compact_table, export, not_modelled_note, notes

    result = _run(args)
    if args.out is not None:
        export(result, args.out)
        print(f"wrote {args.out}", file=sys.stderr)
    if args.format == "csv":
        long = result.long[CSV_COLUMNS]
        joint = pd.DataFrame(
            [
                {"target_id": "joint", "scenario": s.name, "method": "joint", "p_attain": p}
                for s, p in zip(result.scenarios, result.joint, strict=True)
            ]
        )
        frame = pd.concat([long, joint], ignore_index=True)
        frame.to_csv(sys.stdout, index=False, float_format="%.6g")
        return 0
    print(_title(args, result) + "\n")
    table = compact_table(result, all_targets=args.all)
    if len(table):
        print(markdown_table(table), end="")
    print()
    for line in [*notes(result), not_modelled_note(result)]:
        print(fill(line, 98, first="- ", rest="  "))
    return 0


def _explain(args: argparse.Namespace) -> int:
    from ..errors import TargetError
    from .explain import explain

    if args.plan is None and args.targets is None:
        prefix = args.target_id.rsplit("-", 1)[0]
        if prefix not in PLANS:
            raise TargetError(
                f"{args.target_id!r} names no built-in plan; give --plan or --targets FILE"
            )
        args.plan = prefix
    result = _run(args, lever=False)
    print(explain(result, args.target_id, png=args.png), end="")
    if args.png is not None:
        print(f"wrote {args.png}", file=sys.stderr)
    return 0


def _common(parser: argparse.ArgumentParser, *, default_draws: int, plan_required: bool) -> None:
    source = parser.add_mutually_exclusive_group(required=plan_required)
    source.add_argument(
        "--plan",
        choices=PLANS,
        help="a built-in plan" + ("" if plan_required else " (default: the id's prefix)"),
    )
    source.add_argument(
        "--targets",
        type=Path,
        metavar="FILE",
        help="your targets: a CSV in the columns of data/targets/*.csv, or a draft as "
        "UTF-8 text (.txt/.md, read as `zzsim targets read` does)",
    )
    parser.add_argument(
        "--window",
        type=window,
        default=None,
        metavar="START-END",
        help="plan period of a text draft whose sentences name no years (e.g. 2026-2030)",
    )
    add_figures_option(parser)
    parser.add_argument(
        "--as-of",
        type=bounded_int(1949, 2100),
        default=None,
        metavar="YEAR",
        help="planning date: use only figures known in YEAR (default: the last year with a "
        "city-wide figure)",
    )
    parser.add_argument(
        "--draws", type=positive_int, default=default_draws, help="paths per scenario"
    )
    parser.add_argument(
        "--seed", type=seed, default=20210701, help="root seed (same seed, same table)"
    )
    parser.add_argument(
        "--around",
        choices=("one-sided", "band"),
        default="one-sided",
        help="read 左右 one-sided in the good direction (default, as plan evaluations "
        "grade it) or as a two-sided band",
    )


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``zzsim attain`` and ``zzsim explain`` to the ``zzsim`` parser.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subcommand collection of the top-level parser.
    """
    attain = commands.add_parser(
        "attain", help="probability of attaining each target of a plan under scenarios"
    )
    attain.add_argument(
        "scenarios",
        nargs="+",
        metavar="SCENARIO",
        help="scenario name from scenarios/ or a path to a YAML file",
    )
    _common(attain, default_draws=100_000, plan_required=True)
    attain.add_argument(
        "--out",
        type=output_path(*FORMATS),
        default=None,
        help="write the tables (.csv, .md, .tex, .xlsx with a sheet per view, .docx 三线表)",
    )
    attain.add_argument("--format", choices=["csv", "md"], default="md", help="what to print")
    attain.add_argument(
        "--all", action="store_true", help="list every target, the not-modelled ones with reasons"
    )
    attain.add_argument(
        "--tasks",
        type=bounded_int(0, 100_000),
        default=0,
        metavar="N",
        help="answer count targets with the task ABM (N replications of the plan's task table)",
    )
    attain.set_defaults(handler=_attain)

    explain = commands.add_parser(
        "explain", help="what one target's probability rests on: figures, model, fan chart"
    )
    explain.add_argument("target_id", metavar="TARGET_ID")
    explain.add_argument(
        "--scenarios",
        nargs="+",
        default=["baseline", "downside", "upside"],
        metavar="SCENARIO",
        help="scenarios (default: baseline downside upside)",
    )
    _common(explain, default_draws=20_000, plan_required=False)
    explain.add_argument(
        "--png", type=output_path(".png"), default=None, help="write the fan chart (.png)"
    )
    explain.set_defaults(handler=_explain)
