"""Time and memory of the 14th Five-Year Plan attainment table.

Prints, each with its ratio to a reference measured in the same run:

- the full table (3 scenarios x 100,000 joint paths, growth-needed search included) and
  the table alone, against the *floor*: numpy drawing one standard normal per path, year
  and modelled indicator for every scenario (``3 x 100,000 x years x indicators``);
- the peak resident memory of 1,000,000 paths of one scenario, and of 100,000, each in a
  fresh process, against the memory of a process that only imports zzsim and fits the
  models (so the difference is what the paths cost).

Run: ``python bench/attainment.py`` (``--quick`` for 10x fewer paths).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np

DRAWS = 100_000
SCENARIOS = ("baseline", "downside", "upside")

_MEMORY = """
import json, resource, sys
from zzsim.attainment import run_attainment
draws = int(sys.argv[1])
run_attainment("fyp14", ["baseline"], max(draws, 1), rng=1, progress=False, lever_grid=())
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))
"""


def _best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _peak_bytes(draws: int) -> int:
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY, str(draws)], capture_output=True, text=True, check=True
    )
    return int(json.loads(out.stdout.strip().splitlines()[-1]))


def main(quick: bool = False) -> None:
    from zzsim.attainment import run_attainment

    draws = DRAWS // 10 if quick else DRAWS
    warm = run_attainment("fyp14", SCENARIOS, 1_000, rng=1, progress=False)  # imports, fits
    simulated = [p for p in warm.planned if p.simulated]
    indicators = {p.target.indicator for p in simulated}
    first = min(warm.present, *(p.years[0] for p in simulated))
    last = max(p.years[1] for p in simulated)
    n_normals = draws * (last - first + 1) * len(indicators) * len(SCENARIOS)
    rng = np.random.default_rng(0)
    floor = _best_of(3, lambda: rng.standard_normal(n_normals))
    table = _best_of(
        1, lambda: run_attainment("fyp14", SCENARIOS, draws, rng=1, progress=False, lever_grid=())
    )
    full = _best_of(1, lambda: run_attainment("fyp14", SCENARIOS, draws, rng=1, progress=False))
    print(
        f"fyp14: {len(simulated)} simulated targets, {len(indicators)} indicators, {first}-{last}"
    )
    print(f"floor: numpy, {n_normals:,} normal draws      {floor:8.3f} s")
    print(
        f"table: 3 scenarios x {draws:,} paths        {table:8.3f} s  {table / floor:6.1f} x floor"
    )
    print(f"full:  table + growth-needed search      {full:8.3f} s  {full / floor:6.1f} x floor")
    big = 100_000 if quick else 1_000_000
    base, small, large = _peak_bytes(1), _peak_bytes(big // 10), _peak_bytes(big)
    mb = 2**20
    print(f"memory: fitted models, 1 path                 {base / mb:8.0f} MB")
    print(f"memory: 1 scenario x {big // 10:>9,} paths          {small / mb:8.0f} MB")
    print(f"memory: 1 scenario x {big:>9,} paths          {large / mb:8.0f} MB")
    added_small, added_large = (small - base) / mb, (large - base) / mb
    print(
        f"memory added by the paths: {added_small:.0f} MB for {big // 10:,}, "
        f"{added_large:.0f} MB for {big:,}"
    )


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
