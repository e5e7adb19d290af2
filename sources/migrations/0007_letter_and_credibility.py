"""Name the two scales apart: "letter" for A–F, "credibility" for the intake 1–6.

Renames only: no value changes. ``GradeOverride`` becomes ``LetterOverride``,
``Claim.intake_grade`` becomes ``credibility`` (and ``graded_by``,
``assessed_by``), and ``SourceRollup.grade`` becomes ``letter``.
"""

from django.conf import settings
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0006_rollup_claims_desc"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("GradeOverride", "LetterOverride"),
        migrations.RenameModel("HistoricalGradeOverride", "HistoricalLetterOverride"),
        migrations.RemoveConstraint(model_name="claim", name="claim_intake_grade_1_to_6"),
        migrations.RenameField("claim", "intake_grade", "credibility"),
        migrations.RenameField("claim", "graded_by", "assessed_by"),
        migrations.RenameField("historicalclaim", "intake_grade", "credibility"),
        migrations.RenameField("historicalclaim", "graded_by", "assessed_by"),
        migrations.RemoveIndex(model_name="sourcerollup", name="sources_sou_grade_b7a0e2_idx"),
        migrations.RenameField("sourcerollup", "grade", "letter"),
        migrations.AlterModelOptions(
            name="historicalletteroverride",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical letter override",
                "verbose_name_plural": "historical letter overrides",
            },
        ),
        migrations.AlterField(
            model_name="claim",
            name="assessed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assessed_claims",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="sourcerollup",
            name="letter",
            field=models.CharField(
                choices=[(c, c) for c in ("A", "B", "C", "D", "E", "F")], default="F", max_length=1
            ),
        ),
        migrations.AddIndex(
            model_name="sourcerollup",
            index=models.Index(fields=["letter"], name="sources_sou_letter_a7ab50_idx"),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("credibility__gte", 1), ("credibility__lte", 6)),
                name="claim_credibility_1_to_6",
            ),
        ),
    ]
