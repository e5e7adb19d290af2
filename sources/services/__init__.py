"""Every write to the claim–evidence domain goes through these functions.

Each one is keyword-only and atomic, and keeps the derived data (link
independence, claim outcomes and source rollups) current in the same
transaction as the change that moves it. One module per area; the names are
re-exported here so call sites read ``services.claim_file``.
"""

from sources.services.articles import (
    ARTICLE_FIELDS,
    NewArticle,
    article_cite,
    article_create,
    article_delete,
    article_refresh,
    article_uncite,
    article_update,
    articles_create_many,
    outlet_get_or_create,
)
from sources.services.citations import (
    citations_change,
    outside_article_record,
)
from sources.services.claims import (
    CLAIM_FIELDS,
    AttributionSpec,
    ClaimSpec,
    NewClaim,
    QuantitySpec,
    attribution_add,
    attribution_build,
    attribution_remove,
    attribution_update,
    claim_check_by,
    claim_delete,
    claim_file,
    claim_update,
    claims_file_many,
    new_claim_check,
    story_file,
)
from sources.services.common import (
    model_update,
    save_clean,
    stamp_actor,
)
from sources.services.copies import (
    copies_apply,
    copies_plan_articles,
    copies_plan_links,
    copy_flag_ensure,
    copy_rule,
    signatures_write_many,
)
from sources.services.corrections import (
    claim_assign,
    claim_retract,
)
from sources.services.derived import (
    CLAIM_DERIVED_FIELDS,
    LINK_DERIVED_FIELDS,
    ROLLUP_FIELDS,
    claims_lock,
    claims_recompute,
    claims_snapshot,
    rollup_from_counts,
    rollups_batched,
    rollups_refresh,
)
from sources.services.errors import Conflict, VerdictConflict
from sources.services.evidence import (
    EVIDENCE_FIELDS,
    evidence_delete,
    evidence_link,
    evidence_record,
    evidence_record_and_link,
    evidence_unlink,
    evidence_update,
    link_relay_confirm,
    link_update,
)
from sources.services.external_ids import (
    external_ids_assign,
)
from sources.services.forecasts import (
    forecast_record,
)
from sources.services.history import (
    claim_history_topics,
)
from sources.services.identities import (
    KeyRotation,
    identity_access_record,
    identity_access_record_many,
    identity_keys_rotate,
    identity_update,
)
from sources.services.jobs import (
    job_create,
    job_fail,
    job_finish,
    job_progress,
    job_retry,
    job_start,
)
from sources.services.letters import (
    letter_override_delete,
    letter_override_record,
)
from sources.services.networks import (
    NETWORK_FIELDS,
    claims_touching,
    network_create,
    network_delete,
    network_members_set,
    network_update,
    source_network_set,
)
from sources.services.pooling import (
    POOLED_FIELDS,
    FitSummary,
    pooling_fit,
    rollups_pool,
    rollups_repool,
)
from sources.services.references import (
    desk_get_or_create,
    reference_get_or_create,
    references_create_many,
)
from sources.services.sources import (
    SOURCE_FIELDS,
    NewSource,
    source_burn,
    source_create,
    source_delete,
    source_update,
    sources_create_many,
)
from sources.services.submissions import (
    submission_claim,
    submission_land,
    submitted_once,
)
from sources.services.verdicts import (
    VerdictSpec,
    verdict_decide,
    verdicts_record_many,
)
from sources.services.vettings import (
    vetting_record,
)

__all__ = [
    "desk_get_or_create",
    "reference_get_or_create",
    "references_create_many",
    "ARTICLE_FIELDS",
    "AttributionSpec",
    "CLAIM_DERIVED_FIELDS",
    "CLAIM_FIELDS",
    "ClaimSpec",
    "Conflict",
    "EVIDENCE_FIELDS",
    "FitSummary",
    "KeyRotation",
    "LINK_DERIVED_FIELDS",
    "NETWORK_FIELDS",
    "NewArticle",
    "NewClaim",
    "NewSource",
    "POOLED_FIELDS",
    "QuantitySpec",
    "ROLLUP_FIELDS",
    "SOURCE_FIELDS",
    "VerdictConflict",
    "VerdictSpec",
    "article_cite",
    "article_create",
    "article_delete",
    "article_refresh",
    "article_uncite",
    "article_update",
    "articles_create_many",
    "attribution_add",
    "attribution_build",
    "attribution_remove",
    "attribution_update",
    "claim_check_by",
    "citations_change",
    "claim_assign",
    "claim_delete",
    "claim_file",
    "claim_retract",
    "claim_history_topics",
    "claim_update",
    "claims_file_many",
    "claims_lock",
    "claims_recompute",
    "claims_snapshot",
    "claims_touching",
    "copies_apply",
    "copies_plan_articles",
    "copies_plan_links",
    "copy_flag_ensure",
    "copy_rule",
    "evidence_delete",
    "evidence_link",
    "evidence_record",
    "evidence_record_and_link",
    "evidence_unlink",
    "evidence_update",
    "external_ids_assign",
    "forecast_record",
    "identity_access_record",
    "identity_access_record_many",
    "identity_keys_rotate",
    "identity_update",
    "job_create",
    "job_fail",
    "job_finish",
    "job_progress",
    "job_retry",
    "job_start",
    "letter_override_delete",
    "letter_override_record",
    "link_relay_confirm",
    "link_update",
    "model_update",
    "network_create",
    "network_delete",
    "network_members_set",
    "network_update",
    "new_claim_check",
    "outlet_get_or_create",
    "outside_article_record",
    "pooling_fit",
    "rollup_from_counts",
    "rollups_batched",
    "rollups_pool",
    "rollups_refresh",
    "rollups_repool",
    "save_clean",
    "signatures_write_many",
    "source_burn",
    "source_create",
    "source_delete",
    "source_network_set",
    "source_update",
    "sources_create_many",
    "stamp_actor",
    "story_file",
    "submission_claim",
    "submission_land",
    "submitted_once",
    "verdict_decide",
    "verdicts_record_many",
    "vetting_record",
]
