"""Recall and precision of ``zzsim targets read`` on the full text of every seed document.

Each seed document (000-004 in ../shared/seeds) is read whole with
:func:`zzsim.targets.read_targets`, as a planner would paste it, and the targets read are
matched to the catalogue rows of ``data/targets/`` that cite the document
(:func:`zzsim.targets.compare.compare_targets`: same operator, value, unit, basis and
window). Recall = catalogue rows read / catalogue rows; precision = read rows that are
catalogue rows / read rows. 000 names no plan and no year, so it is read with the window
its catalogue rows assume (2008-2012); the others with none: their plans and headings
give the windows.

Usage: python bench/targets_read.py [--misses]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import pandas as pd

from zzsim.data import load_targets
from zzsim.resources import sources_dir
from zzsim.targets import parse, read_targets
from zzsim.targets.compare import Comparison, compare_targets

#: documents whose text names no plan or year: the window a planner would pass
WINDOWS = {"000_3b3dab99bba1f605.txt": (2008, 2012)}
DOCUMENTS = (
    "000_3b3dab99bba1f605.txt",
    "001_89b8d0825184e282.txt",
    "002_9915d913b5f425b0.txt",
    "003_d6cddab6bad97324.txt",
    "004_d6a808445c4787d7.txt",
)


@dataclass(frozen=True)
class Measured:
    document: str
    comparison: Comparison
    read: int
    catalogue: int
    unread: int
    seconds: float  # reading the whole text
    reference: float  # parsing the document's catalogued wordings one by one


def measure() -> list[Measured]:
    """Read every seed document and compare it with its catalogue rows."""
    folder = sources_dir()
    if folder is None:
        raise SystemExit("seed documents not found: set ZZSIM_SOURCES_DIR")
    catalogue = load_targets()
    out = []
    for name in DOCUMENTS:
        text = (folder / name).read_text(encoding="utf-8")
        began = time.perf_counter()
        reading = read_targets(text, window=WINDOWS.get(name), source=name)
        seconds = time.perf_counter() - began
        reference = catalogue[catalogue["source"] == name]
        began = time.perf_counter()
        for text, item in zip(reference["text"], reference["item"], strict=True):
            parse(text, item=None if pd.isna(item) else int(item))
        parsing = time.perf_counter() - began
        comparison = compare_targets(reading.targets, reference)
        out.append(
            Measured(
                name[:3],
                comparison,
                len(reading.targets),
                len(reference),
                len(reading.unread),
                seconds,
                parsing,
            )
        )
    return out


def table(results: list[Measured]) -> pd.DataFrame:
    """The figures per document and in total."""
    rows = []
    for r in results:
        c = r.comparison
        rows.append(
            {
                "document": r.document,
                "catalogue": r.catalogue,
                "read": r.read,
                "matched": len(c.pairs),
                "recall": c.recall,
                "precision": c.precision,
                "same indicator": c.indicator_agreement,
                "unread sentences": r.unread,
            }
        )
    frame = pd.DataFrame(rows)
    total = frame[["catalogue", "read", "matched", "unread sentences"]].sum()
    agree = sum(int(r.comparison.pairs["same_indicator"].sum()) for r in results)
    frame.loc[len(frame)] = {
        "document": "all",
        **total.to_dict(),
        "recall": total["matched"] / total["catalogue"],
        "precision": total["matched"] / total["read"],
        "same indicator": agree / total["matched"],
    }
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the catalogue rows missed")
    args = parser.parse_args()
    results = measure()
    print(table(results).to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    timed = [r for r in results if r.reference > 0]
    ratio = sum(r.seconds for r in timed) / sum(r.reference for r in timed)
    print(
        f"\nreading the whole documents takes {ratio:.0f}x the time of parsing their "
        "catalogued wordings one by one (same run)"
    )
    if args.misses:
        for r in results:
            for _, miss in r.comparison.misses.iterrows():
                print(f"miss {miss['id']}: {miss['text']}")


if __name__ == "__main__":
    main()
