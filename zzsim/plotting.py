"""Matplotlib set-up for Chinese labels.

zzsim depends on ``cvttf-notosanscjk-regular``, a wheel that ships Noto Sans CJK
(OpenType). :func:`use_cjk_font` registers it with matplotlib and makes it the default
sans-serif family, so Chinese labels render as glyphs, never as empty boxes.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["cjk_axes", "cjk_font_path", "use_cjk_font"]

_FONT_PACKAGE = "cvttf_NotoSansCJK_Regular"


@cache
def cjk_font_path() -> Path:
    """Return the path of the CJK font file installed with zzsim.

    Returns
    -------
    Path
        The ``.otf`` file of Noto Sans CJK.

    Raises
    ------
    FileNotFoundError
        If the font package is not installed (reinstall zzsim).
    """
    spec = importlib.util.find_spec(_FONT_PACKAGE)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(
            f"the font package {_FONT_PACKAGE!r} is missing; "
            "install zzsim's dependencies (pip install zzsim)"
        )
    fonts = sorted(Path(spec.origin).parent.glob("*.otf"))
    if not fonts:
        raise FileNotFoundError(f"no .otf font inside {Path(spec.origin).parent}")
    return fonts[0]


@cache
def _register() -> str:
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return str(font_manager.FontProperties(fname=str(path)).get_name())


def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default family.

    Safe to call many times (call it again after resetting rcParams).

    Returns
    -------
    str
        The font family now first in ``rcParams["font.sans-serif"]``, e.g.
        ``"Noto Sans CJK TC"``.
    """
    import matplotlib as mpl

    name = _register()
    mpl.rcParams["font.family"] = "sans-serif"
    others = [f for f in mpl.rcParams["font.sans-serif"] if f != name]
    mpl.rcParams["font.sans-serif"] = [name, *others]
    mpl.rcParams["axes.unicode_minus"] = False
    return name


def cjk_axes(ax: Axes | None = None, *, figsize: tuple[float, float] = (7, 4)) -> Axes:
    """Return ``ax``, or new axes, ready for Chinese labels.

    Every zzsim chart starts here: the CJK font is made the default, and a new figure of
    ``figsize`` is created when the caller passes no axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    figsize : tuple of float, default (7, 4)
        Size in inches of a new figure.

    Returns
    -------
    matplotlib.axes.Axes
    """
    use_cjk_font()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=figsize)
    return new
