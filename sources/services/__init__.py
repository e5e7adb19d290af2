"""Every write to the claim–evidence domain goes through these functions.

Each one is keyword-only and atomic, and keeps the derived data (link
independence, claim outcomes and source rollups) current in the same
transaction as the change that moves it. One module per area; the names are
re-exported here so call sites read ``services.claim_file``.
"""

from sources.services.articles import (
    article_cite,
    article_create,
    article_refresh,
    outlet_get_or_create,
)
from sources.services.claims import (
    AttributionSpec,
    ClaimSpec,
    QuantitySpec,
    attribution_add,
    attribution_remove,
    claim_delete,
    claim_file,
    story_file,
)
from sources.services.common import (
    save_clean,
    stamp_actor,
)
from sources.services.derived import (
    CLAIM_DERIVED_FIELDS,
    ROLLUP_FIELDS,
    claims_recompute,
    rollup_from_counts,
    rollups_refresh,
)
from sources.services.errors import Conflict, VerdictConflict
from sources.services.evidence import (
    evidence_link,
    evidence_record,
    evidence_record_and_link,
    evidence_unlink,
)
from sources.services.external_ids import (
    external_ids_assign,
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
from sources.services.letters import (
    letter_override_record,
)
from sources.services.sources import (
    source_burn,
    source_create,
)
from sources.services.verdicts import (
    VerdictSpec,
    verdict_decide,
    verdicts_record_many,
)

__all__ = [
    "Conflict",
    "AttributionSpec",
    "CLAIM_DERIVED_FIELDS",
    "ClaimSpec",
    "KeyRotation",
    "QuantitySpec",
    "ROLLUP_FIELDS",
    "VerdictConflict",
    "VerdictSpec",
    "article_cite",
    "article_create",
    "article_refresh",
    "attribution_add",
    "attribution_remove",
    "claim_delete",
    "claim_file",
    "claim_history_topics",
    "claims_recompute",
    "evidence_link",
    "evidence_record",
    "evidence_record_and_link",
    "evidence_unlink",
    "external_ids_assign",
    "identity_access_record",
    "identity_access_record_many",
    "identity_keys_rotate",
    "identity_update",
    "letter_override_record",
    "outlet_get_or_create",
    "rollup_from_counts",
    "rollups_refresh",
    "save_clean",
    "source_burn",
    "source_create",
    "stamp_actor",
    "story_file",
    "verdict_decide",
    "verdicts_record_many",
]
