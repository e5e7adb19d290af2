"""Server-drawn SVG charts for the reports: no JavaScript, no fonts or files to fetch.

Each function returns SVG markup as a string, with every label escaped, and
uses presentation attributes only (the Content-Security-Policy forbids inline
styles). No Django here, so the charts can be tested as plain functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

OUTCOME_COLOURS: Mapping[str, str] = {
    "corroborated": "#1b7837",
    "partly_corroborated": "#7fbf7b",
    "contradicted": "#c51b7d",
    "disputed": "#e9a3c9",
    "pending": "#bdbdbd",
    "unverifiable": "#8c96c6",
    "retracted": "#525252",
}
OUTCOME_LABELS: Mapping[str, str] = {
    "pending": "Pending",
    "corroborated": "Corroborated",
    "partly_corroborated": "Partly corroborated",
    "contradicted": "Contradicted",
    "disputed": "Disputed",
    "unverifiable": "Unverifiable",
    "retracted": "Retracted",
}
INK = "#1a1a1a"
GRID = "#d9d9d9"


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="{_fmt(width)}" '
        f'height="{_fmt(height)}" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def rate_chart(
    rows: Sequence[tuple[str, float | None, float | None, float | None, int]],
    *,
    title: str = "Confirmation rate with 95% interval",
    label_width: int = 220,
    plot_width: int = 420,
) -> str:
    """Draw one line per group: a dot at the rate and a bar across its interval.

    ``rows`` holds (label, rate, interval low, interval high, resolved n).
    Groups with nothing resolved get a note instead of a dot.
    """
    row_height = 22
    top = 24
    left = label_width
    width = label_width + plot_width + 90
    height = top + row_height * max(len(rows), 1) + 10
    body = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = left + tick * plot_width
        body.append(
            f'<line x1="{_fmt(x)}" y1="{top - 6}" x2="{_fmt(x)}" y2="{_fmt(height - 10)}" '
            f'stroke="{GRID}"/>'
            f'<text x="{_fmt(x)}" y="{top - 10}" text-anchor="middle" fill="{INK}">'
            f"{int(tick * 100)}%</text>"
        )
    if not rows:
        body.append(f'<text x="{left}" y="{top + 14}" fill="{INK}">No groups to show.</text>')
    for index, (label, rate, low, high, n) in enumerate(rows):
        y = top + row_height * index + row_height / 2
        short = label if len(label) <= 34 else label[:33] + "…"
        body.append(
            f'<text x="{left - 8}" y="{_fmt(y + 4)}" text-anchor="end" fill="{INK}">'
            f"{escape(short)}</text>"
        )
        if rate is None or low is None or high is None:
            body.append(
                f'<text x="{left + 4}" y="{_fmt(y + 4)}" fill="#636363">nothing resolved</text>'
            )
            continue
        body.append(
            f'<line class="interval" x1="{_fmt(left + low * plot_width)}" y1="{_fmt(y)}" '
            f'x2="{_fmt(left + high * plot_width)}" y2="{_fmt(y)}" stroke="{INK}" '
            f'stroke-width="3"><title>{escape(label)}: {_percent(low)}–{_percent(high)}'
            f"</title></line>"
            f'<circle class="rate" cx="{_fmt(left + rate * plot_width)}" cy="{_fmt(y)}" r="5" '
            f'fill="#2166ac"><title>{escape(label)}: {_percent(rate)} of {n}</title></circle>'
            f'<text x="{left + plot_width + 8}" y="{_fmt(y + 4)}" fill="{INK}">'
            f"{_percent(rate)} n={n}</text>"
        )
    return _svg(width, height, title, body)


def outcomes_chart(
    series: Sequence[tuple[int, Mapping[str, int]]],
    *,
    title: str = "Outcomes by publication year",
    outcomes: Sequence[str] = tuple(OUTCOME_COLOURS),
) -> str:
    """Draw a stacked bar of claim outcomes for each year."""
    plot_height = 160
    bar_width = 28
    gap = 14
    left = 40
    top = 12
    legend_height = 18 * ((len(outcomes) + 2) // 3)
    width = max(left + len(series) * (bar_width + gap) + 20, 460)
    height = top + plot_height + 24 + legend_height + 8
    peak = max((sum(counts.values()) for _, counts in series), default=0)
    body = [
        f'<line x1="{left}" y1="{top + plot_height}" x2="{_fmt(width - 10)}" '
        f'y2="{top + plot_height}" stroke="{INK}"/>',
        f'<text x="{left - 6}" y="{top + 8}" text-anchor="end" fill="{INK}">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_height}" text-anchor="end" fill="{INK}">0</text>',
    ]
    if not series:
        body.append(f'<text x="{left + 8}" y="{top + 40}" fill="{INK}">No claims yet.</text>')
    for index, (year, counts) in enumerate(series):
        x = left + gap / 2 + index * (bar_width + gap)
        base = top + plot_height
        for outcome in outcomes:
            count = counts.get(outcome, 0)
            if not count or not peak:
                continue
            h = plot_height * count / peak
            base -= h
            body.append(
                f'<rect class="{escape(outcome)}" x="{_fmt(x)}" y="{_fmt(base)}" '
                f'width="{bar_width}" height="{_fmt(h)}" '
                f'fill="{OUTCOME_COLOURS.get(outcome, "#999999")}">'
                f"<title>{escape(str(year))}: {count} "
                f"{escape(OUTCOME_LABELS.get(outcome, outcome).lower())}</title></rect>"
            )
        body.append(
            f'<text x="{_fmt(x + bar_width / 2)}" y="{top + plot_height + 16}" '
            f'text-anchor="middle" fill="{INK}">{escape(str(year))}</text>'
        )
    legend_top = top + plot_height + 30
    for index, outcome in enumerate(outcomes):
        lx = left + (index % 3) * 150
        ly = legend_top + (index // 3) * 18
        body.append(
            f'<rect x="{lx}" y="{ly}" width="10" height="10" '
            f'fill="{OUTCOME_COLOURS.get(outcome, "#999999")}"/>'
            f'<text x="{lx + 14}" y="{ly + 9}" fill="{INK}">'
            f"{escape(OUTCOME_LABELS.get(outcome, outcome))}</text>"
        )
    return _svg(width, height, title, body)


def calibration_chart(
    rows: Sequence[tuple[int, float | None, float | None, float | None, float | None, int]],
    *,
    title: str = "Credibility against observed confirmation rate",
) -> str:
    """Draw, per credibility level, the forecast (hollow) and the observed rate with its interval.

    ``rows`` holds (credibility, forecast, observed, interval low, interval high, resolved n).
    """
    left, top, plot_w, plot_h = 48, 16, 360, 180
    width, height = left + plot_w + 30, top + plot_h + 56
    step = plot_w / max(len(rows), 1)
    body = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - tick)
        body.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{left + plot_w}" y2="{_fmt(y)}" '
            f'stroke="{GRID}"/><text x="{left - 6}" y="{_fmt(y + 4)}" text-anchor="end" '
            f'fill="{INK}">{int(tick * 100)}%</text>'
        )
    for index, (level, forecast, observed, low, high, n) in enumerate(rows):
        x = left + step * (index + 0.5)
        body.append(
            f'<text x="{_fmt(x)}" y="{top + plot_h + 16}" text-anchor="middle" fill="{INK}">'
            f"{level}</text>"
            f'<text x="{_fmt(x)}" y="{top + plot_h + 30}" text-anchor="middle" '
            f'fill="#636363">n={n}</text>'
        )
        if forecast is not None:
            fy = top + plot_h * (1 - forecast)
            body.append(
                f'<circle class="forecast" cx="{_fmt(x)}" cy="{_fmt(fy)}" r="6" fill="none" '
                f'stroke="#b2182b" stroke-width="2"><title>Credibility {level} forecast '
                f"{_percent(forecast)}</title></circle>"
            )
        if observed is not None and low is not None and high is not None:
            body.append(
                f'<line class="interval" x1="{_fmt(x)}" y1="{_fmt(top + plot_h * (1 - low))}" '
                f'x2="{_fmt(x)}" y2="{_fmt(top + plot_h * (1 - high))}" stroke="{INK}" '
                f'stroke-width="3"/><circle class="observed" cx="{_fmt(x)}" '
                f'cy="{_fmt(top + plot_h * (1 - observed))}" r="4" fill="#2166ac">'
                f"<title>Credibility {level} observed {_percent(observed)} of {n}</title></circle>"
            )
    body.append(
        f'<text x="{left}" y="{height - 6}" fill="{INK}">Credibility · hollow red = forecast, '
        f"blue = observed with 95% interval</text>"
    )
    return _svg(width, height, title, body)
