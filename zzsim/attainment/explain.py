"""``zzsim explain``: what one target's probability rests on.

The target and how it is read, the model and the evidence grade, every figure that fed
the model (with its source, vintage and origin — the documents or the planner's own
file), P and the outcome's interval per scenario, the progress at the planning date, and
the fan chart as a PNG.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._io import atomic_write
from ..errors import TargetError
from ..formatting import fill, markdown_table
from .exports import GRADES
from .plan import Method
from .results import Attainment

__all__ = ["explain"]


def _render(lines: list[str]) -> str:
    """Join the lines, wrapping list items at 98 display columns."""
    wrapped = [fill(line, 98, rest="  ") if line.startswith("- ") else line for line in lines]
    return "\n".join(wrapped) + "\n"


def explain(result: Attainment, target_id: str, *, png: str | Path | None = None) -> str:
    """Describe one target of ``result`` in Markdown (and draw its fan chart).

    Parameters
    ----------
    result : Attainment
    target_id : str
        A target of the result.
    png : str or Path, optional
        Where to write the fan chart (simulated targets only; others have none).

    Returns
    -------
    str
        Markdown text.

    Raises
    ------
    TargetError
        If the target is not in the result.
    """
    planned = {str(p.target.id): p for p in result.planned}
    if target_id not in planned:
        known = ", ".join(list(planned)[:5])
        raise TargetError(f"no target {target_id!r} in this table (ids such as {known}, ...)")
    p = planned[target_id]
    t = p.target
    long = result.long.set_index(["target_id", "scenario"])
    reading = str(long.at[(target_id, result.scenarios[0].name), "reading"])
    lines = [
        f"# {target_id}: {t.text}",
        "",
        f"- reading: {reading} ({t.basis}, {t.start_year}-{t.end_year})",
        f"- indicator: {t.indicator or '(none)'}",
        f"- method: {p.label}",
    ]
    if p.method is Method.NOT_MODELLED:
        lines.append(f"- not modelled: {p.reason}")
        return _render(lines)
    if p.simulated:
        ev = result.evidence[str(t.indicator)]
        lines.append(
            f"- evidence: {ev.figures} figures up to {ev.last_year}, "
            f"{ev.grade} ({GRADES.get(ev.grade, ev.grade)})"
        )
    mark = result.progress.get(target_id)
    if mark is not None:
        state = "on" if mark.on_track else "behind"
        lines.append(
            f"- at the planning date {result.present}: {mark.done:.0%} of the required change "
            f"done, {mark.elapsed:.0%} of the window elapsed ({state} the straight-line path)"
        )
    rows = pd.DataFrame(long.loc[target_id][["p_attain", "mc_se", "median", "lo", "hi", "unit"]])
    lines += ["", "## P(attain) by scenario", "", markdown_table(rows.round(4))]
    if p.simulated:
        used = result.figures_used
        used = used[used["model"] == str(t.indicator)].drop(columns="model")
        if "file" in used:
            used = used.assign(file=[Path(str(f)).name for f in used["file"]])
        lines += [f"## Figures that fed the {t.indicator} model ({len(used)})", ""]
        shown = used.set_index("id").astype(object).fillna("")
        lines.append(markdown_table(shown) if len(used) else "(none)\n")
    if png is not None and p.simulated:
        from .fan import plot_fan

        fig = plot_fan(result, target_id)
        atomic_write(png, lambda tmp: fig.savefig(tmp, format="png", dpi=150))
        lines.append(f"Fan chart: {png}")
    return _render(lines)
