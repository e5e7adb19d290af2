"""Reliability reports: outcome counts, rates, intervals and letters per group of claims.

One module per kind of report; the figures come from ``sources.domain.reliability``
so pages, exports, the API and the command agree to the digit. Who may see
what is decided by ``sources.permissions`` and the querysets of
``sources.selectors``; this package starts from those. No HTML here: charts
are drawn by template tags.
"""

from sources.reports.as_of import (
    Tally,
    check_as_of,
    rows_as_of,
)
from sources.reports.calibrations import (
    Calibration,
    CalibrationRow,
    EditorCalibration,
    ForecastRow,
    Scored,
    ScoredForecasts,
    calibration,
    calibration_export,
    forecasts_of,
)
from sources.reports.claims import (
    CLAIM_EXPORT_FIELDS,
    claim_as_dict,
    claims_figures_as_of,
    claims_report,
)
from sources.reports.downloads import (
    FORMULA_STARTS,
    csv_cell,
    write_csv,
)
from sources.reports.figures import (
    DEFAULT_SORT,
    EXPORT_FIELDS,
    GROUPING_LABELS,
    GROUPINGS,
    OUTCOMES,
    OVERRIDE_KINDS,
    SORT_KEYS,
    Figures,
    ReportRow,
    counts_of,
    outcome_count_aggregates,
    percent,
    reliability_config,
    report_today,
)
from sources.reports.leaderboards import (
    ReportPage,
    group_rows,
    normalise_sort,
    report_page,
    report_rows,
    sort_rows,
    source_sorts,
    stored_median,
)
from sources.reports.public import (
    public_descriptor_allowed,
    public_rows,
    public_track_record,
)
from sources.reports.ranges import (
    DateRange,
    check_range,
)
from sources.reports.track_records import (
    TrackRecord,
    build_record,
    record_claims,
    track_record,
)
from sources.reports.vettings import (
    VettingRecord,
    vetting_records,
)

__all__ = [
    "CLAIM_EXPORT_FIELDS",
    "Calibration",
    "CalibrationRow",
    "DEFAULT_SORT",
    "DateRange",
    "EXPORT_FIELDS",
    "EditorCalibration",
    "ForecastRow",
    "FORMULA_STARTS",
    "Figures",
    "GROUPINGS",
    "GROUPING_LABELS",
    "OUTCOMES",
    "OVERRIDE_KINDS",
    "ReportPage",
    "ReportRow",
    "SORT_KEYS",
    "Scored",
    "ScoredForecasts",
    "Tally",
    "TrackRecord",
    "VettingRecord",
    "build_record",
    "calibration",
    "calibration_export",
    "check_as_of",
    "check_range",
    "claim_as_dict",
    "claims_figures_as_of",
    "claims_report",
    "counts_of",
    "csv_cell",
    "forecasts_of",
    "group_rows",
    "normalise_sort",
    "outcome_count_aggregates",
    "percent",
    "public_descriptor_allowed",
    "public_rows",
    "public_track_record",
    "reliability_config",
    "report_page",
    "report_rows",
    "report_today",
    "rows_as_of",
    "sort_rows",
    "source_sorts",
    "stored_median",
    "record_claims",
    "track_record",
    "vetting_records",
    "write_csv",
]
