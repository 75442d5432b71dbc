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
    "binding": "约束性/预期性",
    "commitment": "力争/确保",
}
#: evidence grades in the words of a draft, and in one or two characters for the terminal
GRADES = {"data": "数据", "data+prior": "数据+先验", "prior": "先验为主"}
GRADE_CODES = {"data": "数", "data+prior": "数先", "prior": "先"}
#: binding (约束性) or anticipatory (预期性) targets, in the words of a draft
BINDINGS = {"binding": "约束性", "anticipatory": "预期性"}
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
    return "" if np.isnan(done) or np.isnan(elapsed) else f"{done:.0%}/{elapsed:.0%}"


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
        elif all_targets and short:
            cells["依据"] = "未模拟：" + REASON_NAMES.get(p.reason_kind, p.reason_kind)
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


def not_modelled_note(result: Attainment, *, language: str = "en") -> str:
    """Return one line counting the targets without a probability by kind of reason.

    Parameters
    ----------
    result : Attainment
    language : {"en", "zh"}
        English for the terminal, Chinese for documents (docx, xlsx).

    Returns
    -------
    str
    """
    counts = result.reasons()
    zh = language == "zh"
    if counts.empty:
        return "每个目标都有达成概率。" if zh else "Every target has a probability."
    if zh:
        parts = "，".join(f"{REASON_NAMES.get(str(k), str(k))}{n}项" for k, n in counts.items())
        return (
            f"未模拟：{len(result.planned)}项目标中{int(counts.sum())}项（{parts}）；"
            "原因逐项见“未模拟”表。"
        )
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return (
        f"Not modelled: {int(counts.sum())} of {len(result.planned)} targets ({parts}); "
        "--all lists them with the reason."
    )


#: the kinds of not-modelled reasons in the words of a draft
REASON_NAMES = {
    "one-off count": "无序列的一次性数量目标",
    "no indicator": "表述未对应指标",
    "not city-wide": "非全市指标",
    "no usable figure": "无可用数据",
    "unit or basis": "单位或口径无法比较",
    "growth only": "仅有增速、无水平值",
    "model not fitted": "模型无法拟合",
    "before the figures": "早于最早数据",
    "zero target": "清零类目标",
}


def _unused_note(unused: pd.DataFrame, zh: bool) -> str:
    """Name the planner's figures that fed no model: one clause per indicator and reason."""
    clauses = []
    for (indicator, reason, reads), rows in unused.groupby(
        ["indicator", "reason", "reads"], sort=False
    ):
        years = ("、" if zh else ", ").join(str(y) for y in dict.fromkeys(rows["year"]))
        if not zh:
            clauses.append(f"{indicator} {years} ({reason})")
        elif reads:
            clauses.append(f"{indicator} {years}年（该指标由 {reads} 的数据推算）")
        else:
            clauses.append(f"{indicator} {years}年（模型未采用：{reason}）")
    listed = ("；" if zh else "; ").join(clauses)
    return (
        f"使用者提供的数据中有{len(unused)}行未进入本表的任何模型：{listed}。"
        if zh
        else f"{len(unused)} of your figures fed no model of this table: {listed}."
    )


def notes(result: Attainment, *, language: str = "en") -> list[str]:
    """Return the lines that say what the table rests on (printed under it and exported).

    Parameters
    ----------
    result : Attainment
    language : {"en", "zh"}
        English for the terminal, Chinese for documents (docx, xlsx).

    Returns
    -------
    list of str
    """
    zh = language == "zh"
    scen = ("、" if zh else ", ").join(s.name for s in result.scenarios)
    one_sided = result.around == "one-sided"
    out = [
        (
            f"达成概率 = 每个情景（{scen}）{result.draws:,}条联合模拟路径中达成目标的比例，随机种子"
            f"{result.seed}。数据截至{result.present}年（最后一个全市数据的年份）；情景调整只作用于"
            "各指标最新数据之后的年份（见“依据”）。"
            if zh
            else f"P = share of {result.draws:,} joint paths per scenario ({scen}) that attain "
            f"the target; seed {result.seed}. Planning date {result.present} (the last year of "
            "a city-wide figure); scenario levers act on the years after each indicator's last "
            "figure (依据 gives it)."
        ),
        (
            "依据 = 该指标模型所用数据点数、最新数据年份，以及预测主要由数据还是先验决定"
            "（数据、数据+先验、先验为主）。"
            if zh
            else "依据 = figures that fed the indicator's model · the year of the last one · "
            "whether the data or the prior dominate the forecast (数 data, 数先 data and prior, "
            "先 prior)."
        ),
        (
            (
                "“左右”按指标的有利方向单侧判定（与规划评估的口径一致）"
                if one_sided
                else "“左右”按区间判定"
            )
            + "；“判定”列给出每项目标的判定方式。"
            if zh
            else "左右 is read "
            + (
                "one-sided in the good direction, as plan evaluations grade it"
                if one_sided
                else "as a two-sided band"
            )
            + "; 判定 shows each target's reading."
        ),
    ]
    used = result.figures_used
    if not used.empty and "origin" in used and (used["origin"] == "user").any():
        mine = used[used["origin"] == "user"].drop_duplicates("id")
        sources = "; ".join(dict.fromkeys(str(s) for s in mine["source"]))
        files = ", ".join(dict.fromkeys(Path(str(f)).name for f in mine["file"]))
        out.append(
            f"使用者提供的数据：{len(mine)}行（{files}），来源：{sources}。"
            if zh
            else f"Your own figures fed the models: {len(mine)} rows from {files}, cited as: "
            f"{sources}."
        )
    unused = result.figures_unused
    if len(unused):
        out.append(_unused_note(unused, zh))
    if result.progress:
        out.append(
            "进度 = 评估时点已完成的目标变化比例 / 规划期已过去的时间比例"
            "（“时间过半、任务过半”：前者不低于后者）。"
            if zh
            else "进度 = share of the required change done by the planning date / share of the "
            "window elapsed (时间过半、任务过半: the first at least the second)."
        )
    if any(p.method is Method.TASK_ABM for p in result.planned):
        out.append(
            "* 来自任务主体模型（不计入联合概率）。"
            if zh
            else "* from the task agent-based model (not part of the joint probability)."
        )
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
    out[LABELS["binding"]] = table["binding"].map(BINDINGS).fillna("")
    out[LABELS["commitment"]] = table["commitment"].fillna("")
    out[LABELS["progress"]] = [
        _progress(pd.Series({"progress": d, "time_share": e}))
        for d, e in zip(table["progress"], table["time_share"], strict=True)
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
        lines = [*notes(result, language="zh"), not_modelled_note(result, language="zh")]
        pd.DataFrame({"说明": lines}).to_excel(writer, sheet_name="说明", index=False)


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
