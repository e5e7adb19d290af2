"""Figures you can trust (issue 11): when a claim was first settled, and whether that predates it.

The two columns are derived data, filled here from each claim's counting
links; a claim whose days to corroboration came out negative (evidence
observed before its article) now counts 0 days.

Attributions get the key their descriptor is grouped under (case, spacing and
quotes folded), and letters recorded for a descriptor move to that key. Each
source's rollup gets the histogram of its days to corroboration, from which the
median is now kept up to date without recounting, and the number of its claims
settled by evidence older than their article; the median is re-taken, since
days that came out negative are now 0.
"""

from django.db import migrations, models
from django.db.models import Count, Min, OuterRef, Subquery

from sources.domain.reliability import median_of_counts
from sources.domain.rules import descriptor_group

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


def fill_descriptor_keys(apps, schema_editor):
    Attribution = apps.get_model("sources", "Attribution")
    printed = Attribution.objects.order_by().values_list("descriptor", flat=True).distinct()
    for descriptor in printed:
        Attribution.objects.filter(descriptor=descriptor).update(
            descriptor_key=descriptor_group(descriptor)
        )


def move_descriptor_letters(apps, schema_editor):
    """Key descriptor letters by group; of two that now share a key, keep the newer."""
    LetterOverride = apps.get_model("sources", "LetterOverride")
    kept: dict[str, int] = {}
    rows = LetterOverride.objects.filter(group_kind="descriptor").order_by("-recorded_at", "-id")
    for override in rows:
        key = descriptor_group(override.group_key)
        if key in kept:
            override.delete()
            continue
        kept[key] = override.pk
        if key != override.group_key:
            LetterOverride.objects.filter(pk=override.pk).update(group_key=key)


def fill_rollups(apps, schema_editor):
    Attribution = apps.get_model("sources", "Attribution")
    SourceRollup = apps.get_model("sources", "SourceRollup")
    histograms: dict[int, dict[str, int]] = {}
    rows = (
        Attribution.objects.filter(claim__days_to_corroboration__isnull=False)
        .order_by()
        .values_list("source_id", "claim__days_to_corroboration")
        .annotate(n=Count("pk"))
    )
    for source_id, days, n in rows:
        histograms.setdefault(source_id, {})[str(days)] = n
    settled = dict(
        Attribution.objects.filter(claim__settled_before_publication=True)
        .order_by()
        .values_list("source_id")
        .annotate(n=Count("pk"))
    )
    batch = []
    for rollup in SourceRollup.objects.order_by("pk").iterator(chunk_size=2000):
        histogram = dict(sorted(histograms.get(rollup.source_id, {}).items(), key=_days))
        rollup.days_histogram = histogram
        rollup.settled_before_publication = settled.get(rollup.source_id, 0)
        rollup.median_days = median_of_counts({int(d): n for d, n in histogram.items()})
        batch.append(rollup)
        if len(batch) == 2000:
            _save(SourceRollup, batch)
            batch = []
    _save(SourceRollup, batch)


def _days(item):
    return int(item[0])


def _save(SourceRollup, rollups):
    SourceRollup.objects.bulk_update(
        rollups, ["days_histogram", "settled_before_publication", "median_days"]
    )


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
        migrations.AddField(
            model_name="attribution",
            name="descriptor_key",
            field=models.CharField(
                default="",
                editable=False,
                help_text=(
                    "The descriptor with case, spacing and quotes folded: what reports group by."
                ),
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="historicalattribution",
            name="descriptor_key",
            field=models.CharField(
                default="",
                editable=False,
                help_text=(
                    "The descriptor with case, spacing and quotes folded: what reports group by."
                ),
                max_length=300,
            ),
        ),
        migrations.AddIndex(
            model_name="attribution",
            index=models.Index(fields=["descriptor_key"], name="attribution_descriptor_key"),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="days_histogram",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=(
                    "Claims per days to corroboration: {days: count}; the median is taken from it."
                ),
            ),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="settled_before_publication",
            field=models.PositiveIntegerField(
                default=0, help_text="Claims whose first settling evidence predates their article."
            ),
        ),
        migrations.RunPython(fill_descriptor_keys, migrations.RunPython.noop),
        migrations.RunPython(move_descriptor_letters, migrations.RunPython.noop),
        migrations.RunPython(fill_rollups, migrations.RunPython.noop),
    ]
