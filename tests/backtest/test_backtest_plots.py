"""Reliability diagram and PIT histogram: drawn, with Chinese labels in the CJK font."""

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from zzsim.backtest import plot_pit, plot_reliability


def _frame():
    return pd.DataFrame(
        {
            "plan": "p",
            "target_id": ["a", "b", "c"],
            "scenario": "baseline",
            "p_attain": [0.9, 0.2, 0.3],
            "lo": 0.0,
            "hi": 1.0,
            "realised": [1.0, 2.0, 3.0],
            "attained": pd.array([True, False, True], dtype="boolean"),
            "pit": [0.05, 0.5, np.nan],
            "p_planners": 1.0,
            "p_persistence": [1.0, 0.0, 1.0],
            "p_rate_of_change": [np.nan, 1.0, 0.0],
            "rate_of_change_lo": 0.0,
            "rate_of_change_hi": 1.0,
        }
    )


def _draw(ax):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph would raise
        ax.figure.canvas.draw()
    plt.close(ax.figure)


def test_reliability_diagram_has_one_line_per_forecaster():
    ax = plot_reliability(_frame(), bins=2)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["完全校准", "zzsim 模拟", "规划目标（P=1）", "延续上年", "历年增速加权平均"]
    zz = ax.get_lines()[1]
    assert list(zz.get_xdata()) == [0.25, 0.9] and list(zz.get_ydata()) == [0.5, 1.0]
    assert "CJK" in ax.xaxis.label.get_fontproperties().get_name()
    _draw(ax)


def test_pit_histogram_counts_the_recorded_targets():
    ax = plot_pit(_frame(), bins=4)
    heights = [patch.get_height() for patch in ax.patches]
    assert heights == [1.0, 0.0, 1.0, 0.0]  # 0.05 in [0, .25), 0.5 in [.5, .75)
    assert "2 个" in ax.get_title()
    _draw(ax)
