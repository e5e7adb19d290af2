"""The server-drawn SVG charts: escaped labels, no script or inline style, right geometry."""

import re
import xml.etree.ElementTree as ET

from sources import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_rate_chart_places_dot_and_interval_on_the_scale():
    root = parse(charts.rate_chart([("PINE", 0.5, 0.25, 0.75, 4)], label_width=100, plot_width=400))
    line = root.find(f"{SVG}line[@class='interval']")
    dot = root.find(f"{SVG}circle[@class='rate']")
    assert (float(line.get("x1")), float(line.get("x2"))) == (200.0, 400.0)
    assert float(dot.get("cx")) == 300.0
    assert "50% n=4" in markup_text(root)


def test_rate_chart_notes_groups_with_nothing_resolved():
    root = parse(charts.rate_chart([("OAK", None, None, None, 0)]))
    assert root.find(f"{SVG}circle[@class='rate']") is None
    assert "nothing resolved" in markup_text(root)


def test_labels_are_escaped_and_there_is_no_script_or_style():
    markup = charts.rate_chart([("<script>alert(1)</script> & co", 1.0, 0.5, 1.0, 2)])
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    parse(markup)  # well-formed
    for chart in (
        markup,
        charts.outcomes_chart([(2016, {"corroborated": 2})]),
        charts.calibration_chart([(1, 0.95, 1.0, 0.5, 1.0, 3)]),
    ):
        assert "style=" not in chart and "<script" not in chart
        assert re.search(r'role="img"', chart)


def test_outcomes_chart_stacks_counts_to_the_tallest_year():
    root = parse(charts.outcomes_chart([
        (2016, {"corroborated": 2, "contradicted": 2}),
        (2017, {"pending": 2}),
    ]))  # fmt: skip
    rects = {
        (r.get("class"), r.find(f"{SVG}title").text.split(":")[0]): float(r.get("height"))
        for r in root.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    }
    assert rects[("corroborated", "2016")] == rects[("contradicted", "2016")] == 80.0
    assert rects[("pending", "2017")] == 80.0  # half of the 160-pixel plot


def test_empty_outcomes_chart_says_so():
    assert "No claims yet." in charts.outcomes_chart([])


def test_calibration_chart_draws_forecast_and_observed():
    root = parse(
        charts.calibration_chart([(2, 0.75, 0.5, 0.2, 0.8, 10), (6, None, None, None, None, 0)])
    )
    assert len(root.findall(f"{SVG}circle[@class='forecast']")) == 1
    assert len(root.findall(f"{SVG}circle[@class='observed']")) == 1


def markup_text(root: ET.Element) -> str:
    return " ".join(t for t in root.itertext())


def svg_size(root: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    return width, height


# A 390 px phone leaves a track-record card about 330 px: a chart this wide or
# narrower is drawn at full size there, so its text keeps its size.
PHONE_CARD_WIDTH = 330


def test_chart_text_is_at_least_12_px():
    for markup in (
        charts.rate_chart([("PINE", 0.5, 0.25, 0.75, 4)], stacked=True),
        charts.outcomes_chart([(2016, {"corroborated": 2})]),
        charts.calibration_chart([(1, 0.95, 1.0, 0.5, 1.0, 3)]),
    ):
        assert float(parse(markup).get("font-size")) >= 12


def test_a_cards_rate_chart_fits_a_phone_and_keeps_its_label_whole():
    label = "“a source in Ryanggang Province”"
    root = parse(charts.rate_chart([(label, 0.75, 0.44, 0.92, 10)], stacked=True))
    assert svg_size(root)[0] <= PHONE_CARD_WIDTH
    texts = [t for t in root.iter(f"{SVG}text") if t.text == label]
    # Left-aligned from the chart's edge, so no part of it can fall outside on the left.
    assert len(texts) == 1 and texts[0].get("text-anchor") is None
    assert float(texts[0].get("x")) >= 0


def test_a_long_label_wraps_onto_two_lines_and_the_tooltip_keeps_it_whole():
    label = (
        "Kang Song-il, a former trade official who left the North in 2014 and who now "
        "runs a small import business in a Chinese border town across from Hyesan"
    )
    root = parse(charts.rate_chart([(label, 0.5, 0.2, 0.8, 6)], stacked=True))
    lines = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.split()[0] in label]
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert label.startswith(" ".join(lines)[:-1].rstrip())
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert f"{label}: 50% of 6" in titles


def test_the_stacked_rate_chart_keeps_the_bar_on_the_same_scale():
    root = parse(charts.rate_chart([("PINE", 0.5, 0.25, 0.75, 4)], stacked=True))
    line = root.find(f"{SVG}line[@class='interval']")
    dot = root.find(f"{SVG}circle[@class='rate']")
    low, high, rate = float(line.get("x1")), float(line.get("x2")), float(dot.get("cx"))
    # 25%, 50% and 75% are evenly spaced, and the dot sits midway.
    assert rate - low == high - rate > 0
    ticks = {t.text: float(t.get("x")) for t in root.iter(f"{SVG}text") if t.text.endswith("%")}
    assert (ticks["25%"], ticks["50%"], ticks["75%"]) == (low, rate, high)


def test_outcomes_and_calibration_charts_fit_a_phone():
    years = [(2010 + n, {"corroborated": n + 1, "pending": 1}) for n in range(8)]
    assert svg_size(parse(charts.outcomes_chart(years)))[0] <= PHONE_CARD_WIDTH
    levels = [(level, 0.5, 0.5, 0.2, 0.8, 10) for level in range(1, 6)]
    assert svg_size(parse(charts.calibration_chart(levels)))[0] <= PHONE_CARD_WIDTH


def test_crowded_years_label_every_other_year_and_keep_each_in_its_tooltip():
    years = [(2000 + n, {"corroborated": 1}) for n in range(12)]
    root = parse(charts.outcomes_chart(years))
    labelled = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("20")]
    assert labelled == [str(2000 + n) for n in range(0, 12, 2)]
    tooltips = {r.find(f"{SVG}title").text.split(":")[0] for r in root.iter(f"{SVG}rect")
                if r.find(f"{SVG}title") is not None}  # fmt: skip
    assert tooltips == {str(2000 + n) for n in range(12)}
