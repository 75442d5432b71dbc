"""Benchmark: draw once, compose many — 100,000 joint paths over 2021-2030.

For every modelled indicator (models fitted beforehand, as the attainment engine does),
prints the time of :meth:`zzsim.models.JointModel.draw` and of
:meth:`~zzsim.models.JointModel.compose` (without levers, and with a scenario's levers:
a growth shift, volatility, a random shock, share drift), each best of three, and their
ratio to the floor measured in the same run: numpy generating the same number of
standard normal draws as the draw consumes (counted by wrapping the random streams once).
It also prints the memory the draw holds.

Run: ``python bench/simulate.py [--repetitions N]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

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
    parser.add_argument("--repetitions", type=int, default=100_000)
    reps = parser.parse_args().repetitions
    ids = list(list_models()["id"])
    start = time.perf_counter()
    model = JointModel(fit_many(ids))
    fit_time = time.perf_counter() - start
    normals = count_normals(model, reps)
    draw = model.draw(YEARS, reps, rng=0)
    levers = Adjustments(
        growth_shift={y: 1.0 for y in YEARS},
        volatility=1.5,
        shocks=(Shock(-3.0, probability=0.1, persistence=0.5),),
        share_drift={"share_tertiary": 0.5},
    )
    model.compose(draw, levers)  # the shock's uniforms are drawn on first use
    t_draw = best_of(3, lambda: model.draw(YEARS, reps, rng=0))
    t_plain = best_of(3, lambda: model.compose(draw))
    t_levers = best_of(3, lambda: model.compose(draw, levers))
    gen = np.random.default_rng(0)
    floor = best_of(3, lambda: gen.standard_normal(normals))
    print(
        f"indicators: {len(ids)} ({len(set(list_models()['group']))} fits), "
        f"repetitions: {reps:,}, years: {YEARS.start}-{YEARS.stop - 1}"
    )
    print(f"fit all models (once):          {fit_time:8.3f} s")
    print(f"floor: {normals:,} normal draws: {floor:8.3f} s")
    print(f"draw (best of 3):               {t_draw:8.3f} s  {t_draw / floor:6.2f} x floor")
    print(f"compose, no levers:             {t_plain:8.3f} s  {t_plain / floor:6.2f} x floor")
    print(f"compose, scenario levers:       {t_levers:8.3f} s  {t_levers / floor:6.2f} x floor")
    print(
        f"memory held by the draw:        {draw.nbytes / 2**20:8.1f} MiB "
        f"({draw.nbytes / 8 / reps / draw.span.size:.1f} floats per path and year)"
    )


if __name__ == "__main__":
    main()
