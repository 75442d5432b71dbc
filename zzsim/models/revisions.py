"""Statistical bases: which census a published figure is benchmarked on.

Chinese level statistics are re-benchmarked after each census: the economic censuses
(2004, 2008, 2013, 2018, 2023, ...) revise GDP, value added and the sector structure;
the population censuses (2000, 2010, 2020, ...) revise resident population and the
urbanisation rate. A figure is *on the basis* of the latest census whose results had
been published when the document appeared:

- economic census ``c``: results appear at the end of ``c + 1``, so documents of vintage
  ``>= c + 2`` use them (the 2018 census revised the figures in the 14th FYP, vintage
  2021, but not in the 2016 work report);
- population census ``c``: results appear in ``c + 1``, so documents of vintage
  ``>= c + 1`` use them.

The models treat a change of basis as a level shift (in log, log-ratio or logit space),
never as growth: each census between two bases adds one shift ``d_c ~ N(0, s^2)``. Shifts
between bases observed in the data are estimated (the 2015 sector shares are printed on
both bases); shifts for censuses after the last data are drawn from their prior, so a
forecast of a *published* level for a year after the next census carries revision risk.
Growth rates (``yoy_growth``, ``avg_growth``) are taken as comparable across bases.

The calendars are data (``calendars`` in ``models.yaml``): the economic and population
censuses, and any other change of basis, such as a change of definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelError

__all__ = [
    "CensusCalendar",
    "calendar",
    "published_shifts",
]


@dataclass(frozen=True)
class CensusCalendar:
    """Census years of one kind and the lag before their results reach documents.

    Parameters
    ----------
    name : str
        ``"economic"`` or ``"population"``.
    years : tuple of int
        Census reference years, increasing.
    lag : int
        Documents of vintage ``>= c + lag`` are on the basis of census ``c``.
    """

    name: str
    years: tuple[int, ...]
    lag: int

    def basis_of_vintage(self, vintage: int) -> int:
        """Return the census year a document of ``vintage`` is benchmarked on.

        Parameters
        ----------
        vintage : int
            Publication year of the document.

        Returns
        -------
        int
            The latest census ``c`` with ``c + lag <= vintage`` (the first census of the
            calendar for older documents).
        """
        done = [c for c in self.years if c + self.lag <= vintage]
        return done[-1] if done else self.years[0]

    def basis_of_year(self, year: int) -> int:
        """Return the basis of the first published figure about ``year`` (vintage ``year + 1``).

        Parameters
        ----------
        year : int
            The year the figure is about.

        Returns
        -------
        int
            The census year.
        """
        return self.basis_of_vintage(year + 1)

    def between(self, older: int, newer: int) -> tuple[int, ...]:
        """Return the censuses ``c`` with ``older < c <= newer``.

        Parameters
        ----------
        older, newer : int
            Two bases (census years).

        Returns
        -------
        tuple of int
        """
        return tuple(c for c in self.years if older < c <= newer)


def calendar(
    name: str | CensusCalendar | None, data_dir: str | Path | None = None
) -> CensusCalendar | None:
    """Return the calendar called ``name`` in ``models.yaml`` (None: never re-benchmarked).

    Parameters
    ----------
    name : str, CensusCalendar or None
        ``"economic"``, ``"population"`` or another calendar of ``models.yaml`` (a
        calendar is returned as it is).
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    CensusCalendar or None

    Raises
    ------
    ModelError
        If ``models.yaml`` has no such calendar.
    """
    if name is None or isinstance(name, CensusCalendar):
        return name
    from .config import load_config

    calendars = load_config(data_dir).calendars
    if name not in calendars:
        raise ModelError(f"unknown census calendar {name!r}; models.yaml has {sorted(calendars)}")
    return calendars[name]


def published_shifts(
    gen: np.random.Generator,
    repetitions: int,
    cal: CensusCalendar,
    ref: int,
    span: np.ndarray,
    last_year: int,
    sd: float,
    dim: int = 1,
) -> np.ndarray:
    """Draw the revision shifts of published figures for the years after the data.

    One shift ``N(0, sd^2)`` (per dimension) is drawn for each census after the reference
    basis that affects a year of ``span``; the figure about year ``y > last_year`` carries
    the sum of the shifts of the censuses up to its first-publication basis. Years up to
    ``last_year`` are reported on the reference basis (no shift).

    Parameters
    ----------
    gen : Generator
        Source of the normal draws.
    repetitions : int
        Number of paths.
    cal : CensusCalendar
        Which censuses re-benchmark the series.
    ref : int
        The reference basis (census year) of the fitted levels.
    span : ndarray of int
        Contiguous years.
    last_year : int
        Last year informed by the data.
    sd : float
        Prior s.d. of one shift (transformed units: log, logit or log-ratio).
    dim : int
        Dimension of the transformed value (2 for a three-part composition).

    Returns
    -------
    ndarray, shape (repetitions, len(span), dim)
    """
    future = cal.between(ref, cal.basis_of_year(int(span[-1])))
    draws = gen.standard_normal((repetitions, len(future), dim)) * sd
    cumulated = np.concatenate([np.zeros((repetitions, 1, dim)), np.cumsum(draws, axis=1)], axis=1)
    # number of future censuses behind the first publication of each year (0 up to last_year)
    behind = [
        sum(c <= cal.basis_of_year(int(y)) for c in future) if int(y) > last_year else 0
        for y in span
    ]
    return cumulated[:, behind, :]
