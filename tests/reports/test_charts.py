"""The charts draw Chinese with the shipped font, warn about nothing, and export as files."""
from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from desktop.reports.chart_style import new_figure
from desktop.reports.charts import CHARTS, save_figure
from desktop.services.stats import periods
from tests.services.stats.conftest import ALL, TODAY, fill

OCT = periods.month(dt.date(2026, 10, 1))


def _pixels(text: str, family: str | None = None) -> np.ndarray:
    """The text drawn alone, black on white, as a grey-level array."""
    fig = new_figure(size=(2.0, 0.8)) if family is None else Figure(figsize=(2.0, 0.8), dpi=100)
    kw = {} if family is None else {"fontfamily": family}
    fig.text(0.05, 0.3, text, fontsize=28, **kw)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[:, :, 0].astype(int)


def test_chinese_glyphs_are_drawn_not_boxes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns: here it fails the test
        shou, du = _pixels("收"), _pixels("督")
    assert (shou < 128).sum() > 150 and (du < 128).sum() > 150  # ink, not an empty box
    # Missing glyphs all draw the same box: two different characters must differ.
    assert (np.abs(shou - du) > 128).sum() > 100
    # A font without CJK draws the same two characters as identical boxes (and says so).
    with pytest.warns(UserWarning, match="missing from font"):
        tofu_shou, tofu_du = _pixels("收", "DejaVu Sans"), _pixels("督", "DejaVu Sans")
    assert (np.abs(tofu_shou - tofu_du) > 128).sum() == 0
    assert (np.abs(shou - tofu_shou) > 128).sum() > 100


@pytest.fixture
def office_data(store):
    with store.write() as session:
        fill(session)
    with store.read() as session:
        return {spec.key: spec.data(session, OCT, ALL, TODAY) for spec in CHARTS}


def test_every_chart_renders_without_warnings_and_exports(office_data, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for spec in CHARTS:
            chart = spec.draw(office_data[spec.key], OCT)
            for suffix in ("png", "svg", "pdf"):
                out = tmp_path / f"{spec.key}.{suffix}"
                save_figure(chart, str(out), dpi=60)
                assert out.stat().st_size > 2000
    assert (tmp_path / "volume.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "volume.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (tmp_path / "volume.pdf").read_bytes()[:5] == b"%PDF-"


def test_clickable_parts_carry_the_values_they_show(office_data):
    volume = CHARTS[0].draw(office_data["volume"], OCT)
    shown = {label: v for label, v, _f in volume.targets.values()}
    assert len(shown) == 24  # 12 months of 收文 and of 发文, each clickable
    assert [shown[k] for k in ("2026年9月 收文", "2026年10月 收文", "2026年9月 发文", "2026年10月 发文")] == [3, 6, 1, 2]
    senders = CHARTS[1].draw(office_data["senders"], OCT)
    assert sorted((label, v) for label, v, _f in senders.targets.values()) == [
        ("2026年10月 湖南省卫生健康委员会来文", 4), ("2026年10月 长沙市卫生健康委员会来文", 2)]
    types = CHARTS[2].draw(office_data["types"], OCT)
    assert sorted((label, v) for label, v, _f in types.targets.values()) == [
        ("2026年10月 文种为“函”的收文", 1), ("2026年10月 文种为“请示”的收文", 1), ("2026年10月 文种为“通知”的收文", 4)]


def test_an_empty_period_says_so(store):
    quiet = periods.month(dt.date(2020, 1, 1))
    with store.read() as session:
        for spec in CHARTS[1:3]:
            chart = spec.draw(spec.data(session, quiet, ALL, TODAY), quiet)
            texts = [t.get_text() for ax in chart.figure.axes for t in ax.texts]
            assert "本期无数据" in texts
