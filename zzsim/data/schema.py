"""Column sets and vocabularies of the figure base (see ``data/README.md``)."""

from __future__ import annotations

SERIES_COLUMNS: tuple[str, ...] = (
    "id",
    "indicator",
    "region",
    "year",
    "start_year",
    "value",
    "unit",
    "measure",
    "price_basis",
    "status",
    "vintage",
    "source",
    "quote",
    "value_text",
    "note",
)
TARGET_COLUMNS: tuple[str, ...] = (
    "id",
    "plan",
    "indicator",
    "region",
    "text",
    "item",
    "operator",
    "value",
    "value_hi",
    "tolerance",
    "unit",
    "basis",
    "start_year",
    "end_year",
    "binding",
    "source",
    "quote",
    "value_text",
    "note",
)
TASK_COLUMNS: tuple[str, ...] = (
    "id",
    "table",
    "section",
    "key_point",
    "text",
    "leads",
    "participants",
    "progress",
    "progress_pct",
    "internal_units",
    "source",
    "quote",
    "note",
)

MEASURES = frozenset(
    {
        "level",
        "yoy_growth",
        "avg_growth",
        "share",
        "ratio",
        "count",
        "cumulative",
        "cumulative_growth",
        "change_pp",
        "avg_change_pp",
    }
)
#: measures that describe a window and need ``start_year``
WINDOW_MEASURES = frozenset(
    {"avg_growth", "cumulative", "cumulative_growth", "change_pp", "avg_change_pp"}
)
PRICE_BASES = frozenset({"nominal", "real"})
STATUSES = frozenset({"actual", "preliminary", "revised"})

PLANS = ("plan2008", "fyp13", "annual2016", "annual2020", "fyp14")
OPERATORS = frozenset({">=", ">", "<=", "<", "around", "range"})
BASES = frozenset(
    {
        "level",
        "yoy_growth",
        "avg_growth",
        "cumulative",
        "change_pp",
        "reduction",
        "multiple",
        "change",
        "avg_change",
    }
)
BINDINGS = frozenset({"binding", "anticipatory"})

TABLES = ("table2008", "table2016")
FAMILIES = frozenset({"growth", "composition", "bounded", "rate", "flow", "count", "other"})
AGENCY_KINDS = frozenset(
    {
        "city_bureau",
        "district",
        "county",
        "county_city",
        "zone",
        "state_company",
        "mass_org",
        "leading_group",
        "upper_level",
        "collective",
    }
)
AGENCY_KEYS = frozenset({"id", "name", "aliases", "kind", "successor", "members", "note"})
INDICATOR_KEYS = frozenset({"name", "unit", "family", "better", "aliases", "note"})
#: direction of good of an indicator's level (``better`` in ``indicators.yaml``)
BETTER = frozenset({"higher", "lower", "band"})
SOURCE_KEYS = frozenset({"file", "title", "vintage", "note"})

#: the region of the whole city (rows about a county or district name it instead)
CITY = "株洲市"
#: the three shares of the sector structure, which sum to 100 for one source and year
SECTOR_SHARES = ("share_primary", "share_secondary", "share_tertiary")
#: tolerance for the sum of rounded shares
SHARE_SUM_TOLERANCE = 0.2
#: separator of agency names in task rows
AGENCY_SEPARATOR = "、"

# --- the planner's own figures (``--figures``; see data/README.md) ---------------------

#: where a row comes from: the shipped base or the planner's figures
ORIGINS = ("built-in", "user")
#: columns a planner's figures file must have; the others may be left out or empty
FIGURE_REQUIRED_COLUMNS = ("indicator", "year", "value", "unit", "measure", "source")
#: what makes two rows describe the same thing, for supersession across origins
SAME_FIGURE_KEYS = ("indicator", "region", "year", "start_year", "measure", "price_basis")
#: measures of growth (in % or 倍)
GROWTH_MEASURES = frozenset({"yoy_growth", "avg_growth", "cumulative_growth"})
#: growth at comparable prices by statistical convention (GDP and value added)
REAL_GROWTH_INDICATORS = frozenset(
    {
        "gdp",
        "gdp_per_capita",
        "va_primary",
        "va_secondary",
        "va_tertiary",
        "va_agriculture",
        "va_industry",
        "va_industry_above_scale",
        "high_tech_va",
        "va_apparel",
        "va_automobile",
        "va_aviation",
        "va_ceramics",
        "va_logistics",
        "va_rail_transit",
    }
)
#: growth at current prices by statistical convention (investment, retail sales, fiscal
#: revenue, trade, credit, incomes)
NOMINAL_GROWTH_INDICATORS = frozenset(
    {
        "fixed_asset_investment",
        "industrial_investment",
        "infrastructure_investment",
        "key_project_investment",
        "retail_sales",
        "fiscal_revenue_total",
        "fiscal_revenue_general",
        "fiscal_revenue_local",
        "trade_total",
        "exports",
        "fdi_actual",
        "deposit_balance",
        "loan_balance",
        "income_per_capita",
        "income_urban_per_capita",
        "income_rural_per_capita",
    }
)
#: unit dimensions that count things; one kind for the unit check (a household rehoused
#: is a dwelling renovated: 棚户区改造 is stated in 户 and in 套)
COUNTED_DIMENSIONS = frozenset({"count", "households"})
#: a level this many times (or more) away from a level of the same indicator in the same or
#: an adjacent year is a unit or typing error (no city figure moves that much in a decade)
LEVEL_FACTOR_LIMIT = 100.0
#: how far (in years) the adjacent figure compared with a level may lie
LEVEL_NEIGHBOUR_YEARS = 10
