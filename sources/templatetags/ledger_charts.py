"""Charts as template tags: the report objects carry figures, the templates draw them.

Each tag passes figures to ``sources.charts``, which escapes every label, and
marks the SVG it returns safe. Nothing here computes a figure.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from sources import charts

register = template.Library()


def _rate_row(label: str, figures) -> tuple:
    return (
        label,
        figures.confirmation_rate,
        figures.interval_low,
        figures.interval_high,
        figures.resolved,
    )


@register.simple_tag
def record_rate_chart(record) -> SafeString:
    """Draw a track record's rate with its interval bar, its label above: it fits a phone."""
    return mark_safe(  # built by sources.charts, labels escaped
        charts.rate_chart([_rate_row(record.label, record)], stacked=True)
    )


@register.simple_tag
def record_outcomes_chart(record) -> SafeString:
    """Draw a track record's outcomes by publication year."""
    return mark_safe(charts.outcomes_chart(record.outcomes_over_time))


@register.simple_tag
def leaderboard_chart(rows, grouping_label: str, stacked: bool = False) -> SafeString:
    """Draw the rate and interval of every group on a leaderboard page.

    The page draws it twice: labels beside the bars for wide screens, and
    ``stacked`` (labels above the bars, 310 units wide) for phones.
    """
    return mark_safe(
        charts.rate_chart(
            [_rate_row("(none)" if row.group is None else str(row.group), row) for row in rows],
            title=f"Confirmation rate by {grouping_label.lower()}, with 95% interval",
            stacked=stacked,
        )
    )


@register.simple_tag
def calibration_chart(rows) -> SafeString:
    """Draw forecast against observed rate for the credibility levels that forecast something."""
    return mark_safe(
        charts.calibration_chart(
            [
                (
                    row.credibility,
                    row.forecast,
                    row.observed_rate,
                    row.interval_low,
                    row.interval_high,
                    row.resolved,
                )
                for row in rows
                if row.forecast is not None
            ]
        )
    )


@register.simple_tag
def record_years_chart(record) -> SafeString:
    """Draw a track record's rate by publication year, raw and pooled, with intervals."""
    return mark_safe(
        charts.yearly_rate_chart(
            [
                (
                    year.year,
                    year.resolved,
                    year.rate,
                    year.low,
                    year.high,
                    year.pooled_rate,
                    year.pooled_low,
                    year.pooled_high,
                )
                for year in record.years
            ]
        )
    )


@register.simple_tag
def reliability_diagram(bins) -> SafeString:
    """Draw a reliability diagram from ``scoring.DiagramBin`` rows."""
    return mark_safe(
        charts.reliability_diagram_chart(
            [
                (b.low, b.high, b.n, b.mean_forecast, b.observed, b.band_low, b.band_high)
                for b in bins
            ]
        )
    )


@register.simple_tag
def score_trend_chart(quarters) -> SafeString:
    """Draw the Brier score by quarter from ``scoring.QuarterScores`` rows."""
    return mark_safe(
        charts.score_trend_chart([(q.label, q.n, q.brier, q.base_rate_brier) for q in quarters])
    )
