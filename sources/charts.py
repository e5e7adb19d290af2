"""Server-drawn SVG charts for the reports: no JavaScript, no fonts or files to fetch.

Each function returns SVG markup as a string, with every label escaped, and
uses presentation attributes only (the Content-Security-Policy forbids inline
styles). No Django here, so the charts can be tested as plain functions.

Text is 13 px and the charts a card shows are at most ``NARROW`` units wide,
so on a 390 px phone they are drawn at full size and their text stays at
least 12 px. Labels are cut or wrapped to fit by ``text_width``, a generous
estimate of their width, so nothing is clipped at the SVG's edge.
"""

from __future__ import annotations

import math
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
MUTED = "#595959"
GRID = "#d9d9d9"
FONT_SIZE = 13
# Character widths in ems, at or over those of DejaVu Sans (the widest of the
# usual sans-serif faces), so a label cut to fit by this estimate always fits.
NARROW_CHARS = frozenset(" ifjlrtIJ.,:;'!|()[]‘’-")
WIDE_CHARS = frozenset("MWmw@%…—")
# The widest chart a card draws: a 390 px phone leaves a card about 330 px.
NARROW = 310


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def text_width(text: str, *, size: float = FONT_SIZE) -> float:
    """Return a width ``text`` surely fits in at ``size``: an over-estimate, never under."""
    ems = 0.0
    for char in text:
        if char in NARROW_CHARS:
            ems += 0.42
        elif char in WIDE_CHARS:
            ems += 1.0
        elif char.isupper():
            ems += 0.79
        else:
            ems += 0.64
    return ems * size


def _cut(text: str, width: float) -> str:
    """Return ``text``, cut short with an ellipsis if it would not fit in ``width``."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(text: str, width: float, *, lines: int = 2) -> list[str]:
    """Break ``text`` into at most ``lines`` lines that fit ``width``, cutting the last."""
    out: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
    return [_cut(line, width) for line in out] or [""]


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="{_fmt(width)}" '
        f'height="{_fmt(height)}" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="{FONT_SIZE}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def rate_chart(
    rows: Sequence[tuple[str, float | None, float | None, float | None, int]],
    *,
    title: str = "Confirmation rate with 95% interval",
    label_width: int = 220,
    plot_width: int = 420,
    stacked: bool = False,
) -> str:
    """Draw one line per group: a dot at the rate and a bar across its interval.

    ``rows`` holds (label, rate, interval low, interval high, resolved n).
    Groups with nothing resolved get a note instead of a dot. ``stacked``
    puts each label on its own line above its bar, ``NARROW`` units wide in
    all, for cards and phones; otherwise labels sit left of the bars.
    """
    if stacked:
        return _stacked_rate_chart(rows, title=title)
    row_height = 22
    top = 24
    left = label_width
    width = label_width + plot_width + 90
    height = top + row_height * max(len(rows), 1) + 10
    body = _rate_ticks(left=left, plot_width=plot_width, top=top, bottom=height - 10)
    if not rows:
        body.append(f'<text x="{left}" y="{top + 14}" fill="{INK}">No groups to show.</text>')
    for index, (label, rate, low, high, n) in enumerate(rows):
        y = top + row_height * index + row_height / 2
        body.append(
            f'<text x="{left - 8}" y="{_fmt(y + 4)}" text-anchor="end" fill="{INK}">'
            f"{escape(_cut(label, label_width - 12))}</text>"
        )
        body.append(_rate_row_marks(label, rate, low, high, n, left, plot_width, y))
    return _svg(width, height, title, body)


def _rate_ticks(*, left: float, plot_width: float, top: float, bottom: float) -> list[str]:
    ticks = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = left + tick * plot_width
        ticks.append(
            f'<line x1="{_fmt(x)}" y1="{top - 6}" x2="{_fmt(x)}" y2="{_fmt(bottom)}" '
            f'stroke="{GRID}"/>'
            f'<text x="{_fmt(x)}" y="{top - 10}" text-anchor="middle" fill="{INK}">'
            f"{int(tick * 100)}%</text>"
        )
    return ticks


def _rate_row_marks(label, rate, low, high, n, left, plot_width, y) -> str:
    """Return one group's bar, dot and figures, or its "nothing resolved" note."""
    if rate is None or low is None or high is None:
        return f'<text x="{left + 4}" y="{_fmt(y + 4)}" fill="{MUTED}">nothing resolved</text>'
    return (
        f'<line class="interval" x1="{_fmt(left + low * plot_width)}" y1="{_fmt(y)}" '
        f'x2="{_fmt(left + high * plot_width)}" y2="{_fmt(y)}" stroke="{INK}" '
        f'stroke-width="3"><title>{escape(label)}: {_percent(low)}–{_percent(high)}'
        f"</title></line>"
        f'<circle class="rate" cx="{_fmt(left + rate * plot_width)}" cy="{_fmt(y)}" r="5" '
        f'fill="#2166ac"><title>{escape(label)}: {_percent(rate)} of {n}</title></circle>'
        f'<text x="{_fmt(left + plot_width + 8)}" y="{_fmt(y + 4)}" fill="{INK}">'
        f"{_percent(rate)} n={n}</text>"
    )


def _stacked_rate_chart(rows, *, title: str) -> str:
    """Draw the rate chart ``NARROW`` units wide: each label on up to two lines above its bar."""
    left, value_width, line = 16, 86, 16
    plot_width = NARROW - left - value_width
    top = 24
    y = top
    body: list[str] = []
    if not rows:
        body.append(f'<text x="{left}" y="{top + 14}" fill="{INK}">No groups to show.</text>')
        y += 22
    for label, rate, low, high, n in rows:
        for text in _wrap(label, NARROW - 4):
            y += line
            body.append(f'<text x="2" y="{_fmt(y - 4)}" fill="{INK}">{escape(text)}</text>')
        bar_y = y + 9
        body.append(_rate_row_marks(label, rate, low, high, n, left, plot_width, bar_y))
        y = bar_y + 11
    height = y + 4
    ticks = _rate_ticks(left=left, plot_width=plot_width, top=top, bottom=height - 4)
    return _svg(NARROW, height, title, ticks + body)


def outcomes_chart(
    series: Sequence[tuple[int, Mapping[str, int]]],
    *,
    title: str = "Outcomes by publication year",
    outcomes: Sequence[str] = tuple(OUTCOME_COLOURS),
) -> str:
    """Draw a stacked bar of claim outcomes for each year, ``NARROW`` wide up to a dozen years.

    Bars narrow as years are added; when their year labels would collide,
    only every second (third, …) year is labelled, and each bar's tooltip
    still names its year.
    """
    plot_height = 160
    peak = max((sum(counts.values()) for _, counts in series), default=0)
    left = 12 + text_width(str(peak))
    top = 12
    slot = min(42.0, max(22.0, (NARROW - left - 10) / max(len(series), 1)))
    bar_width = round(slot * 0.66, 1)
    label_every = math.ceil((text_width("2000") + 4) / slot)
    legend_columns = 2
    legend_height = 18 * math.ceil(len(outcomes) / legend_columns)
    width = max(left + len(series) * slot + 10, NARROW)
    height = top + plot_height + 24 + legend_height + 8
    body = [
        f'<line x1="{_fmt(left)}" y1="{top + plot_height}" x2="{_fmt(width - 10)}" '
        f'y2="{top + plot_height}" stroke="{INK}"/>',
        f'<text x="{_fmt(left - 6)}" y="{top + 9}" text-anchor="end" fill="{INK}">{peak}</text>',
        f'<text x="{_fmt(left - 6)}" y="{top + plot_height}" text-anchor="end" '
        f'fill="{INK}">0</text>',
    ]
    if not series:
        body.append(f'<text x="{_fmt(left + 8)}" y="{top + 40}" fill="{INK}">No claims yet.</text>')
    for index, (year, counts) in enumerate(series):
        x = left + (slot - bar_width) / 2 + index * slot
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
        if index % label_every == 0:
            body.append(
                f'<text x="{_fmt(x + bar_width / 2)}" y="{top + plot_height + 17}" '
                f'text-anchor="middle" fill="{INK}">{escape(str(year))}</text>'
            )
    legend_top = top + plot_height + 30
    column_width = (NARROW - 2) / legend_columns
    for index, outcome in enumerate(outcomes):
        lx = 2 + (index % legend_columns) * column_width
        ly = legend_top + (index // legend_columns) * 18
        body.append(
            f'<rect x="{_fmt(lx)}" y="{ly}" width="10" height="10" '
            f'fill="{OUTCOME_COLOURS.get(outcome, "#999999")}"/>'
            f'<text x="{_fmt(lx + 13)}" y="{ly + 10}" fill="{INK}">'
            f"{escape(_cut(OUTCOME_LABELS.get(outcome, outcome), column_width - 15))}"
            f"</text>"
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
    left, top, plot_h = 44, 16, 180
    plot_w = NARROW - left - 16
    width, height = NARROW, top + plot_h + 88
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
            f'<text x="{_fmt(x)}" y="{top + plot_h + 17}" text-anchor="middle" fill="{INK}">'
            f"{level}</text>"
            f'<text x="{_fmt(x)}" y="{top + plot_h + 32}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(_cut(f"n={n}", step))}</text>'
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
    for offset, line in enumerate(
        (
            "Across: credibility level, n resolved",
            "Red ring: the level's forecast",
            "Blue dot and bar: observed, 95% interval",
        )
    ):
        body.append(
            f'<text x="2" y="{top + plot_h + 52 + 16 * offset}" fill="{INK}">'
            f"{escape(_cut(line, width - 4))}</text>"
        )
    return _svg(width, height, title, body)


def yearly_rate_chart(
    rows: Sequence[tuple[int, int, float | None, ...]],
    *,
    title: str = "Rate by publication year, raw and pooled, with 95% intervals",
) -> str:
    """Draw each year's raw rate (black, Wilson interval) beside its pooled rate (blue).

    ``rows`` holds (year, resolved n, rate, low, high, pooled rate, pooled
    low, pooled high). Years with nothing resolved show only their n.
    ``NARROW`` wide; when year labels would collide only every second
    (third, …) is written.
    """
    left, top, plot_h = 44, 16, 160
    plot_w = NARROW - left - 10
    slot = plot_w / max(len(rows), 1)
    label_every = math.ceil((text_width("2000") + 6) / slot)
    legend = (
        "Black: raw rate, Wilson interval",
        "Blue: pooled rate, credible interval",
        "Under each year: n resolved",
    )
    height = top + plot_h + 40 + 16 * len(legend) + 6
    body = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - tick)
        body.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{_fmt(left + plot_w)}" y2="{_fmt(y)}" '
            f'stroke="{GRID}"/><text x="{left - 6}" y="{_fmt(y + 4)}" text-anchor="end" '
            f'fill="{INK}">{int(tick * 100)}%</text>'
        )
    if not rows:
        body.append(f'<text x="{left + 8}" y="{top + 40}" fill="{INK}">No claims yet.</text>')

    def y_of(value: float) -> str:
        return _fmt(top + plot_h * (1 - value))

    for index, (year, n, rate, low, high, p_rate, p_low, p_high) in enumerate(rows):
        x = left + slot * (index + 0.5)
        raw_x, pooled_x = x - min(5.0, slot / 5), x + min(5.0, slot / 5)
        if rate is not None and low is not None and high is not None:
            body.append(
                f'<line class="interval" x1="{_fmt(raw_x)}" y1="{y_of(low)}" x2="{_fmt(raw_x)}" '
                f'y2="{y_of(high)}" stroke="{INK}" stroke-width="2"/>'
                f'<circle class="rate" cx="{_fmt(raw_x)}" cy="{y_of(rate)}" r="3.5" '
                f'fill="{INK}"><title>{year}: raw {_percent(rate)} '
                f"({_percent(low)}–{_percent(high)}) of {n}</title></circle>"
            )
        if p_rate is not None and p_low is not None and p_high is not None:
            body.append(
                f'<line class="pooled-interval" x1="{_fmt(pooled_x)}" y1="{y_of(p_low)}" '
                f'x2="{_fmt(pooled_x)}" y2="{y_of(p_high)}" stroke="#2166ac" stroke-width="2"/>'
                f'<circle class="pooled-rate" cx="{_fmt(pooled_x)}" cy="{y_of(p_rate)}" r="3.5" '
                f'fill="#2166ac"><title>{year}: pooled {_percent(p_rate)} '
                f"({_percent(p_low)}–{_percent(p_high)})</title></circle>"
            )
        if index % label_every == 0:
            body.append(
                f'<text x="{_fmt(x)}" y="{top + plot_h + 17}" text-anchor="middle" '
                f'fill="{INK}">{escape(str(year))}</text>'
                f'<text x="{_fmt(x)}" y="{top + plot_h + 32}" text-anchor="middle" '
                f'fill="{MUTED}">{escape(_cut(str(n), slot * label_every))}</text>'
            )
    for offset, line in enumerate(legend):
        body.append(
            f'<text x="2" y="{top + plot_h + 52 + 16 * offset}" fill="{INK}">'
            f"{escape(_cut(line, NARROW - 4))}</text>"
        )
    return _svg(NARROW, height, title, body)


def reliability_diagram_chart(
    bins: Sequence[tuple[float, float, int, float, float, float, float]],
    *,
    title: str = "Reliability diagram: forecast against what happened",
) -> str:
    """Draw a reliability diagram: per bin, the observed rate against the mean forecast.

    ``bins`` holds (bin low, bin high, n, mean forecast, observed, band low,
    band high). The grey bar is where chance alone would put the observed
    rate if the forecasts were right; a dot outside it is drawn hollow red.
    The diagonal is perfect calibration. Each bin's n is written under the
    axis, on two alternating rows so neighbours never overlap.
    """
    # The right margin holds half of the "100%" under the axis's end.
    left, top = 44, 16
    plot = NARROW - left - math.ceil(text_width("100%") / 2) - 2
    legend = (
        "Across: forecast; up: observed rate",
        "Grey bar: 95% band if the forecasts were right",
        "Red ring: outside the band; under: n per bin",
    )
    height = top + plot + 48 + 16 * len(legend) + 6
    body = []

    def x_of(value: float) -> str:
        return _fmt(left + plot * value)

    def y_of(value: float) -> str:
        return _fmt(top + plot * (1 - value))

    for tick in (0, 0.25, 0.5, 0.75, 1):
        body.append(
            f'<line x1="{left}" y1="{y_of(tick)}" x2="{left + plot}" y2="{y_of(tick)}" '
            f'stroke="{GRID}"/><text x="{left - 6}" y="{_fmt(float(y_of(tick)) + 4)}" '
            f'text-anchor="end" fill="{INK}">{int(tick * 100)}%</text>'
            f'<text x="{x_of(tick)}" y="{top + plot + 16}" text-anchor="middle" '
            f'fill="{INK}">{int(tick * 100)}%</text>'
        )
    body.append(
        f'<line class="diagonal" x1="{x_of(0)}" y1="{y_of(0)}" x2="{x_of(1)}" y2="{y_of(1)}" '
        f'stroke="{MUTED}" stroke-dasharray="4 3"/>'
    )
    if not bins:
        body.append(
            f'<text x="{left + 8}" y="{top + 40}" fill="{INK}">No scored forecasts yet.</text>'
        )
    for index, (low, high, n, mean, observed, band_low, band_high) in enumerate(bins):
        x = x_of(mean)
        outside = not band_low <= observed <= band_high
        body.append(
            f'<rect class="band" x="{_fmt(float(x) - 4)}" y="{y_of(band_high)}" width="8" '
            f'height="{_fmt(max(plot * (band_high - band_low), 1.0))}" fill="{GRID}">'
            f"<title>{_percent(low)}–{_percent(high)}: band {_percent(band_low)}–"
            f"{_percent(band_high)}</title></rect>"
        )
        body.append(
            f'<circle class="observed{" outside" if outside else ""}" cx="{x}" '
            f'cy="{y_of(observed)}" r="4.5" '
            + ('fill="none" stroke="#b2182b" stroke-width="2"' if outside else 'fill="#2166ac"')
            + f"><title>{n} forecast {_percent(mean)} on average; {_percent(observed)} "
            f"happened</title></circle>"
        )
        body.append(
            f'<text x="{_fmt(left + plot * (low + high) / 2)}" '
            f'y="{top + plot + 32 + 14 * (index % 2)}" text-anchor="middle" '
            f'fill="{MUTED}">{n}</text>'
        )
    for offset, line in enumerate(legend):
        body.append(
            f'<text x="2" y="{top + plot + 64 + 16 * offset}" fill="{INK}">'
            f"{escape(_cut(line, NARROW - 4))}</text>"
        )
    return _svg(NARROW, height, title, body)


def score_trend_chart(
    rows: Sequence[tuple[str, int, float, float]],
    *,
    title: str = "Brier score by quarter, beside the base rate's",
) -> str:
    """Draw each quarter's Brier score (blue dot) beside its base rate's (hollow ring).

    ``rows`` holds (quarter label, n, Brier, base-rate Brier), oldest first.
    Lower is better. Quarter labels are thinned when they would collide.
    """
    left, top, plot_h = 44, 16, 140
    plot_w = NARROW - left - 10
    peak = max([0.5, *(max(brier, base) for _, _, brier, base in rows)])
    slot = plot_w / max(len(rows), 1)
    label_every = math.ceil((text_width("2016 Q4") + 6) / slot)
    legend = ("Blue dot: Brier score (lower is better)", "Ring: the base rate's Brier score")
    height = top + plot_h + 40 + 16 * len(legend) + 6
    body = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        value = peak * tick
        y = top + plot_h * (1 - tick)
        body.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{_fmt(left + plot_w)}" y2="{_fmt(y)}" '
            f'stroke="{GRID}"/><text x="{left - 6}" y="{_fmt(y + 4)}" text-anchor="end" '
            f'fill="{INK}">{value:.2f}</text>'
        )
    if not rows:
        body.append(
            f'<text x="{left + 8}" y="{top + 40}" fill="{INK}">No scored forecasts yet.</text>'
        )
    for index, (label, n, brier, base) in enumerate(rows):
        x = left + slot * (index + 0.5)
        base_y, brier_y = (_fmt(top + plot_h * (1 - value / peak)) for value in (base, brier))
        body.append(
            f'<circle class="base-rate" cx="{_fmt(x)}" cy="{base_y}" r="5" fill="none" '
            f'stroke="{MUTED}" stroke-width="2"><title>{escape(label)}: '
            f"base rate {base:.3f}</title></circle>"
            f'<circle class="brier" cx="{_fmt(x)}" cy="{brier_y}" r="4" fill="#2166ac">'
            f"<title>{escape(label)}: Brier {brier:.3f} over {n}</title></circle>"
        )
        if index % label_every == 0:
            body.append(
                f'<text x="{_fmt(x)}" y="{top + plot_h + 17}" text-anchor="middle" '
                f'fill="{INK}">{escape(label)}</text>'
                f'<text x="{_fmt(x)}" y="{top + plot_h + 32}" text-anchor="middle" '
                f'fill="{MUTED}">n={n}</text>'
            )
    for offset, line in enumerate(legend):
        body.append(
            f'<text x="2" y="{top + plot_h + 52 + 16 * offset}" fill="{INK}">'
            f"{escape(_cut(line, NARROW - 4))}</text>"
        )
    return _svg(NARROW, height, title, body)
