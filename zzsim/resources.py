"""Locate the data and scenario folders, in a checkout or in an installed wheel.

In a source checkout (including an editable install) the folders are ``data/`` and
``scenarios/`` at the repository root. A wheel carries copies inside the package, at
``zzsim/_resources/``. The environment variables ``ZZSIM_DATA_DIR`` and
``ZZSIM_SCENARIOS_DIR`` override both (``ZZSIM_EXAMPLES_DIR`` likewise for
``examples/``), and ``ZZSIM_SOURCES_DIR`` points to the seed
documents (``shared/seeds``) used to verify quotes.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "examples_dir", "scenarios_dir", "sources_dir"]

_PACKAGE = Path(__file__).resolve().parent


def _resolve(env: str, name: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override)
    checkout = _PACKAGE.parent / name
    if checkout.is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / "_resources" / name


def data_dir() -> Path:
    """Return the folder holding the figure base.

    Returns
    -------
    Path
        ``$ZZSIM_DATA_DIR`` if set, else ``data/`` of the checkout, else the copy
        shipped inside the installed package.
    """
    return _resolve("ZZSIM_DATA_DIR", "data")


def scenarios_dir() -> Path:
    """Return the folder holding the scenario YAML files.

    Returns
    -------
    Path
        ``$ZZSIM_SCENARIOS_DIR`` if set, else ``scenarios/`` of the checkout, else the
        copy shipped inside the installed package.
    """
    return _resolve("ZZSIM_SCENARIOS_DIR", "scenarios")


def examples_dir() -> Path:
    """Return the folder of examples: a draft as text, hypothetical figures of a planner.

    Everything in it is an example (the figures are marked hypothetical in every row); it
    is never part of the figure base.

    Returns
    -------
    Path
        ``examples/`` of the checkout, else the copy shipped inside the installed package.
    """
    return _resolve("ZZSIM_EXAMPLES_DIR", "examples")


def sources_dir() -> Path | None:
    """Return the folder of seed documents, if one can be found.

    Returns
    -------
    Path or None
        ``$ZZSIM_SOURCES_DIR`` if set; else ``../shared/seeds`` next to the checkout
        (the layout of the project's workspace); else None.
    """
    override = os.environ.get("ZZSIM_SOURCES_DIR")
    if override:
        return Path(override)
    for candidate in (
        _PACKAGE.parent.parent / "shared" / "seeds",
        _PACKAGE.parent / "shared" / "seeds",
    ):
        if candidate.is_dir():
            return candidate
    return None
