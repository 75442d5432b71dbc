"""A results summary that renders as text, HTML (in notebooks) and LaTeX."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

__all__ = ["Summary"]


class Summary:
    """A titled block of key facts followed by captioned tables and notes.

    Parameters
    ----------
    title : str
        First line.
    info : sequence of (str, str)
        Key facts (model, indicator, cutoff, observations, log-likelihood, ...).
    tables : sequence of (str, DataFrame)
        Captioned tables (parameters, observations used).
    notes : sequence of str
        Closing remarks (assumptions, method).
    """

    def __init__(
        self,
        title: str,
        info: Sequence[tuple[str, str]],
        tables: Sequence[tuple[str, pd.DataFrame]],
        notes: Sequence[str] = (),
    ) -> None:
        self.title = title
        self.info = tuple(info)
        self.tables = tuple(tables)
        self.notes = tuple(notes)

    def as_text(self) -> str:
        """Return the summary as plain text."""
        width = max(len(k) for k, _ in self.info) if self.info else 0
        lines = [self.title, "=" * max(len(self.title), 20)]
        lines += [f"{k.ljust(width)}  {v}" for k, v in self.info]
        for caption, table in self.tables:
            lines += ["", caption, "-" * len(caption), table.to_string(float_format=_fmt)]
        if self.notes:
            lines += ["", "Notes", "-----"]
            lines += [f"[{i}] {note}" for i, note in enumerate(self.notes, 1)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:
        return self.as_text()

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in self.info
        )
        parts = [f"<h4>{html.escape(self.title)}</h4>", f"<table>{rows}</table>"]
        for caption, table in self.tables:
            parts.append(f"<p><b>{html.escape(caption)}</b></p>")
            parts.append(table.to_html(float_format=_fmt))
        if self.notes:
            items = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
            parts.append(f"<ol>{items}</ol>")
        return "\n".join(parts)

    def as_latex(self) -> str:
        """Return the summary as LaTeX (``booktabs`` tables)."""
        info = pd.DataFrame(self.info, columns=["", " "]).set_index("")
        parts = [f"\\section*{{{_tex(self.title)}}}", info.to_latex(escape=True)]
        for caption, table in self.tables:
            parts.append(table.to_latex(float_format=_fmt, caption=caption, escape=True))
        if self.notes:
            items = "\n".join(f"  \\item {_tex(n)}" for n in self.notes)
            parts.append(f"\\begin{{enumerate}}\n{items}\n\\end{{enumerate}}")
        return "\n".join(parts)


def _fmt(value: float) -> str:
    return f"{value:.4g}"


_TEX = str.maketrans(
    {"\\": r"\textbackslash{}", **{c: "\\" + c for c in "&%$#_{}"}, "~": r"\textasciitilde{}"}
)


def _tex(text: str) -> str:
    return text.translate(_TEX)
