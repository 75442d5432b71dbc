"""Tables for a planning draft: the compact terminal table and exports to files.

- :func:`compact_table`: one line per target with a probability (id, short wording, how it
  is read, P per scenario side by side, what it rests on, progress at the planning date),
  fit for a 100-column terminal; the targets without a probability are counted by
  reason below it (:func:`not_modelled_note`).
- :func:`draft_table`: the full wide table with Chinese labels.
- :func:`export`: ``.csv`` (UTF-8 with BOM, for Excel), ``.md``, ``.tex``, ``.xlsx`` (a
  sheet per view: summary, full table, not modelled with reasons, figures used with
  their sources, notes) or ``.docx`` (a three-line table, 三线表, as in a Chinese report).
  Files are written atomically.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .._io import atomic_write
from ..data import load_indicators
from ..formatting import markdown_table, shorten
from .plan import Method
from .results import STATISTICS, Attainment, scenario_label

__all__ = [
    "FORMATS",
    "LABELS",
    "compact_table",
    "draft_table",
    "export",
    "not_modelled_note",
    "notes",
]

#: column labels of the exported tables (Chinese first, as they go into planning drafts)
LABELS = {
    "target_id": "编号",
    "text": "目标表述",
    "indicator": "指标",
    "reading": "判定口径",
    "method": "方法",
    "unit": "单位",
    "figures": "数据点数",
    "last_year": "最新数据年份",
    "evidence": "依据",
    "p_attain": "达成概率",
    "mc_se": "蒙特卡洛标准误",
    "median": "中位数",
    "lo": "10%分位",
    "hi": "90%分位",
    "shift_p50": "达成概率50%所需增速调整(百分点)",
    "shift_p80": "达成概率80%所需增速调整(百分点)",
    "reason": "未模拟原因",
    "progress": "评估时点进度(完成/时间)",
}
#: evidence grades in the words of a draft, and in one or two characters for the terminal
GRADES = {"data": "数据", "data+prior": "数据+先验", "prior": "先验为主"}
GRADE_CODES = {"data": "数", "data+prior": "数先", "prior": "先"}
FORMATS = (".csv", ".md", ".tex", ".xlsx", ".docx")
#: display columns of the indicator's name and of a scenario's name in the compact table
NAME_WIDTH = 16
SCENARIO_WIDTH = 10


def _shift(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value == math.inf:
        return "网格内均未达到"
    if value == -math.inf:
        return "网格内均已达到"
    return f"{value:+.2f}"


def _evidence(row: pd.Series) -> str:
    grade = str(row["evidence"])
    if not grade:
        return ""
    return f"{row['figures']}·{row['last_year']}·{GRADE_CODES.get(grade, grade)}"


def short_reading(reading: str) -> str:
    """Shorten a reading for the terminal: no leading year span, one word in brackets.

    Examples
    --------
    >>> short_reading("2016-2020年年均增长 ≥ 8.5%（9%左右，单侧）")
    '年均增长 ≥ 8.5%（9%左右）'
    >>> short_reading("2025年 ≥ 12万元")
    '≥ 12万元'
    """
    text = re.sub(r"^\d{4}(-\d{4})?年\s*", "", reading)
    return re.sub(r"（([^，）]*)，[^）]*）", r"（\1）", text)


def _evidence_words(row: pd.Series) -> str:
    grade = str(row["evidence"])
    return f"{row['figures']}项数据，至{row['last_year']}年，{GRADES.get(grade, grade)}"


def _progress(row: pd.Series) -> str:
    done, elapsed = float(row["progress"]), float(row["time_share"])
    return "" if np.isnan(done) else f"{done:.0%}/{elapsed:.0%}"


def compact_table(
    result: Attainment, *, all_targets: bool = False, short: bool = True
) -> pd.DataFrame:
    """Return one line per target: id, indicator, reading, P per scenario, evidence, progress.

    Parameters
    ----------
    result : Attainment
    all_targets : bool, default False
        Also list the targets without a probability (with the reason instead of P).
    short : bool, default True
        The printed table: the indicator's name cut to :data:`NAME_WIDTH` display
        columns, the reading without its window, the shipped scenarios by their Chinese
        names, P with two decimals and the evidence as ``figures·last year·grade code``
        (up to three scenarios fit a 100-column terminal). False: the target's whole
        wording, the full reading, P as a number and the evidence in words (for exports).

    Returns
    -------
    pandas.DataFrame
        Indexed by target id; a ``joint`` row when several targets are simulated. In the
        printed table a probability from the task ABM is marked ``*``.
    """
    long = result.long
    first = long[long["scenario"] == result.scenarios[0].name].set_index("target_id")
    probs = long.pivot(index="target_id", columns="scenario", values="p_attain")
    names = load_indicators()["name"].to_dict() if short else {}
    header = {
        s.name: shorten(scenario_label(s.name), SCENARIO_WIDTH) if short else s.name
        for s in result.scenarios
    }
    rows = []
    for p in result.planned:
        tid = str(p.target.id)
        if p.method is Method.NOT_MODELLED and not all_targets:
            continue
        row = first.loc[str(tid)]
        assert isinstance(row, pd.Series)
        text = str(p.target.text or "")
        reading = str(row["reading"])
        if short:
            text = shorten(names.get(str(p.target.indicator), text), NAME_WIDTH)
            reading = short_reading(reading)
        cells: dict[str, object] = {"目标": text, "判定": reading}
        mark = "*" if p.method is Method.TASK_ABM else ""
        for s in result.scenarios:
            value = float(probs.loc[tid, s.name])  # type: ignore[arg-type]
            if not short:
                cells[header[s.name]] = value
            else:
                cells[header[s.name]] = "" if np.isnan(value) else f"{value:.2f}{mark}"
        if p.simulated:
            cells["依据"] = _evidence(row) if short else _evidence_words(row)
        else:
            cells["依据"] = p.reason if all_targets else ""
        cells["进度"] = _progress(row)
        rows.append((tid, cells))
    frame = pd.DataFrame([c for _, c in rows], index=[t for t, _ in rows])
    if sum(p.simulated for p in result.planned) > 1:
        joint: dict[str, object] = {"目标": "以上可模拟目标同时达成", "判定": "同一路径"}
        for s in result.scenarios:
            p_joint = float(result.joint[s.name])
            joint[header[s.name]] = f"{p_joint:.2f}" if short else p_joint
        frame = pd.concat([frame, pd.DataFrame([joint], index=["joint"])])
        text_columns = [c for c in frame.columns if c not in header.values() or short]
        frame[text_columns] = frame[text_columns].fillna("")
    if len(frame) and not (frame.get("进度", pd.Series(dtype=str)) != "").any():
        frame = frame.drop(columns="进度")
    frame.index.name = "编号"
    return frame


def not_modelled_note(result: Attainment) -> str:
    """Return one line counting the targets without a probability by kind of reason."""
    counts = result.reasons()
    if counts.empty:
        return "Every target has a probability."
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return (
        f"Not modelled: {int(counts.sum())} of {len(result.planned)} targets ({parts}); "
        "--all lists them with the reason."
    )


def notes(result: Attainment) -> list[str]:
    """Return the lines that say what the table rests on (printed under it and exported)."""
    scen = ", ".join(s.name for s in result.scenarios)
    out = [
        f"P = share of {result.draws:,} joint paths per scenario ({scen}) that attain the "
        f"target; seed {result.seed}. Planning date {result.present} (the last year of a "
        "city-wide figure); scenario levers act on the years after each indicator's last "
        "figure (依据 gives it).",
        "依据 = figures that fed the indicator's model · the year of the last one · whether "
        "the data or the prior dominate the forecast (数 data, 数先 data and prior, 先 prior).",
        "左右 is read "
        + (
            "one-sided in the good direction, as plan evaluations grade it"
            if result.around == "one-sided"
            else "as a two-sided band"
        )
        + "; 判定 shows each target's reading.",
    ]
    used = result.figures_used
    if not used.empty and "origin" in used and (used["origin"] == "user").any():
        mine = used[used["origin"] == "user"].drop_duplicates("id")
        sources = "; ".join(dict.fromkeys(str(s) for s in mine["source"]))
        out.append(
            f"Your own figures fed the models: {len(mine)} rows from "
            f"{', '.join(dict.fromkeys(Path(str(f)).name for f in mine['file']))}, cited as: "
            f"{sources}."
        )
    unused = result.figures_unused
    if len(unused):
        listed = "; ".join(
            f"{r['indicator']} {r['year']} ({r['reason']})" for r in unused.to_dict("records")
        )
        out.append(f"{len(unused)} of your figures fed no model of this table: {listed}.")
    if result.progress:
        out.append(
            "进度 = share of the required change done by the planning date / share of the "
            "window elapsed (时间过半、任务过半: the first at least the second)."
        )
    if any(p.method is Method.TASK_ABM for p in result.planned):
        out.append("* from the task agent-based model (not part of the joint probability).")
    return out


def draft_table(result: Attainment, *, decimals: int = 3, numeric: bool = False) -> pd.DataFrame:
    """Return the full wide table with Chinese labels and formatted numbers.

    Parameters
    ----------
    result : Attainment
    decimals : int, default 3
        Decimals of probabilities.
    numeric : bool, default False
        Keep the statistics as numbers (for spreadsheets); the growth needed is then a
        number too, but for the words that say it lies outside the grid searched.

    Returns
    -------
    pandas.DataFrame
        Descriptive columns, then ``<scenario>·<statistic>`` columns; text cells unless
        ``numeric``.
    """
    table = result.table
    out = pd.DataFrame(index=table.index)
    for col in ("text", "indicator", "reading", "method", "unit"):
        out[LABELS[col]] = table[col].fillna("")
    out[LABELS["evidence"]] = [
        _evidence_words(pd.Series({"figures": f, "last_year": y, "evidence": g}))
        if isinstance(g, str) and g
        else ""
        for f, y, g in zip(table["figures"], table["last_year"], table["evidence"], strict=True)
    ]
    for s in result.scenarios:
        for stat in STATISTICS:
            values = table[(s.name, stat)]
            if numeric:
                cells = values.map(lambda v: _shift(v) if v in (math.inf, -math.inf) else v)
            elif stat.startswith("shift"):
                cells = values.map(_shift)
            elif stat in ("p_attain", "mc_se"):
                cells = values.map(lambda v: "" if pd.isna(v) else f"{v:.{decimals}f}")
            else:
                cells = values.map(lambda v: "" if pd.isna(v) else f"{v:.4g}")
            out[f"{s.name}·{LABELS[stat]}"] = cells
    out.index.name = LABELS["target_id"]
    return out


def _sources(result: Attainment) -> pd.DataFrame:
    used = result.figures_used
    if used.empty:
        return used
    names = {"model": "模型", "id": "编号", "indicator": "指标", "measure": "口径"}
    names.update({"year": "年份", "value": "数值", "unit": "单位", "status": "状态"})
    names.update({"vintage": "发布年份", "source": "来源", "quote": "原文", "origin": "数据来源"})
    names.update({"start_year": "起始年份", "file": "文件"})
    return used.rename(columns=names)


def _write_xlsx(result: Attainment, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        compact_table(result, short=False).to_excel(writer, sheet_name="摘要")
        draft_table(result, numeric=True).to_excel(writer, sheet_name="完整表")
        result.not_modelled().rename(columns=LABELS).rename_axis(LABELS["target_id"]).to_excel(
            writer, sheet_name="未模拟"
        )
        _sources(result).to_excel(writer, sheet_name="所用数据", index=False)
        pd.DataFrame({"说明": notes(result)}).to_excel(writer, sheet_name="说明", index=False)


def export(result: Attainment, path: str | Path) -> Path:
    """Write the attainment table; the format follows the file's suffix.

    ``.csv`` (UTF-8 with BOM, so that Excel shows the Chinese labels), ``.md``,
    ``.tex`` (a ``tabular`` for ``xeCJK``/``ctex`` documents), ``.xlsx`` (sheets 摘要,
    完整表, 未模拟, 所用数据, 说明) or ``.docx`` (the summary as a 三线表, with the notes).
    The file is written atomically: an existing file is replaced only once the new one is
    complete.

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
    if suffix == ".xlsx":
        return atomic_write(path, lambda tmp: _write_xlsx(result, tmp))
    if suffix == ".docx":
        from .docx import write_docx

        return atomic_write(path, lambda tmp: write_docx(result, tmp))
    frame = draft_table(result)
    if suffix == ".csv":
        return atomic_write(path, lambda tmp: frame.to_csv(tmp, encoding="utf-8-sig"))
    if suffix == ".md":
        text = markdown_table(frame) + "\n" + "\n".join(f"- {n}" for n in notes(result)) + "\n"
        return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    styler = frame.style.format(escape="latex").format_index(escape="latex", axis=0)
    latex = styler.format_index(escape="latex", axis=1).to_latex(hrules=True)
    return atomic_write(path, lambda tmp: tmp.write_text(latex, encoding="utf-8"))
