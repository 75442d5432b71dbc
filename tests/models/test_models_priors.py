"""priors.yaml: every entry carries its evidence; the numbers the growth family takes."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import yaml

from zzsim.errors import DataError, ModelError
from zzsim.models.priors import (
    REFERENCE_KEYS,
    REQUIRED_KEYS,
    anchor_growth,
    decade_correlation,
    load_priors,
    persistence,
)
from zzsim.resources import data_dir


def test_every_entry_has_value_unit_meaning_and_a_reference():
    raw = yaml.safe_load((data_dir() / "priors.yaml").read_text(encoding="utf-8"))["priors"]
    assert raw, "priors.yaml is empty"
    for name, entry in raw.items():
        assert set(entry) == REQUIRED_KEYS, name
        assert set(entry["reference"]) == REFERENCE_KEYS, name
        assert all(str(v).strip() for v in entry["reference"].values()), name
        assert isinstance(entry["reference"]["year"], int), name
        for key in ("unit", "meaning", "verified", "used_for"):
            assert isinstance(entry[key], str) and entry[key].strip(), (name, key)
        assert entry["value"] not in (None, "", [], {}), name
    loaded = load_priors()
    assert set(loaded) == set(raw)
    assert "China 2030" in loaded["china_gdp_growth_path"].cite()


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda e: e.pop("unit"), "china_gdp_growth_path"),
        (lambda e: e["reference"].pop("locator"), "china_gdp_growth_path.reference"),
        (lambda e: e.update(source="a blog"), "china_gdp_growth_path"),
    ],
)
def test_an_entry_without_its_evidence_is_refused_naming_it(tmp_path, edit, key):
    shutil.copytree(data_dir(), tmp_path / "data")
    path = tmp_path / "data" / "priors.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(doc["priors"]["china_gdp_growth_path"])
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_priors(tmp_path / "data")
    assert info.value.key == key and info.value.file == str(path)


def test_anchor_growth_by_period_held_outside_the_table():
    years = np.array([1990, 2010, 2011, 2015, 2016, 2020, 2021, 2025, 2026, 2030, 2040])
    want = [9.9, 9.9, 8.6, 8.6, 7.0, 7.0, 5.9, 5.9, 5.0, 5.0, 5.0]
    np.testing.assert_array_equal(anchor_growth(years), want)


def test_decade_correlation_of_an_ar1_matches_simulation():
    rho = 0.8
    gen = np.random.default_rng(3)
    n, decades = 10, 200_000
    x = np.zeros((decades, 2 * n))
    x[:, 0] = gen.normal(0.0, 1.0, decades)
    for t in range(1, 2 * n):
        x[:, t] = rho * x[:, t - 1] + gen.normal(0.0, np.sqrt(1 - rho**2), decades)
    sim = np.corrcoef(x[:, :n].mean(axis=1), x[:, n:].mean(axis=1))[0, 1]
    assert decade_correlation(rho) == pytest.approx(sim, abs=0.01)
    assert decade_correlation(0.0) == 0.0


def test_persistence_inverts_the_correlation_within_the_published_range():
    for r in (0.1, 0.2, 0.3, 0.36):
        assert decade_correlation(persistence(r)) == pytest.approx(r, abs=1e-9)
    with pytest.raises(ModelError, match="outside the published evidence"):
        persistence(0.6)
