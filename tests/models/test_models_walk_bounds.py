"""Censored average annual changes of a bounded rate ("年均提高 1.83 个百分点以上").

The walk model conditions on such a bound by rejection sampling inside an extended path;
the reference answer here is computed independently: simulate the model *without* the
bound (its forward simulation of the window years), weight each path by the probability
that the figure meets the bound, and take weighted moments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import special

from zzsim.errors import ModelError
from zzsim.models import WalkModel, WalkSpec, fit
from zzsim.models.observations import BOUND_REASON, select
from zzsim.models.results import Member
from zzsim.models.walk import _BANK_CANDIDATES

YEARS = range(2015, 2026)


def _series(bound: float | None = None, *, note: str = "以上: lower bound",
            unit: str = "个百分点") -> pd.DataFrame:
    """Two levels (2010, 2015) and optionally a bound on the average change 2016-2020."""
    records = [(2010, None, 55.5, "%", "ratio", 2011), (2015, None, 62.0, "%", "ratio", 2016)]
    if bound is not None:
        records.append((2020, 2016, bound, unit, "avg_change_pp", 2021))
    rows = [
        {"id": f"b-{i}", "indicator": "r", "region": "株洲市", "year": year, "start_year": start,
         "value": value, "unit": u, "measure": measure, "price_basis": "", "status": "actual",
         "vintage": vintage, "source": "synthetic", "quote": "", "value_text": "",
         "note": note if measure == "avg_change_pp" else ""}
        for i, (year, start, value, u, measure, vintage) in enumerate(records)
    ]
    frame = pd.DataFrame(rows)
    for col in ("year", "start_year", "vintage"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _spec(sd: float) -> WalkSpec:
    return WalkSpec(("r",), {"r": Member("r", "r", "%")}, census=None,
                    change_obs_sd={"actual": sd})


def _change(paths: pd.DataFrame) -> np.ndarray:
    return ((paths[2020] - paths[2015]) / 5).to_numpy()


def _odds(change: np.ndarray, low: float, high: float, sd: float) -> np.ndarray:
    """P(low <= change + e <= high), e ~ N(0, sd^2): the figure's likelihood, written out."""
    if sd == 0.0:
        return ((change >= low) & (change <= high)) * 1.0
    return special.ndtr((high - change) / sd) - special.ndtr((low - change) / sd)


@pytest.mark.parametrize(
    ("bound", "low", "high", "sd"),
    [
        (2.0, 2.0, np.inf, 0.0),  # a whole number: a floor only
        (2.0, 2.0, np.inf, 0.1),
        (2.5, 2.5, 2.6, 0.1),  # stated with a decimal: within one unit of it, one noise
        (2.5, 2.5, 2.6, 0.0),
        (2.5, 2.5, 2.6, 0.3),  # a noise wider than the limits: one noise, not one per limit
    ],
)
def test_bound_conditions_exactly_like_importance_weighting(bound, low, high, sd):
    spec = _spec(sd)
    free = WalkModel(spec, series=_series()).fit()
    bounded = WalkModel(spec, series=_series(bound)).fit()
    ref = free.simulate(YEARS, 1_000_000, rng=1)
    weights = _odds(_change(ref), low, high, sd)
    got = bounded.simulate(YEARS, 50_000, rng=2)
    # Monte Carlo error of both sides: the reference's is that of its effective sample
    n_ref, n_got = weights.sum() ** 2 / (weights**2).sum(), got.shape[0]
    for year in (2020, 2025):
        want = np.average(ref[year], weights=weights)
        want_sd = np.sqrt(np.cov(ref[year], aweights=weights))
        se_mean = want_sd * np.sqrt(1 / n_ref + 1 / n_got)
        assert got[year].mean() == pytest.approx(want, abs=5 * se_mean)
        se_sd = np.sqrt(1 / (2 * n_ref) + 1 / (2 * n_got))  # relative, of a normal's s.d.
        assert got[year].std() == pytest.approx(want_sd, rel=5 * se_sd)
    # P(bound | figures) and the log marginal likelihood of figures and bound
    # (the bank's estimate is binomial over its candidates, the reference's a sample mean)
    bank = bounded.core._bank
    rel = np.sqrt((1 - bank.acceptance) / (bank.acceptance * _BANK_CANDIDATES)
                  + weights.var() / (weights.size * weights.mean() ** 2))
    assert bank.probability == pytest.approx(weights.mean(), rel=4 * rel)
    assert bounded.loglike - free.loglike == pytest.approx(np.log(weights.mean()), abs=4 * rel)
    assert bounded.last_year == 2020 and free.last_year == 2015


def test_a_binding_bound_is_respected_by_every_draw():
    spec = _spec(0.0)
    before = _change(WalkModel(spec, series=_series()).fit().simulate(YEARS, 20_000, rng=3))
    assert (before >= 2.0).mean() < 0.4  # the bound binds
    lower = _change(WalkModel(spec, series=_series(2.0)).fit().simulate(YEARS, 20_000, rng=3))
    assert (lower >= 2.0).all() and (lower > 2.1).any()
    upper = WalkModel(spec, series=_series(1.0, note="以内: upper bound")).fit()
    assert (_change(upper.simulate(YEARS, 20_000, rng=3)) <= 1.0).all()


def test_a_bound_stated_with_decimals_lies_within_its_last_digit():
    """'年均提高1.83个百分点以上' is 1.83 rounded down and hedged: [1.83, 1.84]."""
    spec = _spec(0.0)
    change = _change(WalkModel(spec, series=_series(1.83)).fit().simulate(YEARS, 5_000, rng=4))
    assert change.min() >= 1.83 - 1e-12 and change.max() <= 1.84 + 1e-12
    upper = WalkModel(spec, series=_series(1.2, note="以内: upper bound")).fit()
    change = _change(upper.simulate(YEARS, 5_000, rng=4))
    assert change.min() >= 1.1 - 1e-12 and change.max() <= 1.2 + 1e-12


def test_bounded_fit_reports_and_simulates_shock_only():
    res = WalkModel(_spec(0.05), series=_series(2.0)).fit()
    row = res.observations.set_index("id").loc["b-2"]
    assert row["used"] and "lower bound on the change 2015-2020" in row["reason"]
    table = res.core.param_table()
    assert list(table.index) == ["sigma", "drift z0 (per year)", "z0 in 2020"]
    free = WalkModel(_spec(0.05), series=_series()).fit().core.param_table()
    assert table.loc["drift z0 (per year)", "mean"] > free.loc["drift z0 (per year)", "mean"]
    assert "rejection sampling" in str(res.summary())
    assert list(res.core.observed("r")["year"]) == [2010, 2015]  # the bound is no level
    point = res.core.paths([2020], 100, rng=0, full=False)["r"].level
    assert point is not None and np.ptp(point) == 0.0  # 2020 is fitted: one point
    assert (point[0, 0] - 62.0) / 5 > 1.5  # the conditioned mean meets the bound


def test_an_impossible_bound_is_refused_naming_the_row():
    with pytest.raises(ModelError, match="b-2"):
        WalkModel(_spec(0.0), series=_series(6.0)).fit()


def test_bounds_in_other_units_or_on_shares_are_not_read():
    frame = _series(1.5, unit="%")
    obs = select(frame, "r", kind="rate", unit="%")
    row = obs.set_index("id").loc["b-2"]
    assert not row["used"] and "个百分点" in row["reason"]
    res = WalkModel(_spec(0.0), series=frame).fit()
    assert res.last_year == 2015 and not res.observations.set_index("id").loc["b-2", "used"]
    names = ("a", "b", "c")
    rows = []
    for year, vintage, parts in ((2010, 2011, (10, 50, 40)), (2015, 2016, (8, 48, 44))):
        for name, value in zip(names, parts, strict=True):
            rows.append({**_series().iloc[0].to_dict(), "id": f"{name}{year}", "indicator": name,
                         "year": year, "value": float(value), "measure": "share",
                         "vintage": vintage})
    shares = pd.concat([pd.DataFrame(rows), _series(1.0).iloc[[2]].assign(indicator="c")],
                       ignore_index=True)
    spec = WalkSpec(names, {n: Member(n, n, "%") for n in names}, transform="ilr")
    obs = WalkModel(spec, series=shares).fit().observations.set_index("id")
    assert obs.loc["b-2", "reason"] == BOUND_REASON and not obs.loc["b-2", "used"]


def test_urbanisation_2020_follows_the_documented_change(city_series):
    """'年均提高1.83个百分点以上' over 2016-2020: 62% in 2015 plus five years of 1.83-1.84."""
    floor = 62 + 5 * 1.835
    with_bound = fit("urbanization_rate", series=city_series)
    used = with_bound.observations.set_index("id").loc["s004-0038"]
    assert used["used"] and used["bound"] == "lower"
    after = with_bound.simulate([2020], 20_000, rng=5)[2020]
    before = fit("urbanization_rate", cutoff=2019, series=city_series).simulate(
        [2020], 20_000, rng=5)[2020]
    # the figure moves 2020 from the 2010-2015 pace to its own (a median near the floor)
    assert abs(np.median(after) - floor) < 0.5
    assert np.median(after) - np.median(before) > 1.0


def test_the_2021_bound_is_not_seen_before_2020(city_series):
    for cutoff, used in ((2019, False), (2020, True)):
        obs = fit("urbanization_rate", cutoff=cutoff, series=city_series).observations
        assert obs.set_index("id").loc["s004-0038", "used"] == used, cutoff
    without = city_series[city_series["id"] != "s004-0038"]
    a = fit("urbanization_rate", cutoff=2019, series=city_series).simulate([2025], 500, rng=4)
    b = fit("urbanization_rate", cutoff=2019, series=without).simulate([2025], 500, rng=4)
    assert np.array_equal(a.to_numpy(), b.to_numpy())
