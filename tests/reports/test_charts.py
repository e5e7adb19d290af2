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
