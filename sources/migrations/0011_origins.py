"""Independent origins (issue 13): basis, networks, copies, deadlines.

Kept in this fixed place in the chain so that work on several issues can add
its operations side by side; an empty operations list is a no-op.

- ``Network`` and ``Source.network``: sources that share an upstream;
- ``Evidence.basis``: how the evidence's originator knew;
- on ``EvidenceLink``: the independence code and a fact-checker's relay confirmation;
- ``TextSignature``, ``SignatureBand`` (indexed by key) and ``CopyFlag`` with its ruling;
- on ``Claim``: ``independent_origins``, ``not_established`` and ``likely_copies``.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import sources.validators


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0010_access_policy"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Network",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text='How reasons name it, e.g. "Hyesan traders".',
                        max_length=100,
                        unique=True,
                        validators=[sources.validators.NoControlCharacters()],
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("network", "A network (traders, couriers, relatives)"),
                            ("fixer", "One fixer or go-between"),
                            ("organisation", "An organisation that briefs several outlets"),
                            ("wire", "A wire service"),
                        ],
                        default="network",
                        max_length=16,
                    ),
                ),
                (
                    "notes",
                    models.TextField(
                        blank=True,
                        validators=[
                            sources.validators.NoControlCharacters(multiline=True),
                            django.core.validators.MaxLengthValidator(2000),
                        ],
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="claim",
            name="independent_origins",
            field=models.PositiveIntegerField(
                default=0, help_text="Independent origins of its counting support (not items)."
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="likely_copies",
            field=models.PositiveIntegerField(
                default=0, help_text="Settling links flagged as likely copies, awaiting a ruling."
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="not_established",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Settling relays whose independence a fact-checker has not confirmed.",
            ),
        ),
        migrations.AddField(
            model_name="evidence",
            name="basis",
            field=models.CharField(
                choices=[
                    ("witnessed", "Witnessed it"),
                    ("documentary", "From a document or record"),
                    ("told", "Heard it from someone"),
                    ("inferred", "Inferred it"),
                    ("relayed", "Relaying another outlet or organisation"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                help_text="How its originator knew. A relay with no known upstream does not count until a fact-checker confirms it.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="evidencelink",
            name="independence",
            field=models.CharField(
                choices=[
                    ("independent", "independent"),
                    ("same_source", "same_source"),
                    ("same_article", "same_article"),
                    ("cites_claim_article", "cites_claim_article"),
                    ("same_network", "same_network"),
                    ("copy", "copy"),
                    ("likely_copy", "likely_copy"),
                    ("not_established", "not_established"),
                ],
                default="independent",
                help_text="Why it counts or not, as a code (sources.domain.origins.Reason).",
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="evidencelink",
            name="relay_confirmed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When a fact-checker confirmed the relay is independent.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="evidencelink",
            name="relay_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="evidencelink",
            name="relay_reason",
            field=models.TextField(
                blank=True,
                validators=[
                    sources.validators.NoControlCharacters(multiline=True),
                    django.core.validators.MaxLengthValidator(5000),
                ],
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="independent_origins",
            field=models.PositiveIntegerField(
                default=0, help_text="Independent origins of its counting support (not items)."
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="likely_copies",
            field=models.PositiveIntegerField(
                default=0, help_text="Settling links flagged as likely copies, awaiting a ruling."
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="not_established",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Settling relays whose independence a fact-checker has not confirmed.",
            ),
        ),
        migrations.AddField(
            model_name="historicalevidence",
            name="basis",
            field=models.CharField(
                choices=[
                    ("witnessed", "Witnessed it"),
                    ("documentary", "From a document or record"),
                    ("told", "Heard it from someone"),
                    ("inferred", "Inferred it"),
                    ("relayed", "Relaying another outlet or organisation"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                help_text="How its originator knew. A relay with no known upstream does not count until a fact-checker confirms it.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="historicalevidencelink",
            name="independence",
            field=models.CharField(
                choices=[
                    ("independent", "independent"),
                    ("same_source", "same_source"),
                    ("same_article", "same_article"),
                    ("cites_claim_article", "cites_claim_article"),
                    ("same_network", "same_network"),
                    ("copy", "copy"),
                    ("likely_copy", "likely_copy"),
                    ("not_established", "not_established"),
                ],
                default="independent",
                help_text="Why it counts or not, as a code (sources.domain.origins.Reason).",
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="historicalevidencelink",
            name="relay_confirmed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When a fact-checker confirmed the relay is independent.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalevidencelink",
            name="relay_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalevidencelink",
            name="relay_reason",
            field=models.TextField(
                blank=True,
                validators=[
                    sources.validators.NoControlCharacters(multiline=True),
                    django.core.validators.MaxLengthValidator(5000),
                ],
            ),
        ),
        migrations.CreateModel(
            name="HistoricalCopyFlag",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "score",
                    models.FloatField(help_text="Estimated Jaccard similarity of the two texts."),
                ),
                (
                    "ruling",
                    models.CharField(
                        blank=True,
                        choices=[("copy", "A copy"), ("not_copy", "Not a copy")],
                        max_length=16,
                    ),
                ),
                (
                    "reason",
                    models.TextField(
                        blank=True,
                        validators=[
                            sources.validators.NoControlCharacters(multiline=True),
                            django.core.validators.MaxLengthValidator(5000),
                        ],
                    ),
                ),
                ("ruled_at", models.DateTimeField(blank=True, null=True)),
                ("flagged_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.article",
                    ),
                ),
                (
                    "copy_of",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.article",
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
                (
                    "link",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.evidencelink",
                    ),
                ),
                (
                    "ruled_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical copy flag",
                "verbose_name_plural": "historical copy flags",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalNetwork",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        db_index=True,
                        help_text='How reasons name it, e.g. "Hyesan traders".',
                        max_length=100,
                        validators=[sources.validators.NoControlCharacters()],
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("network", "A network (traders, couriers, relatives)"),
                            ("fixer", "One fixer or go-between"),
                            ("organisation", "An organisation that briefs several outlets"),
                            ("wire", "A wire service"),
                        ],
                        default="network",
                        max_length=16,
                    ),
                ),
                (
                    "notes",
                    models.TextField(
                        blank=True,
                        validators=[
                            sources.validators.NoControlCharacters(multiline=True),
                            django.core.validators.MaxLengthValidator(2000),
                        ],
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
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
                "verbose_name": "historical network",
                "verbose_name_plural": "historical networks",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="network",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The upstream it shares with other sources; set by editors.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="sources.network",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="network",
            field=models.ForeignKey(
                blank=True,
                help_text="The upstream it shares with other sources; set by editors.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sources",
                to="sources.network",
            ),
        ),
        migrations.CreateModel(
            name="TextSignature",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("signature", models.BinaryField()),
                ("version", models.CharField(max_length=64)),
                (
                    "article",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signature",
                        to="sources.article",
                    ),
                ),
                (
                    "evidence",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signature",
                        to="sources.evidence",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SignatureBand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=24)),
                (
                    "signature",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bands",
                        to="sources.textsignature",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="CopyFlag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "score",
                    models.FloatField(help_text="Estimated Jaccard similarity of the two texts."),
                ),
                (
                    "ruling",
                    models.CharField(
                        blank=True,
                        choices=[("copy", "A copy"), ("not_copy", "Not a copy")],
                        max_length=16,
                    ),
                ),
                (
                    "reason",
                    models.TextField(
                        blank=True,
                        validators=[
                            sources.validators.NoControlCharacters(multiline=True),
                            django.core.validators.MaxLengthValidator(5000),
                        ],
                    ),
                ),
                ("ruled_at", models.DateTimeField(blank=True, null=True)),
                ("flagged_at", models.DateTimeField(auto_now_add=True)),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="copy_flags",
                        to="sources.article",
                    ),
                ),
                (
                    "copy_of",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="copied_by",
                        to="sources.article",
                    ),
                ),
                (
                    "link",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="copy_flags",
                        to="sources.evidencelink",
                    ),
                ),
                (
                    "ruled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("article__isnull", True), ("link__isnull", False)),
                            models.Q(("article__isnull", False), ("link__isnull", True)),
                            _connector="OR",
                        ),
                        name="copy_flag_on_one_text",
                    ),
                    models.UniqueConstraint(
                        fields=("link", "copy_of"), name="copy_flag_once_per_link"
                    ),
                    models.UniqueConstraint(
                        fields=("article", "copy_of"), name="copy_flag_once_per_article"
                    ),
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="textsignature",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("article__isnull", False), ("evidence__isnull", True)),
                    models.Q(("article__isnull", True), ("evidence__isnull", False)),
                    _connector="OR",
                ),
                name="signature_of_one_text",
            ),
        ),
        migrations.AddIndex(
            model_name="signatureband",
            index=models.Index(fields=["key", "signature"], name="signature_band_key"),
        ),
    ]
