"""The counts reported in the foundation issue's closing note.

These pin the figure base: a row added or lost changes them, and the note must be
updated with it. This is the one place where the counts are pinned; other tests compare
with the loaders.
"""

from __future__ import annotations

import zzsim.data as zd


def test_counts_per_kind() -> None:
    assert len(zd.load_series()) == 255
    tasks = zd.load_tasks()
    assert tasks.groupby("table").size().to_dict() == {"table2008": 57, "table2016": 23}
    agencies = zd.load_agencies()
    assert int((agencies["kind"] == "collective").sum()) == 7
    assert len(agencies) == 87


def test_targets_per_plan() -> None:
    per_plan = zd.load_targets().groupby("plan").size().to_dict()
    assert per_plan == {
        "annual2016": 18,
        "annual2020": 70,
        "fyp13": 7,
        "fyp14": 120,
        "plan2008": 17,
    }
