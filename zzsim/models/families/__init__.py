"""Model families, one module each: growth, composition, bounded, rate, flow, count, other.

An indicator's family (``indicators.yaml``) chooses its model: the family's defaults in
``models.yaml`` (engine and specification), its hierarchical prior
(:mod:`zzsim.models.pooling`) and its synthetic-data generator
(:class:`~zzsim.models.families._base.Family`). Each module's docstring says what the
model is, what is pooled and which scenario levers act on it.
"""

from __future__ import annotations

from ...errors import ModelError
from . import bounded, composition, count, flow, growth, other, rate
from ._base import FIGURE_COUNTS, Case, Family

__all__ = ["FAMILIES", "FIGURE_COUNTS", "Case", "Family", "family"]

FAMILIES: dict[str, Family] = {
    m.FAMILY.name: m.FAMILY for m in (growth, composition, bounded, rate, flow, count, other)
}


def family(name: str) -> Family:
    """Return the family called ``name``.

    Raises
    ------
    ModelError
        Listing the families, if there is none of that name.
    """
    if name not in FAMILIES:
        raise ModelError(f"unknown family {name!r}; families: {', '.join(FAMILIES)}")
    return FAMILIES[name]
