"""Benchmark: draw once, compose many — 20,000 joint paths of every modelled id, 2021-2030.

For every modelled indicator (models fitted beforehand, as the attainment engine does),
prints the time of :meth:`zzsim.models.JointModel.draw` (best of three), of the first
:meth:`~zzsim.models.JointModel.compose` of a draw under a scenario's levers (a growth
shift, volatility, a random shock, share drift; it runs the forward recursion) and of a
further compose with another growth shift (what each grid point of the growth-needed
search costs), and their ratio to the floor measured in the same run: numpy generating
the same number of standard normal draws as the draw consumes (counted by wrapping the
random streams once). It also prints the memory the draw holds.

Run: ``python bench/simulate.py [--repetitions N]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

import zzsim.rng as streams_module
from zzsim.models import Adjustments, JointModel, Shock, fit_many, list_models

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


def count_normals(model: JointModel, reps: int) -> int:
    original = streams_module.Streams.__call__

    def counting(self: streams_module.Streams, *name: str | int) -> CountingGenerator:
        return CountingGenerator(original(self, *name))

    streams_module.Streams.__call__ = counting  # type: ignore[method-assign,assignment]
    try:
        CountingGenerator.count = 0
        model.draw(YEARS, reps, rng=0)
    finally:
        streams_module.Streams.__call__ = original  # type: ignore[method-assign]
    return CountingGenerator.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=20_000)
    reps = parser.parse_args().repetitions
    start = time.perf_counter()
    ids = list(list_models()["id"])  # fits every model (and the family priors) once
    model = JointModel(fit_many(ids))
    fit_time = time.perf_counter() - start
    normals = count_normals(model, reps)
    draw = model.draw(YEARS, reps, rng=0)
    nbytes = draw.nbytes
    del draw
    levers = Adjustments(
        growth_shift={y: 1.0 for y in YEARS},
        volatility=1.5,
        shocks=(Shock(-3.0, probability=0.1, persistence=0.5),),
        share_drift={"share_tertiary": 0.5},
    )
    t_draw = best_of(3, lambda: model.draw(YEARS, reps, rng=0))
    cold = []
    for seed in range(3):  # the first compose of a draw runs the forward recursion
        fresh = model.draw(YEARS, reps, rng=seed)
        start = time.perf_counter()
        model.compose(fresh, levers)
        cold.append(time.perf_counter() - start)
    t_cold = min(cold)
    shifts = [-2.0, -1.0, 1.0, 2.0, 3.0]
    start = time.perf_counter()
    for pp in shifts:  # the growth-needed search: one more growth shift on the same draw
        model.compose(fresh, replace(levers, growth_shift={y: 1.0 + pp for y in YEARS}))
    t_warm = (time.perf_counter() - start) / len(shifts)
    gen = np.random.default_rng(0)
    floor = best_of(3, lambda: gen.standard_normal(normals))
    print(
        f"indicators: {len(ids)} ({len(set(list_models()['group']))} fits), "
        f"repetitions: {reps:,}, years: {YEARS.start}-{YEARS.stop - 1}"
    )
    print(f"fit all models (once):          {fit_time:8.3f} s")
    print(f"floor: {normals:,} normal draws: {floor:8.3f} s")
    print(f"draw (best of 3):               {t_draw:8.3f} s  {t_draw / floor:6.2f} x floor")
    print(f"compose, first on a draw:       {t_cold:8.3f} s  {t_cold / floor:6.2f} x floor")
    print(f"compose, another growth shift:  {t_warm:8.3f} s  {t_warm / floor:6.2f} x floor")
    per = nbytes / 8 / reps / (len(YEARS) + 1)
    print(
        f"memory held by the draw:        {nbytes / 2**20:8.1f} MiB "
        f"({per:.1f} floats per path and year, {per / len(ids):.1f} per indicator)"
    )


if __name__ == "__main__":
    main()
