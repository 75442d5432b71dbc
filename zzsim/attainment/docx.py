"""The attainment summary as a Word document: a three-line table (三线表) with its notes.

A 三线表 has three horizontal rules and no vertical ones: a thick rule above the header,
a thin one under it and a thick one under the last row — the table style of Chinese
reports and journals. Chinese text is set in 宋体 (SimSun), numbers in Times New Roman.
"""

from __future__ import annotations

import math
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table

from .exports import compact_table, not_modelled_note, notes
from .results import Attainment, scenario_label

__all__ = ["write_docx"]

#: rule widths in eighths of a point (Word's unit for borders)
THICK, THIN = 12, 6


def _font(run: object, size: float = 9.0) -> None:
    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.font.name = "Times New Roman"  # type: ignore[attr-defined]
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), "宋体")


def _rule(cell: object, edge: str, size: int) -> None:
    props = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    borders = props.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        props.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:color"), "000000")
    borders.append(line)


def _three_lines(table: Table) -> None:
    rows = table.rows
    for cell in rows[0].cells:
        _rule(cell, "top", THICK)
        _rule(cell, "bottom", THIN)
    for cell in rows[-1].cells:
        _rule(cell, "bottom", THICK)


def _cell(value: object) -> str:
    """Text of a cell: probabilities with two decimals, nothing for a missing one."""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.2f}"
    return str(value)


def write_docx(result: Attainment, path: str | Path) -> None:
    """Write the summary table of ``result`` as a 三线表 in a new Word document.

    Parameters
    ----------
    result : Attainment
    path : str or Path
        Where to write (the caller makes the write atomic).
    """
    frame = compact_table(result, short=False)
    doc = Document()
    title = doc.add_paragraph()
    plans = sorted({str(p.target.plan) for p in result.planned if p.target.plan})
    _font(
        title.add_run(
            f"表  目标达成概率（{'、'.join(plans) or '草案'}，数据截至{result.present}年）"
        ),
        10.5,
    )
    labels = {s.name: f"{scenario_label(s.name)}情景" for s in result.scenarios}
    header = [frame.index.name or "编号", *(labels.get(str(c), str(c)) for c in frame.columns)]
    table = doc.add_table(rows=1 + len(frame), cols=len(header))
    for j, name in enumerate(header):
        _font(table.rows[0].cells[j].paragraphs[0].add_run(name))
    for i, (tid, row) in enumerate(frame.iterrows(), start=1):
        for j, value in enumerate([tid, *row.tolist()]):
            _font(table.rows[i].cells[j].paragraphs[0].add_run(_cell(value)))
    _three_lines(table)
    for line in [*notes(result, language="zh"), not_modelled_note(result, language="zh")]:
        _font(doc.add_paragraph().add_run(f"注：{line}"), 8.0)
    doc.save(str(path))
