"""Replications per second of the task ABM: the array core against the Mesa agent loop.

For each task table, the reference is the straightforward per-agent Mesa loop of the same
model (``zzsim.abm.TaskModel``, one replication after the other), measured in the same run.
The array core (``zzsim.abm.runner``) is timed in one process and on a warm local pool of
two processes (the pool is started and warmed up before the clock starts). Both give the
same per-run summaries for the same seeds; the script checks that on the reference's seeds.

Run: ``python bench/abm.py`` (the pool's processes are spawned, hence the main guard).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

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


def _rate(runs: int, start: float) -> float:
    return runs / (time.perf_counter() - start)


def _same(a: Summaries, b: Summaries) -> bool:
    return all(
        np.array_equal(getattr(a, f.name), getattr(b, f.name), equal_nan=True)
        for f in dataclasses.fields(a)
    )


def main() -> None:
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


if __name__ == "__main__":
    main()
