"""Keep the rest of a source's track record on its rollup.

The leaderboard used to read every corroborated claim of the sources on the
page for their median days to corroboration (318 of 524 ms at 1M claims), and
the card of a source with 50,000 claims counted its claims three times (0.9 s
at 1M claims).
The rollup now also holds the median, the link totals and the outcomes per
year (see docs/performance.md). The data step fills them for rollups that
already exist, from the same rows ``services.rollup_counts`` reads.
"""

from statistics import median

from django.db import migrations, models
from django.db.models.functions import ExtractYear

LINK_TOTALS = ("corroborating_links", "contradicting_links", "dependent_links")


def fill_rollups(apps, schema_editor):
    Attribution = apps.get_model("sources", "Attribution")
    SourceRollup = apps.get_model("sources", "SourceRollup")
    found: dict[int, dict] = {}
    rows = (
        Attribution.objects.order_by()
        .annotate(year=ExtractYear("claim__article__published_on"))
        .values_list(
            "source_id",
            "year",
            "claim__outcome",
            "claim__days_to_corroboration",
            *(f"claim__{name}" for name in LINK_TOTALS),
        )
    )
    for source_id, year, outcome, days, *links in rows.iterator(chunk_size=10_000):
        entry = found.setdefault(
            source_id, {"by_year": {}, "days": [], "links": [0] * len(LINK_TOTALS)}
        )
        counts = entry["by_year"].setdefault(str(year), {})
        counts[outcome] = counts.get(outcome, 0) + 1
        if days is not None:
            entry["days"].append(days)
        entry["links"] = [total + (n or 0) for total, n in zip(entry["links"], links, strict=True)]
    rollups = [rollup for rollup in SourceRollup.objects.all() if rollup.source_id in found]
    for rollup in rollups:
        entry = found[rollup.source_id]
        rollup.by_year = entry["by_year"]
        rollup.median_days = median(entry["days"]) if entry["days"] else None
        for name, total in zip(LINK_TOTALS, entry["links"], strict=True):
            setattr(rollup, name, total)
    SourceRollup.objects.bulk_update(
        rollups, ["by_year", "median_days", *LINK_TOTALS], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0004_claim_text_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="sourcerollup",
            name="median_days",
            field=models.FloatField(
                blank=True,
                help_text="Median days from publication to first corroboration.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="corroborating_links",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="contradicting_links",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="dependent_links",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="by_year",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Claims per publication year and outcome: {year: {outcome: count}}.",
            ),
        ),
        migrations.RunPython(fill_rollups, migrations.RunPython.noop),
    ]
