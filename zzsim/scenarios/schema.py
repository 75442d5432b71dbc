"""The schema of a scenario file (``scenarios/*.yaml``), validated with pydantic.

A scenario is data: a name, a description, the assumptions behind it in words, and a set of
*levers* applied to a copy of the fitted baseline. Every lever is optional; an empty
``levers`` mapping is the baseline.

=========================  ======================================================  ==========
lever                      meaning                                                 unit
=========================  ======================================================  ==========
growth_shift               added to the real growth of every growth indicator,     pp
                           by year (``{2023: -0.5}``) or for all years (``all``)
growth_shift_by_indicator  extra shift for one indicator, by year or ``all``       pp
volatility                 multiplies the standard deviation of every shock        ×
shocks                     random events (annual probability, size, persistence)   pp
                           or a dated contraction with a partial rebound
share_drift                added each year to a sector share (log-ratio space)     pp / year
deflator                   GDP deflator inflation by year or ``all``               %
population_growth          resident population growth by year or ``all``           %
external                   a lever set from another model's output (e.g. the       —
                           task ABM's completion of key investment projects)
=========================  ======================================================  ==========

Types are strict: a number is an int or a float, never a bool or a quoted string
(``volatility: true`` is an error, not 1.0); a year is an int. Every limit lives here, in
the field that carries it.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictFloat,
    StrictInt,
    model_validator,
)

__all__ = [
    "HORIZON",
    "ExternalLever",
    "LeverSet",
    "Number",
    "ScenarioSpec",
    "ShockSpec",
    "YearKey",
    "YearValues",
]

#: years a scenario may speak of: the 13th Five-Year Plan (backtests) to the 2035 vision
HORIZON = (2016, 2035)

SHARES = ("share_primary", "share_secondary", "share_tertiary")

#: a number (an int is taken as a float; a bool, a string, NaN or infinity is refused)
Number = StrictFloat
_PP = Annotated[Number, Field(ge=-20.0, le=20.0)]


def _year_or_all(value: object) -> int | str:
    if isinstance(value, str) and value == "all":
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"expected a year (a whole number) or 'all', got {value!r}")


def _option_value(value: object) -> bool | int | float | str:
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise ValueError(f"expected a number, a string or true/false, got {value!r}")


#: a year, or the word ``all`` (every year of the horizon)
YearKey = Annotated[int | Literal["all"], PlainValidator(_year_or_all)]
#: the value of a hook option (the hook's own options model checks it further)
OptionValue = Annotated[bool | int | float | str, PlainValidator(_option_value)]
#: a value for every year (``all``) or per year; keys are years or the word ``all``
YearValues = dict[YearKey, _PP]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ShockSpec(_Strict):
    """A shock to real growth: random (annual probability) or dated (``year``)."""

    size: Annotated[Number, Field(ge=-30.0, le=30.0)]
    probability: Annotated[Number, Field(ge=0.0, le=1.0)] = 1.0
    year: StrictInt | None = None
    persistence: Annotated[Number, Field(ge=0.0, lt=1.0)] = 0.0
    rebound: Annotated[Number, Field(ge=0.0, le=1.0)] = 0.0

    @model_validator(mode="after")
    def _dated_or_random(self) -> ShockSpec:
        if self.year is None and self.rebound:
            raise ValueError("rebound applies to a dated shock: give its year")
        return self


class ExternalLever(_Strict):
    """A lever whose value another model computes when the scenario is applied."""

    hook: str = Field(
        min_length=1, description="name registered with zzsim.scenarios.register_hook"
    )
    lever: Literal["growth_shift", "growth_shift_by_indicator"]
    indicator: str | None = None
    options: dict[str, OptionValue] = Field(
        default_factory=dict, description="checked against the hook's options model on load"
    )

    @model_validator(mode="after")
    def _indicator_when_needed(self) -> ExternalLever:
        if (self.lever == "growth_shift_by_indicator") != (self.indicator is not None):
            raise ValueError("indicator is required for growth_shift_by_indicator, and only there")
        return self


class LeverSet(_Strict):
    """The levers of a scenario (all optional)."""

    growth_shift: YearValues = Field(default_factory=dict)
    growth_shift_by_indicator: dict[str, YearValues] = Field(default_factory=dict)
    volatility: Annotated[Number, Field(gt=0.0, le=5.0)] = 1.0
    shocks: tuple[ShockSpec, ...] = ()
    share_drift: dict[Literal["share_primary", "share_secondary", "share_tertiary"], _PP] = Field(
        default_factory=dict
    )
    deflator: dict[YearKey, Annotated[Number, Field(ge=-10.0, le=30.0)]] | None = None
    population_growth: dict[YearKey, Annotated[Number, Field(ge=-5.0, le=5.0)]] | None = None
    external: tuple[ExternalLever, ...] = ()


class ScenarioSpec(_Strict):
    """A scenario file: name, description, assumptions and levers."""

    name: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    description: str = Field(min_length=1)
    assumptions: tuple[str, ...] = ()
    horizon: tuple[StrictInt, StrictInt] = HORIZON
    levers: LeverSet = Field(default_factory=LeverSet)

    @model_validator(mode="after")
    def _years_inside_horizon(self) -> ScenarioSpec:
        start, end = self.horizon
        if start > end:
            raise _HorizonError(
                "horizon", start, end, f"horizon {start}-{end} ends before it starts"
            )
        if not HORIZON[0] <= start <= end <= HORIZON[1]:
            raise _HorizonError(
                "horizon", start, end, f"horizon must lie within {HORIZON[0]}-{HORIZON[1]}"
            )
        levers = self.levers
        by_year: list[tuple[str, dict[int | Literal["all"], float] | None]] = [
            ("growth_shift", dict(levers.growth_shift)),
            ("deflator", dict(levers.deflator) if levers.deflator is not None else None),
            (
                "population_growth",
                dict(levers.population_growth) if levers.population_growth is not None else None,
            ),
        ]
        by_year += [
            (f"growth_shift_by_indicator.{k}", dict(v))
            for k, v in levers.growth_shift_by_indicator.items()
        ]
        for key, values in by_year:
            for year in values or {}:
                if year != "all" and not start <= year <= end:
                    raise _HorizonError(f"levers.{key}.{year}", start, end)
        for i, shock in enumerate(levers.shocks):
            if shock.year is not None and not start <= shock.year <= end:
                raise _HorizonError(f"levers.shocks.{i}.year", start, end)
        return self


class _HorizonError(ValueError):
    """A year outside the scenario's horizon (carries the dotted key for the message)."""

    def __init__(self, key: str, start: int, end: int, message: str | None = None) -> None:
        self.key = key
        super().__init__(message or f"year outside the scenario horizon {start}-{end}")
