"""The statsmodels-like API: fit, results properties, summary, forecast, plot."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from zzsim.data import load_indicators
from zzsim.errors import ModelError
from zzsim.models import fit, list_models


def test_list_models_documents_every_id():
    table = list_models()
    assert list(table.columns) == [
        "id",
        "name",
        "unit",
        "family",
        "model",
        "group",
        "growth_only",
        "figures",
        "last_year",
        "evidence",
    ]
    required = {
        "gdp": "亿元",
        "gdp_real_growth": "%",
        "gdp_per_capita": "元",
        "share_primary": "%",
        "share_secondary": "%",
        "share_tertiary": "%",
        "urbanization_rate": "%",
        "rd_intensity": "%",
        "high_tech_firms": "家",
        "new_urban_jobs": "万人",
        "grain_output": "万吨",
        "retail_sales": "%",
    }
    units = table.set_index("id")["unit"]
    for ind, unit in required.items():
        assert units[ind] == unit, ind
    registry = load_indicators()
    names = {**registry["name"].to_dict(), "gdp_real_growth": "地区生产总值实际增长率"}
    families = {
        **registry["family"].to_dict(),
        "gdp_real_growth": "growth",
        "population_resident": "growth",
    }
    for row in table.itertuples():
        assert row.name == names[row.id], row.id
        assert row.family == families[row.id], row.id
        assert row.unit == "%" or (not row.growth_only and row.unit == registry.at[row.id, "unit"])
        assert row.figures >= 1 and row.evidence in ("data", "data+prior", "prior"), row.id
    assert table["id"].is_unique


def test_every_modelled_id_fits_and_forecasts(fitted_all):
    for ind, res in fitted_all.items():
        f = res.forecast([2021, 2025], draws=2000)
        assert list(f.columns) == ["median", "lo", "hi"] and list(f.index) == [2021, 2025]
        assert (f["lo"] < f["median"]).all() and (f["median"] < f["hi"]).all(), ind


@pytest.mark.parametrize(
    ("indicator", "cutoff", "reason"),
    [
        ("income_per_capita", None, "income_per_capita: no figure in the base$"),
        ("admin_approval_items", None, "admin_approval_items: no city-wide figure$"),
        ("project_approval_days", None, "project_approval_days: only bounds$"),
        ("fdi_actual", None, "fdi_actual: only cumulative sums$"),
        ("grain_output", 2015, "grain_output: no figure known by 2015$"),
    ],
)
def test_not_modelled_says_why_in_one_line(city_series, indicator, cutoff, reason):
    with pytest.raises(ModelError, match=reason):
        fit(indicator, cutoff=cutoff, series=city_series)


def test_unknown_ids_and_options_are_refused(city_series):
    with pytest.raises(ModelError, match=r"'no_such' is not an indicator of indicators\.yaml"):
        fit("no_such", series=city_series)
    with pytest.raises(ModelError, match="unknown option"):
        fit("gdp", series=city_series, no_such_option=1)
    # one figure is enough: the family's pooled prior carries the rest
    forest = fit("forest_cover", cutoff=2015, series=city_series)
    assert forest.evidence.figures == 1 and forest.evidence.grade == "prior"


def test_results_properties_are_read_only_and_labelled(fitted_all):
    res = fitted_all["gdp"]
    assert res.indicator == "gdp" and res.unit == "亿元" and res.cutoff is None
    assert isinstance(res.params, pd.Series) and "sigma_trend (pp)" in res.params.index
    assert res.bse["sigma_trend (pp)"] > 0
    assert res.nobs == int(res.observations["used"].sum())
    with pytest.raises(AttributeError):
        res.params = None  # type: ignore[misc]
    sims = res.simulate([2021, 2022], 300, rng=5)
    assert sims.shape == (300, 2) and sims.columns.name == "year"
    np.testing.assert_array_equal(sims, res.simulate([2021, 2022], 300, rng=5))
    assert res.view("gdp_real_growth").core is res.core


def test_summary_renders_as_text_html_and_latex(fitted_all):
    summary = fitted_all["share_secondary"].summary()
    text = str(summary)
    assert "share_secondary" in text and "sigma" in text and "s004-0016" in text
    assert "<table" in summary._repr_html_()
    latex = summary.as_latex()
    assert "\\begin{tabular}" in latex and "share\\_secondary" in latex


def test_deflator_option_moves_nominal_not_real(city_series):
    """An assumed future deflator moves nominal GDP, not real growth.

    (A deflator assumed for the past would: the nominal figures of 2011-2015 then say
    something else about real growth and the city's premium over the anchor.)
    """
    future = range(2021, 2031)
    low = fit("gdp", series=city_series, deflator={y: 0.0 for y in future})
    high = fit("gdp", series=city_series, deflator={y: 4.0 for y in future})
    f_low, f_high = low.forecast([2025], draws=4000), high.forecast([2025], draws=4000)
    assert f_high.loc[2025, "median"] > f_low.loc[2025, "median"] * 1.15  # ~1.04 ** 5
    g_low = low.view("gdp_real_growth").forecast([2025], draws=4000)
    g_high = high.view("gdp_real_growth").forecast([2025], draws=4000)
    pd.testing.assert_frame_equal(g_low, g_high)


def test_fan_chart_has_chinese_labels(fitted_all):
    import matplotlib.pyplot as plt

    ax = fitted_all["urbanization_rate"].plot(draws=500)
    assert "常住人口城镇化率" in ax.get_title() and ax.get_xlabel() == "年份"
    family = matplotlib.rcParams["font.sans-serif"][0]
    assert "CJK" in family
    plt.close("all")


def test_baseline_growth_index_is_on_the_real_basis() -> None:
    """GDP growth targets are judged on real growth, also for the rate-of-change baseline."""
    import numpy as np

    from zzsim.models import RateOfChangeBaseline, simulate_joint

    baseline = RateOfChangeBaseline("gdp", cutoff=2015).fit()
    paths = simulate_joint(
        ["gdp", "gdp_real_growth"],
        (2015, 2016, 2017),
        200,
        rng=1,
        cutoff=2015,
        fitted={"gdp": baseline, "gdp_real_growth": baseline},
    )
    index = paths.growth_index("gdp")
    real = paths.level("gdp_real_growth")
    np.testing.assert_allclose(index[:, 2] / index[:, 1], 1 + real[:, 2] / 100)
