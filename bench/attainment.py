"""Time the 14th Five-Year Plan attainment table: 3 scenarios x 100,000 joint paths.

Prints the time of the full table (with and without the growth-needed search) and its
ratio to the floor measured in the same run: numpy generating the same number of standard
normal draws as the joint simulation consumes (paths x years x modelled indicators x
scenarios).
"""

from __future__ import annotations

import time

import numpy as np

from zzsim.attainment import plan_targets, run_attainment

DRAWS = 100_000
SCENARIOS = ("baseline", "downside", "upside")


def _best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    planned = [p for p in plan_targets("fyp14") if p.simulated]
    indicators = {p.target.indicator for p in planned}
    first = min(p.years[0] for p in planned)
    last = max(p.years[1] for p in planned)
    n_normals = DRAWS * (last - first + 1) * len(indicators) * len(SCENARIOS)
    rng = np.random.default_rng(0)
    floor = _best_of(3, lambda: rng.standard_normal(n_normals))
    run_attainment("fyp14", SCENARIOS, 1_000, rng=1, progress=False)  # warm up: fits, imports
    table = _best_of(
        1, lambda: run_attainment("fyp14", SCENARIOS, DRAWS, rng=1, progress=False, lever_grid=())
    )
    full = _best_of(1, lambda: run_attainment("fyp14", SCENARIOS, DRAWS, rng=1, progress=False))
    print(f"fyp14: {len(planned)} simulated targets, {len(indicators)} indicators, {first}-{last}")
    print(f"floor: numpy, {n_normals:,} normal draws  {floor:8.3f} s")
    print(f"table: 3 scenarios x {DRAWS:,} paths     {table:8.3f} s  {table / floor:6.1f} x floor")
    print(f"full:  table + growth-needed search  {full:8.3f} s  {full / floor:6.1f} x floor")


if __name__ == "__main__":
    main()
