"""The joint simulator: one path per fit, closure, common random numbers, levers."""

from __future__ import annotations

import numpy as np
import pytest

from zzsim.errors import ModelError
from zzsim.models import Adjustments, PathSet, Shock, simulate_joint

YEARS = list(range(2020, 2031))
ALL = [
    "gdp",
    "gdp_real_growth",
    "gdp_per_capita",
    "population_resident",
    "share_primary",
    "share_secondary",
    "share_tertiary",
    "urbanization_rate",
    "forest_cover",
    "fixed_asset_investment",
    "fiscal_revenue_general",
    "retail_sales",
    "income_urban_per_capita",
    "income_rural_per_capita",
]


def _joint(fitted, reps=2000, rng=1, **adj):
    return simulate_joint(
        ALL, YEARS, reps, rng=rng, fitted=fitted, adjustments=Adjustments(**adj) if adj else None
    )


def test_same_seed_same_draws_and_other_seed_differs(fitted_all):
    a, b, c = _joint(fitted_all), _joint(fitted_all), _joint(fitted_all, rng=2)
    for ind in ("gdp", "share_secondary", "urbanization_rate", "fiscal_revenue_general"):
        np.testing.assert_array_equal(a.level(ind), b.level(ind))
        assert not np.allclose(a.level(ind)[:, -1], c.level(ind)[:, -1])


def test_draws_of_a_group_do_not_depend_on_other_groups(fitted_all):
    alone = simulate_joint(["gdp"], YEARS, 1000, rng=4, fitted=fitted_all)
    together = simulate_joint(ALL, YEARS, 1000, rng=4, fitted=fitted_all)
    np.testing.assert_array_equal(alone.level("gdp"), together.level("gdp"))


def test_shares_sum_to_100_and_stay_inside(fitted_all):
    paths = _joint(fitted_all, reps=5000, share_drift={"share_tertiary": 3.0}, volatility=3.0)
    total = sum(paths.level(s) for s in ("share_primary", "share_secondary", "share_tertiary"))
    np.testing.assert_allclose(total, 100.0, atol=1e-9)
    for s in ("share_primary", "share_secondary", "share_tertiary"):
        assert (paths.level(s) > 0).all() and (paths.level(s) < 100).all()
    rates = paths.level("urbanization_rate")
    assert (rates > 0).all() and (rates < 100).all()


def test_share_drift_moves_the_share_by_about_the_stated_pp(fitted_all):
    base = _joint(fitted_all)
    drift = _joint(fitted_all, share_drift={"share_tertiary": 0.5})
    diff = np.median(drift.level("share_tertiary") - base.level("share_tertiary"), axis=0)
    assert diff[0] == pytest.approx(0.0, abs=1e-12)  # 2020 is observed: no drift
    assert diff[-1] == pytest.approx(5.0, abs=0.5)  # 10 years x 0.5pp, to first order


def test_one_real_growth_path_for_gdp_growth_and_per_capita(fitted_all):
    p = _joint(fitted_all)
    growth, gdp, pc, pop = (
        p.level(i) for i in ("gdp_real_growth", "gdp", "gdp_per_capita", "population_resident")
    )
    index = p.growth_index("gdp")
    np.testing.assert_array_equal(index, p.growth_index("gdp_real_growth"))
    np.testing.assert_allclose(index[:, 1:] / index[:, :-1], 1 + growth[:, 1:] / 100)
    np.testing.assert_allclose(pc[:, 1:], gdp[:, 1:] * 1e4 / (0.5 * (pop[:, 1:] + pop[:, :-1])))
    # observed year carries the observed value (3105.8 亿元, census 3902738 人)
    assert np.median(gdp[:, 0]) == pytest.approx(3105.8, rel=0.005)
    assert np.median(pop[:, 0]) == pytest.approx(390.2738, rel=0.005)


def test_growth_shift_is_monotone_pathwise_and_smooth(fitted_all):
    """Common random numbers: the same draws under every shift."""

    def avg_growth(shift):
        p = simulate_joint(
            ["gdp"],
            YEARS,
            4000,
            rng=9,
            fitted=fitted_all,
            adjustments=Adjustments(growth_shift={y: shift for y in YEARS[1:6]}),
        )
        return 100 * ((p.growth_index("gdp")[:, 5] / p.growth_index("gdp")[:, 0]) ** 0.2 - 1)

    shifts = np.linspace(-1.0, 1.0, 9)
    avgs = [avg_growth(s) for s in shifts]
    for lo, hi, s_lo, s_hi in zip(avgs, avgs[1:], shifts, shifts[1:], strict=False):
        assert (hi > lo).all()
        np.testing.assert_allclose(hi - lo, s_hi - s_lo, rtol=0.1)  # ~1pp per pp, every path
    attain = [np.mean(a >= 6.0) for a in avgs]
    assert all(np.diff(attain) >= 0) and max(np.diff(attain)) < 0.15


def test_deterministic_shock_with_persistence_and_rebound(fitted_all):
    base = _joint(fitted_all)
    shocked = _joint(fitted_all, shocks=(Shock(-4.0, year=2022, persistence=0.5, rebound=0.25),))
    d = shocked.level("gdp_real_growth") - base.level("gdp_real_growth")
    np.testing.assert_allclose(d[:, YEARS.index(2021)], 0.0, atol=1e-9)
    np.testing.assert_allclose(d[:, YEARS.index(2022)], -4.0, atol=1e-9)
    np.testing.assert_allclose(d[:, YEARS.index(2023)], -2.0 + 1.0, atol=1e-9)
    np.testing.assert_allclose(d[:, YEARS.index(2024)], -1.0, atol=1e-9)
    # tied indicators take the shock times their elasticity (retail 1, incomes 0.5)
    j = YEARS.index(2022)
    for ind, pp in (("retail_sales", -4.0), ("income_rural_per_capita", -2.0)):
        g1, g0 = shocked.growth_index(ind), base.growth_index(ind)
        diff = 100 * (g1[:, j] / g1[:, j - 1] - g0[:, j] / g0[:, j - 1])
        np.testing.assert_allclose(diff, pp, atol=1e-9)
    # shares are not touched by growth shocks
    np.testing.assert_array_equal(shocked.level("share_primary"), base.level("share_primary"))


def test_random_shock_frequency_and_timing(fitted_all):
    p0 = simulate_joint(["gdp_real_growth"], YEARS, 20_000, rng=5, fitted=fitted_all)
    p1 = simulate_joint(
        ["gdp_real_growth"],
        YEARS,
        20_000,
        rng=5,
        fitted=fitted_all,
        adjustments=Adjustments(shocks=(Shock(-3.0, probability=0.1),)),
    )
    d = p1.level("gdp_real_growth") - p0.level("gdp_real_growth")
    assert (d[:, 0] == 0).all()  # 2020 is a data year: random events only after it
    hit = np.isclose(d[:, 1:], -3.0)
    assert hit.mean() == pytest.approx(0.1, abs=0.01)


def test_volatility_scales_the_innovations_of_future_years_only(fitted_all):
    """Future log growth is linear in the volatility factor; the data year is not touched."""
    g1, g2, g3 = (
        np.log1p(_joint(fitted_all, reps=2000, volatility=v).level("gdp_real_growth") / 100)
        for v in (1, 2, 3)
    )
    np.testing.assert_array_equal(g1[:, 0], g3[:, 0])  # 2020: posterior, not innovations
    np.testing.assert_allclose(g3[:, 1:] - g2[:, 1:], g2[:, 1:] - g1[:, 1:], atol=1e-8)
    assert np.std(g2[:, -1] - g1[:, -1]) > 0.005  # the innovations are not negligible


def test_deflator_and_population_overrides(fitted_all):
    p = _joint(
        fitted_all, deflator={y: 3.0 for y in YEARS}, population_growth={y: -0.5 for y in YEARS}
    )
    gdp, growth, pop = p.level("gdp"), p.level("gdp_real_growth"), p.level("population_resident")
    # 2021-2023 are before the 2023 census revision reaches published figures
    nominal = gdp[:, 1:4] / gdp[:, :3]
    np.testing.assert_allclose(nominal, (1 + growth[:, 1:4] / 100) * 1.03)
    np.testing.assert_allclose(pop[:, 1:4] / pop[:, :3], 0.995)


def test_pathset_is_read_only_and_refuses_what_it_cannot_give(fitted_all):
    p = _joint(fitted_all, reps=100)
    assert isinstance(p, PathSet) and p.years == tuple(YEARS) and p.repetitions == 100
    assert p.indicators == tuple(ALL)
    with pytest.raises(ValueError):
        p.level("gdp")[0, 0] = 1.0
    with pytest.raises(ModelError, match="retail_sales"):
        p.level("retail_sales")
    assert p.growth_index("retail_sales").shape == (100, len(YEARS))
    with pytest.raises(ModelError, match="share_primary"):
        p.growth_index("share_primary")
    with pytest.raises(ModelError, match="gdp_real_growth"):
        simulate_joint(["gdp"], YEARS, 10, rng=0, fitted=fitted_all).level("gdp_real_growth")
    frame = p.frame("gdp")
    assert frame.shape == (100, len(YEARS)) and list(frame.columns) == YEARS


def test_unknown_ids_and_levers_fail_clearly(fitted_all):
    with pytest.raises(ModelError, match=r"'no_such' is not an indicator"):
        simulate_joint(["gdp", "no_such"], YEARS, 10, rng=0, fitted=fitted_all)
    with pytest.raises(ModelError, match="share one growth path"):
        simulate_joint(
            ["gdp"],
            YEARS,
            10,
            rng=0,
            fitted=fitted_all,
            adjustments=Adjustments(
                growth_shift_by_indicator={"gdp": {2021: 1}, "gdp_per_capita": {2021: 1}}
            ),
        )
    with pytest.raises(ModelError, match="share_primary"):
        simulate_joint(
            ["share_primary"],
            YEARS,
            10,
            rng=0,
            fitted=fitted_all,
            adjustments=Adjustments(growth_shift_by_indicator={"share_primary": {}}),
        )
    with pytest.raises(ModelError, match="before the first fitted year"):
        simulate_joint(["gdp"], [2005, 2006], 10, rng=0, fitted=fitted_all)


def test_backtest_years_start_before_the_cutoff(city_series):
    """A 2015 cutoff needs 2015-2020; levels after the 2018 census carry revision risk."""
    p = simulate_joint(
        ["gdp", "gdp_real_growth"], range(2015, 2021), 4000, rng=0, cutoff=2015, data_dir=None
    )
    gdp = p.level("gdp")
    assert np.median(gdp[:, 0]) == pytest.approx(2350, rel=0.01)
    spread = np.log(gdp[:, -1]).std() - np.log(gdp[:, -3]).std()
    assert spread > 0.05  # 2020 is published on the 2018-census basis: a revision shift


def test_draw_once_compose_many_equals_simulate_joint(fitted_all):
    """One draw serves every scenario: compose gives what a fresh simulation gives."""
    from zzsim.models import JointModel

    model = JointModel({i: fitted_all[i] for i in ALL})
    draw = model.draw(YEARS, 1500, rng=21)
    scenarios = [
        None,
        Adjustments(growth_shift={y: 1.0 for y in YEARS[1:]}, volatility=1.8),
        Adjustments(
            shocks=(
                Shock(-3.0, probability=0.3, persistence=0.4),
                Shock(-2.0, year=2023, rebound=0.5),
            ),
            share_drift={"share_secondary": -0.7},
            deflator={2024: 4.0},
            population_growth={2022: -1.0},
            growth_shift_by_indicator={"retail_sales": {2025: 2.0}},
        ),
    ]
    for adj in scenarios:
        fresh = simulate_joint(ALL, YEARS, 1500, rng=21, fitted=fitted_all, adjustments=adj)
        composed = model.compose(draw, adj)
        again = model.compose(draw, adj)  # deterministic, random shocks included
        for ind in ALL:
            get = "growth_index" if ind == "retail_sales" or ind.startswith("income") else "level"
            want = getattr(fresh, get)(ind)
            np.testing.assert_array_equal(getattr(composed, get)(ind), want)
            np.testing.assert_array_equal(getattr(again, get)(ind), want)


def test_compose_draws_no_random_numbers_and_the_draw_is_lean(fitted_all, monkeypatch):
    from zzsim.models import JointModel

    model = JointModel({i: fitted_all[i] for i in ALL})
    reps = 2000
    draw = model.draw(YEARS, reps, rng=2)
    shock = Adjustments(shocks=(Shock(-3.0, probability=0.5),))
    model.compose(draw, shock)  # the shock's uniforms are drawn once, then kept

    def refuse(*args, **kwargs):
        raise AssertionError("compose drew random numbers")

    monkeypatch.setattr(np.random, "default_rng", refuse)
    model.compose(draw, shock)
    model.compose(draw, Adjustments(volatility=2.0))
    monkeypatch.undo()
    # a few floats per indicator, year and path: 14 ids in 11 fits, 12 years with the base
    floats = draw.nbytes / 8 / reps / draw.span.size
    assert floats < 4 * len(ALL), floats


def test_volatility_scales_the_standardised_innovations(fitted_all):
    """Future years of a random walk: deviations from the drawn state scale exactly."""
    from zzsim.models import JointModel

    model = JointModel({"urbanization_rate": fitted_all["urbanization_rate"]})
    draw = model.draw(YEARS, 500, rng=8)
    core = fitted_all["urbanization_rate"].core
    walk = draw.draws[next(iter(draw.draws))]
    z1, z3 = core._values(walk, 1.0)[..., 0], core._values(walk, 3.0)[..., 0]
    # from the drawn state in 2020 (the last data year), span 2019-2030
    trend = walk.level[:, :1] + walk.slope[:, :1] * (np.arange(12)[None, :] - 1)
    np.testing.assert_allclose(z3[:, 2:] - trend[:, 2:], 3 * (z1[:, 2:] - trend[:, 2:]), atol=1e-12)
    assert not np.allclose(z1[:, 2:], z3[:, 2:])
