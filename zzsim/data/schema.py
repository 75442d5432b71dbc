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
