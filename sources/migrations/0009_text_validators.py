"""Figures you can trust (issue 11): text fields refuse NUL and control characters.

Every text, slug and key field runs ``sources.validators.NoControlCharacters``
(single-line fields refuse every control character; multi-line text may hold
tabs and line breaks), and long text fields get the length limits the forms
and the API share (``sources.domain.text``). Validators live in Python only,
so these operations change no column.
"""

import django.core.validators
from django.db import migrations, models

import sources.fields
import sources.validators


class Migration(migrations.Migration):
    dependencies = [("sources", "0008_write_path")]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='body',
            field=models.TextField(blank=True, validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(200000)]),
        ),
        migrations.AlterField(
            model_name='article',
            name='byline',
            field=models.CharField(blank=True, max_length=200, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='article',
            name='external_id',
            field=models.CharField(blank=True, max_length=100, null=True, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='article',
            name='headline',
            field=models.CharField(max_length=300, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='article',
            name='language',
            field=models.CharField(default='en', max_length=16, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='article',
            name='url',
            field=models.URLField(blank=True, max_length=500, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='attribution',
            name='descriptor',
            field=models.CharField(max_length=300, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='claim',
            name='external_id',
            field=models.CharField(blank=True, max_length=100, null=True, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='claim',
            name='text',
            field=models.TextField(validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(5000)]),
        ),
        migrations.AlterField(
            model_name='desk',
            name='name',
            field=models.CharField(max_length=100, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='desk',
            name='slug',
            field=models.SlugField(max_length=100, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='external_id',
            field=models.CharField(blank=True, max_length=100, null=True, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='summary',
            field=models.TextField(validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(5000)]),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='url',
            field=models.URLField(blank=True, max_length=500, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='evidencelink',
            name='note',
            field=models.TextField(blank=True, validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(2000)]),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='body',
            field=models.TextField(blank=True, validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(200000)]),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='byline',
            field=models.CharField(blank=True, max_length=200, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='external_id',
            field=models.CharField(blank=True, db_index=True, max_length=100, null=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='headline',
            field=models.CharField(max_length=300, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='language',
            field=models.CharField(default='en', max_length=16, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='url',
            field=models.URLField(blank=True, max_length=500, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalattribution',
            name='descriptor',
            field=models.CharField(max_length=300, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalclaim',
            name='external_id',
            field=models.CharField(blank=True, db_index=True, max_length=100, null=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalclaim',
            name='text',
            field=models.TextField(validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(5000)]),
        ),
        migrations.AlterField(
            model_name='historicalevidence',
            name='external_id',
            field=models.CharField(blank=True, db_index=True, max_length=100, null=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalevidence',
            name='summary',
            field=models.TextField(validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(5000)]),
        ),
        migrations.AlterField(
            model_name='historicalevidence',
            name='url',
            field=models.URLField(blank=True, max_length=500, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalevidencelink',
            name='note',
            field=models.TextField(blank=True, validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(2000)]),
        ),
        migrations.AlterField(
            model_name='historicalletteroverride',
            name='group_key',
            field=models.CharField(max_length=300, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalletteroverride',
            name='reason',
            field=models.TextField(validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(5000)]),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='codename',
            field=models.CharField(db_index=True, max_length=100, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='descriptor',
            field=models.CharField(help_text='How stories describe this source, e.g. "a source in Ryanggang Province".', max_length=300, validators=[sources.validators.NoControlCharacters()], verbose_name='default published descriptor'),
        ),
        migrations.AlterField(
            model_name='historicalverdict',
            name='original_label',
            field=models.CharField(blank=True, help_text='The label an imported rating used, kept as given.', max_length=50, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='historicalverdict',
            name='reason',
            field=models.TextField(validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(5000)]),
        ),
        migrations.AlterField(
            model_name='identityaccesslog',
            name='reason',
            field=models.TextField(blank=True, validators=[sources.validators.NoControlCharacters(multiline=True)]),
        ),
        migrations.AlterField(
            model_name='letteroverride',
            name='group_key',
            field=models.CharField(max_length=300, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='letteroverride',
            name='reason',
            field=models.TextField(validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(5000)]),
        ),
        migrations.AlterField(
            model_name='outlet',
            name='homepage',
            field=models.URLField(blank=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='outlet',
            name='name',
            field=models.CharField(max_length=200, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='outlet',
            name='slug',
            field=models.SlugField(max_length=100, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='quantity',
            name='label',
            field=models.CharField(blank=True, help_text='e.g. "purchase price"', max_length=100, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='quantity',
            name='unit',
            field=models.CharField(max_length=50, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='region',
            name='name',
            field=models.CharField(max_length=100, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='region',
            name='slug',
            field=models.SlugField(max_length=100, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='source',
            name='codename',
            field=models.CharField(max_length=100, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='source',
            name='descriptor',
            field=models.CharField(help_text='How stories describe this source, e.g. "a source in Ryanggang Province".', max_length=300, validators=[sources.validators.NoControlCharacters()], verbose_name='default published descriptor'),
        ),
        migrations.AlterField(
            model_name='sourceidentity',
            name='contact',
            field=sources.fields.EncryptedTextField(blank=True, validators=[sources.validators.NoControlCharacters(), django.core.validators.MaxLengthValidator(500)], verbose_name='contact channel'),
        ),
        migrations.AlterField(
            model_name='sourceidentity',
            name='meeting_notes',
            field=sources.fields.EncryptedTextField(blank=True, validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(20000)]),
        ),
        migrations.AlterField(
            model_name='sourceidentity',
            name='real_name',
            field=sources.fields.EncryptedTextField(blank=True, validators=[sources.validators.NoControlCharacters(), django.core.validators.MaxLengthValidator(500)]),
        ),
        migrations.AlterField(
            model_name='topic',
            name='name',
            field=models.CharField(max_length=100, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='topic',
            name='slug',
            field=models.SlugField(max_length=100, unique=True, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='verdict',
            name='original_label',
            field=models.CharField(blank=True, help_text='The label an imported rating used, kept as given.', max_length=50, validators=[sources.validators.NoControlCharacters()]),
        ),
        migrations.AlterField(
            model_name='verdict',
            name='reason',
            field=models.TextField(validators=[sources.validators.NoControlCharacters(multiline=True), django.core.validators.MaxLengthValidator(5000)]),
        ),
    ]
