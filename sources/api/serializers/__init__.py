"""The API's serializers, one module per area; the names are re-exported here."""

from sources.api.serializers.claimreview import (
    CLAIM_REVIEW_SCHEMA,
    ClaimReviewSerializer,
    ClaimReviewSerializerExtension,
)
from sources.api.serializers.claims import (
    AttributionInputSerializer,
    AttributionSerializer,
    ClaimFileSerializer,
    ClaimSerializer,
    QuantityInputSerializer,
    QuantitySerializer,
)
from sources.api.serializers.common import (
    ScopedPrimaryKeyRelatedField,
    StaffNamesMixin,
    visible_source,
)
from sources.api.serializers.decisions import (
    LetterOverrideSerializer,
    VerdictConflictSerializer,
    VerdictDecideSerializer,
    VerdictSerializer,
)
from sources.api.serializers.evidence import (
    CopyFlagSerializer,
    CopyRuleSerializer,
    EvidenceLinkInputSerializer,
    EvidenceLinkSerializer,
    EvidenceRecordSerializer,
    EvidenceSerializer,
    RelayConfirmSerializer,
)
from sources.api.serializers.forecasts import (
    ForecastRecordSerializer,
    ForecastSerializer,
)
from sources.api.serializers.references import (
    ArticleSerializer,
    HandlerField,
    SourceRecordSerializer,
    SourceSerializer,
)
from sources.api.serializers.reports import (
    REPORT_SORTS,
    ReportPageSerializer,
    ReportQuerySerializer,
    ReportRowSerializer,
)

__all__ = [
    "ArticleSerializer",
    "AttributionInputSerializer",
    "AttributionSerializer",
    "CLAIM_REVIEW_SCHEMA",
    "ClaimFileSerializer",
    "ClaimReviewSerializer",
    "ClaimReviewSerializerExtension",
    "ClaimSerializer",
    "CopyFlagSerializer",
    "CopyRuleSerializer",
    "EvidenceLinkInputSerializer",
    "EvidenceLinkSerializer",
    "EvidenceRecordSerializer",
    "EvidenceSerializer",
    "ForecastRecordSerializer",
    "ForecastSerializer",
    "HandlerField",
    "LetterOverrideSerializer",
    "QuantityInputSerializer",
    "QuantitySerializer",
    "REPORT_SORTS",
    "RelayConfirmSerializer",
    "ReportPageSerializer",
    "ReportQuerySerializer",
    "ReportRowSerializer",
    "ScopedPrimaryKeyRelatedField",
    "SourceRecordSerializer",
    "SourceSerializer",
    "StaffNamesMixin",
    "VerdictConflictSerializer",
    "VerdictDecideSerializer",
    "VerdictSerializer",
    "visible_source",
]
