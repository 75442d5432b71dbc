"""Fixtures of the trajectory-model tests: the figure base, synthetic series."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from zzsim.data import load_series
from zzsim.models import fit_many, list_models


@pytest.fixture(scope="session")
def city_series() -> pd.DataFrame:
    return load_series()


@pytest.fixture(scope="session")
def fitted_all(city_series: pd.DataFrame) -> dict:
    return fit_many(list(list_models()["id"]), series=city_series)


Row = tuple  # (indicator, year, value, unit, measure, status, vintage, start, basis)


@pytest.fixture
def make_series() -> Callable[[list[Row]], pd.DataFrame]:
    """Build a figure-base frame from compact rows (for synthetic data)."""

    def build(rows: list[Row]) -> pd.DataFrame:
        records = []
        for i, (ind, year, value, unit, measure, status, vintage, start, basis) in enumerate(rows):
            records.append({
                "id": f"t-{i:04d}", "indicator": ind, "region": "株洲市", "year": year,
                "start_year": start, "value": float(value), "unit": unit, "measure": measure,
                "price_basis": basis or "", "status": status, "vintage": vintage,
                "source": "synthetic", "quote": "", "value_text": "", "note": "",
            })
        frame = pd.DataFrame(records)
        for col in ("year", "start_year", "vintage"):
            frame[col] = frame[col].astype("Int64")
        return frame

    return build
