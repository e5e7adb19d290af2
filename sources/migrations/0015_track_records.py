"""Track records that cannot leak the answer (issue 13): deadlines and past vettings.

Adds each claim's check-by date (filled here for existing claims: publication
plus ``CHECK_BY_MONTHS`` calendar months, clamped to the month's end), the
rollup histograms expired claims and the origins median are read from, and
``Vetting``. Existing rollups count already-public claims in their outcome
columns until recounted: run ``manage.py verify_rollups --fix`` once after
migrating a database that has claims (a new database needs nothing).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import sources.validators
from sources.domain.origins import check_by_default


def fill_check_by(apps, schema_editor):
    """Give every existing claim its default check-by date, one UPDATE per publication day.

    PostgreSQL adds calendar months clamped to the month's end itself, in one
    statement; elsewhere the claims are updated per distinct publication date
    (a few thousand over fifteen years), each from ``origins.check_by_default``.
    """
    months = getattr(settings, "CHECK_BY_MONTHS", 24)
    Claim = apps.get_model("sources", "Claim")
    Article = apps.get_model("sources", "Article")
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "UPDATE sources_claim c SET check_by = "
                "(a.published_on + make_interval(months => %s))::date "
                "FROM sources_article a WHERE a.id = c.article_id AND c.check_by IS NULL",
                [months],
            )
        return
    days = Article.objects.filter(claims__isnull=False).values_list("published_on", flat=True)
    for day in sorted(set(days)):
        Claim.objects.filter(article__published_on=day, check_by__isnull=True).update(
            check_by=check_by_default(published_on=day, months=months)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0014_editing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="check_by",
            field=models.DateField(
                blank=True,
                help_text="Past this day and still unsettled, it is expired.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="check_by",
            field=models.DateField(
                blank=True,
                help_text="Past this day and still unsettled, it is expired.",
                null=True,
            ),
        ),
        migrations.RunPython(fill_check_by, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["outcome", "check_by"], name="claim_outcome_check_by"),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="origins_histogram",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Claims that count, per independent origins (1 or more): "
                "{origins: count}.",
            ),
        ),
        migrations.AddField(
            model_name="sourcerollup",
            name="pending_deadlines",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Pending claims per check-by date: {YYYY-MM-DD: count}.",
            ),
        ),
        migrations.CreateModel(
            name="Vetting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "descriptor",
                    models.CharField(
                        blank=True,
                        max_length=300,
                        validators=[sources.validators.NoControlCharacters()],
                    ),
                ),
                (
                    "descriptor_key",
                    models.CharField(
                        blank=True,
                        default="",
                        help_text="The descriptor's group key.",
                        max_length=300,
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "editor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="vettings",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vettings",
                        to="sources.source",
                    ),
                ),
            ],
            options={
                "ordering": ["-at", "-id"],
                "indexes": [
                    models.Index(fields=["source", "-at"], name="vetting_source_recent"),
                    models.Index(
                        fields=["descriptor_key", "-at"], name="vetting_descriptor_recent"
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("source__isnull", False),
                            models.Q(("descriptor_key", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="vetting_source_or_descriptor",
                    )
                ],
            },
        ),
    ]
