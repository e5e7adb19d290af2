"""Every read that depends on who is looking goes through these functions.

They return querysets, so list pages, search, reports, the API and exports
filter alike. Who may see what is decided by ``sources.permissions``; these
functions turn its answers into querysets. One module per area; the names are
re-exported here so call sites read ``selectors.sources_for``.
"""

from sources.selectors.citations import (
    citation_graph,
    dependence_chains,
)
from sources.selectors.evidence import (
    EVIDENCE_OPTIONS,
    likely_evidence,
)
from sources.selectors.forecasts import (
    forecasts_for,
)
from sources.selectors.history import (
    history_for,
)
from sources.selectors.identities import (
    IDENTITY_FIELDS,
    identities_for_export,
    identity_for,
    identity_payload,
)
from sources.selectors.jobs import (
    JobProgress,
    job_get,
    job_progress,
    job_result_data,
    jobs_for,
)
from sources.selectors.letters import (
    group_exists,
    letter_overrides_for,
)
from sources.selectors.origins import (
    copy_flags_for,
    copy_flags_of_links,
    networks_for,
)
from sources.selectors.pickers import (
    PICK_LIMIT,
    article_matches,
    article_search,
    evidence_search,
)
from sources.selectors.rollups import (
    ROLLUP_COUNTS,
    rollup_counts,
)
from sources.selectors.scope import (
    access_log_for,
    articles_for,
    attributions_for,
    claims_for,
    codenames_of,
    evidence_for,
    links_for,
    public_claims,
    reporters_for,
    shared_scope,
    source_get,
    source_rollup,
    source_visible,
    sources_by_descriptor,
    sources_for,
    verdicts_for,
)
from sources.selectors.similar import (
    SimilarClaim,
    claims_like,
)
from sources.selectors.suggestions import (
    codename_suggestions,
    descriptor_suggestions,
)

__all__ = [
    "EVIDENCE_OPTIONS",
    "likely_evidence",
    "reporters_for",
    "IDENTITY_FIELDS",
    "JobProgress",
    "ROLLUP_COUNTS",
    "SimilarClaim",
    "PICK_LIMIT",
    "access_log_for",
    "article_matches",
    "article_search",
    "articles_for",
    "attributions_for",
    "citation_graph",
    "claims_for",
    "claims_like",
    "codename_suggestions",
    "dependence_chains",
    "codenames_of",
    "copy_flags_for",
    "copy_flags_of_links",
    "descriptor_suggestions",
    "evidence_for",
    "evidence_search",
    "forecasts_for",
    "group_exists",
    "history_for",
    "identities_for_export",
    "identity_for",
    "identity_payload",
    "job_get",
    "job_progress",
    "job_result_data",
    "jobs_for",
    "letter_overrides_for",
    "links_for",
    "networks_for",
    "public_claims",
    "rollup_counts",
    "shared_scope",
    "source_get",
    "source_rollup",
    "source_visible",
    "sources_by_descriptor",
    "sources_for",
    "verdicts_for",
]
