"""Replications per second of the task ABM, each beside a reference measured in the same run.

1. The command a planner runs, start-up included:
   ``zzsim tasks simulate --table 2016 --replications 1000`` (best of 3 wall times), against
   the bare start-up of a Python that imports numpy and pandas (what any zzsim command
   pays before it does anything) and against the Mesa agent loop.
2. For each task table, the array core in one process and on a warm local pool of two
   processes, against the straightforward per-agent Mesa loop of the same model
   (``zzsim.abm.TaskModel``, one replication after the other); both give the same per-run
   summaries for the same seeds, which the script checks.
3. With ``--calibration``: the wall time of the shipped calibration (``zzsim tasks
   calibrate --workers 2``, whose defaults are the shipped settings) against the time of one
   of its parameter points (``calibration.replications`` simulated years). The seed study
   of the calibration's test is ``bench/abm_seeds.py``.

Run: ``python bench/abm.py [--calibration]`` (the pool's processes are spawned, hence the
main guard).
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from zzsim.abm import TaskModel, build_network
from zzsim.abm.params import default_config
from zzsim.abm.runner import run_seeds
from zzsim.abm.summary import Summaries
from zzsim.rng import spawn_seeds

MESA_RUNS = 6
CORE_RUNS = 1024
POOL_RUNS = 4096
POOL_WORKERS = 2
CHUNK = 128
CLI_RUNS = 1000
ZZSIM = str(Path(sys.executable).with_name("zzsim"))


def _rate(runs: int, start: float) -> float:
    return runs / (time.perf_counter() - start)


def _same(a: Summaries, b: Summaries) -> bool:
    return all(
        np.array_equal(getattr(a, f.name), getattr(b, f.name), equal_nan=True)
        for f in dataclasses.fields(a)
    )


def _wall(argv: list[str], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def _mesa_rate(table: str) -> float:
    network = build_network(table)
    params = default_config().params
    start = time.perf_counter()
    for seed in spawn_seeds(2016, MESA_RUNS):
        TaskModel(network, params, rng=seed).run()
    return _rate(MESA_RUNS, start)


def command_line() -> None:
    simulate = [ZZSIM, "tasks", "simulate", "--table", "2016", "--no-progress"]
    cli = _wall([*simulate, "--replications", str(CLI_RUNS)])
    floor = _wall([sys.executable, "-c", "import numpy, pandas"])
    mesa = _mesa_rate("table2016")
    rate = CLI_RUNS / cli
    print(
        f"zzsim tasks simulate --table 2016 --replications {CLI_RUNS}: {cli:.2f} s wall, "
        f"{rate:.0f} rep/s including start-up (goal >= 300) | start-up floor (python + "
        f"numpy + pandas) {floor:.2f} s: command = {cli / floor:.1f}x the floor | "
        f"Mesa agent loop {mesa:.1f} rep/s: command = {rate / mesa:.0f}x the agent loop"
    )


def array_core() -> None:
    params = default_config().params
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=POOL_WORKERS, mp_context=context) as pool:
        for table in ("table2016", "table2008"):
            network = build_network(table)
            seeds = spawn_seeds(2016, POOL_RUNS)

            start = time.perf_counter()
            mesa = [TaskModel(network, params, rng=s).run() for s in seeds[:MESA_RUNS]]
            mesa_rate = _rate(MESA_RUNS, start)

            run_seeds(network, params, seeds[:CHUNK], workers=1, chunk_size=CHUNK)  # warm-up
            start = time.perf_counter()
            core = run_seeds(network, params, seeds[:CORE_RUNS], workers=1, chunk_size=CHUNK)
            core_rate = _rate(CORE_RUNS, start)

            warm = seeds[: 2 * POOL_WORKERS * CHUNK]  # every worker imported and warm
            run_seeds(network, params, warm, executor=pool, chunk_size=CHUNK)
            start = time.perf_counter()
            run_seeds(network, params, seeds, executor=pool, chunk_size=CHUNK)
            pool_rate = _rate(POOL_RUNS, start)

            agree = all(_same(m, core.take(k)) for k, m in enumerate(mesa))
            print(
                f"{table}: Mesa agent loop {mesa_rate:8.1f} rep/s | array core, 1 process "
                f"{core_rate:8.1f} rep/s ({core_rate / mesa_rate:5.1f}x) | array core, "
                f"{POOL_WORKERS} processes {pool_rate:8.1f} rep/s "
                f"({pool_rate / mesa_rate:5.1f}x) | identical summaries: {agree}"
            )


def calibration() -> None:
    network = build_network("table2016")
    config = default_config()
    years = config.calibration.replications
    seeds = spawn_seeds(config.calibration.seed, years)
    start = time.perf_counter()
    run_seeds(network, config.params, seeds, workers=1)
    point = time.perf_counter() - start
    wall = _wall([ZZSIM, "tasks", "calibrate", "--workers", "2", "--no-progress"], repeats=1)
    print(
        f"zzsim tasks calibrate --workers 2: {wall:.0f} s wall | one parameter point "
        f"({years} years, 1 process) {point:.2f} s: calibration = {wall / point:.0f} points"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibration", action="store_true", help="also time the calibration")
    args = parser.parse_args()
    command_line()
    array_core()
    if args.calibration:
        calibration()


if __name__ == "__main__":
    main()
