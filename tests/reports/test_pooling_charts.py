"""The charts of issue 14: rate by year, the reliability diagram, the score trend.

Each must fit a phone's card (≤ 330 units, drawn at full size there), keep
its text at 13 px, and keep every label inside the drawing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sources import charts

SVG = "{http://www.w3.org/2000/svg}"
PHONE_CARD_WIDTH = 330


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def _extent(text: ET.Element) -> tuple[float, float]:
    """Return the left and right edge a text surely lies within, by its anchor."""
    x, width = float(text.get("x")), charts.text_width(text.text or "")
    anchor = text.get("text-anchor")
    if anchor == "middle":
        return x - width / 2, x + width / 2
    if anchor == "end":
        return x - width, x
    return x, x + width


def _assert_fits(root: ET.Element) -> None:
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert width <= PHONE_CARD_WIDTH
    assert float(root.get("font-size")) >= 12
    for text in root.iter(f"{SVG}text"):
        left, right = _extent(text)
        assert left >= 0 and right <= width, text.text
        assert charts.FONT_SIZE <= float(text.get("y")) <= height, text.text


YEARS = [
    (2015, 4, 0.75, 0.30, 0.95, 0.70, 0.40, 0.90),
    (2016, 0, None, None, None, 0.62, 0.20, 0.93),
    (2017, 6, 0.0, 0.0, 0.39, 0.30, 0.08, 0.60),
]


def test_the_rate_by_year_draws_raw_and_pooled_on_one_scale():
    root = _parse(charts.yearly_rate_chart(YEARS))
    _assert_fits(root)
    raw = root.findall(f"{SVG}circle[@class='rate']")
    pooled = root.findall(f"{SVG}circle[@class='pooled-rate']")
    assert len(raw) == 2 and len(pooled) == 3  # 2016 has nothing resolved, only a pooled rate
    top, plot = 16, 160
    assert float(raw[0].get("cy")) == pytest.approx(top + plot * (1 - 0.75))
    assert float(pooled[2].get("cy")) == pytest.approx(top + plot * (1 - 0.30))


def test_many_years_thin_their_labels_and_still_fit():
    years = [(2000 + n, 3, 0.5, 0.2, 0.8, 0.5, 0.3, 0.7) for n in range(14)]
    root = _parse(charts.yearly_rate_chart(years))
    _assert_fits(root)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("20")]
    assert 2 <= len(labels) < 14 and labels[0] == "2000"


BINS = [
    (0.1, 0.2, 3, 0.15, 0.0, 0.0, 0.333),
    (0.2, 0.3, 120, 0.25, 0.5, 0.175, 0.325),
    (0.3, 0.4, 7, 0.35, 0.43, 0.0, 0.71),
    (0.7, 0.8, 999, 0.74, 0.75, 0.71, 0.77),
    (0.9, 1.0, 12, 0.95, 1.0, 0.83, 1.0),
]


def test_the_reliability_diagram_marks_bins_outside_their_band():
    root = _parse(charts.reliability_diagram_chart(BINS))
    _assert_fits(root)
    outside = root.findall(f"{SVG}circle[@class='observed outside']")
    assert len(outside) == 1  # 0.50 observed where chance allows 0.175–0.325
    assert len(root.findall(f"{SVG}rect[@class='band']")) == len(BINS)
    counts = [t for t in root.iter(f"{SVG}text") if t.text in {"3", "120", "7", "999", "12"}]
    assert sorted(t.text for t in counts) == sorted(["3", "120", "7", "999", "12"])


def test_neighbouring_bin_counts_never_overlap():
    bins = [(k / 10, (k + 1) / 10, 888, k / 10 + 0.05, 0.5, 0.3, 0.7) for k in range(10)]
    root = _parse(charts.reliability_diagram_chart(bins))
    _assert_fits(root)
    rows: dict[str, list[tuple[float, float]]] = {}
    for text in root.iter(f"{SVG}text"):
        if text.text == "888":
            rows.setdefault(text.get("y"), []).append(_extent(text))
    assert len(rows) == 2
    for extents in rows.values():
        extents.sort()
        assert all(a[1] <= b[0] for a, b in zip(extents, extents[1:], strict=False))


def test_the_score_trend_fits_and_draws_both_scores():
    quarters = [("2016 Q3", 12, 0.18, 0.24), ("2016 Q4", 8, 0.31, 0.22), ("2017 Q1", 40, 0.6, 0.2)]
    root = _parse(charts.score_trend_chart(quarters))
    _assert_fits(root)
    assert len(root.findall(f"{SVG}circle[@class='brier']")) == 3
    assert len(root.findall(f"{SVG}circle[@class='base-rate']")) == 3


def test_empty_charts_say_so():
    assert "No claims yet." in charts.yearly_rate_chart([])
    assert "No scored forecasts yet." in charts.reliability_diagram_chart([])
    assert "No scored forecasts yet." in charts.score_trend_chart([])
