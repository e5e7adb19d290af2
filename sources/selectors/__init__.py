"""Every read that depends on who is looking goes through these functions.

They return querysets, so list pages, search, reports, the API and exports
filter alike. Who may see what is decided by ``sources.permissions``; these
functions turn its answers into querysets. One module per area; the names are
re-exported here so call sites read ``selectors.sources_for``.
"""

from sources.selectors.evidence import (
    EVIDENCE_OPTIONS,
    likely_evidence,
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
from sources.selectors.letters import (
    group_exists,
    letter_overrides_for,
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
from sources.selectors.suggestions import (
    codename_suggestions,
    descriptor_suggestions,
)

__all__ = [
    "EVIDENCE_OPTIONS",
    "likely_evidence",
    "reporters_for",
    "IDENTITY_FIELDS",
    "ROLLUP_COUNTS",
    "access_log_for",
    "articles_for",
    "attributions_for",
    "claims_for",
    "codename_suggestions",
    "codenames_of",
    "descriptor_suggestions",
    "evidence_for",
    "group_exists",
    "history_for",
    "identities_for_export",
    "identity_for",
    "identity_payload",
    "letter_overrides_for",
    "links_for",
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
