"""``zzsim attain SCENARIO... --plan PLAN``."""

from __future__ import annotations

import argparse
import sys

from .._argtypes import output_path, positive_int, seed
from ..data.schema import PLANS
from .exports import FORMATS

__all__ = ["register"]

_CSV_COLUMNS = [
    "target_id",
    "scenario",
    "method",
    "p_attain",
    "mc_se",
    "median",
    "lo",
    "hi",
    "shift_p50",
    "shift_p80",
    "unit",
    "indicator",
    "text",
]


def _task_runs(plan: str, replications: int, seed: int, progress: bool) -> object:
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


def _attain(args: argparse.Namespace) -> int:
    from ..formatting import markdown_table
    from .engine import run_attainment
    from .exports import draft_table, export

    show_progress = args.format != "csv" and sys.stderr.isatty()
    tasks = _task_runs(args.plan, args.tasks, args.seed, show_progress) if args.tasks else None
    result = run_attainment(
        args.plan,
        args.scenarios,
        args.draws,
        rng=args.seed,
        progress=show_progress,
        tasks=tasks,
    )
    if args.out is not None:
        export(result, args.out)
        print(f"wrote {args.out}", file=sys.stderr)
    if args.format == "csv":
        long = result.long[_CSV_COLUMNS]
        joint = [
            {
                "target_id": "joint",
                "scenario": s.name,
                "method": "joint",
                "p_attain": result.joint[s.name],
            }
            for s in result.scenarios
        ]
        import pandas as pd

        frame = pd.concat([long, pd.DataFrame(joint)], ignore_index=True)
        frame.to_csv(sys.stdout, index=False, float_format="%.6g")
    else:
        print(
            f"# {args.plan}: P(attain) under {', '.join(s.name for s in result.scenarios)} "
            f"({args.draws} paths per scenario, seed {result.seed})\n"
        )
        print(markdown_table(draft_table(result)), end="")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``zzsim attain`` to the ``zzsim`` parser.

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
    attain.add_argument("--plan", required=True, choices=PLANS)
    attain.add_argument("--draws", type=positive_int, default=100_000, help="paths per scenario")
    attain.add_argument(
        "--seed", type=seed, default=20210701, help="root seed (same seed, same table)"
    )
    attain.add_argument(
        "--out",
        type=output_path(*FORMATS),
        default=None,
        help="write the table (.csv, .md, .tex, .xlsx)",
    )
    attain.add_argument("--format", choices=["csv", "md"], default="md", help="what to print")
    attain.add_argument(
        "--tasks",
        type=int,
        default=0,
        metavar="N",
        help="answer count targets with the task ABM (N replications of the plan's task table)",
    )
    attain.set_defaults(handler=_attain)
