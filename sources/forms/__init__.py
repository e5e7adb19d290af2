"""The newsroom's forms, one module per page or job; the names are re-exported here."""

from sources.forms.decisions import (
    LetterOverrideForm,
    VerdictForm,
)
from sources.forms.evidence import (
    EvidenceLinkForm,
)
from sources.forms.fields import (
    ArticleNumberField,
    ArticleNumbersField,
    CodenameField,
    DateInput,
    EvidenceChoiceField,
    ReferenceChoiceField,
    ReferenceChoiceIterator,
    ReferenceMultipleChoiceField,
    ReferenceSelect,
    source_choices,
)
from sources.forms.forecasts import (
    ClaimNumberField,
    ForecastForm,
)
from sources.forms.lists import (
    LETTER_CHOICES,
    QueueFilter,
    SearchForm,
    SourceListForm,
)
from sources.forms.stories import (
    CREDIBILITY_CHOICES,
    MAX_CLAIMS,
    BaseClaimFormSet,
    ClaimForm,
    StoryForm,
    claim_formset,
)
from sources.forms.vet import (
    VetForm,
)

__all__ = [
    "ArticleNumberField",
    "ArticleNumbersField",
    "BaseClaimFormSet",
    "CREDIBILITY_CHOICES",
    "ClaimForm",
    "ClaimNumberField",
    "CodenameField",
    "DateInput",
    "EvidenceChoiceField",
    "EvidenceLinkForm",
    "ForecastForm",
    "LETTER_CHOICES",
    "LetterOverrideForm",
    "MAX_CLAIMS",
    "QueueFilter",
    "ReferenceChoiceField",
    "ReferenceChoiceIterator",
    "ReferenceMultipleChoiceField",
    "ReferenceSelect",
    "SearchForm",
    "SourceListForm",
    "StoryForm",
    "VerdictForm",
    "VetForm",
    "claim_formset",
    "source_choices",
]
