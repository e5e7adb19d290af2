"""Figures you can trust (issue 11): when a claim was first settled, and whether that predates it.

The two columns are derived data, filled here from each claim's counting
links; a claim whose days to corroboration came out negative (evidence
observed before its article) now counts 0 days.
"""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery

SETTLING = ("corroborates", "partly_corroborates", "contradicts")


def fill(apps, schema_editor):
    Claim = apps.get_model("sources", "Claim")
    EvidenceLink = apps.get_model("sources", "EvidenceLink")
    first = (
        EvidenceLink.objects.filter(
            claim_id=OuterRef("pk"), is_independent=True, relation__in=SETTLING
        )
        .order_by()
        .values("claim_id")
        .annotate(first=Min("evidence__observed_on"))
        .values("first")
    )
    Claim.objects.update(first_settled_on=Subquery(first))
    Claim.objects.filter(
        first_settled_on__isnull=False,
        first_settled_on__lt=models.F("article__published_on"),
    ).update(settled_before_publication=True)
    Claim.objects.filter(days_to_corroboration__lt=0).update(days_to_corroboration=0)


class Migration(migrations.Migration):
    dependencies = [("sources", "0007_letter_and_credibility")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="first_settled_on",
            field=models.DateField(
                blank=True,
                help_text="When the first counting evidence that settles it was seen.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="settled_before_publication",
            field=models.BooleanField(
                default=False, help_text="Its first settling evidence predates its article."
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="first_settled_on",
            field=models.DateField(
                blank=True,
                help_text="When the first counting evidence that settles it was seen.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="settled_before_publication",
            field=models.BooleanField(
                default=False, help_text="Its first settling evidence predates its article."
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
