"""Shared builders for the backtest tests: synthetic series rows in the figure-base shape."""

import pandas as pd
import pytest

from zzsim.data.schema import SERIES_COLUMNS


def make_series(rows):
    """A series frame shaped like zzsim.data.load_series() from a list of partial dicts."""
    defaults = {
        "region": "株洲市",
        "start_year": None,
        "unit": "%",
        "price_basis": "",
        "status": "actual",
        "source": "test.txt",
        "quote": "q",
        "value_text": "",
        "note": "",
        "file": "test.csv",
    }
    records = []
    for i, row in enumerate(rows, start=1):
        rec = {**defaults, "id": f"t-{i:03d}", **row}
        rec["line"] = i + 1
        records.append(rec)
    frame = pd.DataFrame(records, columns=[*SERIES_COLUMNS, "file", "line"])
    for column in ("year", "start_year", "vintage"):
        frame[column] = frame[column].astype("Int64")
    frame["value"] = frame["value"].astype(float)
    return frame


@pytest.fixture
def series_factory():
    return make_series
