"""Validation of the trajectory models: the tables of issue 10, printed.

Sections (all by default, or name them):

- ``coverage`` — coverage of 80% intervals on synthetic series of each family with 1, 2,
  3 and 5 figures (simulation-based calibration: the truth drawn from the model's own
  prior, :mod:`zzsim.models.calibration`), and the shock-only comparison;
- ``lfo`` — leave-future-out on the documents (fit at 2015, score 2016-2020; fit at 2019,
  score 2020): CRPS of the models against the GBD-style rate-of-change baseline and the
  coverage of the 80% intervals (:mod:`zzsim.models.evaluation`);
- ``select`` — the choice of the growth family's trend: the anchored trend with decade
  correlations 0.1, 0.2 and 0.3 (the published range) against the damped trend and the
  local level, by leave-future-out CRPS on the documents' growth figures and by CRPS on
  synthetic series from two processes that none of the candidates is (a linear slowdown
  of growth from 11% to 5% with AR(1) deviations, as in China's 2010s, and a damped
  random-walk trend);
- ``backtest`` — ``zzsim backtest`` of every plan with recorded outcomes: Brier and log
  scores, 80% interval coverage, against the planners, persistence and the
  rate-of-change reference.

Run: ``python bench/models.py [section ...] [--datasets N] [--draws N]``.
Seeds are fixed; the same command prints the same tables.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from zzsim.backtest import CASES, backtest, scores
from zzsim.data import load_series
from zzsim.formatting import markdown_table
from zzsim.models.calibration import coverage_study, synthetic_spec
from zzsim.models.evaluation import leave_future_out, summarise
from zzsim.models.families import FAMILIES, FIGURE_COUNTS
from zzsim.models.families._base import frame, row
from zzsim.models.registry import fit_spec
from zzsim.models.scoring import covers, crps_sample

#: the candidate trends of the growth family (models.yaml fields)
CANDIDATES: dict[str, dict[str, object]] = {
    "anchored r=0.1": {"trend": "anchored", "decade_correlation": 0.1},
    "anchored r=0.2": {"trend": "anchored", "decade_correlation": 0.2},
    "anchored r=0.3": {"trend": "anchored", "decade_correlation": 0.3},
    # trend growth in the first year ~ N(8%, 10pp^2): the former default prior
    "damped": {"trend": "damped", "init_growth": 8.0, "init_sd": 10.0},
    "local level": {"trend": "local_level", "init_growth": 8.0, "init_sd": 10.0},
}
SEED = 20_240_610


def coverage(datasets: int, draws: int) -> None:
    print(f"\n## Coverage of 80% intervals on synthetic series ({datasets} datasets per cell)\n")
    table = {}
    for name in FAMILIES:
        cells = {}
        for k in FIGURE_COUNTS:
            study = coverage_study(name, datasets, figures=k, rng=SEED, draws=draws)
            cells[f"{k} figure{'s' * (k > 1)}"] = (
                f"{study.coverage:.3f} ({study.standard_error:.3f})"
            )
        table[name] = cells
    shock = coverage_study("growth", datasets, figures=5, rng=SEED, draws=draws, full=False)
    print(markdown_table(pd.DataFrame(table).T), end="")
    print(
        f"\ngrowth with 5 figures, shock-only simulation: {shock.coverage:.3f} "
        f"({shock.standard_error:.3f})"
    )


def lfo(draws: int) -> None:
    print("\n## Leave-future-out on the documents (fit at 2015 and 2019)\n")
    series = load_series()
    table = leave_future_out((2015, 2019), series=series, draws=draws, rng=SEED)
    scored = table.dropna(subset=["model_crps"])
    print(
        f"figures scored by the models: {len(scored)} of {len(table)} "
        f"(the rest: no figure of that indicator known at the cutoff)"
    )
    print(f"80% interval coverage of the models: {scored['model_covers'].astype(float).mean():.2f}")
    print("\nAgainst the rate-of-change baseline, where both forecast:\n")
    print(markdown_table(summarise(table).round(3)), end="")


def _docs_growth(options: dict[str, object], draws: int) -> pd.Series:
    series = load_series()
    table = leave_future_out(
        (2015, 2019), series=series, draws=draws, rng=SEED, options={"growth": options}
    )
    growth = table[table["measure"].isin(["yoy_growth", "avg_growth", "level"])]
    both = growth.dropna(subset=["model_crps", "baseline_crps"])
    ratio = np.exp(np.mean(np.log(both["model_crps"] / both["baseline_crps"])))
    return pd.Series(
        {
            "docs: figures": len(both),
            "docs: CRPS ratio to baseline": ratio,
            "docs: coverage": both["model_covers"].astype(float).mean(),
        }
    )


def _slowdown(gen: np.random.Generator, years: np.ndarray) -> np.ndarray:
    """Log nominal growth: a linear fall from 13% to 7% (11% to 5% real) + AR(1) deviations."""
    dev = np.zeros(years.size)
    for t in range(1, years.size):
        dev[t] = 0.5 * dev[t - 1] + gen.normal(0.0, 0.01 * np.sqrt(0.75))
    return np.log1p(np.linspace(0.13, 0.07, years.size)) + dev + gen.normal(0.0, 0.005, years.size)


def _random_walk(gen: np.random.Generator, years: np.ndarray) -> np.ndarray:
    """Log nominal growth: a damped random-walk trend from about 12%."""
    slope = np.zeros(years.size)
    for t in range(1, years.size):
        slope[t] = 0.8 * slope[t - 1] + gen.normal(0.0, 0.003 * np.sqrt(1 - 0.64))
    mu = np.log1p(0.12) + np.cumsum(slope + gen.normal(0.0, 0.005, years.size))
    return mu + gen.normal(0.0, 0.01, years.size)


def _synthetic(
    process: Callable[[np.random.Generator, np.ndarray], np.ndarray],
    options: dict[str, object],
    datasets: int,
    draws: int,
) -> tuple[float, float]:
    """Mean CRPS and coverage of the 2016-2020 average growth, from five yearly figures."""
    years = np.arange(2010, 2021)
    spec = synthetic_spec("growth")
    from dataclasses import replace

    spec = replace(spec, **options)  # type: ignore[arg-type]
    crps, hits = [], []
    for i in range(datasets):
        gen = np.random.default_rng([SEED, i])
        x = process(gen, years)
        rows = [row(0, "syn", 2015, 1000.0, "亿元", "level", basis="nominal")]
        for y in range(2011, 2016):
            value = 100 * np.expm1(x[y - 2010] + gen.normal(0.0, 0.002))
            rows.append(row(len(rows), "syn", y, value, "%", "yoy_growth", basis="nominal"))
        truth = 100 * np.expm1(x[6:].mean())
        core = fit_spec(spec, series=frame(rows)).core
        idx = core.paths(range(2016, 2021), draws, rng=i)["growth"].index
        assert idx is not None
        sample = 100 * ((idx[:, -1] / 100.0) ** 0.2 - 1.0)
        crps.append(crps_sample(sample, truth))
        hits.append(covers(sample, truth))
    return float(np.mean(crps)), float(np.mean(hits))


def select(datasets: int, draws: int) -> None:
    print("\n## Choosing the growth family's trend\n")
    rows = {}
    for name, options in CANDIDATES.items():
        out = _docs_growth(options, draws)
        for label, process in (("slowdown", _slowdown), ("random walk", _random_walk)):
            crps, cover = _synthetic(process, options, datasets, min(draws, 2000))
            out[f"{label}: CRPS"] = crps
            out[f"{label}: coverage"] = cover
        rows[name] = out
    print(markdown_table(pd.DataFrame(rows).T.round(3)), end="")


def backtests(draws: int) -> None:
    print("\n## Backtests of the plans with recorded outcomes\n")
    for plan, cutoff in CASES.items():
        frame_ = backtest(plan, cutoff, draws=draws, rng=SEED)
        simulated = frame_[frame_["method"].str.startswith("simulated")]
        print(
            f"### {plan} from {cutoff}: {len(simulated)} targets simulated, "
            f"{int(frame_['attained'].notna().sum())} with a recorded outcome\n"
        )
        cols = ["target_id", "p_attain", "median", "lo", "hi", "realised", "attained"]
        print(markdown_table(frame_[cols].round(3), index=False), end="")
        print()
        print(markdown_table(scores(frame_).round(3)), end="")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", default=["coverage", "lfo", "select", "backtest"])
    parser.add_argument("--datasets", type=int, default=400)
    parser.add_argument("--draws", type=int, default=4000)
    args = parser.parse_args()
    run = {
        "coverage": lambda: coverage(args.datasets, min(args.draws, 1000)),
        "lfo": lambda: lfo(args.draws),
        "select": lambda: select(args.datasets // 2, args.draws),
        "backtest": lambda: backtests(args.draws),
    }
    for section in args.sections:
        start = time.perf_counter()
        run[section]()
        print(f"\n({section}: {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
