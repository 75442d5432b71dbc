"""Export an attainment table to CSV, Markdown, LaTeX or Excel, with Chinese labels."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from .._io import atomic_write
from ..formatting import markdown_table
from .engine import Attainment

__all__ = ["FORMATS", "LABELS", "draft_table", "export"]

#: column labels of the exported table (Chinese first, as it goes into planning drafts)
LABELS = {
    "target_id": "编号",
    "text": "目标表述",
    "indicator": "指标",
    "method": "方法",
    "unit": "单位",
    "p_attain": "达成概率",
    "mc_se": "蒙特卡洛标准误",
    "median": "中位数",
    "lo": "10%分位",
    "hi": "90%分位",
    "shift_p50": "达成概率50%所需增速调整(百分点)",
    "shift_p80": "达成概率80%所需增速调整(百分点)",
}
FORMATS = (".csv", ".md", ".tex", ".xlsx")


def _shift(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value == math.inf:
        return "网格内均未达到"
    if value == -math.inf:
        return "网格内均已达到"
    return f"{value:+.2f}"


def draft_table(result: Attainment, *, decimals: int = 3) -> pd.DataFrame:
    """Format the table for a planning draft: Chinese labels, formatted numbers.

    Parameters
    ----------
    result : Attainment
        From :func:`~zzsim.attainment.run_attainment`.
    decimals : int, default 3
        Decimals of probabilities.

    Returns
    -------
    pandas.DataFrame
        Text cells; columns ``(情景, 统计量)`` below the descriptive ones.
    """
    table = result.table
    out = pd.DataFrame(index=table.index)
    for col in ("text", "indicator", "method", "unit"):
        out[LABELS[col]] = table[col].fillna("")
    for s in result.scenarios:
        for stat in ("p_attain", "mc_se", "median", "lo", "hi", "shift_p50", "shift_p80"):
            values = table[(s.name, stat)]
            if stat.startswith("shift"):
                cells = values.map(_shift)
            elif stat in ("p_attain", "mc_se"):
                cells = values.map(lambda v: "" if pd.isna(v) else f"{v:.{decimals}f}")
            else:
                cells = values.map(lambda v: "" if pd.isna(v) else f"{v:.4g}")
            out[f"{s.name}·{LABELS[stat]}"] = cells
    out.index.name = LABELS["target_id"]
    return out


def export(result: Attainment, path: str | Path) -> Path:
    """Write the attainment table; the format follows the file's suffix.

    ``.csv`` (UTF-8 with BOM, so that Excel shows the Chinese labels), ``.md``,
    ``.tex`` (a ``tabular`` for ``xeCJK``/``ctex`` documents) or ``.xlsx``. The file is
    written atomically: an existing file is replaced only once the new one is complete.

    Parameters
    ----------
    result : Attainment
    path : str or Path

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ValueError
        On an unknown suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"unknown output format {suffix!r}; use one of {', '.join(FORMATS)}")
    frame = draft_table(result)
    if suffix == ".csv":
        return atomic_write(path, lambda tmp: frame.to_csv(tmp, encoding="utf-8-sig"))
    if suffix == ".md":
        text = markdown_table(frame)
        return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    if suffix == ".tex":
        latex = frame.style.to_latex(hrules=True)
        return atomic_write(path, lambda tmp: tmp.write_text(latex, encoding="utf-8"))
    return atomic_write(
        path, lambda tmp: frame.to_excel(tmp, sheet_name="达成概率", engine="openpyxl")
    )
