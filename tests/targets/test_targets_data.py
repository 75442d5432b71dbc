"""Every target row of the figure base parses to the structured form stored in the row."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from zzsim.data import load_indicators, load_targets
from zzsim.errors import TargetParseError
from zzsim.targets import Target, parse

ROWS = load_targets()
BY_ID = ROWS.set_index("id", drop=False)
INDICATORS = load_indicators()


def _item(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


@pytest.mark.parametrize("row_id", ROWS["id"].tolist())
def test_row_wording_parses_to_its_structured_form(row_id: str) -> None:
    row = BY_ID.loc[row_id]
    parsed = parse(row["text"], item=_item(row["item"]))
    target = Target.from_row(row)
    assert parsed.conflicts(target) == [], f"{row_id} {row['text']!r}"
    if parsed.unit is None:  # 清零 / 全部脱贫: the unit is the indicator's
        assert row["indicator"], row_id
        assert INDICATORS.loc[row["indicator"], "unit"] == row["unit"], row_id


def test_flow_rows_read_cumulative_only_over_a_window() -> None:
    """Rows that sum a flow (basis cumulative) span several years and state a flow."""
    cumulative = ROWS[ROWS["basis"] == "cumulative"]
    assert len(cumulative) > 20
    for _, row in cumulative.iterrows():
        assert row["end_year"] > row["start_year"], row["id"]
        assert parse(row["text"], item=_item(row["item"])).flow, row["id"]


def test_the_item_column_selects_among_several_numbers() -> None:
    several = ROWS[ROWS["item"].notna()]
    assert len(several) >= 30
    for _, row in several.iterrows():
        with pytest.raises(TargetParseError, match="numbers in the text; pass item"):
            parse(row["text"])


#: each plan's window as its rows give it (plan2008's period is not in its id)
PERIODS = {plan: (g["start_year"].min(), g["end_year"].max()) for plan, g in ROWS.groupby("plan")}


def test_every_count_row_has_one_reading_by_the_stock_or_flow_rule() -> None:
    """data/README.md, "Stock or flow": the 82 rows whose wording counts things made."""
    readings: Counter[str] = Counter()
    for _, row in ROWS.iterrows():
        parsed = parse(row["text"], item=_item(row["item"]))
        if not parsed.flow:
            continue
        start, end = PERIODS[row["plan"]]
        admitted = parsed.admitted(row["indicator"] or None, start_year=start, end_year=end)
        assert row["basis"] in admitted, (row["id"], sorted(admitted))
        if start == end:
            readings["the year's amount"] += 1
            assert row["basis"] == "level", row["id"]  # the annual plans' convention
        elif parsed.count_reading == "either" and len(admitted) == 2:
            readings["培育/打造: the row decides"] += 1
            assert "培育" in row["note"] or "打造" in row["note"], row["id"]
        else:
            assert len(admitted) == 1, row["id"]
            readings[f"{row['basis']}"] += 1
    assert readings == {
        "the year's amount": 41,
        "cumulative": 32,
        "level": 2,
        "培育/打造: the row decides": 7,
    }
