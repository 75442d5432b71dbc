"""What a model family is: its engine, its levers, what it pools, its synthetic data.

A :class:`Family` is one module of this package. The specification of its models is
data (``models.yaml``: the engine and its defaults); the module says in words what the
model is and which scenario levers act on it, and holds the family's **synthetic-data
generator** for calibration: :meth:`Family.synthetic` draws a truth from the model's own
prior (written with numpy recursions, independently of the engines' stacked design),
observes it with a given number of figures, and says which simulated quantities must
cover which true values (:mod:`zzsim.models.calibration`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...data.schema import CITY
from ..results import Core

__all__ = ["FIGURE_COUNTS", "Case", "Family", "frame", "row"]

#: the numbers of figures the calibration study observes
FIGURE_COUNTS = (1, 2, 3, 5)


@dataclass(frozen=True)
class Case:
    """One synthetic dataset.

    Attributes
    ----------
    series : pandas.DataFrame
        The figures, in the figure base's columns.
    truth : dict of str to float
        True values of the targets.
    predict : callable
        ``predict(core, draws, rng, full)`` returns simulated samples of each target.
    """

    series: pd.DataFrame
    truth: dict[str, float]
    predict: Callable[[Core, int, Any, bool], dict[str, np.ndarray]]


@dataclass(frozen=True)
class Family:
    """A model family (see the package docstring).

    Attributes
    ----------
    name : str
        As in ``indicators.yaml``.
    synthetic : callable
        ``synthetic(gen, spec, figures)`` returns a :class:`Case` drawn from the prior of
        ``spec`` and observed with ``figures`` figures.
    """

    name: str
    synthetic: Callable[[np.random.Generator, Any, int], Case]


def row(
    i: int,
    indicator: str,
    year: int,
    value: float,
    unit: str,
    measure: str,
    *,
    start: int | None = None,
    basis: str | None = None,
    status: str = "actual",
) -> dict[str, Any]:
    """Return one synthetic row of the figure base (vintage ``year + 1``)."""
    return {
        "id": f"syn-{i:03d}",
        "indicator": indicator,
        "region": CITY,
        "year": year,
        "start_year": pd.NA if start is None else start,
        "value": float(value),
        "unit": unit,
        "measure": measure,
        "price_basis": basis,
        "status": status,
        "vintage": year + 1,
        "source": "synthetic",
        "quote": "",
        "value_text": "",
        "note": "",
    }


def frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Return synthetic rows as a figure-base frame."""
    out = pd.DataFrame(rows)
    for col in ("year", "start_year", "vintage"):
        out[col] = out[col].astype("Int64")
    return out


def pick_grid(gen: np.random.Generator, weights: tuple[float, ...] | None, size: int) -> int:
    """Draw a grid point from log prior weights (uniform when None)."""
    if weights is None:
        return int(gen.integers(size))
    p = np.exp(np.asarray(weights) - max(weights))
    return int(gen.choice(size, p=p / p.sum()))
