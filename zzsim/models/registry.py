"""The default model of every modelled indicator, :func:`fit` and :func:`list_models`.

Modelled ids
------------
=========================  ========  =========================================================
id                         unit      default model
=========================  ========  =========================================================
gdp                        亿元      nominal GDP: real growth (damped trend + irregular, window
                                     averages as observations, the 2019 bound as a censored
                                     figure) + deflator assumption; published basis, census
                                     revisions modelled
gdp_real_growth            %         real GDP growth (comparable prices), same fit as ``gdp``
gdp_per_capita             元        nominal GDP / average resident population, same fit
population_resident        万人      resident population: anchored to the 2011/2015
                                     estimates and the 2020 census; future growth is an
                                     assumption (0% +- 0.4pp), same fit as ``gdp``
share_primary              %         three-sector structure, random walk with drift in ilr
share_secondary            %         space (one composition; the 2018-census revision of
share_tertiary             %         the 2015 structure is estimated)
urbanization_rate          %         random walk with drift in logit space (2010, 2015; the
                                     2016-2020 average rise "1.83个百分点以上" as a censored
                                     bound); the 2020 population census is a revision risk
forest_cover               %         random walk with drift in logit space (2015, 2020)
fixed_asset_investment     亿元      nominal growth model (2015 level, 2015 growth, 2016-2020
                                     average); wide census-revision prior (15%)
fiscal_revenue_general     亿元      nominal growth model (2015 growth, 2016-2020 average,
                                     2020 level); not re-benchmarked
retail_sales               %         nominal growth only (2015 growth, 2016-2020 average):
                                     no level is observed, so no level is simulated
income_urban_per_capita    %         nominal growth only (2011-2015 average, 2015 growth)
income_rural_per_capita    %         nominal growth only (2011-2015 average, 2015 growth;
                                     the 2020 figure is a bound "突破2万元")
=========================  ========  =========================================================

Not modelled (too little usable data — never faked): ``air_quality_good_days`` (one
figure, 2020), ``income_per_capita`` (none), ``va_industry_above_scale`` (one real growth
figure; the levels are nominal), ``fiscal_revenue_total``, ``exports``,
``deposit_balance``, ``loan_balance``, ``high_tech_va`` (one growth figure each),
``trade_total`` (a bound and a window sum), ``built_up_area`` (two definitions that do
not connect), and every count, flow or rate with a single figure.

Options passed to :func:`fit` replace fields of the default specification
(:class:`~zzsim.models.growth.GrowthSpec` or :class:`~zzsim.models.walk.WalkSpec`); for the
GDP model, ``deflator`` and ``population`` accept a
:class:`~zzsim.models.assumptions.PathAssumption`, a mean rate (%) or ``{year: %}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ModelError
from .assumptions import DEFLATOR, POPULATION_GROWTH, as_assumption
from .growth import GrowthModel, GrowthSpec
from .results import Member, Results
from .walk import WalkModel, WalkSpec

__all__ = ["MODELS", "fit", "fit_many", "group_of", "list_models"]


@dataclass(frozen=True)
class ModelInfo:
    """One row of :func:`list_models`.

    Attributes
    ----------
    id, name, unit, family, group, model, description : str
        ``group`` names the fit the id belongs to (ids of one group share one fit and
        one set of joint draws).
    growth_only : bool
        True where no level is observed: only growth paths exist.
    """

    id: str
    name: str
    unit: str
    family: str
    group: str
    model: str
    description: str
    growth_only: bool = False


_LL = "damped-trend growth"
MODELS: tuple[ModelInfo, ...] = (
    ModelInfo(
        "gdp",
        "地区生产总值",
        "亿元",
        "growth",
        "gdp",
        _LL,
        "nominal GDP = real growth x deflator assumption; published basis with census revisions",
    ),
    ModelInfo(
        "gdp_real_growth",
        "地区生产总值实际增长率",
        "%",
        "growth",
        "gdp",
        _LL,
        "real GDP growth at comparable prices (same fit as gdp)",
    ),
    ModelInfo(
        "gdp_per_capita",
        "人均地区生产总值",
        "元",
        "growth",
        "gdp",
        _LL,
        "nominal GDP / average resident population (same fit as gdp)",
    ),
    ModelInfo(
        "population_resident",
        "常住人口",
        "万人",
        "growth",
        "gdp",
        "anchored assumption",
        "anchored to the population figures; future growth is the population assumption",
    ),
    ModelInfo(
        "share_primary",
        "第一产业占地区生产总值比重",
        "%",
        "composition",
        "structure",
        "ilr random walk",
        "one composition of the three sectors (sums to 100)",
    ),
    ModelInfo(
        "share_secondary",
        "第二产业占地区生产总值比重",
        "%",
        "composition",
        "structure",
        "ilr random walk",
        "one composition of the three sectors (sums to 100)",
    ),
    ModelInfo(
        "share_tertiary",
        "第三产业占地区生产总值比重",
        "%",
        "composition",
        "structure",
        "ilr random walk",
        "one composition of the three sectors (sums to 100)",
    ),
    ModelInfo(
        "urbanization_rate",
        "常住人口城镇化率",
        "%",
        "bounded",
        "urbanization_rate",
        "logit random walk",
        "saturating in logit space; 2020 census revision risk",
    ),
    ModelInfo(
        "forest_cover",
        "森林覆盖率",
        "%",
        "bounded",
        "forest_cover",
        "logit random walk",
        "saturating in logit space",
    ),
    ModelInfo(
        "fixed_asset_investment",
        "固定资产投资",
        "亿元",
        "growth",
        "fixed_asset_investment",
        _LL,
        "nominal; growth tied to GDP shocks",
    ),
    ModelInfo(
        "fiscal_revenue_general",
        "一般公共预算收入",
        "亿元",
        "growth",
        "fiscal_revenue_general",
        _LL,
        "nominal; growth tied to GDP shocks",
    ),
    ModelInfo(
        "retail_sales",
        "社会消费品零售总额增长率",
        "%",
        "growth",
        "retail_sales",
        _LL,
        "nominal growth only (no level observed); tied to GDP shocks",
        True,
    ),
    ModelInfo(
        "income_urban_per_capita",
        "城镇居民人均可支配收入增长率",
        "%",
        "growth",
        "income_urban_per_capita",
        _LL,
        "nominal growth only (no level observed); half of GDP shocks",
        True,
    ),
    ModelInfo(
        "income_rural_per_capita",
        "农村居民人均可支配收入增长率",
        "%",
        "growth",
        "income_rural_per_capita",
        _LL,
        "nominal growth only (no level observed); half of GDP shocks",
        True,
    ),
)
_BY_ID = {info.id: info for info in MODELS}
_QUANTITY = {
    "gdp": "level",
    "gdp_real_growth": "growth",
    "gdp_per_capita": "per_capita",
    "population_resident": "population",
}


def _members(group: str) -> dict[str, Member]:
    out: dict[str, Member] = {}
    for info in MODELS:
        if info.group != group:
            continue
        if info.family == "growth":
            quantity = _QUANTITY.get(info.id, "growth" if info.growth_only else "level")
        else:
            quantity = info.id
        out[info.id] = Member(quantity, info.name, info.unit, info.growth_only)
    return out


def _nominal(indicator: str, unit: str, **fields: Any) -> GrowthSpec:
    return GrowthSpec(indicator, unit, _members(indicator), price_basis="nominal", **fields)


_SPECS: dict[str, Callable[[], GrowthSpec | WalkSpec]] = {
    "gdp": lambda: GrowthSpec(
        "gdp",
        "亿元",
        _members("gdp"),
        price_basis="real",
        deflator=DEFLATOR,
        population=POPULATION_GROWTH,
        census="economic",
        revision_sd=8.0,
    ),
    "structure": lambda: WalkSpec(
        ("share_primary", "share_secondary", "share_tertiary"),
        _members("structure"),
        transform="ilr",
        sigma=(0.005, 0.2),
        drift_sd=0.1,
        census="economic",
        revision_sd=0.1,
        label="structure",
    ),
    "urbanization_rate": lambda: WalkSpec(
        ("urbanization_rate",),
        _members("urbanization_rate"),
        sigma=(0.002, 0.1),
        drift_sd=0.1,
        census="population",
        revision_sd=0.1,
    ),
    "forest_cover": lambda: WalkSpec(
        ("forest_cover",),
        _members("forest_cover"),
        sigma=(0.002, 0.05),
        drift_sd=0.05,
    ),
    "fixed_asset_investment": lambda: _nominal(
        "fixed_asset_investment",
        "亿元",
        init_growth=15.0,
        init_sd=15.0,
        sigma_trend=(0.1, 4.0),
        sigma_irregular=(0.2, 8.0),
        slope_sd=0.6,
        census="economic",
        revision_sd=15.0,
    ),
    "fiscal_revenue_general": lambda: _nominal(
        "fiscal_revenue_general",
        "亿元",
        init_growth=10.0,
        init_sd=15.0,
        sigma_trend=(0.1, 4.0),
        sigma_irregular=(0.2, 8.0),
        slope_sd=0.6,
        census=None,
    ),
    "retail_sales": lambda: _nominal(
        "retail_sales",
        "亿元",
        init_growth=12.0,
        init_sd=10.0,
        sigma_trend=(0.05, 2.0),
        sigma_irregular=(0.1, 3.0),
    ),
    "income_urban_per_capita": lambda: _nominal(
        "income_urban_per_capita",
        "元",
        init_growth=10.0,
        init_sd=10.0,
        sigma_trend=(0.05, 2.0),
        sigma_irregular=(0.1, 1.5),
        census=None,
        shock_elasticity=0.5,
    ),
    "income_rural_per_capita": lambda: _nominal(
        "income_rural_per_capita",
        "元",
        init_growth=10.0,
        init_sd=10.0,
        sigma_trend=(0.05, 2.0),
        sigma_irregular=(0.1, 1.5),
        census=None,
        shock_elasticity=0.5,
    ),
}


def group_of(indicator: str) -> str:
    """Return the fit group of a modelled id.

    Parameters
    ----------
    indicator : str
        A modelled id.

    Returns
    -------
    str

    Raises
    ------
    ModelError
        Naming the id and listing the modelled ids, if it is not modelled.
    """
    info = _BY_ID.get(indicator)
    if info is None:
        raise ModelError(
            f"indicator {indicator!r} is not modelled; modelled ids: {', '.join(_BY_ID)}"
        )
    return info.group


def default_spec(group: str, **options: Any) -> GrowthSpec | WalkSpec:
    """Return the default specification of a group, with ``options`` replacing fields.

    Parameters
    ----------
    group : str
        A group name (see :func:`list_models`).
    **options
        Fields of the spec to replace.

    Returns
    -------
    GrowthSpec or WalkSpec
    """
    spec = _SPECS[group]()
    if isinstance(spec, GrowthSpec):
        for name, default in (("deflator", DEFLATOR), ("population", POPULATION_GROWTH)):
            if options.get(name) is not None:
                options[name] = as_assumption(options[name], default)
    known = set(type(spec).__dataclass_fields__)
    unknown = set(options) - known
    if unknown:
        raise ModelError(f"{group}: unknown option(s) {sorted(unknown)}; known: {sorted(known)}")
    return replace(spec, **options)


def fit(
    indicator: str,
    *,
    cutoff: int | None = None,
    data_dir: str | Path | None = None,
    series: pd.DataFrame | None = None,
    **options: Any,
) -> Results:
    """Fit the default model of a modelled indicator.

    Parameters
    ----------
    indicator : str
        A modelled id (see :func:`list_models`).
    cutoff : int, optional
        Use only figures about years ``<= cutoff`` published by ``cutoff + 1``.
    data_dir : str or Path, optional
        Folder of the figure base.
    series : pandas.DataFrame, optional
        An already loaded figure base (avoids reloading).
    **options
        Replace fields of the default specification (e.g. ``trend="damped"``,
        ``deflator=2.5``, ``revision_sd=0``).

    Returns
    -------
    Results

    Raises
    ------
    ModelError
        If the id is not modelled, an option is unknown, or the data at ``cutoff`` are too
        few to fit.
    """
    group = group_of(indicator)
    spec = default_spec(group, **options)
    if isinstance(spec, GrowthSpec):
        model: GrowthModel | WalkModel = GrowthModel(
            spec, cutoff=cutoff, series=series, data_dir=data_dir
        )
    else:
        model = WalkModel(spec, cutoff=cutoff, series=series, data_dir=data_dir)
    return model.fit().view(indicator)


def fit_many(
    indicators: Iterable[str],
    *,
    cutoff: int | None = None,
    data_dir: str | Path | None = None,
    series: pd.DataFrame | None = None,
) -> dict[str, Results]:
    """Fit the default models of several ids, once per group.

    Parameters
    ----------
    indicators : iterable of str
        Modelled ids.
    cutoff : int, optional
        As in :func:`fit`.
    data_dir : str or Path, optional
        Folder of the figure base.
    series : pandas.DataFrame, optional
        An already loaded figure base.

    Returns
    -------
    dict of str to Results
        One view per id; ids of one group share the fitted core.
    """
    if series is None:
        from ..data import load_series

        series = load_series(data_dir)
    out: dict[str, Results] = {}
    by_group: dict[str, Results] = {}
    for ind in indicators:
        group = group_of(ind)
        if group not in by_group:
            by_group[group] = fit(ind, cutoff=cutoff, series=series)
        out[ind] = by_group[group].view(ind)
    return out


def list_models() -> pd.DataFrame:
    """List the modelled indicators.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name, unit, family, model, description`` (plus ``group``: ids of one
        group come from one fit and one set of joint draws).
    """
    rows = [
        {
            "id": i.id,
            "name": i.name,
            "unit": i.unit,
            "family": i.family,
            "model": i.model,
            "description": i.description,
            "group": i.group,
            "growth_only": i.growth_only,
        }
        for i in MODELS
    ]
    return pd.DataFrame(rows)
