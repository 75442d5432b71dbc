"""Typed exceptions of zzsim.

Every error names where the problem is (file, row, key or text position) and what was
expected, so that a user can fix the input without reading the code.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CalibrationError",
    "DataError",
    "ModelError",
    "OutputError",
    "ProvenanceError",
    "ScenarioError",
    "SeedError",
    "TargetError",
    "TargetParseError",
    "ZzsimError",
]


class ZzsimError(Exception):
    """Base class of all errors raised by zzsim."""


def _locate(file: str | Path | None, row: int | None, key: str | None) -> str:
    parts = []
    if file is not None:
        parts.append(str(file))
    if row is not None:
        parts.append(f"row {row}")
    if key is not None:
        parts.append(f"key {key!r}")
    return ", ".join(parts)


class DataError(ZzsimError, ValueError):
    """A data file of the figure base is malformed.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    file : str or Path, optional
        The file that holds the problem.
    row : int, optional
        The line number (1-based, header is line 1 in CSV files) or entry number.
    key : str, optional
        The column or key at fault.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        key: str | None = None,
    ) -> None:
        self.file = None if file is None else str(file)
        self.row = row
        self.key = key
        self.reason = message
        where = _locate(file, row, key)
        super().__init__(f"{where}: {message}" if where else message)


class ProvenanceError(DataError):
    """A quote cannot be found verbatim in the source document it cites."""


class TargetParseError(ZzsimError, ValueError):
    """Chinese plan wording that the target grammar cannot read.

    Parameters
    ----------
    text : str
        The wording that was parsed.
    position : int
        0-based character offset where parsing failed.
    reason : str
        What was expected at that position.
    """

    def __init__(self, text: str, position: int, reason: str) -> None:
        self.text = text
        self.position = position
        self.reason = reason
        pointer = text[:position] + "⟨here⟩" + text[position:]
        super().__init__(f"cannot parse target at position {position}: {reason}: {pointer!r}")


class ScenarioError(ZzsimError, ValueError):
    """A scenario file or scenario object is invalid.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    file : str or Path, optional
        The scenario file.
    key : str, optional
        The dotted key at fault, e.g. ``levers.growth_shift.2023``.
    """

    def __init__(
        self, message: str, *, file: str | Path | None = None, key: str | None = None
    ) -> None:
        self.file = None if file is None else str(file)
        self.key = key
        self.reason = message
        where = _locate(file, None, key)
        super().__init__(f"{where}: {message}" if where else message)


class ModelError(ZzsimError, ValueError):
    """A model cannot be specified or fitted with the data and options given."""


class CalibrationError(ZzsimError, RuntimeError):
    """A calibration did not produce usable parameters."""


class TargetError(ZzsimError, ValueError):
    """A target is inconsistent, or cannot be evaluated on the paths given.

    Raised for an impossible combination of fields (a range without its upper bound, a
    tolerance on a one-sided target, a window that ends before it starts) and when the
    simulated paths lack a year the target needs (the base year of a growth target).
    The message names the target's id and what was expected.
    """


class SeedError(ZzsimError, ValueError):
    """A seed that cannot start a random stream (negative, too large, or not a number)."""


class OutputError(ZzsimError, OSError):
    """An output file cannot be written where it was asked for.

    Raised before any work when the path cannot take a file (its folder is missing or is
    a file, the path is a folder or a device, the folder is not writable, the path lies in
    the figure base), and when writing fails (a full disk); a file already there is then
    left as it was.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    file : str or Path
        The output path as given.
    """

    def __init__(self, message: str, *, file: str | Path) -> None:
        self.file = str(file)
        self.reason = message
        super().__init__(f"{file}: {message}")
