"""Published evidence the models take as priors (``data/priors.yaml``).

Each entry of ``priors.yaml`` carries its ``value``, ``unit``, ``meaning``, a
``reference`` (``author``, ``year``, ``title``, ``locator``: table or page), how the
number was ``verified`` and what the models use it for (``used_for``); :func:`load_priors`
refuses an entry without them. Two pieces of evidence shape the growth family:

- :func:`anchor_growth` — China's projected GDP growth by period (World Bank and DRC
  2012, *China 2030*, Table 1): the path to which the growth of the city's indicators
  regresses;
- :func:`persistence` — the AR(1) coefficient of a deviation from that path whose
  adjacent ten-year averages correlate at a given value; the correlation must lie within
  the published ranges (Easterly et al. 1993: 0.1-0.3; Pritchett and Summers 2014:
  R-squared 0.056-0.13, i.e. 0.24-0.36).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..data._yaml import read_yaml
from ..errors import DataError, ModelError
from ..resources import data_dir as _default_data_dir

__all__ = [
    "REFERENCE_KEYS",
    "REQUIRED_KEYS",
    "Prior",
    "anchor_growth",
    "decade_correlation",
    "load_priors",
    "persistence",
]

#: keys every entry of priors.yaml has
REQUIRED_KEYS = frozenset({"value", "unit", "meaning", "reference", "verified", "used_for"})
#: keys of an entry's reference
REFERENCE_KEYS = frozenset({"author", "year", "title", "locator"})


@dataclass(frozen=True)
class Prior:
    """One entry of ``priors.yaml``.

    Attributes
    ----------
    name : str
        The entry's key.
    value : Any
        A number, a ``[low, high]`` range or ``{period: value}``.
    unit, meaning, verified, used_for : str
        As in the file.
    reference : dict of str to Any
        ``author``, ``year``, ``title`` and ``locator``.
    """

    name: str
    value: Any
    unit: str
    meaning: str
    reference: dict[str, Any]
    verified: str
    used_for: str

    def cite(self) -> str:
        """Return a one-line citation: author (year), title, locator."""
        r = self.reference
        return f"{r['author']} ({r['year']}), {r['title']}, {r['locator']}"


def _path(data_dir: str | Path | None) -> Path:
    return (Path(data_dir) if data_dir is not None else _default_data_dir()) / "priors.yaml"


def load_priors(data_dir: str | Path | None = None) -> dict[str, Prior]:
    """Load and check ``priors.yaml``.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    dict of str to Prior

    Raises
    ------
    DataError
        Naming the file and the entry, if an entry lacks a required key or has an unknown
        one, or its reference lacks author, year, title or locator.
    """
    path = _path(data_dir)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError("file not found", file=path) from None
    return dict(_load(path, stamp))


@lru_cache(maxsize=8)
def _load(path: Path, stamp: int) -> dict[str, Prior]:
    doc = read_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("priors"), dict):
        raise DataError("expected a mapping 'priors: {name: entry}'", file=path)
    out = {}
    for name, entry in doc["priors"].items():
        if not isinstance(entry, dict):
            raise DataError("expected a mapping", file=path, key=str(name))
        missing, unknown = REQUIRED_KEYS - set(entry), set(entry) - REQUIRED_KEYS
        if missing or unknown:
            raise DataError(
                f"missing {sorted(missing)}, unknown {sorted(unknown)}; an entry has "
                f"{sorted(REQUIRED_KEYS)}",
                file=path,
                key=str(name),
            )
        ref = entry["reference"]
        if not isinstance(ref, dict) or set(ref) != REFERENCE_KEYS or not all(ref.values()):
            raise DataError(
                f"reference must have exactly {sorted(REFERENCE_KEYS)}, none empty",
                file=path,
                key=f"{name}.reference",
            )
        for key in ("unit", "meaning", "verified", "used_for"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise DataError("expected a non-empty text", file=path, key=f"{name}.{key}")
        out[str(name)] = Prior(
            str(name),
            entry["value"],
            entry["unit"],
            entry["meaning"],
            dict(ref),
            entry["verified"],
            entry["used_for"],
        )
    return out


def _periods(prior: Prior) -> list[tuple[int, int, float]]:
    out = []
    for period, value in prior.value.items():
        first, last = (int(y) for y in str(period).split("-"))
        out.append((first, last, float(value)))
    return sorted(out)


def anchor_growth(years: np.ndarray, data_dir: str | Path | None = None) -> np.ndarray:
    """Return China's projected real GDP growth (%) for each year (``china_gdp_growth_path``).

    Years after the last published period keep its value, years before the first its.

    Parameters
    ----------
    years : ndarray of int
    data_dir : str or Path, optional
        Folder of the figure base (for ``priors.yaml``).

    Returns
    -------
    ndarray of float
    """
    periods = _periods(load_priors(data_dir)["china_gdp_growth_path"])
    out = np.empty(len(years))
    for i, year in enumerate(np.asarray(years, dtype=int)):
        if year < periods[0][0]:
            out[i] = periods[0][2]
            continue
        if year > periods[-1][1]:
            out[i] = periods[-1][2]
            continue
        out[i] = next(v for first, last, v in periods if first <= year <= last)
    return out


def decade_correlation(rho: float, n: int = 10) -> float:
    """Correlation of adjacent ``n``-year averages of a stationary AR(1) with coefficient ``rho``.

    Parameters
    ----------
    rho : float
        AR(1) coefficient in [0, 1).
    n : int
        Length of the averaging window (years).

    Returns
    -------
    float
    """
    lags = np.arange(1, n)
    var = n + 2.0 * np.sum((n - lags) * rho**lags)
    cov = rho * np.sum(rho ** np.arange(n)) ** 2
    return float(cov / var)


def persistence(correlation: float, data_dir: str | Path | None = None) -> float:
    """Return the AR(1) coefficient whose adjacent decade averages correlate at ``correlation``.

    Parameters
    ----------
    correlation : float
        Decade-to-decade correlation of growth; must lie within the published ranges
        (``decade_growth_correlation`` and the square roots of ``decade_growth_r_squared``).
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    float

    Raises
    ------
    ModelError
        If ``correlation`` lies outside the published evidence.
    """
    priors = load_priors(data_dir)
    lows = [
        float(priors["decade_growth_correlation"].value[0]),
        float(np.sqrt(priors["decade_growth_r_squared"].value[0])),
    ]
    highs = [
        float(priors["decade_growth_correlation"].value[1]),
        float(np.sqrt(priors["decade_growth_r_squared"].value[1])),
    ]
    low, high = min(lows), max(highs)
    if not low <= correlation <= high:
        raise ModelError(
            f"decade_correlation {correlation} lies outside the published evidence "
            f"[{low:.2f}, {high:.2f}] (priors.yaml: decade_growth_correlation, "
            "decade_growth_r_squared)"
        )
    lo, hi = 0.0, 0.999
    for _ in range(60):  # decade_correlation is increasing in rho
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if decade_correlation(mid) < correlation else (lo, mid)
    return 0.5 * (lo + hi)
