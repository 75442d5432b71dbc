"""Every target row of the figure base parses to the structured form stored in the row."""

from __future__ import annotations

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
