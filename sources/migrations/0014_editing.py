"""Correct the record in the app (issue 16): assignments and submission tokens.

Kept in this fixed place in the chain so that work on several issues can add
its operations side by side. ``Claim.assigned_to`` (with its history column)
is the fact-checker an editor asked to check a claim; quantities get a
history, so a corrected figure shows who changed it and why; ``SubmitToken``
makes a repeated submit of one form land once.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import sources.validators


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0013_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                help_text="The fact-checker an editor asked to check it (services.claim_assign).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assigned_claims",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The fact-checker an editor asked to check it (services.claim_assign).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="HistoricalQuantity",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("value", models.DecimalField(decimal_places=4, max_digits=20)),
                (
                    "unit",
                    models.CharField(
                        max_length=50, validators=[sources.validators.NoControlCharacters()]
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        blank=True,
                        help_text='e.g. "purchase price"',
                        max_length=100,
                        validators=[sources.validators.NoControlCharacters()],
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                        max_length=1,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.claim",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical quantity",
                "verbose_name_plural": "historical quantities",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="SubmitToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        max_length=64,
                        unique=True,
                        validators=[sources.validators.NoControlCharacters()],
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        max_length=32, validators=[sources.validators.NoControlCharacters()]
                    ),
                ),
                (
                    "object_id",
                    models.PositiveBigIntegerField(
                        blank=True,
                        help_text="What the submit filed: an article, a link.",
                        null=True,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["created_at"], name="submit_token_created")],
            },
        ),
    ]
