"""Hand-written SQL baselines: the fastest plain way to compute the report figures.

Each query computes, in one statement over the tables, what the app's pages
show: per-source outcome counts, the confirmation rate, the Wilson interval
(95%) and the median days to corroboration. ``LEADERBOARD_STORED`` reads the
outcome stored on each claim; ``LEADERBOARD_NORMALISED`` derives it from the
counting links and the latest verdict, as the tables would have it with no
derived column at all.
"""

Z = 1.959963984540054  # NormalDist().inv_cdf(0.975), as sources.domain.reliability uses

_WILSON = f"""
    CASE WHEN resolved > 0 THEN successes / resolved END AS confirmation_rate,
    CASE WHEN resolved > 0 THEN GREATEST(0.0,
        (successes / resolved + {Z}^2 / (2 * resolved)
         - {Z} * sqrt((successes / resolved) * (1 - successes / resolved) / resolved
                      + {Z}^2 / (4.0 * resolved * resolved)))
        / (1 + {Z}^2 / resolved)) END AS interval_low,
    CASE WHEN resolved > 0 THEN LEAST(1.0,
        (successes / resolved + {Z}^2 / (2 * resolved)
         + {Z} * sqrt((successes / resolved) * (1 - successes / resolved) / resolved
                      + {Z}^2 / (4.0 * resolved * resolved)))
        / (1 + {Z}^2 / resolved)) END AS interval_high
"""

_COUNTS = """
    count(*) AS claims,
    count(*) FILTER (WHERE o.outcome = 'pending') AS pending,
    count(*) FILTER (WHERE o.outcome = 'corroborated') AS corroborated,
    count(*) FILTER (WHERE o.outcome = 'partly_corroborated') AS partly,
    count(*) FILTER (WHERE o.outcome = 'contradicted') AS contradicted
"""

_FIGURES = f"""
figures AS (
    SELECT source_id, claims, pending, corroborated, partly, contradicted,
           (corroborated + partly + contradicted)::float AS resolved,
           (corroborated + 0.5 * partly)::float AS successes
    FROM counts
),
rated AS (
    SELECT f.*, s.codename, {_WILSON}
    FROM figures f JOIN sources_source s ON s.id = f.source_id
)
"""

# The leaderboard's first page, as the app orders it.
_FIRST_PAGE = """
SELECT source_id, codename, claims, resolved, confirmation_rate, interval_low, interval_high
FROM rated
ORDER BY interval_low DESC NULLS LAST, codename, source_id
LIMIT 50
"""

LEADERBOARD_STORED = f"""
WITH counts AS (
    SELECT a.source_id, {_COUNTS}
    FROM sources_attribution a JOIN sources_claim o ON o.id = a.claim_id
    GROUP BY a.source_id
), {_FIGURES}
{_FIRST_PAGE}"""

_NORMALISED_OUTCOMES = """
latest_verdict AS (
    SELECT DISTINCT ON (claim_id) claim_id, outcome
    FROM sources_verdict
    ORDER BY claim_id, decided_at DESC, id DESC
),
derived AS (
    SELECT c.id,
           CASE
             -- sources.domain.rules.derive_outcome: only a full corroboration disputes.
             WHEN bool_or(l.relation = 'corroborates')
                  AND bool_or(l.relation = 'contradicts') THEN 'disputed'
             WHEN bool_or(l.relation = 'contradicts') THEN 'contradicted'
             WHEN bool_or(l.relation = 'corroborates') THEN 'corroborated'
             WHEN bool_or(l.relation = 'partly_corroborates') THEN 'partly_corroborated'
             ELSE 'pending'
           END AS outcome
    FROM sources_claim c
    LEFT JOIN sources_evidencelink l ON l.claim_id = c.id AND l.is_independent
    GROUP BY c.id
),
outcomes AS (
    SELECT d.id, COALESCE(v.outcome, d.outcome) AS outcome
    FROM derived d LEFT JOIN latest_verdict v ON v.claim_id = d.id
)
"""

LEADERBOARD_NORMALISED = f"""
WITH {_NORMALISED_OUTCOMES},
counts AS (
    SELECT a.source_id, {_COUNTS}
    FROM sources_attribution a JOIN outcomes o ON o.id = a.claim_id
    GROUP BY a.source_id
), {_FIGURES}
{_FIRST_PAGE}"""

FULL_REPORT_STORED = f"""
WITH counts AS (
    SELECT a.source_id, {_COUNTS},
           percentile_cont(0.5) WITHIN GROUP (ORDER BY o.days_to_corroboration)
               AS median_days
    FROM sources_attribution a JOIN sources_claim o ON o.id = a.claim_id
    GROUP BY a.source_id
),
figures AS (
    SELECT c.*, (corroborated + partly + contradicted)::float AS resolved,
           (corroborated + 0.5 * partly)::float AS successes
    FROM counts c
),
rated AS (
    SELECT f.*, s.codename, {_WILSON}
    FROM figures f JOIN sources_source s ON s.id = f.source_id
)
SELECT json_agg(json_build_object(
    'key', source_id, 'group', codename, 'claims', claims, 'resolved', resolved,
    'pending', pending, 'corroborated', corroborated, 'partly_corroborated', partly,
    'contradicted', contradicted, 'confirmation_rate', confirmation_rate,
    'interval_low', interval_low, 'interval_high', interval_high,
    'unresolved_share', (claims - resolved) / claims,
    'median_days_to_corroboration', median_days
) ORDER BY interval_low DESC NULLS LAST, codename, source_id)::text
FROM rated
"""

ONE_SOURCE_STORED = """
SELECT count(*),
       count(*) FILTER (WHERE c.outcome = 'corroborated'),
       count(*) FILTER (WHERE c.outcome = 'partly_corroborated'),
       count(*) FILTER (WHERE c.outcome = 'contradicted'),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY c.days_to_corroboration)
FROM sources_attribution a JOIN sources_claim c ON c.id = a.claim_id
WHERE a.source_id = %s
"""
