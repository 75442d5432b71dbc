"""A new indicator is a row of indicators.yaml and a figures file: no Python change.

The figures are hypothetical (示例数据，非实际统计).
"""

from __future__ import annotations

import pandas as pd

from zzsim.attainment import run_attainment
from zzsim.data import load_series
from zzsim.models import fit, list_models

HYPOTHETICAL = "示例数据，非实际统计 / hypothetical example, not official statistics"


def test_an_indicator_added_as_data_gets_a_model_and_a_probability(
    data_copy, tmp_path, monkeypatch
):
    with (data_copy / "indicators.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  test_widgets: {name: 测试小部件数, unit: 家, family: count, better: higher}\n")
    figures = tmp_path / "figures.csv"
    pd.DataFrame(
        {
            "indicator": ["test_widgets"] * 3,
            "year": [2018, 2019, 2020],
            "value": [100.0, 110.0, 121.0],
            "unit": ["家"] * 3,
            "measure": ["count"] * 3,
            "source": [HYPOTHETICAL] * 3,
            "note": ["hypothetical"] * 3,
        }
    ).to_csv(figures, index=False)
    monkeypatch.setenv("ZZSIM_DATA_DIR", str(data_copy))
    series = load_series(data_copy, figures=figures)
    res = fit("test_widgets", series=series, data_dir=data_copy)
    assert res.core.family == "count" and res.evidence.figures == 3
    assert "test_widgets" in set(list_models(series=series, data_dir=data_copy)["id"])
    target = {
        "id": "t-1",
        "plan": "test",
        "indicator": "test_widgets",
        "region": "株洲市",
        "text": "测试小部件数达到150家",
        "operator": ">=",
        "value": 150.0,
        "unit": "家",
        "basis": "level",
        "start_year": 2025,
        "end_year": 2025,
    }
    result = run_attainment(
        pd.DataFrame([target]),
        ["baseline"],
        2000,
        rng=1,
        series=series,
        progress=False,
        lever_grid=(),
    )
    row = result.long.set_index("target_id").loc["t-1"]
    assert row["method"].startswith("simulated"), row["reason"]
    assert 0.0 < row["p_attain"] < 1.0
