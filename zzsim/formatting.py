"""Plain-text renderings of tables shared by the command line and the exports."""

from __future__ import annotations

import pandas as pd

__all__ = ["markdown_table"]


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame, *, index: bool = True) -> str:
    """Render a frame as a GitHub-flavoured Markdown table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Cells are rendered with ``str``; ``|`` is escaped and line breaks become spaces.
    index : bool, default True
        Include the index as the first column (headed by its name).

    Returns
    -------
    str
        The table, ending with a newline.

    Examples
    --------
    >>> print(markdown_table(pd.DataFrame({"p": [0.5]}, index=pd.Index(["t1"], name="id"))), end="")
    | id | p |
    |---|---|
    | t1 | 0.5 |
    """
    header = ([str(frame.index.name or "")] if index else []) + [_cell(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = ([_cell(key)] if index else []) + [_cell(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
