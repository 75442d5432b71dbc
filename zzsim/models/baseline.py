"""A simple baseline: GBD-style weighted average of past annual rates of change.

In the Global Burden of Disease forecasts (Foreman et al., Lancet 2018), a quantity is
carried forward from its last value at a weighted average of its past annualised rates
of change, recent years weighing more (weight of year ``y`` proportional to
``(y - first + 1) ** omega``). Here the rates are read from the same figures the models
use, in the same transformed space (log level, log growth, logit, ilr):

- a ``yoy_growth`` or ``avg_growth`` figure gives ``log(1 + g/100)`` for each year of its
  window; a ``cumulative_growth`` gives its sum spread evenly over the window;
- two consecutive levels (or rates, or structures) *on the same census basis* give the
  annualised change between them (a revision is not a change);
- the spread of future annual rates is the weighted standard deviation of the past ones
  (zero with a single rate: the baseline is then a point forecast), independent across
  years.

The baseline has no parameter uncertainty and no revision risk, and scenario levers are
not applied to it: it is the yardstick the models must beat in
:mod:`zzsim.models.evaluation`. Its results object has the same API as the models' and
can be passed to :func:`zzsim.models.simulate_joint` through ``fitted``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..data.schema import GROWTH_MEASURES
from ..errors import ModelError
from ..rng import Streams
from .growth import GrowthSpec
from .observations import select
from .registry import group_of, spec_for
from .results import Core, Draw, Levers, Paths, Results, check_years
from .revisions import calendar
from .walk import WalkModel, WalkSpec, transformed_points

__all__ = ["RateOfChangeBaseline"]


@dataclass(frozen=True)
class _Rates:
    """Weighted mean and s.d. of past annual rates (per coordinate) and the anchor."""

    mean: np.ndarray
    sd: np.ndarray
    anchor: np.ndarray | None
    anchor_year: int | None


def _weighted(
    per_year: list[tuple[int, np.ndarray]], omega: float
) -> tuple[np.ndarray, np.ndarray]:
    years = np.array([y for y, _ in per_year])
    rates = np.array([r for _, r in per_year])
    w = (years - years.min() + 1.0) ** omega
    w = w / w.sum()
    mean = w @ rates
    sd = np.sqrt(np.clip(w @ (rates - mean) ** 2, 0.0, None))
    return mean, sd


def _pairs(points: pd.DataFrame, basis: pd.Series) -> list[tuple[int, np.ndarray]]:
    """Annualised changes between consecutive points on the same basis, per year."""
    out: list[tuple[int, np.ndarray]] = []
    for _, group in points.assign(basis=basis.to_numpy()).groupby("basis"):
        group = group.sort_values(["year", "vintage"]).drop_duplicates("year", keep="last")
        rows = group.to_dict("records")
        for a, b in itertools.pairwise(rows):
            span = int(b["year"]) - int(a["year"])
            rate = (np.asarray(b["z"]) - np.asarray(a["z"])) / span
            out += [(int(a["year"]) + i, rate) for i in range(1, span + 1)]
    return out


def _latest(points: pd.DataFrame) -> tuple[np.ndarray, int]:
    last = points.sort_values(["year", "vintage"]).iloc[-1]
    return np.atleast_1d(np.asarray(last["z"], dtype=float)), int(last["year"])


class RateOfChangeBaseline:
    """GBD-style rate-of-change baseline for the ids of one modelled group.

    Parameters
    ----------
    indicator : str
        A modelled id (its whole group is served, except derived per-capita and
        population quantities).
    cutoff : int, optional
        Use only figures about years ``<= cutoff`` published by ``cutoff + 1``.
    omega : float
        Recency weight exponent.
    series : pandas.DataFrame, optional
        The figure base.
    data_dir : str or Path, optional
        Folder of the figure base.
    """

    def __init__(
        self,
        indicator: str,
        *,
        cutoff: int | None = None,
        omega: float = 2.0,
        series: pd.DataFrame | None = None,
        data_dir: str | Path | None = None,
    ) -> None:
        if series is None:
            from ..data import load_series

            series = load_series(data_dir)
        self.indicator = indicator
        self.group = group_of(indicator, data_dir)
        self.data_dir = data_dir
        self.cutoff = cutoff
        self.omega = omega
        self.series = series

    def fit(self) -> Results:
        """Compute the weighted rates.

        Returns
        -------
        Results
        """
        return Results(BaselineCore(self), self.indicator)


class BaselineCore(Core):
    """The fitted baseline (built by :meth:`RateOfChangeBaseline.fit`)."""

    def __init__(self, model: RateOfChangeBaseline) -> None:
        spec = spec_for(
            model.indicator,
            cutoff=model.cutoff,
            series=model.series,
            data_dir=model.data_dir,
            pooled=False,
        )
        self._spec = spec
        self.cutoff = model.cutoff
        self.label = f"baseline {model.group}"
        self.title = f"GBD-style weighted rate of change (omega = {model.omega})"
        self._omega = model.omega
        self._rates: dict[str, _Rates] = {}
        readers: dict[str, Callable[[Any, RateOfChangeBaseline], pd.DataFrame]] = {
            "growth": self._growth_rates,
            "walk": self._walk_rates,
        }
        obs = readers[spec.engine](spec, model)
        self.observations = obs
        # a level figure without a rate to carry it: no baseline for the level (not growth)
        used = obs[obs["used"]]
        members = spec.served(has_levels=bool(used["measure"].isin(("level", "count")).any()))
        self.members = {ind: m for ind, m in members.items() if m.quantity in self._rates}
        if model.indicator not in self.members:
            raise ModelError(
                f"{model.indicator}: no baseline (a derived quantity, or too "
                f"little data at cutoff {model.cutoff})"
            )
        used = obs[obs["used"]]
        self.first_year = int(used["year"].min()) - 1
        self.last_year = int(used["year"].max())

    def _growth_rates(self, spec: GrowthSpec, model: RateOfChangeBaseline) -> pd.DataFrame:
        obs = select(
            model.series, spec.indicator, kind="growth", unit=spec.unit, cutoff=model.cutoff
        )
        used = obs[obs["used"]]
        for quantity, basis in (("growth", spec.price_basis), ("level", "nominal")):
            per_year: list[tuple[int, np.ndarray]] = []
            for r in used[
                used["measure"].isin(GROWTH_MEASURES) & (used["price_basis"] == basis)
            ].to_dict("records"):
                start, end = int(r["start_year"]), int(r["year"])
                total = np.log1p(r["value"] / 100.0)
                if r["measure"] != "cumulative_growth":
                    total *= end - start + 1
                per_year += [
                    (y, np.array([total / (end - start + 1)])) for y in range(start, end + 1)
                ]
            anchor, anchor_year = None, None
            if quantity == "level":
                levels = used[used["measure"].isin(("level", "count"))]
                if not len(levels):
                    continue
                cal = calendar(spec.census)
                points = levels.assign(z=list(np.log(levels["value"].to_numpy(float))[:, None]))
                basis_of = levels["vintage"].map(cal.basis_of_vintage if cal else (lambda v: 0))
                per_year += _pairs(points, basis_of)
                anchor, anchor_year = _latest(points)
            if per_year:
                mean, sd = _weighted(per_year, self._omega)
                self._rates[quantity] = _Rates(mean, sd, anchor, anchor_year)
        return obs

    def _walk_rates(self, spec: WalkSpec, model: RateOfChangeBaseline) -> pd.DataFrame:
        obs = WalkModel(spec, cutoff=model.cutoff, series=model.series).observations
        points = transformed_points(spec, obs[obs["used"]])
        if not len(points):
            return obs
        cal = calendar(spec.census)
        basis = points["vintage"].map(cal.basis_of_vintage if cal else (lambda v: 0))
        per_year = _pairs(points, basis)
        if not per_year:
            return obs
        mean, sd = _weighted(per_year, self._omega)
        anchor, year = _latest(points)
        for ind in spec.indicators:
            self._rates[ind] = _Rates(mean, sd, anchor, year)
        return obs

    @property
    def loglike(self) -> float:
        """Not defined for the baseline (NaN)."""
        return float("nan")

    def data_weight(self) -> float:
        """Return 1: the baseline has no prior, its forecast is the data's."""
        return 1.0

    def param_table(self) -> pd.DataFrame:
        """Weighted mean and s.d. of the past annual rates, by quantity and coordinate."""
        rows = {}
        for quantity, rates in self._rates.items():
            for d, (m, s) in enumerate(zip(rates.mean, rates.sd, strict=True)):
                rows[f"{quantity} rate z{d}"] = {
                    "mean": m,
                    "sd": s,
                    "q10": m - 1.2816 * s,
                    "q90": m + 1.2816 * s,
                }
        return pd.DataFrame(rows).T

    def notes(self) -> list[str]:
        """Return the method notes."""
        return [
            f"Weights of past years proportional to (year - first + 1)^{self._omega}; "
            "future annual rates independent normal with the weighted mean and s.d."
        ]

    def observed(self, quantity: str) -> pd.DataFrame:
        """Observed values (for plots): none are marked for the baseline."""
        return self.observations.iloc[:0][["year", "start_year", "value", "status"]]

    def draw(
        self, years: tuple[int, ...], repetitions: int, streams: Streams, *, full: bool = True
    ) -> BaselineDraw:
        """Draw standardised annual rates from the earliest anchor (or ``years[0]-1``)."""
        years = check_years(years)
        anchors = [r.anchor_year for r in self._rates.values() if r.anchor_year is not None]
        span = np.arange(min([years[0] - 1, *anchors]), years[-1] + 1)
        noise = {}
        for quantity, rates in self._rates.items():
            gen = streams(self.label, quantity)
            noise[quantity] = gen.standard_normal((repetitions, span.size, rates.mean.size))
        return BaselineDraw(years, span, noise)

    def compose(self, draw: Draw, levers: Levers) -> dict[str, Paths]:
        """Cumulate the rates from the anchor (levels, rates, shares) or report them (growth).

        Years after the anchor follow the drawn rates; years up to it are back-cast at the
        mean rate.
        """
        assert isinstance(draw, BaselineDraw)
        cols = draw.columns
        base = cols[0] - 1
        out: dict[str, Paths] = {}
        for quantity, rates in self._rates.items():
            r = rates.mean + rates.sd * levers.volatility * draw.noise[quantity]
            cum = np.concatenate(
                [np.zeros((r.shape[0], 1)), np.cumsum(r[:, 1:, 0], axis=1)], axis=1
            )
            index = 100.0 * np.exp(cum - cum[:, [base]])
            if quantity == "growth":
                out[quantity] = Paths(100.0 * np.expm1(r[:, cols, 0]), index[:, cols])
                continue
            assert rates.anchor is not None and rates.anchor_year is not None
            offset = (draw.span - rates.anchor_year)[None, :, None]
            after = np.cumsum(np.where(offset > 0, r, 0.0), axis=1)
            z = rates.anchor + np.where(offset > 0, after, offset * rates.mean)
            if quantity == "level":
                out[quantity] = Paths(np.exp(z[:, cols, 0]), index[:, cols])
            else:
                assert isinstance(self._spec, WalkSpec)
                values = self._spec.inverse(z)
                for i, ind in enumerate(self._spec.indicators):
                    out[ind] = Paths(values[:, cols, i], None)
                break
        if "growth" in out and "level" in out:
            # growth targets are judged on the basis growth is reported in (real for GDP),
            # not on the nominal rates that carry the level forward
            out["level"] = Paths(out["level"].level, out["growth"].index)
        return out


@dataclass(frozen=True)
class BaselineDraw(Draw):
    """Standardised annual rates of the baseline, ``(R, span, dim)`` by quantity."""

    noise: dict[str, np.ndarray]
