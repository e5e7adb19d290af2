"""The upload form for the import page."""

from __future__ import annotations

from django import forms

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        help_text="A JSON document (.json), a claims CSV (.csv) or a ZIP of CSV files (.zip).",
    )
    dry_run = forms.BooleanField(
        label="Dry run: check the file and show what would be created, but write nothing",
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size // (1024 * 1024)} MB; the limit is "
                f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Use manage.py import_newsroom instead."
            )
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("json", "JSON document"), ("csv", "ZIP of CSV files")])
