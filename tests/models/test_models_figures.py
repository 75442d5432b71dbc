"""The merged figure base: planner's figures after 2020, superseded rows, the horizon limit.

The planner's figures below are hypothetical (示例数据，非实际统计): they exist to show
that an observed year is conditioned on, not forecast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zzsim.errors import ModelError
from zzsim.models import MAX_HORIZON, JointModel, fit


def _with_rows(series: pd.DataFrame, rows: list[dict], superseded: dict[str, str] | None = None):
    """Append planner's rows (origin ``user``) and mark built-in rows they replace."""
    template = series[series["id"] == "s004-0002"].iloc[0].to_dict()
    extra = pd.DataFrame([{**template, "origin": "user", "superseded_by": "", **r} for r in rows])
    out = series.assign(origin="built-in", superseded_by="")
    for old, new in (superseded or {}).items():
        out.loc[out["id"] == old, "superseded_by"] = new
    out = pd.concat([out, extra], ignore_index=True)
    for col in ("year", "start_year", "vintage"):
        out[col] = out[col].astype("Int64")
    return out


PLANNER = [  # hypothetical levels (示例数据，非实际统计)
    {"id": "u-0001", "year": 2021, "value": 3420.0, "vintage": 2022, "source": "planner.xlsx"},
    {"id": "u-0002", "year": 2022, "value": 3600.0, "vintage": 2023, "source": "planner.xlsx"},
]


def test_planner_figures_after_2020_are_observed_not_forecast(city_series):
    merged = _with_rows(city_series, PLANNER)
    before, after = fit("gdp", series=city_series), fit("gdp", series=merged)
    assert before.last_year == 2020 and after.last_year == 2022
    used = after.observations.set_index("id")
    assert used.loc["u-0001", "used"] and used.loc["u-0001", "origin"] == "user"
    f_after = after.forecast([2021, 2022, 2025], draws=4000)
    f_before = before.forecast([2025], draws=4000)
    for year, value in ((2021, 3420.0), (2022, 3600.0)):
        assert f_after.loc[year, "median"] == pytest.approx(value, rel=0.01)
        assert f_after.loc[year, "hi"] / f_after.loc[year, "lo"] < 1.02  # figure noise only
    width = f_after.loc[2025, "hi"] / f_after.loc[2025, "lo"]
    assert width < f_before.loc[2025, "hi"] / f_before.loc[2025, "lo"]


def test_a_superseded_row_is_skipped_unless_its_replacement_is_not_known_yet(city_series):
    replacement = {
        "id": "u-0003",
        "indicator": "gdp",
        "year": 2015,
        "value": 9.6,
        "unit": "%",
        "measure": "yoy_growth",
        "price_basis": "real",
        "status": "revised",
        "vintage": 2021,
        "start_year": pd.NA,
    }
    merged = _with_rows(city_series, [replacement], {"s001-0001": "u-0003"})
    now = fit("gdp", series=merged).observations.set_index("id")
    assert not now.loc["s001-0001", "used"]
    assert now.loc["s001-0001", "reason"] == "superseded by u-0003"
    assert now.loc["u-0003", "used"]
    then = fit("gdp", cutoff=2015, series=merged).observations.set_index("id")
    assert then.loc["s001-0001", "used"]  # in 2016 the 2021 revision was not known
    assert "after the cutoff" in then.loc["u-0003", "reason"]


def test_years_past_the_maximum_horizon_are_refused(city_series):
    res = fit("gdp", series=city_series)
    limit = res.last_year + MAX_HORIZON
    assert res.forecast([limit], draws=200).shape == (1, 3)
    with pytest.raises(
        ModelError, match=rf"at most {MAX_HORIZON} years past the data \(up to {limit}\)"
    ):
        res.forecast([9999], draws=200)
    model = JointModel(
        {"gdp": res, "urbanization_rate": fit("urbanization_rate", series=city_series)}
    )
    with pytest.raises(ModelError, match="gdp: year 2051 is 31 years past"):
        model.draw(range(2021, limit + 2), 10, rng=0)
    assert np.isfinite(
        model.compose(model.draw(range(2021, limit + 1), 10, rng=0)).level("gdp")
    ).all()
