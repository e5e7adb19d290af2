"""Background jobs (issue 15): the Job row that imports, exports and recounts run under.

Kept in this fixed place in the chain so that work on several issues can add
its operations side by side.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import sources.validators


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0012_pooling"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Job",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        max_length=64, validators=[sources.validators.NoControlCharacters()]
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("running", "Running"),
                            ("succeeded", "Finished"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=16,
                    ),
                ),
                (
                    "params",
                    models.JSONField(
                        blank=True, default=dict, help_text="What the kind needs to run."
                    ),
                ),
                (
                    "input_name",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        validators=[sources.validators.NoControlCharacters()],
                    ),
                ),
                ("input_data", models.BinaryField(blank=True, null=True)),
                ("done", models.PositiveIntegerField(default=0)),
                ("total", models.PositiveIntegerField(blank=True, null=True)),
                ("log", models.TextField(blank=True)),
                ("summary", models.TextField(blank=True)),
                ("result", models.JSONField(blank=True, default=dict)),
                (
                    "result_name",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        validators=[sources.validators.NoControlCharacters()],
                    ),
                ),
                (
                    "result_type",
                    models.CharField(
                        blank=True,
                        max_length=100,
                        validators=[sources.validators.NoControlCharacters()],
                    ),
                ),
                ("result_data", models.BinaryField(blank=True, null=True)),
                ("error", models.TextField(blank=True)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("worker", models.CharField(blank=True, max_length=200)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("heartbeat_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="ledger_jobs",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
                    models.Index(fields=["created_by", "-created_at"], name="job_owner_recent"),
                ],
            },
        ),
    ]
