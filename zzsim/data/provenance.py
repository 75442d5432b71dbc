"""Verify quotes and wording against the seed documents they cite."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import ProvenanceError

__all__ = ["verify_provenance"]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class _Located:
    source: str
    quote: str
    text: str
    file: str
    line: int


def verify_provenance(
    frames: dict[str, pd.DataFrame], sources_dir: str | Path
) -> list[ProvenanceError]:
    """Check every quote verbatim in its source file.

    ``quote`` must be an exact substring of the source. ``text`` (the wording of targets
    and tasks) must occur in the source once white space is ignored, since PDF and web
    extraction break lines inside sentences.

    Parameters
    ----------
    frames : dict of str to pandas.DataFrame
        Tables as returned by the loaders (``series``, ``targets``, ``tasks``), each with
        ``source``, ``quote``, ``file`` and ``line`` columns.
    sources_dir : str or Path
        Folder holding the seed documents.

    Returns
    -------
    list of ProvenanceError
        One per quote or wording not found; empty when everything is verified.
    """
    root = Path(sources_dir)
    texts: dict[str, str] = {}
    compact: dict[str, str] = {}
    problems: list[ProvenanceError] = []
    for frame in frames.values():
        has_text = "text" in frame.columns
        for rec in frame.to_dict("records"):
            row = _Located(
                source=str(rec["source"]),
                quote=str(rec["quote"]),
                text=str(rec["text"]) if has_text else "",
                file=str(rec["file"]),
                line=int(rec["line"]),
            )
            source = row.source
            if source not in texts:
                path = root / source
                if not path.is_file():
                    problems.append(
                        ProvenanceError(
                            f"source {source!r} not found in {root}",
                            file=row.file,
                            row=row.line,
                            key="source",
                        )
                    )
                    texts[source] = compact[source] = ""
                    continue
                texts[source] = path.read_text(encoding="utf-8")
                compact[source] = _compact(texts[source])
            if not texts[source]:
                continue
            if row.quote not in texts[source]:
                problems.append(
                    ProvenanceError(
                        f"quote not found verbatim in {source}: {row.quote[:60]!r}",
                        file=row.file,
                        row=row.line,
                        key="quote",
                    )
                )
            text = row.text
            if text and _compact(text) not in compact[source]:
                problems.append(
                    ProvenanceError(
                        f"wording not found in {source} (white space ignored): {text[:60]!r}",
                        file=row.file,
                        row=row.line,
                        key="text",
                    )
                )
    return problems
