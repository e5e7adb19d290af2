"""Estimates that learn (issue 14): pooled estimates and editors' forecasts.

Kept in this fixed place in the chain so that work on several issues can add
its operations side by side.

- ``PoolingFit`` and ``PoolingGroup``: the stored priors of the pooled estimates;
- the pooled figures on ``SourceRollup``, empty until the first fit;
- ``Forecast``: an editor's probability that a claim will be confirmed, append-only.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0011_origins"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PoolingFit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fitted_at", models.DateTimeField()),
                (
                    "reference_date",
                    models.DateField(help_text="The day outcome ages are counted to."),
                ),
                ("settings_hash", models.CharField(max_length=64)),
                ("half_life_months", models.FloatField(blank=True, null=True)),
                (
                    "sources",
                    models.PositiveIntegerField(
                        default=0, help_text="Sources with a resolved claim."
                    ),
                ),
                ("seconds", models.FloatField(default=0.0, help_text="How long the fit took.")),
                ("priors", models.JSONField(blank=True, default=dict)),
            ],
            options={"ordering": ["-fitted_at", "-id"]},
        ),
        migrations.CreateModel(
            name="PoolingGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        help_text='"descriptor:<key>" or "region:<slug>".', max_length=320
                    ),
                ),
                ("alpha", models.FloatField()),
                ("beta", models.FloatField()),
                (
                    "outlet",
                    models.CharField(
                        blank=True,
                        help_text="The outlet it borrows from; empty for none.",
                        max_length=100,
                    ),
                ),
                ("label", models.CharField(max_length=400)),
                (
                    "fit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="groups",
                        to="sources.poolingfit",
                    ),
                ),
            ],
            options={
                "ordering": ["fit", "key"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("fit", "key"), name="pooling_group_once_per_fit"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Forecast",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "percent",
                    models.PositiveSmallIntegerField(
                        help_text="The probability, 0–100%, that the claim will be confirmed."
                    ),
                ),
                ("made_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="forecasts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="forecasts",
                        to="sources.claim",
                    ),
                ),
            ],
            options={
                "ordering": ["-made_at", "-id"],
                "indexes": [models.Index(fields=["claim", "author"], name="forecast_claim_author")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("percent__lte", 100)), name="forecast_percent_0_100"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="pooled_rate",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="pooled_low",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="pooled_high",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="pooled_toward",
            field=models.CharField(
                blank=True, help_text="The group the pooled estimate borrows from.", max_length=400
            ),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="pooled_prior_alpha",
            field=models.FloatField(
                blank=True, help_text="α of the prior borrowed from (for rates by year).", null=True
            ),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="pooled_prior_beta",
            field=models.FloatField(
                blank=True, help_text="β of the prior borrowed from (for rates by year).", null=True
            ),
        ),
        migrations.AddIndex(
            model_name="sourcerollup",
            index=models.Index(fields=["pooled_low"], name="rollup_pooled_low"),
        ),
    ]
