"""Plain-text renderings of tables shared by the command line and the exports."""

from __future__ import annotations

import unicodedata

import pandas as pd

__all__ = ["display_width", "fill", "markdown_table", "shorten"]


def display_width(text: str) -> int:
    """Return the columns ``text`` takes in a terminal (East Asian wide characters: 2).

    Examples
    --------
    >>> display_width("GDP增长")
    7
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` display columns, marking a cut with ``…``.

    Examples
    --------
    >>> shorten("人均地区生产总值达到12万元", 12)
    '人均地区生…'
    """
    if display_width(text) <= limit:
        return text
    out = ""
    for char in text:
        if display_width(out + char) > limit - 1:
            break
        out += char
    return out + "…"


def _head(word: str, room: int) -> str:
    """Return the longest start of ``word`` within ``room`` display columns (>= 1 char)."""
    out = word[0]
    for char in word[1:]:
        if display_width(out + char) > room:
            break
        out += char
    return out


def fill(text: str, width: int = 98, *, first: str = "", rest: str = "") -> str:
    """Wrap ``text`` at spaces into lines of at most ``width`` display columns.

    Parameters
    ----------
    text : str
    width : int
        Display columns per line (Chinese characters count 2).
    first, rest : str
        Prefix of the first and of the following lines.

    Returns
    -------
    str
        The lines joined by newlines; a word wider than a line is cut where it must be.

    Examples
    --------
    >>> print(fill("one two three", 9, first="- ", rest="  "))
    - one two
      three
    """
    lines: list[str] = []
    words: list[str] = []
    prefix = first
    for word in text.split():
        if display_width(prefix + " ".join([*words, word])) <= width:
            words.append(word)
            continue
        if words:
            lines.append(prefix + " ".join(words))
            prefix, words = rest, []
        while display_width(prefix + word) > width:
            head = _head(word, width - display_width(prefix))
            lines.append(prefix + head)
            prefix, word = rest, word[len(head) :]
        words = [word]
    lines.append(prefix + " ".join(words))
    return "\n".join(lines)


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
