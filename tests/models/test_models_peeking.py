"""No peeking: a cutoff fit uses only what was published by cutoff + 1."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from zzsim.data import load_series
from zzsim.models import fit, simulate_joint


def _rewrite_vintage(folder: Path, vintage: str) -> None:
    """Change the figures published in ``vintage``: GDP x 1.3, secondary <-> tertiary shares."""
    for path in (folder / "series").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if not rows:
            continue
        shares = {(r["year"], r["indicator"]): r["value"] for r in rows
                  if r["vintage"] == vintage and r["indicator"].startswith("share_")}
        for row in rows:
            if row["vintage"] != vintage:
                continue
            if row["indicator"] == "gdp":
                row["value"] = f"{float(row['value']) * 1.3:.1f}"
                row["quote"] = row["value"]
            swap = {"share_secondary": "share_tertiary", "share_tertiary": "share_secondary"}
            if row["indicator"] in swap:
                row["value"] = shares[(row["year"], swap[row["indicator"]])]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


def test_cutoff_uses_only_rows_known_at_the_time(city_series):
    for ind in ("gdp", "share_primary", "urbanization_rate", "gdp_per_capita"):
        used = fit(ind, cutoff=2015, series=city_series).observations.query("used")
        assert len(used) > 0
        assert (used["year"] <= 2015).all() and (used["vintage"] <= 2016).all()
        full = fit(ind, series=city_series).observations
        assert full["reason"].str.contains("after the cutoff").sum() == 0


def test_later_vintages_cannot_move_a_cutoff_forecast(data_copy):
    before = load_series(data_copy)
    _rewrite_vintage(data_copy, "2021")
    after = load_series(data_copy)
    assert not np.allclose(before["value"], after["value"])
    ids = ["gdp", "gdp_real_growth", "share_secondary", "gdp_per_capita"]
    for cutoff, same in ((2015, True), (None, False)):
        a = simulate_joint(ids, range(2016, 2026), 500, rng=3, cutoff=cutoff,
                           fitted={i: fit(i, cutoff=cutoff, series=before) for i in ids})
        b = simulate_joint(ids, range(2016, 2026), 500, rng=3, cutoff=cutoff,
                           fitted={i: fit(i, cutoff=cutoff, series=after) for i in ids})
        for ind in ids:
            assert np.array_equal(a.level(ind), b.level(ind)) == same, (ind, cutoff)
