"""Every quote and wording of the shipped figure base is verbatim in its seed document."""

from __future__ import annotations

from pathlib import Path

import zzsim.data as zd


def test_every_quote_is_verbatim(seeds: Path) -> None:
    problems = zd.check(sources_dir=seeds)
    assert problems == [], "\n".join(map(str, problems[:20]))


def test_every_source_row_cites_a_seed_file(seeds: Path) -> None:
    cited = (
        set(zd.load_series()["source"])
        | set(zd.load_targets()["source"])
        | set(zd.load_tasks()["source"])
    )
    assert cited <= {p.name for p in seeds.iterdir()}
