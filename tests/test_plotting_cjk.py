"""Chinese labels render with the CJK font installed with zzsim (no empty boxes)."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ft2font import FT2Font

from zzsim.plotting import cjk_font_path, use_cjk_font

LABEL = "株洲市地区生产总值（亿元）与三次产业结构"


def test_font_covers_the_labels() -> None:
    charmap = FT2Font(str(cjk_font_path())).get_charmap()
    assert all(ord(c) in charmap for c in LABEL)


def test_rendering_uses_the_cjk_font_without_missing_glyphs() -> None:
    family = use_cjk_font()
    assert "CJK" in family
    fig, ax = plt.subplots()
    ax.set_title(LABEL)
    ax.set_xlabel("年份")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise
        fig.canvas.draw()
    used = ax.title.get_fontproperties().get_name()
    plt.close(fig)
    assert used == family


def test_default_font_really_lacks_the_glyphs() -> None:
    """The check above can fail: without the CJK font, matplotlib warns of missing glyphs."""
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title(LABEL)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
        plt.close(fig)
    assert any("missing from font" in str(w.message) for w in caught)


def test_cjk_axes_reuses_or_creates_axes() -> None:
    from zzsim.plotting import cjk_axes

    fig, ax = plt.subplots()
    assert cjk_axes(ax) is ax
    plt.close(fig)
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.sans-serif": ["DejaVu Sans"]}):
        new = cjk_axes(figsize=(3, 2))
        assert tuple(new.figure.get_size_inches()) == (3.0, 2.0)
        assert "CJK" in matplotlib.rcParams["font.sans-serif"][0]
    plt.close(new.figure)
