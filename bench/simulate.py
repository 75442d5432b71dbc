"""Benchmark: 100,000 joint paths over 2021-2030 for every modelled indicator.

Prints the time of :func:`zzsim.models.simulate_joint` (best of three, models fitted
beforehand as the attainment engine does) and its ratio to the floor measured in the
same run: numpy generating the same number of standard normal draws the simulation
consumes (counted by wrapping the random streams once).

Run: ``python bench/simulate.py [--repetitions N]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

import zzsim.rng as streams_module
from zzsim.models import fit_many, list_models, simulate_joint

YEARS = range(2021, 2031)


def best_of(n: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


class CountingGenerator:
    """Delegates to a Generator and counts the standard normal draws."""

    count = 0

    def __init__(self, gen: np.random.Generator) -> None:
        self._gen = gen

    def standard_normal(self, size: int | tuple[int, ...]) -> np.ndarray:
        CountingGenerator.count += int(np.prod(size))
        return self._gen.standard_normal(size)

    def __getattr__(self, name: str) -> object:
        return getattr(self._gen, name)


def count_normals(ids: list[str], reps: int, fitted: dict) -> int:
    original = streams_module.Streams.__call__

    def counting(self: streams_module.Streams, *name: str | int) -> CountingGenerator:
        return CountingGenerator(original(self, *name))

    streams_module.Streams.__call__ = counting  # type: ignore[method-assign,assignment]
    try:
        CountingGenerator.count = 0
        simulate_joint(ids, YEARS, reps, rng=0, fitted=fitted)
    finally:
        streams_module.Streams.__call__ = original  # type: ignore[method-assign]
    return CountingGenerator.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=100_000)
    reps = parser.parse_args().repetitions
    ids = list(list_models()["id"])
    start = time.perf_counter()
    fitted = fit_many(ids)
    fit_time = time.perf_counter() - start
    normals = count_normals(ids, reps, fitted)
    joint = best_of(3, lambda: simulate_joint(ids, YEARS, reps, rng=0, fitted=fitted))
    gen = np.random.default_rng(0)
    floor = best_of(3, lambda: gen.standard_normal(normals))
    print(f"indicators: {len(ids)} ({len(set(list_models()['group']))} fits), "
          f"repetitions: {reps:,}, years: {YEARS.start}-{YEARS.stop - 1}")
    print(f"fit all models (once):        {fit_time:8.3f} s")
    print(f"simulate_joint (best of 3):   {joint:8.3f} s")
    print(f"floor: {normals:,} normal draws: {floor:8.3f} s")
    print(f"ratio to floor:               {joint / floor:8.2f}")


if __name__ == "__main__":
    main()
